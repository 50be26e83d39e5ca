/*
 * dci.h -- internals shared between the modules of libdigicheck.
 *
 * Nothing here is public. Cross-file functions carry the prefix dci_; the
 * structs behind the public opaque handles are defined here so that the
 * modules (ruleset loader, draft model, checker, report) can read each
 * other's data through one header. Each struct is owned by one module: only
 * that module writes it.
 */
#ifndef DCI_H
#define DCI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "digicheck.h"

#if defined(__GNUC__)
#  define DCI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define DCI_PRINTF(f, a)
#endif

/* ---- util.c: memory, errors, buffers, UTF-8 ----------------------------- */

/* All heap memory of the library goes through these three, so that a test
 * can make the Nth allocation fail. */
void *dci_malloc(size_t n);
void *dci_realloc(void *p, size_t n);
void  dci_free(void *p);

/* Fills err (if not NULL) and returns code. Never allocates. The message is
 * printf-formatted and truncated to fit. */
int dci_error(digicheck_error *err, int code, const char *source, long line, long column,
              const char *fmt, ...) DCI_PRINTF(6, 7);

/* Grows the array *p (element size elem, capacity *cap) to hold at least
 * need elements. Returns 0 or DIGICHECK_ENOMEM (then *p is unchanged). */
int dci_grow(void **p, size_t *cap, size_t need, size_t elem);

/* An arena: many small allocations released together. Alignment 16. */
typedef struct dci_chunk dci_chunk;
typedef struct dci_arena {
    dci_chunk *head;
} dci_arena;

void *dci_arena_alloc(dci_arena *a, size_t n);          /* NULL on OOM */
void *dci_arena_calloc(dci_arena *a, size_t n);
char *dci_arena_strndup(dci_arena *a, const char *s, size_t n);
char *dci_arena_strdup(dci_arena *a, const char *s);
void  dci_arena_free(dci_arena *a);

/* A growable string. Appending never fails loudly: an allocation failure
 * sets the sticky `oom` flag and later appends are ignored; check it once at
 * the end. data is always NUL-terminated once anything was appended. */
typedef struct dci_buf {
    char  *data;
    size_t len, cap;
    int    oom;
} dci_buf;

void  dci_buf_append(dci_buf *b, const char *s, size_t n);
void  dci_buf_puts(dci_buf *b, const char *s);
void  dci_buf_putc(dci_buf *b, char c);
void  dci_buf_printf(dci_buf *b, const char *fmt, ...) DCI_PRINTF(2, 3);
void  dci_buf_json_string(dci_buf *b, const char *s, size_t n);   /* quoted, escaped */
char *dci_buf_detach(dci_buf *b, size_t *len);   /* NULL on OOM; buffer is reset */
/* JSON pieces: "k": ; a string or null ; ,"k":"s" ; ["a","b"] */
void  dci_json_key(dci_buf *b, const char *k);
void  dci_json_str(dci_buf *b, const char *s);
void  dci_json_member(dci_buf *b, const char *k, const char *s);
void  dci_json_str_array(dci_buf *b, const char *const *items, size_t n);
/* Text in Markdown: characters that would start markup are escaped and line
 * breaks read as spaces, so a rule's text cannot break the document. */
void  dci_buf_markdown(dci_buf *b, const char *s);
void  dci_buf_free(dci_buf *b);

/* Reads a whole file (NUL-terminated copy). max: refuse larger files with
 * DIGICHECK_ELIMIT. Errors name the path. */
int dci_read_file(char **out, size_t *len, const char *path, size_t max, digicheck_error *err);

/* A file named relative to a directory, which it must not leave: neither by
 * its text (an absolute path, ".." above the directory) nor where it leads
 * (symbolic links). On DCI_PATH_OK *joined is "dir/name" (release with
 * dci_free); on DCI_PATH_OUTSIDE real holds where it leads; on
 * DCI_PATH_MISSING errno says why it cannot be resolved. */
enum {
    DCI_PATH_OK, DCI_PATH_ABSOLUTE, DCI_PATH_ESCAPES, DCI_PATH_MISSING, DCI_PATH_OUTSIDE,
    DCI_PATH_NOMEM
};
int dci_path_inside(const char *dir, const char *name, char **joined, char *real,
                    size_t real_size);

