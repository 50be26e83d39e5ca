/*
 * search.c -- finding the matches of a pattern in a draft's view, fast.
 *
 * This module owns the checker's searcher (search.h): the hits of the
 * prefilter for each draft (one pass over the view finds the literals of
 * every pattern with a slot, into a list per slot, sorted here by
 * position; within a budget of half a byte per byte of the draft, past which
 * the slots with the most hits lose them, and released after the check), the
 * windows around the hits that bound where a pattern with a reach can
 * match, the patterns it learns from Lua rules (an automaton of its own,
 * scanned after the rule set's) and the memo that answers a search of a
 * twin pattern that was already made. Every search of a rule, whatever its
 * type, goes through dci_search(), which picks the cheapest way.
 */
#include <string.h>

#include "dci.h"
#include "regex.h"
#include "prefilter.h"
#include "ruleset.h"
#include "draft.h"
#include "run.h"
#include "search.h"

void dci_searcher_init(dci_searcher *s, const digicheck_ruleset *rs)
{
    memset(s, 0, sizeof *s);
    s->rs = rs;
}

void dci_searcher_free(dci_searcher *s)
{
    size_t i;

    for (i = 0; i < s->lists_cap; i++)
        dci_free(s->lists[i].pos);
    dci_free(s->lists);
    dci_free(s->memo);
    dci_prefilter_free(s->own);
    for (i = 0; i < s->nlearned; i++)
        dci_free(s->learned[i]);
    dci_free(s->learned);
    dci_free(s->learned_slot);
    dci_free(s->learned_reach);
    dci_prefilter_scratch_free(s->scratch);
}

/* ---- searches shared by twins --------------------------------------------- */

/* Patterns written alike in several places (twins, see dci_regex.twin) are
 * searched once per check: the searcher keeps the result of every search
 * for a twin, by what was asked, and the next twin that asks the same gets
 * it from there. A rule set that repeats a pattern (its copies of a rule,
 * the same `absent` list in two rules) thus costs one search. */
struct dci_memo {
    unsigned long serial;       /* the check it belongs to; else a free entry */
    long twin;
    int op, rc;
    size_t start, end, arg;     /* what was asked … */
    size_t ms, me;              /* … and found */
};
typedef dci_memo memo;

#define MEMO_MIN 256
#define MEMO_MAX 65536          /* entries (64 bytes each): then no more are kept */

enum { OP_FIND, OP_NEAR, OP_NEAR_BY, OP_FROM, OP_OCCURS };

static size_t memo_hash(long twin, int op, size_t start, size_t end, size_t arg)
{
    uint64_t h = (uint64_t)twin * 0x9E3779B97F4A7C15u ^ (uint64_t)op;

    h = (h ^ start) * 0xBF58476D1CE4E5B9u;
    h = (h ^ end) * 0x94D049BB133111EBu;
    h = (h ^ arg) * 0x9E3779B97F4A7C15u;
    return (size_t)(h ^ h >> 29);
}

/* The entry of table m (cap entries) for a search: the one that holds it,
 * or the free one where it belongs. */
static memo *memo_probe(memo *m, size_t cap, unsigned long serial, long twin, int op,
                        size_t start, size_t end, size_t arg)
{
    size_t i;

    for (i = memo_hash(twin, op, start, end, arg) & (cap - 1); m[i].serial == serial;
         i = (i + 1) & (cap - 1)) {
        const memo *e = &m[i];
        if (e->twin == twin && e->op == op && e->start == start && e->end == end &&
            e->arg == arg)
            break;
    }
    return &m[i];
}

/* The entry for a search: the one that holds it, or a free one to fill;
 * NULL when a new one does not fit (the search is then not kept). */
