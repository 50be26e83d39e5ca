/*
 * annotate.c -- the findings of a report as Word comments in a copy of the
 * Word draft they were found in (digicheck_draft_annotate).
 *
 * The copy is the original package entry for entry, but for four parts:
 * the main part gets a comment range and a reference for each finding, the
 * comments part gets the comments (added to the comments the document
 * already has), and the main part's relationships and the content types
 * name the comments part if they did not. Everything else, macros never
 * among it (a package with macros is not read at all), is copied as it is.
 *
 * A finding carries the paragraph and the code point in its text where it
 * starts and ends (docx.c's walk, the one the reader used, finds the same
 * paragraphs and text again here). A comment is anchored on exactly the
 * matched words: the runs holding its ends are split there, each half
 * keeping the run's properties, and the range marks go between them.
 * Open questions become one comment on the first paragraph with text.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/tree.h>
#include <zip.h>

#include "docx.h"
#include "draft.h"
#include "report.h"
#include "rule.h"
#include "xml.h"

#define CT_COMMENTS "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
#define REL_COMMENTS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
#define NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define AUTHOR "Digitalcheck"
/* Comments anchored in one paragraph at most: each one splits runs that the
 * next has to walk again, and a page of comments on one paragraph helps no
 * one; the rest are counted in the comment at the start. */
#define PER_PARAGRAPH 200

/* ---- finding the text again ------------------------------------------------------------ */

typedef struct piece {
    xmlNode *node;              /* the text node of a w:t, or a w:tab, w:br … */
    size_t start, chars;        /* code points in the paragraph's text */
} piece;

typedef struct pieces {
    piece *v;
    size_t n, cap, chars;
    int oom;
} pieces;

static void add_piece(void *ctx, xmlNode *node, const char *text, size_t len)
{
    pieces *ps = ctx;
    size_t k = dci_utf8_count(text, len);

    if (dci_grow((void **)&ps->v, &ps->cap, ps->n + 1, sizeof *ps->v)) {
        ps->oom = 1;
        return;
    }
    ps->v[ps->n++] = (piece){ node, ps->chars, k };
    ps->chars += k;
}

static int collect_pieces(xmlNode *p, pieces *ps)
{
    ps->n = ps->chars = 0;
    dci_docx_text(p, add_piece, ps);
    return ps->oom ? DIGICHECK_ENOMEM : DIGICHECK_OK;
}

/* Byte offset of code point k in s. */
static size_t byte_of(const char *s, size_t k)
{
    size_t i = 0;

    while (s[i] && k) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        k--;
    }
    return i;
}

static xmlNode *new_w(xmlNode *like, const char *name)
{
    return xmlNewDocNode(like->doc, like->ns, (const xmlChar *)name, NULL);
}

/* Splits the text node of a w:t at code point k (0 < k < its length): the
 * rest goes to a new w:t after it. Returns the new w:t. */
static xmlNode *split_text(xmlNode *text, size_t k)
{
    xmlNode *t = text->parent, *t2 = new_w(t, "t"), *tail = NULL;
    const char *s = (const char *)text->content;
    size_t b = byte_of(s, k);
    xmlChar *head = xmlStrndup((const xmlChar *)s, (int)b);

    if (!t2 || !head || !(tail = xmlNewDocText(t->doc, (const xmlChar *)(s + b)))) {
        xmlFreeNode(t2);
        xmlFree(head);
        return NULL;
    }
    xmlAddChild(t2, tail);
    xmlNodeSetSpacePreserve(t, 1);         /* a space at either cut must stay */
    xmlNodeSetSpacePreserve(t2, 1);
    xmlNodeSetContent(text, head);         /* frees the old content s points into */
    xmlFree(head);
    return xmlAddNextSibling(t, t2);
}

/* Makes `child` the first content of a run of its own: the run holding it
 * is split before it, the new run a copy of its properties. Returns the run
 * that starts with child (child's parent when that is not a run). */
