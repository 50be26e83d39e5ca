/*
 * docx.c -- Word drafts: the main part of a WordprocessingML package read
 * into a text view that the Markdown segmenter reads, and the map from the
 * view back to Word's paragraphs.
 *
 * The view has one line per paragraph with text, a blank line after each.
 * A heading (a paragraph style named "heading N" or "Title", or an outline
 * level) starts with N "#"; so does a paragraph that reads as a unit heading
 * whatever its style ("§ 3 Antrag", "Artikel 2 …", "Anlage 1": no closing
 * punctuation), since plain Word drafts format headings by hand. Numbers
 * Word generates (w:numPr, from the paragraph or its style) are written
 * before the text as the level's lvlText says ("1.", "a)", "§ 3"), so
 * Nummern and Buchstaben read as they do in Markdown.
 *
 * Text: runs joined; inserted text (w:ins, w:moveTo) is text, deleted text
 * (w:del, w:moveFrom) is not; a field is its result, not its instruction; a
 * tab or line break is one space. Footnotes, endnotes, comments, headers,
 * footers and text boxes are not read: the draft is the body's paragraphs
 * (tables included). Each paragraph's place in the view is kept (dci_para),
 * so a finding names the paragraph (by its index among the body's w:p) and
 * the code point in its text where it starts; numbers Word generates are
 * not part of the paragraph's text.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "docx.h"
#include "draft.h"
#include "odt.h"
#include "textview.h"
#include "xml.h"

#define CT_MAIN     "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#define CT_TEMPLATE "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
#define LEVELS 9                /* numbering levels w:ilvl 0..8 */

/* ---- the walk ------------------------------------------------------------------------ */

/* The node after c in document order, not entering c, within top (top when
 * there is none): the walks below are iterative. */
static xmlNode *next_node(xmlNode *c, xmlNode *top)
{
    while (c != top && !c->next)
        c = c->parent;
    return c == top ? top : c->next;
}

void dci_docx_paragraphs(xmlNode *e, dci_docx_para_fn fn, void *ctx)
{
    xmlNode *c;
    long index = 0;

    /* iterative, in document order: a paragraph is not entered, so text
     * boxes inside it stay out; the parser bounds the depth anyway */
    for (c = e->children; c && c != e;) {
        if (dci_xml_is(c, "p")) {
            fn(ctx, c, index++);
        } else if (c->type == XML_ELEMENT_NODE && c->children && !dci_xml_is(c, "sectPr") &&
                   !dci_xml_is(c, "del") && !dci_xml_is(c, "moveFrom")) {
            c = c->children;
            continue;
        }
        c = next_node(c, e);
    }
}

/* Elements of a paragraph whose content is not text of the draft. */
static int skipped(const xmlNode *c)
{
    static const char *const names[] = {
        "pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "drawing",
        "pict", "object", "AlternateContent", "footnoteReference", "endnoteReference",
        "commentReference", "annotationRef", "fldData", NULL
    };
    size_t i;

    for (i = 0; names[i]; i++)
        if (dci_xml_is(c, names[i]))
            return 1;
    return 0;
}

/* The one character a non-text run element reads as, or NULL. */
static const char *as_char(const xmlNode *c)
{
    if (dci_xml_is(c, "tab") || dci_xml_is(c, "ptab"))
        return "\t";
    if (dci_xml_is(c, "br") || dci_xml_is(c, "cr"))
        return " ";
    if (dci_xml_is(c, "noBreakHyphen"))
        return "-";
    if (dci_xml_is(c, "softHyphen"))
        return "\xC2\xAD";
    return NULL;
}

void dci_docx_text(xmlNode *p, dci_docx_text_fn fn, void *ctx)
{
    xmlNode *c;

    for (c = p->children; c && c != p;) {
        const char *ch;
        if (dci_xml_is(c, "t")) {
            xmlNode *t;
            for (t = c->children; t; t = t->next)
                if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) &&
                    t->content)
                    fn(ctx, t, (const char *)t->content, strlen((const char *)t->content));
        } else if ((ch = as_char(c)) != NULL) {
            fn(ctx, c, ch, strlen(ch));
        } else if (c->type == XML_ELEMENT_NODE && c->children && !skipped(c) &&
                   !dci_xml_is(c, "p")) {
            c = c->children;
            continue;
        }
        c = next_node(c, p);
    }
}