/* UTF-8: returns the offset of the first invalid byte, or len if valid. A NUL
 * byte counts as invalid. */
size_t dci_utf8_invalid(const char *s, size_t len);
/* Number of code points in s[0..n). */
size_t dci_utf8_count(const char *s, size_t n);
/* 1-based line and code-point column of byte offset off in s, by scanning
 * from the start (for errors found before a line index exists). Lines end
 * at LF, CRLF or a lone CR; a leading byte-order mark takes no column. */
void dci_offset_linecol(const char *s, size_t off, long *line, long *column);
/* The first occurrence of needle in hay, or NULL (memmem, portably). */
const char *dci_memmem(const char *hay, size_t n, const char *needle, size_t k);
/* FNV-1a hash of a NUL-terminated string, for the id and anchor tables. */
size_t dci_hash_str(const char *s);

/* ---- regex.c: PCRE2 wrapper ---------------------------------------------- */

/* At most how many bytes a match starts before one of its literals: fixed,
 * plus `ws` times the longest run of white space and `word` times the
 * longest run of word characters in the draft (both measured by the
 * prefilter's scan). fixed == DCI_REACH_NONE: no bound. */
typedef struct dci_reach {
    size_t fixed, ws, word;
} dci_reach;

#define DCI_REACH_MAX 1024  /* a larger reach is not worth a window */
#define DCI_REACH_NONE ((size_t)-1)

typedef struct dci_regex {
    const char *src;        /* the pattern as written */
    pcre2_code *code;       /* compiled, JIT where available */
    long line, column;      /* where the pattern was written */
    int flags;              /* DCI_RE_* */
    long slot;              /* its prefilter slot, or -1: scanned in full */
    dci_reach reach;        /* with a slot: how far a match starts before a literal */
    long slot2;             /* a second set of literals every match holds, or -1; a
                             * check uses the set with fewer hits in its draft */
    dci_reach reach2;
    long twin;              /* patterns written alike (source and flags) in several
                             * places share a number and their searches (check.c);
                             * -1: written once */
} dci_regex;

#define DCI_RE_CASELESS 1

/* Compiles src with UTF, UCP and (flag) case folding; tries JIT. On error
 * fills err with code DIGICHECK_EREGEX, source file, the line/column of the
 * pattern plus the error offset, and PCRE2's message. */
int  dci_regex_compile(dci_regex *re, const char *src, int flags, const char *file,
                       long line, long column, const char *rule_id, digicheck_error *err);
void dci_regex_free(dci_regex *re);

/* What matching needs besides the pattern: match data, a match context with
 * the backtracking limits (DIGICHECK_LIMIT_MATCH, _MATCH_DEPTH) and a JIT
 * stack. One per checker, used by one thread at a time. */
typedef struct dci_matcher {
    pcre2_match_data    *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack     *jit;
} dci_matcher;

int  dci_matcher_init(dci_matcher *m);          /* DIGICHECK_OK or DIGICHECK_ENOMEM */
void dci_matcher_free(dci_matcher *m);
/* Finds the first non-empty match of re in s[start, end); matching sees s
 * up to end only. Returns 1 and the span, 0 for none, or a negative PCRE2
 * error (a limit). Empty matches are skipped. The capture groups of a match
 * stay in m->md until the next call. */
int  dci_regex_find(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                    size_t end, size_t *ms, size_t *me);
/* Does re match anywhere in s[start, end)? An empty match counts (a
 * lookahead asks whether something occurs). 1, 0, or a negative PCRE2
 * error (a limit). */
int  dci_regex_occurs(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                      size_t end);
/* The same for a match that starts at or before offset last (the subject
 * still ends at end, so lookarounds see as far as without the limit). */
int  dci_regex_find_from(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                         size_t end, size_t last, size_t *ms, size_t *me);

/* ---- prefilter.c: literals of all patterns, one pass --------------------- */

typedef struct dci_prefilter dci_prefilter;
typedef struct dci_hit {
    size_t slot;            /* the pattern (dci_regex.slot) */
    size_t pos;             /* where one of its literals begins in the view */
} dci_hit;