static xmlNode *run_from(xmlNode *child)
{
    xmlNode *r = child->parent, *r2, *rpr, *c, *next;

    if (!dci_xml_is(r, "r"))
        return child;
    for (c = r->children; c && (c->type != XML_ELEMENT_NODE || dci_xml_is(c, "rPr")); c = c->next)
        ;
    if (c == child)
        return r;
    if (!(r2 = new_w(r, "r")))
        return NULL;
    rpr = dci_xml_child(r, "rPr");
    if (rpr && !xmlAddChild(r2, xmlCopyNode(rpr, 1))) {
        xmlFreeNode(r2);
        return NULL;
    }
    for (c = child; c; c = next) {
        next = c->next;
        xmlUnlinkNode(c);
        xmlAddChild(r2, c);
    }
    if (!xmlAddNextSibling(r, r2))
        return NULL;
    /* the copied properties declared the namespace anew; in its scope now, the
     * declaration goes (option 1 is XML_DOM_RECONNS_REMOVEREDUND, which libxml2
     * documents but keeps out of its headers) */
    xmlDOMWrapReconcileNamespaces(NULL, r2, 1);
    return r2;
}

/* The node before which code point k of paragraph p begins (splitting what
 * must be split); NULL with *end set when k is at the paragraph's end. */
static int boundary(xmlNode *p, size_t k, pieces *ps, xmlNode **at)
{
    const piece *pc = NULL;
    xmlNode *child;
    size_t i;
    int rc;

    *at = NULL;
    if ((rc = collect_pieces(p, ps)))
        return rc;
    for (i = 0; i < ps->n && !pc; i++)
        if (k < ps->v[i].start + ps->v[i].chars)
            pc = &ps->v[i];
    if (!pc)
        return DIGICHECK_OK;
    child = pc->node;
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
        if (k > pc->start && child->type == XML_TEXT_NODE) {
            if (!(child = split_text(child, k - pc->start)))
                return DIGICHECK_ENOMEM;
        } else {
            child = child->parent;          /* the w:t */
        }
    }
    *at = run_from(child);
    return *at ? DIGICHECK_OK : DIGICHECK_ENOMEM;
}

/* An element like <w:commentRangeStart w:id="7"/>. */
static xmlNode *id_mark(xmlNode *like, const char *name, long id)
{
    xmlNode *e = new_w(like, name);
    char num[24];

    snprintf(num, sizeof num, "%ld", id);
    if (e && !xmlNewNsProp(e, like->ns, (const xmlChar *)"id", (const xmlChar *)num)) {
        xmlFreeNode(e);
        return NULL;
    }
    return e;
}

/* Puts mark before `at`, or at the end of paragraph p when at is NULL. */
static int place(xmlNode *p, xmlNode *at, xmlNode *mark)
{
    if (!mark)
        return DIGICHECK_ENOMEM;
    if (at ? !xmlAddPrevSibling(at, mark) : !xmlAddChild(p, mark)) {
        xmlFreeNode(mark);
        return DIGICHECK_ENOMEM;
    }
    return DIGICHECK_OK;
}

/* The run that shows comment id in the text: <w:r><w:commentReference/></w:r>. */
static xmlNode *reference_run(xmlNode *like, long id)
{
    xmlNode *r = new_w(like, "r"), *ref = id_mark(like, "commentReference", id);

    if (!r || !ref || !xmlAddChild(r, ref)) {
        xmlFreeNode(r);
        xmlFreeNode(ref);
        return NULL;
    }
    return r;
}

/* Marks [start, end) of paragraphs ps..pe as the range of comment id. */
static int mark_range(xmlNode *p0, size_t start, xmlNode *p1, size_t end, long id)
{
    pieces ps = {0};
    xmlNode *at;
    int rc;

    if ((rc = boundary(p0, start, &ps, &at)) ||
        (rc = place(p0, at, id_mark(p0, "commentRangeStart", id))) ||
        (rc = boundary(p1, end, &ps, &at)) ||
        (rc = place(p1, at, id_mark(p1, "commentRangeEnd", id))) ||
        (rc = place(p1, at, reference_run(p1, id))))
        goto done;
done:
    dci_free(ps.v);
    return rc;
}

