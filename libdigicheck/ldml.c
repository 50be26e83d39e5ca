/*
 * ldml.c -- LegalDocML.de drafts: the XML of the German Akoma Ntoso profile
 * mapped to the text model (view, map back to the XML bytes, units).
 *
 * libxml2 parses the document, with no network, and a document type
 * declaration is refused before it runs (so no entity can be defined, let
 * alone expanded). libxml2 does not say where a text node stands in the
 * input, so a small scanner walks the raw bytes alongside: in a well-formed
 * document without a DTD, the character data between markup comes in the
 * same order as the text nodes of the tree, one run per node. Every
 * character of the view therefore maps back to its byte in the XML, and
 * findings get the line and column of the file.
 *
 * Structure: akn:article is an Artikel, or a § when its number says so;
 * akn:paragraph an Absatz; akn:point a Nummer, Buchstabe or Doppelbuchstabe
 * by the form of its number ("1.", "a)", "aa)"); the text of akn:p (in
 * akn:content, akn:intro, akn:wrapUp) is split into sentences; akn:num and
 * akn:heading are kept, footnotes (akn:authorialNote) are not text.
 * Amendment commands (akn:mod) are text; what an akn:quotedStructure
 * inserts is text of the amending unit, marked as new wording (a region
 * for roles.c), so its findings point at the amending Artikel and Nummer
 * and name the provision it amends. Each piece of text remembers the eId of
 * the innermost element around it, so a finding names that element and its
 * character offset in it.
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "dci.h"
#include "draft.h"
#include "sentence.h"
#include "justify.h"
#include "xml.h"

/* ---- the raw text runs ------------------------------------------------------ */

typedef struct textrun {
    size_t start, end;          /* bytes of the character data in the input */
    int cdata;                  /* a CDATA section: no references inside */
} textrun;

typedef struct frame {
    long unit;                  /* the unit text goes to */
    unsigned nsatz;
    int open;
} frame;

typedef struct eid_entry {
    const char *eid;
    size_t chars_at_entry;      /* ctx.chars when the element began */
} eid_entry;

typedef struct ctx {
    const digicheck_draft *d;   /* read only: the text model goes to it through draft.c */
    const char *s;
    size_t n;
    digicheck_error *err;
    textrun *runs; size_t nruns, cruns;
    size_t nodes;               /* text nodes numbered so far */
    dci_comment *pis; size_t npis, cpis;    /* <?digicheck …?> inside the root */
    size_t npi_nodes;           /* and their nodes numbered so far */
    char *view; size_t vlen, vcap;
    dci_mapseg *map; size_t nmap, cmap;
    dci_units u;
    dci_piece *pieces; size_t npieces, cpieces;
    eid_entry *eids; size_t neids, ceids;
    dci_arena strings;          /* the eIds of the pieces */
    size_t chars;               /* characters of text content passed so far */
    size_t block;               /* where the current block of text began */
    int space;                  /* white space is due before the next character */
    int quoted;                 /* inside akn:quotedStructure */
    int oom;
} ctx;

static int grow(ctx *c, void **p, size_t *cap, size_t need, size_t elem)
{
    if (dci_grow(p, cap, need, elem)) {
        c->oom = 1;
        return -1;
    }
    return 0;
}

static const char *find(const char *s, size_t from, size_t n, const char *what)
{
    size_t k = strlen(what);

    for (; from + k <= n; from++)
        if (s[from] == what[0] && memcmp(s + from, what, k) == 0)
            return s + from;
    return NULL;
}

/* Is the markup s[0, n) a processing instruction of target "digicheck"? */
static int is_marker(const char *s, size_t n)
{
    return n >= 13 && memcmp(s, "<?digicheck", 11) == 0 &&
           (s[11] == ' ' || s[11] == '\t' || s[11] == '\n' || s[11] == '\r' || s[11] == '?');
}

