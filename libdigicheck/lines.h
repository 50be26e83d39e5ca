/*
 * lines.h -- the lines of a plain-text or Markdown draft and what each is
 * (lines.c), as segment.c reads them.
 */
#ifndef DCI_LINES_H
#define DCI_LINES_H

#include "dci.h"
#include "draft.h"

#define DCI_NONE ((size_t)-1)

/* Levels of open units, outermost first. § and Anlage share a level. */
enum { L_ART, L_PARA, L_ABS, L_NUM, L_BUCH, L_DOPP, L_LEVELS };

/* The input: the draft's bytes and its line index (draft.c). */
typedef struct dci_input {
    const char *s;              /* the input */
    size_t n, body;             /* its length; where the text starts (after a BOM) */
    const dci_off *lines;
    size_t nlines;
    int md;                     /* Markdown rules */
} dci_input;

typedef struct dci_line {
    size_t start, end;          /* the line without its terminator */
    size_t text, tend;          /* without leading and trailing white space */
    size_t hy;                  /* offset of a word-joining hyphen at the end, or DCI_NONE */
    int    indent;              /* columns of leading white space (tab stops of 4) */
} dci_line;

typedef struct dci_marker {
    int    level;               /* L_ABS .. L_DOPP */
    char   num[8];
    size_t len;                 /* bytes of "(2a)", "3.", "bb)" */
    size_t content;             /* where the text after it starts */
    int    content_indent;
} dci_marker;

enum { H_NONE, H_OTHER, H_FORMULA, H_PARA, H_ART, H_ANLAGE };

typedef struct dci_heading {
    int    kind;                /* H_* */
    char   num[16];
    size_t title;               /* offset of the title text (== end if none) */
} dci_heading;

/* The input of draft d (format TEXT or MARKDOWN). */
void dci_input_init(dci_input *in, const digicheck_draft *d);

/* ---- lines ------------------------------------------------------------------ */

/* Line i of the input. */
void dci_line_get(const dci_input *in, size_t i, dci_line *l);
int dci_line_blank(const dci_line *l);
/* Does a (non-blank) line end in one of the characters of `set`? */
int dci_line_ends_in(const dci_input *in, const dci_line *l, const char *set);
/* Bullets and table rows start a new line in the view but are no units. */
int dci_line_bullet(const dci_input *in, const dci_line *l);
/* A Markdown footnote reference "[^id]" alone, or a definition "[^id]: …"
 * (*def set). */
int dci_line_footnote(const dci_input *in, const dci_line *l, int *def);

/* An HTML comment from line i on: its text starts with "<!--" and "-->"
 * ends that line or a later one. Returns the number of lines it takes (0:
 * no comment) and sets *end to the byte after "-->". */
size_t dci_line_comment(const dci_input *in, size_t i, const dci_line *l, size_t *end);

/* ---- markers ---------------------------------------------------------------- */

/* Does the line start with a marker ("(2a)", "3.", "b)", "bb)")? Fills m. */
int dci_line_marker(const dci_input *in, const dci_line *l, dci_marker *m);
/* Is `num` the item that follows `last` ("" if none yet) in its list? */
int dci_item_follows(int level, const char *last, const char *num);
/* Does line `prev` end so that a list item may follow on the next line
 * without a blank line? */
int dci_line_allows_item(const dci_input *in, const dci_line *prev);

/* ---- headings --------------------------------------------------------------- */

/* Classifies heading text in[a, b). */
void dci_heading_classify(const dci_input *in, size_t a, size_t b, dci_heading *h);
/* A §, Artikel or Anlage: part of a unit's structural path. */
int dci_heading_in_path(const dci_heading *h);
/* A Markdown ATX heading: its text in [*a, *b); returns the level or 0. */
int dci_line_md_heading(const dci_input *in, const dci_line *l, size_t *a, size_t *b);
/* Plain text: does line i (starting a block) begin a heading? Returns the
 * number of lines it takes (1, or 2 for "§ 3" above its title) or 0. */
size_t dci_line_text_heading(const dci_input *in, size_t i, const dci_line *l,
                             dci_heading *h);

/* ---- the draft as a whole ----------------------------------------------------- */

/* The first line after YAML front matter at the top of Markdown, or 0. */
size_t dci_input_front_matter(const dci_input *in);
/* Does the draft have §, Artikel or Anlage headings from line first on? */
int dci_input_structured(const dci_input *in, size_t first);

#endif /* DCI_LINES_H */
