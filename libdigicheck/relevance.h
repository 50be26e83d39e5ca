/*
 * relevance.h -- the places where a principle matters even without a
 * defect (relevance.c): the matches of the rule set's relevance rules.
 */
#ifndef DCI_RELEVANCE_H
#define DCI_RELEVANCE_H

#include "questions.h"

#define DCI_MAX_RELEVANT 64     /* places kept per relevance rule and draft */

/* The places one relevance rule marks in a draft, in the report's arena. */
typedef struct dci_relevant {
    const dci_rule *rule;
    dci_evidence *places; size_t nplaces;
} dci_relevant;

/* Runs every relevance rule on the check in progress into R->r's relevant
 * places. Sets R->oom. */
void dci_relevance_run(dci_run *R);

#endif /* DCI_RELEVANCE_H */
