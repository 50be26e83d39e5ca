/*
 * unit.h -- what every cmocka unit test includes. Unit tests link the static
 * library, so they may call the internal dci_ functions as well as the
 * public API.
 */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dci.h"
#include "regex.h"
#include "prefilter.h"
#include "yaml.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "search.h"
#include "finding.h"
#include "trigger.h"
#include "questions.h"
#include "check.h"
#include "lua.h"
#include "digicheck.h"

/* Asserts an error's code, the start of its message, line and column. */
#define assert_error(err, c, prefix, l, col) do {                               \
        assert_int_equal((err).code, (c));                                      \
        if (strncmp((err).message, (prefix), strlen(prefix)) != 0)             \
            fail_msg("message '%s' does not start with '%s'", (err).message,   \
                     (prefix));                                                 \
        assert_int_equal((err).line, (l));                                      \
        assert_int_equal((err).column, (col));                                  \
    } while (0)

/* Loads a single-file rule set made of the given texts, written to a
 * temporary file (second may be NULL); fails the test on an error. */
static inline digicheck_ruleset *unit_load_yaml(const char *first, const char *second)
{
    char path[] = "/tmp/dc-test-XXXXXX.yaml";
    int fd = mkstemps(path, 5);
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    FILE *fp;

    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs(first, fp);
    if (second)
        fputs(second, fp);
    fclose(fp);
    if (digicheck_ruleset_load(&rs, path, &err) != DIGICHECK_OK)
        fail_msg("rule set: %s:%ld:%ld: %s", err.source, err.line, err.column, err.message);
    remove(path);
    return rs;
}

/* A temporary directory for the tests of a file: unit_dir_setup and
 * unit_dir_teardown are cmocka group fixtures, unit_path(name) is a path in
 * it (the last four stay valid), unit_write writes a file there and
 * returns its path. */
static inline char *unit_dir(void)
{
    static char dir[64];

    return dir;
}

static inline int unit_dir_setup(void **state)
{
    (void)state;
    strcpy(unit_dir(), "/tmp/dc-unit-XXXXXX");
    return mkdtemp(unit_dir()) ? 0 : -1;
}

static inline int unit_dir_teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", unit_dir());
    return system(cmd) == 0 ? 0 : -1;
}

static inline char *unit_path(const char *name)
{
    static char buf[4][256];
    static int k;
    char *p = buf[k++ % 4];

    snprintf(p, 256, "%s/%s", unit_dir(), name);
    return p;
}

static inline const char *unit_write(const char *name, const char *text)
{
    char *path = unit_path(name);
    FILE *fp = fopen(path, "w");

    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

#endif
