/*
 * loader.c -- the state of one rule set load, and the schema helpers with
 * which ruleset.c and rule.c read YAML values.
 *
 * This module owns struct dci_loader: the file being read, the rules read
 * so far (on the heap until the rule set takes them), the id tables and the
 * `when.rules` entries still to resolve. Its helpers check a value against
 * what the rule language wants -- the keys of a mapping, strings, ids,
 * choices from a fixed list, lists of strings, files inside the rule set
 * directory -- and, since rule authors are their readers, every error says
 * where it is and what to write instead ("did you mean ...", the allowed
 * words).
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dci.h"
#include "yaml.h"
#include "ruleset.h"
#include "loader.h"

/* ---- errors ----------------------------------------------------------------- */

static int vfail(dci_loader *L, int code, const char *file, long line, long column,
                 const char *fmt, va_list ap)
{
    char msg[512];

    vsnprintf(msg, sizeof msg, fmt, ap);
    return dci_error(L->err, code, file, line, column, "%s", msg);
}

int dci_load_fail(dci_loader *L, int code, const dci_yaml_node *at, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vfail(L, code, L->file, at ? at->line : 0, at ? at->column : 0, fmt, ap);
    va_end(ap);
    return rc;
}

int dci_load_fail_ref(dci_loader *L, const dci_pending_ref *p, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vfail(L, DIGICHECK_ESCHEMA, p->file, p->line, p->column, fmt, ap);
    va_end(ap);
    return rc;
}

int dci_load_oom(dci_loader *L)
{
    return dci_error(L->err, DIGICHECK_ENOMEM, L->file, 0, 0,
                     "out of memory loading the rule set");
}

const char *dci_load_strdup(dci_loader *L, const char *s)
{
    return dci_arena_strdup(&L->rs->arena, s);
}

/* ---- id tables ----------------------------------------------------------- */

static dci_id_slot *id_slot_for(const dci_id_table *t, const char *id)
{
    size_t mask = t->cap - 1, i;

    for (i = dci_hash_str(id) & mask; t->slots[i].id; i = (i + 1) & mask)
        if (strcmp(t->slots[i].id, id) == 0)
            break;
    return &t->slots[i];
}

static size_t id_get(const dci_id_table *t, const char *id)
{
    const dci_id_slot *s;

    if (!t->cap)
        return DCI_NO_INDEX;
    s = id_slot_for(t, id);
    return s->id ? s->index : DCI_NO_INDEX;
}

/* Adds id (which must not be there yet); the string must outlive the table. */
static int id_put(dci_id_table *t, const char *id, size_t index)
{
    if ((t->count + 1) * 2 > t->cap) {
        dci_id_table bigger = { NULL, t->cap ? t->cap * 2 : 64, 0 };
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

/* ---- the state of a load ------------------------------------------------- */

void dci_loader_init(dci_loader *L, digicheck_ruleset *rs, digicheck_error *err,
                     const char *path)
{
    memset(L, 0, sizeof *L);
    L->rs = rs;
    L->err = err;
    L->file = path;
}

void dci_loader_release(dci_loader *L)
{
    dci_free(L->rules);
    dci_free(L->refs);
    dci_free(L->rule_ids.slots);
    dci_free(L->principle_ids.slots);
    dci_free(L->parts);
    dci_free(L->levels);
    L->rules = NULL;
    L->refs = NULL;
    L->rule_ids.slots = L->principle_ids.slots = NULL;
    L->parts = NULL;
    L->levels = NULL;
}

const char *dci_loader_enter(dci_loader *L, const char *file)
{
    const char *before = L->file;

    L->file = file;
    return before;
}

dci_rule *dci_loader_new_rule(dci_loader *L)
{
    dci_rule *r;

    if (dci_grow((void **)&L->rules, &L->rules_cap, L->nrules + 1, sizeof *L->rules))
        return NULL;
    r = &L->rules[L->nrules++];
    memset(r, 0, sizeof *r);
    return r;
}

void dci_loader_forget_rules(dci_loader *L)
{
    dci_free(L->rules);
    L->rules = NULL;
    L->nrules = 0;
}

int dci_loader_add_ref(dci_loader *L, size_t ri, size_t entry, const dci_yaml_node *at)
{
    dci_pending_ref *p;

    if (dci_grow((void **)&L->refs, &L->refs_cap, L->nrefs + 1, sizeof *L->refs))
        return dci_load_oom(L);
    p = &L->refs[L->nrefs++];
    p->rule = ri;
    p->entry = entry;
    p->file = L->file;
    p->line = at->line;
    p->column = at->column;
    return DIGICHECK_OK;
}

/* "rule 'x' is already defined in digitalcheck/form.yaml:12:5; …": an id
 * that the rule set being read shares with one of its bases (with_base) or
 * with a rule set it is combined with. */
static int already_defined(dci_loader *L, const dci_yaml_node *at, const char *what,
                           const char *id, size_t part, const char *file, long line,
                           long column)
{
    char place[400];

    dci_loader_place(L, part, file, place, sizeof place);
    if (dci_loader_sees(L, part))
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' is already defined in "
                             "%s:%ld:%ld; to replace it write `override: true`", what, id,
                             place, line, column);
    return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' is defined in two rule sets that "
                         "are combined, here and in %s:%ld:%ld; rename one of them", what, id,
                         place, line, column);
}

