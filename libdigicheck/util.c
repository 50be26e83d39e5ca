/*
 * util.c -- memory, errors, buffers, files and UTF-8 helpers used by every
 * module, plus the library-level public functions (version, strerror, free).
 */
#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 700
#  undef _XOPEN_SOURCE
#  define _XOPEN_SOURCE 700   /* realpath */
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dci.h"

/* ---- memory ------------------------------------------------------------ */

#ifdef DCI_FAULT_INJECTION
/* Test builds only (tests/oom): allocation number dci_fault_at, counted by
 * dci_fault_count, fails; 0 means none does. A release build has no such
 * state. */
long dci_fault_at, dci_fault_count;
#define FAULT() (dci_fault_at && ++dci_fault_count == dci_fault_at)
#else
#define FAULT() 0
#endif

void *dci_malloc(size_t n)
{
    return FAULT() ? NULL : malloc(n ? n : 1);
}

void *dci_realloc(void *p, size_t n)
{
    return FAULT() ? NULL : realloc(p, n ? n : 1);
}

char *dci_strdup(const char *s)
{
    size_t n = strlen(s);
    char *p = dci_malloc(n + 1);

    if (p)
        memcpy(p, s, n + 1);
    return p;
}

void dci_free(void *p)
{
    free(p);
}

