/*
 * questions.c -- the questions of a rule set as they stand for one draft,
 * and the Vorprüfung.
 *
 * A question applies (its `applies_when` holds, or it has none), is
 * answered or not (an answer it does not allow is a diagnostic and counts
 * as none), and its `prefill` patterns find places in the text that
 * suggest an answer (evidence). An applicable question without an answer
 * is open: it is the drafter's to answer, not a defect of the text, so it
 * stays in the report's questions and is never a finding. The Vorprüfung
 * reads the answers to its six questions and gives the verdicts of
 * DOMAIN.md §2. This module owns the questions of a report and its
 * Vorprüfung, the names of answers and verdicts, and the accessors of
 * digicheck_question.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dci.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "search.h"
#include "finding.h"
#include "trigger.h"
#include "questions.h"
#include "answers.h"

static const char *const answer_names[] = { "yes", "no", "unsure", NULL };
static const char *const answer_labels[] = { "ja", "nein", "unsicher", NULL };
const dci_names dci_answers = { DCI_ANSWER_YES, answer_names, answer_labels };

static const char *const verdict_names[] = { "open", "positive", "unsure", "negative", NULL };
static const char *const verdict_labels[] = {
    "offen (nicht alle Fragen beantwortet)", "ja", "unsicher", "nein", NULL
};
const dci_names dci_verdicts = { DCI_VERDICT_OPEN, verdict_names, verdict_labels };

/* ---- questions ------------------------------------------------------------ */

/* The next match of t at or after view offset pos that starts inside a
 * Satz, as dci_search_text() finds it; but a pattern that asserts an end of
 * its subject reads each Satz as it is read alone, from its start to its
 * end, as a pattern rule does its scope unit (check.c). */
static int next_evidence(dci_run *R, dci_target *t, size_t pos, size_t *ms, size_t *me)
{
    const digicheck_draft *d = R->d;
    int anchors = t->re->flags & (DCI_RE_STARTS | DCI_RE_ENDS), rc = 0;
    size_t k = dci_draft_first_from(d, DCI_UNIT_SATZ, pos);

    if (!anchors)
        return dci_search_text(R, t, pos, d->view_len, ms, me);
    if (k > 0 && d->units[d->by_kind[DCI_UNIT_SATZ][k - 1]].end > pos)
        k--;                    /* the Satz that holds pos */
    for (; k < d->nby_kind[DCI_UNIT_SATZ] && rc == 0; k++) {
        const dci_unit *un = &d->units[d->by_kind[DCI_UNIT_SATZ][k]];
        dci_target_unit(R, t, un->start, un->end);
        /* the Satz is the whole subject: a match of a `^` pattern does not
         * run on into the next Satz, whose own start it would hide */
        rc = dci_search(R, t, pos > un->start ? pos : un->start, un->end, un->end, ms, me);
    }
    return rc;
}

int dci_evidence_gather(dci_run *R, const dci_regex *re, dci_evidence *out, size_t *n,
                        size_t cap)
{
    size_t pos = 0, ms, me;
    dci_target t;
    int found = 0;

    dci_target_of(R, re, &t);
    while (*n < cap && next_evidence(R, &t, pos, &ms, &me) > 0) {
        digicheck_finding f;
        long s = dci_draft_unit_at(R->d, DCI_UNIT_SATZ, ms);
        dci_evidence *e = &out[*n];
        memset(&f, 0, sizeof f);
        if (dci_finding_place(R, (size_t)s, (size_t)s, ms, me, &f) != 0)
            return found;
        e->path = f.path;
        e->excerpt = f.excerpt;
        e->line = f.line;
        e->column = f.column;
        e->offset = f.offset;
        e->start = ms;
        e->end = me;
        e->unit = (size_t)s;
        (*n)++;
        found = 1;
        pos = me;
    }
    return found;
}

/* The answer given to question rule `rule`, checked against those it
 * allows: an answer it does not know is a diagnostic and counts as none. */
