/*
 * odf.c -- the documentation of a draft as an OpenDocument text (.odt),
 * which LibreOffice and Word open.
 *
 * An .odt file is a zip container: the entry `mimetype` first and stored
 * uncompressed, then the manifest, the styles, the metadata and the
 * content, each an XML document. The XML is written with libxml2's text
 * writer, the container with libzip, both in memory. The layout is our own:
 * a few named paragraph styles (title, three levels of headings, fields,
 * text, list items, and one for what is still open) and a bold span for
 * labels. This module owns that layout; the blocks come from document.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>
#include <zip.h>

#include "dci.h"
#include "document.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE  "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT   "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_FO     "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_META   "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC     "http://purl.org/dc/elements/1.1/"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

static const char MIMETYPE[] = "application/vnd.oasis.opendocument.text";

#define X(s) ((const xmlChar *)(s))

/* ---- XML pieces --------------------------------------------------------------- */

/* Starts a document with its root element and the namespaces the parts use. */
static xmlTextWriterPtr begin(xmlBufferPtr *buf, const char *root)
{
    xmlTextWriterPtr w;

    if (!(*buf = xmlBufferCreate()))
        return NULL;
    if (!(w = xmlNewTextWriterMemory(*buf, 0)))
        return NULL;
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, X(root));
    if (strncmp(root, "manifest:", 9) == 0) {
        xmlTextWriterWriteAttribute(w, X("xmlns:manifest"), X(NS_MANIFEST));
        xmlTextWriterWriteAttribute(w, X("manifest:version"), X("1.2"));
        return w;
    }
    xmlTextWriterWriteAttribute(w, X("xmlns:office"), X(NS_OFFICE));
    xmlTextWriterWriteAttribute(w, X("xmlns:style"), X(NS_STYLE));
    xmlTextWriterWriteAttribute(w, X("xmlns:text"), X(NS_TEXT));
    xmlTextWriterWriteAttribute(w, X("xmlns:fo"), X(NS_FO));
    xmlTextWriterWriteAttribute(w, X("xmlns:meta"), X(NS_META));
    xmlTextWriterWriteAttribute(w, X("xmlns:dc"), X(NS_DC));
    xmlTextWriterWriteAttribute(w, X("office:version"), X("1.2"));
    return w;
}

/* Ends the document; 0 when everything was written. */
static int end(xmlTextWriterPtr w)
{
    int rc = xmlTextWriterEndDocument(w) < 0;

    xmlFreeTextWriter(w);
    return rc;
}

static void attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    xmlTextWriterWriteAttribute(w, X(name), X(value));
}

/* A paragraph style: name, the style it is based on (or NULL), font size,
 * bold or not, space above and below, indent, background (or NULL). */
static void paragraph_style(xmlTextWriterPtr w, const char *name, const char *size, int bold,
                            const char *above, const char *below, const char *indent,
                            const char *background)
{
    xmlTextWriterStartElement(w, X("style:style"));
    attr(w, "style:name", name);
    attr(w, "style:family", "paragraph");
    xmlTextWriterStartElement(w, X("style:paragraph-properties"));
    attr(w, "fo:margin-top", above);
    attr(w, "fo:margin-bottom", below);
    attr(w, "fo:margin-left", indent);
    if (background)
        attr(w, "fo:background-color", background);
    if (bold)
        attr(w, "fo:keep-with-next", "always");
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, X("style:text-properties"));
    attr(w, "style:font-name", "Liberation Sans");
    attr(w, "fo:font-family", "'Liberation Sans'");
    attr(w, "fo:font-size", size);
    if (bold)
        attr(w, "fo:font-weight", "bold");
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

/* ---- the parts ------------------------------------------------------------------ */

