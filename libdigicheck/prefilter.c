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
 * add the patterns its Lua rules use (dci_prefilter_extend). The prefilter
 * knows patterns, not rules: the rule set lists its patterns and says which
 * are searched in bounded units (dci_ruleset_patterns), and what each
 * pattern gets (its twin, slots and reaches) comes back in a plan, which the
 * rule set writes into its patterns (ruleset.c).
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
#include "hsdb.h"
#include "prefilter.h"

/* ---- one pattern's literals (tests, the Lua rules' patterns) ------------ */

int dci_prefilter_literals(const char *src, int second, char *out, size_t cap,
                           dci_reach *reach)
{
    dci_litset best, alt;
    const dci_litset *ls = second ? &alt : &best;
    dci_reach reach2;
    size_t used = 0;
    int i;

    if (dci_literals_extract(src, &best, reach, &alt, &reach2, NULL) < 0 || ls->n <= 0)
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
    /* the approximations (hsdb.c), and which pattern has which, by the
     * pattern's address */
    dci_hsdb *hs;
    struct approx_of *approx;
    size_t napprox;
};

typedef struct approx_of {
    const dci_regex *re;
    long expr;
    dci_reach len;          /* the most bytes a match takes (dci_literals_length) */
} approx_of;

/* Each (folded) byte the literals use gets a column of the table, and all
 * other bytes share column 0, which leads back to the root from every
 * state. A table of 256 columns would be four to five times larger, and
 * the scan's walk through it slower. */