/* ---- the comments part ----------------------------------------------------------------- */

/* Appends a paragraph with text s to comment c; the first one carries the
 * annotation mark Word expects there. */
static int comment_para(xmlNode *c, const char *s, int first)
{
    xmlNode *p = new_w(c, "p"), *r, *t;

    if (!p || !xmlAddChild(c, p))
        return DIGICHECK_ENOMEM;
    if (first && (!(r = xmlNewChild(p, c->ns, (const xmlChar *)"r", NULL)) ||
                  !xmlNewChild(r, c->ns, (const xmlChar *)"annotationRef", NULL)))
        return DIGICHECK_ENOMEM;
    if (!(r = xmlNewChild(p, c->ns, (const xmlChar *)"r", NULL)) ||
        !(t = xmlNewTextChild(r, c->ns, (const xmlChar *)"t", (const xmlChar *)s)))
        return DIGICHECK_ENOMEM;
    xmlNodeSetSpacePreserve(t, 1);
    return DIGICHECK_OK;
}

/* A w:comment with id and the given paragraphs. */
static int add_comment(xmlNode *root, long id, const char *const *paras, size_t n)
{
    xmlNode *c = id_mark(root, "comment", id);
    size_t i;
    int rc = DIGICHECK_OK;

    if (!c || !xmlAddChild(root, c)) {
        xmlFreeNode(c);
        return DIGICHECK_ENOMEM;
    }
    if (!xmlNewNsProp(c, root->ns, (const xmlChar *)"author", (const xmlChar *)AUTHOR) ||
        !xmlNewNsProp(c, root->ns, (const xmlChar *)"initials", (const xmlChar *)"DC"))
        return DIGICHECK_ENOMEM;
    for (i = 0; i < n && !rc; i++)
        rc = comment_para(c, paras[i], i == 0);
    return rc;
}

/* ---- the parts of the copy ------------------------------------------------------------- */

typedef struct part {
    const char *name;           /* in the package */
    char *data;                 /* the new content (xmlFree), NULL: unchanged */
    int size;
} part;

enum { P_MAIN, P_COMMENTS, P_RELS, P_TYPES, P_COUNT };

typedef struct actx {
    const digicheck_draft *d;
    const digicheck_report *r;
    const char *name;
    digicheck_error *err;
    dci_package *pk;
    char *main, *rels, *comments;       /* part names */
    xmlDocPtr doc, cdoc, rdoc, tdoc;    /* main, comments, rels, content types */
    xmlNode **paras;
    size_t nparas;
    unsigned *per_para;                 /* comments anchored in each paragraph */
    size_t crowded;                     /* findings left out for PER_PARAGRAPH */
    long next_id;
    int comments_new;                   /* the package had no comments part */
    part parts[P_COUNT];
} actx;

static void keep_para(void *ctx, xmlNode *p, long index)
{
    actx *a = ctx;

    (void)index;
    if (a->paras)
        a->paras[a->nparas] = p;
    a->nparas++;
}

static int oom(actx *a)
{
    return dci_error(a->err, DIGICHECK_ENOMEM, a->name, 0, 0, "out of memory annotating");
}

/* Parses an optional part; an empty document with root `root` in
 * namespace ns (with prefix, or as the default) when it is missing. */
static int read_or_new(actx *a, const char *entry, const char *root, const char *ns,
                       const char *prefix, xmlDocPtr *doc)
{
    xmlNode *e;
    xmlNs *nsp;
    int rc;

    if ((rc = dci_xml_part(a->pk, a->name, entry, 0, "a Word document", doc, a->err)) || *doc)
        return rc;
    if (!(*doc = xmlNewDoc((const xmlChar *)"1.0")) ||
        !(e = xmlNewDocNode(*doc, NULL, (const xmlChar *)root, NULL)))
        return oom(a);
    xmlDocSetRootElement(*doc, e);
    if (!(nsp = xmlNewNs(e, (const xmlChar *)ns, (const xmlChar *)prefix)))
        return oom(a);
    xmlSetNs(e, nsp);
    return DIGICHECK_OK;
}

