/*
 * draft.c -- the draft object: building it from checked input bytes, the
 * format a name or the content says (input.c chooses with it), the line
 * index, answers to questions, and the queries the checker and report make
 * (view offset to original offset, line and column, unit lookup, structural
 * paths).
 *
 * This module owns struct digicheck_draft and is the one that writes it;
 * build.c runs the segmenter of a new draft's format, description.c tells
 * it what a description says about the draft (dci_draft_describe).
 * The draft owns a NUL-terminated copy of the input; segment.c (text,
 * Markdown) and ldml.c (LegalDocML.de) build the normalized view, its map
 * and the units from it in arrays of their own and hand them over with
 * dci_draft_take, which indexes the units by kind; a view equal to the text
 * is dropped there, and d->view points at d->src, as it does when the view
 * differs from the text only in white space put for white space byte for
 * byte: then src is rewritten as the view, and the text as read is made
 * from the bytes changed when a host asks for it. Offsets, lines and columns always
 * refer to the original bytes, so a finding can be shown in the file the user
 * wrote. Columns count code points; a leading byte-order mark is not a
 * column (editors do not show it), but it is part of the byte offsets.
 */
#include <assert.h>
#include <string.h>
#include <strings.h>

#include "dci.h"
#include "yaml.h"
#include "draft.h"
#include "package.h"
#include "justify.h"

#define BOM "\xEF\xBB\xBF"

/* A view is never longer than the draft's text, whose offsets units hold in
 * 32 bits. */
_Static_assert(DIGICHECK_LIMIT_DRAFT_SIZE <= DCI_OFF_MAX,
               "unit offsets must hold every offset of a draft");

/* ---- small helpers ------------------------------------------------------- */

static int has_bom(const char *s, size_t len)
{
    return len >= 3 && memcmp(s, BOM, 3) == 0;
}

