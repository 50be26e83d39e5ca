/*
 * rule.h -- reading the rule entries of a rule set file (rule.c).
 */
#ifndef DCI_RULE_H
#define DCI_RULE_H

#include "loader.h"

/* Reads the list `rules:` (v, may be NULL) of the file being read, each
 * entry into a new rule of the load. */
int dci_load_rules(dci_loader *L, const dci_yaml_node *v);

#endif /* DCI_RULE_H */
