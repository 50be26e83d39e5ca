/*
 * absence.c -- absence rules: "the draft creates a register but says
 * nothing on IT security".
 *
 * An absence rule fires in each unit of its scope (Satz, Absatz, §, the
 * draft) where its `when` holds (trigger.c) and no `absent` pattern
 * occurs where the law would put it. By default that is the scope unit
 * itself; `absent_in` adds the places a reader of a statute looks at as
 * well: the §§ of the same Artikel that the triggering sentence cites
 * ("die Daten nach § 5" -- the erasure rule may stand in § 5), the
 * definitions (a § headed Begriffsbestimmungen), or the whole draft. The
 * finding points at the sentence whose words triggered the rule. This
 * module owns that evaluation and the reading of § citations it needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "search.h"
#include "finding.h"
#include "trigger.h"
#include "absence.h"

/* At most this many §§ of one sentence are looked up ("§§ 3 bis 40"). */
#define MAX_CITED 24

#define SECTION_SIGN "\xC2\xA7"

/* ---- § citations ------------------------------------------------------------ */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

/* The length of the word at v[p, e) (letters, digits, dots, UTF-8). */
static size_t word_len(const char *v, size_t p, size_t e)
{
    size_t q = p;

    while (q < e && v[q] != ' ' && v[q] != ',' && v[q] != ';' && v[q] != ')')
        q++;
    return q - p;
}

static int word_is(const char *v, size_t p, size_t n, const char *w)
{
    return n == strlen(w) && memcmp(v + p, w, n) == 0;
}

/* Does the citation that ends at v[p] name another statute? What follows
 * its numbers is skipped ("Absatz 2 Satz 1", "Nr. 3"); then "des …"/"der
 * …" (but not "dieses Gesetzes", "dieser Verordnung") or an abbreviation
 * in capitals ("BGB", "SGB") name another one. */
static int cites_other_law(const char *v, size_t p, size_t e)
{
    static const char *const parts[] = {
        "Abs.", "Absatz", "Absätze", "Satz", "Sätze", "Nr.", "Nummer", "Nummern", "Buchst.",
        "Buchstabe", "Halbsatz", "Alternative", "und", "oder", "bis", NULL
    };
    size_t n, k;

    for (;;) {
        while (p < e && (v[p] == ' ' || v[p] == ','))
            p++;
        n = word_len(v, p, e);
        if (!n)
            return 0;
        for (k = 0; parts[k] && !word_is(v, p, n, parts[k]); k++)
            ;
        if (!parts[k] && !is_digit(v[p]) && !(n <= 2 && is_lower(v[p])))
            break;
        p += n;
    }
    if (word_is(v, p, n, "des") || word_is(v, p, n, "der")) {
        size_t q = p + n + 1, m = q < e ? word_len(v, q, e) : 0;
        return !word_is(v, q, m, "dieses") && !word_is(v, q, m, "dieser");
    }
    return n >= 2 && v[p] >= 'A' && v[p] <= 'Z' && v[p + 1] >= 'A' && v[p + 1] <= 'Z';
}

/* Reads the § number at v[*p] ("12", "27a") into num; advances *p. */
static int read_number(const char *v, size_t *p, size_t e, char *num, size_t cap)
{
    size_t q = *p, n;

    while (q < e && is_digit(v[q]))
        q++;
    if (q == *p)
        return 0;
    if (q < e && is_lower(v[q]) && (q + 1 >= e || !is_lower(v[q + 1])))
        q++;
    n = q - *p;
    if (n >= cap)
        return 0;
    memcpy(num, v + *p, n);
    num[n] = '\0';
    *p = q;
    return 1;
}

/* Adds the §§ strictly between those of a range "§§ 3 bis 5" (numbers). */
static size_t add_range(char (*nums)[16], size_t n, const char *from, const char *to)
{
    /* read_number() reads at most 15 characters: the numbers fit an int
     * when they are short, and a longer one is no § */
    int a = (int)strtol(from, NULL, 10), b = (int)strtol(to, NULL, 10);

    if (strlen(from) > 6 || strlen(to) > 6)
        return n;
    for (a++; a < b && n < MAX_CITED - 1; a++)
        snprintf(nums[n++], sizeof nums[0], "%d", a);
    return n;
}

