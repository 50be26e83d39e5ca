/*
 * odt.c -- OpenDocument text drafts: content.xml of an .odt package read
 * into the text view (textview.c), one line per paragraph, as docx.c reads
 * Word.
 *
 * Paragraphs are text:p and text:h in document order (in lists, tables and
 * sections too); a text:h is a heading of its outline level. The numbers
 * LibreOffice generates are written before the text: a list item's from its
 * list style (text:list-level-style-number: format, prefix, suffix, start,
 * levels shown), a heading's from the outline style, so "(1)", "1." and
 * "a)" read as in Markdown. Text: spans and links joined, text:s as its
 * spaces, a tab or line break as one space; inserted text is text, deleted
 * text (kept in text:tracked-changes) is not; notes, annotations, frames
 * and shapes (text boxes) are not part of the draft. A paragraph's index
 * counts the text:p and text:h of the body, empty ones included.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "odt.h"
#include "xml.h"

#define MIME_ODT "application/vnd.oasis.opendocument.text"
#define LEVELS 10               /* list and outline levels 1..10 */

typedef struct counters {
    long count[LEVELS + 1];
    int seen[LEVELS + 1];
} counters;

/* The counting of one list style, kept for lists that continue it. */
typedef struct list_count {
    const char *style;
    counters k;
} list_count;

typedef struct octx {
    dci_textview *v;
    const xmlNode **styles; size_t nstyles, cstyles;   /* text:list-style, by name */
    const xmlNode *outline;                            /* text:outline-style */
    counters outline_k;
    list_count *lists; size_t nlists, clists;
    long index;                 /* paragraphs so far */
    int oom;
} octx;

int dci_odt_is(dci_package *pk)
{
    char *s = NULL;
    size_t n;
    int is;

    if (dci_package_find(pk, "mimetype") < 0 ||
        dci_package_read(pk, "mimetype", 0, &s, &n, NULL) != DIGICHECK_OK || !s)
        return 0;
    is = strncmp(s, MIME_ODT, strlen(MIME_ODT)) == 0;
    dci_free(s);
    return is;
}

/* ---- styles -------------------------------------------------------------------------- */

static const char *style_name(const xmlNode *e)
{
    const char *n = dci_xml_attr(e, "name");

    return n ? n : "";
}

/* Collects the list styles and the outline style below e. */
static void collect_styles(octx *o, const xmlNode *e)
{
    const xmlNode *c;

    for (c = e ? e->children : NULL; c; c = c->next) {
        if (dci_xml_is(c, "list-style")) {
            if (dci_grow((void **)&o->styles, &o->cstyles, o->nstyles + 1, sizeof *o->styles))
                o->oom = 1;
            else
                o->styles[o->nstyles++] = c;
        } else if (dci_xml_is(c, "outline-style")) {
            o->outline = c;
        } else if (dci_xml_is(c, "styles") || dci_xml_is(c, "automatic-styles")) {
            collect_styles(o, c);
        }
    }
}

static const xmlNode *find_style(const octx *o, const char *name)
{
    size_t i;

    for (i = 0; name && i < o->nstyles; i++)
        if (strcmp(style_name(o->styles[i]), name) == 0)
            return o->styles[i];
    return NULL;
}

/* The level style of `level` in a list or outline style, or NULL. */
static const xmlNode *level_style(const xmlNode *style, int level)
{
    const xmlNode *c;

    for (c = style ? style->children : NULL; c; c = c->next) {
        const char *l = dci_xml_attr(c, "level");
        if (c->type == XML_ELEMENT_NODE && l && atoi(l) == level)
            return c;
    }
    return NULL;
}

static long start_value(const xmlNode *ls)
{
    const char *v = dci_xml_attr(ls, "start-value");

    return v ? strtol(v, NULL, 10) : 1;
}

/* Counts an item at `level` (restart: its own start value). */
static void count(counters *k, const xmlNode *style, int level, long restart)
{
    int i;

    k->count[level] = restart > 0 ? restart
                      : k->seen[level] ? k->count[level] + 1
                      : start_value(level_style(style, level));
    k->seen[level] = 1;
    for (i = level + 1; i <= LEVELS; i++)
        k->seen[i] = 0;             /* a deeper list starts again */
}

