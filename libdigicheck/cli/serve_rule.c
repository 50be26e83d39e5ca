/*
 * serve_rule.c -- the rule workshop: a pattern rule from a form, written as
 * a rule set, loaded, tested and tried by the library.
 *
 * The form's fields become one rule of a small rule set file (with the
 * principles of the rule set served, which the library names in a report),
 * written into a fresh temporary directory, since the library loads rule
 * sets from files. Every line of that file is noted with the field it came
 * from, so an error the loader gives at a line and column is said at the
 * field (and its n-th entry) of the form. The examples run as `digicheck
 * test` runs them (digicheck_ruleset_test), "try on the corpus" checks the
 * drafts of the directory served with the rule alone, and "save" writes the
 * rule into a rule set of the user's under the records directory, which
 * extends the rule set served (`extends:` with its absolute path: the
 * library's description of a rule set names what it is made of) and holds
 * only the user's rules: loaded, it is the rules served and the user's.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

/* The fields of the form, in the order the rule file lists them. */
enum { F_ID, F_PRINCIPLE, F_CATEGORY, F_SEVERITY, F_TITLE, F_MESSAGE, F_SUGGESTION,
       F_REFERENCES, F_MATCH, F_UNLESS, F_EX_MATCH, F_EX_NO_MATCH, NFIELDS };

static const char *const field_names[NFIELDS] = {
    "id", "principle", "category", "severity", "title", "message", "suggestion",
    "references", "match", "unless", "examples_match", "examples_no_match",
};

/* Which field and which entry of it (0 for a single value) a line holds. */
typedef struct origin {
    int field, entry;
} origin;

typedef struct rule_form {
    char *v[NFIELDS];
    sbuf yaml;                      /* the rule set file */
    origin *lines;                  /* lines[i]: line i + 1 of it */
    size_t nlines, cap;
} rule_form;

static void form_free(rule_form *f)
{
    int i;

    for (i = 0; i < NFIELDS; i++)
        free(f->v[i]);
    free(f->yaml.s);
    free(f->lines);
}

/* Appends text (ending in a newline) and notes the field of its lines. */
static void emit(rule_form *f, int field, int entry, const char *text)
{
    const char *p;

    sbuf_puts(&f->yaml, text);
    for (p = text; *p; p++) {
        if (*p != '\n')
            continue;
        if (f->nlines == f->cap) {
            size_t cap = f->cap ? 2 * f->cap : 64;
            origin *o = realloc(f->lines, cap * sizeof *o);
            if (!o) {
                f->yaml.failed = 1;
                return;
            }
            f->lines = o;
            f->cap = cap;
        }
        f->lines[f->nlines].field = field;
        f->lines[f->nlines++].entry = entry;
    }
}

/* "key: \"value\"" at an indent, when the value is not empty. */
static void emit_scalar(rule_form *f, int field, const char *indent, const char *key)
{
    sbuf line = { 0 };

    if (!*f->v[field])
        return;
    sbuf_printf(&line, "%s%s: ", indent, key);
    sbuf_yaml(&line, f->v[field]);
    sbuf_puts(&line, "\n");
    if (line.failed)
        f->yaml.failed = 1;
    else
        emit(f, field, 0, line.s);
    free(line.s);
}

/* A pattern as a YAML single-quoted scalar: backslashes stay as they are
 * written, as in the rule sets people write by hand. */
static void yaml_single(sbuf *b, const char *s)
{
    sbuf_add(b, "'", 1);
    for (; *s; s++)
        sbuf_add(b, *s == '\'' ? "''" : s, *s == '\'' ? 2 : 1);
    sbuf_add(b, "'", 1);
}

