/*
 * config.c -- the project config `.digicheck.yaml`: where it is found, how
 * it is read, and what its `exclude:` globs match.
 *
 * The nearest file upward from a checked path wins, as with .editorconfig
 * but without merging: a project puts one at its top and a subtree that
 * wants other settings puts its own. The file is read with libyaml's event
 * parser, which gives every value its position; aliases are refused (a
 * config is a few lines, and an alias could make a small file large), the
 * file is capped at 1 MiB, and every key and value is checked before any
 * draft is: a bad config is an error at its line and column with what to
 * do, exit status 2. Each file is read once per run (the cache is keyed by
 * its directory), whatever the number of drafts below it.
 */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "cli.h"
#include "config.h"

#define CONFIG_MAX_BYTES (1L << 20)

const char *const cli_format_names[] = {
    "text", "json", "jsonl", "sarif", "markdown", "documentation", NULL
};
const int cli_format_values[] = {
    DIGICHECK_OUTPUT_TEXT, DIGICHECK_OUTPUT_JSON, DIGICHECK_OUTPUT_JSONL,
    DIGICHECK_OUTPUT_SARIF, DIGICHECK_OUTPUT_MARKDOWN, DIGICHECK_OUTPUT_DOCUMENTATION
};
const char *const cli_level_names[] = { "info", "warning", "error", NULL };
const int cli_level_values[] = {
    DIGICHECK_SEVERITY_INFO, DIGICHECK_SEVERITY_WARNING, DIGICHECK_SEVERITY_ERROR
};
/* What `rules:` may set a rule to. */
static const char *const rule_levels[] = { "off", "info", "warning", "error", NULL };

int cli_name_index(const char *const *names, const char *word)
{
    int i;

    for (i = 0; names[i]; i++)
        if (strcmp(names[i], word) == 0)
            return i;
    return -1;
}

/* "a, b, c or d" of a NULL-terminated list, into buf. */
static const char *either(const char *const *names, char *buf, size_t cap)
{
    size_t len = 0;
    int i;

    buf[0] = '\0';
    for (i = 0; names[i] && len < cap; i++) {
        const char *sep = i == 0 ? "" : names[i + 1] ? ", " : " or ";
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", sep, names[i]);
    }
    return buf;
}

void cli_config_error(const cli_config *c, const cli_value *at, const char *fmt, ...)
{
    va_list ap;
    char msg[1024];

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_escaped(stderr, c->file, strlen(c->file), 0);
    if (at && at->line > 0)
        fprintf(stderr, ":%ld:%ld", at->line, at->column);
    fputs(": ", stderr);
    cli_escaped(stderr, msg, strlen(msg), DIGICHECK_ESCAPE_LINE);
    fputc('\n', stderr);
}

/* ---- reading one file -------------------------------------------------------- */

typedef struct reader {
    yaml_parser_t parser;
    yaml_event_t ev;            /* the current event (type 0: none held) */
    cli_config *c;
} reader;

/* The keys of a config, the shape of their values, and an example of each
 * for the message that says the shape was wrong. */
enum shape { SCALAR, LIST, MAP };
enum { K_RULESETS, K_RULES, K_EXCLUDE, K_ANSWERS, K_FAIL_ON, K_FORMAT };    /* as in keys[] */
static const struct key {
    const char *name;
    enum shape shape;
    const char *example;
} keys[] = {
    { "rulesets", LIST, "rulesets: [digitalcheck, ../regeln]" },
    { "rules", MAP, "rules: {form.schriftform: warning, form.papier-post: off}" },
    { "exclude", LIST, "exclude: [\"alt/**\", \"*.bak.md\"]" },
    { "answers", SCALAR, "answers: antworten.yaml" },
    { "fail-on", SCALAR, "fail-on: warning" },
    { "format", SCALAR, "format: sarif" },
};
#define NKEYS (sizeof keys / sizeof *keys)

static void position(cli_value *v, const yaml_mark_t *m)
{
    v->line = (long)m->line + 1;
    v->column = (long)m->column + 1;
}

