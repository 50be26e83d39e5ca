/*
 * json.h -- JSON documents as the same tree of nodes as YAML (json.c).
 */
#ifndef DCI_JSON_H
#define DCI_JSON_H

#include "yaml.h"

/* Parses one JSON text (RFC 8259, strictly) into doc, a tree of
 * dci_yaml_node as dci_yaml_parse builds it, so that one reader serves
 * both: objects are mappings, arrays sequences; strings are double-quoted
 * scalars, numbers (as written, of any size) and true, false and null are
 * plain scalars. Every node has its line and column; a string's value
 * starts after its quote. A leading byte-order mark is skipped and takes no
 * column. lim NULL means DIGICHECK_LIMIT_YAML_DEPTH and DCI_YAML_MAX_NODES
 * (aliases do not exist). Errors, each with its line and column:
 * DIGICHECK_ESYNTAX (not JSON: a comment, a trailing comma, a lone
 * surrogate, a control character in a string, …), DIGICHECK_EENCODING
 * (invalid UTF-8, a NUL byte or a "\u0000" escape), DIGICHECK_ESCHEMA (a
 * key repeated in an object), DIGICHECK_ELIMIT, DIGICHECK_ENOMEM. On
 * failure doc is empty; dci_yaml_free is safe either way. */
int dci_json_parse(dci_yaml_doc *doc, const char *buf, size_t len, const char *source,
                   const dci_yaml_limits *lim, digicheck_error *err);

#endif /* DCI_JSON_H */
