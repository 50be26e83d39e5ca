/*
 * xml.h -- reading XML with libxml2 the one way the library does: no
 * network, no document type declaration (so no entity is ever defined, let
 * alone expanded), and the first error kept rather than printed (xml.c).
 * LegalDocML.de drafts (ldml.c) and the parts of Word and OpenDocument
 * files (docx.c, annotate.c) are read through it.
 */
#ifndef DCI_XML_H
#define DCI_XML_H

#include <libxml/tree.h>

#include "dci.h"
#include "package.h"

/* Attributes of one element, namespace declarations included: more are
 * DIGICHECK_ELIMIT before libxml2 sees the document (its checks of each
 * attribute against the others are quadratic). Real documents have a few;
 * the root of a Word document declares some 40 namespaces. */
#define DCI_XML_MAX_ATTRIBUTES 1000

/* Parses s[0..n) into *doc (free with xmlFreeDoc). name: the source errors
 * name; part: the part of a package it is, which messages start with (or
 * NULL); what: the document kind they name ("a LegalDocML.de draft"). A DOCTYPE is DIGICHECK_EUNSUPPORTED, too many attributes on an
 * element DIGICHECK_ELIMIT, a document that is not
 * well-formed DIGICHECK_ESYNTAX with line and column, else DIGICHECK_ENOMEM. */
int dci_xml_parse(const char *s, size_t n, const char *name, const char *part,
                  const char *what, xmlDocPtr *doc, digicheck_error *err);

/* Parses part `entry` of a package the same way; *doc NULL when the part
 * is missing and not required (a missing required part is
 * DIGICHECK_ESCHEMA). */
int dci_xml_part(dci_package *pk, const char *name, const char *entry, int required,
                 const char *what, xmlDocPtr *doc, digicheck_error *err);

/* The local name of an element is `name` (namespaces are not compared:
 * transitional and strict OOXML name the same elements differently). */
int dci_xml_is(const xmlNode *e, const char *name);
/* The first child element named `name`, or NULL. */
xmlNode *dci_xml_child(const xmlNode *e, const char *name);
/* An attribute by its local name, whatever its namespace (borrowed; NULL). */
const char *dci_xml_attr(const xmlNode *e, const char *name);

#endif /* DCI_XML_H */
