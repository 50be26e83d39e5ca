/*
 * ruleset.c -- loading, validating and releasing rule sets.
 *
 * This module owns struct digicheck_ruleset: it finds ruleset.yaml, reads
 * its head (digicheck, id, title, principles with their aspects, read by
 * aspect.c) and the files it includes
 * through the YAML tree of yaml.c, leaves each rule entry to rule.c, then
 * resolves the `when.rules` references between rules and puts the absence
 * rules in an order where each comes after those it names. Rule authors are
 * its users, so every error names the file, line and column at fault and
 * says what to write instead (the helpers of loader.c). The Lua code of
 * `lua` rules is kept as text: each checker compiles it again for its own
 * Lua state. A loaded rule set is immutable and shared by reference count;
 * the last reference frees its arena and the compiled patterns, which PCRE2
 * allocates outside the arena.
 */
#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 700
#  undef _XOPEN_SOURCE
#  define _XOPEN_SOURCE 700   /* realpath */
#endif
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dci.h"
#include "regex.h"
#include "prefilter.h"
#include "yaml.h"
#include "ruleset.h"
#include "loader.h"
#include "rule.h"
#include "aspect.h"
#include "extends.h"

enum {
    T_DIGICHECK, T_ID, T_TITLE, T_VERSION, T_DESCRIPTION, T_PRINCIPLES, T_INCLUDE, T_RULES,
    T_EXTENDS, T_LEVELS
};
static const dci_keydef top_keys[] = {
    { "digicheck", K_ANY }, { "id", K_ANY }, { "title", K_ANY }, { "version", K_ANY },
    { "description", K_ANY }, { "principles", K_ANY }, { "include", K_ANY },
    { "rules", K_ANY }, { "extends", K_ANY }, { "levels", K_ANY },
};

enum { I_RULES, I_DESCRIPTION };
static const dci_keydef included_keys[] = { { "rules", K_ANY }, { "description", K_ANY } };

enum { P_ID, P_TITLE, P_LEGACY, P_DESCRIPTION, P_ASPECTS, P_OVERRIDE };
static const dci_keydef principle_keys[] = {
    { "id", K_ANY }, { "title", K_ANY }, { "legacy", K_ANY }, { "description", K_ANY },
    { "aspects", K_ANY }, { "override", K_ANY },
};

/* ---- principles ---------------------------------------------------------- */

/* A principle that overrides one of a base (base) takes what it says:
 * its title, description and legacy ids if it has them, and its aspects
 * beside the base's. */
static int merge_principle(dci_loader *L, dci_principle *base, const dci_principle *p)
{
    if (p->title)
        base->title = p->title;
    if (p->description)
        base->description = p->description;
    if (p->nlegacy) {
        base->legacy = p->legacy;
        base->nlegacy = p->nlegacy;
    }
    base->file = p->file;
    base->line = p->line;
    base->column = p->column;
    return dci_merge_aspects(L, base, p);
}

/* Reads the principle of slot i, the last one; one that overrides a
 * principle of a base is merged into it and leaves the slot. */
static int read_principle(dci_loader *L, const dci_yaml_node *node, size_t i, size_t ordinal)
{
    dci_principle *p = &L->rs->principles[i], *base;
    const dci_yaml_node *v[NKEYS(principle_keys)];
    size_t replaces;
    char ctx[160];
    int rc, override = 0;

    snprintf(ctx, sizeof ctx, "principle #%zu", ordinal);
    if ((rc = dci_load_kind(L, node, DCI_YAML_MAPPING, "a mapping", ctx)) ||
        (rc = dci_load_require(L, node, dci_yaml_map_get(node, "id"), "id", ctx)) ||
        (rc = dci_load_id(L, dci_yaml_map_get(node, "id"), "principle id", ctx, &p->id)))
        return rc;
    snprintf(ctx, sizeof ctx, "principle '%s'", p->id);
    p->file = L->file;
    p->line = node->line;
    p->column = node->column;
    p->part = L->part;
    /* Legacy ids name principles of an earlier version of the Digitalcheck;
     * old and new principles map many to many, so a legacy id may appear
     * under several principles. */
    if ((rc = dci_load_keys(L, node, principle_keys, NKEYS(principle_keys), K_ANY, ctx, v)) ||
        (rc = dci_load_bool(L, v[P_OVERRIDE], "override", ctx, &override)) ||
        (rc = dci_loader_name_principle(L, i, v[P_ID], override, &replaces)) ||
        (!override && (rc = dci_load_require(L, node, v[P_TITLE], "title", ctx))) ||
        (rc = dci_load_string(L, v[P_TITLE], "title", ctx, &p->title)) ||
        (rc = dci_load_string(L, v[P_DESCRIPTION], "description", ctx, &p->description)) ||
        (rc = dci_load_strings(L, v[P_LEGACY], "legacy", ctx, &p->legacy, &p->nlegacy)))
        return rc;
    base = replaces != DCI_NO_INDEX ? &L->rs->principles[replaces] : NULL;
    if ((rc = dci_load_aspects(L, p, v[P_ASPECTS], base)) || !base)
        return rc;
    if ((rc = merge_principle(L, base, p)))
        return rc;
    L->rs->nprinciples--;
    return DIGICHECK_OK;
}

