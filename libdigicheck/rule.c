/*
 * rule.c -- reading one rule entry of a rule set file into a dci_rule.
 *
 * This module checks a rule's mapping against the rule language (DESIGN.md
 * §4): the keys each kind of rule (pattern, absence, lua, question) may
 * have, the fields all share (principle, category, severity, scope,
 * message, title, examples), and what each kind adds -- patterns,
 * `severity_if`, `when`, `absent` and `absent_in`, a question's stage,
 * answers, `applies_when` and `prefill`, a lua rule's script or inline
 * code (compiled once to check it, kept as text). Every pattern is
 * compiled here, and released here (dci_rules_free). The `when.rules`
 * entries are handed to the loader to resolve once every file is read. A
 * rule with `override: true` takes the place of the rule of a base rule
 * set with its id. The entries of `levels:`, which name rules, are checked
 * here too.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dci.h"
#include "regex.h"
#include "yaml.h"
#include "ruleset.h"
#include "draft.h"
#include "luacompile.h"
#include "answers.h"
#include "loader.h"
#include "rule.h"
#include "aspect.h"

enum {
    R_ID, R_TYPE, R_PRINCIPLE, R_CATEGORY, R_SEVERITY, R_SCOPE, R_MESSAGE, R_TITLE,
    R_SUGGESTION, R_REFERENCES, R_TAGS, R_CASE_SENSITIVE, R_EXAMPLES, R_MATCH, R_UNLESS,
    R_SEVERITY_IF, R_WHEN, R_ABSENT, R_STAGE, R_ANSWERS, R_APPLIES_WHEN, R_PREFILL, R_SCRIPT,
    R_CODE, R_ASPECT, R_ROLES, R_GROUP, R_LEAD_IN, R_OVERRIDE, R_ABSENT_IN
};
static const dci_keydef rule_keys[] = {
    { "id", K_ANY }, { "type", K_ANY }, { "principle", K_ANY }, { "category", K_ANY },
    { "severity", K_ANY }, { "scope", K_MATCHING }, { "message", K_ANY }, { "title", K_ANY },
    { "suggestion", K_ANY }, { "references", K_ANY }, { "tags", K_ANY },
    { "case_sensitive", K_MATCHING | K_QUESTION | K_RELEVANCE },
    { "examples", K_MATCHING | K_LUA },
    { "match", K_PATTERN | K_RELEVANCE }, { "unless", K_PATTERN | K_RELEVANCE },
    { "severity_if", K_PATTERN },
    { "when", K_ABSENCE }, { "absent", K_ABSENCE }, { "stage", K_QUESTION },
    { "answers", K_QUESTION }, { "applies_when", K_QUESTION }, { "prefill", K_QUESTION },
    { "script", K_LUA }, { "code", K_LUA }, { "aspect", K_QUESTION | K_RELEVANCE },
    { "roles", K_PATTERN }, { "group", K_PATTERN }, { "lead_in", K_PATTERN },
    { "override", K_ANY }, { "absent_in", K_ABSENCE },
};

/* A title names the finding in one line of the text form: a few words. */
#define TITLE_MAX 60

enum { E_MATCH, E_NO_MATCH };
static const dci_keydef example_keys[] = { { "match", K_ANY }, { "no_match", K_ANY } };

enum { W_MATCH, W_ANSWERS, W_RULES };
static const dci_keydef when_keys[] = {
    { "match", K_ANY }, { "answers", K_ANY }, { "rules", K_ANY }
};

_Static_assert(NKEYS(rule_keys) <= DCI_MAX_KEYS, "DCI_MAX_KEYS is too small");

/* ---- messages ------------------------------------------------------------ */

/* "P1, P2, P3": the principles whose id (or, with legacy set, one of whose
 * legacy ids) is id, or all of them when id is NULL; cut with "…" when long.
 * Returns how many were listed. */
