/*
 * ruleset.c -- loading, validating and releasing rule sets.
 *
 * This module owns struct digicheck_ruleset: it reads ruleset.yaml and the
 * files it includes through the YAML tree of yaml.c, checks them against the
 * rule language (DESIGN.md §4) and compiles every pattern. Rule authors are
 * its users, so every error names the file, line and column at fault and
 * says what to write instead. The Lua code of `lua` rules is read (from a
 * script inside the rule set directory, or inline), compiled once to check
 * it (lua.c) and kept as text: each checker compiles it again for its own
 * Lua state. A loaded rule set is immutable and shared by
 * reference count; the last reference frees its arena and the compiled
 * patterns, which PCRE2 allocates outside the arena.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "dci.h"
#include "regex.h"
#include "prefilter.h"
#include "yaml.h"
#include "ruleset.h"
#include "lua.h"

#define NO_INDEX ((size_t)-1)

static const char *const categories[] = {
    "written-form", "signature", "personal-appearance", "original-document",
    "paper-or-post", "technology-lock-in", "proof-submission", "data-reuse", "vague-term",
    "discretion", "personal-data", "it-security", "accessibility", "interoperability",
    "question", NULL
};
/* Categories are kept as strings: the table only says which exist. */
static const dci_names category_names = { 0, categories, NULL };
static const char *const severity_names[] = { "info", "warning", "error", NULL };
const dci_names dci_severities = { DIGICHECK_SEVERITY_INFO, severity_names, NULL };
static const char *const scope_names[] = { "sentence", "paragraph", "section", "document", NULL };
static const char *const scope_labels[] = { "Satz", "Absatz", "Paragraf", "Dokument", NULL };
const dci_names dci_scopes = { DCI_SCOPE_SENTENCE, scope_names, scope_labels };
static const char *const type_names[] = { "pattern", "absence", "lua", "question", NULL };
const dci_names dci_rule_types = { DCI_RULE_PATTERN, type_names, NULL };
static const char *const stage_names[] = { "vorpruefung", "praxischeck", NULL };
const dci_names dci_stages = { DCI_STAGE_VORPRUEFUNG, stage_names, NULL };

/* The keys a mapping may hold. `kinds` says for which kinds of rule a key
 * is allowed (the bit 1 << (type - 1) of each); every other mapping uses
 * K_ANY. */
enum {
    K_PATTERN = 1, K_ABSENCE = 2, K_LUA = 4, K_QUESTION = 8, K_MATCHING = K_PATTERN | K_ABSENCE,
    K_ANY = K_PATTERN | K_ABSENCE | K_LUA | K_QUESTION
};

typedef struct keydef {
    const char *name;
    unsigned kinds;
} keydef;

#define NKEYS(defs) (sizeof defs / sizeof defs[0])

enum { T_DIGICHECK, T_ID, T_TITLE, T_VERSION, T_DESCRIPTION, T_PRINCIPLES, T_INCLUDE, T_RULES };
static const keydef top_keys[] = {
    { "digicheck", K_ANY }, { "id", K_ANY }, { "title", K_ANY }, { "version", K_ANY },
    { "description", K_ANY }, { "principles", K_ANY }, { "include", K_ANY },
    { "rules", K_ANY },
};

enum { I_RULES, I_DESCRIPTION };
static const keydef included_keys[] = { { "rules", K_ANY }, { "description", K_ANY } };

enum { P_ID, P_TITLE, P_LEGACY, P_DESCRIPTION };
static const keydef principle_keys[] = {
    { "id", K_ANY }, { "title", K_ANY }, { "legacy", K_ANY }, { "description", K_ANY },
};

enum {
    R_ID, R_TYPE, R_PRINCIPLE, R_CATEGORY, R_SEVERITY, R_SCOPE, R_MESSAGE, R_SUGGESTION,
    R_REFERENCES, R_TAGS, R_CASE_SENSITIVE, R_EXAMPLES, R_MATCH, R_UNLESS, R_SEVERITY_IF,
    R_WHEN, R_ABSENT, R_STAGE, R_ANSWERS, R_APPLIES_WHEN, R_PREFILL, R_SCRIPT, R_CODE
};
static const keydef rule_keys[] = {
    { "id", K_ANY }, { "type", K_ANY }, { "principle", K_ANY }, { "category", K_ANY },
    { "severity", K_ANY }, { "scope", K_MATCHING }, { "message", K_ANY },
    { "suggestion", K_ANY }, { "references", K_ANY }, { "tags", K_ANY },
    { "case_sensitive", K_MATCHING | K_QUESTION }, { "examples", K_MATCHING | K_LUA },
    { "match", K_PATTERN }, { "unless", K_PATTERN }, { "severity_if", K_PATTERN },
    { "when", K_ABSENCE }, { "absent", K_ABSENCE }, { "stage", K_QUESTION },
    { "answers", K_QUESTION }, { "applies_when", K_QUESTION }, { "prefill", K_QUESTION },
    { "script", K_LUA }, { "code", K_LUA },
};

enum { E_MATCH, E_NO_MATCH };
static const keydef example_keys[] = { { "match", K_ANY }, { "no_match", K_ANY } };

enum { W_MATCH, W_ANSWERS, W_RULES };
static const keydef when_keys[] = { { "match", K_ANY }, { "answers", K_ANY }, { "rules", K_ANY } };

#define MAX_KEYS 23     /* the most keys of any table above */
_Static_assert(NKEYS(rule_keys) <= MAX_KEYS, "MAX_KEYS is too small");

/* An id -> index table (open addressing) for rule and principle ids: a
 * hostile rule set may hold many thousands of rules. */
typedef struct id_slot {
    const char *id;
    size_t index;
} id_slot;

typedef struct id_table {
    id_slot *slots;
    size_t cap, count;
} id_table;

/* A `when.rules` entry, resolved once every file is read. */
typedef struct pending_ref {
    size_t rule, entry;
    const char *file;
    long line, column;
} pending_ref;

typedef struct loader {
    digicheck_ruleset *rs;
    digicheck_error *err;
    const char *file;               /* the file being read, as shown in errors */
    const char *dir;                /* the rule set directory as the caller named it */
    dci_rule *rules; size_t nrules, rules_cap;      /* on the heap until done */
    pending_ref *refs; size_t nrefs, refs_cap;
    id_table rule_ids, principle_ids;
} loader;

static int vfail(loader *L, int code, const char *file, long line, long column,
                 const char *fmt, va_list ap)
{
    char msg[512];

    vsnprintf(msg, sizeof msg, fmt, ap);
    return dci_error(L->err, code, file, line, column, "%s", msg);
}

/* An error about a node of the file being read. */
static int fail(loader *L, int code, const dci_yaml_node *at, const char *fmt, ...)
    DCI_PRINTF(4, 5);

static int fail(loader *L, int code, const dci_yaml_node *at, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vfail(L, code, L->file, at ? at->line : 0, at ? at->column : 0, fmt, ap);
    va_end(ap);
    return rc;
}

/* An error about a `when.rules` entry, found after its file was read. */
static int fail_ref(loader *L, const pending_ref *p, const char *fmt, ...) DCI_PRINTF(3, 4);

