/*
 * yaml.c -- YAML documents as a tree of nodes, built from libyaml's events.
 *
 * This module owns the node tree (dci_yaml_doc) that the rule set loader,
 * and later the readers of draft descriptions and answer files, walk. The
 * input is untrusted, so the tree is built iteratively (an explicit stack of
 * open collections, never recursion on the input's depth) and every limit is
 * checked while parsing, at the event that crosses it: nesting depth, alias
 * uses, and the number of nodes and of scalar bytes a walk would visit once
 * aliases are expanded ("billion laughs"; the readers copy the strings they
 * keep). Aliases are kept by reference, never copied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "dci.h"
#include "yaml.h"

#define CORE_TAG "tag:yaml.org,2002:"

/* A collection whose end event has not come yet. Its children wait on the
 * builder's child stack from `base` on. */
typedef struct frame {
    dci_yaml_node *node;
    size_t base;
    size_t weight;          /* sum of the children's weights so far */
    size_t bytes;           /* and of their bytes */
    size_t height;          /* greatest child height so far */
} frame;

typedef struct anchor_slot {
    const char *name;       /* NULL: empty slot */
    dci_yaml_node *node;
} anchor_slot;

typedef struct builder {
    dci_yaml_doc *doc;
    dci_yaml_limits lim;
    const char *source;
    const char *buf;
    digicheck_error *err;
    frame *frames;          size_t nframes, frames_cap;
    const dci_yaml_node **kids; size_t nkids, kids_cap;
    anchor_slot *anchors;   size_t nanchors, anchors_cap;    /* open addressing */
    size_t aliases;
    size_t max_bytes;       /* of the whole document, aliases expanded */
    int documents;
} builder;

static int fail(builder *b, int code, long line, long column, const char *fmt, ...)
    DCI_PRINTF(5, 6);

static int fail(builder *b, int code, long line, long column, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dci_error(b->err, code, b->source, line, column, "%s", msg);
}

static int oom(builder *b)
{
    return dci_error(b->err, DIGICHECK_ENOMEM, b->source, 0, 0, "out of memory parsing YAML");
}

/* ---- anchors ------------------------------------------------------------ */

static anchor_slot *anchor_find(const builder *b, const char *name)
{
    size_t mask = b->anchors_cap - 1, i;

    if (!b->anchors_cap)
        return NULL;
    for (i = dci_hash_str(name) & mask; b->anchors[i].name; i = (i + 1) & mask)
        if (strcmp(b->anchors[i].name, name) == 0)
            return &b->anchors[i];
    return &b->anchors[i];
}

static int anchor_rehash(builder *b)
{
    anchor_slot *old = b->anchors;
    size_t oldcap = b->anchors_cap, cap = oldcap ? oldcap * 2 : 64, i;

    if (cap > ((size_t)-1) / sizeof *old)
        return DIGICHECK_ENOMEM;
    b->anchors = dci_malloc(cap * sizeof *old);
    if (!b->anchors) {
        b->anchors = old;
        return DIGICHECK_ENOMEM;
    }
    memset(b->anchors, 0, cap * sizeof *old);
    b->anchors_cap = cap;
    for (i = 0; i < oldcap; i++)
        if (old[i].name)
            *anchor_find(b, old[i].name) = old[i];
    dci_free(old);
    return DIGICHECK_OK;
}

/* YAML lets a later anchor of the same name replace an earlier one. */
static int anchor_define(builder *b, const yaml_char_t *name, dci_yaml_node *node)
{
    anchor_slot *slot;

    if (!name)
        return DIGICHECK_OK;
    if ((b->nanchors + 1) * 2 > b->anchors_cap && anchor_rehash(b))
        return oom(b);
    slot = anchor_find(b, (const char *)name);
    if (!slot->name) {
        slot->name = dci_arena_strdup(&b->doc->arena, (const char *)name);
        if (!slot->name)
            return oom(b);
        b->nanchors++;
    }
    slot->node = node;
    return DIGICHECK_OK;
}

