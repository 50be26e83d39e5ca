/*
 * render.c -- reports as documents: text (the grep/compiler form), JSON in
 * the shape DESIGN.md §6 fixes (keys may be added, never renamed), JSONL,
 * SARIF 2.1.0 and Markdown (the per-principle documentation of a draft).
 * It owns digicheck_output, the table of formats and the public
 * digicheck_output_* and digicheck_report_render() functions.
 *
 * A document may hold many reports and files that could not be checked.
 * It is written as a stream (digicheck_output): a head, one piece per report
 * or failed file, a tail, so that a batch of thousands of drafts is never
 * held in memory at once. What only the end can say (the JSON summary, the
 * SARIF notifications of failed files) is counted or kept small on the way.
 * Each format is one row of `formats`: its head, the separator before a
 * file's piece, the piece of a report or of a failed file, and its tail; the
 * stream counts and dispatches, it never asks which format it writes.
 * digicheck_report_render() is the one-report case of the same stream.
 */
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "report.h"

struct format;

struct digicheck_output {
    const digicheck_ruleset *rs;    /* a reference is held */
    const struct format *fmt;       /* the row of DIGICHECK_OUTPUT_* in formats */
    int started;                    /* the head is written */
    int finished;                   /* the tail is delivered: no more pieces */
    size_t nitems;                  /* JSON files / SARIF results written so far */
    size_t nfiles, nerrors, nfindings, sev[4];
    dci_buf notes;                  /* SARIF: notifications of failed files */
};

/* ---- pieces shared by the formats --------------------------------------------- */

/* The separator before the next item of the JSON or SARIF array. */
static void next_item(digicheck_output *o, dci_buf *b)
{
    dci_buf_puts(b, o->nitems++ ? ",\n" : "\n");
}

/* Closes the array that next_item() fills, its last item on a line of its own. */
static void close_items(const digicheck_output *o, dci_buf *b)
{
    dci_buf_puts(b, o->nitems ? "\n]" : "]");
}

/* Does the finding say where in the draft's structure it is (§, Absatz, Satz)? */
static int has_path(const digicheck_finding *f)
{
    return f->path && *f->path;
}

/* ---- JSON pieces ------------------------------------------------------------ */

/* Does the finding carry its rule's advice (suggestion, references)? A
 * diagnostic is about the rule, not about the draft. */
static const dci_rule *advice_of(const digicheck_finding *f)
{
    return f->kind == DCI_KIND_DIAGNOSTIC ? NULL : f->rule;
}

static void finding_json(dci_buf *b, const digicheck_finding *f)
{
    const dci_rule *rule = f->rule, *adv = advice_of(f);

    dci_buf_putc(b, '{');
    dci_json_key(b, "rule");
    dci_json_str(b, rule ? rule->id : NULL);
    dci_json_member(b, "principle", rule ? rule->principle : NULL);
    dci_json_member(b, "category", rule ? rule->category : NULL);
    dci_json_member(b, "severity", dci_severity_name(f->severity));
    dci_json_member(b, "kind", dci_kind_name(f->kind));
    dci_json_member(b, "message", f->message);
    dci_json_member(b, "suggestion", dci_finding_suggestion(f));
    dci_buf_puts(b, ",\"references\":");
    dci_json_str_array(b, adv ? adv->references : NULL, adv ? adv->nreferences : 0);
    dci_json_member(b, "path", f->path);
    if (f->target_path)         /* new wording of an amendment: what it amends */
        dci_json_member(b, "target_path", f->target_path);
    dci_buf_printf(b, ",\"line\":%ld,\"column\":%ld,\"end_line\":%ld,\"end_column\":%ld",
                   f->line, f->column, f->end_line, f->end_column);
    dci_buf_printf(b, ",\"offset\":%zu,\"length\":%zu", f->offset, f->length);
    dci_json_member(b, "excerpt", f->excerpt);
    dci_json_member(b, "match", f->match);
    if (f->eid) {               /* LegalDocML.de drafts */
        dci_json_member(b, "eid", f->eid);
        dci_buf_printf(b, ",\"eid_offset\":%ld", f->eid_offset);
    }
    dci_buf_putc(b, '}');
}

