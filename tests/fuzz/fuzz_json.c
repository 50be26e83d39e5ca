/*
 * fuzz_json.c -- the strict JSON reader on any bytes: dci_json_parse, then
 * a walk of the tree that checks what its readers rely on (scalars are
 * valid UTF-8 without NUL, of their stated length; weights and heights
 * add up; places are 1-based), then the same bytes as a JSON draft
 * description through the public API.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../libdigicheck/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Returns the node's weight as counted here; aborts on a broken invariant. */
static size_t walk(const dci_yaml_node *n)
{
    size_t i, weight = 1, height = 0;
    const dci_yaml_node *kid;

    if (!n || n->line < 1 || n->column < 1 || n->kind == DCI_YAML_ALIAS)
        abort();
    if (n->kind == DCI_YAML_SCALAR) {
        if (!n->str || strlen(n->str) != n->len || dci_utf8_invalid(n->str, n->len) != n->len)
            abort();
        return 1;
    }
    for (i = 0; i < n->nitems + 2 * n->npairs; i++) {
        kid = n->kind == DCI_YAML_SEQUENCE ? n->items[i]
              : i % 2 ? n->pairs[i / 2].value : n->pairs[i / 2].key;
        weight += walk(kid);
        if (kid->height > height)
            height = kid->height;
    }
    if (weight != n->weight || height + 1 != n->height)
        abort();
    return weight;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dci_yaml_doc doc;
    digicheck_error err;
    digicheck_draft *d = NULL;

    if (dci_json_parse(&doc, (const char *)data, size, "fuzz.json", NULL, &err) ==
        DIGICHECK_OK)
        walk(doc.root);
    else if (doc.root || err.code == DIGICHECK_OK)
        abort();
    dci_yaml_free(&doc);
    if (digicheck_draft_parse(&d, (const char *)data, size, "fuzz.json",
                              DIGICHECK_FORMAT_JSON, &err) == DIGICHECK_OK)
        digicheck_draft_free(d);
    return 0;
}
