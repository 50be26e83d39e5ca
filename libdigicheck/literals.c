/*
 * literals.c -- the literals every match of a pattern must hold, read from
 * the pattern's PCRE2 syntax, and how far before one a match may start.
 * The prefilter (prefilter.c) searches a draft for them in one pass.
 *
 * Extraction keeps, for the whole pattern, a set of literals such that any
 * match contains one of them (a run of literal characters of a sequence,
 * or the union over the branches of an alternation), and where it can a
 * second such set that shares no literal with the first: "an authority ...
 * a portal" is searched around the portals in a draft full of authorities
 * (check.c, slot_of).
 *
 * The parser also bounds how far before its literal a match may start (its
 * reach): fixed bytes, plus runs of white space and of word characters for
 * \s+ and \w*, whose longest runs the scan measures in each draft. PCRE2
 * then only tries the starts [hit - reach, hit] of each hit (check.c,
 * find_near) instead of whole sentences or the whole draft.
 *
 * Extraction is conservative: whatever it does not fully
 * understand (inline options, classes, escapes other than punctuation,
 * characters whose case folds outside ASCII and Latin-1, the sharp s)
 * breaks a run or drops the prefilter for that pattern, which then keeps
 * its full scan. Literals shorter than 3 bytes are not worth it.
 *
 * Case: text and literals are folded with the same context-free byte map
 * (A-Z to a-z; the second byte of a Latin-1 capital, 0x80-0x9E but 0x97,
 * to its small letter; dci_literals_fold). Two strings equal without case
 * in that alphabet fold equal, so no occurrence is missed; other folded
 * coincidences only cost a needless PCRE2 run.
 */
#include <string.h>

#include "dci.h"
#include "regex.h"
#include "literals.h"

#define MAX_LITS DCI_MAX_LITS
#define MAX_LIT DCI_MAX_LIT
#define MIN_LIT 3
#define MAX_DEPTH 16        /* nested groups */

/* The most bytes of text a part of a pattern may match, as a dci_reach:
 * fixed bytes, plus so many runs of white space and of word characters
 * (a repeated \s or \w stays inside one such run). FAR: "unbounded, or too
 * far to be worth a window". */
#define FAR ((size_t)DCI_REACH_MAX + 1)
#define MAX_RUNS 64

typedef dci_reach len_t;

static const len_t far_len = {FAR, 0, 0};

static int is_far(len_t a)
{
    return a.fixed >= FAR || a.ws > MAX_RUNS || a.word > MAX_RUNS;
}

static size_t sat_add(size_t a, size_t b)
{
    return a >= FAR || b >= FAR || a + b >= FAR ? FAR : a + b;
}

static size_t sat_mul(size_t a, size_t times)
{
    return a && (times >= FAR || a >= FAR || a * times >= FAR) ? FAR : a * times;
}

static len_t add_len(len_t a, len_t b)
{
    len_t r;

    if (is_far(a) || is_far(b))
        return far_len;
    r.fixed = sat_add(a.fixed, b.fixed);
    r.ws = a.ws + b.ws;
    r.word = a.word + b.word;
    return is_far(r) ? far_len : r;
}

static len_t max_len(len_t a, len_t b)
{
    len_t r;

    if (is_far(a) || is_far(b))
        return far_len;
    r.fixed = a.fixed > b.fixed ? a.fixed : b.fixed;
    r.ws = a.ws > b.ws ? a.ws : b.ws;
    r.word = a.word > b.word ? a.word : b.word;
    return r;
}

static len_t fixed_len(size_t n)
{
    len_t r = {0, 0, 0};

    r.fixed = n >= FAR ? FAR : n;
    return r;
}

/* What an element of `one` that is repeated up to max times may match;
 * kind says what it matches when max is unbounded: 'w' only word
 * characters, 's' only white space, else anything. */
static len_t repeat_len(len_t one, size_t max, int kind)
{
    len_t r = {0, 0, 0};

    if (max < FAR) {
        if (is_far(one))
            return max ? far_len : r;
        r.fixed = sat_mul(one.fixed, max);
        r.ws = one.ws * max;
        r.word = one.word * max;
        return is_far(r) ? far_len : r;
    }
    if (kind == 's')
        r.ws = 1;
    else if (kind == 'w')
        r.word = 1;
    else
        return far_len;
    return r;
}

unsigned char dci_literals_fold(unsigned char b)
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

