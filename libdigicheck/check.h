/*
 * check.h -- a check in progress (check.c), as lua.c sees it.
 */
#ifndef DCI_CHECK_H
#define DCI_CHECK_H

#include "draft.h"
#include "regex.h"
#include "report.h"

/* What one check needs besides its checker; lua.c adds findings to it. */
typedef struct dci_run {
    digicheck_checker *c;
    const digicheck_draft *d;
    digicheck_report *r;
    dci_matcher *m;              /* the checker's */
    dci_cursor pos;              /* where the last finding was located */
    int limit_hit;               /* findings limit reached: stop adding */
    int oom;
} dci_run;

/* Adds a finding of rule for the view span [ms, me), with the path of unit
 * `at` and an excerpt from unit `ex`. message is not copied: it must live
 * as long as the report (rule set or report arena). Returns the finding, or
 * NULL when the findings limit was reached (then a diagnostic is added
 * once) or memory ran out (R->oom). */
digicheck_finding *dci_check_add(dci_run *R, const dci_rule *rule, int kind, int severity,
                                 const char *message, size_t at, size_t ex, size_t ms,
                                 size_t me);

/* For lua.c: the patterns a Lua rule searches with. dci_check_learn() is
 * told each pattern Lua compiles; dci_check_bind() gives a compiled one its
 * slot in the checker's automaton (when *gen, the build it last asked
 * about, is not the current one); dci_check_find() is dci_regex_find()
 * that skips to the hits of its literals. */
void dci_check_learn(dci_run *R, const char *src);
void dci_check_bind(dci_run *R, dci_regex *re, unsigned *gen);
int  dci_check_find(dci_run *R, const dci_regex *re, size_t start, size_t end, size_t *ms,
                    size_t *me);

#endif /* DCI_CHECK_H */
