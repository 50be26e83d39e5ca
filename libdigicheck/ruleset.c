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
#include <errno.h>
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

enum { T_DIGICHECK, T_ID, T_TITLE, T_VERSION, T_DESCRIPTION, T_PRINCIPLES, T_INCLUDE, T_RULES };
static const dci_keydef top_keys[] = {
    { "digicheck", K_ANY }, { "id", K_ANY }, { "title", K_ANY }, { "version", K_ANY },
    { "description", K_ANY }, { "principles", K_ANY }, { "include", K_ANY },
    { "rules", K_ANY },
};

enum { I_RULES, I_DESCRIPTION };
static const dci_keydef included_keys[] = { { "rules", K_ANY }, { "description", K_ANY } };

enum { P_ID, P_TITLE, P_LEGACY, P_DESCRIPTION, P_ASPECTS };
static const dci_keydef principle_keys[] = {
    { "id", K_ANY }, { "title", K_ANY }, { "legacy", K_ANY }, { "description", K_ANY },
    { "aspects", K_ANY },
};

/* ---- principles ---------------------------------------------------------- */

static int read_principle(dci_loader *L, const dci_yaml_node *node, size_t i)
{
    dci_principle *p = &L->rs->principles[i];
    const dci_yaml_node *v[NKEYS(principle_keys)];
    char ctx[160];
    int rc;

    snprintf(ctx, sizeof ctx, "principle #%zu", i + 1);
    if ((rc = dci_load_kind(L, node, DCI_YAML_MAPPING, "a mapping", ctx)) ||
        (rc = dci_load_require(L, node, dci_yaml_map_get(node, "id"), "id", ctx)) ||
        (rc = dci_load_id(L, dci_yaml_map_get(node, "id"), "principle id", ctx, &p->id)))
        return rc;
    snprintf(ctx, sizeof ctx, "principle '%s'", p->id);
    /* Legacy ids name principles of an earlier version of the Digitalcheck;
     * old and new principles map many to many, so a legacy id may appear
     * under several principles. */
    if ((rc = dci_load_keys(L, node, principle_keys, NKEYS(principle_keys), K_ANY, ctx, v)) ||
        (rc = dci_load_require(L, node, v[P_TITLE], "title", ctx)) ||
        (rc = dci_load_string(L, v[P_TITLE], "title", ctx, &p->title)) ||
        (rc = dci_load_string(L, v[P_DESCRIPTION], "description", ctx, &p->description)) ||
        (rc = dci_load_strings(L, v[P_LEGACY], "legacy", ctx, &p->legacy, &p->nlegacy)) ||
        (rc = dci_load_aspects(L, p, v[P_ASPECTS])))
        return rc;
    return dci_loader_name_principle(L, i, v[P_ID]);
}

static int read_principles(dci_loader *L, const dci_yaml_node *v)
{
    const dci_yaml_node *list = dci_yaml_deref(v);
    size_t i;
    int rc;

    if ((rc = dci_load_kind(L, v, DCI_YAML_SEQUENCE, "a list of principles", "'principles'")))
        return rc;
    if (!list->nitems)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v, "'principles' needs at least one principle");
    L->rs->principles = dci_arena_calloc(&L->rs->arena, list->nitems * sizeof(dci_principle));
    if (!L->rs->principles)
        return dci_load_oom(L);
    L->rs->nprinciples = list->nitems;
    for (i = 0; i < list->nitems; i++)
        if ((rc = read_principle(L, list->items[i], i)))
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