/* The relationship of the main part to its comments, added if missing;
 * sets a->comments to the comments part. */
static int find_comments(actx *a)
{
    xmlNode *root = xmlDocGetRootElement(a->rdoc), *c, *rel;
    char id[32];
    int k = 1;

    for (c = root->children; c; c = c->next) {
        const char *type = dci_xml_attr(c, "Type"), *target = dci_xml_attr(c, "Target");
        if (!type || !target || strcmp(type, REL_COMMENTS) != 0)
            continue;
        if (!(a->comments = dci_docx_target(a->main, target)))
            return oom(a);
        /* a relationship to a part the package lacks: the copy gets it */
        a->comments_new = dci_package_find(a->pk, a->comments) < 0;
        return DIGICHECK_OK;
    }
    /* a new relationship, its id unused */
    for (;; k++) {
        snprintf(id, sizeof id, "rIdDigitalcheck%d", k);
        for (c = root->children; c && !(dci_xml_attr(c, "Id") &&
                                         strcmp(dci_xml_attr(c, "Id"), id) == 0); c = c->next)
            ;
        if (!c)
            break;
    }
    if (!(rel = xmlNewChild(root, root->ns, (const xmlChar *)"Relationship", NULL)) ||
        !xmlNewProp(rel, (const xmlChar *)"Id", (const xmlChar *)id) ||
        !xmlNewProp(rel, (const xmlChar *)"Type", (const xmlChar *)REL_COMMENTS) ||
        !xmlNewProp(rel, (const xmlChar *)"Target", (const xmlChar *)"comments.xml") ||
        !(a->comments = dci_docx_target(a->main, "comments.xml")))
        return oom(a);
    a->comments_new = dci_package_find(a->pk, a->comments) < 0;
    return DIGICHECK_OK;
}

/* The content types name the comments part. */
static int type_comments(actx *a)
{
    xmlNode *root = xmlDocGetRootElement(a->tdoc), *c, *o;
    char pn[512];

    snprintf(pn, sizeof pn, "/%s", a->comments);
    for (c = root ? root->children : NULL; c; c = c->next)
        if (dci_xml_is(c, "Override") && dci_xml_attr(c, "PartName") &&
            strcmp(dci_xml_attr(c, "PartName"), pn) == 0)
            return DIGICHECK_OK;
    if (!root || !(o = xmlNewChild(root, root->ns, (const xmlChar *)"Override", NULL)) ||
        !xmlNewProp(o, (const xmlChar *)"PartName", (const xmlChar *)pn) ||
        !xmlNewProp(o, (const xmlChar *)"ContentType", (const xmlChar *)CT_COMMENTS))
        return oom(a);
    return DIGICHECK_OK;
}

