/*
 * aspect.h -- the aspects ("Schwerpunkte") of a principle in a rule set
 * (aspect.c): read with the principle, their rules resolved once every
 * rule is read, and looked up by id.
 */
#ifndef DCI_ASPECT_H
#define DCI_ASPECT_H

#include "loader.h"

/* Reads the list `aspects:` (v, may be NULL) of principle p; base is the
 * principle of a base rule set that p overrides, or NULL. */
int dci_load_aspects(dci_loader *L, dci_principle *p, const dci_yaml_node *v,
                     const dci_principle *base);
/* Adds the aspects of p (which overrides base) to base: each in the place
 * of the one with its id, or after the others. */
int dci_merge_aspects(dci_loader *L, dci_principle *base, const dci_principle *p);
/* Resolves the `rules:` of every aspect to rule indices; an unknown rule
 * is a load error at its place. Called once every file is read. */
int dci_resolve_aspects(dci_loader *L);
/* The index of the aspect with that id in principle p, or DCI_NO_INDEX. */
size_t dci_principle_aspect(const dci_principle *p, const char *id);

#endif /* DCI_ASPECT_H */
