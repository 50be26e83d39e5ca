/*
 * document.h -- the documentation of a draft as a list of blocks
 * (document.c builds it from a report and renders Markdown and HTML; odf.c
 * writes it as an OpenDocument text).
 */
#ifndef DCI_DOCUMENT_H
#define DCI_DOCUMENT_H

#include "dci.h"

/* The kinds of block: the title, headings of three levels, a field
 * ("Datum: 2026-03-01"), a paragraph, an item of a list and an item of a
 * list inside it. */
enum {
    DCI_DOC_TITLE, DCI_DOC_H2, DCI_DOC_H3, DCI_DOC_H4, DCI_DOC_FIELD, DCI_DOC_PARA,
    DCI_DOC_ITEM, DCI_DOC_SUBITEM
};

/* One block: plain text (each renderer escapes it); label: a field's name
 * or an item's lead; open: marks what is still open or incomplete. */
typedef struct dci_doc_block {
    int kind;
    const char *label, *text;
    int open;
} dci_doc_block;

/* Written by document.c only. */
typedef struct dci_doc {
    dci_arena arena;                    /* the blocks' strings */
    dci_doc_block *blocks; size_t nblocks, cap;
    const char *title;                  /* of the draft, for the file's metadata */
    int oom;
} dci_doc;

/* The documentation of r as Markdown, appended to b (b->oom on failure):
 * the piece of `digicheck check -f documentation` (render.c). */
void dci_document_markdown(dci_buf *b, const digicheck_report *r);

/* The documentation as an ODF text (odf.c): *out (binary, *len bytes),
 * released with dci_free. DIGICHECK_OK, DIGICHECK_ENOMEM, DIGICHECK_EIO. */
int dci_odf_write(const dci_doc *doc, char **out, size_t *len, digicheck_error *err);

#endif /* DCI_DOCUMENT_H */