static memo *memo_entry(dci_searcher *s, long twin, int op, size_t start, size_t end,
                        size_t arg)
{
    memo *e = NULL, *m;
    size_t cap, k;

    if (s->memo_cap) {
        e = memo_probe(s->memo, s->memo_cap, s->serial, twin, op, start, end, arg);
        if (e->serial == s->serial || s->memo_used + 1 <= s->memo_cap / 2)
            return e;
    }
    cap = s->memo_cap ? s->memo_cap * 2 : MEMO_MIN;
    if (cap > MEMO_MAX || !(m = dci_malloc(cap * sizeof *m)))
        return NULL;
    memset(m, 0, cap * sizeof *m);
    for (k = 0; k < s->memo_cap; k++) {
        const memo *o = &s->memo[k];
        if (o->serial == s->serial)
            *memo_probe(m, cap, s->serial, o->twin, o->op, o->start, o->end, o->arg) = *o;
    }
    dci_free(s->memo);
    s->memo = m;
    s->memo_cap = cap;
    return memo_probe(m, cap, s->serial, twin, op, start, end, arg);
}

/* A new check: the searches kept are of the last one. */
static void memo_begin(dci_searcher *s)
{
    if (++s->serial == 0) {             /* wrapped: a free entry has serial 0 */
        dci_free(s->memo);
        s->memo = NULL;
        s->memo_cap = 0;
        s->serial = 1;
    }
    s->memo_used = 0;
}

/* ---- the hits --------------------------------------------------------------- */

