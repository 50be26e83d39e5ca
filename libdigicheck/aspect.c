/*
 * aspect.c -- the aspects ("Schwerpunkte") of the principles of a rule set.
 *
 * Each principle of the Digitalcheck (version 1.5) has a few aspects, each
 * with check questions ("Fragen Sie sich"). A rule set declares them under
 * its principle,
 *
 *     principles:
 *       - id: P1
 *         aspects:
 *           - {id: P1.2, name: technologieoffen, title: "…",
 *              categories: [technology-lock-in], rules: [tech.de-mail]}
 *
 * with a stable id (the principle's id, a dot and a number), a short name,
 * a title, and the categories and rules whose findings are evidence for the
 * aspect. Question rules name their aspect (`aspect: P1.2`). This module
 * reads the list, checks it (ids, duplicates, categories; the rules once
 * every file is read) and finds an aspect by id. A rule set that overrides
 * a principle of one it extends adds aspects to it, or replaces one with
 * `override: true` (dci_merge_aspects).
 */
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "yaml.h"
#include "ruleset.h"
#include "loader.h"
#include "aspect.h"

enum { A_ID, A_NAME, A_TITLE, A_CATEGORIES, A_RULES, A_OVERRIDE };
static const dci_keydef aspect_keys[] = {
    { "id", K_ANY }, { "name", K_ANY }, { "title", K_ANY }, { "categories", K_ANY },
    { "rules", K_ANY }, { "override", K_ANY },
};

size_t dci_principle_aspect(const dci_principle *p, const char *id)
{
    size_t i;

    for (i = 0; id && i < p->naspects; i++)
        if (strcmp(p->aspects[i].id, id) == 0)
            return i;
    return DCI_NO_INDEX;
}

/* The aspect's number: "1.2" for "P1.2" (the digits of the principle's id,
 * then the part after its dot). The id must be the principle's id, a dot
 * and a number. */
static int aspect_number(dci_loader *L, const dci_principle *p, dci_aspect *a,
                         const dci_yaml_node *at, const char *ctx)
{
    size_t n = strlen(p->id);
    const char *rest = a->id + n + 1, *digits = p->id;
    char buf[64];

    if (strncmp(a->id, p->id, n) != 0 || a->id[n] != '.' || !*rest ||
        strspn(rest, "0123456789") != strlen(rest))
        return dci_load_fail(L, DIGICHECK_ESCHEMA, at, "the id '%s' of %s must be '%s.' and a "
                             "number, e.g. '%s.1'", a->id, ctx, p->id, p->id);
    while (*digits && (*digits < '0' || *digits > '9'))
        digits++;
    snprintf(buf, sizeof buf, "%s.%s", *digits ? digits : p->id, rest);
    return (a->number = dci_load_strdup(L, buf)) ? DIGICHECK_OK : dci_load_oom(L);
}

static int check_categories(dci_loader *L, const dci_aspect *a, const dci_yaml_node *v,
                            const char *ctx)
{
    size_t i;
    int rc, value;

    for (i = 0; i < a->ncategories; i++)
        if ((rc = dci_load_choice(L, dci_list_item(v, i), "category", ctx, &dci_categories,
                                  &value, NULL)))
            return rc;
    return DIGICHECK_OK;
}

/* An aspect of a principle that overrides one of a base (base): its id is
 * the base's only with `override: true`, and `override: true` needs it. */
static int check_override(dci_loader *L, const dci_principle *base, const dci_aspect *a,
                          const dci_yaml_node *const *v, int override, const char *ctx)
{
    size_t k = base ? dci_principle_aspect(base, a->id) : DCI_NO_INDEX;
    char place[400];

    if (k != DCI_NO_INDEX && !override) {
        dci_loader_place(L, base->part, base->aspects[k].file, place, sizeof place);
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v[A_ID], "aspect '%s' is already defined in "
                             "%s:%ld:%ld; to replace it write `override: true`", a->id, place,
                             base->aspects[k].line, base->aspects[k].column);
    }
    if (k == DCI_NO_INDEX && override)
        return dci_load_fail(L, DIGICHECK_ESCHEMA, v[A_OVERRIDE], "%s has `override: true`, "
                             "but no rule set it extends defines '%s'; leave `override` out "
                             "for a new one", ctx, a->id);
    return DIGICHECK_OK;
}