/* A field of one entry a line as a block list, when it has one. */
static void emit_list(rule_form *f, int field, const char *indent, const char *key)
{
    const char *p = f->v[field];
    int entry = 0;
    sbuf line = { 0 };

    if (strspn(p, " \r\n\t") == strlen(p))
        return;
    sbuf_printf(&line, "%s%s:\n", indent, key);
    emit(f, field, 0, line.s ? line.s : "");
    while (*p) {
        size_t n = strcspn(p, "\n");
        char *item = strndup(p, n && p[n - 1] == '\r' ? n - 1 : n);
        entry++;
        if (item && strspn(item, " \t") != strlen(item)) {
            line.len = 0;
            sbuf_printf(&line, "%s  - ", indent);
            if (field == F_MATCH || field == F_UNLESS)
                yaml_single(&line, item);
            else
                sbuf_yaml(&line, item);
            sbuf_puts(&line, "\n");
            emit(f, field, entry, line.s);
        }
        free(item);
        p += n + (p[n] == '\n');
    }
    if (line.failed)
        f->yaml.failed = 1;
    free(line.s);
}

/* The report of an empty draft: it names the principles of the rule set
 * served, as every report does. NULL when out of memory. */
static digicheck_report *empty_report(serve_ctx *ctx)
{
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_checker *c = serve_checker(ctx);

    if (c && digicheck_draft_parse(&d, "", 0, NULL, DIGICHECK_FORMAT_TEXT, NULL) == 0)
        digicheck_check(c, d, &r, NULL);
    digicheck_draft_free(d);
    return r;
}

/* The principles of the rule set served, for the rule set file. */
static void emit_principles(rule_form *f, serve_ctx *ctx)
{
    digicheck_report *r = empty_report(ctx);
    sbuf line = { 0 };
    size_t i;

    sbuf_puts(&line, "principles:\n");
    for (i = 0; i < digicheck_report_principle_count(r); i++) {
        sbuf_puts(&line, "  - {id: ");
        sbuf_yaml(&line, digicheck_report_principle_id(r, i));
        sbuf_puts(&line, ", title: ");
        sbuf_yaml(&line, digicheck_report_principle_title(r, i));
        sbuf_puts(&line, "}\n");
    }
    if (!r || line.failed)
        f->yaml.failed = 1;
    else
        emit(f, -1, 0, line.s);
    free(line.s);
    digicheck_report_free(r);
}

/* The head of the user's rule set (and of the workshop's own). */
static void emit_head(rule_form *f, const char *id, const char *title)
{
    sbuf line = { 0 };

    sbuf_printf(&line, "# Geschrieben von der Regelwerkstatt (digicheck serve).\n"
                       "digicheck: 1\nid: %s\ntitle: ", id);
    sbuf_yaml(&line, title);
    sbuf_puts(&line, "\nversion: \"1\"\n");
    emit(f, -1, 0, line.s ? line.s : "");
    free(line.s);
}

/* The JSON string after p's opening quote, decoded into b (emptied
 * first); what follows its closing quote, or NULL for an escape no path
 * holds (a control character). */
static const char *json_string(const char *p, sbuf *b)
{
    b->len = 0;
    sbuf_add(b, "", 0);
    for (; *p && *p != '"'; p++) {
        if (*p == '\\' && (!*++p || !strchr("\"\\/", *p)))
            return NULL;
        sbuf_add(b, p, 1);
    }
    return *p == '"' && !b->failed ? p + 1 : NULL;
}

/* `extends:` of the user's rule set: the absolute path of each rule set the
 * served one is made of that no other of them extends (its description
 * lists them last: "rulesets":[{…, "path": …, "base": false}, …]}). */
