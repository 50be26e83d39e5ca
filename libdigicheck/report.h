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

/* The parts of a finding that few findings have, in a record of their own
 * (in the report's arena), so that the common finding stays small. */
typedef struct dci_finding_more {
    const char *suggestion;      /* its own (a Lua rule's), else NULL: the rule's */
    const char *target_path;     /* new wording: the provision amended, or NULL */
    const char *eid;             /* LegalDocML.de: the element, NULL otherwise */
    long eid_offset;             /* … and the character offset in it, or -1 */
    const char *jreason, *jby;   /* accepted with a reason, else NULL */
    int32_t para, para_offset;   /* Word: paragraph and code point of the start, or -1 */
    int32_t end_para, end_para_offset;  /* … and of the end (exclusive) */
} dci_finding_more;

struct digicheck_finding {
    /* a report holds up to DIGICHECK_LIMIT_FINDINGS of these: positions are
     * 32 bits (a draft is smaller than 2 GiB), the rare parts are a record
     * of their own, the span in the view and the excerpt made from it share
     * their place (96 bytes) */
    const dci_rule *rule;        /* borrowed from the rule set the report holds */
    const char *message;         /* rule->message or a diagnostic in the arena */
    /* path and excerpt (below): in the report's text, shared by the findings
     * of a unit, made once the search is done (dci_finding_strings) */
    const char *path;
    const char *match;           /* the matched text, folded and clipped; "" for a unit */
    dci_finding_more *more;      /* NULL: none of them (dci_finding_more_of) */
    /* fp, the rule, matched text and context hashed (finding.c), until the
     * check is done; then fingerprint, "fp:occurrence" in the report's text
     * (dci_report_fingerprint): they are never needed at once */
    union {
        uint64_t fp;
        const char *fingerprint;
    };
    int32_t line, column, end_line, end_column;
    uint32_t offset, length;     /* in the original */
    /* the span in the draft's view, until the excerpt is made from it
     * (excerpt_unit is then DCI_MADE_UNIT32): they are never needed at once */
    union {
        struct { uint32_t vstart, vend; };
        const char *excerpt;
    };
    uint32_t seq;                /* insertion order, for a stable sort */
    uint32_t path_unit;          /* the unit the path names, or DCI_NO_UNIT32 */
    uint32_t excerpt_unit;       /* the unit the excerpt is taken from, DCI_NO_UNIT32 */
    uint8_t kind;                /* DCI_KIND_* */
    uint8_t severity;
    uint8_t jsource;             /* accepted: where the reason is written, DCI_JUST_* */
    uint8_t bstate;              /* compared with a baseline: DCI_BASELINE_* */
};
_Static_assert(DIGICHECK_LIMIT_DRAFT_SIZE < 2147483647L, "a draft's positions fit 31 bits");

#define DCI_NO_UNIT32   UINT32_MAX
#define DCI_MADE_UNIT32 (UINT32_MAX - 1)    /* excerpt_unit: the excerpt is made */

/* f's rare parts: its record, or one that has none of them. */
const dci_finding_more *dci_finding_more_of(const digicheck_finding *f);
/* f's record of rare parts, made (in r's arena) if f has none; NULL on
 * OOM. f may be a finding not yet added to r. */
dci_finding_more *dci_report_more(digicheck_report *r, digicheck_finding *f);
/* Finding i's path is path, and its excerpt excerpt unless that is NULL
 * (both in r's text). */
void dci_report_set_strings(digicheck_report *r, size_t i, const char *path,
                            const char *excerpt);
/* s[0..n) and a NUL copied into r's text: strings packed without
 * alignment; NULL on OOM. */
char *dci_report_text(digicheck_report *r, const char *s, size_t n);

/* A finding compared with a baseline (baseline.c). */
enum { DCI_BASELINE_NONE = 0, DCI_BASELINE_NEW, DCI_BASELINE_UNCHANGED };

/* A finding of the baseline that the report no longer has. */
typedef struct dci_absent {
    const char *rule, *fingerprint;     /* in the report's arena */
} dci_absent;

struct digicheck_report {
    const digicheck_ruleset *rs; /* a reference is held */
    dci_arena arena;
    char *text; size_t text_left;   /* the free end of the arena's last text block */
    const char *file;
    digicheck_finding *findings; size_t nfindings, cap;
    size_t expect;               /* findings a dense draft may have (dci_report_expect) */
    dci_question *questions; size_t nquestions;     /* in the arena */
    dci_relevant *relevant; size_t nrelevant;       /* relevance.c, in the arena */
    dci_rating *ratings;         /* one per principle of rs, in the arena; NULL: none */
    dci_about about;             /* in the arena */
    dci_vorpruefung vp;
    dci_absent *absent; size_t nabsent, absent_cap;   /* compared with a baseline */
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
/* A draft may give the report about n findings: once it has many, its
 * array grows to n at once rather than by doubling, whose copies the heap
 * keeps. dci_report_trim gives back what the check did not use. */
void dci_report_expect(digicheck_report *r, size_t n);
void dci_report_trim(digicheck_report *r);
/* A mark of the findings so far, and the way back to it: the findings added
 * since are dropped (what they hold in the arena stays until the report is
 * freed). */
size_t dci_report_mark(const digicheck_report *r);
void dci_report_rollback(digicheck_report *r, size_t mark);
/* Drops the findings from mark on whose gone[i - mark] is set, keeping the
 * order of the others. */
void dci_report_drop(digicheck_report *r, size_t mark, const unsigned char *gone);
/* Finding i stands for a group: its severity raised to severity (if
 * higher) and, message not NULL, a message of its own (copied).
 * DIGICHECK_OK or DIGICHECK_ENOMEM. */
int dci_report_regroup(digicheck_report *r, size_t i, int severity, const char *message);
void dci_report_sort(digicheck_report *r);
/* Finding i is accepted for reason (by may be NULL), written at source
 * (DCI_JUST_*); the strings are copied. Returns 0, -1 when out of memory. */
int dci_report_justify(digicheck_report *r, size_t i, const char *reason, const char *by,
                       int source);
/* Gives each finding its fingerprint string: its hash and, for findings of
 * the same hash, the number of those before it ("…:2"), so that a finding
 * is named by what it says and where in the text, never by its line.
 * Returns 0, -1 when out of memory. */
int dci_report_fingerprint(digicheck_report *r);
/* Baselines (baseline.c): finding i is DCI_BASELINE_NEW or _UNCHANGED; a
 * finding of the baseline is absent (copied; -1 when out of memory); the
 * unchanged findings are dropped. */
void dci_report_set_baseline(digicheck_report *r, size_t i, int state);
int dci_report_add_absent(digicheck_report *r, const char *rule, const char *fingerprint);
void dci_report_drop_unchanged(digicheck_report *r);
/* "new", "unchanged", or NULL when not compared. */
const char *dci_baseline_state(const digicheck_finding *f);
/* The report's findings accepted with a reason. */
size_t dci_report_justified(const digicheck_report *r);
/* The name of a justification's source ("description", "inline", …). */
const char *dci_justification_source(const digicheck_finding *f);

const char *dci_severity_name(int severity);
const char *dci_kind_name(int kind);
/* The suggestion of a finding: its own, else its rule's; NULL for none and
 * for diagnostics. */
const char *dci_finding_suggestion(const digicheck_finding *f);

#endif /* DCI_REPORT_H */