/* Does `name` end in `ext` (with the dot), ignoring ASCII case? */
static int ends_with(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext), i;

    if (n < e)
        return 0;
    for (i = 0; i < e; i++) {
        char a = name[n - e + i], b = ext[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* ---- formats -------------------------------------------------------------- */

int dci_format_by_name(const char *name)
{
    static const struct { const char *ext; int format; } by_ext[] = {
        { ".md", DIGICHECK_FORMAT_MARKDOWN }, { ".markdown", DIGICHECK_FORMAT_MARKDOWN },
        { ".txt", DIGICHECK_FORMAT_TEXT },    { ".yaml", DIGICHECK_FORMAT_YAML },
        { ".yml", DIGICHECK_FORMAT_YAML },    { ".json", DIGICHECK_FORMAT_JSON },
        { ".xml", DIGICHECK_FORMAT_LDML },    { ".docx", DIGICHECK_FORMAT_DOCX },
        { ".docm", DIGICHECK_FORMAT_DOCX },   { ".doc", DIGICHECK_FORMAT_DOCX },
        { ".odt", DIGICHECK_FORMAT_ODT },
    };
    size_t i;

    for (i = 0; name && i < sizeof by_ext / sizeof by_ext[0]; i++)
        if (ends_with(name, by_ext[i].ext))
            return by_ext[i].format;
    return DIGICHECK_FORMAT_AUTO;
}

/* The start of the line after the one at p, or NULL after the last line.
 * Lines end at "\n", "\r\n" and a lone "\r", as the line index has them. */
static const char *next_line(const char *p, const char *e)
{
    for (; p < e; p++) {
        if (*p == '\n')
            return p + 1;
        if (*p == '\r')
            return p + 1 < e && p[1] == '\n' ? p + 2 : p + 1;
    }
    return NULL;
}

/* Does a line start with a Markdown heading ("## § 3", "# Titel")? */
static int has_md_heading(const char *p, const char *e)
{
    size_t k;

    for (; p; p = next_line(p, e)) {
        for (k = 0; p + k < e && k < 6 && p[k] == '#'; k++)
            ;
        if (k && p + k < e && (p[k] == ' ' || p[k] == '\t'))
            return 1;
    }
    return 0;
}

/* Is this a draft description in YAML: a line "text:" or "text_file:" at
 * the margin and no Markdown heading? (Statutes start with YAML front
 * matter too, but never name their text.) */
static int names_its_text(const char *body, const char *e)
{
    const char *p;

    if (has_md_heading(body, e))
        return 0;
    for (p = body; p; p = next_line(p, e))
        if ((e - p >= 5 && memcmp(p, "text:", 5) == 0) ||
            (e - p >= 10 && memcmp(p, "text_file:", 10) == 0))
            return 1;
    return 0;
}

int dci_format_by_content(const char *s, size_t len, int descriptions)
{
    size_t body = has_bom(s, len) ? 3 : 0, i = body;
    const char *e = s + len;

    if (dci_package_magic(s, len) != DCI_MAGIC_NONE)
        return DIGICHECK_FORMAT_DOCX;   /* a zip or OLE file: the Word reader says which */
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    if (i < len && s[i] == '<')
        return DIGICHECK_FORMAT_LDML;
    if (descriptions && i < len && s[i] == '{')
        return DIGICHECK_FORMAT_JSON;
    if (descriptions && names_its_text(s + body, e))
        return DIGICHECK_FORMAT_YAML;
    if ((len - body >= 4 && (memcmp(s + body, "---\n", 4) == 0 ||
                             memcmp(s + body, "---\r", 4) == 0)) ||
        has_md_heading(s + body, e))
        return DIGICHECK_FORMAT_MARKDOWN;
    return DIGICHECK_FORMAT_TEXT;
}

/* ---- lines ---------------------------------------------------------------- */

/* Line starts for "\n", "\r\n" and "\r" endings; a terminator at the very end
 * starts an (empty) last line. */
static int index_lines(digicheck_draft *d)
{
    const char *s = d->src, *p;
    size_t n = d->src_len, i, count = 1, k = 0;

    if (!memchr(s, '\r', n)) {             /* line feeds only: memchr finds them */
        for (p = s; (p = memchr(p, '\n', n - (size_t)(p - s))) != NULL; p++)
            count++;
        if (!(d->lines = dci_malloc(count * sizeof *d->lines)))
            return DIGICHECK_ENOMEM;
        d->lines[k++] = 0;
        for (p = s; (p = memchr(p, '\n', n - (size_t)(p - s))) != NULL; p++)
            d->lines[k++] = (size_t)(p - s) + 1;
        d->nlines = count;
        return DIGICHECK_OK;
    }
    for (i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            count++;
    d->lines = dci_malloc(count * sizeof *d->lines);
    if (!d->lines)
        return DIGICHECK_ENOMEM;
    d->lines[k++] = 0;
    for (i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            d->lines[k++] = i + 1;
    d->nlines = count;
    return DIGICHECK_OK;
}

int dci_draft_check_encoding(const char *s, size_t len, const char *src, digicheck_error *err)
{
    size_t bad = dci_utf8_invalid(s, len);
    long line, column;

    if (bad == len)
        return DIGICHECK_OK;
    dci_offset_linecol(s, bad, &line, &column);
    if (s[bad] == '\0')
        return dci_error(err, DIGICHECK_EENCODING, src, line, column,
                         "NUL byte at byte offset %zu (line %ld, column %ld); "
                         "a draft must be text", bad, line, column);
    return dci_error(err, DIGICHECK_EENCODING, src, line, column,
                     "invalid UTF-8 at byte offset %zu (line %ld, column %ld); "
                     "convert the file to UTF-8", bad, line, column);
}

/* ---- construction --------------------------------------------------------- */

int dci_draft_new(digicheck_draft **out, char *data, size_t len, const char *name, int fmt,
                  digicheck_error *err)
{
    digicheck_draft *d = NULL;
    const char *src = name ? name : "<input>";
    int rc;

    assert(fmt != DIGICHECK_FORMAT_YAML && fmt != DIGICHECK_FORMAT_JSON);
    /* the text view of a Word or OpenDocument file is made, not read: it is
     * held to the limit here (its labels could make it longer than its part) */
    if (len > (size_t)DIGICHECK_LIMIT_DRAFT_SIZE) {
        rc = dci_error(err, DIGICHECK_ELIMIT, src, 0, 0,
                       "the text of the draft is %zu bytes; the limit is %ld bytes", len,
                       (long)DIGICHECK_LIMIT_DRAFT_SIZE);
        goto done;
    }
    rc = dci_draft_check_encoding(data, len, src, err);
    if (rc != DIGICHECK_OK)
        goto done;
    d = dci_malloc(sizeof *d);
    if (!d) {
        rc = dci_error(err, DIGICHECK_ENOMEM, src, 0, 0, "out of memory reading a draft");
        goto done;
    }
    memset(d, 0, sizeof *d);
    d->src = data;
    d->src_len = len;
    data = NULL;
    d->format = fmt == DIGICHECK_FORMAT_AUTO ? dci_format_by_content(d->src, len, 0) : fmt;
    d->name = dci_strdup(src);
    if (!d->name || index_lines(d) != DIGICHECK_OK) {
        rc = dci_error(err, DIGICHECK_ENOMEM, src, 0, 0, "out of memory reading a draft");
        goto done;
    }
    *out = d;
    d = NULL;
done:
    dci_free(data);
    digicheck_draft_free(d);
    return rc;
}

void dci_draft_describe(digicheck_draft *d, dci_yaml_doc *doc, const dci_draft_about *about)
{
    d->description = doc;
    d->title = about->title;
    d->kind = about->kind;
    d->jurisdiction = about->jurisdiction;
    d->date = about->date;
    d->facts = about->facts;
    d->line_base = about->line_base;
    d->col_base = about->col_base;
}

int dci_draft_describe_answers(digicheck_draft *d, const dci_answer *a, size_t n,
                               const char *source)
{
    const char *in = dci_arena_strdup(&d->description->arena, source);

    if (!in)
        return DIGICHECK_ENOMEM;
    d->described = a;
    d->ndescribed = n;
    d->described_in = in;
    return DIGICHECK_OK;
}

/* The index of key in a table of n entries, or n. */
static size_t kv_find(const dci_kv *t, size_t n, const char *key)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(t[i].key, key) == 0)
            break;
    return i;
}

/* Sets key to a copy of value in the table (*t, *n, *cap): a later value
 * replaces an earlier one. */
static int kv_set(digicheck_draft *d, dci_kv **t, size_t *n, size_t *cap, const char *key,
                  const char *value, const char *what, digicheck_error *err)
{
    char *k = NULL, *v = dci_strdup(value);
    size_t i = kv_find(*t, *n, key);
    int rc = DIGICHECK_OK;

    if (!v || (i == *n && (!(k = dci_strdup(key)) || dci_grow((void **)t, cap, i + 1, sizeof **t)))) {
        rc = dci_error(err, DIGICHECK_ENOMEM, d->name, 0, 0, "out of memory recording %s", what);
        goto done;
    }
    if (i == *n) {
        (*t)[i].key = k;
        (*t)[i].value = NULL;
        (*n)++;
        k = NULL;
    }
    dci_free((*t)[i].value);
    (*t)[i].value = v;
    v = NULL;
done:
    dci_free(k);
    dci_free(v);
    return rc;
}

/* The arguments of the setters: d, a question id and a non-empty value. */
static int check_set_args(const digicheck_draft *d, const char *question_id, const char *value,
                          const char *arg, digicheck_error *err)
{
    if (!d)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'd' is NULL");
    if (!question_id || !*question_id)
        return dci_error(err, DIGICHECK_EINVAL, d->name, 0, 0,
                         "argument 'question_id' is NULL or empty");
    if (!value || !*value)
        return dci_error(err, DIGICHECK_EINVAL, d->name, 0, 0,
                         "argument '%s' is NULL or empty (question '%s')", arg, question_id);
    return DIGICHECK_OK;
}

int digicheck_draft_set_answer(digicheck_draft *d, const char *question_id, const char *answer,
                               digicheck_error *err)
{
    int rc = check_set_args(d, question_id, answer, "answer", err);

    return rc ? rc : kv_set(d, &d->answers, &d->nanswers, &d->answers_cap, question_id, answer,
                            "an answer", err);
}

int digicheck_draft_set_reason(digicheck_draft *d, const char *question_id, const char *reason,
                               digicheck_error *err)
{
    int rc = check_set_args(d, question_id, reason, "reason", err);

    return rc ? rc : kv_set(d, &d->reasons, &d->nreasons, &d->reasons_cap, question_id, reason,
                            "a Begründung", err);
}

/* ---- justifications -------------------------------------------------------- */

/* s copied into the draft's arena; NULL stays NULL (*oom set on failure). */
static const char *keep_str(digicheck_draft *d, const char *s, int *oom)
{
    const char *p = s ? dci_arena_strdup(&d->just_strings, s) : NULL;

    *oom |= s && !p;
    return p;
}

int dci_draft_justify(digicheck_draft *d, const dci_justification *j)
{
    dci_justification *to;
    int oom = 0;

    if (dci_grow((void **)&d->justs, &d->justs_cap, d->njusts + 1, sizeof *d->justs))
        return -1;
    to = &d->justs[d->njusts];
    *to = *j;
    to->rule = keep_str(d, j->rule, &oom);
    to->at = keep_str(d, j->at, &oom);
    to->reason = keep_str(d, j->reason, &oom);
    to->by = keep_str(d, j->by, &oom);
    to->file = keep_str(d, j->file, &oom);
    if (oom)
        return -1;
    d->njusts++;
    return 0;
}

/* The white space a view's byte may have been as read: its code in a patch. */
static const char patch_bytes[4] = { ' ', '\t', '\n', '\r' };

/* A patch holds its offset shifted left by 2 in 32 bits. */
_Static_assert(DIGICHECK_LIMIT_DRAFT_SIZE <= (1L << 30), "a patch's offset fits 30 bits");

/* The text as read, made from the view and its patches the first time it
 * is asked for; NULL when out of memory. */

static const char *text_as_read(const digicheck_draft *d)
{
    /* the one field a reader writes, once; the first published stays */
    char **at = &((digicheck_draft *)d)->as_read, *t = __atomic_load_n(at, __ATOMIC_ACQUIRE);
    char *none = NULL;
    size_t i;

    if (t || !(t = dci_malloc(d->src_len + 1)))
        return t;
    memcpy(t, d->src, d->src_len + 1);
    for (i = 0; i < d->npatches; i++)
        t[d->patches[i] >> 2] = patch_bytes[d->patches[i] & 3];
    if (!__atomic_compare_exchange_n(at, &none, t, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        dci_free(t);
        t = none;
    }
    return t;
}

const char *digicheck_draft_text(const digicheck_draft *d, size_t *len)
{
    const char *t = !d ? NULL : d->npatches ? text_as_read(d) : d->src;

    if (len)
        *len = t ? d->src_len : 0;
    return t;
}

void digicheck_draft_free(digicheck_draft *d)
{
    size_t i;

    if (!d)
        return;
    for (i = 0; i < d->nanswers; i++) {
        dci_free(d->answers[i].key);
        dci_free(d->answers[i].value);
    }
    dci_free(d->answers);
    for (i = 0; i < d->nreasons; i++) {
        dci_free(d->reasons[i].key);
        dci_free(d->reasons[i].value);
    }
    dci_free(d->reasons);
    dci_free(d->justs);
    dci_arena_free(&d->just_strings);
    for (i = 0; i < DCI_UNIT_KINDS; i++)
        dci_free(d->by_kind[i]);
    dci_free(d->units);
    dci_free(d->nums);
    dci_free(d->map);
    if (d->view != d->src)
        dci_free(d->view);
    dci_free(d->lines);
    dci_free(d->src);
    dci_free(d->patches);
    dci_free(d->as_read);
    dci_free(d->name);
    dci_free(d->pieces);
    dci_free(d->quotes);
    dci_free(d->regions);
    dci_free(d->package);
    dci_free(d->paras);
    dci_arena_free(&d->strings);
    dci_arena_free(&d->role_strings);
    if (d->description)
        dci_yaml_free(d->description);
    dci_free(d->description);
    dci_free(d);
}

/* ---- the text model, handed over by a segmenter -------------------------- */

/* Indexes the units by kind, each list in document order (by start). */
static int index_kinds(digicheck_draft *d)
{
    size_t count[DCI_UNIT_KINDS] = {0}, i;
    int k;

    for (i = 0; i < d->nunits; i++)
        count[d->units[i].kind]++;
    for (k = 0; k < DCI_UNIT_KINDS; k++) {
        d->by_kind[k] = dci_malloc(count[k] * sizeof *d->by_kind[k]);
        if (!d->by_kind[k])
            return DIGICHECK_ENOMEM;
        d->nby_kind[k] = 0;
    }
    for (i = 0; i < d->nunits; i++) {
        int kind = d->units[i].kind;
        d->by_kind[kind][d->nby_kind[kind]++] = i;
    }
    return DIGICHECK_OK;
}

/* The code of white space byte c in a patch, or -1. */
static int patch_code(char c)
{
    const char *p = memchr(patch_bytes, c, sizeof patch_bytes);

    return p ? (int)(p - patch_bytes) : -1;
}

/* How many bytes of view[0..vlen) differ from the text, if each is white
 * space in both; else (size_t)-1. */
static size_t count_patches(const digicheck_draft *d, const char *view, size_t vlen)
{
    size_t i, n = 0;

    for (i = 0; i < vlen; i++)
        if (view[i] != d->src[i]) {
            if (patch_code(view[i]) < 0 || patch_code(d->src[i]) < 0)
                return (size_t)-1;
            n++;
        }
    return n;
}

/* Makes the text the view, keeping what changes as patches, where that
 * takes less than a copy: 4 bytes a changed byte against one a byte.
 * Returns 1 when it did (view is then not needed), else 0 (out of memory
 * too: the copy serves). */
static int patch_in_place(digicheck_draft *d, const char *view, size_t vlen)
{
    size_t n = count_patches(d, view, vlen), i, k = 0;

    if (n == (size_t)-1 || n >= vlen / sizeof *d->patches)
        return 0;
    if (!(d->patches = dci_malloc(n * sizeof *d->patches)))   /* n > 0: they differ */
        return 0;
    for (i = 0; i < vlen; i++)
        if (view[i] != d->src[i]) {
            d->patches[k++] = (uint32_t)i << 2 | (uint32_t)patch_code(d->src[i]);
            d->src[i] = view[i];
        }
    d->npatches = n;
    return 1;
}

int dci_draft_take(digicheck_draft *d, char **view, size_t vlen, dci_mapseg **map, size_t nmap,
                   dci_units *u)
{
    int shared = 0;

    assert(vlen <= DCI_OFF_MAX && u->n <= DCI_OFF_MAX);
    (*view)[vlen] = '\0';
    u->v[0].end = (uint32_t)vlen;
    /* a text that normalizing leaves as it is (one line, single spaces,
     * perhaps white space at the end that the view leaves out) needs no
     * second copy: the view is the start of the text itself; nor one that
     * it changes only in white space for white space (patches) */
    if (vlen <= d->src_len)
        shared = memcmp(*view, d->src, vlen) == 0 ? 1 : patch_in_place(d, *view, vlen);
    d->view = *view;
    if (shared) {
        dci_free(*view);
        d->view = d->src;
    }
    d->view_len = vlen;
    d->map = *map;
    d->nmap = nmap;
    d->units = u->v;
    d->nunits = u->n;
    d->nums = u->nums;
    *view = NULL;
    *map = NULL;
    u->v = NULL;
    u->nums = NULL;
    d->regions = u->r;
    d->nregions = u->nr;
    u->r = NULL;
    u->nr = u->rcap = 0;
    return index_kinds(d);
}

void dci_draft_take_roles(digicheck_draft *d, dci_rolemap *roles)
{
    size_t i;

    for (i = 0; i < d->nunits; i++)
        d->units[i].role = roles->role[i];
    dci_free(roles->role);
    dci_free(d->quotes);
    d->quotes = roles->quotes;
    d->nquotes = roles->nquotes;
    dci_arena_free(&d->role_strings);
    d->role_strings = roles->strings;
    memset(roles, 0, sizeof *roles);
    dci_free(d->regions);
    d->regions = NULL;
    d->nregions = 0;
}


void dci_draft_take_eids(digicheck_draft *d, dci_piece **pieces, size_t npieces,
                         dci_arena *strings)
{
    d->pieces = *pieces;
    d->npieces = npieces;
    d->strings = *strings;
    *pieces = NULL;
    strings->head = NULL;
}

void dci_draft_take_package(digicheck_draft *d, int fmt, char **package, size_t len,
                            dci_para **paras, size_t nparas)
{
    d->format = fmt;
    d->package = *package;
    d->package_len = len;
    d->paras = *paras;
    d->nparas = nparas;
    *package = NULL;
    *paras = NULL;
}

/* ---- queries -------------------------------------------------------------- */

void dci_draft_paragraph(const digicheck_draft *d, size_t o, int end, long *para, long *offset)
{
    size_t lo = 0, hi = d->nparas, n;
    const dci_para *p;

    *para = *offset = -1;
    if (!d->nparas)
        return;
    while (hi - lo > 1) {       /* the last paragraph starting at or before o */
        size_t mid = lo + (hi - lo) / 2;
        if (d->paras[mid].src <= o)
            lo = mid;
        else
            hi = mid;
    }
    p = &d->paras[lo];
    if (!end && o > p->src + p->len && lo + 1 < d->nparas)
        p++;                    /* a start between paragraphs: the next one's */
    n = o < p->src ? 0 : o - p->src;
    *para = p->index;
    *offset = (long)dci_utf8_count(d->src + p->src, n < p->len ? n : p->len);
}


size_t dci_draft_orig(const digicheck_draft *d, size_t v)
{
    size_t lo = 0, hi = d->nmap;

    if (v > d->view_len)
        v = d->view_len;
    if (hi == 0)
        return 0;
    /* the last segment starting at or before v */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->map[mid].view <= v)
            lo = mid;
        else
            hi = mid;
    }
    return d->map[lo].orig + (v - d->map[lo].view);
}

void dci_draft_locate(const digicheck_draft *d, size_t off, dci_cursor *cur)
{
    size_t lo = 0, hi = d->nlines, start;

    if (off > d->src_len)
        off = d->src_len;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    start = d->nlines ? d->lines[lo] : 0;
    if (start == 0 && has_bom(d->src, d->src_len) && off >= 3)
        start = 3;
    if (cur->off != (size_t)-1 && cur->line == (long)lo + 1 && cur->off >= start &&
        cur->off <= off) {
        cur->column += (long)dci_utf8_count(d->src + cur->off, off - cur->off);
    } else {
        cur->line = (long)lo + 1;
        cur->column = (long)dci_utf8_count(d->src + start, off - start) + 1;
    }
    cur->off = off;
}

void dci_draft_linecol(const digicheck_draft *d, size_t off, long *line, long *column)
{
    dci_cursor cur = {(size_t)-1, 0, 0};

    dci_draft_locate(d, off, &cur);
    *line = cur.line;
    *column = cur.column;
}

size_t dci_draft_section(const digicheck_draft *d, size_t u)
{
    long k = (long)u;

    for (; k > 0; k = d->units[k].parent) {
        int kind = d->units[k].kind;
        if (kind == DCI_UNIT_PARAGRAPH || kind == DCI_UNIT_ANLAGE || kind == DCI_UNIT_ARTIKEL)
            return (size_t)k;
    }
    return 0;
}

long dci_draft_lead_in(const digicheck_draft *d, size_t s)
{
    long item = d->units[s].parent, list, k;
    size_t seen = 0;
    int kind;

    if (item <= 0)
        return -1;
    kind = d->units[item].kind;
    if (kind != DCI_UNIT_NUMMER && kind != DCI_UNIT_BUCHSTABE && kind != DCI_UNIT_DOPPELBUCHSTABE)
        return -1;
    list = d->units[item].parent;
    /* the last Satz of the list's own text before the item (items of a
     * long list lie between: a bounded walk back) */
    for (k = (long)dci_draft_first_from(d, DCI_UNIT_SATZ, d->units[item].start) - 1;
         k >= 0 && seen < 512; k--, seen++) {
        size_t c = d->by_kind[DCI_UNIT_SATZ][k];
        if (d->units[c].parent == list)
            return (long)c;
        if (d->units[c].start < d->units[list].start)
            break;
    }
    return -1;
}

size_t dci_draft_first_from(const digicheck_draft *d, int kind, size_t v)
{
    const dci_off *idx = d->by_kind[kind];
    size_t lo = 0, hi = d->nby_kind[kind];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->units[idx[mid]].start < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

long dci_draft_unit_at(const digicheck_draft *d, int kind, size_t v)
{
    const dci_off *idx;
    size_t lo = 0, hi;

    assert(kind >= 0 && kind < DCI_UNIT_KINDS);
    if (kind == DCI_UNIT_DOCUMENT)
        return d->nunits ? 0 : -1;
    idx = d->by_kind[kind];
    hi = d->nby_kind[kind];
    if (hi == 0 || d->units[idx[0]].start > v)
        return -1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->units[idx[mid]].start <= v)
            lo = mid;
        else
            hi = mid;
    }
    return v < d->units[idx[lo]].end ? (long)idx[lo] : -1;
}

