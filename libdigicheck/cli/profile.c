/*
 * profile.c -- what a draft is checked with: its config's values and the
 * command line's, merged per key (a flag given wins over the file), the
 * rule sets loaded and their rules re-leveled, the answers read; where the
 * default rule set is found; and `digicheck config`, which shows all of it
 * with where each value came from.
 *
 * A run builds one profile per config it met, the first time a draft needs
 * it. Rule sets are loaded once per distinct list of rule sets and levels,
 * so subtrees whose configs differ only in answers, excludes or fail-on
 * share one rule set (and can share one JSON or SARIF document).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "serve.h"

/* ---- the default rule set ------------------------------------------------------ */

/* Is dir/rel/digicheck/rules/digitalcheck a directory? Then it is in buf;
 * else it is added to the list of places tried. */
static int found(char *buf, size_t cap, const char *dir, const char *rel, char *tried,
                 size_t tcap)
{
    size_t t = strlen(tried);
    struct stat st;

    snprintf(buf, cap, "%s%s%s/rules/digitalcheck", dir, *dir ? "/" : "", rel);
    if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
        return 1;
    snprintf(tried + t, tcap - t, "%s%s", t ? ", " : "", buf);
    return 0;
}

/* The default rule set: $DIGICHECK_RULESET, rules/digitalcheck beside the
 * program's directory (the build tree), the installed one found from the
 * program's directory, the installed one where the build meant it to be. */
static const char *default_ruleset(char *buf, size_t cap, char *tried, size_t tcap)
{
    const char *env = getenv("DIGICHECK_RULESET");
    char exe[PATH_MAX];
    ssize_t n;

    if (env && *env)
        return env;
    tried[0] = '\0';
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')) != NULL) {
            *slash = '\0';
            if (found(buf, cap, exe, "..", tried, tcap) ||
                found(buf, cap, exe, DIGICHECK_DATADIR_FROM_BIN "/digicheck", tried, tcap))
                return buf;
        }
    }
    return found(buf, cap, "", DIGICHECK_DATADIR "/digicheck", tried, tcap) ? buf : NULL;
}

/* The default rule set's path into buf (PATH_MAX + 64), or NULL said on stderr. */
static const char *default_path(char *buf)
{
    char tried[3 * PATH_MAX + 192];
    const char *path = default_ruleset(buf, PATH_MAX + 64, tried, sizeof tried);

    if (!path)
        fprintf(stderr, "digicheck: no default rule set found (looked in %s); name one with "
                        "-r or set DIGICHECK_RULESET\n", tried);
    return path;
}

void cli_ruleset_path_default(void)
{
    char buf[PATH_MAX + 64], dir[PATH_MAX + 64], tried[3 * PATH_MAX + 192], *slash;
    const char *env = getenv("DIGICHECK_RULESET_PATH"), *found;

    if ((env && *env) || !(found = default_ruleset(buf, sizeof buf, tried, sizeof tried)) ||
        (size_t)snprintf(dir, sizeof dir, "%s", found) >= sizeof dir)
        return;
    for (slash = dir + strlen(dir); slash > dir + 1 && slash[-1] == '/'; )
        *--slash = '\0';       /* "rules/digitalcheck/" names the same directory */
    if (!(slash = strrchr(dir, '/')) || slash == dir)
        return;
    *slash = '\0';             /* the directory that holds the default rule set */
    setenv("DIGICHECK_RULESET_PATH", dir, 1);
}

int cli_load_ruleset(const char *path, digicheck_ruleset **rs)
{
    char buf[PATH_MAX + 64];
    digicheck_error err;

    if (!path && !(path = default_path(buf)))
        return EXIT_TROUBLE;
    if (digicheck_ruleset_load(rs, path, &err) != DIGICHECK_OK) {
        cli_print_error(path, &err);
        return EXIT_TROUBLE;
    }
    return 0;
}

/* ---- which value wins ------------------------------------------------------------ */

/* The rule sets of a profile: -r, else `rulesets:`, else the default. */
typedef struct chosen {
    const char **paths;         /* NULL entries: the default rule set */
    const cli_value **at;       /* where each was named in the config (NULL: not there) */
    size_t n;
} chosen;

static int choose_rulesets(const cli_flags *fl, const cli_config *c, chosen *ch)
{
    size_t i, n = fl->nrulesets ? fl->nrulesets : c && c->nrulesets ? c->nrulesets : 1;

    ch->paths = calloc(n, sizeof *ch->paths);
    ch->at = calloc(n, sizeof *ch->at);
    ch->n = n;
    if (!ch->paths || !ch->at)
        return -1;
    for (i = 0; i < n; i++) {
        if (fl->nrulesets) {
            ch->paths[i] = fl->rulesets[i];
        } else if (c && c->nrulesets) {
            ch->paths[i] = c->rulesets[i].path;
            ch->at[i] = &c->rulesets[i];
        }
    }
    return 0;
}