/* ---- nodes -------------------------------------------------------------- */

/* Only the tags of the core schema are accepted: a tag like
 * !!python/object asks for a type this library does not have, and ignoring
 * it would read the document differently from what its author meant. */
static int check_tag(builder *b, const yaml_char_t *tag, const yaml_mark_t *m)
{
    static const char *const core[] = { "str", "int", "bool", "null", "float", "seq", "map" };
    const char *t = (const char *)tag;
    size_t i, n = strlen(CORE_TAG);
    int in_core;

    if (!t || strcmp(t, "!") == 0)
        return DIGICHECK_OK;
    in_core = strncmp(t, CORE_TAG, n) == 0;
    for (i = 0; in_core && i < sizeof core / sizeof core[0]; i++)
        if (strcmp(t + n, core[i]) == 0)
            return DIGICHECK_OK;
    /* named as the author wrote it: "!!python/object" */
    return fail(b, DIGICHECK_ESCHEMA, (long)m->line + 1, (long)m->column + 1,
                "unsupported tag '%s%s'; only the YAML core tags (!!str, !!int, !!bool, "
                "!!null, !!float, !!seq, !!map) are allowed",
                in_core ? "!!" : "", in_core ? t + n : t);
}

static dci_yaml_node *new_node(builder *b, int kind, const yaml_event_t *ev,
                               const yaml_char_t *tag)
{
    dci_yaml_node *n = dci_arena_calloc(&b->doc->arena, sizeof *n);

    if (!n)
        return NULL;
    n->kind = kind;
    n->line = (long)ev->start_mark.line + 1;
    n->column = (long)ev->start_mark.column + 1;
    n->value_line = n->line;
    n->value_column = n->column;
    if (tag) {
        n->tag = dci_arena_strdup(&b->doc->arena, (const char *)tag);
        if (!n->tag)
            return NULL;
    }
    return n;
}

/* Hands a finished node to the innermost open collection (or makes it the
 * root), adding its weight there first so that an alias that would make the
 * document too heavy is refused where it is written. */
static int add_child(builder *b, dci_yaml_node *n)
{
    frame *f;
    const frame *in = b->nframes ? &b->frames[b->nframes - 1] : NULL;

    if (n->weight > b->lim.max_nodes || (in && n->weight > b->lim.max_nodes - in->weight))
        return fail(b, DIGICHECK_ELIMIT, n->line, n->column,
                    "the document has more than %zu nodes (aliases expanded)",
                    b->lim.max_nodes);
    if (n->bytes > b->max_bytes || (in && n->bytes > b->max_bytes - in->bytes))
        return fail(b, DIGICHECK_ELIMIT, n->line, n->column,
                    "aliases expand the document's text by more than %zu bytes",
                    b->lim.max_alias_bytes);
    if (!b->nframes) {
        b->doc->root = n;
        return DIGICHECK_OK;
    }
    f = &b->frames[b->nframes - 1];
    f->weight += n->weight;
    f->bytes += n->bytes;
    if (n->height > f->height)
        f->height = n->height;
    if (dci_grow((void **)&b->kids, &b->kids_cap, b->nkids + 1, sizeof *b->kids))
        return oom(b);
    b->kids[b->nkids++] = n;
    return DIGICHECK_OK;
}

/* Where the text of a scalar starts. libyaml marks the start of the node,
 * which is its anchor or tag when it has one, and the opening quote. The
 * end mark is exact, so a one-line plain or single-quoted scalar is
 * measured back from it; a double-quoted one may hold escapes, so it is
 * measured from the start. */
static void scalar_value_position(dci_yaml_node *n, const yaml_event_t *ev)
{
    const yaml_mark_t *s = &ev->start_mark, *e = &ev->end_mark;
    long chars = (long)dci_utf8_count(n->str, n->len);
    size_t i;

    if (s->line != e->line)
        return;
    switch (n->style) {
    case DCI_YAML_PLAIN:
        n->value_column = (long)e->column - chars + 1;
        break;
    case DCI_YAML_SINGLE_QUOTED:
        for (i = 0; i < n->len; i++)
            chars += n->str[i] == '\'';             /* written as '' */
        n->value_column = (long)e->column - chars;
        break;
    case DCI_YAML_DOUBLE_QUOTED:
        if (!ev->data.scalar.anchor && !ev->data.scalar.tag)
            n->value_column = n->column + 1;
        break;
    default:
        break;
    }
}