static int fail_ref(loader *L, const pending_ref *p, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vfail(L, DIGICHECK_ESCHEMA, p->file, p->line, p->column, fmt, ap);
    va_end(ap);
    return rc;
}

static int oom(loader *L)
{
    return dci_error(L->err, DIGICHECK_ENOMEM, L->file, 0, 0,
                     "out of memory loading the rule set");
}

static const char *copy_str(loader *L, const char *s)
{
    return dci_arena_strdup(&L->rs->arena, s);
}

/* ---- id tables ----------------------------------------------------------- */

static id_slot *id_slot_for(const id_table *t, const char *id)
{
    size_t mask = t->cap - 1, i;

    for (i = dci_hash_str(id) & mask; t->slots[i].id; i = (i + 1) & mask)
        if (strcmp(t->slots[i].id, id) == 0)
            break;
    return &t->slots[i];
}

static size_t id_get(const id_table *t, const char *id)
{
    const id_slot *s;

    if (!t->cap)
        return NO_INDEX;
    s = id_slot_for(t, id);
    return s->id ? s->index : NO_INDEX;
}

/* Adds id (which must not be there yet); the string must outlive the table. */
static int id_put(id_table *t, const char *id, size_t index)
{
    if ((t->count + 1) * 2 > t->cap) {
        id_table bigger = { NULL, t->cap ? t->cap * 2 : 64, 0 };
        size_t i;
        if (bigger.cap > ((size_t)-1) / sizeof *bigger.slots)
            return DIGICHECK_ENOMEM;
        bigger.slots = dci_malloc(bigger.cap * sizeof *bigger.slots);
        if (!bigger.slots)
            return DIGICHECK_ENOMEM;
        memset(bigger.slots, 0, bigger.cap * sizeof *bigger.slots);
        for (i = 0; i < t->cap; i++)
            if (t->slots[i].id)
                *id_slot_for(&bigger, t->slots[i].id) = t->slots[i];
        bigger.count = t->count;
        dci_free(t->slots);
        *t = bigger;
    }
    id_slot_for(t, id)->id = id;
    id_slot_for(t, id)->index = index;
    t->count++;
    return DIGICHECK_OK;
}

/* ---- messages ------------------------------------------------------------ */

/* "a pattern", "an absence", "a lua", "a question": the kind of a rule (one
 * bit). */
static const char *kind_name(unsigned kind)
{
    return kind == K_PATTERN ? "a pattern" : kind == K_ABSENCE ? "an absence"
         : kind == K_LUA ? "a lua" : "a question";
}

/* The kinds of rule a key belongs to, for a message. */
static const char *kinds_name(unsigned kinds)
{
    switch (kinds) {
    case K_PATTERN:              return "pattern";
    case K_ABSENCE:              return "absence";
    case K_LUA:                  return "lua";
    case K_QUESTION:             return "question";
    case K_MATCHING | K_LUA:     return "pattern, absence and lua";
    case K_MATCHING | K_QUESTION: return "pattern, absence and question";
    default:                     return "pattern and absence";
    }
}

/* Levenshtein distance, for "did you mean" hints; long words are not
 * compared (their distance is reported as large). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t row[33];

    if (la > 32 || lb > 32)
        return (size_t)-1;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

/* Writes "; did you mean 'x'? (allowed: a, b, c)" for a word that is not in
 * the list: names[i] where kinds[i] has a bit of mask, or every name when
 * kinds is NULL. */
static void hint(char *out, size_t cap, const char *word, const char *const *names,
                 const unsigned *kinds, unsigned mask, size_t n)
{
    size_t i, best = NO_INDEX, best_d = 3, used;
    int first = 1;

    for (i = 0; i < n; i++) {
        size_t d;
        if (kinds && !(kinds[i] & mask))
            continue;
        d = edit_distance(word, names[i]);
        if (d < best_d && d < strlen(word)) {
            best = i;
            best_d = d;
        }
    }
    if (best != NO_INDEX)
        used = (size_t)snprintf(out, cap, "; did you mean '%s'? (allowed:", names[best]);
    else
        used = (size_t)snprintf(out, cap, " (allowed:");
    for (i = 0; i < n && used < cap; i++) {
        if (kinds && !(kinds[i] & mask))
            continue;
        used += (size_t)snprintf(out + used, cap - used, "%s %s", first ? "" : ",", names[i]);
        first = 0;
    }
    if (used < cap)
        snprintf(out + used, cap - used, ")");
}

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

/* ---- reading values ------------------------------------------------------ */

static int expect_kind(loader *L, const dci_yaml_node *v, int kind, const char *what,
                       const char *ctx)
{
    const dci_yaml_node *d = dci_yaml_deref(v);

    if (d && d->kind == kind && !(kind == DCI_YAML_SCALAR && dci_yaml_is_null(d)))
        return DIGICHECK_OK;
    return fail(L, DIGICHECK_ESCHEMA, v, "expected %s for %s, found %s", what, ctx,
                dci_yaml_describe(d));
}

/* Checks the keys of a mapping and returns the value of each known key in
 * vals (indexed like defs; NULL when absent). kind selects the rule kind
 * for keys that only one kind of rule may have. */
static int read_keys(loader *L, const dci_yaml_node *map, const keydef *defs, size_t ndefs,
                     unsigned kind, const char *ctx, const dci_yaml_node **vals)
{
    const dci_yaml_node *m = dci_yaml_deref(map);
    const char *names[MAX_KEYS];
    unsigned kinds[MAX_KEYS];
    size_t i, j;

    for (j = 0; j < ndefs; j++) {
        names[j] = defs[j].name;
        kinds[j] = defs[j].kinds;
        vals[j] = NULL;
    }
    for (i = 0; i < m->npairs; i++) {
        const dci_yaml_node *key = m->pairs[i].key, *k = dci_yaml_deref(key);
        char more[400];

        if (k->kind != DCI_YAML_SCALAR)
            return fail(L, DIGICHECK_ESCHEMA, key, "expected a plain key in %s, found %s",
                        ctx, dci_yaml_describe(k));
        for (j = 0; j < ndefs && strcmp(k->str, defs[j].name) != 0; j++)
            ;
        if (j < ndefs && (defs[j].kinds & kind)) {
            vals[j] = m->pairs[i].value;
            continue;
        }
        if (j < ndefs)
            return fail(L, DIGICHECK_ESCHEMA, key,
                        "key '%s' is not allowed in %s, %s rule; it belongs to %s rules",
                        k->str, ctx, kind_name(kind), kinds_name(defs[j].kinds));
        hint(more, sizeof more, k->str, names, kinds, kind, ndefs);
        return fail(L, DIGICHECK_ESCHEMA, key, "unknown key '%s' in %s%s", k->str, ctx, more);
    }
    return DIGICHECK_OK;
}

static int require(loader *L, const dci_yaml_node *map, const dci_yaml_node *v,
                   const char *key, const char *ctx)
{
    if (v)
        return DIGICHECK_OK;
    return fail(L, DIGICHECK_ESCHEMA, map, "missing required key '%s' in %s", key, ctx);
}

