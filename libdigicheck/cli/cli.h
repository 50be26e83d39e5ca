/*
 * cli.h -- what the modules of the digicheck command share. The command
 * uses the public header of the library only.
 */
#ifndef DIGICHECK_CLI_H
#define DIGICHECK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "digicheck.h"

/* Exit codes (also in the man page). */
#define EXIT_CLEAN    0     /* nothing at or above --fail-on */
#define EXIT_FINDINGS 1     /* findings at or above --fail-on; failed rule examples */
#define EXIT_TROUBLE  2     /* usage, rule set or input errors */

/* An answer given with --answers: question id and answer. */
typedef struct cli_answer {
    char *question, *answer;
} cli_answer;

typedef struct cli_answers {
    cli_answer *items;
    size_t n;
} cli_answers;

/* Reads an answers file: a flat YAML mapping, one "question: answer" per
 * line ("question=answer" too), "#" comments, answers optionally quoted.
 * On failure prints "file:line:column: message" to stderr and returns -1. */
int  cli_answers_read(cli_answers *a, const char *path);
void cli_answers_free(cli_answers *a);

/* What `digicheck check` was asked to do. */
typedef struct cli_batch {
    const digicheck_ruleset *rs;
    const cli_answers *answers;
    int output;                 /* DIGICHECK_OUTPUT_* */
    int fail_on;                /* DIGICHECK_SEVERITY_* */
    int jobs;                   /* worker threads, >= 1 */
    int progress;               /* -1 auto (stderr a terminal), 0 off, 1 on */
    int keep_going;             /* a check cut short by a limit is no trouble */
    FILE *out;                  /* where the document goes */
} cli_batch;

/* Checks the drafts named by paths (files, directories walked recursively,
 * "-" for standard input) and writes one document. Returns the exit code. */
int cli_batch_run(const cli_batch *b, char **paths, int npaths);

/* "file:line:column: message" (the parts that are known) on stderr. */
void cli_print_error(const char *what, const digicheck_error *err);

#endif
