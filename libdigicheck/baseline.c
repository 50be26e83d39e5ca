/*
 * baseline.c -- baselines: the findings a body of drafts had once, by file,
 * rule and fingerprint, so that a later check reports only what is new
 * (adopting the checker on existing law, where a first run finds tens of
 * thousands of things nobody will fix at once).
 *
 * A baseline file is text, one finding a line after a header:
 *
 *     # digicheck baseline 1
 *     <fingerprint> TAB <rule id> TAB <file>
 *
 * sorted, so that a diff of two baselines reads well. The fingerprint
 * (digicheck_finding_fingerprint) names a finding by its rule and text,
 * never by its line, so inserted lines and renumbered provisions keep it.
 * Comparing a report marks each finding new or unchanged and notes the
 * baseline's findings of that file that are gone (absent); the report
 * keeps those marks (report.c writes them).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "report.h"

#define HEADER "# digicheck baseline 1\n"

typedef struct entry {
    const char *fp, *rule, *file;
} entry;

struct digicheck_baseline {
    dci_arena arena;                /* the strings */
    entry *e; size_t n, cap;
    int sorted;
};

static int cmp_entry(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);

    return c ? c : strcmp(a->fp, b->fp);
}

static void sort(digicheck_baseline *b)
{
    if (!b->sorted && b->n > 1)
        qsort(b->e, b->n, sizeof *b->e, cmp_entry);
    b->sorted = 1;
}

static int add(digicheck_baseline *b, const char *fp, size_t fplen, const char *rule,
               size_t rlen, const char *file, size_t flen)
{
    entry *e;

    if (dci_grow((void **)&b->e, &b->cap, b->n + 1, sizeof *b->e))
        return -1;
    e = &b->e[b->n];
    e->fp = dci_arena_strndup(&b->arena, fp, fplen);
    e->rule = dci_arena_strndup(&b->arena, rule, rlen);
    e->file = dci_arena_strndup(&b->arena, file, flen);
    if (!e->fp || !e->rule || !e->file)
        return -1;
    b->n++;
    b->sorted = 0;
    return 0;
}

int digicheck_baseline_new(digicheck_baseline **out, digicheck_error *err)
{
    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'out' is NULL");
    if (!(*out = dci_malloc(sizeof **out)))
        return dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory making a baseline");
    memset(*out, 0, sizeof **out);
    (*out)->sorted = 1;
    return DIGICHECK_OK;
}

/* Line `line` (number lno) of a baseline file: "fp TAB rule TAB file". */
static int read_line(digicheck_baseline *b, const char *line, size_t len, long lno,
                     const char *path, digicheck_error *err)
{
    const char *t1 = memchr(line, '\t', len), *t2 = t1 ? memchr(t1 + 1, '\t', len -
                                                                (size_t)(t1 + 1 - line)) : NULL;

    if (!t1 || !t2 || t1 == line || t2 == t1 + 1 || t2 + 1 == line + len)
        return dci_error(err, DIGICHECK_ESYNTAX, path, lno, 1,
                         "expected 'fingerprint<TAB>rule<TAB>file' in a baseline; write "
                         "baselines with 'digicheck check --write-baseline FILE'");
    if (add(b, line, (size_t)(t1 - line), t1 + 1, (size_t)(t2 - t1 - 1), t2 + 1,
            (size_t)(line + len - t2 - 1)))
        return dci_error(err, DIGICHECK_ENOMEM, path, 0, 0, "out of memory reading a baseline");
    return DIGICHECK_OK;
}

static int read_baseline(digicheck_baseline *b, const char *path, digicheck_error *err)
{
    char *buf = NULL, *p, *nl;
    size_t len = 0;
    long lno = 1;
    int rc;

    if ((rc = dci_read_file(&buf, &len, path, (size_t)1 << 30, err)))
        return rc;
    if (len < sizeof HEADER - 1 || memcmp(buf, HEADER, sizeof HEADER - 1) != 0) {
        rc = dci_error(err, DIGICHECK_ESYNTAX, path, 1, 1, "not a digicheck baseline (its "
                       "first line is '%s')", "# digicheck baseline 1");
        goto done;
    }
    for (p = buf + sizeof HEADER - 1; rc == DIGICHECK_OK && p < buf + len; p = nl + 1) {
        size_t n;
        lno++;
        nl = memchr(p, '\n', (size_t)(buf + len - p));
        if (!nl)
            nl = buf + len;
        n = (size_t)(nl - p) - (nl > p && nl[-1] == '\r');
        if (n && *p != '#')
            rc = read_line(b, p, n, lno, path, err);
    }
done:
    dci_free(buf);
    return rc;
}

