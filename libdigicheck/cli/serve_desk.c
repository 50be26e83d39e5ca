/*
 * serve_desk.c -- the review desk's requests: which drafts there are, one
 * draft checked (its text, its record and the library's JSON report), an
 * upload, an answer saved into the draft's record file and the check run
 * again, a rule explained, and the downloads.
 *
 * A draft is named by where it lies: `src=dir` and a path inside the
 * directory served (no "..", no absolute path, and its real path must stay
 * inside: a link out of it is refused too), or `src=upload` and the name of
 * an uploaded file. Its record file (the answers YAML that `digicheck check
 * --answers` reads, nested under `answers:`) lies in the records directory:
 * drafts/<path>.record.yaml or uploads/<name>.record.yaml. The record is
 * read back with digicheck_record_load, so an answer the rule set does not
 * take is refused by the library, and the file keeps what it was. Nothing
 * here computes a result: the page shows the library's JSON.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve.h"

/* ---- where a draft and its record lie ---------------------------------------- */

typedef struct place {
    char *draft;                    /* the draft's file */
    char *record;                   /* its record file */
    const char *src, *name;         /* as the page names it (borrowed from the query) */
} place;

static void place_free(place *p)
{
    free(p->draft);
    free(p->record);
}

static char *concat3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

/* Is rel a path below a directory: not empty, not absolute, no ".."
 * component, no empty one, no hidden one? */
static int safe_relative(const char *rel)
{
    const char *p = rel;

    if (!*rel || *rel == '/' || strlen(rel) > 1024)
        return 0;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 0 || p[0] == '.')
            return 0;
        p += n + (p[n] == '/');
    }
    return 1;
}

/* Is an uploaded file's name a plain name of ours (no directory, no dot
 * first, not a record)? */
static int upload_name(const char *name)
{
    size_t n = strlen(name);

    return n > 0 && n < 200 && name[0] != '.' && !strchr(name, '/') &&
           !(n > 12 && strcmp(name + n - 12, ".record.yaml") == 0);
}

/* Finds the draft the request names; answers 400/403/404 itself and
 * returns -1 when it names none. */
static int locate(serve_req *q, place *p)
{
    const serve_ctx *ctx = q->ctx;
    char *real = NULL;
    size_t dn;

    memset(p, 0, sizeof *p);
    p->src = serve_arg(q, "src");
    p->name = serve_arg(q, "name");
    if (!p->src || !p->name) {
        serve_fail(q, 400, "Es fehlt, welcher Entwurf gemeint ist (src, name).");
        return -1;
    }
    if (strcmp(p->src, "upload") == 0 && upload_name(p->name)) {
        p->draft = concat3(ctx->records, "/uploads/", p->name);
        p->record = p->draft ? concat3(p->draft, ".record.yaml", "") : NULL;
    } else if (strcmp(p->src, "dir") == 0 && ctx->dir && safe_relative(p->name)) {
        char *joined = concat3(ctx->dir, "/", p->name);
        real = joined ? realpath(joined, NULL) : NULL;
        free(joined);
        dn = strlen(ctx->dir);
        if (!real) {
            serve_fail(q, 404, "Kein solcher Entwurf: %s", p->name);
            return -1;
        }
        if (strncmp(real, ctx->dir, dn) != 0 || real[dn] != '/') {
            free(real);
            serve_fail(q, 403, "Der Pfad führt aus dem Verzeichnis hinaus: %s", p->name);
            return -1;
        }
        p->draft = real;
        p->record = concat3(ctx->records, "/drafts/", p->name);
        if (p->record) {
            char *r = concat3(p->record, ".record.yaml", "");
            free(p->record);
            p->record = r;
        }
    } else {
        serve_fail(q, 403, "Dieser Entwurf kann nicht geöffnet werden: %s", p->name);
        return -1;
    }
    if (!p->draft || !p->record) {
        place_free(p);
        serve_fail(q, 500, "Kein Speicher mehr.");
        return -1;
    }
    return 0;
}

/* ---- checking a draft --------------------------------------------------------- */