static void emit_extends(rule_form *f, serve_ctx *ctx)
{
    char *json = NULL, *real;
    const char *p = NULL, *end = NULL;
    sbuf line = { 0 }, path = { 0 };
    int n = 0, bad = 0;

    if (digicheck_ruleset_describe(ctx->rs, NULL, DIGICHECK_OUTPUT_JSON, &json, NULL,
                                   NULL) == DIGICHECK_OK &&
        (p = strstr(json, "\n],\"rulesets\":[")) != NULL)
        end = strrchr(p, ']');      /* the list is the last member */
    sbuf_puts(&line, "extends:\n");
    while (end && (p = strstr(p, "\"path\":\"")) != NULL && p < end) {
        if ((bad = !(p = json_string(p + 8, &path))))
            break;
        if (strncmp(p, ",\"base\":false", 13) != 0)
            continue;
        if ((bad = !(real = realpath(path.s, NULL))))
            break;
        sbuf_puts(&line, "  - ");
        sbuf_yaml(&line, real);
        sbuf_puts(&line, "\n");
        free(real);
        n++;
    }
    if (!n || bad || line.failed)
        f->yaml.failed = 1;
    else
        emit(f, -1, 0, line.s);
    free(line.s);
    free(path.s);
    digicheck_free(json);
}

/* The rule itself, as the entry of a `rules:` list. */
static void emit_rule(rule_form *f)
{
    emit(f, -1, 0, "rules:\n");
    emit(f, F_ID, 0, "  - id: ");
    sbuf_yaml(&f->yaml, f->v[F_ID]);
    emit(f, F_ID, 0, "\n");
    emit_scalar(f, F_PRINCIPLE, "    ", "principle");
    emit_scalar(f, F_CATEGORY, "    ", "category");
    emit_scalar(f, F_SEVERITY, "    ", "severity");
    emit_scalar(f, F_TITLE, "    ", "title");
    emit_scalar(f, F_MESSAGE, "    ", "message");
    emit_scalar(f, F_SUGGESTION, "    ", "suggestion");
    emit_list(f, F_REFERENCES, "    ", "references");
    emit_list(f, F_MATCH, "    ", "match");
    emit_list(f, F_UNLESS, "    ", "unless");
    if (strspn(f->v[F_EX_MATCH], " \r\n\t") != strlen(f->v[F_EX_MATCH]) ||
        strspn(f->v[F_EX_NO_MATCH], " \r\n\t") != strlen(f->v[F_EX_NO_MATCH])) {
        emit(f, F_EX_MATCH, 0, "    examples:\n");
        emit_list(f, F_EX_MATCH, "      ", "match");
        emit_list(f, F_EX_NO_MATCH, "      ", "no_match");
    }
}

/* Reads the form of the request. -1 when out of memory (answered). */
static int form_read(serve_req *q, rule_form *f)
{
    int i;

    memset(f, 0, sizeof *f);
    for (i = 0; i < NFIELDS; i++)
        if (!(f->v[i] = serve_form(q, field_names[i]))) {
            serve_fail(q, 500, "Kein Speicher mehr.");
            return -1;
        }
    return 0;
}

/* ---- loading the rule --------------------------------------------------------- */

/* The rule set file of the form, in a temporary directory, loaded. On a
 * load error the answer says it at its field; returns NULL then. */
static digicheck_ruleset *form_load(serve_req *q, rule_form *f, digicheck_error *err)
{
    const char *tmpdir = getenv("TMPDIR");
    char dir[512], path[600];
    digicheck_ruleset *rs = NULL;

    emit_head(f, "werkstatt", "Regelwerkstatt");
    emit_principles(f, q->ctx);
    emit_rule(f);
    if (f->yaml.failed) {
        serve_fail(q, 500, "Kein Speicher mehr.");
        return NULL;
    }
    snprintf(dir, sizeof dir, "%s/digicheck-rule-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
        serve_fail(q, 500, "Kein temporäres Verzeichnis: %s", strerror(errno));
        return NULL;
    }
    snprintf(path, sizeof path, "%s/ruleset.yaml", dir);
    memset(err, 0, sizeof *err);
    if (serve_write_file(path, f->yaml.s, f->yaml.len) != 0)
        serve_fail(q, 500, "Die Regel kann nicht geschrieben werden: %s", strerror(errno));
    else if (digicheck_ruleset_load(&rs, path, err) != DIGICHECK_OK)
        rs = NULL;
    unlink(path);
    rmdir(dir);
    return rs;
}