/* A digicheck processing instruction seen on the walk: the text after it
 * goes where the view is now (the instructions were numbered like the text
 * nodes, number_nodes). */
static void marker_seen(ctx *c, const xmlNode *n)
{
    size_t k = (size_t)(uintptr_t)n->_private;

    if (n->type == XML_PI_NODE && k > 0 && k <= c->npis)
        c->pis[k - 1].vpos = c->vlen;
}

/* Lists the character data inside the root element, in document order. The
 * document is known to be well-formed (libxml2 read it) and to hold no DTD. */
static int scan_runs(ctx *c)
{
    const char *s = c->s, *p;
    size_t i = c->n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    long depth = 0;

    while (i < c->n && !c->oom) {
        size_t j;
        if (s[i] != '<') {
            p = memchr(s + i, '<', c->n - i);
            j = p ? (size_t)(p - s) : c->n;
            if (depth > 0 && !grow(c, (void **)&c->runs, &c->cruns, c->nruns + 1,
                                   sizeof *c->runs))
                c->runs[c->nruns++] = (textrun){ i, j, 0 };
            i = j;
        } else if (c->n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            p = find(s, i + 4, c->n, "-->");
            i = p ? (size_t)(p - s) + 3 : c->n;
        } else if (c->n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
            p = find(s, i + 9, c->n, "]]>");
            j = p ? (size_t)(p - s) : c->n;
            if (!grow(c, (void **)&c->runs, &c->cruns, c->nruns + 1, sizeof *c->runs))
                c->runs[c->nruns++] = (textrun){ i + 9, j, 1 };
            i = j + 3;
        } else if (c->n - i >= 2 && (s[i + 1] == '?' || s[i + 1] == '!')) {
            p = find(s, i + 2, c->n, s[i + 1] == '?' ? "?>" : ">");
            j = p ? (size_t)(p - s) + (s[i + 1] == '?' ? 2 : 1) : c->n;
            if (depth > 0 && is_marker(s + i, j - i) &&
                !grow(c, (void **)&c->pis, &c->cpis, c->npis + 1, sizeof *c->pis))
                c->pis[c->npis++] = (dci_comment){ i, j, 0 };
            i = j;
        } else {
            int closing = s[i + 1] == '/';
            char q = 0;
            for (j = i + 1; j < c->n && (q || s[j] != '>'); j++)
                if (q ? s[j] == q : (s[j] == '"' || s[j] == '\''))
                    q = q ? 0 : s[j];
            depth += closing ? -1 : s[j - 1] == '/' ? 0 : 1;
            i = j + 1;
        }
    }
    return c->oom ? DIGICHECK_ENOMEM : DIGICHECK_OK;
}

/* Decodes the character at s[i] of a run: its UTF-8 bytes in out (up to 4),
 * how many there are, and how many input bytes it takes. References count
 * as one character; CR LF and CR read as LF, as XML says. */