/* ---- the package --------------------------------------------------------------------- */

/* Parses part `entry` of the package; *doc NULL when absent and optional. */
static int read_xml(dci_package *pk, const char *name, const char *entry, int required,
                    xmlDocPtr *doc, digicheck_error *err)
{
    return dci_xml_part(pk, name, entry, required, "a Word document", doc, err);
}

int dci_docx_main_part(dci_package *pk, const char *name, char **part, digicheck_error *err)
{
    xmlDocPtr doc = NULL;
    xmlNode *root, *c;
    const char *found = NULL;
    int rc;

    *part = NULL;
    if (dci_package_find(pk, "[Content_Types].xml") < 0)
        return dci_error(err, DIGICHECK_EUNSUPPORTED, name, 0, 0, "a zip archive that is not "
                         "a Word document (no [Content_Types].xml)");
    if ((rc = read_xml(pk, name, "[Content_Types].xml", 1, &doc, err)) != DIGICHECK_OK)
        return rc;
    root = xmlDocGetRootElement(doc);
    for (c = root ? root->children : NULL; c; c = c->next) {
        const char *type = dci_xml_attr(c, "ContentType"), *pn = dci_xml_attr(c, "PartName");
        if (!dci_xml_is(c, "Override") || !type || !pn)
            continue;
        if (strstr(type, "macroEnabled")) {
            rc = dci_error(err, DIGICHECK_EUNSUPPORTED, name, 0, 0, "the document is "
                           "macro-enabled (%s); macro-enabled documents are not read: save "
                           "it as a .docx without macros", pn);
            goto done;
        }
        if (!found && (strcmp(type, CT_MAIN) == 0 || strcmp(type, CT_TEMPLATE) == 0))
            found = pn;
    }
    if (!found) {
        rc = dci_error(err, DIGICHECK_EUNSUPPORTED, name, 0, 0, "not a Word document: "
                       "[Content_Types].xml names no WordprocessingML main part");
        goto done;
    }
    if (!(*part = dci_strdup(found[0] == '/' ? found + 1 : found)))
        rc = dci_error(err, DIGICHECK_ENOMEM, name, 0, 0, "out of memory reading a draft");
done:
    xmlFreeDoc(doc);
    return rc;
}

int dci_docx_body(xmlDocPtr doc, const char *name, xmlNode **body, digicheck_error *err)
{
    xmlNode *root = xmlDocGetRootElement(doc);

    *body = dci_xml_is(root, "document") ? dci_xml_child(root, "body") : NULL;
    if (!*body)
        return dci_error(err, DIGICHECK_ESCHEMA, name, 0, 0, "not a Word document: the main "
                         "part has no w:document/w:body");
    return DIGICHECK_OK;
}

char *dci_docx_target(const char *part, const char *target)
{
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
    char *p;

    if (target[0] == '/')
        return dci_strdup(target + 1);
    if ((p = dci_malloc(dir + strlen(target) + 1)) != NULL) {
        memcpy(p, part, dir);
        strcpy(p + dir, target);
    }
    return p;
}

char *dci_docx_rels_part(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
    char *p = dci_malloc(strlen(part) + sizeof "_rels/.rels");

    if (p)
        sprintf(p, "%.*s_rels/%s.rels", (int)dir, part, part + dir);
    return p;
}

/* The part a relationship of the main part points to, by the end of its
 * type ("/styles"), in *part; NULL if none. Returns DIGICHECK_OK or
 * DIGICHECK_ENOMEM. */