/* A string is any scalar but an empty one: `version: 2026.1` is "2026.1". */
static int expect_string(loader *L, const dci_yaml_node *v, const char *key, const char *ctx)
{
    char what[200];

    snprintf(what, sizeof what, "'%s' in %s", key, ctx);
    return expect_kind(L, v, DCI_YAML_SCALAR, "a string", what);
}

/* A string value copied into the rule set; *out is left alone when v is
 * absent. */
/* A string value, without the white space around it: a folded block
 * scalar (`message: >`) ends in a line break that no output wants. */
static int get_string(loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                      const char **out)
{
    const char *s;
    size_t n;
    int rc;

    if (!v)
        return DIGICHECK_OK;
    if ((rc = expect_string(L, v, key, ctx)))
        return rc;
    s = dci_yaml_deref(v)->str;
    n = dci_yaml_deref(v)->len;
    while (n && strchr(" \t\r\n", s[0]))
        s++, n--;
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    *out = dci_arena_strndup(&L->rs->arena, s, n);
    return *out ? DIGICHECK_OK : oom(L);
}

/* An id: a string without white space. */
static int get_id(loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                  const char **out)
{
    const char *s = NULL;
    int rc;

    if ((rc = get_string(L, v, key, ctx, &s)))
        return rc;
    if (s && (!*s || strpbrk(s, " \t\r\n\v\f")))
        return fail(L, DIGICHECK_ESCHEMA, v,
                    "invalid %s '%s' in %s: an id is a non-empty word without spaces",
                    key, s, ctx);
    *out = s;
    return DIGICHECK_OK;
}

/* One of a fixed list of words (names, NULL-terminated). The number for
 * it from values goes to *out, the word itself (static) to *word; either
 * may be NULL. Nothing happens when v is absent. */
static int get_choice(loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                      const dci_names *t, int *out, const char **word)
{
    const char *s;
    char more[400];
    size_t n;
    int rc;

    if (!v)
        return DIGICHECK_OK;
    if ((rc = expect_string(L, v, key, ctx)))
        return rc;
    s = dci_yaml_deref(v)->str;
    for (n = 0; t->names[n]; n++)
        if (strcmp(s, t->names[n]) == 0) {
            if (out)
                *out = t->first + (int)n;
            if (word)
                *word = t->names[n];
            return DIGICHECK_OK;
        }
    hint(more, sizeof more, s, t->names, NULL, 0, n);
    return fail(L, DIGICHECK_ESCHEMA, v, "unknown %s '%s' in %s%s", key, s, ctx, more);
}

/* Lists of strings: a single string counts as a list of one. */
static size_t list_len(const dci_yaml_node *v)
{
    const dci_yaml_node *d = dci_yaml_deref(v);

    if (!d)
        return 0;
    return d->kind == DCI_YAML_SEQUENCE ? d->nitems : 1;
}

static const dci_yaml_node *list_item(const dci_yaml_node *v, size_t i)
{
    const dci_yaml_node *d = dci_yaml_deref(v);

    return d->kind == DCI_YAML_SEQUENCE ? d->items[i] : v;
}

static int check_string_list(loader *L, const dci_yaml_node *v, const char *key,
                             const char *ctx, int need_one)
{
    const dci_yaml_node *d = dci_yaml_deref(v);
    size_t i;

    if (!v)
        return DIGICHECK_OK;
    if (d->kind == DCI_YAML_MAPPING || (d->kind == DCI_YAML_SCALAR && dci_yaml_is_null(d)))
        return fail(L, DIGICHECK_ESCHEMA, v, "expected a list of strings for '%s' in %s, "
                    "found %s", key, ctx, dci_yaml_describe(d));
    if (need_one && list_len(v) == 0)
        return fail(L, DIGICHECK_ESCHEMA, v, "'%s' in %s needs at least one entry", key, ctx);
    for (i = 0; i < list_len(v); i++) {
        const dci_yaml_node *item = dci_yaml_deref(list_item(v, i));
        if (item->kind != DCI_YAML_SCALAR || dci_yaml_is_null(item))
            return fail(L, DIGICHECK_ESCHEMA, list_item(v, i),
                        "expected a string in '%s' of %s, found %s", key, ctx,
                        dci_yaml_describe(item));
    }
    return DIGICHECK_OK;
}

static int get_strings(loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                       const char ***out, size_t *n)
{
    const char **arr;
    size_t i, len = list_len(v);
    int rc;

    if ((rc = check_string_list(L, v, key, ctx, 0)) || !len)
        return rc;
    arr = dci_arena_alloc(&L->rs->arena, len * sizeof *arr);
    if (!arr)
        return oom(L);
    for (i = 0; i < len; i++)
        if (!(arr[i] = copy_str(L, dci_yaml_deref(list_item(v, i))->str)))
            return oom(L);
    *out = arr;
    *n = len;
    return DIGICHECK_OK;
}

/* Compiles a list of patterns. The array is counted before compiling, so
 * that a failure half-way leaves every compiled pattern where the rule's
 * cleanup finds it. */
static int get_regexes(loader *L, const dci_yaml_node *v, const char *key, const dci_rule *r,
                       int flags, int need_one, dci_regex **out, size_t *n)
{
    char ctx[160];
    dci_regex *re;
    size_t i, len = list_len(v);
    int rc;

    rule_ctx(ctx, sizeof ctx, r->id, 0);
    if ((rc = check_string_list(L, v, key, ctx, need_one)) || !len)
        return rc;
    re = dci_arena_calloc(&L->rs->arena, len * sizeof *re);
    if (!re)
        return oom(L);
    *out = re;
    *n = len;
    for (i = 0; i < len; i++) {
        /* through an alias, the place is still where the text is written */
        const dci_yaml_node *item = dci_yaml_deref(list_item(v, i));
        const char *src = copy_str(L, item->str);
        if (!src)
            return oom(L);
        if ((rc = dci_regex_compile(&re[i], src, flags, L->file, item->value_line,
                                    item->value_column, r->id, L->err)))
            return rc;
    }
    return DIGICHECK_OK;
}

/* ---- principles ---------------------------------------------------------- */

static int read_principle(loader *L, const dci_yaml_node *node, size_t i)
{
    dci_principle *p = &L->rs->principles[i];
    const dci_yaml_node *v[NKEYS(principle_keys)];
    char ctx[160];
    size_t other;
    int rc;

    snprintf(ctx, sizeof ctx, "principle #%zu", i + 1);
    if ((rc = expect_kind(L, node, DCI_YAML_MAPPING, "a mapping", ctx)) ||
        (rc = require(L, node, dci_yaml_map_get(node, "id"), "id", ctx)) ||
        (rc = get_id(L, dci_yaml_map_get(node, "id"), "principle id", ctx, &p->id)))
        return rc;
    snprintf(ctx, sizeof ctx, "principle '%s'", p->id);
    /* Legacy ids name principles of an earlier version of the Digitalcheck;
     * old and new principles map many to many, so a legacy id may appear
     * under several principles. */
    if ((rc = read_keys(L, node, principle_keys, NKEYS(principle_keys), K_ANY, ctx, v)) ||
        (rc = require(L, node, v[P_TITLE], "title", ctx)) ||
        (rc = get_string(L, v[P_TITLE], "title", ctx, &p->title)) ||
        (rc = get_string(L, v[P_DESCRIPTION], "description", ctx, &p->description)) ||
        (rc = get_strings(L, v[P_LEGACY], "legacy", ctx, &p->legacy, &p->nlegacy)))
        return rc;
    other = id_get(&L->principle_ids, p->id);
    if (other != NO_INDEX)
        return fail(L, DIGICHECK_ESCHEMA, v[P_ID],
                    "duplicate principle id '%s' (principle #%zu has it too)", p->id,
                    other + 1);
    return id_put(&L->principle_ids, p->id, i) ? oom(L) : DIGICHECK_OK;
}

