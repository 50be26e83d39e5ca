/*
 * segment.c -- the text model of a plain-text or Markdown draft: the
 * normalized view, its map back to the original bytes, and the structural
 * units (Artikel, §, Anlage, Absatz, Nummer, Buchstabe, Doppelbuchstabe,
 * Satz), handed to the draft when done.
 *
 * One pass over the lines (d->lines, built by draft.c) writes the view and
 * opens and closes units as markers and headings appear (lines.c says what
 * a line is; this module decides what it opens, given what is open);
 * sentences are split (sentence.c) from the text a unit holds directly
 * whenever a child item starts or the unit ends. Everything is linear in the input and allocates only when an
 * array grows: the view is allocated once (it is never longer than the
 * input), and the map holds one entry per place where the view skips input
 * bytes, not one per byte.
 *
 * The view: white space (line breaks and indentation included) reads as one
 * space; a blank line, a heading or a new structural line reads as "\n", so
 * units never run into each other; soft hyphens are dropped; a hyphen at a
 * line end is resolved by looking at both word halves (see hyphen_action).
 */
#include <stdlib.h>
#include <string.h>

#include "dci.h"
#include "draft.h"
#include "chars.h"
#include "sentence.h"
#include "lines.h"
#include "justify.h"

static const int level_kind[L_LEVELS] = {
    DCI_UNIT_ARTIKEL, DCI_UNIT_PARAGRAPH, DCI_UNIT_ABSATZ, DCI_UNIT_NUMMER,
    DCI_UNIT_BUCHSTABE, DCI_UNIT_DOPPELBUCHSTABE
};

typedef struct open_level {
    long     unit;              /* index into units, -1 when closed */
    size_t   run, run_end;      /* own text not yet split into sentences (view) */
    unsigned nsatz;             /* sentences numbered so far */
    int      satz_open;         /* the last sentence ended without . ? ! (a list intro) */
    int      content_indent;    /* list items: the column their text starts at */
    char     last[3][8];        /* the last Nummer/Buchstabe/Doppelbuchstabe opened inside */
} open_level;

typedef struct seg {
    dci_input in;               /* the bytes and lines read */
    int structured;             /* the draft has §, Artikel or Anlage headings */
    int art_level;              /* Markdown level of the open Artikel's heading */
    int art_parts;              /* the open Artikel holds §§ or Anlagen */

    char  *view;
    size_t vlen, text_end;      /* text_end: view end before a pending separator */
    dci_mapseg *map;
    size_t nmap, cmap;
    int    sep;                 /* pending separator: 0, ' ' or '\n' */
    size_t sep_orig;
    size_t hy;                  /* a hyphen ending the previous line, or DCI_NONE */
    int    hy_soft;             /* ... a soft hyphen (always joins) */
    int    hy_collect;          /* ... ending sentence text (not a note) */
    int    in_note;             /* inside a Markdown footnote definition */
    size_t table_from, toc_from;/* an open table, table of contents (view), or DCI_NONE */

    dci_comment *comments;      /* HTML comments left out of the view (justify.h) */
    size_t ncomments, ccomments;

    dci_units u;                /* the units built so far */
    open_level lv[L_LEVELS];
    int oom;
} seg;

/* ---- characters ------------------------------------------------------------ */