static int related_part(xmlDocPtr rels, const char *main, const char *type_end, char **part)
{
    xmlNode *root = rels ? xmlDocGetRootElement(rels) : NULL, *c;
    size_t tl = strlen(type_end);

    *part = NULL;
    for (c = root ? root->children : NULL; c; c = c->next) {
        const char *type = dci_xml_attr(c, "Type"), *target = dci_xml_attr(c, "Target");
        size_t n;
        if (type && target && (n = strlen(type)) >= tl && strcmp(type + n - tl, type_end) == 0)
            return (*part = dci_docx_target(main, target)) ? DIGICHECK_OK : DIGICHECK_ENOMEM;
    }
    return DIGICHECK_OK;
}

/* ---- styles and numbering -------------------------------------------------------------- */

/* Number formats as dci_textview_number takes them. */
enum { FMT_NONE = 0, FMT_DECIMAL = '1', FMT_LOWER_LETTER = 'a', FMT_UPPER_LETTER = 'A',
       FMT_LOWER_ROMAN = 'i', FMT_UPPER_ROMAN = 'I', FMT_BULLET = '*' };

typedef struct style {
    const char *id, *based_on;
    int level;                  /* heading level 1..9, 0 for none, -1 unknown */
    long num_id, ilvl;          /* its numbering, num_id -1 for none */
} style;

typedef struct level {
    long start;
    int fmt;
    const char *text;           /* lvlText, "%1." */
} level;

/* Where a list stands: the last number of each level, and whether the
 * level has been counted since a shallower one was. */
typedef struct counters {
    long count[LEVELS];
    int seen[LEVELS];
} counters;

typedef struct abstract_num {
    long id;
    level lv[LEVELS];
    counters shared;            /* for the lists that do not restart */
} abstract_num;

/* A list (w:num): an abstract numbering, and a count of its own when it
 * restarts a level (w:startOverride: pandoc and Word start each list so). */
typedef struct num {
    long id;
    size_t abs;                 /* index into abstracts */
    int restarts;
    long start[LEVELS];         /* the override, or -1 */
    counters own;
} num;

typedef struct wctx {
    const char *name;
    digicheck_error *err;
    style *styles; size_t nstyles;
    abstract_num *abs; size_t nabs;
    num *nums; size_t nnums;
    dci_textview view;
    int oom;
} wctx;

static long attr_long(const xmlNode *e, const char *name, long dflt)
{
    const char *v = dci_xml_attr(e, name);
    char *end;
    long n;

    if (!v)
        return dflt;
    n = strtol(v, &end, 10);
    return end == v ? dflt : n;
}

/* The value of child element `name`'s w:val, or NULL. */
static const char *child_val(const xmlNode *e, const char *name)
{
    return dci_xml_attr(dci_xml_child(e, name), "val");
}

static int by_style_id(const void *a, const void *b)
{
    return strcmp(((const style *)a)->id, ((const style *)b)->id);
}

/* The heading level a style's name says: "heading 2" is 2, "Title" 1. */
static int level_by_name(const char *n)
{
    if (!n)
        return -1;
    if (strncasecmp(n, "heading ", 8) == 0 && n[8] >= '1' && n[8] <= '9' && !n[9])
        return n[8] - '0';
    return strcasecmp(n, "Title") == 0 ? 1 : -1;
}

/* Numbering in a w:pPr: numId and ilvl, if there. */
static void numbering_of(const xmlNode *ppr, long *num_id, long *ilvl)
{
    const xmlNode *np = dci_xml_child(ppr, "numPr");

    if (!np)
        return;
    *num_id = attr_long(dci_xml_child(np, "numId"), "val", -1);
    *ilvl = attr_long(dci_xml_child(np, "ilvl"), "val", 0);
}

