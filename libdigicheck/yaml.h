/*
 * yaml.h -- YAML documents as a tree of nodes (yaml.c); json.c builds the same
 * tree from JSON.
 */
#ifndef DCI_YAML_H
#define DCI_YAML_H

#include "dci.h"

/* A parsed document is a tree of nodes in its own arena. An alias is a node
 * of its own (so that errors can point at the alias) whose target is the
 * anchored node: nothing is copied, so a reader that follows aliases may
 * visit a node many times. The parser bounds that: a node's weight is the
 * number of nodes a full walk of it visits with aliases expanded, and no
 * document weighs more than max_nodes; likewise the nesting depth counts
 * aliases expanded, so a reader may recurse on the tree. Readers copy the
 * strings they keep, so the bytes of scalar text a walk visits are bounded
 * too: aliases may add at most max_alias_bytes to the document's own size
 * (one 3 MB string used 1,000 times would be 3 GB of copies). */
enum { DCI_YAML_SCALAR = 1, DCI_YAML_SEQUENCE, DCI_YAML_MAPPING, DCI_YAML_ALIAS };
enum {                                   /* scalar styles */
    DCI_YAML_PLAIN = 0, DCI_YAML_SINGLE_QUOTED, DCI_YAML_DOUBLE_QUOTED,
    DCI_YAML_LITERAL, DCI_YAML_FOLDED
};

typedef struct dci_yaml_node dci_yaml_node;

typedef struct dci_yaml_pair {
    const dci_yaml_node *key, *value;
} dci_yaml_pair;

struct dci_yaml_node {
    int kind;                           /* DCI_YAML_* */
    int style;                          /* scalars: DCI_YAML_PLAIN … */
    long line, column;                  /* 1-based start (of its anchor or tag, if any) */
    long value_line, value_column;      /* scalars: first character of the value, inside
                                         * the quotes; the start for block scalars */
    const char *tag;                    /* explicit core tag ("tag:yaml.org,2002:str"), or NULL */
    const char *str; size_t len;        /* scalars: valid UTF-8 without NUL, NUL-terminated */
    const dci_yaml_node **items; size_t nitems;     /* sequences */
    const dci_yaml_pair *pairs;  size_t npairs;     /* mappings, in document order */
    const dci_yaml_node *target;        /* aliases: the anchored node, never an alias */
    size_t weight;                      /* nodes visited walking it, aliases expanded */
    size_t bytes;                       /* scalar bytes visited walking it, likewise */
    size_t height;                      /* collection levels inside it: 0 for a scalar */
};

typedef struct dci_yaml_limits {
    size_t max_depth;     /* nested collections, aliases expanded */
    size_t max_aliases;   /* alias uses per document */
    size_t max_nodes;     /* weight of the document */
    size_t max_alias_bytes; /* scalar bytes aliases add; 0: DCI_YAML_MAX_ALIAS_BYTES */
} dci_yaml_limits;

#define DCI_YAML_MAX_NODES 1000000
#define DCI_YAML_MAX_ALIAS_BYTES ((size_t)16 << 20)

typedef struct dci_yaml_doc {
    dci_arena arena;                    /* every node and string */
    const dci_yaml_node *root;          /* NULL for a stream without a document */
} dci_yaml_doc;

/* Parses one YAML document (a stream with more than one is refused). lim
 * NULL means DIGICHECK_LIMIT_YAML_DEPTH, DIGICHECK_LIMIT_YAML_ALIASES and
 * DCI_YAML_MAX_NODES. source names the input in errors. Errors:
 * DIGICHECK_ESYNTAX (libyaml's message and mark, an undefined alias),
 * DIGICHECK_EENCODING (invalid UTF-8, a NUL byte or a "\0" escape),
 * DIGICHECK_ELIMIT, DIGICHECK_ESCHEMA (duplicate keys in a mapping, a tag
 * outside the YAML core schema, an alias to an enclosing node, several
 * documents), DIGICHECK_ENOMEM. On failure doc is empty; dci_yaml_free is
 * safe either way. */
int  dci_yaml_parse(dci_yaml_doc *doc, const char *buf, size_t len, const char *source,
                    const dci_yaml_limits *lim, digicheck_error *err);
/* Reads path (refusing files over max_size bytes with DIGICHECK_ELIMIT) and
 * parses it; adds DIGICHECK_EIO. */
int  dci_yaml_load_file(dci_yaml_doc *doc, const char *path, size_t max_size,
                        const dci_yaml_limits *lim, digicheck_error *err);
void dci_yaml_free(dci_yaml_doc *doc);
/* Gives collection n (a mapping or a sequence, as yet without children)
 * its children kids[0, count), allocated in arena: the pairs of a mapping
 * (key, value, key, …), of which no two scalar keys may be equal (YAML and
 * JSON forbid it, and a reader would see one of the values only), or the
 * items of a sequence. Returns DIGICHECK_OK, DIGICHECK_ESCHEMA naming the
 * first repeated key and where it stood before, or DIGICHECK_ENOMEM (err
 * left to the caller). For the builders (yaml.c, json.c). */
int  dci_yaml_set_children(dci_arena *arena, dci_yaml_node *n, const dci_yaml_node *const *kids,
                           size_t count, const char *source, digicheck_error *err);

/* The node an alias stands for; any other node (or NULL) as it is. */
const dci_yaml_node *dci_yaml_deref(const dci_yaml_node *n);
/* The value of the first pair whose key is the scalar `key`, or NULL. map
 * may be an alias; the value is returned as written (it may be an alias). */
const dci_yaml_node *dci_yaml_map_get(const dci_yaml_node *map, const char *key);
/* Scalar readings, as the YAML 1.1 core schema resolves plain scalars;
 * quoted scalars are strings. Aliases are followed. */
int  dci_yaml_is_null(const dci_yaml_node *n);     /* "", ~, null */
int  dci_yaml_bool(const dci_yaml_node *n, int *out);   /* 0, or -1: not a bool */
int  dci_yaml_int(const dci_yaml_node *n, long *out);   /* 0, or -1: not an integer */
/* "a mapping", "a list", "a string", "an empty value": for messages. */
const char *dci_yaml_describe(const dci_yaml_node *n);

#endif /* DCI_YAML_H */