/* The §§ that one citation at v[p] (just after the sign) lists, into nums
 * from n on; returns the new count. The numbers are dropped again when the
 * citation names another law. */
static size_t read_citation(const char *v, size_t p, size_t e, char (*nums)[16], size_t n)
{
    size_t first = n;
    char cur[16];
    int range = 0;

    while (p < e && (v[p] == ' ' || (p + 2 <= e && memcmp(v + p, SECTION_SIGN, 2) == 0)))
        p += v[p] == ' ' ? 1 : 2;
    while (n < MAX_CITED && read_number(v, &p, e, cur, sizeof cur)) {
        if (range && n > first)
            n = add_range(nums, n, nums[n - 1], cur);
        memcpy(nums[n++], cur, sizeof cur);
        range = 0;
        if (p + 2 < e && v[p] == ',' && v[p + 1] == ' ' && is_digit(v[p + 2]))
            p += 2;
        else if (p + 5 < e && memcmp(v + p, " und ", 5) == 0 && is_digit(v[p + 5]))
            p += 5;
        else if (p + 6 < e && memcmp(v + p, " oder ", 6) == 0 && is_digit(v[p + 6]))
            p += 6;
        else if (p + 5 < e && memcmp(v + p, " bis ", 5) == 0 && is_digit(v[p + 5])) {
            p += 5;
            range = 1;
        } else
            break;
    }
    return cites_other_law(v, p, e) ? first : n;
}

/* ---- where the law puts it ---------------------------------------------------- */

/* Does an `absent` pattern occur in unit u? */
static int absent_in_unit(dci_run *R, const dci_rule *rule, size_t u, int *limit)
{
    const dci_unit *un = &R->d->units[u];

    return dci_search_any(R, rule->absent, rule->nabsent, un->start, un->end, limit);
}

/* … in a § of the draft headed as definitions ("Begriffsbestimmungen",
 * "Begriffe", "Definitionen")? */
static int absent_in_definitions(dci_run *R, const dci_rule *rule, int *limit)
{
    const digicheck_draft *d = R->d;
    size_t i;

    for (i = 0; i < d->nby_kind[DCI_UNIT_PARAGRAPH] && !*limit; i++) {
        size_t u = d->by_kind[DCI_UNIT_PARAGRAPH][i];
        const dci_unit *un = &d->units[u];
        const char *h = d->view + un->head_start;
        size_t hn = un->head_end - un->head_start;
        if ((dci_memmem(h, hn, "Begriff", 7) || dci_memmem(h, hn, "Definition", 10)) &&
            absent_in_unit(R, rule, u, limit))
            return 1;
    }
    return 0;
}

/* … in a § that sentence s cites, in the same Artikel (a Mantelgesetz
 * numbers its §§ in each Artikel anew)? */
static int absent_in_cited(dci_run *R, const dci_rule *rule, size_t s, int *limit)
{
    const digicheck_draft *d = R->d;
    const dci_unit *su = &d->units[s];
    char nums[MAX_CITED][16];
    long art = dci_draft_unit_at(d, DCI_UNIT_ARTIKEL, su->start);
    size_t p = su->start, n = 0, i, k;
    const char *hit;

    while (n < MAX_CITED &&
           (hit = dci_memmem(d->view + p, su->end - p, SECTION_SIGN, 2)) != NULL) {
        p = (size_t)(hit - d->view) + 2;
        n = read_citation(d->view, p, su->end, nums, n);
    }
    for (i = 0; i < d->nby_kind[DCI_UNIT_PARAGRAPH] && !*limit; i++) {
        size_t u = d->by_kind[DCI_UNIT_PARAGRAPH][i];
        char buf[DCI_NUM_MAX];
        const char *num = dci_unit_num(&d->units[u], d->nums, buf);
        if (dci_draft_unit_at(d, DCI_UNIT_ARTIKEL, d->units[u].start) != art)
            continue;
        for (k = 0; k < n && strcmp(nums[k], num); k++)
            ;
        if (k < n && absent_in_unit(R, rule, u, limit))
            return 1;
    }
    return 0;
}