static void read_styles(wctx *w, xmlDocPtr doc)
{
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL, *c;
    size_t n = 0;

    for (c = root ? root->children : NULL; c; c = c->next)
        n += dci_xml_is(c, "style") && dci_xml_attr(c, "styleId");
    if (!n || !(w->styles = dci_malloc(n * sizeof *w->styles))) {
        w->oom |= n > 0;
        return;
    }
    for (c = root->children; c; c = c->next) {
        style *s = &w->styles[w->nstyles];
        const xmlNode *ppr = dci_xml_child(c, "pPr");
        long ol;
        if (!dci_xml_is(c, "style") || !(s->id = dci_xml_attr(c, "styleId")))
            continue;
        s->based_on = child_val(c, "basedOn");
        s->level = level_by_name(child_val(c, "name"));
        ol = attr_long(dci_xml_child(ppr, "outlineLvl"), "val", -1);
        if (s->level < 0 && ol >= 0 && ol < 9)
            s->level = (int)ol + 1;
        s->num_id = -1;
        s->ilvl = 0;
        numbering_of(ppr, &s->num_id, &s->ilvl);
        w->nstyles++;
    }
    qsort(w->styles, w->nstyles, sizeof *w->styles, by_style_id);
}

static const style *find_style(const wctx *w, const char *id)
{
    style key;

    if (!id || !w->nstyles)
        return NULL;
    key.id = id;
    return bsearch(&key, w->styles, w->nstyles, sizeof *w->styles, by_style_id);
}

static int format_code(const char *f)
{
    static const struct { const char *name; int fmt; } fmts[] = {
        { "decimal", FMT_DECIMAL }, { "decimalZero", FMT_DECIMAL },
        { "lowerLetter", FMT_LOWER_LETTER }, { "upperLetter", FMT_UPPER_LETTER },
        { "lowerRoman", FMT_LOWER_ROMAN }, { "upperRoman", FMT_UPPER_ROMAN },
        { "bullet", FMT_BULLET },
    };
    size_t i;

    for (i = 0; f && i < sizeof fmts / sizeof fmts[0]; i++)
        if (strcmp(f, fmts[i].name) == 0)
            return fmts[i].fmt;
    return f ? FMT_NONE : FMT_DECIMAL;
}

static int by_num_id(const void *a, const void *b)
{
    long x = ((const num *)a)->id, y = ((const num *)b)->id;

    return (x > y) - (x < y);
}

static void read_abstract(abstract_num *a, const xmlNode *e)
{
    const xmlNode *c;

    a->id = attr_long(e, "abstractNumId", -1);
    for (c = e->children; c; c = c->next) {
        long i = attr_long(c, "ilvl", -1);
        level *lv;
        if (!dci_xml_is(c, "lvl") || i < 0 || i >= LEVELS)
            continue;
        lv = &a->lv[i];
        lv->start = attr_long(dci_xml_child(c, "start"), "val", 1);
        lv->fmt = format_code(child_val(c, "numFmt"));
        lv->text = child_val(c, "lvlText");
    }
}

static void read_num(wctx *w, const xmlNode *e)
{
    long aid = attr_long(dci_xml_child(e, "abstractNumId"), "val", -1);
    num *n = &w->nums[w->nnums];
    const xmlNode *c;
    size_t i;

    for (i = 0; i < w->nabs && w->abs[i].id != aid; i++)
        ;
    if (i == w->nabs)
        return;
    memset(n, 0, sizeof *n);
    n->id = attr_long(e, "numId", -1);
    n->abs = i;
    for (i = 0; i < LEVELS; i++)
        n->start[i] = -1;
    for (c = e->children; c; c = c->next) {
        long k = attr_long(c, "ilvl", -1);
        const xmlNode *so = dci_xml_child(c, "startOverride");
        if (dci_xml_is(c, "lvlOverride") && so && k >= 0 && k < LEVELS) {
            n->start[k] = attr_long(so, "val", 1);
            n->restarts = 1;
        }
    }
    w->nnums++;
}

