/*
 * xml.c -- the library's one way of parsing XML with libxml2 (see xml.h),
 * and the few questions the readers ask of an element.
 *
 * libxml2 checks each attribute of an element against those before it
 * (duplicates, namespace bindings), so an element with 100,000 attributes
 * took over 30 s. The raw bytes are scanned first, in one pass, and an
 * element with more than DCI_XML_MAX_ATTRIBUTES attributes (namespace
 * declarations included) is refused before libxml2 sees it.
 */
#include <pthread.h>
#include <string.h>

#include <libxml/parser.h>

#include "xml.h"

/* The first error libxml2 reports (later ones follow from it). */
typedef struct first_error {
    int set, code, line, column;
    char message[400];
} first_error;

static void keep_first_error(void *data, xmlErrorPtr e)
{
    /* libxml2 passes the parser context, whose _private holds ours */
    first_error *fe = data ? ((xmlParserCtxtPtr)data)->_private : NULL;

    if (!fe || fe->set || !e)
        return;
    fe->set = 1;
    fe->code = e->code;
    fe->line = e->line;
    fe->column = e->int2;
    snprintf(fe->message, sizeof fe->message, "%s", e->message ? e->message : "");
    fe->message[strcspn(fe->message, "\n")] = '\0';
}

/* Where `end` next occurs in s[i..n), or n. */
static size_t skip_past(const char *s, size_t n, size_t i, const char *end)
{
    const char *p = dci_memmem(s + i, n - i, end, strlen(end));

    return p ? (size_t)(p - s) + strlen(end) : n;
}

/* The offset of the first start tag with more than DCI_XML_MAX_ATTRIBUTES
 * attributes, or n. Comments, CDATA sections, processing instructions and
 * end tags are skipped; in a start tag every '=' outside quotes is one
 * attribute. Linear in n; on text that is not well-formed the count may be
 * off, and libxml2 then refuses the document anyway. */
static size_t crowded_element(const char *s, size_t n)
{
    size_t i = 0, tag, count;
    char quote;

    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            return n;
        tag = i = (size_t)(lt - s);
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
            i = skip_past(s, n, i + 4, "-->");
        else if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0)
            i = skip_past(s, n, i + 9, "]]>");
        else if (n - i >= 2 && s[i + 1] == '?')
            i = skip_past(s, n, i + 2, "?>");
        else if (n - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '/'))
            i = skip_past(s, n, i + 2, ">");
        else {
            for (i++, count = 0, quote = 0; i < n && (quote || s[i] != '>'); i++) {
                if (quote)
                    quote = s[i] == quote ? 0 : quote;
                else if (s[i] == '"' || s[i] == '\'')
                    quote = s[i];
                else if (s[i] == '=' && ++count > DCI_XML_MAX_ATTRIBUTES)
                    return tag;
            }
        }
    }
    return n;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

int dci_xml_parse(const char *s, size_t n, const char *name, const char *part,
                  const char *what, xmlDocPtr *doc, digicheck_error *err)
{
    const char *dtd = dci_memmem(s, n, "<!DOCTYPE", 9);
    xmlParserCtxtPtr pc;
    first_error fe;
    long line, column;
    size_t crowded;
    int rc = DIGICHECK_OK;

    *doc = NULL;
    if (dtd) {      /* a DOCTYPE is where entities are declared: refused outright */
        dci_offset_linecol(s, (size_t)(dtd - s), &line, &column);
        return dci_error(err, DIGICHECK_EUNSUPPORTED, name, line, column,
                         "%s%sa document type declaration (DOCTYPE) is not allowed in %s: "
                         "no DTDs, no entities", part ? part : "", part ? ": " : "", what);
    }
    if ((crowded = crowded_element(s, n)) < n) {
        dci_offset_linecol(s, crowded, &line, &column);
        return dci_error(err, DIGICHECK_ELIMIT, name, line, column,
                         "%s%san element with more than %d attributes (namespace declarations "
                         "included) in %s", part ? part : "", part ? ": " : "",
                         DCI_XML_MAX_ATTRIBUTES, what);
    }
    if (n > (size_t)0x7fffffff)
        return dci_error(err, DIGICHECK_ELIMIT, name, 0, 0, "%s: the XML is %zu bytes, more "
                         "than libxml2 reads at once", what, n);
    pthread_once(&xml_once, xml_init);
    if (!(pc = xmlNewParserCtxt()))
        return dci_error(err, DIGICHECK_ENOMEM, name, 0, 0, "out of memory reading XML");
    memset(&fe, 0, sizeof fe);
    xmlCtxtUseOptions(pc, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    pc->sax->serror = keep_first_error;      /* per context: no global handler */
    pc->_private = &fe;
    *doc = xmlCtxtReadMemory(pc, s, (int)n, name, "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    pc->_private = NULL;                     /* fe ends here */
    if (!*doc || !pc->wellFormed) {
        rc = dci_error(err, fe.code == XML_ERR_NO_MEMORY ? DIGICHECK_ENOMEM : DIGICHECK_ESYNTAX,
                       name, fe.set ? fe.line : 0, fe.set ? fe.column : 0, "%s%sXML: %s",
                       part ? part : "", part ? ": " : "", fe.set ? fe.message : "not well-formed");
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    xmlFreeParserCtxt(pc);
    return rc;
}

int dci_xml_part(dci_package *pk, const char *name, const char *entry, int required,
                 const char *what, xmlDocPtr *doc, digicheck_error *err)
{
    char *s;
    size_t n;
    int rc;

    *doc = NULL;
    if ((rc = dci_package_read(pk, entry, required, &s, &n, err)) != DIGICHECK_OK || !s)
        return rc;
    rc = dci_xml_parse(s, n, name, entry, what, doc, err);
    dci_free(s);
    return rc;
}

int dci_xml_is(const xmlNode *e, const char *name)
{
    return e && e->type == XML_ELEMENT_NODE && strcmp((const char *)e->name, name) == 0;
}

xmlNode *dci_xml_child(const xmlNode *e, const char *name)
{
    xmlNode *c;

    for (c = e ? e->children : NULL; c; c = c->next)
        if (dci_xml_is(c, name))
            return c;
    return NULL;
}

const char *dci_xml_attr(const xmlNode *e, const char *name)
{
    const xmlAttr *a;

    for (a = e ? e->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0 && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}
