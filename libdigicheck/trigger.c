/*
 * trigger.c -- when a rule applies.
 *
 * An absence rule fires where its `when` holds and a question applies
 * where its `applies_when` does; both are written alike (ruleset.h: the
 * when_* fields): a pattern in the unit, an answer given, or a rule that
 * fired in the unit. This module owns their evaluation and the list of
 * the findings that trigger the rule being evaluated.
 */
#include <stdlib.h>
#include <strings.h>

#include "dci.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "search.h"
#include "finding.h"
#include "trigger.h"

void dci_fired_free(dci_fired *f)
{
    dci_free(f->offs);
    f->offs = NULL;
    f->n = f->cap = 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return x < y ? -1 : x > y;
}

void dci_trigger_collect(dci_run *R, const dci_rule *rule)
{
    dci_fired *fd = R->fired;
    size_t i, j;

    fd->n = 0;
    if (!rule->nwhen_rules)
        return;
    for (i = 0; i < R->r->nfindings; i++) {
        const digicheck_finding *f = &R->r->findings[i];
        if (!f->rule || f->kind == DCI_KIND_DIAGNOSTIC || f->kind == DCI_KIND_IMPROVEMENT)
            continue;
        for (j = 0; j < rule->nwhen_rules; j++)
            if (f->rule == &R->rs->rules[rule->when_rule_index[j]])
                break;
        if (j == rule->nwhen_rules)
            continue;
        if (dci_grow((void **)&fd->offs, &fd->cap, fd->n + 1, sizeof *fd->offs)) {
            R->oom = 1;
            fd->n = 0;
            return;
        }
        fd->offs[fd->n++] = f->offset;
    }
    if (fd->n > 1)
        qsort(fd->offs, fd->n, sizeof *fd->offs, cmp_size);
}

/* Does one of the collected findings lie inside unit u? */
static int fired_in(const dci_run *R, size_t u)
{
    const digicheck_draft *d = R->d;
    const dci_fired *fd = R->fired;
    size_t o0, o1, lo = 0, hi = fd->n;

    if (u == 0 || !fd->n)
        return fd->n > 0;
    o0 = dci_draft_orig(d, d->units[u].start);
    o1 = dci_draft_orig(d, d->units[u].end);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (fd->offs[mid] < o0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < fd->n && fd->offs[lo] < o1;
}

static int answer_holds(const digicheck_draft *d, const dci_answer_cond *a)
{
    const char *v = dci_draft_answer(d, a->question);

    return v && strcasecmp(dci_answer_canonical(v), dci_answer_canonical(a->answer)) == 0;
}

int dci_trigger_holds(dci_run *R, const dci_rule *rule, size_t u, size_t *ms, size_t *me,
                      int *at_match)
{
    const dci_unit *un = &R->d->units[u];
    size_t i;

    *at_match = 0;
    for (i = 0; i < rule->nwhen_match; i++) {
        dci_target t;
        int rc;
        dci_target_of(R, &rule->when_match[i], &t);
        dci_target_unit(R, &t, un->start, un->end);
        rc = dci_search_text(R, &t, un->start, un->end, ms, me);
        if (rc < 0) {
            dci_finding_limit(R, rule, &rule->when_match[i], rc, u);
            return -1;
        }
        if (rc > 0)
            return *at_match = 1;
    }
    for (i = 0; i < rule->nwhen_answers; i++)
        if (answer_holds(R->d, &rule->when_answers[i]))
            return 1;
    return fired_in(R, u);
}