static void read_numbering(wctx *w, xmlDocPtr doc)
{
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL, *c;
    size_t na = 0, nn = 0;

    for (c = root ? root->children : NULL; c; c = c->next) {
        na += dci_xml_is(c, "abstractNum");
        nn += dci_xml_is(c, "num");
    }
    if (!na || !nn)
        return;
    w->abs = dci_malloc(na * sizeof *w->abs);
    w->nums = dci_malloc(nn * sizeof *w->nums);
    if (!w->abs || !w->nums) {
        w->oom = 1;
        return;
    }
    memset(w->abs, 0, na * sizeof *w->abs);
    for (c = root->children; c; c = c->next)
        if (dci_xml_is(c, "abstractNum"))
            read_abstract(&w->abs[w->nabs++], c);
    for (c = root->children; c; c = c->next)
        if (dci_xml_is(c, "num"))
            read_num(w, c);
    qsort(w->nums, w->nnums, sizeof *w->nums, by_num_id);
}

/* Counts the paragraph at level ilvl of numbering num_id and appends its
 * label ("3.", "b)", "§ 3"); bullets read as "-". */
static void put_label(wctx *w, long num_id, long ilvl, dci_buf *out)
{
    num key, *nm;
    const abstract_num *a;
    counters *k;
    const char *t;
    long i, start;

    key.id = num_id;
    nm = w->nnums ? bsearch(&key, w->nums, w->nnums, sizeof *w->nums, by_num_id) : NULL;
    if (!nm || ilvl < 0 || ilvl >= LEVELS)
        return;
    a = &w->abs[nm->abs];
    k = nm->restarts ? &nm->own : &w->abs[nm->abs].shared;
    start = nm->start[ilvl] >= 0 ? nm->start[ilvl] : a->lv[ilvl].start;
    k->count[ilvl] = k->seen[ilvl] ? k->count[ilvl] + 1 : start;
    k->seen[ilvl] = 1;
    for (i = ilvl + 1; i < LEVELS; i++)
        k->seen[i] = 0;             /* a deeper list starts again */
    t = a->lv[ilvl].text;
    if (a->lv[ilvl].fmt == FMT_BULLET) {
        if (t && t[strspn(t, " \t\xC2\xA0")])
            dci_buf_puts(out, "- ");
        else        /* a blank "bullet" only indents: the text of the item above goes on */
            dci_buf_append(out, "                                    ", 4 * (size_t)(ilvl + 1));
        return;
    }
    if (a->lv[ilvl].fmt == FMT_NONE || !t || !*t)
        return;
    for (; *t; t++) {
        long j;
        if (*t != '%' || t[1] < '1' || t[1] > '9') {
            dci_buf_putc(out, *t);
            continue;
        }
        j = t[1] - '1';
        t++;
        if (j <= ilvl && a->lv[j].fmt != FMT_NONE && a->lv[j].fmt != FMT_BULLET)
            dci_textview_number(out, k->seen[j] ? k->count[j] : a->lv[j].start,
                                a->lv[j].fmt);
    }
    dci_buf_putc(out, ' ');
}

/* ---- the view -------------------------------------------------------------------------- */

/* The heading level and numbering of paragraph p: its own, else its
 * style's (and the styles that style is based on). */
static void para_props(const wctx *w, const xmlNode *p, int *lvl, long *num_id, long *ilvl)
{
    const xmlNode *ppr = dci_xml_child(p, "pPr");
    const style *s = find_style(w, child_val(ppr, "pStyle"));
    long ol = attr_long(dci_xml_child(ppr, "outlineLvl"), "val", -1);
    int depth;

    *lvl = ol >= 0 && ol < 9 ? (int)ol + 1 : -1;
    *num_id = -1;
    *ilvl = 0;
    numbering_of(ppr, num_id, ilvl);
    for (depth = 0; s && depth < 10; depth++, s = find_style(w, s->based_on)) {
        if (*lvl < 0)
            *lvl = s->level;
        if (*num_id < 0 && s->num_id >= 0) {
            *num_id = s->num_id;
            *ilvl = s->ilvl;
        }
    }
    if (*lvl < 0)
        *lvl = 0;
}

static void collect(void *ctx, xmlNode *node, const char *text, size_t len)
{
    (void)node;
    dci_textview_put(ctx, text, len);
}

