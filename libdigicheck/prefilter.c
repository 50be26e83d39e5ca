/*
 * prefilter.c -- one pass over a draft for all patterns: literal strings
 * that every match of a pattern must contain (literals.c), found by an
 * Aho-Corasick automaton, so that PCRE2 runs only in the units where one
 * occurs. That serves the patterns that fire a sentence or Absatz rule, and
 * all that are only asked whether they occur in a unit (unless,
 * severity_if, the triggers and absent patterns of absence rules, prefill).
 *
 * Each set of literals gets a slot, whose hits the scan reports. Patterns
 * written alike in several places (twins) share their slots. A checker may
 * add the patterns its Lua rules use (dci_prefilter_extend).
 *
 * Case: the scan folds the text as the literals were folded
 * (dci_literals_fold). PCRE2's Unicode case folding also matches a few
 * characters outside Latin-1 to ASCII and Latin-1 letters (the long s, the
 * Kelvin and Angstrom signs, the dotted and dotless i, the capital sharp
 * s); a draft that holds one of them is scanned in full.
 */
#include <string.h>

#include "dci.h"
#include "regex.h"
#include "literals.h"
#include "prefilter.h"
#include "ruleset.h"

/* ---- one pattern's literals, for tests and the Lua rules' patterns -------- */

int dci_prefilter_literals(const char *src, int second, char *out, size_t cap,
                           dci_reach *reach)
{
    dci_litset best, alt;
    const dci_litset *ls = second ? &alt : &best;
    dci_reach reach2;
    size_t used = 0;
    int i;

    if (dci_literals_extract(src, &best, reach, &alt, &reach2) < 0 || ls->n <= 0)
        return -1;
    if (second)
        *reach = reach2;
    for (i = 0; i < ls->n && used + ls->len[i] + 2 < cap; i++) {
        if (i)
            out[used++] = '|';
        memcpy(out + used, ls->s[i], ls->len[i]);
        used += ls->len[i];
    }
    out[used] = '\0';
    return ls->n;
}

/* ---- the automaton ------------------------------------------------------ */

typedef struct out_entry {
    unsigned slot;          /* which pattern */
    unsigned len;           /* literal length: the hit starts len - 1 before */
} out_entry;

struct dci_prefilter {
    unsigned char col[256];     /* a byte's column: bytes that fold alike and bytes
                                 * in no literal (column 0) share one */
    unsigned char cls[256];     /* 1: may be white space, 2: a word byte (see scan) */
    /* nstates x ncols transitions, each the next state times two, plus one
     * if it has outputs: in 16 bits while the states fit, else in 32 */
    uint16_t *delta16;
    int32_t *delta;
    size_t nstates, ncols;
    size_t *out_start;      /* per state: its outputs out[out_start[s] …] */
    out_entry *out;
    size_t nslots;
};

/* The automaton is built in two passes over the patterns: the first only
 * notes which (folded) bytes the literals use; each gets a column of the
 * table, and all other bytes share column 0, which leads back to the root
 * from every state. A table of 256 columns would be four to five times
 * larger, and the scan's walk through it slower. */
typedef struct trie {
    unsigned char used[256];    /* first pass: bytes of the literals */
    unsigned char col[256];     /* second pass: a folded byte's column */
    size_t ncols;               /* 0 during the first pass */
    int32_t *go;            /* nstates x ncols; -1: none */
    int32_t *fail;
    out_entry **outs;       /* per state, a growable list */
    size_t *nouts, *couts;
    size_t n, cap;
} trie;

static int trie_state(trie *t)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        void *a = dci_realloc(t->go, cap * t->ncols * sizeof *t->go);
        if (!a)
            return -1;
        t->go = a;
        if (!(a = dci_realloc(t->fail, cap * sizeof *t->fail)))
            return -1;
        t->fail = a;
        if (!(a = dci_realloc(t->outs, cap * sizeof *t->outs)))
            return -1;
        t->outs = a;
        if (!(a = dci_realloc(t->nouts, cap * sizeof *t->nouts)))
            return -1;
        t->nouts = a;
        if (!(a = dci_realloc(t->couts, cap * sizeof *t->couts)))
            return -1;
        t->couts = a;
        t->cap = cap;
    }
    memset(t->go + t->n * t->ncols, 0xFF, t->ncols * sizeof *t->go);
    t->fail[t->n] = 0;
    t->outs[t->n] = NULL;
    t->nouts[t->n] = t->couts[t->n] = 0;
    return (int)t->n++;
}