static size_t principle_list(char *out, size_t cap, const dci_principle *p, size_t n,
                             const char *legacy)
{
    size_t i, j, used = 0, count = 0;

    out[0] = '\0';
    for (i = 0; i < n; i++) {
        for (j = 0; legacy && j < p[i].nlegacy && strcmp(p[i].legacy[j], legacy); j++)
            ;
        if (legacy && j == p[i].nlegacy)
            continue;
        if (used > cap / 2) {
            snprintf(out + used, cap - used, ", …");
            return count + 1;
        }
        used += (size_t)snprintf(out + used, cap - used, "%s%s", count ? ", " : "", p[i].id);
        count++;
    }
    return count;
}

/* "rule 'form.x'" or "rule #3" while its id is not known. */
static void rule_ctx(char *out, size_t cap, const char *id, size_t ordinal)
{
    if (id)
        snprintf(out, cap, "rule '%s'", id);
    else
        snprintf(out, cap, "rule #%zu", ordinal);
}

/* ---- values of rules ------------------------------------------------------ */

/* Compiles a list of patterns. The array is counted before compiling, so
 * that a failure half-way leaves every compiled pattern where the rule's
 * cleanup finds it. */
static int get_regexes(dci_loader *L, const dci_yaml_node *v, const char *key, const dci_rule *r,
                       int flags, int need_one, dci_regex **out, size_t *n)
{
    char ctx[160];
    dci_regex *re;
    size_t i, len = dci_list_len(v);
    int rc;

    rule_ctx(ctx, sizeof ctx, r->id, 0);
    if ((rc = dci_load_check_strings(L, v, key, ctx, need_one)) || !len)
        return rc;
    re = dci_arena_calloc(&L->rs->arena, len * sizeof *re);
    if (!re)
        return dci_load_oom(L);
    *out = re;
    *n = len;
    for (i = 0; i < len; i++) {
        /* through an alias, the place is still where the text is written */
        const dci_yaml_node *item = dci_yaml_deref(dci_list_item(v, i));
        const char *src = dci_load_strdup(L, item->str);
        if (!src)
            return dci_load_oom(L);
        if ((rc = dci_regex_compile(&re[i], src, flags, L->file, item->value_line,
                                    item->value_column, r->id, L->err)))
            return rc;
    }
    return DIGICHECK_OK;
}

/* ---- the parts of a rule ------------------------------------------------ */

static int read_rule_principle(dci_loader *L, dci_rule *r, const dci_yaml_node *v,
                               const char *ctx)
{
    size_t idx;
    char declared[300];
    int rc;

    if ((rc = dci_load_id(L, v, "principle", ctx, &r->principle)))
        return rc;
    idx = dci_loader_principle(L, r->principle);
    if (idx != DCI_NO_INDEX) {
        r->principle_index = idx;
        r->principle = L->rs->principles[idx].id;
        return DIGICHECK_OK;
    }
    if (principle_list(declared, sizeof declared, L->rs->principles, L->rs->nprinciples,
                       r->principle))
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "principle '%s' in %s is a legacy id; name a "
                             "current principle (it maps to: %s)", r->principle, ctx, declared);
    principle_list(declared, sizeof declared, L->rs->principles, L->rs->nprinciples, NULL);
    return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "unknown principle '%s' in %s (declared: %s)",
                         r->principle, ctx, declared);
}

static int read_examples(dci_loader *L, dci_rule *r, const dci_yaml_node *node, const char *ctx)
{
    const dci_yaml_node *v[NKEYS(example_keys)];
    char where[200];
    int rc;

    if (!node)
        return DIGICHECK_OK;
    snprintf(where, sizeof where, "'examples' of %s", ctx);
    if ((rc = dci_load_kind(L, node, DCI_YAML_MAPPING, "a mapping {match: […], no_match: […]}",
                            where)) ||
        (rc = dci_load_keys(L, node, example_keys, NKEYS(example_keys), K_ANY, where, v)) ||
        (rc = dci_load_strings(L, v[E_MATCH], "match", where, &r->ex_match, &r->nex_match)) ||
        (rc = dci_load_strings(L, v[E_NO_MATCH], "no_match", where, &r->ex_no_match,
                               &r->nex_no_match)))
        return rc;
    return DIGICHECK_OK;
}

