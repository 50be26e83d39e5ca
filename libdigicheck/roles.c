/*
 * roles.c -- the role each piece of a draft's text plays. A Satz is a
 * provision unless the segmenter marked it as part of a heading, a table of
 * contents or a table, it is an editorial note ("(Fundstelle: …)"), or it
 * is an amendment command. In a command ("In § 7 wird das Wort „a“ durch
 * das Wort „b“ ersetzt.") this module finds the quoted wording it removes
 * (old) and puts in (new), what it does (gestrichen, ersetzt, eingefügt,
 * angefügt, wie folgt gefasst, aufgehoben) and the provision it amends:
 * its target, "§ 7 Absatz 1 des …gesetzes", read from the command, the
 * list items above it ("1. § 7 wird wie folgt geändert:") and the heading
 * of the Artikel ("Änderung des …gesetzes"). Rules read provisions and new
 * wording (check.c asks dci_draft_role_at).
 *
 * It reads the view only, so every input format is read alike: LegalDocML.de
 * shows an akn:quotedText with its quotation marks, and an
 * akn:quotedStructure arrives as a region of new wording.
 */
#include <stdlib.h>
#include <string.h>

#include "dci.h"
#include "draft.h"
#include "chars.h"

static const char *const role_names[] = {
    "provision", "heading", "toc", "table", "footnote", "command", "old", "new", NULL
};
const dci_names dci_roles = { DCI_ROLE_PROVISION, role_names, NULL };

#define OPEN_Q  "\xE2\x80\x9E"      /* „ */
#define CLOSE_Q "\xE2\x80\x9C"      /* “ */
#define QLEN 3

/* ---- small readers of the view -------------------------------------------- */

static int word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);

    return i + k <= n && memcmp(s + i, w, k) == 0 &&
           (i == 0 || !is_alpha((unsigned char)s[i - 1])) &&
           (i + k == n || !is_alpha((unsigned char)s[i + k]));
}

/* The first place of word w in s[0, n), or n. */
static size_t find_word(const char *s, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == w[0] && word_at(s, n, i, w))
            return i;
    return n;
}

/* ---- the command ------------------------------------------------------------ */

/* A command's text with each quoted wording it holds replaced by one
 * placeholder byte (\x01), and where each placeholder stands. */
typedef struct masked {
    dci_buf b;
    size_t at[32];
    size_t n;
} masked;

static const struct { const char *word; int verb; } verbs[] = {
    { "ersetzt", DCI_AMEND_REPLACE }, { "eingefügt", DCI_AMEND_INSERT },
    { "angefügt", DCI_AMEND_INSERT }, { "vorangestellt", DCI_AMEND_INSERT },
    { "gefasst", DCI_AMEND_REWRITE }, { "gefaßt", DCI_AMEND_REWRITE },
    { "Fassung", DCI_AMEND_REWRITE }, { "gestrichen", DCI_AMEND_DELETE },
    { "aufgehoben", DCI_AMEND_REPEAL },
};

/* What a command does, from its words outside the quotes; DCI_AMEND_NONE
 * when it is none ("wird … ersetzt", "erhält folgende Fassung"). */
