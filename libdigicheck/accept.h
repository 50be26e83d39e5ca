/*
 * accept.h -- findings accepted with a reason, after a check (accept.c).
 */
#ifndef DCI_ACCEPT_H
#define DCI_ACCEPT_H

#include "run.h"

/* Marks the findings of the run's report that a justification of its draft
 * accepts (justify.h), and adds a diagnostic "stale-justification" for each
 * that accepts none (then re-sorts the report). */
void dci_accept_findings(dci_run *R);

#endif /* DCI_ACCEPT_H */
