/*
 * draft.h -- the draft and its text model. draft.c owns struct
 * digicheck_draft; the segmenters (segment.c for text and Markdown, ldml.c
 * for LegalDocML.de) build the view, its map and the units in arrays of
 * their own and hand them over with dci_draft_take, which has roles.c mark
 * the role of each Satz; input.c chooses the format of an input and
 * description.c builds a draft from a description.
 */
#ifndef DCI_DRAFT_H
#define DCI_DRAFT_H

#include "yaml.h"
#include "answers.h"

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

/* The role a piece of text plays (roles.c): what rules read by default is
 * a provision or the new wording of an amendment. A Satz has the role of
 * its text; inside an amendment command, the quoted wording it removes or
 * puts in has a role of its own (dci_quote). */
enum {
    DCI_ROLE_PROVISION = 0,
    DCI_ROLE_HEADING,
    DCI_ROLE_TOC,               /* an entry of a table of contents */
    DCI_ROLE_TABLE,             /* a row of a table or fee schedule */
    DCI_ROLE_FOOTNOTE,          /* a footnote or an editorial note */
    DCI_ROLE_COMMAND,           /* an amendment command ("… wird … ersetzt") */
    DCI_ROLE_OLD,               /* wording an amendment removes */
    DCI_ROLE_NEW,               /* wording an amendment puts in */
    DCI_ROLES
};
extern const dci_names dci_roles;        /* "provision", "heading", … "new" */
#define DCI_ROLES_DEFAULT ((1u << DCI_ROLE_PROVISION) | (1u << DCI_ROLE_NEW))

/* What an amendment command does (HdR: gestrichen, ersetzt, eingefügt,
 * angefügt, wie folgt gefasst, aufgehoben). */
enum {
    DCI_AMEND_NONE = 0, DCI_AMEND_DELETE, DCI_AMEND_REPLACE, DCI_AMEND_INSERT,
    DCI_AMEND_REWRITE, DCI_AMEND_REPEAL
};

/* A stretch of the view with a role, as a segmenter sees it (a table, a
 * table of contents, a heading, a quoted structure of LegalDocML.de). */
typedef struct dci_region {
    size_t start, end;
    int role;
} dci_region;

/* Quoted wording of an amendment command: [start, end) in the view, the
 * quotation marks excluded; sorted by start, never overlapping. */
typedef struct dci_quote {
    size_t start, end;
    int role;                  /* DCI_ROLE_OLD or DCI_ROLE_NEW */
    int verb;                  /* DCI_AMEND_* */
    size_t satz;               /* the Satz of the command */
    const char *target;        /* "§ 7 Absatz 1 Satz 2 des …gesetzes", in d->strings */
} dci_quote;

/* An offset into a draft's text or view, or an index of its units or
 * lines, as the draft stores them: 32 bits, half the memory of a size_t,
 * for the arrays that grow with the draft (units, the map, the line index,
 * the units by kind). dci_draft_new refuses a text over
 * DIGICHECK_LIMIT_DRAFT_SIZE, which lies below DCI_OFF_MAX, and no view is
 * longer than its text. */
typedef uint32_t dci_off;
#define DCI_OFF_MAX ((size_t)INT32_MAX)

/* A structural unit. Units are stored in document order (pre-order: a parent
 * before its children). Spans are in the view (see below). Units of one
 * kind never overlap and are sorted by start. A draft has about one unit
 * per sentence, so the struct is kept small: 28 bytes (40 with its number
 * inline). */
typedef struct dci_unit {
    dci_off start, end;         /* [start, end) in draft->view */
    dci_off head_start, head_end; /* heading text in the view (§/Artikel/Anlage), else 0,0 */
    int32_t parent;             /* index into draft->units; -1 for the document */
    unsigned char kind;         /* DCI_UNIT_* */
    unsigned char role;         /* Satz: DCI_ROLE_*, set by roles.c */
    /* its number, "3", "27a", "2", "b", "aa" or "" if unnumbered (at most
     * DCI_NUM_MAX - 1 bytes; dci_unit_num): most are whole numbers, kept as
     * their value (0: none); the others are DCI_NUM_POOL | the offset of
     * the string in the numbers of the units (draft->nums, dci_units) */
    uint32_t num;
} dci_unit;