typedef struct checked {
    char *text;                     /* the draft as read */
    size_t len;
    char *record;                   /* its record file, or NULL */
    size_t record_len;
    digicheck_draft *draft;         /* as parsed, with the record applied */
    digicheck_report *report;       /* NULL: err says why */
    digicheck_error err;
    const char *stage;              /* what failed: "draft", "record", "check" */
} checked;

static void checked_free(checked *c)
{
    free(c->text);
    free(c->record);
    digicheck_draft_free(c->draft);
    digicheck_report_free(c->report);
}

/* Is the draft a description (by its extension, as the library decides)?
 * Its `text_file:` is read relative to the name it is parsed under, so a
 * description is parsed under its own path; any other draft under the name
 * the page gives it, which its reports and documents then show. */
static int is_description(const place *p)
{
    const char *dot = strrchr(p->name, '.');

    return dot && (strcasecmp(dot, ".yaml") == 0 || strcasecmp(dot, ".yml") == 0 ||
                   strcasecmp(dot, ".json") == 0);
}

/* The text the page shows is the one the findings' spans are in, as the
 * library gives it: the draft's own bytes, the text it reads out of a Word
 * or OpenDocument file, or the text a description names. */
static void shown_text(checked *c)
{
    size_t len;
    const char *t = digicheck_draft_text(c->draft, &len);
    char *copy = t ? malloc(len + 1) : NULL;

    if (!copy)
        return;                 /* the page shows excerpts then */
    memcpy(copy, t, len);
    copy[len] = '\0';
    free(c->text);
    c->text = copy;
    c->len = len;
}

/* Reads, parses and checks the draft with its record applied. */
static void check_place(serve_ctx *ctx, const place *p, checked *c)
{
    digicheck_draft *d;
    digicheck_record *rec = NULL;
    digicheck_checker *checker = serve_checker(ctx);

    memset(c, 0, sizeof *c);
    c->stage = "draft";
    if (!(c->text = serve_read_file(p->draft, &c->len))) {
        snprintf(c->err.message, sizeof c->err.message, "nicht lesbar: %s", strerror(errno));
        return;
    }
    /* a description reads its text_file beside it, inside DIR; an upload
     * or a text names no directory */
    char dir[4096] = ".";
    if (is_description(p)) {
        const char *slash = strrchr(p->draft, '/');
        if (slash && (size_t)(slash - p->draft) < sizeof dir)
            snprintf(dir, sizeof dir, "%.*s", (int)(slash - p->draft), p->draft);
    }
    if (digicheck_draft_parse_in(&c->draft, c->text, c->len,
                                 is_description(p) ? p->draft : p->name, DIGICHECK_FORMAT_AUTO,
                                 is_description(p) ? dir : NULL, &c->err) != DIGICHECK_OK)
        return;
    d = c->draft;
    c->record = serve_read_file(p->record, &c->record_len);
    c->stage = "record";
    if (c->record && (digicheck_record_load(&rec, ctx->rs, p->record, &c->err) != DIGICHECK_OK ||
                      digicheck_record_apply(rec, d, &c->err) != DIGICHECK_OK))
        goto done;
    c->stage = "check";
    if (!checker) {
        snprintf(c->err.message, sizeof c->err.message, "kein Prüfer (kein Speicher)");
        goto done;
    }
    if (digicheck_check(checker, d, &c->report, &c->err) == DIGICHECK_OK) {
        c->stage = NULL;
        shown_text(c);
    }
done:
    digicheck_record_free(rec);
}

static void put_error(sbuf *b, const char *stage, const digicheck_error *err)
{
    sbuf_puts(b, "{\"stage\":");
    sbuf_json(b, stage);
    sbuf_puts(b, ",\"message\":");
    sbuf_json(b, err->message);
    sbuf_printf(b, ",\"line\":%ld,\"column\":%ld}", err->line, err->column);
}

/* Is s[0..n) UTF-8 (and so a JSON string once escaped)? A draft that does
 * not parse, or one read from a binary format, is not sent as text. */
static int is_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;

    while (p < end) {
        unsigned c = *p++;
        size_t k = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : (c & 0xf0) == 0xe0 ? 2
                   : c >= 0xf0 && c <= 0xf4 ? 3 : 4;
        if (k == 4 || (size_t)(end - p) < k)
            return 0;
        for (; k; k--, p++)
            if ((*p & 0xc0) != 0x80)
                return 0;
    }
    return 1;
}