/* Appends the label of an item at `level` as style numbers it: prefix, the
 * numbers of the levels shown ("2.1"), suffix, a space; "- " for a bullet. */
static void put_label(dci_buf *out, const xmlNode *style, const counters *k, int level)
{
    const xmlNode *ls = level_style(style, level);
    const char *fmt = dci_xml_attr(ls, "num-format"), *shown = dci_xml_attr(ls, "display-levels");
    const char *pre = dci_xml_attr(ls, "num-prefix"), *suf = dci_xml_attr(ls, "num-suffix");
    int from = level - (shown ? atoi(shown) : 1) + 1, i;

    if (dci_xml_is(ls, "list-level-style-bullet")) {
        dci_buf_puts(out, "- ");
        return;
    }
    if (!ls || !fmt || !*fmt)
        return;
    dci_buf_puts(out, pre ? pre : "");
    for (i = from < 1 ? 1 : from; i <= level; i++) {
        const char *f = dci_xml_attr(level_style(style, i), "num-format");
        if (i > (from < 1 ? 1 : from))
            dci_buf_putc(out, '.');
        dci_textview_number(out, k->seen[i] ? k->count[i] : 1, f && *f ? *f : '1');
    }
    dci_buf_puts(out, suf ? suf : "");
    dci_buf_putc(out, ' ');
}

/* The counting of a top-level list: its style's, continued, or anew. */
static counters *list_counters(octx *o, const xmlNode *list, const char *style)
{
    const char *cont = dci_xml_attr(list, "continue-numbering");
    size_t i;

    for (i = 0; i < o->nlists && strcmp(o->lists[i].style, style) != 0; i++)
        ;
    if (i == o->nlists) {
        if (dci_grow((void **)&o->lists, &o->clists, o->nlists + 1, sizeof *o->lists)) {
            o->oom = 1;
            return NULL;
        }
        o->lists[o->nlists].style = style;
        o->nlists++;
    } else if (cont && strcmp(cont, "true") == 0) {
        return &o->lists[i].k;
    }
    memset(&o->lists[i].k, 0, sizeof o->lists[i].k);
    return &o->lists[i].k;
}

/* ---- text ---------------------------------------------------------------------------- */

/* Elements of a paragraph whose content is not text of the draft. */
static int skipped(const xmlNode *c)
{
    static const char *const names[] = {
        "note", "annotation", "annotation-end", "tracked-changes", "frame", "custom-shape",
        "rect", "line", "polyline", "polygon", "path", "circle", "ellipse", "g", "connector",
        "control", NULL
    };
    size_t i;

    for (i = 0; names[i]; i++)
        if (dci_xml_is(c, names[i]))
            return 1;
    return 0;
}

static void put_text(octx *o, const xmlNode *e)
{
    const xmlNode *c;

    for (c = e->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            dci_textview_put(o->v, (const char *)c->content, strlen((const char *)c->content));
        } else if (dci_xml_is(c, "s")) {
            const char *n = dci_xml_attr(c, "c");
            long k = n ? strtol(n, NULL, 10) : 1, i;
            for (i = 0; i < k && i < 1000; i++)
                dci_textview_put(o->v, " ", 1);
        } else if (dci_xml_is(c, "tab")) {
            dci_textview_put(o->v, "\t", 1);
        } else if (dci_xml_is(c, "line-break")) {
            dci_textview_put(o->v, " ", 1);
        } else if (c->type == XML_ELEMENT_NODE && !skipped(c)) {
            put_text(o, c);
        }
    }
}

/* A paragraph: its text, its label (the item's or the outline's), its level. */
static void paragraph(octx *o, const xmlNode *p, const xmlNode *style, counters *k, int depth,
                      int *first)
{
    dci_buf label = {0};
    int level = 0;

    if (dci_xml_is(p, "h")) {
        const char *l = dci_xml_attr(p, "outline-level");
        level = l ? atoi(l) : 1;
        if (level < 1 || level > LEVELS)
            level = 1;
        if (!style && o->outline && level_style(o->outline, level)) {
            count(&o->outline_k, o->outline, level, 0);
            put_label(&label, o->outline, &o->outline_k, level);
        }
    }
    if (style && k && *first)
        put_label(&label, style, k, depth);
    else if (style && k && depth)   /* an item's next paragraph: its text goes on */
        dci_buf_append(&label, "                                        ", 4 * (size_t)depth);
    *first = 0;
    dci_textview_begin(o->v);
    put_text(o, p);
    o->oom |= label.oom;
    dci_textview_end(o->v, label.data ? label.data : "", label.len, level, o->index++);
    dci_buf_free(&label);
}

