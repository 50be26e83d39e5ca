/*
 * regex.h -- compiling and matching rule patterns with PCRE2 (regex.c).
 *
 * The only header that includes pcre2.h: modules that match see the
 * matcher; the others see a dci_regex as a pattern with its prefilter
 * slots.
 */
#ifndef DCI_REGEX_H
#define DCI_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "dci.h"

/* At most how many bytes a match starts before one of its literals: fixed,
 * plus `ws` times the longest run of white space and `word` times the
 * longest run of word characters in the draft (both measured by the
 * prefilter's scan). fixed == DCI_REACH_NONE: no bound. `fixed` counts 4
 * bytes for a character of a class; `chars` bounds the characters the
 * fixed part takes, so that a match also starts at most chars + the runs'
 * bytes characters before its literal: far fewer bytes in a draft written
 * mostly in ASCII ("[^.;]{0,150}" is 600 bytes, but 150 characters). */
typedef struct dci_reach {
    size_t fixed, ws, word, chars;
} dci_reach;

#define DCI_REACH_MAX 1024  /* a larger reach is not worth a window */
#define DCI_REACH_NONE ((size_t)-1)

typedef struct dci_regex {
    const char *src;        /* the pattern as written */
    pcre2_code *code;       /* compiled, interpreted until the first match … */
    pcre2_code *jit;        /* … makes this copy, JIT-compiled where available (NULL:
                             * not yet); the threads of a rule set share it */
    long line, column;      /* where the pattern was written */
    int flags;              /* DCI_RE_* */
    /* the next five come from the prefilter's plan (prefilter.h), which the
     * rule set writes when it is loaded */
    long slot;              /* its prefilter slot, or -1: scanned in full */
    dci_reach reach;        /* with a slot: how far a match starts before a literal */
    long slot2;             /* a second set of literals every match holds, or -1; a
                             * check uses the set with fewer hits in its draft */
    dci_reach reach2;
    long twin;              /* patterns written alike (source and flags) in several
                             * places share a number and their searches (search.c);
                             * -1: written once */
    /* a long alternation of a rule (DCI_RE_BRANCHES) also as its branches, each
     * a pattern of its own with its own slot: a window around a hit then runs
     * only the branches with a hit of their own near (search.c) */
    struct dci_regex *branch;
    size_t nbranch;
    char *own_src;          /* a branch's source, which it owns (else NULL) */
    char *exp;              /* a lazy branch's source with its sharp s rewritten (regex.c),
                             * or NULL: the same as src */
    char *lits;             /* what the prefilter reads a branch's literals from where
                             * that is not src: its part of the group alone, or NULL */
} dci_regex;

#define DCI_SPLIT_MAX 256   /* the most branches a pattern is split into */

#define DCI_RE_CASELESS 1
#define DCI_RE_BRANCHES 4   /* asked of dci_regex_compile: split a long alternation */
#define DCI_RE_ONE_CALL 2   /* set by dci_regex_compile: anchored or using \G, so a
                             * search cannot be split into windows (see dci_matcher) */
#define DCI_RE_ENDS 8       /* set by dci_regex_compile: asserts the end of the subject
                             * ($, \z, \Z), which a rule means as the end of the text
                             * it reads (check.c bounds the subject there) */
#define DCI_RE_LAZY 16      /* a branch, compiled at its first match: code is NULL */
#define DCI_RE_STARTS 32    /* set by dci_regex_compile: asserts the start of the subject
                             * (^, \A; \G too, whose start a windowed search moves),
                             * which a rule means as the start of the text it reads
                             * (its searches begin the subject there) */

/* Compiles src with UTF, UCP and (flag) case folding; tries JIT. On error
 * fills err with code DIGICHECK_EREGEX, source file, the line/column of the
 * pattern plus the error offset, and PCRE2's message. */
int  dci_regex_compile(dci_regex *re, const char *src, int flags, const char *file,
                       long line, long column, const char *rule_id, digicheck_error *err);
void dci_regex_free(dci_regex *re);

/* Asked between two windows of a search: bytes of start positions were
 * tried since the last call; nonzero stops the search. */
typedef int (*dci_regex_poll)(void *arg, size_t bytes);

/* A search stopped by its poll (a value no PCRE2 error has). */
#define DCI_REGEX_STOPPED (-10000)

/* What matching needs besides the pattern: match data, a match context with
 * the backtracking limits (DIGICHECK_LIMIT_MATCH, _MATCH_DEPTH) and a JIT
 * stack. One per checker, used by one thread at a time.
 *
 * PCRE2's limits hold per start position, so one search of a large subject
 * with a pattern that backtracks a lot at every position takes long with no
 * limit hit. With a poll set, a search tries its start positions in windows
 * of DCI_REGEX_WINDOW bytes (the subject stays whole, only where a match may
 * start is limited, so the matches are the same) and asks the poll after
 * each window without a match, and after each search near a hit; a search
 * the poll stops returns DCI_REGEX_STOPPED. */
typedef struct dci_matcher {
    pcre2_match_data    *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack     *jit;
    dci_regex_poll       poll;      /* NULL: no windows */
    void                *poll_arg;
} dci_matcher;

#define DCI_REGEX_WINDOW 1024

int  dci_matcher_init(dci_matcher *m);          /* DIGICHECK_OK or DIGICHECK_ENOMEM */
void dci_matcher_free(dci_matcher *m);
/* Finds the first non-empty match of re in s[start, end); matching sees s
 * up to end only. Returns 1 and the span, 0 for none, a negative PCRE2
 * error (a limit) or DCI_REGEX_STOPPED. Empty matches are skipped. The capture groups of a match
 * stay in m->md until the next call. */
int  dci_regex_find(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                    size_t end, size_t *ms, size_t *me);
/* Does re match anywhere in s[start, end)? An empty match counts (a
 * lookahead asks whether something occurs). 1, 0, or a negative PCRE2
 * error (a limit) or DCI_REGEX_STOPPED. */
int  dci_regex_occurs(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                      size_t end);
/* The same for a match that starts at or before offset last (the subject
 * still ends at end, so lookarounds see as far as without the limit). */
int  dci_regex_find_from(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                         size_t end, size_t last, size_t *ms, size_t *me);

#endif /* DCI_REGEX_H */
