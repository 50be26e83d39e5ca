/*
 * sentence.c -- the Satz units: splitting the text a unit holds into
 * sentences, and the growable array of units the segmenters build.
 *
 * A sentence ends at ". ? !" (and the closing quotes and brackets after
 * it) when the next word can start a sentence, or at a block break. German
 * legal text puts full stops everywhere else too: abbreviations ("Abs.",
 * "z. B.", "ggf."), ordinals ("1. Januar", "2. Abschnitt", "des 3. Buches"),
 * so those do not end a sentence. The splitter works on the view, which
 * segment.c and ldml.c have already written; a sentence left open (a list
 * intro ending in ":") is continued by closing words after the list.
 */
#include <stdint.h>
#include <string.h>

#include "dci.h"
#include "draft.h"
#include "chars.h"
#include "sentence.h"

static const char *const months[] = {
    "Januar", "J\xC3\xA4nner", "Februar", "M\xC3\xA4rz", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember", NULL
};

int dci_is_month(const char *p, size_t n)
{
    return in_list(p, n, months);
}

/* ---- units ----------------------------------------------------------------- */

/* The number num[0, nlen) as a unit keeps it (draft.h): a whole number
 * without a leading zero as its value, else a string of us->nums, which a
 * number seen recently shares (the letters of a list, "27a" cited again);
 * -1 when out of memory. */
static int64_t number(dci_units *us, const char *num, size_t nlen)
{
    uint32_t v = 0, *slot;
    size_t i, h = 0;

    for (i = 0; i < nlen && i < 9 && num[i] >= '0' && num[i] <= '9'; i++)
        v = v * 10 + (uint32_t)(num[i] - '0');
    if (i == nlen && (nlen == 0 || num[0] != '0'))
        return v;
    for (i = 0; i < nlen; i++)
        h = h * 31 + (unsigned char)num[i];
    slot = &us->recent[h % (sizeof us->recent / sizeof us->recent[0])];
    if (*slot && strncmp(us->nums + *slot, num, nlen) == 0 && !us->nums[*slot + nlen])
        return DCI_NUM_POOL | *slot;
    /* offset 0 is a NUL no number uses, so that a slot of 0 is empty */
    if (dci_grow((void **)&us->nums, &us->numscap, us->nnums + nlen + 2, 1))
        return -1;
    if (!us->nnums)
        us->nums[us->nnums++] = '\0';
    *slot = (uint32_t)us->nnums;
    memcpy(us->nums + us->nnums, num, nlen);
    us->nums[us->nnums + nlen] = '\0';
    us->nnums += nlen + 1;
    return DCI_NUM_POOL | *slot;
}

long dci_units_add(dci_units *us, int kind, long parent, size_t start, const char *num,
                   size_t nlen)
{
    dci_unit *u;
    int64_t n;

    if (nlen >= DCI_NUM_MAX)
        nlen = DCI_NUM_MAX - 1;
    if (dci_grow((void **)&us->v, &us->cap, us->n + 1, sizeof *us->v) ||
        (n = number(us, num, nlen)) < 0)
        return -1;
    u = &us->v[us->n];
    memset(u, 0, sizeof *u);
    u->kind = kind;
    u->parent = parent;
    u->start = u->end = start;
    u->num = (uint32_t)n;
    return (long)us->n++;
}

int dci_units_region(dci_units *us, size_t start, size_t end, int role)
{
    if (dci_grow((void **)&us->r, &us->rcap, us->nr + 1, sizeof *us->r))
        return -1;
    us->r[us->nr].start = start;
    us->r[us->nr].end = end;
    us->r[us->nr].role = role;
    us->nr++;
    return 0;
}

/* ---- sentences -------------------------------------------------------------- */

/* Words after which a full stop does not end a sentence. Single letters
 * ("z. B.", "i. V. m.", "S.") are handled apart. */
