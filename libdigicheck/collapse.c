/*
 * collapse.c -- fewer, wider findings of a pattern rule. A rule whose
 * patterns overlap ("Eigenhändige Unterschrift" and "Unterschrift") says
 * one thing per sentence: of its matches in one Satz the widest stays. A
 * rule of hints that matter per provision rather than per word (vague
 * terms, discretion: `group: section`) gives one finding per §, which
 * lists the terms and where they stand. Both work on the findings the rule
 * added to the report since a mark, after all its patterns ran.
 */
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "finding.h"
#include "collapse.h"

#define LIST_MAX 12             /* terms listed in a grouped finding */

/* 32 bits hold a unit and a finding's index (report.h): a rule's findings
 * may be the draft's many, and these are all at once, so the span is read
 * from the finding (the sorts' context, the report's findings). */
typedef struct slot {
    uint32_t unit;              /* the Satz or § of the finding */
    uint32_t index;
} slot;

/* Widest first, then in the order of the view, then of the report. */
static int by_width(const slot *x, const slot *y, const digicheck_finding *f)
{
    uint32_t wx = f[x->index].vend - f[x->index].vstart, wy = f[y->index].vend -
                                                              f[y->index].vstart;

    if (wx != wy)
        return wx > wy ? -1 : 1;
    if (f[x->index].vstart != f[y->index].vstart)
        return f[x->index].vstart < f[y->index].vstart ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int by_unit_width(const void *a, const void *b, void *ctx)
{
    const slot *x = a, *y = b;

    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return by_width(x, y, ctx);
}

/* The text findings of rule since mark, each with its unit (the Satz); or,
 * when section is set, those of every grouped rule of rule's category,
 * each with its §. Sorted by unit, widest first; NULL with *n 0 when there
 * are fewer than two, or when memory runs out (R->oom). */
static int wanted(const digicheck_finding *f, const dci_rule *rule, int section)
{
    if (f->kind != DCI_KIND_TEXT || !f->rule)
        return 0;
    if (!section)
        return f->rule == rule;
    return f->rule->group == DCI_GROUP_SECTION && strcmp(f->rule->category, rule->category) == 0;
}

static slot *collect(dci_run *R, const dci_rule *rule, size_t mark, int section, size_t *n)
{
    const digicheck_draft *d = R->d;
    digicheck_finding *f = R->r->findings;
    size_t i, k = 0;
    slot *s;

    *n = 0;
    if (R->r->nfindings < mark + 2)
        return NULL;
    if (!(s = dci_malloc((R->r->nfindings - mark) * sizeof *s))) {
        R->oom = 1;
        return NULL;
    }
    for (i = mark; i < R->r->nfindings; i++) {
        long u;
        if (!wanted(&f[i], rule, section))
            continue;
        u = dci_draft_unit_at(d, DCI_UNIT_SATZ, f[i].vstart);
        s[k].unit = (uint32_t)(u < 0 ? 0 : section ? dci_draft_section(d, (size_t)u) : (size_t)u);
        s[k].index = (uint32_t)i;
        k++;
    }
    if (k < 2) {
        dci_free(s);
        return NULL;
    }
    /* in place: a rule's findings may be the draft's many, and this runs
     * while the search holds its hits (the keys are unique) */
    dci_sort(s, k, sizeof *s, by_unit_width, f);
    *n = k;
    return s;
}

void dci_collapse_sentences(dci_run *R, const dci_rule *rule, size_t mark)
{
    size_t n, i;
    slot *s = collect(R, rule, mark, 0, &n);
    unsigned char *gone;

    if (!s)
        return;
    if (!(gone = dci_malloc(R->r->nfindings - mark))) {
        R->oom = 1;
        goto done;
    }
    memset(gone, 0, R->r->nfindings - mark);
    for (i = 1; i < n; i++)
        if (s[i].unit == s[i - 1].unit)
            gone[s[i].index - mark] = 1;
    dci_report_drop(R->r, mark, gone);
    dci_free(gone);
done:
    dci_free(s);
}

/* Writes the message of the grouped finding of slots s[a, b) (a § of
 * rule), first in document order, into the report's arena. */
static int group_message(dci_run *R, const dci_rule *rule, slot *s, size_t a, size_t b,
                         size_t first)
{
    const digicheck_finding *f = R->r->findings;
    dci_buf *t = R->tmp;
    size_t i;

    for (i = a; i < b && i < a + LIST_MAX; i++)   /* they use R->tmp: before the message */
        dci_finding_path_of(R, s[i].index);
    if (R->oom)                  /* a path not made is NULL in its finding */
        return -1;
    t->len = 0;
    dci_buf_puts(t, rule->message);
    dci_buf_puts(t, " Stellen in dieser Vorschrift:");
    for (i = a; i < b && i < a + LIST_MAX; i++)
        dci_buf_printf(t, "%s \xE2\x80\x9E%s\xE2\x80\x9C (%s)", i > a ? "," : "",
                       f[s[i].index].match, f[s[i].index].path);
    if (b - a > LIST_MAX)
        dci_buf_printf(t, " und %zu weitere", b - a - LIST_MAX);
    dci_buf_putc(t, '.');
    if (t->oom || dci_report_regroup(R->r, first, 0, t->data) != DIGICHECK_OK) {
        R->oom = 1;
        return -1;
    }
    return 0;
}

/* By unit, then in the order of the view; the same start widest first (as
 * they were sorted before). */
static int by_start(const void *a, const void *b, void *ctx)
{
    const slot *x = a, *y = b;
    const digicheck_finding *f = ctx;

    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (f[x->index].vstart != f[y->index].vstart)
        return f[x->index].vstart < f[y->index].vstart ? -1 : 1;
    return by_width(x, y, f);
}

static void collapse_sections(dci_run *R, const dci_rule *rule, size_t mark)
{
    size_t n, i, j;
    slot *s;
    unsigned char *gone = NULL;

    if (!(s = collect(R, rule, mark, 1, &n)))
        return;
    dci_sort(s, n, sizeof *s, by_start, R->r->findings);
    if (!(gone = dci_malloc(R->r->nfindings - mark))) {
        R->oom = 1;
        goto done;
    }
    memset(gone, 0, R->r->nfindings - mark);
    for (i = 0; i < n; i = j) {
        for (j = i + 1; j < n && s[j].unit == s[i].unit; j++) {
            dci_report_regroup(R->r, s[i].index, R->r->findings[s[j].index].severity, NULL);
            gone[s[j].index - mark] = 1;
        }
        if (j - i > 1 && group_message(R, rule, s, i, j, s[i].index) != 0)
            goto done;
    }
    dci_report_drop(R->r, mark, gone);
done:
    dci_free(gone);
    dci_free(s);
}

void dci_collapse_grouped(dci_run *R)
{
    const dci_rule *rules = R->rs->rules;
    size_t i, j;

    for (i = 0; i < R->rs->nrules && !R->oom; i++) {
        if (rules[i].type != DCI_RULE_PATTERN || rules[i].group != DCI_GROUP_SECTION)
            continue;
        for (j = 0; j < i; j++)
            if (rules[j].type == DCI_RULE_PATTERN && rules[j].group == DCI_GROUP_SECTION &&
                strcmp(rules[j].category, rules[i].category) == 0)
                break;
        if (j == i)             /* the first grouped rule of its category */
            collapse_sections(R, &rules[i], 0);
    }
}
