/*
 * render.c -- reports as documents: text (the grep/compiler form), JSON in
 * the shape DESIGN.md §6 fixes (keys may be added, never renamed), JSONL,
 * SARIF 2.1.0 (sarif.c) and Markdown (markdown.c, the per-principle
 * documentation of a draft). It owns digicheck_output, the table of formats,
 * the text and JSON forms, and the public digicheck_output_* and
 * digicheck_report_render() functions.
 *
 * A document may hold many reports and files that could not be checked.
 * It is written as a stream (digicheck_output): a head, one piece per report
 * or failed file, a tail, so that a batch of thousands of drafts is never
 * held in memory at once. What only the end can say (the JSON summary, the
 * SARIF notifications of failed files) is counted or kept small on the way.
 * Each format is one row of `formats`: its head, the separator before a
 * file's piece, the piece of a report or of a failed file, and its tail; the
 * stream counts and dispatches, it never asks which format it writes.
 * digicheck_report_render() is the one-report case of the same stream, and
 * digicheck_output_write() hands a report's piece on in parts as the
 * formats make it (spill), for reports of many findings.
 */
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "report.h"
#include "questions.h"
#include "document.h"
#include "render.h"

/* Bytes a piece being written (digicheck_output_write) holds at most
 * before they are handed on, give or take a finding. */
#define SPILL_BYTES ((size_t)64 << 10)

/* Hands what b holds of a piece to the caller's write function, once it is
 * worth a call: the formats call it between findings, so that a report of
 * many findings is never held whole. Without a write function (a piece
 * returned as a string) it does nothing. */
static void spill(digicheck_output *o, dci_buf *b)
{
    if (!o->write || b->oom || b->len < SPILL_BYTES)
        return;
    if (!o->write_failed && o->write(o->ctx, b->data, b->len) != 0)
        o->write_failed = 1;
    b->len = 0;
    b->data[0] = '\0';
}

/* ---- JSON pieces ------------------------------------------------------------ */