static int scalar_style(yaml_scalar_style_t s)
{
    switch (s) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return DCI_YAML_SINGLE_QUOTED;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return DCI_YAML_DOUBLE_QUOTED;
    case YAML_LITERAL_SCALAR_STYLE:       return DCI_YAML_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE:        return DCI_YAML_FOLDED;
    default:                              return DCI_YAML_PLAIN;
    }
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    dci_yaml_node *n;
    int rc;

    if ((rc = check_tag(b, ev->data.scalar.tag, &ev->start_mark)))
        return rc;
    /* The input was valid UTF-8; a "\0" escape still yields a NUL byte,
     * which no C string can carry. */
    if (dci_utf8_invalid(value, len) != len)
        return fail(b, DIGICHECK_EENCODING, (long)ev->start_mark.line + 1,
                    (long)ev->start_mark.column + 1,
                    "a string holds a NUL character or invalid UTF-8");
    n = new_node(b, DCI_YAML_SCALAR, ev, ev->data.scalar.tag);
    if (!n || !(n->str = dci_arena_strndup(&b->doc->arena, value, len)))
        return oom(b);
    n->len = len;
    n->style = scalar_style(ev->data.scalar.style);
    n->weight = 1;
    n->bytes = len;
    scalar_value_position(n, ev);
    if ((rc = anchor_define(b, ev->data.scalar.anchor, n)))
        return rc;
    return add_child(b, n);
}

static int on_collection_start(builder *b, const yaml_event_t *ev, int kind)
{
    const yaml_char_t *tag = kind == DCI_YAML_MAPPING ? ev->data.mapping_start.tag
                                                       : ev->data.sequence_start.tag;
    const yaml_char_t *anchor = kind == DCI_YAML_MAPPING ? ev->data.mapping_start.anchor
                                                          : ev->data.sequence_start.anchor;
    dci_yaml_node *n;
    frame *f;
    int rc;

    if (b->nframes >= b->lim.max_depth)
        return fail(b, DIGICHECK_ELIMIT, (long)ev->start_mark.line + 1,
                    (long)ev->start_mark.column + 1,
                    "nesting deeper than %zu levels", b->lim.max_depth);
    if ((rc = check_tag(b, tag, &ev->start_mark)))
        return rc;
    n = new_node(b, kind, ev, tag);
    if (!n)
        return oom(b);
    /* weight stays 0 until the end event: an alias to it before then is a
     * reference to an enclosing node. */
    if ((rc = anchor_define(b, anchor, n)))
        return rc;
    if (dci_grow((void **)&b->frames, &b->frames_cap, b->nframes + 1, sizeof *b->frames))
        return oom(b);
    f = &b->frames[b->nframes++];
    f->node = n;
    f->base = b->nkids;
    f->weight = 0;
    f->bytes = 0;
    f->height = 0;
    return DIGICHECK_OK;
}

static int key_cmp(const dci_yaml_pair *a, const dci_yaml_pair *b)
{
    const dci_yaml_node *ka = dci_yaml_deref(a->key), *kb = dci_yaml_deref(b->key);
    size_t n = ka->len < kb->len ? ka->len : kb->len;
    int c = memcmp(ka->str, kb->str, n);

    if (c)
        return c;
    return ka->len < kb->len ? -1 : ka->len > kb->len;
}

/* By key, then in document order (the pairs array is in document order). */
static int cmp_pair(const void *pa, const void *pb)
{
    const dci_yaml_pair *a = *(const dci_yaml_pair *const *)pa;
    const dci_yaml_pair *b = *(const dci_yaml_pair *const *)pb;
    int c = key_cmp(a, b);

    return c ? c : (a > b) - (a < b);
}

