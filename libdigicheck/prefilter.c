/*
 * prefilter.c -- one pass over a draft for all patterns: literal strings
 * that every match of a pattern must contain, found by an Aho-Corasick
 * automaton, so that PCRE2 runs only in the units where one occurs. That
 * serves the patterns that fire a sentence or Absatz rule, and all that are
 * only asked whether they occur in a unit (unless, severity_if, the
 * triggers and absent patterns of absence rules, prefill).
 *
 * Extraction reads the pattern's PCRE2 syntax and keeps, for the whole
 * pattern, a set of literals such that any match contains one of them (a
 * run of literal characters of a sequence, or the union over the branches
 * of an alternation). It is conservative: whatever it does not fully
 * understand (inline options, classes, escapes other than punctuation,
 * characters whose case folds outside ASCII and Latin-1, the sharp s)
 * breaks a run or drops the prefilter for that pattern, which then keeps
 * its full scan. Literals shorter than 3 bytes are not worth it.
 *
 * Case: text and literals are folded with the same context-free byte map
 * (A-Z to a-z; the second byte of a Latin-1 capital, 0x80-0x9E but 0x97,
 * to its small letter). Two strings equal without case in that alphabet
 * fold equal, so no occurrence is missed; other folded coincidences only
 * cost a needless PCRE2 run. PCRE2's Unicode case folding also matches a
 * few characters outside Latin-1 to ASCII and Latin-1 letters (the long s,
 * the Kelvin and Angstrom signs, the dotted and dotless i, the capital sharp
 * s); a draft that holds one of them is scanned in full.
 */
#include <string.h>

#include "dci.h"

#define MAX_LITS 48         /* more alternatives than this: no prefilter */
#define MAX_LIT 24          /* longer runs keep their first 23 bytes */
#define MIN_LIT 3

typedef struct litset {
    int n;                  /* -1: none (the part may match without a literal) */
    char s[MAX_LITS][MAX_LIT];
    unsigned char len[MAX_LITS];
} litset;

static unsigned char fold_byte(unsigned char b)
{
    if (b >= 'A' && b <= 'Z')
        return (unsigned char)(b + 32);
    if (b >= 0x80 && b <= 0x9E && b != 0x97)
        return (unsigned char)(b + 32);
    return b;
}

/* The length of the literal character at p whose case the fold handles,
 * or 0: ASCII letters, digits and punctuation; Latin-1 letters but ß, ÿ,
 * µ; Latin-1 signs (§). */
static size_t plain_char(const unsigned char *p)
{
    if (p[0] < 0x80)
        return p[0] >= 0x20 ? 1 : 0;
    if (p[0] == 0xC2 && p[1] >= 0xA0 && p[1] <= 0xBF && p[1] != 0xB5)
        return 2;
    if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBE && p[1] != 0x9F)
        return 2;
    return 0;
}

/* The weakest literal of a set: its shortest length (0 for none). */
static int strength(const litset *l)
{
    int i, m = MAX_LIT;

    if (l->n <= 0)
        return 0;
    for (i = 0; i < l->n; i++)
        if (l->len[i] < m)
            m = l->len[i];
    return m;
}

typedef struct parser {
    const unsigned char *p;
    int bad;                /* syntax beyond what is understood: no prefilter */
} parser;

static void parse_alt(parser *ps, litset *out);

/* Skips a character class [...]. */
static void skip_class(parser *ps)
{
    const unsigned char *p = ps->p + 1;

    if (*p == '^')
        p++;
    if (*p == ']')
        p++;
    while (*p && *p != ']') {
        if (*p == '\\' && p[1])
            p += 2;
        else if (*p == '[' && p[1] == ':' && strstr((const char *)p, ":]"))
            p = (const unsigned char *)strstr((const char *)p, ":]") + 2;
        else
            p++;
    }
    if (!*p)
        ps->bad = 1;
    ps->p = *p ? p + 1 : p;
}

/* Reads a quantifier at ps->p, if any: its minimum (0 or 1, meaning "at
 * least once") in *min. Returns 1 if there was one. */
static int quantifier(parser *ps, int *min)
{
    const unsigned char *p = ps->p;

    if (*p == '?' || *p == '*')
        *min = 0, p++;
    else if (*p == '+')
        *min = 1, p++;
    else if (*p == '{') {
        const unsigned char *q = p + 1;
        long lo = 0;
        int digits = 0;
        while (*q >= '0' && *q <= '9')
            lo = lo * 10 + (*q++ - '0'), digits++;
        if (!digits)
            return ps->bad = 1, 0;          /* "{" as a literal: not handled */
        if (*q == ',')
            for (q++; *q >= '0' && *q <= '9'; q++)
                ;
        if (*q != '}')
            return ps->bad = 1, 0;
        *min = lo > 0;
        p = q + 1;
    } else
        return 0;
    if (*p == '?' || *p == '+')             /* lazy, possessive */
        p++;
    ps->p = p;
    return 1;
}