static int add_out(trie *t, size_t s, out_entry e)
{
    if (dci_grow((void **)&t->outs[s], &t->couts[s], t->nouts[s] + 1, sizeof e))
        return -1;
    t->outs[s][t->nouts[s]++] = e;
    return 0;
}

static void trie_free(trie *t)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        dci_free(t->outs[i]);
    dci_free(t->go);
    dci_free(t->fail);
    dci_free(t->outs);
    dci_free(t->nouts);
    dci_free(t->couts);
}

static int add_literal(trie *t, const char *s, size_t len, unsigned slot)
{
    size_t i, st = 0;

    if (!t->ncols) {
        for (i = 0; i < len; i++)
            t->used[(unsigned char)s[i]] = 1;
        return 0;
    }
    for (i = 0; i < len; i++) {
        size_t c = t->col[(unsigned char)s[i]];
        if (t->go[st * t->ncols + c] < 0) {
            int n = trie_state(t);
            if (n < 0)
                return -1;
            t->go[st * t->ncols + c] = n;
        }
        st = (size_t)t->go[st * t->ncols + c];
    }
    return add_out(t, st, (out_entry){ slot, (unsigned)len });
}

/* Breadth first: failure links, outputs along them, and the full DFA. */
static int complete(trie *t)
{
    size_t *queue = dci_malloc(t->n * sizeof *queue), head = 0, tail = 0, i, c, w = t->ncols;
    int rc = 0;

    if (!queue)
        return -1;
    for (c = 0; c < w; c++) {
        int32_t s = t->go[c];
        if (s < 0)
            t->go[c] = 0;
        else {
            t->fail[s] = 0;
            queue[tail++] = (size_t)s;
        }
    }
    while (head < tail && !rc) {
        size_t r = queue[head++];
        for (i = 0; i < t->nouts[t->fail[r]] && !rc; i++)
            rc = add_out(t, r, t->outs[t->fail[r]][i]);
        for (c = 0; c < w; c++) {
            int32_t s = t->go[r * w + c];
            if (s < 0) {
                t->go[r * w + c] = t->go[(size_t)t->fail[r] * w + c];
            } else {
                t->fail[s] = t->go[(size_t)t->fail[r] * w + c];
                queue[tail++] = (size_t)s;
            }
        }
    }
    dci_free(queue);
    return rc;
}

/* ---- patterns written alike ------------------------------------------- */

/* Calls fn on every list of patterns of the rule set; stops at the first
 * that returns nonzero and returns that. */
static int each_list(digicheck_ruleset *rs, int (*fn)(void *, dci_rule *, dci_regex *, size_t),
                     void *ctx)
{
    size_t i, j;
    int rc = 0;

    for (i = 0; i < rs->nrules && !rc; i++) {
        dci_rule *r = &rs->rules[i];
        rc = fn(ctx, r, r->match, r->nmatch);
        if (!rc)
            rc = fn(ctx, r, r->unless, r->nunless);
        if (!rc)
            rc = fn(ctx, r, r->when_match, r->nwhen_match);
        if (!rc)
            rc = fn(ctx, r, r->absent, r->nabsent);
        for (j = 0; j < r->nseverity_if && !rc; j++)
            rc = fn(ctx, r, r->severity_if[j].match, r->severity_if[j].nmatch);
        for (j = 0; j < r->nprefill && !rc; j++)
            rc = fn(ctx, r, r->prefill[j].match, r->prefill[j].nmatch);
    }
    return rc;
}

typedef struct gather {
    dci_regex **all;
    size_t n, cap;
} gather;

static int gather_list(void *ctx, dci_rule *r, dci_regex *res, size_t n)
{
    gather *g = ctx;
    size_t i;

    (void)r;
    if (dci_grow((void **)&g->all, &g->cap, g->n + n, sizeof *g->all))
        return -1;
    for (i = 0; i < n; i++)
        g->all[g->n++] = &res[i];
    return 0;
}

static int cmp_source(const void *a, const void *b)
{
    const dci_regex *x = *(dci_regex *const *)a, *y = *(dci_regex *const *)b;
    int c = strcmp(x->src, y->src);

    return c ? c : (x->flags > y->flags) - (x->flags < y->flags);
}

/* Gives every group of patterns with the same source and flags a number of
 * its own (dci_regex.twin), so that a check searches once for them all. */
