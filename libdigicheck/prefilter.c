/*
 * prefilter.c -- one pass over a draft for all patterns: literal strings
 * that every match of a pattern must contain, found by an Aho-Corasick
 * automaton, so that PCRE2 runs only in the units where one occurs. That
 * serves the patterns that fire a sentence or Absatz rule, and all that are
 * only asked whether they occur in a unit (unless, severity_if, the
 * triggers and absent patterns of absence rules, prefill).
 *
 * The parser also bounds how far before its literal a match may start (its
 * reach): fixed bytes, plus runs of white space and of word characters for
 * \s+ and \w*, whose longest runs the scan measures in each draft. PCRE2
 * then only tries the starts [hit - reach, hit] of each hit (check.c,
 * find_near) instead of whole sentences or the whole draft.
 *
 * Extraction reads the pattern's PCRE2 syntax and keeps, for the whole
 * pattern, a set of literals such that any match contains one of them (a
 * run of literal characters of a sequence, or the union over the branches
 * of an alternation), and where it can a second such set that shares no
 * literal with the first: "an authority ... a portal" is searched around
 * the portals in a draft full of authorities (check.c, slot_of). Patterns
 * written alike in several places (twins) share their slots. A checker may
 * add the patterns its Lua rules use (dci_prefilter_extend).
 *
 * Extraction is conservative: whatever it does not fully
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
#include "regex.h"
#include "prefilter.h"
#include "ruleset.h"

#define MAX_LITS 48         /* more alternatives than this: no prefilter */
#define MAX_LIT 24          /* longer runs keep their first 23 bytes */
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

typedef struct litset {
    int n;                  /* -1: none (the part may match without a literal) */
    len_t reach;            /* the most from the part's start to a literal's start */
    int minw;               /* n > 0: the least weight of a literal (see strength) */
    char s[MAX_LITS][MAX_LIT];
    unsigned char len[MAX_LITS];
} litset;

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
static int strength(const litset *l)
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
    litset best, alt;
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
static int better(const litset *a, const litset *b)
{
    int sa = strength(a), sb = strength(b);
    int near_a = !is_far(a->reach) && sa > MIN_LIT, near_b = !is_far(b->reach) && sb > MIN_LIT;

    return near_a > near_b || (near_a == near_b && sa > sb);
}

static int has_literal(const litset *l, const char *s, size_t len);

/* Does the set hold a word that nearly every sentence of a statute holds
 * (an article, a pronoun, an auxiliary verb, a common preposition or
 * conjunction)? Such a set is no use as a second one: it would only add
 * hits to the scan. */
static int common_word(const litset *l)
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
static int overlap(const litset *a, const litset *b)
{
    int i;

    for (i = 0; i < a->n; i++)
        if (has_literal(b, a->s[i], a->len[i]))
            return 1;
    return 0;
}

/* Keeps the best set so far and the best that shares no literal with it,
 * given a candidate. */
static void consider(cands *c, const litset *cand)
{
    const litset *other = cand;
    litset old;

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
    litset one;

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

/* What a repeated literal character at p stays inside: 'w' a run of word
 * characters, 's' one of white space, 0 neither. */
static int word_byte(unsigned c)
{
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

static int char_kind(const unsigned char *p)
{
    return word_byte(*p) ? 'w' : *p == ' ' ? 's' : 0;
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
                run[rlen++] = (char)fold_byte(p[i]);
        }
        off = add_len(off, repeat_len(fixed_len(k), max, char_kind(p)));
        if (ps->p > p + k)                          /* repeated: the run ends here */
            flush_run(best, run, &rlen, run_at);
    }
    flush_run(best, run, &rlen, run_at);
    *len = off;
}

static int has_literal(const litset *l, const char *s, size_t len)
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
static void unite(litset *out, const litset *b)
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
        const litset *second;
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

/* The literal set of a whole pattern, and its reach (DCI_REACH_NONE when
 * unbounded); a second set, in alt and reach2, when the pattern has one
 * (else alt->n is -1). Returns -1 when
 * the pattern keeps its full scan. */
static int extract(const char *src, litset *ls, dci_reach *reach, litset *alt,
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

int dci_prefilter_literals(const char *src, int second, char *out, size_t cap,
                           dci_reach *reach)
{
    litset best, alt;
    const litset *ls = second ? &alt : &best;
    dci_reach reach2;
    size_t used = 0;
    int i;

    if (extract(src, &best, reach, &alt, &reach2) < 0 || ls->n <= 0)
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
    litset ls, alt;
    dci_reach reach, reach2;
} extracted;

typedef struct builder {
    trie t;
    extracted *ex; size_t nex, ex_cap, iex;
    size_t slot;            /* the next free one */
    long *twin_slot;        /* per twin: its slots, or -1 (2 each) */
    litset *sets;           /* the sets that have a slot, so that a set */
    long *set_slot;         /* that two patterns share has one */
    size_t nsets, sets_cap, set_slot_cap;
    int extend;             /* dci_prefilter_extend: only these patterns */
    const char *const *more; size_t nmore;
    long *more_slot; dci_reach *more_reach;
} builder;

/* extract() once per pattern: the first pass keeps what it found, the
 * second (which visits the patterns in the same order) takes it. -2 when
 * out of memory. */
static int extract_once(builder *b, const char *src, litset *ls, dci_reach *reach, litset *alt,
                        dci_reach *reach2)
{
    extracted *e;
    litset dummy;
    dci_reach dummy_reach;

    if (!alt) {
        alt = &dummy;
        reach2 = &dummy_reach;
    }
    if (b->t.ncols && b->iex < b->nex && b->ex[b->iex].src == src) {
        e = &b->ex[b->iex++];
    } else {
        if (b->t.ncols)
            return extract(src, ls, reach, alt, reach2);
        if (dci_grow((void **)&b->ex, &b->ex_cap, b->nex + 1, sizeof *b->ex))
            return -2;
        e = &b->ex[b->nex++];
        e->src = src;
        e->rc = extract(src, &e->ls, &e->reach, &e->alt, &e->reach2);
    }
    *ls = e->ls;
    *reach = e->reach;
    *alt = e->alt;
    *reach2 = e->reach2;
    return e->rc;
}

/* Adds the literals of a set to the trie under slot. */
static int add_set(builder *b, const litset *ls, size_t slot)
{
    int k;

    for (k = 0; k < ls->n; k++)
        if (add_literal(&b->t, ls->s[k], ls->len[k], (unsigned)slot) < 0)
            return -1;
    return 0;
}

/* Do two sets hold the same literals? */
static int same_set(const litset *a, const litset *b)
{
    int i;

    if (a->n != b->n)
        return 0;
    for (i = 0; i < a->n; i++)
        if (!has_literal(b, a->s[i], a->len[i]))
            return 0;
    return 1;
}

/* The slot of a set: the one an equal set got before (its hits are the
 * same), or the next free one, whose literals go into the trie. -1 when
 * out of memory. */
static long slot_for(builder *b, const litset *ls)
{
    size_t i;

    for (i = 0; i < b->nsets; i++)
        if (same_set(&b->sets[i], ls))
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
        litset ls, alt;
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
        litset ls;
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
                                     word_byte((unsigned)i) << 1);
    for (i = 0; i < 256; i++)
        pf->col[i] = t->col[fold_byte((unsigned char)i)];
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
