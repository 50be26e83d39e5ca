/*
 * eval.c -- measures a rule set against hand-labelled sentences (public API only).
 *
 *     eval [-v] RULESET SENTENCES.tsv
 *     eval [-v] --context CORPUS_DIR [--units UNITS.yaml] RULESET SENTENCES.tsv
 *
 * Every line of the TSV file is "id<TAB>path<TAB>stratum<TAB>categories<TAB>text"
 * (see tests/eval/README.md). Alone, each text is checked as a plain-text draft
 * of its own. In context, each statute the ids name ("statute.md:LINE") is
 * read from CORPUS_DIR and checked whole, once, and each sentence gets the
 * findings that start in its unit: the units are the findings of UNITS.yaml
 * (default tests/eval/units.yaml), a one-rule set that finds every unit once;
 * a labelled sentence is the unit that starts on its line with its path, and
 * an id that names no such unit, or more than one, is listed and left out
 * rather than guessed. A finding belongs to the first unit that ends after
 * its start and must carry that unit's path; one that does not is counted
 * as stray. The categories of the findings (text and absence findings, not
 * diagnostics) are compared with the labelled ones. The program prints, per
 * category and overall, the counts and precision and recall, once over all
 * sentences and once over the stratum "random" alone. With -v it also lists
 * every disagreement ("FP" found but not labelled, "FN" labelled but not
 * found) with the rules that fired.
 *
 * A rule with `group: section` reports one finding per § at its first
 * place; in context its other places would go uncounted, so the rule set
 * given to --context must be a copy with the grouping off (`make eval`
 * makes one). A finding that lists several places is counted and warned
 * about.
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

/* What collapse.c writes into a finding that stands for several places. */
#define GROUPED_MARK " Stellen in dieser Vorschrift:"

/* True and false positives and false negatives per category; [NCAT] is the sum. */
typedef struct counts {
    long tp[NCAT + 1], fp[NCAT + 1], fn[NCAT + 1];
    long sentences;
} counts;

/* One labelled sentence: its TSV line split in place. */
typedef struct labelled {
    char *buf;                  /* owns the fields */
    char *field[5];             /* id, path, stratum, categories, text */
    size_t statute_len;         /* the id up to its ':' */
    long line;                  /* the line it starts on */
    int want[NCAT];
} labelled;

/* What a sentence got: categories and the ids of the rules that fired. */
typedef struct verdict {
    int got[NCAT];
    char rules[1024];
    size_t used;
} verdict;

/* A unit of a statute, from a finding of the units rule set (strings
 * borrowed from its report). */
typedef struct unit {
    size_t start, end;          /* bytes of the statute */
    long line, word_line;       /* of its first character, of its first word character */
    const char *path;
} unit;

typedef struct evaluation {
    int verbose;
    counts all, random;
    long unmapped, stray, grouped;
} evaluation;

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

/* Fills l from one TSV line (copied); 0, or -1 for a malformed line. */
static int parse_line(const char *text, labelled *l)
{
    const char *colon;
    char *end;

    memset(l, 0, sizeof *l);
    if (!(l->buf = malloc(strlen(text) + 1)))
        return -1;
    strcpy(l->buf, text);
    if (split_tabs(l->buf, l->field, 5) != 5 || parse_labels(l->field[3], l->want) != 0)
        return -1;
    colon = strrchr(l->field[0], ':');
    if (!colon || colon == l->field[0])
        return -1;
    l->statute_len = (size_t)(colon - l->field[0]);
    l->line = strtol(colon + 1, &end, 10);
    return *end == '\0' && l->line > 0 ? 0 : -1;
}

static void free_labelled(labelled *l, size_t n)
{
    size_t i;

    for (i = 0; l && i < n; i++)
        free(l[i].buf);
    free(l);
}

/* Reads the labelled sentences of path into *out (*n of them); 0, or -1
 * after saying why. */