static const char *const abbreviations[] = {
    "ABl", "Abs", "Abschn", "Abt", "Anh", "Anl", "Anm", "Art", "Aufl", "Az", "BAnz", "BGBl",
    "Bd", "Bek", "Bl", "Bsp", "Buchst", "Doppelbuchst", "Dr", "Einf", "Fn", "GBl", "GMBl",
    "GVBl", "GVOBl", "Halbs", "Hrsg", "Hs", "Kap", "Mio", "Mrd", "Nr", "Nrn", "Pkt", "Prof",
    "RGBl", "Rdnr", "Rn", "Rz", "Slg", "St", "Tz", "Unterabs", "Verf", "Vorbem", "Ziff",
    "allg", "amtl", "bspw", "bzgl", "bzw", "ca", "einschl", "evtl", "gem", "ggf", "gg\xC3\xBC",
    "inkl", "insb", "insbes", "lfd", "lit", "sog", "vgl", "zit", "zzgl",
    "Jan", "Feb", "Apr", "Aug", "Sep", "Sept", "Okt", "Nov", "Dez", "Std", "Min", "Tsd", "Jh",
    "Lfd", NULL
};

/* Abbreviations that often end a sentence: they do when a plain word follows. */
static const char *const closing_abbreviations[] = {
    "ff", "usw", "etc", NULL
};

/* Before a number ending in a full stop, these words make it an ordinal. */
static const char *const ordinal_before[] = {
    "der", "die", "das", "dem", "den", "des", "am", "vom", "zum", "im", "beim", "zur",
    "eines", "einer", "einem", "ihres", "seines", "ihrem", "seinem", "jedes", "jeder", "jedem",
    NULL
};

/* After an ordinal number, these nouns say it is not a sentence end. */
static const char *const ordinal_nouns[] = {
    "Abschnitt", "Unterabschnitt", "Teil", "Kapitel", "Buch", "Titel", "Untertitel",
    "Lebensjahr", "Lebensjahres", "Lebensjahrs", "Jahrhundert", "Jahrhunderts", "Klasse",
    "Stufe", "Grades", "Grad", "Semester", "Schuljahr", "Schuljahres", "Mal", "Quartal",
    "Quartals", "Halbjahr", "Halbjahres", "Verordnung", "Gesetz",
    "\xC3\x84nderung", "\xC3\x84nderungsgesetz", "\xC3\x84nderungsverordnung",
    NULL
};

/* Can a sentence start at p? Upper-case letters, "§", opening quotes and brackets. */
static int sentence_start(const char *p, const char *e)
{
    unsigned char c = (unsigned char)p[0];

    if (is_upper(p, e) || c == '(' || c == '"' || c == '\'')
        return 1;
    if (e - p >= 2 && c == 0xC2 && ((unsigned char)p[1] == 0xA7 ||     /* § */
                                    (unsigned char)p[1] == 0xAB ||     /* « */
                                    (unsigned char)p[1] == 0xBB))      /* » */
        return 1;
    return e - p >= 3 && c == 0xE2 && (unsigned char)p[1] == 0x80 &&
           ((unsigned char)p[2] == 0x9E || (unsigned char)p[2] == 0x9C);   /* „ “ */
}

/* Length of a closing quote or bracket at p that still belongs to a sentence. */
static size_t closer_len(const char *p, const char *e)
{
    unsigned char c = (unsigned char)p[0];

    if (c == ')' || c == ']' || c == '"' || c == '\'')
        return 1;
    if (e - p >= 2 && c == 0xC2 && ((unsigned char)p[1] == 0xAB || (unsigned char)p[1] == 0xBB))
        return 2;
    if (e - p >= 3 && c == 0xE2 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] >= 0x98 && (unsigned char)p[2] <= 0x9D)
        return 3;
    return 0;
}

/* A capitalised word with no further capitals ("Die", not "VwVfG", "BGB"). */
static int plain_word(const char *p, const char *e)
{
    size_t k = letter_len(p, e);
    const char *q;

    if (!is_upper(p, e) || p + k >= e || !is_lower(p + k, e))
        return 0;
    for (q = p + k; q < e && (k = letter_len(q, e)) != 0; q += k)
        if (is_upper(q, e))
            return 0;
    return 1;
}