typedef struct trie {
    unsigned char used[256];    /* the bytes of the literals */
    unsigned char col[256];     /* a folded byte's column */
    size_t ncols;
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

/* Packs the completed trie into the scan's automaton of nslots slots. */
static int pack(trie *t, size_t nslots, dci_prefilter **out)
{
    dci_prefilter *pf;
    size_t i, j, k, total = 0;

    if (!(pf = dci_malloc(sizeof *pf)))
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
    pf->nslots = nslots;
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

/* The automaton for n sets of literals, sets[k] in slot first + k: NULL in
 * *out when there are none. */
static int make(const dci_litset *sets, size_t n, size_t first, dci_prefilter **out)
{
    trie t;
    size_t i, k;
    int j, rc = -1;

    *out = NULL;
    if (!n)
        return 0;
    memset(&t, 0, sizeof t);
    for (k = 0; k < n; k++)                 /* the bytes the literals use */
        for (j = 0; j < sets[k].n; j++)
            for (i = 0; i < sets[k].len[j]; i++)
                t.used[(unsigned char)sets[k].s[j][i]] = 1;
    t.ncols = 1;
    for (i = 0; i < 256; i++)
        if (t.used[i])
            t.col[i] = (unsigned char)t.ncols++;
    if (trie_state(&t) < 0)
        goto done;
    for (k = 0; k < n; k++)
        for (j = 0; j < sets[k].n; j++)
            if (add_literal(&t, sets[k].s[j], sets[k].len[j], (unsigned)(first + k)) < 0)
                goto done;
    if (complete(&t) < 0 || pack(&t, first + n, out) < 0)
        goto done;
    rc = 0;
done:
    trie_free(&t);
    return rc;
}

/* ---- the plan: what each pattern gets ----------------------------------- */

static const dci_reach no_reach = {DCI_REACH_NONE, 0, 0, 0};

typedef struct builder {
    dci_prefilter_plan *plan;
    size_t use_cap;
    unsigned char *served;  /* per use: searched in a bounded unit (see above) */
    size_t served_cap;
    dci_reach *len;         /* per use: the most bytes a match takes, once read */
    size_t len_cap;
    dci_litset *sets;       /* the sets that have a slot, in the order of their slots */
    size_t nsets, sets_cap;
    uint32_t *sig;          /* per set: set_sig(), which equal sets share */
    size_t sig_cap;
    size_t first;           /* the slot of sets[0] */
} builder;

#define LEN_UNREAD (DCI_REACH_NONE - 1)

/* Adds n patterns to the plan, as yet without a twin or a slot. */
static int plan_list(builder *b, const dci_regex *res, size_t n, int served)
{
    dci_prefilter_plan *pl = b->plan;
    size_t i;

    if (dci_grow((void **)&pl->use, &b->use_cap, pl->n + n, sizeof *pl->use) ||
        dci_grow((void **)&b->served, &b->served_cap, pl->n + n, sizeof *b->served) ||
        dci_grow((void **)&b->len, &b->len_cap, pl->n + n, sizeof *b->len))
        return -1;
    for (i = 0; i < n; i++) {
        dci_prefilter_use *u = &pl->use[pl->n];
        u->re = &res[i];
        u->twin = u->slot = u->slot2 = -1;
        u->reach = u->reach2 = no_reach;
        b->len[pl->n].fixed = LEN_UNREAD;
        b->served[pl->n++] = (unsigned char)served;
    }
    return 0;
}

/* The patterns to plan for, in their order. */
static int plan_patterns(builder *b, const dci_prefilter_pattern *pats, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (plan_list(b, pats[i].re, 1, pats[i].served) < 0)
            return -1;
    return 0;
}

static int cmp_source(const void *a, const void *b)
{
    const dci_regex *x = (*(dci_prefilter_use *const *)a)->re;
    const dci_regex *y = (*(dci_prefilter_use *const *)b)->re;
    int c = strcmp(x->src, y->src);

    return c ? c : (x->flags > y->flags) - (x->flags < y->flags);
}

/* Gives every group of patterns with the same source and flags a number of
 * its own (dci_regex.twin), so that a check searches once for them all. */
static int number_twins(dci_prefilter_plan *pl)
{
    dci_prefilter_use **by = dci_malloc((pl->n + 1) * sizeof *by);
    size_t i, j, k;

    if (!by)
        return -1;
    for (i = 0; i < pl->n; i++)
        by[i] = &pl->use[i];
    if (pl->n > 1)
        qsort(by, pl->n, sizeof *by, cmp_source);
    for (i = 0; i < pl->n; i = j) {
        for (j = i + 1; j < pl->n && cmp_source(&by[i], &by[j]) == 0; j++)
            ;
        if (j - i > 1) {
            for (k = i; k < j; k++)
                by[k]->twin = (long)pl->ntwins;
            pl->ntwins++;
        }
    }
    dci_free(by);
    return 0;
}

/* A number that equal sets (the same literals in any order) share, so
 * that most sets are told apart without comparing their literals: a rule
 * set's split patterns give some 600 sets. */
static uint32_t set_sig(const dci_litset *ls)
{
    uint32_t h = (uint32_t)ls->n;
    int i;

    for (i = 0; i < ls->n; i++)
        h += (uint32_t)ls->len[i] * 2654435761u ^
             ((uint32_t)(unsigned char)ls->s[i][0] << 8 | (unsigned char)ls->s[i][ls->len[i] - 1]);
    return h;
}

/* The slot of a set: with share, the one an equal set got before (its hits
 * are the same); else the next free one. -1 when out of memory. */
static long slot_for(builder *b, const dci_litset *ls, int share)
{
    uint32_t sig = set_sig(ls);
    size_t i;

    for (i = 0; share && i < b->nsets; i++)
        if (b->sig[i] == sig && dci_literals_same(&b->sets[i], ls))
            return (long)(b->first + i);
    if (dci_grow((void **)&b->sets, &b->sets_cap, b->nsets + 1, sizeof *b->sets) ||
        dci_grow((void **)&b->sig, &b->sig_cap, b->nsets + 1, sizeof *b->sig))
        return -1;
    b->sets[b->nsets] = *ls;
    b->sig[b->nsets] = sig;
    return (long)(b->first + b->nsets++);
}

/* Gives each pattern the prefilter serves whose literals are understood a
 * slot, and a second one for its second set; the others keep their full
 * scan. A pattern written alike elsewhere takes what its twin got. */
static int assign_slots(builder *b)
{
    dci_prefilter_plan *pl = b->plan;
    size_t *done = dci_malloc((pl->ntwins + 1) * sizeof *done), i;   /* per twin: its use */
    int rc = -1;

    if (!done)
        return -1;
    for (i = 0; i < pl->ntwins; i++)
        done[i] = (size_t)-1;
    for (i = 0; i < pl->n; i++) {
        dci_prefilter_use *u = &pl->use[i];
        dci_litset ls, alt;
        if (!b->served[i])
            continue;
        if (u->twin >= 0 && done[u->twin] != (size_t)-1) {
            const dci_prefilter_use *t = &pl->use[done[u->twin]];
            u->slot = t->slot;
            u->slot2 = t->slot2;
            u->reach = t->reach;
            u->reach2 = t->reach2;
            b->len[i] = b->len[done[u->twin]];
            continue;
        }
        if (u->twin >= 0)
            done[u->twin] = i;
        if (dci_literals_extract(u->re->lits ? u->re->lits : u->re->src, &ls, &u->reach, &alt,
                                 &u->reach2, &b->len[i]) < 0)
            continue;
        if (u->re->lits)
            b->len[i].fixed = DCI_REACH_NONE;   /* the length of a part, not of the pattern */
        if ((u->slot = slot_for(b, &ls, 1)) < 0 ||
            (alt.n > 0 && (u->slot2 = slot_for(b, &alt, 1)) < 0))
            goto done;
        if (alt.n <= 0)
            u->reach2 = no_reach;
    }
    rc = 0;
done:
    dci_free(done);
    return rc;
}

/* ---- the approximations ------------------------------------------------ */

static int cmp_approx(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const approx_of *)a)->re;
    uintptr_t y = (uintptr_t)((const approx_of *)b)->re;

    return (x > y) - (x < y);
}