/* `override: true` on an id no base defines; near is the nearest id of the
 * bases, if any. */
static int overrides_nothing(dci_loader *L, const dci_yaml_node *at, const char *what,
                             const char *id, const char *near)
{
    if (near)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' has `override: true`, but no "
                             "rule set it extends defines '%s'; did you mean '%s'?", what, id,
                             id, near);
    return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' has `override: true`, but no rule "
                         "set it extends defines '%s'; leave `override` out for a new one",
                         what, id, id);
}

int dci_loader_name_rule(dci_loader *L, size_t ri, const dci_yaml_node *at, int override,
                         size_t *replaces)
{
    const dci_rule *r = &L->rules[ri], *f;
    size_t first = id_get(&L->rule_ids, r->id);

    *replaces = DCI_NO_INDEX;
    if (first == DCI_NO_INDEX && override)
        return overrides_nothing(L, at, "rule", r->id, dci_loader_nearest_rule(L, r->id, 1));
    if (first == DCI_NO_INDEX)
        return id_put(&L->rule_ids, r->id, ri) ? dci_load_oom(L) : DIGICHECK_OK;
    f = &L->rules[first];
    if (f->part == L->part)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "duplicate rule id '%s' (first defined "
                             "at %s:%ld:%ld)", r->id, dci_load_short_name(L, f->file),
                             f->line, f->column);
    if (!override || !dci_loader_sees(L, f->part))
        return already_defined(L, at, "rule", r->id, f->part, f->file, f->line, f->column);
    *replaces = first;
    return DIGICHECK_OK;
}

void dci_loader_replace_rule(dci_loader *L, size_t old, size_t ri)
{
    size_t i, k = 0;

    assert(ri == L->nrules - 1 && old < ri);
    L->rules[old] = L->rules[ri];
    L->nrules--;
    for (i = 0; i < L->nrefs; i++) {
        if (L->refs[i].rule == old)
            continue;
        L->refs[k] = L->refs[i];
        if (L->refs[k].rule == ri)
            L->refs[k].rule = old;
        k++;
    }
    L->nrefs = k;
}

