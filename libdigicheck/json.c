/*
 * json.c -- JSON texts (RFC 8259) as the node tree of yaml.h.
 *
 * Draft descriptions may be written in JSON. libyaml reads most JSON as
 * YAML 1.1, but not all of it: it refuses the surrogate pairs
 * ("\ud83d\ude00") that Python's json.dump writes for characters outside
 * the BMP, and it accepts what JSON does not (comments, unquoted keys,
 * trailing commas). This module owns a strict reader that builds the tree
 * the YAML readers walk, every node with its line and column, so that a
 * description's errors point at the same places in either syntax.
 *
 * Recursion follows the nesting of the input, bounded by the depth limit,
 * which is checked before descending. Columns are counted as the reader
 * moves forward (a cache of the last one), so a document of one long line
 * stays linear.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "json.h"

typedef struct reader {
    const char *s; size_t n, pos;
    long line; size_t line_start;       /* the current line, and its first byte */
    long col; size_t col_pos;           /* the column of byte col_pos, on that line */
    dci_yaml_doc *doc;
    dci_yaml_limits lim;
    size_t nodes, depth;
    const dci_yaml_node **kids; size_t nkids, kids_cap;   /* of the open collections */
    char *text; size_t ntext, text_cap;                   /* a string being decoded */
    const char *source;
    digicheck_error *err;
} reader;

/* ---- places and errors ---------------------------------------------------- */

/* The column of byte pos of the current line, at or after the last one asked. */
static long column_at(reader *r, size_t pos)
{
    if (r->col_pos < r->line_start || pos < r->col_pos) {
        r->col_pos = r->line_start;
        r->col = 1;
    }
    r->col += (long)dci_utf8_count(r->s + r->col_pos, pos - r->col_pos);
    r->col_pos = pos;
    return r->col;
}

static int fail(reader *r, int code, size_t pos, const char *fmt, ...) DCI_PRINTF(4, 5);

static int fail(reader *r, int code, size_t pos, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dci_error(r->err, code, r->source, r->line, column_at(r, pos), "%s", msg);
}

static int oom(reader *r)
{
    return dci_error(r->err, DIGICHECK_ENOMEM, r->source, 0, 0, "out of memory reading JSON");
}

static int is_word_char(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' ||
           c == '.' || c == '+' || c == '-';
}

/* What stands at pos, for messages: "'x'" (a whole character, or the run
 * of letters and digits there) or "the end of the input". */
static const char *found(const reader *r, size_t pos, char *out, size_t cap)
{
    size_t k = 1;
    unsigned char c;

    if (pos >= r->n)
        return "the end of the input";
    c = (unsigned char)r->s[pos];
    if (c >= 0xC0)
        k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    else if (is_word_char((char)c))
        while (pos + k < r->n && k < 20 && is_word_char(r->s[pos + k]))
            k++;
    snprintf(out, cap, "'%.*s'", (int)k, r->s + pos);
    return out;
}

static void skip_space(reader *r)
{
    while (r->pos < r->n) {
        char c = r->s[r->pos];
        if (c == ' ' || c == '\t') {
            r->pos++;
        } else if (c == '\n' || c == '\r') {
            r->pos += c == '\r' && r->pos + 1 < r->n && r->s[r->pos + 1] == '\n' ? 2 : 1;
            r->line++;
            r->line_start = r->pos;
        } else {
            break;
        }
    }
}

/* ---- nodes ------------------------------------------------------------------ */

static int new_node(reader *r, int kind, size_t pos, dci_yaml_node **out)
{
    dci_yaml_node *n;

    if (++r->nodes > r->lim.max_nodes)
        return fail(r, DIGICHECK_ELIMIT, pos, "the document has more than %zu nodes",
                    r->lim.max_nodes);
    if (!(n = dci_arena_calloc(&r->doc->arena, sizeof *n)))
        return oom(r);
    n->kind = kind;
    n->line = n->value_line = r->line;
    n->column = n->value_column = column_at(r, pos);
    n->weight = 1;
    *out = n;
    return DIGICHECK_OK;
}

static int push(reader *r, const dci_yaml_node *n)
{
    if (dci_grow((void **)&r->kids, &r->kids_cap, r->nkids + 1, sizeof *r->kids))
        return oom(r);
    r->kids[r->nkids++] = n;
    return DIGICHECK_OK;
}

