/*
 * hsshape.c -- a rule pattern rewritten as a Hyperscan expression whose
 * matches include every match of the pattern (a superset, in bytes), so
 * that the ends Hyperscan reports bound where PCRE2 may find one (hsdb.c).
 *
 * PCRE2 matches the pattern on UTF-8 characters with Unicode properties
 * and case folding; Hyperscan here matches bytes, caseless for ASCII, with
 * "." matching every byte. So the shape widens what bytes cannot say:
 * every class or escape that may match a character of several bytes also
 * takes the bytes 0x80-0xFF and is repeated (once or more, or any number of
 * times when it was optional or bounded from 0); a Latin-1 letter becomes
 * the class of its two cases; other characters beyond ASCII any run of
 * high bytes, ß also "ss" (regex.c rewrites it so). What Hyperscan need
 * not know is dropped: word boundaries, anchors, lookarounds, \K, lazy and
 * possessive marks, group names and options; bounded repeats of 10 or more
 * become unbounded (they cost seconds of compile time otherwise). Whatever
 * the shape does not understand (back references, conditions, verbs,
 * comments, free spacing, \Q, code points, the characters whose case folds
 * to ASCII) leaves the pattern without an expression: it keeps the
 * literal path. Every match of the pattern then is a match of the shape:
 * the shape has no assertion left, so a match in a unit is one in the view.
 */
#include <stdlib.h>
#include <string.h>

#include "dci.h"
#include "hsdb.h"
#include "literals.h"

#define HIGH "\\x80-\\xFF"
#define MAX_EXACT 10        /* bounded repeats up to this stay as written */

typedef struct shaper {
    const unsigned char *p;
    dci_buf *out;
    int bad;
} shaper;

static void shape_alt(shaper *sh);

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Reads a quantifier at sh->p: *min and *max (-1: unbounded); 0 when none. */
static int read_quant(shaper *sh, long *min, long *max)
{
    const unsigned char *p = sh->p;

    if (*p == '?' || *p == '*' || *p == '+') {
        *min = *p == '+';
        *max = *p == '?' ? 1 : -1;
        p++;
    } else if (*p == '{') {
        char *end;
        if (!(p[1] >= '0' && p[1] <= '9'))
            return sh->bad = 1, 0;          /* "{" as a literal: not handled */
        *min = strtol((const char *)p + 1, &end, 10);
        *max = *min;
        if (*end == ',')
            *max = end[1] >= '0' && end[1] <= '9' ? strtol(end + 1, &end, 10) : (end++, -1);
        if (*end != '}')
            return sh->bad = 1, 0;
        p = (const unsigned char *)end + 1;
    } else {
        return 0;
    }
    if (*p == '?' || *p == '+')             /* lazy, possessive: the same ends or more */
        p++;
    sh->p = p;
    return 1;
}

/* The quantifier of an element, as the shape writes it: an element that
 * matches one byte of a character (wide) is repeated once or more, or any
 * number of times when it may be absent; a bounded repeat past MAX_EXACT
 * becomes unbounded. */
static void put_quant(shaper *sh, int wide)
{
    long min = 1, max = 1;
    int q = read_quant(sh, &min, &max);

    if (wide || (q && (max < 0 || max > MAX_EXACT))) {
        if (wide || max != 1)
            dci_buf_puts(sh->out, min == 0 ? "*" : "+");
    } else if (q) {
        dci_buf_printf(sh->out, max == min ? "{%ld}" : "{%ld,%ld}", min, max);
    }
}

/* Drops a quantifier after something the shape dropped. */
static void skip_quant(shaper *sh)
{
    long min, max;

    read_quant(sh, &min, &max);
}

/* A character beyond ASCII outside a class: a Latin-1 letter and its other
 * case, ß also as "ss", any other a run of high bytes. */
static void wide_char(shaper *sh)
{
    const unsigned char *p = sh->p;
    size_t k = 1;

    while ((p[k] & 0xC0) == 0x80)
        k++;
    sh->p = p + k;
    if (dci_literals_odd_case((const char *)p, k, 1)) {
        sh->bad = 1;
    } else if (k == 2 && p[0] == 0xC2) {
        dci_buf_append(sh->out, (const char *)p, 2);    /* signs: no case */
    } else if (k == 2 && p[0] == 0xC3 && p[1] == 0x9F) {
        dci_buf_puts(sh->out, "(?:[" HIGH "]+|ss)");
    } else if (k == 2 && p[0] == 0xC3 && p[1] != 0x97 && p[1] != 0xB7 &&
               (p[1] & 0x1F) != 0x1F) {
        unsigned lo = p[1] & ~0x20u, up = p[1] | 0x20u;
        dci_buf_printf(sh->out, "(?:\\xC3[\\x%02X\\x%02X])", lo, up);
    } else {
        dci_buf_puts(sh->out, "[" HIGH "]");
        put_quant(sh, 1);                   /* its bytes, or none when optional */
        return;
    }
    put_quant(sh, 0);
}