/* Is the rule satisfied for unit u, triggered in sentence s: does an
 * `absent` pattern occur in one of the places of its `absent_in`? */
static int satisfied(dci_run *R, const dci_rule *rule, size_t u, size_t s, int *limit)
{
    unsigned in = rule->absent_in;

    return ((in & DCI_ABSENT_IN_SCOPE) && absent_in_unit(R, rule, u, limit)) ||
           ((in & DCI_ABSENT_IN_DRAFT) && absent_in_unit(R, rule, 0, limit)) ||
           ((in & DCI_ABSENT_IN_CITED) && absent_in_cited(R, rule, s, limit)) ||
           ((in & DCI_ABSENT_IN_DEFINITIONS) && absent_in_definitions(R, rule, limit));
}

/* ---- the rule ------------------------------------------------------------------ */

/* Checks an absence rule on unit u (its triggers collected). */
static void check_unit(dci_run *R, const dci_rule *rule, size_t u)
{
    const digicheck_draft *d = R->d;
    const dci_unit *un = &d->units[u];
    size_t ms = 0, me = 0, s = u;
    int at_match = 0, limit = 0;

    if (dci_trigger_holds(R, rule, u, &ms, &me, &at_match) <= 0)
        return;
    if (at_match) {
        long found = dci_draft_unit_at(d, DCI_UNIT_SATZ, ms);
        s = found < 0 ? u : (size_t)found;
    }
    if (satisfied(R, rule, u, s, &limit))
        return;
    if (limit) {
        dci_finding_limit(R, rule, rule->absent, limit, u);
        return;
    }
    if (at_match)
        dci_finding_add(R, rule, DCI_KIND_ABSENCE, rule->severity, rule->message, NULL, s, s,
                        ms, me);
    else
        dci_finding_add(R, rule, DCI_KIND_ABSENCE, rule->severity, rule->message, NULL, u, u,
                        un->start, un->end);
}

/* The sections of a draft: its §§ and Anlagen, and the Artikel without §
 * (amendment articles); the whole draft when it has none. */
static void check_sections(dci_run *R, const dci_rule *rule)
{
    static const int kinds[] = {DCI_UNIT_PARAGRAPH, DCI_UNIT_ANLAGE};
    const digicheck_draft *d = R->d;
    size_t i, k;
    int any = 0;

    for (k = 0; k < 2; k++)
        for (i = 0; i < d->nby_kind[kinds[k]] && !R->oom; i++, any = 1)
            check_unit(R, rule, d->by_kind[kinds[k]][i]);
    for (i = 0; i < d->nby_kind[DCI_UNIT_ARTIKEL] && !R->oom; i++) {
        size_t a = d->by_kind[DCI_UNIT_ARTIKEL][i];
        if (dci_draft_unit_at(d, DCI_UNIT_PARAGRAPH, d->units[a].start) < 0 &&
            (a + 1 >= d->nunits || d->units[a + 1].kind != DCI_UNIT_PARAGRAPH)) {
            check_unit(R, rule, a);
            any = 1;
        }
    }
    if (!any)
        check_unit(R, rule, 0);
}

void dci_absence_run(dci_run *R, const dci_rule *rule)
{
    const digicheck_draft *d = R->d;
    size_t i;
    int kind;

    dci_trigger_collect(R, rule);
    if (R->oom)
        return;
    if (rule->scope == DCI_SCOPE_DOCUMENT) {
        check_unit(R, rule, 0);
        return;
    }
    if (rule->scope == DCI_SCOPE_SECTION) {
        check_sections(R, rule);
        return;
    }
    kind = rule->scope == DCI_SCOPE_PARAGRAPH ? DCI_UNIT_ABSATZ : DCI_UNIT_SATZ;
    for (i = 0; i < d->nby_kind[kind] && !R->oom; i++)
        check_unit(R, rule, d->by_kind[kind][i]);
}