/* The allowed answer that a is (ignoring case), as the rule spells it; or NULL. */
static const char *allowed_answer(const dci_rule *r, const char *a)
{
    size_t i;

    for (i = 0; i < r->nanswers; i++)
        if (strcasecmp(r->answers[i], a) == 0)
            return r->answers[i];
    return NULL;
}

/* A list of {match: [...], <value key>}: severity_if (value "severity") or
 * prefill (value "suggests", one of the question's answers). */
static int read_guards(dci_loader *L, dci_rule *r, const dci_yaml_node *node, const char *key,
                       int flags, const char *ctx, dci_guard **out, size_t *n)
{
    const dci_yaml_node *list = dci_yaml_deref(node);
    int severity = strcmp(key, "severity_if") == 0;
    const dci_keydef keys[] = { { "match", K_ANY }, { severity ? "severity" : "suggests", K_ANY } };
    char where[200], what[64], pattern_key[32];
    size_t i;
    int rc;

    if (!node)
        return DIGICHECK_OK;
    snprintf(where, sizeof where, "'%s' of %s", key, ctx);
    snprintf(what, sizeof what, "a mapping {match, %s}", keys[1].name);
    snprintf(pattern_key, sizeof pattern_key, "%s.match", key);
    if ((rc = dci_load_kind(L, node, DCI_YAML_SEQUENCE, "a list of mappings", where)))
        return rc;
    if (!list->nitems)
        return DIGICHECK_OK;
    *out = dci_arena_calloc(&L->rs->arena, list->nitems * sizeof **out);
    if (!*out)
        return dci_load_oom(L);
    *n = list->nitems;
    for (i = 0; i < list->nitems; i++) {
        dci_guard *g = &(*out)[i];
        const dci_yaml_node *item = list->items[i], *v[2];
        const char *s = NULL;
        if ((rc = dci_load_kind(L, item, DCI_YAML_MAPPING, what, where)) ||
            (rc = dci_load_keys(L, item, keys, 2, K_ANY, where, v)) ||
            (rc = dci_load_require(L, item, v[0], "match", where)) ||
            (rc = dci_load_require(L, item, v[1], keys[1].name, where)) ||
            (rc = get_regexes(L, v[0], pattern_key, r, flags, 1, &g->match, &g->nmatch)))
            return rc;
        if (severity) {
            if ((rc = dci_load_choice(L, v[1], "severity", where, &dci_severities,
                                      &g->severity, NULL)))
                return rc;
            continue;
        }
        if ((rc = dci_load_string(L, v[1], "suggests", where, &s)))
            return rc;
        if (!(g->suggests = allowed_answer(r, dci_answer_canonical(s))))
            return dci_load_fail(L, DIGICHECK_ESCHEMA, v[1],
                                 "%s suggests '%s', which is not one of its answers", where, s);
    }
    return DIGICHECK_OK;
}

static int read_answers(dci_loader *L, dci_rule *r, const dci_yaml_node *node, const char *where)
{
    return dci_answers_read(node, where, L->file, &L->rs->arena, &r->when_answers,
                            &r->nwhen_answers, L->err);
}

/* Remembers each `when.rules` entry with its place; the rules it names may
 * come later or from another file. */
static int read_when_rules(dci_loader *L, size_t ri, const dci_yaml_node *node, const char *where)
{
    dci_rule *r = &L->rules[ri];
    size_t i;
    int rc;

    if ((rc = dci_load_strings(L, node, "rules", where, &r->when_rules, &r->nwhen_rules)) ||
        !r->nwhen_rules)
        return rc;
    r->when_rule_index = dci_arena_alloc(&L->rs->arena, r->nwhen_rules * sizeof(size_t));
    if (!r->when_rule_index)
        return dci_load_oom(L);
    for (i = 0; i < r->nwhen_rules; i++) {
        r->when_rule_index[i] = DCI_NO_INDEX;
        if ((rc = dci_loader_add_ref(L, ri, i, dci_list_item(node, i))))
            return rc;
    }
    return DIGICHECK_OK;
}

