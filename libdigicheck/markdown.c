/*
 * markdown.c -- reports as Markdown: per draft, its principles with their
 * state and findings, the Vorprüfung and the questions, for people to read
 * and to print; a rule between drafts.
 */
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "report.h"
#include "questions.h"
#include "render.h"

static const char *severity_de(const digicheck_finding *f)
{
    return f->severity == DIGICHECK_SEVERITY_ERROR ? "Fehler"
         : f->severity == DIGICHECK_SEVERITY_WARNING ? "Warnung" : "Hinweis";
}

/* An id of the rule set between backticks or in a table: escaped, as
 * every field (ids are words without spaces but may hold any other byte). */
static void md_id(dci_buf *b, const char *id)
{
    dci_buf_escape(b, id, strlen(id), DCI_ESC_LINE);
}

static void md_finding(dci_buf *b, const digicheck_finding *f)
{
    const dci_rule *adv = dci_finding_advice(f);
    const dci_finding_more *m = dci_finding_more_of(f);
    size_t i;

    dci_buf_puts(b, "- **");
    dci_buf_markdown(b, f->path && *f->path ? f->path : "Entwurf");
    dci_buf_printf(b, "** (Zeile %ld, Spalte %ld) – %s: ", (long)f->line, (long)f->column,
                   severity_de(f));
    dci_buf_markdown(b, f->message);
    if (f->rule) {
        dci_buf_puts(b, " (Regel `");
        md_id(b, f->rule->id);
        dci_buf_puts(b, "`)");
    }
    dci_buf_putc(b, '\n');
    if (f->excerpt && *f->excerpt) {
        dci_buf_puts(b, "  > ");
        dci_buf_markdown(b, f->excerpt);
        dci_buf_putc(b, '\n');
    }
    if (dci_finding_suggestion(f)) {
        dci_buf_puts(b, "\n  Vorschlag: ");
        dci_buf_markdown(b, dci_finding_suggestion(f));
        dci_buf_putc(b, '\n');
    }
    if (m->jreason) {
        dci_buf_puts(b, "\n  **Begründung** (Befund akzeptiert");
        if (m->jby) {
            dci_buf_puts(b, " von ");
            dci_buf_markdown(b, m->jby);
        }
        dci_buf_puts(b, "): ");
        dci_buf_markdown(b, m->jreason);
        dci_buf_putc(b, '\n');
    }
    if (adv && adv->nreferences) {
        dci_buf_puts(b, "\n  Rechtsgrundlagen: ");
        for (i = 0; i < adv->nreferences; i++) {
            if (i)
                dci_buf_puts(b, "; ");
            dci_buf_markdown(b, adv->references[i]);
        }
        dci_buf_putc(b, '\n');
    }
}

static const char *status_de(int status)
{
    return dci_label(&dci_statuses, status);
}

static const char *verdict_de(int v)
{
    return dci_label(&dci_verdicts, v);
}

static void md_vorpruefung(dci_buf *b, const digicheck_report *r)
{
    dci_buf_printf(b, "\n## Vorprüfung\n\nDigitalbezug: %s. Interoperabilität: %s. "
                      "EU-Bezug: %s.\n", verdict_de(r->vp.result),
                   verdict_de(r->vp.interoperability), verdict_de(r->vp.eu));
    if (r->vp.contradiction)
        dci_buf_puts(b, "\nWiderspruch in den Angaben: ein Datenaustausch ist verneint, ein "
                        "Austausch mit Verwaltungen anderer EU-Mitgliedstaaten bejaht.\n");
}

static void md_questions(dci_buf *b, const digicheck_report *r)
{
    size_t i;

    if (!r->nquestions)
        return;
    dci_buf_puts(b, "\n## Fragen\n\n");
    for (i = 0; i < r->nquestions; i++) {
        const dci_question *q = &r->questions[i];
        dci_buf_puts(b, "- `");
        md_id(b, q->rule->id);
        dci_buf_puts(b, "` (");
        md_id(b, q->rule->principle);
        dci_buf_puts(b, "): ");
        dci_buf_markdown(b, q->rule->message);
        if (q->answer)
            dci_buf_printf(b, " – Antwort: %s", dci_answer_de(q->answer));
        else if (!q->applicable)
            dci_buf_puts(b, " – trifft nicht zu");
        else
            dci_buf_puts(b, " – **offen**");
        if (q->suggested && q->nevidence) {
            dci_buf_printf(b, "; der Text deutet auf „%s“ (", dci_answer_de(q->suggested));
            dci_buf_markdown(b, q->evidence[0].path);
            dci_buf_printf(b, ", Zeile %ld)", q->evidence[0].line);
        }
        dci_buf_putc(b, '\n');
    }
}

