/*
 * main.c -- the `digicheck` command: its sub-commands, their options and
 * help, and where the default rule set is found.
 *
 *     digicheck check [-r RULESET] [-f FORMAT] [-j N] [--answers FILE] [--color WHEN] [-q]
 *                     [--severity LEVEL] [--category NAME]... [--rule ID]... [--statistics]
 *                     [--fail-on LEVEL] [--fail-on-open-questions]
 *                     [--exclude GLOB]... [-v] [--keep-going]
 *                     [--progress|--no-progress] [PATH... | -]
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
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Where rule sets are installed: relative to the program's directory
 * (the Makefile computes it from bindir and datadir), so that a prefix
 * given only at install time, or an installed tree moved as a whole, is
 * found; the absolute path of the build as the fallback. */
#ifndef DIGICHECK_DATADIR
#define DIGICHECK_DATADIR "/usr/local/share"
#endif
#ifndef DIGICHECK_DATADIR_FROM_BIN
#define DIGICHECK_DATADIR_FROM_BIN "../share"
#endif

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

/* ---- help ------------------------------------------------------------------ */

static const char USAGE[] =
    "usage: digicheck check [-r RULESET] [-f FORMAT] [-j N] [--answers FILE] [-q]\n"
    "                       [--color auto|always|never] [--severity LEVEL]\n"
    "                       [--category NAME]... [--rule ID]... [--statistics]\n"
    "                       [--show-justified] [--max-results N]\n"
    "                       [--baseline FILE] [--write-baseline FILE]\n"
    "                       [--fail-on LEVEL] [--fail-on-open-questions]\n"
    "                       [--exclude GLOB]... [-v] [PATH... | -]\n"
    "       digicheck test [RULESET]\n"
    "       digicheck rules [-f text|json|markdown] [RULESET]\n"
    "       digicheck explain [-r RULESET] [-f text|json|markdown] RULE\n"
    "       digicheck document [-r RULESET] [-f markdown|html|odt] [--answers FILE]\n"
    "                          [-o FILE] DRAFT\n"
    "       digicheck annotate [-r RULESET] [--answers FILE] DRAFT.docx -o OUT.docx\n"
    "       digicheck serve [-r RULESET] [--port N] [--records DIR] [DIR]\n"
    "       digicheck --help | --version\n";

static const char HELP_SERVE[] =
    "usage: digicheck serve [-r RULESET] [--port N] [--records DIR] [DIR]\n\n"
    "Serves the review desk and the rule workshop on http://127.0.0.1 for a browser\n"
    "on this machine: a draft of DIR (or one uploaded) with its findings in the\n"
    "text, the principles, the Vorpruefung and the open questions to answer; a form\n"
    "to write a pattern rule, test it and try it on the drafts of DIR. The URL it\n"
    "prints carries a random token; requests without it are refused. Nothing is\n"
    "loaded from the network. Ctrl-C ends it.\n\n"
    "      --port N        the port (default: a free one)\n"
    "      --records DIR   where the answers (one record file per draft, as\n"
    "                      --answers reads it), uploads and the rules saved in the\n"
    "                      workshop go (default: ./digicheck-records)\n";

static const char HELP_MAIN[] =
    "digicheck checks draft laws and ordinances for digital readiness (the federal\n"
    "Digitalcheck and Thuringia's Praxis- und Digitalcheck) against a rule set.\n\n"
    "Commands:\n"
    "  check     check drafts (files, directories, or - for standard input)\n"
    "  test      run the examples of every rule of a rule set\n"
    "  rules     list the rules of a rule set\n"
    "  explain   show one rule: message, references, patterns, examples\n"
    "  document  write the documentation of the Digitalcheck for one draft\n"
    "  annotate  write a copy of a Word draft with the findings as comments\n"
    "  serve     the review desk and the rule workshop in the browser\n\n"
    "'digicheck COMMAND --help' tells more. Without -r, the default rule set is used:\n"
    "$DIGICHECK_RULESET, else rules/digitalcheck next to the program (build tree),\n"
    "else the installed one: " DIGICHECK_DATADIR_FROM_BIN "/digicheck/rules/digitalcheck\n"
    "from the program's directory, else " DIGICHECK_DATADIR "/digicheck/rules/digitalcheck.\n";

