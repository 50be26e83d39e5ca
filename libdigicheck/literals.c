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
 * (search.c, dci_target_of), and a hit of either is searched only when the
 * other has one near. An alternation whose branches pair their sets the
 * other way round ("authority ... kann|kann ... authority") gets a second
 * set that may share literals with the first (pair_branch).
 *
 * The parser also bounds how far before its literal a match may start (its
 * reach): fixed bytes, plus runs of white space and of word characters for
 * \s+ and \w*, whose longest runs the scan measures in each draft. PCRE2
 * then only tries the starts [hit - reach, hit] of each hit (search.c,
 * near_scan) instead of whole sentences or the whole draft.
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

static const len_t far_len = {FAR, 0, 0, FAR};

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
    r.chars = sat_add(a.chars, b.chars);
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
    r.chars = a.chars > b.chars ? a.chars : b.chars;
    r.ws = a.ws > b.ws ? a.ws : b.ws;
    r.word = a.word > b.word ? a.word : b.word;
    return r;
}

/* n bytes of at most chars characters. */
static len_t fixed_len(size_t n, size_t chars)
{
    len_t r = {0, 0, 0, 0};

    r.fixed = n >= FAR ? FAR : n;
    r.chars = n >= FAR ? FAR : chars;
    return r;
}

/* What an element of `one` that is repeated up to max times may match;
 * kind says what it matches when max is unbounded: 'w' only word
 * characters, 's' only white space, else anything. */