static const char *given_answer(dci_run *R, const dci_rule *rule)
{
    const char *a = dci_draft_answer(R->d, rule->id);
    char msg[512];
    size_t i;

    if (!a)
        return NULL;
    a = dci_answer_canonical(a);
    for (i = 0; i < rule->nanswers; i++)
        if (strcasecmp(rule->answers[i], a) == 0)
            return rule->answers[i];
    snprintf(msg, sizeof msg, "the answer '%.100s' to question '%s' is not one it allows (",
             a, rule->id);
    for (i = 0; i < rule->nanswers; i++)
        snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%s%s", i ? ", " : "",
                 rule->answers[i]);
    snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "); it counts as unanswered");
    dci_finding_diagnostic(R, rule, msg, 0, DCI_NO_UNIT, 0);
    return NULL;
}

/* Does the Vorprüfung let a question of this stage be asked? The check
 * questions of the aspects once it finds a Digitalbezug (positive or
 * unsure), the interoperability assessment once data are to be exchanged
 * with other Member States (the EU question answered yes); the others
 * always. */
static int stage_open(int stage, const dci_vorpruefung *vp)
{
    if (stage == DCI_STAGE_ASPEKT)
        return vp->result == DCI_VERDICT_POSITIVE || vp->result == DCI_VERDICT_UNSURE;
    if (stage == DCI_STAGE_INTEROPERABILITAET)
        return vp->eu == DCI_VERDICT_POSITIVE;
    return 1;
}

/* A copy of s (may be NULL) in the report's arena; sets R->oom. */
static const char *copy(dci_run *R, const char *s)
{
    const char *c = s ? dci_arena_strdup(&R->r->arena, s) : NULL;

    if (s && !c)
        R->oom = 1;
    return c;
}

/* The drafter's ratings of the principles (answers to "P1" …, canonical:
 * dci_answer_canonical) and what the description says about the draft. */
static void ratings_run(dci_run *R)
{
    const digicheck_ruleset *rs = R->rs;
    dci_about *a = &R->r->about;
    size_t i;

    a->title = copy(R, R->d->title);
    a->kind = copy(R, R->d->kind);
    a->date = copy(R, R->d->date);
    a->jurisdiction = copy(R, R->d->jurisdiction);
    if (!(R->r->ratings = dci_arena_calloc(&R->r->arena, rs->nprinciples * sizeof(dci_rating)))) {
        R->oom = 1;
        return;
    }
    for (i = 0; i < rs->nprinciples; i++) {
        const char *given = dci_draft_answer(R->d, rs->principles[i].id);
        R->r->ratings[i].answer = copy(R, given ? dci_answer_canonical(given) : NULL);
        R->r->ratings[i].reason = copy(R, dci_draft_reason(R->d, rs->principles[i].id));
    }
}

/* Evaluates a question: applies? answered? what does the text suggest? */
static void run_question(dci_run *R, const dci_rule *rule, const dci_vorpruefung *vp,
                         dci_question *q)
{
    size_t i, j, ms = 0, me = 0;
    int at_match = 0;

    dci_trigger_collect(R, rule);
    q->rule = rule;
    if (R->oom)
        return;
    q->applicable = !stage_open(rule->stage, vp) ? 0
                    : rule->nwhen_match || rule->nwhen_answers || rule->nwhen_rules
                    ? dci_trigger_holds(R, rule, 0, &ms, &me, &at_match) > 0 : 1;
    q->answer = given_answer(R, rule);
    q->reason = copy(R, dci_draft_reason(R->d, rule->id));
    for (i = 0; i < rule->nprefill && !R->oom; i++)
        for (j = 0; j < rule->prefill[i].nmatch; j++)
            if (dci_evidence_gather(R, &rule->prefill[i].match[j], q->evidence, &q->nevidence,
                                    DCI_MAX_EVIDENCE) && !q->suggested)
                q->suggested = rule->prefill[i].suggests;
}

void dci_questions_run(dci_run *R)
{
    const digicheck_ruleset *rs = R->rs;
    dci_vorpruefung vp;
    dci_question *qs;
    size_t i, n = 0;

    ratings_run(R);
    for (i = 0; i < rs->nrules; i++)
        n += rs->rules[i].type == DCI_RULE_QUESTION;
    if (!n || R->oom)
        return;
    if (!(qs = dci_report_questions(R->r, n))) {
        R->oom = 1;
        return;
    }
    dci_vorpruefung_of(R->d, &vp);
    for (i = 0; i < rs->nrules && !R->oom; i++)
        if (rs->rules[i].type == DCI_RULE_QUESTION)
            run_question(R, &rs->rules[i], &vp, qs++);
}

/* ---- accessors ------------------------------------------------------------- */

