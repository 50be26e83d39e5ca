/*
 * stats.c -- `digicheck check --statistics`: how many findings each rule
 * and each category gave over all drafts of a run, instead of the document
 * (like ruff --statistics), most frequent first.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct stat_row {
    char *key, *category;       /* a rule id and its category, or a category alone */
    int severity;               /* the rule's highest severity seen */
    size_t n;
} stat_row;

struct cli_stats {
    stat_row *rules, *categories;
    size_t nrules, ncategories, caprules, capcategories;
    size_t findings, open;
    int oom;
};

cli_stats *cli_stats_new(void)
{
    return calloc(1, sizeof(cli_stats));
}

static void free_rows(stat_row *rows, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(rows[i].key);
        free(rows[i].category);
    }
    free(rows);
}

void cli_stats_free(cli_stats *s)
{
    if (!s)
        return;
    free_rows(s->rules, s->nrules);
    free_rows(s->categories, s->ncategories);
    free(s);
}

/* The row of key in rows (made if new); NULL when out of memory. */
static stat_row *row(stat_row **rows, size_t *n, size_t *cap, const char *key,
                     const char *category)
{
    size_t i;
    stat_row *r;

    for (i = 0; i < *n; i++)
        if (strcmp((*rows)[i].key, key) == 0)
            return &(*rows)[i];
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 32;
        stat_row *v = realloc(*rows, c * sizeof *v);
        if (!v)
            return NULL;
        *rows = v;
        *cap = c;
    }
    r = &(*rows)[*n];
    memset(r, 0, sizeof *r);
    r->key = strdup(key);
    r->category = strdup(category);
    if (!r->key || !r->category) {
        free(r->key);
        free(r->category);
        return NULL;
    }
    (*n)++;
    return r;
}

void cli_stats_add(cli_stats *s, const digicheck_report *r)
{
    size_t i;

    for (i = 0; i < digicheck_report_count(r) && !s->oom; i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        const char *cat = digicheck_finding_category(f);
        stat_row *a = row(&s->rules, &s->nrules, &s->caprules, digicheck_finding_rule_id(f),
                          cat);
        stat_row *b = a ? row(&s->categories, &s->ncategories, &s->capcategories, cat, cat)
                        : NULL;
        if (!a || !b) {
            s->oom = 1;
            break;
        }
        a->n++;
        b->n++;
        if (digicheck_finding_severity(f) > a->severity)
            a->severity = digicheck_finding_severity(f);
        s->findings++;
    }
    s->open += cli_open_questions(r);
}

/* Most frequent first, then by name. */
static int cmp_row(const void *pa, const void *pb)
{
    const stat_row *a = pa, *b = pb;

    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return strcmp(a->key, b->key);
}

static const char *severity_name(int s)
{
    return s == DIGICHECK_SEVERITY_ERROR ? "error"
         : s == DIGICHECK_SEVERITY_WARNING ? "warning" : "info";
}

int cli_stats_print(FILE *out, cli_stats *s)
{
    size_t i;

    if (s->oom) {
        fprintf(stderr, "digicheck: out of memory counting the findings\n");
        return -1;
    }
    qsort(s->rules, s->nrules, sizeof *s->rules, cmp_row);
    qsort(s->categories, s->ncategories, sizeof *s->categories, cmp_row);
    for (i = 0; i < s->nrules; i++)
        fprintf(out, "%8zu  %-44s %-20s %s\n", s->rules[i].n, s->rules[i].key,
                s->rules[i].category, severity_name(s->rules[i].severity));
    if (s->ncategories)
        fputc('\n', out);
    for (i = 0; i < s->ncategories; i++)
        fprintf(out, "%8zu  %s\n", s->categories[i].n, s->categories[i].key);
    fprintf(out, "%s%8zu  Befunde, %zu offene Fragen\n", s->nrules ? "\n" : "", s->findings,
            s->open);
    return 0;
}