/* How well a literal filters: its length, where a byte that legal text
 * hardly holds counts as MIN_LIT: in the 162 MB of federal statutes "@"
 * (of an e-mail address) occurs 35 times, "$", "`", "{", "}", "~" each
 * under 50 times, and the letters x, q and y (folded) 42,000, 30,000 and
 * 63,000 times, against 7.9 million times for "i". */
static int weight(const char *s, size_t len)
{
    size_t i;
    int w = 0;

    for (i = 0; i < len; i++)
        switch (s[i]) {
        case '@': case '$': case '`': case '{': case '}': case '~': case 'x': case 'q':
        case 'y':
            w += MIN_LIT;
            break;
        default:
            w++;
        }
    return w;
}

/* The weakest literal of a set: its least weight (0 for none). A literal
 * that holds another weighs no less, so leaving it out of a set (unite)
 * keeps the least weight. */
static int strength(const dci_litset *l)
{
    return l->n > 0 ? l->minw : 0;
}

typedef struct parser {
    const unsigned char *p;
    int bad;                /* syntax beyond what is understood: no prefilter */
    int no_reach;           /* \K moves the start of a match: no window */
    int depth;              /* groups open */
} parser;

/* The two best literal sets of a part: every match of the part holds a
 * literal of each. A check uses the one with fewer hits in its draft. */
typedef struct cands {
    dci_litset best, alt;
} cands;

static void parse_alt(parser *ps, cands *out, len_t *len);

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
 * least once") in *min, its maximum (FAR: unbounded) in *max; without one
 * both are 1. Returns 1 if there was one. */
static int quantifier(parser *ps, int *min, size_t *max)
{
    const unsigned char *p = ps->p;

    *min = 1;
    *max = 1;
    if (*p == '?')
        *min = 0, p++;
    else if (*p == '*')
        *min = 0, *max = FAR, p++;
    else if (*p == '+')
        *max = FAR, p++;
    else if (*p == '{') {
        const unsigned char *q = p + 1;
        size_t lo = 0, hi = 0;
        int digits = 0;
        while (*q >= '0' && *q <= '9')
            lo = sat_add(sat_mul(lo, 10), (size_t)(*q++ - '0')), digits++;
        if (!digits)
            return ps->bad = 1, 0;          /* "{" as a literal: not handled */
        hi = lo;
        if (*q == ',') {
            hi = *++q >= '0' && *q <= '9' ? 0 : FAR;
            for (; *q >= '0' && *q <= '9'; q++)
                hi = sat_add(sat_mul(hi, 10), (size_t)(*q - '0'));
        }
        if (*q != '}')
            return ps->bad = 1, 0;
        *min = lo > 0;
        *max = hi;
        p = q + 1;
    } else
        return 0;
    if (*p == '?' || *p == '+')             /* lazy, possessive */
        p++;
    ps->p = p;
    return 1;
}

/* Is set a better than set b: one whose reach is bounded, so that a long
 * text is searched in windows around its hits, if its literals have 4
 * bytes or more; else the stronger. */
static int better(const dci_litset *a, const dci_litset *b)
{
    int sa = strength(a), sb = strength(b);
    int near_a = !is_far(a->reach) && sa > MIN_LIT, near_b = !is_far(b->reach) && sb > MIN_LIT;

    return near_a > near_b || (near_a == near_b && sa > sb);
}

static int has_literal(const dci_litset *l, const char *s, size_t len);

/* Does the set hold a word that nearly every sentence of a statute holds
 * (an article, a pronoun, an auxiliary verb, a common preposition or
 * conjunction)? Such a set is no use as a second one: it would only add
 * hits to the scan. */
static int common_word(const dci_litset *l)
{
    static const char *const words[] = {
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
        "eines", "und", "oder", "ist", "sind", "hat", "haben", "wird", "werden", "nach",
        "vor", "bei", "zur", "zum", "mit", "von", "auf", "aus", "für", "als", "nicht",
        "sich", "sie", "über", "durch", NULL
    };
    size_t i;

    for (i = 0; words[i]; i++)
        if (has_literal(l, words[i], strlen(words[i])))
            return 1;
    return 0;
}

/* Do two sets share a literal? A second set is only worth its slot when
 * it shares none with the first. */
static int overlap(const dci_litset *a, const dci_litset *b)
{
    int i;

    for (i = 0; i < a->n; i++)
        if (has_literal(b, a->s[i], a->len[i]))
            return 1;
    return 0;
}

/* Keeps the best set so far and the best that shares no literal with it,
 * given a candidate. */
