/*
 * collapse.h -- fewer, wider findings of a pattern rule (collapse.c).
 */
#ifndef DCI_COLLAPSE_H
#define DCI_COLLAPSE_H

#include "run.h"

/* Of the text findings rule added since report mark `mark`, keeps one per
 * Satz: the widest match (the first of equal ones). */
void dci_collapse_sentences(dci_run *R, const dci_rule *rule, size_t mark);
/* Rules with `group: section`: of their text findings, keeps one per
 * category and § (or Anlage, Artikel without §), the first, whose message
 * lists every term and where it stands. Run once, after the pattern
 * rules. */
void dci_collapse_grouped(dci_run *R);

#endif /* DCI_COLLAPSE_H */