static void principles_json(dci_buf *b, const digicheck_report *r)
{
    const digicheck_ruleset *rs = r->rs;
    size_t p, nf, no;

    dci_buf_putc(b, '{');
    for (p = 0; p < rs->nprinciples; p++) {
        int status = dci_report_principle(r, p, &nf, &no);
        if (p)
            dci_buf_putc(b, ',');
        dci_json_key(b, rs->principles[p].id);
        dci_buf_putc(b, '{');
        dci_json_key(b, "title");
        dci_json_str(b, rs->principles[p].title);
        dci_json_member(b, "status", dci_name(&dci_statuses, status));
        dci_buf_printf(b, ",\"findings\":%zu,\"open_questions\":%zu}", nf, no);
    }
    dci_buf_putc(b, '}');
}

static void vorpruefung_json(dci_buf *b, const digicheck_report *r)
{
    dci_buf_puts(b, "{\"result\":");
    dci_json_str(b, dci_name(&dci_verdicts, r->vp.result));
    dci_json_member(b, "interoperability", dci_name(&dci_verdicts, r->vp.interoperability));
    dci_json_member(b, "eu_bezug", dci_name(&dci_verdicts, r->vp.eu));
    dci_buf_printf(b, ",\"contradiction\":%s}", r->vp.contradiction ? "true" : "false");
}

static void questions_json(dci_buf *b, const digicheck_report *r)
{
    size_t i, j;

    dci_buf_putc(b, '[');
    for (i = 0; i < r->nquestions; i++) {
        const dci_question *q = &r->questions[i];
        dci_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
        dci_json_str(b, q->rule->id);
        dci_json_member(b, "stage", dci_name(&dci_stages, q->rule->stage));
        dci_json_member(b, "principle", q->rule->principle);
        dci_json_member(b, "text", q->rule->message);
        dci_json_member(b, "answer", q->answer);
        dci_buf_printf(b, ",\"applicable\":%s", q->applicable ? "true" : "false");
        dci_json_member(b, "suggested", q->suggested);
        dci_buf_puts(b, ",\"answers\":");
        dci_json_str_array(b, q->rule->answers, q->rule->nanswers);
        dci_buf_puts(b, ",\"evidence\":[");
        for (j = 0; j < q->nevidence; j++) {
            const dci_evidence *e = &q->evidence[j];
            dci_buf_puts(b, j ? ",{\"path\":" : "{\"path\":");
            dci_json_str(b, e->path);
            dci_buf_printf(b, ",\"line\":%ld,\"column\":%ld,\"offset\":%zu", e->line,
                           e->column, e->offset);
            dci_json_member(b, "excerpt", e->excerpt);
            dci_buf_putc(b, '}');
        }
        dci_buf_puts(b, "]}");
    }
    dci_buf_putc(b, ']');
}

/* Opens a file object of the JSON forms, checked or not, up to its findings. */
static void file_open_json(dci_buf *b, const char *file)
{
    dci_buf_putc(b, '{');
    dci_json_key(b, "file");
    dci_json_str(b, file);
    dci_buf_puts(b, ",\"findings\":[");
}

/* One file object of the JSON and JSONL forms; their pieces keep no state,
 * o is not read. */
static void json_report(digicheck_output *o, dci_buf *b, const digicheck_report *r)
{
    size_t i;

    (void)o;
    file_open_json(b, r->file);
    for (i = 0; i < r->nfindings; i++) {
        if (i)
            dci_buf_putc(b, ',');
        finding_json(b, &r->findings[i]);
    }
    dci_buf_puts(b, "],\"principles\":");
    principles_json(b, r);
    dci_buf_puts(b, ",\"vorpruefung\":");
    vorpruefung_json(b, r);
    dci_buf_puts(b, ",\"questions\":");
    questions_json(b, r);
    dci_buf_putc(b, '}');
}

static void json_error(digicheck_output *o, dci_buf *b, const char *file,
                       const digicheck_error *e)
{
    (void)o;
    file_open_json(b, file);
    dci_buf_printf(b, "],\"error_code\":%d,\"error_line\":%ld,\"error_column\":%ld", e->code,
                   e->line, e->column);
    dci_json_member(b, "error", e->message);
    dci_buf_putc(b, '}');
}

static void json_head(digicheck_output *o, dci_buf *b)
{
    (void)o;
    dci_buf_puts(b, "{\"version\":1,\"files\":[");
}

