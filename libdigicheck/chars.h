/*
 * chars.h -- the characters and words German legal text is made of, as the
 * segmenters read them (segment.c, lines.c, sentence.c): ASCII and Latin-1
 * letters with their case, the white space Unicode has, words and tokens.
 *
 * Text is UTF-8 between p and an end e that is never read. The functions
 * are static inline: the segmenters call them for nearly every byte of a
 * draft, and a call each would cost more than the test.
 */
#ifndef DCI_CHARS_H
#define DCI_CHARS_H

#include <stddef.h>
#include <string.h>

static inline int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Upper/lower case of the character at p: ASCII and Latin-1 letters (Ä, ß …),
 * which is what German text needs. */
static inline int is_upper(const char *p, const char *e)
{
    unsigned char c = (unsigned char)p[0], c2;

    if (c >= 'A' && c <= 'Z')
        return 1;
    if (c != 0xC3 || e - p < 2)
        return 0;
    c2 = (unsigned char)p[1];
    return c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97;
}

static inline int is_lower(const char *p, const char *e)
{
    unsigned char c = (unsigned char)p[0], c2;

    if (c >= 'a' && c <= 'z')
        return 1;
    if (c != 0xC3 || e - p < 2)
        return 0;
    c2 = (unsigned char)p[1];
    return c2 >= 0x9F && c2 <= 0xBF && c2 != 0xB7;
}

/* Byte length of the letter at p (ASCII or Latin-1), else 0. */
static inline size_t letter_len(const char *p, const char *e)
{
    if (is_alpha((unsigned char)*p))
        return 1;
    return (is_upper(p, e) || is_lower(p, e)) ? 2 : 0;
}

/* Byte length of a white-space character at p, else 0: ASCII space, tab,
 * CR, LF, VT, FF, no-break space, the U+2000 spaces, narrow no-break space,
 * ideographic space. */
static inline size_t ws_len(const char *p, const char *e)
{
    unsigned char c = (unsigned char)p[0];

    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return 1;
    if (c == 0xC2 && e - p >= 2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if (c == 0xE2 && e - p >= 3 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] <= 0x8A || (unsigned char)p[2] == 0xAF))
        return 3;
    if (c == 0xE3 && e - p >= 3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
        return 3;
    return 0;
}

/* Length of white space ending at q (looking backwards from q, not before b). */
static inline size_t ws_len_back(const char *b, const char *q)
{
    if (q - b >= 1 && ws_len(q - 1, q))
        return 1;
    if (q - b >= 2 && ws_len(q - 2, q) == 2)
        return 2;
    if (q - b >= 3 && ws_len(q - 3, q) == 3)
        return 3;
    return 0;
}

/* Does [p, e) start with the word w, followed by a non-letter? */
static inline int word_is(const char *p, const char *e, const char *w)
{
    size_t n = strlen(w);

    return (size_t)(e - p) >= n && memcmp(p, w, n) == 0 &&
           (p + n == e || !letter_len(p + n, e));
}

/* Is [p, p+n) one of the NULL-terminated list? */
static inline int in_list(const char *p, size_t n, const char *const *list)
{
    for (; *list; list++) {
        const char *w = *list;
        size_t i = 0;
        while (i < n && w[i] == p[i])
            i++;                /* stops at the end of w: the text holds no NUL */
        if (i == n && w[n] == '\0')
            return 1;
    }
    return 0;
}

/* End of the run of letters starting at p. */
static inline const char *word_end(const char *p, const char *e)
{
    size_t k;

    while (p < e && (k = letter_len(p, e)) != 0)
        p += k;
    return p;
}

static inline const char *skip_ws(const char *p, const char *e)
{
    size_t k;

    while (p < e && (k = ws_len(p, e)) != 0)
        p += k;
    return p;
}

/* Start of the word (letters and digits) ending at q, looking back at most
 * 24 bytes; returns q if there is none. */
static inline const char *token_start(const char *b, const char *q)
{
    const char *p = q;

    while (p > b && q - p < 24) {
        unsigned char c = (unsigned char)p[-1];
        if (is_alpha(c) || is_digit(c))
            p--;
        else if (c >= 0x80 && c <= 0xBF && p - 1 > b && (unsigned char)p[-2] == 0xC3)
            p -= 2;
        else
            break;
    }
    return p;
}

#endif /* DCI_CHARS_H */
