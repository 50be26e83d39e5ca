/*
 * build.c -- a draft from its bytes: the draft object (draft.c), then the
 * segmenter of its format builds the text model (segment.c for text and
 * Markdown, ldml.c for LegalDocML.de), which it hands back to the draft;
 * last, roles.c finds the role of each Satz (provision, heading, table,
 * amendment command, new wording …), which the draft takes too.
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
    if (rc == DIGICHECK_OK) {
        dci_rolemap roles;
        rc = dci_roles_find(d, &roles);
        if (rc == DIGICHECK_OK)
            dci_draft_take_roles(d, &roles);
        else
            rc = dci_error(err, rc, d->name, 0, 0, "out of memory reading a draft");
    }
    if (rc != DIGICHECK_OK) {
        digicheck_draft_free(d);
        return rc;
    }
    *out = d;
    return DIGICHECK_OK;
}
