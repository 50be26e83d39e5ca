/*
 * relevance.c -- where each principle matters, defect or not.
 *
 * The documentation of the Digitalcheck lists every Paragraf in which a
 * principle is important ("Listen Sie alle Paragraphen auf, in denen das
 * Prinzip wichtig ist", DOMAIN.md §3.1), not only the faulty ones: a
 * provision that processes personal data matters for P5 even when it is
 * well made, one that creates an application or a notice for P1, one that
 * names a standard or an interface for P3. Relevance rules (`type:
 * relevance`) say so with patterns; their matches are no findings -- they
 * neither count nor fail a check -- but the report's relevant places, which
 * the documentation lists under the rule's principle and aspect. A match is
 * dropped when an `unless` pattern occurs in the same Satz; a Satz is one
 * place of a rule however often it matches. This module owns
 * those places of a report.
 */
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "search.h"
#include "relevance.h"

/* Does an `unless` pattern of rule occur in the Satz of place e? */
static int cancelled(dci_run *R, const dci_rule *rule, const dci_evidence *e)
{
    const digicheck_draft *d = R->d;
    size_t start = e->start, end = e->end, i, ms, me;

    if (e->unit < d->nunits) {
        start = d->units[e->unit].start;
        end = d->units[e->unit].end;
    }
    for (i = 0; i < rule->nunless; i++) {
        dci_target t;
        dci_target_of(R, &rule->unless[i], &t);
        dci_target_unit(R, &t, start, end);
        if (dci_search_text(R, &t, start, end, &ms, &me) > 0)
            return 1;
    }
    return 0;
}

/* Is the Satz of e among the n places kept? One place per Satz and rule. */
static int seen(const dci_evidence *kept, size_t n, const dci_evidence *e)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (kept[i].unit == e->unit && (e->unit != (size_t)-1 || kept[i].start == e->start))
            return 1;
    return 0;
}

static void run_rule(dci_run *R, const dci_rule *rule, dci_relevant *out)
{
    size_t i, k, n = 0;
    dci_evidence *all = dci_arena_calloc(&R->r->arena, DCI_MAX_RELEVANT * sizeof *all);

    out->rule = rule;
    if (!all) {
        R->oom = 1;
        return;
    }
    for (i = 0; i < rule->nmatch && !R->oom; i++)
        dci_evidence_gather(R, &rule->match[i], all, &n, DCI_MAX_RELEVANT);
    for (i = k = 0; i < n; i++)
        if (!cancelled(R, rule, &all[i]) && !seen(all, k, &all[i]))
            all[k++] = all[i];
    out->places = all;
    out->nplaces = k;
}

size_t digicheck_report_relevant_count(const digicheck_report *r)
{
    size_t i, n = 0;

    for (i = 0; r && i < r->nrelevant; i++)
        n += r->relevant[i].nplaces;
    return n;
}

const char *digicheck_report_relevant(const digicheck_report *r, size_t i, const char **aspect,
                                      const char **path, long *line)
{
    const dci_relevant *v = NULL;
    const dci_evidence *e = NULL;
    size_t k;

    for (k = 0; r && k < r->nrelevant && !e; k++) {
        if (i < r->relevant[k].nplaces) {
            v = &r->relevant[k];
            e = &v->places[i];
        } else {
            i -= r->relevant[k].nplaces;
        }
    }
    if (aspect)
        *aspect = v ? v->rule->aspect : NULL;
    if (path)
        *path = e ? e->path : NULL;
    if (line)
        *line = e ? e->line : 0;
    return v ? v->rule->id : NULL;
}

void dci_relevance_run(dci_run *R)
{
    const digicheck_ruleset *rs = R->rs;
    size_t i, n = 0;

    for (i = 0; i < rs->nrules; i++)
        n += rs->rules[i].type == DCI_RULE_RELEVANCE;
    if (!n)
        return;
    if (!(R->r->relevant = dci_arena_calloc(&R->r->arena, n * sizeof *R->r->relevant))) {
        R->oom = 1;
        return;
    }
    for (i = 0; i < rs->nrules && !R->oom; i++)
        if (rs->rules[i].type == DCI_RULE_RELEVANCE)
            run_rule(R, &rs->rules[i], &R->r->relevant[R->r->nrelevant++]);
}
