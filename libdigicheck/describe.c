/*
 * describe.c -- a rule set as a document: the list of its rules (text), one
 * rule explained (text), everything about it (JSON), and the reference a
 * rule set ships as its README (Markdown), generated from the loaded rules
 * so that it cannot drift from them. It only reads the rule set; its
 * output goes to a buffer the caller frees.
 */
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "regex.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "describe.h"

static const char *type_name(const dci_rule *r)
{
    return dci_name(&dci_rule_types, r->type);
}

/* The file of a rule relative to the rule set directory, as a reader of the
 * rule set knows it. */
static const char *rule_file(const digicheck_ruleset *rs, const dci_rule *r)
{
    size_t n = rs->dir ? strlen(rs->dir) : 0;

    if (n && strncmp(r->file, rs->dir, n) == 0 && r->file[n] == '/')
        return r->file + n + 1;
    return r->file;
}

static const dci_principle *principle_of(const digicheck_ruleset *rs, const dci_rule *r)
{
    return &rs->principles[r->principle_index];
}

/* ---- text ------------------------------------------------------------------ */

static size_t width(const digicheck_ruleset *rs, size_t field)
{
    size_t i, w = field == 0 ? 2 : field == 1 ? 9 : 8;

    for (i = 0; i < rs->nrules; i++) {
        const dci_rule *r = &rs->rules[i];
        size_t n = strlen(field == 0 ? r->id : field == 1 ? r->principle : r->category);
        if (n > w)
            w = n;
    }
    return w;
}

static void text_list(dci_buf *b, const digicheck_ruleset *rs)
{
    int wi = (int)width(rs, 0), wp = (int)width(rs, 1), wc = (int)width(rs, 2);
    size_t i;

    dci_buf_printf(b, "%s%s%s: %s (%zu rules)\n", rs->id, rs->version ? " " : "",
                   rs->version ? rs->version : "", rs->title, rs->nrules);
    dci_buf_printf(b, "%-*s  %-*s  %-*s  %-8s %s\n", wi, "ID", wp, "PRINCIPLE", wc, "CATEGORY",
                   "SEVERITY", "TYPE");
    for (i = 0; i < rs->nrules; i++) {
        const dci_rule *r = &rs->rules[i];
        dci_buf_printf(b, "%-*s  %-*s  %-*s  %-8s %s\n", wi, r->id, wp, r->principle, wc,
                       r->category, dci_severity_name(r->severity), type_name(r));
    }
}

/* The number of questions of aspect a (of principle p). */
static size_t aspect_questions(const digicheck_ruleset *rs, const dci_aspect *a)
{
    size_t i, n = 0;

    for (i = 0; i < rs->nrules; i++)
        n += rs->rules[i].aspect == a->id;
    return n;
}

/* The questions after the rules: id, stage, aspect and the question, cut
 * to one line; before them the aspects of each principle. */
static void text_questions(dci_buf *b, const digicheck_ruleset *rs)
{
    size_t i, j, n = 0;
    int wi = (int)width(rs, 0);

    for (i = 0; i < rs->nrules; i++)
        n += rs->rules[i].type == DCI_RULE_QUESTION;
    for (i = 0; i < rs->nprinciples; i++) {
        const dci_principle *p = &rs->principles[i];
        if (p->naspects && i == 0)
            dci_buf_puts(b, "\nASPECTS\n");
        for (j = 0; j < p->naspects; j++)
            dci_buf_printf(b, "%-6s %-30s %s (%zu questions)\n", p->aspects[j].id,
                           p->aspects[j].name, p->aspects[j].title,
                           aspect_questions(rs, &p->aspects[j]));
    }
    if (!n)
        return;
    dci_buf_printf(b, "\nQUESTIONS (%zu:", n);
    for (j = DCI_STAGE_VORPRUEFUNG; j <= DCI_STAGE_INTEROPERABILITAET; j++) {
        size_t k = 0;
        for (i = 0; i < rs->nrules; i++)
            k += rs->rules[i].type == DCI_RULE_QUESTION && rs->rules[i].stage == (int)j;
        if (k)
            dci_buf_printf(b, " %s %zu", dci_name(&dci_stages, (int)j), k);
    }
    dci_buf_printf(b, ")\n%-*s  %-18s %-6s %s\n", wi, "ID", "STAGE", "ASPECT", "QUESTION");
    for (i = 0; i < rs->nrules; i++) {
        const dci_rule *r = &rs->rules[i];
        size_t len = strlen(r->message), cut = dci_utf8_prefix(r->message, len, 70);
        if (r->type != DCI_RULE_QUESTION)
            continue;
        dci_buf_printf(b, "%-*s  %-18s %-6s %.*s%s\n", wi, r->id, dci_name(&dci_stages, r->stage),
                       r->aspect ? r->aspect : "-", (int)cut, r->message, cut < len ? "…" : "");
    }
}

