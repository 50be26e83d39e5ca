/*
 * odt.h -- OpenDocument text drafts (.odt): odt.c reads content.xml of the
 * package into the text view (textview.h), as docx.c reads Word.
 */
#ifndef DCI_ODT_H
#define DCI_ODT_H

#include "package.h"
#include "textview.h"

/* Is the package OpenDocument text (its "mimetype" entry says so)? */
int dci_odt_is(dci_package *pk);
/* Reads the body of the package into v. Refuses encrypted documents
 * (DIGICHECK_EUNSUPPORTED); errors of the XML parts as docx.c's. */
int dci_odt_view(dci_package *pk, const char *name, dci_textview *v, digicheck_error *err);

#endif /* DCI_ODT_H */
