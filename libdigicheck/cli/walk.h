/*
 * walk.h -- the list of drafts a run checks (walk.c), shared with batch.c.
 */
#ifndef DIGICHECK_CLI_WALK_H
#define DIGICHECK_CLI_WALK_H

#include <stdint.h>

#include "cli.h"

typedef struct cli_item {
    char *path;
    uint64_t size;
    int is_stdin;
    char *why;                  /* set when the walk already failed on it */
    const cli_config *config;   /* the project config it falls under, or NULL */
    size_t profile;             /* what it is checked with (cli_profiles_at) */
} cli_item;

typedef struct cli_list {
    cli_item *v;
    size_t n, cap;
    size_t excluded[2];         /* files and directories a walk excluded */
} cli_list;

/* Lists the drafts named by paths (files, directories walked, "-" for
 * standard input), each with its config. Returns 0; -1 when out of memory;
 * -2 when a config is bad or "-" came twice (said on stderr). */
int cli_list_drafts(cli_list *l, const cli_batch *b, char **paths, int npaths);
void cli_list_free(cli_list *l);

#endif