static int write_styles(xmlBufferPtr *buf)
{
    xmlTextWriterPtr w = begin(buf, "office:document-styles");

    if (!w)
        return 1;
    xmlTextWriterStartElement(w, X("office:styles"));
    paragraph_style(w, "DC_Title", "18pt", 1, "0cm", "0.4cm", "0cm", NULL);
    paragraph_style(w, "DC_H2", "14pt", 1, "0.5cm", "0.2cm", "0cm", NULL);
    paragraph_style(w, "DC_H3", "12pt", 1, "0.4cm", "0.15cm", "0cm", NULL);
    paragraph_style(w, "DC_H4", "11pt", 1, "0.3cm", "0.1cm", "0cm", NULL);
    paragraph_style(w, "DC_Field", "10.5pt", 0, "0cm", "0.05cm", "0cm", NULL);
    paragraph_style(w, "DC_Text", "10.5pt", 0, "0.1cm", "0.15cm", "0cm", NULL);
    paragraph_style(w, "DC_Item", "10.5pt", 0, "0cm", "0.08cm", "0.6cm", NULL);
    paragraph_style(w, "DC_Subitem", "10pt", 0, "0cm", "0.06cm", "1.2cm", NULL);
    paragraph_style(w, "DC_Open", "10.5pt", 0, "0cm", "0.08cm", "0.6cm", "#fff3cd");
    paragraph_style(w, "DC_OpenSub", "10pt", 0, "0cm", "0.06cm", "1.2cm", "#fff3cd");
    xmlTextWriterStartElement(w, X("style:style"));
    attr(w, "style:name", "DC_Label");
    attr(w, "style:family", "text");
    xmlTextWriterStartElement(w, X("style:text-properties"));
    attr(w, "fo:font-weight", "bold");
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);                 /* office:styles */
    xmlTextWriterStartElement(w, X("office:automatic-styles"));
    xmlTextWriterStartElement(w, X("style:page-layout"));
    attr(w, "style:name", "DC_Page");
    xmlTextWriterStartElement(w, X("style:page-layout-properties"));
    attr(w, "fo:page-width", "21cm");
    attr(w, "fo:page-height", "29.7cm");
    attr(w, "fo:margin-top", "2cm");
    attr(w, "fo:margin-bottom", "2cm");
    attr(w, "fo:margin-left", "2.5cm");
    attr(w, "fo:margin-right", "2cm");
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);                 /* office:automatic-styles */
    xmlTextWriterStartElement(w, X("office:master-styles"));
    xmlTextWriterStartElement(w, X("style:master-page"));
    attr(w, "style:name", "Standard");
    attr(w, "style:page-layout-name", "DC_Page");
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    return end(w);
}

static int write_meta(xmlBufferPtr *buf, const dci_doc *doc)
{
    xmlTextWriterPtr w = begin(buf, "office:document-meta");

    if (!w)
        return 1;
    xmlTextWriterStartElement(w, X("office:meta"));
    xmlTextWriterWriteElement(w, X("meta:generator"), X("libdigicheck"));
    xmlTextWriterWriteFormatElement(w, X("dc:title"), "Dokumentation der Digitaltauglichkeit: %s",
                                    doc->title ? doc->title : "");
    xmlTextWriterWriteElement(w, X("dc:language"), X("de-DE"));
    xmlTextWriterEndElement(w);
    return end(w);
}

static const char *style_of(const dci_doc_block *k)
{
    static const char *const names[] = {
        "DC_Title", "DC_H2", "DC_H3", "DC_H4", "DC_Field", "DC_Text", "DC_Item", "DC_Subitem"
    };

    if (k->open && k->kind == DCI_DOC_SUBITEM)
        return "DC_OpenSub";
    return k->open && k->kind >= DCI_DOC_FIELD ? "DC_Open" : names[k->kind];
}

static void write_block(xmlTextWriterPtr w, const dci_doc_block *k)
{
    int head = k->kind >= DCI_DOC_H2 && k->kind <= DCI_DOC_H4;

    xmlTextWriterStartElement(w, X(head ? "text:h" : "text:p"));
    attr(w, "text:style-name", style_of(k));
    if (head)
        xmlTextWriterWriteFormatAttribute(w, X("text:outline-level"), "%d",
                                          k->kind - DCI_DOC_TITLE);
    if (k->kind == DCI_DOC_ITEM || k->kind == DCI_DOC_SUBITEM)
        xmlTextWriterWriteString(w, X(k->open ? "☐ " : "• "));
    if (k->label && !head) {
        xmlTextWriterStartElement(w, X("text:span"));
        attr(w, "text:style-name", "DC_Label");
        xmlTextWriterWriteFormatString(w, "%s: ", k->label);
        xmlTextWriterEndElement(w);
    } else if (k->label) {
        xmlTextWriterWriteFormatString(w, "%s ", k->label);
    }
    xmlTextWriterWriteString(w, X(k->text));
    xmlTextWriterEndElement(w);
}