/* `when` of an absence rule, `applies_when` of a question (key). */
static int read_when(dci_loader *L, size_t ri, const dci_yaml_node *node, int flags,
                     const char *key, const char *ctx)
{
    dci_rule *r = &L->rules[ri];
    const dci_yaml_node *v[NKEYS(when_keys)];
    char where[200];
    int rc;

    snprintf(where, sizeof where, "'%s' of %s", key, ctx);
    if ((rc = dci_load_kind(L, node, DCI_YAML_MAPPING, "a mapping {match, answers, rules}",
                            where)) ||
        (rc = dci_load_keys(L, node, when_keys, NKEYS(when_keys), K_ANY, where, v)) ||
        (rc = get_regexes(L, v[W_MATCH], "when.match", r, flags, 0, &r->when_match,
                          &r->nwhen_match)) ||
        (rc = read_answers(L, r, v[W_ANSWERS], where)) ||
        (rc = read_when_rules(L, ri, v[W_RULES], where)))
        return rc;
    r = &L->rules[ri];
    if (!r->nwhen_match && !r->nwhen_answers && !r->nwhen_rules)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, node, "%s needs at least one trigger: 'match', "
                             "'answers' or 'rules'", where);
    return DIGICHECK_OK;
}

static int read_rule_type(dci_loader *L, const dci_yaml_node *v, const char *ctx, int *type)
{
    *type = DCI_RULE_PATTERN;
    return dci_load_choice(L, v, "rule type", ctx, &dci_rule_types, type, NULL);
}

/* A lua rule: `script:` names a Lua file inside the rule set directory,
 * `code:` holds the chunk itself (best as a literal block, `code: |`, whose
 * lines stay the lines of the file). The chunk is compiled once to check it;
 * the rule keeps its text. */
static int read_lua(dci_loader *L, dci_rule *r, const dci_yaml_node *node,
                    const dci_yaml_node **v, const char *ctx)
{
    const dci_yaml_node *code = dci_yaml_deref(v[R_CODE]);
    const char *name = NULL, *file = L->file, *text;
    char *owned = NULL, *chunk, *label;
    size_t len, bad, pad = 0;
    long line, column;
    int rc;

    if (!v[R_SCRIPT] == !v[R_CODE])
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v[R_CODE] ? v[R_CODE] : node, "%s needs either "
                             "'script' (a Lua file) or 'code' (inline Lua)%s", ctx,
                             v[R_CODE] ? ", not both" : "");
    if (v[R_SCRIPT]) {
        if ((rc = dci_load_string(L, v[R_SCRIPT], "script", ctx, &name)) ||
            (rc = dci_load_resolve(L, v[R_SCRIPT], name, "script", "script", &file)) ||
            (rc = dci_read_file(&owned, &len, file, (size_t)DIGICHECK_LIMIT_RULE_FILE_SIZE,
                                L->err)))
            return rc;
        text = owned;
    } else {
        if ((rc = dci_load_expect_string(L, v[R_CODE], "code", ctx)))
            return rc;
        text = code->str;
        len = code->len;
        pad = (size_t)(code->style == DCI_YAML_LITERAL || code->style == DCI_YAML_FOLDED
                       ? code->line : code->value_line - 1);
    }
    bad = dci_utf8_invalid(text, len);
    if (bad < len) {
        dci_offset_linecol(text, bad, &line, &column);
        rc = dci_error(L->err, DIGICHECK_EENCODING, file, line, column, "the Lua code of %s "
                       "is not valid UTF-8 or holds a NUL byte", ctx);
        goto done;
    }
    chunk = dci_arena_alloc(&L->rs->arena, pad + len + 1);
    label = dci_arena_alloc(&L->rs->arena, strlen(dci_load_short_name(L, file)) + 2);
    if (!chunk || !label) {
        rc = dci_load_oom(L);
        goto done;
    }
    memset(chunk, '\n', pad);
    memcpy(chunk + pad, text, len);
    chunk[pad + len] = '\0';
    label[0] = '@';
    strcpy(label + 1, dci_load_short_name(L, file));
    r->lua_src = chunk;
    r->lua_len = pad + len;
    r->lua_name = label;
    rc = dci_lua_compile(chunk, pad + len, label, file, r->id, L->err);
