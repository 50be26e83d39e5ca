/*
 * accept.c -- findings accepted with a reason: after a check, the
 * justifications of the draft (justify.h) are matched to the report's
 * findings by rule id and place -- a structural path and the units inside
 * it, or a line -- and each that accepts no finding any more gives a
 * diagnostic "stale-justification", so that reasons do not rot silently.
 * The report keeps the reasons of its findings (report.c writes them).
 */
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "finding.h"
#include "justify.h"
#include "accept.h"

/* Does path start with `at`, up to the end of a unit? White space is not
 * compared: "§2 Abs. 1" is "§ 2 Abs. 1". */
static int path_within(const char *path, const char *at)
{
    for (;;) {
        while (*at == ' ')
            at++;
        if (!*at)
            return !*path || *path == ' ';
        while (*path == ' ')
            path++;
        if (*path != *at)
            return 0;
        path++;
        at++;
    }
}

static int accepts(const dci_justification *j, const digicheck_finding *f)
{
    if (f->kind == DCI_KIND_DIAGNOSTIC || !f->rule || strcmp(f->rule->id, j->rule) != 0)
        return 0;
    if (j->at)
        return path_within(f->path ? f->path : "", j->at);
    return j->at_line > 0 && f->line <= j->at_line && j->at_line <= f->end_line;
}

/* The diagnostic for a justification that accepts no finding. */
static void stale(dci_run *R, const dci_justification *j)
{
    const digicheck_draft *d = R->d;
    size_t rule = dci_ruleset_find_rule(R->rs, j->rule);
    char msg[900], place[300];

    if (j->at && *j->at)
        snprintf(place, sizeof place, "at '%.200s'", j->at);
    else if (j->at)
        snprintf(place, sizeof place, "for the whole draft");
    else if (j->at_line)
        snprintf(place, sizeof place, "at line %ld", j->at_line);
    else
        snprintf(place, sizeof place, "(no provision follows it)");
    snprintf(msg, sizeof msg, "stale-justification: the justification of '%s' %s (%s:%ld:%ld)"
             " accepts no finding; remove it, or correct its rule or place", j->rule, place,
             j->file ? j->file : d->name, j->line, j->column);
    /* an inline one stands before its provision; the others outside the text */
    dci_finding_diagnostic(R, rule != (size_t)-1 ? &R->rs->rules[rule] : NULL, msg,
                           j->source == DCI_JUST_INLINE ? dci_draft_innermost(d, j->vpos) : 0,
                           DCI_NO_UNIT, j->vpos);
}

void dci_accept_findings(dci_run *R)
{
    const digicheck_draft *d = R->d;
    size_t i, k, n = dci_report_mark(R->r), nstale = 0;

    for (i = 0; i < d->njusts && !R->oom; i++) {
        const dci_justification *j = &d->justs[i];
        int used = 0;
        for (k = 0; k < n; k++) {
            const digicheck_finding *f = digicheck_report_get(R->r, k);
            if (!accepts(j, f))
                continue;
            used = 1;
            if (!dci_finding_more_of(f)->jreason && dci_report_justify(R->r, k, j->reason, j->by, j->source))
                R->oom = 1;
        }
        if (!used) {
            stale(R, j);
            nstale++;
        }
    }
    if (nstale)
        dci_report_sort(R->r);
}