static int read_labelled(const char *path, labelled **out, size_t *n)
{
    FILE *fp = fopen(path, "r");
    char line[16384];
    labelled *l = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = -1;

    *out = NULL;
    *n = 0;
    if (!fp) {
        perror(path);
        return -1;
    }
    while (fgets(line, sizeof line, fp)) {
        size_t len = strlen(line);

        lineno++;
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (*n == cap) {
            labelled *m = realloc(l, (cap = cap ? 2 * cap : 256) * sizeof *l);
            if (!m) {
                fprintf(stderr, "%s: out of memory\n", path);
                goto done;
            }
            l = m;
        }
        if (parse_line(line, &l[(*n)++]) != 0) {
            fprintf(stderr, "%s:%ld: expected id (statute:line), path, stratum, known "
                    "categories, text\n", path, lineno);
            goto done;
        }
    }
    if (ferror(fp)) {
        perror(path);
        goto done;
    }
    rc = 0;
done:
    fclose(fp);
    if (rc != 0) {
        free_labelled(l, *n);
        l = NULL;
        *n = 0;
    }
    *out = l;
    return rc;
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

/* Counts a sentence's verdict, and with -v lists where it disagrees. */
static void judge(evaluation *ev, const labelled *l, const verdict *v)
{
    size_t i;

    tally(&ev->all, l->want, v->got);
    if (strcmp(l->field[2], "random") == 0)
        tally(&ev->random, l->want, v->got);
    for (i = 0; ev->verbose && i < NCAT; i++)
        if (l->want[i] != v->got[i])
            printf("%s %-20s %s [%s] %s\n", v->got[i] ? "FP" : "FN", categories[i],
                   l->field[0], v->rules, l->field[4]);
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

/* Does f count for the sentence it stands in? Diagnostics are about rules. */
static int counts_finding(const digicheck_finding *f)
{
    return strcmp(digicheck_finding_kind(f), "diagnostic") != 0;
}

/* Adds finding f to verdict v: its category, and its rule to the list. */
static void add_finding(verdict *v, const digicheck_finding *f)
{
    const char *cat = digicheck_finding_category(f), *id = digicheck_finding_rule_id(f);
    int k = category_index(cat, strlen(cat));

    if (k >= 0)
        v->got[k] = 1;
    if (v->used + strlen(id) + 2 < sizeof v->rules)
        v->used += (size_t)snprintf(v->rules + v->used, sizeof v->rules - v->used, "%s%s",
                                    v->used ? " " : "", id);
}

static void clear_verdict(verdict *v)
{
    memset(v->got, 0, sizeof v->got);
    v->rules[0] = '\0';
    v->used = 0;
}

/* ---- alone: each sentence a draft of its own ------------------------------ */

/* Checks one text into v. Returns DIGICHECK_OK or an error code. */
static int check_text(digicheck_checker *c, const char *text, verdict *v, digicheck_error *err)
{
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    size_t i;
    int rc;

    clear_verdict(v);
    rc = digicheck_draft_parse(&d, text, strlen(text), "<sentence>", DIGICHECK_FORMAT_TEXT,
                               err);
    if (rc == DIGICHECK_OK)
        rc = digicheck_check(c, d, &r, err);
    for (i = 0; rc == DIGICHECK_OK && i < digicheck_report_count(r); i++)
        if (counts_finding(digicheck_report_get(r, i)))
            add_finding(v, digicheck_report_get(r, i));
    digicheck_report_free(r);
    digicheck_draft_free(d);
    return rc;
}

static int eval_alone(evaluation *ev, digicheck_checker *c, const labelled *l, size_t n,
                      const char *tsv)
{
    digicheck_error err;
    verdict v;
    size_t i;

    for (i = 0; i < n; i++) {
        if (check_text(c, l[i].field[4], &v, &err) != DIGICHECK_OK) {
            fprintf(stderr, "%s: %s: %s\n", tsv, l[i].field[0], err.message);
            return -1;
        }
        judge(ev, &l[i], &v);
    }
    return 0;
}

/* ---- in context: each statute checked whole -------------------------------- */

/* One statute of the corpus, checked with the units rule set and the rule
 * set measured. */
typedef struct statute {
    digicheck_draft *d;
    digicheck_report *units_report, *report;
    unit *units;
    size_t nunits;
    long *unit_of;              /* per finding of report: its unit, or -1 */
} statute;

static void statute_free(statute *st)
{
    free(st->unit_of);
    free(st->units);
    digicheck_report_free(st->report);
    digicheck_report_free(st->units_report);
    digicheck_draft_free(st->d);
    memset(st, 0, sizeof *st);
}

/* The first unit of st that ends after byte off, or -1. */
static long unit_after(const statute *st, size_t off)
{
    size_t lo = 0, hi = st->nunits;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->units[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < st->nunits ? (long)lo : -1;
}

/* The unit of st finding f starts in: the first unit that ends after its
 * start, if f carries that unit's path; else -1. */
static long unit_of_finding(const statute *st, const digicheck_finding *f)
{
    long u = unit_after(st, digicheck_finding_offset(f));

    return u >= 0 && strcmp(st->units[u].path, digicheck_finding_path(f)) == 0 ? u : -1;
}

static int is_rule(const digicheck_finding *f, const char *id)
{
    return counts_finding(f) && strcmp(digicheck_finding_rule_id(f), id) == 0;
}

/* The units of st from its units report (in the order of the text): those
 * of rule `unit`, with the lines rule `word` finds them on. */
static int collect_units(statute *st)
{
    size_t i, n = digicheck_report_count(st->units_report);

    if (!(st->units = malloc((n ? n : 1) * sizeof *st->units)))
        return DIGICHECK_ENOMEM;
    for (i = 0; i < n; i++) {
        const digicheck_finding *f = digicheck_report_get(st->units_report, i);
        unit *u;

        if (!is_rule(f, "unit"))
            continue;           /* a limit of the units rule: that unit is missing */
        u = &st->units[st->nunits++];
        u->start = digicheck_finding_offset(f);
        u->end = u->start + digicheck_finding_length(f);
        u->line = u->word_line = digicheck_finding_line(f);
        u->path = digicheck_finding_path(f);
    }
    for (i = 0; i < n; i++) {
        const digicheck_finding *f = digicheck_report_get(st->units_report, i);
        long u = is_rule(f, "word") ? unit_of_finding(st, f) : -1;

        if (u >= 0)
            st->units[u].word_line = digicheck_finding_line(f);
    }
    return DIGICHECK_OK;
}

/* Assigns each counted finding of st's report to its unit: the first unit
 * that ends after its start, when the finding carries that unit's path
 * (else it is stray: -1, counted in ev). */
static int assign_findings(evaluation *ev, statute *st)
{
    size_t i, n = digicheck_report_count(st->report);

    if (!(st->unit_of = malloc((n ? n : 1) * sizeof *st->unit_of)))
        return DIGICHECK_ENOMEM;
    for (i = 0; i < n; i++) {
        const digicheck_finding *f = digicheck_report_get(st->report, i);
        long u = -1;

        if (counts_finding(f)) {
            u = unit_of_finding(st, f);
            if (u < 0)
                ev->stray++;
            if (strstr(digicheck_finding_message(f), GROUPED_MARK))
                ev->grouped++;
        }
        st->unit_of[i] = u;
    }
    return DIGICHECK_OK;
}

/* Reads statute `name` (len bytes) from dir and checks it with both
 * checkers. DIGICHECK_EIO when it cannot be read. */
static int statute_check(evaluation *ev, statute *st, const char *dir, const char *name,
                         size_t len, digicheck_checker *units, digicheck_checker *c,
                         digicheck_error *err)
{
    char path[4096];
    int rc;

    memset(st, 0, sizeof *st);
    if ((size_t)snprintf(path, sizeof path, "%s/%.*s", dir, (int)len, name) >= sizeof path) {
        snprintf(err->message, sizeof err->message, "path too long");
        return DIGICHECK_EINVAL;
    }
    rc = digicheck_draft_load(&st->d, path, DIGICHECK_FORMAT_AUTO, err);
    if (rc == DIGICHECK_OK)
        rc = digicheck_check(units, st->d, &st->units_report, err);
    if (rc == DIGICHECK_OK)
        rc = digicheck_check(c, st->d, &st->report, err);
    if (rc == DIGICHECK_OK)
        rc = collect_units(st);
    if (rc == DIGICHECK_OK)
        rc = assign_findings(ev, st);
    if (rc == DIGICHECK_ENOMEM)
        snprintf(err->message, sizeof err->message, "out of memory");
    return rc;
}

/* The unit of st that labelled sentence l names: the one unit with its
 * path whose first character or first word character stands on its line;
 * -1 after listing l when there is none or more. */
static long unit_of_labelled(const statute *st, const labelled *l)
{
    size_t i, on_line = 0, found = 0;
    long u = -1;

    for (i = 0; i < st->nunits; i++) {
        if (st->units[i].line != l->line && st->units[i].word_line != l->line)
            continue;
        on_line++;
        if (strcmp(st->units[i].path, l->field[1]) == 0) {
            found++;
            u = (long)i;
        }
    }
    if (found == 1)
        return u;
    if (found > 1)
        printf("not mapped: %s (%s): %zu units with this path start on the line\n",
               l->field[0], l->field[1], found);
    else if (on_line)
        printf("not mapped: %s (%s): the units starting on the line have other paths\n",
               l->field[0], l->field[1]);
    else
        printf("not mapped: %s (%s): no unit starts on the line\n", l->field[0], l->field[1]);
    return -1;
}

/* Judges the labelled sentences l[0, n) of one statute, checked as st. */
static void judge_statute(evaluation *ev, const statute *st, const labelled *l, size_t n)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        long u = unit_of_labelled(st, &l[i]);
        verdict v;

        if (u < 0) {
            ev->unmapped++;
            continue;
        }
        clear_verdict(&v);
        for (k = 0; k < digicheck_report_count(st->report); k++)
            if (st->unit_of[k] == u)
                add_finding(&v, digicheck_report_get(st->report, k));
        judge(ev, &l[i], &v);
    }
}

static int same_statute(const labelled *a, const labelled *b)
{
    return a->statute_len == b->statute_len &&
           memcmp(a->field[0], b->field[0], a->statute_len) == 0;
}

static int by_statute(const void *pa, const void *pb)
{
    const labelled *a = pa, *b = pb;
    size_t n = a->statute_len < b->statute_len ? a->statute_len : b->statute_len;
    int c = memcmp(a->field[0], b->field[0], n);

    if (c)
        return c;
    if (a->statute_len != b->statute_len)
        return a->statute_len < b->statute_len ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static int eval_context(evaluation *ev, digicheck_checker *units, digicheck_checker *c,
                        const char *dir, labelled *l, size_t n)
{
    digicheck_error err;
    size_t i, j;

    qsort(l, n, sizeof *l, by_statute);
    for (i = 0; i < n; i = j) {
        statute st;
        int rc;

        for (j = i + 1; j < n && same_statute(&l[i], &l[j]); j++)
            ;
        rc = statute_check(ev, &st, dir, l[i].field[0], l[i].statute_len, units, c, &err);
        if (rc == DIGICHECK_EIO) {
            size_t k;
            for (k = i; k < j; k++)
                printf("not mapped: %s (%s): %s\n", l[k].field[0], l[k].field[1],
                       err.message);
            ev->unmapped += (long)(j - i);
        } else if (rc != DIGICHECK_OK) {
            fprintf(stderr, "%s/%.*s: %s\n", dir, (int)l[i].statute_len, l[i].field[0],
                    err.message);
            statute_free(&st);
            return -1;
        } else {
            judge_statute(ev, &st, &l[i], j - i);
        }
        statute_free(&st);
    }
    return 0;
}

/* ---- main ------------------------------------------------------------------- */

typedef struct options {
    int verbose;
    const char *context, *units, *ruleset, *tsv;
} options;

static int parse_options(int argc, char **argv, options *o)
{
    int a, units_given = 0;

    memset(o, 0, sizeof *o);
    o->units = "tests/eval/units.yaml";
    for (a = 1; a < argc && argv[a][0] == '-'; a++) {
        if (strcmp(argv[a], "-v") == 0)
            o->verbose = 1;
        else if (strcmp(argv[a], "--context") == 0 && a + 1 < argc)
            o->context = argv[++a];
        else if (strcmp(argv[a], "--units") == 0 && a + 1 < argc)
            o->units = argv[++a], units_given = 1;
        else
            return -1;
    }
    /* the units map sentences in context only: alone they would go unused */
    if (argc - a != 2 || (units_given && !o->context))
        return -1;
    o->ruleset = argv[a];
    o->tsv = argv[a + 1];
    return 0;
}

static int load_checker(const char *path, digicheck_ruleset **rs, digicheck_checker **c)
{
    digicheck_error err;

    if (digicheck_ruleset_load(rs, path, &err) == DIGICHECK_OK &&
        digicheck_checker_new(c, *rs, &err) == DIGICHECK_OK)
        return 0;
    fprintf(stderr, "%s:%ld:%ld: %s\n", err.source, err.line, err.column, err.message);
    return -1;
}

static void print_results(const evaluation *ev, const options *o, const digicheck_ruleset *rs,
                          size_t n)
{
    if (ev->verbose)
        putchar('\n');
    printf("rule set %s, %zu rules\n", o->ruleset, digicheck_ruleset_rule_count(rs));
    if (o->context) {
        printf("in context: each statute checked whole from %s; %zu labelled, %ld not "
               "mapped to a unit, %ld findings outside the units\n", o->context, n,
               ev->unmapped, ev->stray);
        if (ev->grouped)
            printf("warning: %ld findings stand for several places (group: section); "
                   "their other places are not counted: measure a copy of the rule set "
                   "with the grouping off\n", ev->grouped);
    } else {
        printf("alone: each sentence checked as a draft of its own\n");
    }
    putchar('\n');
    print_table("all sentences", &ev->all);
    print_table("stratum 'random' only", &ev->random);
}

int main(int argc, char **argv)
{
    digicheck_ruleset *rs = NULL, *units_rs = NULL;
    digicheck_checker *c = NULL, *units = NULL;
    labelled *l = NULL;
    size_t n = 0;
    evaluation ev;
    options o;
    int status = 2, rc;

    if (parse_options(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: %s [-v] [--context CORPUS_DIR [--units UNITS.yaml]] RULESET "
                "SENTENCES.tsv\n", argv[0]);
        return 2;
    }
    memset(&ev, 0, sizeof ev);
    ev.verbose = o.verbose;
    if (load_checker(o.ruleset, &rs, &c) != 0 ||
        (o.context && load_checker(o.units, &units_rs, &units) != 0) ||
        read_labelled(o.tsv, &l, &n) != 0)
        goto done;
    rc = o.context ? eval_context(&ev, units, c, o.context, l, n)
                   : eval_alone(&ev, c, l, n, o.tsv);
    if (rc != 0)
        goto done;
    if (o.context && n && ev.unmapped == (long)n) {
        /* figures of nothing: a wrong corpus directory, not a measurement */
        fprintf(stderr, "%s: none of the %zu labelled sentences maps to a unit of %s\n",
                o.tsv, n, o.context);
        goto done;
    }
    print_results(&ev, &o, rs, n);
    status = 0;
done:
    free_labelled(l, n);
    digicheck_checker_free(units);
    digicheck_ruleset_free(units_rs);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    return status;
}