/* Reads the parts the copy changes. */
static int open_parts(actx *a)
{
    xmlNode *body, *root, *c;
    char *s = NULL;
    size_t n;
    int rc;

    if ((rc = dci_package_open(&a->pk, a->d->package, a->d->package_len, a->name, a->err)) ||
        (rc = dci_docx_main_part(a->pk, a->name, &a->main, a->err)) ||
        (rc = dci_package_read(a->pk, a->main, 1, &s, &n, a->err)) ||
        (rc = dci_xml_parse(s, n, a->name, a->main, "a Word document", &a->doc, a->err)) ||
        (rc = dci_docx_body(a->doc, a->name, &body, a->err)))
        goto done;
    dci_docx_paragraphs(body, keep_para, a);
    if (!(a->paras = dci_malloc((a->nparas + 1) * sizeof *a->paras))) {
        rc = oom(a);
        goto done;
    }
    a->nparas = 0;
    dci_docx_paragraphs(body, keep_para, a);
    if (!(a->per_para = dci_malloc((a->nparas + 1) * sizeof *a->per_para))) {
        rc = oom(a);
        goto done;
    }
    memset(a->per_para, 0, (a->nparas + 1) * sizeof *a->per_para);
    if (!(a->rels = dci_docx_rels_part(a->main))) {
        rc = oom(a);
        goto done;
    }
    if ((rc = read_or_new(a, a->rels, "Relationships", NS_REL, NULL, &a->rdoc)) ||
        (rc = read_or_new(a, "[Content_Types].xml", "Types", NS_CT, NULL, &a->tdoc)) ||
        (rc = find_comments(a)) || (rc = type_comments(a)))
        goto done;
    root = xmlDocGetRootElement(a->doc);
    if (!root->ns) {
        rc = dci_error(a->err, DIGICHECK_ESCHEMA, a->name, 0, 0, "not a Word document: the "
                       "main part has no namespace");
        goto done;
    }
    if ((rc = read_or_new(a, a->comments, "comments", (const char *)root->ns->href, "w",
                          &a->cdoc)))
        goto done;
    for (c = xmlDocGetRootElement(a->cdoc)->children; c; c = c->next) {
        long id = dci_xml_is(c, "comment") && dci_xml_attr(c, "id")
                  ? strtol(dci_xml_attr(c, "id"), NULL, 10) : -1;
        if (id >= a->next_id)
            a->next_id = id + 1;    /* ours come after the document's own */
    }
done:
    dci_free(s);
    return rc;
}

/* ---- the comments ---------------------------------------------------------------------- */

/* Paragraph index i of the body, clamped; its node. */
static xmlNode *para_node(const actx *a, long i)
{
    if (i < 0)
        i = 0;
    return (size_t)i < a->nparas ? a->paras[i] : NULL;
}

/* One comment for finding f, anchored on its words. */
static int comment_finding(actx *a, const digicheck_finding *f)
{
    const dci_finding_more *m = dci_finding_more_of(f);
    xmlNode *p0 = para_node(a, m->para), *p1 = para_node(a, m->end_para);
    const char *sugg = dci_finding_suggestion(f);
    dci_buf rule = {0}, s = {0};
    const char *texts[3];
    size_t n = 0;
    long start = m->para_offset, end = m->end_para_offset;
    int rc;

    if (!p0 || !p1)
        return DIGICHECK_OK;        /* a place the body does not have: nothing to anchor */
    if (a->per_para[m->para < 0 ? 0 : m->para]++ >= PER_PARAGRAPH) {
        a->crowded++;
        return DIGICHECK_OK;
    }
    if (m->end_para < m->para || (m->end_para == m->para && end < start)) {
        p1 = p0;
        end = start;
    }
    dci_buf_printf(&rule, "Regel: %s (%s)", f->rule ? f->rule->id : "?",
                   dci_severity_name(f->severity));
    if (sugg && *sugg)
        dci_buf_printf(&s, "Vorschlag: %s", sugg);
    texts[n++] = f->message ? f->message : "";
    texts[n++] = rule.data ? rule.data : "";
    if (s.len)
        texts[n++] = s.data;
    if (rule.oom || s.oom)
        rc = oom(a);
    else if ((rc = add_comment(xmlDocGetRootElement(a->cdoc), a->next_id, texts, n)) ||
             (rc = mark_range(p0, (size_t)(start < 0 ? 0 : start), p1,
                              (size_t)(end < 0 ? 0 : end), a->next_id)))
        rc = rc == DIGICHECK_ENOMEM ? oom(a) : rc;
    a->next_id++;
    dci_buf_free(&rule);
    dci_buf_free(&s);
    return rc;
}

/* The open questions as one comment on the first paragraph with text, and
 * how many findings crowded paragraphs left out. */