static size_t decode(const char *s, size_t i, size_t end, int cdata, char *out, size_t *olen)
{
    unsigned char ch = (unsigned char)s[i];

    if (ch == '\r') {
        out[0] = '\n';
        *olen = 1;
        return i + 1 < end && s[i + 1] == '\n' ? 2 : 1;
    }
    if (ch == '&' && !cdata) {
        const char *semi = memchr(s + i, ';', end - i);
        size_t k = semi ? (size_t)(semi - (s + i)) + 1 : 1;
        unsigned long cp = 0;
        if (k == 4 && memcmp(s + i, "&lt;", 4) == 0) cp = '<';
        else if (k == 4 && memcmp(s + i, "&gt;", 4) == 0) cp = '>';
        else if (k == 5 && memcmp(s + i, "&amp;", 5) == 0) cp = '&';
        else if (k == 6 && memcmp(s + i, "&apos;", 6) == 0) cp = '\'';
        else if (k == 6 && memcmp(s + i, "&quot;", 6) == 0) cp = '"';
        else if (k > 3 && s[i + 1] == '#')
            cp = s[i + 2] == 'x' ? strtoul(s + i + 3, NULL, 16) : strtoul(s + i + 2, NULL, 10);
        if (cp < 0x80) {
            out[0] = (char)cp;
            *olen = 1;
        } else if (cp < 0x800) {
            out[0] = (char)(0xC0 | (cp >> 6));
            out[1] = (char)(0x80 | (cp & 0x3F));
            *olen = 2;
        } else if (cp < 0x10000) {
            out[0] = (char)(0xE0 | (cp >> 12));
            out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[2] = (char)(0x80 | (cp & 0x3F));
            *olen = 3;
        } else {
            out[0] = (char)(0xF0 | (cp >> 18));
            out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[3] = (char)(0x80 | (cp & 0x3F));
            *olen = 4;
        }
        return k;
    }
    *olen = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
    if (i + *olen > end)
        *olen = end - i;
    memcpy(out, s + i, *olen);
    return *olen;
}

/* ---- the view ------------------------------------------------------------------- */

/* Appends bytes standing for input byte `orig` on; starts a map segment where
 * the view stops following the input. */
static void put(ctx *c, const char *b, size_t k, size_t orig)
{
    const dci_mapseg *last = c->nmap ? &c->map[c->nmap - 1] : NULL;

    if (c->oom || grow(c, (void **)&c->view, &c->vcap, c->vlen + k + 1, 1))
        return;
    if ((!last || last->orig + (c->vlen - last->view) != orig) &&
        !grow(c, (void **)&c->map, &c->cmap, c->nmap + 1, sizeof *c->map))
        c->map[c->nmap++] = (dci_mapseg){ c->vlen, orig };
    memcpy(c->view + c->vlen, b, k);
    c->vlen += k;
}

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n';
}

/* The number of the text node t (set by number_nodes). */
static size_t run_of(const xmlNode *t)
{
    return (size_t)(uintptr_t)t->_private - 1;
}

/* Passes over the text of node t: counted as text content; written to the
 * view (white space folded) when emit is set. */
static void text(ctx *c, const xmlNode *t, int emit)
{
    const textrun *r = &c->runs[run_of(t)];
    size_t i = r->start;

    if (emit && c->neids &&
        !grow(c, (void **)&c->pieces, &c->cpieces, c->npieces + 1, sizeof *c->pieces)) {
        dci_piece *p = &c->pieces[c->npieces++];
        p->raw = r->start;
        p->cdata = r->cdata;
        p->elem_chars = c->chars - c->eids[c->neids - 1].chars_at_entry;
        p->eid = c->eids[c->neids - 1].eid;
    }
    while (i < r->end && !c->oom) {
        char out[4];
        size_t olen, k = decode(c->s, i, r->end, r->cdata, out, &olen);
        c->chars++;
        if (emit) {
            if (olen == 1 && is_blank(out[0])) {
                c->space = 1;
            } else {
                if (c->space && c->vlen > c->block)
                    put(c, " ", 1, i);
                c->space = 0;
                put(c, out, olen, i);
            }
        }
        i += k;
    }
}

/* Counts the text below n without writing it (numbers, footnotes). */
static void skip(ctx *c, const xmlNode *n)
{
    for (n = n->children; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            text(c, n, 0);
        else if (n->type == XML_ELEMENT_NODE)
            skip(c, n);
        else
            marker_seen(c, n);
    }
}

/* Begins a block of text: a line of its own in the view. */
static void block_begin(ctx *c, size_t orig)
{
    if (c->vlen && c->view[c->vlen - 1] != '\n')
        put(c, "\n", 1, orig);
    c->block = c->vlen;
    c->space = 0;
}

