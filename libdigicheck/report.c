/*
 * report.c -- the result of a check: its findings (added, rolled back,
 * sorted), the state of each principle, the names of finding kinds and
 * principle states, and the accessors of the public API (rendering is
 * render.c; the checker fills a report through these functions only).
 *
 * A report owns its strings (paths, excerpts, diagnostics) in an arena and
 * borrows rule texts from its rule set, of which it holds a reference: the
 * caller may free rule set, checker and draft before the report.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dci.h"
#include "ruleset.h"
#include "report.h"
#include "justify.h"

int dci_report_new(digicheck_report **out, const digicheck_ruleset *rs, const char *file)
{
    digicheck_report *r = dci_malloc(sizeof *r);

    *out = NULL;
    if (!r)
        return DIGICHECK_ENOMEM;
    memset(r, 0, sizeof *r);
    r->file = dci_arena_strdup(&r->arena, file ? file : "<input>");
    if (!r->file) {
        dci_free(r);
        return DIGICHECK_ENOMEM;
    }
    r->rs = rs;
    dci_ruleset_ref(rs);
    *out = r;
    return DIGICHECK_OK;
}

/* Findings a report holds before it grows to what it expects: a draft
 * with fewer never asks for more. */
#define FEW_FINDINGS 1024

void dci_report_expect(digicheck_report *r, size_t n)
{
    r->expect = n < (size_t)DIGICHECK_LIMIT_FINDINGS + 1 ? n : DIGICHECK_LIMIT_FINDINGS + 1;
}

digicheck_finding *dci_report_add(digicheck_report *r, const digicheck_finding *f)
{
    digicheck_finding *slot;
    size_t need = r->nfindings + 1;

    /* growing by doubling below glibc's mmap threshold copies, and the heap
     * keeps the copies: 1 MB of sentences held 1 MB more */
    if (need > r->cap && need > FEW_FINDINGS && r->expect > need)
        need = r->expect;
    if (dci_grow((void **)&r->findings, &r->cap, need, sizeof *r->findings))
        return NULL;
    slot = &r->findings[r->nfindings];
    *slot = *f;
    slot->seq = (uint32_t)r->nfindings++;
    return slot;
}

/* A finding without rare parts has these. */
static const dci_finding_more no_more = {
    .eid_offset = -1, .para = -1, .para_offset = -1, .end_para = -1, .end_para_offset = -1
};

const dci_finding_more *dci_finding_more_of(const digicheck_finding *f)
{
    return f->more ? f->more : &no_more;
}

dci_finding_more *dci_report_more(digicheck_report *r, digicheck_finding *f)
{
    dci_finding_more *m;

    if (f->more)
        return f->more;
    if ((m = dci_arena_alloc(&r->arena, sizeof *m)))
        *m = no_more;
    f->more = m;
    return m;
}

/* Text blocks of the arena: strings need no alignment, and a finding's
 * path, excerpt and match are short, so packing them saves the arena's
 * rounding to 16 bytes (some 20 bytes a finding). */
#define TEXT_BLOCK (16 * 1024)

char *dci_report_text(digicheck_report *r, const char *s, size_t n)
{
    char *p;

    if (n >= TEXT_BLOCK / 8)
        return dci_arena_strndup(&r->arena, s, n);
    if (r->text_left < n + 1) {
        if (!(r->text = dci_arena_alloc(&r->arena, TEXT_BLOCK)))
            return NULL;
        r->text_left = TEXT_BLOCK;
    }
    p = r->text;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    r->text += n + 1;
    r->text_left -= n + 1;
    return p;
}

void dci_report_set_strings(digicheck_report *r, size_t i, const char *path,
                            const char *excerpt)
{
    assert(i < r->nfindings);
    r->findings[i].path = path;
    if (excerpt) {
        r->findings[i].excerpt = excerpt;
        r->findings[i].excerpt_unit = DCI_MADE_UNIT32;
    }
}