done:
    dci_free(owned);
    return rc;
}
static int read_rule_common(dci_loader *L, dci_rule *r, const dci_yaml_node *node,
                            const dci_yaml_node **v, const char *ctx, int *flags)
{
    int case_sensitive = 0, rc;

    int question = r->type == DCI_RULE_QUESTION;
    int relevance = r->type == DCI_RULE_RELEVANCE;

    /* a question is of category "question" and of severity info unless set;
     * a relevance rule says where a principle matters, it has no category
     * of defect unless it names one */
    r->category = question ? "question" : relevance ? "relevance" : NULL;
    r->severity = DIGICHECK_SEVERITY_INFO;
    if ((rc = dci_load_require(L, node, v[R_PRINCIPLE], "principle", ctx)) ||
        (!question && !relevance &&
         (rc = dci_load_require(L, node, v[R_CATEGORY], "category", ctx))) ||
        (!question && !relevance &&
         (rc = dci_load_require(L, node, v[R_SEVERITY], "severity", ctx))) ||
        (rc = dci_load_require(L, node, v[R_MESSAGE], "message", ctx)) ||
        (rc = read_rule_principle(L, r, v[R_PRINCIPLE], ctx)) ||
        (rc = dci_load_choice(L, v[R_CATEGORY], "category", ctx, &dci_categories, NULL,
                              &r->category)) ||
        (rc = dci_load_choice(L, v[R_SEVERITY], "severity", ctx, &dci_severities,
                              &r->severity, NULL)) ||
        (rc = dci_load_choice(L, v[R_SCOPE], "scope", ctx, &dci_scopes, &r->scope,
                              NULL)) ||
        (rc = dci_load_string(L, v[R_MESSAGE], "message", ctx, &r->message)) ||
        (rc = dci_load_string(L, v[R_SUGGESTION], "suggestion", ctx, &r->suggestion)) ||
        (rc = dci_load_string(L, v[R_TITLE], "title", ctx, &r->title)) ||
        (rc = dci_load_strings(L, v[R_REFERENCES], "references", ctx, &r->references,
                               &r->nreferences)) ||
        (rc = dci_load_strings(L, v[R_TAGS], "tags", ctx, &r->tags, &r->ntags)) ||
        (rc = read_examples(L, r, v[R_EXAMPLES], ctx)))
        return rc;
    if (r->title && (strchr(r->title, '\n') ||
                     dci_utf8_count(r->title, strlen(r->title)) > TITLE_MAX))
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v[R_TITLE],
                             "the title of %s is longer than %d characters or more than one "
                             "line; a title is a few words, the message says the rest", ctx,
                             TITLE_MAX);
    if (question && strcmp(r->category, "question") != 0)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v[R_CATEGORY],
                             "%s is a question: its category is 'question', not '%s'", ctx,
                             r->category);
    if ((rc = dci_load_bool(L, v[R_CASE_SENSITIVE], "case_sensitive", ctx, &case_sensitive)))
        return rc;
    /* a rule's long alternations are also searched branch by branch */
    *flags = (case_sensitive ? 0 : DCI_RE_CASELESS) | DCI_RE_BRANCHES;
    return DIGICHECK_OK;
}

/* The answers a question allows (default yes, no, unsure), canonical. */
static int read_allowed_answers(dci_loader *L, dci_rule *r, const dci_yaml_node *v,
                                const char *ctx)
{
    static const char *const standard[] = { "yes", "no", "unsure" };
    size_t i;
    int rc;

    if (!v) {
        r->answers = (const char **)standard;
        r->nanswers = 3;
        return DIGICHECK_OK;
    }
    if ((rc = dci_load_strings(L, v, "answers", ctx, &r->answers, &r->nanswers)))
        return rc;
    if (!r->nanswers)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "'answers' of %s needs at least one answer",
                             ctx);
    for (i = 0; i < r->nanswers; i++)
        r->answers[i] = dci_answer_canonical(r->answers[i]);
    return DIGICHECK_OK;
}