/* The principles of the rule set being read, after those of its bases. */
static int read_principles(dci_loader *L, const dci_yaml_node *v)
{
    const dci_yaml_node *list = dci_yaml_deref(v);
    digicheck_ruleset *rs = L->rs;
    dci_principle *all;
    size_t i;
    int rc;

    if ((rc = dci_load_kind(L, v, DCI_YAML_SEQUENCE, "a list of principles", "'principles'")))
        return rc;
    if (!list->nitems)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "'principles' needs at least one principle");
    all = dci_arena_calloc(&rs->arena, (rs->nprinciples + list->nitems) * sizeof *all);
    if (!all)
        return dci_load_oom(L);
    if (rs->nprinciples)
        memcpy(all, rs->principles, rs->nprinciples * sizeof *all);
    rs->principles = all;
    for (i = 0; i < list->nitems; i++)
        if ((rc = read_principle(L, list->items[i], rs->nprinciples++, i + 1)))
            return rc;
    return DIGICHECK_OK;
}

/* ---- files --------------------------------------------------------------- */

static int read_doc(dci_loader *L, dci_yaml_doc *doc, const char *path, const char *what)
{
    int rc;

    dci_loader_enter(L, path);
    if ((rc = dci_yaml_load_file(doc, path, (size_t)DIGICHECK_LIMIT_RULE_FILE_SIZE, NULL,
                                 L->err)))
        return rc;
    if (!doc->root)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, NULL, "the file is empty; expected %s", what);
    return dci_load_kind(L, doc->root, DCI_YAML_MAPPING, "a mapping", "the top of the file");
}

static int read_included(dci_loader *L, const dci_yaml_node *at, const char *name)
{
    dci_yaml_doc doc = { { NULL }, NULL };
    const dci_yaml_node *v[NKEYS(included_keys)];
    const char *including = L->file, *path = NULL, *description = NULL;
    int rc;

    if ((rc = dci_load_resolve(L, at, name, "include", "included file", &path)) ||
        (rc = read_doc(L, &doc, path, "a mapping with 'rules'")) ||
        (rc = dci_load_keys(L, doc.root, included_keys, NKEYS(included_keys), K_ANY,
                            "an included file", v)) ||
        (rc = dci_load_require(L, doc.root, v[I_RULES], "rules", "an included file")) ||
        (rc = dci_load_string(L, v[I_DESCRIPTION], "description", "an included file",
                              &description)) ||
        (rc = dci_load_rules(L, v[I_RULES])))
        goto done;
    dci_loader_enter(L, including);
done:
    dci_yaml_free(&doc);
    return rc;
}

static int read_includes(dci_loader *L, const dci_yaml_node *v)
{
    size_t i;
    int rc;

    if ((rc = dci_load_check_strings(L, v, "include", "the rule set", 0)))
        return rc;
    for (i = 0; i < dci_list_len(v); i++)
        if ((rc = read_included(L, dci_list_item(v, i), dci_yaml_deref(dci_list_item(v, i))->str)))
            return rc;
    return DIGICHECK_OK;
}

