/*
 * serve.h -- what the modules of `digicheck serve` share: the server's
 * state, one request as the handlers see it, the growing text buffer the
 * answers are written into, and the handlers of the review desk
 * (serve_desk.c) and of the rule workshop (serve_rule.c). The HTTP side
 * (libmicrohttpd, the token, the routes, the limits) is serve.c's alone.
 */
#ifndef DIGICHECK_CLI_SERVE_H
#define DIGICHECK_CLI_SERVE_H

#include <pthread.h>
#include <stddef.h>

#include "cli.h"

/* The limits of a request: the body (an uploaded draft, a rule form) and
 * the seconds a connection may stay idle before it is closed. */
#define SERVE_BODY_LIMIT  (8L * 1024 * 1024)
#define SERVE_IDLE_SECONDS 10

/* The server, made once by serve.c and read by every worker thread. */
typedef struct serve_ctx {
    const digicheck_ruleset *rs;    /* shared; each worker has its own checker */
    char *dir;                      /* the drafts offered (realpath), or NULL */
    char *records;                  /* where records, uploads and the user's rules go */
    char token[33];                 /* 32 hex digits */
    pthread_key_t checker_key;      /* the worker's digicheck_checker */
    pthread_mutex_t records_lock;   /* one writer of record files at a time */
    int can_justify;                /* the library reads justifications in records */
} serve_ctx;

/* A growing NUL-terminated buffer; on allocation failure it is marked
 * failed and stays so (every append is then a no-op). */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    int failed;
} sbuf;

void sbuf_add(sbuf *b, const char *s, size_t n);
void sbuf_puts(sbuf *b, const char *s);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string, quotes included (NULL: null). */
void sbuf_json(sbuf *b, const char *s);
/* s as a YAML double-quoted scalar. */
void sbuf_yaml(sbuf *b, const char *s);

/* One request as a handler sees it; the handler fills the answer. */
typedef struct serve_req {
    serve_ctx *ctx;
    void *conn;                     /* the MHD connection, for serve_arg() */
    const char *body;               /* the request body (POST), NUL-terminated */
    size_t body_len;
    int status;                     /* the answer: HTTP status, 200 unless set */
    const char *type;               /* its content type; JSON unless set */
    char filename[256];             /* a download: the name to save it under ("": none) */
    int document;                   /* the library's documentation: its own styles */
    sbuf out;                       /* its body */
} serve_req;

/* A query argument of the request, or NULL. */
const char *serve_arg(const serve_req *q, const char *name);
/* A field of a form-encoded body (application/x-www-form-urlencoded), decoded
 * into a new string the caller frees; "" when absent, NULL out of memory. */
char *serve_form(const serve_req *q, const char *name);
/* Answers with an error: {"error": message} and the status. */
void serve_fail(serve_req *q, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* This worker's checker (made on its first request), or NULL. */
digicheck_checker *serve_checker(serve_ctx *ctx);
/* Reads a whole file (at most DIGICHECK_LIMIT_DRAFT_SIZE bytes), NUL added. */
char *serve_read_file(const char *path, size_t *len);
/* Writes a whole file through a temporary beside it and a rename. 0 or -1. */
int serve_write_file(const char *path, const char *s, size_t len);
/* Makes the directories leading to path (mode 0700). 0 or -1. */
int serve_mkdirs_for(const char *path);

/* The review desk (serve_desk.c). */
void desk_files(serve_req *q);      /* GET  /api/files */
void desk_draft(serve_req *q);      /* GET  /api/draft?src=&name= */
void desk_upload(serve_req *q);     /* POST /api/upload?name= */
void desk_answer(serve_req *q);     /* POST /api/answer?src=&name=&q=&a=&r= */
void desk_justify(serve_req *q);    /* POST /api/justify?src=&name=&rule=&at=&reason= */
void desk_explain(serve_req *q);    /* GET  /api/explain?rule= */
void desk_download(serve_req *q);   /* GET  /api/download?src=&name=&what= */

/* A draft's record file as the desk reads and writes it (serve_record.c). */
typedef struct desk_record desk_record;
desk_record *desk_record_read(const char *text);   /* NULL when out of memory */
/* Set an answer (with its Begründung, or NULL) or a justification; a value
 * "" or NULL takes it back. 0, -1 out of memory. */
int desk_record_answer(desk_record *r, const char *id, const char *value, const char *reason);
int desk_record_justify(desk_record *r, const char *rule, const char *at, const char *reason);
void desk_record_write(const desk_record *r, const char *name, sbuf *out);
void desk_record_free(desk_record *r);
/* Does the library read a record with justifications (1), or not yet (0)? */
int desk_record_can_justify(const digicheck_ruleset *rs);

/* The rule workshop (serve_rule.c). */
void rule_meta(serve_req *q);       /* GET  /api/rule/meta */
void rule_check(serve_req *q);      /* POST /api/rule/check */
void rule_corpus(serve_req *q);     /* POST /api/rule/corpus */
void rule_save(serve_req *q);       /* POST /api/rule/save */

/* The pages and their scripts, embedded at build time (assets.c). */
typedef struct serve_asset {
    const char *path;               /* "/", "/werkstatt", "/desk.js" … */
    const char *type;
    const unsigned char *data;
    size_t len;
} serve_asset;
extern const serve_asset serve_assets[];
extern const size_t serve_nassets;

#endif