static int comment_questions(actx *a)
{
    const char **texts = NULL;
    dci_buf *lines = NULL;
    pieces ps = {0};
    size_t i, n = 0, open = 0;
    xmlNode *p = NULL;
    int rc = DIGICHECK_OK;

    for (i = 0; i < a->r->nquestions; i++)
        open += dci_question_open(&a->r->questions[i]);
    if (!open && !a->crowded)
        return DIGICHECK_OK;
    for (i = 0; i < a->nparas && !p; i++) {
        if ((rc = collect_pieces(a->paras[i], &ps)))
            goto done;
        if (ps.chars)
            p = a->paras[i];
    }
    if (!p)
        goto done;
    texts = dci_malloc((open + 2) * sizeof *texts);
    lines = dci_malloc((open + 2) * sizeof *lines);
    if (!texts || !lines) {
        rc = DIGICHECK_ENOMEM;
        goto done;
    }
    memset(lines, 0, (open + 2) * sizeof *lines);
    if (open)
        dci_buf_printf(&lines[n++], "Offene Fragen des Digitalchecks (%zu): bitte "
                       "beantworten (digicheck check --answers)", open);
    for (i = 0; i < a->r->nquestions; i++) {
        const dci_question *q = &a->r->questions[i];
        if (dci_question_open(q))
            dci_buf_printf(&lines[n++], "%s: %s", q->rule->id, q->rule->message);
    }
    if (a->crowded)
        dci_buf_printf(&lines[n++], "%zu weitere Befunde in Absätzen mit mehr als %d Befunden "
                       "sind nicht kommentiert; digicheck check nennt alle.", a->crowded,
                       PER_PARAGRAPH);
    for (i = 0; i < n; i++) {
        if (lines[i].oom) {
            rc = DIGICHECK_ENOMEM;
            goto done;
        }
        texts[i] = lines[i].data;
    }
    if (!(rc = add_comment(xmlDocGetRootElement(a->cdoc), a->next_id, texts, n)))
        rc = mark_range(p, 0, p, ps.chars, a->next_id);
    a->next_id++;
done:
    for (i = 0; lines && i < n; i++)
        dci_buf_free(&lines[i]);
    dci_free(lines);
    dci_free(texts);
    dci_free(ps.v);
    return rc == DIGICHECK_ENOMEM ? oom(a) : rc;
}

/* ---- writing the copy ------------------------------------------------------------------ */

static int dump(actx *a, int which, const char *name, xmlDocPtr doc)
{
    xmlChar *mem = NULL;

    a->parts[which].name = name;
    xmlDocDumpMemoryEnc(doc, &mem, &a->parts[which].size, "UTF-8");
    a->parts[which].data = (char *)mem;
    return mem ? DIGICHECK_OK : oom(a);
}

/* The new content of entry `entry`, or NULL when it is copied. */
static const part *changed(const actx *a, const char *entry)
{
    size_t i;

    for (i = 0; i < P_COUNT; i++)
        if (a->parts[i].name && strcmp(a->parts[i].name, entry) == 0)
            return &a->parts[i];
    return NULL;
}

static int zip_fail(actx *a, const char *path, const char *what)
{
    return dci_error(a->err, DIGICHECK_EIO, path, 0, 0, "cannot write the annotated copy: %s",
                     what);
}