/* The load error at the field of the form it is about: the key the
 * message names ("missing required key 'message'"), else the field of the
 * line it is at. */
static void put_load_error(sbuf *b, const rule_form *f, const digicheck_error *err)
{
    const char *field = "";
    char quoted_name[40];
    int entry = 0, i;

    for (i = 0; i < NFIELDS && !*field; i++) {
        snprintf(quoted_name, sizeof quoted_name, "key '%s'", field_names[i]);
        if (strstr(err->message, quoted_name))
            field = field_names[i];
    }
    if (!*field && err->line > 0 && (size_t)err->line <= f->nlines &&
        f->lines[err->line - 1].field >= 0) {
        field = field_names[f->lines[err->line - 1].field];
        entry = f->lines[err->line - 1].entry;
    }
    sbuf_puts(b, "{\"field\":");
    sbuf_json(b, *field ? field : NULL);
    sbuf_printf(b, ",\"entry\":%d,\"line\":%ld,\"column\":%ld,\"message\":", entry, err->line,
                err->column);
    sbuf_json(b, err->message);
    sbuf_puts(b, "}");
}

/* Each example of one field, with whether it passed: a failed one is a
 * line "id: why: text" of the library's failures. */
static void put_examples(sbuf *b, const rule_form *f, int field, const char *failures,
                         int *first)
{
    const char *p = f->v[field];

    while (*p) {
        size_t n = strcspn(p, "\n");
        char *text = strndup(p, n && p[n - 1] == '\r' ? n - 1 : n), *needle = NULL;
        if (text && strspn(text, " \t") != strlen(text) &&
            (needle = malloc(strlen(text) + 4)) != NULL) {
            int failed;
            sprintf(needle, ": %s\n", text);
            failed = failures && strstr(failures, needle);
            sbuf_puts(b, *first ? "{\"text\":" : ",{\"text\":");
            sbuf_json(b, text);
            sbuf_printf(b, ",\"expect\":\"%s\",\"ok\":%s}",
                        field == F_EX_MATCH ? "match" : "no_match", failed ? "false" : "true");
            *first = 0;
        }
        free(needle);
        free(text);
        p += n + (p[n] == '\n');
    }
}

/* ---- the handlers -------------------------------------------------------------- */

void rule_check(serve_req *q)
{
    rule_form f;
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    size_t passed = 0, failed = 0;
    char *failures = NULL;
    int first = 1;

    if (form_read(q, &f) != 0)
        goto done;
    rs = form_load(q, &f, &err);
    if (q->status != 200)
        goto done;
    sbuf_puts(&q->out, "{\"yaml\":");
    sbuf_json(&q->out, f.yaml.s);
    if (!rs) {
        sbuf_puts(&q->out, ",\"ok\":false,\"error\":");
        put_load_error(&q->out, &f, &err);
    } else if (digicheck_ruleset_test(rs, &passed, &failed, &failures, &err) != DIGICHECK_OK) {
        sbuf_puts(&q->out, ",\"ok\":false,\"error\":");
        put_load_error(&q->out, &f, &err);
    } else {
        sbuf_printf(&q->out, ",\"ok\":true,\"passed\":%zu,\"failed\":%zu,\"examples\":[",
                    passed, failed);
        put_examples(&q->out, &f, F_EX_MATCH, failures, &first);
        put_examples(&q->out, &f, F_EX_NO_MATCH, failures, &first);
        sbuf_puts(&q->out, "]");
    }
    sbuf_puts(&q->out, "}");
done:
    digicheck_free(failures);
    digicheck_ruleset_free(rs);
    form_free(&f);
}

/* The corpus run's limits: the hits shown, and the seconds it may take
 * (a slow pattern stops with what it found). */
#define CORPUS_HITS    20
#define CORPUS_SECONDS 60