static void consider(cands *c, const dci_litset *cand)
{
    const dci_litset *other = cand;
    dci_litset old;

    if (cand->n <= 0 || strength(cand) < MIN_LIT)
        return;
    if (c->best.n <= 0) {
        c->best = *cand;
        return;
    }
    if (better(cand, &c->best)) {
        old = c->best;
        c->best = *cand;
        other = &old;
    }
    if (c->alt.n > 0 && overlap(&c->alt, &c->best))
        c->alt.n = -1;
    if (!overlap(other, &c->best) && (c->alt.n <= 0 || better(other, &c->alt)))
        c->alt = *other;
}

/* Offers the run of literal characters that began at offset `at` of its
 * sequence. */
static void flush_run(cands *best, char *run, size_t *rlen, len_t at)
{
    dci_litset one;

    if (weight(run, *rlen) >= MIN_LIT) {
        one.n = 1;
        one.minw = weight(run, *rlen);
        one.reach = at;
        memcpy(one.s[0], run, *rlen);
        one.len[0] = (unsigned char)*rlen;
        consider(best, &one);
    }
    *rlen = 0;
}

int dci_literals_word_byte(unsigned c)
{
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* What a repeated literal character at p stays inside: 'w' a run of word
 * characters, 's' one of white space, 0 neither. */
static int char_kind(const unsigned char *p)
{
    return dci_literals_word_byte(*p) ? 'w' : *p == ' ' ? 's' : 0;
}

/* A sequence up to "|" or ")": the best literal set of its parts, and in
 * *len the most bytes it may match. Every character that is not a plain
 * literal may take 4 bytes (UTF-8); a plain one takes its own length, since
 * a draft with characters that fold across lengths is not prefiltered. */
static void parse_seq(parser *ps, cands *best, len_t *len)
{
    char run[MAX_LIT];
    size_t rlen = 0, max;
    len_t off = {0, 0, 0}, run_at = {0, 0, 0};

    best->best.n = best->alt.n = -1;
    best->best.reach = best->alt.reach = off;
    while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->bad) {
        const unsigned char *p = ps->p;
        int min;
        size_t k;
        if (*p == '(') {
            cands inner;
            len_t ilen = {0, 0, 0};
            int around = 0;
            flush_run(best, run, &rlen, run_at);
            /* each level holds some KB of literal sets on the stack: a
             * pattern nested deeper (PCRE2 allows 250) keeps its full scan */
            if (ps->depth == MAX_DEPTH)
                { ps->bad = 1; return; }
            ps->depth++;
            if (p[1] == '?' && (p[2] == '=' || p[2] == '!' ||
                                (p[2] == '<' && (p[3] == '=' || p[3] == '!')))) {
                ps->p = p + (p[2] == '<' ? 4 : 3);          /* a lookaround: skipped */
                parse_alt(ps, &inner, &ilen);
                inner.best.n = inner.alt.n = -1;
                around = 1;
            } else if (p[1] == '?' && (p[2] == ':' || p[2] == '>' || p[2] == '|')) {
                ps->p = p + 3;
                parse_alt(ps, &inner, &ilen);
            } else if (p[1] == '?' && p[2] == '<' && p[3] != '=' && p[3] != '!') {
                const char *e = strchr((const char *)p, '>');   /* (?<name>…) */
                if (!e)
                    { ps->bad = 1; return; }
                ps->p = (const unsigned char *)e + 1;
                parse_alt(ps, &inner, &ilen);
            } else if (p[1] == '?' && strspn((const char *)p + 2, "ims-") > 0 &&
                       (p[2 + strspn((const char *)p + 2, "ims-")] == ':' ||
                        p[2 + strspn((const char *)p + 2, "ims-")] == ')')) {
                /* options that leave literals literal: case (folded anyway),
                 * multiline ^ $, dotall; "x" (free spacing) is not among them */
                size_t n = strspn((const char *)p + 2, "ims-");
                if (p[2 + n] == ')') {
                    ps->p = p + 3 + n;          /* (?m): for the rest of the group */
                    ps->depth--;
                    continue;
                }
                ps->p = p + 3 + n;
                parse_alt(ps, &inner, &ilen);
            } else if (p[1] == '?' || p[1] == '*') {
                { ps->bad = 1; return; }         /* options, verbs, conditions … */
            } else {
                ps->p = p + 1;
                parse_alt(ps, &inner, &ilen);
            }
            if (*ps->p != ')')
                { ps->bad = 1; return; }
            ps->p++;
            if (!quantifier(ps, &min, &max) || min != 0) {
                inner.best.reach = add_len(off, inner.best.reach);
                inner.alt.reach = add_len(off, inner.alt.reach);
                consider(best, &inner.best);
                consider(best, &inner.alt);
            }
            if (!around)                /* a lookaround takes no text */
                off = add_len(off, repeat_len(ilen, max, 0));
            ps->depth--;
            continue;
        }
        if (*p == '[' || *p == '.' || *p == '^' || *p == '$') {
            flush_run(best, run, &rlen, run_at);
            if (*p == '[')
                skip_class(ps);
            else
                ps->p++;
            quantifier(ps, &min, &max);
            if (*p == '[' || *p == '.')
                off = add_len(off, repeat_len(fixed_len(4), max, 0));
            continue;
        }
        if (*p == '\\') {
            if (!p[1])
                { ps->bad = 1; return; }
            if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
                (p[1] >= '0' && p[1] <= '9') || p[1] >= 0x80) {
                /* classes, assertions, references, code points: no literal */
                size_t w = strchr("bBAzZG", p[1]) ? 0 : 4;
                int kind = strchr("shv", p[1]) ? 's' : strchr("wd", p[1]) ? 'w' : 0;
                flush_run(best, run, &rlen, run_at);
                if (p[1] == 'p' || p[1] == 'P') {   /* a Unicode property: a class */
                    const char *e = p[2] == '{' ? strchr((const char *)p, '}') : NULL;
                    if (p[2] == '{' && !e)
                        { ps->bad = 1; return; }
                    ps->p = e ? (const unsigned char *)e + 1 : p + 3;
                    quantifier(ps, &min, &max);
                    off = add_len(off, repeat_len(fixed_len(4), max, 0));
                    continue;
                }
                if (p[1] == 'x' || p[1] == 'g' || p[1] == 'k' || p[1] == 'Q' || p[1] == 'E' ||
                    p[1] == 'c' || p[1] == 'o' || p[1] == 'N')
                    { ps->bad = 1; return; }
                if (p[1] == 'K')
                    ps->no_reach = 1;
                if (p[1] == 'R')
                    w = 8;                          /* CR LF */
                if ((p[1] >= '0' && p[1] <= '9') || p[1] == 'X' || p[1] >= 0x80)
                    w = FAR;                        /* a back reference, a grapheme */
                ps->p += 2;
                quantifier(ps, &min, &max);
                off = add_len(off, repeat_len(fixed_len(w), max, kind));
                continue;
            }
            k = 1;                                  /* escaped punctuation */
            p++;
        } else if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
            { ps->bad = 1; return; }             /* a stray quantifier */
        } else if (!(k = plain_char(p))) {
            flush_run(best, run, &rlen, run_at);    /* ß, ẞ, case beyond Latin-1 … */
            ps->p += 1;
            while ((*ps->p & 0xC0) == 0x80)
                ps->p++;
            quantifier(ps, &min, &max);
            off = add_len(off, repeat_len(fixed_len(4), max, 'w'));
            continue;
        }
        ps->p = p + k;
        if (quantifier(ps, &min, &max) && min == 0) {     /* an optional character */
            flush_run(best, run, &rlen, run_at);
            off = add_len(off, repeat_len(fixed_len(k), max, char_kind(p)));
            continue;
        }
        if (!rlen)
            run_at = off;
        if (rlen + k < MAX_LIT) {
            size_t i;
            for (i = 0; i < k; i++)
                run[rlen++] = (char)dci_literals_fold(p[i]);
        }
        off = add_len(off, repeat_len(fixed_len(k), max, char_kind(p)));
        if (ps->p > p + k)                          /* repeated: the run ends here */
            flush_run(best, run, &rlen, run_at);
    }
    flush_run(best, run, &rlen, run_at);
    *len = off;
}