#define DCI_NUM_MAX  16
#define DCI_NUM_POOL UINT32_C(0x80000000)

/* The number of unit u, whose numbers are nums: a string in nums or, made
 * from its value, in buf (DCI_NUM_MAX bytes). */
static inline const char *dci_unit_num(const dci_unit *u, const char *nums, char *buf)
{
    uint32_t v = u->num;
    char *p = buf + DCI_NUM_MAX - 1;

    if (v & DCI_NUM_POOL)
        return nums + (v & ~DCI_NUM_POOL);
    *p = '\0';
    for (; v; v /= 10)
        *--p = (char)('0' + v % 10);
    return p;
}

/* The view maps back to the original bytes piecewise: from view offset
 * seg.view on (until the next segment), orig = seg.orig + (v - seg.view). */
typedef struct dci_mapseg {
    dci_off view, orig;
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

/* Word: where a paragraph's text stands in the text view (src): bytes
 * [src, src + len), and the paragraph's index among the body's w:p. */
typedef struct dci_para {
    size_t src, len;
    long index;
} dci_para;

typedef struct dci_kv {
    char *key, *value;
} dci_kv;

struct digicheck_draft {
    char  *name;                 /* display name ("<input>" if none) */
    int    format;               /* DIGICHECK_FORMAT_TEXT or _MARKDOWN after parsing */

    /* the original bytes (BOM included), NUL-terminated; where the view is
     * the text rewritten in place (patches), those bytes are the view's */
    char  *src;  size_t src_len;
    dci_off *lines; size_t nlines;/* byte offset of each line start in src */

    /* The normalized view: line breaks and runs of white space read as one
     * space, soft hyphens dropped, words hyphenated at a line end joined
     * (see segment.c). All matching happens on the view. When normalizing
     * changes nothing but what the view leaves out at the end, view is src
     * (one copy): then view[view_len] is unspecified, else NUL. Read the
     * view by its length. */
    char  *view; size_t view_len;
    dci_mapseg *map; size_t nmap;
    /* Normalizing that only put white space for white space byte for byte
     * (a sentence a line: its line breaks read as spaces) rewrites src into
     * the view in place, and these are what it changed, each the offset
     * shifted left by 2 and the code of the byte as read (patch_bytes in draft.c);
     * as_read is the text made from them when digicheck_draft_text asks
     * (written once, atomically: a draft may be read by several threads). */
    uint32_t *patches; size_t npatches;
    char *as_read;

    dci_unit *units; size_t nunits;         /* units[0] is the document */
    char *nums;                             /* the units' numbers that are no values */
    dci_piece *pieces; size_t npieces;      /* LegalDocML.de: eIds of the text */
    dci_arena strings;                      /* eIds (LegalDocML.de), amendment targets */
    dci_quote *quotes; size_t nquotes;      /* amendments: quoted wording (roles.c) */
    dci_region *regions; size_t nregions;   /* the segmenter's, until the roles are found */
    dci_arena role_strings;                 /* the targets of the quotes */
    dci_off *by_kind[DCI_UNIT_KINDS];       /* unit indices per kind, by start */
    size_t  nby_kind[DCI_UNIT_KINDS];

    /* Word (docx.c): src is the text view built from the package, which
     * is kept (for an annotated copy), and its paragraphs' places. */
    char  *package; size_t package_len;
    dci_para *paras; size_t nparas;

    dci_kv *answers; size_t nanswers, answers_cap;
    dci_kv *reasons; size_t nreasons, reasons_cap;  /* Begründungen, by question id */
    /* Findings accepted with a reason (justify.h), with their strings. */
    struct dci_justification *justs; size_t njusts, justs_cap;
    dci_arena just_strings;

    /* From a draft description (description.c); NULL/0 otherwise. */
    dci_yaml_doc *description;          /* owns the strings and nodes below */
    const char *title, *kind, *jurisdiction, *date;
    const dci_yaml_node *facts;
    long line_base, col_base;           /* inline text: its place in the description */
    /* its answers as written, with their places, for digicheck_draft_check_answers */
    const dci_answer *described; size_t ndescribed;
    const char *described_in;           /* the description's name in errors */
};

/* What a draft description says about its draft (description.c). */
typedef struct dci_draft_about {
    const char *title, *kind, *jurisdiction, *date;
    const dci_yaml_node *facts;
    long line_base, col_base;
} dci_draft_about;

/* Hands the description (doc, taken over) and what it says to the draft. */
void dci_draft_describe(digicheck_draft *d, dci_yaml_doc *doc, const dci_draft_about *about);
/* The answers as the description wrote them (a, n in its arena), with its
 * name for errors (copied there). DIGICHECK_OK or DIGICHECK_ENOMEM. */
int dci_draft_describe_answers(digicheck_draft *d, const dci_answer *a, size_t n,
                               const char *source);

/* A draft of data (NUL-terminated, len bytes; taken over, freed on failure
 * too) without its text model yet: the encoding checked, the line index
 * built, the format TEXT, MARKDOWN or LDML (AUTO decides by the content,
 * never a description). Errors: DIGICHECK_ELIMIT (longer than
 * DIGICHECK_LIMIT_DRAFT_SIZE: a Word file's text is made, not read),
 * DIGICHECK_EENCODING (dci_draft_check_encoding), DIGICHECK_ENOMEM. */
int dci_draft_new(digicheck_draft **out, char *data, size_t len, const char *name, int fmt,
                  digicheck_error *err);
/* build.c: dci_draft_new, then the segmenter of the format builds the text
 * model. Adds the errors of the segmenters. */
int dci_draft_build(digicheck_draft **out, char *data, size_t len, const char *name, int fmt,
                    digicheck_error *err);
/* DIGICHECK_EENCODING, naming the byte offset, line and column, when s holds
 * invalid UTF-8 or a NUL byte; src names the input. */
int dci_draft_check_encoding(const char *s, size_t len, const char *src, digicheck_error *err);
/* The format a file name says: MARKDOWN (.md, .markdown), TEXT (.txt), YAML
 * (.yaml, .yml), JSON (.json), LDML (.xml), else AUTO. */
int dci_format_by_name(const char *name);
/* The format the content of s (NUL-terminated) says: LDML for XML; with
 * `descriptions`, a draft description: JSON when it starts with "{" (after
 * a byte-order mark and white space), YAML when it names its text at the
 * margin and has no Markdown heading; MARKDOWN for YAML front matter or a
 * Markdown heading; else TEXT. */
int dci_format_by_content(const char *s, size_t len, int descriptions);
/* ldml.c: builds view, map, units and pieces from LegalDocML.de XML in
 * d->src (DIGICHECK_ESYNTAX, _ESCHEMA, _EUNSUPPORTED for a DTD, _ENOMEM). */
int dci_ldml_segment(digicheck_draft *d, digicheck_error *err);
/* The eId of the innermost element holding view offset v, and the
 * character offset in its text; NULL (offset -1) when the draft has none. */
const char *dci_draft_eid(const digicheck_draft *d, size_t v, long *offset);
/* description.c: parses a draft description (data, NUL-terminated and of
 * checked encoding, taken over) in format YAML or JSON; its text_file is
 * read inside dir, and refused when dir is NULL. */
int dci_description_parse(digicheck_draft **out, char *data, size_t len, const char *name,
                          const char *dir, int format, digicheck_error *err);

/* A growable array of units, as the segmenters build them. */
typedef struct dci_units {
    dci_unit *v;
    size_t n, cap;
    char *nums;                 /* numbers that are no values (see dci_unit) … */
    size_t nnums, numscap;
    uint32_t recent[32];        /* … each once, by a hash, while it is recent */
    dci_region *r;              /* regions with a role, in any order */
    size_t nr, rcap;
} dci_units;

/* Adds a region; -1 when out of memory. */
int dci_units_region(dci_units *us, size_t start, size_t end, int role);

/* Hands what a segmenter built in its own arrays to the draft (view
 * NUL-terminated, or src when it is the start of src, the document unit
 * spanning it, the kinds indexed); *view,
 * *map, u->v and u->nums are taken, whatever the result. Returns DIGICHECK_OK or
 * DIGICHECK_ENOMEM. The draft's text model is written here only. */
int dci_draft_take(digicheck_draft *d, char **view, size_t vlen, dci_mapseg **map, size_t nmap,
                   dci_units *u);
/* LegalDocML.de: hands the pieces of text and the arena of their eIds to
 * the draft; *pieces and *strings are taken. */
void dci_draft_take_eids(digicheck_draft *d, dci_piece **pieces, size_t npieces,
                         dci_arena *strings);

/* The roles of a draft's text: the role of every unit and the quoted
 * wording of amendment commands. */
typedef struct dci_rolemap {
    int *role;                  /* one per unit */
    dci_quote *quotes;          /* by start */
    size_t nquotes;
    dci_arena strings;          /* the quotes' targets */
} dci_rolemap;

/* roles.c: finds the role of every Satz and the quoted wording of
 * amendment commands, from the regions the segmenter marked (d->regions)
 * and the text, into *out (for dci_draft_take_roles). Reads the draft
 * only. Returns DIGICHECK_OK or DIGICHECK_ENOMEM (*out empty). */
int dci_roles_find(const digicheck_draft *d, dci_rolemap *out);
/* Hands the roles to the draft (their arrays taken) and drops its regions. */
void dci_draft_take_roles(digicheck_draft *d, dci_rolemap *roles);
/* The role of the text at view offset v of Satz s; *q is set to the quoted
 * wording that holds v, or NULL. */
int dci_draft_role_at(const digicheck_draft *d, size_t s, size_t v, const dci_quote **q);
/* Word: the draft read from a text view (format MARKDOWN) becomes one of
 * format fmt, holding the package and its paragraphs (*package and *paras
 * taken). */
void dci_draft_take_package(digicheck_draft *d, int fmt, char **package, size_t len,
                            dci_para **paras, size_t nparas);
/* Word: the paragraph holding original (text view) offset o, and the code
 * point in its text; -1, -1 when the draft is not Word. An offset between
 * paragraphs (or in a heading's marks) is the start of the next one, or
 * for an `end` offset the end of the one before. */
void dci_draft_paragraph(const digicheck_draft *d, size_t o, int end, long *para,
                         long *offset);

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
/* The lead-in of Satz s when s is the text of a list item (Nummer,
 * Buchstabe, Doppelbuchstabe): the last Satz of the list's own text before
 * the item ("Dem Antrag sind beizufügen:"); else -1. */
long dci_draft_lead_in(const digicheck_draft *d, size_t s);
/* The § (or Anlage, or Artikel without §) that holds unit u; 0, the
 * document, if none. */
size_t dci_draft_section(const digicheck_draft *d, size_t u);
/* The position in by_kind[kind] of the first unit of `kind` starting at or
 * after view offset v (nby_kind[kind] if none). */
size_t dci_draft_first_from(const digicheck_draft *d, int kind, size_t v);
/* Index of the unit of `kind` whose span holds view offset v, or -1. */
long dci_draft_unit_at(const digicheck_draft *d, int kind, size_t v);
/* Index of the innermost unit holding view offset v (0, the document, if no other). */
size_t dci_draft_innermost(const digicheck_draft *d, size_t v);
/* Appends the structural path of a unit: "Art. 1 § 3 Abs. 2 Satz 1". The
 * document's path is "". */
void dci_draft_path(const digicheck_draft *d, size_t unit, dci_buf *out);
/* Adds a justification (justify.h) to the draft, its strings copied.
 * Returns 0, or -1 when out of memory. */
struct dci_justification;
int dci_draft_justify(digicheck_draft *d, const struct dci_justification *j);
/* The answer recorded for a question, or NULL. */
const char *dci_draft_answer(const digicheck_draft *d, const char *question);
/* The Begründung recorded for a question (or a principle's rating), or NULL. */
const char *dci_draft_reason(const digicheck_draft *d, const char *question);


#endif /* DCI_DRAFT_H */
