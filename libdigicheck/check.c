/*
 * check.c -- the checker: evaluates the rules of a rule set on a draft.
 *
 * A checker holds what one thread needs to match (a dci_matcher: PCRE2
 * match data, backtracking limits, JIT stack) and a reference to its rule
 * set. Pattern rules are evaluated first, one pass per pattern over the
 * draft's view; each match is assigned to the unit of the rule's scope and
 * dropped when an `unless` pattern occurs in that unit. Absence rules run
 * afterwards, each after the absence rules it names (the rule set orders
 * them), so that their `when: rules:` triggers see what fired. Lua rules run
 * next (lua.c), in the order of the rule set, and see every finding so far.
 *
 * Only text inside sentences is checked: headings, the title block and
 * metadata are not provisions.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dci.h"
#include "regex.h"
#include "prefilter.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "check.h"
#include "lua.h"

struct digicheck_checker {
    const digicheck_ruleset *rs;
    dci_matcher m;
    dci_lua *lua;                    /* Lua rules: their state and limits */
    size_t *offs; size_t offs_cap;   /* offsets of the findings that trigger a rule */
    dci_hit *hits, *sorted;          /* prefilter hits of this draft, and by slot */
    size_t nhits, hits_cap, sorted_cap;
    dci_hit *more; size_t nmore, more_cap;       /* … those of own */
    size_t *slot_start;              /* slot s: sorted[slot_start[s] … slot_start[s + 1]) */
    size_t slot_cap;
    int prefiltered;                 /* the hits hold for this draft */
    size_t runs[2];                  /* its longest runs of white space, word bytes */
    dci_prefilter *own;              /* the patterns its Lua rules use (after the rule set's) */
    char **learned; size_t nlearned; /* their patterns (copied), in order … */
    long *learned_slot;              /* … their slots in own (-1: not yet) … */
    dci_reach *learned_reach;
    size_t nbuilt;                   /* … and how many own holds */
    unsigned gen;                    /* own's build: Lua patterns find their slot anew */
    int rebuilds;
    struct memo *memo;               /* searches of twin patterns (see search()) … */
    size_t memo_cap, memo_used;
    unsigned long serial;            /* … of the check with this number */
    dci_buf tmp;
};

typedef dci_run run;

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
    default:
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0,
                         "argument 'limit' is %d, not a DIGICHECK_CHECKER_LIMIT_* value", limit);
    }
}

void digicheck_checker_free(digicheck_checker *c)
{
    size_t i;

    if (!c)
        return;
    dci_matcher_free(&c->m);
    dci_lua_free(c->lua);
    dci_free(c->offs);
    dci_free(c->hits);
    dci_free(c->more);
    dci_free(c->sorted);
    dci_free(c->slot_start);
    dci_free(c->memo);
    dci_prefilter_free(c->own);
    for (i = 0; i < c->nlearned; i++)
        dci_free(c->learned[i]);
    dci_free(c->learned);
    dci_free(c->learned_slot);
    dci_free(c->learned_reach);
    dci_buf_free(&c->tmp);
    dci_ruleset_unref(c->rs);
    dci_free(c);
}

/* ---- searches shared by twins --------------------------------------------- */

/* Patterns written alike in several places (twins, see dci_regex.twin) are
 * searched once per check: the checker keeps the result of every search
 * for a twin, by what was asked, and the next twin that asks the same gets
 * it from there. A rule set that repeats a pattern (its copies of a rule,
 * the same `absent` list in two rules) thus costs one search. */
typedef struct memo {
    unsigned long serial;       /* the check it belongs to; else a free entry */
    long twin;
    int op, rc;
    size_t start, end, arg;     /* what was asked … */
    size_t ms, me;              /* … and found */
} memo;

#define MEMO_MIN 256
#define MEMO_MAX 65536          /* entries (64 bytes each): then no more are kept */

enum { OP_FIND, OP_NEAR, OP_FROM, OP_OCCURS };

static size_t memo_hash(long twin, int op, size_t start, size_t end, size_t arg)
{
    uint64_t h = (uint64_t)twin * 0x9E3779B97F4A7C15u ^ (uint64_t)op;

    h = (h ^ start) * 0xBF58476D1CE4E5B9u;
    h = (h ^ end) * 0x94D049BB133111EBu;
    h = (h ^ arg) * 0x9E3779B97F4A7C15u;
    return (size_t)(h ^ h >> 29);
}

/* The entry of table m (cap entries) for a search: the one that holds it,
 * or the free one where it belongs. */
static memo *memo_probe(memo *m, size_t cap, unsigned long serial, long twin, int op,
                        size_t start, size_t end, size_t arg)
{
    size_t i;

    for (i = memo_hash(twin, op, start, end, arg) & (cap - 1); m[i].serial == serial;
         i = (i + 1) & (cap - 1)) {
        const memo *e = &m[i];
        if (e->twin == twin && e->op == op && e->start == start && e->end == end &&
            e->arg == arg)
            break;
    }
    return &m[i];
}

/* The entry for a search: the one that holds it, or a free one to fill;
 * NULL when a new one does not fit (the search is then not kept). */