/* `aspect:` of a question: an aspect of its principle; the questions of
 * stage aspekt need one. */
static int read_question_aspect(dci_loader *L, dci_rule *r, const dci_yaml_node *node,
                                const dci_yaml_node *v, const char *ctx)
{
    const dci_principle *p = &L->rs->principles[r->principle_index];
    size_t i;
    int rc;

    if (r->stage == DCI_STAGE_ASPEKT && (rc = dci_load_require(L, node, v, "aspect", ctx)))
        return rc;
    if (!v)
        return DIGICHECK_OK;
    if ((rc = dci_load_id(L, v, "aspect", ctx, &r->aspect)))
        return rc;
    if ((r->aspect_index = dci_principle_aspect(p, r->aspect)) != DCI_NO_INDEX) {
        r->aspect = p->aspects[r->aspect_index].id;
        return DIGICHECK_OK;
    }
    if (!p->naspects)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "unknown aspect '%s' in %s: principle "
                             "'%s' declares no aspects", r->aspect, ctx, p->id);
    {
        char list[300] = "";
        for (i = 0; i < p->naspects && strlen(list) < sizeof list / 2; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     p->aspects[i].id);
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "unknown aspect '%s' in %s (aspects of "
                             "principle '%s': %s)", r->aspect, ctx, p->id, list);
    }
}

static int read_question(dci_loader *L, size_t ri, const dci_yaml_node *node,
                         const dci_yaml_node **v, int flags, const char *ctx)
{
    dci_rule *r = &L->rules[ri];
    int rc;

    if ((rc = dci_load_require(L, node, v[R_STAGE], "stage", ctx)) ||
        (rc = dci_load_choice(L, v[R_STAGE], "stage", ctx, &dci_stages, &r->stage,
                              NULL)) ||
        (rc = read_allowed_answers(L, r, v[R_ANSWERS], ctx)) ||
        (rc = read_question_aspect(L, r, node, v[R_ASPECT], ctx)) ||
        (v[R_APPLIES_WHEN] &&
         (rc = read_when(L, ri, v[R_APPLIES_WHEN], flags, "applies_when", ctx))))
        return rc;
    r = &L->rules[ri];
    return read_guards(L, r, v[R_PREFILL], "prefill", flags, ctx, &r->prefill, &r->nprefill);
}

/* A relevance rule: patterns that mark where its principle (and aspect)
 * matters, and patterns that cancel a mark in the same Satz. */
static int read_relevance(dci_loader *L, dci_rule *r, const dci_yaml_node *node,
                          const dci_yaml_node **v, int flags, const char *ctx)
{
    int rc;

    if ((rc = dci_load_require(L, node, v[R_MATCH], "match", ctx)) ||
        (rc = get_regexes(L, v[R_MATCH], "match", r, flags, 1, &r->match, &r->nmatch)) ||
        (rc = get_regexes(L, v[R_UNLESS], "unless", r, flags, 0, &r->unless, &r->nunless)))
        return rc;
    return read_question_aspect(L, r, node, v[R_ASPECT], ctx);
}

/* ---- one rule, and the list of them ---------------------------------------- */

static void free_regexes(dci_regex *re, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        dci_regex_free(&re[i]);
}

static void free_guards(dci_guard *g, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free_regexes(g[i].match, g[i].nmatch);
}

void dci_rule_free_severity_if(dci_rule *r)
{
    free_guards(r->severity_if, r->nseverity_if);
    r->severity_if = NULL;
    r->nseverity_if = 0;
}

void dci_rules_free(dci_rule *rules, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        dci_rule *r = &rules[i];
        free_regexes(r->match, r->nmatch);
        free_regexes(r->unless, r->nunless);
        free_regexes(r->when_match, r->nwhen_match);
        free_regexes(r->absent, r->nabsent);
        free_regexes(r->lead_in, r->nlead_in);
        dci_rule_free_severity_if(r);
        free_guards(r->prefill, r->nprefill);
    }
}