static int read_aspect(dci_loader *L, dci_principle *p, size_t i, const dci_yaml_node *node,
                       const dci_principle *base)
{
    dci_aspect *a = &p->aspects[i];
    const dci_yaml_node *v[NKEYS(aspect_keys)];
    char ctx[160];
    size_t k;
    int rc, override = 0;

    snprintf(ctx, sizeof ctx, "aspect #%zu of principle '%s'", i + 1, p->id);
    if ((rc = dci_load_kind(L, node, DCI_YAML_MAPPING, "a mapping {id, name, title, …}", ctx)) ||
        (rc = dci_load_keys(L, node, aspect_keys, NKEYS(aspect_keys), K_ANY, ctx, v)) ||
        (rc = dci_load_require(L, node, v[A_ID], "id", ctx)) ||
        (rc = dci_load_id(L, v[A_ID], "aspect id", ctx, &a->id)))
        return rc;
    snprintf(ctx, sizeof ctx, "aspect '%s'", a->id);
    if ((rc = aspect_number(L, p, a, v[A_ID], ctx)) ||
        (rc = dci_load_require(L, node, v[A_NAME], "name", ctx)) ||
        (rc = dci_load_require(L, node, v[A_TITLE], "title", ctx)) ||
        (rc = dci_load_id(L, v[A_NAME], "name", ctx, &a->name)) ||
        (rc = dci_load_string(L, v[A_TITLE], "title", ctx, &a->title)) ||
        (rc = dci_load_strings(L, v[A_CATEGORIES], "categories", ctx, &a->categories,
                               &a->ncategories)) ||
        (rc = check_categories(L, a, v[A_CATEGORIES], ctx)) ||
        (rc = dci_load_strings(L, v[A_RULES], "rules", ctx, &a->rules, &a->nrules)) ||
        (rc = dci_load_bool(L, v[A_OVERRIDE], "override", ctx, &override)) ||
        (rc = check_override(L, base, a, (const dci_yaml_node *const *)v, override, ctx)))
        return rc;
    for (k = 0; k < i; k++)
        if (strcmp(p->aspects[k].id, a->id) == 0 || strcmp(p->aspects[k].name, a->name) == 0)
            return dci_load_fail(L, DIGICHECK_ESCHEMA, node, "duplicate aspect: '%s' (%s) has "
                                 "the id or name of aspect #%zu", a->id, a->name, k + 1);
    a->file = L->file;
    a->line = node->line;
    a->column = node->column;
    if (a->nrules &&
        !(a->rule_index = dci_arena_alloc(&L->rs->arena, a->nrules * sizeof *a->rule_index)))
        return dci_load_oom(L);
    return DIGICHECK_OK;
}

int dci_load_aspects(dci_loader *L, dci_principle *p, const dci_yaml_node *v,
                     const dci_principle *base)
{
    const dci_yaml_node *list = dci_yaml_deref(v);
    char ctx[160];
    size_t i;
    int rc;

    if (!v)
        return DIGICHECK_OK;
    snprintf(ctx, sizeof ctx, "'aspects' of principle '%s'", p->id);
    if ((rc = dci_load_kind(L, v, DCI_YAML_SEQUENCE, "a list of aspects", ctx)) || !list->nitems)
        return rc;
    if (!(p->aspects = dci_arena_calloc(&L->rs->arena, list->nitems * sizeof *p->aspects)))
        return dci_load_oom(L);
    p->naspects = list->nitems;
    for (i = 0; i < list->nitems; i++)
        if ((rc = read_aspect(L, p, i, list->items[i], base)))
            return rc;
    return DIGICHECK_OK;
}

int dci_merge_aspects(dci_loader *L, dci_principle *base, const dci_principle *p)
{
    dci_aspect *all;
    size_t i, n = base->naspects;

    if (!p->naspects)
        return DIGICHECK_OK;
    if (!(all = dci_arena_calloc(&L->rs->arena, (n + p->naspects) * sizeof *all)))
        return dci_load_oom(L);
    if (n)
        memcpy(all, base->aspects, n * sizeof *all);
    for (i = 0; i < p->naspects; i++) {
        size_t k = dci_principle_aspect(base, p->aspects[i].id);
        all[k != DCI_NO_INDEX ? k : n++] = p->aspects[i];
    }
    base->aspects = all;
    base->naspects = n;
    return DIGICHECK_OK;
}

int dci_resolve_aspects(dci_loader *L)
{
    size_t i, j, k;

    for (i = 0; i < L->rs->nprinciples; i++)
        for (j = 0; j < L->rs->principles[i].naspects; j++) {
            dci_aspect *a = &L->rs->principles[i].aspects[j];
            for (k = 0; k < a->nrules; k++) {
                a->rule_index[k] = dci_loader_rule(L, a->rules[k]);
                if (a->rule_index[k] == DCI_NO_INDEX) {
                    dci_pending_ref at = { 0, 0, a->file, a->line, a->column };
                    return dci_load_fail_ref(L, &at, "unknown rule '%s' in 'rules' of aspect "
                                             "'%s'", a->rules[k], a->id);
                }
            }
        }
    return DIGICHECK_OK;
}