static int number_twins(digicheck_ruleset *rs)
{
    gather g = {NULL, 0, 0};
    size_t i, j;

    rs->ntwins = 0;
    if (each_list(rs, gather_list, &g)) {
        dci_free(g.all);
        return -1;
    }
    if (g.n > 1)
        qsort(g.all, g.n, sizeof *g.all, cmp_source);
    for (i = 0; i < g.n; i = j) {
        for (j = i + 1; j < g.n && cmp_source(&g.all[i], &g.all[j]) == 0; j++)
            ;
        if (j - i > 1) {
            size_t k;
            for (k = i; k < j; k++)
                g.all[k]->twin = (long)rs->ntwins;
            rs->ntwins++;
        }
    }
    dci_free(g.all);
    return 0;
}

/* ---- building ----------------------------------------------------------- */

/* What extract() found for a pattern in the first pass, for the second. */
typedef struct extracted {
    const char *src;
    int rc;
    dci_litset ls, alt;
    dci_reach reach, reach2;
} extracted;

typedef struct builder {
    trie t;
    extracted *ex; size_t nex, ex_cap, iex;
    size_t slot;            /* the next free one */
    long *twin_slot;        /* per twin: its slots, or -1 (2 each) */
    dci_litset *sets;           /* the sets that have a slot, so that a set */
    long *set_slot;         /* that two patterns share has one */
    size_t nsets, sets_cap, set_slot_cap;
    int extend;             /* dci_prefilter_extend: only these patterns */
    const char *const *more; size_t nmore;
    long *more_slot; dci_reach *more_reach;
} builder;

/* extract() once per pattern: the first pass keeps what it found, the
 * second (which visits the patterns in the same order) takes it. -2 when
 * out of memory. */
static int extract_once(builder *b, const char *src, dci_litset *ls, dci_reach *reach,
                        dci_litset *alt, dci_reach *reach2)
{
    extracted *e;
    dci_litset dummy;
    dci_reach dummy_reach;

    if (!alt) {
        alt = &dummy;
        reach2 = &dummy_reach;
    }
    if (b->t.ncols && b->iex < b->nex && b->ex[b->iex].src == src) {
        e = &b->ex[b->iex++];
    } else {
        if (b->t.ncols)
            return dci_literals_extract(src, ls, reach, alt, reach2);
        if (dci_grow((void **)&b->ex, &b->ex_cap, b->nex + 1, sizeof *b->ex))
            return -2;
        e = &b->ex[b->nex++];
        e->src = src;
        e->rc = dci_literals_extract(src, &e->ls, &e->reach, &e->alt, &e->reach2);
    }
    *ls = e->ls;
    *reach = e->reach;
    *alt = e->alt;
    *reach2 = e->reach2;
    return e->rc;
}

/* Adds the literals of a set to the trie under slot. */
static int add_set(builder *b, const dci_litset *ls, size_t slot)
{
    int k;

    for (k = 0; k < ls->n; k++)
        if (add_literal(&b->t, ls->s[k], ls->len[k], (unsigned)slot) < 0)
            return -1;
    return 0;
}


/* The slot of a set: the one an equal set got before (its hits are the
 * same), or the next free one, whose literals go into the trie. -1 when
 * out of memory. */
static long slot_for(builder *b, const dci_litset *ls)
{
    size_t i;

    for (i = 0; i < b->nsets; i++)
        if (dci_literals_same(&b->sets[i], ls))
            return b->set_slot[i];
    if (add_set(b, ls, b->slot) < 0 ||
        dci_grow((void **)&b->sets, &b->sets_cap, b->nsets + 1, sizeof *b->sets) ||
        dci_grow((void **)&b->set_slot, &b->set_slot_cap, b->nsets + 1, sizeof *b->set_slot))
        return -1;
    b->sets[b->nsets] = *ls;
    b->set_slot[b->nsets++] = (long)b->slot;
    return (long)b->slot++;
}

/* Gives each of the n patterns whose literals are understood a slot, and
 * a second one for its second set, and adds their literals to the trie;
 * the others keep their full scan. A pattern written alike elsewhere
 * shares its twin's slots, and a set equal to one that has a slot shares
 * that. The first of the two passes only marks the bytes. */
static int add_patterns(builder *b, dci_regex *res, size_t n)
{
    size_t j;

    for (j = 0; j < n; j++) {
        dci_litset ls, alt;
        long *ts = res[j].twin >= 0 ? &b->twin_slot[2 * res[j].twin] : NULL;
        int rc = extract_once(b, res[j].src, &ls, &res[j].reach, &alt, &res[j].reach2);
        if (rc == -2)
            return -1;
        if (rc < 0)
            continue;
        if (!b->t.ncols) {
            if (add_set(b, &ls, 0) < 0 || add_set(b, &alt, 0) < 0)
                return -1;
            continue;
        }
        if (ts && ts[0] >= 0) {
            res[j].slot = ts[0];
            res[j].slot2 = ts[1];
            continue;
        }
        if ((res[j].slot = slot_for(b, &ls)) < 0 ||
            (alt.n > 0 && (res[j].slot2 = slot_for(b, &alt)) < 0))
            return -1;
        if (ts) {
            ts[0] = res[j].slot;
            ts[1] = res[j].slot2;
        }
    }
    return 0;
}