/* Numbers the patterns written alike (rs->ntwins), gives the patterns
 * searched in bounded units (see prefilter.c) whose every match must hold
 * one of a few literals a slot and a reach (one per twin), and builds the
 * automaton (rs->prefilter; NULL when no pattern has a slot). */
int  dci_prefilter_build(digicheck_ruleset *rs);
/* An automaton for n more patterns, which get the slots after the rule
 * set's (slot[i], or -1 when one has no literals; its reach in reach[i]):
 * a checker's own, for the patterns its Lua rules search with, scanned
 * after the rule set's. *out is NULL when no pattern has a slot.
 * DIGICHECK_OK or DIGICHECK_ENOMEM. */
int  dci_prefilter_extend(const digicheck_ruleset *rs, const char *const *more, size_t n,
                          long *slot, dci_reach *reach, dci_prefilter **out);
/* The number of slots of an automaton. */
size_t dci_prefilter_slots(const dci_prefilter *pf);
/* The literals extracted from one pattern (its second set: second 1),
 * folded, "|"-separated into out, and its reach (see dci_regex); returns
 * their number, or -1 when the pattern keeps its full scan (has no second
 * set). */
int  dci_prefilter_literals(const char *src, int second, char *out, size_t cap,
                            dci_reach *reach);
void dci_prefilter_free(dci_prefilter *pf);
/* Finds the literals in view[0, n): *nhits hits in *hits (grown as needed,
 * in the order their literals end), and the longest runs of bytes that may
 * be white space (ASCII white space, bytes >= 0x80) and word characters
 * (ASCII letters, digits, "_", bytes >= 0x80) in runs[0] and runs[1].
 * Returns 0; 1 when the view must be scanned in full (it holds characters
 * whose case the prefilter does not fold); -1 when out of memory. */
int  dci_prefilter_scan(const dci_prefilter *pf, const char *view, size_t n, dci_hit **hits,
                        size_t *nhits, size_t *cap, size_t runs[2]);

/* ---- yaml.c: YAML (and JSON) documents as a tree -------------------------- */

/* A parsed document is a tree of nodes in its own arena. An alias is a node
 * of its own (so that errors can point at the alias) whose target is the
 * anchored node: nothing is copied, so a reader that follows aliases may
 * visit a node many times. The parser bounds that: a node's weight is the
 * number of nodes a full walk of it visits with aliases expanded, and no
 * document weighs more than max_nodes; likewise the nesting depth counts
 * aliases expanded, so a reader may recurse on the tree. */
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
    size_t height;                      /* collection levels inside it: 0 for a scalar */
};

typedef struct dci_yaml_limits {
    size_t max_depth;     /* nested collections, aliases expanded */
    size_t max_aliases;   /* alias uses per document */
    size_t max_nodes;     /* weight of the document */
} dci_yaml_limits;

#define DCI_YAML_MAX_NODES 1000000

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

/* ---- ruleset.c: the loaded, immutable rule set --------------------------- */

enum { DCI_RULE_PATTERN = 1, DCI_RULE_ABSENCE = 2, DCI_RULE_LUA = 3, DCI_RULE_QUESTION = 4 };
enum { DCI_STAGE_VORPRUEFUNG = 1, DCI_STAGE_PRAXISCHECK };
enum { DCI_SCOPE_SENTENCE = 1, DCI_SCOPE_PARAGRAPH, DCI_SCOPE_SECTION, DCI_SCOPE_DOCUMENT };

typedef struct dci_answer_cond {
    const char *question;   /* "vp.it-system" */
    const char *answer;     /* "yes" */
} dci_answer_cond;

/* A list entry {match: [...], <value>}: `severity_if` of a pattern rule (if
 * any pattern matches in the scope unit, the finding gets this severity) and
 * `prefill` of a question (text signals that suggest this answer). */
typedef struct dci_guard {
    dci_regex  *match;
    size_t      nmatch;
    int         severity;   /* severity_if */
    const char *suggests;   /* prefill: one of the question's answers */
} dci_guard;
typedef dci_guard dci_severity_if;
typedef dci_guard dci_prefill;

