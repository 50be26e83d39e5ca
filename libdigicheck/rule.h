/*
 * rule.h -- reading the rule entries of a rule set file (rule.c).
 */
#ifndef DCI_RULE_H
#define DCI_RULE_H

#include "loader.h"

/* Reads the list `rules:` (v, may be NULL) of the file being read, each
 * entry into a new rule of the load. */
int dci_load_rules(dci_loader *L, const dci_yaml_node *v);
/* Checks `levels:` (v, may be NULL) of the file being read, a mapping
 * {RULE-ID: off | info | warning | error} of rules read so far, and hands
 * each entry to the loader; they are applied once the rule set is whole. */
int dci_load_levels(dci_loader *L, const dci_yaml_node *v);
/* Releases the compiled patterns of n rules (the rest is in the arena). */
void dci_rules_free(dci_rule *rules, size_t n);
/* Forgets a rule's `severity_if` (its level was set from outside), releasing
 * its patterns. */
void dci_rule_free_severity_if(dci_rule *r);

#endif /* DCI_RULE_H */