/* The index into hit list l of its first hit at or after pos. */
static size_t first_in(const dci_hits *l, size_t pos)
{
    size_t lo = 0, hi = l->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->pos[mid] < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The index into the list of slot of its first hit at or after pos. */
static size_t first_hit(const dci_searcher *s, long slot, size_t pos)
{
    return first_in(&s->lists[slot], pos);
}

/* Has slot a hit that begins inside view[start, end)? */
static int hit_between(const dci_searcher *s, long slot, size_t start, size_t end)
{
    size_t k = first_hit(s, slot, start);

    return k < s->lists[slot].n && s->lists[slot].pos[k] < end;
}

/* Can t match inside view[start, end)? 0 when the prefilter found none of
 * its literals there, or none of its other set: every match holds one of
 * each (a lookaround offers no literal, see literals.c). */
static int may_occur(const dci_searcher *s, const dci_target *t, size_t start, size_t end)
{
    if (t->slot < 0)
        return 1;
    return hit_between(s, t->slot, start, end) &&
           (t->other < 0 || hit_between(s, t->other, start, end));
}

/* The characters that start in v[from, to): its bytes but the
 * continuation bytes (10xxxxxx), counted eight at a time. The count of a
 * word's marks is a multiplication, not a popcount: without -mpopcnt that
 * is a call into libgcc. */
static size_t starts_in(const char *v, size_t from, size_t to)
{
    const uint64_t top = 0x8080808080808080u, ones = 0x0101010101010101u;
    size_t n = to - from;
    uint64_t x;

    for (; from + 8 <= to; from += 8) {
        memcpy(&x, v + from, 8);
        /* bit 7 set and bit 6 (shifted onto bit 7) clear, one bit a byte,
         * moved to bit 0 and summed into the top byte */
        n -= (size_t)((((x & ~(x << 1) & top) >> 7) * ones) >> 56);
    }
    for (; from < to; from++)
        n -= ((unsigned char)v[from] & 0xC0) == 0x80;
    return n;
}

/* Where a match starts at the earliest that has at most n characters
 * before offset h of view v, and starts at or after lo: a reach in
 * characters (dci_reach.chars) read off the text, far fewer bytes than the
 * reach in bytes where the text is mostly ASCII. n characters take n bytes
 * or more, so each step back by the characters still to pass stays within
 * the bound (ASCII text takes one step). */
static size_t chars_before(const char *v, size_t h, size_t lo, size_t n)
{
    size_t p = h;

    if (h - lo <= n)
        return lo;                      /* n characters take n bytes or more */
    while (n > 0 && p > lo) {
        size_t q = p - lo > n ? p - n : lo;
        n -= starts_in(v, q, p);
        p = q;
    }
    return p;
}

/* May a match of t that starts in [*lo, h] and ends by end hold a literal
 * of its other set? Such a literal begins at or after the match, before
 * its end, and at most other_reach bytes after its start: so the match
 * starts no earlier than other_reach before the first such hit at or
 * after *lo, where *lo is moved (to the start of a character of view v). */
static int other_near(const dci_searcher *s, const dci_target *t, const char *v, size_t *lo,
                      size_t h, size_t end)
{
    size_t limit = end, k, b;

    if (t->other < 0)
        return 1;
    if (t->other_reach != DCI_REACH_NONE && h + t->other_reach < end)
        limit = h + t->other_reach + 1;
    k = first_hit(s, t->other, *lo);
    if (k >= s->lists[t->other].n || (b = s->lists[t->other].pos[k]) >= limit)
        return 0;
    if (t->other_reach != DCI_REACH_NONE && b - *lo > t->other_chars) {
        *lo = chars_before(v, b, b - *lo > t->other_reach ? b - t->other_reach : *lo,
                           t->other_chars);
        while (*lo < h && ((unsigned char)v[*lo] & 0xC0) == 0x80)
            (*lo)++;
    }
    return *lo <= h;
}

/* The reach in bytes in this draft however far (see dci_reach), or
 * DCI_REACH_NONE when unbounded. */
static size_t far_bytes(const dci_searcher *s, const dci_reach *r)
{
    return r->fixed > DCI_REACH_MAX ? DCI_REACH_NONE
                                    : r->fixed + r->ws * s->runs[0] + r->word * s->runs[1];
}

/* The reach in bytes in this draft, or DCI_REACH_NONE when it is no use
 * for the windows of every search. */
static size_t reach_bytes(const dci_searcher *s, const dci_reach *r)
{
    size_t n = far_bytes(s, r);

    return n > DCI_REACH_MAX ? DCI_REACH_NONE : n;
}

/* The reach r in characters in this draft (see dci_reach), or
 * DCI_REACH_NONE when unbounded. */
static size_t reach_chars(const dci_searcher *s, const dci_reach *r)
{
    return r->fixed > DCI_REACH_MAX ? DCI_REACH_NONE
                                    : r->chars + r->ws * s->runs[0] + r->word * s->runs[1];
}

/* A slot whose hits this draft keeps, or -1: a slot with the most hits
 * when the hits went over their budget (a literal in nearly every word of
 * a large draft) has lost them, and its patterns are searched in full. */
static long kept(const dci_searcher *s, long slot)
{
    return slot >= 0 && !s->lists[slot].lost ? slot : -1;
}

/* t for slot (-1: none) with reach r, and the other set's slot (-1: none)
 * with its reach r2. */
static void target_set(const dci_searcher *s, const dci_regex *re, long slot,
                       const dci_reach *r, long other, const dci_reach *r2, dci_target *t)
{
    dci_reach len;

    t->re = re;
    t->slot = s->prefiltered ? kept(s, slot) : -1;
    t->reach = t->slot >= 0 ? reach_bytes(s, r) : DCI_REACH_NONE;
    t->far = t->slot >= 0 && t->reach == DCI_REACH_NONE ? far_bytes(s, r) : DCI_REACH_NONE;
    t->chars = t->slot >= 0 ? reach_chars(s, r) : DCI_REACH_NONE;
    t->other = t->slot >= 0 ? kept(s, other) : -1;
    t->other_reach = t->other >= 0 ? reach_bytes(s, r2) : DCI_REACH_NONE;
    t->other_chars = t->other_reach != DCI_REACH_NONE ? reach_chars(s, r2) : DCI_REACH_NONE;
    t->approx = s->prefiltered ? dci_prefilter_approx(s->rs->prefilter, re, &len) : -1;
    t->approx_len = t->approx >= 0 ? reach_bytes(s, &len) : DCI_REACH_NONE;
    t->next = 0;
    t->base = 0;
}

void dci_target_unit(const dci_run *R, dci_target *t, size_t start, size_t end)
{
    const digicheck_draft *d = R->d;
    size_t k, s;

    t->base = 0;
    if (!(t->re->flags & DCI_RE_STARTS))
        return;
    /* a span that begins inside a Satz (quoted wording) begins its text;
     * the text of an Absatz begins at its first Satz, after "(2)" */
    if (dci_draft_unit_at(d, DCI_UNIT_SATZ, start) >= 0) {
        t->base = start;
        return;
    }
    k = dci_draft_first_from(d, DCI_UNIT_SATZ, start);
    s = k < d->nby_kind[DCI_UNIT_SATZ] ? d->units[d->by_kind[DCI_UNIT_SATZ][k]].start : end;
    t->base = s < end ? s : start;
}

/* What searching around the hits of a slot with reach r costs, in bytes
 * PCRE2 looks at: a window per hit, and a few dozen bytes of work to set
 * up each; a pattern without a bounded reach searches its units. */
static size_t window_cost(const dci_searcher *s, long slot, const dci_reach *r)
{
    size_t reach = reach_bytes(s, r);

    if (reach == DCI_REACH_NONE)
        reach = 2 * DCI_REACH_MAX;
    return s->lists[slot].n * (reach + 64);
}

/* Of the two literal sets of a pattern, the one whose windows cost less
 * stands for it in this draft; the other must have a hit near each of its
 * hits. */
void dci_target_of(const dci_run *R, const dci_regex *re, dci_target *t)
{
    const dci_searcher *s = R->s;
    int second = s->prefiltered && kept(s, re->slot2) >= 0 &&
                 (kept(s, re->slot) < 0 ||
                  window_cost(s, re->slot2, &re->reach2) < window_cost(s, re->slot, &re->reach));

    if (second)
        target_set(s, re, re->slot2, &re->reach2, re->slot, &re->reach, t);
    else
        target_set(s, re, re->slot, &re->reach, re->slot < 0 ? -1 : re->slot2, &re->reach2,
                   t);
}

void dci_target_learned(const dci_run *R, const dci_regex *re, long learned, dci_target *t)
{
    const dci_searcher *s = R->s;
    int built = learned >= 0 && (size_t)learned < s->nbuilt;

    target_set(s, re, built ? s->learned_slot[learned] : -1,
               built ? &s->learned_reach[learned] : NULL, -1, NULL, t);
}

/* ---- searching ------------------------------------------------------------ */

/* dci_regex_find_from of re in view[start, end) for t, whose subject
 * begins at t->base (see dci_target): offsets in and out are the view's.
 * For the other patterns, base 0, the call is the same. */
static int find_from(dci_run *R, const dci_target *t, const dci_regex *re, size_t start,
                     size_t end, size_t last, size_t *ms, size_t *me)
{
    size_t b = t->base;
    int rc;

    if (start < b)
        start = b;                      /* no match begins before its subject */
    if (start > last)
        return 0;
    rc = dci_regex_find_from(R->m, re, R->d->view + b, start - b, end - b,
                             last == (size_t)-1 ? last : last - b, ms, me);
    if (rc > 0) {
        *ms += b;
        *me += b;
    }
    return rc;
}

/* May t have a match that lies in view[start, end)? Not when its
 * approximation has none there: every match of t is one of its
 * approximation's. Hyperscan takes a few cycles a byte, so only a short
 * range is asked (a unit, a window); over a long one PCRE2's own search
 * for the start of a match is as fast. 1 also without an approximation, and
 * on an error. */
#define ASK_MAX 2048

static int approx_may(dci_run *R, const dci_target *t, size_t start, size_t end)
{
    dci_searcher *s = R->s;
    size_t at;

    if (t->approx < 0 || end - start > ASK_MAX)
        return 1;
    return dci_prefilter_first_end(s->rs->prefilter, t->approx, &s->scratch, R->d->view, start,
                                   end, &at) != 0;
}

/* ---- a long alternation, branch by branch ------------------------------- */

/* The branches of a split pattern (regex.c) in this draft: each with the
 * hits of its own slot, its reach, and the first of its hits that a window
 * may still need (windows come in order). */
typedef struct branches {
    const dci_target *t;                /* the whole's: where the subject begins */
    size_t n;
    struct { const dci_regex *re; const dci_hits *l; size_t reach, chars, next; } b[DCI_SPLIT_MAX];
} branches;

/* Are the branches of re all searchable by their own windows here? Then
 * into *bs, in their order, those that have hits in this draft (a branch
 * without cannot match: of an alternation of 154 most have none). */
static int branches_of(const dci_searcher *s, const dci_regex *re, branches *bs)
{
    size_t i, n = 0;

    bs->n = 0;
    if (!re->nbranch || re->nbranch > sizeof bs->b / sizeof bs->b[0])
        return 0;
    for (i = 0; i < re->nbranch; i++) {
        const dci_regex *br = &re->branch[i];
        long slot = kept(s, br->slot);
        if (slot < 0 || (bs->b[n].reach = reach_bytes(s, &br->reach)) == DCI_REACH_NONE)
            return 0;
        if (!s->lists[slot].n)
            continue;
        bs->b[n].chars = reach_chars(s, &br->reach);
        bs->b[n].re = br;
        bs->b[n].l = &s->lists[slot];
        bs->b[n].next = 0;
        n++;
    }
    bs->n = n;
    return 1;
}

/* The first match of branch b that starts in [lo, last]: every match of it
 * starts at most its reach before a hit of its own, so only the starts
 * [hit - reach, hit] of its hits are tried, each once, in order. */
static int branch_find(dci_run *R, branches *bs, size_t b, size_t lo, size_t end, size_t last,
                       size_t *ms, size_t *me)
{
    const char *v = R->d->view;
    const dci_hits *l = bs->b[b].l;
    size_t reach = bs->b[b].reach, k, from = lo;

    if (bs->b[b].next < l->n && l->pos[bs->b[b].next] < lo)
        bs->b[b].next = first_in(l, lo); /* no match from lo on holds those */
    for (k = bs->b[b].next; k < l->n && l->pos[k] <= last + reach; k++) {
        size_t q = l->pos[k], a, z = q < last ? q : last;
        int rc;
        if (q < from)
            continue;
        a = chars_before(v, q, q - from > reach ? q - reach : from, bs->b[b].chars);
        if (a > z)
            continue;
        while (a < z && ((unsigned char)v[a] & 0xC0) == 0x80)
            a++;
        if ((rc = find_from(R, bs->t, bs->b[b].re, a, end, z, ms, me)) != 0)
            return rc;
        from = z + 1;
    }
    return 0;
}

/* The first match of the whole that starts in [lo, last]: the leftmost of
 * its branches' first matches there, on a tie the earlier branch's (what
 * PCRE2 gives for the whole, see regex.c). */
static int branches_find(dci_run *R, branches *bs, size_t lo, size_t end, size_t last,
                         size_t *ms, size_t *me)
{
    size_t b, s, e;
    int found = 0, rc;

    for (b = 0; b < bs->n; b++) {
        if ((rc = branch_find(R, bs, b, lo, end, last, &s, &e)) < 0)
            return rc;
        if (rc > 0) {
            *ms = s;
            *me = e;
            found = 1;
            if (s == lo)
                break;
            last = s - 1;               /* a later branch must start before it */
        }
    }
    return found;
}

/* The first match of a pattern with a reach (in bytes) in view[start,
 * end) that starts at or before last ((size_t)-1: anywhere), as
 * dci_regex_find_from() gives it. Every match starts at most reach bytes
 * before a hit of its literals, so PCRE2 only tries the starts in
 * [hit - reach, hit] of each hit, each start once, in order: the first
 * match found is the first of all. A hit further than reach after last
 * holds no match that starts in time: the scan stops there. */
static int near_scan(dci_run *R, const dci_target *t, size_t start, size_t end, size_t reach,
                     size_t last, size_t *ms, size_t *me)
{
    const dci_searcher *s = R->s;
    const char *v = R->d->view;
    const dci_hits *l = &s->lists[t->slot];
    size_t k, covered = start;
    branches bs;
    int split = -1;                     /* branches_of(), asked at the first window */

    bs.t = t;
    bs.n = 0;

    for (k = first_hit(s, t->slot, start); k < l->n && l->pos[k] < end; k++) {
        size_t h = l->pos[k], lo, z = h < last ? h : last;
        int rc;
        if (h < covered)
            continue;                   /* two literals at one place */
        if (h > last && h - last > reach)
            break;                      /* no later window starts by last */
        lo = h - covered > reach ? h - reach : covered;
        while (lo < h && ((unsigned char)v[lo] & 0xC0) == 0x80)
            lo++;                       /* no match starts inside a character */
        covered = h + 1;
        if (lo > z || !other_near(s, t, v, &lo, z, end))
            continue;                   /* no match starts in [lo, z] */
        if (!approx_may(R, t, lo, t->approx_len != DCI_REACH_NONE &&
                                  h + t->approx_len < end ? h + t->approx_len : end))
            continue;                   /* a match from [lo, h] ends by h + approx_len */
        lo = chars_before(v, h, lo, t->chars);
        if (split < 0)
            split = branches_of(s, t->re, &bs);
        rc = split ? branches_find(R, &bs, lo, end, z, ms, me)
                   : find_from(R, t, t->re, lo, end, z, ms, me);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Runs search op for t: OP_FIND the first match in view[start, end)
 * (dci_regex_find), OP_NEAR the same through the windows of reach arg
 * around the hits (near_scan), OP_NEAR_BY one through the windows of its
 * reach that starts at or before arg, OP_FROM one that starts at or before arg
 * (dci_regex_find_from), OP_OCCURS whether it matches at all
 * (dci_regex_occurs). A twin's search is kept and answered from the
 * memo. */
static int run_op(dci_run *R, const dci_target *t, int op, size_t start, size_t end,
                  size_t arg, size_t *ms, size_t *me)
{
    dci_searcher *s = R->s;
    const dci_regex *re = t->re;
    memo *e = NULL;
    int rc;

    /* a search from a unit's start is not kept: the memo knows no base */
    if (re->twin >= 0 && !t->base && (e = memo_entry(s, re->twin, op, start, end, arg)) &&
        e->serial == s->serial) {
        *ms = e->ms;
        *me = e->me;
        return e->rc;
    }
    switch (op != OP_NEAR && op != OP_NEAR_BY && !approx_may(R, t, start, end) ? -1 : op) {
    case -1:
        rc = 0;                         /* no match ends in the range */
        *ms = *me = 0;
        break;
    case OP_FIND:
        rc = find_from(R, t, re, start, end, (size_t)-1, ms, me);
        break;
    case OP_NEAR:
        rc = near_scan(R, t, start, end, arg, (size_t)-1, ms, me);
        break;
    case OP_NEAR_BY:
        rc = near_scan(R, t, start, end, t->reach, arg, ms, me);
        break;
    case OP_FROM:
        rc = find_from(R, t, re, start, end, arg, ms, me);
        break;
    default:
        rc = dci_regex_occurs(R->m, re, R->d->view + t->base,
                              (start < t->base ? t->base : start) - t->base, end - t->base);
        *ms = *me = 0;
        break;
    }
    if (e) {
        e->serial = s->serial;
        e->twin = re->twin;
        e->op = op;
        e->rc = rc;
        e->start = start;
        e->end = end;
        e->arg = arg;
        e->ms = rc > 0 ? *ms : 0;
        e->me = rc > 0 ? *me : 0;
        s->memo_used++;
    }
    return rc;
}

/* The reach of windows that pay for a search of t in view[start, end),
 * where t has none for every search: its far reach when the range holds so
 * few hits that their windows take fewer bytes than PCRE2's scan of the
 * range (a trigger of the whole draft, whose literals lie far after the
 * start of a match), else DCI_REACH_NONE. */
static size_t wide_reach(const dci_searcher *s, const dci_target *t, size_t start, size_t end)
{
    size_t n;

    if (t->far == DCI_REACH_NONE)
        return DCI_REACH_NONE;
    n = first_hit(s, t->slot, end) - first_hit(s, t->slot, start);
    /* n * (far + 64) < end - start, without the product, which a dense
     * range of a large draft could overflow */
    return end > start && n <= (end - start - 1) / (t->far + 64) ? t->far : DCI_REACH_NONE;
}

int dci_search(dci_run *R, const dci_target *t, size_t start, size_t end, size_t before,
               size_t *ms, size_t *me)
{
    size_t a, b, reach = t->reach;

    if (reach == DCI_REACH_NONE && before >= end)
        reach = wide_reach(R->s, t, start, end);
    if (reach != DCI_REACH_NONE) {
        /* a pattern with a slot holds a literal, so its matches are not
         * empty, and the windows see all of them; with a bound before
         * (then its own reach), only the windows that start before it */
        if (before >= end)
            return run_op(R, t, OP_NEAR, start, end, reach, ms ? ms : &a, me ? me : &b);
        return before > start ? run_op(R, t, OP_NEAR_BY, start, end, before - 1, ms ? ms : &a,
                                       me ? me : &b)
                              : 0;
    }
    if (!may_occur(R->s, t, start, end))
        return 0;
    if (!ms)
        return run_op(R, t, OP_OCCURS, start, end, 0, &a, &b);
    if (before < end)
        return run_op(R, t, OP_FROM, start, end, before - 1, ms, me);
    return run_op(R, t, OP_FIND, start, end, 0, ms, me);
}

int dci_search_text(dci_run *R, const dci_target *t, size_t pos, size_t end, size_t *ms,
                    size_t *me)
{
    const digicheck_draft *d = R->d;
    size_t k;
    int rc;

    while (pos < end && (rc = dci_search(R, t, pos, end, end, ms, me)) != 0) {
        if (rc < 0 || dci_draft_unit_at(d, DCI_UNIT_SATZ, *ms) >= 0)
            return rc;
        /* a match that starts outside every Satz (a heading) may reach into
         * the sentence after it, where another match can start before it
         * ends: go on from the next Satz, not from the match's end */
        k = dci_draft_first_from(d, DCI_UNIT_SATZ, *ms);
        if (k == d->nby_kind[DCI_UNIT_SATZ])
            break;
        pos = d->units[d->by_kind[DCI_UNIT_SATZ][k]].start;
    }
    return 0;
}

int dci_search_any(dci_run *R, const dci_regex *res, size_t n, size_t start, size_t end,
                   int *limit)
{
    size_t i;

    for (i = 0; i < n; i++) {
        dci_target t;
        int rc;
        dci_target_of(R, &res[i], &t);
        dci_target_unit(R, &t, start, end);
        rc = dci_search(R, &t, start, end, end, NULL, NULL);
        if (rc > 0)
            return 1;
        if (rc < 0)
            *limit = rc;
    }
    return 0;
}

int dci_search_unit(dci_run *R, dci_target *t, int kind, size_t *pos, size_t *end)
{
    const dci_searcher *s = R->s;
    const digicheck_draft *d = R->d;
    const dci_hits *l;

    *end = d->view_len;
    if (t->slot < 0)
        return 1;
    l = &s->lists[t->slot];
    for (; t->next < l->n; t->next++) {
        size_t h = l->pos[t->next];
        long u;
        if (h < *pos)
            continue;
        u = dci_draft_unit_at(d, kind, h);
        if (u < 0)
            continue;               /* no unit holds it: no match either */
        if (d->units[u].start > *pos)
            *pos = d->units[u].start;
        *end = d->units[u].end;
        return 1;
    }
    return 0;
}

/* ---- patterns of Lua rules --------------------------------------------------- */

/* A Lua rule builds its patterns as it runs, so the rule set's automaton
 * does not know them. The searcher learns each one that has literals when
 * Lua first compiles it and, before the next draft, builds a small
 * automaton of its own for them, scanned after the rule set's; its slots
 * follow the rule set's. (An automaton of both per checker was one pass,
 * but two threads then each walked a table of their own, and -j2 gained
 * less.) From then on the Lua rule's searches use the hits as the rules'
 * do. A checker learns at most LEARN_MAX patterns and builds at most
 * REBUILD_MAX times (a rule that makes a new pattern for every draft gains
 * nothing from it). */
#define LEARN_MAX 64
#define REBUILD_MAX 16

long dci_search_learn(dci_run *R, const char *src)
{
    dci_searcher *s = R->s;
    size_t i, n = s->nlearned;
    char lits[256];
    dci_reach reach;
    char *copy;

    for (i = 0; i < n; i++)
        if (strcmp(s->learned[i], src) == 0)
            return (long)i;
    if (n >= LEARN_MAX || s->rebuilds >= REBUILD_MAX ||
        dci_prefilter_literals(src, 0, lits, sizeof lits, &reach) < 0)
        return -1;
    /* a pattern not learned for want of memory is searched in full */
    if (n == 0 && (!(s->learned = dci_malloc(LEARN_MAX * sizeof *s->learned)) ||
                   !(s->learned_slot = dci_malloc(LEARN_MAX * sizeof *s->learned_slot)) ||
                   !(s->learned_reach = dci_malloc(LEARN_MAX * sizeof *s->learned_reach))))
        return -1;
    if (!(copy = dci_malloc(strlen(src) + 1)))
        return -1;
    strcpy(copy, src);
    s->learned[n] = copy;
    s->learned_slot[n] = -1;
    s->nlearned = n + 1;
    return (long)n;
}

/* Builds the searcher's automaton anew when it learned patterns since. */
static void learn(dci_searcher *s)
{
    dci_prefilter *pf;

    if (s->nlearned == s->nbuilt || s->rebuilds >= REBUILD_MAX)
        return;
    s->rebuilds++;
    if (dci_prefilter_extend(s->rs->nslots, (const char *const *)s->learned, s->nlearned,
                             s->learned_slot, s->learned_reach, &pf) != DIGICHECK_OK)
        return;                     /* the learned ones go on without */
    dci_prefilter_free(s->own);
    s->own = pf;
    s->nbuilt = s->nlearned;
}

/* ---- the prefilter ------------------------------------------------------ */

/* Finds the hits of the rule set's automaton and of the searcher's own in
 * the view, in the lists of their slots, within one budget. 0, 1 (the view
 * must be scanned in full) or -1 (out of memory). */
static int scan(dci_searcher *s, const digicheck_draft *d)
{
    const dci_prefilter *pf = s->rs->prefilter;
    size_t most = DCI_PREFILTER_MOST(d->view_len);
    int rc = 0;

    if (pf)
        rc = dci_prefilter_scan(pf, d->view, d->view_len, s->lists, s->nlists, &s->nkept, most,
                                s->runs);
    if (rc != 0 || !s->own)
        return rc;
    /* the runs were measured by the first pass, if there was one */
    return dci_prefilter_scan(s->own, d->view, d->view_len, s->lists, s->nlists, &s->nkept,
                              most, pf ? NULL : s->runs);
}

/* Sorts each list by position: the hits come by the end of their literal,
 * so an insertion sort by start has little to do. */
static void sort_hits(dci_searcher *s)
{
    size_t n, i;

    for (n = 0; n < s->nlists; n++) {
        uint32_t *pos = s->lists[n].pos;
        for (i = 1; i < s->lists[n].n; i++) {
            uint32_t h = pos[i];
            size_t k = i;
            while (k > 0 && pos[k - 1] > h) {
                pos[k] = pos[k - 1];
                k--;
            }
            pos[k] = h;
        }
    }
}

/* One empty list per slot of the nslots. 0 or -1 (out of memory). */
static int lists_ready(dci_searcher *s, size_t nslots)
{
    size_t i, cap = s->lists_cap;

    if (dci_grow((void **)&s->lists, &s->lists_cap, nslots, sizeof *s->lists))
        return -1;
    memset(s->lists + cap, 0, (s->lists_cap - cap) * sizeof *s->lists);
    for (i = 0; i < s->lists_cap; i++) {
        s->lists[i].n = 0;
        s->lists[i].lost = 0;
    }
    s->nlists = nslots;
    s->nkept = 0;
    return 0;
}

/* The hits a list keeps for the next draft (16 KiB); one that grew past it
 * releases its memory when the check is done. */
#define LIST_KEPT 4096

void dci_search_end(dci_run *R)
{
    dci_searcher *s = R->s;
    size_t i;

    for (i = 0; i < s->lists_cap; i++)
        if (s->lists[i].cap > LIST_KEPT) {
            dci_free(s->lists[i].pos);
            s->lists[i].pos = NULL;
            s->lists[i].n = s->lists[i].cap = 0;
        }
    s->prefiltered = 0;
}

/* Leaves s->prefiltered 0 when the draft must be scanned in full. */
void dci_search_begin(dci_run *R)
{
    dci_searcher *s = R->s;
    int rc;

    memo_begin(s);
    s->prefiltered = 0;
    learn(s);
    if (!s->rs->prefilter && !s->own)
        return;
    if (lists_ready(s, s->own ? dci_prefilter_slots(s->own) : s->rs->nslots) ||
        (rc = scan(s, R->d)) < 0) {
        R->oom = 1;
        return;
    }
    if (rc > 0)
        return;
    sort_hits(s);
    s->prefiltered = 1;
}
