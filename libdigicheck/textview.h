/*
 * textview.h -- the text view of a word-processor draft (textview.c):
 * one line per paragraph, a blank line after each, headings marked with
 * "#" as in Markdown, the numbers the program generates before the text,
 * and each paragraph's place kept, so the Markdown segmenter reads the
 * draft and a finding can be told in the program's terms (paragraph and
 * character). Word (docx.c) and OpenDocument (odt.c) write it.
 */
#ifndef DCI_TEXTVIEW_H
#define DCI_TEXTVIEW_H

#include "dci.h"
#include "draft.h"

typedef struct dci_textview {
    dci_buf text;               /* the view written so far */
    dci_buf para;               /* the text of the paragraph at hand */
    dci_para *paras; size_t nparas, cparas;
    int oom;
} dci_textview;

/* Starts a paragraph, then appends its text piece by piece (a line break in
 * it reads as a space: one paragraph is one line). */
void dci_textview_begin(dci_textview *v);
void dci_textview_put(dci_textview *v, const char *s, size_t n);
/* Ends paragraph `index` (its index among the document's paragraphs):
 * label is the number the program generates for it ("3. ", may be empty),
 * level its heading level (0: none; a paragraph that reads as a unit's
 * heading, "§ 3 Antrag", gets one anyway). A paragraph without text is
 * left out of the view. */
void dci_textview_end(dci_textview *v, const char *label, size_t llen, int level, long index);
/* The draft of the view, of format fmt, holding the package bytes data
 * (taken, freed on failure too); the view is freed. */
int dci_textview_draft(dci_textview *v, digicheck_draft **out, const char *name, int fmt,
                       char *data, size_t len, digicheck_error *err);
void dci_textview_free(dci_textview *v);
/* Appends n (> 0) in format fmt: '1' decimal, 'a' 'A' letters (a..z, then
 * aa..zz, as Word and LibreOffice count), 'i' 'I' Roman numerals. */
void dci_textview_number(dci_buf *b, long n, int fmt);

#endif /* DCI_TEXTVIEW_H */