static int read_version(dci_loader *L, const dci_yaml_node *v)
{
    long version = 0;

    if (dci_yaml_int(v, &version) == 0 && version == 1)
        return DIGICHECK_OK;
    if (dci_yaml_deref(v)->kind != DCI_YAML_SCALAR || dci_yaml_is_null(v))
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "expected the integer 1 for 'digicheck', "
                             "found %s", dci_yaml_describe(v));
    return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "unsupported rule-language version '%s'; this "
                         "library reads 'digicheck: 1'", dci_yaml_deref(v)->str);
}

static int read_set(dci_loader *L, const char *path, const dci_yaml_node *at, size_t *part);

/* `extends:` of the rule set being read: each base read whole (first, so
 * that this set's ids can be checked against theirs). */
static int read_extends(dci_loader *L, const dci_yaml_node *v, int *any)
{
    const char *file = L->file, *path = NULL;
    size_t i, base;
    int rc;

    *any = dci_list_len(v) > 0;
    if ((rc = dci_load_check_strings(L, v, "extends", "the rule set", 0)))
        return rc;
    for (i = 0; i < dci_list_len(v); i++) {
        const dci_yaml_node *item = dci_list_item(v, i);
        if ((rc = dci_extends_find(L, item, dci_yaml_deref(item)->str, &path)) ||
            (rc = read_set(L, path, item, &base)))
            return rc;
        dci_loader_enter(L, file);
        dci_loader_add_base(L, base);
    }
    return DIGICHECK_OK;
}

static int read_head(dci_loader *L, const dci_yaml_node *root, const dci_yaml_node **v)
{
    const char *id = NULL, *title = NULL, *version = NULL, *description = NULL;
    int rc;

    if ((rc = dci_load_require(L, root, v[T_DIGICHECK], "digicheck", "the rule set")) ||
        (rc = read_version(L, v[T_DIGICHECK])) ||
        (rc = dci_load_require(L, root, v[T_ID], "id", "the rule set")) ||
        (rc = dci_load_require(L, root, v[T_TITLE], "title", "the rule set")) ||
        (rc = dci_load_id(L, v[T_ID], "id", "the rule set", &id)) ||
        (rc = dci_load_string(L, v[T_TITLE], "title", "the rule set", &title)) ||
        (rc = dci_load_string(L, v[T_VERSION], "version", "the rule set", &version)) ||
        (rc = dci_load_string(L, v[T_DESCRIPTION], "description", "the rule set",
                              &description)))
        return rc;
    dci_loader_name_part(L, id, title, version, description);
    return DIGICHECK_OK;
}

static int read_main(dci_loader *L, const char *path)
{
    dci_yaml_doc doc = { { NULL }, NULL };
    const dci_yaml_node *v[NKEYS(top_keys)];
    int rc, bases = 0;

    if ((rc = read_doc(L, &doc, path, "a rule set (digicheck, id, title, principles)")) ||
        (rc = dci_load_keys(L, doc.root, top_keys, NKEYS(top_keys), K_ANY, "the rule set", v)) ||
        (rc = read_head(L, doc.root, v)) ||
        (rc = read_extends(L, v[T_EXTENDS], &bases)) ||
        (!bases && (rc = dci_load_require(L, doc.root, v[T_PRINCIPLES], "principles",
                                          "the rule set"))) ||
        (v[T_PRINCIPLES] && (rc = read_principles(L, v[T_PRINCIPLES]))) ||
        (rc = dci_load_rules(L, v[T_RULES])) ||
        (rc = read_includes(L, v[T_INCLUDE])) ||
        (rc = dci_load_levels(L, v[T_LEVELS])))
        goto done;
done:
    dci_yaml_free(&doc);
    return rc;
}

/* Reads the rule set at path (named at `at` by an `extends:`, or NULL: by
 * the caller), after the rule sets it extends; *part is its part. One read
 * before (a diamond) is not read again. */
