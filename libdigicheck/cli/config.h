/*
 * config.h -- the project config `.digicheck.yaml` (config.c) and what a
 * draft is checked with: the rule sets, the levels of rules, the answers,
 * the fail-on level and the format, each with where it came from.
 */
#ifndef DIGICHECK_CLI_CONFIG_H
#define DIGICHECK_CLI_CONFIG_H

#include <stddef.h>

#include "digicheck.h"

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

/* The name of the file, searched upward from each checked path. */
#define CLI_CONFIG_NAME ".digicheck.yaml"

/* One value of a config file as written, where it stands (1-based), and for
 * a file name the path it names (NULL for other values). */
typedef struct cli_value {
    char *text;
    char *path;
    long line, column;
} cli_value;

/* One `.digicheck.yaml`, read and checked. */
typedef struct cli_config {
    char *file;                 /* as said in messages (relative to the current directory) */
    char *dir;                  /* its directory, absolute: relative values start there */
    cli_value *rulesets;        /* `rulesets:` (path NULL: the default rule set) */
    size_t nrulesets;
    struct cli_rule {           /* `rules:`: a rule id and its level */
        cli_value id, level;
    } *rules;
    size_t nrules;
    cli_value *excludes;        /* `exclude:` globs, relative to dir */
    size_t nexcludes;
    cli_value answers, fail_on, format;     /* text NULL: not given */
} cli_config;

/* Every config a run met, each read once, and where the search found them. */
typedef struct cli_configs cli_configs;

/* disabled: --no-config or DIGICHECK_NO_CONFIG; no file is then read.
 * NULL when out of memory. */
cli_configs *cli_configs_new(int disabled);
void cli_configs_free(cli_configs *cs);

/* The config in effect for dir: the nearest .digicheck.yaml in dir or above
 * it, or NULL (none, or disabled). Returns 0, or EXIT_TROUBLE when a config
 * is bad or memory ran out (said on stderr). */
int cli_configs_find(cli_configs *cs, const char *dir, const cli_config **out);

/* The config in effect inside dir during a walk: the one in dir itself if
 * it has one, else parent. Returns 0 or EXIT_TROUBLE as above. */
int cli_configs_enter(cli_configs *cs, const char *dir, const cli_config *parent,
                      const cli_config **out);

/* The config in effect for a path named on the command line (a file: from
 * its directory; a directory: from itself; "-": the current directory). */
int cli_configs_for_path(cli_configs *cs, const char *path, const cli_config **out);

/* The `exclude:` glob of c that matches rel (a path relative to c->dir), or
 * NULL. A glob without '/' matches a name at any depth; one with '/' the
 * whole path, '**' standing for any number of directories. */
const char *cli_config_excluded(const cli_config *c, const char *rel);

/* "file:line:column: message" on stderr, for a value of config c. */
void cli_config_error(const cli_config *c, const cli_value *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The words a config and the command line share: NULL-terminated names
 * with their values. */
extern const char *const cli_format_names[];
extern const int cli_format_values[];
extern const char *const cli_level_names[];     /* info, warning, error */
extern const int cli_level_values[];

/* The index of word in names, or -1. */
int cli_name_index(const char *const *names, const char *word);

/* What the command line says about the keys of a config (NULL, 0: nothing,
 * the config or the default decides). */
typedef struct cli_flags {
    const char *const *rulesets;    /* -r, in the order given */
    size_t nrulesets;
    const char *answers, *fail_on, *format;
    const char *const *excludes;    /* --exclude (shown by `digicheck config`) */
    size_t nexcludes;
} cli_flags;

/* What a draft is checked with: one per config a run met (and one for
 * drafts under none). The rule set is shared by the profiles whose rule sets
 * and levels are the same. */
typedef struct cli_profile {
    const cli_config *config;   /* NULL: no config */
    const digicheck_ruleset *rs;
    const digicheck_record *answers;    /* or NULL */
    int fail_on;                /* DIGICHECK_SEVERITY_* */
    int output;                 /* DIGICHECK_OUTPUT_* (-f, else `format:`, else text) */
} cli_profile;

/* The profiles of a run, built once per config. */
typedef struct cli_profiles cli_profiles;

cli_profiles *cli_profiles_new(const cli_flags *flags);
void cli_profiles_free(cli_profiles *ps);

/* The profile of config c (NULL: no config), made the first time: rule sets
 * loaded, levels set, answers read. Returns 0, or EXIT_TROUBLE with the
 * error said on stderr at its place (file:line:column). */
int cli_profiles_get(cli_profiles *ps, const cli_config *c, size_t *index);
size_t cli_profiles_count(const cli_profiles *ps);
const cli_profile *cli_profiles_at(const cli_profiles *ps, size_t i);

/* The rule set named by path (NULL: the default), loaded; on failure said
 * on stderr. Returns 0 or EXIT_TROUBLE. */
int cli_load_ruleset(const char *path, digicheck_ruleset **rs);

/* Unless DIGICHECK_RULESET_PATH is set, sets it to the directory that holds
 * the default rule set, so that `extends: digitalcheck` in a rule set kept
 * anywhere finds the installed rule sets. */
void cli_ruleset_path_default(void);

/* `digicheck config [PATH]`: the effective configuration for path and where
 * each value came from; json: as a JSON object. Returns the exit code. */
int cli_config_show(const char *path, const cli_flags *flags, int no_config, int json);

#endif
