/*
 * lines.c -- what a line of a plain-text or Markdown draft is.
 *
 * segment.c walks the lines of a draft and asks this module what each one
 * is: blank, a bullet or table row, a footnote, a structural marker
 * ("(2a)", "3.", "b)", "bb)"), or a heading -- a Markdown ATX heading, or
 * in plain text "§ 3 Titel", "Artikel 2", "Anlage 1", a formula
 * (Eingangsformel, Begründung) or a division ("Zweiter Abschnitt"). It
 * also says whether the draft has §, Artikel or Anlage headings at all and
 * where YAML front matter ends. Everything here reads the input only;
 * whether a marker really opens a unit depends on what is open, which
 * segment.c knows.
 */
#include <stdlib.h>
#include <string.h>

#include "dci.h"
#include "draft.h"
#include "chars.h"
#include "lines.h"

void dci_input_init(dci_input *in, const digicheck_draft *d)
{
    in->s = d->src;
    in->n = d->src_len;
    in->body = d->src_len >= 3 && memcmp(d->src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    in->lines = d->lines;
    in->nlines = d->nlines;
    in->md = d->format == DIGICHECK_FORMAT_MARKDOWN;
}

/* ---- lines ------------------------------------------------------------------------ */

void dci_line_get(const dci_input *in, size_t i, dci_line *l)
{
    const char *s = in->s;
    size_t a = in->lines[i], b = i + 1 < in->nlines ? in->lines[i + 1] : in->n, p, q, k;
    int col = 0;

    if (a < in->body)
        a = in->body;
    if (b > a && s[b - 1] == '\n')
        b--;
    if (b > a && s[b - 1] == '\r')
        b--;
    for (p = a; p < b && (k = ws_len(s + p, s + b)) != 0; p += k)
        col = s[p] == '\t' ? (col / 4 + 1) * 4 : col + 1;
    for (q = b; q > p && (k = ws_len_back(s + p, s + q)) != 0; q -= k)
        ;
    l->start = a;
    l->end = b;
    l->text = p;
    l->tend = q;
    l->indent = col;
    l->hy = DCI_NONE;
    /* "Schrift-" / "Sach-" at a line end, after a letter or digit */
    if (q - p >= 2 && s[q - 1] == '-' &&
        (is_alpha((unsigned char)s[q - 2]) || is_digit((unsigned char)s[q - 2]) ||
         (q - p >= 3 && letter_len(s + q - 3, s + q) == 2)))
        l->hy = q - 1;
    else if (q - p >= 2 && (unsigned char)s[q - 2] == 0xC2 && (unsigned char)s[q - 1] == 0xAD)
        l->hy = q - 2;
}

int dci_line_blank(const dci_line *l)
{
    return l->text == l->tend;
}

/* Does a (non-blank) line end in one of the characters of `set`? */
int dci_line_ends_in(const dci_input *in, const dci_line *l, const char *set)
{
    return !dci_line_blank(l) && strchr(set, in->s[l->tend - 1]) != NULL;
}

/* Bullets and table rows start a new line in the view but are no units. */
int dci_line_bullet(const dci_input *in, const dci_line *l)
{
    const char *p = in->s + l->text, *e = in->s + l->tend;

    if (*p == '|')
        return 1;
    if ((*p == '*' || *p == '-' || *p == '+') && e - p >= 2 && ws_len(p + 1, e))
        return 1;
    return e - p >= 4 && ((memcmp(p, "\xE2\x80\xA2", 3) == 0 ||       /* • */
                           memcmp(p, "\xE2\x80\x93", 3) == 0) &&       /* – */
                          ws_len(p + 3, e));
}

/* Markdown footnotes: "[^id]" alone (a reference) or "[^id]: …" (a
 * definition, continued by its indented lines). They are editorial notes
 * ("Amtlicher Hinweis"): they stay in the view but hold no sentences. */
int dci_line_footnote(const dci_input *in, const dci_line *l, int *def)
{
    const char *p = in->s + l->text, *e = in->s + l->tend, *q;

    if (e - p < 4 || p[0] != '[' || p[1] != '^' || !(q = memchr(p, ']', (size_t)(e - p))))
        return 0;
    *def = q + 1 < e && q[1] == ':';
    return q + 1 == e || *def;
}

/* HTML comments are notes to the drafter (and digicheck markers, justify.c),
 * never text of the draft. */
size_t dci_line_comment(const dci_input *in, size_t i, const dci_line *l, size_t *end)
{
    const char *s = in->s;
    size_t k;
    dci_line m;

    if (l->tend - l->text < 4 || memcmp(s + l->text, "<!--", 4) != 0)
        return 0;
    for (k = i, m = *l; k < in->nlines; k++) {
        const char *from, *close;
        if (k > i)
            dci_line_get(in, k, &m);
        from = s + (k > i ? m.text : m.text + 4);
        close = dci_memmem(from, (size_t)(s + m.tend - from), "-->", 3);
        if (close) {
            *end = m.tend;
            return close + 3 == s + m.tend ? k - i + 1 : 0;
        }
    }
    return 0;
}

/* ---- markers: "(2a)", "3.", "b)", "bb)" -------------------------------------------- */

int dci_line_marker(const dci_input *in, const dci_line *l, dci_marker *m)
{
    const char *s = in->s, *p = s + l->text, *e = s + l->tend, *q = p, *num, *numend;
    int level;

    if (*q == '(') {
        q++;
        num = q;
        while (q < e && q - num < 3 && is_digit((unsigned char)*q))
            q++;
        if (q == num)
            return 0;
        while (q < e && q - num < 5 && *q >= 'a' && *q <= 'z')
            q++;
        if (q >= e || *q != ')')
            return 0;
        numend = q++;
        level = L_ABS;
    } else if (is_digit((unsigned char)*q)) {
        num = q;
        while (q < e && q - num < 3 && is_digit((unsigned char)*q))
            q++;
        while (q < e && q - num < 5 && *q >= 'a' && *q <= 'z')
            q++;
        if (q >= e || *q != '.')
            return 0;
        numend = q++;
        level = L_NUM;
    } else if (*q >= 'a' && *q <= 'z') {
        num = q++;
        level = L_BUCH;
        if (q < e && *q == *num) {
            q++;
            level = L_DOPP;
        }
        if (q >= e || *q != ')')
            return 0;
        numend = q++;
    } else {
        return 0;
    }
    if (q < e && !ws_len(q, e))
        return 0;               /* "3.5", "a)b" */
    m->level = level;
    memcpy(m->num, num, (size_t)(numend - num));
    m->num[numend - num] = '\0';
    m->len = (size_t)(q - p);
    m->content = (size_t)(skip_ws(q, e) - s);
    m->content_indent = l->indent + (int)dci_utf8_count(p, (size_t)(skip_ws(q, e) - p));
    return 1;
}

/* Is `num` the item that follows `last` ("" if none yet) in its list? */
int dci_item_follows(int level, const char *last, const char *num)
{
    long d, ld;
    char *sfx, *lsfx;

    if (level != L_NUM)
        return last[0] ? num[0] == last[0] + 1 : num[0] == 'a';
    d = strtol(num, &sfx, 10);
    if (!last[0])
        return d == 1 && !*sfx;
    ld = strtol(last, &lsfx, 10);
    return d == ld + 1 || (d == ld && strcmp(sfx, lsfx) > 0);
}

/* Does line `prev` end in a way after which a list item may follow on the
 * next line without a blank line? (",", ";", ":", ".", "und", "oder", "sowie") */
int dci_line_allows_item(const dci_input *in, const dci_line *prev)
{
    const char *b = in->s + prev->text, *e = in->s + prev->tend, *w;

    if (dci_line_ends_in(in, prev, ",;:."))
        return 1;
    w = token_start(b, e);
    return word_is(w, e, "und") || word_is(w, e, "oder") || word_is(w, e, "sowie");
}

/* ---- headings ----------------------------------------------------------------------- */

/* A number after "§", "Art", "Anlage": "3", "27a", "1.01", or a Roman one. */
static const char *parse_num(const char *p, const char *e, char *out, size_t cap, int roman)
{
    const char *q = p;
    size_t n;

    if (q < e && is_digit((unsigned char)*q)) {
        for (;;) {
            const char *t;
            while (q < e && is_digit((unsigned char)*q))
                q++;
            for (t = q; t < e && t - q < 3 && *t >= 'a' && *t <= 'z'; t++)
                ;
            if (t == e || !letter_len(t, e))
                q = t;          /* "27a", but not "3Titel" */
            if (q + 1 < e && *q == '.' && is_digit((unsigned char)q[1]))
                q++;            /* "1.01" */
            else
                break;
        }
    } else if (roman) {
        while (q < e && *q && strchr("IVXLC", *q))
            q++;
        if (q < e && letter_len(q, e))
            return NULL;
    }
    if (q == p)
        return NULL;
    n = (size_t)(q - p) < cap - 1 ? (size_t)(q - p) : cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return q;
}

/* Skips white space and a dash or full stop separating a number from the
 * title ("Art 2 - Aufhebung", "§ 3. Antrag"). */
static const char *title_start(const char *p, const char *e)
{
    const char *q = skip_ws(p, e);

    if (q < e && (*q == '-' || *q == '.') && (q + 1 == e || ws_len(q + 1, e)))
        q = skip_ws(q + 1, e);
    else if (e - q >= 3 && (memcmp(q, "\xE2\x80\x93", 3) == 0 || memcmp(q, "\xE2\x80\x94", 3) == 0))
        q = skip_ws(q + 3, e);
    return q;
}

static const char *const formulas[] = {
    "Eingangsformel", "Schlussformel", "Schlu\xC3\x9F" "formel", "Begr\xC3\xBC" "ndung",
    "Vorblatt", NULL
};

static const char *const division_words[] = {
    "Teil", "Abschnitt", "Unterabschnitt", "Kapitel", "Unterkapitel", "Buch", "Titel",
    "Untertitel", NULL
};

static const char *const ordinal_words[] = {
    "Erster", "Zweiter", "Dritter", "Vierter", "F\xC3\xBCnfter", "Sechster", "Siebter",
    "Achter", "Neunter", "Zehnter", "Erstes", "Zweites", "Drittes", "Viertes",
    "F\xC3\xBCnftes", "Sechstes", "Siebtes", "Achtes", "Neuntes", "Zehntes", NULL
};

/* "Abschnitt 2 …", "Teil IV", "Zweiter Abschnitt", "§§ 3 bis 6": headings that
 * divide a plain-text draft without being part of a path. */
static int division_heading(const char *p, const char *e)
{
    const char *w = word_end(p, e), *q;
    char num[16];

    if (e - p >= 4 && memcmp(p, "\xC2\xA7\xC2\xA7", 4) == 0)
        return 1;
    q = skip_ws(w, e);
    if (in_list(p, (size_t)(w - p), division_words))
        return q > w && parse_num(q, e, num, sizeof num, 1) != NULL;
    if (in_list(p, (size_t)(w - p), ordinal_words))
        return q > w && in_list(q, (size_t)(word_end(q, e) - q), division_words);
    return 0;
}

/* Classifies heading text [p, e). In Markdown every heading divides (OTHER);
 * in plain text only recognisable division headings do. */
void dci_heading_classify(const dci_input *in, size_t a, size_t b, dci_heading *h)
{
    const char *s = in->s, *p = s + a, *e = s + b, *q = NULL;

    h->kind = H_NONE;
    h->num[0] = '\0';
    h->title = b;
    if (e - p >= 4 && memcmp(p, "\xC2\xA7\xC2\xA7", 4) == 0) {
        h->kind = H_OTHER;
    } else if (e - p >= 2 && memcmp(p, "\xC2\xA7", 2) == 0) {
        q = parse_num(skip_ws(p + 2, e), e, h->num, sizeof h->num, 0);
        if (q)
            h->kind = H_PARA;
    } else if (word_is(p, e, "Artikel") || word_is(p, e, "Art")) {
        const char *r = p + (word_is(p, e, "Art") ? 3 : 7);
        if (r < e && *r == '.')
            r++;
        q = parse_num(skip_ws(r, e), e, h->num, sizeof h->num, 1);
        if (q)
            h->kind = H_ART;
    } else if (word_is(p, e, "Anlage")) {
        const char *r = skip_ws(p + 6, e);
        h->kind = H_ANLAGE;
        q = parse_num(r, e, h->num, sizeof h->num, 1);
        if (!q || (q < e && !ws_len(q, e) && !strchr(",.:;", *q))) {
            h->num[0] = '\0';   /* "Anlage (zu § 3)", "Anlage Ausbildungsrahmenplan" */
            q = p + 6;
        }
    }
    if (h->kind == H_NONE) {
        if (in_list(p, (size_t)(word_end(p, e) - p), formulas))
            h->kind = H_FORMULA;
        else if (in->md || division_heading(p, e))
            h->kind = H_OTHER;
        return;
    }
    if (q)
        h->title = (size_t)(title_start(q, e) - s);
}

int dci_heading_in_path(const dci_heading *h)
{
    return h->kind == H_PARA || h->kind == H_ART || h->kind == H_ANLAGE;
}

/* A Markdown ATX heading: up to three spaces, 1-6 '#', white space. Gives the
 * text without the marks (and without a closing "##"); returns the level. */
int dci_line_md_heading(const dci_input *in, const dci_line *l, size_t *a, size_t *b)
{
    const char *s = in->s, *p = s + l->text, *e = s + l->tend, *q = p, *t;
    int level;

    if (l->indent > 3)
        return 0;
    while (q < e && *q == '#' && q - p < 7)
        q++;
    level = (int)(q - p);
    if (level == 0 || level > 6 || (q < e && !ws_len(q, e)))
        return 0;
    q = skip_ws(q, e);
    for (t = e; t > q && t[-1] == '#'; t--)
        ;
    if (t < e && (t == q || ws_len_back(q, t))) {
        e = t;
        while (e > q && ws_len_back(q, e))
            e -= ws_len_back(q, e);
    }
    *a = (size_t)(q - s);
    *b = (size_t)(e - s);
    return level;
}

/* Words that continue a reference rather than start a title: "§ 3 Abs. 1 gilt". */
static const char *const reference_words[] = {
    "Abs", "Absatz", "Satz", "S", "Nr", "Nummer", "Buchst", "Buchstabe", "Halbsatz", "bis",
    "und", "oder", NULL
};

/* Plain text: does line i (starting a block) begin a heading? Returns the
 * number of lines it takes (1, or 2 for "§ 3" above its title) or 0. */
size_t dci_line_text_heading(const dci_input *in, size_t i, const dci_line *l, dci_heading *h)
{
    const char *s = in->s;
    dci_line next;
    int has_next = 0;

    if (dci_line_blank(l) || l->tend - l->text > 200 || dci_line_ends_in(in, l, ".,;:"))
        return 0;
    dci_heading_classify(in, l->text, l->tend, h);
    if (h->kind == H_NONE)
        return 0;
    if (h->title < l->tend) {
        const char *t = s + h->title, *e = s + l->tend;
        if ((is_lower(t, e) && !(h->kind == H_ANLAGE && word_is(t, e, "zu"))) ||
            in_list(t, (size_t)(word_end(t, e) - t), reference_words))
            return 0;           /* "§ 3 gilt …", "§ 3 Abs. 1 …"; but "Anlage zu § 3" */
    }
    if (i + 1 < in->nlines) {
        dci_line_get(in, i + 1, &next);
        has_next = !dci_line_blank(&next);
    }
    if (!has_next)
        return 1;
    if (is_lower(s + next.text, s + next.tend))
        return 0;               /* a wrapped sentence that starts with "§ 3" */
    if (dci_heading_in_path(h)) {
        dci_heading h2;
        dci_heading_classify(in, next.text, next.tend, &h2);
        if (h2.kind == h->kind)
            return 0;           /* a table of contents: "§ 1 Zweck" / "§ 2 Antrag" */
    }
    if (dci_heading_in_path(h) && h->title == l->tend) {
        dci_marker m;
        if (!dci_line_marker(in, &next, &m) && !dci_line_ends_in(in, &next, ".,;:") &&
            next.tend - next.text <= 200)
            return 2;
    }
    return 1;
}

/* ---- the draft as a whole ---------------------------------------------------------- */

/* Skips YAML front matter ("---" … "---" or "...") at the top of Markdown. */
size_t dci_input_front_matter(const dci_input *in)
{
    const char *s = in->s;
    size_t i;
    dci_line l;

    if (!in->md || in->nlines < 2)
        return 0;
    dci_line_get(in, 0, &l);
    if (l.indent || l.tend - l.text != 3 || memcmp(s + l.text, "---", 3) != 0)
        return 0;
    for (i = 1; i < in->nlines; i++) {
        dci_line_get(in, i, &l);
        if (l.indent == 0 && l.tend - l.text == 3 &&
            (memcmp(s + l.text, "---", 3) == 0 || memcmp(s + l.text, "...", 3) == 0))
            return i + 1;
    }
    return 0;
}

/* Does the draft have §, Artikel or Anlage headings at all? */
int dci_input_structured(const dci_input *in, size_t first)
{
    size_t i, a, b;
    int block = 1;
    dci_heading h;
    dci_line l;

    for (i = first; i < in->nlines; i++) {
        dci_line_get(in, i, &l);
        if (dci_line_blank(&l)) {
            block = 1;
            continue;
        }
        if (in->md ? dci_line_md_heading(in, &l, &a, &b) : 0) {
            dci_heading_classify(in, a, b, &h);
            if (dci_heading_in_path(&h))
                return 1;
        } else if (!in->md && block && dci_line_text_heading(in, i, &l, &h) &&
                   dci_heading_in_path(&h)) {
            return 1;
        }
        block = 0;
    }
    return 0;
}
