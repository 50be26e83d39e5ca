/*
 * inproc.c -- in-process timings through the C API: loading a rule set
 * (the first load, which compiles what the cache of Hyperscan databases
 * does not hold yet, apart), and checking a 100 KB and a 1 MB draft
 * (median of many runs). Prints "name median_ms runs" lines. Run it with
 * XDG_CACHE_HOME set to an empty directory to time a cold compile. LOADS
 * and CHECKS (51 and 200 by default) make the runs few enough for
 * callgrind, where instructions, not times, are the figures: 1 0 counts a
 * load alone, 1 10 a load and ten checks of 100 KB (no 1 MB check then).
 *
 *     inproc RULESET DRAFT-TEXT-FILE [LOADS CHECKS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "digicheck.h"

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

/* Parses and checks the first `size` bytes (cut at a line end). */
static double check_ms(digicheck_checker *c, const char *text, size_t size)
{
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    double t0;

    while (size > 0 && text[size - 1] != '\n')
        size--;
    t0 = now_ms();
    if (digicheck_draft_parse(&d, text, size, "bench.md", DIGICHECK_FORMAT_MARKDOWN, &err) ||
        digicheck_check(c, d, &r, &err)) {
        fprintf(stderr, "inproc: %s\n", err.message);
        exit(1);
    }
    t0 = now_ms() - t0;
    digicheck_report_free(r);
    digicheck_draft_free(d);
    return t0;
}

int main(int argc, char **argv)
{
    static double t[200];
    int loads = 51, checks = 200;
    digicheck_ruleset *rs = NULL;
    digicheck_checker *c = NULL;
    digicheck_error err;
    FILE *fp;
    char *text;
    long n;
    int i;

    if (argc == 5) {
        loads = atoi(argv[3]);
        checks = atoi(argv[4]);
    }
    if ((argc != 3 && argc != 5) || loads < 1 || loads > 51 || checks < 0 || checks > 200 ||
        !(fp = fopen(argv[2], "rb"))) {
        fprintf(stderr, "usage: inproc RULESET DRAFT [LOADS CHECKS]\n");
        return 2;
    }
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, fp) != (size_t)n)
        return 2;
    fclose(fp);
    for (i = 0; i < loads; i++) {
        double t0 = now_ms();
        if (digicheck_ruleset_load(&rs, argv[1], &err)) {
            fprintf(stderr, "inproc: %s\n", err.message);
            return 1;
        }
        t[i] = now_ms() - t0;
        digicheck_ruleset_free(rs);
    }
    printf("ruleset_first %.3f 1\n", t[0]);
    if (loads > 1)
        printf("ruleset_load %.3f %d\n", median(t + 1, loads - 1), loads - 1);
    if (checks == 0)
        goto done;
    digicheck_ruleset_load(&rs, argv[1], &err);
    digicheck_checker_new(&c, rs, &err);
    for (i = 0; i < checks; i++)
        t[i] = check_ms(c, text, n < 100000 ? (size_t)n : 100000);
    printf("check_100k %.3f %d\n", median(t, checks), checks);
    if (n >= 1000000 && checks == 200) {
        for (i = 0; i < 30; i++)
            t[i] = check_ms(c, text, 1000000);
        printf("check_1m %.3f 30\n", median(t, 30));
    }
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
done:
    free(text);
    return 0;
}