/* Reports a problem at the current event; returns EXIT_TROUBLE. */
static int bad(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(reader *r, const char *fmt, ...)
{
    cli_value at = { 0 };
    va_list ap;
    char msg[768];

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    position(&at, &r->ev.start_mark);
    cli_config_error(r->c, &at, "%s", msg);
    return EXIT_TROUBLE;
}

/* Reads the next event into r->ev. Aliases and parser errors are errors. */
static int next(reader *r)
{
    cli_value at = { 0 };

    if (r->ev.type != YAML_NO_EVENT)
        yaml_event_delete(&r->ev);
    if (!yaml_parser_parse(&r->parser, &r->ev)) {
        memset(&r->ev, 0, sizeof r->ev);
        if (r->parser.error == YAML_MEMORY_ERROR) {
            fputs("digicheck: out of memory reading a config\n", stderr);
            return EXIT_TROUBLE;
        }
        position(&at, &r->parser.problem_mark);
        cli_config_error(r->c, &at, "malformed YAML: %s%s%s; fix the syntax",
                         r->parser.problem ? r->parser.problem : "a syntax error",
                         r->parser.context ? " " : "",
                         r->parser.context ? r->parser.context : "");
        return EXIT_TROUBLE;
    }
    if (r->ev.type == YAML_ALIAS_EVENT)
        return bad(r, "aliases (*%s) are not allowed in a project config; write the value out",
                   (const char *)r->ev.data.alias.anchor);
    return 0;
}

static const char *shape_of(yaml_event_type_t t)
{
    return t == YAML_MAPPING_START_EVENT ? "a mapping"
           : t == YAML_SEQUENCE_START_EVENT ? "a list" : "a single value";
}

/* The current event as a scalar value: its text and position. */
static int scalar(reader *r, const char *what, cli_value *v)
{
    const char *s = (const char *)r->ev.data.scalar.value;
    size_t n = r->ev.data.scalar.length;

    if (r->ev.type != YAML_SCALAR_EVENT)
        return bad(r, "%s is a single value, not %s", what, shape_of(r->ev.type));
    if (n == 0 || strlen(s) != n)
        return bad(r, "%s is empty%s; write a value or leave the key out", what,
                   n ? " or holds a NUL byte" : "");
    if (!(v->text = strdup(s))) {
        fputs("digicheck: out of memory reading a config\n", stderr);
        return EXIT_TROUBLE;
    }
    position(v, &r->ev.start_mark);
    return 0;
}

/* Appends an empty value to *v (*n of them); NULL when out of memory. */
static cli_value *grow(cli_value **v, size_t *n)
{
    cli_value *nv = realloc(*v, (*n + 1) * sizeof **v);

    if (!nv) {
        fputs("digicheck: out of memory reading a config\n", stderr);
        return NULL;
    }
    *v = nv;
    memset(&nv[*n], 0, sizeof **v);
    return &nv[(*n)++];
}

/* A list of scalars, the current event its start. */
static int list(reader *r, const char *key, cli_value **v, size_t *n)
{
    int rc;
    cli_value *item;

    while ((rc = next(r)) == 0 && r->ev.type != YAML_SEQUENCE_END_EVENT) {
        if (r->ev.type != YAML_SCALAR_EVENT)
            return bad(r, "an item of '%s' is a single value, not %s", key,
                       shape_of(r->ev.type));
        if (!(item = grow(v, n)) || (rc = scalar(r, "an item", item)))
            return item ? rc : EXIT_TROUBLE;
    }
    return rc;
}

/* `rules:`: rule id to level. The ids are checked once the rule set is
 * loaded (the library knows them). */
static int rules(reader *r)
{
    cli_config *c = r->c;
    struct cli_rule *rule, *v;
    char buf[64];
    int rc;

    while ((rc = next(r)) == 0 && r->ev.type != YAML_MAPPING_END_EVENT) {
        if (!(v = realloc(c->rules, (c->nrules + 1) * sizeof *v))) {
            fputs("digicheck: out of memory reading a config\n", stderr);
            return EXIT_TROUBLE;
        }
        c->rules = v;
        rule = &v[c->nrules++];
        memset(rule, 0, sizeof *rule);
        if ((rc = scalar(r, "a rule id", &rule->id)) || (rc = next(r)) ||
            (rc = scalar(r, "the level of a rule", &rule->level)))
            return rc;
        if (cli_name_index(rule_levels, rule->level.text) < 0)
            return bad(r, "unknown level '%s' for rule '%s'; use %s", rule->level.text,
                       rule->id.text, either(rule_levels, buf, sizeof buf));
    }
    return rc;
}

/* How far a typed word is from a key: the edits that turn one into the
 * other, a swap of two neighbours counting as one ("fromat" is one from
 * "format"), as people mistype keys. Words over 31 bytes are far. */
static size_t typo_distance(const char *a, const char *b)
{
    enum { W = 32 };
    size_t la = strlen(a), lb = strlen(b), i, j, d[W][W];

    if (la >= W || lb >= W)
        return (size_t)-1;
    for (i = 0; i <= la; i++)
        d[i][0] = i;
    for (j = 0; j <= lb; j++)
        d[0][j] = j;
    for (i = 1; i <= la; i++)
        for (j = 1; j <= lb; j++) {
            size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t gap = (d[i - 1][j] < d[i][j - 1] ? d[i - 1][j] : d[i][j - 1]) + 1;
            d[i][j] = sub < gap ? sub : gap;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    return d[la][lb];
}

static int unknown_key(reader *r, const char *word)
{
    size_t i, best = 0, d, bestd = (size_t)-1;
    char known[128] = "";

    for (i = 0; i < NKEYS; i++) {
        if ((d = typo_distance(word, keys[i].name)) < bestd) {
            bestd = d;
            best = i;
        }
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
                 i ? ", " : "", keys[i].name);
    }
    if (bestd <= 3)
        return bad(r, "unknown key '%s'; did you mean '%s'?", word, keys[best].name);
    return bad(r, "unknown key '%s'; a project config knows %s", word, known);
}

/* One key of the top mapping and its value. */
static int entry(reader *r, unsigned *seen)
{
    cli_config *c = r->c;
    const char *word = (const char *)r->ev.data.scalar.value;
    size_t k;
    int rc;

    if (r->ev.type != YAML_SCALAR_EVENT)
        return bad(r, "a key of the config is a word, not %s", shape_of(r->ev.type));
    for (k = 0; k < NKEYS && strcmp(word, keys[k].name) != 0; k++)
        ;
    if (k == NKEYS)
        return unknown_key(r, word);
    if (*seen & (1u << k))
        return bad(r, "'%s' is given twice; keep one", word);
    *seen |= 1u << k;
    word = keys[k].name;        /* the event's text goes with the next event */
    if ((rc = next(r)))
        return rc;
    if ((keys[k].shape == LIST) != (r->ev.type == YAML_SEQUENCE_START_EVENT) ||
        (keys[k].shape == MAP) != (r->ev.type == YAML_MAPPING_START_EVENT))
        return bad(r, "'%s' takes %s, not %s; for example: %s", word,
                   keys[k].shape == LIST ? "a list" : keys[k].shape == MAP ? "a mapping"
                   : "a single value", shape_of(r->ev.type), keys[k].example);
    switch (k) {
    case K_RULESETS:
        if ((rc = list(r, word, &c->rulesets, &c->nrulesets)) == 0 && c->nrulesets == 0)
            return bad(r, "'rulesets' is empty; name a rule set, or leave the key out for the "
                          "default rule set");
        return rc;
    case K_RULES:   return rules(r);
    case K_EXCLUDE: return list(r, word, &c->excludes, &c->nexcludes);
    case K_ANSWERS: return scalar(r, word, &c->answers);
    case K_FAIL_ON: return scalar(r, word, &c->fail_on);
    default:        return scalar(r, word, &c->format);
    }
}

/* The stream: nothing, an empty document, or one mapping. */
static int document(reader *r)
{
    unsigned seen = 0;
    int rc;

    if ((rc = next(r)) || (rc = next(r)))       /* the stream's start, then the document's */
        return rc;
    if (r->ev.type == YAML_STREAM_END_EVENT)
        return 0;
    if ((rc = next(r)))
        return rc;
    if (r->ev.type == YAML_SCALAR_EVENT && r->ev.data.scalar.length == 0)
        ;                                   /* "---" alone: an empty config */
    else if (r->ev.type != YAML_MAPPING_START_EVENT)
        return bad(r, "a project config is a mapping of keys (rulesets:, rules:, exclude:, "
                      "answers:, fail-on:, format:), not %s", shape_of(r->ev.type));
    else
        while ((rc = next(r)) == 0 && r->ev.type != YAML_MAPPING_END_EVENT)
            if ((rc = entry(r, &seen)))
                return rc;
    if (rc || (rc = next(r)) || (rc = next(r)))   /* the document's end, then the stream's */
        return rc;
    if (r->ev.type != YAML_STREAM_END_EVENT)
        return bad(r, "a project config is one YAML document; remove the second");
    return 0;
}

/* The whole file, at most CONFIG_MAX_BYTES; NULL with the reason said. */
static char *slurp(const cli_config *c, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0;

    if (!f) {
        cli_config_error(c, NULL, "cannot read: %s", strerror(errno));
        return NULL;
    }
    if (!(buf = malloc(CONFIG_MAX_BYTES + 1)))
        fputs("digicheck: out of memory reading a config\n", stderr);
    else if ((n = fread(buf, 1, CONFIG_MAX_BYTES + 1, f)) > CONFIG_MAX_BYTES || ferror(f)) {
        if (ferror(f))
            cli_config_error(c, NULL, "cannot read: %s", strerror(errno));
        else
            cli_config_error(c, NULL, "larger than 1 MiB; a project config is a few lines");
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* ---- the values -------------------------------------------------------------- */

/* dir/rel, or rel when it is absolute; NULL when out of memory. */
static char *under(const char *dir, const char *rel)
{
    size_t n = strlen(dir);
    char *p;

    if (rel[0] == '/')
        return strdup(rel);
    if ((p = malloc(n + strlen(rel) + 2)))
        sprintf(p, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", rel);
    return p;
}

/* The paths the values name, each checked to exist: a rule set that is not
 * there or an answers file that is not there is said here, at its place. */
static int resolve(cli_config *c)
{
    struct stat st;
    size_t i;

    for (i = 0; i < c->nrulesets; i++) {
        cli_value *v = &c->rulesets[i];
        if (strcmp(v->text, "digitalcheck") == 0)
            continue;               /* the default rule set, found as without a config */
        if (!(v->path = under(c->dir, v->text)))
            return EXIT_TROUBLE;
        if (stat(v->path, &st) != 0) {
            cli_config_error(c, v, "rule set '%s' not found (%s); name a directory with "
                             "ruleset.yaml or a rule file, relative to the config's "
                             "directory, or 'digitalcheck' for the default rule set",
                             v->text, strerror(errno));
            return EXIT_TROUBLE;
        }
    }
    if (c->answers.text) {
        if (!(c->answers.path = under(c->dir, c->answers.text)))
            return EXIT_TROUBLE;
        if (stat(c->answers.path, &st) != 0 || !S_ISREG(st.st_mode)) {
            cli_config_error(c, &c->answers, "answers file '%s' not found; name a record "
                             "file relative to the config's directory", c->answers.text);
            return EXIT_TROUBLE;
        }
    }
    return 0;
}

/* The fail-on level and the format, checked against the names they may have. */
static int check_names(const cli_config *c)
{
    char buf[128];

    if (c->fail_on.text && cli_name_index(cli_level_names, c->fail_on.text) < 0) {
        cli_config_error(c, &c->fail_on, "unknown level '%s' for fail-on; use %s",
                         c->fail_on.text, either(cli_level_names, buf, sizeof buf));
        return EXIT_TROUBLE;
    }
    if (c->format.text && cli_name_index(cli_format_names, c->format.text) < 0) {
        cli_config_error(c, &c->format, "unknown format '%s'; use %s", c->format.text,
                         either(cli_format_names, buf, sizeof buf));
        return EXIT_TROUBLE;
    }
    return 0;
}

static void values_free(cli_value *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(v[i].text);
        free(v[i].path);
    }
    free(v);
}

static void config_free(cli_config *c)
{
    size_t i;

    if (!c)
        return;
    free(c->file);
    free(c->dir);
    values_free(c->rulesets, c->nrulesets);
    for (i = 0; i < c->nrules; i++) {
        free(c->rules[i].id.text);
        free(c->rules[i].level.text);
    }
    free(c->rules);
    values_free(c->excludes, c->nexcludes);
    free(c->answers.text);
    free(c->answers.path);
    free(c->fail_on.text);
    free(c->format.text);
    free(c);
}

/* The file as messages name it: below the current directory relative to
 * it, else absolute. */
static char *shown(const char *abs)
{
    char cwd[PATH_MAX];
    size_t n;

    if (getcwd(cwd, sizeof cwd) && (n = strlen(cwd)) > 0 && strncmp(abs, cwd, n) == 0 &&
        abs[n] == '/')
        return strdup(abs + n + (n > 1));
    return strdup(abs);
}

/* Reads dir/.digicheck.yaml (dir absolute). */
static int config_read(const char *dir, cli_config **out)
{
    cli_config *c = calloc(1, sizeof *c);
    char *text = NULL, *path = NULL;
    size_t len = 0;
    reader r;
    int rc = EXIT_TROUBLE;

    memset(&r, 0, sizeof r);
    if (!c || !(c->dir = strdup(dir)) || !(path = under(dir, CLI_CONFIG_NAME)) ||
        !(c->file = shown(path))) {
        fputs("digicheck: out of memory reading a config\n", stderr);
        goto done;
    }
    r.c = c;
    if (!(text = slurp(c, path, &len)) || !yaml_parser_initialize(&r.parser))
        goto done;
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    rc = document(&r);
    if (r.ev.type != YAML_NO_EVENT)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.parser);
    if (rc == 0 && (rc = resolve(c)) == 0)
        rc = check_names(c);
done:
    free(text);
    free(path);
    if (rc) {
        config_free(c);
        c = NULL;
    }
    *out = c;
    return rc;
}

/* ---- the search -------------------------------------------------------------- */

/* A directory asked about: the config in effect there (NULL: none). */
typedef struct place {
    char *dir;
    const cli_config *config;
} place;

struct cli_configs {
    int disabled;
    cli_config **read;          /* every file read, each once */
    size_t nread;
    place *places;              /* the answers of the search so far */
    size_t nplaces, cap;
};

cli_configs *cli_configs_new(int disabled)
{
    cli_configs *cs = calloc(1, sizeof *cs);

    if (cs)
        cs->disabled = disabled;
    return cs;
}

void cli_configs_free(cli_configs *cs)
{
    size_t i;

    if (!cs)
        return;
    for (i = 0; i < cs->nread; i++)
        config_free(cs->read[i]);
    for (i = 0; i < cs->nplaces; i++)
        free(cs->places[i].dir);
    free(cs->read);
    free(cs->places);
    free(cs);
}

static const place *known(const cli_configs *cs, const char *dir)
{
    size_t i;

    for (i = cs->nplaces; i-- > 0;)         /* the latest first: a walk asks in turn */
        if (strcmp(cs->places[i].dir, dir) == 0)
            return &cs->places[i];
    return NULL;
}

static int remember(cli_configs *cs, const char *dir, const cli_config *c)
{
    if (cs->nplaces == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 16;
        place *p = realloc(cs->places, cap * sizeof *p);
        if (!p)
            return -1;
        cs->places = p;
        cs->cap = cap;
    }
    if (!(cs->places[cs->nplaces].dir = strdup(dir)))
        return -1;
    cs->places[cs->nplaces++].config = c;
    return 0;
}

/* The config of absolute dir itself: read (once) if dir has one, else
 * NULL in *out. */
static int own(cli_configs *cs, const char *dir, const cli_config **out)
{
    struct stat st;
    cli_config *c, **v;
    char *path = under(dir, CLI_CONFIG_NAME);
    size_t i;
    int there, rc;

    if (!path)
        return EXIT_TROUBLE;
    there = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    *out = NULL;
    for (i = 0; there && i < cs->nread; i++)
        if (strcmp(cs->read[i]->dir, dir) == 0) {
            *out = cs->read[i];
            return 0;
        }
    if (!there)
        return 0;
    if ((rc = config_read(dir, &c)))
        return rc;
    if (!(v = realloc(cs->read, (cs->nread + 1) * sizeof *v))) {
        config_free(c);
        return EXIT_TROUBLE;
    }
    cs->read = v;
    cs->read[cs->nread++] = c;
    *out = c;
    return 0;
}

/* The nearest config from absolute dir upward; each directory asked once. */
static int search(cli_configs *cs, char *dir, const cli_config **out)
{
    const place *p = known(cs, dir);
    char *slash;
    int rc;

    if (p) {
        *out = p->config;
        return 0;
    }
    if ((rc = own(cs, dir, out)))
        return rc;
    if (!*out && (slash = strrchr(dir, '/')) != NULL && dir[1]) {
        char keep = slash[slash == dir];
        slash[slash == dir] = '\0';         /* the parent; "/" stays "/" */
        rc = search(cs, dir, out);
        slash[slash == dir] = keep;
        if (rc)
            return rc;
    }
    return remember(cs, dir, *out) ? EXIT_TROUBLE : 0;
}

int cli_configs_find(cli_configs *cs, const char *dir, const cli_config **out)
{
    char abs[PATH_MAX], up[PATH_MAX];
    char *slash;

    *out = NULL;
    if (cs->disabled)
        return 0;
    /* a directory that is not there: its nearest one that is (the draft is
     * said to be unreadable where it is checked, under the config it names) */
    snprintf(up, sizeof up, "%s", dir);
    while (!realpath(up, abs)) {
        if ((slash = strrchr(up, '/')) == NULL)
            snprintf(up, sizeof up, ".");
        else if (slash == up)
            up[1] = '\0';
        else
            *slash = '\0';
        if (strcmp(up, ".") == 0 && !realpath(up, abs))
            return 0;
    }
    return search(cs, abs, out);
}

int cli_configs_enter(cli_configs *cs, const char *dir, const cli_config *parent,
                      const cli_config **out)
{
    char abs[PATH_MAX];
    int rc;

    *out = parent;
    if (cs->disabled || !realpath(dir, abs))
        return 0;
    if ((rc = own(cs, abs, out)))
        return rc;
    if (!*out)
        *out = parent;
    return 0;
}

int cli_configs_for_path(cli_configs *cs, const char *path, const cli_config **out)
{
    struct stat st;
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];

    if (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return cli_configs_find(cs, strcmp(path, "-") == 0 ? "." : path, out);
    if (!slash)
        return cli_configs_find(cs, ".", out);
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) + (slash == path), path);
    return cli_configs_find(cs, dir, out);
}