/* The number of expr (taken, or freed when an equal one is there) in
 * exprs, or -1 when out of memory. */
static long expr_number(char ***exprs, size_t *n, size_t *cap, char *expr)
{
    size_t k;

    for (k = 0; k < *n; k++)
        if (strcmp((*exprs)[k], expr) == 0) {
            dci_free(expr);
            return (long)k;
        }
    if (dci_grow((void **)exprs, cap, *n + 1, sizeof **exprs)) {
        dci_free(expr);
        return -1;
    }
    (*exprs)[*n] = expr;
    return (long)(*n)++;
}

/* The approximations of the patterns that want one, in pf->hs; pf->approx
 * says which pattern has which, sorted by address. Patterns written alike
 * share one. Without Hyperscan there is none, and no pattern is shaped
 * (7 % of a load of the default rule set). */
static int add_approx(builder *b, dci_prefilter *pf)
{
    const dci_prefilter_plan *pl = b->plan;
    char **exprs = NULL;
    long *num = dci_malloc((pl->n + 1) * sizeof *num);
    unsigned char *ok = NULL;
    size_t i, n = 0, cap = 0;
    int rc = -1;

    if (!num)
        return -1;
    for (i = 0; i < pl->n; i++) {
        char *expr;
        num[i] = -1;
        /* a branch compiled at its first match has no approximation: the
         * long rests it repeats would take seconds to compile */
        if (!(pl->use[i].re->flags & DCI_RE_LAZY) && (expr = dci_hsdb_shape(pl->use[i].re->src)) &&
            (num[i] = expr_number(&exprs, &n, &cap, expr)) < 0)
            goto done;
    }
    if (n && (!(ok = dci_malloc(n)) || dci_hsdb_build(exprs, n, ok, &pf->hs) != DIGICHECK_OK))
        goto done;
    if (pf->hs && !(pf->approx = dci_malloc(pl->n * sizeof *pf->approx)))
        goto done;
    for (i = 0; pf->hs && i < pl->n; i++)
        if (num[i] >= 0 && ok[num[i]]) {
            approx_of *a = &pf->approx[pf->napprox++];
            a->re = pl->use[i].re;
            a->expr = num[i];
            if (b->len[i].fixed == LEN_UNREAD)     /* not served: not read yet */
                (void)dci_literals_length(a->re->src, &b->len[i]);
            a->len = b->len[i];
        }
    if (pf->napprox > 1)
        qsort(pf->approx, pf->napprox, sizeof *pf->approx, cmp_approx);
    rc = 0;
done:
    for (i = 0; i < n; i++)
        dci_free(exprs[i]);
    dci_free(exprs);
    dci_free(num);
    dci_free(ok);
    return rc;
}

long dci_prefilter_approx(const dci_prefilter *pf, const dci_regex *re, dci_reach *len)
{
    size_t lo = 0, hi = pf ? pf->napprox : 0;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)pf->approx[mid].re < (uintptr_t)re)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!pf || lo == pf->napprox || pf->approx[lo].re != re)
        return -1;
    *len = pf->approx[lo].len;
    return pf->approx[lo].expr;
}

int dci_prefilter_first_end(const dci_prefilter *pf, long approx, void **scratch,
                            const char *view, size_t start, size_t end, size_t *at)
{
    return dci_hsdb_first_end(pf->hs, (size_t)approx, scratch, view, start, end, at);
}

void dci_prefilter_scratch_free(void *scratch)
{
    dci_hsdb_scratch_free(scratch);
}

