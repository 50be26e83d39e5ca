/*
 * sarif.c -- reports as SARIF 2.1.0 (OASIS), for code scanning: one run of
 * the tool digicheck whose rules are the rule set's, a result per finding
 * (kind "fail") and per open question (kind "open", level "none": the tool
 * lacks what it needs to decide, SARIF §3.27.9), and a notification per
 * file that could not be checked, written at the tail.
 */
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "report.h"
#include "questions.h"
#include "justify.h"
#include "describe.h"
#include "render.h"

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

/* A rule's name for SARIF: its id in PascalCase ("form.schriftform" is
 * "FormSchriftform"), as the SARIF specification recommends (§3.49.7). */
static void rule_name(dci_buf *b, const char *id)
{
    int up = 1;

    dci_buf_putc(b, '"');
    for (; *id; id++) {
        if (*id == '.' || *id == '-' || *id == '_') {
            up = 1;
            continue;
        }
        dci_buf_putc(b, up && *id >= 'a' && *id <= 'z' ? (char)(*id - 'a' + 'A') : *id);
        up = 0;
    }
    dci_buf_putc(b, '"');
}

static void sarif_rule(dci_buf *b, const digicheck_ruleset *rs, const dci_rule *rule,
                       dci_buf *md)
{
    size_t i;

    dci_buf_puts(b, "{\"id\":");
    dci_json_str(b, rule->id);
    dci_buf_puts(b, ",\"name\":");
    rule_name(b, rule->id);
    dci_buf_puts(b, ",\"shortDescription\":{\"text\":");
    if (rule->title)
        dci_json_str(b, rule->title);
    else
        first_sentence(b, rule->message);
    dci_buf_puts(b, "},\"fullDescription\":{\"text\":");
    dci_json_str(b, rule->message);
    dci_buf_puts(b, "},\"help\":{\"text\":");
    dci_json_str(b, rule->suggestion ? rule->suggestion : rule->message);
    md->len = 0;
    dci_describe_rule_md(md, rs, rule);
    if (md->oom)
        b->oom = 1;
    dci_buf_puts(b, ",\"markdown\":");
    dci_buf_json_string(b, md->data ? md->data : "", md->len);
    dci_buf_printf(b, "},\"defaultConfiguration\":{\"level\":\"%s\"}",
                   sarif_level(rule->severity));
    dci_buf_puts(b, ",\"properties\":{\"principle\":");
    dci_json_str(b, rule->principle);
    dci_json_member(b, "category", rule->category);
    dci_buf_puts(b, ",\"references\":");
    dci_json_str_array(b, rule->references, rule->nreferences);
    /* code scanning filters by tags: the principle and category first */
    dci_buf_puts(b, ",\"tags\":[");
    dci_json_str(b, rule->principle);
    dci_buf_putc(b, ',');
    dci_json_str(b, rule->category);
    for (i = 0; i < rule->ntags; i++) {
        dci_buf_putc(b, ',');
        dci_json_str(b, rule->tags[i]);
    }
    dci_buf_puts(b, "]}}");
}