/* Does the full stop at v[dot] (the sentence so far begins at b) not end a
 * sentence, given that the next word starts at `next`? */
static int dot_continues(const char *b, const char *dot, const char *next, const char *e)
{
    const char *t = token_start(b, dot), *w;
    size_t n = (size_t)(dot - t);

    if (n == 0)
        return 0;               /* "…)." */
    if (n == 1 && is_alpha((unsigned char)*t))
        return 1;               /* "z. B.", "S. 12", "I." */
    if (in_list(t, n, closing_abbreviations))
        return !plain_word(next, e);    /* "§§ 3 ff. Die …", but "§ 3 ff. VwVfG" */
    if (in_list(t, n, abbreviations))
        return 1;
    if (!is_digit((unsigned char)*t))
        return 0;
    /* a number: an ordinal before a month, a unit noun or after an article */
    w = word_end(next, e);
    if (in_list(next, (size_t)(w - next), months) ||
        in_list(next, (size_t)(w - next), ordinal_nouns))
        return 1;
    if (t - b >= 2 && t[-1] == ' ') {
        const char *pw = token_start(b, t - 1);
        if (in_list(pw, (size_t)(t - 1 - pw), ordinal_before))
            return 1;
    }
    return 0;
}

/* End of the sentence starting at v[a] (before b): after its terminator and
 * closing quotes, or at a block break "\n", or b. */
static size_t sentence_end(const char *v, size_t a, size_t b)
{
    const char *e = v + b;
    size_t i = a;

    while (i < b) {
        char c = v[i];
        size_t k, n;
        int single;
        if (c == '\n')
            return i;
        if (c != '.' && c != '?' && c != '!') {
            i++;
            continue;
        }
        k = i + 1;
        while (k < b && v[k] == '.')
            k++;                /* an ellipsis or a dotted leader */
        single = k == i + 1;
        while (k < b && (n = closer_len(v + k, e)) != 0)
            k += n;
        if (k >= b || v[k] == '\n')
            return k;
        if (v[k] == ' ' && k + 1 < b && sentence_start(v + k + 1, e) &&
            !(c == '.' && single && dot_continues(v + a, v + i, v + k + 1, e)))
            return k;
        i = k;
    }
    return b;
}

/* Decimal digits of x into out (no NUL); returns their number. */
static size_t format_uint(char *out, unsigned x)
{
    char tmp[12];
    size_t n = 0, i;

    do
        tmp[n++] = (char)('0' + x % 10);
    while ((x /= 10) != 0);
    for (i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

/* Did the sentence view[a, e) end without a terminator (". ? !", maybe
 * followed by closing quotes), as the intro of a list does? */
static int sentence_open(const char *v, size_t a, size_t e)
{
    for (;;) {
        size_t k;
        for (k = 1; k <= 3 && k <= e - a; k++)
            if (closer_len(v + e - k, v + e) == k)
                break;
        if (k > 3 || k > e - a)
            break;
        e -= k;
    }
    return e == a || (v[e - 1] != '.' && v[e - 1] != '?' && v[e - 1] != '!');
}

int dci_split_sentences(dci_units *us, const char *v, long parent, size_t a, size_t b,
                        unsigned *nsatz, int *open)
{
    while (a < b) {
        size_t end, e;
        char num[12];
        unsigned n;
        long u;

        while (a < b && (v[a] == ' ' || v[a] == '\n'))
            a++;
        if (a >= b)
            break;
        end = sentence_end(v, a, b);
        for (e = end; e > a && v[e - 1] == ' '; e--)
            ;
        /* closing words after a list ("soweit nicht …" below the Nummern)
         * finish the intro sentence, which was left open */
        n = *open && *nsatz && is_lower(v + a, v + b) ? *nsatz : ++*nsatz;
        u = dci_units_add(us, DCI_UNIT_SATZ, parent, a, num, format_uint(num, n));
        if (u < 0)
            return DIGICHECK_ENOMEM;
        us->v[u].end = e;
        *open = sentence_open(v, a, e);
        a = end;
    }
    return DIGICHECK_OK;
}