int dci_prefilter_build(const dci_prefilter_pattern *pats, size_t n, dci_prefilter_plan *plan)
{
    builder b;
    int rc = DIGICHECK_ENOMEM;

    memset(plan, 0, sizeof *plan);
    memset(&b, 0, sizeof b);
#ifdef DCI_NO_PREFILTER     /* the reference build of make test-prefilter */
    return DIGICHECK_OK;
#endif
    b.plan = plan;
    if (plan_patterns(&b, pats, n) < 0 || number_twins(plan) < 0 || assign_slots(&b) < 0 ||
        make(b.sets, b.nsets, 0, &plan->pf) < 0 || (plan->pf && dci_hsdb_available() &&
                                                  add_approx(&b, plan->pf) < 0))
        goto done;
    plan->nslots = b.nsets;
    rc = DIGICHECK_OK;
done:
    if (rc != DIGICHECK_OK)
        dci_prefilter_plan_free(plan);
    dci_free(b.served);
    dci_free(b.len);
    dci_free(b.sets);
    dci_free(b.sig);
    return rc;
}

void dci_prefilter_plan_free(dci_prefilter_plan *plan)
{
    dci_prefilter_free(plan->pf);
    dci_free(plan->use);
    memset(plan, 0, sizeof *plan);
}

int dci_prefilter_extend(size_t first, const char *const *more, size_t n,
                         long *slot, dci_reach *reach, dci_prefilter **out)
{
    builder b;
    dci_litset ls;
    size_t j;
    int rc = DIGICHECK_ENOMEM;

    *out = NULL;
    memset(&b, 0, sizeof b);
#ifdef DCI_NO_PREFILTER
    for (j = 0; j < n; j++)
        slot[j] = -1;
    return DIGICHECK_OK;
#endif
    b.first = first;
    for (j = 0; j < n; j++) {
        slot[j] = -1;
        if (dci_literals_extract(more[j], &ls, &reach[j], NULL, NULL, NULL) < 0)
            reach[j] = no_reach;
        else if ((slot[j] = slot_for(&b, &ls, 0)) < 0)
            goto done;
    }
    if (make(b.sets, b.nsets, b.first, out) < 0)
        goto done;
    rc = DIGICHECK_OK;
done:
    dci_free(b.sets);
    dci_free(b.sig);
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
    dci_hsdb_free(pf->hs);
    dci_free(pf->approx);
    dci_free(pf);
}

/* Over the budget of hits: the list with the most loses them all (its
 * patterns are then searched in full, with the same findings), and the
 * memory they took is released. */
static void drop_densest(dci_hits *lists, size_t nlists, size_t *count)
{
    size_t i, most = 0;

    for (i = 1; i < nlists; i++)
        if (lists[i].n > lists[most].n)
            most = i;
    *count -= lists[most].n;
    dci_free(lists[most].pos);
    lists[most].pos = NULL;
    lists[most].n = lists[most].cap = 0;
    lists[most].lost = 1;
}

/* The scan loop, for either width of the transition table, measuring the
 * runs of white space and word bytes or not (RUNS: MEASURE_RUNS or NO_RUNS,
 * so that the loop without is lean), doing HIT(l, o) for each hit of
 * output o, in list l. */
#define SCAN(DELTA, RUNS, HIT)                                                      \
    for (i = 0; i < n; i++) {                                                       \
        unsigned char b = (unsigned char)view[i];                                   \
        size_t e;                                                                   \
        RUNS(cls[b]);                                                               \
        e = DELTA[s * ncols + col[b]];                                              \
        s = e >> 1;                                                                 \
        if (e & 1) {                                                                \
            size_t o;                                                               \
            for (o = pf->out_start[s]; o < pf->out_start[s + 1]; o++) {             \
                dci_hits *l = &lists[pf->out[o].slot];                              \
                HIT(l, o);                                                          \
            }                                                                       \
        }                                                                           \
    }
#define MEASURE_RUNS(k)                                                             \
    do {                                                                            \
        ws = (k) & 1 ? ws + 1 : 0;                                                  \
        word = (k) & 2 ? word + 1 : 0;                                              \
        if (ws > max_ws)                                                            \
            max_ws = ws;                                                            \
        if (word > max_word)                                                        \
            max_word = word;                                                        \
    } while (0)