static int command_verb(const char *s, size_t n)
{
    size_t k;

    if (find_word(s, n, "wird") == n && find_word(s, n, "werden") == n &&
        find_word(s, n, "erhält") == n && find_word(s, n, "erhalten") == n)
        return DCI_AMEND_NONE;
    for (k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
        if (find_word(s, n, verbs[k].word) < n)
            return verbs[k].verb;
    return DCI_AMEND_NONE;
}

/* Is s[0, n) one of the words of a command? */
static int verb_word(const char *s, size_t n)
{
    size_t k;

    for (k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
        if (strlen(verbs[k].word) == n && memcmp(s, verbs[k].word, n) == 0)
            return 1;
    return 0;
}

/* The words that lead a reference, with their lengths: find_ref asks for
 * every word of every Satz, so the lengths are not counted again each time. */
#define KEY(w) { w, sizeof w - 1 }
static const struct { const char *word; size_t len; } ref_keys[] = {
    KEY("§"), KEY("§§"), KEY("Artikel"), KEY("Art."), KEY("Anlage"), KEY("Absatz"),
    KEY("Abs."), KEY("Satz"), KEY("Nummer"), KEY("Nr."), KEY("Buchstabe"), KEY("Buchst."),
    KEY("Doppelbuchstabe"), KEY("Halbsatz"),
};
#undef KEY

static int is_ref_key(const char *p, size_t n)
{
    size_t k;

    for (k = 0; k < sizeof ref_keys / sizeof ref_keys[0]; k++)
        if (ref_keys[k].len == n && memcmp(p, ref_keys[k].word, n) == 0)
            return 1;
    return 0;
}

/* The end of the word of a reference that starts at s[i]. */
static size_t ref_word_end(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != ':' && s[i] != '\x01')
        i++;
    return i;
}

/* A number of a reference: "7", "27a", "b", "aa". */
static int is_ref_num(const char *p, size_t n)
{
    size_t i;

    if (n == 0)
        return 0;
    if (is_digit((unsigned char)p[0]))
        return 1;
    for (i = 0; i < n; i++)
        if (p[i] < 'a' || p[i] > 'z')
            return 0;
    return n <= 2;
}

/* The first reference in s[0, n) ("§ 7 Absatz 1 Satz 2"): its span, or
 * *len 0. */
static size_t find_ref(const char *s, size_t n, size_t *len)
{
    size_t i = 0, start = n, last = 0;
    int want_num = 0;

    *len = 0;
    while (i < n) {
        size_t j = ref_word_end(s, n, i);
        if (j > i && want_num && is_ref_num(s + i, j - i)) {
            last = j;
            want_num = 0;
        } else if (j > i && is_ref_key(s + i, j - i) && (start == n || !want_num)) {
            if (start == n)
                start = i;
            want_num = 1;
        } else if (start != n) {
            break;
        }
        if (j < n && s[j] != ' ')
            break;
        i = j + 1;
    }
    if (start == n || last <= start)
        return n;
    *len = last - start;
    return start;
}

/* Is placeholder k of m the place after which new wording goes ("nach dem
 * Wort „a“ …")? An anchor is neither old nor new wording. */
static int is_anchor(const masked *m, size_t k)
{
    static const char *const fill[] = {
        "dem", "den", "der", "die", "das", "Wort", "Wörter", "Wörtern", "Wortes", "Angabe",
        "Angaben", "Zeichen", "Zahl", "Satzzeichen", "Komma", "Punkt", NULL
    };
    const char *s = m->b.data;
    size_t e = m->at[k], from = k > 0 ? m->at[k - 1] + 1 : 0;
    int words = 0;

    while (e > from && words < 4) {
        size_t b = e, f;
        while (b > from && s[b - 1] == ' ')
            b--;
        e = b;
        while (b > from && s[b - 1] != ' ' && s[b - 1] != '\x01')
            b--;
        if (b == e)
            break;
        if ((e - b == 4 && memcmp(s + b, "nach", 4) == 0) ||
            (e - b == 3 && memcmp(s + b, "vor", 3) == 0) ||
            (e - b == 6 && memcmp(s + b, "hinter", 6) == 0))
            return 1;
        for (f = 0; fill[f]; f++)
            if (strlen(fill[f]) == e - b && memcmp(s + b, fill[f], e - b) == 0)
                break;
        if (!fill[f])
            return 0;
        e = b;
        words++;
    }
    return 0;
}

/* The role of placeholder k of a command that does verb: old before "durch"
 * in a replacement, new after it; removed in a deletion or repeal; put in
 * otherwise. -1 for an anchor. */
static int quote_role(const masked *m, size_t k, int verb)
{
    if (is_anchor(m, k))
        return -1;
    if (verb == DCI_AMEND_REPLACE) {
        size_t durch = find_word(m->b.data, m->b.len, "durch");
        return m->at[k] < durch ? DCI_ROLE_OLD : DCI_ROLE_NEW;
    }
    return verb == DCI_AMEND_DELETE || verb == DCI_AMEND_REPEAL ? DCI_ROLE_OLD : DCI_ROLE_NEW;
}

/* ---- the target ---------------------------------------------------------------- */

static size_t first_satz_from(const digicheck_draft *d, size_t v);

/* The first Satz of unit u's own text (a list item's intro), or -1. */
static long intro_satz(const digicheck_draft *d, size_t u)
{
    size_t k = first_satz_from(d, d->units[u].start);
    size_t s;

    if (k >= d->nby_kind[DCI_UNIT_SATZ])
        return -1;
    s = d->by_kind[DCI_UNIT_SATZ][k];
    return d->units[s].parent == (long)u ? (long)s : -1;
}

static int ref_is_whole(const char *p)
{
    return strncmp(p, "§", strlen("§")) == 0 || strncmp(p, "Artikel", 7) == 0 ||
           strncmp(p, "Anlage", 6) == 0;
}

/* Prepends the references of the list items above Satz s until the
 * reference names a § (or Artikel, Anlage); appends the law the Artikel
 * heading names ("Änderung des …gesetzes" gives "des …gesetzes"). */
static void complete_target(const digicheck_draft *d, size_t s, dci_buf *t)
{
    long u = d->units[s].parent;
    static const char change[] = "Änderung ";

    for (; u > 0 && !(t->len && ref_is_whole(t->data)); u = d->units[u].parent) {
        long in = intro_satz(d, (size_t)u);
        size_t len, at;
        dci_buf more = { 0 };
        if (in < 0 || (size_t)in == s)
            continue;
        at = find_ref(d->view + d->units[in].start, d->units[in].end - d->units[in].start,
                      &len);
        if (!len)
            continue;
        dci_buf_append(&more, d->view + d->units[in].start + at, len);
        if (t->len) {
            dci_buf_putc(&more, ' ');
            dci_buf_append(&more, t->data, t->len);
        }
        more.oom |= t->oom;
        dci_free(t->data);
        *t = more;
    }
    for (u = d->units[s].parent; u > 0; u = d->units[u].parent) {
        const dci_unit *a = &d->units[u];
        size_t hl = a->head_end - a->head_start;
        if (a->kind != DCI_UNIT_ARTIKEL)
            continue;
        if (hl > strlen(change) && memcmp(d->view + a->head_start, change, strlen(change)) == 0) {
            if (t->len)
                dci_buf_putc(t, ' ');
            dci_buf_append(t, d->view + a->head_start + strlen(change), hl - strlen(change));
        }
        break;
    }
}

/* ---- building the quotes ------------------------------------------------------- */

typedef struct qlist {
    dci_quote *v;
    size_t n, cap;
    int oom;
    int *role;              /* the role of every unit, as found so far */
    dci_arena strings;      /* the targets */
} qlist;

static void qlist_add(qlist *l, size_t start, size_t end, int role, int verb, size_t satz,
                      const char *target)
{
    if (dci_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
        l->oom = 1;
        return;
    }
    l->v[l->n].start = start;
    l->v[l->n].end = end;
    l->v[l->n].role = role;
    l->v[l->n].verb = verb;
    l->v[l->n].satz = satz;
    l->v[l->n].target = target;
    l->n++;
}

/* The target of the command in Satz s with masked text m, in the arena. */
static const char *target_of(const digicheck_draft *d, size_t s, const masked *m,
                             dci_arena *arena, int *oom)
{
    size_t len, at = find_ref(m->b.data, m->b.len, &len);
    dci_buf t = { 0 };
    const char *out = NULL;

    if (len)
        dci_buf_append(&t, m->b.data + at, len);
    complete_target(d, s, &t);
    if (t.oom)
        *oom = 1;
    else if (t.len && !(out = dci_arena_strndup(arena, t.data, t.len)))
        *oom = 1;
    dci_free(t.data);
    return out;
}

/* Quoted pairs „…“ in the view: open[i] and close[i] are the offsets of the
 * marks. A „ inside an open quotation nests (its “ does not close). */
typedef struct pairs {
    size_t *open, *close;
    size_t n, cap, cap2;
} pairs;

static int find_pairs(const digicheck_draft *d, pairs *p)
{
    size_t i, at = 0;
    int depth = 0;

    for (i = 0; i + QLEN <= d->view_len; i++) {
        const char *e = memchr(d->view + i, '\xE2', d->view_len - QLEN + 1 - i);
        if (!e)
            break;
        i = (size_t)(e - d->view);
        if (memcmp(d->view + i, OPEN_Q, QLEN) == 0) {
            if (depth++ == 0)
                at = i;
        } else if (memcmp(d->view + i, CLOSE_Q, QLEN) == 0 && depth > 0 && --depth == 0) {
            if (dci_grow((void **)&p->open, &p->cap, p->n + 1, sizeof *p->open) ||
                dci_grow((void **)&p->close, &p->cap2, p->n + 1, sizeof *p->close))
                return DIGICHECK_ENOMEM;
            p->open[p->n] = at;
            p->close[p->n] = i;
            p->n++;
        }
    }
    return DIGICHECK_OK;
}

/* Reads the command that Satz s may be, whose quotations are pairs
 * [first, last]; adds its quoted wording to l and returns whether it is a
 * command. */
static int read_command(const digicheck_draft *d, size_t s, const pairs *p, size_t first,
                        size_t last, qlist *l)
{
    const dci_unit *un = &d->units[s];
    masked m;
    size_t k, from = un->start, tail;
    int verb;
    const char *target;
    long ts;

    memset(&m, 0, sizeof m);
    for (k = first; k <= last && m.n < sizeof m.at / sizeof m.at[0]; k++) {
        dci_buf_append(&m.b, d->view + from, p->open[k] - from);
        m.at[m.n++] = m.b.len;
        dci_buf_putc(&m.b, '\x01');
        from = p->close[k] + QLEN;
    }
    last = first + m.n - 1;
    ts = dci_draft_unit_at(d, DCI_UNIT_SATZ, p->close[last]);
    tail = ts >= 0 && d->units[ts].end > from ? d->units[ts].end : un->end > from ? un->end
                                                                                : from;
    dci_buf_append(&m.b, d->view + from, tail - from);
    if (m.b.oom) {
        l->oom = 1;
        dci_free(m.b.data);
        return 0;
    }
    verb = m.b.len ? command_verb(m.b.data, m.b.len) : DCI_AMEND_NONE;
    if (verb != DCI_AMEND_NONE) {
        target = target_of(d, s, &m, &l->strings, &l->oom);
        for (k = 0; k < m.n; k++) {
            int role = quote_role(&m, k, verb);
            if (role >= 0)
                qlist_add(l, p->open[first + k] + QLEN, p->close[first + k], role, verb, s,
                          target);
        }
    }
    dci_free(m.b.data);
    return verb != DCI_AMEND_NONE;
}

/* The Satz whose command a quotation opening at o in Satz s belongs to:
 * s, or the Satz before when the quotation starts s and that one ends in
 * a colon ("Absatz 2 wird wie folgt gefasst:" above the new wording). */
static size_t command_before(const digicheck_draft *d, size_t s, size_t o)
{
    size_t k = first_satz_from(d, d->units[s].start), i;
    const dci_unit *prev;

    for (i = d->units[s].start; i < o; i++)
        if (d->view[i] != ' ' && d->view[i] != '\n')
            return s;
    if (k == 0)
        return s;
    prev = &d->units[d->by_kind[DCI_UNIT_SATZ][k - 1]];
    return prev->end > prev->start && d->view[prev->end - 1] == ':'
               ? d->by_kind[DCI_UNIT_SATZ][k - 1] : s;
}

/* The quoted wording of every command, and the commands' Satz roles. */
static void read_commands(const digicheck_draft *d, const pairs *p, qlist *l)
{
    size_t i = 0, cmd;

    while (i < p->n && !l->oom) {
        long s = dci_draft_unit_at(d, DCI_UNIT_SATZ, p->open[i]);
        size_t j = i;
        if (s < 0) {
            i++;
            continue;
        }
        /* the pairs that open in the same Satz */
        while (j + 1 < p->n && p->open[j + 1] < d->units[s].end &&
               p->open[j + 1] > p->close[j])
            j++;
        cmd = command_before(d, (size_t)s, p->open[i]);
        if (read_command(d, cmd, p, i, j, l))
            l->role[cmd] = DCI_ROLE_COMMAND;
        i = j + 1;
    }
}

/* A command without quotation: it starts with what it amends and ends in
 * what it does. "§ 5 wird aufgehoben.", "In Absatz 2 wird Satz 3
 * gestrichen." */
static int bare_command(const digicheck_draft *d, const dci_unit *un)
{
    static const char *const lead[] = { "", "In ", "Im ", "Dem ", "Nach ", NULL };
    const char *s = d->view + un->start;
    size_t n = un->end - un->start, len, at, e = n, b, k;

    /* most Sätze start with no lead and key: that is seen before their
     * words are read */
    for (k = 0; lead[k]; k++) {
        size_t l = strlen(lead[k]);
        if (n >= l && memcmp(s, lead[k], l) == 0 && is_ref_key(s + l, ref_word_end(s, n, l) - l))
            break;
    }
    if (!lead[k])
        return 0;
    at = find_ref(s, n, &len);
    if (!len || at != strlen(lead[k]))
        return 0;
    while (e > 0 && (s[e - 1] == '.' || s[e - 1] == ' ' || s[e - 1] == ';'))
        e--;
    for (b = e; b > 0 && s[b - 1] != ' '; b--)
        ;
    return verb_word(s + b, e - b) && command_verb(s, n) != DCI_AMEND_NONE;
}

/* ---- the other roles ---------------------------------------------------------- */

static int editorial_note(const char *s, size_t n)
{
    static const char *const starts[] = {
        "(Fundstelle", "(Inhalt:", "Fundstelle des Originaltextes", "(+++", NULL
    };
    size_t k;

    for (k = 0; starts[k]; k++)
        if (n >= strlen(starts[k]) && memcmp(s, starts[k], strlen(starts[k])) == 0)
            return 1;
    return 0;
}

/* A sentence in a table that reads as a provision: the statutes' Markdown
 * lays out numbered provisions as tables too. Six words or more, ending in
 * one full stop (not the leader dots of a fee schedule), no amount. */
static int provision_in_table(const char *s, size_t n)
{
    size_t i, words = 1;

    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n < 2 || s[n - 1] != '.' || s[n - 2] == '.')
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] == ' ')
            words++;
        if (n - i >= 3 && memcmp(s + i, "\xE2\x82\xAC", 3) == 0)
            return 0;               /* € */
        if (word_at(s, n, i, "Euro") || word_at(s, n, i, "EUR"))
            return 0;
    }
    return words >= 6;
}