int digicheck_baseline_load(digicheck_baseline **out, const char *path, digicheck_error *err)
{
    int rc;

    if (!path)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'path' is NULL");
    if ((rc = digicheck_baseline_new(out, err)))
        return rc;
    if ((rc = read_baseline(*out, path, err))) {
        digicheck_baseline_free(*out);
        *out = NULL;
        return rc;
    }
    sort(*out);
    return DIGICHECK_OK;
}

int digicheck_baseline_add(digicheck_baseline *b, const digicheck_report *r,
                           digicheck_error *err)
{
    size_t i;

    if (!b || !r)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument '%s' is NULL",
                         b ? "r" : "b");
    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        const char *rule = f->rule ? f->rule->id : "";
        if (f->kind == DCI_KIND_DIAGNOSTIC || !f->fingerprint)
            continue;           /* a diagnostic is about the check, not the draft */
        if (add(b, f->fingerprint, strlen(f->fingerprint), rule, strlen(rule), r->file,
                strlen(r->file)))
            return dci_error(err, DIGICHECK_ENOMEM, r->file, 0, 0,
                             "out of memory adding to a baseline");
    }
    return DIGICHECK_OK;
}

size_t digicheck_baseline_count(const digicheck_baseline *b)
{
    return b ? b->n : 0;
}

int digicheck_baseline_write(digicheck_baseline *b, const char *path, digicheck_error *err)
{
    FILE *fp;
    size_t i;
    int bad;

    if (!b || !path)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument '%s' is NULL",
                         b ? "path" : "b");
    sort(b);
    if (!(fp = fopen(path, "wb")))
        return dci_error(err, DIGICHECK_EIO, path, 0, 0, "cannot write the baseline: %s",
                         strerror(errno));
    bad = fputs(HEADER, fp) < 0;
    for (i = 0; i < b->n && !bad; i++)
        bad = fprintf(fp, "%s\t%s\t%s\n", b->e[i].fp, b->e[i].rule, b->e[i].file) < 0;
    bad |= fclose(fp) != 0;
    return bad ? dci_error(err, DIGICHECK_EIO, path, 0, 0, "cannot write the baseline: %s",
                           strerror(errno))
               : DIGICHECK_OK;
}

/* The entries of file, [*first, *last) of the sorted entries. */
static void file_range(const digicheck_baseline *b, const char *file, size_t *first,
                       size_t *last)
{
    size_t lo = 0, hi = b->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(b->e[mid].file, file) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    while (hi < b->n && strcmp(b->e[hi].file, file) == 0)
        hi++;
    *last = hi;
}

/* The entry of fp in [first, last), or (size_t)-1. */
static size_t find(const digicheck_baseline *b, size_t first, size_t last, const char *fp)
{
    while (first < last) {
        size_t mid = first + (last - first) / 2;
        int c = strcmp(b->e[mid].fp, fp);
        if (!c)
            return mid;
        if (c < 0)
            first = mid + 1;
        else
            last = mid;
    }
    return (size_t)-1;
}

int digicheck_report_compare(digicheck_report *r, const digicheck_baseline *b,
                             int keep_unchanged, digicheck_error *err)
{
    size_t first, last, i, k;
    char *seen = NULL;
    int rc = DIGICHECK_OK;

    if (!r || !b)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument '%s' is NULL",
                         r ? "b" : "r");
    if (!b->sorted)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0,
                         "the baseline has findings added since it was written or loaded");
    file_range(b, r->file, &first, &last);
    if (last > first && !(seen = dci_malloc(last - first)))
        return dci_error(err, DIGICHECK_ENOMEM, r->file, 0, 0, "out of memory comparing");
    if (seen)
        memset(seen, 0, last - first);
    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        if (f->kind == DCI_KIND_DIAGNOSTIC || !f->fingerprint)
            continue;
        k = find(b, first, last, f->fingerprint);
        if (k != (size_t)-1)
            seen[k - first] = 1;
        dci_report_set_baseline(r, i, k != (size_t)-1 ? DCI_BASELINE_UNCHANGED
                                                      : DCI_BASELINE_NEW);
    }
    for (k = first; k < last && rc == DIGICHECK_OK; k++)
        if (!seen[k - first] && dci_report_add_absent(r, b->e[k].rule, b->e[k].fp))
            rc = dci_error(err, DIGICHECK_ENOMEM, r->file, 0, 0, "out of memory comparing");
    if (rc == DIGICHECK_OK && !keep_unchanged)
        dci_report_drop_unchanged(r);
    dci_free(seen);
    return rc;
}

void digicheck_baseline_free(digicheck_baseline *b)
{
    if (!b)
        return;
    dci_free(b->e);
    dci_arena_free(&b->arena);
    dci_free(b);
}