/* Ends a block; its text becomes sentences of the frame's unit. */
static void block_end(ctx *c, frame *f, int sentences)
{
    c->space = 0;
    if (sentences && c->vlen > c->block && !c->oom &&
        dci_split_sentences(&c->u, c->view ? c->view : "", f->unit, c->block, c->vlen,
                            &f->nsatz, &f->open) != DIGICHECK_OK)
        c->oom = 1;
    c->block = c->vlen;
}

static int named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Enters an element: an eId makes it the innermost named element. */
static int eid_push(ctx *c, const xmlNode *n)
{
    xmlChar *id = xmlGetProp(n, (const xmlChar *)"eId");
    char *copy;

    if (!id)
        return 0;
    copy = dci_arena_strdup(&c->strings, (const char *)id);
    xmlFree(id);
    if (!copy || grow(c, (void **)&c->eids, &c->ceids, c->neids + 1, sizeof *c->eids)) {
        c->oom = 1;
        return 0;
    }
    c->eids[c->neids++] = (eid_entry){ copy, c->chars };
    return 1;
}

static void walk(ctx *c, const xmlNode *el, frame *f);

/* The raw position of an element's first text (or the document start). */
static size_t first_orig(ctx *c, const xmlNode *n)
{
    for (n = n->children; n; n = n->next) {
        size_t o;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            return c->runs[run_of(n)].start;
        if (n->type == XML_ELEMENT_NODE && (o = first_orig(c, n)) != (size_t)-1)
            return o;
    }
    return (size_t)-1;
}

/* The quotation mark an akn:quotedText keeps in an attribute ("„", "“"):
 * shown in the view, though it is no text content of the XML. */
static void quote(ctx *c, const xmlNode *n, const char *attr)
{
    xmlChar *q = xmlGetProp(n, (const xmlChar *)attr);
    size_t o = first_orig(c, n);

    if (!q)
        return;
    if (c->space && c->vlen > c->block)
        put(c, " ", 1, o == (size_t)-1 ? 0 : o);
    c->space = 0;
    put(c, (const char *)q, strlen((const char *)q), o == (size_t)-1 ? 0 : o);
    xmlFree(q);
}

/* Mixed content of a text element (akn:p, akn:heading): inline elements are
 * text; an akn:quotedStructure interrupts it with the blocks it inserts. */
static void inline_text(ctx *c, const xmlNode *el, frame *f, int sentences)
{
    const xmlNode *n;

    for (n = el->children; n && !c->oom; n = n->next) {
        int pushed;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            text(c, n, 1);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        pushed = eid_push(c, n);
        if (named(n, "authorialNote")) {
            skip(c, n);
        } else if (named(n, "quotedStructure")) {
            /* the blocks an amendment puts in: new wording (roles.c) */
            size_t o = first_orig(c, n), from;
            block_end(c, f, sentences);
            from = c->vlen;
            c->quoted++;
            walk(c, n, f);
            c->quoted--;
            if (dci_units_region(&c->u, from, c->vlen, DCI_ROLE_NEW) < 0)
                c->oom = 1;
            block_begin(c, o == (size_t)-1 ? 0 : o);
        } else if (named(n, "quotedText")) {
            quote(c, n, "startQuote");
            inline_text(c, n, f, sentences);
            quote(c, n, "endQuote");
        } else {
            inline_text(c, n, f, sentences);
        }
        if (pushed)
            c->neids--;
    }
}

/* The number of a unit from its akn:num: "Artikel 1" 1, "§ 27a" 27a, "(2)"
 * 2, "3." 3, "b)" b; *para is set when it is a §. */
