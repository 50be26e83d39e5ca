/*
 * sniff.c -- is a YAML or JSON file that a folder walk found a draft
 * description? A repository keeps package.json, CI files and rule sets
 * beside its drafts; checking them would only report "unknown key".
 *
 * The test looks at the top-level keys and nothing else: a description
 * names its text ('text' or 'text_file'), or has only keys a description
 * may have. The command uses the public header only, so the library's YAML
 * reader is not at hand, and a full parse would read every description
 * twice; this scan reads each byte once, holds no more than one key, and
 * stops at the first 'text' or 'text_file'. It errs towards checking: what
 * looks like a description goes to the library, which says what is wrong.
 *
 * Block YAML: a key is what starts a line at the margin and ends at ':'
 * (block scalars and nested mappings are indented, comments and document
 * markers are skipped). A file whose first character is '{' is JSON (or a
 * YAML flow mapping): the keys are those at depth one, strings skipped with
 * their escapes so that braces inside them do not count.
 */
#include <string.h>

#include "cli.h"

#define KEY_MAX 32

static const char *const DESCRIPTION_KEYS[] = {
    "title", "kind", "jurisdiction", "text", "text_file", "format", "answers", "facts", NULL
};

typedef struct scan {
    FILE *f;
    char key[KEY_MAX];
    size_t len;                 /* of key; KEY_MAX + 1 when it was longer */
    int keys, foreign, text;
} scan;

static void key_add(scan *s, int c)
{
    if (s->len < KEY_MAX - 1)
        s->key[s->len++] = (char)c;
    else
        s->len = KEY_MAX + 1;
}

static void key_end(scan *s)
{
    size_t i;
    int known = 0;

    if (s->len <= KEY_MAX) {
        s->key[s->len] = '\0';
        for (i = 0; DESCRIPTION_KEYS[i]; i++)
            known |= strcmp(s->key, DESCRIPTION_KEYS[i]) == 0;
        s->text |= strcmp(s->key, "text") == 0 || strcmp(s->key, "text_file") == 0;
    }
    s->keys++;
    s->foreign += !known;
    s->len = 0;
}

/* Does c end a plain key before it ("key: value", "key:" at the line's end)? */
static int ends_key(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == EOF;
}

static void skip_line(scan *s)
{
    int c;

    while ((c = getc(s->f)) != EOF && c != '\n')
        ;
}

/* Reads a quoted string after its opening quote q; into the key if keep.
 * Double quotes escape with a backslash, single quotes by doubling. */
static void quoted(scan *s, int q, int keep)
{
    int c;

    while ((c = getc(s->f)) != EOF) {
        if (c == q && q == '\'') {
            if ((c = getc(s->f)) != '\'') {
                ungetc(c, s->f);
                return;
            }
        } else if (c == q) {
            return;
        } else if (c == '\\' && q == '"') {
            c = getc(s->f);
            keep = 0;           /* an escaped key is no description key */
            if (c == EOF)
                return;
        }
        if (keep)
            key_add(s, c);
    }
}

/* One line at the margin of block YAML, its first character c; reads
 * through the line's end. */
static void yaml_line(scan *s, int c)
{
    if (c == '"' || c == '\'') {
        quoted(s, c, 1);
        while ((c = getc(s->f)) == ' ' || c == '\t')
            ;
        if (c == ':')
            key_end(s);
    } else {
        for (; c != EOF && c != '\n'; c = getc(s->f)) {
            if (c == ':') {
                int next = getc(s->f);
                ungetc(next, s->f);
                if (ends_key(next)) {
                    key_end(s);
                    break;
                }
            }
            key_add(s, c);
        }
    }
    s->len = 0;
    if (c != '\n' && c != EOF)
        skip_line(s);
}

static void scan_block(scan *s, int c)
{
    for (; c != EOF && !s->text; c = getc(s->f)) {
        if (c == '\n' || c == '\r')
            continue;
        if (c == ' ' || c == '\t' || c == '#' || c == '%') {
            skip_line(s);       /* indented, a comment, a directive */
        } else if (c == '-') {
            int next = getc(s->f);
            if (next != '-')
                s->foreign++;   /* a list at the top: no description */
            if (next != '\n' && next != EOF)
                skip_line(s);   /* the item, or "---", a document marker */
        } else {
            yaml_line(s, c);
        }
    }
}

/* The keys at depth one of a JSON object (or YAML flow mapping); its '{'
 * has been read. */
static void scan_flow(scan *s)
{
    int depth = 1, want_key = 1, c;

    while (depth > 0 && !s->text && (c = getc(s->f)) != EOF) {
        int key = depth == 1 && want_key;
        if (c == '"' || c == '\'') {
            quoted(s, c, key);
            if (key)
                key_end(s);
            want_key = 0;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',' && depth == 1) {
            want_key = 1;
        } else if (c == ':' && depth == 1) {
            want_key = 0;
        } else if (key && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            while (c != EOF && !strchr(":,{}[] \t\r\n", c)) {
                key_add(s, c);  /* a plain key of a flow mapping */
                c = getc(s->f);
            }
            ungetc(c, s->f);
            key_end(s);
            want_key = 0;
        }
    }
}

int cli_is_description(const char *path)
{
    scan s;
    int c;

    memset(&s, 0, sizeof s);
    if (!(s.f = fopen(path, "rb")))
        return -1;
    c = getc(s.f);
    if (c == 0xEF && getc(s.f) == 0xBB && getc(s.f) == 0xBF)
        c = getc(s.f);          /* a byte order mark */
    while (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        c = getc(s.f);
    if (c == '{')
        scan_flow(&s);
    else if (c == '[')
        s.foreign++;
    else
        scan_block(&s, c);
    fclose(s.f);
    return s.text || (s.keys > 0 && s.foreign == 0);
}
