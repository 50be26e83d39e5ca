/*
 * prefilter.h -- the literals of all patterns, found in one pass (prefilter.c).
 */
#ifndef DCI_PREFILTER_H
#define DCI_PREFILTER_H

#include "regex.h"

typedef struct dci_prefilter dci_prefilter;

/* The hits of one slot in a view (dci_prefilter_scan): where its literals
 * begin, pos[0..n), in the order they end; lost: it had so many that they
 * were dropped, and its patterns are searched in full. 4 bytes a hit (a
 * view's offsets are 32-bit), in one list per slot. */
typedef struct dci_hits {
    uint32_t *pos;
    size_t n, cap;
    int lost;
} dci_hits;

/* A pattern to plan for. served: it is searched in bounded units (it fires
 * a sentence or Absatz rule, or it is only asked whether it occurs in a
 * unit), so a slot pays; the other patterns only get their twin number. */
typedef struct dci_prefilter_pattern {
    const dci_regex *re;
    int served;
} dci_prefilter_pattern;

/* What the prefilter gives one pattern of a rule set: the values of its
 * fields twin, slot, reach, slot2 and reach2 (see dci_regex). */
typedef struct dci_prefilter_use {
    const dci_regex *re;    /* the pattern, in the rule set */
    long twin;
    long slot, slot2;
    dci_reach reach, reach2;
} dci_prefilter_use;

/* A rule set's automaton and what it gives each pattern. The rule set,
 * which owns its patterns, writes the numbers into them (ruleset.c). */
typedef struct dci_prefilter_plan {
    dci_prefilter *pf;          /* NULL when no pattern has a slot */
    size_t nslots;              /* the slots of pf */
    size_t ntwins;              /* the twin numbers given */
    dci_prefilter_use *use;     /* one per pattern of the rule set */
    size_t n;
} dci_prefilter_plan;

/* Numbers the patterns written alike, gives the patterns searched in
 * bounded units (see prefilter.c) whose every match must hold one of a few
 * literals a slot and a reach (one per twin), and builds the automaton:
 * all into *plan, which the caller frees with dci_prefilter_plan_free once
 * it has taken what it keeps (plan->pf: then set it to NULL); plan->use
 * has one entry per pattern of pats, in their order. DIGICHECK_OK, or
 * DIGICHECK_ENOMEM with *plan empty. */
int  dci_prefilter_build(const dci_prefilter_pattern *pats, size_t n, dci_prefilter_plan *plan);
/* Frees what the plan holds: its uses, and its automaton unless taken. */
void dci_prefilter_plan_free(dci_prefilter_plan *plan);
/* An automaton for n more patterns, which get the slots from first on,
 * after the rule set's (slot[i], or -1 when one has no literals; its reach in reach[i]):
 * a checker's own, for the patterns its Lua rules search with, scanned
 * after the rule set's. *out is NULL when no pattern has a slot.
 * DIGICHECK_OK or DIGICHECK_ENOMEM. */
int  dci_prefilter_extend(size_t first, const char *const *more, size_t n,
                          long *slot, dci_reach *reach, dci_prefilter **out);
/* The number of slots of an automaton. */
size_t dci_prefilter_slots(const dci_prefilter *pf);
/* The literals extracted from one pattern (its second set: second 1),
 * folded, "|"-separated into out, and its reach (see dci_regex); returns
 * their number, or -1 when the pattern keeps its full scan (has no second
 * set). */
int  dci_prefilter_literals(const char *src, int second, char *out, size_t cap,
                            dci_reach *reach);
void dci_prefilter_free(dci_prefilter *pf);
/* Finds the literals in view[0, n): each hit appended to lists[its slot]
 * (nlists lists, one per slot of every automaton scanned; a first pass
 * counts the hits and each list grows once, to what it holds, so no
 * copies are left behind), and the longest runs of bytes that may be white space (ASCII
 * white space, bytes >= 0x80) and word characters (ASCII letters, digits,
 * "_", bytes >= 0x80) in runs[0] and runs[1] (runs NULL: not measured, a
 * faster pass). Memory stays bounded: *total counts the hits the lists
 * hold, and a hit that would make it more than `most` first makes the list
 * with the most hits lose them (lost, its memory released), so that a
 * literal found nearly everywhere costs its slot's hits, not the others'.
 * Returns 0; 1 when the view must be scanned in full (it holds characters
 * whose case the prefilter does not fold); -1 when out of memory. */
int  dci_prefilter_scan(const dci_prefilter *pf, const char *view, size_t n, dci_hits *lists,
                        size_t nlists, size_t *total, size_t most, size_t runs[2]);
/* The hits the lists of a view of n bytes hold at most: half a byte per
 * byte of the view (4 bytes a hit), and 64 KiB for a small one. Drafts of
 * statutes have a hit every 10 bytes or so; past it (a hit every 8 bytes,
 * as in the same sentence repeated) the slots with the most hits are
 * searched in full: slower, but the hits held a byte per byte before. */
#define DCI_PREFILTER_MOST(n) ((n) / 8 + 16384)

/* The number of pattern re's approximation (hsdb.c; re one of the
 * patterns the automaton was built for) and in *len the most bytes a match
 * of re takes (see dci_reach; fixed DCI_REACH_NONE: unbounded), or -1
 * when it has none. */
long dci_prefilter_approx(const dci_prefilter *pf, const dci_regex *re, dci_reach *len);
/* Where in view[start, end) the first match of approximation approx ends
 * (every match of its pattern ends at the end of one): 1 and *at, 0 when
 * none ends there, -1 on an error. *scratch is the caller's, one per
 * thread (NULL at first; then released with dci_prefilter_scratch_free). */
int  dci_prefilter_first_end(const dci_prefilter *pf, long approx, void **scratch,
                             const char *view, size_t start, size_t end, size_t *at);
void dci_prefilter_scratch_free(void *scratch);

#endif /* DCI_PREFILTER_H */