typedef struct dci_rule {
    const char *id, *principle, *category, *message, *suggestion;
    int type;               /* DCI_RULE_* */
    int severity;           /* DIGICHECK_SEVERITY_* */
    int scope;              /* DCI_SCOPE_* */
    size_t principle_index; /* into ruleset->principles */

    dci_regex *match;   size_t nmatch;     /* pattern: what fires */
    dci_regex *unless;  size_t nunless;    /* pattern: cancels a match in the scope */
    dci_severity_if *severity_if; size_t nseverity_if;

    /* absence: fires when `when` holds and no `absent` pattern occurs in the
     * scope. `when` holds if any trigger pattern matches in the scope, any
     * answer condition is met, or any named rule fired in the draft. */
    dci_regex *when_match;        size_t nwhen_match;
    dci_answer_cond *when_answers; size_t nwhen_answers;
    const char **when_rules;      size_t nwhen_rules;
    size_t *when_rule_index;      /* same length as when_rules */
    dci_regex *absent;  size_t nabsent;

    /* question: the message is the question; `applies_when` is kept in the
     * when_* fields above (no trigger: it always applies). */
    int stage;                          /* DCI_STAGE_* */
    const char **answers; size_t nanswers;      /* allowed, canonical */
    dci_prefill *prefill; size_t nprefill;

    /* lua: the chunk (text), and its name in Lua's messages ("@lua/x.lua").
     * Inline code is preceded by as many line breaks as it stands lines down
     * its YAML file, so that Lua's line numbers are the file's. */
    const char *lua_src; size_t lua_len;
    const char *lua_name;

    const char **references; size_t nreferences;
    const char **tags;       size_t ntags;
    const char **ex_match;   size_t nex_match;
    const char **ex_no_match; size_t nex_no_match;

    const char *file;       /* where the rule was defined */
    long line, column;
} dci_rule;

typedef struct dci_principle {
    const char *id, *title, *description;
    const char **legacy; size_t nlegacy;
} dci_principle;

struct digicheck_ruleset {
    long refs;                       /* atomic; see dci_ruleset_ref */
    dci_arena arena;                 /* every string and array below */
    const char *path;                /* as given to digicheck_ruleset_load */
    const char *dir;                 /* its directory (include paths are relative to it) */
    const char *id, *title, *version, *description;
    dci_principle *principles; size_t nprinciples;
    dci_rule *rules;           size_t nrules;
    size_t *absence_order;     size_t nabsence;   /* absence rules, each after those it names */
    dci_prefilter *prefilter;  size_t nslots;     /* see prefilter.c */
    size_t ntwins;                   /* see dci_regex.twin */
};

/* Reference counting (atomic): checkers and reports keep their rule set. */
void dci_ruleset_ref(const digicheck_ruleset *rs);
void dci_ruleset_unref(const digicheck_ruleset *rs);
/* Index of a rule by id, or (size_t)-1. */
size_t dci_ruleset_find_rule(const digicheck_ruleset *rs, const char *id);
/* Index of the rule whose id is nearest to id (a typo), or (size_t)-1. */
size_t dci_ruleset_closest_rule(const digicheck_ruleset *rs, const char *id);

/* ---- draft.c / segment.c: the text model --------------------------------- */

enum {
    DCI_UNIT_DOCUMENT = 0,
    DCI_UNIT_ARTIKEL,
    DCI_UNIT_PARAGRAPH,        /* § */
    DCI_UNIT_ANLAGE,
    DCI_UNIT_ABSATZ,           /* num "" for the implicit Absatz of a § without (1) */
    DCI_UNIT_NUMMER,
    DCI_UNIT_BUCHSTABE,
    DCI_UNIT_DOPPELBUCHSTABE,
    DCI_UNIT_SATZ,
    DCI_UNIT_KINDS
};

/* A structural unit. Units are stored in document order (pre-order: a parent
 * before its children). Spans are in the view (see below). Units of one
 * kind never overlap and are sorted by start. */
typedef struct dci_unit {
    int    kind;               /* DCI_UNIT_* */
    long   parent;             /* index into draft->units; -1 for the document */
    size_t start, end;         /* [start, end) in draft->view */
    size_t head_start, head_end; /* heading text in the view (§/Artikel/Anlage), else 0,0 */
    char   num[16];            /* "3", "27a", "2", "b", "aa"; "" if unnumbered */
} dci_unit;