static int read_principles(loader *L, const dci_yaml_node *v)
{
    const dci_yaml_node *list = dci_yaml_deref(v);
    size_t i;
    int rc;

    if ((rc = expect_kind(L, v, DCI_YAML_SEQUENCE, "a list of principles", "'principles'")))
        return rc;
    if (!list->nitems)
        return fail(L, DIGICHECK_ESCHEMA, v, "'principles' needs at least one principle");
    L->rs->principles = dci_arena_calloc(&L->rs->arena, list->nitems * sizeof(dci_principle));
    if (!L->rs->principles)
        return oom(L);
    L->rs->nprinciples = list->nitems;
    for (i = 0; i < list->nitems; i++)
        if ((rc = read_principle(L, list->items[i], i)))
            return rc;
    return DIGICHECK_OK;
}

/* ---- rules --------------------------------------------------------------- */

static int resolve_in_dir(loader *L, const dci_yaml_node *at, const char *name,
                          const char *what, const char *file, const char **path);

/* A rule's file as an author reads it: relative to the rule set directory. */
static const char *short_name(const loader *L, const char *file)
{
    size_t n = strlen(L->dir);

    if (strncmp(file, L->dir, n) == 0 && file[n] == '/')
        return file + n + 1;
    return file;
}

static int read_rule_principle(loader *L, dci_rule *r, const dci_yaml_node *v,
                               const char *ctx)
{
    size_t idx;
    char declared[300];
    int rc;

    if ((rc = get_id(L, v, "principle", ctx, &r->principle)))
        return rc;
    idx = id_get(&L->principle_ids, r->principle);
    if (idx != NO_INDEX) {
        r->principle_index = idx;
        r->principle = L->rs->principles[idx].id;
        return DIGICHECK_OK;
    }
    if (principle_list(declared, sizeof declared, L->rs->principles, L->rs->nprinciples,
                       r->principle))
        return fail(L, DIGICHECK_ESCHEMA, v, "principle '%s' in %s is a legacy id; name a "
                    "current principle (it maps to: %s)", r->principle, ctx, declared);
    principle_list(declared, sizeof declared, L->rs->principles, L->rs->nprinciples, NULL);
    return fail(L, DIGICHECK_ESCHEMA, v, "unknown principle '%s' in %s (declared: %s)",
                r->principle, ctx, declared);
}