static int has_literal(const dci_litset *l, const char *s, size_t len)
{
    int i;

    for (i = 0; i < l->n; i++)
        if (l->len[i] == len && memcmp(l->s[i], s, len) == 0)
            return 1;
    return 0;
}

/* Does literal a (alen bytes) hold literal b? */
static int holds(const char *a, size_t alen, const char *b, size_t blen)
{
    return blen <= alen && dci_memmem(a, alen, b, blen) != NULL;
}

/* Adds the literals of set b to set out (which becomes too large to be
 * worth it, n 0, past MAX_LITS) and takes the larger reach. A literal that
 * holds another of the set is left out: where it occurs, the other does
 * too, at most the difference of their lengths further on, which the
 * reach grows by. So "Behörde|Landesbehörde|Bundesamt|Umweltbundesamt"
 * needs two literals. */
static void unite(dci_litset *out, const dci_litset *b)
{
    size_t extra_b = 0, extra_out = 0;  /* how much further a kept literal may lie */
    int i, j;

    for (i = 0; i < b->n && out->n > 0; i++) {
        const char *x = b->s[i];
        size_t xl = b->len[i];
        for (j = 0; j < out->n && !holds(x, xl, out->s[j], out->len[j]); j++)
            ;
        if (j < out->n) {                       /* held: x is not needed */
            if (xl - out->len[j] > extra_b)
                extra_b = xl - out->len[j];
            continue;
        }
        for (j = 0; j < out->n;) {              /* x is held by others: drop them */
            if (holds(out->s[j], out->len[j], x, xl)) {
                if (out->len[j] - xl > extra_out)
                    extra_out = out->len[j] - xl;
                memmove(out->s[j], out->s[j + 1], (size_t)(out->n - j - 1) * MAX_LIT);
                memmove(&out->len[j], &out->len[j + 1], (size_t)(out->n - j - 1));
                out->n--;
            } else {
                j++;
            }
        }
        if (out->n == MAX_LITS) {
            out->n = 0;
            break;
        }
        memcpy(out->s[out->n], x, xl);
        out->len[out->n++] = (unsigned char)xl;
        if (b->minw < out->minw)
            out->minw = b->minw;
    }
    out->reach = max_len(add_len(out->reach, fixed_len(extra_out)),
                         add_len(b->reach, fixed_len(extra_b)));
}