static memo *memo_entry(run *R, long twin, int op, size_t start, size_t end, size_t arg)
{
    digicheck_checker *c = R->c;
    memo *e = NULL, *m;
    size_t cap, k;

    if (c->memo_cap) {
        e = memo_probe(c->memo, c->memo_cap, c->serial, twin, op, start, end, arg);
        if (e->serial == c->serial || c->memo_used + 1 <= c->memo_cap / 2)
            return e;
    }
    cap = c->memo_cap ? c->memo_cap * 2 : MEMO_MIN;
    if (cap > MEMO_MAX || !(m = dci_malloc(cap * sizeof *m)))
        return NULL;
    memset(m, 0, cap * sizeof *m);
    for (k = 0; k < c->memo_cap; k++) {
        const memo *o = &c->memo[k];
        if (o->serial == c->serial)
            *memo_probe(m, cap, c->serial, o->twin, o->op, o->start, o->end, o->arg) = *o;
    }
    dci_free(c->memo);
    c->memo = m;
    c->memo_cap = cap;
    return memo_probe(m, cap, c->serial, twin, op, start, end, arg);
}

static int near_scan(run *R, const dci_regex *re, size_t reach, size_t start, size_t end,
                     size_t *ms, size_t *me);

/* Runs search op for re: OP_FIND the first match in view[start, end)
 * (dci_regex_find), OP_NEAR the same through the windows around the hits
 * (near_scan; arg: the reach), OP_FROM one that starts at or before arg
 * (dci_regex_find_from), OP_OCCURS whether it matches at all
 * (dci_regex_occurs). A twin's search is kept and answered from the
 * table. */
static int search(run *R, const dci_regex *re, int op, size_t start, size_t end, size_t arg,
                  size_t *ms, size_t *me)
{
    const char *v = R->d->view;
    memo *e = NULL;
    int rc;

    if (re->twin >= 0 && (e = memo_entry(R, re->twin, op, start, end, arg)) &&
        e->serial == R->c->serial) {
        *ms = e->ms;
        *me = e->me;
        return e->rc;
    }
    switch (op) {
    case OP_FIND:
        rc = dci_regex_find(R->m, re, v, start, end, ms, me);
        break;
    case OP_NEAR:
        rc = near_scan(R, re, arg, start, end, ms, me);
        break;
    case OP_FROM:
        rc = dci_regex_find_from(R->m, re, v, start, end, arg, ms, me);
        break;
    default:
        rc = dci_regex_occurs(R->m, re, v, start, end);
        *ms = *me = 0;
        break;
    }
    if (e) {
        e->serial = R->c->serial;
        e->twin = re->twin;
        e->op = op;
        e->rc = rc;
        e->start = start;
        e->end = end;
        e->arg = arg;
        e->ms = rc > 0 ? *ms : 0;
        e->me = rc > 0 ? *me : 0;
        R->c->memo_used++;
    }
    return rc;
}

/* ---- matching ----------------------------------------------------------- */

/* Finds the first match of re in view[start, end): dci_regex_find(). */
static int find(run *R, const dci_regex *re, size_t start, size_t end, size_t *ms, size_t *me)
{
    return search(R, re, OP_FIND, start, end, 0, ms, me);
}

/* The slot whose hits stand for re in this draft, and its reach (if
 * reach is not NULL): of its two literal sets the one with fewer hits. -1
 * when re has no slot or the draft was not prefiltered. */
static long slot_of(const run *R, const dci_regex *re, const dci_reach **reach)
{
    const size_t *st = R->c->slot_start;
    int second;

    if (re->slot < 0 || !R->c->prefiltered)
        return -1;
    second = re->slot2 >= 0 &&
             st[re->slot2 + 1] - st[re->slot2] < st[re->slot + 1] - st[re->slot];
    if (reach)
        *reach = second ? &re->reach2 : &re->reach;
    return second ? re->slot2 : re->slot;
}