/* The page's view of a draft: its text, its record and the report as the
 * library renders it in JSON (or the error, shown in the page). */
static void answer_draft(serve_req *q, const place *p)
{
    checked c;
    char *json = NULL;
    size_t jlen = 0;

    check_place(q->ctx, p, &c);
    sbuf_puts(&q->out, "{\"src\":");
    sbuf_json(&q->out, p->src);
    sbuf_puts(&q->out, ",\"name\":");
    sbuf_json(&q->out, p->name);
    sbuf_puts(&q->out, ",\"text\":");
    sbuf_json(&q->out, c.text && is_utf8(c.text, c.len) && !memchr(c.text, '\0', c.len)
                       ? c.text : NULL);
    sbuf_puts(&q->out, ",\"record\":");
    sbuf_json(&q->out, c.record);
    if (c.report &&
        digicheck_report_render(c.report, DIGICHECK_OUTPUT_JSON, &json, &jlen, &c.err) == 0) {
        sbuf_puts(&q->out, ",\"report\":");
        sbuf_add(&q->out, json, jlen);
    } else {
        sbuf_puts(&q->out, ",\"error\":");
        put_error(&q->out, c.stage ? c.stage : "render", &c.err);
    }
    sbuf_puts(&q->out, "}");
    digicheck_free(json);
    checked_free(&c);
}

/* ---- the handlers -------------------------------------------------------------- */

/* The uploads, as a JSON array of names. */
static void list_uploads(serve_req *q)
{
    char *dir = concat3(q->ctx->records, "/uploads", "");
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *e;
    int first = 1;

    sbuf_puts(&q->out, "[");
    while (d && (e = readdir(d)) != NULL) {
        if (!upload_name(e->d_name) || strstr(e->d_name, ".new"))
            continue;
        sbuf_puts(&q->out, first ? "" : ",");
        sbuf_json(&q->out, e->d_name);
        first = 0;
    }
    sbuf_puts(&q->out, "]");
    if (d)
        closedir(d);
    free(dir);
}

void desk_files(serve_req *q)
{
    const serve_ctx *ctx = q->ctx;
    char **paths = NULL;
    size_t n = 0, i, dn = ctx->dir ? strlen(ctx->dir) : 0;

    if (ctx->dir && !(paths = cli_walk_drafts(ctx->dir, &n))) {
        serve_fail(q, 500, "Das Verzeichnis kann nicht gelesen werden.");
        return;
    }
    sbuf_puts(&q->out, "{\"dir\":");
    sbuf_json(&q->out, ctx->dir ? strrchr(ctx->dir, '/') + 1 : NULL);
    sbuf_puts(&q->out, ",\"files\":[");
    for (i = 0; i < n; i++) {
        sbuf_puts(&q->out, i ? "," : "");
        sbuf_json(&q->out, paths[i] + dn + 1);
    }
    sbuf_puts(&q->out, "],\"uploads\":");
    list_uploads(q);
    sbuf_printf(&q->out, ",\"features\":{\"justify\":%s}}", ctx->can_justify ? "true" : "false");
    cli_walk_free(paths, n);
}

void desk_draft(serve_req *q)
{
    place p;

    if (locate(q, &p) != 0)
        return;
    answer_draft(q, &p);
    place_free(&p);
}

void desk_upload(serve_req *q)
{
    const char *name = serve_arg(q, "name");
    char *path;

    if (!name || !upload_name(name)) {
        serve_fail(q, 400, "Ungültiger Dateiname: %s", name ? name : "(keiner)");
        return;
    }
    if (!(path = concat3(q->ctx->records, "/uploads/", name))) {
        serve_fail(q, 500, "Kein Speicher mehr.");
        return;
    }
    if (serve_write_file(path, q->body, q->body_len) != 0) {
        serve_fail(q, 500, "Der Entwurf kann nicht gespeichert werden: %s", strerror(errno));
    } else {
        sbuf_puts(&q->out, "{\"src\":\"upload\",\"name\":");
        sbuf_json(&q->out, name);
        sbuf_puts(&q->out, "}");
    }
    free(path);
}