static void json_tail(digicheck_output *o, dci_buf *b)
{
    close_items(o, b);
    dci_buf_printf(b,
                   ",\"summary\":{\"files\":%zu,\"findings\":%zu,\"errors\":%zu,"
                   "\"by_severity\":{\"info\":%zu,\"warning\":%zu,\"error\":%zu}}}\n",
                   o->nfiles, o->nfindings, o->nerrors, o->sev[DIGICHECK_SEVERITY_INFO],
                   o->sev[DIGICHECK_SEVERITY_WARNING], o->sev[DIGICHECK_SEVERITY_ERROR]);
}

/* ---- text ------------------------------------------------------------------ */

/* Appends s with every line break and tab read as a space: one finding is
 * one line of the text form, whatever the rule's message holds. */
static void one_line(dci_buf *out, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\r\n\t");
        dci_buf_append(out, s, n);
        s += n;
        if (*s) {
            dci_buf_putc(out, ' ');
            s++;
        }
    }
}

/* The text form keeps no state between pieces: o is not read. */
static void text_report(digicheck_output *o, dci_buf *out, const digicheck_report *r)
{
    size_t i;

    (void)o;
    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        dci_buf_printf(out, "%s:%ld:%ld: %s: ", r->file, f->line, f->column,
                       dci_severity_name(f->severity));
        one_line(out, f->message);
        if (f->rule)
            dci_buf_printf(out, " [%s]", f->rule->id);
        if (has_path(f))
            dci_buf_printf(out, " (%s)", f->path);
        dci_buf_putc(out, '\n');
    }
}

static void text_error(digicheck_output *o, dci_buf *out, const char *file,
                       const digicheck_error *e)
{
    (void)o;
    if (e->line > 0)
        dci_buf_printf(out, "%s:%ld:%ld: error: ", file, e->line, e->column);
    else
        dci_buf_printf(out, "%s: error: ", file);
    one_line(out, e->message);
    dci_buf_putc(out, '\n');
}

/* ---- SARIF 2.1.0 ------------------------------------------------------------- */

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static const char *sarif_level(int severity)
{
    return severity == DIGICHECK_SEVERITY_ERROR ? "error"
         : severity == DIGICHECK_SEVERITY_WARNING ? "warning" : "note";
}

/* A file name as a URI reference: unreserved characters and "/" stay,
 * everything else is percent-encoded (UTF-8 bytes one by one); an absolute
 * path becomes a file: URI. */
static void uri(dci_buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    dci_buf u = {0};
    const unsigned char *p;

    if (path[0] == '/')
        dci_buf_puts(&u, "file://");
    for (p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            dci_buf_putc(&u, (char)*p);
        } else {
            dci_buf_putc(&u, '%');
            dci_buf_putc(&u, hex[*p >> 4]);
            dci_buf_putc(&u, hex[*p & 15]);
        }
    }
    if (u.oom)
        b->oom = 1;
    else
        dci_buf_json_string(b, u.data, u.len);
    dci_buf_free(&u);
}

/* The first sentence of a message, for a rule's short description. */
static void first_sentence(dci_buf *b, const char *s)
{
    const char *end = strstr(s, ". ");

    dci_buf_json_string(b, s, end ? (size_t)(end - s) + 1 : strlen(s));
}

