/*
 * eval.c -- measures a rule set against hand-labelled sentences (public API only).
 *
 *     eval [-v] RULESET SENTENCES.tsv
 *
 * Every line of the TSV file is "id<TAB>path<TAB>stratum<TAB>categories<TAB>text"
 * (see tests/eval/README.md). Each text is checked as a plain-text draft of its
 * own; the categories of the findings (text and absence findings, not
 * diagnostics) are compared with the labelled ones. The program prints, per
 * category and overall, the counts and precision and recall, once over all
 * sentences and once over the stratum "random" alone. With -v it also lists
 * every disagreement ("FP" found but not labelled, "FN" labelled but not
 * found) with the rules that fired.
 *
 * It reports figures; it does not judge them. The exit status is 0 when the
 * figures could be computed, 2 on a usage, input or library error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digicheck.h"

static const char *const categories[] = {
    "written-form", "signature", "personal-appearance", "original-document",
    "paper-or-post", "technology-lock-in", "proof-submission", "data-reuse",
    "vague-term", "discretion", "personal-data", "it-security", "accessibility",
    "interoperability",
};
#define NCAT (sizeof categories / sizeof categories[0])

/* True and false positives and false negatives per category; [NCAT] is the sum. */
typedef struct counts {
    long tp[NCAT + 1], fp[NCAT + 1], fn[NCAT + 1];
    long sentences;
} counts;

static int category_index(const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < NCAT; i++)
        if (strlen(categories[i]) == len && strncmp(categories[i], name, len) == 0)
            return (int)i;
    return -1;
}

/* Parses "a,b,c" or "-" into flags; returns 0, or -1 for an unknown name. */
static int parse_labels(const char *s, int *flags)
{
    memset(flags, 0, NCAT * sizeof *flags);
    if (strcmp(s, "-") == 0)
        return 0;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        int k = category_index(s, len);
        if (k < 0)
            return -1;
        flags[k] = 1;
        s += len + (e ? 1 : 0);
    }
    return 0;
}

/* Splits a line into n tab-separated fields in place; returns the number found. */
static int split_tabs(char *line, char **field, int n)
{
    int k = 0;

    field[k++] = line;
    for (; *line && k < n; line++)
        if (*line == '\t') {
            *line = '\0';
            field[k++] = line + 1;
        }
    return k;
}

static void tally(counts *c, const int *want, const int *got)
{
    size_t i;

    for (i = 0; i < NCAT; i++) {
        if (want[i] && got[i])
            c->tp[i]++, c->tp[NCAT]++;
        else if (got[i])
            c->fp[i]++, c->fp[NCAT]++;
        else if (want[i])
            c->fn[i]++, c->fn[NCAT]++;
    }
    c->sentences++;
}

static void print_ratio(long num, long den)
{
    if (den == 0)
        printf("%10s", "-");
    else
        printf("%10.3f", (double)num / (double)den);
}

static void print_table(const char *title, const counts *c)
{
    size_t i;

    printf("%s (%ld sentences)\n", title, c->sentences);
    printf("%-22s %9s %9s %6s %6s %6s %10s %10s\n", "category", "labelled", "found",
           "TP", "FP", "FN", "precision", "recall");
    for (i = 0; i <= NCAT; i++) {
        long tp = c->tp[i], fp = c->fp[i], fn = c->fn[i];
        printf("%-22s %9ld %9ld %6ld %6ld %6ld ", i < NCAT ? categories[i] : "overall",
               tp + fn, tp + fp, tp, fp, fn);
        print_ratio(tp, tp + fp);
        putchar(' ');
        print_ratio(tp, tp + fn);
        putchar('\n');
    }
    putchar('\n');
}

/* Checks one text; sets got[] and appends the ids of the rules that fired to
 * rules (at most size bytes). Returns DIGICHECK_OK or an error code. */
static int check_text(digicheck_checker *c, const char *text, int *got, char *rules,
                      size_t size, digicheck_error *err)
{
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    size_t i, used = 0;
    int rc;

    memset(got, 0, NCAT * sizeof *got);
    rules[0] = '\0';
    rc = digicheck_draft_parse(&d, text, strlen(text), "<sentence>", DIGICHECK_FORMAT_TEXT,
                               err);
    if (rc == DIGICHECK_OK)
        rc = digicheck_check(c, d, &r, err);
    for (i = 0; rc == DIGICHECK_OK && i < digicheck_report_count(r); i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        const char *cat = digicheck_finding_category(f);
        int k;

        if (strcmp(digicheck_finding_kind(f), "diagnostic") == 0)
            continue;
        k = category_index(cat, strlen(cat));
        if (k >= 0)
            got[k] = 1;
        if (used + strlen(digicheck_finding_rule_id(f)) + 2 < size)
            used += (size_t)snprintf(rules + used, size - used, "%s%s", used ? " " : "",
                                     digicheck_finding_rule_id(f));
    }
    digicheck_report_free(r);
    digicheck_draft_free(d);
    return rc;
}

int main(int argc, char **argv)
{
    digicheck_error err;
    digicheck_ruleset *rs = NULL;
    digicheck_checker *c = NULL;
    counts all, random;
    FILE *fp = NULL;
    char line[16384], rules[1024];
    long lineno = 0;
    int verbose = 0, status = 2, a = 1;

    if (argc > 1 && strcmp(argv[1], "-v") == 0)
        verbose = 1, a = 2;
    if (argc - a != 2) {
        fprintf(stderr, "usage: %s [-v] RULESET SENTENCES.tsv\n", argv[0]);
        return 2;
    }
    memset(&all, 0, sizeof all);
    memset(&random, 0, sizeof random);
    if (digicheck_ruleset_load(&rs, argv[a], &err) != DIGICHECK_OK ||
        digicheck_checker_new(&c, rs, &err) != DIGICHECK_OK) {
        fprintf(stderr, "%s:%ld:%ld: %s\n", err.source, err.line, err.column, err.message);
        goto done;
    }
    fp = fopen(argv[a + 1], "r");
    if (!fp) {
        perror(argv[a + 1]);
        goto done;
    }
    while (fgets(line, sizeof line, fp)) {
        char *field[5];
        int want[NCAT], got[NCAT];
        size_t len = strlen(line), i;

        lineno++;
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (split_tabs(line, field, 5) != 5 || parse_labels(field[3], want) != 0) {
            fprintf(stderr, "%s:%ld: expected id, path, stratum, known categories, text\n",
                    argv[a + 1], lineno);
            goto done;
        }
        if (check_text(c, field[4], got, rules, sizeof rules, &err) != DIGICHECK_OK) {
            fprintf(stderr, "%s:%ld: %s\n", argv[a + 1], lineno, err.message);
            goto done;
        }
        tally(&all, want, got);
        if (strcmp(field[2], "random") == 0)
            tally(&random, want, got);
        for (i = 0; verbose && i < NCAT; i++)
            if (want[i] != got[i])
                printf("%s %-20s %s [%s] %s\n", got[i] ? "FP" : "FN", categories[i], field[0],
                       rules, field[4]);
    }
    if (ferror(fp)) {
        perror(argv[a + 1]);
        goto done;
    }
    if (verbose)
        putchar('\n');
    printf("rule set %s, %zu rules\n\n", argv[a], digicheck_ruleset_rule_count(rs));
    print_table("all sentences", &all);
    print_table("stratum 'random' only", &random);
    status = 0;
done:
    if (fp)
        fclose(fp);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    return status;
}
