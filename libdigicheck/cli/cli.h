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

/* What `digicheck check` was asked to do. */
typedef struct cli_batch {
    const digicheck_ruleset *rs;
    const digicheck_record *answers;    /* --answers FILE, or NULL */
    int output;                 /* DIGICHECK_OUTPUT_* */
    int fail_on;                /* DIGICHECK_SEVERITY_* */
    int jobs;                   /* worker threads, >= 1 */
    int progress;               /* -1 auto (stderr a terminal), 0 off, 1 on */
    int verbose;                /* say on stderr what a walk skips */
    const char *const *excludes;  /* --exclude patterns (fnmatch) for what a walk finds */
    int nexcludes;
    FILE *out;                  /* where the document goes */
} cli_batch;

/* Checks the drafts named by paths (files, directories walked recursively,
 * "-" for standard input) and writes one document. Returns the exit code. */
int cli_batch_run(const cli_batch *b, char **paths, int npaths);

/* Is the YAML or JSON file at path a draft description (sniff.c)? 1 yes,
 * 0 no, -1 it cannot be opened. */
int  cli_is_description(const char *path);

/* Writes len bytes of s to f (standard output). Returns 0, or -1 when the
 * write failed; main() then says why on stderr and exits with EXIT_TROUBLE. */
int cli_write(FILE *f, const char *s, size_t len);

/* "file:line:column: message" (the parts that are known) on stderr. */
void cli_print_error(const char *what, const digicheck_error *err);

#endif