/* A change to a record: an answer to a question or a rating of a
 * principle (b its Begründung), or a justification of the findings of a
 * rule at a place (b that place); an empty value takes it back. */
typedef struct change {
    const char *a, *b, *value;
    int justification;
} change;

/* Writes the record with one change, and reads it back with the library;
 * when the library refuses it, the file is put back as it was and the
 * error is the answer. 0 when saved. */
static int save_change(serve_req *q, const place *p, const change *c)
{
    size_t len = 0;
    char *old = serve_read_file(p->record, &len);
    desk_record *r = desk_record_read(old ? old : "");
    digicheck_record *rec = NULL;
    digicheck_error err;
    sbuf out = { 0 };
    int rc = -1;

    if (!r || (c->justification ? desk_record_justify(r, c->a, c->b, c->value)
                                : desk_record_answer(r, c->a, c->value, c->b)) != 0) {
        serve_fail(q, 500, "Kein Speicher mehr.");
        goto done;
    }
    desk_record_write(r, p->name, &out);
    if (out.failed || serve_write_file(p->record, out.s, out.len) != 0) {
        serve_fail(q, 500, "Die Akte kann nicht geschrieben werden: %s", p->record);
        goto done;
    }
    if (digicheck_record_load(&rec, q->ctx->rs, p->record, &err) != DIGICHECK_OK) {
        if (old)
            serve_write_file(p->record, old, len);
        else
            unlink(p->record);
        serve_fail(q, 400, "%s", err.message);
        goto done;
    }
    rc = 0;
done:
    digicheck_record_free(rec);
    desk_record_free(r);
    free(out.s);
    free(old);
    return rc;
}

/* Saves a change into the draft's record and answers with the draft
 * checked again. */
static void change_record(serve_req *q, const change *c)
{
    place p;
    int rc;

    if (!c->a || !*c->a) {
        serve_fail(q, 400, "Es fehlt, was beantwortet oder begründet wird.");
        return;
    }
    if (locate(q, &p) != 0)
        return;
    pthread_mutex_lock(&q->ctx->records_lock);
    rc = save_change(q, &p, c);
    pthread_mutex_unlock(&q->ctx->records_lock);
    if (rc == 0)
        answer_draft(q, &p);
    place_free(&p);
}

void desk_answer(serve_req *q)
{
    change c = { serve_arg(q, "q"), serve_arg(q, "r"), serve_arg(q, "a"), 0 };

    change_record(q, &c);
}

void desk_justify(serve_req *q)
{
    change c = { serve_arg(q, "rule"), serve_arg(q, "at"), serve_arg(q, "reason"), 1 };

    if (!q->ctx->can_justify) {
        serve_fail(q, 501, "Diese Bibliothek kennt noch keine Begründungen in Akten.");
        return;
    }
    if (!c.b || !*c.b) {
        serve_fail(q, 400, "Es fehlt, wo der Befund steht (at).");
        return;
    }
    change_record(q, &c);
}

void desk_explain(serve_req *q)
{
    const char *rule = serve_arg(q, "rule");
    digicheck_error err;
    char *text = NULL;
    size_t len = 0;

    if (digicheck_ruleset_describe(q->ctx->rs, rule, DIGICHECK_OUTPUT_TEXT, &text, &len,
                                   &err) != DIGICHECK_OK || !rule) {
        serve_fail(q, 404, "%s", rule ? err.message : "Welche Regel? (rule)");
    } else {
        q->type = "text/plain; charset=utf-8";
        sbuf_add(&q->out, text, len);
    }
    digicheck_free(text);
}

/* The downloads: the record file, the report in one of the library's
 * forms, the documentation (digicheck_report_document), the annotated Word
 * copy; "doc" is the printable documentation shown in the browser. */
enum { DL_RECORD, DL_RENDER, DL_DOCUMENT, DL_ANNOTATED };