int dci_loader_name_principle(dci_loader *L, size_t i, const dci_yaml_node *at, int override,
                              size_t *replaces)
{
    const dci_principle *p = &L->rs->principles[i], *f;
    size_t other = id_get(&L->principle_ids, p->id);

    *replaces = DCI_NO_INDEX;
    if (other == DCI_NO_INDEX && override)
        return overrides_nothing(L, at, "principle", p->id, NULL);
    if (other == DCI_NO_INDEX)
        return id_put(&L->principle_ids, p->id, i) ? dci_load_oom(L) : DIGICHECK_OK;
    f = &L->rs->principles[other];
    if (f->part == L->part)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at,
                             "duplicate principle id '%s' (principle #%zu has it too)", p->id,
                             other + 1);
    if (!override || !dci_loader_sees(L, f->part))
        return already_defined(L, at, "principle", p->id, f->part, f->file, f->line,
                               f->column);
    *replaces = other;
    return DIGICHECK_OK;
}


size_t dci_loader_rule(const dci_loader *L, const char *id)
{
    return id_get(&L->rule_ids, id);
}

size_t dci_loader_principle(const dci_loader *L, const char *id)
{
    return id_get(&L->principle_ids, id);
}

/* ---- the rule sets of a combination ------------------------------------- */

size_t dci_loader_find_part(const dci_loader *L, const char *real)
{
    size_t i;

    for (i = 0; i < L->nparts; i++)
        if (strcmp(L->parts[i].real, real) == 0)
            return i;
    return DCI_NO_INDEX;
}

int dci_loader_reading(const dci_loader *L, size_t i)
{
    size_t k;

    for (k = 0; k < L->nchain; k++)
        if (L->chain[k] == i)
            return 1;
    return 0;
}

int dci_loader_open_part(dci_loader *L, const char *path, const char *dir, const char *real,
                         size_t *prev)
{
    dci_ruleset_part *p;

    assert(L->nchain < DCI_MAX_PARTS && L->nparts < DCI_MAX_PARTS);
    if (dci_grow((void **)&L->parts, &L->parts_cap, L->nparts + 1, sizeof *L->parts))
        return dci_load_oom(L);
    p = &L->parts[L->nparts];
    memset(p, 0, sizeof *p);
    if (!(p->path = dci_load_strdup(L, path)) || !(p->dir = dci_load_strdup(L, dir)) ||
        !(p->real = dci_load_strdup(L, real)))
        return dci_load_oom(L);
    *prev = L->nchain ? L->part : DCI_NO_INDEX;
    L->part = L->nparts++;
    L->chain[L->nchain++] = L->part;
    L->dir = p->dir;
    return DIGICHECK_OK;
}

void dci_loader_close_part(dci_loader *L, size_t prev)
{
    assert(L->nchain > 0);
    L->nchain--;
    if (prev != DCI_NO_INDEX) {
        L->part = prev;
        L->dir = L->parts[prev].dir;
    }
}

void dci_loader_add_base(dci_loader *L, size_t base)
{
    L->parts[L->part].bases |= L->parts[base].bases | (uint64_t)1 << base;
}

int dci_loader_sees(const dci_loader *L, size_t p)
{
    return p == L->part || (L->parts[L->part].bases >> p & 1);
}

void dci_loader_name_part(dci_loader *L, const char *id, const char *title,
                          const char *version, const char *description)
{
    dci_ruleset_part *p = &L->parts[L->part];

    p->id = id;
    p->title = title;
    p->version = version;
    p->description = description;
}

void dci_loader_forget_parts(dci_loader *L)
{
    dci_free(L->parts);
    L->parts = NULL;
    L->nparts = L->parts_cap = 0;
}

void dci_loader_place(const dci_loader *L, size_t p, const char *file, char *out, size_t cap)
{
    const char *dir = L->parts[p].dir, *base = strrchr(dir, '/');
    size_t n = strlen(dir);

    base = base && base[1] ? base + 1 : dir;
    if (strncmp(file, dir, n) == 0 && file[n] == '/')
        snprintf(out, cap, "%s/%s", base, file + n + 1);
    else
        snprintf(out, cap, "%s", file);
}