static int read_main(dci_loader *L, const char *path)
{
    dci_yaml_doc doc = { { NULL }, NULL };
    const dci_yaml_node *v[NKEYS(top_keys)];
    int rc;

    if ((rc = read_doc(L, &doc, path, "a rule set (digicheck, id, title, principles)")) ||
        (rc = dci_load_keys(L, doc.root, top_keys, NKEYS(top_keys), K_ANY, "the rule set", v)) ||
        (rc = dci_load_require(L, doc.root, v[T_DIGICHECK], "digicheck", "the rule set")) ||
        (rc = read_version(L, v[T_DIGICHECK])) ||
        (rc = dci_load_require(L, doc.root, v[T_ID], "id", "the rule set")) ||
        (rc = dci_load_require(L, doc.root, v[T_TITLE], "title", "the rule set")) ||
        (rc = dci_load_require(L, doc.root, v[T_PRINCIPLES], "principles", "the rule set")) ||
        (rc = dci_load_id(L, v[T_ID], "id", "the rule set", &L->rs->id)) ||
        (rc = dci_load_string(L, v[T_TITLE], "title", "the rule set", &L->rs->title)) ||
        (rc = dci_load_string(L, v[T_VERSION], "version", "the rule set", &L->rs->version)) ||
        (rc = dci_load_string(L, v[T_DESCRIPTION], "description", "the rule set",
                              &L->rs->description)) ||
        (rc = read_principles(L, v[T_PRINCIPLES])) ||
        (rc = dci_load_rules(L, v[T_RULES])) ||
        (rc = read_includes(L, v[T_INCLUDE])))
        goto done;
done:
    dci_yaml_free(&doc);
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
        for (j = 0; j < r->nlead_in; j++)
            dci_regex_free(&r->lead_in[j]);
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
static int locate(dci_loader *L, const char *path, const char **main_file)
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
            return dci_load_oom(L);
        strcpy(file, dir);
        strcat(file, strcmp(dir, "/") ? "/ruleset.yaml" : "ruleset.yaml");
        *main_file = file;
    } else {
        const char *slash = strrchr(path, '/');
        *main_file = dci_load_strdup(L, path);
        dir = slash == path ? dci_arena_strdup(a, "/")
            : slash ? dci_arena_strndup(a, path, (size_t)(slash - path))
                    : dci_arena_strdup(a, ".");
        if (!*main_file || !dir)
            return dci_load_oom(L);
    }
    if (!(L->rs->path = dci_load_strdup(L, path)))
        return dci_load_oom(L);
    L->rs->dir = dir;
    return DIGICHECK_OK;
}

static int add_patterns(dci_prefilter_pattern **v, size_t *n, size_t *cap, const dci_regex *res,
                        size_t k, int served)
{
    size_t i;

    if (dci_grow((void **)v, cap, *n + k, sizeof **v))
        return DIGICHECK_ENOMEM;
    for (i = 0; i < k; i++) {
        (*v)[*n].re = &res[i];
        (*v)[(*n)++].served = served;
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

/* Moves the rules into the arena: the rule set is one block of memory plus
 * the compiled patterns. */
static int finish(dci_loader *L)
{
    digicheck_ruleset *rs = L->rs;

    if (L->nrules) {
        rs->rules = dci_arena_alloc(&rs->arena, L->nrules * sizeof *rs->rules);
        if (!rs->rules)
            return dci_load_oom(L);
        memcpy(rs->rules, L->rules, L->nrules * sizeof *rs->rules);
    }
    rs->nrules = L->nrules;
    dci_loader_forget_rules(L);
    return build_prefilter(rs) == DIGICHECK_OK ? DIGICHECK_OK : dci_load_oom(L);
}

int digicheck_ruleset_load(digicheck_ruleset **out, const char *path, digicheck_error *err)
{
    dci_loader L;
    digicheck_ruleset *rs;
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
    rs = dci_malloc(sizeof *rs);
    if (rs)
        memset(rs, 0, sizeof *rs);
    dci_loader_init(&L, rs, err, path);
    if (!rs)
        return dci_load_oom(&L);
    if ((rc = locate(&L, path, &main_file)) ||
        (rc = read_main(&L, main_file)) ||
        (rc = resolve_refs(&L)) ||
        (rc = dci_resolve_aspects(&L)) ||
        (rc = finish(&L)))
        goto done;
done:
    if (rc) {
        free_rules(L.rules, L.nrules);
        destroy(rs);
    } else {
        rs->refs = 1;
        *out = rs;
    }
    dci_loader_release(&L);
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

