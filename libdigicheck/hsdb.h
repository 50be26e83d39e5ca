/*
 * hsdb.h -- Hyperscan databases of pattern approximations: where a
 * pattern's match may end (hsdb.c), and the shapes they compile
 * (hsshape.c).
 */
#ifndef DCI_HSDB_H
#define DCI_HSDB_H

#include <stddef.h>

typedef struct dci_hsdb dci_hsdb;

/* The Hyperscan expression for a rule pattern (see hsshape.c), to release
 * with dci_free; NULL when the pattern has none (or out of memory). */
char *dci_hsdb_shape(const char *src);

/* Does this build have Hyperscan, and may this machine run it? */
int  dci_hsdb_available(void);
/* A database for each of the n expressions; one that does not compile
 * has none (ok[i] 0, else 1). Read from the cache of compiled databases
 * when it holds these expressions, else compiled and written there (see
 * hsdb.c). *out NULL when Hyperscan is missing. DIGICHECK_OK or
 * DIGICHECK_ENOMEM. */
int  dci_hsdb_build(char *const *exprs, size_t n, unsigned char *ok, dci_hsdb **out);
void dci_hsdb_free(dci_hsdb *db);
/* Where the first match of expression i (ok) in view[start, end) ends:
 * 1 and *at, 0 when it has none there, -1 on an error (out of memory).
 * *scratch is the caller's (one per thread; NULL at first, made here;
 * freed with dci_hsdb_scratch_free). */
int  dci_hsdb_first_end(const dci_hsdb *db, size_t i, void **scratch, const char *view,
                        size_t start, size_t end, size_t *at);
void dci_hsdb_scratch_free(void *scratch);

#endif /* DCI_HSDB_H */