/* ---- exclude ----------------------------------------------------------------- */

/* The end of the segment that starts at p (before e): its '/' or e. */
static const char *seg_end(const char *p, const char *e)
{
    const char *slash = memchr(p, '/', (size_t)(e - p));

    return slash ? slash : e;
}

static int is_stars(const char *p, const char *pe)
{
    return pe - p == 2 && p[0] == '*' && p[1] == '*';
}

/* Does the glob segment p[0..pe) match the path segment s[0..se)? */
static int seg_match(const char *p, const char *pe, const char *s, const char *se)
{
    char seg[NAME_MAX + 1], name[NAME_MAX + 1];

    if (pe - p > NAME_MAX || se - s > NAME_MAX)
        return 0;
    memcpy(seg, p, (size_t)(pe - p));
    seg[pe - p] = '\0';
    memcpy(name, s, (size_t)(se - s));
    name[se - s] = '\0';
    return fnmatch(seg, name, FNM_PERIOD) == 0;
}

/* Does the glob p[0..plen) match the path s[0..slen), segment by segment,
 * '**' any number of them (none too: alt followed by '**' takes alt)? A trailing
 * slash of the glob is left out. Segments are matched as a wildcard matches
 * characters, going back only to the last '**': at most a glob segment per
 * path segment, however many '**' the glob holds. */