static void unit_number(const xmlNode *el, char *num, size_t cap, int *para)
{
    const xmlNode *n;
    xmlChar *t = NULL;
    const char *p;
    size_t k = 0;

    num[0] = '\0';
    *para = 0;
    for (n = el->children; n; n = n->next)
        if (named(n, "num")) {
            t = xmlNodeGetContent(n);
            break;
        }
    if (!t)
        return;
    p = (const char *)t;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    if (strncmp(p, "\xC2\xA7", 2) == 0) {
        *para = 1;
        p += 2;
    }
    if (strpbrk(p, "0123456789")) {             /* "Artikel 1", "(2)", "§ 27a", "3." */
        p = strpbrk(p, "0123456789");
        while (*p >= '0' && *p <= '9' && k + 1 < cap)
            num[k++] = *p++;
    } else {                                    /* "b)", "aa)" */
        while (*p && !(*p >= 'a' && *p <= 'z'))
            p++;
    }
    while (*p >= 'a' && *p <= 'z' && k + 1 < cap)
        num[k++] = *p++;
    num[k] = '\0';
    xmlFree(t);
}

/* A Nummer, Buchstabe or Doppelbuchstabe, by the form of its number. */
static int point_kind(const char *num)
{
    if (num[0] >= '0' && num[0] <= '9')
        return DCI_UNIT_NUMMER;
    return num[0] && num[1] == num[0] && !num[2] ? DCI_UNIT_DOPPELBUCHSTABE : DCI_UNIT_BUCHSTABE;
}

/* Structure: units for articles, paragraphs and points (outside quoted
 * structures), blocks for headings and paragraphs of text. */
static void walk(ctx *c, const xmlNode *el, frame *f)
{
    const xmlNode *n;

    for (n = el->children; n && !c->oom; n = n->next) {
        int pushed;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            text(c, n, 0);      /* white space between elements */
            continue;
        }
        if (n->type != XML_ELEMENT_NODE) {
            marker_seen(c, n);
            continue;
        }
        pushed = eid_push(c, n);
        if (!c->quoted && (named(n, "article") || named(n, "paragraph") || named(n, "point"))) {
            char num[16];
            int para, kind;
            frame g = { -1, 0, 0 };
            size_t o = first_orig(c, n);
            unit_number(n, num, sizeof num, &para);
            kind = named(n, "article") ? (para ? DCI_UNIT_PARAGRAPH : DCI_UNIT_ARTIKEL)
                 : named(n, "paragraph") ? DCI_UNIT_ABSATZ : point_kind(num);
            block_begin(c, o == (size_t)-1 ? 0 : o);
            g.unit = dci_units_add(&c->u, kind, f->unit, c->vlen, num, strlen(num));
            if (g.unit < 0)
                c->oom = 1;
            else {
                walk(c, n, &g);
                c->u.v[g.unit].end = c->vlen;
            }
        } else if (named(n, "num")) {
            skip(c, n);
        } else if (named(n, "heading")) {
            size_t o = first_orig(c, n);
            block_begin(c, o == (size_t)-1 ? 0 : o);
            inline_text(c, n, f, 0);
            if (f->unit > 0 && !c->quoted) {    /* the heading of an Artikel or § */
                c->u.v[f->unit].head_start = c->block;
                c->u.v[f->unit].head_end = c->vlen;
            }
            block_end(c, f, 0);
        } else if (named(n, "p") || named(n, "docTitle") || named(n, "longTitle")) {
            size_t o = first_orig(c, n);
            block_begin(c, o == (size_t)-1 ? 0 : o);
            inline_text(c, n, f, 1);
            block_end(c, f, 1);
        } else if (named(n, "authorialNote") || named(n, "meta")) {
            skip(c, n);
        } else {
            walk(c, n, f);      /* list, intro, content, wrapUp, section, table … */
        }
        if (pushed)
            c->neids--;
    }
}

/* ---- checks -------------------------------------------------------------------------- */

/* Numbers the text nodes in document order, as scan_runs listed the runs. */
static void number_nodes(ctx *c, xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            n->_private = (void *)(uintptr_t)++c->nodes;
        else if (n->type == XML_PI_NODE && n->name && strcmp((const char *)n->name,
                                                              "digicheck") == 0)
            n->_private = (void *)(uintptr_t)++c->npi_nodes;
        else if (n->type == XML_ELEMENT_NODE)
            number_nodes(c, n->children);
    }
}

