/*
 * absence.h -- absence rules: where they are triggered and where what
 * satisfies them is looked for (absence.c).
 */
#ifndef DCI_ABSENCE_H
#define DCI_ABSENCE_H

#include "run.h"

/* Evaluates absence rule `rule` on R->d: one finding per scope unit whose
 * trigger holds and in which (or where `absent_in` says) no `absent`
 * pattern occurs, at the triggering sentence. Sets R->oom. */
void dci_absence_run(dci_run *R, const dci_rule *rule);

#endif /* DCI_ABSENCE_H */
