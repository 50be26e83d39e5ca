/*
 * cli.h -- what the modules of the digicheck command share. The command
 * uses the public header of the library only.
 */
#ifndef DIGICHECK_CLI_H
#define DIGICHECK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "digicheck.h"
#include "config.h"

/* Exit codes (also in the man page). */
#define EXIT_CLEAN    0     /* nothing at or above --fail-on */
#define EXIT_FINDINGS 1     /* findings at or above --fail-on; failed rule examples */
#define EXIT_TROUBLE  2     /* usage, rule set or input errors */

/* How the text form looks to people (pretty.c): all 0 is the library's
 * grep form as it is. */
typedef struct cli_look {
    int color;                  /* colour the location, severity and marks */
    int carets;                 /* each finding's source line, the match marked */
    int summary;                /* a summary line per file and for the run; hints */
    int quiet;                  /* the finding lines only */
    int show_justified;         /* also the findings accepted with a reason */
} cli_look;

/* What the files of a run held, for the summary. */
typedef struct cli_tally {
    size_t sev[4];              /* findings by DIGICHECK_SEVERITY_* */
    size_t open;                /* open questions */
    size_t justified;           /* findings accepted with a reason */
    size_t files;
    int hinted;                 /* how to answer questions was said */
} cli_tally;

/* The open questions of a report: those that apply and have no answer. */
size_t cli_open_questions(const digicheck_report *r);

/* The text form of report r for people: its library rendering text[0..len)
 * decorated as look says, the source lines taken from src[0..srclen) (the
 * draft as read; NULL: none). Counts the report into run. Returns a buffer
 * of *out_len bytes to release with free(), or NULL when out of memory. */
char *cli_pretty_report(const cli_look *look, const digicheck_report *r, const char *text,
                        size_t len, const char *src, size_t srclen, cli_tally *run,
                        size_t *out_len);
/* The summary line of the run (more than one file), on out. */
void cli_pretty_run(FILE *out, const cli_look *look, const cli_tally *run);

/* Which findings a run keeps (--severity, --category, --rule); 0 and none:
 * all of them. */
typedef struct cli_filter {
    int min_severity;
    const char *const *categories;
    size_t ncategories;
    const char *const *rules;
    size_t nrules;
} cli_filter;

/* --statistics (stats.c): the findings per rule and category of a run. */
typedef struct cli_stats cli_stats;
cli_stats *cli_stats_new(void);
void cli_stats_free(cli_stats *s);
void cli_stats_add(cli_stats *s, const digicheck_report *r);
/* Writes the table, most frequent first. Returns 0, -1 when out of memory. */
int cli_stats_print(FILE *out, cli_stats *s);

/* What `digicheck check` was asked to do. The rule sets, answers, fail-on
 * level and format come from the profile of each draft's config. */
typedef struct cli_batch {
    cli_configs *configs;       /* the project configs met */
    cli_profiles *profiles;     /* what the drafts under each are checked with */
    int output;                 /* DIGICHECK_OUTPUT_*: the run's, set by cli_batch_run */
    int fail_on_open;           /* open questions make the exit code 1 too */
    int jobs;                   /* worker threads, >= 1 */
    int progress;               /* -1 auto (stderr a terminal), 0 off, 1 on */
    int verbose;                /* say on stderr what a walk skips */
    const char *const *excludes;  /* --exclude patterns (fnmatch) for what a walk finds */
    int nexcludes;
    cli_look look;              /* how the text form looks (pretty.c) */
    cli_filter filter;          /* the findings kept */
    int statistics;             /* counts per rule and category instead of the document */
    size_t max_results;         /* SARIF: results written at most (0: all) */
    const digicheck_baseline *baseline;   /* --baseline FILE: report new findings only */
    digicheck_baseline *record;           /* --write-baseline FILE: every finding goes here */
    int keep_going;             /* a check cut short by a limit is no trouble */
    FILE *out;                  /* where the document goes */
} cli_batch;

/* Checks the drafts named by paths (files, directories walked recursively,
 * "-" for standard input) and writes one document. Returns the exit code. */
int cli_batch_run(cli_batch *b, char **paths, int npaths);

/* The drafts a walk of dir finds, as `check` takes them (name order, hidden
 * entries skipped): *n paths to release with cli_walk_free(), or NULL when
 * out of memory. */
char **cli_walk_drafts(const char *dir, size_t *n);
void cli_walk_free(char **paths, size_t n);

/* What `digicheck serve` was asked to do (serve.c). */
typedef struct cli_serve_opts {
    const digicheck_ruleset *rs;
    const char *dir;            /* the drafts offered, or NULL (uploads only) */
    const char *records;        /* where records, uploads and saved rules go */
    int port;                   /* 0: any free port */
} cli_serve_opts;

/* Serves the review desk until SIGINT or SIGTERM. Returns the exit code. */
int cli_serve(const cli_serve_opts *o);

/* Is the YAML or JSON file at path a draft description (sniff.c)? 1 yes,
 * 0 no, -1 it cannot be opened. */
int  cli_is_description(const char *path);

/* The usage and the help texts of the commands (help.c). */
extern const char cli_usage[];
extern const char cli_help_serve[];
extern const char cli_help_main[];
extern const char cli_help_check[];
extern const char cli_help_check_more[];
extern const char cli_help_config[];
extern const char cli_help_test[];
extern const char cli_help_rules[];
extern const char cli_help_explain[];
extern const char cli_help_document[];
extern const char cli_help_annotate[];

/* Writes len bytes of s to f (standard output). Returns 0, or -1 when the
 * write failed; main() then says why on stderr and exits with EXIT_TROUBLE. */
int cli_write(FILE *f, const char *s, size_t len);

/* Writes s to f with the library's escaper (digicheck_escape): a file name,
 * an excerpt or a message from an input written to a terminal or a log can
 * carry no control character and no invalid UTF-8. The CLI writes every
 * such field through here; flags as digicheck_escape's. */
void cli_escaped(FILE *f, const char *s, size_t len, int flags);

/* "file:line:column: message" (the parts that are known) on stderr, the
 * name and the message escaped. */
void cli_print_error(const char *what, const digicheck_error *err);

#endif
