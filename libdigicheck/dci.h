/*
 * dci.h -- what every module of libdigicheck shares: allocation, errors,
 * growable arrays and buffers, arenas, files and UTF-8 (util.c).
 *
 * Nothing here is public. Cross-file functions carry the prefix dci_. Each
 * module has a private header of its own (ruleset.h, draft.h, report.h, …)
 * that defines the structs it owns; only that module writes them.
 */
#ifndef DCI_H
#define DCI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

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
/* A copy of s in memory of its own (dci_free); NULL when out of memory. */
char *dci_strdup(const char *s);
void  dci_free(void *p);

/* Fills err (if not NULL) and returns code. Never allocates. The message is
 * printf-formatted and truncated to fit. */
int dci_error(digicheck_error *err, int code, const char *source, long line, long column,
              const char *fmt, ...) DCI_PRINTF(6, 7);

/* Grows the array *p (element size elem, capacity *cap) to hold at least
 * need elements. Returns 0 or DIGICHECK_ENOMEM (then *p is unchanged). */
int dci_grow(void **p, size_t *cap, size_t need, size_t elem);

/* Sorts base[0..n) (elements of size bytes) by cmp, which gets ctx, in
 * place: a heap sort, which allocates nothing (glibc's qsort takes a copy
 * of the array as large as it). Not stable: the keys must tell any two
 * elements apart. */
void dci_sort(void *base, size_t n, size_t size,
              int (*cmp)(const void *a, const void *b, void *ctx), void *ctx);

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
/* Text from inputs (file names, excerpts, messages, keys) for a terminal or
 * a log: each control character (C0 but a tab, DEL, C1: ESC, OSC, BEL...)
 * and each byte of invalid UTF-8 becomes \xNN, so no input can move the
 * cursor, retitle a window or start a line of its own. DCI_ESC_LINE reads
 * line breaks and tabs as spaces (a message on one line); DCI_ESC_MARKDOWN
 * also escapes the characters that would start Markdown markup. The one
 * escaper of every text and Markdown field; digicheck_escape() for hosts. */
enum { DCI_ESC_LINE = 1, DCI_ESC_MARKDOWN = 2 };
void  dci_buf_escape(dci_buf *b, const char *s, size_t n, int flags);
/* Text in Markdown: dci_buf_escape with DCI_ESC_LINE | DCI_ESC_MARKDOWN, so a
 * rule's text cannot break the document. */
void  dci_buf_markdown(dci_buf *b, const char *s);
void  dci_buf_free(dci_buf *b);

/* Reads a whole regular file (NUL-terminated copy); a directory, FIFO,
 * socket or device is DIGICHECK_EIO, found without waiting. max: refuse
 * larger files with DIGICHECK_ELIMIT. Errors name the path. */
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
/* The bytes of the first max code points of s[0..n) (n if fewer). */
size_t dci_utf8_prefix(const char *s, size_t n, size_t max);
/* 1-based line and code-point column of byte offset off in s, by scanning
 * from the start (for errors found before a line index exists). Lines end
 * at LF, CRLF or a lone CR; a leading byte-order mark takes no column. */
void dci_offset_linecol(const char *s, size_t off, long *line, long *column);
/* The first occurrence of needle in hay, or NULL (memmem, portably). */
const char *dci_memmem(const char *hay, size_t n, const char *needle, size_t k);
/* FNV-1a hash of a NUL-terminated string, for the id and anchor tables. */
size_t dci_hash_str(const char *s);

/* The names of an enum's values, as rule files, reports and Lua write them:
 * one table per enum, defined beside the enum. names[i] (NULL-terminated)
 * is the value first + i; labels, when not NULL, the German word for it. */
typedef struct dci_names {
    int first;
    const char *const *names;
    const char *const *labels;
} dci_names;

/* The name (label) of value, or "unknown" for a value outside the table. */
const char *dci_name(const dci_names *t, int value);
const char *dci_label(const dci_names *t, int value);
/* The value named s: 0 and *value set, or -1. */
int dci_name_value(const dci_names *t, const char *s, int *value);

#endif /* DCI_H */
