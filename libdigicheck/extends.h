/*
 * extends.h -- where a rule set named in `extends:` is (extends.c).
 */
#ifndef DCI_EXTENDS_H
#define DCI_EXTENDS_H

#include "loader.h"

/* The path of the rule set that `extends:` names as name (written at
 * `at`), seen from the rule set being read; copied into the rule set. An
 * error at `at` when there is none. */
int dci_extends_find(dci_loader *L, const dci_yaml_node *at, const char *name,
                     const char **path);

/* Splits path (a directory holding ruleset.yaml, or a file) into the rule
 * set directory and its main file, copied into the rule set. */
int dci_extends_locate(dci_loader *L, const char *path, const char **main_file,
                       const char **dir);
/* The error of an `extends:` at `at` that leads back to part k, still
 * being read: "rules/a -> rules/b -> rules/a". */
int dci_extends_cycle(dci_loader *L, const dci_yaml_node *at, size_t k);

#endif /* DCI_EXTENDS_H */