void dci_report_trim(digicheck_report *r)
{
    digicheck_finding *p;

    if (r->cap <= FEW_FINDINGS || r->cap - r->nfindings < r->cap / 4)
        return;
    /* shrinking keeps the block where it is; failing to is no harm */
    if ((p = dci_realloc(r->findings, (r->nfindings ? r->nfindings : 1) * sizeof *p))) {
        r->findings = p;
        r->cap = r->nfindings ? r->nfindings : 1;
    }
}

dci_question *dci_report_questions(digicheck_report *r, size_t n)
{
    r->questions = dci_arena_calloc(&r->arena, n * sizeof *r->questions);
    r->nquestions = r->questions ? n : 0;
    return r->questions;
}

size_t dci_report_mark(const digicheck_report *r)
{
    return r->nfindings;
}

void dci_report_rollback(digicheck_report *r, size_t mark)
{
    if (mark < r->nfindings)
        r->nfindings = mark;
}

void dci_report_drop(digicheck_report *r, size_t mark, const unsigned char *gone)
{
    size_t i, k = mark;

    for (i = mark; i < r->nfindings; i++)
        if (!gone[i - mark])
            r->findings[k++] = r->findings[i];
    r->nfindings = k;
}

int dci_report_regroup(digicheck_report *r, size_t i, int severity, const char *message)
{
    char *m = NULL;

    if (message && !(m = dci_arena_strdup(&r->arena, message)))
        return DIGICHECK_ENOMEM;
    if (severity > r->findings[i].severity)
        r->findings[i].severity = (uint8_t)severity;
    if (m)
        r->findings[i].message = m;
    return DIGICHECK_OK;
}

/* qsort has no context argument in C11: the rule order is the rule pointer
 * order, as rules live in one array. */
static int cmp_finding(const void *pa, const void *pb)
{
    const digicheck_finding *a = pa, *b = pb;

    if (a->offset != b->offset)
        return a->offset < b->offset ? -1 : 1;
    if (a->rule != b->rule) {
        if (!a->rule || !b->rule)
            return a->rule ? -1 : 1;
        return a->rule < b->rule ? -1 : 1;
    }
    if (a->seq != b->seq)
        return a->seq < b->seq ? -1 : 1;
    return 0;
}

/* Is name one of names[0..n)? */
static int listed(const char *name, const char *const *names, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (name && strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

/* Are the arguments of digicheck_report_keep() known to r's rule set? */
static int check_keep(const digicheck_report *r, int min_severity,
                      const char *const *categories, size_t ncategories,
                      const char *const *rule_ids, size_t nrule_ids, digicheck_error *err)
{
    size_t i;
    int v;

    if (min_severity < 0 || min_severity > DIGICHECK_SEVERITY_ERROR)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'min_severity' is %d, "
                         "not 0 or a DIGICHECK_SEVERITY_* value", min_severity);
    if ((ncategories && !categories) || (nrule_ids && !rule_ids))
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument '%s' is NULL",
                         ncategories && !categories ? "categories" : "rule_ids");
    for (i = 0; i < ncategories; i++)
        if (!categories[i] || dci_name_value(&dci_categories, categories[i], &v) != 0) {
            dci_buf names = {0};
            int rc;
            for (v = 0; digicheck_category((size_t)v); v++)
                dci_buf_printf(&names, "%s%s", v ? ", " : "", digicheck_category((size_t)v));
            rc = dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "unknown category '%s' (%s)",
                           categories[i] ? categories[i] : "(null)",
                           names.data ? names.data : "");
            dci_buf_free(&names);
            return rc;
        }
    for (i = 0; i < nrule_ids; i++)
        if (!rule_ids[i] || dci_ruleset_find_rule(r->rs, rule_ids[i]) == (size_t)-1)
            return dci_ruleset_no_rule(r->rs, rule_ids[i] ? rule_ids[i] : "(null)", err);
    return DIGICHECK_OK;
}