/* The view maps back to the original bytes piecewise: from view offset
 * seg.view on (until the next segment), orig = seg.orig + (v - seg.view). */
typedef struct dci_mapseg {
    size_t view, orig;
} dci_mapseg;

/* LegalDocML.de: a text node of the XML, in document order. An input
 * byte o in it is character (code point) elem_chars + (characters of the
 * node from raw to o) of the text of element eid. */
typedef struct dci_piece {
    size_t raw;                 /* its first byte in the XML */
    size_t elem_chars;          /* text of the element eid before the node */
    int cdata;
    const char *eid;            /* innermost element with an eId */
} dci_piece;

typedef struct dci_kv {
    char *key, *value;
} dci_kv;

struct digicheck_draft {
    char  *name;                 /* display name ("<input>" if none) */
    int    format;               /* DIGICHECK_FORMAT_TEXT or _MARKDOWN after parsing */

    char  *src;  size_t src_len; /* the original bytes (BOM included), NUL-terminated */
    size_t *lines; size_t nlines;/* byte offset of each line start in src */

    /* The normalized view: line breaks and runs of white space read as one
     * space, soft hyphens dropped, words hyphenated at a line end joined
     * (see segment.c). All matching happens on the view. */
    char  *view; size_t view_len;
    dci_mapseg *map; size_t nmap;

    dci_unit *units; size_t nunits;         /* units[0] is the document */
    dci_piece *pieces; size_t npieces;      /* LegalDocML.de: eIds of the text */
    dci_arena strings;                      /* LegalDocML.de: the eIds */
    size_t *by_kind[DCI_UNIT_KINDS];        /* unit indices per kind, by start */
    size_t  nby_kind[DCI_UNIT_KINDS];

    dci_kv *answers; size_t nanswers, answers_cap;

    /* From a draft description (description.c); NULL/0 otherwise. */
    dci_yaml_doc *description;          /* owns the strings and nodes below */
    const char *title, *kind, *jurisdiction;
    const dci_yaml_node *facts;
    long line_base, col_base;           /* inline text: its place in the description */
};

/* Builds a draft from data (taken over, freed on failure too): text,
 * Markdown, AUTO (decided by the content), or a description (YAML, JSON). */
int dci_draft_build(digicheck_draft **out, char *data, size_t len, const char *name, int fmt,
                    digicheck_error *err);
/* The format a file name says: TEXT (.txt), MARKDOWN (.md), else AUTO. */
int dci_format_by_name(const char *name);
/* ldml.c: builds view, map, units and pieces from LegalDocML.de XML in
 * d->src (DIGICHECK_ESYNTAX, _ESCHEMA, _EUNSUPPORTED for a DTD, _ENOMEM). */
int dci_ldml_segment(digicheck_draft *d, digicheck_error *err);
/* The eId of the innermost element holding view offset v, and the
 * character offset in its text; NULL (offset -1) when the draft has none. */
const char *dci_draft_eid(const digicheck_draft *d, size_t v, long *offset);
/* description.c: parses a draft description (data taken over). */
int dci_description_parse(digicheck_draft **out, char *data, size_t len, const char *name,
                          digicheck_error *err);

/* A growable array of units, as the segmenters build them. */
typedef struct dci_units {
    dci_unit *v;
    size_t n, cap;
} dci_units;

/* Appends a unit spanning [start, start); -1 when out of memory. */
long dci_units_add(dci_units *us, int kind, long parent, size_t start, const char *num,
                   size_t nlen);
/* Splits view v[a, b) into Satz units under unit parent, numbering them on
 * from *nsatz; *open says whether the last sentence was left open (a list
 * intro). German legal abbreviations do not end a sentence. Returns
 * DIGICHECK_OK or DIGICHECK_ENOMEM. */
int dci_split_sentences(dci_units *us, const char *v, long parent, size_t a, size_t b,
                        unsigned *nsatz, int *open);