/* Refuses a mapping whose scalar keys repeat: YAML and JSON forbid it, and
 * a reader would silently see only one of the values. Sorting keeps big
 * mappings fast; the repetition that comes first in the document is
 * reported, with the place of the key it repeats. DIGICHECK_ENOMEM leaves
 * err to the caller. */
static int check_keys(const dci_yaml_pair *pairs, size_t n, const char *source,
                      digicheck_error *err)
{
    const dci_yaml_pair **sorted, *first = NULL, *dup = NULL;
    size_t i, run = 0, m = 0;
    int rc = DIGICHECK_OK;

    if (n < 2)
        return DIGICHECK_OK;
    sorted = dci_malloc(n * sizeof *sorted);
    if (!sorted)
        return DIGICHECK_ENOMEM;
    for (i = 0; i < n; i++)
        if (dci_yaml_deref(pairs[i].key)->kind == DCI_YAML_SCALAR)
            sorted[m++] = &pairs[i];
    qsort(sorted, m, sizeof *sorted, cmp_pair);
    for (i = 1; i < m; i++) {
        if (key_cmp(sorted[run], sorted[i]) != 0) {
            run = i;
        } else if (i == run + 1 && (!dup || sorted[i] < dup)) {
            first = sorted[run];
            dup = sorted[i];
        }
    }
    if (dup)
        rc = dci_error(err, DIGICHECK_ESCHEMA, source, dup->key->line, dup->key->column,
                       "duplicate key '%s' in a mapping (first at line %ld, column %ld)",
                       dci_yaml_deref(dup->key)->str, first->key->line, first->key->column);
    dci_free(sorted);
    return rc;
}

int dci_yaml_set_children(dci_arena *arena, dci_yaml_node *n, const dci_yaml_node *const *kids,
                          size_t count, const char *source, digicheck_error *err)
{
    size_t i;

    if (!count)
        return DIGICHECK_OK;
    if (n->kind == DCI_YAML_MAPPING) {
        dci_yaml_pair *pairs = dci_arena_alloc(arena, count / 2 * sizeof *pairs);
        if (!pairs)
            return DIGICHECK_ENOMEM;
        for (i = 0; i < count / 2; i++) {
            pairs[i].key = kids[2 * i];
            pairs[i].value = kids[2 * i + 1];
        }
        n->pairs = pairs;
        n->npairs = count / 2;
        return check_keys(pairs, n->npairs, source, err);
    }
    n->items = dci_arena_alloc(arena, count * sizeof *n->items);
    if (!n->items)
        return DIGICHECK_ENOMEM;
    memcpy(n->items, kids, count * sizeof *n->items);
    n->nitems = count;
    return DIGICHECK_OK;
}

static int on_collection_end(builder *b)
{
    frame f = b->frames[--b->nframes];
    dci_yaml_node *n = f.node;
    size_t count = b->nkids - f.base;
    /* no child yet at all: kids is NULL, and NULL + 0 is undefined */
    int rc = dci_yaml_set_children(&b->doc->arena, n, count ? b->kids + f.base : NULL, count,
                                   b->source, b->err);

    if (rc)
        return rc == DIGICHECK_ENOMEM ? oom(b) : rc;
    b->nkids = f.base;
    n->weight = f.weight + 1;
    n->bytes = f.bytes;
    n->height = f.height + 1;
    return add_child(b, n);
}