static void chosen_free(chosen *ch)
{
    free(ch->paths);
    free(ch->at);
}

/* ---- profiles -------------------------------------------------------------------- */

/* A rule set loaded for the profiles with the same key: the paths of its
 * rule sets and the levels set on it. */
typedef struct loaded {
    char *key;
    digicheck_ruleset *rs;
} loaded;

typedef struct entry {
    cli_profile p;
    digicheck_record *answers;
} entry;

struct cli_profiles {
    const cli_flags *flags;
    entry *v;
    size_t n;
    loaded *sets;
    size_t nsets;
};

cli_profiles *cli_profiles_new(const cli_flags *flags)
{
    cli_profiles *ps = calloc(1, sizeof *ps);

    if (ps)
        ps->flags = flags;
    return ps;
}

void cli_profiles_free(cli_profiles *ps)
{
    size_t i;

    if (!ps)
        return;
    for (i = 0; i < ps->n; i++)
        digicheck_record_free(ps->v[i].answers);
    for (i = 0; i < ps->nsets; i++) {
        free(ps->sets[i].key);
        digicheck_ruleset_free(ps->sets[i].rs);
    }
    free(ps->v);
    free(ps->sets);
    free(ps);
}

size_t cli_profiles_count(const cli_profiles *ps)
{
    return ps->n;
}

const cli_profile *cli_profiles_at(const cli_profiles *ps, size_t i)
{
    return &ps->v[i].p;
}