/* Keeps the stronger of the best set so far and a candidate. */
static void consider(litset *best, const litset *cand)
{
    if (cand->n > 0 && strength(cand) >= MIN_LIT && strength(cand) > strength(best))
        *best = *cand;
}

static void flush_run(litset *best, char *run, size_t *rlen)
{
    litset one;

    if (*rlen >= MIN_LIT) {
        one.n = 1;
        memcpy(one.s[0], run, *rlen);
        one.len[0] = (unsigned char)*rlen;
        consider(best, &one);
    }
    *rlen = 0;
}

/* A sequence up to "|" or ")": the best literal set of its parts. */
static void parse_seq(parser *ps, litset *best)
{
    char run[MAX_LIT];
    size_t rlen = 0;

    best->n = -1;
    while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->bad) {
        const unsigned char *p = ps->p;
        int min;
        size_t k;
        if (*p == '(') {
            litset inner;
            flush_run(best, run, &rlen);
            if (p[1] == '?' && (p[2] == '=' || p[2] == '!' ||
                                (p[2] == '<' && (p[3] == '=' || p[3] == '!')))) {
                ps->p = p + (p[2] == '<' ? 4 : 3);          /* a lookaround: skipped */
                parse_alt(ps, &inner);
                inner.n = -1;
            } else if (p[1] == '?' && (p[2] == ':' || p[2] == '>' || p[2] == '|')) {
                ps->p = p + 3;
                parse_alt(ps, &inner);
            } else if (p[1] == '?' && p[2] == '<' && p[3] != '=' && p[3] != '!') {
                const char *e = strchr((const char *)p, '>');   /* (?<name>…) */
                if (!e)
                    { ps->bad = 1; return; }
                ps->p = (const unsigned char *)e + 1;
                parse_alt(ps, &inner);
            } else if (p[1] == '?' && strspn((const char *)p + 2, "ims-") > 0 &&
                       (p[2 + strspn((const char *)p + 2, "ims-")] == ':' ||
                        p[2 + strspn((const char *)p + 2, "ims-")] == ')')) {
                /* options that leave literals literal: case (folded anyway),
                 * multiline ^ $, dotall; "x" (free spacing) is not among them */
                size_t n = strspn((const char *)p + 2, "ims-");
                if (p[2 + n] == ')') {
                    ps->p = p + 3 + n;          /* (?m): for the rest of the group */
                    continue;
                }
                ps->p = p + 3 + n;
                parse_alt(ps, &inner);
            } else if (p[1] == '?' || p[1] == '*') {
                { ps->bad = 1; return; }         /* options, verbs, conditions … */
            } else {
                ps->p = p + 1;
                parse_alt(ps, &inner);
            }
            if (*ps->p != ')')
                { ps->bad = 1; return; }
            ps->p++;
            if (!(quantifier(ps, &min) && min == 0))
                consider(best, &inner);
            continue;
        }
        if (*p == '[' || *p == '.' || *p == '^' || *p == '$') {
            flush_run(best, run, &rlen);
            if (*p == '[')
                skip_class(ps);
            else
                ps->p++;
            quantifier(ps, &min);
            continue;
        }
        if (*p == '\\') {
            if (!p[1])
                { ps->bad = 1; return; }
            if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
                (p[1] >= '0' && p[1] <= '9') || p[1] >= 0x80) {
                /* classes, assertions, references, code points: no literal */
                flush_run(best, run, &rlen);
                if (p[1] == 'p' || p[1] == 'P') {   /* a Unicode property: a class */
                    const char *e = p[2] == '{' ? strchr((const char *)p, '}') : NULL;
                    if (p[2] == '{' && !e)
                        { ps->bad = 1; return; }
                    ps->p = e ? (const unsigned char *)e + 1 : p + 3;
                    quantifier(ps, &min);
                    continue;
                }
                if (p[1] == 'x' || p[1] == 'g' || p[1] == 'k' || p[1] == 'Q' || p[1] == 'E' ||
                    p[1] == 'c' || p[1] == 'o' || p[1] == 'N')
                    { ps->bad = 1; return; }
                ps->p += 2;
                quantifier(ps, &min);
                continue;
            }
            k = 1;                                  /* escaped punctuation */
            p++;
        } else if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
            { ps->bad = 1; return; }             /* a stray quantifier */
        } else if (!(k = plain_char(p))) {
            flush_run(best, run, &rlen);            /* ß, ẞ, case beyond Latin-1 … */
            ps->p += 1;
            while ((*ps->p & 0xC0) == 0x80)
                ps->p++;
            quantifier(ps, &min);
            continue;
        }
        ps->p = p + k;
        if (quantifier(ps, &min) && min == 0) {     /* an optional character */
            flush_run(best, run, &rlen);
            continue;
        }
        if (rlen + k < MAX_LIT) {
            size_t i;
            for (i = 0; i < k; i++)
                run[rlen++] = (char)fold_byte(p[i]);
        }
        if (ps->p > p + k)                          /* repeated: the run ends here */
            flush_run(best, run, &rlen);
    }
    flush_run(best, run, &rlen);
}