const char *dci_loader_nearest_rule(const dci_loader *L, const char *id, int bases_only)
{
    size_t i, best = DCI_NO_INDEX, best_d = 4;

    for (i = 0; i < L->nrules; i++) {
        size_t d;
        if (!dci_loader_sees(L, L->rules[i].part) || (bases_only && L->rules[i].part == L->part))
            continue;
        d = dci_edit_distance(id, L->rules[i].id);
        if (d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best == DCI_NO_INDEX ? NULL : L->rules[best].id;
}

int dci_loader_add_level(dci_loader *L, const char *rule, int level, const dci_yaml_node *at)
{
    dci_pending_level *p;

    if (dci_grow((void **)&L->levels, &L->levels_cap, L->nlevels + 1, sizeof *L->levels))
        return dci_load_oom(L);
    p = &L->levels[L->nlevels++];
    p->rule = rule;
    p->level = level;
    p->part = L->part;
    p->file = L->file;
    p->line = at->line;
    p->column = at->column;
    return DIGICHECK_OK;
}

/* ---- messages ------------------------------------------------------------ */

/* "a pattern", "an absence", "a lua", "a question": the kind of a rule (one
 * bit). */
static const char *kind_name(unsigned kind)
{
    return kind == K_PATTERN ? "a pattern" : kind == K_ABSENCE ? "an absence"
         : kind == K_LUA ? "a lua" : kind == K_RELEVANCE ? "a relevance" : "a question";
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
    case K_PATTERN | K_RELEVANCE: return "pattern and relevance";
    case K_QUESTION | K_RELEVANCE: return "question and relevance";
    default:                     return "pattern and absence";
    }
}

/* Levenshtein distance, for "did you mean" hints; long words are not
 * compared (their distance is reported as large). */
size_t dci_edit_distance(const char *a, const char *b)
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
    size_t i, best = DCI_NO_INDEX, best_d = 3, used;
    int first = 1;

    for (i = 0; i < n; i++) {
        size_t d;
        if (kinds && !(kinds[i] & mask))
            continue;
        d = dci_edit_distance(word, names[i]);
        if (d < best_d && d < strlen(word)) {
            best = i;
            best_d = d;
        }
    }
    if (best != DCI_NO_INDEX)
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

/* ---- reading values ------------------------------------------------------ */

int dci_load_kind(dci_loader *L, const dci_yaml_node *v, int kind, const char *what,
                  const char *ctx)
{
    const dci_yaml_node *d = dci_yaml_deref(v);

    if (d && d->kind == kind && !(kind == DCI_YAML_SCALAR && dci_yaml_is_null(d)))
        return DIGICHECK_OK;
    return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "expected %s for %s, found %s", what, ctx,
                         dci_yaml_describe(d));
}

/* Checks the keys of a mapping and returns the value of each known key in
 * vals (indexed like defs; NULL when absent). kind selects the rule kind
 * for keys that only one kind of rule may have. */
int dci_load_keys(dci_loader *L, const dci_yaml_node *map, const dci_keydef *defs, size_t ndefs,
                  unsigned kind, const char *ctx, const dci_yaml_node **vals)
{
    const dci_yaml_node *m = dci_yaml_deref(map);
    const char *names[DCI_MAX_KEYS];
    unsigned kinds[DCI_MAX_KEYS];
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
            return dci_load_fail(L, DIGICHECK_ESCHEMA, key, "expected a plain key in %s, found %s",
                                 ctx, dci_yaml_describe(k));
        for (j = 0; j < ndefs && strcmp(k->str, defs[j].name) != 0; j++)
            ;
        if (j < ndefs && (defs[j].kinds & kind)) {
            vals[j] = m->pairs[i].value;
            continue;
        }
        if (j < ndefs)
            return dci_load_fail(L, DIGICHECK_ESCHEMA, key,
                                 "key '%s' is not allowed in %s, %s rule; it belongs to %s rules",
                                 k->str, ctx, kind_name(kind), kinds_name(defs[j].kinds));
        hint(more, sizeof more, k->str, names, kinds, kind, ndefs);
        return dci_load_fail(L, DIGICHECK_ESCHEMA, key, "unknown key '%s' in %s%s", k->str, ctx,
                             more);
    }
    return DIGICHECK_OK;
}

