/*
 * serve_record.c -- a draft's record file as the review desk reads and
 * writes it: the answers (nested under `answers:`, the shape `digicheck
 * check --answers` reads) and the justifications of findings (a list under
 * `justifications:` of {rule, at, reason}, one flow mapping a line).
 *
 * The desk is not the only writer: a drafter may have written the file by
 * hand. Flat "id: answer" lines are read as answers; every line the desk
 * does not understand is kept as it was and written back after its own
 * (a justification it cannot read stays in its section). Whether the file
 * is valid is the library's to say: the desk reads it back with
 * digicheck_record_load after every change.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve.h"

/* One entry: an answer (a = question id, b its Begründung or NULL, value
 * the answer) or a justification (a = rule id, b = where, value the
 * reason). Answers are keyed by a alone, justifications by a and b. */
typedef struct entry {
    char *a, *b, *value;
} entry;

typedef struct list {
    entry *v;
    size_t n;
} list;

struct desk_record {
    list answers, justifications;
    sbuf unread_justifications;     /* lines of that section the desk cannot read */
    sbuf rest;                      /* other sections, as they were */
};

static void list_free(list *l)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        free(l->v[i].a);
        free(l->v[i].b);
        free(l->v[i].value);
    }
    free(l->v);
}

void desk_record_free(desk_record *r)
{
    if (!r)
        return;
    list_free(&r->answers);
    list_free(&r->justifications);
    free(r->unread_justifications.s);
    free(r->rest.s);
    free(r);
}

static int same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Sets (value non-empty) or removes (value "" or NULL) the entry a (and
 * b, when by_b). */
static int list_set(list *l, const char *a, const char *b, int by_b, const char *value)
{
    size_t i;
    entry *v, *e;

    if (b && !*b)
        b = NULL;
    for (i = 0; i < l->n && !(strcmp(l->v[i].a, a) == 0 && (!by_b || same(l->v[i].b, b))); i++)
        ;
    if (i < l->n) {
        free(l->v[i].value);
        free(l->v[i].b);
        l->v[i].b = NULL;
        if (value && *value)
            return (l->v[i].value = strdup(value)) && (!b || (l->v[i].b = strdup(b))) ? 0 : -1;
        free(l->v[i].a);
        memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
        l->n--;
        return 0;
    }
    if (!value || !*value)
        return 0;
    if (!(v = realloc(l->v, (l->n + 1) * sizeof *v)))
        return -1;
    l->v = v;
    e = &v[l->n];
    e->a = strdup(a);
    e->b = b ? strdup(b) : NULL;
    e->value = strdup(value);
    if (!e->a || (b && !e->b) || !e->value) {
        free(e->a);
        free(e->b);
        free(e->value);
        return -1;
    }
    l->n++;
    return 0;
}

int desk_record_answer(desk_record *r, const char *id, const char *value, const char *reason)
{
    return list_set(&r->answers, id, reason, 0, value);
}

int desk_record_justify(desk_record *r, const char *rule, const char *at, const char *reason)
{
    return list_set(&r->justifications, rule, at, 1, reason);
}

/* ---- reading ------------------------------------------------------------------- */

/* A scalar at *p: "…" with \" and \\, or plain up to one of stops (or the
 * end). Advances *p past it; NULL when out of memory or unterminated. */
static char *scalar(const char **p, const char *end, const char *stops)
{
    const char *s = *p;
    char *out, *o;

    if (s < end && *s == '"') {
        if (!(out = malloc((size_t)(end - s))))
            return NULL;
        for (o = out, s++; s < end && *s != '"'; s++) {
            if (*s == '\\' && s + 1 < end)
                s++;
            *o++ = *s;
        }
        if (s == end) {
            free(out);
            return NULL;
        }
        *o = '\0';
        *p = s + 1;
        return out;
    }
    while (s < end && !strchr(stops, *s))
        s++;
    while (s > *p && (s[-1] == ' ' || s[-1] == '\r'))
        s--;
    out = strndup(*p, (size_t)(s - *p));
    *p = s;
    return out;
}

/* "{answer: …, begruendung: …}" at *p into *value and *reason. */
static int answer_mapping(const char *p, const char *end, char **value, char **reason)
{
    for (p++; p < end && *p != '}';) {
        const char *key = p += strspn(p, " ,");
        size_t kn = strcspn(p, ":");
        char **into;
        if (p + kn >= end)
            return 0;
        into = kn == 6 && strncmp(key, "answer", 6) == 0 ? value
             : (kn == 11 && strncmp(key, "begruendung", 11) == 0) ||
               (kn == 6 && strncmp(key, "reason", 6) == 0) ? reason : NULL;
        for (p += kn + 1; p < end && *p == ' '; p++)
            ;
        if (!into || *into || !(*into = scalar(&p, end, ",}")))
            return 0;
        p += strspn(p, " ");
    }
    return p < end && *value;
}

/* "id: answer" or "id: {answer: …, begruendung: …}" (after its indent)
 * into the answers; 1 if it was one. */
static int answer_line(desk_record *r, const char *line, const char *end)
{
    const char *p = line;
    char *id = scalar(&p, end, ":"), *value = NULL, *reason = NULL;
    int ok = 0;

    if (id && *id && !strchr(id, ' ') && p < end && *p == ':') {
        for (p++; p < end && *p == ' '; p++)
            ;
        if (p < end && *p == '{')
            ok = answer_mapping(p, end, &value, &reason);
        else if ((value = p < end && *p != '#' ? scalar(&p, end, "#") : NULL) != NULL)
            ok = *value != '\0';
        ok = ok && desk_record_answer(r, id, value, reason) == 0;
    }
    free(id);
    free(value);
    free(reason);
    return ok;
}

