/*
 * check.c -- the checker: evaluates the rules of a rule set on a draft.
 *
 * A checker holds what one thread needs to match (a dci_matcher: PCRE2
 * match data, backtracking limits, JIT stack; a searcher, search.c) and a
 * reference to its rule set. This module owns the checker and the order of
 * a check. Pattern rules are evaluated first, one pass per pattern over the
 * draft's view; each match is assigned to the unit of the rule's scope and
 * dropped when an `unless` pattern occurs in that unit. Absence rules run
 * afterwards (absence.c), each after the absence rules it names (the rule
 * set orders them), so that their `when: rules:` triggers see what fired.
 * Lua rules run next (lua.c), in the order of the rule set, and see every
 * finding so far; then the questions and the Vorprüfung (questions.c).
 *
 * Only text inside sentences is checked: headings, the title block and
 * metadata are not provisions.
 */
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "regex.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "search.h"
#include "finding.h"
#include "absence.h"
#include "questions.h"
#include "relevance.h"
#include "lua.h"
#include "collapse.h"
#include "justify.h"
#include "accept.h"
#include "check.h"

int digicheck_checker_new(digicheck_checker **out, const digicheck_ruleset *rs,
                          digicheck_error *err)
{
    digicheck_checker *c;

    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'out' is NULL");
    *out = NULL;
    if (!rs)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'rs' is NULL");
    c = dci_malloc(sizeof *c);
    if (c)
        memset(c, 0, sizeof *c);
    if (!c || dci_matcher_init(&c->m) != DIGICHECK_OK) {
        dci_free(c);
        return dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory creating a checker");
    }
    if (dci_lua_new(&c->lua) != DIGICHECK_OK) {
        dci_matcher_free(&c->m);
        dci_free(c);
        return dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory creating a checker");
    }
    c->rs = rs;
    dci_searcher_init(&c->search, rs);
    dci_ruleset_ref(rs);
    *out = c;
    return DIGICHECK_OK;
}

int digicheck_checker_set_limit(digicheck_checker *c, int limit, long value,
                                digicheck_error *err)
{
    if (!c)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'c' is NULL");
    if (value < 1)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0,
                         "argument 'value' is %ld; a limit is at least 1", value);
    switch (limit) {
    case DIGICHECK_CHECKER_LIMIT_LUA_MEMORY:
        dci_lua_set_memory(c->lua, (size_t)value);
        return DIGICHECK_OK;
    case DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS:
        dci_lua_set_instructions(c->lua, value);
        return DIGICHECK_OK;
    case DIGICHECK_CHECKER_LIMIT_LUA_TIME:
        dci_lua_set_time(c->lua, value);
        return DIGICHECK_OK;
    case DIGICHECK_CHECKER_LIMIT_LUA_TEXT:
        dci_lua_set_text(c->lua, (size_t)value);
        return DIGICHECK_OK;
    default:
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0,
                         "argument 'limit' is %d, not a DIGICHECK_CHECKER_LIMIT_* value", limit);
    }
}

void digicheck_checker_free(digicheck_checker *c)
{
    if (!c)
        return;
    dci_matcher_free(&c->m);
    dci_lua_free(c->lua);
    dci_searcher_free(&c->search);
    dci_fired_free(&c->fired);
    dci_buf_free(&c->tmp);
    dci_kept_free(&c->kept);
    dci_ruleset_unref(c->rs);
    dci_free(c);
}

/* ---- pattern rules ---------------------------------------------------------- */

/* The unit a rule with `scope` evaluates around sentence s. */
static size_t scope_unit(const digicheck_draft *d, int scope, size_t s)
{
    long u = (long)s;

    if (scope == DCI_SCOPE_SENTENCE)
        return s;
    if (scope == DCI_SCOPE_DOCUMENT)
        return 0;
    if (scope == DCI_SCOPE_SECTION)
        return dci_draft_section(d, s);
    for (; u > 0; u = d->units[u].parent)
        if (d->units[u].kind == DCI_UNIT_ABSATZ)
            return (size_t)u;
    return 0;
}

/* The start of the first sentence at or after view offset v (view_len if
 * none): where the next match worth looking at can begin. */
static size_t next_sentence(const digicheck_draft *d, size_t v)
{
    size_t k = dci_draft_first_from(d, DCI_UNIT_SATZ, v);

    return k < d->nby_kind[DCI_UNIT_SATZ] ? d->units[d->by_kind[DCI_UNIT_SATZ][k]].start
                                          : d->view_len;
}

/* The Satz that holds view offset ms, or -1 with *pos moved to the next
 * sentence: a match outside the provisions (heading, title) is passed. */