/* Opens the locations of a result or a notification, up to its region. */
static void sarif_locations(dci_buf *b, const char *file)
{
    dci_buf_puts(b, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
    uri(b, file);
    dci_buf_putc(b, '}');
}

static void sarif_rule(dci_buf *b, const dci_rule *rule)
{
    dci_buf_puts(b, "{\"id\":");
    dci_json_str(b, rule->id);
    dci_buf_puts(b, ",\"shortDescription\":{\"text\":");
    first_sentence(b, rule->message);
    dci_buf_puts(b, "},\"fullDescription\":{\"text\":");
    dci_json_str(b, rule->message);
    dci_buf_puts(b, "},\"help\":{\"text\":");
    dci_json_str(b, rule->suggestion ? rule->suggestion : rule->message);
    dci_buf_printf(b, "},\"defaultConfiguration\":{\"level\":\"%s\"}",
                   sarif_level(rule->severity));
    dci_buf_puts(b, ",\"properties\":{\"principle\":");
    dci_json_str(b, rule->principle);
    dci_json_member(b, "category", rule->category);
    dci_buf_puts(b, ",\"references\":");
    dci_json_str_array(b, rule->references, rule->nreferences);
    dci_buf_puts(b, ",\"tags\":");
    dci_json_str_array(b, rule->tags, rule->ntags);
    dci_buf_puts(b, "}}");
}

static void sarif_head(digicheck_output *o, dci_buf *b)
{
    const digicheck_ruleset *rs = o->rs;
    size_t i;

    dci_buf_puts(b, "{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{");
    dci_buf_puts(b, "\"tool\":{\"driver\":{\"name\":\"digicheck\",\"version\":\""
                    DIGICHECK_VERSION_STRING "\",\"semanticVersion\":\""
                    DIGICHECK_VERSION_STRING "\",\"rules\":[");
    for (i = 0; i < rs->nrules; i++) {
        dci_buf_puts(b, i ? ",\n" : "\n");
        sarif_rule(b, &rs->rules[i]);
    }
    dci_buf_puts(b, "],\"properties\":{\"ruleset\":");
    dci_json_str(b, rs->id);
    dci_json_member(b, "rulesetVersion", rs->version);
    dci_buf_puts(b, "}}},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
}

static void sarif_result(dci_buf *b, const digicheck_report *r, const digicheck_finding *f)
{
    long end_column = f->length ? f->end_column + 1 : f->column;   /* exclusive in SARIF */

    dci_buf_puts(b, "{\"ruleId\":");
    dci_json_str(b, f->rule ? f->rule->id : "digicheck");
    if (f->rule)
        dci_buf_printf(b, ",\"ruleIndex\":%zu", (size_t)(f->rule - r->rs->rules));
    dci_buf_printf(b, ",\"level\":\"%s\",\"message\":{\"text\":", sarif_level(f->severity));
    dci_json_str(b, f->message);
    dci_buf_putc(b, '}');
    sarif_locations(b, r->file);
    dci_buf_printf(b, ",\"region\":{\"startLine\":%ld,\"startColumn\":%ld,\"endLine\":%ld,"
                   "\"endColumn\":%ld,\"byteOffset\":%zu,\"byteLength\":%zu",
                   f->line, f->column, f->end_line, end_column, f->offset, f->length);
    if (f->length && f->match) {
        dci_buf_puts(b, ",\"snippet\":{\"text\":");
        dci_json_str(b, f->match);
        dci_buf_putc(b, '}');
    }
    dci_buf_puts(b, "}}");
    if (has_path(f) || f->eid) {
        dci_buf_puts(b, ",\"logicalLocations\":[");
        if (has_path(f)) {
            dci_buf_puts(b, "{\"fullyQualifiedName\":");
            dci_json_str(b, f->path);
            dci_buf_putc(b, '}');
        }
        if (f->eid) {           /* the element of a LegalDocML.de draft */
            dci_buf_puts(b, has_path(f) ? ",{\"name\":" : "{\"name\":");
            dci_json_str(b, f->eid);
            dci_buf_printf(b, ",\"kind\":\"element\",\"properties\":{\"offset\":%ld}}",
                           f->eid_offset);
        }
        dci_buf_putc(b, ']');
    }
    dci_buf_puts(b, "}],\"properties\":{\"kind\":");
    dci_json_str(b, dci_kind_name(f->kind));
    dci_json_member(b, "principle", f->rule ? f->rule->principle : NULL);
    dci_json_member(b, "category", f->rule ? f->rule->category : NULL);
    dci_json_member(b, "path", f->path);
    if (f->target_path)
        dci_json_member(b, "target_path", f->target_path);
    dci_json_member(b, "excerpt", f->excerpt);
    if (dci_finding_suggestion(f))
        dci_json_member(b, "suggestion", dci_finding_suggestion(f));
    dci_buf_puts(b, "}}");
}

static void sarif_note(dci_buf *b, const char *file, const digicheck_error *e)
{
    dci_buf_puts(b, "{\"level\":\"error\",\"message\":{\"text\":");
    dci_json_str(b, e->message);
    dci_buf_putc(b, '}');
    sarif_locations(b, file);
    if (e->line > 0)
        dci_buf_printf(b, ",\"region\":{\"startLine\":%ld,\"startColumn\":%ld}", e->line,
                       e->column > 0 ? e->column : 1);
    dci_buf_printf(b, "}}],\"properties\":{\"code\":%d}}", e->code);
}

/* A report is a result per finding; the run has one array of results. */
static void sarif_report(digicheck_output *o, dci_buf *b, const digicheck_report *r)
{
    size_t i;

    for (i = 0; i < r->nfindings; i++) {
        next_item(o, b);
        sarif_result(b, r, &r->findings[i]);
    }
}

/* A failed file is a notification of the run's invocation, which comes after
 * the results: it waits in o->notes for the tail. */
static void sarif_error(digicheck_output *o, dci_buf *b, const char *file,
                        const digicheck_error *e)
{
    if (o->notes.len)
        dci_buf_putc(&o->notes, ',');
    sarif_note(&o->notes, file, e);
    if (o->notes.oom)
        b->oom = 1;
}

static void sarif_tail(digicheck_output *o, dci_buf *b)
{
    close_items(o, b);
    dci_buf_printf(b, ",\"invocations\":[{\"executionSuccessful\":%s,"
                   "\"toolExecutionNotifications\":[", o->nerrors ? "false" : "true");
    dci_buf_append(b, o->notes.data ? o->notes.data : "", o->notes.len);
    dci_buf_puts(b, "]}]}]}\n");
}

/* ---- Markdown ----------------------------------------------------------------- */

static const char *severity_de(const digicheck_finding *f)
{
    return f->kind == DCI_KIND_QUESTION ? "offene Frage"
         : f->severity == DIGICHECK_SEVERITY_ERROR ? "Fehler"
         : f->severity == DIGICHECK_SEVERITY_WARNING ? "Warnung" : "Hinweis";
}

static void md_finding(dci_buf *b, const digicheck_finding *f)
{
    const dci_rule *adv = advice_of(f);
    size_t i;

    dci_buf_puts(b, "- **");
    dci_buf_markdown(b, f->path && *f->path ? f->path : "Entwurf");
    dci_buf_printf(b, "** (Zeile %ld, Spalte %ld) – %s: ", f->line, f->column,
                   severity_de(f));
    dci_buf_markdown(b, f->message);
    if (f->rule) {
        dci_buf_puts(b, " (Regel `");
        dci_buf_puts(b, f->rule->id);
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

/* A canonical answer in German; one of a question's own as it is. */
static const char *answer_de(const char *a)
{
    int v;

    return dci_name_value(&dci_answers, a, &v) == 0 ? dci_label(&dci_answers, v) : a;
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
        dci_buf_printf(b, "- `%s` (%s): ", q->rule->id, q->rule->principle);
        dci_buf_markdown(b, q->rule->message);
        if (q->answer)
            dci_buf_printf(b, " – Antwort: %s", answer_de(q->answer));
        else if (!q->applicable)
            dci_buf_puts(b, " – trifft nicht zu");
        else
            dci_buf_puts(b, " – **offen**");
        if (q->suggested && q->nevidence) {
            dci_buf_printf(b, "; der Text deutet auf „%s“ (", answer_de(q->suggested));
            dci_buf_markdown(b, q->evidence[0].path);
            dci_buf_printf(b, ", Zeile %ld)", q->evidence[0].line);
        }
        dci_buf_putc(b, '\n');
    }
}

/* The documentation of one draft; o is not read. */
static void md_report(digicheck_output *o, dci_buf *b, const digicheck_report *r)
{
    const digicheck_ruleset *rs = r->rs;
    size_t p, i, sev[4] = {0, 0, 0, 0}, ndiag = 0, nopen = 0, nf, no;

    (void)o;
    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        if (f->kind == DCI_KIND_DIAGNOSTIC)
            ndiag++;
        else if (f->kind == DCI_KIND_QUESTION)
            nopen++;
        else if (f->severity >= 1 && f->severity <= 3)
            sev[f->severity]++;
    }
    dci_buf_puts(b, "# Digitalcheck: ");
    dci_buf_markdown(b, r->file);
    dci_buf_puts(b, "\n\nRegelwerk: ");
    dci_buf_markdown(b, rs->title);
    dci_buf_puts(b, " (`");
    dci_buf_puts(b, rs->id);
    dci_buf_putc(b, '`');
    if (rs->version) {
        dci_buf_puts(b, ", Version ");
        dci_buf_markdown(b, rs->version);
    }
    dci_buf_printf(b, "). Befunde: %zu (Fehler: %zu, Warnungen: %zu, Hinweise: %zu). "
                      "Offene Fragen: %zu.\n\n",
                   sev[1] + sev[2] + sev[3], sev[DIGICHECK_SEVERITY_ERROR],
                   sev[DIGICHECK_SEVERITY_WARNING], sev[DIGICHECK_SEVERITY_INFO], nopen);
    dci_buf_puts(b, "| Prinzip | Status | Befunde | Offene Fragen |\n|---|---|---:|---:|\n");
    for (p = 0; p < rs->nprinciples; p++) {
        int status = dci_report_principle(r, p, &nf, &no);
        dci_buf_printf(b, "| %s ", rs->principles[p].id);
        dci_buf_markdown(b, rs->principles[p].title);
        dci_buf_printf(b, " | %s | %zu | %zu |\n", status_de(status), nf, no);
    }
    md_vorpruefung(b, r);
    for (p = 0; p < rs->nprinciples; p++) {
        dci_buf_printf(b, "\n## %s ", rs->principles[p].id);
        dci_buf_markdown(b, rs->principles[p].title);
        dci_buf_puts(b, "\n\n");
        dci_report_principle(r, p, &nf, &no);
        if (!nf && !no) {
            dci_buf_puts(b, "Keine Befunde.\n");
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
static void md_rule(digicheck_output *o, dci_buf *b)
{
    if (o->nfiles > 1)
        dci_buf_puts(b, "\n---\n\n");
}

/* Why a draft has no documentation; o is not read. */
static void md_error(digicheck_output *o, dci_buf *b, const char *file,
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

/* ---- the formats ---------------------------------------------------------------- */

/*
 * What a format writes: at the head of the document (before the first piece,
 * or before the tail of an empty document), before each file's piece (the
 * separator from the piece before), the piece of a checked report or of a
 * file that could not be checked, and at the tail. A NULL function writes
 * nothing. The stream counts a piece's file, findings and error before it
 * writes the piece, so the piece reads the counts with itself included.
 */
struct format {
    void (*head)(digicheck_output *o, dci_buf *b);
    void (*before)(digicheck_output *o, dci_buf *b);
    void (*report)(digicheck_output *o, dci_buf *b, const digicheck_report *r);
    void (*error)(digicheck_output *o, dci_buf *b, const char *file, const digicheck_error *e);
    void (*tail)(digicheck_output *o, dci_buf *b);
    int lines;                      /* each file's piece ends its line (JSONL) */
};

/* Indexed by DIGICHECK_OUTPUT_*; a value without a row is no format. */
static const struct format formats[] = {
    [DIGICHECK_OUTPUT_TEXT]     = { .report = text_report, .error = text_error },
    [DIGICHECK_OUTPUT_JSON]     = { .head = json_head, .before = next_item, .report = json_report,
                                    .error = json_error, .tail = json_tail },
    [DIGICHECK_OUTPUT_SARIF]    = { .head = sarif_head, .report = sarif_report,
                                    .error = sarif_error, .tail = sarif_tail },
    [DIGICHECK_OUTPUT_MARKDOWN] = { .before = md_rule, .report = md_report, .error = md_error },
    [DIGICHECK_OUTPUT_JSONL]    = { .report = json_report, .error = json_error, .lines = 1 },
};

/* ---- the stream ----------------------------------------------------------------- */

static void head(digicheck_output *o, dci_buf *b)
{
    if (o->started)
        return;
    o->started = 1;
    if (o->fmt->head)
        o->fmt->head(o, b);
}

/* The frame of a file's piece, checked or not: the separator from the piece
 * before, and the end of its line in a form of one piece a line. */
static void before(digicheck_output *o, dci_buf *b)
{
    if (o->fmt->before)
        o->fmt->before(o, b);
}

static void after(const digicheck_output *o, dci_buf *b)
{
    if (o->fmt->lines)
        dci_buf_putc(b, '\n');
}

static void put_report(digicheck_output *o, dci_buf *b, const digicheck_report *r)
{
    size_t i;

    head(o, b);
    o->nfiles++;
    for (i = 0; i < r->nfindings; i++) {
        int s = r->findings[i].severity;
        o->nfindings++;
        if (s >= 1 && s <= 3)
            o->sev[s]++;
    }
    before(o, b);
    o->fmt->report(o, b, r);
    after(o, b);
}

static void put_error(digicheck_output *o, dci_buf *b, const char *file,
                      const digicheck_error *e)
{
    head(o, b);
    o->nfiles++;
    o->nerrors++;
    before(o, b);
    o->fmt->error(o, b, file, e);
    after(o, b);
}

static void put_tail(digicheck_output *o, dci_buf *b)
{
    head(o, b);
    if (o->fmt->tail)
        o->fmt->tail(o, b);
}

/* A stream that writes format `output` of documents checked with rs. */
static void output_init(digicheck_output *o, const digicheck_ruleset *rs, int output)
{
    memset(o, 0, sizeof *o);
    o->rs = rs;
    o->fmt = &formats[output];
}

/* Hands the buffer to the caller as *text (an empty piece is ""). */
static int deliver(dci_buf *b, char **text, size_t *len, digicheck_error *err)
{
    *text = dci_buf_detach(b, len);
    return *text ? DIGICHECK_OK
                 : dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory rendering a report");
}

static int valid_output(int output, digicheck_error *err)
{
    if (output < 0 || (size_t)output >= sizeof formats / sizeof formats[0] ||
        !formats[output].report)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0,
                         "argument 'output' is %d, not a DIGICHECK_OUTPUT_* value", output);
    return DIGICHECK_OK;
}

/* Clears a text out-parameter (named `name` in the message) and its length. */
static int clear_text(char **text, size_t *len, const char *name, digicheck_error *err)
{
    if (text)
        *text = NULL;
    if (len)
        *len = 0;
    if (!text)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument '%s' is NULL", name);
    return DIGICHECK_OK;
}

/* Clears the out-parameters and checks the ones every piece needs. */
static int begin_piece(const digicheck_output *o, char **text, size_t *len,
                       digicheck_error *err)
{
    int rc = clear_text(text, len, "text", err);

    if (rc)
        return rc;
    if (!o)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'o' is NULL");
    if (o->finished)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0,
                         "the output is finished; start the next document with "
                         "digicheck_output_new()");
    return DIGICHECK_OK;
}

int digicheck_output_new(digicheck_output **out, const digicheck_ruleset *rs, int output,
                         digicheck_error *err)
{
    digicheck_output *o;
    int rc;

    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'out' is NULL");
    *out = NULL;
    if (!rs)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'rs' is NULL");
    if ((rc = valid_output(output, err)))
        return rc;
    o = dci_malloc(sizeof *o);
    if (!o)
        return dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory creating an output");
    output_init(o, rs, output);
    dci_ruleset_ref(rs);
    *out = o;
    return DIGICHECK_OK;
}

int digicheck_output_add(digicheck_output *o, const digicheck_report *r, char **text,
                         size_t *len, digicheck_error *err)
{
    dci_buf b = {0};
    int rc = begin_piece(o, text, len, err);

    if (rc)
        return rc;
    if (!r)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'r' is NULL");
    if (r->rs != o->rs)
        return dci_error(err, DIGICHECK_EINVAL, r->file, 0, 0,
                         "argument 'r' was checked with another rule set than the output's");
    put_report(o, &b, r);
    return deliver(&b, text, len, err);
}

int digicheck_output_add_error(digicheck_output *o, const char *file,
                               const digicheck_error *error, char **text, size_t *len,
                               digicheck_error *err)
{
    dci_buf b = {0};
    int rc = begin_piece(o, text, len, err);

    if (rc)
        return rc;
    if (!file)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'file' is NULL");
    if (!error)
        return dci_error(err, DIGICHECK_EINVAL, file, 0, 0, "argument 'error' is NULL");
    put_error(o, &b, file, error);
    return deliver(&b, text, len, err);
}

int digicheck_output_finish(digicheck_output *o, char **text, size_t *len,
                            digicheck_error *err)
{
    dci_buf b = {0};
    int rc = begin_piece(o, text, len, err);

    if (rc)
        return rc;
    put_tail(o, &b);
    if ((rc = deliver(&b, text, len, err)) == DIGICHECK_OK)
        o->finished = 1;
    return rc;
}

void digicheck_output_free(digicheck_output *o)
{
    if (!o)
        return;
    dci_buf_free(&o->notes);
    dci_ruleset_unref(o->rs);
    dci_free(o);
}

int digicheck_report_render(const digicheck_report *r, int output, char **out, size_t *len,
                            digicheck_error *err)
{
    digicheck_output o;
    dci_buf b = {0};
    int rc;

    if ((rc = clear_text(out, len, "out", err)))
        return rc;
    if (!r)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'r' is NULL");
    if ((rc = valid_output(output, err)))
        return rc;
    /* the stream, on the stack: the report holds the rule set alive */
    output_init(&o, r->rs, output);
    put_report(&o, &b, r);
    put_tail(&o, &b);
    dci_buf_free(&o.notes);
    return deliver(&b, out, len, err);
}