static int has_literal(const litset *l, const char *s, size_t len)
{
    int i;

    for (i = 0; i < l->n; i++)
        if (l->len[i] == len && memcmp(l->s[i], s, len) == 0)
            return 1;
    return 0;
}

/* An alternation up to ")" or the end: the union of its branches. */
static void parse_alt(parser *ps, litset *out)
{
    litset branch;
    int i, first = 1;

    out->n = -1;
    for (;;) {
        parse_seq(ps, &branch);
        if (branch.n <= 0 || ps->bad) {
            out->n = -1;                            /* a branch without a literal */
            while (*ps->p && *ps->p != ')' && !ps->bad) {
                if (*ps->p == '|')
                    ps->p++;
                parse_seq(ps, &branch);
            }
            return;
        }
        if (first) {
            *out = branch;
            first = 0;
        } else if (out->n + branch.n > MAX_LITS) {
            out->n = 0;                             /* too many to be worth it */
        } else if (out->n > 0) {
            for (i = 0; i < branch.n; i++)
                if (!has_literal(out, branch.s[i], branch.len[i])) {
                    memcpy(out->s[out->n], branch.s[i], branch.len[i]);
                    out->len[out->n++] = branch.len[i];
                }
        }
        if (*ps->p != '|')
            return;
        ps->p++;
    }
}

int dci_prefilter_literals(const char *src, char *out, size_t cap)
{
    parser ps = { (const unsigned char *)src, 0 };
    litset ls;
    size_t used = 0;
    int i;

    parse_alt(&ps, &ls);
    if (ps.bad || *ps.p || ls.n <= 0 || strength(&ls) < MIN_LIT)
        return -1;
    for (i = 0; i < ls.n && used + ls.len[i] + 2 < cap; i++) {
        if (i)
            out[used++] = '|';
        memcpy(out + used, ls.s[i], ls.len[i]);
        used += ls.len[i];
    }
    out[used] = '\0';
    return ls.n;
}

/* ---- the automaton ------------------------------------------------------ */

typedef struct out_entry {
    unsigned slot;          /* which pattern */
    unsigned len;           /* literal length: the hit starts len - 1 before */
} out_entry;

struct dci_prefilter {
    unsigned char fold[256];
    int32_t *delta;         /* nstates x 256, on folded bytes */
    size_t nstates;
    size_t *out_start;      /* per state: its outputs out[out_start[s] …] */
    out_entry *out;
    size_t nslots;
};

typedef struct trie {
    int32_t *go;            /* nstates x 256; -1: none */
    int32_t *fail;
    out_entry **outs;       /* per state, a growable list */
    size_t *nouts, *couts;
    size_t n, cap;
} trie;

static int trie_state(trie *t)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        void *a = dci_realloc(t->go, cap * 256 * sizeof *t->go);
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
    memset(t->go + t->n * 256, 0xFF, 256 * sizeof *t->go);
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
        unsigned char c = (unsigned char)s[i];
        if (t->go[st * 256 + c] < 0) {
            int n = trie_state(t);
            if (n < 0)
                return -1;
            t->go[st * 256 + c] = n;
        }
        st = (size_t)t->go[st * 256 + c];
    }
    return add_out(t, st, (out_entry){ slot, (unsigned)len });
}

/* Breadth first: failure links, outputs along them, and the full DFA. */
static int complete(trie *t)
{
    size_t *queue = dci_malloc(t->n * sizeof *queue), head = 0, tail = 0, i;
    int c, rc = 0;

    if (!queue)
        return -1;
    for (c = 0; c < 256; c++) {
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
        for (c = 0; c < 256; c++) {
            int32_t s = t->go[r * 256 + c];
            if (s < 0) {
                t->go[r * 256 + c] = t->go[(size_t)t->fail[r] * 256 + c];
            } else {
                t->fail[s] = t->go[(size_t)t->fail[r] * 256 + c];
                queue[tail++] = (size_t)s;
            }
        }
    }
    dci_free(queue);
    return rc;
}

/* Gives each of the n patterns whose literals are understood a slot and
 * adds its literals to the trie; the others keep their full scan. */