size_t dci_draft_innermost(const digicheck_draft *d, size_t v)
{
    /* deepest kinds first: a unit of a deeper kind holding v lies inside
     * every holder of a shallower kind */
    static const int order[] = {
        DCI_UNIT_SATZ, DCI_UNIT_DOPPELBUCHSTABE, DCI_UNIT_BUCHSTABE, DCI_UNIT_NUMMER,
        DCI_UNIT_ABSATZ, DCI_UNIT_PARAGRAPH, DCI_UNIT_ANLAGE, DCI_UNIT_ARTIKEL
    };
    size_t i;

    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        long u = dci_draft_unit_at(d, order[i], v);
        if (u >= 0)
            return (size_t)u;
    }
    return 0;
}

void dci_draft_path(const digicheck_draft *d, size_t unit, dci_buf *out)
{
    static const char *const label[DCI_UNIT_KINDS] = {
        "", "Art.", "\xC2\xA7", "Anlage", "Abs.", "Nr.", "Buchst.", "Doppelbuchst.", "Satz"
    };
    size_t chain[DCI_UNIT_KINDS + 1];
    size_t n = 0, first = 1;
    long u = (long)unit;

    while (u > 0 && n < sizeof chain / sizeof chain[0]) {
        chain[n++] = (size_t)u;
        u = d->units[u].parent;
    }
    while (n--) {
        const dci_unit *x = &d->units[chain[n]];
        char buf[DCI_NUM_MAX];
        const char *num = dci_unit_num(x, d->nums, buf);
        if (x->kind == DCI_UNIT_ABSATZ && !num[0])
            continue;       /* the one Absatz of a § without "(1)" */
        if (!first)
            dci_buf_putc(out, ' ');
        first = 0;
        dci_buf_puts(out, label[x->kind]);
        if (num[0]) {
            dci_buf_putc(out, ' ');
            dci_buf_puts(out, num);
        }
    }
    if (first)
        dci_buf_append(out, "", 0);     /* "" is still a NUL-terminated string */
}

const char *dci_draft_answer(const digicheck_draft *d, const char *question)
{
    size_t i = kv_find(d->answers, d->nanswers, question);

    return i < d->nanswers ? d->answers[i].value : NULL;
}

const char *dci_draft_reason(const digicheck_draft *d, const char *question)
{
    size_t i = kv_find(d->reasons, d->nreasons, question);

    return i < d->nreasons ? d->reasons[i].value : NULL;
}

int dci_draft_role_at(const digicheck_draft *d, size_t s, size_t v, const dci_quote **q)
{
    size_t lo = 0, hi = d->nquotes;

    *q = NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->quotes[mid].end <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->nquotes && d->quotes[lo].start <= v && v < d->quotes[lo].end) {
        *q = &d->quotes[lo];
        return d->quotes[lo].role;
    }
    return d->units[s].role;
}