int dci_load_require(dci_loader *L, const dci_yaml_node *map, const dci_yaml_node *v,
                     const char *key, const char *ctx)
{
    if (v)
        return DIGICHECK_OK;
    return dci_load_fail(L, DIGICHECK_ESCHEMA, map, "missing required key '%s' in %s", key, ctx);
}

/* A string is any scalar but an empty one: `version: 2026.1` is "2026.1". */
int dci_load_expect_string(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx)
{
    char what[200];

    snprintf(what, sizeof what, "'%s' in %s", key, ctx);
    return dci_load_kind(L, v, DCI_YAML_SCALAR, "a string", what);
}

/* The scalar of the string value v; NULL when v is absent (*rc is 0) or
 * no string (*rc is the error). */
static const dci_yaml_node *string_node(dci_loader *L, const dci_yaml_node *v, const char *key,
                                        const char *ctx, int *rc)
{
    *rc = v ? dci_load_expect_string(L, v, key, ctx) : DIGICHECK_OK;
    return v && !*rc ? dci_yaml_deref(v) : NULL;
}

/* A string value copied into the rule set; *out is left alone when v is
 * absent. Without the white space around it: a folded block scalar
 * (`message: >`) ends in a line break that no output wants. */
int dci_load_string(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                    const char **out)
{
    const dci_yaml_node *d;
    const char *s;
    size_t n;
    int rc;

    if (!(d = string_node(L, v, key, ctx, &rc)))
        return rc;
    s = d->str;
    n = d->len;
    while (n && strchr(" \t\r\n", s[0]))
        s++, n--;
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    *out = dci_arena_strndup(&L->rs->arena, s, n);
    return *out ? DIGICHECK_OK : dci_load_oom(L);
}

/* An id: a string without white space. */
int dci_load_id(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                const char **out)
{
    const char *s = NULL;
    int rc;

    if ((rc = dci_load_string(L, v, key, ctx, &s)))
        return rc;
    if (s && (!*s || strpbrk(s, " \t\r\n\v\f")))
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v,
                             "invalid %s '%s' in %s: an id is a non-empty word without spaces",
                             key, s, ctx);
    *out = s;
    return DIGICHECK_OK;
}

/* One of a fixed list of words (names, NULL-terminated). The number for
 * it from values goes to *out, the word itself (static) to *word; either
 * may be NULL. Nothing happens when v is absent. */
int dci_load_choice(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                    const dci_names *t, int *out, const char **word)
{
    const dci_yaml_node *d;
    const char *s;
    char more[400];
    size_t n;
    int rc;

    if (!(d = string_node(L, v, key, ctx, &rc)))
        return rc;
    s = d->str;
    for (n = 0; t->names[n]; n++)
        if (strcmp(s, t->names[n]) == 0) {
            if (out)
                *out = t->first + (int)n;
            if (word)
                *word = t->names[n];
            return DIGICHECK_OK;
        }
    hint(more, sizeof more, s, t->names, NULL, 0, n);
    return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "unknown %s '%s' in %s%s", key, s, ctx, more);
}

int dci_load_bool(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                  int *out)
{
    if (!v || dci_yaml_bool(v, out) == 0)
        return DIGICHECK_OK;
    return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "expected true or false for '%s' in %s, "
                         "found %s", key, ctx, dci_yaml_describe(v));
}

/* Lists of strings: a single string counts as a list of one. */
size_t dci_list_len(const dci_yaml_node *v)
{
    const dci_yaml_node *d = dci_yaml_deref(v);

    if (!d)
        return 0;
    return d->kind == DCI_YAML_SEQUENCE ? d->nitems : 1;
}

const dci_yaml_node *dci_list_item(const dci_yaml_node *v, size_t i)
{
    const dci_yaml_node *d = dci_yaml_deref(v);

    return d->kind == DCI_YAML_SEQUENCE ? d->items[i] : v;
}