/* A class [...]: its ASCII members as written, its classes widened, its
 * members beyond ASCII as high bytes (a negated class takes them anyway). */
static void shape_class(shaper *sh)
{
    const unsigned char *p = sh->p + 1;
    int neg = *p == '^', high = neg;

    if (neg)
        p++;
    dci_buf_puts(sh->out, neg ? "[^" : "[");
    if (*p == ']')
        dci_buf_puts(sh->out, "\\]"), p++;
    while (*p && *p != ']' && !sh->bad) {
        if (*p >= 0x80) {
            /* a range from ASCII to beyond it, or a character whose case
             * is ASCII: not handled */
            const unsigned char *c = p;
            for (p++; (*p & 0xC0) == 0x80; p++)
                ;
            sh->bad = dci_literals_odd_case((const char *)c, (size_t)(p - c), 1) ||
                      (c[-1] == '-' && c - 2 > sh->p + neg);
            if (*p == '-' && p[1] != ']')
                sh->bad = 1;                /* a range beyond ASCII */
            high = 1;
            if (!neg)
                dci_buf_puts(sh->out, HIGH);
        } else if (*p == '\\' && p[1]) {
            unsigned char e = p[1];
            if (strchr("wsdhv", e)) {
                /* the ASCII part; a character beyond ASCII is one of the high
                 * bytes, which a negated class keeps anyway */
                dci_buf_printf(sh->out, "%s%s", e == 'w' ? "\\w" : e == 's' ? "\\s" :
                                                e == 'd' ? "0-9" : e == 'h' ? "\\t " :
                                                "\\n\\x0b\\x0c\\r", neg ? "" : HIGH);
                high = 1;
            } else if (e == 'p' || e == 'P' || strchr("WSDHV", e)) {
                sh->bad = neg;              /* negated twice: not handled */
                dci_buf_puts(sh->out, "\\x00-\\xFF");
                if (e == 'p' || e == 'P') {
                    const char *end = p[2] == '{' ? strchr((const char *)p, '}') : NULL;
                    p = end ? (const unsigned char *)end - 1 : p + 1;
                }
                high = 1;
            } else if (e == 'x' && is_hex(p[2]) && is_hex(p[3]) && p[2] < '8') {
                dci_buf_append(sh->out, (const char *)p, 4);
                p += 2;
            } else if (strchr("tnrfab.-^$[]()|*+?{}/\\ '\"#&~!%,;:<=>@`_", e)) {
                dci_buf_append(sh->out, (const char *)p, 2);
            } else {
                sh->bad = 1;
            }
            p += 2;
        } else if (*p == '[' && p[1] == ':') {
            sh->bad = 1;                    /* POSIX classes: rare, not handled */
        } else {
            dci_buf_putc(sh->out, (char)*p++);
        }
    }
    if (*p != ']')
        sh->bad = 1;
    dci_buf_putc(sh->out, ']');
    sh->p = *p ? p + 1 : p;
    put_quant(sh, high);
}

/* An escape outside a class. */
static void shape_escape(shaper *sh)
{
    static const char *const wide[][2] = {
        {"w", "[\\w" HIGH "]"}, {"s", "[\\s" HIGH "]"}, {"d", "[0-9" HIGH "]"},
        {"h", "[\\t " HIGH "]"}, {"v", "[\\n\\x0b\\x0c\\r" HIGH "]"},
        {"R", "[\\n\\x0b\\x0c\\r" HIGH "]"}, {"W", "\\W"}, {"S", "\\S"}, {"D", "\\D"},
        {"H", "[^\\t ]"}, {"V", "[^\\n\\x0b\\x0c\\r]"}, {"N", "[^\\n]"},
        {"X", "[\\x00-\\xFF]"}, {"p", "[\\x00-\\xFF]"}, {"P", "[\\x00-\\xFF]"}
    };
    const unsigned char *p = sh->p;
    unsigned char e = p[1];
    size_t i;

    sh->p = p + 2;
    if (e && strchr("bBAzZGK", e)) {        /* assertions: no bytes */
        skip_quant(sh);
        return;
    }
    for (i = 0; i < sizeof wide / sizeof *wide; i++)
        if (e && wide[i][0][0] == (char)e) {
            if (e == 'p' || e == 'P') {
                const char *end = p[2] == '{' ? strchr((const char *)p, '}') : NULL;
                if (p[2] == '{' && !end)
                    { sh->bad = 1; return; }
                sh->p = end ? (const unsigned char *)end + 1 : p + 3;
            }
            dci_buf_puts(sh->out, wide[i][1]);
            put_quant(sh, 1);
            return;
        }
    if (e == 'x' && is_hex(p[2]) && is_hex(p[3]) && p[2] < '8') {
        dci_buf_append(sh->out, (const char *)p, 4);
        sh->p = p + 4;
    } else if (e && (strchr("tnrfae", e) || (e < 0x80 && !((e >= 'a' && e <= 'z') ||
                                                    (e >= 'A' && e <= 'Z') ||
                                                    (e >= '0' && e <= '9'))))) {
        dci_buf_append(sh->out, (const char *)p, 2);
    } else {
        sh->bad = 1;                        /* references, \Q, code points … */
        return;
    }
    put_quant(sh, 0);
}