/* Invisible characters the view drops: soft hyphen, zero-width space, BOM. */
static size_t invisible_len(const char *p, const char *e)
{
    unsigned char c = (unsigned char)p[0];

    if (c == 0xC2 && e - p >= 2 && (unsigned char)p[1] == 0xAD)
        return 2;
    if (c == 0xE2 && e - p >= 3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x8B)
        return 3;
    if (c == 0xEF && e - p >= 3 && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        return 3;
    return 0;
}

/* ---- the view and its map ----------------------------------------------------- */

static void map_at(seg *st, size_t orig)
{
    dci_mapseg *m = st->nmap ? &st->map[st->nmap - 1] : NULL;

    if (m && m->orig + (st->vlen - m->view) == orig)
        return;                 /* the current segment continues */
    if (m && m->view == st->vlen) {
        m->orig = orig;         /* nothing was written since: move it */
        return;
    }
    if (dci_grow((void **)&st->map, &st->cmap, st->nmap + 1, sizeof *st->map)) {
        st->oom = 1;
        return;
    }
    st->map[st->nmap].view = st->vlen;
    st->map[st->nmap].orig = orig;
    st->nmap++;
}

static void set_sep(seg *st, int c, size_t orig)
{
    if (!st->sep) {
        st->sep = c;
        st->sep_orig = orig;
    } else if (c == '\n') {
        st->sep = '\n';
    }
}

static void flush_sep(seg *st)
{
    if (st->sep && st->vlen > 0) {
        map_at(st, st->sep_orig);
        st->view[st->vlen++] = (char)st->sep;
    }
    st->sep = 0;
}

/* The innermost open unit that holds text of its own (Absatz or a list item). */
static int text_level(const seg *st)
{
    int k;

    for (k = L_DOPP; k >= L_ABS; k--)
        if (st->lv[k].unit >= 0)
            return k;
    return -1;
}

static void ensure_text_unit(seg *st);

/* Copies src[a, b) into the view; `collect` adds it to the sentence text of the
 * current text unit (markers and headings are not sentences), which is opened
 * here if needed, so that an implicit Absatz never starts without text. */
static void put_text(seg *st, size_t a, size_t b, int collect)
{
    size_t at;
    int k;

    if (a >= b)
        return;
    if (collect)
        ensure_text_unit(st);
    flush_sep(st);
    at = st->vlen;
    map_at(st, a);
    memcpy(st->view + st->vlen, st->in.s + a, b - a);
    st->vlen += b - a;
    st->text_end = st->vlen;
    if (collect && (k = text_level(st)) >= 0) {
        if (st->lv[k].run == DCI_NONE)
            st->lv[k].run = at;
        st->lv[k].run_end = st->vlen;
    }
}

/* Writes src[a, b) (part of one line) folding white space and dropping
 * invisible characters and Markdown backslash escapes. */
static void emit_text(seg *st, size_t a, size_t b, int collect)
{
    const char *s = st->in.s, *e = s + b;
    size_t i = a, run = a, k;

    while (i < b) {
        unsigned char c = (unsigned char)s[i];
        /* a byte that starts no white space, invisible character or
         * escape; and one space between two such inside a run, which the
         * view keeps as it is (as set_sep() and put_text() would write it) */
        if ((c > ' ' && c < 0x80 && c != '\\') ||
            (c >= 0x80 && c != 0xC2 && c != 0xE2 && c != 0xE3 && c != 0xEF) ||
            (c == ' ' && i > run && i + 1 < b && (unsigned char)s[i + 1] > ' ' &&
             (unsigned char)s[i + 1] < 0x80 && s[i + 1] != '\\')) {
            i++;
            continue;
        }
        if ((k = ws_len(s + i, e)) != 0) {
            put_text(st, run, i, collect);
            set_sep(st, ' ', i);
            i += k;
            run = i;
        } else if ((k = invisible_len(s + i, e)) != 0) {
            put_text(st, run, i, collect);
            i += k;
            run = i;
        } else if (c == '\\' && st->in.md && i + 1 < b && s[i + 1] > ' ' &&
                   (unsigned char)s[i + 1] < 0x80 && !is_alpha((unsigned char)s[i + 1]) &&
                   !is_digit((unsigned char)s[i + 1])) {
            /* "13\. Juni": the escape only kept Markdown from seeing a list */
            put_text(st, run, i, collect);
            run = i + 1;
            i += 2;
        } else {
            i++;
        }
    }
    put_text(st, run, b, collect);
}

/* ---- units --------------------------------------------------------------------- */

static long add_unit(seg *st, int kind, long parent, size_t start, const char *num, size_t nlen)
{
    long u = dci_units_add(&st->u, kind, parent, start, num, nlen);

    if (u < 0)
        st->oom = 1;
    return u;
}

/* Splits view[a, b), the own text of the unit open at level l, into Satz
 * units. */
static void split_sentences(seg *st, open_level *l, size_t a, size_t b)
{
    if (!st->oom && dci_split_sentences(&st->u, st->view, l->unit, a, b, &l->nsatz,
                                        &l->satz_open) != DIGICHECK_OK)
        st->oom = 1;
}

static void flush_run(seg *st, int k)
{
    open_level *l = &st->lv[k];

    if (l->run != DCI_NONE)
        split_sentences(st, l, l->run, l->run_end);
    l->run = DCI_NONE;
}

/* Closes the open units of level k and deeper. */
static void close_from(seg *st, int k)
{
    int j;

    for (j = L_LEVELS - 1; j >= k; j--) {
        if (st->lv[j].unit < 0)
            continue;
        flush_run(st, j);
        st->u.v[st->lv[j].unit].end = st->text_end;
        st->lv[j].unit = -1;
    }
}

/* Opens a unit at level k (closing what is open there or deeper); it starts
 * at the next text written. */
static long open_unit(seg *st, int k, int kind, const char *num)
{
    long parent = 0, u;
    int j, pl = -1;

    close_from(st, k);
    for (j = k - 1; j >= 0; j--) {
        if (st->lv[j].unit >= 0) {
            if (pl < 0) {
                pl = j;
                parent = st->lv[j].unit;
            }
            if (j >= L_ABS)
                flush_run(st, j);   /* the parent's text so far precedes the child */
        }
    }
    flush_sep(st);
    u = add_unit(st, kind, parent, st->vlen, num, strlen(num));
    if (u < 0)
        return -1;
    memset(&st->lv[k], 0, sizeof st->lv[k]);
    st->lv[k].unit = u;
    st->lv[k].run = DCI_NONE;
    if (k >= L_NUM && pl >= L_ABS)
        memcpy(st->lv[pl].last[k - L_NUM], num, strlen(num) + 1);
    return u;
}

/* Can an Absatz be opened here? In a § or Anlage, in an Artikel, and
 * anywhere in a draft without structure. An Artikel that holds §§ is a
 * frame: text between them (after a "weggefallen" heading, say) is no
 * Absatz of it; and text outside (title, Eingangsformel) is in none. */
static int absatz_allowed(const seg *st)
{
    return st->lv[L_PARA].unit >= 0 || (st->lv[L_ART].unit >= 0 && !st->art_parts) ||
           !st->structured;
}

/* Makes sure text has an Absatz to go to: an implicit one (num "") if none
 * is open. */
static void ensure_text_unit(seg *st)
{
    if (text_level(st) < 0 && absatz_allowed(st))
        open_unit(st, L_ABS, DCI_UNIT_ABSATZ, "");
}

/* Decides whether a syntactic marker really starts a unit here. Wrapped text
 * can put "33a. Das …" or "1. Januar" at a line start, so a marker that does
 * not open a block must follow a line that can end an item and continue the
 * numbering. */
static int accept_marker(const seg *st, const dci_line *l, const dci_marker *m, int block,
                         const dci_line *prev)
{
    int k, item = -1, parent = -1;
    const char *c = st->in.s + m->content, *e = st->in.s + l->tend;

    if (text_level(st) < 0 && !absatz_allowed(st))
        return 0;               /* title, Eingangsformel, … */
    if (m->level == L_NUM && dci_is_month(c, (size_t)(word_end(c, e) - c)))
        return 0;               /* "1. Januar 2020" */
    for (k = L_NUM; k < L_LEVELS; k++)
        if (st->lv[k].unit >= 0)
            item = k;
    if (m->level == L_ABS) {
        /* "(1)" indented into a list item is the item's text */
        if (item >= 0 && l->indent > 0 && l->indent >= st->lv[item].content_indent)
            return 0;
        if (block)
            return 1;
        return prev && dci_line_ends_in(&st->in, prev, ".:;)");
    }
    if (block)
        return 1;
    if (!prev || !dci_line_allows_item(&st->in, prev))
        return 0;
    for (k = m->level - 1; k >= L_ABS; k--)
        if (st->lv[k].unit >= 0) {
            parent = k;
            break;
        }
    return dci_item_follows(m->level,
                            parent >= 0 ? st->lv[parent].last[m->level - L_NUM] : "", m->num);
}

/* ---- regions: tables, tables of contents, headings --------------------------------- */

/* Marks view[from, text end) with a role for roles.c. */
static void region_add(seg *st, size_t from, int role)
{
    if (st->text_end > from && dci_units_region(&st->u, from, st->text_end, role) < 0)
        st->oom = 1;
}

static void region_end(seg *st, size_t *from, int role)
{
    if (*from == DCI_NONE)
        return;
    region_add(st, *from, role);
    *from = DCI_NONE;
}

/* A row of a table: the statutes' Markdown writes one as a bullet whose
 * text starts with a bullet ("*    *   25100"), its further cells indented
 * below; or a pipe table row. */
static int table_row(const seg *st, const dci_line *l)
{
    const char *p = st->in.s + l->text, *e = st->in.s + l->tend;
    size_t k, n = 0;

    if (l->indent > 0 || p >= e)
        return 0;
    if (*p == '|')
        return 1;
    if (*p != '*')
        return 0;
    for (p++; p < e && (k = ws_len(p, e)) != 0; p += k)
        n++;
    return n > 0 && p < e && *p == '*';
}

/* "Inhaltsübersicht", "**Inhaltsverzeichnis**": the title of a table of
 * contents, whose entries are no provisions. */
static int toc_title(const seg *st, const dci_line *l)
{
    const char *p = st->in.s + l->text, *e = st->in.s + l->tend;

    while (p < e && (*p == '#' || *p == '*' || *p == ' '))
        p++;
    while (e > p && (e[-1] == '*' || e[-1] == ' ' || e[-1] == ':'))
        e--;
    return ((size_t)(e - p) == strlen("Inhaltsübersicht") &&
            memcmp(p, "Inhaltsübersicht", (size_t)(e - p)) == 0) ||
           ((size_t)(e - p) == strlen("Inhaltsverzeichnis") &&
            memcmp(p, "Inhaltsverzeichnis", (size_t)(e - p)) == 0);
}

/* Opens or closes the regions a line starts or ends. A table ends at the
 * first line that is neither indented nor a row. */
static void track_regions(seg *st, const dci_line *l)
{
    if (table_row(st, l)) {
        if (st->table_from == DCI_NONE)
            st->table_from = st->vlen;
    } else if (l->indent == 0) {
        region_end(st, &st->table_from, DCI_ROLE_TABLE);
    }
    if (st->toc_from == DCI_NONE && toc_title(st, l))
        st->toc_from = st->vlen;
}

/* ---- headings ----------------------------------------------------------------------- */

/* Writes a heading: the part before the title, then the title, whose view
 * span becomes the unit's head. */
static void emit_heading(seg *st, long u, size_t a, size_t title, size_t b, int collect)
{
    emit_text(st, a, title, collect);
    if (title < b)
        flush_sep(st);
    if (u >= 0)
        st->u.v[u].head_start = st->vlen;
    emit_text(st, title, b, collect);
    if (u >= 0)
        st->u.v[u].head_end = title < b ? st->vlen : st->u.v[u].head_start;
}

/* Applies a heading (Markdown level, 0 in plain text) to the open units;
 * returns the unit it opened or -1. An Artikel ends at the next Artikel, a
 * formula (Schlussformel, Begründung) or a Markdown heading not deeper than
 * its own; in plain text an Anlage ends it too (Anlagen follow the Artikel). */
static long open_heading(seg *st, const dci_heading *h, int level)
{
    if (st->lv[L_ART].unit >= 0 &&
        (level > 0 ? level <= st->art_level : h->kind == H_ANLAGE))
        close_from(st, L_ART);
    if (h->kind == H_PARA || h->kind == H_ART || h->kind == H_ANLAGE)
        region_end(st, &st->toc_from, DCI_ROLE_TOC);
    switch (h->kind) {
    case H_PARA:
        st->art_parts = 1;
        return open_unit(st, L_PARA, DCI_UNIT_PARAGRAPH, h->num);
    case H_ANLAGE:
        st->art_parts = 1;
        return open_unit(st, L_PARA, DCI_UNIT_ANLAGE, h->num);
    case H_ART:
        st->art_level = level;
        st->art_parts = 0;
        return open_unit(st, L_ART, DCI_UNIT_ARTIKEL, h->num);
    case H_FORMULA:
        if (st->structured)
            close_from(st, L_ART);
        break;
    default:
        if (st->structured)
            close_from(st, L_PARA);
        break;
    }
    return -1;
}

/* A line-end hyphen that is not followed by a continuation line stays. */
static void hyphen_literal(seg *st)
{
    size_t hy = st->hy;

    if (hy == DCI_NONE)
        return;
    st->hy = DCI_NONE;
    if (!st->hy_soft) {
        put_text(st, hy, hy + 1, st->hy_collect);
        set_sep(st, ' ', hy + 1);
    } else {
        set_sep(st, ' ', hy + 2);
    }
}

/* ---- the hyphen at a line end --------------------------------------------------- */

enum { HY_JOIN, HY_KEEP, HY_KEEP_SPACE };

static const char *const conjunctions[] = {
    "und", "oder", "bzw", "beziehungsweise", "sowie", "noch", "als", "bis", NULL
};

/* "Schrift-⏎form" → "Schriftform", "De-⏎Mail" → "De-Mail", "Sach-⏎und" →
 * "Sach- und", and the real compounds that still wrap before a lower-case
 * word: "öffentlich-⏎rechtlich", "UVP-⏎pflichtig", "Windenergie-⏎auf-See-Gesetz". */
static int hyphen_action(const seg *st, size_t next, size_t next_end)
{
    const char *v = st->view, *le = v + st->vlen, *lw = token_start(v, le);
    const char *p = st->in.s + next, *e = st->in.s + next_end, *w = word_end(p, e);
    size_t i, nl = (size_t)(le - lw);
    int lower = 0;

    if (is_upper(p, e))
        return HY_KEEP;
    if (in_list(p, (size_t)(w - p), conjunctions))
        return HY_KEEP_SPACE;
    if (!is_lower(p, e))
        return HY_KEEP;         /* digits, quotes: "2019-⏎2020" */
    for (i = 0; i < nl; i++)
        if (is_lower(lw + i, le))
            lower = 1;
    if (!lower)
        return HY_KEEP;         /* an abbreviation or number before it: "UVP-", "3-" */
    if (w + 1 < e && *w == '-')
        return HY_KEEP;         /* "auf-See-Gesetz" (not "dungs-" wrapping again) */
    if (nl == 5 && memcmp(lw, "nicht", 5) == 0)
        return HY_KEEP;         /* "nicht-öffentlich" */
    if (nl >= 5 && is_lower(lw, le) &&
        (memcmp(le - 4, "lich", 4) == 0 || memcmp(le - 4, "isch", 4) == 0))
        return HY_KEEP;         /* adjective compounds: "öffentlich-rechtlich" */
    return HY_JOIN;
}

static void hyphen_resolve(seg *st, size_t next, size_t next_end)
{
    size_t hy = st->hy;

    if (hy == DCI_NONE)
        return;
    st->hy = DCI_NONE;
    if (st->hy_soft)
        return;
    switch (hyphen_action(st, next, next_end)) {
    case HY_KEEP:
        put_text(st, hy, hy + 1, st->hy_collect);
        break;
    case HY_KEEP_SPACE:
        put_text(st, hy, hy + 1, st->hy_collect);
        set_sep(st, ' ', hy + 1);
        break;
    default:
        break;
    }
}

/* ---- the pass over the lines ------------------------------------------------------ */

/* Where the text of line l ends in the view: before a word-joining hyphen. */
static size_t text_stop(const dci_line *l)
{
    return l->hy != DCI_NONE ? l->hy : l->tend;
}

static void line_end(seg *st, const dci_line *l, int collect)
{
    if (l->hy != DCI_NONE) {
        st->hy = l->hy;
        st->hy_soft = st->in.s[l->hy] != '-';
        st->hy_collect = collect;
    } else {
        set_sep(st, ' ', l->tend);
    }
}

static void do_marker(seg *st, const dci_line *l, const dci_marker *m)
{
    set_sep(st, '\n', l->start);
    if (m->level != L_ABS)
        ensure_text_unit(st);
    if (open_unit(st, m->level, level_kind[m->level], m->num) < 0)
        return;
    st->lv[m->level].content_indent = m->content_indent;
    emit_text(st, l->text, l->text + m->len, 0);
    emit_text(st, l->text + m->len, text_stop(l), 1);
}

static void do_text(seg *st, const dci_line *l, int block)
{
    int k, bullet = dci_line_bullet(&st->in, l);

    if (block) {
        /* a paragraph indented less than a list item's text leaves the item:
         * "soweit nicht …" after the Nummern is the Absatz's again */
        for (k = L_NUM; k < L_LEVELS; k++) {
            if (st->lv[k].unit >= 0 && st->lv[k].content_indent > l->indent) {
                close_from(st, k);
                break;
            }
        }
    }
    if (block || bullet) {
        hyphen_literal(st);
        set_sep(st, '\n', l->start);
    } else {
        hyphen_resolve(st, l->text, l->tend);
    }
    emit_text(st, l->text, text_stop(l), 1);
}

static void do_md_heading(seg *st, size_t a, size_t b, int level)
{
    dci_heading h;
    size_t from;
    long u;

    dci_heading_classify(&st->in, a, b, &h);
    set_sep(st, '\n', a);
    u = open_heading(st, &h, level);
    from = st->vlen;
    emit_heading(st, u, a, u >= 0 ? h.title : a, b, !st->structured);
    if (!st->structured)
        region_add(st, from, DCI_ROLE_HEADING);     /* a sentence of it is no provision */
}

static void do_text_heading(seg *st, const dci_line *l, size_t nl, const dci_heading *h,
                            const dci_line *second)
{
    long u;

    set_sep(st, '\n', l->start);
    u = open_heading(st, h, 0);
    if (nl == 1) {
        size_t from = st->vlen;
        emit_heading(st, u, l->text, u >= 0 ? h->title : l->text, l->tend, !st->structured);
        if (!st->structured)
            region_add(st, from, DCI_ROLE_HEADING);
        return;
    }
    emit_text(st, l->text, l->tend, 0);
    set_sep(st, ' ', l->tend);
    emit_heading(st, u, second->text, second->text, second->tend, 0);
}

static void do_note(seg *st, const dci_line *l, int first)
{
    if (first) {
        hyphen_literal(st);
        set_sep(st, '\n', l->start);
    } else {
        hyphen_resolve(st, l->text, l->tend);
    }
    emit_text(st, l->text, text_stop(l), 0);
    line_end(st, l, 0);
}

/* Handles one non-blank line; returns how many lines it took and sets
 * *block when the next line starts a block. */
static size_t do_line(seg *st, size_t i, const dci_line *l, int *block, const dci_line *prev)
{
    size_t a, b, nl;
    int def, level;
    dci_line second;
    dci_marker m;
    dci_heading h;

    track_regions(st, l);
    if (st->in.md && (level = dci_line_md_heading(&st->in, l, &a, &b)) != 0) {
        hyphen_literal(st);
        do_md_heading(st, a, b, level);
        set_sep(st, '\n', l->tend);
        *block = 1;
        st->in_note = 0;
        return 1;
    }
    if (!st->in.md && *block && (nl = dci_line_text_heading(&st->in, i, l, &h)) != 0) {
        hyphen_literal(st);
        if (nl == 2)
            dci_line_get(&st->in, i + 1, &second);
        do_text_heading(st, l, nl, &h, &second);
        set_sep(st, '\n', nl == 2 ? second.tend : l->tend);
        *block = 1;
        return nl;
    }
    if (st->in.md && dci_line_footnote(&st->in, l, &def)) {
        do_note(st, l, 1);
        st->in_note = def;
        /* a reference alone ("[^F…]" before "(5)") is transparent: the
         * next line starts a block if it would have without it */
        if (def)
            *block = 0;
        return 1;
    }
    if (st->in_note && (!*block || l->indent >= 4)) {
        do_note(st, l, *block);
        *block = 0;
        return 1;
    }
    st->in_note = 0;
    if (dci_line_marker(&st->in, l, &m) && accept_marker(st, l, &m, *block, prev)) {
        hyphen_literal(st);
        do_marker(st, l, &m);
        line_end(st, l, 1);
        *block = m.content >= l->tend;     /* "(2d)" alone: its text starts a block */
        return 1;
    }
    do_text(st, l, *block);
    line_end(st, l, 1);
    *block = 0;
    return 1;
}

/* A comment is left out of the view, as if its lines were not there; the
 * place of the text after it is kept for its markers (justify.c). */
static void note_comment(seg *st, const dci_line *l, size_t end)
{
    dci_comment *c;

    if (dci_grow((void **)&st->comments, &st->ccomments, st->ncomments + 1,
                 sizeof *st->comments)) {
        st->oom = 1;
        return;
    }
    c = &st->comments[st->ncomments++];
    c->start = l->text;
    c->end = end;
    c->vpos = st->vlen;
}

static void run_lines(seg *st, size_t first)
{
    size_t i = first;
    int block = 1, have_prev = 0;
    dci_line l, prev;
    size_t nc, end;

    while (i < st->in.nlines && !st->oom) {
        dci_line_get(&st->in, i, &l);
        if ((nc = dci_line_comment(&st->in, i, &l, &end)) != 0) {
            note_comment(st, &l, end);
            i += nc;
            continue;
        }
        if (dci_line_blank(&l)) {
            hyphen_literal(st);
            set_sep(st, '\n', l.start);
            block = 1;
            i++;
            continue;
        }
        i += do_line(st, i, &l, &block, have_prev ? &prev : NULL);
        prev = l;
        have_prev = 1;
    }
    hyphen_literal(st);
}

/* ---- entry ---------------------------------------------------------------------- */

int dci_segment(digicheck_draft *d, digicheck_error *err)
{
    seg st;
    size_t first;
    int k, rc = DIGICHECK_OK;

    memset(&st, 0, sizeof st);
    dci_input_init(&st.in, d);
    st.hy = DCI_NONE;
    for (k = 0; k < L_LEVELS; k++)
        st.lv[k].unit = -1;
    st.view = dci_malloc(d->src_len + 1);
    if (!st.view || add_unit(&st, DCI_UNIT_DOCUMENT, -1, 0, "", 0) < 0) {
        rc = DIGICHECK_ENOMEM;
        goto done;
    }
    first = dci_input_front_matter(&st.in);
    st.structured = dci_input_structured(&st.in, first);
    st.table_from = st.toc_from = DCI_NONE;
    run_lines(&st, first);
    close_from(&st, L_ART);
    region_end(&st, &st.table_from, DCI_ROLE_TABLE);
    region_end(&st, &st.toc_from, DCI_ROLE_TOC);
    if (st.nmap == 0)
        map_at(&st, st.in.body);
    if (st.oom) {
        rc = DIGICHECK_ENOMEM;
        goto done;
    }
    rc = dci_draft_take(d, &st.view, st.vlen, &st.map, st.nmap, &st.u);
    if (rc == DIGICHECK_OK && st.ncomments)     /* the markers need the units */
        rc = dci_justify_inline(d, st.comments, st.ncomments, err);
done:
    dci_free(st.view);
    dci_free(st.map);
    dci_free(st.u.v);
    dci_free(st.u.nums);
    dci_free(st.u.r);
    dci_free(st.comments);
    if (rc == DIGICHECK_ENOMEM)     /* a malformed marker has said what it is */
        dci_error(err, rc, d->name, 0, 0, "out of memory segmenting the draft");
    return rc;
}