static int add_patterns(trie *t, dci_regex *res, size_t n, size_t *slot)
{
    size_t j;
    int k;

    for (j = 0; j < n; j++) {
        parser ps = { (const unsigned char *)res[j].src, 0 };
        litset ls;
        parse_alt(&ps, &ls);
        if (ps.bad || *ps.p || ls.n <= 0 || strength(&ls) < MIN_LIT)
            continue;
        for (k = 0; k < ls.n; k++)
            if (add_literal(t, ls.s[k], ls.len[k], (unsigned)*slot) < 0)
                return -1;
        res[j].slot = (long)(*slot)++;
    }
    return 0;
}

int dci_prefilter_build(digicheck_ruleset *rs)
{
    trie t;
    dci_prefilter *pf = NULL;
    size_t i, j, k, total = 0, slot = 0;
    int rc = DIGICHECK_ENOMEM;

    memset(&t, 0, sizeof t);
#ifdef DCI_NO_PREFILTER     /* the reference build of make test-prefilter */
    rs->nslots = 0;
    return DIGICHECK_OK;
#endif
    if (trie_state(&t) < 0)
        goto done;
    for (i = 0; i < rs->nrules; i++) {
        dci_rule *r = &rs->rules[i];
        /* the patterns that are searched in a bounded unit: what fires a
         * sentence or Absatz rule, and every pattern that is only asked
         * whether it occurs in a unit */
        if (r->type == DCI_RULE_PATTERN &&
            (r->scope == DCI_SCOPE_SENTENCE || r->scope == DCI_SCOPE_PARAGRAPH) &&
            add_patterns(&t, r->match, r->nmatch, &slot) < 0)
            goto done;
        if (add_patterns(&t, r->unless, r->nunless, &slot) < 0 ||
            add_patterns(&t, r->when_match, r->nwhen_match, &slot) < 0 ||
            add_patterns(&t, r->absent, r->nabsent, &slot) < 0)
            goto done;
        for (j = 0; j < r->nseverity_if; j++)
            if (add_patterns(&t, r->severity_if[j].match, r->severity_if[j].nmatch, &slot) < 0)
                goto done;
        for (j = 0; j < r->nprefill; j++)
            if (add_patterns(&t, r->prefill[j].match, r->prefill[j].nmatch, &slot) < 0)
                goto done;
    }
    rs->nslots = slot;
    if (!slot) {
        rc = DIGICHECK_OK;
        goto done;
    }
    if (complete(&t) < 0 || !(pf = dci_malloc(sizeof *pf)))
        goto done;
    memset(pf, 0, sizeof *pf);
    for (i = 0; i < 256; i++)
        pf->fold[i] = fold_byte((unsigned char)i);
    for (i = 0; i < t.n; i++)
        total += t.nouts[i];
    pf->delta = t.go;               /* the prefilter owns the table from here */
    t.go = NULL;
    pf->nstates = t.n;
    pf->nslots = slot;
    pf->out_start = dci_malloc((t.n + 1) * sizeof *pf->out_start);
    pf->out = dci_malloc((total ? total : 1) * sizeof *pf->out);
    if (!pf->out_start || !pf->out)
        goto done;
    for (i = 0, k = 0; i < t.n; i++) {
        pf->out_start[i] = k;
        for (j = 0; j < t.nouts[i]; j++)
            pf->out[k++] = t.outs[i][j];
    }
    pf->out_start[t.n] = k;
    rs->prefilter = pf;
    pf = NULL;
    rc = DIGICHECK_OK;
done:
    dci_prefilter_free(pf);
    trie_free(&t);
    return rc;
}

void dci_prefilter_free(dci_prefilter *pf)
{
    if (!pf)
        return;
    dci_free(pf->delta);
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

int dci_prefilter_scan(const dci_prefilter *pf, const char *view, size_t n, dci_hit **hits,
                       size_t *nhits, size_t *cap)
{
    const unsigned char *fold = pf->fold;
    const int32_t *delta = pf->delta;
    size_t i, count = 0;
    int32_t s = 0;

    if (has_odd_case(view, n))
        return 1;                           /* scan in full */
    for (i = 0; i < n; i++) {
        size_t o, e;
        s = delta[(size_t)s * 256 + fold[(unsigned char)view[i]]];
        for (o = pf->out_start[s], e = pf->out_start[s + 1]; o < e; o++) {
            if (dci_grow((void **)hits, cap, count + 1, sizeof **hits))
                return -1;
            (*hits)[count].slot = pf->out[o].slot;
            (*hits)[count].pos = i + 1 - pf->out[o].len;
            count++;
        }
    }
    *nhits = count;
    return 0;
}