#define STR_OR_EMPTY(x) ((x) ? (x) : "")

const char *digicheck_question_id(const digicheck_question *q)
{
    return q ? q->rule->id : "";
}

const char *digicheck_question_stage(const digicheck_question *q)
{
    return q ? STR_OR_EMPTY(dci_name(&dci_stages, q->rule->stage)) : "";
}

const char *digicheck_question_principle(const digicheck_question *q)
{
    return q ? STR_OR_EMPTY(q->rule->principle) : "";
}

const char *digicheck_question_aspect(const digicheck_question *q)
{
    return q ? q->rule->aspect : NULL;
}

const char *digicheck_question_text(const digicheck_question *q)
{
    return q ? STR_OR_EMPTY(q->rule->message) : "";
}

int digicheck_question_applicable(const digicheck_question *q)
{
    return q ? q->applicable : 0;
}

const char *digicheck_question_answer(const digicheck_question *q)
{
    return q ? q->answer : NULL;
}

const char *digicheck_question_reason(const digicheck_question *q)
{
    return q ? q->reason : NULL;
}

const char *digicheck_question_suggested(const digicheck_question *q)
{
    return q && q->nevidence ? q->suggested : NULL;
}

size_t digicheck_question_evidence_count(const digicheck_question *q)
{
    return q ? q->nevidence : 0;
}

/* The i-th evidence of q, or NULL. */
static const dci_evidence *evidence(const digicheck_question *q, size_t i)
{
    return q && i < q->nevidence ? &q->evidence[i] : NULL;
}

const char *digicheck_question_evidence_path(const digicheck_question *q, size_t i)
{
    return evidence(q, i) ? evidence(q, i)->path : NULL;
}

long digicheck_question_evidence_line(const digicheck_question *q, size_t i)
{
    return evidence(q, i) ? evidence(q, i)->line : 0;
}

long digicheck_question_evidence_column(const digicheck_question *q, size_t i)
{
    return evidence(q, i) ? evidence(q, i)->column : 0;
}

const char *digicheck_question_evidence_excerpt(const digicheck_question *q, size_t i)
{
    return evidence(q, i) ? evidence(q, i)->excerpt : NULL;
}

/* ---- the Vorprüfung ------------------------------------------------------------ */

/* The official result logic of the Vorprüfung (DOMAIN.md §2): digital
 * relevance is positive when one of the first five questions is answered
 * yes; open while none is yes and one is unanswered; else unsure when one
 * is unsure, else negative. Interoperability applies the same to the EU
 * question when the relevance is positive, is open while the relevance is,
 * and negative otherwise (also when the relevance is unsure). answers:
 * DCI_ANSWER_*, -1 for none, -2 for one that says nothing (as unsure). */
static int vp_verdict(const int *answers, size_t n)
{
    size_t i;
    int unsure = 0, missing = 0;

    for (i = 0; i < n; i++) {
        if (answers[i] == -1)
            missing = 1;
        else if (answers[i] == DCI_ANSWER_YES)
            return DCI_VERDICT_POSITIVE;
        else if (answers[i] != DCI_ANSWER_NO)
            unsure = 1;
    }
    return missing ? DCI_VERDICT_OPEN : unsure ? DCI_VERDICT_UNSURE : DCI_VERDICT_NEGATIVE;
}

void dci_vorpruefung_of(const digicheck_draft *d, dci_vorpruefung *vp)
{
    static const char *const ids[] = {
        "vp.it-system", "vp.verpflichtungen", "vp.datenaustausch", "vp.kommunikation",
        "vp.automatisierung", "vp.eu-bezug"
    };
    int a[6];
    size_t i;

    for (i = 0; i < 6; i++) {
        const char *s = dci_draft_answer(d, ids[i]);
        a[i] = -1;
        if (s && dci_name_value(&dci_answers, dci_answer_canonical(s), &a[i]) != 0)
            a[i] = -2;
    }
    vp->result = vp_verdict(a, 5);
    vp->eu = vp_verdict(a + 5, 1);
    vp->interoperability = vp->result == DCI_VERDICT_POSITIVE ? vp->eu
                           : vp->result == DCI_VERDICT_OPEN ? DCI_VERDICT_OPEN
                           : DCI_VERDICT_NEGATIVE;
    vp->contradiction = a[2] == DCI_ANSWER_NO && a[5] == DCI_ANSWER_YES;
}