static void put_hit(sbuf *b, const char *file, const digicheck_finding *x)
{
    sbuf_puts(b, "{\"file\":");
    sbuf_json(b, file);
    sbuf_puts(b, ",\"path\":");
    sbuf_json(b, digicheck_finding_path(x));
    sbuf_printf(b, ",\"line\":%ld,\"excerpt\":", digicheck_finding_line(x));
    sbuf_json(b, digicheck_finding_excerpt(x));
    sbuf_puts(b, ",\"match\":");
    sbuf_json(b, digicheck_finding_match(x));
    sbuf_puts(b, "}");
}

/* Checks every draft of the directory with rs; counts the rule's hits. */
static void run_corpus(serve_req *q, const digicheck_ruleset *rs, const char *id)
{
    const char *dir = q->ctx->dir;
    digicheck_checker *c = NULL;
    char **paths;
    size_t n = 0, i, k, hits = 0, shown = 0, files_hit = 0, done_files = 0;
    time_t start = time(NULL);
    sbuf list = { 0 };

    if (!(paths = cli_walk_drafts(dir, &n)) || digicheck_checker_new(&c, rs, NULL) != 0) {
        serve_fail(q, 500, "Der Korpus kann nicht gelesen werden.");
        goto done;
    }
    for (i = 0; i < n && time(NULL) - start < CORPUS_SECONDS; i++, done_files++) {
        digicheck_draft *d = NULL;
        digicheck_report *r = NULL;
        size_t before = hits;
        if (digicheck_draft_load(&d, paths[i], DIGICHECK_FORMAT_AUTO, NULL) == 0 &&
            digicheck_check(c, d, &r, NULL) == 0)
            for (k = 0; k < digicheck_report_count(r); k++) {
                const digicheck_finding *x = digicheck_report_get(r, k);
                if (strcmp(digicheck_finding_rule_id(x), id) != 0)
                    continue;
                if (shown++ < CORPUS_HITS) {
                    sbuf_puts(&list, shown > 1 ? "," : "");
                    put_hit(&list, paths[i] + strlen(dir) + 1, x);
                }
                hits++;
            }
        files_hit += hits > before;
        digicheck_report_free(r);
        digicheck_draft_free(d);
    }
    sbuf_printf(&q->out, "{\"hits\":%zu,\"files_hit\":%zu,\"files\":%zu,\"of\":%zu,"
                "\"complete\":%s,\"first\":[", hits, files_hit, done_files, n,
                done_files == n ? "true" : "false");
    if (list.s)
        sbuf_add(&q->out, list.s, list.len);
    sbuf_puts(&q->out, "]}");
    if (list.failed)
        q->out.failed = 1;
done:
    free(list.s);
    digicheck_checker_free(c);
    cli_walk_free(paths, n);
}

void rule_corpus(serve_req *q)
{
    rule_form f;
    digicheck_ruleset *rs = NULL;
    digicheck_error err;

    if (!q->ctx->dir) {
        serve_fail(q, 400, "Es wird kein Verzeichnis bereitgestellt (digicheck serve DIR).");
        return;
    }
    if (form_read(q, &f) != 0)
        goto done;
    rs = form_load(q, &f, &err);
    if (q->status == 200 && !rs)
        serve_fail(q, 422, "Die Regel ist nicht gültig: %s", err.message);
    else if (rs)
        run_corpus(q, rs, f.v[F_ID]);
done:
    digicheck_ruleset_free(rs);
    form_free(&f);
}

/* Is id fit for a file name (letters, digits, . - _)? */
static int file_id(const char *id)
{
    return *id && *id != '.' && strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789.-_") == strlen(id);
}

/* The user's rule set file: the head, `extends:` the rule set served, and
 * an include of every rule file. */
