/*
 * test_threads.c -- one rule set shared by 8 threads, each with its own
 * checker, checking every draft named on the command line many times: every
 * report must render exactly as the single-threaded one. Public API only;
 * run under ThreadSanitizer by make test-tsan.
 *
 *     test_threads RULESET DRAFT...
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digicheck.h"

#define THREADS 8
#define ROUNDS 4

typedef struct job {
    digicheck_checker *c;       /* made before the thread starts */
    char **paths;
    char **expected;
    int n;
    int failures;
} job;

/* The JSON of one draft checked with checker c; NULL on error. */
static char *check_one(digicheck_checker *c, const char *path)
{
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    char *out = NULL;

    if (digicheck_draft_load(&d, path, DIGICHECK_FORMAT_AUTO, &err) == DIGICHECK_OK &&
        digicheck_check(c, d, &r, &err) == DIGICHECK_OK)
        digicheck_report_render(r, DIGICHECK_OUTPUT_JSON, &out, NULL, &err);
    else
        fprintf(stderr, "threads: %s: %s\n", path, err.message);
    digicheck_report_free(r);
    digicheck_draft_free(d);
    return out;
}

static void *worker(void *arg)
{
    job *j = arg;
    int round, i;

    for (round = 0; round < ROUNDS; round++)
        for (i = 0; i < j->n; i++) {
            char *got = check_one(j->c, j->paths[i]);
            if (!got || strcmp(got, j->expected[i]) != 0) {
                fprintf(stderr, "threads: %s differs from the single-threaded report\n",
                        j->paths[i]);
                j->failures++;
            }
            digicheck_free(got);
        }
    digicheck_checker_free(j->c);
    return NULL;
}

int main(int argc, char **argv)
{
    digicheck_ruleset *rs = NULL;
    digicheck_checker *c = NULL;
    digicheck_error err;
    pthread_t tid[THREADS];
    job jobs[THREADS];
    char **expected;
    int i, n = argc - 2, failures = 0;

    if (argc < 3) {
        fprintf(stderr, "usage: test_threads RULESET DRAFT...\n");
        return 2;
    }
    if (digicheck_ruleset_load(&rs, argv[1], &err) != DIGICHECK_OK ||
        digicheck_checker_new(&c, rs, &err) != DIGICHECK_OK) {
        fprintf(stderr, "threads: %s\n", err.message);
        return 2;
    }
    expected = calloc((size_t)n, sizeof *expected);
    for (i = 0; i < n; i++)
        if (!(expected[i] = check_one(c, argv[i + 2])))
            return 2;
    digicheck_checker_free(c);
    for (i = 0; i < THREADS; i++) {
        jobs[i] = (job){ NULL, argv + 2, expected, n, 0 };
        if (digicheck_checker_new(&jobs[i].c, rs, &err) != DIGICHECK_OK)
            return 2;
    }
    /* the rule set may be released while its checkers still hold it */
    digicheck_ruleset_free(rs);
    for (i = 0; i < THREADS; i++)
        if (pthread_create(&tid[i], NULL, worker, &jobs[i]) != 0)
            return 2;
    for (i = 0; i < THREADS; i++) {
        pthread_join(tid[i], NULL);
        failures += jobs[i].failures;
    }
    for (i = 0; i < n; i++)
        digicheck_free(expected[i]);
    free(expected);
    printf("threads: %d threads x %d rounds x %d drafts, %d differences\n", THREADS, ROUNDS, n,
           failures);
    return failures ? 1 : 0;
}