/* Adds the literals of every pattern searched in a bounded unit: what
 * fires a sentence or Absatz rule, and every pattern that is only asked
 * whether it occurs in a unit. */
static int add_list(void *ctx, dci_rule *r, dci_regex *res, size_t n)
{
    if (res == r->match && r->type == DCI_RULE_PATTERN &&
        r->scope != DCI_SCOPE_SENTENCE && r->scope != DCI_SCOPE_PARAGRAPH)
        return 0;
    return add_patterns(ctx, res, n);
}

static int add_more(builder *b)
{
    size_t j;

    for (j = 0; j < b->nmore; j++) {
        dci_litset ls;
        int rc = extract_once(b, b->more[j], &ls, &b->more_reach[j], NULL, NULL);
        if (rc == -2)
            return -1;
        if (rc < 0) {
            b->more_slot[j] = -1;
            continue;
        }
        if (add_set(b, &ls, b->slot) < 0)
            return -1;
        if (b->t.ncols)
            b->more_slot[j] = (long)b->slot++;
    }
    return 0;
}

/* One pass of the build: the rule set's patterns, then any more. */
static int fill(builder *b, digicheck_ruleset *rs)
{
    if (b->extend) {
        b->slot = rs->nslots;
        return add_more(b);
    }
    b->slot = 0;
    return each_list(rs, add_list, b) < 0 ? -1 : 0;
}

/* Builds the automaton in two passes (see above): NULL in *out when no
 * pattern has a slot. */
static int make(builder *b, digicheck_ruleset *rs, dci_prefilter **out)
{
    trie *t = &b->t;
    dci_prefilter *pf = NULL;
    size_t i, j, k, total = 0;

    *out = NULL;
    if (fill(b, rs) < 0)                    /* the bytes the literals use */
        return -1;
    t->ncols = 1;
    for (i = 0; i < 256; i++)
        if (t->used[i])
            t->col[i] = (unsigned char)t->ncols++;
    b->iex = 0;
    if (trie_state(t) < 0 || fill(b, rs) < 0)
        return -1;
    if (b->slot == (b->extend ? rs->nslots : 0))
        return 0;                           /* no pattern has a slot */
    if (complete(t) < 0 || !(pf = dci_malloc(sizeof *pf)))
        return -1;
    memset(pf, 0, sizeof *pf);
    for (i = 0; i < 256; i++)
        pf->cls[i] = (unsigned char)((i >= 0x80 || i == ' ' || (i >= '\t' && i <= '\r')) |
                                     dci_literals_word_byte((unsigned)i) << 1);
    for (i = 0; i < 256; i++)
        pf->col[i] = t->col[dci_literals_fold((unsigned char)i)];
    pf->ncols = t->ncols;
    /* the next state times two, plus one when it has outputs: the scan
     * reads no other table for a byte without a hit */
    for (i = 0; i < t->n * t->ncols; i++)
        t->go[i] = t->go[i] * 2 + (t->nouts[t->go[i]] > 0);
    if (t->n < 32768 && (pf->delta16 = dci_malloc(t->n * t->ncols * sizeof *pf->delta16))) {
        for (i = 0; i < t->n * t->ncols; i++)
            pf->delta16[i] = (uint16_t)t->go[i];
    } else {
        pf->delta = t->go;           /* the prefilter owns the table from here */
        t->go = NULL;
    }
    for (i = 0; i < t->n; i++)
        total += t->nouts[i];
    pf->nstates = t->n;
    pf->nslots = b->slot;
    pf->out_start = dci_malloc((t->n + 1) * sizeof *pf->out_start);
    pf->out = dci_malloc((total ? total : 1) * sizeof *pf->out);
    if (!pf->out_start || !pf->out) {
        dci_prefilter_free(pf);
        return -1;
    }
    for (i = 0, k = 0; i < t->n; i++) {
        pf->out_start[i] = k;
        for (j = 0; j < t->nouts[i]; j++)
            pf->out[k++] = t->outs[i][j];
    }
    pf->out_start[t->n] = k;
    *out = pf;
    return 0;
}