int digicheck_report_keep(digicheck_report *r, int min_severity, const char *const *categories,
                          size_t ncategories, const char *const *rule_ids, size_t nrule_ids,
                          digicheck_error *err)
{
    size_t i, n = 0;
    int rc;

    if (!r)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'r' is NULL");
    if ((rc = check_keep(r, min_severity, categories, ncategories, rule_ids, nrule_ids, err)))
        return rc;
    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        if (f->severity < min_severity ||
            (ncategories && !listed(f->rule ? f->rule->category : NULL, categories,
                                    ncategories)) ||
            (nrule_ids && !listed(f->rule ? f->rule->id : NULL, rule_ids, nrule_ids)))
            continue;
        r->findings[n++] = *f;
    }
    r->nfindings = n;
    return DIGICHECK_OK;
}

void dci_report_sort(digicheck_report *r)
{
    size_t i, n = 0;

    if (r->nfindings > 1)
        qsort(r->findings, r->nfindings, sizeof *r->findings, cmp_finding);
    /* Two patterns of one rule hitting the same place are one finding; a
     * Lua rule may say two different things about one place. */
    for (i = 0; i < r->nfindings; i++) {
        if (n > 0 && r->findings[i].kind != DCI_KIND_DIAGNOSTIC &&
            r->findings[n - 1].kind == r->findings[i].kind &&
            r->findings[n - 1].rule == r->findings[i].rule &&
            r->findings[n - 1].offset == r->findings[i].offset &&
            strcmp(r->findings[n - 1].message, r->findings[i].message) == 0)
            continue;
        r->findings[n++] = r->findings[i];
    }
    r->nfindings = n;
}

int dci_report_justify(digicheck_report *r, size_t i, const char *reason, const char *by,
                       int source)
{
    digicheck_finding *f = &r->findings[i];
    dci_finding_more *m;

    assert(i < r->nfindings);
    if (!(m = dci_report_more(r, f)))
        return -1;
    m->jreason = dci_arena_strdup(&r->arena, reason);
    m->jby = by ? dci_arena_strdup(&r->arena, by) : NULL;
    f->jsource = (uint8_t)source;
    if (!m->jreason || (by && !m->jby)) {
        m->jreason = NULL;
        return -1;
    }
    return 0;
}

/* The order of fingerprints, ties in report order, of the findings ctx
 * that the indices a and b name. */