static const struct download {
    const char *what, *ext, *type;  /* ext NULL: shown, not saved */
    int kind, form;                 /* DL_*; DIGICHECK_OUTPUT_* or DIGICHECK_DOCUMENT_* */
} downloads[] = {
    { "doc",      NULL,           "text/html; charset=utf-8",     DL_DOCUMENT,
      DIGICHECK_DOCUMENT_HTML },
    { "record",   ".record.yaml", "application/yaml; charset=utf-8", DL_RECORD, 0 },
    { "json",     ".json",        "application/json",             DL_RENDER, DIGICHECK_OUTPUT_JSON },
    { "sarif",    ".sarif",       "application/sarif+json",       DL_RENDER, DIGICHECK_OUTPUT_SARIF },
    { "markdown", ".md",          "text/markdown; charset=utf-8", DL_RENDER,
      DIGICHECK_OUTPUT_MARKDOWN },
    { "doc-html", ".dokumentation.html", "text/html; charset=utf-8", DL_DOCUMENT,
      DIGICHECK_DOCUMENT_HTML },
    { "doc-odt",  ".dokumentation.odt", "application/vnd.oasis.opendocument.text", DL_DOCUMENT,
      DIGICHECK_DOCUMENT_ODT },
    { "doc-md",   ".dokumentation.md", "text/markdown; charset=utf-8", DL_DOCUMENT,
      DIGICHECK_DOCUMENT_MARKDOWN },
    { "annotated", ".digitalcheck.docx",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DL_ANNOTATED, 0 },
};

/* A Word draft's copy with the findings as comments (digicheck_draft_annotate),
 * written into a fresh temporary directory and read back. */
static void annotated(serve_req *q, checked *c)
{
    const char *tmpdir = getenv("TMPDIR");
    char dir[512], path[600];
    char *data = NULL;
    size_t len = 0;

    snprintf(dir, sizeof dir, "%s/digicheck-annotate-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
        serve_fail(q, 500, "Kein temporäres Verzeichnis: %s", strerror(errno));
        return;
    }
    snprintf(path, sizeof path, "%s/kopie.docx", dir);
    if (digicheck_draft_annotate(c->draft, c->report, path, &c->err) != DIGICHECK_OK)
        serve_fail(q, 422, "%s", c->err.message);
    else if (!(data = serve_read_file(path, &len)))
        serve_fail(q, 500, "Die Kopie kann nicht gelesen werden.");
    else
        sbuf_add(&q->out, data, len);
    free(data);
    unlink(path);
    rmdir(dir);
}

/* The name a download is saved under: the draft's last part and the
 * download's extension, with nothing a header would choke on. */
static void download_name(char *out, size_t cap, const char *name, const char *ext)
{
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    size_t i;

    snprintf(out, cap, "%s%s", base, ext);
    for (i = 0; out[i]; i++)
        if (out[i] == '"' || out[i] == '\\' || (unsigned char)out[i] < 0x20)
            out[i] = '_';
}

void desk_download(serve_req *q)
{
    const char *what = serve_arg(q, "what");
    const struct download *dl = NULL;
    char *text = NULL;
    size_t i, len = 0;
    checked c;
    place p;

    for (i = 0; what && i < sizeof downloads / sizeof *downloads; i++)
        if (strcmp(what, downloads[i].what) == 0)
            dl = &downloads[i];
    if (!dl) {
        serve_fail(q, 400, "Unbekannter Download: %s", what ? what : "(keiner)");
        return;
    }
    if (locate(q, &p) != 0)
        return;
    check_place(q->ctx, &p, &c);
    if (dl->kind == DL_RECORD) {
        sbuf_add(&q->out, c.record ? c.record : "", c.record ? c.record_len : 0);
    } else if (!c.report) {
        serve_fail(q, 422, "%s", c.err.message);
    } else if (dl->kind == DL_ANNOTATED) {
        annotated(q, &c);
    } else if ((dl->kind == DL_RENDER
                ? digicheck_report_render(c.report, dl->form, &text, &len, &c.err)
                : digicheck_report_document(c.report, dl->form, &text, &len, &c.err)) != 0) {
        serve_fail(q, 422, "%s", c.err.message);
    } else {
        sbuf_add(&q->out, text, len);
    }
    if (q->status == 200) {
        if (dl->ext)
            download_name(q->filename, sizeof q->filename, p.name, dl->ext);
        q->type = dl->type;
        q->document = dl->kind == DL_DOCUMENT;
    }
    digicheck_free(text);
    checked_free(&c);
    place_free(&p);
}