static long satz_of(const digicheck_draft *d, size_t ms, size_t *pos)
{
    long s = dci_draft_unit_at(d, DCI_UNIT_SATZ, ms);

    if (s < 0)
        *pos = next_sentence(d, ms + 1);
    return s;
}

static int severity_for(dci_run *R, const dci_rule *rule, size_t a, size_t z, int *limit)
{
    size_t i;

    for (i = 0; i < rule->nseverity_if; i++)
        if (dci_search_any(R, rule->severity_if[i].match, rule->severity_if[i].nmatch, a, z,
                           limit))
            return rule->severity_if[i].severity;
    return rule->severity;
}

/* What a match of rule in view[a, z) (its scope unit, or the quoted wording
 * it lies in) amounts to: 1 when an `unless` pattern cancels it, else 0
 * with its severity in *sev; a negative PCRE2 error when a pattern hit a
 * limit. */
static int span_verdict(dci_run *R, const dci_rule *rule, size_t a, size_t z, int *sev)
{
    int limit = 0, cancel;

    cancel = dci_search_any(R, rule->unless, rule->nunless, a, z, &limit);
    *sev = cancel ? rule->severity : severity_for(R, rule, a, z, &limit);
    return limit ? limit : cancel;
}

/* ---- amendments ------------------------------------------------------------- */

/* Does rule find something in quoted wording q (a match no `unless`
 * cancels)? A limit counts as found: nothing is claimed then. */
static int finds_in(dci_run *R, const dci_rule *rule, const dci_quote *q)
{
    int limit = 0, sev;

    if (!dci_search_any(R, rule->match, rule->nmatch, q->start, q->end, &limit))
        return limit != 0;
    return span_verdict(R, rule, q->start, q->end, &sev) != 1;
}

/* Does rule find something in the other quoted wording (role `role`) of
 * the command q belongs to? */
static int command_finds(dci_run *R, const dci_rule *rule, const dci_quote *q, int role)
{
    const digicheck_draft *d = R->d;
    size_t i;

    for (i = 0; i < d->nquotes; i++)
        if (d->quotes[i].satz == q->satz && d->quotes[i].role == role &&
            finds_in(R, rule, &d->quotes[i]))
            return 1;
    return 0;
}

/* A match in wording that a command removes: an improvement when the
 * command deletes, replaces or repeals it and its new wording does not
 * bring the barrier back. */
static void removed_barrier(dci_run *R, const dci_rule *rule, const dci_quote *q, size_t s,
                            size_t ms, size_t me)
{
    char *msg;
    int sev;

    if (q->verb != DCI_AMEND_DELETE && q->verb != DCI_AMEND_REPLACE &&
        q->verb != DCI_AMEND_REPEAL)
        return;
    if (span_verdict(R, rule, q->start, q->end, &sev) != 0 ||
        command_finds(R, rule, q, DCI_ROLE_NEW))
        return;
    R->tmp->len = 0;
    dci_buf_printf(R->tmp, "Die Änderung %s in %s eine Stelle, die die Regel %s findet (%s): "
                   "ein Hindernis entfällt.",
                   q->verb == DCI_AMEND_REPLACE ? "ersetzt" : "streicht",
                   q->target ? q->target : "der geänderten Vorschrift", rule->id,
                   rule->category);
    if (R->tmp->oom || !(msg = dci_arena_strdup(&R->r->arena, R->tmp->data))) {
        R->oom = 1;
        return;
    }
    dci_finding_add(R, rule, DCI_KIND_IMPROVEMENT, DIGICHECK_SEVERITY_INFO, msg, NULL, s, s,
                    ms, me);
}

/* New wording that replaces wording without the barrier brings one in:
 * at least a warning. */
static int new_barrier_severity(dci_run *R, const dci_rule *rule, const dci_quote *q, int sev)
{
    if (q->verb == DCI_AMEND_REPLACE && sev < DIGICHECK_SEVERITY_WARNING &&
        !command_finds(R, rule, q, DCI_ROLE_OLD))
        return DIGICHECK_SEVERITY_WARNING;
    return sev;
}

/* A rule with `lead_in:` reads list items whose lead-in says what the
 * items are ("Dem Antrag sind beizufügen:"): 1 when Satz s is one, 0 when
 * not, a negative PCRE2 error when a pattern hit a limit. An item of a
 * nested list is read with the lead-ins above it too ("2. Nachweise über
 * die Ausbildung: a) …" under "Dem Antrag sind beizufügen:"), up to
 * LEAD_IN_DEPTH lists up. */
#define LEAD_IN_DEPTH 4

