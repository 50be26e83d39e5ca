/*
 * report.h -- the result of a check: findings, questions, the Vorprüfung
 * (report.c; the questions and the Vorprüfung are questions.h's).
 */
#ifndef DCI_REPORT_H
#define DCI_REPORT_H

#include "ruleset.h"
#include "questions.h"
#include "relevance.h"

/* What a finding is about. An open question is none of them: it is a
 * question of the report (questions.h), never a finding. An improvement: an
 * amendment removes wording a rule finds. */
enum { DCI_KIND_TEXT = 0, DCI_KIND_ABSENCE, DCI_KIND_DIAGNOSTIC, DCI_KIND_IMPROVEMENT };
extern const dci_names dci_finding_kinds;   /* "text", "absence", "diagnostic", "improvement" */

struct digicheck_finding {
    const dci_rule *rule;        /* borrowed from the rule set the report holds */
    int    kind;                 /* DCI_KIND_* */
    int    severity;
    const char *message;         /* rule->message or a diagnostic in the arena */
    const char *suggestion;      /* NULL: the rule's */
    const char *path, *excerpt;  /* in the report's arena */
    const char *target_path;     /* new wording: the provision amended, or NULL */
    const char *match;           /* the matched text, folded and clipped; "" for a unit */
    const char *eid;             /* LegalDocML.de: the element, NULL otherwise */
    long eid_offset;             /* … and the character offset in it, or -1 */
    long para, para_offset;      /* Word: paragraph and code point of the start, or -1 */
    long end_para, end_para_offset;  /* … and of the end (exclusive) */
    size_t vstart, vend;         /* the span in the draft's view */
    long   line, column, end_line, end_column;
    size_t offset, length;
    size_t seq;                  /* insertion order, for a stable sort */
};

struct digicheck_report {
    const digicheck_ruleset *rs; /* a reference is held */
    dci_arena arena;
    const char *file;
    digicheck_finding *findings; size_t nfindings, cap;
    dci_question *questions; size_t nquestions;     /* in the arena */
    dci_relevant *relevant; size_t nrelevant;       /* relevance.c, in the arena */
    dci_rating *ratings;         /* one per principle of rs, in the arena; NULL: none */
    dci_about about;             /* in the arena */
    dci_vorpruefung vp;
};

/* The state of a principle in a report: it has findings; else it is not
 * relevant (the Vorprüfung found no digital relevance); else it has open
 * questions; else it is clean. Labels: the German words. */
enum { DCI_STATUS_CLEAN, DCI_STATUS_FINDINGS, DCI_STATUS_OPEN_QUESTIONS, DCI_STATUS_NOT_RELEVANT };
extern const dci_names dci_statuses;   /* "clean", "findings", "open-questions", "not-relevant" */

/* Principle p's state (DCI_STATUS_*), its findings and open (applicable,
 * unanswered) questions. */
int dci_report_principle(const digicheck_report *r, size_t p, size_t *findings, size_t *open);
/* The report's open questions. */
size_t dci_report_open_questions(const digicheck_report *r);

int  dci_report_new(digicheck_report **out, const digicheck_ruleset *rs, const char *file);
/* n questions for the report, zeroed, in its arena; NULL on OOM. */
dci_question *dci_report_questions(digicheck_report *r, size_t n);
/* Appends a finding (copied); NULL on OOM. */
digicheck_finding *dci_report_add(digicheck_report *r, const digicheck_finding *f);
/* A mark of the findings so far, and the way back to it: the findings added
 * since are dropped (what they hold in the arena stays until the report is
 * freed). */
size_t dci_report_mark(const digicheck_report *r);
void dci_report_rollback(digicheck_report *r, size_t mark);
void dci_report_sort(digicheck_report *r);

const char *dci_severity_name(int severity);
const char *dci_kind_name(int kind);
/* The suggestion of a finding: its own, else its rule's; NULL for none and
 * for diagnostics. */
const char *dci_finding_suggestion(const digicheck_finding *f);

#endif /* DCI_REPORT_H */