int dci_load_check_strings(dci_loader *L, const dci_yaml_node *v, const char *key,
                           const char *ctx, int need_one)
{
    const dci_yaml_node *d = dci_yaml_deref(v);
    size_t i;

    if (!v)
        return DIGICHECK_OK;
    if (d->kind == DCI_YAML_MAPPING || (d->kind == DCI_YAML_SCALAR && dci_yaml_is_null(d)))
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "expected a list of strings for '%s' in %s, "
                             "found %s", key, ctx, dci_yaml_describe(d));
    if (need_one && dci_list_len(v) == 0)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "'%s' in %s needs at least one entry",
                             key, ctx);
    for (i = 0; i < dci_list_len(v); i++) {
        const dci_yaml_node *item = dci_yaml_deref(dci_list_item(v, i));
        if (item->kind != DCI_YAML_SCALAR || dci_yaml_is_null(item))
            return dci_load_fail(L, DIGICHECK_ESCHEMA, dci_list_item(v, i),
                                 "expected a string in '%s' of %s, found %s", key, ctx,
                                 dci_yaml_describe(item));
    }
    return DIGICHECK_OK;
}

int dci_load_strings(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                     const char ***out, size_t *n)
{
    const char **arr;
    size_t i, len = dci_list_len(v);
    int rc;

    if ((rc = dci_load_check_strings(L, v, key, ctx, 0)) || !len)
        return rc;
    arr = dci_arena_alloc(&L->rs->arena, len * sizeof *arr);
    if (!arr)
        return dci_load_oom(L);
    for (i = 0; i < len; i++)
        if (!(arr[i] = dci_load_strdup(L, dci_yaml_deref(dci_list_item(v, i))->str)))
            return dci_load_oom(L);
    *out = arr;
    *n = len;
    return DIGICHECK_OK;
}

/* ---- files of the rule set ----------------------------------------------- */

/* Resolves a file named in the rule set (what: "include" or "script"; the
 * file: "included file" or "script") to a regular file inside the rule set
 * directory: refused by its text first (so "../x.yaml" fails the same
 * whether or not x.yaml exists), then by where it really leads (a symlink
 * may point anywhere). */
int dci_load_resolve(dci_loader *L, const dci_yaml_node *at, const char *name,
                     const char *what, const char *file, const char **path)
{
    char real[PATH_MAX];
    struct stat st;
    char *joined = NULL;
    int rc;

    if (!name[0])
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "empty file name in '%s'", what);
    switch (dci_path_inside(L->dir, name, &joined, real, sizeof real)) {
    case DCI_PATH_OK:
        break;
    case DCI_PATH_ABSOLUTE:
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' is an absolute path; name a "
                             "file relative to the rule set directory", what, name);
    case DCI_PATH_ESCAPES:
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' leaves the rule set directory",
                             what, name);
    case DCI_PATH_MISSING:
        return dci_load_fail(L, DIGICHECK_EIO, at, "cannot read %s '%s/%s': %s", file,
                             L->dir, name, strerror(errno));
    case DCI_PATH_OUTSIDE:
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "%s '%s' leads to '%s', outside the rule "
                             "set directory", what, name, real);
    default:
        return dci_load_oom(L);
    }
    /* A directory would fail to read with no line; say where it was named. */
    if (stat(joined, &st) == 0 && !S_ISREG(st.st_mode))
        rc = dci_load_fail(L, DIGICHECK_EIO, at, "%s '%s' is not a regular file", what, name);
    else if (!(*path = dci_load_strdup(L, joined)))
        rc = dci_load_oom(L);
    else
        rc = DIGICHECK_OK;
    dci_free(joined);
    return rc;
}

/* A rule's file as an author reads it: relative to the rule set directory. */
const char *dci_load_short_name(const dci_loader *L, const char *file)
{
    size_t n = strlen(L->dir);

    if (strncmp(file, L->dir, n) == 0 && file[n] == '/')
        return file + n + 1;
    return file;
}
