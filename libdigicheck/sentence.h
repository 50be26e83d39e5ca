/*
 * sentence.h -- the units a segmenter builds, and the sentences it splits
 * into them (sentence.c).
 */
#ifndef DCI_SENTENCE_H
#define DCI_SENTENCE_H

#include "draft.h"

/* Appends a unit spanning [start, start); -1 when out of memory. */
long dci_units_add(dci_units *us, int kind, long parent, size_t start, const char *num,
                   size_t nlen);
/* Splits view v[a, b) into Satz units under unit parent, numbering them on
 * from *nsatz; *open says whether the last sentence was left open (a list
 * intro). German legal abbreviations do not end a sentence. Returns
 * DIGICHECK_OK or DIGICHECK_ENOMEM. */
int dci_split_sentences(dci_units *us, const char *v, long parent, size_t a, size_t b,
                        unsigned *nsatz, int *open);
/* Is [p, p+n) the name of a month ("Januar", "März", …)? */
int dci_is_month(const char *p, size_t n);

#endif /* DCI_SENTENCE_H */