static int after_lead_in(dci_run *R, const dci_rule *rule, size_t s)
{
    long in = dci_draft_lead_in(R->d, s);
    int depth, limit = 0, found = 0;

    for (depth = 0; in >= 0 && depth < LEAD_IN_DEPTH && !found; depth++) {
        found = dci_search_any(R, rule->lead_in, rule->nlead_in, R->d->units[in].start,
                               R->d->units[in].end, &limit);
        if (limit)
            return limit;
        in = dci_draft_lead_in(R->d, (size_t)in);
    }
    return found;
}

/* The span a match at ms in scope unit u is judged in: the unit, or the
 * part of the quoted wording q in it. */
static void judged_span(const digicheck_draft *d, size_t u, const dci_quote *q, size_t *a,
                        size_t *z)
{
    *a = d->units[u].start;
    *z = d->units[u].end;
    if (q) {
        if (q->start > *a)
            *a = q->start;
        if (q->end < *z)
            *z = q->end;
    }
}

/* What the matches of rule in scope unit u (the part of quoted wording q
 * in it), from Satz s with role `role`, amount to: 0 to report them, with
 * their severity in *sev; 1 when they are cancelled; a negative PCRE2
 * error when a pattern hit a limit. */
static int unit_verdict(dci_run *R, const dci_rule *rule, size_t u, const dci_quote *q,
                        size_t s, int role, int *sev)
{
    size_t a, z;
    int v;

    judged_span(R->d, u, q, &a, &z);
    /* a list item not after such a lead-in counts as cancelled */
    v = rule->nlead_in ? after_lead_in(R, rule, s) : 1;
    if (v >= 0)
        v = v ? span_verdict(R, rule, a, z, sev) : 1;
    if (v == 0 && q && role == DCI_ROLE_NEW)
        *sev = new_barrier_severity(R, rule, q, *sev);
    return v;
}

/* The end of the subject of a search of t from view offset *pos: the end
 * of the view, as in a full scan. But a pattern that asserts an end of its
 * subject ("… Kinder,$", "(?m)^eine …": a list item) means the text the
 * rule reads, as when the unit is checked alone: for it the scope unit of
 * the Satz at or after *pos, where a match must begin (*stop is bounded to
 * its end); a start asserted is where its text begins (t->base, *pos moved
 * there), an end asserted its end. */
static size_t subject_of(const dci_run *R, const dci_rule *rule, dci_target *t, size_t *pos,
                         size_t *stop)
{
    const digicheck_draft *d = R->d;
    int anchors = t->re->flags & (DCI_RE_STARTS | DCI_RE_ENDS);
    const dci_unit *un;
    long s;

    if (!anchors)
        return d->view_len;
    t->base = 0;
    if ((s = dci_draft_unit_at(d, DCI_UNIT_SATZ, *pos)) < 0 &&
        (s = dci_draft_unit_at(d, DCI_UNIT_SATZ, next_sentence(d, *pos))) < 0)
        return d->view_len;
    un = &d->units[scope_unit(d, rule->scope, (size_t)s)];
    if (un->end <= *pos)
        return d->view_len;
    if (*stop > un->end)
        *stop = un->end;
    dci_target_unit(R, t, un->start, un->end);
    if (*pos < t->base)
        *pos = t->base;
    return anchors & DCI_RE_ENDS ? un->end : d->view_len;
}

/* Evaluates pattern re of a pattern rule over the draft. -1 when it hit a
 * matching limit: a diagnostic was added and the rule stops. */