/* "- {rule: …, at: …, reason: …}" (after its indent) into the
 * justifications; 1 if it was one. */
static int justification_line(desk_record *r, const char *line, const char *end)
{
    static const char *const keys[3] = { "rule", "at", "reason" };
    char *v[3] = { NULL, NULL, NULL };
    const char *p = line;
    int i, ok = 0;

    if (end - p < 4 || strncmp(p, "- {", 3) != 0)
        return 0;
    for (p += 3, i = 0; i < 3; i++) {
        size_t kn = strlen(keys[i]);
        while (p < end && (*p == ' ' || *p == ','))
            p++;
        if ((size_t)(end - p) <= kn + 1 || strncmp(p, keys[i], kn) != 0 || p[kn] != ':')
            goto done;
        for (p += kn + 1; p < end && *p == ' '; p++)
            ;
        if (!(v[i] = scalar(&p, end, ",}")))
            goto done;
    }
    while (p < end && *p == ' ')
        p++;
    ok = p < end && *p == '}' && *v[0] && desk_record_justify(r, v[0], v[1], v[2]) == 0;
done:
    for (i = 0; i < 3; i++)
        free(v[i]);
    return ok;
}

/* Where a line stands: in which top-level section. */
enum { IN_NONE, IN_ANSWERS, IN_JUSTIFICATIONS, IN_OTHER };

static void keep(sbuf *b, const char *line, size_t n)
{
    sbuf_add(b, line, n);
    sbuf_add(b, "\n", 1);
}

static void read_line(desk_record *r, const char *line, size_t n, int *in)
{
    const char *end = line + n, *body = line + strspn(line, " ");
    int indented = body > line;

    if (n == 0 || *body == '#')
        return;         /* blank lines and comments: the desk writes its own head */
    if (!indented && strncmp(line, "answers:", 8) == 0 &&
        (body + 8 == end || (end - body == 11 && memcmp(body + 8, " {}", 3) == 0))) {
        *in = IN_ANSWERS;
    } else if (!indented && strncmp(line, "justifications:", 15) == 0 && body + 15 == end) {
        *in = IN_JUSTIFICATIONS;
    } else if (indented && *in == IN_ANSWERS && answer_line(r, body, end)) {
    } else if (indented && *in == IN_JUSTIFICATIONS) {
        if (!justification_line(r, body, end))
            keep(&r->unread_justifications, line, n);
    } else if (!indented && answer_line(r, line, end)) {
        *in = IN_NONE;
    } else {
        *in = indented ? *in : IN_OTHER;
        keep(&r->rest, line, n);
    }
}

desk_record *desk_record_read(const char *text)
{
    desk_record *r = calloc(1, sizeof *r);
    const char *line = text;
    int in = IN_NONE;

    while (r && line && *line) {
        const char *nl = strchr(line, '\n');
        read_line(r, line, nl ? (size_t)(nl - line) : strlen(line), &in);
        line = nl ? nl + 1 : NULL;
    }
    if (r && (r->rest.failed || r->unread_justifications.failed)) {
        desk_record_free(r);
        r = NULL;
    }
    return r;
}

/* ---- writing ------------------------------------------------------------------- */

void desk_record_write(const desk_record *r, const char *name, sbuf *out)
{
    size_t i;

    sbuf_printf(out, "# Akte zu %s (digicheck serve; digicheck check --answers liest sie)\n",
                name);
    /* an empty mapping, not an empty value, when nothing is answered yet */
    sbuf_puts(out, r->answers.n ? "answers:\n" : "answers: {}\n");
    for (i = 0; i < r->answers.n; i++) {
        const entry *e = &r->answers.v[i];
        sbuf_printf(out, "  %s: ", e->a);
        if (e->b) {
            sbuf_puts(out, "{answer: ");
            sbuf_yaml(out, e->value);
            sbuf_puts(out, ", begruendung: ");
            sbuf_yaml(out, e->b);
            sbuf_puts(out, "}");
        } else {
            sbuf_yaml(out, e->value);
        }
        sbuf_puts(out, "\n");
    }
    if (r->justifications.n || r->unread_justifications.len) {
        sbuf_puts(out, "justifications:\n");
        for (i = 0; i < r->justifications.n; i++) {
            const entry *e = &r->justifications.v[i];
            sbuf_puts(out, "  - {rule: ");
            sbuf_yaml(out, e->a);
            sbuf_puts(out, ", at: ");
            sbuf_yaml(out, e->b);
            sbuf_puts(out, ", reason: ");
            sbuf_yaml(out, e->value);
            sbuf_puts(out, "}\n");
        }
        if (r->unread_justifications.s)
            sbuf_add(out, r->unread_justifications.s, r->unread_justifications.len);
    }
    if (r->rest.s)
        sbuf_add(out, r->rest.s, r->rest.len);
}

/* Asks the library: a record with an empty list of justifications is
 * valid once records hold them, an unknown key before. */
int desk_record_can_justify(const digicheck_ruleset *rs)
{
    const char *tmpdir = getenv("TMPDIR");
    char path[600];
    digicheck_record *rec = NULL;
    int fd, ok;

    snprintf(path, sizeof path, "%s/digicheck-record-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if ((fd = mkstemp(path)) < 0)
        return 0;
    ok = write(fd, "justifications: []\n", 19) == 19;
    close(fd);
    ok = ok && digicheck_record_load(&rec, rs, path, NULL) == DIGICHECK_OK;
    digicheck_record_free(rec);
    unlink(path);
    return ok;
}