/* How absent_places() writes a place: its name, its name as a JSON string,
 * its German label. */
enum { PLACE_NAME, PLACE_JSON, PLACE_LABEL };

/* The places of an absence rule's `absent_in`, between before and after;
 * nothing when it keeps the default (the scope unit only). */
static void absent_places(dci_buf *b, const dci_rule *r, int style, const char *before,
                          const char *after)
{
    int i, first = 1;

    if (r->type != DCI_RULE_ABSENCE || r->absent_in == DCI_ABSENT_IN_SCOPE)
        return;
    dci_buf_puts(b, before);
    for (i = DCI_IN_SCOPE; i <= DCI_IN_DRAFT; i++) {
        if (!(r->absent_in & (1u << i)))
            continue;
        if (!first)
            dci_buf_puts(b, style == PLACE_JSON ? "," : ", ");
        first = 0;
        if (style == PLACE_JSON)
            dci_json_str(b, dci_name(&dci_absent_places, i));
        else
            dci_buf_puts(b, style == PLACE_LABEL ? dci_label(&dci_absent_places, i)
                                                 : dci_name(&dci_absent_places, i));
    }
    dci_buf_puts(b, after);
}

static void text_patterns(dci_buf *b, const char *label, const dci_regex *re, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        dci_buf_printf(b, "  %-12s %s\n", i ? "" : label, re[i].src);
}

static void text_strings(dci_buf *b, const char *label, const char *const *s, size_t n)
{
    size_t i;

    if (!n)
        return;
    dci_buf_printf(b, "  %s\n", label);
    for (i = 0; i < n; i++)
        dci_buf_printf(b, "    - %s\n", s[i]);
}