static int run_pattern(dci_run *R, const dci_rule *rule, const dci_regex *re)
{
    const digicheck_draft *d = R->d;
    int kind = rule->scope == DCI_SCOPE_SENTENCE ? DCI_UNIT_SATZ : DCI_UNIT_ABSATZ;
    size_t pos = 0, ms, me, end = d->view_len;
    long cached_unit = -1;
    const dci_quote *cached_quote = NULL, *improved = NULL;
    int cached = 0, sev = rule->severity, by_unit;
    dci_target t;

    dci_target_of(R, re, &t);
    /* with a reach, the windows around the hits give the next match as a
     * full scan does; else, and when each unit is a subject of its own,
     * the units that hold a hit are searched */
    by_unit = t.reach == DCI_REACH_NONE || (re->flags & (DCI_RE_STARTS | DCI_RE_ENDS));
    while (pos < d->view_len && !R->oom && !R->limit_hit &&
           (!by_unit || dci_search_unit(R, &t, kind, &pos, &end))) {
        /* the subject is the whole view, as in a full scan, but for a
         * pattern that asserts its start or end: only the start of the
         * match is bounded to the candidate unit */
        size_t stop = end, lim = subject_of(R, rule, &t, &pos, &stop);
        int rc = dci_search(R, &t, pos, lim, stop, &ms, &me), role;
        long s = rc < 0 ? dci_draft_unit_at(d, DCI_UNIT_SATZ, pos) : 0;
        const dci_quote *q;
        size_t u;

        if (rc == 0 && stop < d->view_len) {
            pos = stop;             /* nothing in this unit: on to the next hit */
            continue;
        }
        if (rc == 0)
            break;
        if (rc < 0) {
            dci_finding_limit(R, rule, re, rc, s < 0 ? 0 : (size_t)s);
            return -1;
        }
        if ((s = satz_of(d, ms, &pos)) < 0)
            continue;
        u = scope_unit(d, rule->scope, (size_t)s);
        if (me > d->units[u].end) {
            /* the match runs out of its scope: look again inside it */
            rc = dci_search(R, &t, ms, d->units[u].end, d->units[u].end, &ms, &me);
            if (rc < 0) {
                dci_finding_limit(R, rule, re, rc, (size_t)s);
                return -1;
            }
            if (rc == 0) {
                pos = d->units[u].end;
                continue;
            }
            if ((s = satz_of(d, ms, &pos)) < 0)
                continue;
        }
        role = dci_draft_role_at(d, (size_t)s, ms, &q);
        pos = me;
        if (!(rule->roles & (1u << role))) {
            /* text the rule does not read; removed wording may be news */
            if (role == DCI_ROLE_OLD && q != improved && (rule->roles & (1u << DCI_ROLE_NEW)))
                removed_barrier(R, rule, improved = q, (size_t)s, ms, me);
            continue;
        }
        if ((long)u != cached_unit || q != cached_quote) {
            cached_unit = (long)u;
            cached_quote = q;
            if ((cached = unit_verdict(R, rule, u, q, (size_t)s, role, &sev)) < 0) {
                dci_finding_limit(R, rule, re, cached, (size_t)s);
                return -1;
            }
        }
        if (!cached)
            dci_finding_add(R, rule, DCI_KIND_TEXT, sev, rule->message, NULL, (size_t)s,
                            (size_t)s, ms, me);
    }
    return 0;
}

static void run_pattern_rule(dci_run *R, const dci_rule *rule)
{
    size_t p, mark = dci_report_mark(R->r);

    for (p = 0; p < rule->nmatch && !R->oom && !R->limit_hit; p++)
        if (run_pattern(R, rule, &rule->match[p]) < 0)
            return;
    if (R->oom)
        return;
    if (rule->group != DCI_GROUP_SECTION)
        dci_collapse_sentences(R, rule, mark);
}

/* ---- the check ------------------------------------------------------------ */

int digicheck_check(digicheck_checker *c, const digicheck_draft *d, digicheck_report **out,
                    digicheck_error *err)
{
    dci_run R;
    size_t i;
    int rc;

    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'out' is NULL");
    *out = NULL;
    if (!c)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'c' is NULL");
    if (!d)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'd' is NULL");
    if ((rc = dci_justifications_check(c->rs, d->justs, d->njusts, err)))
        return rc;
    memset(&R, 0, sizeof R);
    R.rs = c->rs;
    R.d = d;
    R.m = &c->m;
    R.s = &c->search;
    R.fired = &c->fired;
    R.tmp = &c->tmp;
    R.kept = &c->kept;
    dci_kept_clear(R.kept);
    R.pos.off = (size_t)-1;
    rc = dci_report_new(&R.r, c->rs, d->name);
    if (rc)
        return dci_error(err, rc, d->name, 0, 0, "out of memory creating a report");
    /* a finding in every sentence: one every 64 bytes or so */
    dci_report_expect(R.r, d->view_len / 64);
    dci_search_begin(&R);
    for (i = 0; i < c->rs->nrules && !R.oom; i++)
        if (c->rs->rules[i].type == DCI_RULE_PATTERN)
            run_pattern_rule(&R, &c->rs->rules[i]);
    if (!R.oom)
        dci_collapse_grouped(&R);
    for (i = 0; i < c->rs->nabsence && !R.oom; i++)
        dci_absence_run(&R, &c->rs->rules[c->rs->absence_order[i]]);
    for (i = 0; i < c->rs->nrules && !R.oom; i++)
        if (c->rs->rules[i].type == DCI_RULE_LUA)
            dci_lua_run(c->lua, &R, &c->rs->rules[i]);
    dci_lua_done(c->lua);
    if (!R.oom)
        dci_questions_run(&R);
    if (!R.oom)
        dci_relevance_run(&R);
    dci_search_end(&R);
    dci_vorpruefung_of(d, &R.r->vp);
    if (!R.oom) {
        size_t made = dci_report_mark(R.r);

        dci_report_sort(R.r);
        /* accepting reads the paths, and may add diagnostics, whose
         * strings a second pass makes */
        if (dci_finding_strings(&R) == 0)
            dci_accept_findings(&R);
        if (!R.oom && (dci_report_mark(R.r) == made || dci_finding_strings(&R) == 0) &&
            dci_report_fingerprint(R.r))
            R.oom = 1;
    }
    if (R.oom) {
        digicheck_report_free(R.r);
        return dci_error(err, DIGICHECK_ENOMEM, d->name, 0, 0, "out of memory checking '%s'",
                         d->name);
    }
    dci_report_trim(R.r);
    *out = R.r;
    return DIGICHECK_OK;
}