/* Fills d->by_kind from d->units. */
int dci_index_kinds(digicheck_draft *d);
/* Hands what a segmenter built to the draft (view NUL-terminated, the
 * document unit spanning it, the kinds indexed); *view, *map and u->v are
 * taken. Returns DIGICHECK_OK or DIGICHECK_ENOMEM. */
int dci_draft_take(digicheck_draft *d, char **view, size_t vlen, dci_mapseg **map, size_t nmap,
                   dci_units *u);

/* Builds view, map and units from d->src (format TEXT or MARKDOWN).
 * segment.c. Returns DIGICHECK_OK or DIGICHECK_ENOMEM. */
int dci_segment(digicheck_draft *d, digicheck_error *err);

/* Original byte offset of a view offset (view_len maps to the end). */
size_t dci_draft_orig(const digicheck_draft *d, size_t view_off);
/* 1-based line and code-point column of an original byte offset. */
void dci_draft_linecol(const digicheck_draft *d, size_t orig_off, long *line, long *column);
/* The same, as a cursor that remembers where it was: locating an offset at
 * or after the cursor's on the same line counts only the bytes between, so
 * walking forward along a 1 MB line stays linear. Start with off = (size_t)-1. */
typedef struct dci_cursor {
    size_t off;
    long line, column;
} dci_cursor;
void dci_draft_locate(const digicheck_draft *d, size_t orig_off, dci_cursor *cur);
/* Index of the unit of `kind` whose span holds view offset v, or -1. */
long dci_draft_unit_at(const digicheck_draft *d, int kind, size_t v);
/* Index of the innermost unit holding view offset v (0, the document, if no other). */
size_t dci_draft_innermost(const digicheck_draft *d, size_t v);
/* Appends the structural path of a unit: "Art. 1 § 3 Abs. 2 Satz 1". The
 * document's path is "". */
void dci_draft_path(const digicheck_draft *d, size_t unit, dci_buf *out);
/* The answer recorded for a question, or NULL. */
const char *dci_draft_answer(const digicheck_draft *d, const char *question);

/* The canonical form of an answer: "yes" for yes/ja/true, "no" for
 * no/nein/false, "unsure" for unsure/unsicher/"ich bin unsicher" (any case);
 * anything else as it is. */
const char *dci_answer_canonical(const char *answer);

/* ---- report.c ------------------------------------------------------------ */

enum { DCI_KIND_TEXT = 0, DCI_KIND_ABSENCE, DCI_KIND_QUESTION, DCI_KIND_DIAGNOSTIC };

struct digicheck_finding {
    const dci_rule *rule;        /* borrowed from the rule set the report holds */
    int    kind;                 /* DCI_KIND_* */
    int    severity;
    const char *message;         /* rule->message or a diagnostic in the arena */
    const char *suggestion;      /* NULL: the rule's */
    const char *path, *excerpt;  /* in the report's arena */
    const char *match;           /* the matched text, folded and clipped; "" for a unit */
    const char *eid;             /* LegalDocML.de: the element, NULL otherwise */
    long eid_offset;             /* … and the character offset in it, or -1 */
    size_t vstart, vend;         /* the span in the draft's view */
    long   line, column, end_line, end_column;
    size_t offset, length;
    size_t seq;                  /* insertion order, for a stable sort */
};

/* A place in the text that suggests an answer to a question. */
typedef struct dci_evidence {
    const char *path, *excerpt;  /* in the report's arena */
    long line, column;
    size_t offset;               /* in the original */
    size_t end, unit;            /* the checker's: view end, the Satz */
} dci_evidence;

#define DCI_MAX_EVIDENCE 5

/* A question of the rule set as it stands for one draft. */
typedef struct dci_question {
    const dci_rule *rule;
    int applicable;
    const char *answer;          /* canonical, in the arena; NULL: unanswered */
    const char *suggested;       /* the answer the text suggests, or NULL */
    dci_evidence evidence[DCI_MAX_EVIDENCE];
    size_t nevidence;
} dci_question;

/* The result of the Vorprüfung (DOMAIN.md §2): "positive", "unsure",
 * "negative" or "open"; contradiction: data exchange no, EU exchange yes. */
typedef struct dci_vorpruefung {
    const char *result, *interoperability, *eu;
    int contradiction;
} dci_vorpruefung;