static int on_alias(builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    long line = (long)ev->start_mark.line + 1, column = (long)ev->start_mark.column + 1;
    anchor_slot *slot = anchor_find(b, name);
    dci_yaml_node *n;

    if (++b->aliases > b->lim.max_aliases)
        return fail(b, DIGICHECK_ELIMIT, line, column,
                    "more than %zu aliases in one document", b->lim.max_aliases);
    if (!slot || !slot->name)
        return fail(b, DIGICHECK_ESYNTAX, line, column, "undefined alias '*%s'", name);
    if (!slot->node->weight)
        return fail(b, DIGICHECK_ESCHEMA, line, column,
                    "alias '*%s' refers to a node that contains it; recursive structures "
                    "are not supported", name);
    if (b->nframes + slot->node->height > b->lim.max_depth)
        return fail(b, DIGICHECK_ELIMIT, line, column,
                    "nesting deeper than %zu levels (through alias '*%s')",
                    b->lim.max_depth, name);
    n = new_node(b, DCI_YAML_ALIAS, ev, NULL);
    if (!n)
        return oom(b);
    n->target = slot->node;
    n->weight = slot->node->weight;
    n->bytes = slot->node->bytes;
    n->height = slot->node->height;
    return add_child(b, n);
}

static int on_event(builder *b, const yaml_event_t *ev, int *done)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->documents++)
            return fail(b, DIGICHECK_ESCHEMA, (long)ev->start_mark.line + 1,
                        (long)ev->start_mark.column + 1,
                        "a second YAML document; a file holds exactly one");
        return DIGICHECK_OK;
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_collection_start(b, ev, DCI_YAML_SEQUENCE);
    case YAML_MAPPING_START_EVENT:
        return on_collection_start(b, ev, DCI_YAML_MAPPING);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return on_collection_end(b);
    case YAML_ALIAS_EVENT:
        return on_alias(b, ev);
    case YAML_STREAM_END_EVENT:
        *done = 1;
        return DIGICHECK_OK;
    default:
        return DIGICHECK_OK;
    }
}

static int parser_error(builder *b, const yaml_parser_t *p)
{
    long line = (long)p->problem_mark.line + 1, column = (long)p->problem_mark.column + 1;
    const char *problem = p->problem ? p->problem : "invalid YAML";

    switch (p->error) {
    case YAML_MEMORY_ERROR:
        return oom(b);
    case YAML_READER_ERROR:
        dci_offset_linecol(b->buf, p->problem_offset, &line, &column);
        return fail(b, DIGICHECK_EENCODING, line, column, "%s", problem);
    default:
        if (p->context)
            return fail(b, DIGICHECK_ESYNTAX, line, column, "%s (%s at line %ld, column %ld)",
                        problem, p->context, (long)p->context_mark.line + 1,
                        (long)p->context_mark.column + 1);
        return fail(b, DIGICHECK_ESYNTAX, line, column, "%s", problem);
    }
}

static int run_parser(builder *b, const char *buf, size_t len)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    int done = 0, rc = DIGICHECK_OK;

    if (!yaml_parser_initialize(&parser))
        return oom(b);
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    while (!done && rc == DIGICHECK_OK) {
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = parser_error(b, &parser);
            break;
        }
        rc = on_event(b, &ev, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return rc;
}

int dci_yaml_parse(dci_yaml_doc *doc, const char *buf, size_t len, const char *source,
                   const dci_yaml_limits *lim, digicheck_error *err)
{
    builder b;
    size_t bad;
    int rc;

    memset(doc, 0, sizeof *doc);
    memset(&b, 0, sizeof b);
    b.doc = doc;
    b.source = source ? source : "<input>";
    b.err = err;
    b.lim.max_depth = lim ? lim->max_depth : DIGICHECK_LIMIT_YAML_DEPTH;
    b.lim.max_aliases = lim ? lim->max_aliases : DIGICHECK_LIMIT_YAML_ALIASES;
    b.lim.max_nodes = lim ? lim->max_nodes : DCI_YAML_MAX_NODES;
    b.lim.max_alias_bytes = lim && lim->max_alias_bytes ? lim->max_alias_bytes
                                                        : DCI_YAML_MAX_ALIAS_BYTES;

    /* libyaml would take invalid bytes for Latin-1 or stop with a bare
     * offset; checking first gives every such error a line and column. */
    if (!buf) {
        buf = "";               /* libyaml asserts on a NULL input */
        len = 0;
    }
    b.buf = buf;
    b.max_bytes = len + b.lim.max_alias_bytes;
    bad = dci_utf8_invalid(buf, len);
    if (bad != len) {
        long line, column;
        dci_offset_linecol(buf, bad, &line, &column);
        rc = fail(&b, DIGICHECK_EENCODING, line, column, "%s",
                  buf[bad] ? "invalid UTF-8 byte sequence" : "a NUL byte");
        goto done;
    }
    rc = run_parser(&b, buf, len);
done:
    dci_free(b.frames);
    dci_free(b.kids);
    dci_free(b.anchors);
    if (rc)
        dci_yaml_free(doc);
    return rc;
}