static void finding_json(dci_buf *b, const digicheck_finding *f)
{
    const dci_rule *rule = f->rule, *adv = dci_finding_advice(f);
    const dci_finding_more *m = dci_finding_more_of(f);

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
    if (m->target_path)         /* new wording of an amendment: what it amends */
        dci_json_member(b, "target_path", m->target_path);
    dci_buf_printf(b, ",\"line\":%ld,\"column\":%ld,\"end_line\":%ld,\"end_column\":%ld",
                   (long)f->line, (long)f->column, (long)f->end_line, (long)f->end_column);
    dci_buf_printf(b, ",\"offset\":%zu,\"length\":%zu", (size_t)f->offset, (size_t)f->length);
    dci_json_member(b, "excerpt", f->excerpt);
    dci_json_member(b, "match", f->match);
    if (m->para >= 0)           /* Word drafts */
        dci_buf_printf(b, ",\"paragraph\":%ld,\"paragraph_offset\":%ld", (long)m->para,
                       (long)m->para_offset);
    if (m->eid) {               /* LegalDocML.de drafts */
        dci_json_member(b, "eid", m->eid);
        dci_buf_printf(b, ",\"eid_offset\":%ld", m->eid_offset);
    }
    if (m->jreason) {           /* accepted with a reason */
        dci_buf_puts(b, ",\"justified\":true,\"justification\":{\"reason\":");
        dci_json_str(b, m->jreason);
        dci_json_member(b, "by", m->jby);
        dci_json_member(b, "source", dci_justification_source(f));
        dci_buf_putc(b, '}');
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
        /* the drafter's rating and its Begründung, null while not rated */
        dci_json_member(b, "rating", r->ratings ? r->ratings[p].answer : NULL);
        dci_json_member(b, "reason", r->ratings ? r->ratings[p].reason : NULL);
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
        dci_json_member(b, "aspect", q->rule->aspect);
        dci_json_member(b, "text", q->rule->message);
        dci_json_member(b, "answer", q->answer);
        dci_json_member(b, "reason", q->reason);
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
 * o is read only to spill. */
static void json_report(digicheck_output *o, dci_buf *b, const digicheck_report *r)
{
    size_t i;

    file_open_json(b, r->file);
    for (i = 0; i < r->nfindings; i++) {
        if (i)
            dci_buf_putc(b, ',');
        finding_json(b, &r->findings[i]);
        spill(o, b);
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
    dci_render_close_items(o, b);
    dci_buf_printf(b,
                   ",\"summary\":{\"files\":%zu,\"findings\":%zu,\"open_questions\":%zu,"
                   "\"errors\":%zu,",
                   o->nfiles, o->nfindings, o->nopen, o->nerrors);
    if (o->njustified)
        dci_buf_printf(b, "\"justified\":%zu,", o->njustified);
    dci_buf_printf(b, "\"by_severity\":{\"info\":%zu,\"warning\":%zu,\"error\":%zu}}}\n",
                   o->sev[DIGICHECK_SEVERITY_INFO], o->sev[DIGICHECK_SEVERITY_WARNING],
                   o->sev[DIGICHECK_SEVERITY_ERROR]);
}

/* ---- text ------------------------------------------------------------------ */

/* Appends s[0..len) escaped, every line break and tab read as a space: one
 * finding is one line of the text form, whatever the rule's message holds,
 * and no control character of an input reaches a terminal. */
static void one_line(dci_buf *out, const char *s, size_t len)
{
    dci_buf_escape(out, s, len, DCI_ESC_LINE);
}

/* A field of the text form from an input (a file name, a path), escaped:
 * a newline in it shows as \x0a and starts no line of its own. */
static void field(dci_buf *out, const char *s)
{
    dci_buf_escape(out, s, strlen(s), 0);
}

/* Where the first sentence of message m ends: at ". " before a capital,
 * else at its end (so "Abs. 2" and "Nr. 3" do not end it). */
static const char *first_sentence_end(const char *m)
{
    const char *p;

    for (p = strstr(m, ". "); p; p = strstr(p + 2, ". "))
        if (p[2] >= 'A' && p[2] <= 'Z')
            return p + 1;
    return m + strlen(m);
}

/* The open questions of a report on one line after its findings, each with
 * the answer the text suggests and where: "file: 2 Fragen offen: vp.a
 * (Vorschlag: ja, § 3 Satz 1), pc.b". */
static void text_questions(dci_buf *out, const digicheck_report *r)
{
    size_t i, n = dci_report_open_questions(r), k = 0;

    if (!n)
        return;
    field(out, r->file);
    dci_buf_printf(out, ": %zu %s offen: ", n, n == 1 ? "Frage" : "Fragen");
    for (i = 0; i < r->nquestions; i++) {
        const dci_question *q = &r->questions[i];
        if (!dci_question_open(q))
            continue;
        dci_buf_puts(out, k++ ? ", " : "");
        field(out, q->rule->id);
        if (q->suggested && q->nevidence) {
            dci_buf_printf(out, " (Vorschlag: %s", dci_answer_de(q->suggested));
            if (*q->evidence[0].path) {
                dci_buf_puts(out, ", ");
                field(out, q->evidence[0].path);
            }
            dci_buf_putc(out, ')');
        }
    }
    dci_buf_putc(out, '\n');
}

/* Code points of a message that stand in for a rule without a title. */
#define SHORT_MESSAGE 60

/* The few words that name a finding on its line: its rule's title, else
 * its message if short, else the message's first sentence, cut after a
 * word within SHORT_MESSAGE code points ("…"). A diagnostic keeps its
 * whole message: it says what went wrong with the rule. */
static void short_message(dci_buf *out, const digicheck_finding *f)
{
    const char *m = f->message, *end, *cut = NULL, *p;
    size_t n = 0;

    if (f->kind == DCI_KIND_DIAGNOSTIC) {
        one_line(out, m, strlen(m));
        return;
    }
    if (f->kind == DCI_KIND_IMPROVEMENT)        /* what an amendment removes */
        dci_buf_puts(out, "entf\xC3\xA4llt \xE2\x80\x93 ");
    if (f->rule && f->rule->title) {
        one_line(out, f->rule->title, strlen(f->rule->title));
        return;
    }
    end = dci_utf8_count(m, strlen(m)) <= SHORT_MESSAGE ? m + strlen(m) : first_sentence_end(m);
    for (p = m; p < end && n <= SHORT_MESSAGE; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80)
            n++;
        if (n <= SHORT_MESSAGE && (*p == ' ' || *p == '\n'))
            cut = p;
    }
    if (p < end && cut) {
        one_line(out, m, (size_t)(cut - m));
        dci_buf_puts(out, "\xE2\x80\xA6");         /* … */
    } else {
        one_line(out, m, (size_t)(end - m));
    }
}

/* The findings accepted with a reason are left out unless the output
 * shows them; a line counts those left out. */
static void text_report(digicheck_output *o, dci_buf *out, const digicheck_report *r)
{
    size_t i, hidden = 0;

    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        const dci_finding_more *m = dci_finding_more_of(f);
        if (m->jreason && !o->show_justified) {
            hidden++;
            continue;
        }
        field(out, r->file);
        dci_buf_printf(out, ":%ld:%ld: %s: ", (long)f->line, (long)f->column,
                       dci_severity_name(f->severity));
        short_message(out, f);
        if (f->rule) {
            dci_buf_puts(out, " [");
            field(out, f->rule->id);
            dci_buf_putc(out, ']');
        }
        if (dci_finding_has_path(f)) {
            dci_buf_puts(out, " (");
            field(out, f->path);
            dci_buf_putc(out, ')');
        }
        if (m->target_path) {   /* the provision an amendment changes */
            dci_buf_puts(out, " \xE2\x86\x92 ");
            field(out, m->target_path);
        }
        if (m->jreason) {
            dci_buf_puts(out, " {begründet: ");
            one_line(out, m->jreason, strlen(m->jreason));
            dci_buf_putc(out, '}');
        }
        dci_buf_putc(out, '\n');
        spill(o, out);
    }
    if (hidden) {
        field(out, r->file);
        dci_buf_printf(out, ": %zu %s mit Begründung nicht gezeigt\n", hidden,
                       hidden == 1 ? "Befund" : "Befunde");
    }
    text_questions(out, r);
}

static void text_error(digicheck_output *o, dci_buf *out, const char *file,
                       const digicheck_error *e)
{
    (void)o;
    field(out, file);
    if (e->line > 0)
        dci_buf_printf(out, ":%ld:%ld", e->line, e->column);
    dci_buf_puts(out, ": error: ");
    one_line(out, e->message, strlen(e->message));
    dci_buf_putc(out, '\n');
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

/* The documentation of each draft (document.c), separated like Markdown. */
static void documentation_report(digicheck_output *o, dci_buf *b, const digicheck_report *r)
{
    (void)o;
    dci_document_markdown(b, r);
}

/* Indexed by DIGICHECK_OUTPUT_*; a value without a row is no format. */
static const struct format formats[] = {
    [DIGICHECK_OUTPUT_TEXT]     = { .report = text_report, .error = text_error },
    [DIGICHECK_OUTPUT_JSON]     = { .head = json_head, .before = dci_render_next_item, .report = json_report,
                                    .error = json_error, .tail = json_tail },
    [DIGICHECK_OUTPUT_SARIF]    = { .head = dci_sarif_head, .report = dci_sarif_report,
                                    .error = dci_sarif_error, .tail = dci_sarif_tail },
    [DIGICHECK_OUTPUT_MARKDOWN] = { .before = dci_md_rule, .report = dci_md_report, .error = dci_md_error },
    [DIGICHECK_OUTPUT_JSONL]    = { .report = json_report, .error = json_error, .lines = 1 },
    [DIGICHECK_OUTPUT_DOCUMENTATION] = { .before = dci_md_rule, .report = documentation_report,
                                         .error = dci_md_error },
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
    o->nopen += dci_report_open_questions(r);
    o->njustified += dci_report_justified(r);
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
    o->show_justified = (output & DIGICHECK_OUTPUT_SHOW_JUSTIFIED) != 0;
    o->fmt = &formats[output & ~DIGICHECK_OUTPUT_SHOW_JUSTIFIED];
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
    int base = output & ~DIGICHECK_OUTPUT_SHOW_JUSTIFIED;

    if (base < 0 || (size_t)base >= sizeof formats / sizeof formats[0] || !formats[base].report)
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

int digicheck_output_set_max_results(digicheck_output *o, size_t max_results,
                                     digicheck_error *err)
{
    if (!o)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'o' is NULL");
    if (o->fmt != &formats[DIGICHECK_OUTPUT_SARIF])
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0,
                         "a limit of results applies to SARIF output only");
    if (o->started)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0,
                         "the output has begun; set the limit of results before its first piece");
    o->max_results = max_results;
    return DIGICHECK_OK;
}

/* Checks the arguments of a report's piece (the output's are checked). */
static int valid_report(const digicheck_output *o, const digicheck_report *r,
                        digicheck_error *err)
{
    if (!r)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'r' is NULL");
    if (r->rs != o->rs)
        return dci_error(err, DIGICHECK_EINVAL, r->file, 0, 0,
                         "argument 'r' was checked with another rule set than the output's");
    return DIGICHECK_OK;
}

int digicheck_output_add(digicheck_output *o, const digicheck_report *r, char **text,
                         size_t *len, digicheck_error *err)
{
    dci_buf b = {0};
    int rc = begin_piece(o, text, len, err);

    if (rc || (rc = valid_report(o, r, err)))
        return rc;
    put_report(o, &b, r);
    return deliver(&b, text, len, err);
}

int digicheck_output_write(digicheck_output *o, const digicheck_report *r,
                           digicheck_write_fn write, void *ctx, digicheck_error *err)
{
    char *text = NULL;
    dci_buf b = {0};
    int rc;

    if ((rc = begin_piece(o, &text, NULL, err)) || (rc = valid_report(o, r, err)))
        return rc;
    if (!write)
        return dci_error(err, DIGICHECK_EINVAL, r->file, 0, 0, "argument 'write' is NULL");
    o->write = write;
    o->ctx = ctx;
    o->write_failed = 0;
    put_report(o, &b, r);
    o->write = NULL;
    if (b.oom)
        rc = dci_error(err, DIGICHECK_ENOMEM, r->file, 0, 0, "out of memory rendering a report");
    else if (o->write_failed || (b.len && write(ctx, b.data, b.len) != 0))
        rc = dci_error(err, DIGICHECK_EIO, r->file, 0, 0, "could not write the document");
    dci_buf_free(&b);
    return rc;
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