#define NO_RUNS(k) ((void)0)
/* The first pass counts, and stores where a list has room: a hit past the
 * budget first makes the densest list lose its hits. The second pass, only
 * when a list had too little room, stores them where the first made it. */
#define COUNT_HIT(l, o)                                                             \
    do {                                                                            \
        if (!(l)->lost && count >= most)                                            \
            drop_densest(lists, nlists, &count);                                    \
        if (!(l)->lost) {                                                           \
            if ((l)->n < (l)->cap)                                                  \
                (l)->pos[(l)->n] = (uint32_t)(i + 1 - pf->out[o].len);              \
            (l)->n++;                                                               \
            count++;                                                                \
        }                                                                           \
    } while (0)
#define STORE_HIT(l, o)                                                             \
    do {                                                                            \
        if (!(l)->lost)                                                             \
            (l)->pos[(l)->n++] = (uint32_t)(i + 1 - pf->out[o].len);                \
    } while (0)

/* The first pass: how many hits each list gets (added to its n; those that
 * fit its room stored), within the budget `most` of *total, and the runs
 * when asked. */
static void count_hits(const dci_prefilter *pf, const char *view, size_t n, dci_hits *lists,
                       size_t nlists, size_t *total, size_t most, size_t runs[2])
{
    const unsigned char *col = pf->col, *cls = pf->cls;
    size_t ncols = pf->ncols;
    size_t i, count = *total, ws = 0, word = 0, max_ws = 0, max_word = 0, s = 0;

    if (pf->delta16 && runs)
        SCAN(pf->delta16, MEASURE_RUNS, COUNT_HIT)
    else if (pf->delta16)
        SCAN(pf->delta16, NO_RUNS, COUNT_HIT)
    else if (runs)
        SCAN(pf->delta, MEASURE_RUNS, COUNT_HIT)
    else
        SCAN(pf->delta, NO_RUNS, COUNT_HIT)
    if (runs) {
        runs[0] = max_ws;
        runs[1] = max_word;
    }
    *total = count;
}

/* The second pass: the hits of the lists not lost, from n on. */
static void store_hits(const dci_prefilter *pf, const char *view, size_t n, dci_hits *lists)
{
    const unsigned char *col = pf->col;
    size_t ncols = pf->ncols;
    size_t i, s = 0;

    if (pf->delta16)
        SCAN(pf->delta16, NO_RUNS, STORE_HIT)
    else
        SCAN(pf->delta, NO_RUNS, STORE_HIT)
}

/* Between the passes: room for the hits counted in each list (from[i]
 * before), in one allocation of the size it needs rather than by doubling
 * (a list that grows by copying leaves its copies to the allocator), and n
 * set back to where this scan's hits go. Out of memory: -1, and the lists
 * hold what they held before. */
static int make_room(dci_hits *lists, size_t nlists, const size_t *from, size_t *total)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < nlists; i++) {
        dci_hits *l = &lists[i];
        if (!l->lost && l->n > l->cap) {
            uint32_t *pos = rc ? NULL : dci_realloc(l->pos, l->n * sizeof *l->pos);
            if (pos) {
                l->pos = pos;
                l->cap = l->n;
            } else {
                rc = -1;
            }
        }
    }
    for (i = 0; i < nlists; i++)
        if (!lists[i].lost) {
            if (rc)
                *total -= lists[i].n - from[i];
            lists[i].n = from[i];
        }
    return rc;
}

int dci_prefilter_scan(const dci_prefilter *pf, const char *view, size_t n, dci_hits *lists,
                       size_t nlists, size_t *total, size_t most, size_t runs[2])
{
    size_t *from = NULL, i;
    int rc = -1;

    if (runs)
        runs[0] = runs[1] = 0;
    if (dci_literals_odd_case(view, n, 0))
        return 1;                           /* scan in full */
    if (!(from = dci_malloc((nlists ? nlists : 1) * sizeof *from)))
        goto done;
    for (i = 0; i < nlists; i++)
        from[i] = lists[i].n;
    count_hits(pf, view, n, lists, nlists, total, most, runs);
    rc = 0;
    for (i = 0; i < nlists && !rc; i++)
        rc = !lists[i].lost && lists[i].n > lists[i].cap;
    if (!rc)
        goto done;                          /* every hit stored in the first pass */
    rc = -1;
    if (make_room(lists, nlists, from, total) < 0)
        goto done;
    store_hits(pf, view, n, lists);
    rc = 0;
done:
    dci_free(from);
    return rc;
}
