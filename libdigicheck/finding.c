/*
 * finding.c -- findings made from spans of a draft's view.
 *
 * Rules find spans of the view; a finding names them as the reader sees
 * the draft: offset, length, lines and columns in the original, the path
 * of the unit ("§ 3 Abs. 2 Satz 1"), the sentence around it (clipped), the
 * text it matched and, in the wording of an amendment, the provision it
 * amends (target_path). This module makes those strings in the report's
 * text, drops duplicates as they come, keeps the findings limit, and hands
 * each finding to the report (dci_report_add), which owns it from then on.
 * A finding's path and excerpt are made once the search is done
 * (dci_finding_strings), when its hits no longer take memory, and shared
 * by the findings of one unit.
 */
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "regex.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "finding.h"

#define EXCERPT_MAX 300
#define EXCERPT_CONTEXT 120
#define MATCH_MAX 200

static size_t utf8_back(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static size_t utf8_fwd(const char *s, size_t len, size_t i)
{
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* s[0..n) copied into r's text, the line breaks by which the view
 * separates blocks shown as spaces. */
static char *spaced(digicheck_report *r, const char *s, size_t n)
{
    char *p = dci_report_text(r, s, n);
    size_t i;

    for (i = 0; p && i < n; i++)
        if (p[i] == '\n')
            p[i] = ' ';
    return p;
}

/* The excerpt: the sentence (or unit) ex around [ms, me), clipped. A unit
 * short enough to be shown whole is one string for all its findings. */
static const char *make_excerpt(dci_run *R, size_t ex, size_t ms, size_t me)
{
    const digicheck_draft *d = R->d;
    dci_buf *b = R->tmp;
    size_t ustart = d->units[ex].start, uend = d->units[ex].end, a = ustart, z = uend;
    const char *p;

    if (z - a <= EXCERPT_MAX && R->kept->excerpt && R->kept->excerpt_unit == ex)
        return R->kept->excerpt;
    if (z - a > EXCERPT_MAX) {
        a = ms > ustart + EXCERPT_CONTEXT ? utf8_fwd(d->view, d->view_len, ms - EXCERPT_CONTEXT)
                                          : ustart;
        z = me + EXCERPT_CONTEXT < uend ? utf8_back(d->view, me + EXCERPT_CONTEXT) : uend;
    }
    b->len = 0;
    if (a > ustart)
        dci_buf_puts(b, "\xE2\x80\xA6");   /* … */
    dci_buf_append(b, d->view + a, z - a);
    if (z < uend)
        dci_buf_puts(b, "\xE2\x80\xA6");
    if (b->oom || !(p = spaced(R->r, b->data, b->len)))
        return NULL;
    if (a == ustart && z == uend) {
        R->kept->excerpt = p;
        R->kept->excerpt_unit = ex;
    }
    return p;
}

/* The path of unit `at` ("" for none), one string for all its findings. */
static const char *make_path(dci_run *R, size_t at)
{
    dci_kept *k = R->kept;

    if (k->path && k->path_unit == at)
        return k->path;
    R->tmp->len = 0;
    dci_draft_path(R->d, at, R->tmp);
    if (R->tmp->oom)
        return NULL;
    k->path = R->tmp->len ? dci_report_text(R->r, R->tmp->data, R->tmp->len) : "";
    k->path_unit = at;
    return k->path;
}

/* The matched text as the rule saw it (the view: line breaks read as
 * spaces), clipped; "" for a finding about a whole unit. A rule's findings
 * come one after another and mostly match the same few words, so a match
 * like the last one made shares its string (a finding a sentence of 1 MB:
 * 0.2 bytes a byte). */
static const char *make_match(dci_run *R, size_t at, size_t ms, size_t me)
{
    const digicheck_draft *d = R->d;
    dci_kept *k = R->kept;
    size_t z = me;
    dci_buf *b = R->tmp;

    if (me <= ms || (ms == d->units[at].start && me == d->units[at].end))
        return "";
    if (z - ms > MATCH_MAX)
        z = utf8_back(d->view, ms + MATCH_MAX);
    b->len = 0;
    dci_buf_append(b, d->view + ms, z - ms);
    if (z < me)
        dci_buf_puts(b, "\xE2\x80\xA6");
    if (b->oom)
        return NULL;
    if (!k->match || k->match_len != b->len || memcmp(k->match, b->data, b->len) != 0) {
        if (!(k->match = dci_report_text(R->r, b->data, b->len)))
            return NULL;
        k->match_len = b->len;
    }
    return k->match;
}

/* ---- fingerprints ------------------------------------------------------------ */

/* Bytes of the view on each side of a match that go into its fingerprint. */
#define FP_CONTEXT 40

/* FNV-1a over the letters of s[0..n): ASCII letters folded, other UTF-8
 * bytes as they are; digits, spaces and punctuation left out, so that a
 * renumbered reference ("Absatz 2" to "Absatz 3") or a rewrapped line
 * changes nothing. */
static uint64_t fp_letters(uint64_t h, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        else if (!(c >= 'a' && c <= 'z') && c < 0x80)
            continue;
        h = (h ^ c) * 0x100000001b3ULL;
    }
    return h;
}

static uint64_t fp_cut(uint64_t h)
{
    return (h ^ 0xFF) * 0x100000001b3ULL;
}

/* The fingerprint of a finding of rule for view span [ms, me) in unit u:
 * the rule, the matched text and a little of the text around it in the
 * unit; of a diagnostic, the rule and its message. */
static uint64_t fingerprint(const dci_run *R, const dci_rule *rule, int kind, const char *message,
                            size_t u, size_t ms, size_t me)
{
    const char *v = R->d->view;
    const dci_unit *unit = &R->d->units[u];
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t a, z;

    if (rule)
        h = fp_letters(h, rule->id, strlen(rule->id));
    h = fp_cut(h);
    if (kind == DCI_KIND_DIAGNOSTIC)
        return fp_letters(h, message, strlen(message));
    a = ms > unit->start + FP_CONTEXT ? ms - FP_CONTEXT : unit->start;
    z = me + FP_CONTEXT < unit->end ? me + FP_CONTEXT : unit->end;
    if (a > ms)
        a = ms;
    if (z < me)
        z = me;
    h = fp_cut(fp_letters(h, v + ms, me - ms));
    h = fp_cut(fp_letters(h, v + a, ms - a));
    return fp_letters(h, v + me, z - me);
}

/* The rare parts of a finding at original offsets [o0, o1), view offset
 * ms of unit `at`: the provision an amended wording amends, the Word
 * paragraphs, the LegalDocML.de element. A record is made only for a
 * finding that has one of them. -1 when out of memory. */
static int place_more(dci_run *R, size_t at, size_t ms, size_t o0, size_t o1,
                      digicheck_finding *f)
{
    const digicheck_draft *d = R->d;
    const dci_quote *q = NULL;
    const char *eid;
    long p0, off0, p1, off1, eid_offset;
    dci_finding_more *m;

    /* in the wording of an amendment (new, or removed for an improvement):
     * the provision it amends as well */
    if (d->nquotes && at < d->nunits &&
        (dci_draft_role_at(d, at, ms, &q) < DCI_ROLE_OLD || (q && !q->target)))
        q = NULL;
    dci_draft_paragraph(d, o0, 0, &p0, &off0);
    dci_draft_paragraph(d, o1, 1, &p1, &off1);
    eid = dci_draft_eid(d, ms, &eid_offset);
    if (!q && p0 < 0 && p1 < 0 && !eid)
        return 0;
    if (!(m = dci_report_more(R->r, f)))
        return -1;
    /* kept in 32 bits, as a draft's offsets are */
    m->para = (int32_t)p0;
    m->para_offset = (int32_t)off0;
    m->end_para = (int32_t)p1;
    m->end_para_offset = (int32_t)off1;
    /* the report outlives the draft: it keeps its own copies */
    if (q && !(m->target_path = dci_arena_strdup(&R->r->arena, q->target)))
        return -1;
    m->eid_offset = eid_offset;
    if (eid && !(m->eid = dci_arena_strdup(&R->r->arena, eid)))
        return -1;
    return 0;
}

/* The place of view span [ms, me) of unit `at` in the original (offset,
 * length, lines and columns) and the rare parts of a finding there; -1
 * (R->oom set) when out of memory. */
static int locate(dci_run *R, size_t at, size_t ms, size_t me, digicheck_finding *f)
{
    const digicheck_draft *d = R->d;
    size_t o0, o1, last;

    o0 = dci_draft_orig(d, ms);
    o1 = me > ms ? dci_draft_orig(d, me - 1) + 1 : o0;
    if (o1 > d->src_len)
        o1 = d->src_len;
    /* a match ends on a whole character of the original */
    o1 = utf8_fwd(d->src, d->src_len, o1);
    /* 32 bits hold them: a draft is smaller than 2 GiB (report.h) */
    f->offset = (uint32_t)o0;
    f->length = (uint32_t)(o1 - o0);
    /* text inline in a description stands at line_base, col_base there */
    dci_draft_locate(d, o0, &R->pos);
    f->line = (int32_t)(R->pos.line + d->line_base);
    f->column = (int32_t)(R->pos.column + d->col_base);
    last = o1 > o0 ? utf8_back(d->src, o1 - 1) : o0;
    dci_draft_locate(d, last, &R->pos);
    f->end_line = (int32_t)(R->pos.line + d->line_base);
    f->end_column = (int32_t)(R->pos.column + d->col_base);
    if (place_more(R, at, ms, o0, o1, f) != 0) {
        R->oom = 1;
        return -1;
    }
    return 0;
}

int dci_finding_place(dci_run *R, size_t at, size_t ex, size_t ms, size_t me,
                      digicheck_finding *f)
{
    if (locate(R, at, ms, me, f) != 0)
        return -1;
    f->path = make_path(R, at);
    f->excerpt = ex == DCI_NO_UNIT ? "" : make_excerpt(R, ex, ms, me);
    if (!f->path || !f->excerpt) {
        R->oom = 1;
        return -1;
    }
    return 0;
}

/* A unit in 32 bits, as a finding keeps it, and back. */
static uint32_t unit32(size_t u)
{
    return u == DCI_NO_UNIT ? DCI_NO_UNIT32 : (uint32_t)u;
}

static size_t unit_of(uint32_t u)
{
    return u == DCI_NO_UNIT32 ? DCI_NO_UNIT : u;
}

/* ---- duplicates ------------------------------------------------------------ */

void dci_kept_free(dci_kept *k)
{
    dci_free(k->slot);
    memset(k, 0, sizeof *k);
}

void dci_kept_clear(dci_kept *k)
{
    if (k->used)
        memset(k->slot, 0, k->cap * sizeof *k->slot);
    k->used = 0;
    k->path = k->excerpt = k->match = NULL;
}

/* The slot of rule and offset in k: the one that names the last finding
 * kept for them, else the empty one where it would go. */
static uint32_t *kept_slot(const dci_kept *k, const digicheck_report *r, const dci_rule *rule,
                         size_t offset)
{
    size_t i = ((uintptr_t)rule / sizeof *rule * 2654435761u + offset) & (k->cap - 1);

    for (;; i = (i + 1) & (k->cap - 1)) {
        const digicheck_finding *f;
        if (!k->slot[i])
            return &k->slot[i];
        f = &r->findings[k->slot[i] - 1];
        if (f->rule == rule && f->offset == offset)
            return &k->slot[i];
    }
}

/* Finding i of the report is the last kept for its rule and offset. */
static int keep(dci_kept *k, const digicheck_report *r, size_t i)
{
    const digicheck_finding *f = &r->findings[i];
    uint32_t *slot;

    if (2 * (k->used + 1) > k->cap) {
        dci_kept bigger = *k;   /* the shared strings stay */
        size_t j;
        bigger.cap = k->cap ? 2 * k->cap : 1024;
        bigger.used = 0;
        bigger.slot = dci_malloc(bigger.cap * sizeof *bigger.slot);
        if (!bigger.slot)
            return -1;
        memset(bigger.slot, 0, bigger.cap * sizeof *bigger.slot);
        for (j = 0; j < k->cap; j++)
            if (k->slot[j]) {
                const digicheck_finding *g = &r->findings[k->slot[j] - 1];
                *kept_slot(&bigger, r, g->rule, g->offset) = k->slot[j];
                bigger.used++;
            }
        dci_free(k->slot);
        *k = bigger;
    }
    slot = kept_slot(k, r, f->rule, f->offset);
    k->used += !*slot;
    *slot = (uint32_t)(i + 1);
    return 0;
}

/* Is this the same as the last finding kept for rule at offset? The
 * report's sort would drop it (dci_report_sort). */
static int is_duplicate(const dci_run *R, const dci_rule *rule, int kind, const char *message,
                        size_t offset)
{
    const digicheck_finding *f;
    size_t s;

    if (kind == DCI_KIND_DIAGNOSTIC || !R->kept->cap)
        return 0;
    s = *kept_slot(R->kept, R->r, rule, offset);
    if (!s)
        return 0;
    f = &R->r->findings[s - 1];
    return f->kind == kind && strcmp(f->message, message) == 0;
}

void dci_finding_rollback(dci_run *R, size_t mark)
{
    size_t i;

    dci_report_rollback(R->r, mark);
    /* forgetting some entries would break the others' probe chains */
    dci_kept_clear(R->kept);
    for (i = 0; i < dci_report_mark(R->r); i++)
        if (keep(R->kept, R->r, i) != 0) {
            R->oom = 1;
            return;
        }
}

/* ---- adding findings ---------------------------------------------------------- */

void dci_finding_add(dci_run *R, const dci_rule *rule, int kind, int severity,
                     const char *message, const char *suggestion, size_t at, size_t ex,
                     size_t ms, size_t me)
{
    digicheck_finding f;

    if (R->limit_hit || R->oom ||
        is_duplicate(R, rule, kind, message, dci_draft_orig(R->d, ms)))
        return;
    if (dci_report_mark(R->r) >= (size_t)DIGICHECK_LIMIT_FINDINGS) {
        /* an error: the draft was not checked to the end */
        R->limit_hit = 1;
        kind = DCI_KIND_DIAGNOSTIC;
        severity = DIGICHECK_SEVERITY_ERROR;
        message = "finding limit reached: the rest of this draft was not checked";
        suggestion = NULL;
    }
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.kind = (uint8_t)kind;
    f.severity = (uint8_t)severity;
    f.message = message;
    f.vstart = (uint32_t)ms;
    f.vend = (uint32_t)me;
    if (locate(R, at, ms, me, &f) != 0)
        return;
    f.path_unit = unit32(at);
    f.excerpt_unit = unit32(ex);
    if (suggestion) {
        dci_finding_more *m = dci_report_more(R->r, &f);
        if (!m) {
            R->oom = 1;
            return;
        }
        m->suggestion = suggestion;
    }
    f.match = kind == DCI_KIND_DIAGNOSTIC ? "" : make_match(R, at, ms, me);
    f.fp = fingerprint(R, rule, kind, message, ex == DCI_NO_UNIT ? at : ex, ms, me);
    if (!f.match || !dci_report_add(R->r, &f) ||
        keep(R->kept, R->r, dci_report_mark(R->r) - 1) != 0)
        R->oom = 1;
}

const char *dci_finding_path_of(dci_run *R, size_t i)
{
    const digicheck_finding *f = digicheck_report_get(R->r, i);
    const char *p;

    if (f->path)
        return f->path;
    if (!(p = make_path(R, unit_of(f->path_unit)))) {
        R->oom = 1;
        return "";
    }
    dci_report_set_strings(R->r, i, p, NULL);
    return p;
}

int dci_finding_strings(dci_run *R)
{
    size_t i, n = dci_report_mark(R->r);

    for (i = 0; i < n; i++) {
        const digicheck_finding *f = digicheck_report_get(R->r, i);
        const char *path = dci_finding_path_of(R, i), *excerpt = NULL;
        if (f->excerpt_unit == DCI_NO_UNIT32)
            excerpt = "";
        else if (f->excerpt_unit != DCI_MADE_UNIT32 &&
                 !(excerpt = make_excerpt(R, f->excerpt_unit, f->vstart, f->vend)))
            R->oom = 1;
        if (R->oom)
            return -1;
        dci_report_set_strings(R->r, i, path, excerpt);
    }
    return 0;
}

void dci_finding_diagnostic(dci_run *R, const dci_rule *rule, const char *msg, size_t at,
                            size_t ex, size_t pos)
{
    char *m = dci_arena_strdup(&R->r->arena, msg);

    if (!m) {
        R->oom = 1;
        return;
    }
    dci_finding_add(R, rule, DCI_KIND_DIAGNOSTIC, DIGICHECK_SEVERITY_WARNING, m, NULL, at, ex,
                    pos, pos);
}

void dci_finding_limit(dci_run *R, const dci_rule *rule, const dci_regex *re, int rc,
                       size_t at)
{
    char msg[512];
    PCRE2_UCHAR pmsg[128];

    pcre2_get_error_message(rc, pmsg, sizeof pmsg);
    snprintf(msg, sizeof msg,
             "rule '%s' was stopped: pattern '%.120s' hit a matching limit (%s); "
             "simplify the pattern", rule->id, re->src, (const char *)pmsg);
    dci_finding_diagnostic(R, rule, msg, at, at, R->d->units[at].start);
}