static void text_rule(dci_buf *b, const digicheck_ruleset *rs, const dci_rule *r)
{
    const dci_principle *p = principle_of(rs, r);
    size_t i;

    dci_buf_printf(b, "%s  (%s rule, %s", r->id, type_name(r), dci_severity_name(r->severity));
    if (r->type != DCI_RULE_QUESTION && r->type != DCI_RULE_LUA)
        dci_buf_printf(b, ", scope %s", dci_name(&dci_scopes, r->scope));
    dci_buf_puts(b, ")\n");
    dci_buf_printf(b, "  principle:   %s %s\n", p->id, p->title);
    dci_buf_printf(b, "  category:    %s\n", r->category);
    if (r->aspect)
        dci_buf_printf(b, "  aspect:      %s %s\n", r->aspect,
                       p->aspects[r->aspect_index].title);
    dci_buf_printf(b, "  defined at:  %s:%ld:%ld\n", rule_file(rs, r), r->line, r->column);
    if (r->type == DCI_RULE_LUA)
        dci_buf_printf(b, "  lua code in: %s\n", r->lua_name + 1);
    if (r->title)
        dci_buf_printf(b, "  title:       %s\n", r->title);
    dci_buf_printf(b, "  message:     %s\n", r->message);
    if (r->suggestion)
        dci_buf_printf(b, "  suggestion:  %s\n", r->suggestion);
    for (i = 0; i < r->nreferences; i++)
        dci_buf_printf(b, "  %-12s %s\n", i ? "" : "references:", r->references[i]);
    text_patterns(b, "match:", r->match, r->nmatch);
    text_patterns(b, "unless:", r->unless, r->nunless);
    text_patterns(b, "lead_in:", r->lead_in, r->nlead_in);
    for (i = 0; i < r->nseverity_if; i++) {
        size_t j;
        for (j = 0; j < r->severity_if[i].nmatch; j++)
            dci_buf_printf(b, "  %-12s %s -> %s\n", i || j ? "" : "severity if:",
                           r->severity_if[i].match[j].src,
                           dci_severity_name(r->severity_if[i].severity));
    }
    text_patterns(b, "when:", r->when_match, r->nwhen_match);
    for (i = 0; i < r->nwhen_answers; i++)
        dci_buf_printf(b, "  %-12s answer %s = %s\n", r->nwhen_match || i ? "" : "when:",
                       r->when_answers[i].question, r->when_answers[i].answer);
    for (i = 0; i < r->nwhen_rules; i++)
        dci_buf_printf(b, "  %-12s rule %s fired\n",
                       r->nwhen_match || r->nwhen_answers || i ? "" : "when:", r->when_rules[i]);
    text_patterns(b, "absent:", r->absent, r->nabsent);
    absent_places(b, r, PLACE_NAME, "  absent_in:   ", "\n");
    if (r->type == DCI_RULE_QUESTION) {
        dci_buf_printf(b, "  stage:       %s\n",
                       dci_name(&dci_stages, r->stage));
        for (i = 0; i < r->nanswers; i++)
            dci_buf_printf(b, "  %-12s %s\n", i ? "" : "answers:", r->answers[i]);
        for (i = 0; i < r->nprefill; i++) {
            size_t j;
            for (j = 0; j < r->prefill[i].nmatch; j++)
                dci_buf_printf(b, "  %-12s %s -> %s\n", i || j ? "" : "prefill:",
                               r->prefill[i].match[j].src, r->prefill[i].suggests);
        }
    }
    text_strings(b, "examples that must match:", r->ex_match, r->nex_match);
    text_strings(b, "examples that must not match:", r->ex_no_match, r->nex_no_match);
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_patterns(dci_buf *b, const char *k, const dci_regex *re, size_t n)
{
    size_t i;

    dci_buf_putc(b, ',');
    dci_json_key(b, k);
    dci_buf_putc(b, '[');
    for (i = 0; i < n; i++) {
        if (i)
            dci_buf_putc(b, ',');
        dci_json_str(b, re[i].src);
    }
    dci_buf_putc(b, ']');
}

/* What a pattern rule reads besides its matches: the roles of text and the
 * lead-ins of the lists whose items it reads. */
static void json_reading(dci_buf *b, const dci_rule *r)
{
    int k;
    size_t n = 0;

    json_patterns(b, "lead_in", r->lead_in, r->nlead_in);
    dci_buf_puts(b, ",\"roles\":[");
    for (k = 0; dci_roles.names[k]; k++)
        if (r->roles & (1u << (dci_roles.first + k))) {
            if (n++)
                dci_buf_putc(b, ',');
            dci_json_str(b, dci_roles.names[k]);
        }
    dci_buf_putc(b, ']');
}

static void json_rule(dci_buf *b, const digicheck_ruleset *rs, const dci_rule *r)
{
    size_t i;

    dci_buf_puts(b, "{\"id\":");
    dci_json_str(b, r->id);
    dci_json_member(b, "type", type_name(r));
    dci_json_member(b, "principle", r->principle);
    dci_json_member(b, "category", r->category);
    dci_json_member(b, "aspect", r->aspect);
    dci_json_member(b, "severity", dci_severity_name(r->severity));
    dci_json_member(b, "scope", dci_name(&dci_scopes, r->scope));
    dci_json_member(b, "title", r->title);
    dci_json_member(b, "message", r->message);
    dci_json_member(b, "suggestion", r->suggestion);
    dci_buf_puts(b, ",\"references\":");
    dci_json_str_array(b, r->references, r->nreferences);
    dci_buf_puts(b, ",\"tags\":");
    dci_json_str_array(b, r->tags, r->ntags);
    json_patterns(b, "match", r->match, r->nmatch);
    json_patterns(b, "unless", r->unless, r->nunless);
    if (r->type == DCI_RULE_PATTERN)
        json_reading(b, r);
    dci_buf_puts(b, ",\"severity_if\":[");
    for (i = 0; i < r->nseverity_if; i++) {
        dci_buf_puts(b, i ? ",{" : "{");
        dci_json_key(b, "severity");
        dci_json_str(b, dci_severity_name(r->severity_if[i].severity));
        json_patterns(b, "match", r->severity_if[i].match, r->severity_if[i].nmatch);
        dci_buf_putc(b, '}');
    }
    dci_buf_puts(b, "],\"when\":{\"match\":[");
    for (i = 0; i < r->nwhen_match; i++) {
        if (i)
            dci_buf_putc(b, ',');
        dci_json_str(b, r->when_match[i].src);
    }
    dci_buf_puts(b, "],\"answers\":{");
    for (i = 0; i < r->nwhen_answers; i++) {
        if (i)
            dci_buf_putc(b, ',');
        dci_json_key(b, r->when_answers[i].question);
        dci_json_str(b, r->when_answers[i].answer);
    }
    dci_buf_puts(b, "},\"rules\":");
    dci_json_str_array(b, r->when_rules, r->nwhen_rules);
    dci_buf_putc(b, '}');
    json_patterns(b, "absent", r->absent, r->nabsent);
    absent_places(b, r, PLACE_JSON, ",\"absent_in\":[", "]");
    if (r->type == DCI_RULE_QUESTION) {
        dci_json_member(b, "stage",
                        dci_name(&dci_stages, r->stage));
        dci_buf_puts(b, ",\"answers\":");
        dci_json_str_array(b, r->answers, r->nanswers);
        dci_buf_puts(b, ",\"prefill\":[");
        for (i = 0; i < r->nprefill; i++) {
            dci_buf_puts(b, i ? ",{" : "{");
            dci_json_key(b, "suggests");
            dci_json_str(b, r->prefill[i].suggests);
            json_patterns(b, "match", r->prefill[i].match, r->prefill[i].nmatch);
            dci_buf_putc(b, '}');
        }
        dci_buf_putc(b, ']');
    }
    dci_buf_puts(b, ",\"examples\":{\"match\":");
    dci_json_str_array(b, r->ex_match, r->nex_match);
    dci_buf_puts(b, ",\"no_match\":");
    dci_json_str_array(b, r->ex_no_match, r->nex_no_match);
    dci_buf_putc(b, '}');
    dci_json_member(b, "file", rule_file(rs, r));
    dci_buf_printf(b, ",\"line\":%ld,\"column\":%ld}", r->line, r->column);
}

static void json_aspects(dci_buf *b, const dci_principle *p)
{
    size_t i;

    dci_buf_puts(b, ",\"aspects\":[");
    for (i = 0; i < p->naspects; i++) {
        const dci_aspect *a = &p->aspects[i];
        dci_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
        dci_json_str(b, a->id);
        dci_json_member(b, "number", a->number);
        dci_json_member(b, "name", a->name);
        dci_json_member(b, "title", a->title);
        dci_buf_puts(b, ",\"categories\":");
        dci_json_str_array(b, a->categories, a->ncategories);
        dci_buf_puts(b, ",\"rules\":");
        dci_json_str_array(b, a->rules, a->nrules);
        dci_buf_putc(b, '}');
    }
    dci_buf_putc(b, ']');
}

static void json_ruleset(dci_buf *b, const digicheck_ruleset *rs, const dci_rule *only)
{
    size_t i;

    dci_buf_puts(b, "{\"id\":");
    dci_json_str(b, rs->id);
    dci_json_member(b, "title", rs->title);
    dci_json_member(b, "version", rs->version);
    dci_json_member(b, "description", rs->description);
    dci_buf_puts(b, ",\"principles\":[");
    for (i = 0; i < rs->nprinciples; i++) {
        const dci_principle *p = &rs->principles[i];
        dci_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
        dci_json_str(b, p->id);
        dci_json_member(b, "title", p->title);
        dci_json_member(b, "description", p->description);
        dci_buf_puts(b, ",\"legacy\":");
        dci_json_str_array(b, p->legacy, p->nlegacy);
        json_aspects(b, p);
        dci_buf_putc(b, '}');
    }
    dci_buf_puts(b, "],\"rules\":[");
    for (i = 0; i < rs->nrules; i++) {
        if (only && only != &rs->rules[i])
            continue;
        dci_buf_puts(b, only || !i ? "\n" : ",\n");
        json_rule(b, rs, &rs->rules[i]);
    }
    /* what it is made of: itself, or the rule sets combined, and their bases */
    dci_buf_puts(b, "\n],\"rulesets\":[");
    for (i = 0; i < rs->nparts; i++) {
        const dci_ruleset_part *p = &rs->parts[i];
        dci_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
        dci_json_str(b, p->id);
        dci_json_member(b, "title", p->title);
        dci_json_member(b, "version", p->version);
        dci_json_member(b, "path", p->path);
        dci_buf_printf(b, ",\"base\":%s}", p->base ? "true" : "false");
    }
    dci_buf_puts(b, "]}\n");
}

/* ---- Markdown -------------------------------------------------------------- */

/* A regular expression as inline code: a fence longer than any run of
 * backticks inside it. */
static void md_code(dci_buf *b, const char *s)
{
    size_t run = 0, longest = 0, i;
    const char *p;

    for (p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    for (i = 0; i <= longest; i++)
        dci_buf_putc(b, '`');
    dci_buf_puts(b, s[0] == '`' ? " " : "");
    dci_buf_puts(b, s);
    dci_buf_puts(b, *s && s[strlen(s) - 1] == '`' ? " " : "");
    for (i = 0; i <= longest; i++)
        dci_buf_putc(b, '`');
}

static void md_patterns(dci_buf *b, const char *label, const dci_regex *re, size_t n)
{
    size_t i;

    if (!n)
        return;
    dci_buf_printf(b, "- %s: ", label);
    for (i = 0; i < n; i++) {
        if (i)
            dci_buf_puts(b, ", ");
        md_code(b, re[i].src);
    }
    dci_buf_putc(b, '\n');
}

static void md_examples(dci_buf *b, const char *label, const char *const *s, size_t n)
{
    size_t i;

    if (!n)
        return;
    dci_buf_printf(b, "- %s:\n", label);
    for (i = 0; i < n; i++) {
        dci_buf_puts(b, "  - ");
        dci_buf_markdown(b, s[i]);
        dci_buf_putc(b, '\n');
    }
}

void dci_describe_rule_md(dci_buf *b, const digicheck_ruleset *rs, const dci_rule *r)
{
    const dci_principle *p = principle_of(rs, r);
    size_t i;

    dci_buf_printf(b, "\n### `%s`", r->id);
    if (r->title) {
        dci_buf_puts(b, " – ");
        dci_buf_markdown(b, r->title);
    }
    dci_buf_puts(b, "\n\n");
    dci_buf_printf(b, "%s ", p->id);
    dci_buf_markdown(b, p->title);
    dci_buf_printf(b, " · Kategorie `%s` · %s · %s-Regel, ", r->category,
                   dci_severity_name(r->severity), type_name(r));
    /* a lua rule has no scope: it looks where it likes */
    if (r->type == DCI_RULE_LUA)
        dci_buf_printf(b, "Lua-Code: `%s`", r->lua_name + 1);
    else
        dci_buf_printf(b, "Geltungsbereich: %s", dci_label(&dci_scopes, r->scope));
    dci_buf_printf(b, " · `%s`, Zeile %ld\n\n", rule_file(rs, r), r->line);
    dci_buf_puts(b, "- Befund: ");
    dci_buf_markdown(b, r->message);
    dci_buf_putc(b, '\n');
    if (r->suggestion) {
        dci_buf_puts(b, "- Vorschlag: ");
        dci_buf_markdown(b, r->suggestion);
        dci_buf_putc(b, '\n');
    }
    if (r->nreferences) {
        dci_buf_puts(b, "- Rechtsgrundlagen: ");
        for (i = 0; i < r->nreferences; i++) {
            if (i)
                dci_buf_puts(b, "; ");
            dci_buf_markdown(b, r->references[i]);
        }
        dci_buf_putc(b, '\n');
    }
    md_patterns(b, "sucht nach", r->match, r->nmatch);
    md_patterns(b, "entfällt bei", r->unless, r->nunless);
    md_patterns(b, "nur in Listen nach dem Einleitungssatz", r->lead_in, r->nlead_in);
    for (i = 0; i < r->nseverity_if; i++) {
        char label[64];
        snprintf(label, sizeof label, "Schwere %s bei",
                 dci_severity_name(r->severity_if[i].severity));
        md_patterns(b, label, r->severity_if[i].match, r->severity_if[i].nmatch);
    }
    md_patterns(b, "ausgelöst durch", r->when_match, r->nwhen_match);
    for (i = 0; i < r->nwhen_answers; i++)
        dci_buf_printf(b, "- ausgelöst durch die Antwort `%s` = `%s`\n",
                       r->when_answers[i].question, r->when_answers[i].answer);
    for (i = 0; i < r->nwhen_rules; i++)
        dci_buf_printf(b, "- ausgelöst durch einen Befund der Regel `%s`\n", r->when_rules[i]);
    md_patterns(b, "fehlt im Geltungsbereich", r->absent, r->nabsent);
    absent_places(b, r, PLACE_LABEL, "- gesucht wird: ", "\n");
    if (r->type == DCI_RULE_QUESTION) {
        dci_buf_printf(b, "- Stufe: %s", dci_label(&dci_stages, r->stage));
        if (r->aspect)
            dci_buf_printf(b, " (Schwerpunkt %s)", r->aspect);
        dci_buf_puts(b, "; Antworten: ");
        for (i = 0; i < r->nanswers; i++)
            dci_buf_printf(b, "%s`%s`", i ? ", " : "", r->answers[i]);
        dci_buf_putc(b, '\n');
        for (i = 0; i < r->nprefill; i++) {
            char label[96];
            snprintf(label, sizeof label, "deutet auf `%s`", r->prefill[i].suggests);
            md_patterns(b, label, r->prefill[i].match, r->prefill[i].nmatch);
        }
    }
    md_examples(b, "Beispiele mit Befund", r->ex_match, r->nex_match);
    md_examples(b, "Beispiele ohne Befund", r->ex_no_match, r->nex_no_match);
}

/* The aspects of a principle as a table: number, short name, title, the
 * evidence (categories, rules) and the number of check questions. */
static void md_aspects(dci_buf *b, const digicheck_ruleset *rs, const dci_principle *p)
{
    size_t i, j;

    if (!p->naspects)
        return;
    dci_buf_puts(b, "\n| Schwerpunkt | Kurzname | Titel | Hinweise aus | Prüffragen |\n"
                    "|---|---|---|---|---:|\n");
    for (i = 0; i < p->naspects; i++) {
        const dci_aspect *a = &p->aspects[i];
        dci_buf_printf(b, "| %s | `%s` | ", a->id, a->name);
        dci_buf_markdown(b, a->title);
        dci_buf_puts(b, " | ");
        for (j = 0; j < a->ncategories; j++)
            dci_buf_printf(b, "%s`%s`", j ? ", " : "", a->categories[j]);
        for (j = 0; j < a->nrules; j++)
            dci_buf_printf(b, "%s`%s`", j || a->ncategories ? ", " : "", a->rules[j]);
        dci_buf_printf(b, " | %zu |\n", aspect_questions(rs, a));
    }
}

static void md_bases(dci_buf *b, const digicheck_ruleset *rs);

static void md_ruleset(dci_buf *b, const digicheck_ruleset *rs)
{
    size_t i, j;

    dci_buf_puts(b, "# ");
    dci_buf_markdown(b, rs->title);
    dci_buf_printf(b, "\n\nRegelwerk `%s`", rs->id);
    if (rs->version) {
        dci_buf_puts(b, ", Version ");
        dci_buf_markdown(b, rs->version);
    }
    dci_buf_printf(b, ", %zu Regeln. Diese Übersicht ist aus den Regeldateien erzeugt "
                      "(`digicheck rules -f markdown`); Änderungen gehören in die Regeldateien.\n",
                   rs->nrules);
    if (rs->description) {
        dci_buf_puts(b, "\n");
        dci_buf_markdown(b, rs->description);
        dci_buf_puts(b, "\n");
    }
    md_bases(b, rs);
    dci_buf_puts(b, "\n## Prinzipien\n\n| Prinzip | Titel | Prinzipien 2022 | Regeln |\n"
                    "|---|---|---|---:|\n");
    for (i = 0; i < rs->nprinciples; i++) {
        const dci_principle *p = &rs->principles[i];
        size_t n = 0;
        for (j = 0; j < rs->nrules; j++)
            n += rs->rules[j].principle_index == i;
        dci_buf_printf(b, "| %s | ", p->id);
        dci_buf_markdown(b, p->title);
        dci_buf_puts(b, " | ");
        for (j = 0; j < p->nlegacy; j++) {
            if (j)
                dci_buf_puts(b, ", ");
            dci_buf_markdown(b, p->legacy[j]);
        }
        dci_buf_printf(b, " | %zu |\n", n);
    }
    dci_buf_printf(b, "\n## Regeln\n\n| Regel | Prinzip | Kategorie | Schwere | Typ |%s\n"
                      "|---|---|---|---|---|%s\n", rs->nparts > 1 ? " Regelwerk |" : "",
                   rs->nparts > 1 ? "---|" : "");
    for (i = 0; i < rs->nrules; i++) {
        const dci_rule *r = &rs->rules[i];
        dci_buf_printf(b, "| `%s` | %s | `%s` | %s | %s |", r->id, r->principle, r->category,
                       dci_severity_name(r->severity), type_name(r));
        if (rs->nparts > 1)
            dci_buf_printf(b, " `%s` |", rs->parts[r->part].id);
        dci_buf_putc(b, '\n');
    }
    for (i = 0; i < rs->nprinciples; i++) {
        dci_buf_printf(b, "\n## %s ", rs->principles[i].id);
        dci_buf_markdown(b, rs->principles[i].title);
        dci_buf_putc(b, '\n');
        md_aspects(b, rs, &rs->principles[i]);
        for (j = 0; j < rs->nrules; j++)
            if (rs->rules[j].principle_index == i && rs->rules[j].part == 0)
                dci_describe_rule_md(b, rs, &rs->rules[j]);
    }
}

/* What a rule set that extends others takes from them: their names, and
 * where their rules are described (only its own rules are, here). */
static void md_bases(dci_buf *b, const digicheck_ruleset *rs)
{
    size_t i;

    if (rs->nparts < 2)
        return;
    dci_buf_puts(b, "\nErweitert ");
    for (i = 1; i < rs->nparts; i++) {
        dci_buf_printf(b, "%s`%s` (", i > 1 ? ", " : "", rs->parts[i].id);
        dci_buf_markdown(b, rs->parts[i].title);
        dci_buf_putc(b, ')');
    }
    dci_buf_printf(b, ": die Tabelle der Regeln nennt bei jeder das Regelwerk, aus dem sie "
                      "stammt; beschrieben sind hier nur die Regeln von `%s` (neue und "
                      "ersetzte, `override: true`), die übrigen in der Übersicht ihres "
                      "Regelwerks.\n", rs->parts[0].id);
}

/* ---- entry ----------------------------------------------------------------- */

int digicheck_ruleset_describe(const digicheck_ruleset *rs, const char *rule_id, int output,
                               char **out, size_t *len, digicheck_error *err)
{
    const dci_rule *only = NULL;
    dci_buf b = {0};

    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'out' is NULL");
    if (!rs)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'rs' is NULL");
    if (output != DIGICHECK_OUTPUT_TEXT && output != DIGICHECK_OUTPUT_JSON &&
        output != DIGICHECK_OUTPUT_MARKDOWN)
        return dci_error(err, DIGICHECK_EINVAL, rs->path, 0, 0,
                         "argument 'output' is %d; a rule set is described as "
                         "DIGICHECK_OUTPUT_TEXT, _JSON or _MARKDOWN", output);
    if (rule_id) {
        size_t i = dci_ruleset_find_rule(rs, rule_id);
        if (i == (size_t)-1)
            return dci_ruleset_no_rule(rs, rule_id, err);
        only = &rs->rules[i];
    }
    if (output == DIGICHECK_OUTPUT_JSON)
        json_ruleset(&b, rs, only);
    else if (output == DIGICHECK_OUTPUT_MARKDOWN && only)
        dci_describe_rule_md(&b, rs, only);
    else if (output == DIGICHECK_OUTPUT_MARKDOWN)
        md_ruleset(&b, rs);
    else if (only)
        text_rule(&b, rs, only);
    else
        text_list(&b, rs), text_questions(&b, rs);
    *out = dci_buf_detach(&b, len);
    return *out ? DIGICHECK_OK
                : dci_error(err, DIGICHECK_ENOMEM, rs->path, 0, 0,
                            "out of memory describing a rule set");
}