static int write_content(xmlBufferPtr *buf, const dci_doc *doc)
{
    xmlTextWriterPtr w = begin(buf, "office:document-content");
    size_t i;

    if (!w)
        return 1;
    xmlTextWriterStartElement(w, X("office:body"));
    xmlTextWriterStartElement(w, X("office:text"));
    for (i = 0; i < doc->nblocks; i++)
        write_block(w, &doc->blocks[i]);
    return end(w);
}

static int write_manifest(xmlBufferPtr *buf)
{
    static const char *const parts[][2] = {
        { "/", MIMETYPE }, { "content.xml", "text/xml" }, { "styles.xml", "text/xml" },
        { "meta.xml", "text/xml" },
    };
    xmlTextWriterPtr w = begin(buf, "manifest:manifest");
    size_t i;

    if (!w)
        return 1;
    for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        xmlTextWriterStartElement(w, X("manifest:file-entry"));
        attr(w, "manifest:full-path", parts[i][0]);
        if (i == 0)
            attr(w, "manifest:version", "1.2");
        attr(w, "manifest:media-type", parts[i][1]);
        xmlTextWriterEndElement(w);
    }
    return end(w);
}

/* ---- the container ---------------------------------------------------------------- */

/* Adds an entry; stored (not compressed) when store is set. 0 on success. */
static int add_entry(zip_t *za, const char *name, const void *data, size_t len, int store)
{
    zip_source_t *s = zip_source_buffer(za, data, len, 0);
    zip_int64_t idx;

    if (!s)
        return 1;
    if ((idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)) < 0) {
        zip_source_free(s);
        return 1;
    }
    /* a fixed time (1980-01-01, the zip format's first day): the same document
     * gives the same bytes */
    if (zip_file_set_mtime(za, (zip_uint64_t)idx, (time_t)315532800, 0) != 0)
        return 1;
    return store ? zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) != 0 : 0;
}

/* The bytes of the zip archive in src (kept after zip_close) into *out. */
static int take_bytes(zip_source_t *src, char **out, size_t *len)
{
    zip_int64_t n;
    int rc = 1;

    if (zip_source_open(src) != 0)
        return 1;
    if (zip_source_seek(src, 0, SEEK_END) == 0 && (n = zip_source_tell(src)) >= 0 &&
        zip_source_seek(src, 0, SEEK_SET) == 0 && (*out = dci_malloc((size_t)n + 1))) {
        rc = zip_source_read(src, *out, (zip_uint64_t)n) != n;
        (*out)[n] = '\0';
        *len = (size_t)n;
        if (rc) {
            dci_free(*out);
            *out = NULL;
        }
    }
    zip_source_close(src);
    return rc;
}

int dci_odf_write(const dci_doc *doc, char **out, size_t *len, digicheck_error *err)
{
    static const char *const names[] = { "META-INF/manifest.xml", "styles.xml", "meta.xml",
                                         "content.xml" };
    xmlBufferPtr parts[4] = { NULL, NULL, NULL, NULL };
    zip_source_t *src = NULL;
    zip_t *za = NULL;
    zip_error_t ze;
    size_t i, ignored;
    int bad, rc = DIGICHECK_OK;

    zip_error_init(&ze);
    bad = write_manifest(&parts[0]) | write_styles(&parts[1]) | write_meta(&parts[2], doc) |
          write_content(&parts[3], doc);
    if (bad) {
        rc = dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory writing the ODF XML");
        goto done;
    }
    if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze)))
        goto zip_failed;
    zip_source_keep(src);
    if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) ||
        add_entry(za, "mimetype", MIMETYPE, strlen(MIMETYPE), 1))
        goto zip_failed;
    for (i = 0; i < 4; i++)
        if (add_entry(za, names[i], xmlBufferContent(parts[i]),
                      (size_t)xmlBufferLength(parts[i]), 0))
            goto zip_failed;
    bad = zip_close(za);
    za = NULL;
    if (bad || take_bytes(src, out, len ? len : &ignored))
        goto zip_failed;
    goto done;
zip_failed:
    rc = dci_error(err, DIGICHECK_EIO, "", 0, 0, "cannot write the ODF container: %s",
                   za ? zip_strerror(za) : zip_error_strerror(&ze));
done:
    if (za)
        zip_discard(za);
    zip_source_free(src);
    zip_error_fini(&ze);
    for (i = 0; i < 4; i++)
        if (parts[i])
            xmlBufferFree(parts[i]);
    return rc;
}