/* ---- rule examples -------------------------------------------------------- */

/* Checks one example: does the rule fire on it (a question: is it open)? A
 * diagnostic of the rule (it failed or hit a limit) is copied to diag, else
 * diag is "". */
static int example_fires(digicheck_checker *c, const dci_rule *rule, const char *text,
                         int *fires, char *diag, size_t diag_cap, digicheck_error *err)
{
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    size_t i;
    int rc;

    *fires = 0;
    diag[0] = '\0';
    rc = digicheck_draft_parse(&d, text, strlen(text), "<example>", DIGICHECK_FORMAT_TEXT, err);
    if (rc == DIGICHECK_OK)
        rc = digicheck_check(c, d, &r, err);
    for (i = 0; rc == DIGICHECK_OK && i < r->nfindings; i++) {
        if (r->findings[i].rule != rule)
            continue;
        if (r->findings[i].kind != DCI_KIND_DIAGNOSTIC)
            *fires = 1;
        else if (!diag[0])
            snprintf(diag, diag_cap, "%s", r->findings[i].message);
    }
    for (i = 0; rc == DIGICHECK_OK && i < r->nquestions; i++)
        if (r->questions[i].rule == rule && dci_question_open(&r->questions[i]))
            *fires = 1;
    digicheck_report_free(r);
    digicheck_draft_free(d);
    return rc;
}

int digicheck_ruleset_test(const digicheck_ruleset *rs, size_t *passed, size_t *failed,
                           char **failures, digicheck_error *err)
{
    digicheck_checker *c = NULL;
    dci_buf out = {0};
    size_t npass = 0, nfail = 0, i, j;
    int rc;

    if (passed)
        *passed = 0;
    if (failed)
        *failed = 0;
    if (failures)
        *failures = NULL;
    if (!rs)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'rs' is NULL");
    rc = digicheck_checker_new(&c, rs, err);
    for (i = 0; i < rs->nrules && rc == DIGICHECK_OK; i++) {
        const dci_rule *rule = &rs->rules[i];
        for (j = 0; j < rule->nex_match + rule->nex_no_match && rc == DIGICHECK_OK; j++) {
            int want = j < rule->nex_match;
            const char *text = want ? rule->ex_match[j] : rule->ex_no_match[j - rule->nex_match];
            int fires;
            char diag[512];
            digicheck_error e2;

            rc = example_fires(c, rule, text, &fires, diag, sizeof diag, &e2);
            if (rc == DIGICHECK_ENOMEM) {
                dci_error(err, rc, rule->id, rule->line, rule->column,
                          "out of memory running the examples");
                break;
            }
            if (rc != DIGICHECK_OK) {
                /* an example that is not a valid draft is a failed example */
                dci_buf_printf(&out, "%s: example is not a valid draft (%s): %s\n", rule->id,
                               e2.message, text);
                nfail++;
                rc = DIGICHECK_OK;
                continue;
            }
            if (diag[0]) {
                /* a rule that fails passes no example, not even a no_match */
                nfail++;
                dci_buf_printf(&out, "%s: the rule failed on the example (%s): %s\n", rule->id,
                               diag, text);
            } else if (fires == want) {
                npass++;
            } else {
                nfail++;
                dci_buf_printf(&out, "%s: %s: %s\n", rule->id,
                               want ? "expected a match" : "expected no match", text);
            }
        }
    }
    digicheck_checker_free(c);
    if (rc == DIGICHECK_OK && out.oom)
        rc = dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory running the examples");
    if (rc == DIGICHECK_OK) {
        if (passed)
            *passed = npass;
        if (failed)
            *failed = nfail;
        if (failures && out.len) {
            *failures = dci_buf_detach(&out, NULL);
            if (!*failures)
                rc = dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory");
        }
    }
    dci_buf_free(&out);
    return rc;
}