static void add_para(void *ctx, xmlNode *p, long index)
{
    wctx *w = ctx;
    dci_buf label = {0};
    long num_id, ilvl;
    int lvl;

    dci_textview_begin(&w->view);
    dci_docx_text(p, collect, &w->view);
    para_props(w, p, &lvl, &num_id, &ilvl);
    if (num_id >= 0)
        put_label(w, num_id, ilvl, &label);
    w->view.oom |= label.oom;
    dci_textview_end(&w->view, label.data ? label.data : "", label.len, lvl, index);
    dci_buf_free(&label);
}

/* Reads styles and numbering, then the body. */
static int read_view(wctx *w, dci_package *pk, const char *main, digicheck_error *err)
{
    xmlDocPtr rels = NULL, styles = NULL, numbering = NULL, doc = NULL;
    char *rp = dci_docx_rels_part(main), *sp = NULL, *np = NULL;
    xmlNode *body;
    int rc;

    if (!rp) {
        rc = DIGICHECK_ENOMEM;
        goto done;
    }
    if ((rc = read_xml(pk, w->name, rp, 0, &rels, err)))
        goto done;
    if ((rc = related_part(rels, main, "/styles", &sp)) ||
        (rc = related_part(rels, main, "/numbering", &np)) ||
        (sp && (rc = read_xml(pk, w->name, sp, 0, &styles, err))) ||
        (np && (rc = read_xml(pk, w->name, np, 0, &numbering, err))) ||
        (rc = read_xml(pk, w->name, main, 1, &doc, err)) ||
        (rc = dci_docx_body(doc, w->name, &body, err)))
        goto done;
    read_styles(w, styles);
    read_numbering(w, numbering);
    dci_docx_paragraphs(body, add_para, w);
    if (w->oom || w->view.oom || w->view.text.oom)
        rc = DIGICHECK_ENOMEM;
done:
    if (rc == DIGICHECK_ENOMEM)
        dci_error(err, rc, w->name, 0, 0, "out of memory reading a Word document");
    dci_free(w->styles);
    dci_free(w->abs);
    dci_free(w->nums);
    xmlFreeDoc(rels);
    xmlFreeDoc(styles);
    xmlFreeDoc(numbering);
    xmlFreeDoc(doc);
    dci_free(rp);
    dci_free(sp);
    dci_free(np);
    return rc;
}

int dci_docx_draft(digicheck_draft **out, char *data, size_t len, const char *name, int fmt,
                   digicheck_error *err)
{
    const char *src = name ? name : "<input>";
    dci_package *pk = NULL;
    char *main = NULL;
    wctx w;
    int rc, magic = dci_package_magic(data, len);

    memset(&w, 0, sizeof w);
    w.name = src;
    *out = NULL;
    if (magic == DCI_MAGIC_OLE) {
        rc = dci_package_refuse_ole(data, len, src, err);
        goto done;
    }
    if (magic != DCI_MAGIC_ZIP) {
        rc = dci_error(err, DIGICHECK_ESYNTAX, src, 0, 0, "not a Word document: a .docx "
                       "(or .odt) file is a zip archive, and this is none");
        goto done;
    }
    if ((rc = dci_package_open(&pk, data, len, src, err)))
        goto done;
    if (dci_odt_is(pk)) {       /* OpenDocument: the same view, from content.xml */
        fmt = DIGICHECK_FORMAT_ODT;
        rc = dci_odt_view(pk, src, &w.view, err);
    } else if (!(rc = dci_docx_main_part(pk, src, &main, err))) {
        fmt = DIGICHECK_FORMAT_DOCX;
        rc = read_view(&w, pk, main, err);
    }
    if (rc)
        goto done;
    rc = dci_textview_draft(&w.view, out, name, fmt, data, len, err);
    data = NULL;
done:
    dci_package_close(pk);
    dci_free(main);
    dci_textview_free(&w.view);
    dci_free(data);
    return rc;
}