/* A list of names of table t under key into the bits *out (1 << value);
 * dflt when the key is absent. */
static int read_name_bits(dci_loader *L, const dci_yaml_node *v, const char *key,
                          const dci_names *t, unsigned dflt, const char *ctx, unsigned *out)
{
    size_t i;
    int rc, value;

    *out = dflt;
    if (!v)
        return DIGICHECK_OK;
    if ((rc = dci_load_check_strings(L, v, key, ctx, 1)))
        return rc;
    *out = 0;
    for (i = 0; i < dci_list_len(v); i++) {
        if ((rc = dci_load_choice(L, dci_list_item(v, i), key, ctx, t, &value, NULL)))
            return rc;
        *out |= 1u << value;
    }
    return DIGICHECK_OK;
}

/* `roles:` the roles of text a pattern rule reads (draft.h): by default
 * provisions and the new wording of amendments. */
static int read_roles(dci_loader *L, dci_rule *r, const dci_yaml_node *v, const char *ctx)
{
    return read_name_bits(L, v, "roles", &dci_roles, DCI_ROLES_DEFAULT, ctx, &r->roles);
}

/* A rule read to its end into rule ri; *replaces is the rule of a base that
 * it overrides, or DCI_NO_INDEX. */
static int read_rule_entry(dci_loader *L, const dci_yaml_node *node, size_t ordinal,
                           size_t *replaces)
{
    const dci_yaml_node *v[NKEYS(rule_keys)], *m = dci_yaml_deref(node);
    const char *id = NULL;
    char ctx[160];
    size_t ri;
    dci_rule *r;
    int type, flags = 0, override = 0, rc;

    rule_ctx(ctx, sizeof ctx, NULL, ordinal);
    if ((rc = dci_load_kind(L, node, DCI_YAML_MAPPING, "a mapping", ctx)) ||
        (rc = dci_load_require(L, node, dci_yaml_map_get(m, "id"), "id", ctx)) ||
        (rc = dci_load_id(L, dci_yaml_map_get(m, "id"), "rule id", ctx, &id)))
        return rc;
    rule_ctx(ctx, sizeof ctx, id, ordinal);
    if ((rc = read_rule_type(L, dci_yaml_map_get(m, "type"), ctx, &type)) ||
        (rc = dci_load_keys(L, node, rule_keys, NKEYS(rule_keys), 1u << (type - 1), ctx, v)))
        return rc;
    if (!(r = dci_loader_new_rule(L)))
        return dci_load_oom(L);
    ri = L->nrules - 1;
    r->id = id;
    r->type = type;
    r->scope = DCI_SCOPE_SENTENCE;
    r->file = L->file;
    r->line = node->line;
    r->column = node->column;
    r->part = L->part;
    if ((rc = dci_load_bool(L, v[R_OVERRIDE], "override", ctx, &override)) ||
        (rc = dci_loader_name_rule(L, ri, v[R_ID], override, replaces)) ||
        (rc = read_rule_common(L, r, node, v, ctx, &flags)))
        return rc;
    if (type == DCI_RULE_LUA)
        return read_lua(L, r, node, v, ctx);
    if (type == DCI_RULE_PATTERN) {
        if ((rc = dci_load_require(L, node, v[R_MATCH], "match", ctx)) ||
            (rc = get_regexes(L, v[R_MATCH], "match", r, flags, 1, &r->match, &r->nmatch)) ||
            (rc = get_regexes(L, v[R_UNLESS], "unless", r, flags, 0, &r->unless,
                              &r->nunless)) ||
            (rc = read_guards(L, r, v[R_SEVERITY_IF], "severity_if", flags, ctx,
                              &r->severity_if, &r->nseverity_if)) ||
            (rc = read_roles(L, r, v[R_ROLES], ctx)) ||
            (rc = dci_load_choice(L, v[R_GROUP], "group", ctx, &dci_groups, &r->group, NULL)) ||
            (rc = get_regexes(L, v[R_LEAD_IN], "lead_in", r, flags, 0, &r->lead_in,
                              &r->nlead_in)))
            return rc;
        return DIGICHECK_OK;
    }
    if (type == DCI_RULE_QUESTION)
        return read_question(L, ri, node, v, flags, ctx);
    if (type == DCI_RULE_RELEVANCE)
        return read_relevance(L, r, node, v, flags, ctx);
    if ((rc = dci_load_require(L, node, v[R_WHEN], "when", ctx)) ||
        (rc = dci_load_require(L, node, v[R_ABSENT], "absent", ctx)) ||
        (rc = read_when(L, ri, v[R_WHEN], flags, "when", ctx)))
        return rc;
    r = &L->rules[ri];
    if ((rc = read_name_bits(L, v[R_ABSENT_IN], "absent_in", &dci_absent_places,
                             DCI_ABSENT_IN_SCOPE, ctx, &r->absent_in)))
        return rc;
    return get_regexes(L, v[R_ABSENT], "absent", r, flags, 1, &r->absent, &r->nabsent);
}

