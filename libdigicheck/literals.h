/*
 * literals.h -- the literals every match of a pattern must hold, and how
 * far before one a match may start, read from the pattern (literals.c).
 */
#ifndef DCI_LITERALS_H
#define DCI_LITERALS_H

#include "regex.h"

#define DCI_MAX_LITS 64     /* more alternatives than this: no literal set (a rule lists
                             * 53 participles) */
#define DCI_MAX_LIT 24      /* longer runs keep their first 23 bytes */

/* A set of folded literals (dci_literals_fold): every match of a pattern
 * holds one of them. */
typedef struct dci_litset {
    int n;                  /* -1: none (the part may match without a literal) */
    dci_reach reach;        /* while parsing: the most from a part's start to a literal's */
    int minw;               /* n > 0: the least weight of a literal (see literals.c) */
    char s[DCI_MAX_LITS][DCI_MAX_LIT];
    unsigned char len[DCI_MAX_LITS];
} dci_litset;

/* The literal set of a whole pattern in *ls, and its reach (fixed ==
 * DCI_REACH_NONE when unbounded); a second set, in *alt and *reach2, when
 * the pattern has one (else alt->n is -1; alt may be NULL); the most bytes
 * a match takes in *length (as dci_literals_length; length may be NULL),
 * also when the pattern has no literals. Returns -1 when the pattern keeps
 * its full scan, else 0. */
int dci_literals_extract(const char *src, dci_litset *ls, dci_reach *reach, dci_litset *alt,
                         dci_reach *reach2, dci_reach *length);
/* The most bytes a match of the pattern may take, in *len (fixed ==
 * DCI_REACH_NONE and -1 when unbounded or not understood, else 0);
 * lookarounds look beyond it. */
int dci_literals_length(const char *src, dci_reach *len);
/* Do two sets hold the same literals? */
int dci_literals_same(const dci_litset *a, const dci_litset *b);
/* The byte map that folds literals and text alike (see literals.c). */
unsigned char dci_literals_fold(unsigned char b);
/* Does s[0, n) hold a character whose case PCRE2 folds across what the
 * byte fold says: beyond Latin-1 to an ASCII or Latin-1 letter that a
 * literal may hold (a draft holding one is not prefiltered), or with
 * partners to any such letter, and also the Latin-1 letters those match
 * (a pattern holding one has no Hyperscan shape)? */
int dci_literals_odd_case(const char *s, size_t n, int partners);
/* May byte c belong to a word character (ASCII letters, digits, "_",
 * bytes >= 0x80)? A reach counts runs of them. */
int dci_literals_word_byte(unsigned c);

#endif /* DCI_LITERALS_H */