static const xmlNode *child(const xmlNode *el, const char *name)
{
    const xmlNode *n;

    for (n = el ? el->children : NULL; n; n = n->next)
        if (named(n, name))
            return n;
    return NULL;
}

static const xmlNode *descendant(const xmlNode *el, const char *name)
{
    const xmlNode *n, *m;

    for (n = el ? el->children : NULL; n; n = n->next) {
        if (named(n, name))
            return n;
        if (n->type == XML_ELEMENT_NODE && (m = descendant(n, name)) != NULL)
            return m;
    }
    return NULL;
}

static int fail_at(ctx *c, int code, const xmlNode *at, const char *fmt, const char *a,
                   const char *b)
{
    return dci_error(c->err, code, c->d->name, at ? xmlGetLineNo(at) : 0, 0, fmt, a, b);
}

/* What the mapping relies on, and what a LegalDocML.de draft must be:
 * a paragraph or point holds its text in akn:content or akn:list (as the
 * schema wants), and a Mantelgesetz changes something (one of its articles
 * is the main amendment). */
static int check_structure(ctx *c, const xmlNode *n, int *main_amendment)
{
    int rc;

    for (; n; n = n->next) {
        xmlChar *eid, *refers;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if ((named(n, "paragraph") || named(n, "point")) && !child(n, "content") &&
            !child(n, "list")) {
            eid = xmlGetProp(n, (const xmlChar *)"eId");
            rc = fail_at(c, DIGICHECK_ESCHEMA, n, "akn:%s '%s' holds its text outside "
                         "akn:content or akn:list, which LegalDocML.de requires",
                         (const char *)n->name, eid ? (const char *)eid : "");
            xmlFree(eid);
            return rc;
        }
        if (named(n, "article") && (refers = xmlGetProp(n, (const xmlChar *)"refersTo"))) {
            *main_amendment |= strcmp((const char *)refers, "hauptaenderung") == 0;
            xmlFree(refers);
        }
        if ((rc = check_structure(c, n->children, main_amendment)))
            return rc;
    }
    return DIGICHECK_OK;
}

static int check_form(ctx *c, const xmlNode *root, const xmlNode *body)
{
    const xmlNode *form = descendant(root, "form");
    xmlChar *t = form ? xmlNodeGetContent(form) : NULL;
    int main_amendment = 0, rc;

    rc = check_structure(c, body->children, &main_amendment);
    if (!rc && t && strcmp((const char *)t, "mantelform") == 0 && !main_amendment)
        rc = fail_at(c, DIGICHECK_ESCHEMA, body, "the draft is a Mantelgesetz (regtxt:form "
                     "%s) but none of its articles is the main amendment (refersTo=\"%s\")",
                     "mantelform", "hauptaenderung");
    xmlFree(t);
    return rc;
}

/* ---- entry -------------------------------------------------------------------------- */

static int xml_oom(const ctx *c)
{
    return dci_error(c->err, DIGICHECK_ENOMEM, c->d->name, 0, 0, "out of memory reading XML");
}

/* The root element, akn:akomaNtoso, and its akn:body. */
static int find_body(const ctx *c, xmlDocPtr doc, xmlNode **root, const xmlNode **body)
{
    const char *name = c->d->name;

    *root = xmlDocGetRootElement(doc);
    if (!*root || strcmp((const char *)(*root)->name, "akomaNtoso") != 0)
        return dci_error(c->err, DIGICHECK_ESCHEMA, name, *root ? xmlGetLineNo(*root) : 0, 0,
                         "not a LegalDocML.de document: the root element is <%s>, not "
                         "akn:akomaNtoso", *root ? (const char *)(*root)->name : "none");
    if (!(*body = descendant(*root, "body")))
        return dci_error(c->err, DIGICHECK_ESCHEMA, name, xmlGetLineNo(*root), 0,
                         "the LegalDocML.de document has no akn:body");
    return DIGICHECK_OK;
}