int dci_prefilter_build(digicheck_ruleset *rs)
{
    builder b;
    size_t i;
    int rc = DIGICHECK_ENOMEM;

    memset(&b, 0, sizeof b);
#ifdef DCI_NO_PREFILTER     /* the reference build of make test-prefilter */
    rs->nslots = rs->ntwins = 0;
    return DIGICHECK_OK;
#endif
    if (number_twins(rs) < 0 ||
        !(b.twin_slot = dci_malloc((2 * rs->ntwins + 1) * sizeof *b.twin_slot)))
        goto done;
    for (i = 0; i < 2 * rs->ntwins; i++)
        b.twin_slot[i] = -1;
    if (make(&b, rs, &rs->prefilter) < 0)
        goto done;
    rs->nslots = b.slot;
    rc = DIGICHECK_OK;
done:
    trie_free(&b.t);
    dci_free(b.twin_slot);
    dci_free(b.sets);
    dci_free(b.set_slot);
    dci_free(b.ex);
    return rc;
}

int dci_prefilter_extend(const digicheck_ruleset *rs, const char *const *more, size_t n,
                         long *slot, dci_reach *reach, dci_prefilter **out)
{
    builder b;
    int rc = DIGICHECK_ENOMEM;

    *out = NULL;
    memset(&b, 0, sizeof b);
#ifdef DCI_NO_PREFILTER
    for (b.slot = 0; b.slot < n; b.slot++)
        slot[b.slot] = -1;
    return DIGICHECK_OK;
#endif
    b.extend = 1;
    b.more = more;
    b.nmore = n;
    b.more_slot = slot;
    b.more_reach = reach;
    /* the rule set is only read (for its number of slots) */
    if (make(&b, (digicheck_ruleset *)rs, out) == 0)
        rc = DIGICHECK_OK;
    trie_free(&b.t);
    dci_free(b.ex);
    return rc;
}

size_t dci_prefilter_slots(const dci_prefilter *pf)
{
    return pf ? pf->nslots : 0;
}

void dci_prefilter_free(dci_prefilter *pf)
{
    if (!pf)
        return;
    dci_free(pf->delta);
    dci_free(pf->delta16);
    dci_free(pf->out_start);
    dci_free(pf->out);
    dci_free(pf);
}

/* The characters outside Latin-1 that PCRE2 matches without case to an
 * ASCII or Latin-1 letter. */
static int has_odd_case(const char *v, size_t n)
{
    static const char *const odd[] = {
        "\xC5\xBF", "\xE2\x84\xAA", "\xE2\x84\xAB", "\xC4\xB0", "\xC4\xB1", "\xE1\xBA\x9E",
        "\xCE\xBC", "\xC5\xB8"
    };
    size_t i;

    for (i = 0; i < sizeof odd / sizeof *odd; i++)
        if (dci_memmem(v, n, odd[i], strlen(odd[i])))
            return 1;
    return 0;
}

/* The scan loop, for either width of the transition table. */
#define SCAN(DELTA)                                                                 \
    for (i = 0; i < n; i++) {                                                       \
        unsigned char b = (unsigned char)view[i], k = cls[b];                       \
        size_t e;                                                                   \
        ws = k & 1 ? ws + 1 : 0;                                                    \
        word = k & 2 ? word + 1 : 0;                                                \
        if (ws > max_ws)                                                            \
            max_ws = ws;                                                            \
        if (word > max_word)                                                        \
            max_word = word;                                                        \
        e = DELTA[s * ncols + col[b]];                                              \
        s = e >> 1;                                                                 \
        if (e & 1) {                                                                \
            size_t o;                                                               \
            for (o = pf->out_start[s]; o < pf->out_start[s + 1]; o++) {             \
                if (count == *cap &&                                                \
                    dci_grow((void **)hits, cap, count + 1, sizeof **hits))         \
                    return -1;                                                      \
                (*hits)[count].slot = pf->out[o].slot;                              \
                (*hits)[count].pos = i + 1 - pf->out[o].len;                        \
                count++;                                                            \
            }                                                                       \
        }                                                                           \
    }

int dci_prefilter_scan(const dci_prefilter *pf, const char *view, size_t n, dci_hit **hits,
                       size_t *nhits, size_t *cap, size_t runs[2])
{
    const unsigned char *col = pf->col, *cls = pf->cls;
    size_t ncols = pf->ncols;
    size_t i, count = 0, ws = 0, word = 0, max_ws = 0, max_word = 0, s = 0;

    runs[0] = runs[1] = 0;
    if (has_odd_case(view, n))
        return 1;                           /* scan in full */
    if (pf->delta16)
        SCAN(pf->delta16)
    else
        SCAN(pf->delta)
    runs[0] = max_ws;
    runs[1] = max_word;
    *nhits = count;
    return 0;
}