/* The key of a rule set: its paths, then the levels set. */
static char *set_key(const chosen *ch, const cli_config *c)
{
    sbuf b = { 0 };
    size_t i;

    for (i = 0; i < ch->n; i++)
        sbuf_printf(&b, "%s\n", ch->paths[i] ? ch->paths[i] : "\001default");
    for (i = 0; c && i < c->nrules; i++)
        sbuf_printf(&b, "\002%s=%s\n", c->rules[i].id.text, c->rules[i].level.text);
    sbuf_puts(&b, "");
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* Loads the rule sets chosen, combined into one (the default rule set
 * where none is named). */
static int load_chosen(const chosen *ch, const cli_config *c, digicheck_ruleset **rs)
{
    char buf[PATH_MAX + 64];
    const char *def = NULL;
    digicheck_error err;
    size_t i;
    int rc = 0;

    for (i = 0; i < ch->n && rc == 0; i++)
        if (!ch->paths[i] && !def && !(def = default_path(buf)))
            rc = EXIT_TROUBLE;
    for (i = 0; i < ch->n && rc == 0; i++)
        if (!ch->paths[i])
            ch->paths[i] = def;
    if (rc == 0 && digicheck_ruleset_load_many(rs, ch->paths, ch->n, &err) != DIGICHECK_OK) {
        cli_print_error(ch->n == 1 ? ch->paths[0] : "digicheck", &err);
        rc = EXIT_TROUBLE;
    }
    for (i = 0; rc == EXIT_TROUBLE && i < ch->n; i++)
        if (ch->at[i])
            cli_config_error(c, ch->at[i], "the rule set named here does not load");
    return rc;
}

/* `rules:`: each rule set to its level; the library's error (an unknown id
 * with the nearest one) is said at the id's place in the config. */
static int set_levels(const cli_config *c, digicheck_ruleset *rs)
{
    digicheck_error err;
    size_t i;

    for (i = 0; c && i < c->nrules; i++)
        if (digicheck_ruleset_set_level(rs, c->rules[i].id.text, c->rules[i].level.text,
                                        &err) != DIGICHECK_OK) {
            cli_config_error(c, &c->rules[i].id, "%s", err.message);
            return EXIT_TROUBLE;
        }
    return 0;
}

/* The rule set of a profile: loaded once per key. */
static int ruleset_of(cli_profiles *ps, const cli_config *c, digicheck_ruleset **out)
{
    chosen ch = { 0 };
    char *key = NULL;
    loaded *v;
    size_t i;
    int rc = EXIT_TROUBLE;

    if (choose_rulesets(ps->flags, c, &ch) || !(key = set_key(&ch, c))) {
        fputs("digicheck: out of memory\n", stderr);
        goto done;
    }
    for (i = 0; i < ps->nsets; i++)
        if (strcmp(ps->sets[i].key, key) == 0) {
            *out = ps->sets[i].rs;
            rc = 0;
            goto done;
        }
    if (!(v = realloc(ps->sets, (ps->nsets + 1) * sizeof *v))) {
        fputs("digicheck: out of memory\n", stderr);
        goto done;
    }
    ps->sets = v;
    if ((rc = load_chosen(&ch, c, out)) == 0 && (rc = set_levels(c, *out)) != 0)
        digicheck_ruleset_free(*out);
    if (rc == 0) {
        v[ps->nsets].key = key;
        v[ps->nsets++].rs = *out;
        key = NULL;
    }
done:
    free(key);
    chosen_free(&ch);
    return rc;
}

/* --answers, else `answers:`, read against the profile's rule set. */
static int answers_of(const cli_flags *fl, const cli_config *c, const digicheck_ruleset *rs,
                      digicheck_record **out)
{
    const char *path = fl->answers ? fl->answers : c && c->answers.path ? c->answers.path
                       : NULL;
    digicheck_error err;

    *out = NULL;
    if (!path || digicheck_record_load(out, rs, path, &err) == DIGICHECK_OK)
        return 0;
    cli_print_error(path, &err);
    return EXIT_TROUBLE;
}

/* A word of the command line, else of the config, else the default, as a value. */
static int word_of(const char *flag, const cli_value *in_config, const char *const *names,
                   const int *values, int fallback)
{
    const char *w = flag ? flag : in_config->text;
    int i = w ? cli_name_index(names, w) : -1;

    return i >= 0 ? values[i] : fallback;
}

int cli_profiles_get(cli_profiles *ps, const cli_config *c, size_t *index)
{
    static const cli_value none = { 0 };
    digicheck_ruleset *rs = NULL;
    entry e, *v;
    size_t i;
    int rc;

    for (i = 0; i < ps->n; i++)
        if (ps->v[i].p.config == c) {
            *index = i;
            return 0;
        }
    memset(&e, 0, sizeof e);
    if ((rc = ruleset_of(ps, c, &rs)) || (rc = answers_of(ps->flags, c, rs, &e.answers)))
        return rc;
    e.p.config = c;
    e.p.rs = rs;
    e.p.answers = e.answers;
    e.p.fail_on = word_of(ps->flags->fail_on, c ? &c->fail_on : &none, cli_level_names,
                          cli_level_values, DIGICHECK_SEVERITY_ERROR);
    e.p.output = word_of(ps->flags->format, c ? &c->format : &none, cli_format_names,
                         cli_format_values, DIGICHECK_OUTPUT_TEXT);
    if (!(v = realloc(ps->v, (ps->n + 1) * sizeof *v))) {
        digicheck_record_free(e.answers);
        fputs("digicheck: out of memory\n", stderr);
        return EXIT_TROUBLE;
    }
    ps->v = v;
    v[ps->n] = e;
    *index = ps->n++;
    return 0;
}

/* ---- digicheck config --------------------------------------------------------------- */

/* Where a value came from, as `digicheck config` says it. */
static const char *source(char *buf, size_t cap, const cli_config *c, const cli_value *at)
{
    snprintf(buf, cap, "%s:%ld:%ld", c->file, at->line, at->column);
    return buf;
}

/* One line of the text, or one member of a JSON list or object. */
typedef struct shower {
    sbuf b;
    int json;
    int items;                  /* JSON: members written in the current list */
} shower;

static void show(shower *s, const char *key, const char *value, const char *extra,
                 const char *from)
{
    if (!s->json) {
        sbuf_printf(&s->b, "%-9s %s%s%s  (%s)\n", key, value, extra ? " " : "",
                    extra ? extra : "", from);
        return;
    }
    sbuf_puts(&s->b, s->items++ ? ",{\"value\":" : "{\"value\":");
    sbuf_json(&s->b, value);
    if (extra) {
        sbuf_puts(&s->b, strcmp(key, "rules:") == 0 ? ",\"level\":" : ",\"path\":");
        sbuf_json(&s->b, extra);
    }
    sbuf_puts(&s->b, ",\"source\":");
    sbuf_json(&s->b, from);
    sbuf_puts(&s->b, "}");
}

/* JSON: a key and the start of its list ("[") or of its one value (""). */
static void open_key(shower *s, const char *key, int is_list)
{
    if (s->json)
        sbuf_printf(&s->b, ",\"%s\":%s", key, is_list ? "[" : "");
    s->items = 0;
}

static void close_key(shower *s, int is_list)
{
    if (s->json && is_list)
        sbuf_puts(&s->b, "]");
}

static void show_rulesets(shower *s, const cli_flags *fl, const cli_config *c)
{
    char buf[PATH_MAX + 64], from[PATH_MAX + 48];
    const char *env = getenv("DIGICHECK_RULESET");
    size_t i;

    open_key(s, "rulesets", 1);
    for (i = 0; i < fl->nrulesets; i++)
        show(s, "rulesets:", fl->rulesets[i], NULL, "command line");
    for (i = 0; !fl->nrulesets && c && i < c->nrulesets; i++) {
        const cli_value *v = &c->rulesets[i];
        show(s, "rulesets:", v->text, v->path ? NULL : default_path(buf),
             source(from, sizeof from, c, v));
    }
    if (!fl->nrulesets && !(c && c->nrulesets))
        show(s, "rulesets:", "digitalcheck", default_path(buf),
             env && *env ? "environment DIGICHECK_RULESET" : "default");
    close_key(s, 1);
}

static void show_lists(shower *s, const cli_flags *fl, const cli_config *c)
{
    char from[PATH_MAX + 48];
    size_t i;

    open_key(s, "rules", 1);
    for (i = 0; c && i < c->nrules; i++)
        show(s, "rules:", c->rules[i].id.text, c->rules[i].level.text,
             source(from, sizeof from, c, &c->rules[i].id));
    close_key(s, 1);
    open_key(s, "exclude", 1);
    for (i = 0; c && i < c->nexcludes; i++)
        show(s, "exclude:", c->excludes[i].text, NULL,
             source(from, sizeof from, c, &c->excludes[i]));
    for (i = 0; i < fl->nexcludes; i++)
        show(s, "exclude:", fl->excludes[i], NULL, "command line");
    close_key(s, 1);
}

/* A key of one value: the flag, else the config's, else the default. */
static void show_word(shower *s, const char *key, const char *flag, const cli_config *c,
                      const cli_value *v, const char *fallback)
{
    char from[PATH_MAX + 48], label[32];

    snprintf(label, sizeof label, "%s:", key);
    open_key(s, key, 0);
    if (flag)
        show(s, label, flag, NULL, "command line");
    else if (v && v->text)
        show(s, label, v->text, NULL, source(from, sizeof from, c, v));
    else if (fallback)
        show(s, label, fallback, NULL, "default");
    else if (s->json)
        sbuf_puts(&s->b, "null");
    else
        show(s, label, "none", NULL, "default");
}

static void show_all(shower *s, const cli_flags *fl, const cli_config *c, const char *none)
{
    if (s->json) {
        sbuf_puts(&s->b, "{\"config\":");
        sbuf_json(&s->b, c ? c->file : NULL);
    } else {
        sbuf_printf(&s->b, "%-9s %s\n", "config:", c ? c->file : none);
    }
    show_rulesets(s, fl, c);
    show_lists(s, fl, c);
    show_word(s, "answers", fl->answers, c, c ? &c->answers : NULL, NULL);
    show_word(s, "fail-on", fl->fail_on, c, c ? &c->fail_on : NULL, "error");
    show_word(s, "format", fl->format, c, c ? &c->format : NULL, "text");
    if (s->json)
        sbuf_puts(&s->b, "}\n");
}

int cli_config_show(const char *path, const cli_flags *flags, int no_config, int json)
{
    cli_configs *cs = cli_configs_new(no_config);
    cli_profiles *ps = cli_profiles_new(flags);
    const cli_config *c = NULL;
    shower s;
    size_t i;
    int rc = EXIT_TROUBLE;

    memset(&s, 0, sizeof s);
    s.json = json;
    if (!cs || !ps) {
        fputs("digicheck: out of memory\n", stderr);
        goto done;
    }
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "digicheck: config: cannot open '%s': %s\n", path, strerror(errno));
        goto done;
    }
    /* the profile is built as `check` builds it, so what it refuses is said here too */
    if ((rc = cli_configs_for_path(cs, path, &c)) || (rc = cli_profiles_get(ps, c, &i)))
        goto done;
    show_all(&s, flags, c, no_config ? "none (--no-config)" : "none (no " CLI_CONFIG_NAME
             " here or above)");
    if (s.b.failed) {
        fputs("digicheck: out of memory\n", stderr);
        rc = EXIT_TROUBLE;
    } else {
        cli_write(stdout, s.b.s, s.b.len);
    }
done:
    free(s.b.s);
    cli_profiles_free(ps);
    cli_configs_free(cs);
    return rc;
}