/* The first Satz (index into by_kind) starting at or after v. */
static size_t first_satz_from(const digicheck_draft *d, size_t v)
{
    return dci_draft_first_from(d, DCI_UNIT_SATZ, v);
}

/* Regions of the segmenter: headings, tables of contents and tables give
 * the Sätze starting in them their role; new wording (an akn:quotedStructure)
 * becomes quoted wording of the command before it. */
static void apply_regions(const digicheck_draft *d, const dci_region *r, size_t nr, qlist *l)
{
    size_t i, k;

    for (i = 0; i < nr && !l->oom; i++) {
        size_t first = first_satz_from(d, r[i].start);
        for (k = first; k < d->nby_kind[DCI_UNIT_SATZ]; k++) {
            size_t u = d->by_kind[DCI_UNIT_SATZ][k];
            const dci_unit *s = &d->units[u];
            if (s->start >= r[i].end)
                break;
            if (r[i].role != DCI_ROLE_TABLE ||
                !provision_in_table(d->view + s->start, s->end - s->start))
                l->role[u] = r[i].role;
        }
        if (r[i].role == DCI_ROLE_NEW && first > 0) {
            size_t cmd = d->by_kind[DCI_UNIT_SATZ][first - 1];
            const dci_unit *c = &d->units[cmd];
            int verb = command_verb(d->view + c->start, c->end - c->start);
            masked m;
            memset(&m, 0, sizeof m);
            dci_buf_append(&m.b, d->view + c->start, c->end - c->start);
            l->role[cmd] = DCI_ROLE_COMMAND;
            qlist_add(l, r[i].start, r[i].end, DCI_ROLE_NEW,
                      verb != DCI_AMEND_NONE ? verb : DCI_AMEND_REWRITE, cmd,
                      m.b.oom ? NULL : target_of(d, cmd, &m, &l->strings, &l->oom));
            l->oom |= m.b.oom;
            dci_free(m.b.data);
        }
    }
}