void dci_sarif_head(digicheck_output *o, dci_buf *b)
{
    const digicheck_ruleset *rs = o->rs;
    dci_buf md = {0};
    size_t i;

    dci_buf_puts(b, "{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{");
    dci_buf_puts(b, "\"tool\":{\"driver\":{\"name\":\"digicheck\",\"version\":\""
                    DIGICHECK_VERSION_STRING "\",\"semanticVersion\":\""
                    DIGICHECK_VERSION_STRING "\",\"rules\":[");
    for (i = 0; i < rs->nrules; i++) {
        dci_buf_puts(b, i ? ",\n" : "\n");
        sarif_rule(b, rs, &rs->rules[i], &md);
    }
    dci_buf_free(&md);
    dci_buf_puts(b, "],\"properties\":{\"ruleset\":");
    dci_json_str(b, rs->id);
    dci_json_member(b, "rulesetVersion", rs->version);
    /* code scanning keeps the runs of one category apart (SARIF §3.17.3) */
    dci_buf_puts(b, "}}},\"automationDetails\":{\"id\":");
    dci_buf_printf(&md, "digicheck/%s/", rs->id);
    if (md.oom)
        b->oom = 1;
    else
        dci_json_str(b, md.data);
    dci_buf_free(&md);
    dci_buf_puts(b, "},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
}

/* The key of our fingerprints in partialFingerprints; its version changes
 * when the way they are made does. */
#define FINGERPRINT_KEY "digicheck/v1"

/* A finding accepted with a reason is suppressed (SARIF §3.34): in the
 * source when the reason is written in the draft, else outside it. */
static void sarif_suppression(dci_buf *b, const digicheck_finding *f)
{
    const dci_finding_more *m = dci_finding_more_of(f);

    dci_buf_printf(b, ",\"suppressions\":[{\"kind\":\"%s\",\"status\":\"accepted\","
                      "\"justification\":", f->jsource == DCI_JUST_INLINE ? "inSource" : "external");
    dci_json_str(b, m->jreason);
    dci_buf_puts(b, ",\"properties\":{\"source\":");
    dci_json_str(b, dci_justification_source(f));
    if (m->jby)
        dci_json_member(b, "by", m->jby);
    dci_buf_puts(b, "}}]");
}

static void sarif_result(dci_buf *b, const digicheck_report *r, const digicheck_finding *f)
{
    const dci_finding_more *m = dci_finding_more_of(f);
    long end_column = f->length ? f->end_column + 1 : f->column;   /* exclusive in SARIF */

    dci_buf_puts(b, "{\"ruleId\":");
    dci_json_str(b, f->rule ? f->rule->id : "digicheck");
    if (f->rule)
        dci_buf_printf(b, ",\"ruleIndex\":%zu", (size_t)(f->rule - r->rs->rules));
    /* an improvement (a barrier an amendment removes) is a rule that passes */
    if (f->kind == DCI_KIND_IMPROVEMENT)
        dci_buf_puts(b, ",\"kind\":\"pass\",\"level\":\"none\",\"message\":{\"text\":");
    else
        dci_buf_printf(b, ",\"kind\":\"fail\",\"level\":\"%s\",\"message\":{\"text\":",
                       sarif_level(f->severity));
    dci_json_str(b, f->message);
    dci_buf_putc(b, '}');
    sarif_locations(b, r->file);
    dci_buf_printf(b, ",\"region\":{\"startLine\":%ld,\"startColumn\":%ld,\"endLine\":%ld,"
                   "\"endColumn\":%ld,\"byteOffset\":%zu,\"byteLength\":%zu",
                   (long)f->line, (long)f->column, (long)f->end_line, end_column,
                   (size_t)f->offset, (size_t)f->length);
    if (f->length && f->match) {
        dci_buf_puts(b, ",\"snippet\":{\"text\":");
        dci_json_str(b, f->match);
        dci_buf_putc(b, '}');
    }
    dci_buf_puts(b, "}}");
    if (dci_finding_has_path(f) || m->eid) {
        dci_buf_puts(b, ",\"logicalLocations\":[");
        if (dci_finding_has_path(f)) {
            dci_buf_puts(b, "{\"fullyQualifiedName\":");
            dci_json_str(b, f->path);
            dci_buf_putc(b, '}');
        }
        if (m->eid) {           /* the element of a LegalDocML.de draft */
            dci_buf_puts(b, dci_finding_has_path(f) ? ",{\"name\":" : "{\"name\":");
            dci_json_str(b, m->eid);
            dci_buf_printf(b, ",\"kind\":\"element\",\"properties\":{\"offset\":%ld}}",
                           m->eid_offset);
        }
        dci_buf_putc(b, ']');
    }
    dci_buf_puts(b, "}],\"partialFingerprints\":{\"" FINGERPRINT_KEY "\":");
    dci_json_str(b, f->fingerprint ? f->fingerprint : "");
    dci_buf_putc(b, '}');
    if (dci_baseline_state(f))  /* compared with a baseline (SARIF §3.27.24) */
        dci_buf_printf(b, ",\"baselineState\":\"%s\"", dci_baseline_state(f));
    if (m->jreason)
        sarif_suppression(b, f);
    dci_buf_puts(b, ",\"properties\":{\"kind\":");
    dci_json_str(b, dci_kind_name(f->kind));
    dci_json_member(b, "principle", f->rule ? f->rule->principle : NULL);
    dci_json_member(b, "category", f->rule ? f->rule->category : NULL);
    dci_json_member(b, "path", f->path);
    if (m->target_path)         /* new wording of an amendment: what it amends */
        dci_json_member(b, "target_path", m->target_path);
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

/* An open question: a result of kind "open" and level "none" (SARIF 2.1.0
 * §3.27.9: the tool lacks what it needs to decide), at the file; the region
 * and path of the first place that suggests an answer, if any. */
static void sarif_open(dci_buf *b, const digicheck_report *r, const dci_question *q)
{
    const dci_evidence *e = q->nevidence ? &q->evidence[0] : NULL;

    dci_buf_puts(b, "{\"ruleId\":");
    dci_json_str(b, q->rule->id);
    dci_buf_printf(b, ",\"ruleIndex\":%zu,\"kind\":\"open\",\"level\":\"none\","
                      "\"message\":{\"text\":", (size_t)(q->rule - r->rs->rules));
    dci_json_str(b, q->rule->message);
    dci_buf_putc(b, '}');
    sarif_locations(b, r->file);
    if (e)
        dci_buf_printf(b, ",\"region\":{\"startLine\":%ld,\"startColumn\":%ld}", e->line,
                       e->column);
    dci_buf_putc(b, '}');
    if (e && *e->path) {
        dci_buf_puts(b, ",\"logicalLocations\":[{\"fullyQualifiedName\":");
        dci_json_str(b, e->path);
        dci_buf_puts(b, "}]");
    }
    /* a question is asked once per draft: its id names it */
    dci_buf_puts(b, "}],\"partialFingerprints\":{\"" FINGERPRINT_KEY "\":");
    dci_buf_printf(b, "\"question:%s\"}", q->rule->id);
    dci_buf_puts(b, ",\"properties\":{\"stage\":");
    dci_json_str(b, dci_name(&dci_stages, q->rule->stage));
    dci_json_member(b, "principle", q->rule->principle);
    dci_json_member(b, "suggested", q->suggested);
    dci_buf_puts(b, ",\"answers\":");
    dci_json_str_array(b, q->rule->answers, q->rule->nanswers);
    dci_buf_puts(b, "}}");
}

/* A report is a result per finding and per open question; the run has one
 * array of results. */
/* A finding of the baseline that the draft no longer has: a result of
 * baselineState "absent" at the file. */
static void sarif_absent(dci_buf *b, const digicheck_report *r, const dci_absent *a)
{
    size_t k = dci_ruleset_find_rule(r->rs, a->rule);
    const dci_rule *rule = k != (size_t)-1 ? &r->rs->rules[k] : NULL;

    dci_buf_puts(b, "{\"ruleId\":");
    dci_json_str(b, a->rule);
    if (rule)
        dci_buf_printf(b, ",\"ruleIndex\":%zu", k);
    dci_buf_printf(b, ",\"kind\":\"fail\",\"level\":\"%s\",\"message\":{\"text\":",
                   sarif_level(rule ? rule->severity : DIGICHECK_SEVERITY_WARNING));
    dci_json_str(b, "Der Befund der Baseline besteht nicht mehr.");
    dci_buf_putc(b, '}');
    sarif_locations(b, r->file);
    dci_buf_puts(b, "}}],\"partialFingerprints\":{\"" FINGERPRINT_KEY "\":");
    dci_json_str(b, a->fingerprint);
    dci_buf_puts(b, "},\"baselineState\":\"absent\"}");
}

/* Is there room for one more result? A result that is not is counted. */
static int room(digicheck_output *o)
{
    if (o->max_results && o->nitems >= o->max_results) {
        o->ncut++;
        return 0;
    }
    return 1;
}

void dci_sarif_report(digicheck_output *o, dci_buf *b, const digicheck_report *r)
{
    size_t i;

    for (i = 0; i < r->nfindings; i++)
        if (room(o)) {
            dci_render_next_item(o, b);
            sarif_result(b, r, &r->findings[i]);
        }
    for (i = 0; i < r->nquestions; i++)
        if (dci_question_open(&r->questions[i]) && room(o)) {
            dci_render_next_item(o, b);
            sarif_open(b, r, &r->questions[i]);
        }
    for (i = 0; i < r->nabsent; i++)
        if (room(o)) {
            dci_render_next_item(o, b);
            sarif_absent(b, r, &r->absent[i]);
        }
}

/* A failed file is a notification of the run's invocation, which comes after
 * the results: it waits in o->notes for the tail. */
void dci_sarif_error(digicheck_output *o, dci_buf *b, const char *file,
                        const digicheck_error *e)
{
    if (o->notes.len)
        dci_buf_putc(&o->notes, ',');
    sarif_note(&o->notes, file, e);
    if (o->notes.oom)
        b->oom = 1;
}

void dci_sarif_tail(digicheck_output *o, dci_buf *b)
{
    dci_render_close_items(o, b);
    dci_buf_printf(b, ",\"invocations\":[{\"executionSuccessful\":%s,"
                   "\"toolExecutionNotifications\":[", o->nerrors ? "false" : "true");
    dci_buf_append(b, o->notes.data ? o->notes.data : "", o->notes.len);
    if (o->ncut)                /* said where a reader of the log looks first */
        dci_buf_printf(b, "%s{\"level\":\"warning\",\"descriptor\":{\"id\":\"max-results\"},"
                       "\"message\":{\"text\":\"%zu of %zu results were left out: at most %zu "
                       "are written (max-results); check fewer drafts or raise the limit\"}}",
                       o->notes.len ? "," : "", o->ncut, o->ncut + o->nitems, o->max_results);
    dci_buf_puts(b, "]}]}]}\n");
}

