/*
 * finding.h -- findings made from spans of a draft's view (finding.c).
 */
#ifndef DCI_FINDING_H
#define DCI_FINDING_H

#include "run.h"
#include "report.h"

#define DCI_NO_UNIT ((size_t)-1)

/* The last finding kept for each rule and offset, so that a duplicate
 * (the same kind and message there) is dropped as it comes, before it
 * counts toward the findings limit. Owned by the checker; open addressing,
 * a slot holds a finding's index + 1, or 0. */
struct dci_kept {
    uint32_t *slot;              /* a report holds fewer findings than 2^32 */
    size_t cap, used;
    /* the path and the whole-unit excerpt last made (NULL: none) and
     * their units, shared by the next findings in the same unit */
    size_t path_unit, excerpt_unit;
    const char *path, *excerpt;
    /* the matched text last made (NULL: none), shared by the next finding
     * that matched the same text */
    const char *match;
    size_t match_len;
};

/* Releases it; and forgets what it holds, for a new check (a checker's
 * dci_kept is cleared before its first use). */
void dci_kept_free(dci_kept *k);
void dci_kept_clear(dci_kept *k);

/* Where view span [ms, me) is: its place in the original (offset, length,
 * lines and columns), the path of unit `at` and the excerpt of unit `ex`
 * (none when ex is DCI_NO_UNIT), the last two in the report's arena, and
 * its LegalDocML.de element. Sets R->oom and returns -1 when out of
 * memory. */
int dci_finding_place(dci_run *R, size_t at, size_t ex, size_t ms, size_t me,
                      digicheck_finding *f);

/* Adds a finding of rule for the view span [ms, me), with the path of unit
 * `at` and an excerpt from unit `ex` (made by dci_finding_strings). message and suggestion (NULL: the
 * rule's) are not copied: they must live as long as the report (rule set
 * or report arena). Once the findings limit is reached it adds one
 * diagnostic instead and sets R->limit_hit; when memory runs out, R->oom. */
void dci_finding_add(dci_run *R, const dci_rule *rule, int kind, int severity,
                     const char *message, const char *suggestion, size_t at, size_t ex,
                     size_t ms, size_t me);
/* Makes the paths and excerpts the report's findings do not have yet,
 * once the search is done: while it runs, its hits are alive, and in the
 * order of the sorted report the findings of one unit share one string
 * whichever rule made them. Sets R->oom and returns -1 when out of
 * memory. */
int dci_finding_strings(dci_run *R);
/* The path of finding i, made now if it is not yet ("" and R->oom set when
 * out of memory). Uses R->tmp. */
const char *dci_finding_path_of(dci_run *R, size_t i);
/* Drops the findings added since mark (see dci_report_mark), and forgets
 * them as the last ones kept. */
void dci_finding_rollback(dci_run *R, size_t mark);
/* A diagnostic (a warning) of rule at view offset pos of unit `at`, with
 * the excerpt of unit ex; msg is copied. */
void dci_finding_diagnostic(dci_run *R, const dci_rule *rule, const char *msg, size_t at,
                            size_t ex, size_t pos);
/* Pattern re of rule hit a PCRE2 limit (error rc) in unit `at`: a
 * diagnostic; the caller stops evaluating the rule on this draft. */
void dci_finding_limit(dci_run *R, const dci_rule *rule, const dci_regex *re, int rc,
                       size_t at);

#endif /* DCI_FINDING_H */