/* Checks the form of the document and maps its body to the view, the map,
 * the units and the pieces of c. */
static int build_model(ctx *c, xmlNode *root, const xmlNode *body)
{
    frame top = { 0, 0, 0 };
    int rc;

    if ((rc = check_form(c, root, body)) || (rc = scan_runs(c)))
        return rc;
    number_nodes(c, root->children);
    if (c->nodes != c->nruns)
        return dci_error(c->err, DIGICHECK_ERROR, c->d->name, 0, 0, "the text of the XML "
                         "could not be located (%zu text nodes, %zu runs)", c->nodes, c->nruns);
    if (c->npi_nodes != c->npis)
        return dci_error(c->err, DIGICHECK_ERROR, c->d->name, 0, 0, "the digicheck "
                         "instructions of the XML could not be located (%zu nodes, %zu found)",
                         c->npi_nodes, c->npis);
    if (dci_units_add(&c->u, DCI_UNIT_DOCUMENT, -1, 0, "", 0) < 0)
        c->oom = 1;
    walk(c, body, &top);
    if (!c->vlen)
        put(c, "", 0, 0);
    if (!c->nmap && !grow(c, (void **)&c->map, &c->cmap, 1, sizeof *c->map))
        c->map[c->nmap++] = (dci_mapseg){ 0, 0 };
    return c->oom ? xml_oom(c) : DIGICHECK_OK;
}

static void release(ctx *c)
{
    dci_free(c->runs);
    dci_free(c->pis);
    dci_free(c->view);
    dci_free(c->map);
    dci_free(c->u.v);
    dci_free(c->u.nums);
    dci_free(c->u.r);
    dci_free(c->pieces);
    dci_free(c->eids);
    dci_arena_free(&c->strings);
}

int dci_ldml_segment(digicheck_draft *d, digicheck_error *err)
{
    ctx c;
    xmlDocPtr doc = NULL;
    xmlNode *root;
    const xmlNode *body;
    int rc;

    memset(&c, 0, sizeof c);
    c.d = d;
    c.s = d->src;
    c.n = d->src_len;
    c.err = err;
    if ((rc = dci_xml_parse(c.s, c.n, d->name, NULL, "a LegalDocML.de draft", &doc, err)) || (rc = find_body(&c, doc, &root, &body)) ||
        (rc = build_model(&c, root, body)))
        goto done;
    /* the model goes to the draft (draft.c), which writes its fields */
    dci_draft_take_eids(d, &c.pieces, c.npieces, &c.strings);
    if (dci_draft_take(d, &c.view, c.vlen, &c.map, c.nmap, &c.u))
        rc = xml_oom(&c);
    else if (c.npis)            /* the markers need the units */
        rc = dci_justify_inline(d, c.pis, c.npis, err);
done:
    release(&c);
    if (doc)
        xmlFreeDoc(doc);
    return rc;
}

const char *dci_draft_eid(const digicheck_draft *d, size_t v, long *offset)
{
    size_t lo = 0, hi = d->npieces, i, o, chars = 0;
    const dci_piece *p;

    /* by the byte in the XML: a quotation mark from an attribute stands for
     * the first character of its quoted text */
    *offset = -1;
    o = dci_draft_orig(d, v);
    if (!d->npieces || o < d->pieces[0].raw)
        return NULL;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->pieces[mid].raw <= o)
            lo = mid;
        else
            hi = mid;
    }
    p = &d->pieces[lo];
    for (i = p->raw; i < o && i < d->src_len; chars++) {
        char out[4];
        size_t olen;
        i += decode(d->src, i, d->src_len, p->cdata, out, &olen);
    }
    *offset = (long)(p->elem_chars + chars);
    return p->eid;
}