/* A plain scalar of the bytes [pos, end): a number or a literal. */
static int plain(reader *r, size_t pos, size_t end, const dci_yaml_node **out)
{
    dci_yaml_node *n;
    int rc;

    if ((rc = new_node(r, DCI_YAML_SCALAR, pos, &n)))
        return rc;
    if (!(n->str = dci_arena_strndup(&r->doc->arena, r->s + pos, end - pos)))
        return oom(r);
    n->len = end - pos;
    n->style = DCI_YAML_PLAIN;
    r->pos = end;
    *out = n;
    return DIGICHECK_OK;
}

/* ---- strings ------------------------------------------------------------------ */

static int put(reader *r, const char *bytes, size_t k)
{
    if (dci_grow((void **)&r->text, &r->text_cap, r->ntext + k + 1, 1))
        return oom(r);
    memcpy(r->text + r->ntext, bytes, k);
    r->ntext += k;
    return DIGICHECK_OK;
}

static int put_code_point(reader *r, unsigned long cp)
{
    char u[4];

    if (cp < 0x80) {
        u[0] = (char)cp;
        return put(r, u, 1);
    }
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        return put(r, u, 2);
    }
    if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        return put(r, u, 3);
    }
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    return put(r, u, 4);
}

/* The four hex digits after "\u" at p, or -1. */
static long hex4(const reader *r, size_t p)
{
    long v = 0;
    size_t i;

    if (p + 6 > r->n || r->s[p] != '\\' || r->s[p + 1] != 'u')
        return -1;
    for (i = p + 2; i < p + 6; i++) {
        char c = r->s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f'
                ? (c | 0x20) - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A "\uXXXX" escape at p (two for a surrogate pair); *p moves past it. */
static int unicode_escape(reader *r, size_t *p)
{
    long hi = hex4(r, *p), lo;

    if (hi < 0)
        return fail(r, DIGICHECK_ESYNTAX, *p, "invalid escape: \\u needs four hex digits");
    if (hi == 0)
        return fail(r, DIGICHECK_EENCODING, *p, "a string holds a NUL character (\\u0000)");
    if (hi >= 0xDC00 && hi <= 0xDFFF)
        return fail(r, DIGICHECK_ESYNTAX, *p, "a lone low surrogate \\u%04lX: it must follow "
                    "a high one (as in \\ud83d\\ude00)", hi);
    if (hi < 0xD800 || hi > 0xDBFF) {
        *p += 6;
        return put_code_point(r, (unsigned long)hi);
    }
    lo = hex4(r, *p + 6);
    if (lo < 0xDC00 || lo > 0xDFFF)
        return fail(r, DIGICHECK_ESYNTAX, *p, "a lone high surrogate \\u%04lX: a low one must "
                    "follow it (as in \\ud83d\\ude00)", hi);
    *p += 12;
    return put_code_point(r, 0x10000 + (((unsigned long)hi - 0xD800) << 10) +
                                 ((unsigned long)lo - 0xDC00));
}

/* An escape at p other than \u (p + 1 is inside the input); *p moves past it. */
static int simple_escape(reader *r, size_t *p)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = r->s[*p + 1] ? strchr(from, r->s[*p + 1]) : NULL;
    char buf[32];

    if (!k)
        return fail(r, DIGICHECK_ESYNTAX, *p, "invalid escape: '\\' before %s in a string "
                    "(JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                    found(r, *p + 1, buf, sizeof buf));
    *p += 2;
    return put(r, &to[k - from], 1);
}

static int string(reader *r, const dci_yaml_node **out)
{
    size_t start = r->pos, p = start + 1, run;
    dci_yaml_node *n;
    int rc;

    if ((rc = new_node(r, DCI_YAML_SCALAR, start, &n)))
        return rc;
    n->style = DCI_YAML_DOUBLE_QUOTED;
    n->value_column = n->column + 1;
    r->ntext = 0;
    for (;;) {
        for (run = p; run < r->n && r->s[run] != '"' && r->s[run] != '\\' &&
                      (unsigned char)r->s[run] >= 0x20; run++)
            ;
        if (run > p && (rc = put(r, r->s + p, run - p)))
            return rc;
        p = run;
        if (p >= r->n || (r->s[p] == '\\' && p + 1 >= r->n))
            return fail(r, DIGICHECK_ESYNTAX, start, "a string without its closing quote");
        if (r->s[p] == '"')
            break;
        if (r->s[p] != '\\')
            return fail(r, DIGICHECK_ESYNTAX, p, "a control character (U+%04X) in a string; "
                        "JSON writes it as an escape (\\n, \\t, \\u%04x)",
                        (unsigned char)r->s[p], (unsigned char)r->s[p]);
        if ((rc = p + 1 < r->n && r->s[p + 1] == 'u' ? unicode_escape(r, &p)
                                                      : simple_escape(r, &p)))
            return rc;
    }
    if (!(n->str = dci_arena_strndup(&r->doc->arena, r->text ? r->text : "", r->ntext)))
        return oom(r);
    n->len = r->ntext;
    r->pos = p + 1;
    *out = n;
    return DIGICHECK_OK;
}

/* ---- numbers and literals ------------------------------------------------------ */

static size_t digits(const reader *r, size_t p)
{
    while (p < r->n && r->s[p] >= '0' && r->s[p] <= '9')
        p++;
    return p;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, kept as written: a reader
 * that wants a number converts it, and a big one loses nothing. */
static int number(reader *r, const dci_yaml_node **out)
{
    size_t start = r->pos, p = start + (r->s[start] == '-'), q;
    char buf[32];
    int ok;

    q = p < r->n && r->s[p] == '0' ? p + 1 : digits(r, p);
    ok = q > p;
    if (ok && q < r->n && r->s[q] == '.') {
        p = q + 1;
        ok = (q = digits(r, p)) > p;
    }
    if (ok && q < r->n && (r->s[q] | 0x20) == 'e') {
        p = q + 1 + (q + 1 < r->n && (r->s[q + 1] == '+' || r->s[q + 1] == '-'));
        ok = (q = digits(r, p)) > p;
    }
    if (!ok || (q < r->n && is_word_char(r->s[q])))
        return fail(r, DIGICHECK_ESYNTAX, start, "invalid number %s (JSON writes numbers "
                    "as -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)",
                    found(r, start, buf, sizeof buf));
    return plain(r, start, q, out);
}

static int literal(reader *r, const dci_yaml_node **out)
{
    static const char *const words[] = { "true", "false", "null" };
    size_t i, k;
    char buf[32];

    for (i = 0; i < 3; i++) {
        k = strlen(words[i]);
        if (r->n - r->pos >= k && memcmp(r->s + r->pos, words[i], k) == 0 &&
            (r->pos + k == r->n || !is_word_char(r->s[r->pos + k])))
            return plain(r, r->pos, r->pos + k, out);
    }
    return fail(r, DIGICHECK_ESYNTAX, r->pos, "expected a JSON value, found %s",
                found(r, r->pos, buf, sizeof buf));
}

/* ---- collections --------------------------------------------------------------- */

static int value(reader *r, const dci_yaml_node **out);

/* Takes the children pushed since base into n: pairs of an object, items
 * of an array. */
static int close_collection(reader *r, dci_yaml_node *n, size_t base)
{
    size_t count = r->nkids - base, i;
    int rc;

    for (i = base; i < r->nkids; i++) {
        n->weight += r->kids[i]->weight;
        if (r->kids[i]->height + 1 > n->height)
            n->height = r->kids[i]->height + 1;
    }
    if (!n->height)
        n->height = 1;
    /* no child yet at all: kids is NULL, and NULL + 0 is undefined */
    if ((rc = dci_yaml_set_children(&r->doc->arena, n, count ? r->kids + base : NULL, count,
                                    r->source, r->err)))
        return rc == DIGICHECK_ENOMEM ? oom(r) : rc;
    r->nkids = base;
    r->depth--;
    return DIGICHECK_OK;
}

/* One member of an object (key, ':', value), pushed as two children. */
static int member(reader *r, int after_comma)
{
    const dci_yaml_node *key, *v;
    char buf[32];
    int rc;

    if (r->pos >= r->n || r->s[r->pos] != '"')
        return after_comma && r->pos < r->n && r->s[r->pos] == '}'
               ? fail(r, DIGICHECK_ESYNTAX, r->pos, "a comma before '}': JSON has no "
                      "trailing commas")
               : fail(r, DIGICHECK_ESYNTAX, r->pos, "expected a string as the key of an "
                      "object member, found %s", found(r, r->pos, buf, sizeof buf));
    if ((rc = string(r, &key)) || (rc = push(r, key)))
        return rc;
    skip_space(r);
    if (r->pos >= r->n || r->s[r->pos] != ':')
        return fail(r, DIGICHECK_ESYNTAX, r->pos, "expected ':' after the key '%s', found %s",
                    key->str, found(r, r->pos, buf, sizeof buf));
    r->pos++;
    if ((rc = value(r, &v)) || (rc = push(r, v)))
        return rc;
    return DIGICHECK_OK;
}

/* An object or an array: r->pos is at its '{' or '['. */
static int collection(reader *r, const dci_yaml_node **out)
{
    int object = r->s[r->pos] == '{', rc, comma = 0;
    char close = object ? '}' : ']', buf[32];
    size_t base = r->nkids;
    dci_yaml_node *n;

    if (r->depth >= r->lim.max_depth)
        return fail(r, DIGICHECK_ELIMIT, r->pos, "nesting deeper than %zu levels",
                    r->lim.max_depth);
    if ((rc = new_node(r, object ? DCI_YAML_MAPPING : DCI_YAML_SEQUENCE, r->pos, &n)))
        return rc;
    r->depth++;
    r->pos++;
    skip_space(r);
    if (r->pos < r->n && r->s[r->pos] == close) {
        r->pos++;
    } else {
        for (;;) {
            const dci_yaml_node *item;
            skip_space(r);
            if (!object && comma && r->pos < r->n && r->s[r->pos] == ']')
                return fail(r, DIGICHECK_ESYNTAX, r->pos, "a comma before ']': JSON has no "
                            "trailing commas");
            if (object)
                rc = member(r, comma);
            else if (!(rc = value(r, &item)))
                rc = push(r, item);
            if (rc)
                return rc;
            skip_space(r);
            if (r->pos < r->n && r->s[r->pos] == close) {
                r->pos++;
                break;
            }
            if (r->pos >= r->n || r->s[r->pos] != ',')
                return fail(r, DIGICHECK_ESYNTAX, r->pos, "expected ',' or '%c' after %s, "
                            "found %s", close, object ? "a member of an object"
                                                      : "an element of an array",
                            found(r, r->pos, buf, sizeof buf));
            r->pos++;
            comma = 1;
        }
    }
    *out = n;
    return close_collection(r, n, base);
}

static int value(reader *r, const dci_yaml_node **out)
{
    char c, buf[32];

    skip_space(r);
    c = r->pos < r->n ? r->s[r->pos] : '\0';
    if (c == '{' || c == '[')
        return collection(r, out);
    if (c == '"')
        return string(r, out);
    if (c == '-' || (c >= '0' && c <= '9'))
        return number(r, out);
    if (c == '/')
        return fail(r, DIGICHECK_ESYNTAX, r->pos, "a comment: JSON has none");
    if (c == 't' || c == 'f' || c == 'n')
        return literal(r, out);
    return fail(r, DIGICHECK_ESYNTAX, r->pos, "expected a JSON value, found %s",
                found(r, r->pos, buf, sizeof buf));
}

/* ---- documents ------------------------------------------------------------------ */

int dci_json_parse(dci_yaml_doc *doc, const char *buf, size_t len, const char *source,
                   const dci_yaml_limits *lim, digicheck_error *err)
{
    reader r;
    size_t bad;
    char what[32];
    int rc;

    memset(doc, 0, sizeof *doc);
    memset(&r, 0, sizeof r);
    r.s = buf ? buf : "";
    r.n = buf ? len : 0;
    r.line = 1;
    r.col = 1;
    r.doc = doc;
    r.source = source ? source : "<input>";
    r.err = err;
    r.lim.max_depth = lim ? lim->max_depth : DIGICHECK_LIMIT_YAML_DEPTH;
    r.lim.max_nodes = lim ? lim->max_nodes : DCI_YAML_MAX_NODES;
    bad = dci_utf8_invalid(r.s, r.n);
    if (bad != r.n) {
        long line, column;
        dci_offset_linecol(r.s, bad, &line, &column);
        rc = dci_error(err, DIGICHECK_EENCODING, r.source, line, column, "%s",
                       r.s[bad] ? "invalid UTF-8 byte sequence" : "a NUL byte");
        goto done;
    }
    if (r.n >= 3 && memcmp(r.s, "\xEF\xBB\xBF", 3) == 0)
        r.pos = r.line_start = r.col_pos = 3;       /* a byte-order mark takes no column */
    if ((rc = value(&r, &doc->root)))
        goto done;
    skip_space(&r);
    if (r.pos < r.n)
        rc = fail(&r, DIGICHECK_ESYNTAX, r.pos, "more after the JSON value: %s",
                  found(&r, r.pos, what, sizeof what));
done:
    dci_free(r.kids);
    dci_free(r.text);
    if (rc)
        dci_yaml_free(doc);
    return rc;
}
