/*
 * package.h -- office documents as zip packages (package.c): recognising
 * one by its first bytes, opening it from memory with libzip, and reading
 * its parts within limits (entries, size, compression ratio), so that a zip
 * bomb, an encrypted or macro-enabled file or a corrupt archive ends with
 * a clear error. Word (docx.c) and the annotated copy (annotate.c) read
 * parts through it.
 */
#ifndef DCI_PACKAGE_H
#define DCI_PACKAGE_H

#include <stddef.h>

#include "dci.h"

/* What the first bytes of a file say. */
enum { DCI_MAGIC_NONE = 0, DCI_MAGIC_ZIP, DCI_MAGIC_OLE };
int dci_package_magic(const char *s, size_t len);

/* An OLE compound file (old binary Word, or an encrypted Office document)
 * as the error it is: DIGICHECK_EUNSUPPORTED, saying what to do. */
int dci_package_refuse_ole(const char *s, size_t len, const char *name, digicheck_error *err);

typedef struct dci_package dci_package;

/* Opens the zip in data[0..len) (borrowed: it must outlive the package)
 * and checks it as a whole: consistent, at most DIGICHECK_LIMIT_PACKAGE_ENTRIES
 * entries, none encrypted, no macros. Errors: DIGICHECK_ESYNTAX (not a
 * readable zip), _ELIMIT, _EUNSUPPORTED (encrypted, macros), _ENOMEM. */
int dci_package_open(dci_package **out, const char *data, size_t len, const char *name,
                     digicheck_error *err);
void dci_package_close(dci_package *p);

/* The number of entries, and entry i's name (borrowed). */
size_t dci_package_count(const dci_package *p);
const char *dci_package_name(const dci_package *p, size_t i);
/* The index of the entry `entry` (exact name), or -1. */
long dci_package_find(const dci_package *p, const char *entry);
/* Reads entry i whole (NUL-terminated; release with dci_free) within the
 * size and ratio limits. */
int dci_package_read_index(dci_package *p, size_t i, char **out, size_t *len,
                           digicheck_error *err);
/* The same by name; a missing entry is DIGICHECK_ESCHEMA when required,
 * else DIGICHECK_OK with *out NULL. */
int dci_package_read(dci_package *p, const char *entry, int required, char **out, size_t *len,
                     digicheck_error *err);

#endif /* DCI_PACKAGE_H */