static int glob(const char *p, size_t plen, const char *s, size_t slen)
{
    const char *pend = p + plen, *send = s + slen, *star = NULL, *star_s = NULL;

    if (plen > 1 && p[plen - 1] == '/')
        pend--;
    while (s < send) {
        const char *pe = p < pend ? seg_end(p, pend) : p, *se = seg_end(s, send);
        if (p < pend && is_stars(p, pe)) {
            star = p = pe < pend ? pe + 1 : pend;   /* '**' as no segment first */
            star_s = s;
            continue;
        }
        if (p < pend && seg_match(p, pe, s, se)) {
            p = pe < pend ? pe + 1 : pend;
            s = se < send ? se + 1 : send;
            continue;
        }
        if (!star)
            return 0;
        se = seg_end(star_s, send);                 /* '**' takes one segment more */
        star_s = s = se < send ? se + 1 : send;
        p = star;
    }
    while (p < pend && is_stars(p, seg_end(p, pend)))
        p = seg_end(p, pend) < pend ? seg_end(p, pend) + 1 : pend;
    return p >= pend;
}

const char *cli_config_excluded(const cli_config *c, const char *rel)
{
    const char *name = strrchr(rel, '/');
    size_t i;

    name = name ? name + 1 : rel;
    for (i = 0; c && i < c->nexcludes; i++) {
        const char *p = c->excludes[i].text;
        if (strchr(p, '/') ? glob(p + (p[0] == '/'), strlen(p) - (p[0] == '/'), rel,
                                  strlen(rel))
                           : fnmatch(p, name, FNM_PERIOD) == 0)
            return p;
    }
    return NULL;
}