static int read_examples(loader *L, dci_rule *r, const dci_yaml_node *node, const char *ctx)
{
    const dci_yaml_node *v[NKEYS(example_keys)];
    char where[200];
    int rc;

    if (!node)
        return DIGICHECK_OK;
    snprintf(where, sizeof where, "'examples' of %s", ctx);
    if ((rc = expect_kind(L, node, DCI_YAML_MAPPING, "a mapping {match: […], no_match: […]}",
                          where)) ||
        (rc = read_keys(L, node, example_keys, NKEYS(example_keys), K_ANY, where, v)) ||
        (rc = get_strings(L, v[E_MATCH], "match", where, &r->ex_match, &r->nex_match)) ||
        (rc = get_strings(L, v[E_NO_MATCH], "no_match", where, &r->ex_no_match,
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
static int read_guards(loader *L, dci_rule *r, const dci_yaml_node *node, const char *key,
                       int flags, const char *ctx, dci_guard **out, size_t *n)
{
    const dci_yaml_node *list = dci_yaml_deref(node);
    int severity = strcmp(key, "severity_if") == 0;
    const keydef keys[] = { { "match", K_ANY }, { severity ? "severity" : "suggests", K_ANY } };
    char where[200], what[64], pattern_key[32];
    size_t i;
    int rc;

    if (!node)
        return DIGICHECK_OK;
    snprintf(where, sizeof where, "'%s' of %s", key, ctx);
    snprintf(what, sizeof what, "a mapping {match, %s}", keys[1].name);
    snprintf(pattern_key, sizeof pattern_key, "%s.match", key);
    if ((rc = expect_kind(L, node, DCI_YAML_SEQUENCE, "a list of mappings", where)))
        return rc;
    if (!list->nitems)
        return DIGICHECK_OK;
    *out = dci_arena_calloc(&L->rs->arena, list->nitems * sizeof **out);
    if (!*out)
        return oom(L);
    *n = list->nitems;
    for (i = 0; i < list->nitems; i++) {
        dci_guard *g = &(*out)[i];
        const dci_yaml_node *item = list->items[i], *v[2];
        const char *s = NULL;
        if ((rc = expect_kind(L, item, DCI_YAML_MAPPING, what, where)) ||
            (rc = read_keys(L, item, keys, 2, K_ANY, where, v)) ||
            (rc = require(L, item, v[0], "match", where)) ||
            (rc = require(L, item, v[1], keys[1].name, where)) ||
            (rc = get_regexes(L, v[0], pattern_key, r, flags, 1, &g->match, &g->nmatch)))
            return rc;
        if (severity) {
            if ((rc = get_choice(L, v[1], "severity", where, &dci_severities,
                                 &g->severity, NULL)))
                return rc;
            continue;
        }
        if ((rc = get_string(L, v[1], "suggests", where, &s)))
            return rc;
        if (!(g->suggests = allowed_answer(r, dci_answer_canonical(s))))
            return fail(L, DIGICHECK_ESCHEMA, v[1],
                        "%s suggests '%s', which is not one of its answers", where, s);
    }
    return DIGICHECK_OK;
}

static int read_answers(loader *L, dci_rule *r, const dci_yaml_node *node, const char *where)
{
    const dci_yaml_node *map = dci_yaml_deref(node);
    size_t i;
    int rc;

    if (!node)
        return DIGICHECK_OK;
    if ((rc = expect_kind(L, node, DCI_YAML_MAPPING,
                          "a mapping of question ids to answers", where)))
        return rc;
    if (!map->npairs)
        return DIGICHECK_OK;
    r->when_answers = dci_arena_calloc(&L->rs->arena, map->npairs * sizeof *r->when_answers);
    if (!r->when_answers)
        return oom(L);
    r->nwhen_answers = map->npairs;
    for (i = 0; i < map->npairs; i++) {
        dci_answer_cond *c = &r->when_answers[i];
        if ((rc = get_id(L, map->pairs[i].key, "question id", where, &c->question)) ||
            (rc = get_string(L, map->pairs[i].value, c->question, where, &c->answer)))
            return rc;
    }
    return DIGICHECK_OK;
}

/* Remembers each `when.rules` entry with its place; the rules it names may
 * come later or from another file. */
static int read_when_rules(loader *L, size_t ri, const dci_yaml_node *node, const char *where)
{
    dci_rule *r = &L->rules[ri];
    size_t i;
    int rc;

    if ((rc = get_strings(L, node, "rules", where, &r->when_rules, &r->nwhen_rules)) ||
        !r->nwhen_rules)
        return rc;
    r->when_rule_index = dci_arena_alloc(&L->rs->arena, r->nwhen_rules * sizeof(size_t));
    if (!r->when_rule_index)
        return oom(L);
    for (i = 0; i < r->nwhen_rules; i++) {
        const dci_yaml_node *at = list_item(node, i);
        pending_ref *p;
        r->when_rule_index[i] = NO_INDEX;
        if (dci_grow((void **)&L->refs, &L->refs_cap, L->nrefs + 1, sizeof *L->refs))
            return oom(L);
        p = &L->refs[L->nrefs++];
        p->rule = ri;
        p->entry = i;
        p->file = L->file;
        p->line = at->line;
        p->column = at->column;
    }
    return DIGICHECK_OK;
}

/* `when` of an absence rule, `applies_when` of a question (key). */
static int read_when(loader *L, size_t ri, const dci_yaml_node *node, int flags,
                     const char *key, const char *ctx)
{
    dci_rule *r = &L->rules[ri];
    const dci_yaml_node *v[NKEYS(when_keys)];
    char where[200];
    int rc;

    snprintf(where, sizeof where, "'%s' of %s", key, ctx);
    if ((rc = expect_kind(L, node, DCI_YAML_MAPPING, "a mapping {match, answers, rules}",
                          where)) ||
        (rc = read_keys(L, node, when_keys, NKEYS(when_keys), K_ANY, where, v)) ||
        (rc = get_regexes(L, v[W_MATCH], "when.match", r, flags, 0, &r->when_match,
                          &r->nwhen_match)) ||
        (rc = read_answers(L, r, v[W_ANSWERS], where)) ||
        (rc = read_when_rules(L, ri, v[W_RULES], where)))
        return rc;
    r = &L->rules[ri];
    if (!r->nwhen_match && !r->nwhen_answers && !r->nwhen_rules)
        return fail(L, DIGICHECK_ESCHEMA, node, "%s needs at least one trigger: 'match', "
                    "'answers' or 'rules'", where);
    return DIGICHECK_OK;
}

static int read_rule_type(loader *L, const dci_yaml_node *v, const char *ctx, int *type)
{
    *type = DCI_RULE_PATTERN;
    return get_choice(L, v, "rule type", ctx, &dci_rule_types, type, NULL);
}

/* A lua rule: `script:` names a Lua file inside the rule set directory,
 * `code:` holds the chunk itself (best as a literal block, `code: |`, whose
 * lines stay the lines of the file). The chunk is compiled once to check it;
 * the rule keeps its text. */
static int read_lua(loader *L, dci_rule *r, const dci_yaml_node *node,
                    const dci_yaml_node **v, const char *ctx)
{
    const dci_yaml_node *code = dci_yaml_deref(v[R_CODE]);
    const char *name = NULL, *file = L->file, *text;
    char *owned = NULL, *chunk, *label;
    size_t len, bad, pad = 0;
    long line, column;
    int rc;

    if (!v[R_SCRIPT] == !v[R_CODE])
        return fail(L, DIGICHECK_ESCHEMA, v[R_CODE] ? v[R_CODE] : node, "%s needs either "
                    "'script' (a Lua file) or 'code' (inline Lua)%s", ctx,
                    v[R_CODE] ? ", not both" : "");
    if (v[R_SCRIPT]) {
        if ((rc = get_string(L, v[R_SCRIPT], "script", ctx, &name)) ||
            (rc = resolve_in_dir(L, v[R_SCRIPT], name, "script", "script", &file)) ||
            (rc = dci_read_file(&owned, &len, file, (size_t)DIGICHECK_LIMIT_RULE_FILE_SIZE,
                                L->err)))
            return rc;
        text = owned;
    } else {
        if ((rc = expect_string(L, v[R_CODE], "code", ctx)))
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
    label = dci_arena_alloc(&L->rs->arena, strlen(short_name(L, file)) + 2);
    if (!chunk || !label) {
        rc = oom(L);
        goto done;
    }
    memset(chunk, '\n', pad);
    memcpy(chunk + pad, text, len);
    chunk[pad + len] = '\0';
    label[0] = '@';
    strcpy(label + 1, short_name(L, file));
    r->lua_src = chunk;
    r->lua_len = pad + len;
    r->lua_name = label;
    rc = dci_lua_compile(chunk, pad + len, label, file, r->id, L->err);
done:
    dci_free(owned);
    return rc;
}

/* Appends an empty rule to the list, so that whatever is compiled into it
 * is released on failure too. */
static dci_rule *new_rule(loader *L)
{
    dci_rule *r;

    if (dci_grow((void **)&L->rules, &L->rules_cap, L->nrules + 1, sizeof *L->rules))
        return NULL;
    r = &L->rules[L->nrules++];
    memset(r, 0, sizeof *r);
    return r;
}

static int add_rule_id(loader *L, size_t ri, const dci_yaml_node *at)
{
    const dci_rule *r = &L->rules[ri];
    size_t first = id_get(&L->rule_ids, r->id);

    if (first != NO_INDEX)
        return fail(L, DIGICHECK_ESCHEMA, at, "duplicate rule id '%s' (first defined at "
                    "%s:%ld:%ld)", r->id, short_name(L, L->rules[first].file),
                    L->rules[first].line, L->rules[first].column);
    return id_put(&L->rule_ids, r->id, ri) ? oom(L) : DIGICHECK_OK;
}

static int read_rule_common(loader *L, dci_rule *r, const dci_yaml_node *node,
                            const dci_yaml_node **v, const char *ctx, int *flags)
{
    int case_sensitive = 0, rc;

    int question = r->type == DCI_RULE_QUESTION;

    /* a question is of category "question" and of severity info unless set */
    r->category = question ? "question" : NULL;
    r->severity = DIGICHECK_SEVERITY_INFO;
    if ((rc = require(L, node, v[R_PRINCIPLE], "principle", ctx)) ||
        (!question && (rc = require(L, node, v[R_CATEGORY], "category", ctx))) ||
        (!question && (rc = require(L, node, v[R_SEVERITY], "severity", ctx))) ||
        (rc = require(L, node, v[R_MESSAGE], "message", ctx)) ||
        (rc = read_rule_principle(L, r, v[R_PRINCIPLE], ctx)) ||
        (rc = get_choice(L, v[R_CATEGORY], "category", ctx, &category_names, NULL,
                         &r->category)) ||
        (rc = get_choice(L, v[R_SEVERITY], "severity", ctx, &dci_severities,
                         &r->severity, NULL)) ||
        (rc = get_choice(L, v[R_SCOPE], "scope", ctx, &dci_scopes, &r->scope,
                         NULL)) ||
        (rc = get_string(L, v[R_MESSAGE], "message", ctx, &r->message)) ||
        (rc = get_string(L, v[R_SUGGESTION], "suggestion", ctx, &r->suggestion)) ||
        (rc = get_strings(L, v[R_REFERENCES], "references", ctx, &r->references,
                          &r->nreferences)) ||
        (rc = get_strings(L, v[R_TAGS], "tags", ctx, &r->tags, &r->ntags)) ||
        (rc = read_examples(L, r, v[R_EXAMPLES], ctx)))
        return rc;
    if (question && strcmp(r->category, "question") != 0)
        return fail(L, DIGICHECK_ESCHEMA, v[R_CATEGORY],
                    "%s is a question: its category is 'question', not '%s'", ctx,
                    r->category);
    if (v[R_CASE_SENSITIVE] && dci_yaml_bool(v[R_CASE_SENSITIVE], &case_sensitive) != 0)
        return fail(L, DIGICHECK_ESCHEMA, v[R_CASE_SENSITIVE],
                    "expected true or false for 'case_sensitive' in %s, found %s", ctx,
                    dci_yaml_describe(v[R_CASE_SENSITIVE]));
    *flags = case_sensitive ? 0 : DCI_RE_CASELESS;
    return DIGICHECK_OK;
}

/* The answers a question allows (default yes, no, unsure), canonical. */
static int read_allowed_answers(loader *L, dci_rule *r, const dci_yaml_node *v,
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
    if ((rc = get_strings(L, v, "answers", ctx, &r->answers, &r->nanswers)))
        return rc;
    if (!r->nanswers)
        return fail(L, DIGICHECK_ESCHEMA, v, "'answers' of %s needs at least one answer", ctx);
    for (i = 0; i < r->nanswers; i++)
        r->answers[i] = dci_answer_canonical(r->answers[i]);
    return DIGICHECK_OK;
}

static int read_question(loader *L, size_t ri, const dci_yaml_node *node,
                         const dci_yaml_node **v, int flags, const char *ctx)
{
    dci_rule *r = &L->rules[ri];
    int rc;

    if ((rc = require(L, node, v[R_STAGE], "stage", ctx)) ||
        (rc = get_choice(L, v[R_STAGE], "stage", ctx, &dci_stages, &r->stage,
                         NULL)) ||
        (rc = read_allowed_answers(L, r, v[R_ANSWERS], ctx)) ||
        (v[R_APPLIES_WHEN] && (rc = read_when(L, ri, v[R_APPLIES_WHEN], flags, "applies_when", ctx))))
        return rc;
    r = &L->rules[ri];
    return read_guards(L, r, v[R_PREFILL], "prefill", flags, ctx, &r->prefill, &r->nprefill);
}

static int read_rule(loader *L, const dci_yaml_node *node, size_t ordinal)
{
    const dci_yaml_node *v[NKEYS(rule_keys)], *m = dci_yaml_deref(node);
    const char *id = NULL;
    char ctx[160];
    size_t ri;
    dci_rule *r;
    int type, flags = 0, rc;

    rule_ctx(ctx, sizeof ctx, NULL, ordinal);
    if ((rc = expect_kind(L, node, DCI_YAML_MAPPING, "a mapping", ctx)) ||
        (rc = require(L, node, dci_yaml_map_get(m, "id"), "id", ctx)) ||
        (rc = get_id(L, dci_yaml_map_get(m, "id"), "rule id", ctx, &id)))
        return rc;
    rule_ctx(ctx, sizeof ctx, id, ordinal);
    if ((rc = read_rule_type(L, dci_yaml_map_get(m, "type"), ctx, &type)) ||
        (rc = read_keys(L, node, rule_keys, NKEYS(rule_keys), 1u << (type - 1), ctx, v)))
        return rc;
    if (!(r = new_rule(L)))
        return oom(L);
    ri = L->nrules - 1;
    r->id = id;
    r->type = type;
    r->scope = DCI_SCOPE_SENTENCE;
    r->file = L->file;
    r->line = node->line;
    r->column = node->column;
    if ((rc = add_rule_id(L, ri, v[R_ID])) ||
        (rc = read_rule_common(L, r, node, v, ctx, &flags)))
        return rc;
    if (type == DCI_RULE_LUA)
        return read_lua(L, r, node, v, ctx);
    if (type == DCI_RULE_PATTERN) {
        if ((rc = require(L, node, v[R_MATCH], "match", ctx)) ||
            (rc = get_regexes(L, v[R_MATCH], "match", r, flags, 1, &r->match, &r->nmatch)) ||
            (rc = get_regexes(L, v[R_UNLESS], "unless", r, flags, 0, &r->unless,
                              &r->nunless)) ||
            (rc = read_guards(L, r, v[R_SEVERITY_IF], "severity_if", flags, ctx,
                              &r->severity_if, &r->nseverity_if)))
            return rc;
        return DIGICHECK_OK;
    }
    if (type == DCI_RULE_QUESTION)
        return read_question(L, ri, node, v, flags, ctx);
    if ((rc = require(L, node, v[R_WHEN], "when", ctx)) ||
        (rc = require(L, node, v[R_ABSENT], "absent", ctx)) ||
        (rc = read_when(L, ri, v[R_WHEN], flags, "when", ctx)))
        return rc;
    r = &L->rules[ri];
    return get_regexes(L, v[R_ABSENT], "absent", r, flags, 1, &r->absent, &r->nabsent);
}

static int read_rules(loader *L, const dci_yaml_node *v)
{
    const dci_yaml_node *list = dci_yaml_deref(v);
    size_t i;
    int rc;

    if (!v)
        return DIGICHECK_OK;
    if ((rc = expect_kind(L, v, DCI_YAML_SEQUENCE, "a list of rules", "'rules'")))
        return rc;
    for (i = 0; i < list->nitems; i++)
        if ((rc = read_rule(L, list->items[i], i + 1)))
            return rc;
    return DIGICHECK_OK;
}

/* ---- files --------------------------------------------------------------- */

static int read_doc(loader *L, dci_yaml_doc *doc, const char *path, const char *what)
{
    int rc;

    L->file = path;
    if ((rc = dci_yaml_load_file(doc, path, (size_t)DIGICHECK_LIMIT_RULE_FILE_SIZE, NULL,
                                 L->err)))
        return rc;
    if (!doc->root)
        return fail(L, DIGICHECK_ESCHEMA, NULL, "the file is empty; expected %s", what);
    return expect_kind(L, doc->root, DCI_YAML_MAPPING, "a mapping", "the top of the file");
}

/* Resolves a file named in the rule set (what: "include" or "script"; the
 * file: "included file" or "script") to a regular file inside the rule set
 * directory: refused by its text first (so "../x.yaml" fails the same
 * whether or not x.yaml exists), then by where it really leads (a symlink
 * may point anywhere). */
static int resolve_in_dir(loader *L, const dci_yaml_node *at, const char *name,
                          const char *what, const char *file, const char **path)
{
    char real[PATH_MAX];
    struct stat st;
    char *joined = NULL;
    int rc;

    if (!name[0])
        return fail(L, DIGICHECK_ESCHEMA, at, "empty file name in '%s'", what);
    switch (dci_path_inside(L->dir, name, &joined, real, sizeof real)) {
    case DCI_PATH_OK:
        break;
    case DCI_PATH_ABSOLUTE:
        return fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' is an absolute path; name a "
                    "file relative to the rule set directory", what, name);
    case DCI_PATH_ESCAPES:
        return fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' leaves the rule set directory",
                    what, name);
    case DCI_PATH_MISSING:
        return fail(L, DIGICHECK_EIO, at, "cannot read %s '%s/%s': %s", file, L->dir, name,
                    strerror(errno));
    case DCI_PATH_OUTSIDE:
        return fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' leads to '%s', outside the rule "
                    "set directory", what, name, real);
    default:
        return oom(L);
    }
    /* A directory would fail to read with no line; say where it was named. */
    if (stat(joined, &st) == 0 && !S_ISREG(st.st_mode))
        rc = fail(L, DIGICHECK_EIO, at, "%s '%s' is not a regular file", what, name);
    else if (!(*path = copy_str(L, joined)))
        rc = oom(L);
    else
        rc = DIGICHECK_OK;
    dci_free(joined);
    return rc;
}

static int read_included(loader *L, const dci_yaml_node *at, const char *name)
{
    dci_yaml_doc doc = { { NULL }, NULL };
    const dci_yaml_node *v[NKEYS(included_keys)];
    const char *including = L->file, *path = NULL, *description = NULL;
    int rc;

    if ((rc = resolve_in_dir(L, at, name, "include", "included file", &path)) ||
        (rc = read_doc(L, &doc, path, "a mapping with 'rules'")) ||
        (rc = read_keys(L, doc.root, included_keys, NKEYS(included_keys), K_ANY,
                        "an included file", v)) ||
        (rc = require(L, doc.root, v[I_RULES], "rules", "an included file")) ||
        (rc = get_string(L, v[I_DESCRIPTION], "description", "an included file",
                         &description)) ||
        (rc = read_rules(L, v[I_RULES])))
        goto done;
    L->file = including;
done:
    dci_yaml_free(&doc);
    return rc;
}

static int read_includes(loader *L, const dci_yaml_node *v)
{
    size_t i;
    int rc;

    if ((rc = check_string_list(L, v, "include", "the rule set", 0)))
        return rc;
    for (i = 0; i < list_len(v); i++)
        if ((rc = read_included(L, list_item(v, i), dci_yaml_deref(list_item(v, i))->str)))
            return rc;
    return DIGICHECK_OK;
}

static int read_version(loader *L, const dci_yaml_node *v)
{
    long version = 0;

    if (dci_yaml_int(v, &version) == 0 && version == 1)
        return DIGICHECK_OK;
    if (dci_yaml_deref(v)->kind != DCI_YAML_SCALAR || dci_yaml_is_null(v))
        return fail(L, DIGICHECK_ESCHEMA, v, "expected the integer 1 for 'digicheck', found %s",
                    dci_yaml_describe(v));
    return fail(L, DIGICHECK_ESCHEMA, v, "unsupported rule-language version '%s'; this "
                "library reads 'digicheck: 1'", dci_yaml_deref(v)->str);
}

static int read_main(loader *L, const char *path)
{
    dci_yaml_doc doc = { { NULL }, NULL };
    const dci_yaml_node *v[NKEYS(top_keys)];
    int rc;

    if ((rc = read_doc(L, &doc, path, "a rule set (digicheck, id, title, principles)")) ||
        (rc = read_keys(L, doc.root, top_keys, NKEYS(top_keys), K_ANY, "the rule set", v)) ||
        (rc = require(L, doc.root, v[T_DIGICHECK], "digicheck", "the rule set")) ||
        (rc = read_version(L, v[T_DIGICHECK])) ||
        (rc = require(L, doc.root, v[T_ID], "id", "the rule set")) ||
        (rc = require(L, doc.root, v[T_TITLE], "title", "the rule set")) ||
        (rc = require(L, doc.root, v[T_PRINCIPLES], "principles", "the rule set")) ||
        (rc = get_id(L, v[T_ID], "id", "the rule set", &L->rs->id)) ||
        (rc = get_string(L, v[T_TITLE], "title", "the rule set", &L->rs->title)) ||
        (rc = get_string(L, v[T_VERSION], "version", "the rule set", &L->rs->version)) ||
        (rc = get_string(L, v[T_DESCRIPTION], "description", "the rule set",
                         &L->rs->description)) ||
        (rc = read_principles(L, v[T_PRINCIPLES])) ||
        (rc = read_rules(L, v[T_RULES])) ||
        (rc = read_includes(L, v[T_INCLUDE])))
        goto done;
done:
    dci_yaml_free(&doc);
    return rc;
}

/* ---- references between rules --------------------------------------------- */

static const pending_ref *find_ref(const loader *L, size_t rule, size_t entry)
{
    size_t i;

    for (i = 0; i < L->nrefs; i++)
        if (L->refs[i].rule == rule && L->refs[i].entry == entry)
            return &L->refs[i];
    return NULL;
}

/* The checker decides whether an absence rule fires after the rules it
 * names (`when: rules:`), so they must not depend on each other in a circle,
 * and the absence rules run in an order where each comes after those it
 * names: the finishing order of a depth-first search, which keeps the
 * order of the files where nothing depends. An explicit stack: the chain of
 * rules may be long. */
static int order_rules(loader *L)
{
    typedef struct step { size_t rule, edge; } step;
    unsigned char *state = dci_malloc(L->nrules ? L->nrules : 1);   /* 0 new, 1 on the path, 2 done */
    step *stack = dci_malloc((L->nrules ? L->nrules : 1) * sizeof *stack);
    size_t *order = NULL, norder = 0, i, top;
    int rc = DIGICHECK_OK;

    for (i = 0; i < L->nrules; i++)
        norder += L->rules[i].type == DCI_RULE_ABSENCE;
    if (norder)
        order = dci_arena_alloc(&L->rs->arena, norder * sizeof *order);
    if (!state || !stack || (norder && !order)) {
        rc = oom(L);
        goto done;
    }
    L->rs->absence_order = order;
    L->rs->nabsence = norder;
    norder = 0;
    memset(state, 0, L->nrules);
    for (i = 0; i < L->nrules && !rc; i++) {
        if (state[i])
            continue;
        top = 0;
        stack[top++] = (step){ i, 0 };
        state[i] = 1;
        while (top && !rc) {
            step *s = &stack[top - 1];
            const dci_rule *r = &L->rules[s->rule];
            size_t next;
            if (s->edge == r->nwhen_rules) {
                state[s->rule] = 2;
                if (r->type == DCI_RULE_ABSENCE)
                    order[norder++] = s->rule;
                top--;
                continue;
            }
            next = r->when_rule_index[s->edge++];
            if (state[next] == 1)
                rc = fail_ref(L, find_ref(L, s->rule, s->edge - 1),
                              "rule '%s' depends on itself through 'when.rules' (via '%s')",
                              L->rules[next].id, r->id);
            else if (!state[next]) {
                state[next] = 1;
                stack[top++] = (step){ next, 0 };
            }
        }
    }
done:
    dci_free(state);
    dci_free(stack);
    return rc;
}

static int resolve_refs(loader *L)
{
    size_t i;

    for (i = 0; i < L->nrefs; i++) {
        const pending_ref *p = &L->refs[i];
        dci_rule *r = &L->rules[p->rule];
        size_t idx = id_get(&L->rule_ids, r->when_rules[p->entry]);
        if (idx == NO_INDEX)
            return fail_ref(L, p, "unknown rule '%s' in 'when.rules' of rule '%s'",
                            r->when_rules[p->entry], r->id);
        if (L->rules[idx].type == DCI_RULE_LUA)
            return fail_ref(L, p, "rule '%s' in 'when.rules' of rule '%s' is a lua rule; "
                            "lua rules run after the absence rules and cannot trigger them",
                            r->when_rules[p->entry], r->id);
        r->when_rule_index[p->entry] = idx;
    }
    return order_rules(L);
}

/* ---- the rule set ------------------------------------------------------- */

static void free_rules(dci_rule *rules, size_t n)
{
    size_t i, j, k;

    for (i = 0; i < n; i++) {
        dci_rule *r = &rules[i];
        for (j = 0; j < r->nmatch; j++)
            dci_regex_free(&r->match[j]);
        for (j = 0; j < r->nunless; j++)
            dci_regex_free(&r->unless[j]);
        for (j = 0; j < r->nwhen_match; j++)
            dci_regex_free(&r->when_match[j]);
        for (j = 0; j < r->nabsent; j++)
            dci_regex_free(&r->absent[j]);
        for (j = 0; j < r->nseverity_if; j++)
            for (k = 0; k < r->severity_if[j].nmatch; k++)
                dci_regex_free(&r->severity_if[j].match[k]);
        for (j = 0; j < r->nprefill; j++)
            for (k = 0; k < r->prefill[j].nmatch; k++)
                dci_regex_free(&r->prefill[j].match[k]);
    }
}

static void destroy(digicheck_ruleset *rs)
{
    dci_prefilter_free(rs->prefilter);
    free_rules(rs->rules, rs->nrules);
    dci_arena_free(&rs->arena);
    dci_free(rs);
}

/* Splits path into the rule set directory and its main file. */
static int locate(loader *L, const char *path, const char **main_file)
{
    dci_arena *a = &L->rs->arena;
    struct stat st;
    size_t n = strlen(path);
    const char *dir;

    if (stat(path, &st) != 0)
        return dci_error(L->err, DIGICHECK_EIO, path, 0, 0, "cannot open rule set '%s': %s",
                         path, strerror(errno));
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (S_ISDIR(st.st_mode)) {
        char *file = dci_arena_alloc(a, n + sizeof "/ruleset.yaml");
        dir = dci_arena_strndup(a, path, n);
        if (!file || !dir)
            return oom(L);
        strcpy(file, dir);
        strcat(file, strcmp(dir, "/") ? "/ruleset.yaml" : "ruleset.yaml");
        *main_file = file;
    } else {
        const char *slash = strrchr(path, '/');
        *main_file = copy_str(L, path);
        dir = slash == path ? dci_arena_strdup(a, "/")
            : slash ? dci_arena_strndup(a, path, (size_t)(slash - path))
                    : dci_arena_strdup(a, ".");
        if (!*main_file || !dir)
            return oom(L);
    }
    if (!(L->rs->path = copy_str(L, path)))
        return oom(L);
    L->dir = L->rs->dir = dir;
    return DIGICHECK_OK;
}

/* Builds the prefilter and writes what it gives each pattern into the
 * pattern: the rule set is the one writer of its patterns. */
static int build_prefilter(digicheck_ruleset *rs)
{
    dci_prefilter_plan plan;
    size_t i;

    if (dci_prefilter_build(rs, &plan) != DIGICHECK_OK)
        return DIGICHECK_ENOMEM;
    for (i = 0; i < plan.n; i++) {
        const dci_prefilter_use *u = &plan.use[i];
        dci_regex *re = (dci_regex *)u->re;     /* one of ours, named read-only */
        re->twin = u->twin;
        re->slot = u->slot;
        re->reach = u->reach;
        re->slot2 = u->slot2;
        re->reach2 = u->reach2;
    }
    rs->prefilter = plan.pf;
    rs->nslots = plan.nslots;
    rs->ntwins = plan.ntwins;
    plan.pf = NULL;
    dci_prefilter_plan_free(&plan);
    return DIGICHECK_OK;
}

/* Moves the rules into the arena: the rule set is one block of memory plus
 * the compiled patterns. */
static int finish(loader *L)
{
    digicheck_ruleset *rs = L->rs;

    if (L->nrules) {
        rs->rules = dci_arena_alloc(&rs->arena, L->nrules * sizeof *rs->rules);
        if (!rs->rules)
            return oom(L);
        memcpy(rs->rules, L->rules, L->nrules * sizeof *rs->rules);
    }
    rs->nrules = L->nrules;
    dci_free(L->rules);
    L->rules = NULL;
    L->nrules = 0;
    return build_prefilter(rs) == DIGICHECK_OK ? DIGICHECK_OK : oom(L);
}

int digicheck_ruleset_load(digicheck_ruleset **out, const char *path, digicheck_error *err)
{
    loader L;
    const char *main_file = NULL;
    int rc;

    if (out)
        *out = NULL;
    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "digicheck_ruleset_load", 0, 0,
                         "argument 'out' is NULL");
    if (!path || !*path)
        return dci_error(err, DIGICHECK_EINVAL, "digicheck_ruleset_load", 0, 0,
                         "argument 'path' is %s", path ? "empty" : "NULL");
    memset(&L, 0, sizeof L);
    L.err = err;
    L.file = path;
    L.rs = dci_malloc(sizeof *L.rs);
    if (!L.rs)
        return oom(&L);
    memset(L.rs, 0, sizeof *L.rs);
    if ((rc = locate(&L, path, &main_file)) ||
        (rc = read_main(&L, main_file)) ||
        (rc = resolve_refs(&L)) ||
        (rc = finish(&L)))
        goto done;
done:
    if (rc) {
        free_rules(L.rules, L.nrules);
        destroy(L.rs);
    } else {
        L.rs->refs = 1;
        *out = L.rs;
    }
    dci_free(L.rules);
    dci_free(L.refs);
    dci_free(L.rule_ids.slots);
    dci_free(L.principle_ids.slots);
    return rc;
}

void dci_ruleset_ref(const digicheck_ruleset *rs)
{
    /* Immutable to its users; the count is the one field that changes. */
    __atomic_add_fetch(&((digicheck_ruleset *)rs)->refs, 1, __ATOMIC_RELAXED);
}

void dci_ruleset_unref(const digicheck_ruleset *rs)
{
    digicheck_ruleset *m = (digicheck_ruleset *)rs;

    if (m && __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) == 0)
        destroy(m);
}

void digicheck_ruleset_free(digicheck_ruleset *rs)
{
    dci_ruleset_unref(rs);
}

size_t digicheck_ruleset_rule_count(const digicheck_ruleset *rs)
{
    return rs ? rs->nrules : 0;
}

size_t dci_ruleset_closest_rule(const digicheck_ruleset *rs, const char *id)
{
    size_t i, best = NO_INDEX, best_d = 4;

    for (i = 0; rs && id && i < rs->nrules; i++) {
        size_t d = edit_distance(id, rs->rules[i].id);
        if (d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

size_t dci_ruleset_find_rule(const digicheck_ruleset *rs, const char *id)
{
    size_t i;

    for (i = 0; rs && id && i < rs->nrules; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return i;
    return NO_INDEX;
}