/* An alternation up to ")" or the end: the union of its branches' best
 * sets, and of their second sets (a branch with one set gives it to both),
 * and in *len the most bytes one of them may match. */
static void parse_alt(parser *ps, cands *out, len_t *len)
{
    cands branch;
    len_t blen, zero = {0, 0, 0};
    int first = 1;

    out->best.n = out->alt.n = -1;
    out->best.reach = out->alt.reach = zero;
    *len = zero;
    for (;;) {
        const dci_litset *second;
        parse_seq(ps, &branch, &blen);
        *len = max_len(*len, blen);
        if (branch.best.n <= 0 || ps->bad) {
            out->best.n = out->alt.n = -1;          /* a branch without a literal */
            while (*ps->p && *ps->p != ')' && !ps->bad) {
                if (*ps->p == '|')
                    ps->p++;
                parse_seq(ps, &branch, &blen);
                *len = max_len(*len, blen);
            }
            return;
        }
        second = branch.alt.n > 0 ? &branch.alt : &branch.best;
        if (first) {
            out->best = branch.best;
            out->alt = *second;
            first = 0;
        } else {
            if (out->best.n > 0)
                unite(&out->best, &branch.best);
            if (out->alt.n > 0)
                unite(&out->alt, second);
        }
        if (*ps->p != '|')
            break;
        ps->p++;
    }
    if (out->alt.n > 0 && out->best.n > 0 && overlap(&out->alt, &out->best))
        out->alt.n = -1;
}

int dci_literals_extract(const char *src, dci_litset *ls, dci_reach *reach, dci_litset *alt,
                         dci_reach *reach2)
{
    parser ps = { (const unsigned char *)src, 0, 0, 0 };
    cands c;
    len_t len;

    parse_alt(&ps, &c, &len);
    if (ps.bad || *ps.p || c.best.n <= 0 || strength(&c.best) < MIN_LIT)
        return -1;
    *ls = c.best;
    *reach = ls->reach;
    if (ps.no_reach || is_far(ls->reach))
        reach->fixed = DCI_REACH_NONE;
    if (alt) {
        *alt = c.alt;
        if (alt->n <= 0 || strength(alt) < MIN_LIT || common_word(alt))
            alt->n = -1;
        *reach2 = alt->reach;
        if (ps.no_reach || is_far(alt->reach))
            reach2->fixed = DCI_REACH_NONE;
    }
    return 0;
}

int dci_literals_same(const dci_litset *a, const dci_litset *b)
{
    int i;

    if (a->n != b->n)
        return 0;
    for (i = 0; i < a->n; i++)
        if (!has_literal(b, a->s[i], a->len[i]))
            return 0;
    return 1;
}