static int cmp_fp(const void *pa, const void *pb, void *ctx)
{
    const digicheck_finding *f = ctx;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

    if (f[a].fp != f[b].fp)
        return f[a].fp < f[b].fp ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* The room of a fingerprint: 16 hex digits, ':', an occurrence of at most
 * six digits (a report holds at most DIGICHECK_LIMIT_FINDINGS + 1
 * findings), and the NUL. */
#define FP_ROOM 24
_Static_assert(DIGICHECK_LIMIT_FINDINGS < 999999, "an occurrence has at most six digits");

int dci_report_fingerprint(digicheck_report *r)
{
    uint32_t *idx;
    uint64_t h, last = 0;
    size_t i, occ = 0;
    int rc = -1;

    if (!r->nfindings)
        return 0;
    if (!(idx = dci_malloc(r->nfindings * sizeof *idx)))
        return -1;
    for (i = 0; i < r->nfindings; i++)
        idx[i] = (uint32_t)i;
    /* 4 bytes a finding, sorted in place: the pairs of fingerprint and
     * index sorted before, and qsort's copy of them, took 32 at the check's
     * peak */
    dci_sort(idx, r->nfindings, sizeof *idx, cmp_fp, r->findings);
    for (i = 0; i < r->nfindings; i++) {
        digicheck_finding *f = &r->findings[idx[i]];
        char fp[FP_ROOM];
        int n;
        h = f->fp;              /* the string takes its place */
        occ = i && h == last ? occ + 1 : 1;
        last = h;
        n = snprintf(fp, sizeof fp, "%016llx:%zu", (unsigned long long)h, occ);
        /* packed in the report's text: most take 19 bytes of the room */
        if (!(f->fingerprint = dci_report_text(r, fp, (size_t)n)))
            goto done;
    }
    rc = 0;
done:
    dci_free(idx);
    return rc;
}

void dci_report_set_baseline(digicheck_report *r, size_t i, int state)
{
    assert(i < r->nfindings);
    r->findings[i].bstate = (uint8_t)state;
}

int dci_report_add_absent(digicheck_report *r, const char *rule, const char *fingerprint)
{
    dci_absent *a;

    if (dci_grow((void **)&r->absent, &r->absent_cap, r->nabsent + 1, sizeof *r->absent))
        return -1;
    a = &r->absent[r->nabsent];
    a->rule = dci_arena_strdup(&r->arena, rule);
    a->fingerprint = dci_arena_strdup(&r->arena, fingerprint);
    if (!a->rule || !a->fingerprint)
        return -1;
    r->nabsent++;
    return 0;
}

void dci_report_drop_unchanged(digicheck_report *r)
{
    size_t i, n = 0;

    for (i = 0; i < r->nfindings; i++)
        if (r->findings[i].bstate != DCI_BASELINE_UNCHANGED)
            r->findings[n++] = r->findings[i];
    r->nfindings = n;
}

static const char *const baseline_names[] = { "", "new", "unchanged", NULL };
static const dci_names baseline_states = { DCI_BASELINE_NONE, baseline_names, NULL };

const char *dci_baseline_state(const digicheck_finding *f)
{
    return f->bstate ? dci_name(&baseline_states, f->bstate) : NULL;
}

size_t dci_report_justified(const digicheck_report *r)
{
    size_t i, n = 0;

    for (i = 0; i < r->nfindings; i++)
        n += dci_finding_more_of(&r->findings[i])->jreason != NULL;
    return n;
}

const char *dci_justification_source(const digicheck_finding *f)
{
    return dci_finding_more_of(f)->jreason ? dci_name(&dci_just_sources, f->jsource) : NULL;
}

int dci_report_principle(const digicheck_report *r, size_t p, size_t *findings, size_t *open)
{
    size_t i, nf = 0, no = 0;

    for (i = 0; i < r->nfindings; i++) {
        const digicheck_finding *f = &r->findings[i];
        nf += f->rule && f->rule->principle_index == p && f->kind != DCI_KIND_DIAGNOSTIC &&
              f->kind != DCI_KIND_IMPROVEMENT;      /* a barrier removed is none to count */
    }
    for (i = 0; i < r->nquestions; i++)
        no += r->questions[i].rule->principle_index == p && dci_question_open(&r->questions[i]);
    *findings = nf;
    *open = no;
    if (nf)
        return DCI_STATUS_FINDINGS;
    if (r->vp.result == DCI_VERDICT_NEGATIVE)
        return DCI_STATUS_NOT_RELEVANT;
    return no ? DCI_STATUS_OPEN_QUESTIONS : DCI_STATUS_CLEAN;
}

size_t dci_report_open_questions(const digicheck_report *r)
{
    size_t i, n = 0;

    for (i = 0; i < r->nquestions; i++)
        n += dci_question_open(&r->questions[i]) != 0;
    return n;
}

void digicheck_report_free(digicheck_report *r)
{
    if (!r)
        return;
    dci_free(r->findings);
    dci_free(r->absent);
    dci_arena_free(&r->arena);
    dci_ruleset_unref(r->rs);
    dci_free(r);
}

/* The public numbers are the internal ones. */
_Static_assert(DIGICHECK_VP_OPEN == DCI_VERDICT_OPEN && DIGICHECK_VP_POSITIVE ==
               DCI_VERDICT_POSITIVE && DIGICHECK_VP_UNSURE == DCI_VERDICT_UNSURE &&
               DIGICHECK_VP_NEGATIVE == DCI_VERDICT_NEGATIVE, "DIGICHECK_VP_*");
_Static_assert(DIGICHECK_PRINCIPLE_CLEAN == DCI_STATUS_CLEAN && DIGICHECK_PRINCIPLE_FINDINGS ==
               DCI_STATUS_FINDINGS && DIGICHECK_PRINCIPLE_OPEN_QUESTIONS ==
               DCI_STATUS_OPEN_QUESTIONS && DIGICHECK_PRINCIPLE_NOT_RELEVANT ==
               DCI_STATUS_NOT_RELEVANT, "DIGICHECK_PRINCIPLE_*");

const char *digicheck_report_file(const digicheck_report *r)
{
    return r ? r->file : "";
}

size_t digicheck_report_question_count(const digicheck_report *r)
{
    return r ? r->nquestions : 0;
}

const digicheck_question *digicheck_report_question(const digicheck_report *r, size_t i)
{
    return r && i < r->nquestions ? &r->questions[i] : NULL;
}

int digicheck_report_vorpruefung(const digicheck_report *r, int *interoperability,
                                 int *eu_bezug, int *contradiction)
{
    if (interoperability)
        *interoperability = r ? r->vp.interoperability : DIGICHECK_VP_OPEN;
    if (eu_bezug)
        *eu_bezug = r ? r->vp.eu : DIGICHECK_VP_OPEN;
    if (contradiction)
        *contradiction = r ? r->vp.contradiction : 0;
    return r ? r->vp.result : DIGICHECK_VP_OPEN;
}

size_t digicheck_report_principle_count(const digicheck_report *r)
{
    return r ? r->rs->nprinciples : 0;
}

const char *digicheck_report_principle_id(const digicheck_report *r, size_t i)
{
    return r && i < r->rs->nprinciples ? r->rs->principles[i].id : NULL;
}

const char *digicheck_report_principle_title(const digicheck_report *r, size_t i)
{
    return r && i < r->rs->nprinciples ? r->rs->principles[i].title : NULL;
}

int digicheck_report_principle_status(const digicheck_report *r, size_t i, size_t *findings,
                                      size_t *open_questions)
{
    size_t nf = 0, no = 0;
    int status = -1;

    if (r && i < r->rs->nprinciples)
        status = dci_report_principle(r, i, &nf, &no);
    if (findings)
        *findings = nf;
    if (open_questions)
        *open_questions = no;
    return status;
}

const char *digicheck_report_principle_rating(const digicheck_report *r, size_t i,
                                              const char **reason)
{
    const dci_rating *g = r && r->ratings && i < r->rs->nprinciples ? &r->ratings[i] : NULL;

    if (reason)
        *reason = g ? g->reason : NULL;
    return g ? g->answer : NULL;
}

size_t digicheck_report_count(const digicheck_report *r)
{
    return r ? r->nfindings : 0;
}

const digicheck_finding *digicheck_report_get(const digicheck_report *r, size_t i)
{
    return r && i < r->nfindings ? &r->findings[i] : NULL;
}


/* ---- finding accessors ---------------------------------------------------- */

#define STR_OR_EMPTY(x) ((x) ? (x) : "")

const char *digicheck_finding_rule_id(const digicheck_finding *f)
{
    return f && f->rule ? f->rule->id : "";
}

const char *digicheck_finding_principle(const digicheck_finding *f)
{
    return f && f->rule ? f->rule->principle : "";
}

const char *digicheck_finding_category(const digicheck_finding *f)
{
    return f && f->rule ? f->rule->category : "";
}

int digicheck_finding_severity(const digicheck_finding *f)
{
    return f ? f->severity : 0;
}

const char *digicheck_finding_message(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(f->message) : "";
}

const char *dci_finding_suggestion(const digicheck_finding *f)
{
    /* the advice of a rule is for the barrier, not for its removal */
    if (!f->rule || f->kind == DCI_KIND_DIAGNOSTIC || f->kind == DCI_KIND_IMPROVEMENT)
        return NULL;
    return f->more && f->more->suggestion ? f->more->suggestion : f->rule->suggestion;
}

const char *digicheck_finding_suggestion(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(dci_finding_suggestion(f)) : "";
}

const char *digicheck_finding_kind(const digicheck_finding *f)
{
    return f ? dci_kind_name(f->kind) : "";
}

const char *digicheck_finding_path(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(f->path) : "";
}

const char *digicheck_finding_target_path(const digicheck_finding *f)
{
    return f ? dci_finding_more_of(f)->target_path : NULL;
}

const char *digicheck_finding_excerpt(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(f->excerpt) : "";
}

const char *digicheck_finding_match(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(f->match) : "";
}

const char *digicheck_finding_eid(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(dci_finding_more_of(f)->eid) : "";
}

long digicheck_finding_eid_offset(const digicheck_finding *f)
{
    return f && dci_finding_more_of(f)->eid ? dci_finding_more_of(f)->eid_offset : -1;
}

long digicheck_finding_paragraph(const digicheck_finding *f)
{
    return f ? dci_finding_more_of(f)->para : -1;
}

long digicheck_finding_paragraph_offset(const digicheck_finding *f)
{
    return f ? dci_finding_more_of(f)->para_offset : -1;
}

long digicheck_finding_line(const digicheck_finding *f)
{
    return f ? f->line : 0;
}

long digicheck_finding_column(const digicheck_finding *f)
{
    return f ? f->column : 0;
}

long digicheck_finding_end_line(const digicheck_finding *f)
{
    return f ? f->end_line : 0;
}

long digicheck_finding_end_column(const digicheck_finding *f)
{
    return f ? f->end_column : 0;
}

size_t digicheck_finding_offset(const digicheck_finding *f)
{
    return f ? f->offset : 0;
}

size_t digicheck_finding_length(const digicheck_finding *f)
{
    return f ? f->length : 0;
}

/* A diagnostic is about its rule, not the draft: it carries no references
 * (as in JSON). */
size_t digicheck_finding_reference_count(const digicheck_finding *f)
{
    return f && f->rule && f->kind != DCI_KIND_DIAGNOSTIC ? f->rule->nreferences : 0;
}

const char *digicheck_finding_reference(const digicheck_finding *f, size_t i)
{
    return i < digicheck_finding_reference_count(f) ? f->rule->references[i] : NULL;
}

int digicheck_finding_justified(const digicheck_finding *f)
{
    return f && dci_finding_more_of(f)->jreason;
}

const char *digicheck_finding_justification_reason(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(dci_finding_more_of(f)->jreason) : "";
}

const char *digicheck_finding_justification_by(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(dci_finding_more_of(f)->jby) : "";
}

const char *digicheck_finding_fingerprint(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(f->fingerprint) : "";
}

const char *digicheck_finding_baseline_state(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(dci_baseline_state(f)) : "";
}

size_t digicheck_report_absent_count(const digicheck_report *r)
{
    return r ? r->nabsent : 0;
}

const char *digicheck_report_absent_rule(const digicheck_report *r, size_t i)
{
    return r && i < r->nabsent ? r->absent[i].rule : NULL;
}

const char *digicheck_report_absent_fingerprint(const digicheck_report *r, size_t i)
{
    return r && i < r->nabsent ? r->absent[i].fingerprint : NULL;
}

const char *digicheck_finding_justification_source(const digicheck_finding *f)
{
    return f ? STR_OR_EMPTY(dci_justification_source(f)) : "";
}

size_t digicheck_report_justified_count(const digicheck_report *r)
{
    return r ? dci_report_justified(r) : 0;
}

const char *dci_severity_name(int severity)
{
    return dci_name(&dci_severities, severity);
}

static const char *const kind_names[] = { "text", "absence", "diagnostic", "improvement", NULL };
const dci_names dci_finding_kinds = { DCI_KIND_TEXT, kind_names, NULL };

const char *dci_kind_name(int kind)
{
    return dci_name(&dci_finding_kinds, kind);
}

static const char *const status_names[] = {
    "clean", "findings", "open-questions", "not-relevant", NULL
};
static const char *const status_labels[] = {
    "ohne Befund", "Befunde", "offene Fragen", "nicht relevant", NULL
};
const dci_names dci_statuses = { DCI_STATUS_CLEAN, status_names, status_labels };