static int by_start(const void *a, const void *b)
{
    const dci_quote *x = a, *y = b;

    return x->start < y->start ? -1 : x->start > y->start;
}

/* The quoted wording that holds view offset v, or NULL (l sorted). */
static const dci_quote *quote_at(const dci_quote *v, size_t n, size_t at)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo].start <= at && at < v[lo].end ? &v[lo] : NULL;
}

/* Roles of Satz units that only the text says: editorial notes, bare
 * commands, and a Satz wholly inside quoted wording. */
static void text_roles(const digicheck_draft *d, const qlist *l, size_t n)
{
    size_t k;

    for (k = 0; k < d->nby_kind[DCI_UNIT_SATZ]; k++) {
        size_t u = d->by_kind[DCI_UNIT_SATZ][k];
        const dci_unit *s = &d->units[u];
        if (l->role[u] == DCI_ROLE_PROVISION &&
            editorial_note(d->view + s->start, s->end - s->start))
            l->role[u] = DCI_ROLE_FOOTNOTE;
        else if (l->role[u] == DCI_ROLE_PROVISION && bare_command(d, s))
            l->role[u] = DCI_ROLE_COMMAND;
    }
    for (k = 0; k < d->nby_kind[DCI_UNIT_SATZ]; k++) {
        size_t u = d->by_kind[DCI_UNIT_SATZ][k];
        const dci_unit *s = &d->units[u];
        const dci_quote *q = quote_at(l->v, n, s->start);
        if (q && s->end <= q->end + QLEN + 1 && l->role[u] != DCI_ROLE_COMMAND)
            l->role[u] = q->role;
    }
}