static const char HELP_CHECK[] =
    "Checks drafts and writes one document about all of them to standard output.\n\n"
    "  PATH...              draft files, or directories searched recursively (in\n"
    "                       name order, hidden entries skipped) for .txt .md .xml\n"
    "                       .docx .odt files and .yaml .yml .json draft descriptions\n"
    "                       (files with 'text' or 'text_file' at the top, or only the\n"
    "                       keys of a description); '-' reads one draft from standard\n"
    "                       input\n"
    "  -r, --ruleset DIR    the rule set (a directory with ruleset.yaml, or a file)\n"
    "  -f, --format FORMAT  text (default: file:line:column: severity: title [rule]\n"
    "                       (path), then a line of the open questions; on a terminal\n"
    "                       also each finding's source line, the match marked, and\n"
    "                       a summary), json, jsonl, sarif (SARIF 2.1.0; columns are\n"
    "                       Unicode code points), markdown (findings per principle),\n"
    "                       documentation (the Dokumentation der Digitaltauglichkeit\n"
    "                       of each draft, as 'digicheck document' writes it)\n"
    "      --color WHEN     auto (default: on a terminal, unless NO_COLOR is set),\n"
    "                       always or never\n"
    "  -q, --quiet          text: the finding lines only\n"
    "      --severity LEVEL keep the findings of LEVEL (info, warning, error) or higher\n"
    "      --category NAME  keep the findings of category NAME (repeatable)\n"
    "      --rule ID        keep the findings of rule ID (repeatable); these filters\n"
    "                       decide the output and the exit status alike\n"
    "      --statistics     instead of the document: the findings per rule and per\n"
    "                       category, most frequent first\n"
    "      --max-results N  sarif: write at most N results (GitHub code scanning\n"
    "                       takes 25,000 a run); the log notes how many were cut\n"
    "      --write-baseline FILE  record every finding of the run in FILE\n"
    "      --baseline FILE  report only findings FILE does not hold (sarif: all,\n"
    "                       with baselineState)\n"
    "      --show-justified text: also the findings accepted with a reason (see\n"
    "                       JUSTIFICATIONS in digicheck(1)); they never count for\n"
    "                       the exit status\n";
/* The rest of it: one string may hold 4,095 characters in ISO C. */
static const char HELP_CHECK_MORE[] =
    "  -j, --jobs N         check on N threads (default: the number of processors);\n"
    "                       the output is the same for every N\n"
    "      --answers FILE   answers to check questions for every draft: YAML, one\n"
    "                       'question: answer' per line (e.g. vp.it-system: yes),\n"
    "                       or nested under 'answers:'; an unknown question or an\n"
    "                       answer it does not allow is an error (exit status 2)\n"
    "      --fail-on LEVEL  info, warning or error (default): the lowest severity\n"
    "                       of a finding that makes the exit code 1\n"
    "      --fail-on-open-questions\n"
    "                       an open question (one that applies and has no answer)\n"
    "                       makes the exit code 1 too; otherwise only findings count\n"
    "      --keep-going     a draft whose check a limit cut short (an error-level\n"
    "                       diagnostic) does not make the exit code 2\n"
    "      --exclude GLOB   skip what a directory walk finds whose name matches GLOB\n"
    "                       (a GLOB with '/': whose path below the directory named);\n"
    "                       repeatable\n"
    "  -v, --verbose        say on stderr what a directory walk skips, and why\n"
    "      --progress       show progress on stderr (default: when stderr is a\n"
    "      --no-progress    terminal and more than one draft is checked)\n\n"
    "A draft that cannot be read is reported on stderr and in the document (in\n"
    "the text form a line 'file: error: message'; on a terminal on stderr only),\n"
    "and the others are still checked.\n\n"
    "Open questions are not findings: the text form lists them in one line per\n"
    "draft; answer them with --answers or in a draft description (answers:).\n\n"
    "Exit status: 0 no finding at or above --fail-on, 1 such findings,\n"
    "2 usage error, rule set error, a draft that could not be checked (or was\n"
    "checked only in part, without --keep-going), or output that could not be\n"
    "written (a full disk, a closed pipe).\n";