static int read_rule(dci_loader *L, const dci_yaml_node *node, size_t ordinal)
{
    size_t replaces = DCI_NO_INDEX;
    int rc = read_rule_entry(L, node, ordinal, &replaces);

    /* only once the rule is whole: a failure half-way leaves the base's
     * rule in place and the new one where the cleanup finds it */
    if (rc == DIGICHECK_OK && replaces != DCI_NO_INDEX) {
        dci_rules_free(&L->rules[replaces], 1);
        dci_loader_replace_rule(L, replaces, L->nrules - 1);
    }
    return rc;
}

int dci_load_rules(dci_loader *L, const dci_yaml_node *v)
{
    const dci_yaml_node *list = dci_yaml_deref(v);
    size_t i;
    int rc;

    if (!v)
        return DIGICHECK_OK;
    if ((rc = dci_load_kind(L, v, DCI_YAML_SEQUENCE, "a list of rules", "'rules'")))
        return rc;
    for (i = 0; i < list->nitems; i++)
        if ((rc = read_rule(L, list->items[i], i + 1)))
            return rc;
    return DIGICHECK_OK;
}

/* `levels:` {RULE-ID: off | info | warning | error}: the rules of this set
 * or of its bases, checked here and applied once the rule set is whole. */
int dci_load_levels(dci_loader *L, const dci_yaml_node *v)
{
    const dci_yaml_node *m = dci_yaml_deref(v);
    size_t i;
    int rc, level;

    if (!v)
        return DIGICHECK_OK;
    if ((rc = dci_load_kind(L, v, DCI_YAML_MAPPING, "a mapping {RULE-ID: off | info | warning | "
                            "error}", "'levels'")))
        return rc;
    for (i = 0; i < m->npairs; i++) {
        const dci_yaml_node *key = m->pairs[i].key, *val = m->pairs[i].value;
        const char *id = NULL, *near;
        size_t k;
        if ((rc = dci_load_id(L, key, "rule id", "'levels'", &id)))
            return rc;
        k = dci_loader_rule(L, id);
        if (k == DCI_NO_INDEX || !dci_loader_sees(L, L->rules[k].part)) {
            near = dci_loader_nearest_rule(L, id, 0);
            return dci_load_fail(L, DIGICHECK_ESCHEMA, key, "unknown rule '%s' in 'levels'%s%s%s",
                                 id, near ? "; did you mean '" : "; name a rule of this rule "
                                 "set or of one it extends", near ? near : "", near ? "'?" : "");
        }
        if ((rc = dci_load_require(L, key, dci_yaml_is_null(val) ? NULL : val, "level",
                                   "'levels'")) ||
            (rc = dci_load_choice(L, val, "level", "'levels'", &dci_levels, &level, NULL)) ||
            (rc = dci_loader_add_level(L, L->rules[k].id, level, key)))
            return rc;
    }
    return DIGICHECK_OK;
}
