/*
 * search.h -- finding the matches of a pattern in a draft's view, fast
 * (search.c): the prefilter's hits of each draft, the windows around them,
 * the patterns learned from Lua rules and the memo of twin searches.
 */
#ifndef DCI_SEARCH_H
#define DCI_SEARCH_H

#include "run.h"
#include "prefilter.h"

typedef struct dci_memo dci_memo;

/* What a checker keeps for searching, from one draft to the next. */
struct dci_searcher {
    const digicheck_ruleset *rs;
    dci_hits *lists;                 /* prefilter hits of this draft: one list per slot, */
    size_t nlists, lists_cap;        /* … by position (the rule set's slots, then own's) */
    size_t nkept;                    /* … and the hits they hold */
    int prefiltered;                 /* the hits hold for this draft */
    size_t runs[2];                  /* its longest runs of white space, word bytes */
    dci_prefilter *own;              /* the patterns its Lua rules use (after the rule set's) */
    char **learned; size_t nlearned; /* their patterns (copied), in order … */
    long *learned_slot;              /* … their slots in own (-1: none) … */
    dci_reach *learned_reach;
    size_t nbuilt;                   /* … and how many own holds */
    int rebuilds;
    dci_memo *memo;                  /* searches of twin patterns … */
    size_t memo_cap, memo_used;
    unsigned long serial;            /* … of the check with this number */
    void *scratch;                   /* what asking the approximations needs */
};

void dci_searcher_init(dci_searcher *s, const digicheck_ruleset *rs);
void dci_searcher_free(dci_searcher *s);

/* Readies R->s for the draft R->d: forgets the searches of the last one,
 * builds an automaton for the patterns learned since, and finds the
 * literals of every pattern with a slot in one pass over the view. Sets
 * R->oom. */
void dci_search_begin(dci_run *R);
/* The draft is checked: releases the memory its hits took beyond what a
 * small draft needs, so that a checker between drafts holds little. */
void dci_search_end(dci_run *R);

/* A Lua rule compiled pattern src: the checker learns it (when it has
 * literals), so that from the next draft on its searches use the hits.
 * Returns its number for dci_target_learned(), or -1. */
long dci_search_learn(dci_run *R, const char *src);

/* A pattern as this draft is searched for it: the slot whose hits stand
 * for it (-1: none, it is searched in full), its reach in bytes
 * (DCI_REACH_NONE: no windows; then far, when bounded, the reach however
 * far, for windows where a range holds few hits), the slot of its other set of literals (-1:
 * none) with that set's reach (every match holds a literal of both sets, so
 * a place without a hit of the other is skipped), its approximation (-1:
 * none; PCRE2 searches only where one of its matches ends in reach, see
 * search.c) with the most bytes a match takes (DCI_REACH_NONE: unbounded),
 * and the next hit that dci_search_unit() looks at. chars and other_chars
 * bound the same reaches in characters (see dci_reach). base is where the
 * subject of its searches begins: 0, the start of the view; for a pattern
 * that asserts the start of its subject (DCI_RE_STARTS) the caller sets the
 * start of the unit it reads, so that `^`, `\A` and lookbehinds see that
 * as when the unit is read alone (the capture groups left in R->m then
 * count from it). */
typedef struct dci_target {
    const dci_regex *re;
    long slot;
    size_t reach, far, chars;
    long other;
    size_t other_reach, other_chars;
    long approx;
    size_t approx_len;
    size_t next;
    size_t base;
} dci_target;

/* The target of a pattern of the rule set, and of a pattern a Lua rule
 * compiled (learned: the number dci_search_learn() gave, or -1). */
void dci_target_of(const dci_run *R, const dci_regex *re, dci_target *t);
void dci_target_learned(const dci_run *R, const dci_regex *re, long learned, dci_target *t);
/* t reads the unit view[start, end): a pattern that asserts the start of
 * its subject sees it where the unit's text begins (t->base), at its first
 * Satz (an Absatz's number "(2)" is not its text), else at start; the
 * others keep the view's. */
void dci_target_unit(const dci_run *R, dci_target *t, size_t start, size_t end);

/* The first match of t in view[start, end) that starts before `before`
 * (end or more: any), found the cheapest way: through the windows around
 * its hits when it has a reach (or, before end or more, a far reach and
 * few hits in the range), not at all when none of its literals lies
 * in the range, else by PCRE2. With ms NULL it asks only whether t occurs,
 * an empty match included. Returns 1 (and the span), 0, or a negative PCRE2
 * error (a limit). A pattern without a twin leaves the capture groups of
 * the match in R->m. */
int dci_search(dci_run *R, const dci_target *t, size_t start, size_t end, size_t before,
               size_t *ms, size_t *me);
/* The first match of t in view[pos, end) that starts inside a sentence
 * (headings and the title block are no provisions); as dci_search(). */
int dci_search_text(dci_run *R, const dci_target *t, size_t pos, size_t end, size_t *ms,
                    size_t *me);
/* Does any of the n patterns occur in view[start, end), the text of a unit
 * (a pattern that asserts its start sees it at start)? Sets *limit on a
 * matching limit error (and then answers 0). */
int dci_search_any(dci_run *R, const dci_regex *res, size_t n, size_t start, size_t end,
                   int *limit);
/* Where the next search for t begins: *pos itself when t has no slot;
 * else the start of the unit of `kind` (Satz or Absatz) that holds the next
 * hit at or after *pos: a match that is reported lies inside its unit and
 * holds one of the pattern's literals. *end is that unit's end (view_len
 * for a full scan). Returns 0 when no hit is left. */
int dci_search_unit(dci_run *R, dci_target *t, int kind, size_t *pos, size_t *end);

#endif /* DCI_SEARCH_H */