static const char HELP_TEST[] =
    "usage: digicheck test [RULESET]\n\n"
    "Runs the examples of every rule (examples: match / no_match) and prints\n"
    "'N passed, N failed'; each failure names its rule. Exit status 0 when all\n"
    "pass, 1 when one fails, 2 when the rule set does not load.\n";

static const char HELP_RULES[] =
    "usage: digicheck rules [-f text|json|markdown] [RULESET]\n\n"
    "Lists the rules of a rule set: id, principle, category, severity, type.\n"
    "-f json gives every field; -f markdown the reference a rule set ships as\n"
    "its README.\n";

static const char HELP_EXPLAIN[] =
    "usage: digicheck explain [-r RULESET] [-f text|json|markdown] RULE\n\n"
    "Shows one rule: principle, category, message, suggestion, legal references,\n"
    "patterns and examples. An unknown id names the nearest one.\n";

static const char HELP_DOCUMENT[] =
    "usage: digicheck document [-r RULESET] [-f markdown|html|odt] [--answers FILE]\n"
    "                          [-o FILE] DRAFT\n\n"
    "Writes the \"Dokumentation der Digitaltauglichkeit\" of one draft: the draft\n"
    "(title, kind, date from its description), the Vorprüfung and its result, per\n"
    "principle the rating, the aspects that apply with their Paragrafen and the\n"
    "explanation, the interoperability assessment, and the points still open.\n\n"
    "  -f markdown|html|odt  Markdown (default), one HTML page printable on A4, or an\n"
    "                        OpenDocument text for LibreOffice and Word\n"
    "  --answers FILE        answers and Begründungen (as for check); they replace\n"
    "                        those of the draft description\n"
    "  -o FILE               write to FILE instead of standard output\n\n"
    "Ratings of principles are answers to their ids (P1: ja | nein | nicht relevant);\n"
    "'nein' and 'nicht relevant' need a Begründung:\n"
    "  P5: {answer: nicht relevant, begruendung: \"...\"}\n"
    "A bad answer in the description or the answers file is an error (exit 2).\n";

static const char HELP_ANNOTATE[] =
    "usage: digicheck annotate [-r RULESET] [--answers FILE] DRAFT.docx -o OUT.docx\n\n"
    "Checks a Word draft and writes a copy of it to OUT.docx with one Word comment\n"
    "per finding, anchored on the words it matched (author \"Digitalcheck\": the\n"
    "message, the rule id and severity, the suggestion), and the open questions as\n"
    "one comment at the start. The draft itself is not changed; OUT.docx must be\n"
    "another file. Exit status as for check: 0 nothing at or above error, 1\n"
    "findings, 2 usage error or a draft that could not be read or written.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "digicheck: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'digicheck --help'.\n");
    return EXIT_TROUBLE;
}

/* ---- options ---------------------------------------------------------------- */