/* The paragraphs below e; inside a list of `style` at `depth` counted by k. */
static void walk(octx *o, const xmlNode *e, const xmlNode *style, counters *k, int depth,
                 int *first)
{
    const xmlNode *c;

    for (c = e->children; c && !o->oom; c = c->next) {
        if (dci_xml_is(c, "p") || dci_xml_is(c, "h")) {
            paragraph(o, c, style, k, depth, first);
        } else if (dci_xml_is(c, "list")) {
            const char *sn = dci_xml_attr(c, "style-name");
            const xmlNode *st = sn && find_style(o, sn) ? find_style(o, sn) : style;
            counters *kk = k && depth ? k : st ? list_counters(o, c, style_name(st)) : NULL;
            int none = 0;
            walk(o, c, st, kk, depth < LEVELS ? depth + 1 : depth, &none);
        } else if (dci_xml_is(c, "list-item") || dci_xml_is(c, "list-header")) {
            const char *sv = dci_xml_attr(c, "start-value");
            int item = dci_xml_is(c, "list-item");
            if (item && style && k && depth)
                count(k, style, depth, sv ? strtol(sv, NULL, 10) : 0);
            *first = item;
            walk(o, c, style, k, depth, first);
            *first = 0;
        } else if (c->type == XML_ELEMENT_NODE && !skipped(c) && !dci_xml_is(c, "sequence-decls") &&
                   !dci_xml_is(c, "forms")) {
            walk(o, c, style, k, depth, first);
        }
    }
}

/* ---- the package --------------------------------------------------------------------- */

static int parse_part(dci_package *pk, const char *name, const char *entry, int required,
                      xmlDocPtr *doc, digicheck_error *err)
{
    return dci_xml_part(pk, name, entry, required, "an OpenDocument text", doc, err);
}

/* An encrypted document names its encryption in the manifest; its parts
 * are not XML. */
static int refuse_encrypted(dci_package *pk, const char *name, digicheck_error *err)
{
    char *s;
    size_t n;
    int rc, enc;

    if ((rc = dci_package_read(pk, "META-INF/manifest.xml", 0, &s, &n, err)) || !s)
        return rc;
    enc = dci_memmem(s, n, "encryption-data", 15) != NULL;
    dci_free(s);
    return enc ? dci_error(err, DIGICHECK_EUNSUPPORTED, name, 0, 0, "the document is "
                           "encrypted (password-protected); remove the password in "
                           "LibreOffice and save it again") : DIGICHECK_OK;
}

int dci_odt_view(dci_package *pk, const char *name, dci_textview *v, digicheck_error *err)
{
    xmlDocPtr content = NULL, styles = NULL;
    xmlNode *root, *body, *text;
    octx o;
    int rc;

    memset(&o, 0, sizeof o);
    o.v = v;
    if ((rc = refuse_encrypted(pk, name, err)) ||
        (rc = parse_part(pk, name, "content.xml", 1, &content, err)) ||
        (rc = parse_part(pk, name, "styles.xml", 0, &styles, err)))
        goto done;
    root = xmlDocGetRootElement(content);
    body = dci_xml_is(root, "document-content") ? dci_xml_child(root, "body") : NULL;
    if (!(text = dci_xml_child(body, "text"))) {
        rc = dci_error(err, DIGICHECK_ESCHEMA, name, 0, 0, "not an OpenDocument text: "
                       "content.xml has no office:body/office:text");
        goto done;
    }
    collect_styles(&o, root);
    if (styles)
        collect_styles(&o, xmlDocGetRootElement(styles));
    {
        int first = 0;
        walk(&o, text, NULL, NULL, 0, &first);
    }
    if (o.oom || v->oom)
        rc = dci_error(err, DIGICHECK_ENOMEM, name, 0, 0, "out of memory reading a draft");
done:
    dci_free(o.styles);
    dci_free(o.lists);
    xmlFreeDoc(content);
    xmlFreeDoc(styles);
    return rc;
}
