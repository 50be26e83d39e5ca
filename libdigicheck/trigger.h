/*
 * trigger.h -- when a rule applies: `when` of an absence rule,
 * `applies_when` of a question (trigger.c).
 */
#ifndef DCI_TRIGGER_H
#define DCI_TRIGGER_H

#include "run.h"

/* The offsets (in the original) of the findings of the rules that one rule
 * names in `when: rules:`, sorted. A checker keeps one for all its checks. */
struct dci_fired {
    size_t *offs;
    size_t n, cap;
};

void dci_fired_free(dci_fired *f);

/* Collects into *R->fired the findings that trigger rule: one pass over
 * the findings per rule instead of one per unit. Sets R->oom. */
void dci_trigger_collect(dci_run *R, const dci_rule *rule);
/* Does the trigger of rule hold in unit u: one of its patterns in the
 * text, one of its answers given, one of the rules it names fired there
 * (as collected last)? A pattern's span goes to ms, me with *at_match set.
 * -1 when a pattern hit a limit (a diagnostic was added). */
int dci_trigger_holds(dci_run *R, const dci_rule *rule, size_t u, size_t *ms, size_t *me,
                      int *at_match);

#endif /* DCI_TRIGGER_H */