static int write_user_ruleset(serve_req *q, const char *dir)
{
    rule_form head;
    char path[1200];
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = -1;

    memset(&head, 0, sizeof head);
    if (!d)
        return -1;
    emit_head(&head, "eigene-regeln", "Eigene Regeln (Regelwerkstatt)");
    emit_extends(&head, q->ctx);
    emit(&head, -1, 0, "include:\n");
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0 && e->d_name[0] != '.' &&
            strcmp(e->d_name, "ruleset.yaml") != 0) {
            sbuf_puts(&head.yaml, "  - ");
            sbuf_yaml(&head.yaml, e->d_name);
            sbuf_puts(&head.yaml, "\n");
        }
    }
    closedir(d);
    snprintf(path, sizeof path, "%s/ruleset.yaml", dir);
    if (!head.yaml.failed && serve_write_file(path, head.yaml.s, head.yaml.len) == 0)
        rc = 0;
    free(head.yaml.s);
    free(head.lines);
    return rc;
}

void rule_save(serve_req *q)
{
    rule_form f;
    digicheck_ruleset *rs = NULL, *saved = NULL;
    digicheck_error err;
    char dir[1024], path[1200];

    if (form_read(q, &f) != 0)
        goto done;
    rs = form_load(q, &f, &err);
    if (q->status != 200)
        goto done;
    if (!rs || !file_id(f.v[F_ID])) {
        serve_fail(q, 422, "Die Regel ist nicht gültig: %s",
                   rs ? "die Kennung darf nur Buchstaben, Ziffern, . - _ enthalten" : err.message);
        goto done;
    }
    /* the rule file alone: its `rules:` list, after the head emit_head wrote */
    snprintf(dir, sizeof dir, "%s/regeln", q->ctx->records);
    snprintf(path, sizeof path, "%s/%s.yaml", dir, f.v[F_ID]);
    {
        const char *rules = strstr(f.yaml.s, "\nrules:\n");
        if (!rules || serve_write_file(path, rules + 1, strlen(rules + 1)) != 0 ||
            write_user_ruleset(q, dir) != 0) {
            serve_fail(q, 500, "Die Regel kann nicht gespeichert werden: %s", strerror(errno));
            goto done;
        }
    }
    if (digicheck_ruleset_load(&saved, dir, &err) != DIGICHECK_OK) {
        serve_fail(q, 422, "Das eigene Regelwerk lädt nicht: %s", err.message);
        goto done;
    }
    sbuf_puts(&q->out, "{\"saved\":");
    sbuf_json(&q->out, path);
    sbuf_puts(&q->out, ",\"ruleset\":");
    sbuf_json(&q->out, dir);
    sbuf_printf(&q->out, ",\"rules\":%zu,\"note\":", digicheck_ruleset_rule_count(saved));
    sbuf_json(&q->out, "Das eigene Regelwerk erweitert das geladene (extends) und enthält nur "
                       "die eigenen Regeln; geladen hat es beide (digicheck check -r "
                       "VERZEICHNIS).");
    sbuf_puts(&q->out, "}");
done:
    digicheck_ruleset_free(saved);
    digicheck_ruleset_free(rs);
    form_free(&f);
}

/* What the form offers to choose from: the principles and categories. */
void rule_meta(serve_req *q)
{
    digicheck_report *r = empty_report(q->ctx);
    const char *cat;
    size_t i;

    if (!r) {
        serve_fail(q, 500, "Kein Speicher mehr.");
        return;
    }
    sbuf_puts(&q->out, "{\"principles\":[");
    for (i = 0; i < digicheck_report_principle_count(r); i++) {
        sbuf_puts(&q->out, i ? ",{\"id\":" : "{\"id\":");
        sbuf_json(&q->out, digicheck_report_principle_id(r, i));
        sbuf_puts(&q->out, ",\"title\":");
        sbuf_json(&q->out, digicheck_report_principle_title(r, i));
        sbuf_puts(&q->out, "}");
    }
    sbuf_puts(&q->out, "],\"categories\":[");
    for (i = 0; (cat = digicheck_category(i)) != NULL; i++) {
        sbuf_puts(&q->out, i ? "," : "");
        sbuf_json(&q->out, cat);
    }
    sbuf_puts(&q->out, "]}");
    digicheck_report_free(r);
}