struct digicheck_report {
    const digicheck_ruleset *rs; /* a reference is held */
    dci_arena arena;
    const char *file;
    digicheck_finding *findings; size_t nfindings, cap;
    dci_question *questions; size_t nquestions;     /* in the arena */
    dci_vorpruefung vp;
};

/* Principle p's state in a report: "findings", "open-questions",
 * "not-relevant" (the Vorprüfung found no digital relevance) or "clean";
 * its findings and open (applicable, unanswered) questions. */
const char *dci_report_principle(const digicheck_report *r, size_t p, size_t *findings,
                                 size_t *open);

int  dci_report_new(digicheck_report **out, const digicheck_ruleset *rs, const char *file);
/* Appends a finding (copied); NULL on OOM. */
digicheck_finding *dci_report_add(digicheck_report *r, const digicheck_finding *f);
void dci_report_sort(digicheck_report *r);

const char *dci_severity_name(int severity);
const char *dci_kind_name(int kind);
/* The suggestion of a finding: its own, else its rule's; NULL for none and
 * for diagnostics. */
const char *dci_finding_suggestion(const digicheck_finding *f);

/* ---- check.c: a check in progress ------------------------------------------ */

/* What one check needs besides its checker; lua.c adds findings to it. */
typedef struct dci_run {
    digicheck_checker *c;
    const digicheck_draft *d;
    digicheck_report *r;
    dci_matcher *m;              /* the checker's */
    dci_cursor pos;              /* where the last finding was located */
    int limit_hit;               /* findings limit reached: stop adding */
    int oom;
} dci_run;

/* Adds a finding of rule for the view span [ms, me), with the path of unit
 * `at` and an excerpt from unit `ex`. message is not copied: it must live
 * as long as the report (rule set or report arena). Returns the finding, or
 * NULL when the findings limit was reached (then a diagnostic is added
 * once) or memory ran out (R->oom). */
digicheck_finding *dci_check_add(dci_run *R, const dci_rule *rule, int kind, int severity,
                                 const char *message, size_t at, size_t ex, size_t ms,
                                 size_t me);

/* For lua.c: the patterns a Lua rule searches with. dci_check_learn() is
 * told each pattern Lua compiles; dci_check_bind() gives a compiled one its
 * slot in the checker's automaton (when *gen, the build it last asked
 * about, is not the current one); dci_check_find() is dci_regex_find()
 * that skips to the hits of its literals. */
void dci_check_learn(dci_run *R, const char *src);
void dci_check_bind(dci_run *R, dci_regex *re, unsigned *gen);
int  dci_check_find(dci_run *R, const dci_regex *re, size_t start, size_t end, size_t *ms,
                    size_t *me);

/* ---- lua.c: Lua rules ------------------------------------------------------ */

/* Compiles a rule's chunk as text (never bytecode) to check it. Errors:
 * DIGICHECK_ESYNTAX (Lua's message; the line of the error, file as given),
 * DIGICHECK_ELIMIT (it needs more than DIGICHECK_LIMIT_LUA_MEMORY bytes),
 * DIGICHECK_ENOMEM. */
int dci_lua_compile(const char *src, size_t len, const char *chunkname, const char *file,
                    const char *rule_id, digicheck_error *err);

/* The Lua side of a checker: one sandboxed Lua state, made when a rule
 * first needs it, with its limits and a cache of compiled patterns. */
typedef struct dci_lua dci_lua;

int  dci_lua_new(dci_lua **out);                 /* DIGICHECK_OK or DIGICHECK_ENOMEM */
void dci_lua_free(dci_lua *lua);
/* Limits for the rule calls to come (see digicheck_checker_set_limit). */
void dci_lua_set_memory(dci_lua *lua, size_t bytes);
void dci_lua_set_instructions(dci_lua *lua, long count);
/* Runs one lua rule on the check in progress. What the rule reports goes
 * into R->r; a rule that fails or hits a limit leaves one diagnostic
 * finding instead. Sets R->oom when the library's memory runs out. */
void dci_lua_run(dci_lua *lua, dci_run *R, const dci_rule *rule);

#endif /* DCI_H */
