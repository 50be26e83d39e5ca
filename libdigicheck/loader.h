/*
 * loader.h -- the state of one rule set load and the schema helpers the
 * loader's readers share (loader.c). ruleset.c reads ruleset.yaml, its
 * includes and principles; rule.c reads one rule entry; both read YAML
 * values through the functions here, which say what is wrong and where.
 */
#ifndef DCI_LOADER_H
#define DCI_LOADER_H

#include "yaml.h"
#include "ruleset.h"

#define DCI_NO_INDEX ((size_t)-1)

/* The keys a mapping may hold. `kinds` says for which kinds of rule a key
 * is allowed (the bit 1 << (type - 1) of each); every other mapping uses
 * K_ANY. */
enum {
    K_PATTERN = 1, K_ABSENCE = 2, K_LUA = 4, K_QUESTION = 8, K_RELEVANCE = 16,
    K_MATCHING = K_PATTERN | K_ABSENCE,
    K_ANY = K_PATTERN | K_ABSENCE | K_LUA | K_QUESTION | K_RELEVANCE
};

typedef struct dci_keydef {
    const char *name;
    unsigned kinds;
} dci_keydef;

#define NKEYS(defs) (sizeof defs / sizeof defs[0])
#define DCI_MAX_KEYS 30     /* the most keys of any table (rule.c: rule_keys) */

/* An id -> index table (open addressing) for rule and principle ids: a
 * hostile rule set may hold many thousands of rules. */
typedef struct dci_id_slot {
    const char *id;
    size_t index;
} dci_id_slot;

typedef struct dci_id_table {
    dci_id_slot *slots;
    size_t cap, count;
} dci_id_table;

/* A `when.rules` entry, resolved once every file is read. */
typedef struct dci_pending_ref {
    size_t rule, entry;
    const char *file;
    long line, column;
} dci_pending_ref;

/* A `levels:` entry, applied once the whole rule set is loaded. */
typedef struct dci_pending_level {
    const char *rule;
    int level;                      /* 0: off, else DIGICHECK_SEVERITY_* (dci_levels) */
    size_t part;                    /* the rule set that says so */
    const char *file;
    long line, column;
} dci_pending_level;

/* Written only by the dci_loader_* functions of loader.c. */
typedef struct dci_loader {
    digicheck_ruleset *rs;
    digicheck_error *err;
    const char *file;               /* the file being read, as shown in errors */
    const char *dir;                /* the directory of the rule set being read */
    size_t part;                    /* the rule set being read: an index into parts */
    dci_rule *rules; size_t nrules, rules_cap;      /* on the heap until done */
    dci_pending_ref *refs; size_t nrefs, refs_cap;
    dci_id_table rule_ids, principle_ids;
    dci_ruleset_part *parts; size_t nparts, parts_cap;
    size_t chain[DCI_MAX_PARTS], nchain;    /* the rule sets being read, outermost first */
    dci_pending_level *levels; size_t nlevels, levels_cap;
} dci_loader;

/* ---- the state of a load -------------------------------------------------- */

/* Starts a load of path into rs (which may be NULL: out of memory). */
void dci_loader_init(dci_loader *L, digicheck_ruleset *rs, digicheck_error *err,
                     const char *path);
/* Releases what the load holds on the heap (not the rules' patterns). */
void dci_loader_release(dci_loader *L);
/* Errors name file from now on; returns the file named before. */
const char *dci_loader_enter(dci_loader *L, const char *file);
/* Appends an empty rule, so that whatever is compiled into it is released
 * on failure too; NULL when out of memory. */
dci_rule *dci_loader_new_rule(dci_loader *L);
/* The rules were moved into the rule set: forgets them. */
void dci_loader_forget_rules(dci_loader *L);
/* Remembers entry `entry` of `when.rules` of rule ri, written at `at`. */
int dci_loader_add_ref(dci_loader *L, size_t ri, size_t entry, const dci_yaml_node *at);
/* Indexes rule ri (principle i) by its id, refusing a duplicate at `at`.
 * An id that a base of the rule set being read already has is refused
 * too unless override is set; then *replaces is the index of the one it
 * replaces (else DCI_NO_INDEX), and override without such an id is an
 * error. */
int dci_loader_name_rule(dci_loader *L, size_t ri, const dci_yaml_node *at, int override,
                         size_t *replaces);
int dci_loader_name_principle(dci_loader *L, size_t i, const dci_yaml_node *at, int override,
                              size_t *replaces);
/* Rule ri, read to the end, takes the place of rule old (which the caller
 * has released): it keeps old's index and drops old's `when.rules` entries. */
void dci_loader_replace_rule(dci_loader *L, size_t old, size_t ri);
/* The index of the rule (principle) with that id, or DCI_NO_INDEX. */
size_t dci_loader_rule(const dci_loader *L, const char *id);
size_t dci_loader_principle(const dci_loader *L, const char *id);