/* The index into c->sorted of the first hit of slot at or after pos. */
static size_t first_hit(const run *R, long slot, size_t pos)
{
    const digicheck_checker *c = R->c;
    size_t lo = c->slot_start[slot], hi = c->slot_start[slot + 1];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->sorted[mid].pos < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Can re match inside view[start, end)? 0 when the prefilter found none of
 * its literals there: every match holds one. */
static int may_occur(const run *R, const dci_regex *re, size_t start, size_t end)
{
    const digicheck_checker *c = R->c;
    long slot = slot_of(R, re, NULL);
    size_t k;

    if (slot < 0)
        return 1;
    k = first_hit(R, slot, start);
    return k < c->slot_start[slot + 1] && c->sorted[k].pos < end;
}

/* re's reach in this draft (see dci_reach), or DCI_REACH_NONE when it has
 * no slot, the draft was not prefiltered or the reach is no use. */
static size_t reach_of(const run *R, const dci_regex *re)
{
    const dci_reach *r;
    const size_t *runs = R->c->runs;
    size_t n;

    if (slot_of(R, re, &r) < 0 || r->fixed > DCI_REACH_MAX ||
        (r->ws && runs[0] > DCI_REACH_MAX) || (r->word && runs[1] > DCI_REACH_MAX))
        return DCI_REACH_NONE;
    n = r->fixed + r->ws * runs[0] + r->word * runs[1];
    return n > DCI_REACH_MAX ? DCI_REACH_NONE : n;
}

/* The first match of a pattern with a reach in view[start, end), as find()
 * gives it. Every match starts at most reach bytes before a hit of its
 * literals, so PCRE2 only tries the starts in [hit - reach, hit] of each
 * hit, each start once, in order: the first match found is the first of
 * all. */
static int near_scan(run *R, const dci_regex *re, size_t reach, size_t start, size_t end,
                     size_t *ms, size_t *me)
{
    const digicheck_checker *c = R->c;
    const char *v = R->d->view;
    long slot = slot_of(R, re, NULL);
    size_t k, last = c->slot_start[slot + 1], covered = start;

    for (k = first_hit(R, slot, start); k < last && c->sorted[k].pos < end; k++) {
        size_t h = c->sorted[k].pos, lo;
        int rc;
        if (h < covered)
            continue;                   /* two literals at one place */
        lo = h - covered > reach ? h - reach : covered;
        while (lo < h && ((unsigned char)v[lo] & 0xC0) == 0x80)
            lo++;                       /* no match starts inside a character */
        rc = dci_regex_find_from(R->m, re, v, lo, end, h, ms, me);
        if (rc != 0)
            return rc;
        covered = h + 1;
    }
    return 0;
}

static int find_near(run *R, const dci_regex *re, size_t reach, size_t start, size_t end,
                     size_t *ms, size_t *me)
{
    return search(R, re, OP_NEAR, start, end, reach, ms, me);
}

/* Does any of the patterns occur in view[start, end)? An empty match
 * counts. Sets *limit on a matching limit error (and then answers 0). */
static int any_in(run *R, const dci_regex *res, size_t n, size_t start, size_t end, int *limit)
{
    size_t i;

    for (i = 0; i < n; i++) {
        size_t ms, me, reach = reach_of(R, &res[i]);
        /* a pattern with a slot holds a literal, so its matches are not
         * empty, and find_near() sees all of them */
        int rc = reach != DCI_REACH_NONE ? find_near(R, &res[i], reach, start, end, &ms, &me)
                 : may_occur(R, &res[i], start, end)
                     ? search(R, &res[i], OP_OCCURS, start, end, 0, &ms, &me) : 0;
        if (rc > 0)
            return 1;
        if (rc < 0)
            *limit = rc;
    }
    return 0;
}

/* The unit a rule with `scope` evaluates around sentence s. */
static size_t scope_unit(const digicheck_draft *d, int scope, size_t s)
{
    long u = (long)s;

    if (scope == DCI_SCOPE_SENTENCE)
        return s;
    if (scope == DCI_SCOPE_DOCUMENT)
        return 0;
    for (; u > 0; u = d->units[u].parent) {
        int k = d->units[u].kind;
        if (scope == DCI_SCOPE_PARAGRAPH && k == DCI_UNIT_ABSATZ)
            return (size_t)u;
        if (scope == DCI_SCOPE_SECTION &&
            (k == DCI_UNIT_PARAGRAPH || k == DCI_UNIT_ANLAGE || k == DCI_UNIT_ARTIKEL))
            return (size_t)u;
    }
    return 0;
}

/* The start of the first sentence at or after view offset v (view_len if
 * none): where the next match worth looking at can begin. */
static size_t next_sentence(const digicheck_draft *d, size_t v)
{
    const size_t *sat = d->by_kind[DCI_UNIT_SATZ];
    size_t lo = 0, hi = d->nby_kind[DCI_UNIT_SATZ];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->units[sat[mid]].start < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->nby_kind[DCI_UNIT_SATZ] ? d->units[sat[lo]].start : d->view_len;
}

/* ---- findings ----------------------------------------------------------- */

#define EXCERPT_MAX 300
#define EXCERPT_CONTEXT 120

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

/* The excerpt: the sentence (or unit) around [ms, me), clipped. */
static const char *make_excerpt(run *R, size_t ustart, size_t uend, size_t ms, size_t me)
{
    const digicheck_draft *d = R->d;
    dci_buf *b = &R->c->tmp;
    size_t a = ustart, z = uend;

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
    if (b->oom)
        return NULL;
    /* the view separates blocks by "\n": show them as spaces */
    {
        char *p = dci_arena_strndup(&R->r->arena, b->data, b->len);
        size_t i;
        if (p)
            for (i = 0; p[i]; i++)
                if (p[i] == '\n')
                    p[i] = ' ';
        return p;
    }
}

#define MATCH_MAX 200

/* The matched text as the rule saw it (the view: line breaks read as
 * spaces), clipped; "" for a finding about a whole unit. */
static const char *make_match(run *R, size_t at, size_t ms, size_t me)
{
    const digicheck_draft *d = R->d;
    size_t z = me;
    char *p;

    if (me <= ms || (ms == d->units[at].start && me == d->units[at].end))
        return "";
    if (z - ms > MATCH_MAX)
        z = utf8_back(d->view, ms + MATCH_MAX);
    p = dci_arena_alloc(&R->r->arena, z - ms + sizeof "\xE2\x80\xA6");
    if (p) {
        memcpy(p, d->view + ms, z - ms);
        strcpy(p + (z - ms), z < me ? "\xE2\x80\xA6" : "");
    }
    return p;
}

/* Adds a finding for view span [ms, me) inside unit `at` (for the path) and
 * the excerpt unit `ex`. */
/* Where view span [ms, me) is: its place in the original (offset, length,
 * lines and columns), the path of unit `at` and the excerpt of unit `ex`
 * (none when ex is NO_UNIT), the last two in the report's arena. Sets
 * R->oom and returns -1 when out of memory. */
#define NO_UNIT ((size_t)-1)

static int describe_span(run *R, size_t at, size_t ex, size_t ms, size_t me,
                         digicheck_finding *f)
{
    const digicheck_draft *d = R->d;
    size_t o0, o1, last;

    o0 = dci_draft_orig(d, ms);
    o1 = me > ms ? dci_draft_orig(d, me - 1) + 1 : o0;
    if (o1 > d->src_len)
        o1 = d->src_len;
    /* a match ends on a whole character of the original */
    o1 = utf8_fwd(d->src, d->src_len, o1);
    f->offset = o0;
    f->length = o1 - o0;
    /* text inline in a description stands at line_base, col_base there */
    dci_draft_locate(d, o0, &R->pos);
    f->line = R->pos.line + d->line_base;
    f->column = R->pos.column + d->col_base;
    last = o1 > o0 ? utf8_back(d->src, o1 - 1) : o0;
    dci_draft_locate(d, last, &R->pos);
    f->end_line = R->pos.line + d->line_base;
    f->end_column = R->pos.column + d->col_base;

    R->c->tmp.len = 0;
    dci_draft_path(d, at, &R->c->tmp);
    f->path = R->c->tmp.oom ? NULL
              : dci_arena_strndup(&R->r->arena, R->c->tmp.data ? R->c->tmp.data : "",
                                  R->c->tmp.len);
    f->excerpt = ex == NO_UNIT ? ""
                 : make_excerpt(R, d->units[ex].start, d->units[ex].end, ms, me);
    /* the report outlives the draft: it keeps its own copy */
    f->eid = dci_draft_eid(d, ms, &f->eid_offset);
    if (f->eid && !(f->eid = dci_arena_strdup(&R->r->arena, f->eid))) {
        R->oom = 1;
        return -1;
    }
    if (!f->path || !f->excerpt) {
        R->oom = 1;
        return -1;
    }
    return 0;
}

digicheck_finding *dci_check_add(run *R, const dci_rule *rule, int kind, int severity,
                                 const char *message, size_t at, size_t ex, size_t ms,
                                 size_t me)
{
    digicheck_finding f, *added = NULL;

    if (R->limit_hit || R->oom)
        return NULL;
    if (R->r->nfindings >= (size_t)DIGICHECK_LIMIT_FINDINGS) {
        R->limit_hit = 1;
        kind = DCI_KIND_DIAGNOSTIC;
        severity = DIGICHECK_SEVERITY_WARNING;
        message = "finding limit reached: the rest of this draft was not checked";
    }
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.kind = kind;
    f.severity = severity;
    f.message = message;
    f.vstart = ms;
    f.vend = me;
    if (describe_span(R, at, ex, ms, me, &f) != 0)
        return NULL;
    f.match = kind == DCI_KIND_DIAGNOSTIC ? "" : make_match(R, at, ms, me);
    if (f.match)
        added = dci_report_add(R->r, &f);
    if (!added)
        R->oom = 1;
    return R->limit_hit ? NULL : added;
}

/* A regex hit a PCRE2 limit: one diagnostic per rule and draft. */
static void add_limit_diagnostic(run *R, const dci_rule *rule, const dci_regex *re, int rc,
                                 size_t at)
{
    char msg[512];
    char *m;
    PCRE2_UCHAR pmsg[128];

    pcre2_get_error_message(rc, pmsg, sizeof pmsg);
    snprintf(msg, sizeof msg,
             "rule '%s' was stopped: pattern '%.120s' hit a matching limit (%s); "
             "simplify the pattern", rule->id, re->src, (const char *)pmsg);
    m = dci_arena_strdup(&R->r->arena, msg);
    if (!m) {
        R->oom = 1;
        return;
    }
    dci_check_add(R, rule, DCI_KIND_DIAGNOSTIC, DIGICHECK_SEVERITY_WARNING, m, at, at,
                  R->d->units[at].start, R->d->units[at].start);
}

static int severity_for(run *R, const dci_rule *rule, size_t u, int *limit)
{
    size_t i;
    const dci_unit *un = &R->d->units[u];

    for (i = 0; i < rule->nseverity_if; i++)
        if (any_in(R, rule->severity_if[i].match, rule->severity_if[i].nmatch, un->start,
                   un->end, limit))
            return rule->severity_if[i].severity;
    return rule->severity;
}

/* ---- the prefilter ------------------------------------------------------ */

/* ---- patterns of Lua rules --------------------------------------------------- */

/* A Lua rule builds its patterns as it runs, so the rule set's automaton
 * does not know them. The checker learns each one that has literals when
 * Lua first compiles it and, before the next draft, builds a small
 * automaton of its own for them, scanned after the rule set's; its slots
 * follow the rule set's. (An automaton of both per checker was one pass,
 * but two threads then each walked a table of their own, and -j2 gained
 * less.) From then on the Lua rule's searches use the hits as the rules'
 * do. A checker learns at most LEARN_MAX patterns and builds at most
 * REBUILD_MAX times (a rule that makes a new pattern for every draft gains
 * nothing from it). */
#define LEARN_MAX 64
#define REBUILD_MAX 16

void dci_check_learn(dci_run *R, const char *src)
{
    digicheck_checker *c = R->c;
    size_t i, n = c->nlearned;
    char lits[256];
    dci_reach reach;
    char *copy;

    if (n >= LEARN_MAX || c->rebuilds >= REBUILD_MAX ||
        dci_prefilter_literals(src, 0, lits, sizeof lits, &reach) < 0)
        return;
    for (i = 0; i < n; i++)
        if (strcmp(c->learned[i], src) == 0)
            return;
    /* a pattern not learned for want of memory is searched in full */
    if (n == 0 && (!(c->learned = dci_malloc(LEARN_MAX * sizeof *c->learned)) ||
                   !(c->learned_slot = dci_malloc(LEARN_MAX * sizeof *c->learned_slot)) ||
                   !(c->learned_reach = dci_malloc(LEARN_MAX * sizeof *c->learned_reach))))
        return;
    if (!(copy = dci_malloc(strlen(src) + 1)))
        return;
    strcpy(copy, src);
    c->learned[n] = copy;
    c->learned_slot[n] = -1;
    c->nlearned = n + 1;
}

void dci_check_bind(dci_run *R, dci_regex *re, unsigned *gen)
{
    const digicheck_checker *c = R->c;
    size_t i;

    if (*gen == c->gen)
        return;
    *gen = c->gen;
    re->slot = -1;
    for (i = 0; i < c->nbuilt; i++)
        if (strcmp(c->learned[i], re->src) == 0) {
            re->slot = c->learned_slot[i];
            re->reach = c->learned_reach[i];
            return;
        }
}

/* Builds the checker's automaton anew when it learned patterns since. */
static void learn(digicheck_checker *c)
{
    dci_prefilter *pf;

    if (c->nlearned == c->nbuilt || c->rebuilds >= REBUILD_MAX)
        return;
    c->rebuilds++;
    if (dci_prefilter_extend(c->rs, (const char *const *)c->learned, c->nlearned,
                             c->learned_slot, c->learned_reach, &pf) != DIGICHECK_OK)
        return;                     /* the learned ones go on without */
    dci_prefilter_free(c->own);
    c->own = pf;
    c->nbuilt = c->nlearned;
    c->gen++;
}

/* ---- the prefilter ------------------------------------------------------ */

/* Finds the literals of every pattern with a slot in one pass over the
 * view and sorts the hits by slot, then position. Leaves c->prefiltered 0
 * when the draft must be scanned in full. */
static void prefilter(run *R)
{
    digicheck_checker *c = R->c;
    const dci_prefilter *pf = c->rs->prefilter;
    size_t i, s, nslots;
    int rc = 0;

    c->prefiltered = 0;
    c->nhits = 0;
    learn(c);
    if (!pf && !c->own)
        return;
    nslots = c->own ? dci_prefilter_slots(c->own) : c->rs->nslots;
    if (pf)
        rc = dci_prefilter_scan(pf, R->d->view, R->d->view_len, &c->hits, &c->nhits,
                                &c->hits_cap, c->runs);
    if (rc == 0 && c->own) {
        size_t runs[2];
        rc = dci_prefilter_scan(c->own, R->d->view, R->d->view_len, &c->more, &c->nmore,
                                &c->more_cap, runs);
        if (rc == 0 && !pf) {
            c->runs[0] = runs[0];
            c->runs[1] = runs[1];
        }
        if (rc == 0 && c->nmore) {
            if (dci_grow((void **)&c->hits, &c->hits_cap, c->nhits + c->nmore,
                         sizeof *c->hits))
                rc = -1;
            else
                memcpy(c->hits + c->nhits, c->more, c->nmore * sizeof *c->hits);
            c->nhits += rc == 0 ? c->nmore : 0;
        }
    }
    if (rc < 0 || dci_grow((void **)&c->slot_start, &c->slot_cap, nslots + 1,
                           sizeof *c->slot_start) ||
        dci_grow((void **)&c->sorted, &c->sorted_cap, c->nhits ? c->nhits : 1,
                 sizeof *c->sorted)) {
        R->oom = 1;
        return;
    }
    if (rc > 0)
        return;
    /* counting sort by slot; within a slot the hits come by the end of
     * their literal, so an insertion sort by start has little to do */
    memset(c->slot_start, 0, (nslots + 1) * sizeof *c->slot_start);
    for (i = 0; i < c->nhits; i++)
        c->slot_start[c->hits[i].slot + 1]++;
    for (s = 0; s < nslots; s++)
        c->slot_start[s + 1] += c->slot_start[s];
    for (i = 0; i < c->nhits; i++)
        c->sorted[c->slot_start[c->hits[i].slot]++] = c->hits[i];
    for (s = nslots; s > 0; s--)            /* the starts, shifted back */
        c->slot_start[s] = c->slot_start[s - 1];
    c->slot_start[0] = 0;
    for (s = 0; s < nslots; s++)
        for (i = c->slot_start[s] + 1; i < c->slot_start[s + 1]; i++) {
            dci_hit h = c->sorted[i];
            size_t k = i;
            while (k > c->slot_start[s] && c->sorted[k - 1].pos > h.pos) {
                c->sorted[k] = c->sorted[k - 1];
                k--;
            }
            c->sorted[k] = h;
        }
    c->prefiltered = 1;
}

int dci_check_find(dci_run *R, const dci_regex *re, size_t start, size_t end, size_t *ms,
                   size_t *me)
{
    size_t reach = reach_of(R, re);

    if (reach != DCI_REACH_NONE)
        return near_scan(R, re, reach, start, end, ms, me);
    if (!may_occur(R, re, start, end))
        return 0;
    return dci_regex_find(R->m, re, R->d->view, start, end, ms, me);
}

/* Where the next search for pattern re begins: pos itself when re has no
 * slot; else the start of the scope unit (sentence or Absatz) that holds
 * the next literal at or after pos: a match that is reported lies inside
 * its unit and holds one of the pattern's literals. *end is that unit's
 * end (view_len for a full scan). Returns 0 when no literal is left. */
static int next_candidate(run *R, const dci_rule *rule, const dci_regex *re, size_t *k,
                          size_t *pos, size_t *end)
{
    const digicheck_checker *c = R->c;
    const digicheck_draft *d = R->d;
    long slot = slot_of(R, re, NULL);
    size_t last;

    *end = d->view_len;
    if (slot < 0)
        return 1;
    last = c->slot_start[slot + 1];
    for (; *k < last; (*k)++) {
        size_t h = c->sorted[*k].pos;
        long u;
        if (h < *pos)
            continue;
        u = dci_draft_unit_at(d, rule->scope == DCI_SCOPE_SENTENCE ? DCI_UNIT_SATZ
                                                                   : DCI_UNIT_ABSATZ, h);
        if (u < 0)
            continue;               /* no sentence holds it: no match either */
        if (d->units[u].start > *pos)
            *pos = d->units[u].start;
        *end = d->units[u].end;
        return 1;
    }
    return 0;
}

static void run_pattern_rule(run *R, const dci_rule *rule)
{
    const digicheck_draft *d = R->d;
    size_t p;

    for (p = 0; p < rule->nmatch && !R->oom && !R->limit_hit; p++) {
        const dci_regex *re = &rule->match[p];
        size_t pos = 0, ms, me, k = 0, end = d->view_len, reach = reach_of(R, re);
        long cached_unit = -1, slot = slot_of(R, re, NULL);
        int cached_cancel = 0, cached_sev = rule->severity;

        if (slot >= 0)
            k = R->c->slot_start[slot];
        /* with a reach, the windows around the hits give the next match as
         * a full scan does; else the units that hold a hit are searched */
        while (pos < d->view_len && !R->oom && !R->limit_hit &&
               (reach != DCI_REACH_NONE || next_candidate(R, rule, re, &k, &pos, &end))) {
            /* the subject is the whole view, as in a full scan: only the
             * start of the match is bounded to the candidate unit */
            int rc = reach != DCI_REACH_NONE
                     ? find_near(R, re, reach, pos, d->view_len, &ms, &me)
                     : end < d->view_len
                     ? search(R, re, OP_FROM, pos, d->view_len, end - 1, &ms, &me)
                     : find(R, re, pos, d->view_len, &ms, &me);
            long s;
            size_t u;
            int limit = 0;

            if (rc == 0 && end < d->view_len) {
                pos = end;              /* nothing in this unit: on to the next literal */
                continue;
            }

            if (rc == 0)
                break;
            if (rc < 0) {
                long at = dci_draft_unit_at(d, DCI_UNIT_SATZ, pos);
                add_limit_diagnostic(R, rule, re, rc, at < 0 ? 0 : (size_t)at);
                return;
            }
            s = dci_draft_unit_at(d, DCI_UNIT_SATZ, ms);
            if (s < 0) {
                /* outside the provisions (heading, title): go on behind it */
                pos = next_sentence(d, ms + 1);
                continue;
            }
            u = scope_unit(d, rule->scope, (size_t)s);
            if (me > d->units[u].end) {
                /* the match runs out of its scope: look again inside it */
                rc = find(R, re, ms, d->units[u].end, &ms, &me);
                if (rc <= 0) {
                    pos = d->units[u].end;
                    if (rc < 0) {
                        add_limit_diagnostic(R, rule, re, rc, (size_t)s);
                        return;
                    }
                    continue;
                }
                s = dci_draft_unit_at(d, DCI_UNIT_SATZ, ms);
                if (s < 0) {
                    pos = next_sentence(d, ms + 1);
                    continue;
                }
            }
            if ((long)u != cached_unit) {
                cached_unit = (long)u;
                cached_cancel = any_in(R, rule->unless, rule->nunless, d->units[u].start,
                                       d->units[u].end, &limit);
                cached_sev = cached_cancel ? rule->severity : severity_for(R, rule, u, &limit);
                if (limit) {
                    add_limit_diagnostic(R, rule, re, limit, (size_t)s);
                    return;
                }
            }
            if (!cached_cancel)
                dci_check_add(R, rule, DCI_KIND_TEXT, cached_sev, rule->message, (size_t)s,
                              (size_t)s, ms, me);
            pos = me;
        }
    }
}

/* ---- absence rules ------------------------------------------------------- */

static int answer_holds(const digicheck_draft *d, const dci_answer_cond *a)
{
    const char *v = dci_draft_answer(d, a->question);

    return v && strcasecmp(dci_answer_canonical(v), dci_answer_canonical(a->answer)) == 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return x < y ? -1 : x > y;
}

/* Collects the offsets of the findings of the rules that `rule` names in
 * `when: rules:`, sorted, into c->offs: one pass over the findings per
 * absence rule instead of one per unit. Returns their number; sets R->oom. */
static size_t collect_triggers(run *R, const dci_rule *rule)
{
    digicheck_checker *c = R->c;
    size_t i, j, n = 0;

    if (!rule->nwhen_rules)
        return 0;
    for (i = 0; i < R->r->nfindings; i++) {
        const digicheck_finding *f = &R->r->findings[i];
        if (!f->rule || f->kind == DCI_KIND_DIAGNOSTIC)
            continue;
        for (j = 0; j < rule->nwhen_rules; j++)
            if (f->rule == &c->rs->rules[rule->when_rule_index[j]])
                break;
        if (j == rule->nwhen_rules)
            continue;
        if (dci_grow((void **)&c->offs, &c->offs_cap, n + 1, sizeof *c->offs)) {
            R->oom = 1;
            return 0;
        }
        c->offs[n++] = f->offset;
    }
    if (n > 1)
        qsort(c->offs, n, sizeof *c->offs, cmp_size);
    return n;
}

/* Does one of the n collected trigger offsets lie inside unit u? */
static int fired_in(run *R, size_t n, size_t u)
{
    const digicheck_draft *d = R->d;
    size_t o0, o1, lo = 0, hi = n;

    if (u == 0 || !n)
        return n > 0;
    o0 = dci_draft_orig(d, d->units[u].start);
    o1 = dci_draft_orig(d, d->units[u].end);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (R->c->offs[mid] < o0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && R->c->offs[lo] < o1;
}

/* The next match of re in view[pos, end) that lies in a sentence (headings
 * and the title block are no provisions). 1 with the span, 0 for none, or a
 * negative PCRE2 error. */
static int find_in_text(run *R, const dci_regex *re, size_t pos, size_t end, size_t *ms,
                        size_t *me)
{
    size_t reach = reach_of(R, re);
    int rc;

    /* find_near() asks the hits itself; a full search first asks whether
     * there are any */
    while (pos < end &&
           (rc = reach != DCI_REACH_NONE ? find_near(R, re, reach, pos, end, ms, me)
                 : may_occur(R, re, pos, end) ? find(R, re, pos, end, ms, me) : 0) != 0) {
        if (rc < 0 || dci_draft_unit_at(R->d, DCI_UNIT_SATZ, *ms) >= 0)
            return rc;
        pos = *me;
    }
    return 0;
}

/* Does the trigger of a rule (`when` of an absence rule, `applies_when` of
 * a question) hold in unit u: one of its patterns in the text, one of its
 * answers given, one of the rules it names fired there (ntrig: the offsets
 * collect_triggers() left in c->offs)? A pattern's span goes to ms, me with
 * *at_match set. -1 when a pattern hit a limit (a diagnostic was added). */
static int trigger_holds(run *R, const dci_rule *rule, size_t ntrig, size_t u, size_t *ms,
                         size_t *me, int *at_match)
{
    const dci_unit *un = &R->d->units[u];
    size_t i;

    *at_match = 0;
    for (i = 0; i < rule->nwhen_match; i++) {
        int rc = find_in_text(R, &rule->when_match[i], un->start, un->end, ms, me);
        if (rc < 0) {
            add_limit_diagnostic(R, rule, &rule->when_match[i], rc, u);
            return -1;
        }
        if (rc > 0)
            return *at_match = 1;
    }
    for (i = 0; i < rule->nwhen_answers; i++)
        if (answer_holds(R->d, &rule->when_answers[i]))
            return 1;
    return fired_in(R, ntrig, u);
}

/* Checks an absence rule on unit u; ntrig: the offsets collect_triggers()
 * left in c->offs. */
static void check_absence_unit(run *R, const dci_rule *rule, size_t ntrig, size_t u)
{
    const digicheck_draft *d = R->d;
    const dci_unit *un = &d->units[u];
    size_t ms = 0, me = 0;
    int at_match = 0, limit = 0;

    if (trigger_holds(R, rule, ntrig, u, &ms, &me, &at_match) <= 0)
        return;
    if (any_in(R, rule->absent, rule->nabsent, un->start, un->end, &limit))
        return;
    if (limit) {
        add_limit_diagnostic(R, rule, rule->absent, limit, u);
        return;
    }
    if (at_match) {
        long s = dci_draft_unit_at(d, DCI_UNIT_SATZ, ms);
        dci_check_add(R, rule, DCI_KIND_ABSENCE, rule->severity, rule->message, (size_t)s,
                      (size_t)s, ms, me);
    } else {
        dci_check_add(R, rule, DCI_KIND_ABSENCE, rule->severity, rule->message, u, u,
                      un->start, un->end);
    }
}

static void run_absence_rule(run *R, const dci_rule *rule)
{
    const digicheck_draft *d = R->d;
    size_t i, n = collect_triggers(R, rule);

    if (R->oom)
        return;
    if (rule->scope == DCI_SCOPE_DOCUMENT) {
        check_absence_unit(R, rule, n, 0);
        return;
    }
    if (rule->scope == DCI_SCOPE_SECTION) {
        static const int kinds[] = {DCI_UNIT_PARAGRAPH, DCI_UNIT_ANLAGE};
        size_t k;
        int any = 0;
        for (k = 0; k < 2; k++)
            for (i = 0; i < d->nby_kind[kinds[k]] && !R->oom; i++, any = 1)
                check_absence_unit(R, rule, n, d->by_kind[kinds[k]][i]);
        /* Artikel without § (amendment articles) are sections of their own */
        for (i = 0; i < d->nby_kind[DCI_UNIT_ARTIKEL] && !R->oom; i++) {
            size_t a = d->by_kind[DCI_UNIT_ARTIKEL][i];
            if (dci_draft_unit_at(d, DCI_UNIT_PARAGRAPH, d->units[a].start) < 0 &&
                (a + 1 >= d->nunits || d->units[a + 1].kind != DCI_UNIT_PARAGRAPH)) {
                check_absence_unit(R, rule, n, a);
                any = 1;
            }
        }
        if (!any)
            check_absence_unit(R, rule, n, 0);
        return;
    }
    {
        int kind = rule->scope == DCI_SCOPE_PARAGRAPH ? DCI_UNIT_ABSATZ : DCI_UNIT_SATZ;
        for (i = 0; i < d->nby_kind[kind] && !R->oom; i++)
            check_absence_unit(R, rule, n, d->by_kind[kind][i]);
    }
}

/* ---- questions ------------------------------------------------------------ */

/* Records where prefill pattern re suggests an answer, up to
 * DCI_MAX_EVIDENCE places per question. Returns 1 if it matched. */
static int gather_evidence(run *R, dci_question *q, const dci_regex *re)
{
    const digicheck_draft *d = R->d;
    size_t pos = 0, ms, me;
    int rc, found = 0;

    while (q->nevidence < DCI_MAX_EVIDENCE &&
           (rc = find_in_text(R, re, pos, d->view_len, &ms, &me)) > 0) {
        digicheck_finding f;
        long s = dci_draft_unit_at(d, DCI_UNIT_SATZ, ms);
        dci_evidence *e = &q->evidence[q->nevidence];
        memset(&f, 0, sizeof f);
        if (describe_span(R, (size_t)s, (size_t)s, ms, me, &f) != 0)
            return found;
        e->path = f.path;
        e->excerpt = f.excerpt;
        e->line = f.line;
        e->column = f.column;
        e->offset = ms;             /* a view offset until the question is reported */
        e->end = me;
        e->unit = (size_t)s;
        q->nevidence++;
        found = 1;
        pos = me;
    }
    return found;
}

/* The answer given to question rule `rule`, checked against those it
 * allows: an answer it does not know is a diagnostic and counts as none. */
static const char *given_answer(run *R, const dci_rule *rule)
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
    dci_check_add(R, rule, DCI_KIND_DIAGNOSTIC, DIGICHECK_SEVERITY_WARNING,
                  dci_arena_strdup(&R->r->arena, msg), 0, NO_UNIT, 0, 0);
    return NULL;
}

/* Evaluates a question: applies? answered? what does the text suggest? An
 * applicable question without an answer is a finding of kind "question",
 * at the first place that suggests an answer, else at the text that made
 * it apply, else at the document. */
static void run_question(run *R, const dci_rule *rule, dci_question *q)
{
    size_t i, j, ms = 0, me = 0, n = collect_triggers(R, rule);
    int at_match = 0;

    q->rule = rule;
    if (R->oom)
        return;
    q->applicable = rule->nwhen_match || rule->nwhen_answers || rule->nwhen_rules
                    ? trigger_holds(R, rule, n, 0, &ms, &me, &at_match) > 0 : 1;
    q->answer = given_answer(R, rule);
    for (i = 0; i < rule->nprefill && !R->oom; i++)
        for (j = 0; j < rule->prefill[i].nmatch; j++)
            if (gather_evidence(R, q, &rule->prefill[i].match[j]) && !q->suggested)
                q->suggested = rule->prefill[i].suggests;
    if (q->applicable && !q->answer) {
        long s = at_match ? dci_draft_unit_at(R->d, DCI_UNIT_SATZ, ms) : -1;
        if (q->nevidence)
            dci_check_add(R, rule, DCI_KIND_QUESTION, rule->severity, rule->message,
                          q->evidence[0].unit, q->evidence[0].unit, q->evidence[0].offset,
                          q->evidence[0].end);
        else if (s >= 0)            /* at the text that made it apply */
            dci_check_add(R, rule, DCI_KIND_QUESTION, rule->severity, rule->message, (size_t)s,
                          (size_t)s, ms, me);
        else
            dci_check_add(R, rule, DCI_KIND_QUESTION, rule->severity, rule->message, 0, NO_UNIT,
                          0, 0);
    }
    for (i = 0; i < q->nevidence; i++)     /* evidence is shown in the original */
        q->evidence[i].offset = dci_draft_orig(R->d, q->evidence[i].offset);
}

static void run_questions(run *R)
{
    const digicheck_ruleset *rs = R->c->rs;
    size_t i, n = 0;

    for (i = 0; i < rs->nrules; i++)
        n += rs->rules[i].type == DCI_RULE_QUESTION;
    if (!n)
        return;
    R->r->questions = dci_arena_calloc(&R->r->arena, n * sizeof *R->r->questions);
    if (!R->r->questions) {
        R->oom = 1;
        return;
    }
    for (i = 0; i < rs->nrules && !R->oom; i++)
        if (rs->rules[i].type == DCI_RULE_QUESTION)
            run_question(R, &rs->rules[i], &R->r->questions[R->r->nquestions++]);
}

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

static void vorpruefung(const digicheck_draft *d, dci_vorpruefung *vp)
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

/* ---- the check ------------------------------------------------------------ */

int digicheck_check(digicheck_checker *c, const digicheck_draft *d, digicheck_report **out,
                    digicheck_error *err)
{
    run R;
    size_t i;
    int rc;

    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'out' is NULL");
    *out = NULL;
    if (!c)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'c' is NULL");
    if (!d)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'd' is NULL");
    memset(&R, 0, sizeof R);
    R.c = c;
    R.d = d;
    R.m = &c->m;
    R.pos.off = (size_t)-1;
    if (++c->serial == 0) {             /* wrapped: a free entry has serial 0 */
        dci_free(c->memo);
        c->memo = NULL;
        c->memo_cap = 0;
        c->serial = 1;
    }
    c->memo_used = 0;
    rc = dci_report_new(&R.r, c->rs, d->name);
    if (rc)
        return dci_error(err, rc, d->name, 0, 0, "out of memory creating a report");
    prefilter(&R);
    for (i = 0; i < c->rs->nrules && !R.oom; i++)
        if (c->rs->rules[i].type == DCI_RULE_PATTERN)
            run_pattern_rule(&R, &c->rs->rules[i]);
    for (i = 0; i < c->rs->nabsence && !R.oom; i++)
        run_absence_rule(&R, &c->rs->rules[c->rs->absence_order[i]]);
    for (i = 0; i < c->rs->nrules && !R.oom; i++)
        if (c->rs->rules[i].type == DCI_RULE_LUA)
            dci_lua_run(c->lua, &R, &c->rs->rules[i]);
    if (!R.oom)
        run_questions(&R);
    vorpruefung(d, &R.r->vp);
    if (R.oom) {
        digicheck_report_free(R.r);
        return dci_error(err, DIGICHECK_ENOMEM, d->name, 0, 0, "out of memory checking '%s'",
                         d->name);
    }
    dci_report_sort(R.r);
    *out = R.r;
    return DIGICHECK_OK;
}

/* ---- rule examples -------------------------------------------------------- */

/* Checks one example: does the rule fire on it? A diagnostic of the rule
 * (it failed or hit a limit) is copied to diag, else diag is "". */
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
