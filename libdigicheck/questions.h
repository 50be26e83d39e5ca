/*
 * questions.h -- the questions of a rule set as they stand for one draft,
 * and the result of the Vorprüfung (questions.c).
 */
#ifndef DCI_QUESTIONS_H
#define DCI_QUESTIONS_H

#include "ruleset.h"

typedef struct dci_run dci_run;             /* run.h */

/* A place in the text that suggests an answer to a question. */
typedef struct dci_evidence {
    const char *path, *excerpt;  /* in the report's arena */
    long line, column;
    size_t offset;               /* where it starts in the original */
    size_t start, end, unit;     /* the checker's: the span in the view, the Satz */
} dci_evidence;

#define DCI_MAX_EVIDENCE 5

/* Records the places where pattern re matches in the draft of the check in
 * progress into out[*n …] (at most cap in all; *n grows), each with its
 * Satz, path and excerpt in the report. Returns 1 if it matched. */
int dci_evidence_gather(dci_run *R, const dci_regex *re, dci_evidence *out, size_t *n,
                        size_t cap);

/* The canonical answers (dci_answer_canonical); labels: the German words. A
 * question may allow other answers too: they have no value here. */
enum { DCI_ANSWER_YES, DCI_ANSWER_NO, DCI_ANSWER_UNSURE };
extern const dci_names dci_answers;         /* "yes", "no", "unsure" */

/* A question of the rule set as it stands for one draft (the public
 * digicheck_question). */
typedef struct digicheck_question {
    const dci_rule *rule;
    int applicable;
    const char *answer;          /* canonical, in the arena; NULL: unanswered */
    const char *suggested;       /* the answer the text suggests, or NULL */
    const char *reason;          /* the Begründung given with the answer, or NULL */
    dci_evidence evidence[DCI_MAX_EVIDENCE];
    size_t nevidence;
} dci_question;

/* Is the question open: applicable and not answered? */
static inline int dci_question_open(const dci_question *q)
{
    return q->applicable && !q->answer;
}

/* A verdict of the Vorprüfung (DOMAIN.md §2); open: not all its questions
 * are answered. Labels: the German words of the Markdown report. */
enum { DCI_VERDICT_OPEN, DCI_VERDICT_POSITIVE, DCI_VERDICT_UNSURE, DCI_VERDICT_NEGATIVE };
extern const dci_names dci_verdicts;        /* "open", "positive", "unsure", "negative" */

/* The result of the Vorprüfung: digital relevance, interoperability and EU
 * reference (DCI_VERDICT_*); contradiction: data exchange no, EU exchange
 * yes. */
typedef struct dci_vorpruefung {
    int result, interoperability, eu;
    int contradiction;
} dci_vorpruefung;

/* The rating of a principle by the drafter (the answer to its id, "P1"):
 * yes ("Ja, gänzlich oder teilweise"), no, not-relevant, or NULL while
 * open; and its Begründung. In the report's arena. */
typedef struct dci_rating {
    const char *answer, *reason;
} dci_rating;

/* What the draft's description says about it, for the documentation. */
typedef struct dci_about {
    const char *title, *kind, *date, *jurisdiction;
} dci_about;

/* Evaluates the questions of the rule set on the check in progress into
 * R->r's questions (never findings), and the ratings of the principles and
 * what the description says into R->r. Sets R->oom. */
void dci_questions_run(dci_run *R);
/* The Vorprüfung from the answers of draft d. */
void dci_vorpruefung_of(const digicheck_draft *d, dci_vorpruefung *vp);

#endif /* DCI_QUESTIONS_H */
