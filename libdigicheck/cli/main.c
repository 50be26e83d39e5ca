/*
 * main.c -- the `digicheck` command: its sub-commands and their options.
 * The help texts are help.c's; the project config, which `check`, `config`,
 * `document` and `annotate` read, is config.c's, and what a draft is
 * checked with (a flag given wins over the config, key by key) and where
 * the default rule set is found are profile.c's.
 *
 *     digicheck check [-r RULESET] [-f FORMAT] [-j N] [--answers FILE] [--color WHEN] [-q]
 *                     [--severity LEVEL] [--category NAME]... [--rule ID]... [--statistics]
 *                     [--fail-on LEVEL] [--fail-on-open-questions]
 *                     [--exclude GLOB]... [-v] [--keep-going]
 *                     [--progress|--no-progress] [--no-config] [PATH... | -]
 *     digicheck config [-r RULESET]... [-f FORMAT] [--no-config] [PATH]
 *     digicheck test [RULESET]
 *     digicheck rules [-f text|json|markdown] [RULESET]
 *     digicheck explain [-r RULESET] [-f text|json|markdown] RULE
 *     digicheck document [-r RULESET] [-f markdown|html|odt] [--answers FILE] [-o FILE] DRAFT
 *     digicheck serve [-r RULESET] [--port N] [--records DIR] [DIR]
 *
 * Options may stand anywhere among the operands ("--" ends them); a value
 * follows its option as the next word, attached ("-j2") or after "="
 * ("--jobs=2"). Usage errors say what is wrong and point at --help.
 *
 * Standard output is checked when the command ends: a full disk or a
 * closed pipe is said on stderr and makes the exit status 2, whatever the
 * command, so no write failure passes for success.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

/* ---- standard output ------------------------------------------------------- */

/* The cause of the first failed write: errno at that moment, as later calls
 * may change it and the stream drops what it could not write. Only the main
 * thread writes the output. */
static int write_errno;

int cli_write(FILE *f, const char *s, size_t len)
{
    if (len == 0 || fwrite(s, 1, len, f) == len)
        return 0;
    if (!write_errno)
        write_errno = errno ? errno : EIO;
    return -1;
}

static void out(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    if (n < 0 && !write_errno)
        write_errno = errno ? errno : EIO;
}

/* Flushes and closes standard output at the end of every command. */
static int close_stdout(int rc)
{
    int failed, cause = write_errno;

    errno = 0;
    failed = fflush(stdout) != 0;
    if (failed && !cause)
        cause = errno;
    failed |= ferror(stdout) != 0 || write_errno != 0;
    if (fclose(stdout) != 0 && !failed) {
        failed = 1;
        cause = errno;
    }
    if (!failed)
        return rc;
    if (cause)
        fprintf(stderr, "digicheck: could not write to standard output: %s\n", strerror(cause));
    else
        fprintf(stderr, "digicheck: could not write to standard output\n");
    return EXIT_TROUBLE;
}

void cli_escaped(FILE *f, const char *s, size_t len, int flags)
{
    char *e = NULL;
    size_t n = 0;

    if (digicheck_escape(s, len, flags, &e, &n) == DIGICHECK_OK)
        fwrite(e, 1, n, f);
    else
        fputs("\xEF\xBF\xBD", f);   /* out of memory: U+FFFD, never the raw bytes */
    digicheck_free(e);
}

void cli_print_error(const char *what, const digicheck_error *err)
{
    const char *src = err->source[0] ? err->source : what;

    cli_escaped(stderr, src, strlen(src), 0);
    if (err->line > 0)
        fprintf(stderr, ":%ld:%ld", err->line, err->column);
    fputs(": ", stderr);
    cli_escaped(stderr, err->message, strlen(err->message), DIGICHECK_ESCAPE_LINE);
    fputc('\n', stderr);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "digicheck: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'digicheck --help'.\n");
    return EXIT_TROUBLE;
}

/* ---- options ---------------------------------------------------------------- */