static len_t repeat_len(len_t one, size_t max, int kind)
{
    len_t r = {0, 0, 0, 0};

    if (max < FAR) {
        if (is_far(one))
            return max ? far_len : r;
        r.fixed = sat_mul(one.fixed, max);
        r.chars = sat_mul(one.chars, max);
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

/* The characters beyond Latin-1 that PCRE2 matches without case to an
 * ASCII or Latin-1 letter (the long s, the Kelvin and Angstrom signs, the
 * dotted and dotless i, the capital sharp s, Greek mu, capital Y with
 * diaeresis), then the Latin-1 letters they match whose bytes differ from
 * theirs beyond case (micro sign, y with diaeresis) and Greek capital mu. */
static const char *const odd_case[] = {
    "\xC5\xBF", "\xE2\x84\xAA", "\xE2\x84\xAB", "\xC4\xB0", "\xC4\xB1", "\xE1\xBA\x9E",
    "\xCE\xBC", "\xC5\xB8", "\xC2\xB5", "\xC3\xBF", "\xCE\x9C"
};
#define ODD_BEYOND 8            /* the first 8: beyond Latin-1 */

/* The letter each of the first ODD_BEYOND matches, folded: a draft that
 * holds one hides a literal from the scan only where that letter may be
 * part of a literal (plain_char), so Greek mu (in "μg", 15 statutes of
 * the federal corpus), the capital sharp s and capital Y with diaeresis
 * leave a draft prefiltered. */
static const char *const odd_partner[ODD_BEYOND] = {
    "s", "k", "\xC3\xA5", "i", "i", "\xC3\x9F", "\xC2\xB5", "\xC3\xBF"
};

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

int dci_literals_odd_case(const char *s, size_t n, int partners)
{
    size_t i, k = partners ? sizeof odd_case / sizeof *odd_case : ODD_BEYOND;

    for (i = 0; i < k; i++)
        if ((partners || plain_char((const unsigned char *)odd_partner[i])) &&
            dci_memmem(s, n, odd_case[i], strlen(odd_case[i])))
            return 1;
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

/* Skips a character class [...]; 0 when it does not end. */
static int skip_class(parser *ps)
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
    ps->p = *p ? p + 1 : p;
    return *p != '\0';
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

    if (l->n > 0 && l->minw > 6)
        return 0;                       /* every literal is longer than "werden" */
    for (i = 0; words[i]; i++)
        if (has_literal(l, words[i], strlen(words[i])))
            return 1;
    return 0;
}

/* Is set a better than set b: one whose reach is bounded, so that a long
 * text is searched in windows around its hits, if its literals have 4
 * bytes or more; else one without a common word, which nearly every
 * sentence holds however long it is ("werden" against "kann|können": the
 * other set then stays, see consider); else the stronger. */
static int better(const dci_litset *a, const dci_litset *b)
{
    int sa = strength(a), sb = strength(b);
    int near_a = !is_far(a->reach) && sa > MIN_LIT, near_b = !is_far(b->reach) && sb > MIN_LIT;
    int common_a, common_b;

    if (near_a != near_b)
        return near_a > near_b;
    common_a = common_word(a);
    common_b = common_word(b);
    return common_a != common_b ? common_b : sa > sb;
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

/* ---- sequences ---------------------------------------------------------- */

/* A sequence being read: the best sets of its parts so far, the run of
 * literal characters that has not ended yet, and how far into the
 * sequence the next part starts (off) and the run started (run_at). Every
 * character that is not a plain literal may take 4 bytes (UTF-8); a plain
 * one takes its own length, since a draft with characters that fold across
 * lengths is not prefiltered. */
typedef struct seq {
    cands *best;
    char run[MAX_LIT];
    size_t rlen;
    len_t off, run_at;
} seq;

/* Ends the run of literal characters and offers it. */
static void flush(seq *sq)
{
    dci_litset one;

    if (weight(sq->run, sq->rlen) >= MIN_LIT) {
        one.n = 1;
        one.minw = weight(sq->run, sq->rlen);
        one.reach = sq->run_at;
        memcpy(one.s[0], sq->run, sq->rlen);
        one.len[0] = (unsigned char)sq->rlen;
        consider(sq->best, &one);
    }
    sq->rlen = 0;
}

/* A part of w bytes and at most chars characters, repeated up to max
 * times, that holds no literal (kind as for repeat_len): the sequence goes
 * on after it. */
static void skip_chars(seq *sq, size_t w, size_t chars, size_t max, int kind)
{
    sq->off = add_len(sq->off, repeat_len(fixed_len(w, chars), max, kind));
}

/* The same for a part of one character of up to 4 bytes, or none (w 0),
 * or CR LF (\R, 8). */
static void skip(seq *sq, size_t w, size_t max, int kind)
{
    skip_chars(sq, w, (w + 3) / 4, max, kind);
}

/* The element parsers below each read one part of a sequence at ps->p and
 * return 0 when it is beyond what extraction understands. */

enum { OPEN_BAD, OPEN_GROUP, OPEN_LOOKAROUND, OPEN_OPTIONS };

/* Reads the opening of a group at ps->p: what kind it is, with ps->p past
 * it. OPEN_OPTIONS: "(?m)", options for the rest of the enclosing group. */
static int group_open(parser *ps)
{
    const unsigned char *p = ps->p;
    const char *name_end;
    size_t n;

    if (p[1] != '?' && p[1] != '*') {
        ps->p = p + 1;
        return OPEN_GROUP;
    }
    if (p[1] == '*')
        return OPEN_BAD;                    /* verbs */
    if (p[2] == '=' || p[2] == '!' || (p[2] == '<' && (p[3] == '=' || p[3] == '!'))) {
        ps->p = p + (p[2] == '<' ? 4 : 3);
        return OPEN_LOOKAROUND;
    }
    if (p[2] == ':' || p[2] == '>' || p[2] == '|') {
        ps->p = p + 3;
        return OPEN_GROUP;
    }
    if (p[2] == '<') {                      /* (?<name>…) */
        if (!(name_end = strchr((const char *)p, '>')))
            return OPEN_BAD;
        ps->p = (const unsigned char *)name_end + 1;
        return OPEN_GROUP;
    }
    /* options that leave literals literal: case (folded anyway), multiline
     * ^ $, dotall; "x" (free spacing) is not among them; nor are other
     * options, conditions … */
    n = strspn((const char *)p + 2, "ims-");
    if (n == 0 || (p[2 + n] != ':' && p[2 + n] != ')'))
        return OPEN_BAD;
    ps->p = p + 3 + n;
    return p[2 + n] == ')' ? OPEN_OPTIONS : OPEN_GROUP;
}

/* A group and its quantifier: its sets, unless it is optional, are
 * candidates for the sequence's, their reach counted from the sequence's
 * start; a lookaround takes no text and offers no literal. */
static int group(parser *ps, seq *sq)
{
    cands inner;
    len_t ilen;
    int kind, min, quantified;
    size_t max;

    flush(sq);
    /* each level holds some KB of literal sets on the stack: a pattern
     * nested deeper (PCRE2 allows 250) keeps its full scan */
    if (ps->depth == MAX_DEPTH || (kind = group_open(ps)) == OPEN_BAD)
        return 0;
    if (kind == OPEN_OPTIONS)
        return 1;
    ps->depth++;
    parse_alt(ps, &inner, &ilen);
    ps->depth--;
    if (*ps->p != ')')
        return 0;
    ps->p++;
    quantified = quantifier(ps, &min, &max);
    if (kind == OPEN_LOOKAROUND)
        return 1;
    if (!quantified || min != 0) {
        inner.best.reach = add_len(sq->off, inner.best.reach);
        inner.alt.reach = add_len(sq->off, inner.alt.reach);
        consider(sq->best, &inner.best);
        consider(sq->best, &inner.alt);
    }
    sq->off = add_len(sq->off, repeat_len(ilen, max, 0));
    return 1;
}

/* A class, ".", "^" or "$", and its quantifier: no literal. */
static int class_or_anchor(parser *ps, seq *sq)
{
    unsigned char c = *ps->p;
    int min;
    size_t max;

    flush(sq);
    if (c == '[' && !skip_class(ps))
        return 0;
    if (c != '[')
        ps->p++;
    quantifier(ps, &min, &max);
    if (c == '[' || c == '.')
        skip(sq, 4, max, 0);
    return 1;
}

/* An escape by a letter, a digit or a byte >= 0x80: a class, an assertion,
 * a reference or a code point; no literal. */
static int escape(parser *ps, seq *sq)
{
    const unsigned char *p = ps->p;
    unsigned char e = p[1];
    size_t w = strchr("bBAzZG", e) ? 0 : 4, max;
    int kind = strchr("shv", e) ? 's' : strchr("wd", e) ? 'w' : 0, min;
    const char *end = e == 'p' || e == 'P' ? strchr((const char *)p, '}') : NULL;

    flush(sq);
    if (strchr("xgkQEcoN", e) || ((e == 'p' || e == 'P') && p[2] == '{' && !end))
        return 0;
    if (e == 'p' || e == 'P') {             /* a Unicode property: a class */
        ps->p = p[2] == '{' ? (const unsigned char *)end + 1 : p + 3;
        quantifier(ps, &min, &max);
        skip(sq, 4, max, 0);
        return 1;
    }
    if (e == 'K')
        ps->no_reach = 1;
    if (e == 'R')
        w = 8;                              /* CR LF */
    if ((e >= '0' && e <= '9') || e == 'X' || e >= 0x80)
        w = FAR;                            /* a back reference, a grapheme */
    ps->p += 2;
    quantifier(ps, &min, &max);
    skip(sq, w, max, kind);
    return 1;
}

/* A character whose case the fold does not handle (ß, ẞ, case beyond
 * Latin-1 …): it ends the run. A sharp s may match "ss" (regex.c): two
 * characters. */
static int unfolded_char(parser *ps, seq *sq)
{
    int min;
    size_t max;

    flush(sq);
    ps->p += 1;
    while ((*ps->p & 0xC0) == 0x80)
        ps->p++;
    quantifier(ps, &min, &max);
    skip_chars(sq, 4, 2, max, 'w');
    return 1;
}

/* The literal character c of k bytes: it joins the run, unless it is
 * optional (then it ends the run) or repeated (then the run ends after
 * it). */
static int literal(parser *ps, seq *sq, const unsigned char *c, size_t k)
{
    int min;
    size_t max, i;

    ps->p = c + k;
    if (quantifier(ps, &min, &max) && min == 0) {
        flush(sq);
        skip(sq, k, max, char_kind(c));
        return 1;
    }
    if (!sq->rlen)
        sq->run_at = sq->off;
    if (sq->rlen + k < MAX_LIT)
        for (i = 0; i < k; i++)
            sq->run[sq->rlen++] = (char)dci_literals_fold(c[i]);
    skip(sq, k, max, char_kind(c));
    if (ps->p > c + k)
        flush(sq);
    return 1;
}

/* One part of a sequence, by its first byte. */
static int element(parser *ps, seq *sq)
{
    const unsigned char *p = ps->p;
    size_t k;

    if (*p == '(')
        return group(ps, sq);
    if (*p == '[' || *p == '.' || *p == '^' || *p == '$')
        return class_or_anchor(ps, sq);
    if (*p == '\\' && !p[1])
        return 0;
    if (*p == '\\' && ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
                       (p[1] >= '0' && p[1] <= '9') || p[1] >= 0x80))
        return escape(ps, sq);
    if (*p == '\\')
        return literal(ps, sq, p + 1, 1);   /* escaped punctuation */
    if (*p == '*' || *p == '+' || *p == '?' || *p == '{')
        return 0;                           /* a stray quantifier */
    if (!(k = plain_char(p)))
        return unfolded_char(ps, sq);
    return literal(ps, sq, p, k);
}

/* A sequence up to "|" or ")": the best literal sets of its parts, and in
 * *len the most bytes it may match. */
static void parse_seq(parser *ps, cands *best, len_t *len)
{
    seq sq;

    memset(&sq, 0, sizeof sq);
    sq.best = best;
    best->best.n = best->alt.n = -1;
    best->best.reach = best->alt.reach = sq.off;
    while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->bad)
        if (!element(ps, &sq))
            ps->bad = 1;                    /* the pattern keeps its full scan */
    flush(&sq);
    *len = sq.off;
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
    out->reach = max_len(add_len(out->reach, fixed_len(extra_out, extra_out)),
                         add_len(b->reach, fixed_len(extra_b, extra_b)));
}

/* An alternation up to ")" or the end: the union of its branches' best
 * sets, and of their second sets (a branch with one set gives it to both),
 * and in *len the most bytes one of them may match. */
/* A second set for an alternation whose branches each have two, but whose
 * bests and seconds overlap ("authority ... kann|kann ... authority": the
 * first has the authorities best, the second "kann"): of each branch the
 * set that shares a literal with those taken so far, else its second (b2;
 * NULL: the branch has one set, and the alternation no second). It may
 * share literals with the best set; a check then uses it to skip the hits
 * of the best that have none of it near (search.c). */
static void pair_branch(dci_litset *pair, const dci_litset *b1, const dci_litset *b2, int first)
{
    if (!b2)
        pair->n = -1;
    else if (first)
        *pair = *b2;
    else if (pair->n > 0)
        unite(pair, overlap(pair, b1) ? b1 : b2);
}

static void parse_alt(parser *ps, cands *out, len_t *len)
{
    cands branch;
    dci_litset pair;
    len_t blen, zero = {0, 0, 0, 0};
    int first = 1;

    out->best.n = out->alt.n = pair.n = -1;
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
        pair_branch(&pair, &branch.best, branch.alt.n > 0 ? &branch.alt : NULL, first);
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
    if (out->alt.n <= 0 && out->best.n > 0 && pair.n > 0 &&
        !dci_literals_same(&pair, &out->best))
        out->alt = pair;
}

int dci_literals_extract(const char *src, dci_litset *ls, dci_reach *reach, dci_litset *alt,
                         dci_reach *reach2, dci_reach *length)
{
    parser ps = { (const unsigned char *)src, 0, 0, 0 };
    cands c;
    len_t len;

    parse_alt(&ps, &c, &len);
    if (length) {
        *length = len;
        if (ps.bad || *ps.p || is_far(len))
            length->fixed = DCI_REACH_NONE;
    }
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

int dci_literals_length(const char *src, dci_reach *len)
{
    dci_litset ls;
    dci_reach reach;

    (void)dci_literals_extract(src, &ls, &reach, NULL, NULL, len);
    return len->fixed == DCI_REACH_NONE ? -1 : 0;
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