int dci_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t ncap;
    void *np;

    if (need <= *cap)
        return 0;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > ((size_t)-1) / 2 / elem)
            return DIGICHECK_ENOMEM;
        ncap *= 2;
    }
    np = dci_realloc(*p, ncap * elem);
    if (!np)
        return DIGICHECK_ENOMEM;
    *p = np;
    *cap = ncap;
    return 0;
}

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    size_t i;
    unsigned char t;

    for (i = 0; i < size; i++) {
        t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

/* Moves element root of the heap v[0..n) down to where it belongs. */
static void sift_down(unsigned char *v, size_t root, size_t n, size_t size,
                      int (*cmp)(const void *, const void *, void *), void *ctx)
{
    size_t child;

    while ((child = 2 * root + 1) < n) {
        if (child + 1 < n && cmp(v + child * size, v + (child + 1) * size, ctx) < 0)
            child++;
        if (cmp(v + root * size, v + child * size, ctx) >= 0)
            return;
        swap_bytes(v + root * size, v + child * size, size);
        root = child;
    }
}

void dci_sort(void *base, size_t n, size_t size,
              int (*cmp)(const void *a, const void *b, void *ctx), void *ctx)
{
    unsigned char *v = base;
    size_t i;

    for (i = n / 2; i-- > 0;)
        sift_down(v, i, n, size, cmp, ctx);
    for (i = n; i-- > 1;) {
        swap_bytes(v, v + i * size, size);
        sift_down(v, 0, i, size, cmp, ctx);
    }
}

/* ---- errors ------------------------------------------------------------ */

static void copy_trunc(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;

    if (n >= cap) {
        /* keep the end of long paths: the file name matters most */
        src += n - (cap - 1);
        n = cap - 1;
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

int dci_error(digicheck_error *err, int code, const char *source, long line, long column,
              const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->column = column;
    copy_trunc(err->source, sizeof err->source, source);
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

const char *digicheck_strerror(int code)
{
    switch (code) {
    case DIGICHECK_OK:           return "no error";
    case DIGICHECK_ERROR:        return "error";
    case DIGICHECK_ENOMEM:       return "out of memory";
    case DIGICHECK_EINVAL:       return "invalid argument";
    case DIGICHECK_EIO:          return "input/output error";
    case DIGICHECK_ESYNTAX:      return "syntax error";
    case DIGICHECK_ESCHEMA:      return "invalid rule set";
    case DIGICHECK_EREGEX:       return "invalid regular expression";
    case DIGICHECK_EENCODING:    return "invalid encoding";
    case DIGICHECK_ELIMIT:       return "limit exceeded";
    case DIGICHECK_EUNSUPPORTED: return "not supported";
    default:                     return "unknown error";
    }
}

int digicheck_version(void)
{
    return DIGICHECK_VERSION_NUMBER;
}

const char *digicheck_version_string(void)
{
    return DIGICHECK_VERSION_STRING;
}

void digicheck_free(void *p)
{
    dci_free(p);
}

/* ---- arena ------------------------------------------------------------- */

struct dci_chunk {
    dci_chunk *next;
    size_t used, cap;
    /* data follows, 16-aligned */
};

#define CHUNK_HEAD ((sizeof(dci_chunk) + 15) & ~(size_t)15)
#define CHUNK_MIN  (16 * 1024)

void *dci_arena_alloc(dci_arena *a, size_t n)
{
    dci_chunk *c = a->head;
    size_t need = (n + 15) & ~(size_t)15;

    if (need < n)
        return NULL;
    if (!c || c->cap - c->used < need) {
        size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;
        if (cap > ((size_t)-1) - CHUNK_HEAD)
            return NULL;
        c = dci_malloc(CHUNK_HEAD + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        if (a->head && cap == need) {
            /* a big block: keep the current chunk open for small ones */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    c->used += need;
    return (char *)c + CHUNK_HEAD + c->used - need;
}

void *dci_arena_calloc(dci_arena *a, size_t n)
{
    void *p = dci_arena_alloc(a, n);

    if (p)
        memset(p, 0, n);
    return p;
}

char *dci_arena_strndup(dci_arena *a, const char *s, size_t n)
{
    char *p = dci_arena_alloc(a, n + 1);

    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *dci_arena_strdup(dci_arena *a, const char *s)
{
    return dci_arena_strndup(a, s, strlen(s));
}

void dci_arena_free(dci_arena *a)
{
    dci_chunk *c = a->head;

    while (c) {
        dci_chunk *next = c->next;
        dci_free(c);
        c = next;
    }
    a->head = NULL;
}

/* ---- buffers ----------------------------------------------------------- */

void dci_buf_append(dci_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (n >= ((size_t)-1) - b->len || dci_grow((void **)&b->data, &b->cap, b->len + n + 1, 1)) {
        b->oom = 1;
        return;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void dci_buf_puts(dci_buf *b, const char *s)
{
    dci_buf_append(b, s, strlen(s));
}

void dci_buf_putc(dci_buf *b, char c)
{
    dci_buf_append(b, &c, 1);
}

void dci_buf_printf(dci_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        dci_buf_append(b, small, (size_t)n);
        return;
    }
    if (b->oom || dci_grow((void **)&b->data, &b->cap, b->len + (size_t)n + 1, 1)) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* The length of the valid UTF-8 sequence at s[0..n), 0 if none starts there. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t k = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;

    if (s[0] < 0xc2 || s[0] > 0xf4 || k > n || dci_utf8_invalid((const char *)s, k) != k)
        return 0;
    return k;
}

void dci_buf_json_string(dci_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;

    dci_buf_putc(b, '"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];

        if (c >= 0x80) {
            /* Strings are UTF-8 but for names from outside (a file name on
             * disk): a byte that starts no valid sequence becomes U+FFFD,
             * so that the document stays valid JSON. */
            size_t k = utf8_seq((const unsigned char *)s + i, n - i);
            if (k) {
                i += k - 1;
                continue;
            }
            dci_buf_append(b, s + run, i - run);
            run = i + 1;
            dci_buf_puts(b, "\xef\xbf\xbd");
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        dci_buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':  esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
            u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = '\0';
            esc = u;
        }
        dci_buf_puts(b, esc);
    }
    dci_buf_append(b, s + run, n - run);
    dci_buf_putc(b, '"');
}

char *dci_buf_detach(dci_buf *b, size_t *len)
{
    char *p;

    if (b->oom) {
        dci_buf_free(b);
        return NULL;
    }
    if (!b->data)
        dci_buf_append(b, "", 0);
    if (b->oom) {
        dci_buf_free(b);
        return NULL;
    }
    p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void dci_json_key(dci_buf *b, const char *k)
{
    dci_buf_json_string(b, k, strlen(k));
    dci_buf_putc(b, ':');
}

void dci_json_str(dci_buf *b, const char *s)
{
    if (s)
        dci_buf_json_string(b, s, strlen(s));
    else
        dci_buf_puts(b, "null");
}

void dci_json_member(dci_buf *b, const char *k, const char *s)
{
    dci_buf_putc(b, ',');
    dci_json_key(b, k);
    dci_json_str(b, s);
}

void dci_json_str_array(dci_buf *b, const char *const *items, size_t n)
{
    size_t i;

    dci_buf_putc(b, '[');
    for (i = 0; i < n; i++) {
        if (i)
            dci_buf_putc(b, ',');
        dci_json_str(b, items[i]);
    }
    dci_buf_putc(b, ']');
}

void dci_buf_escape(dci_buf *b, const char *s, size_t n, int flags)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i, run = 0, k, j;

    for (i = 0; i < n; i += k) {
        unsigned char c = u[i];
        k = 1;
        if (c >= 0x80 && (k = utf8_seq(u + i, n - i)) != 0 && !(c == 0xc2 && u[i + 1] < 0xa0))
            continue;               /* valid and no C1 control */
        if (c >= 0x20 && c < 0x7f && !((flags & DCI_ESC_MARKDOWN) && strchr("\\`*_[]<>|#", c)))
            continue;
        if (c == '\t' && !(flags & DCI_ESC_LINE))
            continue;
        dci_buf_append(b, s + run, i - run);
        if (k == 0)
            k = 1;                  /* an invalid byte: shown alone */
        run = i + k;
        if ((flags & DCI_ESC_LINE) && (c == '\n' || c == '\r' || c == '\t')) {
            dci_buf_putc(b, ' ');
        } else if (c >= 0x20 && c < 0x7f) {
            dci_buf_putc(b, '\\');  /* Markdown punctuation */
            dci_buf_putc(b, (char)c);
        } else {
            for (j = i; j < i + k; j++) {
                char x[4] = { '\\', 'x', hex[u[j] >> 4], hex[u[j] & 15] };
                dci_buf_append(b, x, 4);
            }
        }
    }
    dci_buf_append(b, s + run, n - run);
}

void dci_buf_markdown(dci_buf *b, const char *s)
{
    if (s)
        dci_buf_escape(b, s, strlen(s), DCI_ESC_LINE | DCI_ESC_MARKDOWN);
}

int digicheck_escape(const char *s, size_t len, int flags, char **out, size_t *out_len)
{
    dci_buf b = { 0 };

    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || (!s && len) || (flags & ~DIGICHECK_ESCAPE_LINE))
        return DIGICHECK_EINVAL;
    dci_buf_escape(&b, s ? s : "", len, flags & DIGICHECK_ESCAPE_LINE ? DCI_ESC_LINE : 0);
    *out = dci_buf_detach(&b, out_len);
    return *out ? DIGICHECK_OK : DIGICHECK_ENOMEM;
}

void dci_buf_free(dci_buf *b)
{
    dci_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

/* ---- files ------------------------------------------------------------- */

/* Room to read on after n bytes of a file of `size` bytes (fstat's word):
 * first the size and a byte to see the end, in one allocation, so that a
 * draft's text is not copied while it is read; then, for a file that grew
 * meanwhile, by doubling. 0 or DIGICHECK_ENOMEM. */
static int read_room(char **data, size_t *cap, size_t n, size_t size)
{
    if (!*cap && size < (size_t)-2) {
        if (!(*data = dci_malloc(size + 2)))
            return DIGICHECK_ENOMEM;
        *cap = size + 2;
        return 0;
    }
    return dci_grow((void **)data, cap, n + 65536 + 1, 1);
}

int dci_read_file(char **out, size_t *len, const char *path, size_t max, digicheck_error *err)
{
    FILE *fp = NULL;
    struct stat st;
    char *data = NULL;
    size_t n = 0, cap = 0;
    int rc = DIGICHECK_OK, fd;

    *out = NULL;
    *len = 0;
    /* without O_NONBLOCK, opening a FIFO would wait for a writer */
    fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0)
        return dci_error(err, DIGICHECK_EIO, path, 0, 0, "cannot open '%s': %s", path,
                         strerror(errno));
    if (fstat(fd, &st) != 0) {
        rc = dci_error(err, DIGICHECK_EIO, path, 0, 0, "cannot read '%s': %s", path,
                       strerror(errno));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = dci_error(err, DIGICHECK_EIO, path, 0, 0, "'%s' is a directory, not a file", path);
        goto done;
    }
    /* a FIFO, socket or device may never end (/dev/zero) or never begin */
    if (!S_ISREG(st.st_mode)) {
        rc = dci_error(err, DIGICHECK_EIO, path, 0, 0,
                       "'%s' is not a regular file (a FIFO, socket or device)", path);
        goto done;
    }
    if (!(fp = fdopen(fd, "rb"))) {
        rc = dci_error(err, DIGICHECK_EIO, path, 0, 0, "cannot read '%s': %s", path,
                       strerror(errno));
        goto done;
    }
    if ((unsigned long long)st.st_size > max) {
        rc = dci_error(err, DIGICHECK_ELIMIT, path, 0, 0,
                       "'%s' is %lld bytes; the limit is %zu bytes", path,
                       (long long)st.st_size, max);
        goto done;
    }
    for (;;) {
        size_t got;
        if (n + 1 >= cap && read_room(&data, &cap, n, (size_t)st.st_size)) {
            rc = dci_error(err, DIGICHECK_ENOMEM, path, 0, 0, "out of memory reading '%s'", path);
            goto done;
        }
        got = fread(data + n, 1, cap - n - 1, fp);
        n += got;
        if (n > max) {
            rc = dci_error(err, DIGICHECK_ELIMIT, path, 0, 0,
                           "'%s' is larger than the limit of %zu bytes", path, max);
            goto done;
        }
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        rc = dci_error(err, DIGICHECK_EIO, path, 0, 0, "cannot read '%s': %s", path,
                       strerror(errno));
        goto done;
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    data = NULL;
done:
    dci_free(data);
    if (fp)
        fclose(fp);
    else
        close(fd);
    return rc;
}

/* ---- UTF-8 ------------------------------------------------------------- */

size_t dci_utf8_invalid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t k, need;
        uint32_t cp;

        if (c >= 0x01 && c < 0x80) {
            uint64_t w;
            i++;
            /* eight bytes at a time while they are ASCII without NUL */
            while (len - i >= 8) {
                memcpy(&w, s + i, 8);
                if ((w & 0x8080808080808080u) ||
                    ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u))
                    break;
                i += 8;
            }
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1; cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2; cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3; cp = c & 0x07;
        } else {
            return i;           /* NUL, continuation byte, C0/C1, F5..FF */
        }
        if (len - i <= need)
            return i;
        for (k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += need + 1;
    }
    return len;
}

void dci_offset_linecol(const char *s, size_t off, long *line, long *column)
{
    size_t i, start = 0;
    long l = 1;

    for (i = 0; i < off; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n')) {
            l++;
            start = i + 1;
        }
    }
    if (start == 0 && off >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    *line = l;
    *column = (long)dci_utf8_count(s + start, off - start) + 1;
}

int dci_path_inside(const char *dir, const char *name, char **joined, char *real,
                    size_t real_size)
{
    char rdir[PATH_MAX], rfile[PATH_MAX];
    const char *p = name;
    long depth = 0;
    size_t n;

    *joined = NULL;
    if (name[0] == '/')
        return DCI_PATH_ABSOLUTE;
    while (*p) {                        /* by the text first */
        n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (--depth < 0)
                return DCI_PATH_ESCAPES;
        } else if (n && !(n == 1 && p[0] == '.')) {
            depth++;
        }
        p += n + (p[n] == '/');
    }
    *joined = dci_malloc(strlen(dir) + strlen(name) + 2);
    if (!*joined)
        return DCI_PATH_NOMEM;
    sprintf(*joined, "%s/%s", dir, name);
    if (!realpath(dir, rdir) || !realpath(*joined, rfile)) {
        int e = errno;
        dci_free(*joined);
        *joined = NULL;
        errno = e;
        return DCI_PATH_MISSING;
    }
    n = strlen(rdir);
    if (strcmp(rdir, "/") != 0 && (strncmp(rfile, rdir, n) != 0 || rfile[n] != '/')) {
        snprintf(real, real_size, "%s", rfile);
        dci_free(*joined);
        *joined = NULL;
        return DCI_PATH_OUTSIDE;
    }
    return DCI_PATH_OK;
}

const char *dci_memmem(const char *hay, size_t n, const char *needle, size_t k)
{
    const char *p = hay, *end = hay + n;

    if (!k)
        return hay;
    while ((size_t)(end - p) >= k && (p = memchr(p, needle[0], (size_t)(end - p - k + 1)))) {
        if (memcmp(p, needle, k) == 0)
            return p;
        p++;
    }
    return NULL;
}

static size_t name_index(const dci_names *t, int value)
{
    size_t i;

    if (value < t->first)
        return (size_t)-1;
    for (i = 0; t->names[i]; i++)
        if (i == (size_t)(value - t->first))
            return i;
    return (size_t)-1;
}

const char *dci_name(const dci_names *t, int value)
{
    size_t i = name_index(t, value);
    return i == (size_t)-1 ? "unknown" : t->names[i];
}

const char *dci_label(const dci_names *t, int value)
{
    size_t i = name_index(t, value);
    return i == (size_t)-1 || !t->labels ? "unknown" : t->labels[i];
}

int dci_name_value(const dci_names *t, const char *s, int *value)
{
    size_t i;

    for (i = 0; t->names[i]; i++)
        if (strcmp(s, t->names[i]) == 0) {
            *value = t->first + (int)i;
            return 0;
        }
    return -1;
}

size_t dci_hash_str(const char *s)
{
    size_t h = 2166136261u;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

size_t dci_utf8_count(const char *s, size_t n)
{
    size_t i, count = 0;

    for (i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

size_t dci_utf8_prefix(const char *s, size_t n, size_t max)
{
    size_t i, count = 0;

    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && count++ == max)
            return i;
    return n;
}