/* Skips a lookaround: its contents and its quantifier. */
static void skip_group(shaper *sh)
{
    dci_buf *keep = sh->out, none;

    memset(&none, 0, sizeof none);
    sh->out = &none;
    shape_alt(sh);                          /* only to find its end */
    dci_buf_free(&none);
    sh->out = keep;
}

/* A group "(" … ")": options, names, atomicity dropped; a lookaround left
 * out. */
static void shape_group(shaper *sh)
{
    const unsigned char *p = sh->p;
    int look = 0;

    if (p[1] == '*') {
        sh->bad = 1;                        /* verbs */
        return;
    }
    if (p[1] != '?') {
        sh->p = p + 1;
    } else if (p[2] == '=' || p[2] == '!' || (p[2] == '<' && (p[3] == '=' || p[3] == '!'))) {
        sh->p = p + (p[2] == '<' ? 4 : 3);
        look = 1;
    } else if (p[2] == ':' || p[2] == '>' || p[2] == '|') {
        sh->p = p + 3;
    } else if (p[2] == '<' || (p[2] == 'P' && p[3] == '<')) {
        const char *end = strchr((const char *)p, '>');
        if (!end)
            { sh->bad = 1; return; }
        sh->p = (const unsigned char *)end + 1;
    } else {
        size_t n = strspn((const char *)p + 2, "imsnU-");
        if (n == 0 || (p[2 + n] != ':' && p[2 + n] != ')'))
            { sh->bad = 1; return; }     /* free spacing, conditions, comments … */
        sh->p = p + 3 + n;
        if (p[2 + n] == ')')
            return;                         /* options for the rest: dropped */
    }
    if (look) {
        skip_group(sh);
    } else {
        dci_buf_puts(sh->out, "(?:");
        shape_alt(sh);
        dci_buf_putc(sh->out, ')');
    }
    if (*sh->p != ')')
        { sh->bad = 1; return; }
    sh->p++;
    if (look)
        skip_quant(sh);
    else
        put_quant(sh, 0);
}

/* Is c a literal ASCII character of a pattern (no syntax)? */
static int plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && !strchr("\\[]().|^$*+?{", c);
}

/* The length of the run of literal ASCII characters at p that takes no
 * quantifier (the last one before a quantifier is left out): copied as
 * it is. */
static size_t plain_run(const unsigned char *p)
{
    size_t k = 0;

    while (plain(p[k]) && !(p[k + 1] && strchr("*+?{", p[k + 1])))
        k++;
    return k;
}

/* An alternation up to ")" or the end. */
static void shape_alt(shaper *sh)
{
    while (*sh->p && *sh->p != ')' && !sh->bad) {
        const unsigned char *p = sh->p;
        if (*p == '|') {
            dci_buf_putc(sh->out, '|');
            sh->p++;
        } else if (*p == '(') {
            shape_group(sh);
        } else if (*p == '[') {
            shape_class(sh);
        } else if (*p == '\\') {
            shape_escape(sh);
        } else if (*p == '.') {
            sh->p++;
            dci_buf_puts(sh->out, "[\\x00-\\xFF]");
            put_quant(sh, 1);
        } else if (*p == '^' || *p == '$') {
            sh->p++;
            skip_quant(sh);
        } else if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
            sh->bad = 1;                    /* a stray quantifier */
        } else if (*p >= 0x80) {
            wide_char(sh);
        } else if (*p < 0x20 && *p != '\t' && *p != '\n') {
            sh->bad = 1;
        } else {
            size_t k = plain_run(p);
            dci_buf_append(sh->out, (const char *)p, k ? k : 1);
            sh->p += k ? k : 1;
            if (!k)
                put_quant(sh, 0);
        }
    }
}

char *dci_hsdb_shape(const char *src)
{
    dci_buf out;
    shaper sh;

    memset(&out, 0, sizeof out);
    sh.p = (const unsigned char *)src;
    sh.out = &out;
    sh.bad = 0;
    shape_alt(&sh);
    if (*sh.p)
        sh.bad = 1;                         /* an unmatched ")" */
    if (sh.bad || out.oom || !out.len) {
        dci_buf_free(&out);
        return NULL;
    }
    return dci_buf_detach(&out, NULL);
}
