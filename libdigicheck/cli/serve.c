/*
 * serve.c -- `digicheck serve`: the review desk and the rule workshop as a
 * small HTTP server on 127.0.0.1 (libmicrohttpd), for a drafter's browser.
 *
 * This module owns the HTTP side: the listening socket (loopback only), the
 * random token every request must carry (query `t` or the header
 * X-Digicheck-Token; else 403, so no other page or user of the machine can
 * drive the desk), the Host check against DNS rebinding, the limits (body
 * size, idle connections), the routes, the embedded pages, and the end on
 * SIGINT or SIGTERM. The handlers (serve_desk.c, serve_rule.c) get a
 * serve_req and fill its answer; all checking is the library's. Each worker
 * thread of the pool makes its own checker on its first request; the rule
 * set is shared, as in a batch.
 */
#define _GNU_SOURCE                 /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve.h"

/* ---- buffers ----------------------------------------------------------------- */

void sbuf_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (!(p = realloc(b->s, cap))) {
            b->failed = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sbuf_puts(sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
    } else if ((size_t)n < sizeof small) {
        sbuf_add(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (!big) {
            b->failed = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        sbuf_add(b, big, (size_t)n);
        free(big);
    }
}

/* A quoted string with the escapes JSON and YAML's double-quoted style share
 * (both read \" \\ \n \t and \uXXXX; YAML also \xXX, not needed here). */
static void quoted(sbuf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    sbuf_add(b, "\"", 1);
    for (; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char esc[2] = { '\\', (char)*p };
            sbuf_add(b, esc, 2);
        } else if (*p == '\n') {
            sbuf_add(b, "\\n", 2);
        } else if (*p == '\t') {
            sbuf_add(b, "\\t", 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            sbuf_printf(b, "\\u%04x", *p);
        } else {
            sbuf_add(b, (const char *)p, 1);
        }
    }
    sbuf_add(b, "\"", 1);
}

void sbuf_json(sbuf *b, const char *s)
{
    if (s)
        quoted(b, s);
    else
        sbuf_puts(b, "null");
}

void sbuf_yaml(sbuf *b, const char *s)
{
    quoted(b, s ? s : "");
}

/* ---- files ------------------------------------------------------------------- */

char *serve_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    char *buf = NULL;
    size_t got = 0;

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > DIGICHECK_LIMIT_DRAFT_SIZE ||
        !(buf = malloc((size_t)st.st_size + 1)))
        goto done;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    buf[got] = '\0';
    *len = got;
done:
    close(fd);
    return buf;
}

int serve_mkdirs_for(const char *path)
{
    char *p = strdup(path), *s;
    int rc = 0;

    if (!p)
        return -1;
    for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST)
            rc = -1;
        *s = '/';
    }
    free(p);
    return rc;
}

int serve_write_file(const char *path, const char *s, size_t len)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 8);
    FILE *fp = NULL;
    int rc = -1;

    if (!tmp || serve_mkdirs_for(path) != 0)
        goto done;
    snprintf(tmp, n + 8, "%s.new", path);
    if (!(fp = fopen(tmp, "wb")))
        goto done;
    if (fwrite(s, 1, len, fp) != len) {
        fclose(fp);
        goto done;
    }
    if (fclose(fp) != 0)
        goto done;
    rc = rename(tmp, path) == 0 ? 0 : -1;
done:
    if (rc && tmp)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* ---- requests ---------------------------------------------------------------- */

const char *serve_arg(const serve_req *q, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)q->conn,
                                       MHD_GET_ARGUMENT_KIND, name);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes s[0..n) of a form ("+" a space, %XX a byte) into a new string. */