/* The documentation of one draft; o is not read. */
void dci_md_report(digicheck_output *o, dci_buf *b, const digicheck_report *r)
{
    const digicheck_ruleset *rs = r->rs;
    size_t p, i, sev[4] = {0, 0, 0, 0}, ndiag = 0, nf, no;
    size_t nopen = dci_report_open_questions(r);

    (void)o;
    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        if (f->kind == DCI_KIND_DIAGNOSTIC)
            ndiag++;
        else if (f->kind != DCI_KIND_IMPROVEMENT && f->severity >= 1 && f->severity <= 3)
            sev[f->severity]++;     /* a barrier an amendment removes is listed, not counted */
    }
    dci_buf_puts(b, "# Digitalcheck: ");
    dci_buf_markdown(b, r->file);
    dci_buf_puts(b, "\n\nRegelwerk: ");
    dci_buf_markdown(b, rs->title);
    dci_buf_puts(b, " (`");
    md_id(b, rs->id);
    dci_buf_putc(b, '`');
    if (rs->version) {
        dci_buf_puts(b, ", Version ");
        dci_buf_markdown(b, rs->version);
    }
    dci_buf_printf(b, "). Befunde: %zu (Fehler: %zu, Warnungen: %zu, Hinweise: %zu). "
                      "Offene Fragen: %zu.",
                   sev[1] + sev[2] + sev[3], sev[DIGICHECK_SEVERITY_ERROR],
                   sev[DIGICHECK_SEVERITY_WARNING], sev[DIGICHECK_SEVERITY_INFO], nopen);
    if (dci_report_justified(r))
        dci_buf_printf(b, " Mit Begründung akzeptiert: %zu.", dci_report_justified(r));
    dci_buf_puts(b, "\n\n");
    dci_buf_puts(b, "| Prinzip | Status | Befunde | Offene Fragen |\n|---|---|---:|---:|\n");
    for (p = 0; p < rs->nprinciples; p++) {
        int status = dci_report_principle(r, p, &nf, &no);
        dci_buf_puts(b, "| ");
        md_id(b, rs->principles[p].id);
        dci_buf_putc(b, ' ');
        dci_buf_markdown(b, rs->principles[p].title);
        dci_buf_printf(b, " | %s | %zu | %zu |\n", status_de(status), nf, no);
    }
    md_vorpruefung(b, r);
    for (p = 0; p < rs->nprinciples; p++) {
        dci_buf_puts(b, "\n## ");
        md_id(b, rs->principles[p].id);
        dci_buf_putc(b, ' ');
        dci_buf_markdown(b, rs->principles[p].title);
        dci_buf_puts(b, "\n\n");
        dci_report_principle(r, p, &nf, &no);
        if (!nf) {
            dci_buf_puts(b, "Keine Befunde.");
            if (no)
                dci_buf_printf(b, " Offene Fragen: %zu (unter „Fragen“).", no);
            dci_buf_putc(b, '\n');
            continue;
        }
        for (i = 0; i < r->nfindings; i++) {
            const digicheck_finding *f = &r->findings[i];
            if (f->rule && f->kind != DCI_KIND_DIAGNOSTIC && f->rule->principle_index == p)
                md_finding(b, f);
        }
    }
    md_questions(b, r);
    if (ndiag) {
        dci_buf_puts(b, "\n## Hinweise zur Prüfung\n\n"
                        "Diese Regeln konnten nicht vollständig ausgewertet werden:\n\n");
        for (i = 0; i < r->nfindings; i++)
            if (r->findings[i].kind == DCI_KIND_DIAGNOSTIC)
                md_finding(b, &r->findings[i]);
    }
}

/* A document of several files separates their Markdown by a rule. */
void dci_md_rule(digicheck_output *o, dci_buf *b)
{
    if (o->nfiles > 1)
        dci_buf_puts(b, "\n---\n\n");
}

/* Why a draft has no documentation; o is not read. */
void dci_md_error(digicheck_output *o, dci_buf *b, const char *file,
                     const digicheck_error *e)
{
    (void)o;
    dci_buf_puts(b, "# Digitalcheck: ");
    dci_buf_markdown(b, file);
    dci_buf_puts(b, "\n\nDer Entwurf konnte nicht geprüft werden");
    if (e->line > 0)
        dci_buf_printf(b, " (Zeile %ld, Spalte %ld)", e->line, e->column);
    dci_buf_puts(b, ": ");
    dci_buf_markdown(b, e->message);
    dci_buf_putc(b, '\n');
}