typedef struct opts {
    const char *ruleset, *format, *answers, *fail_on, *jobs, *color, *severity, *output;
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
    const char *rs = NULL;

    memset(o, 0, sizeof *o);
    o->progress = -1;
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    o->excludes = calloc((size_t)argc + 1, sizeof *o->excludes);
    o->categories = calloc((size_t)argc + 1, sizeof *o->categories);
    o->rules = calloc((size_t)argc + 1, sizeof *o->rules);
    if (!o->args || !o->excludes || !o->categories || !o->rules)
        return usage_error("%s", "out of memory");
    for (i = 0; i < argc && !bad; i++) {
        const char *a = argv[i];
        if (done || a[0] != '-' || strcmp(a, "-") == 0) {
            o->args[o->nargs++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            done = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            o->help = 1;
        } else if (strchr(allowed, 'r') && take(argc, argv, &i, 'r', "ruleset", &rs, &bad)) {
            /* the last one is used; combining them is to come, dropping one is said */
            if (!bad && o->ruleset)
                fprintf(stderr, "digicheck: warning: -r given more than once: only '%s' is "
                        "used (rule sets are not combined yet)\n", rs);
            o->ruleset = rs;
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

/* ---- rule sets --------------------------------------------------------------- */

static int is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Is dir/rel/digicheck/rules/digitalcheck a directory? Then it is in buf;
 * else it is added to the list of places tried. */
static int found(char *buf, size_t cap, const char *dir, const char *rel, char *tried,
                 size_t tcap)
{
    size_t t = strlen(tried);

    snprintf(buf, cap, "%s%s%s/rules/digitalcheck", dir, *dir ? "/" : "", rel);
    if (is_dir(buf))
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

static int load_ruleset(const char *path, digicheck_ruleset **rs)
{
    char buf[PATH_MAX + 64], tried[3 * PATH_MAX + 192];
    digicheck_error err;

    if (!path && !(path = default_ruleset(buf, sizeof buf, tried, sizeof tried))) {
        fprintf(stderr, "digicheck: no default rule set found (looked in %s); name one with "
                        "-r or set DIGICHECK_RULESET\n", tried);
        return EXIT_TROUBLE;
    }
    if (digicheck_ruleset_load(rs, path, &err) != DIGICHECK_OK) {
        cli_print_error(path, &err);
        return EXIT_TROUBLE;
    }
    return 0;
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

static const char *const format_names[] = {
    "text", "json", "jsonl", "sarif", "markdown", "documentation", NULL
};
static const int format_values[] = {
    DIGICHECK_OUTPUT_TEXT, DIGICHECK_OUTPUT_JSON, DIGICHECK_OUTPUT_JSONL,
    DIGICHECK_OUTPUT_SARIF, DIGICHECK_OUTPUT_MARKDOWN, DIGICHECK_OUTPUT_DOCUMENTATION
};
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

static const char *const levels[] = { "info", "warning", "error", NULL };
static const int level_values[] = {
    DIGICHECK_SEVERITY_INFO, DIGICHECK_SEVERITY_WARNING, DIGICHECK_SEVERITY_ERROR
};

/* The findings kept (--severity, --category, --rule), tried on an empty
 * draft first: the library checks the names against the rule set, so that
 * a typo is a usage error naming the valid ones, not an empty report. */
static int choose_filter(const opts *o, const digicheck_ruleset *rs, cli_filter *f)
{
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    int rc;

    if (o->severity && (rc = choose(o->severity, levels, level_values, &f->min_severity,
                                    "severity")))
        return rc;
    f->categories = o->categories;
    f->ncategories = (size_t)o->ncategories;
    f->rules = o->rules;
    f->nrules = (size_t)o->nrules;
    if (!f->ncategories && !f->nrules)
        return 0;
    if ((rc = digicheck_draft_parse(&d, "", 0, NULL, DIGICHECK_FORMAT_TEXT, &err)) == 0 &&
        (rc = digicheck_checker_new(&c, rs, &err)) == 0 &&
        (rc = digicheck_check(c, d, &r, &err)) == 0)
        rc = digicheck_report_keep(r, f->min_severity, f->categories, f->ncategories,
                                   f->rules, f->nrules, &err);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    if (rc == DIGICHECK_EINVAL)
        return usage_error("%s", err.message);
    if (rc)
        cli_print_error("digicheck", &err);
    return rc ? EXIT_TROUBLE : 0;
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

/* --max-results: a number of results, for SARIF only. */
static int choose_max_results(const char *arg, int output, size_t *out)
{
    char *end;
    long long n;

    errno = 0;
    n = strtoll(arg, &end, 10);
    if (errno || *end || n < 1)
        return usage_error("--max-results needs a number of results from 1 on, not '%s'", arg);
    if (output != DIGICHECK_OUTPUT_SARIF)
        return usage_error("%s", "--max-results applies to -f sarif only");
    *out = (size_t)n;
    return 0;
}

static int cmd_check(opts *o)
{
    digicheck_ruleset *rs = NULL;
    digicheck_record *answers = NULL;
    digicheck_baseline *baseline = NULL, *record = NULL;
    digicheck_error err;
    cli_batch b;
    int rc;

    memset(&b, 0, sizeof b);
    b.output = DIGICHECK_OUTPUT_TEXT;
    b.fail_on = DIGICHECK_SEVERITY_ERROR;
    b.progress = o->progress;
    b.fail_on_open = o->fail_on_open;
    b.verbose = o->verbose;
    b.excludes = o->excludes;
    b.nexcludes = o->nexcludes;
    b.statistics = o->statistics;
    b.keep_going = o->keep_going;
    b.out = stdout;
    if (o->format && (rc = choose(o->format, format_names, format_values, &b.output, "format")))
        return rc;
    if (o->fail_on && (rc = choose(o->fail_on, levels, level_values, &b.fail_on, "level")))
        return rc;
    if ((rc = choose_look(o, &b.look)))
        return rc;
    if (o->jobs) {
        char *end;
        long j;
        errno = 0;
        j = strtol(o->jobs, &end, 10);
        if (errno || *end || j < 1 || j > 256)
            return usage_error("-j needs a number of threads from 1 to 256, not '%s'", o->jobs);
        b.jobs = (int)j;
    } else {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        b.jobs = n > 0 && n <= 256 ? (int)n : 1;
    }
    if (o->max_results && (rc = choose_max_results(o->max_results, b.output, &b.max_results)))
        return rc;
    if (o->nargs == 0)
        return usage_error("%s", "check: name the drafts to check (files, directories or -)");
    if ((rc = load_ruleset(o->ruleset, &rs)) == 0 && o->answers &&
        digicheck_record_load(&answers, rs, o->answers, &err) != DIGICHECK_OK) {
        cli_print_error(o->answers, &err);
        rc = EXIT_TROUBLE;
    }
    if (rc == 0)
        rc = open_baselines(o, &baseline, &record);
    if (rc == 0 && (rc = choose_filter(o, rs, &b.filter)) == 0) {
        b.rs = rs;
        b.answers = answers;
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
    digicheck_record_free(answers);
    digicheck_ruleset_free(rs);
    return rc;
}

static int cmd_test(opts *o)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    size_t passed = 0, failed = 0;
    char *failures = NULL;
    int rc;

    if (o->nargs > 1)
        return usage_error("test: one rule set at a time, not '%s'", o->args[1]);
    if ((rc = load_ruleset(o->nargs ? o->args[0] : o->ruleset, &rs)))
        return rc;
    if (digicheck_ruleset_test(rs, &passed, &failed, &failures, &err) != DIGICHECK_OK) {
        cli_print_error("digicheck", &err);
        rc = EXIT_TROUBLE;
    } else {
        if (failures)
            fputs(failures, stderr);
        out("%zu passed, %zu failed\n", passed, failed);
        rc = failed ? EXIT_FINDINGS : EXIT_CLEAN;
    }
    digicheck_free(failures);
    digicheck_ruleset_free(rs);
    return rc;
}

/* `rules` and `explain`: the rule set or one rule, described. */
static int cmd_describe(opts *o, const char *ruleset, const char *rule)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    char *text = NULL;
    size_t len = 0;
    int output = DIGICHECK_OUTPUT_TEXT, rc;

    if (o->format && (rc = choose(o->format, describe_names, describe_values, &output,
                                  "format")))
        return rc;
    if ((rc = load_ruleset(ruleset, &rs)))
        return rc;
    if (digicheck_ruleset_describe(rs, rule, output, &text, &len, &err) != DIGICHECK_OK) {
        cli_print_error("digicheck", &err);
        rc = EXIT_TROUBLE;
    } else {
        cli_write(stdout, text, len);   /* a failure is said when stdout is closed */
    }
    digicheck_free(text);
    digicheck_ruleset_free(rs);
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
    digicheck_ruleset *rs = NULL;
    digicheck_record *rec = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    char *doc = NULL;
    size_t len = 0;
    int form = DIGICHECK_DOCUMENT_MARKDOWN, rc;

    if (o->format && (rc = choose(o->format, names, values, &form, "format")))
        return rc;
    if (o->nargs != 1)
        return usage_error("%s", "document: name one draft (a text or a draft description)");
    if ((rc = load_ruleset(o->ruleset, &rs)) == 0 && o->answers &&
        digicheck_record_load(&rec, rs, o->answers, &err) != DIGICHECK_OK) {
        cli_print_error(o->answers, &err);
        rc = EXIT_TROUBLE;
    }
    if (rc == 0 && (rc = check_one(rs, rec, o->args[0], &r)) == 0) {
        if (digicheck_report_document(r, form, &doc, &len, &err) != DIGICHECK_OK) {
            cli_print_error(o->args[0], &err);
            rc = EXIT_TROUBLE;
        } else {
            rc = write_document(o->output, doc, len);
        }
    }
    digicheck_free(doc);
    digicheck_report_free(r);
    digicheck_record_free(rec);
    digicheck_ruleset_free(rs);
    return rc;
}

/* `annotate`: check one Word draft, write the copy with comments. */
static int cmd_annotate(opts *o)
{
    digicheck_ruleset *rs = NULL;
    digicheck_record *answers = NULL;
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
    if ((rc = load_ruleset(o->ruleset, &rs)))
        return rc;
    what = o->args[0];
    if ((o->answers && (what = o->answers,
                        digicheck_record_load(&answers, rs, o->answers, &err))) ||
        (what = o->args[0], digicheck_draft_load(&d, o->args[0], DIGICHECK_FORMAT_AUTO, &err)) ||
        (answers && digicheck_record_apply(answers, d, &err)) ||
        digicheck_checker_new(&c, rs, &err) || digicheck_check(c, d, &r, &err) ||
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
    digicheck_record_free(answers);
    digicheck_ruleset_free(rs);
    return rc;
}

static int cmd_serve(opts *o)
{
    digicheck_ruleset *rs = NULL;
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
    if ((rc = load_ruleset(o->ruleset, &rs)))
        return rc;
    memset(&so, 0, sizeof so);
    so.rs = rs;
    so.dir = o->nargs ? o->args[0] : NULL;
    so.records = o->records ? o->records : "digicheck-records";
    so.port = (int)port;
    rc = cli_serve(&so);
    digicheck_ruleset_free(rs);
    return rc;
}

static int run(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;
    opts o;
    int rc;

    if (!cmd) {
        fputs(USAGE, stderr);
        return EXIT_TROUBLE;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        out("digicheck %s (libdigicheck %s)\n", DIGICHECK_VERSION_STRING,
            digicheck_version_string());
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        out("%s\n%s", USAGE, HELP_MAIN);
        return EXIT_CLEAN;
    }
    if (digicheck_version() / 10000 != DIGICHECK_VERSION_MAJOR) {
        fprintf(stderr, "digicheck: the library is version %s, this program needs %d.x\n",
                digicheck_version_string(), DIGICHECK_VERSION_MAJOR);
        return EXIT_TROUBLE;
    }
    if (strcmp(cmd, "check") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rfjaFpvxcqsk", &o)) == 0)
            rc = o.help ? (out("%s%s", HELP_CHECK, HELP_CHECK_MORE), EXIT_CLEAN)
                        : cmd_check(&o);
    } else if (strcmp(cmd, "test") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "r", &o)) == 0)
            rc = o.help ? (out("%s", HELP_TEST), EXIT_CLEAN) : cmd_test(&o);
    } else if (strcmp(cmd, "rules") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rf", &o)) == 0) {
            if (o.help)
                rc = (out("%s", HELP_RULES), EXIT_CLEAN);
            else if (o.nargs > 1)
                rc = usage_error("rules: one rule set at a time, not '%s'", o.args[1]);
            else
                rc = cmd_describe(&o, o.nargs ? o.args[0] : o.ruleset, NULL);
        }
    } else if (strcmp(cmd, "document") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rfao", &o)) == 0)
            rc = o.help ? (out("%s", HELP_DOCUMENT), EXIT_CLEAN) : cmd_document(&o);
    } else if (strcmp(cmd, "explain") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rf", &o)) == 0) {
            if (o.help)
                rc = (out("%s", HELP_EXPLAIN), EXIT_CLEAN);
            else if (o.nargs != 1)
                rc = usage_error("%s", "explain: name one rule id (see 'digicheck rules')");
            else
                rc = cmd_describe(&o, o.ruleset, o.args[0]);
        }
    } else if (strcmp(cmd, "annotate") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rao", &o)) == 0)
            rc = o.help ? (out("%s", HELP_ANNOTATE), EXIT_CLEAN) : cmd_annotate(&o);
    } else if (strcmp(cmd, "serve") == 0) {
        if ((rc = parse(argc - 2, argv + 2, "rPR", &o)) == 0)
            rc = o.help ? (out("%s", HELP_SERVE), EXIT_CLEAN) : cmd_serve(&o);
    } else {
        return usage_error("unknown command '%s'", cmd);
    }
    free(o.args);
    free(o.excludes);
    free(o.categories);
    free(o.rules);
    return rc;
}

int main(int argc, char **argv)
{
    /* A closed pipe is an error to report (EPIPE), not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    return close_stdout(run(argc, argv));
}
