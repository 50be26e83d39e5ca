/*
 * test_oom.c -- out of memory, everywhere: for N = 1, 2, … the Nth
 * allocation of the library fails, while loading a rule set, parsing a
 * draft of every format and checking it, until the operation no longer
 * meets a failure. Every run must end in DIGICHECK_ENOMEM (or succeed with
 * the right result, where a failure has a fallback); this program is built
 * with AddressSanitizer, so a leak or a crash on any path fails it.
 *
 * Built against a library compiled with DCI_FAULT_INJECTION (make test-oom).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digicheck.h"

extern long dci_fault_at, dci_fault_count;

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    if (buf)
        buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* The JSON of draft `path` checked with rule set `rules`, or NULL with rc. */
static char *check(const char *rules, const char *path, const char *data, size_t len, int *rc)
{
    digicheck_ruleset *rs = NULL;
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    char *out = NULL, dir[4096], *slash;

    /* a description's text_file is read beside it, as digicheck_draft_load does */
    snprintf(dir, sizeof dir, "%s", path);
    if ((slash = strrchr(dir, '/')) != NULL)
        *slash = '\0';
    else
        strcpy(dir, ".");
    if ((*rc = digicheck_ruleset_load(&rs, rules, &err)) == DIGICHECK_OK &&
        (*rc = digicheck_draft_parse_in(&d, data, len, path, DIGICHECK_FORMAT_AUTO, dir,
                                        &err)) == DIGICHECK_OK &&
        (*rc = digicheck_draft_set_answer(d, "vp.it-system", "ja", &err)) == DIGICHECK_OK &&
        (*rc = digicheck_checker_new(&c, rs, &err)) == DIGICHECK_OK &&
        (*rc = digicheck_check(c, d, &r, &err)) == DIGICHECK_OK)
        *rc = digicheck_report_render(r, DIGICHECK_OUTPUT_SARIF, &out, NULL, &err);
    if (*rc != DIGICHECK_OK && *rc != DIGICHECK_ENOMEM)
        fprintf(stderr, "oom: %s: unexpected error %d: %s\n", path, *rc, err.message);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
    return out;
}

/* Fails every allocation in turn; returns the number of failures tried. */
static long exhaust(const char *rules, const char *path, int *bad)
{
    size_t len;
    char *data = slurp(path, &len), *want, *got;
    long n;
    int rc;

    if (!data) {
        fprintf(stderr, "oom: cannot read %s\n", path);
        *bad = 1;
        return 0;
    }
    dci_fault_at = 0;
    want = check(rules, path, data, len, &rc);
    if (!want) {
        *bad = 1;
        free(data);
        return 0;
    }
    for (n = 1;; n++) {
        dci_fault_at = n;
        dci_fault_count = 0;
        got = check(rules, path, data, len, &rc);
        if (dci_fault_count < n) {      /* the operation no longer meets a failure */
            digicheck_free(got);
            break;
        }
        if (rc != DIGICHECK_OK && rc != DIGICHECK_ENOMEM)
            *bad = 1;
        if (rc == DIGICHECK_OK && strcmp(got, want) != 0) {
            fprintf(stderr, "oom: %s: allocation %ld failed and the result is wrong\n",
                    path, n);
            *bad = 1;
        }
        digicheck_free(got);
    }
    dci_fault_at = 0;
    digicheck_free(want);
    free(data);
    return n - 1;
}

int main(int argc, char **argv)
{
    int i, bad = 0;

    if (argc < 3) {
        fprintf(stderr, "usage: test_oom RULESET DRAFT...\n");
        return 2;
    }
    for (i = 2; i < argc; i++) {
        long n = exhaust(argv[1], argv[i], &bad);
        printf("oom: %s: %ld allocations failed in turn\n", argv[i], n);
    }
    return bad;
}