int dci_yaml_load_file(dci_yaml_doc *doc, const char *path, size_t max_size,
                       const dci_yaml_limits *lim, digicheck_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    int rc;

    memset(doc, 0, sizeof *doc);
    rc = dci_read_file(&buf, &len, path, max_size, err);
    if (rc == DIGICHECK_OK)
        rc = dci_yaml_parse(doc, buf, len, path, lim, err);
    dci_free(buf);
    return rc;
}

void dci_yaml_free(dci_yaml_doc *doc)
{
    if (!doc)
        return;
    dci_arena_free(&doc->arena);
    doc->root = NULL;
}

/* ---- reading ------------------------------------------------------------ */

const dci_yaml_node *dci_yaml_deref(const dci_yaml_node *n)
{
    return n && n->kind == DCI_YAML_ALIAS ? n->target : n;
}

const dci_yaml_node *dci_yaml_map_get(const dci_yaml_node *map, const char *key)
{
    size_t i, len = strlen(key);

    map = dci_yaml_deref(map);
    if (!map || map->kind != DCI_YAML_MAPPING)
        return NULL;
    for (i = 0; i < map->npairs; i++) {
        const dci_yaml_node *k = dci_yaml_deref(map->pairs[i].key);
        if (k->kind == DCI_YAML_SCALAR && k->len == len && memcmp(k->str, key, len) == 0)
            return map->pairs[i].value;
    }
    return NULL;
}

/* A plain scalar without a tag, or with the given core tag. */
static int plain_as(const dci_yaml_node *n, const char *tag)
{
    if (!n || n->kind != DCI_YAML_SCALAR)
        return 0;
    if (n->tag)
        return strncmp(n->tag, CORE_TAG, strlen(CORE_TAG)) == 0 &&
               strcmp(n->tag + strlen(CORE_TAG), tag) == 0;
    return n->style == DCI_YAML_PLAIN;
}

static int one_of(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(s, *words) == 0)
            return 1;
    return 0;
}

int dci_yaml_is_null(const dci_yaml_node *n)
{
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };

    n = dci_yaml_deref(n);
    if (n && n->tag && plain_as(n, "null"))
        return 1;
    return !n || (!n->tag && plain_as(n, "null") && one_of(n->str, nulls));
}

int dci_yaml_bool(const dci_yaml_node *n, int *out)
{
    static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES", NULL };
    static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO", NULL };

    n = dci_yaml_deref(n);
    if (!plain_as(n, "bool"))
        return -1;
    if (one_of(n->str, yes))
        *out = 1;
    else if (one_of(n->str, no))
        *out = 0;
    else
        return -1;
    return 0;
}

int dci_yaml_int(const dci_yaml_node *n, long *out)
{
    const char *s;
    long v = 0;
    int neg;

    n = dci_yaml_deref(n);
    if (!plain_as(n, "int"))
        return -1;
    s = n->str;
    neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (2147483647L - (*s - '0')) / 10)
            return -1;              /* not decimal, or beyond what any reader needs */
        v = v * 10 + (*s - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

const char *dci_yaml_describe(const dci_yaml_node *n)
{
    n = dci_yaml_deref(n);
    if (!n || dci_yaml_is_null(n))
        return "an empty value";
    switch (n->kind) {
    case DCI_YAML_MAPPING:  return "a mapping";
    case DCI_YAML_SEQUENCE: return "a list";
    default:                return "a string";
    }
}
