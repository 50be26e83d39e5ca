/*
 * build.c -- a draft from its bytes: the draft object (draft.c), then the
 * segmenter of its format builds the text model (segment.c for text and
 * Markdown, ldml.c for LegalDocML.de), which it hands back to the draft.
 *
 * It stands apart from draft.c so that the dependency goes one way: the
 * segmenters call the draft, the draft calls neither of them.
 */
#include "dci.h"
#include "draft.h"

int dci_draft_build(digicheck_draft **out, char *data, size_t len, const char *name, int fmt,
                    digicheck_error *err)
{
    digicheck_draft *d = NULL;
    int rc = dci_draft_new(&d, data, len, name, fmt, err);

    if (rc != DIGICHECK_OK)
        return rc;
    rc = d->format == DIGICHECK_FORMAT_LDML ? dci_ldml_segment(d, err) : dci_segment(d, err);
    if (rc != DIGICHECK_OK) {
        digicheck_draft_free(d);
        return rc;
    }
    *out = d;
    return DIGICHECK_OK;
}