static char *form_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    size_t i;

    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        if (s[i] == '+') {
            *o++ = ' ';
        } else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
                   hexval(s[i + 2]) >= 0) {
            *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

char *serve_form(const serve_req *q, const char *name)
{
    const char *p = q->body ? q->body : "", *end = p + q->body_len;
    size_t nl = strlen(name);

    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        if ((size_t)(stop - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
            return form_decode(p + nl + 1, (size_t)(stop - p) - nl - 1);
        p = stop + 1;
    }
    return strdup("");
}

void serve_fail(serve_req *q, int status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    free(q->out.s);
    memset(&q->out, 0, sizeof q->out);
    q->status = status;
    q->type = "application/json";
    q->filename[0] = '\0';
    sbuf_puts(&q->out, "{\"error\":");
    sbuf_json(&q->out, msg);
    sbuf_puts(&q->out, "}");
}

static void free_checker(void *c)
{
    digicheck_checker_free(c);
}

digicheck_checker *serve_checker(serve_ctx *ctx)
{
    digicheck_checker *c = pthread_getspecific(ctx->checker_key);

    if (!c && digicheck_checker_new(&c, ctx->rs, NULL) == DIGICHECK_OK &&
        pthread_setspecific(ctx->checker_key, c) != 0) {
        digicheck_checker_free(c);
        c = NULL;
    }
    return c;
}

/* ---- routes ------------------------------------------------------------------ */

typedef struct route {
    const char *method, *path;
    void (*handler)(serve_req *q);
} route;

static const route routes[] = {
    { "GET",  "/api/files",      desk_files },
    { "GET",  "/api/draft",      desk_draft },
    { "POST", "/api/upload",     desk_upload },
    { "POST", "/api/answer",     desk_answer },
    { "POST", "/api/justify",    desk_justify },
    { "GET",  "/api/explain",    desk_explain },
    { "GET",  "/api/download",   desk_download },
    { "GET",  "/api/rule/meta",  rule_meta },
    { "POST", "/api/rule/check", rule_check },
    { "POST", "/api/rule/corpus", rule_corpus },
    { "POST", "/api/rule/save",  rule_save },
};

/* What one connection's request has gathered so far. */
typedef struct pending {
    sbuf body;
    int too_large;
} pending;

/* Does the request carry the token? Compared in constant time. */
static int has_token(struct MHD_Connection *conn, const serve_ctx *ctx)
{
    const char *t = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "t");
    unsigned char diff = 0;
    size_t i;

    if (!t)
        t = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Digicheck-Token");
    if (!t || strlen(t) != 32)
        return 0;
    for (i = 0; i < 32; i++)
        diff |= (unsigned char)(t[i] ^ ctx->token[i]);
    return diff == 0;
}

/* Is the Host the loopback address or localhost? A page of another site
 * that a DNS name points at 127.0.0.1 sends its own name. */
static int local_host(struct MHD_Connection *conn)
{
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");

    return h && (strncmp(h, "127.0.0.1", 9) == 0 || strncmp(h, "localhost", 9) == 0) &&
           (h[9] == '\0' || h[9] == ':');
}

/* What a page may load: its own scripts and styles only. The library's
 * documentation is one self-contained page with its styles inline, and
 * runs no script at all. */
static const char CSP_PAGE[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
static const char CSP_DOCUMENT[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
    "base-uri 'none'";

static enum MHD_Result respond(struct MHD_Connection *conn, int status, const char *type,
                               const char *filename, const char *csp, void *data, size_t len,
                               int owned)
{
    struct MHD_Response *res = MHD_create_response_from_buffer(
        len, data, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ok;

    if (!res)
        return MHD_NO;
    MHD_add_response_header(res, "Content-Type", type);
    MHD_add_response_header(res, "Cache-Control", "no-store");
    MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(res, "Content-Security-Policy", csp);
    if (filename && *filename) {
        char cd[512];
        snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
        MHD_add_response_header(res, "Content-Disposition", cd);
    }
    ok = MHD_queue_response(conn, (unsigned)status, res);
    MHD_destroy_response(res);
    return ok;
}

static enum MHD_Result send_text(struct MHD_Connection *conn, int status, const char *msg)
{
    return respond(conn, status, "text/plain; charset=utf-8", NULL, CSP_PAGE, (void *)msg,
                   strlen(msg), 0);
}

/* An embedded page, with the token put where it says @TOKEN@ (the links
 * and scripts of a page must carry it too). */
static enum MHD_Result send_asset(struct MHD_Connection *conn, const serve_ctx *ctx,
                                  const serve_asset *a)
{
    const char *p = (const char *)a->data, *end = p + a->len, *at;
    sbuf b = { 0 };

    if (strncmp(a->type, "text/html", 9) != 0)
        return respond(conn, 200, a->type, NULL, CSP_PAGE, (void *)a->data, a->len, 0);
    while ((at = memmem(p, (size_t)(end - p), "@TOKEN@", 7)) != NULL) {
        sbuf_add(&b, p, (size_t)(at - p));
        sbuf_puts(&b, ctx->token);
        p = at + 7;
    }
    sbuf_add(&b, p, (size_t)(end - p));
    if (b.failed || !b.s) {
        free(b.s);
        return send_text(conn, 500, "out of memory\n");
    }
    return respond(conn, 200, a->type, NULL, CSP_PAGE, b.s, b.len, 1);
}

static enum MHD_Result dispatch(struct MHD_Connection *conn, serve_ctx *ctx, const char *url,
                                const char *method, pending *p)
{
    serve_req q;
    size_t i;

    for (i = 0; i < serve_nassets; i++)
        if (strcmp(method, "GET") == 0 && strcmp(url, serve_assets[i].path) == 0)
            return send_asset(conn, ctx, &serve_assets[i]);
    for (i = 0; i < sizeof routes / sizeof *routes; i++)
        if (strcmp(url, routes[i].path) == 0)
            break;
    if (i == sizeof routes / sizeof *routes)
        return send_text(conn, 404, "Nicht gefunden.\n");
    if (strcmp(method, routes[i].method) != 0)
        return send_text(conn, 405, "Methode nicht erlaubt.\n");
    memset(&q, 0, sizeof q);
    q.ctx = ctx;
    q.conn = conn;
    q.body = p->body.s ? p->body.s : "";
    q.body_len = p->body.len;
    q.status = 200;
    q.type = "application/json";
    routes[i].handler(&q);
    if (q.out.failed) {
        free(q.out.s);
        return send_text(conn, 500, "out of memory\n");
    }
    if (!q.out.s)
        sbuf_puts(&q.out, "");
    return respond(conn, q.status, q.type, q.filename, q.document ? CSP_DOCUMENT : CSP_PAGE,
                   q.out.s, q.out.len, 1);
}

/* Refuses a request before its body is read: no token, another host, a
 * body over the limit. 0 lets it through. */
static int refused(struct MHD_Connection *conn, const serve_ctx *ctx)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");

    if (!local_host(conn))
        return 421;
    if (!has_token(conn, ctx))
        return 403;
    if (cl && strtoull(cl, NULL, 10) > (unsigned long long)SERVE_BODY_LIMIT)
        return 413;
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **state)
{
    serve_ctx *ctx = cls;
    pending *p = *state;
    int why;

    (void)version;
    if (!p) {
        if ((why = refused(conn, ctx)) != 0)
            return send_text(conn, why, why == 403 ? "Zugriff verweigert: Token fehlt.\n"
                                      : why == 413 ? "Anfrage zu groß.\n"
                                                   : "Falscher Host.\n");
        if (!(p = calloc(1, sizeof *p)))
            return MHD_NO;
        *state = p;
        return MHD_YES;
    }
    if (*upload_size) {
        if (p->body.len + *upload_size > (size_t)SERVE_BODY_LIMIT)
            p->too_large = 1;
        else
            sbuf_add(&p->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (p->too_large)
        return send_text(conn, 413, "Anfrage zu groß.\n");
    if (p->body.failed)
        return send_text(conn, 500, "out of memory\n");
    return dispatch(conn, ctx, url, method, p);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode why)
{
    pending *p = *state;

    (void)cls;
    (void)conn;
    (void)why;
    if (p) {
        free(p->body.s);
        free(p);
        *state = NULL;
    }
}

/* ---- the command ------------------------------------------------------------- */

static int make_token(char *out)
{
    unsigned char raw[16];
    size_t got = 0, i;

    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno != EINTR)
            return -1;
        if (n > 0)
            got += (size_t)n;
    }
    for (i = 0; i < sizeof raw; i++)
        sprintf(out + 2 * i, "%02x", raw[i]);
    return 0;
}

static struct MHD_Daemon *start(serve_ctx *ctx, int port)
{
    struct sockaddr_in sa;

    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
                            (uint16_t)port, NULL, NULL, on_request, ctx,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_THREAD_POOL_SIZE, 4u,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE_SECONDS,
                            MHD_OPTION_CONNECTION_LIMIT, 64u,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, ctx,
                            MHD_OPTION_END);
}

int cli_serve(const cli_serve_opts *o)
{
    serve_ctx ctx;
    struct MHD_Daemon *d = NULL;
    const union MHD_DaemonInfo *info;
    sigset_t stop;
    int sig, rc = EXIT_TROUBLE;

    memset(&ctx, 0, sizeof ctx);
    ctx.rs = o->rs;
    if (o->dir && !(ctx.dir = realpath(o->dir, NULL))) {
        fprintf(stderr, "digicheck: %s: %s\n", o->dir, strerror(errno));
        return EXIT_TROUBLE;
    }
    if (!(ctx.records = strdup(o->records)) || make_token(ctx.token) != 0 ||
        pthread_key_create(&ctx.checker_key, free_checker) != 0) {
        fprintf(stderr, "digicheck: serve: cannot start: %s\n", strerror(errno));
        goto done;
    }
    pthread_mutex_init(&ctx.records_lock, NULL);
    ctx.can_justify = desk_record_can_justify(ctx.rs);
    /* The workers inherit the mask: the signals reach sigwait() below only. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    if (!(d = start(&ctx, o->port))) {
        fprintf(stderr, "digicheck: serve: cannot listen on 127.0.0.1:%d\n", o->port);
        goto done;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("digicheck serve: http://127.0.0.1:%u/?t=%s\n", info ? info->port : 0u, ctx.token);
    printf("Prüfpult für %s; beenden mit Strg-C.\n", ctx.dir ? ctx.dir : "hochgeladene Entwürfe");
    fflush(stdout);
    while (sigwait(&stop, &sig) != 0 || (sig != SIGINT && sig != SIGTERM))
        ;
    fprintf(stderr, "digicheck serve: beendet\n");
    rc = EXIT_CLEAN;
done:
    if (d)
        MHD_stop_daemon(d);
    pthread_key_delete(ctx.checker_key);
    free(ctx.dir);
    free(ctx.records);
    return rc;
}