int dci_roles_find(const digicheck_draft *d, dci_rolemap *out)
{
    qlist l = { 0 };
    pairs p = { 0 };
    size_t i, n = 0;
    int rc = DIGICHECK_OK;

    memset(out, 0, sizeof *out);
    l.role = dci_malloc((d->nunits ? d->nunits : 1) * sizeof *l.role);
    if (!l.role)
        return DIGICHECK_ENOMEM;
    for (i = 0; i < d->nunits; i++)
        l.role[i] = d->units[i].role;
    apply_regions(d, d->regions, d->nregions, &l);
    if ((rc = find_pairs(d, &p)) != DIGICHECK_OK)
        goto done;
    read_commands(d, &p, &l);
    if (l.oom) {
        rc = DIGICHECK_ENOMEM;
        goto done;
    }
    if (l.n > 1)
        qsort(l.v, l.n, sizeof *l.v, by_start);
    /* a quotation inside new wording (a definition in an inserted §) is
     * part of it */
    for (i = 0; i < l.n; i++)
        if (n == 0 || l.v[i].start >= l.v[n - 1].end)
            l.v[n++] = l.v[i];
    text_roles(d, &l, n);
    out->role = l.role;
    out->quotes = l.v;
    out->nquotes = n;
    out->strings = l.strings;
    l.role = NULL;
    l.v = NULL;
    memset(&l.strings, 0, sizeof l.strings);
done:
    dci_arena_free(&l.strings);
    dci_free(l.role);
    dci_free(l.v);
    dci_free(p.open);
    dci_free(p.close);
    return rc;
}