/* ---- the rule sets of a combination (see dci_ruleset_part) ---------------- */

/* The part whose main file has that real path, or DCI_NO_INDEX. */
size_t dci_loader_find_part(const dci_loader *L, const char *real);
/* Is part i being read (an `extends:` that leads back to it is a cycle)? */
int dci_loader_reading(const dci_loader *L, size_t i);
/* Starts reading a new part (strings copied into the rule set); errors
 * name its files from now on. *prev is what dci_loader_close_part takes. */
int dci_loader_open_part(dci_loader *L, const char *path, const char *dir, const char *real,
                         size_t *prev);
void dci_loader_close_part(dci_loader *L, size_t prev);
/* Part `base` (and what it extends) is a base of the part being read. */
void dci_loader_add_base(dci_loader *L, size_t base);
/* Is part p the one being read or one of its bases? */
int dci_loader_sees(const dci_loader *L, size_t p);
void dci_loader_name_part(dci_loader *L, const char *id, const char *title,
                          const char *version, const char *description);
/* The parts were copied into the rule set: forgets them. */
void dci_loader_forget_parts(dci_loader *L);
/* "digitalcheck/form.yaml": a file of part p as its authors name it. */
void dci_loader_place(const dci_loader *L, size_t p, const char *file, char *out, size_t cap);
/* The id of a rule that part sees (the one being read, its bases) nearest
 * to id, or NULL; bases_only leaves the part's own rules out. */
const char *dci_loader_nearest_rule(const dci_loader *L, const char *id, int bases_only);
/* Remembers a `levels:` entry at `at`. */
int dci_loader_add_level(dci_loader *L, const char *rule, int level, const dci_yaml_node *at);

/* ---- errors ----------------------------------------------------------------- */

/* An error about a node of the file being read. */
int dci_load_fail(dci_loader *L, int code, const dci_yaml_node *at, const char *fmt, ...)
    DCI_PRINTF(4, 5);
/* An error about a `when.rules` entry, found after its file was read. */
int dci_load_fail_ref(dci_loader *L, const dci_pending_ref *p, const char *fmt, ...)
    DCI_PRINTF(3, 4);
int dci_load_oom(dci_loader *L);
/* Levenshtein distance, for "did you mean" hints; long words are not
 * compared (their distance is reported as large). */
size_t dci_edit_distance(const char *a, const char *b);

/* ---- reading values ----------------------------------------------------------- */

/* A copy of s in the rule set's arena. */
const char *dci_load_strdup(dci_loader *L, const char *s);
int dci_load_kind(dci_loader *L, const dci_yaml_node *v, int kind, const char *what,
                  const char *ctx);
/* Checks the keys of a mapping and returns the value of each known key in
 * vals (indexed like defs; NULL when absent). kind selects the rule kind
 * for keys that only one kind of rule may have. */
int dci_load_keys(dci_loader *L, const dci_yaml_node *map, const dci_keydef *defs, size_t ndefs,
                  unsigned kind, const char *ctx, const dci_yaml_node **vals);
int dci_load_require(dci_loader *L, const dci_yaml_node *map, const dci_yaml_node *v,
                     const char *key, const char *ctx);
/* A string is any scalar but an empty one: `version: 2026.1` is "2026.1". */
int dci_load_expect_string(dci_loader *L, const dci_yaml_node *v, const char *key,
                           const char *ctx);
/* A string value copied into the rule set, without the white space around
 * it; *out is left alone when v is absent. */
int dci_load_string(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                    const char **out);
/* An id: a string without white space. */
int dci_load_id(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                const char **out);
/* One of the words of table t: its value to *out, the word itself (static)
 * to *word; either may be NULL. Nothing happens when v is absent. */
int dci_load_choice(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                    const dci_names *t, int *out, const char **word);
/* true or false into *out (left alone when v is absent). */
int dci_load_bool(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                  int *out);
/* Lists of strings: a single string counts as a list of one. */
size_t dci_list_len(const dci_yaml_node *v);
const dci_yaml_node *dci_list_item(const dci_yaml_node *v, size_t i);
int dci_load_check_strings(dci_loader *L, const dci_yaml_node *v, const char *key,
                           const char *ctx, int need_one);
int dci_load_strings(dci_loader *L, const dci_yaml_node *v, const char *key, const char *ctx,
                     const char ***out, size_t *n);

/* ---- files of the rule set ------------------------------------------------------ */

/* Resolves a file named in the rule set (what: "include" or "script"; the
 * file: "included file" or "script") to a regular file inside the rule set
 * directory, copied into the rule set. */
int dci_load_resolve(dci_loader *L, const dci_yaml_node *at, const char *name,
                     const char *what, const char *file, const char **path);
/* A rule's file as an author reads it: relative to the rule set directory. */
const char *dci_load_short_name(const dci_loader *L, const char *file);

#endif /* DCI_LOADER_H */