static int read_set(dci_loader *L, const char *path, const dci_yaml_node *at, size_t *part)
{
    const char *main_file = NULL, *dir = NULL, *file = L->file;
    char real[PATH_MAX];
    size_t prev;
    int rc;

    if ((rc = dci_extends_locate(L, path, &main_file, &dir)))
        return rc;
    /* a file that is not there fails below, with the reader's message */
    if (!realpath(main_file, real))
        snprintf(real, sizeof real, "%s", main_file);
    if ((*part = dci_loader_find_part(L, real)) != DCI_NO_INDEX)
        return dci_loader_reading(L, *part) ? dci_extends_cycle(L, at, *part) : DIGICHECK_OK;
    if (L->nparts == DCI_MAX_PARTS)
        return dci_load_fail(L, DIGICHECK_ELIMIT, at, "more than %d rule sets in one; a rule "
                             "set may extend at most that many", DCI_MAX_PARTS);
    if ((rc = dci_loader_open_part(L, path, dir, real, &prev)))
        return rc;
    *part = L->part;
    rc = read_main(L, main_file);
    dci_loader_close_part(L, prev);
    dci_loader_enter(L, file);
    return rc;
}

/* ---- references between rules --------------------------------------------- */

static const dci_pending_ref *find_ref(const dci_loader *L, size_t rule, size_t entry)
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
static int order_rules(dci_loader *L)
{
    typedef struct step { size_t rule, edge; } step;
    /* 0 new, 1 on the path, 2 done */
    unsigned char *state = dci_malloc(L->nrules ? L->nrules : 1);
    step *stack = dci_malloc((L->nrules ? L->nrules : 1) * sizeof *stack);
    size_t *order = NULL, norder = 0, i, top;
    int rc = DIGICHECK_OK;

    for (i = 0; i < L->nrules; i++)
        norder += L->rules[i].type == DCI_RULE_ABSENCE;
    if (norder)
        order = dci_arena_alloc(&L->rs->arena, norder * sizeof *order);
    if (!state || !stack || (norder && !order)) {
        rc = dci_load_oom(L);
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
                rc = dci_load_fail_ref(L, find_ref(L, s->rule, s->edge - 1), "rule '%s' depends "
                                       "on itself through 'when.rules' (via '%s')",
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

static int resolve_refs(dci_loader *L)
{
    size_t i;

    for (i = 0; i < L->nrefs; i++) {
        const dci_pending_ref *p = &L->refs[i];
        dci_rule *r = &L->rules[p->rule];
        size_t idx = dci_loader_rule(L, r->when_rules[p->entry]);
        if (idx == DCI_NO_INDEX)
            return dci_load_fail_ref(L, p, "unknown rule '%s' in 'when.rules' of rule '%s'",
                                     r->when_rules[p->entry], r->id);
        if (L->rules[idx].type == DCI_RULE_LUA)
            return dci_load_fail_ref(L, p, "rule '%s' in 'when.rules' of rule '%s' is a lua "
                                     "rule; lua rules run after the absence rules and cannot "
                                     "trigger them", r->when_rules[p->entry], r->id);
        r->when_rule_index[p->entry] = idx;
    }
    return order_rules(L);
}

/* ---- the rule set ------------------------------------------------------- */

static void destroy(digicheck_ruleset *rs)
{
    dci_prefilter_free(rs->prefilter);
    dci_rules_free(rs->rules, rs->nrules);
    dci_free(rs->off);
    dci_arena_free(&rs->arena);
    dci_free(rs);
}

static int add_patterns(dci_prefilter_pattern **v, size_t *n, size_t *cap, const dci_regex *res,
                        size_t k, int served)
{
    size_t i;

    for (i = 0; i < k; i++) {
        if (dci_grow((void **)v, cap, *n + 1, sizeof **v))
            return DIGICHECK_ENOMEM;
        (*v)[*n].re = &res[i];
        (*v)[(*n)++].served = served;
        /* the branches of a long alternation get slots of their own */
        if (res[i].nbranch &&
            add_patterns(v, n, cap, res[i].branch, res[i].nbranch, served) != DIGICHECK_OK)
            return DIGICHECK_ENOMEM;
    }
    return DIGICHECK_OK;
}

int dci_ruleset_patterns(const digicheck_ruleset *rs, dci_prefilter_pattern **out, size_t *n)
{
    size_t i, j, cap = 0;
    int rc = DIGICHECK_OK;

    *out = NULL;
    *n = 0;
    for (i = 0; i < rs->nrules && rc == DIGICHECK_OK; i++) {
        const dci_rule *r = &rs->rules[i];
        int bounded = r->type != DCI_RULE_PATTERN || r->scope == DCI_SCOPE_SENTENCE ||
                      r->scope == DCI_SCOPE_PARAGRAPH;
        rc = add_patterns(out, n, &cap, r->match, r->nmatch, bounded);
        if (rc == DIGICHECK_OK)
            rc = add_patterns(out, n, &cap, r->unless, r->nunless, 1);
        if (rc == DIGICHECK_OK)
            rc = add_patterns(out, n, &cap, r->when_match, r->nwhen_match, 1);
        if (rc == DIGICHECK_OK)
            rc = add_patterns(out, n, &cap, r->absent, r->nabsent, 1);
        if (rc == DIGICHECK_OK)
            rc = add_patterns(out, n, &cap, r->lead_in, r->nlead_in, 1);
        for (j = 0; j < r->nseverity_if && rc == DIGICHECK_OK; j++)
            rc = add_patterns(out, n, &cap, r->severity_if[j].match, r->severity_if[j].nmatch, 1);
        for (j = 0; j < r->nprefill && rc == DIGICHECK_OK; j++)
            rc = add_patterns(out, n, &cap, r->prefill[j].match, r->prefill[j].nmatch, 1);
    }
    if (rc != DIGICHECK_OK) {
        dci_free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* Builds the prefilter and writes what it gives each pattern into the
 * pattern: the rule set is the one writer of its patterns. */
static int build_prefilter(digicheck_ruleset *rs)
{
    dci_prefilter_plan plan;
    dci_prefilter_pattern *pats;
    size_t i, n;
    int rc;

    if (dci_ruleset_patterns(rs, &pats, &n) != DIGICHECK_OK)
        return DIGICHECK_ENOMEM;
    rc = dci_prefilter_build(pats, n, &plan);
    dci_free(pats);
    if (rc != DIGICHECK_OK)
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

/* The id, title, version and description of the rule set: those of the
 * one loaded, or for several (tops) their ids joined with "+" and their
 * titles with " + " (versions likewise, where they have one). */
static int identify(dci_loader *L, const size_t *tops, size_t ntops)
{
    digicheck_ruleset *rs = L->rs;
    const dci_ruleset_part *p = &rs->parts[tops[0]];
    dci_buf id = {0}, title = {0}, version = {0};
    size_t i;
    int rc = DIGICHECK_OK;

    rs->path = p->path;
    rs->dir = p->dir;
    if (ntops == 1) {
        rs->id = p->id, rs->title = p->title, rs->version = p->version;
        rs->description = p->description;
        return DIGICHECK_OK;
    }
    for (i = 0; i < ntops; i++) {
        p = &rs->parts[tops[i]];
        dci_buf_printf(&id, "%s%s", i ? "+" : "", p->id);
        dci_buf_printf(&title, "%s%s", i ? " + " : "", p->title);
        if (p->version)
            dci_buf_printf(&version, "%s%s", version.len ? "+" : "", p->version);
    }
    if (id.oom || title.oom || version.oom ||
        !(rs->id = dci_load_strdup(L, id.data)) || !(rs->title = dci_load_strdup(L, title.data)) ||
        (version.len && !(rs->version = dci_load_strdup(L, version.data))))
        rc = dci_load_oom(L);
    dci_free(id.data);
    dci_free(title.data);
    dci_free(version.data);
    return rc;
}

/* Moves the rules and parts into the arena: the rule set is one block of
 * memory plus the compiled patterns. */
static int finish(dci_loader *L, const size_t *tops, size_t ntops)
{
    digicheck_ruleset *rs = L->rs;
    size_t i, j;

    if (L->nrules) {
        rs->rules = dci_arena_alloc(&rs->arena, L->nrules * sizeof *rs->rules);
        if (!rs->rules)
            return dci_load_oom(L);
        memcpy(rs->rules, L->rules, L->nrules * sizeof *rs->rules);
    }
    rs->nrules = L->nrules;
    dci_loader_forget_rules(L);
    rs->parts = dci_arena_alloc(&rs->arena, L->nparts * sizeof *rs->parts);
    if (!rs->parts)
        return dci_load_oom(L);
    memcpy(rs->parts, L->parts, L->nparts * sizeof *rs->parts);
    rs->nparts = L->nparts;
    for (i = 0; i < rs->nparts; i++)
        for (j = 0; j < rs->nparts; j++)
            rs->parts[i].base |= (int)(rs->parts[j].bases >> i & 1);
    dci_loader_forget_parts(L);
    if (identify(L, tops, ntops))
        return DIGICHECK_ENOMEM;
    return build_prefilter(rs) == DIGICHECK_OK ? DIGICHECK_OK : dci_load_oom(L);
}

/* ---- levels ------------------------------------------------------------- */

/* A rule that names rule i in its `when.rules` (it could no longer fire
 * if rule i were gone), or DCI_NO_INDEX. */
static size_t dependent(const digicheck_ruleset *rs, size_t i)
{
    size_t k, j;

    for (k = 0; k < rs->nrules; k++)
        for (j = 0; k != i && j < rs->rules[k].nwhen_rules; j++)
            if (rs->rules[k].when_rule_index[j] == i)
                return k;
    return DCI_NO_INDEX;
}

/* Renumbers a list of rule indices once rule i is gone; entries naming it
 * leave the list. Returns the new length. */
static size_t renumber(size_t *idx, const char **ids, size_t n, size_t i)
{
    size_t j, k = 0;

    for (j = 0; j < n; j++) {
        if (idx[j] == i)
            continue;
        if (ids)
            ids[k] = ids[j];
        idx[k++] = idx[j] - (idx[j] > i);
    }
    return k;
}

/* Rule i leaves the rule set: the rules after it move up, and what points
 * at rules is renumbered. The prefilter stays: it finds the literals of
 * every pattern by slot, and no pattern left has its slot changed. */
static int drop_rule(digicheck_ruleset *rs, size_t i, const char *by)
{
    size_t k, j;

    if (dci_grow((void **)&rs->off, &rs->off_cap, rs->noff + 1, sizeof *rs->off))
        return DIGICHECK_ENOMEM;
    rs->off[rs->noff].id = rs->rules[i].id;
    rs->off[rs->noff++].by = by;
    dci_rules_free(&rs->rules[i], 1);
    memmove(&rs->rules[i], &rs->rules[i + 1], (rs->nrules - i - 1) * sizeof *rs->rules);
    rs->nrules--;
    for (k = 0; k < rs->nrules; k++)
        renumber(rs->rules[k].when_rule_index, NULL, rs->rules[k].nwhen_rules, i);
    rs->nabsence = renumber(rs->absence_order, NULL, rs->nabsence, i);
    for (k = 0; k < rs->nprinciples; k++)
        for (j = 0; j < rs->principles[k].naspects; j++) {
            dci_aspect *a = &rs->principles[k].aspects[j];
            a->nrules = renumber(a->rule_index, a->rules, a->nrules, i);
        }
    return DIGICHECK_OK;
}

/* Sets rule i to level (DCI_LEVEL_OFF or a severity; by: who did). A
 * severity set from outside is the severity of every finding of the rule:
 * its `severity_if` refinements go. */
static int set_level(digicheck_ruleset *rs, size_t i, int level, const char *by)
{
    if (!by)
        return DIGICHECK_ENOMEM;
    if (level == DCI_LEVEL_OFF)
        return drop_rule(rs, i, by);
    rs->rules[i].severity = level;
    dci_rule_free_severity_if(&rs->rules[i]);
    return DIGICHECK_OK;
}

/* "rule 'x' cannot be switched off: rule 'y' names it in 'when.rules' …" */
static int needed(const digicheck_ruleset *rs, size_t i, size_t by, digicheck_error *err,
                  const char *file, long line, long column)
{
    const dci_rule *d = &rs->rules[by];

    return dci_error(err, file ? DIGICHECK_ESCHEMA : DIGICHECK_EINVAL, file ? file : rs->path,
                     line, column, "rule '%s' cannot be switched off: rule '%s' names it in "
                     "'when.rules' (%s:%ld:%ld); switch '%s' off first", rs->rules[i].id, d->id,
                     d->file, d->line, d->column, d->id);
}

/* The rule switched off as id, or NULL. */
static const dci_rule_off *switched_off(const digicheck_ruleset *rs, const char *id)
{
    size_t i;

    for (i = 0; i < rs->noff; i++)
        if (strcmp(rs->off[i].id, id) == 0)
            return &rs->off[i];
    return NULL;
}

/* The `levels:` of every rule set read, in the order they were read: a
 * base's first, so that the set extending it has the last word. */
static int apply_levels(dci_loader *L)
{
    digicheck_ruleset *rs = L->rs;
    size_t i, k, dep;
    char by[200];

    for (i = 0; i < L->nlevels; i++) {
        const dci_pending_level *p = &L->levels[i];
        if ((k = dci_ruleset_find_rule(rs, p->rule)) == DCI_NO_INDEX)
            return dci_error(L->err, DIGICHECK_ESCHEMA, p->file, p->line, p->column, "rule "
                             "'%s' in 'levels' was switched off before (by %s)", p->rule,
                             switched_off(rs, p->rule)->by);
        if (p->level == DCI_LEVEL_OFF && (dep = dependent(rs, k)) != DCI_NO_INDEX)
            return needed(rs, k, dep, L->err, p->file, p->line, p->column);
        snprintf(by, sizeof by, "'levels' of rule set '%s'", rs->parts[p->part].id);
        if (set_level(rs, k, p->level, dci_load_strdup(L, by)))
            return dci_load_oom(L);
    }
    return DIGICHECK_OK;
}

/* ---- loading ------------------------------------------------------------ */

/* The parts the caller named that no other of them extends (a path given
 * twice, or given beside one that extends it, names nothing new): what the
 * combination is called after. */
static size_t top_parts(const dci_loader *L, const size_t *given, size_t n, size_t *tops)
{
    size_t i, j, ntops = 0;

    for (i = 0; i < n; i++) {
        int covered = 0;
        for (j = 0; j < n && !covered; j++)
            covered = (given[j] != given[i] && (L->parts[given[j]].bases >> given[i] & 1)) ||
                      (j < i && given[j] == given[i]);
        if (!covered)
            tops[ntops++] = given[i];
    }
    return ntops;
}

/* Loads paths[0..n) into a new rule set, each with what it extends. */
static int load(digicheck_ruleset **out, const char *const *paths, size_t n,
                digicheck_error *err)
{
    dci_loader L;
    digicheck_ruleset *rs = dci_malloc(sizeof *rs);
    size_t given[DCI_MAX_PARTS], tops[DCI_MAX_PARTS], i;
    int rc = DIGICHECK_OK;

    if (rs)
        memset(rs, 0, sizeof *rs);
    dci_loader_init(&L, rs, err, paths[0]);
    if (!rs)
        return dci_load_oom(&L);
    for (i = 0; i < n && !rc; i++)
        rc = read_set(&L, paths[i], NULL, &given[i]);
    if (rc ||
        (rc = resolve_refs(&L)) ||
        (rc = dci_resolve_aspects(&L)) ||
        (rc = finish(&L, tops, top_parts(&L, given, n, tops))) ||
        (rc = apply_levels(&L)))
        goto done;
done:
    if (rc) {
        dci_rules_free(L.rules, L.nrules);
        destroy(rs);
    } else {
        rs->refs = 1;
        *out = rs;
    }
    dci_loader_release(&L);
    return rc;
}

int digicheck_ruleset_load(digicheck_ruleset **out, const char *path, digicheck_error *err)
{
    if (out)
        *out = NULL;
    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "digicheck_ruleset_load", 0, 0,
                         "argument 'out' is NULL");
    if (!path || !*path)
        return dci_error(err, DIGICHECK_EINVAL, "digicheck_ruleset_load", 0, 0,
                         "argument 'path' is %s", path ? "empty" : "NULL");
    return load(out, &path, 1, err);
}

int digicheck_ruleset_load_many(digicheck_ruleset **out, const char *const *paths, size_t n,
                                digicheck_error *err)
{
    size_t i;

    if (out)
        *out = NULL;
    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "digicheck_ruleset_load_many", 0, 0,
                         "argument 'out' is NULL");
    if (!paths || !n)
        return dci_error(err, DIGICHECK_EINVAL, "digicheck_ruleset_load_many", 0, 0,
                         "argument 'paths' is %s", paths ? "empty (n is 0)" : "NULL");
    if (n > DCI_MAX_PARTS)
        return dci_error(err, DIGICHECK_EINVAL, "digicheck_ruleset_load_many", 0, 0,
                         "argument 'n' is %zu; at most %d rule sets are combined", n,
                         DCI_MAX_PARTS);
    for (i = 0; i < n; i++)
        if (!paths[i] || !*paths[i])
            return dci_error(err, DIGICHECK_EINVAL, "digicheck_ruleset_load_many", 0, 0,
                             "argument 'paths[%zu]' is %s", i, paths[i] ? "empty" : "NULL");
    return load(out, paths, n, err);
}

int digicheck_ruleset_set_level(digicheck_ruleset *rs, const char *rule_id, const char *level,
                                digicheck_error *err)
{
    static const char fn[] = "digicheck_ruleset_set_level";
    const dci_rule_off *off;
    size_t i, by;
    int value;

    if (!rs || !rule_id || !level)
        return dci_error(err, DIGICHECK_EINVAL, fn, 0, 0, "argument '%s' is NULL",
                         !rs ? "rs" : !rule_id ? "rule_id" : "level");
    if ((i = dci_ruleset_find_rule(rs, rule_id)) == DCI_NO_INDEX) {
        if ((off = switched_off(rs, rule_id)))
            return dci_error(err, DIGICHECK_EINVAL, rs->path, 0, 0, "rule '%s' is switched off "
                             "already (by %s)", rule_id, off->by);
        i = dci_ruleset_closest_rule(rs, rule_id);
        return dci_error(err, DIGICHECK_EINVAL, rs->path, 0, 0, "unknown rule '%s'%s%s%s",
                         rule_id, i != DCI_NO_INDEX ? "; did you mean '" : "",
                         i != DCI_NO_INDEX ? rs->rules[i].id : "",
                         i != DCI_NO_INDEX ? "'?" : "");
    }
    if (dci_name_value(&dci_levels, level, &value) != 0)
        return dci_error(err, DIGICHECK_EINVAL, rs->path, 0, 0, "unknown level '%s' for rule "
                         "'%s'; expected off, info, warning or error", level, rule_id);
    if (value == DCI_LEVEL_OFF && (by = dependent(rs, i)) != DCI_NO_INDEX)
        return needed(rs, i, by, err, NULL, 0, 0);
    return set_level(rs, i, value, "a call of digicheck_ruleset_set_level")
           ? dci_error(err, DIGICHECK_ENOMEM, rs->path, 0, 0,
                       "out of memory switching a rule off")
           : DIGICHECK_OK;
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
    size_t i, best = DCI_NO_INDEX, best_d = 4;

    for (i = 0; rs && id && i < rs->nrules; i++) {
        size_t d = dci_edit_distance(id, rs->rules[i].id);
        if (d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

int dci_ruleset_no_rule(const digicheck_ruleset *rs, const char *id, digicheck_error *err)
{
    size_t near = dci_ruleset_closest_rule(rs, id);
    const dci_rule_off *off = switched_off(rs, id);

    if (off)
        return dci_error(err, DIGICHECK_EINVAL, rs->path, 0, 0, "rule '%s' of rule set '%s' is "
                         "switched off (by %s); it is not run", id, rs->id, off->by);
    if (near != DCI_NO_INDEX)
        return dci_error(err, DIGICHECK_EINVAL, rs->path, 0, 0,
                         "no rule '%s' in rule set '%s'; did you mean '%s'?", id, rs->id,
                         rs->rules[near].id);
    return dci_error(err, DIGICHECK_EINVAL, rs->path, 0, 0,
                     "no rule '%s' in rule set '%s' (it has %zu rules)", id, rs->id,
                     rs->nrules);
}

size_t dci_ruleset_find_rule(const digicheck_ruleset *rs, const char *id)
{
    size_t i;

    for (i = 0; rs && id && i < rs->nrules; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return i;
    return DCI_NO_INDEX;
}

