/*
 * render.h -- reports as documents. render.c owns the stream
 * (digicheck_output), the table of formats, and the text and JSON forms;
 * sarif.c writes SARIF 2.1.0 and markdown.c the Markdown documentation,
 * each as the functions of its row in the table.
 */
#ifndef DCI_RENDER_H
#define DCI_RENDER_H

#include "dci.h"
#include "ruleset.h"
#include "report.h"
#include "questions.h"

struct format;

/* A document being written. render.c counts (every field but notes). */
struct digicheck_output {
    const digicheck_ruleset *rs;    /* a reference is held */
    const struct format *fmt;       /* the row of DIGICHECK_OUTPUT_* in formats */
    int started;                    /* the head is written */
    int finished;                   /* the tail is delivered: no more pieces */
    size_t nitems;                  /* JSON files / SARIF results written so far */
    size_t nfiles, nerrors, nfindings, nopen, njustified, sev[4];
    int show_justified;             /* text: DIGICHECK_OUTPUT_SHOW_JUSTIFIED */
    size_t max_results;             /* SARIF: results kept at most (0: all) */
    size_t ncut;                    /* … and those left out (sarif.c) */
    dci_buf notes;                  /* SARIF: notifications of failed files (sarif.c) */
    digicheck_write_fn write;       /* digicheck_output_write: where parts go, else NULL */
    void *ctx;                      /* … its argument */
    int write_failed;               /* … and it returned nonzero */
};

/* ---- pieces the formats share (inline: the formats do not call back) ------ */

/* The separator before the next item of the JSON or SARIF array. */
static inline void dci_render_next_item(digicheck_output *o, dci_buf *b)
{
    dci_buf_puts(b, o->nitems++ ? ",\n" : "\n");
}

/* Closes the array that dci_render_next_item() fills, its last item on a
 * line of its own. */
static inline void dci_render_close_items(const digicheck_output *o, dci_buf *b)
{
    dci_buf_puts(b, o->nitems ? "\n]" : "]");
}

/* Does the finding say where in the draft's structure it is (§, Absatz, Satz)? */
static inline int dci_finding_has_path(const digicheck_finding *f)
{
    return f->path && *f->path;
}

/* The rule whose advice (suggestion, references) a finding carries: none
 * for a diagnostic, which is about the rule, not about the draft. */
static inline const dci_rule *dci_finding_advice(const digicheck_finding *f)
{
    return f->kind == DCI_KIND_DIAGNOSTIC ? NULL : f->rule;
}

/* A canonical answer in German; one of a question's own as it is. */
static inline const char *dci_answer_de(const char *a)
{
    int v;

    return dci_name_value(&dci_answers, a, &v) == 0 ? dci_label(&dci_answers, v) : a;
}

/* ---- sarif.c --------------------------------------------------------------- */

void dci_sarif_head(digicheck_output *o, dci_buf *b);
void dci_sarif_report(digicheck_output *o, dci_buf *b, const digicheck_report *r);
void dci_sarif_error(digicheck_output *o, dci_buf *b, const char *file,
                     const digicheck_error *e);
void dci_sarif_tail(digicheck_output *o, dci_buf *b);

/* ---- markdown.c ------------------------------------------------------------ */

void dci_md_rule(digicheck_output *o, dci_buf *b);
void dci_md_report(digicheck_output *o, dci_buf *b, const digicheck_report *r);
void dci_md_error(digicheck_output *o, dci_buf *b, const char *file, const digicheck_error *e);

#endif /* DCI_RENDER_H */