typedef struct opts {
    const char **rulesets;      /* -r, in the order given: combined */
    int nrulesets;
    int no_config;              /* --no-config, or DIGICHECK_NO_CONFIG set */
    const char *format, *answers, *fail_on, *jobs, *color, *severity, *output;
    const char *port, *records;     /* serve */
    const char *max_results;    /* --max-results N */
    const char *baseline, *write_baseline;  /* --baseline FILE, --write-baseline FILE */
    int progress;               /* -1 auto */
    int quiet;                  /* -q: the finding lines only */
    int fail_on_open;           /* --fail-on-open-questions */
    int show_justified;         /* --show-justified */
    int help, verbose, keep_going;
    char **args;                /* operands */
    int nargs;
    const char **excludes;      /* --exclude, in the order given */
    int nexcludes;
    const char **categories, **rules;   /* --category, --rule */
    int ncategories, nrules;
    int statistics;             /* --statistics */
} opts;

/* Does argv[*i] name the option (short "-x" or long "--name")? Then its
 * value goes to *val (from "-xV", "--name=V" or the next word). */
static int take(int argc, char **argv, int *i, char s, const char *l, const char **val,
                int *bad)
{
    const char *a = argv[*i];
    size_t n = strlen(l);

    if (s && a[0] == '-' && a[1] == s) {
        if (a[2]) {
            *val = a + 2;
            return 1;
        }
    } else if (strncmp(a, "--", 2) == 0 && strncmp(a + 2, l, n) == 0 &&
               (a[2 + n] == '\0' || a[2 + n] == '=')) {
        if (a[2 + n] == '=') {
            *val = a + 3 + n;
            return 1;
        }
    } else {
        return 0;
    }
    if (*i + 1 >= argc) {
        *bad = 1;
        usage_error("option '%s' needs a value", a);
        return 1;
    }
    *val = argv[++*i];
    return 1;
}