/* Adds data (borrowed: it must live until zip_close) as entry `entry`. */
static int add_entry(actx *a, zip_t *z, const char *path, const char *entry, const void *data,
                     size_t len)
{
    zip_source_t *src = zip_source_buffer(z, data, (zip_uint64_t)len, 0);

    if (!src || zip_file_add(z, entry, src, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(src);
        return zip_fail(a, path, zip_strerror(z));
    }
    return DIGICHECK_OK;
}

/* Writes the package with the changed parts to path; libzip writes a
 * temporary file beside it and renames it at the end, so a failure leaves
 * no half-written copy. */
static int write_copy(actx *a, const char *path)
{
    size_t i, n = dci_package_count(a->pk), nkept = 0;
    char **kept = dci_malloc((n + 1) * sizeof *kept);
    zip_t *z = NULL;
    int zerr = 0, rc = DIGICHECK_OK;

    if (!kept)
        return oom(a);
    if (!(z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr))) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        rc = zip_fail(a, path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto done;
    }
    for (i = 0; i < n && !rc; i++) {
        const char *entry = dci_package_name(a->pk, i);
        const part *pt = changed(a, entry);
        size_t len;
        if (pt) {
            rc = add_entry(a, z, path, entry, pt->data, (size_t)pt->size);
            continue;
        }
        if (!(rc = dci_package_read_index(a->pk, i, &kept[nkept], &len, a->err)))
            rc = add_entry(a, z, path, entry, kept[nkept++], len);
    }
    if (!rc && a->comments_new)
        rc = add_entry(a, z, path, a->comments, a->parts[P_COMMENTS].data,
                       (size_t)a->parts[P_COMMENTS].size);
    if (!rc && dci_package_find(a->pk, a->rels) < 0)
        rc = add_entry(a, z, path, a->rels, a->parts[P_RELS].data,
                       (size_t)a->parts[P_RELS].size);
    if (!rc && zip_close(z) != 0)
        rc = zip_fail(a, path, zip_strerror(z));
    else if (!rc)
        z = NULL;
done:
    if (z)
        zip_discard(z);
    for (i = 0; i < nkept; i++)
        dci_free(kept[i]);
    dci_free(kept);
    return rc;
}

/* Would writing path replace the draft's own file? */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static int annotate(actx *a, const char *path)
{
    size_t i;
    int rc;

    if ((rc = open_parts(a)))
        return rc;
    for (i = 0; i < a->r->nfindings && !rc; i++)
        if (!dci_finding_more_of(&a->r->findings[i])->jreason)     /* a justified finding is settled */
            rc = comment_finding(a, &a->r->findings[i]);
    if (rc || (rc = comment_questions(a)) ||
        (rc = dump(a, P_MAIN, a->main, a->doc)) ||
        (rc = dump(a, P_COMMENTS, a->comments, a->cdoc)) ||
        (rc = dump(a, P_RELS, a->rels, a->rdoc)) ||
        (rc = dump(a, P_TYPES, "[Content_Types].xml", a->tdoc)))
        return rc;
    return write_copy(a, path);
}

int digicheck_draft_annotate(const digicheck_draft *d, const digicheck_report *r,
                             const char *path, digicheck_error *err)
{
    actx a;
    size_t i;
    int rc;

    if (!d || !r || !path)
        return dci_error(err, DIGICHECK_EINVAL, path ? path : "", 0, 0, "argument '%s' is NULL",
                         !d ? "d" : !r ? "r" : "path");
    if (d->format != DIGICHECK_FORMAT_DOCX || !d->package)
        return dci_error(err, DIGICHECK_EINVAL, d->name, 0, 0, "annotate: the draft is not a "
                         "Word document (.docx); comments can only be written into one");
    if (same_file(path, d->name))
        return dci_error(err, DIGICHECK_EINVAL, path, 0, 0, "annotate: the copy would replace "
                         "the draft itself; name another file");
    memset(&a, 0, sizeof a);
    a.d = d;
    a.r = r;
    a.name = d->name;
    a.err = err;
    rc = annotate(&a, path);
    for (i = 0; i < P_COUNT; i++)
        xmlFree(a.parts[i].data);
    xmlFreeDoc(a.doc);
    xmlFreeDoc(a.cdoc);
    xmlFreeDoc(a.rdoc);
    xmlFreeDoc(a.tdoc);
    dci_free(a.paras);
    dci_free(a.per_para);
    dci_free(a.main);
    dci_free(a.rels);
    dci_free(a.comments);
    dci_package_close(a.pk);
    return rc;
}
