/*
 * docx.h -- Word drafts (WordprocessingML, .docx): docx.c reads the main
 * part of the package into a Markdown-like text view, one line per
 * paragraph, which the text segmenter reads as it reads a statute in
 * Markdown; annotate.c walks the same paragraphs and text in the same order
 * to write comments into a copy.
 */
#ifndef DCI_DOCX_H
#define DCI_DOCX_H

#include <libxml/tree.h>

#include "dci.h"
#include "package.h"

/* Builds a draft from a Word file in data[0..len) (taken over, freed on
 * failure too), or from an OpenDocument text (odt.c), whatever fmt
 * (DIGICHECK_FORMAT_DOCX or _ODT) says: the draft's format is the package's. */
int dci_docx_draft(digicheck_draft **out, char *data, size_t len, const char *name, int fmt,
                   digicheck_error *err);

/* The main part of a Word package ("word/document.xml"), from
 * [Content_Types].xml, in a buffer of its own (dci_free). Refuses
 * macro-enabled documents and packages that are not Word. */
int dci_docx_main_part(dci_package *pk, const char *name, char **part, digicheck_error *err);
/* The relationships part of a part ("word/_rels/document.xml.rels"), and
 * the part a relationship's target names, relative to the part's folder
 * (both in buffers of their own, dci_free; NULL when out of memory). */
char *dci_docx_rels_part(const char *part);
char *dci_docx_target(const char *part, const char *target);
/* The w:body of a parsed main part, or DIGICHECK_ESCHEMA. */
int dci_docx_body(xmlDocPtr doc, const char *name, xmlNode **body, digicheck_error *err);

/* Calls fn for each paragraph (w:p) of the body in document order, with its
 * index from 0: paragraphs in tables and content controls count, those in
 * text boxes, headers, footers, footnotes and comments do not. */
typedef void (*dci_docx_para_fn)(void *ctx, xmlNode *p, long index);
void dci_docx_paragraphs(xmlNode *body, dci_docx_para_fn fn, void *ctx);

/* Calls fn for each piece of the text of paragraph p, in order: the node
 * that holds it (the text node of a w:t; a w:tab, w:br … read as one
 * character) and its UTF-8
 * text. Inserted text (w:ins) is text, deleted (w:del) is not, nor are
 * field instructions (the field's result is), footnote and comment marks. */
typedef void (*dci_docx_text_fn)(void *ctx, xmlNode *node, const char *text, size_t len);
void dci_docx_text(xmlNode *p, dci_docx_text_fn fn, void *ctx);

#endif /* DCI_DOCX_H */