/* Parses the options of a command; `allowed` lists its option letters. */
static int parse(int argc, char **argv, const char *allowed, opts *o)
{
    int i, bad = 0, done = 0;

    memset(o, 0, sizeof *o);
    o->progress = -1;
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    o->excludes = calloc((size_t)argc + 1, sizeof *o->excludes);
    o->categories = calloc((size_t)argc + 1, sizeof *o->categories);
    o->rules = calloc((size_t)argc + 1, sizeof *o->rules);
    o->rulesets = calloc((size_t)argc + 1, sizeof *o->rulesets);
    o->no_config = getenv("DIGICHECK_NO_CONFIG") && *getenv("DIGICHECK_NO_CONFIG");
    if (!o->args || !o->excludes || !o->categories || !o->rules || !o->rulesets)
        return usage_error("%s", "out of memory");
    for (i = 0; i < argc && !bad; i++) {
        const char *a = argv[i];
        if (done || a[0] != '-' || strcmp(a, "-") == 0) {
            o->args[o->nargs++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            done = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            o->help = 1;
        } else if (strchr(allowed, 'r') &&
                   take(argc, argv, &i, 'r', "ruleset", &o->rulesets[o->nrulesets], &bad)) {
            o->nrulesets += !bad;
        } else if (strchr(allowed, 'n') && strcmp(a, "--no-config") == 0) {
            o->no_config = 1;
        } else if (strchr(allowed, 'f') && take(argc, argv, &i, 'f', "format", &o->format, &bad)) {
        } else if (strchr(allowed, 'j') && take(argc, argv, &i, 'j', "jobs", &o->jobs, &bad)) {
        } else if (strchr(allowed, 'o') && take(argc, argv, &i, 'o', "output", &o->output, &bad)) {
        } else if (strchr(allowed, 'a') && take(argc, argv, &i, 0, "answers", &o->answers, &bad)) {
        } else if (strchr(allowed, 'P') && take(argc, argv, &i, 0, "port", &o->port, &bad)) {
        } else if (strchr(allowed, 'R') && take(argc, argv, &i, 0, "records", &o->records, &bad)) {
        } else if (strchr(allowed, 'F') && take(argc, argv, &i, 0, "fail-on", &o->fail_on, &bad)) {
        } else if (strchr(allowed, 'c') && take(argc, argv, &i, 0, "color", &o->color, &bad)) {
        } else if (strchr(allowed, 's') &&
                   take(argc, argv, &i, 0, "severity", &o->severity, &bad)) {
        } else if (strchr(allowed, 's') &&
                   take(argc, argv, &i, 0, "category", &o->categories[o->ncategories], &bad)) {
            o->ncategories += !bad;
        } else if (strchr(allowed, 's') &&
                   take(argc, argv, &i, 0, "rule", &o->rules[o->nrules], &bad)) {
            o->nrules += !bad;
        } else if (strchr(allowed, 's') && strcmp(a, "--statistics") == 0) {
            o->statistics = 1;
        } else if (strchr(allowed, 's') &&
                   take(argc, argv, &i, 0, "max-results", &o->max_results, &bad)) {
        } else if (strchr(allowed, 's') &&
                   take(argc, argv, &i, 0, "baseline", &o->baseline, &bad)) {
        } else if (strchr(allowed, 's') &&
                   take(argc, argv, &i, 0, "write-baseline", &o->write_baseline, &bad)) {
        } else if (strchr(allowed, 's') && strcmp(a, "--show-justified") == 0) {
            o->show_justified = 1;
        } else if (strchr(allowed, 'q') && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
            o->quiet = 1;
        } else if (strchr(allowed, 'F') && strcmp(a, "--fail-on-open-questions") == 0) {
            o->fail_on_open = 1;
        } else if (strchr(allowed, 'x') &&
                   take(argc, argv, &i, 0, "exclude", &o->excludes[o->nexcludes], &bad)) {
            o->nexcludes += !bad;
        } else if (strchr(allowed, 'v') && (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)) {
            o->verbose = 1;
        } else if (strchr(allowed, 'p') && strcmp(a, "--progress") == 0) {
            o->progress = 1;
        } else if (strchr(allowed, 'p') && strcmp(a, "--no-progress") == 0) {
            o->progress = 0;
        } else if (strchr(allowed, 'k') && strcmp(a, "--keep-going") == 0) {
            o->keep_going = 1;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    return bad ? EXIT_TROUBLE : 0;
}

static int is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- commands ------------------------------------------------------------------ */

static int choose(const char *word, const char *const *names, const int *values, int *out,
                  const char *what)
{
    size_t i;

    for (i = 0; names[i]; i++)
        if (strcmp(word, names[i]) == 0) {
            *out = values[i];
            return 0;
        }
    fprintf(stderr, "digicheck: unknown %s '%s' (", what, word);
    for (i = 0; names[i]; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", names[i]);
    fprintf(stderr, ")\nTry 'digicheck --help'.\n");
    return EXIT_TROUBLE;
}

static const char *const describe_names[] = { "text", "json", "markdown", NULL };
static const int describe_values[] = {
    DIGICHECK_OUTPUT_TEXT, DIGICHECK_OUTPUT_JSON, DIGICHECK_OUTPUT_MARKDOWN
};

/* How the text form looks: on a terminal with each finding's source line
 * and summaries; colour by --color (auto: on a terminal, unless NO_COLOR is
 * set or TERM is dumb). */
static int choose_look(const opts *o, cli_look *look)
{
    static const char *const whens[] = { "auto", "always", "never", NULL };
    static const int when_values[] = { -1, 1, 0 };
    const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
    int tty = isatty(STDOUT_FILENO), when = -1, rc;

    if (o->color && (rc = choose(o->color, whens, when_values, &when, "--color value")))
        return rc;
    look->carets = look->summary = tty;
    look->quiet = o->quiet;
    look->show_justified = o->show_justified;
    look->color = when >= 0 ? when
                  : tty && !(no_color && *no_color) && !(term && strcmp(term, "dumb") == 0);
    return 0;
}

/* The findings kept (--severity, --category, --rule); the batch checks the
 * names against the rule sets once they are loaded. */
static int choose_filter(const opts *o, cli_filter *f)
{
    int rc;

    if (o->severity && (rc = choose(o->severity, cli_level_names, cli_level_values,
                                    &f->min_severity, "severity")))
        return rc;
    f->categories = o->categories;
    f->ncategories = (size_t)o->ncategories;
    f->rules = o->rules;
    f->nrules = (size_t)o->nrules;
    return 0;
}

/* --baseline FILE is read, --write-baseline FILE begins empty. */
static int open_baselines(const opts *o, digicheck_baseline **baseline,
                          digicheck_baseline **record)
{
    digicheck_error err;

    if (o->baseline && digicheck_baseline_load(baseline, o->baseline, &err) != DIGICHECK_OK) {
        cli_print_error(o->baseline, &err);
        return EXIT_TROUBLE;
    }
    if (o->write_baseline && digicheck_baseline_new(record, &err) != DIGICHECK_OK) {
        cli_print_error("digicheck", &err);
        return EXIT_TROUBLE;
    }
    return 0;
}

/* --max-results: a number of results (for SARIF only: the batch checks
 * that, once the configs have said the format). */
static int choose_max_results(const char *arg, size_t *out)
{
    char *end;
    long long n;

    errno = 0;
    n = strtoll(arg, &end, 10);
    if (errno || *end || n < 1)
        return usage_error("--max-results needs a number of results from 1 on, not '%s'", arg);
    *out = (size_t)n;
    return 0;
}

/* The flags that a config sets too: given, they win over it. */
static void flags_of(const opts *o, cli_flags *fl)
{
    memset(fl, 0, sizeof *fl);
    fl->rulesets = o->rulesets;
    fl->nrulesets = (size_t)o->nrulesets;
    fl->answers = o->answers;
    fl->fail_on = o->fail_on;
    fl->format = o->format;
    fl->excludes = o->excludes;
    fl->nexcludes = (size_t)o->nexcludes;
}

/* -j N, else the number of processors. */
static int choose_jobs(const char *arg, int *jobs)
{
    char *end;
    long j, n;

    if (!arg) {
        n = sysconf(_SC_NPROCESSORS_ONLN);
        *jobs = n > 0 && n <= 256 ? (int)n : 1;
        return 0;
    }
    errno = 0;
    j = strtol(arg, &end, 10);
    if (errno || *end || j < 1 || j > 256)
        return usage_error("-j needs a number of threads from 1 to 256, not '%s'", arg);
    *jobs = (int)j;
    return 0;
}

/* The flags of `check` that a config does not set, read into b. */
static int choose_batch(const opts *o, cli_batch *b)
{
    int unused, rc;

    b->progress = o->progress;
    b->fail_on_open = o->fail_on_open;
    b->verbose = o->verbose;
    b->excludes = o->excludes;
    b->nexcludes = o->nexcludes;
    b->statistics = o->statistics;
    b->keep_going = o->keep_going;
    b->out = stdout;
    if ((o->format && (rc = choose(o->format, cli_format_names, cli_format_values, &unused,
                                   "format"))) ||
        (o->fail_on && (rc = choose(o->fail_on, cli_level_names, cli_level_values, &unused,
                                    "level"))) ||
        (rc = choose_look(o, &b->look)) || (rc = choose_jobs(o->jobs, &b->jobs)) ||
        (o->max_results && (rc = choose_max_results(o->max_results, &b->max_results))) ||
        (rc = choose_filter(o, &b->filter)))
        return rc;
    if (o->nargs == 0)
        return usage_error("%s", "check: name the drafts to check (files, directories or -)");
    return 0;
}

static int cmd_check(opts *o)
{
    digicheck_baseline *baseline = NULL, *record = NULL;
    digicheck_error err;
    cli_flags fl;
    cli_batch b;
    int rc;

    memset(&b, 0, sizeof b);
    flags_of(o, &fl);
    if ((rc = choose_batch(o, &b)))
        return rc;
    b.configs = cli_configs_new(o->no_config);
    b.profiles = cli_profiles_new(&fl);
    if (!b.configs || !b.profiles) {
        fputs("digicheck: out of memory\n", stderr);
        rc = EXIT_TROUBLE;
    }
    if (rc == 0 && (rc = open_baselines(o, &baseline, &record)) == 0) {
        b.baseline = baseline;
        b.record = record;
        rc = cli_batch_run(&b, o->args, o->nargs);
    }
    if (record && rc != EXIT_TROUBLE &&
        digicheck_baseline_write(record, o->write_baseline, &err) != DIGICHECK_OK) {
        cli_print_error(o->write_baseline, &err);
        rc = EXIT_TROUBLE;
    }
    digicheck_baseline_free(baseline);
    digicheck_baseline_free(record);
    cli_profiles_free(b.profiles);
    cli_configs_free(b.configs);
    return rc;
}

/* What a command other than `check` uses: the rule set of -r (several
 * combined) or of the operand, else of the config of draft (NULL: none
 * asked), else the default; and the answers. */
typedef struct setup {
    const char *operand;
    cli_flags fl;
    cli_configs *cs;
    cli_profiles *ps;
    const cli_profile *p;
} setup;

static int setup_open(setup *s, const opts *o, const char *operand, const char *draft)
{
    const cli_config *c = NULL;
    size_t i;
    int rc;

    memset(s, 0, sizeof *s);
    flags_of(o, &s->fl);
    s->fl.format = NULL;            /* their -f is not check's */
    if ((s->operand = operand) != NULL) {
        s->fl.rulesets = &s->operand;
        s->fl.nrulesets = 1;
    }
    s->cs = cli_configs_new(o->no_config || !draft);
    s->ps = cli_profiles_new(&s->fl);
    if (!s->cs || !s->ps) {
        fputs("digicheck: out of memory\n", stderr);
        return EXIT_TROUBLE;
    }
    if ((draft && (rc = cli_configs_for_path(s->cs, draft, &c))) ||
        (rc = cli_profiles_get(s->ps, c, &i)))
        return rc;
    s->p = cli_profiles_at(s->ps, i);
    return 0;
}

static void setup_close(setup *s)
{
    cli_profiles_free(s->ps);
    cli_configs_free(s->cs);
}

static int cmd_test(opts *o)
{
    setup su;
    digicheck_error err;
    size_t passed = 0, failed = 0;
    char *failures = NULL;
    int rc;

    if (o->nargs > 1)
        return usage_error("test: one rule set at a time, not '%s'", o->args[1]);
    if ((rc = setup_open(&su, o, o->nargs ? o->args[0] : NULL, NULL)) == 0 &&
        digicheck_ruleset_test(su.p->rs, &passed, &failed, &failures, &err) != DIGICHECK_OK) {
        cli_print_error("digicheck", &err);
        rc = EXIT_TROUBLE;
    } else if (rc == 0) {
        if (failures)
            fputs(failures, stderr);
        out("%zu passed, %zu failed\n", passed, failed);
        rc = failed ? EXIT_FINDINGS : EXIT_CLEAN;
    }
    digicheck_free(failures);
    setup_close(&su);
    return rc;
}

/* `rules` and `explain`: the rule set or one rule, described. */
static int cmd_describe(opts *o, const char *ruleset, const char *rule)
{
    setup su;
    digicheck_error err;
    char *text = NULL;
    size_t len = 0;
    int output = DIGICHECK_OUTPUT_TEXT, rc;

    if (o->format && (rc = choose(o->format, describe_names, describe_values, &output,
                                  "format")))
        return rc;
    if ((rc = setup_open(&su, o, ruleset, NULL)) == 0 &&
        digicheck_ruleset_describe(su.p->rs, rule, output, &text, &len, &err) != DIGICHECK_OK) {
        cli_print_error("digicheck", &err);
        rc = EXIT_TROUBLE;
    } else if (rc == 0) {
        cli_write(stdout, text, len);   /* a failure is said when stdout is closed */
    }
    digicheck_free(text);
    setup_close(&su);
    return rc;
}

/* The draft checked with the answers of the record (may be NULL), its
 * description's answers checked against the rule set first. */
static int check_one(const digicheck_ruleset *rs, const digicheck_record *rec, const char *path,
                     digicheck_report **r)
{
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_error err;
    int rc;

    if ((rc = digicheck_draft_load(&d, path, DIGICHECK_FORMAT_AUTO, &err)) == 0 &&
        (rc = digicheck_draft_check_answers(d, rs, &err)) == 0 &&
        (!rec || (rc = digicheck_record_apply(rec, d, &err)) == 0) &&
        (rc = digicheck_checker_new(&c, rs, &err)) == 0)
        rc = digicheck_check(c, d, r, &err);
    if (rc)
        cli_print_error(path, &err);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    return rc ? EXIT_TROUBLE : 0;
}

/* Writes the document to -o FILE or standard output. */
static int write_document(const char *path, const char *doc, size_t len)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    int rc;

    if (!f) {
        fprintf(stderr, "digicheck: cannot write '%s': %s\n", path, strerror(errno));
        return EXIT_TROUBLE;
    }
    rc = cli_write(f, doc, len);
    if (path && (fclose(f) != 0 || rc)) {
        fprintf(stderr, "digicheck: cannot write '%s': %s\n", path, strerror(errno));
        return EXIT_TROUBLE;
    }
    return 0;
}

static int cmd_document(opts *o)
{
    static const char *const names[] = { "markdown", "html", "odt", NULL };
    static const int values[] = {
        DIGICHECK_DOCUMENT_MARKDOWN, DIGICHECK_DOCUMENT_HTML, DIGICHECK_DOCUMENT_ODT
    };
    setup su;
    digicheck_report *r = NULL;
    digicheck_error err;
    char *doc = NULL;
    size_t len = 0;
    int form = DIGICHECK_DOCUMENT_MARKDOWN, rc;

    if (o->format && (rc = choose(o->format, names, values, &form, "format")))
        return rc;
    if (o->nargs != 1)
        return usage_error("%s", "document: name one draft (a text or a draft description)");
    if ((rc = setup_open(&su, o, NULL, o->args[0])) == 0 &&
        (rc = check_one(su.p->rs, su.p->answers, o->args[0], &r)) == 0) {
        if (digicheck_report_document(r, form, &doc, &len, &err) != DIGICHECK_OK) {
            cli_print_error(o->args[0], &err);
            rc = EXIT_TROUBLE;
        } else {
            rc = write_document(o->output, doc, len);
        }
    }
    digicheck_free(doc);
    digicheck_report_free(r);
    setup_close(&su);
    return rc;
}

/* `annotate`: check one Word draft, write the copy with comments. */
static int cmd_annotate(opts *o)
{
    setup su;
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_checker *c = NULL;
    digicheck_error err;
    const char *what;
    size_t i;
    int rc;

    if (o->nargs != 1 || !o->output)
        return usage_error("%s", "annotate: name one Word draft and the copy to write "
                           "(DRAFT.docx -o OUT.docx)");
    if ((rc = setup_open(&su, o, NULL, o->args[0])))
        goto done;
    if ((what = o->args[0], digicheck_draft_load(&d, o->args[0], DIGICHECK_FORMAT_AUTO, &err)) ||
        (su.p->answers && digicheck_record_apply(su.p->answers, d, &err)) ||
        digicheck_checker_new(&c, su.p->rs, &err) || digicheck_check(c, d, &r, &err) ||
        (what = o->output, digicheck_draft_annotate(d, r, o->output, &err))) {
        cli_print_error(what, &err);
        rc = EXIT_TROUBLE;
        goto done;
    }
    rc = EXIT_CLEAN;
    for (i = 0; i < digicheck_report_count(r); i++)
        if (digicheck_finding_severity(digicheck_report_get(r, i)) >= DIGICHECK_SEVERITY_ERROR)
            rc = EXIT_FINDINGS;
    fprintf(stderr, "digicheck: %zu findings; the copy with them as comments is %s\n",
            digicheck_report_count(r), o->output);
done:
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    setup_close(&su);
    return rc;
}

/* `config`: what `check` would use for a path, and where each value came from. */
static int cmd_config(opts *o)
{
    cli_flags fl;
    int unused, rc;

    if (o->nargs > 1)
        return usage_error("config: one path at a time, not '%s'", o->args[1]);
    if ((o->format && (rc = choose(o->format, cli_format_names, cli_format_values, &unused,
                                   "format"))) ||
        (o->fail_on && (rc = choose(o->fail_on, cli_level_names, cli_level_values, &unused,
                                    "level"))))
        return rc;
    flags_of(o, &fl);
    return cli_config_show(o->nargs ? o->args[0] : ".", &fl, o->no_config,
                           o->format && strcmp(o->format, "json") == 0);
}

static int cmd_serve(opts *o)
{
    setup su;
    cli_serve_opts so;
    char *end;
    long port = 0;
    int rc;

    if (o->nargs > 1)
        return usage_error("serve: one directory at a time, not '%s'", o->args[1]);
    if (o->nargs && !is_dir(o->args[0]))
        return usage_error("serve: '%s' is not a directory", o->args[0]);
    if (o->port) {
        errno = 0;
        port = strtol(o->port, &end, 10);
        if (errno || *end || port < 0 || port > 65535)
            return usage_error("--port needs a number from 0 to 65535, not '%s'", o->port);
    }
    if ((rc = setup_open(&su, o, NULL, NULL))) {
        setup_close(&su);
        return rc;
    }
    memset(&so, 0, sizeof so);
    so.rs = su.p->rs;
    so.dir = o->nargs ? o->args[0] : NULL;
    so.records = o->records ? o->records : "digicheck-records";
    so.port = (int)port;
    rc = cli_serve(&so);
    setup_close(&su);
    return rc;
}

static int run(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;
    opts o;
    int rc;

    if (!cmd) {
        fputs(cli_usage, stderr);
        return EXIT_TROUBLE;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        out("digicheck %s (libdigicheck %s)\n", DIGICHECK_VERSION_STRING,
            digicheck_version_string());
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        out("%s\n%s", cli_usage, cli_help_main);
        return EXIT_CLEAN;
    }
    if (digicheck_version() / 10000 != DIGICHECK_VERSION_MAJOR) {
        fprintf(stderr, "digicheck: the library is version %s, this program needs %d.x\n",
                digicheck_version_string(), DIGICHECK_VERSION_MAJOR);
        return EXIT_TROUBLE;
    }
    if (strcmp(cmd, "check") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rfjaFpvxcqskn", &o)) == 0)
            rc = o.help ? (out("%s%s", cli_help_check, cli_help_check_more), EXIT_CLEAN)
                        : cmd_check(&o);
    } else if (strcmp(cmd, "config") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rfaFxn", &o)) == 0)
            rc = o.help ? (out("%s", cli_help_config), EXIT_CLEAN) : cmd_config(&o);
    } else if (strcmp(cmd, "test") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "r", &o)) == 0)
            rc = o.help ? (out("%s", cli_help_test), EXIT_CLEAN) : cmd_test(&o);
    } else if (strcmp(cmd, "rules") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rf", &o)) == 0) {
            if (o.help)
                rc = (out("%s", cli_help_rules), EXIT_CLEAN);
            else if (o.nargs > 1)
                rc = usage_error("rules: one rule set at a time, not '%s'", o.args[1]);
            else
                rc = cmd_describe(&o, o.nargs ? o.args[0] : NULL, NULL);
        }
    } else if (strcmp(cmd, "document") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rfaon", &o)) == 0)
            rc = o.help ? (out("%s", cli_help_document), EXIT_CLEAN) : cmd_document(&o);
    } else if (strcmp(cmd, "explain") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rf", &o)) == 0) {
            if (o.help)
                rc = (out("%s", cli_help_explain), EXIT_CLEAN);
            else if (o.nargs != 1)
                rc = usage_error("%s", "explain: name one rule id (see 'digicheck rules')");
            else
                rc = cmd_describe(&o, NULL, o.args[0]);
        }
    } else if (strcmp(cmd, "annotate") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "raon", &o)) == 0)
            rc = o.help ? (out("%s", cli_help_annotate), EXIT_CLEAN) : cmd_annotate(&o);
    } else if (strcmp(cmd, "serve") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rPR", &o)) == 0)
            rc = o.help ? (out("%s", cli_help_serve), EXIT_CLEAN) : cmd_serve(&o);
    } else {
        return usage_error("unknown command '%s'", cmd);
    }
    free(o.args);
    free(o.excludes);
    free(o.categories);
    free(o.rules);
    free(o.rulesets);
    return rc;
}

int main(int argc, char **argv)
{
    /* A closed pipe is an error to report (EPIPE), not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    cli_ruleset_path_default();
    return close_stdout(run(argc, argv));
}
