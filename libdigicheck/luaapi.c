/*
 * luaapi.c -- what a Lua rule sees of the check it runs in.
 *
 * This module owns the objects that lua.c hands to a rule call: the draft
 * table (meta, answers, facts, and the methods units, find, matches and
 * findings), units and matches (read-only userdata that belong to one rule
 * call and are refused in any later one), the findings so far as tables,
 * and report{}, through which a rule adds findings. It keeps the patterns
 * rules search with, compiled once per checker, and tells the searcher
 * about each (search.c learns their literals). Every function that rules
 * call charges its work to the call's budget first (luabudget.c), and
 * report{} charges the text it copies to the draft's. Nothing here holds
 * C memory where Lua may raise an error. The API is documented in
 * docs/lua-api.md; the sandbox is lua.c's, the limits of a call
 * luabudget.c's, draft.facts luafacts.c's.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "dci.h"
#include "regex.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "search.h"
#include "finding.h"
#include "luafacts.h"
#include "luaapi.h"

#define TEXT_MAX    4096        /* bytes of a message or suggestion a rule reports */
#define PATTERN_MAX 65536       /* bytes of a pattern */
#define CACHE_SLOTS 512         /* the pattern cache: slots (a power of two) … */
#define CACHE_MAX   256         /* … and patterns before it is emptied */

#define SPAN_TYPE   "digicheck.span"     /* metatable of units and matches */
#define DRAFT_TYPE  "digicheck.draft"    /* metatable of the draft table */

/* What the API's work in C costs, in Lua instructions (see luabudget.h):
 * about as long as that many instructions would run. */
#define COST_CALL    1          /* a call */
#define COST_FINDING 64         /* a finding of draft:findings() made a table */
#define SCAN_BYTES   16         /* bytes searched or skipped for an instruction */

/* A compiled pattern, by its source. */
struct dci_luapattern {
    char  *src;                 /* NULL: a free slot */
    size_t len, hash;
    dci_regex re;
    long learned;               /* its number in the checker's searcher, or -1 */
};
typedef dci_luapattern cached;

/* Units and matches, as Lua sees them: read-only userdata. */
enum { SPAN_UNIT, SPAN_MATCH };

typedef struct span {
    unsigned long serial;       /* the call it belongs to */
    int    type;                /* SPAN_* */
    size_t unit;                /* a unit: itself; a match: the innermost unit at its start */
    size_t start, end;          /* in the view */
    size_t base;                /* a match: where the text that was searched starts */
    size_t ncap;                /* a match: capture groups */
    size_t cap[];               /* 2 * ncap offsets; PCRE2_UNSET for a group not set */
} span;


/* The names of unit kinds as rules write them: the German words. */
static const char *const unit_names[] = {
    "dokument", "artikel", "paragraph", "anlage", "absatz", "nummer", "buchstabe",
    "doppelbuchstabe", "satz", NULL
};
static const dci_names lua_units = { DCI_UNIT_DOCUMENT, unit_names, NULL };

/* Pushes the names of the values [from, to) of table t: "a, b, c". */
static void push_names(lua_State *L, const dci_names *t, int from, int to)
{
    luaL_Buffer b;
    int v;

    luaL_buffinit(L, &b);
    for (v = from; v < to; v++) {
        if (v > from)
            luaL_addstring(&b, ", ");
        luaL_addstring(&b, dci_name(t, v));
    }
    luaL_pushresult(&b);
}

static dci_luaapi *self(lua_State *L)
{
    return *(dci_luaapi **)lua_getextraspace(L);
}

/* Every function that rules call starts here: it charges the call's
 * budget, which raises once a limit was hit (see luabudget.h). */
static void charge(lua_State *L, long cost)
{
    dci_luabudget_charge(L, cost);
}

/* The check in progress; a Lua error outside a rule call. */
static dci_run *run_of(lua_State *L)
{
    dci_luaapi *lua = self(L);

    if (!lua->R)
        luaL_error(L, "the draft is no longer being checked");
    return lua->R;
}

/* ---- patterns ------------------------------------------------------------ */

static void cache_clear(dci_luaapi *lua)
{
    size_t i;

    memset(lua->recent, 0, sizeof lua->recent);
    for (i = 0; lua->cache && i < CACHE_SLOTS; i++)
        if (lua->cache[i].src) {
            dci_regex_free(&lua->cache[i].re);
            dci_free(lua->cache[i].src);
            lua->cache[i].src = NULL;
        }
    lua->ncache = 0;
}

/* The compiled pattern for src, compiled on first use with the options of
 * rule patterns (UTF-8, Unicode, caseless), which the checker learns (see
 * dci_search_learn). Raises a Lua error for a bad pattern; nothing is held
 * then. */
static cached *pattern(lua_State *L, int idx)
{
    dci_luaapi *lua = self(L);
    size_t len, h, i;
    const char *src = luaL_checklstring(L, idx, &len);
    cached **recent = &lua->recent[((uintptr_t)src >> 4) & 15];
    digicheck_error err;
    cached *slot;
    char *copy;
    int rc;

    /* a loop asks for the same string again and again: its address finds
     * it without hashing the text */
    if (*recent && (*recent)->len == len && memcmp((*recent)->src, src, len) == 0)
        return *recent;
    if (len > PATTERN_MAX || strlen(src) != len)
        luaL_error(L, "a pattern must be shorter than %d bytes and hold no NUL byte",
                   PATTERN_MAX);
    h = dci_hash_str(src);
    if (!lua->cache) {
        lua->cache = dci_malloc(CACHE_SLOTS * sizeof *lua->cache);
        if (!lua->cache) {
            run_of(L)->oom = 1;
            luaL_error(L, "out of memory");
        }
        memset(lua->cache, 0, CACHE_SLOTS * sizeof *lua->cache);
    }
    for (i = h & (CACHE_SLOTS - 1); lua->cache[i].src; i = (i + 1) & (CACHE_SLOTS - 1))
        if (lua->cache[i].hash == h && lua->cache[i].len == len &&
            memcmp(lua->cache[i].src, src, len) == 0)
            return *recent = &lua->cache[i];
    if (lua->ncache >= CACHE_MAX) {
        cache_clear(lua);
        i = h & (CACHE_SLOTS - 1);
    }
    slot = &lua->cache[i];
    copy = dci_malloc(len + 1);
    if (!copy) {
        run_of(L)->oom = 1;
        luaL_error(L, "out of memory");
    }
    memcpy(copy, src, len + 1);
    rc = dci_regex_compile(&slot->re, copy, DCI_RE_CASELESS, lua->rule->lua_name + 1, 0, 0,
                           lua->rule->id, &err);
    if (rc != DIGICHECK_OK) {
        dci_free(copy);
        if (rc == DIGICHECK_ENOMEM)
            run_of(L)->oom = 1;
        luaL_error(L, "%s", err.message);
    }
    slot->src = copy;
    slot->len = len;
    slot->hash = h;
    slot->learned = dci_search_learn(run_of(L), copy);
    lua->ncache++;
    return *recent = slot;
}

/* ---- units and matches --------------------------------------------------- */

static span *push_span(lua_State *L, int type, size_t unit, size_t start, size_t end,
                       size_t base, size_t ncap)
{
    span *s = lua_newuserdatauv(L, sizeof *s + 2 * ncap * sizeof s->cap[0], 0);

    s->serial = self(L)->serial;
    s->type = type;
    s->unit = unit;
    s->start = start;
    s->end = end;
    s->base = base;
    s->ncap = ncap;
    luaL_setmetatable(L, SPAN_TYPE);
    return s;
}

static void push_unit(lua_State *L, size_t u)
{
    const dci_unit *un = &run_of(L)->d->units[u];

    push_span(L, SPAN_UNIT, u, un->start, un->end, un->start, 0);
}

/* A unit or match of the running call at idx. */
static span *check_span(lua_State *L, int idx)
{
    span *s = luaL_testudata(L, idx, SPAN_TYPE);

    if (!s)
        luaL_typeerror(L, idx, "unit or match");
    if (s->serial != self(L)->serial)
        luaL_error(L, "a unit or match of an earlier rule call");
    run_of(L);
    return s;
}

/* What a method works on: the unit or match it was called on, or for the
 * draft table the whole document (unit 0). */
static void target(lua_State *L, size_t *unit, size_t *start, size_t *end)
{
    const digicheck_draft *d = run_of(L)->d;

    if (lua_type(L, 1) == LUA_TUSERDATA) {
        const span *s = check_span(L, 1);
        *unit = s->unit;
        *start = s->start;
        *end = s->end;
    } else {
        luaL_checktype(L, 1, LUA_TTABLE);
        *unit = 0;
        *start = 0;
        *end = d->view_len;
    }
}

static void push_view(lua_State *L, size_t a, size_t b)
{
    lua_pushlstring(L, run_of(L)->d->view + a, b - a);
}

static void push_path(lua_State *L, size_t u)
{
    dci_run *R = run_of(L);
    dci_buf b = {0};

    /* the buffer is released before anything can raise an error */
    dci_draft_path(R->d, u, &b);
    if (b.oom) {
        dci_buf_free(&b);
        R->oom = 1;
        luaL_error(L, "out of memory");
    }
    lua_pushstring(L, b.data ? b.data : "");
    dci_buf_free(&b);
}

/* ---- searching ----------------------------------------------------------- */

/* dci_search_text with the matcher polling the budget (regex.h): one find
 * over a large draft stops when its bytes would spend the call's
 * instructions or the deadline has passed, and is charged once the
 * matcher's state is back. */
static int search_budgeted(lua_State *L, const dci_target *t, size_t pos, size_t end,
                           size_t *ms, size_t *me)
{
    dci_run *R = run_of(L);
    dci_luawork w = { L, 0, 0, DCI_REGEX_WINDOW, SCAN_BYTES };
    int rc;

    R->m->poll = dci_luabudget_poll;
    R->m->poll_arg = &w;
    rc = dci_search_text(R, t, pos, end, ms, me);
    R->m->poll = NULL;
    R->m->poll_arg = NULL;
    if (rc == DCI_REGEX_STOPPED) {
        charge(L, (long)(w.done / SCAN_BYTES));       /* raises: instructions or time */
        dci_luabudget_exceeded(L, "a search was stopped by the rule's budget");
    }
    return rc;
}

/* The next match of re in view[pos, end) that starts inside a sentence
 * (headings and titles are no provisions, as for every rule), pushed as a
 * match object with positions counted from base. Returns 0 (nothing pushed)
 * when there is none. */
static int next_match(lua_State *L, cached *pat, size_t *pos, size_t end, size_t base)
{
    dci_run *R = run_of(L);
    const digicheck_draft *d = R->d;
    const dci_regex *re = &pat->re;
    size_t ms, me, i;
    uint32_t groups = 0;
    PCRE2_SIZE *ov;
    dci_target t;
    span *m;
    int rc;

    dci_target_learned(R, re, pat->learned, &t);
    rc = search_budgeted(L, &t, *pos, end, &ms, &me);
    if (rc < 0) {
        PCRE2_UCHAR msg[128];
        pcre2_get_error_message(rc, msg, sizeof msg);
        /* for good: a rule that catches it cannot try again and again */
        return dci_luabudget_exceeded(L, "pattern '%.120s' hit a matching limit (%s)",
                                      re->src, (const char *)msg);
    }
    charge(L, (long)(((rc > 0 ? me : end) - *pos) / SCAN_BYTES));
    if (rc == 0)
        return 0;
    *pos = me;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups > pcre2_get_ovector_count(R->m->md) - 1)
        groups = pcre2_get_ovector_count(R->m->md) - 1;
    /* copy the groups before anything can run another match */
    ov = pcre2_get_ovector_pointer(R->m->md);
    m = push_span(L, SPAN_MATCH, dci_draft_innermost(d, ms), ms, me, base, groups);
    for (i = 0; i < 2 * (size_t)groups; i++)
        m->cap[i] = ov[i + 2];
    return 1;
}

/* x:find(pattern): the first match in x (the draft, a unit or a match), or nil. */
static int l_find(lua_State *L)
{
    size_t unit, start, end;
    cached *re;

    charge(L, COST_CALL);
    target(L, &unit, &start, &end);
    re = pattern(L, 2);
    if (!next_match(L, re, &start, end, start))
        lua_pushnil(L);
    return 1;
}

/* The iterator of x:matches(pattern); upvalues: pattern, position, end,
 * base, serial. */
static int matches_step(lua_State *L)
{
    size_t pos = (size_t)lua_tointeger(L, lua_upvalueindex(2));
    cached *re;

    charge(L, COST_CALL);
    if ((unsigned long)lua_tointeger(L, lua_upvalueindex(5)) != self(L)->serial)
        return luaL_error(L, "an iterator of an earlier rule call");
    re = pattern(L, lua_upvalueindex(1));
    if (!next_match(L, re, &pos, (size_t)lua_tointeger(L, lua_upvalueindex(3)),
                    (size_t)lua_tointeger(L, lua_upvalueindex(4))))
        return 0;
    lua_pushinteger(L, (lua_Integer)pos);
    lua_replace(L, lua_upvalueindex(2));
    return 1;
}

static int l_matches(lua_State *L)
{
    size_t unit, start, end;

    charge(L, COST_CALL);
    target(L, &unit, &start, &end);
    pattern(L, 2);                       /* a bad pattern fails here, not in the loop */
    lua_settop(L, 2);
    lua_pushinteger(L, (lua_Integer)start);
    lua_pushinteger(L, (lua_Integer)end);
    lua_pushinteger(L, (lua_Integer)start);
    lua_pushinteger(L, (lua_Integer)self(L)->serial);
    lua_pushcclosure(L, matches_step, 5);
    return 1;
}

/* ---- units --------------------------------------------------------------- */

/* Is unit i inside unit u? */
static int inside(const digicheck_draft *d, size_t i, size_t u)
{
    long p;

    for (p = (long)i; p > (long)u; p = d->units[p].parent)
        ;
    return p == (long)u;
}

/* The iterator of x:units(kind); upvalues: kind (-1: all), position, the
 * unit iterated, serial. A position is an index into d->units for all
 * kinds, else into d->by_kind[kind]. */
static int units_step(lua_State *L)
{
    const digicheck_draft *d = run_of(L)->d;
    int kind = (int)lua_tointeger(L, lua_upvalueindex(1));
    size_t pos = (size_t)lua_tointeger(L, lua_upvalueindex(2));
    size_t u = (size_t)lua_tointeger(L, lua_upvalueindex(3)), next;

    charge(L, COST_CALL);
    if ((unsigned long)lua_tointeger(L, lua_upvalueindex(4)) != self(L)->serial)
        return luaL_error(L, "an iterator of an earlier rule call");
    if (kind < 0) {
        if (pos >= d->nunits || !inside(d, pos, u))
            return 0;
        next = pos;
    } else {
        if (pos >= d->nby_kind[kind])
            return 0;
        next = d->by_kind[kind][pos];
        if (d->units[next].start >= d->units[u].end)
            return 0;
    }
    lua_pushinteger(L, (lua_Integer)pos + 1);
    lua_replace(L, lua_upvalueindex(2));
    push_unit(L, next);
    return 1;
}

static int l_units(lua_State *L)
{
    const digicheck_draft *d = run_of(L)->d;
    size_t unit, start, end, pos;
    int kind = -1;

    charge(L, COST_CALL);
    target(L, &unit, &start, &end);
    if (lua_type(L, 1) == LUA_TUSERDATA && check_span(L, 1)->type != SPAN_UNIT)
        return luaL_argerror(L, 1, "units() works on the draft or a unit");
    if (!lua_isnoneornil(L, 2)) {
        const char *name = luaL_checkstring(L, 2);
        /* the document is no kind a rule asks for: it is the draft */
        if (dci_name_value(&lua_units, name, &kind) != 0 || kind == DCI_UNIT_DOCUMENT) {
            push_names(L, &lua_units, DCI_UNIT_DOCUMENT + 1, DCI_UNIT_KINDS);
            return luaL_error(L, "unknown unit kind '%s' (known: %s)", name,
                              lua_tostring(L, -1));
        }
    }
    if (kind < 0) {
        pos = unit + 1;
    } else {
        /* the first unit of the kind that starts at or after the start */
        size_t lo = 0, hi = d->nby_kind[kind];
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (d->units[d->by_kind[kind][mid]].start < start)
                lo = mid + 1;
            else
                hi = mid;
        }
        /* the units inside x, not x itself */
        pos = lo < d->nby_kind[kind] && d->by_kind[kind][lo] == unit ? lo + 1 : lo;
    }
    lua_pushinteger(L, kind);
    lua_pushinteger(L, (lua_Integer)pos);
    lua_pushinteger(L, (lua_Integer)unit);
    lua_pushinteger(L, (lua_Integer)self(L)->serial);
    lua_pushcclosure(L, units_step, 4);
    return 1;
}

/* ---- the fields of units and matches -------------------------------------- */

static int unit_field(lua_State *L, const span *s, const char *key)
{
    const digicheck_draft *d = run_of(L)->d;
    const dci_unit *un = &d->units[s->unit];
    char buf[DCI_NUM_MAX];
    const char *num;
    long lead;

    if (strcmp(key, "kind") == 0)
        lua_pushstring(L, dci_name(&lua_units, un->kind));
    else if (strcmp(key, "text") == 0)
        push_view(L, un->start, un->end);
    else if (strcmp(key, "path") == 0)
        push_path(L, s->unit);
    else if (strcmp(key, "number") == 0 && (num = dci_unit_num(un, d->nums, buf))[0])
        lua_pushstring(L, num);
    else if (strcmp(key, "heading") == 0 && un->head_end > un->head_start)
        push_view(L, un->head_start, un->head_end);
    else if (strcmp(key, "parent") == 0 && un->parent > 0)
        push_unit(L, (size_t)un->parent);
    else if (strcmp(key, "lead_in") == 0 && (lead = dci_draft_lead_in(d, s->unit)) >= 0)
        push_unit(L, (size_t)lead);     /* the walk back is bounded (draft.c) */
    else if (strcmp(key, "units") == 0)
        lua_pushcfunction(L, l_units);
    else
        lua_pushnil(L);
    return 1;
}

static int match_field(lua_State *L, const span *s, const char *key)
{
    if (strcmp(key, "text") == 0)
        push_view(L, s->start, s->end);
    else if (strcmp(key, "start") == 0)
        lua_pushinteger(L, (lua_Integer)(s->start - s->base) + 1);
    else if (strcmp(key, "stop") == 0)
        lua_pushinteger(L, (lua_Integer)(s->end - s->base));
    else if (strcmp(key, "unit") == 0)
        push_unit(L, s->unit);
    else if (strcmp(key, "path") == 0)
        push_path(L, s->unit);
    else
        lua_pushnil(L);
    return 1;
}

static int span_index(lua_State *L)
{
    const span *s;
    const char *key;

    charge(L, COST_CALL);
    s = check_span(L, 1);
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer i = lua_tointeger(L, 2);
        if (s->type == SPAN_MATCH && i >= 1 && (size_t)i <= s->ncap &&
            s->cap[2 * i - 2] != PCRE2_UNSET)
            push_view(L, s->cap[2 * i - 2], s->cap[2 * i - 1]);
        else
            lua_pushnil(L);
        return 1;
    }
    key = luaL_checkstring(L, 2);
    if (strcmp(key, "find") == 0) {
        lua_pushcfunction(L, l_find);
        return 1;
    }
    if (strcmp(key, "matches") == 0) {
        lua_pushcfunction(L, l_matches);
        return 1;
    }
    return s->type == SPAN_UNIT ? unit_field(L, s, key) : match_field(L, s, key);
}

static int span_eq(lua_State *L)
{
    const span *a, *b;

    charge(L, COST_CALL);
    a = check_span(L, 1);
    b = check_span(L, 2);
    lua_pushboolean(L, a->type == b->type && a->unit == b->unit && a->start == b->start &&
                       a->end == b->end);
    return 1;
}

/* A unit shows as its path ("satz" and the like for unnumbered ones), a
 * match as its text. */
static int span_tostring(lua_State *L)
{
    const span *s;

    charge(L, COST_CALL);
    s = check_span(L, 1);
    if (s->type == SPAN_MATCH)
        push_view(L, s->start, s->end);
    else
        push_path(L, s->unit);
    return 1;
}

/* ---- findings so far --------------------------------------------------------- */

static void set_string(lua_State *L, const char *key, const char *value)
{
    lua_pushstring(L, value ? value : "");
    lua_setfield(L, -2, key);
}

static void set_integer(lua_State *L, const char *key, lua_Integer value)
{
    lua_pushinteger(L, value);
    lua_setfield(L, -2, key);
}

/* draft:findings([rule_id]): the findings so far, of one rule or all, as
 * tables; diagnostics are left out. */
static int l_findings(lua_State *L)
{
    dci_run *R = run_of(L);
    const char *id = luaL_optstring(L, 2, NULL);
    lua_Integer n = 0;
    size_t i;

    charge(L, COST_CALL + (long)(R->r->nfindings / SCAN_BYTES));
    lua_newtable(L);
    for (i = 0; i < R->r->nfindings; i++) {
        const digicheck_finding *f = &R->r->findings[i];
        if (!f->rule || f->kind == DCI_KIND_DIAGNOSTIC || (id && strcmp(id, f->rule->id)))
            continue;
        charge(L, COST_FINDING);
        lua_createtable(L, 0, 8);
        set_string(L, "rule", f->rule->id);
        set_string(L, "kind", dci_kind_name(f->kind));
        set_string(L, "severity", dci_severity_name(f->severity));
        set_string(L, "message", f->message);
        set_string(L, "path", dci_finding_path_of(R, i));
        set_integer(L, "line", f->line);
        set_integer(L, "column", f->column);
        push_span(L, SPAN_MATCH, dci_draft_innermost(R->d, f->vstart), f->vstart, f->vend,
                  R->d->units[dci_draft_innermost(R->d, f->vstart)].start, 0);
        lua_setfield(L, -2, "match");
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

/* ---- report{} ------------------------------------------------------------ */

/* Pushes field key of the table at index 1, raw: no metamethod of the
 * rule's runs inside report{}. */
static void raw_field(lua_State *L, const char *key)
{
    lua_pushstring(L, key);
    lua_rawget(L, 1);
}

/* A string field of the report table copied into the report's arena; NULL
 * when absent. */
static const char *report_text(lua_State *L, const char *key)
{
    dci_run *R = run_of(L);
    const char *s, *copy;
    size_t len;

    raw_field(L, key);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return NULL;
    }
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "report{}: '%s' must be a string, not %s", key, luaL_typename(L, -1));
    s = lua_tolstring(L, -1, &len);
    if (len > TEXT_MAX || dci_utf8_invalid(s, len) != len)
        luaL_error(L, "report{}: '%s' must be UTF-8 text of at most %d bytes", key, TEXT_MAX);
    /* the report holds the copy, outside the Lua state's memory cap */
    if (len > self(L)->text_limit - R->lua_text)
        dci_luabudget_exceeded(L, "report{}: the findings' text of Lua rules passed %zu bytes "
                               "on this draft", self(L)->text_limit);
    R->lua_text += len;
    copy = dci_arena_strndup(&R->r->arena, s, len);
    lua_pop(L, 1);
    if (!copy) {
        R->oom = 1;
        luaL_error(L, "out of memory");
    }
    return copy;
}

/* Field key: the name of one of the values [t->first, t->first + n) of
 * table t; that value, or dflt when absent. */
static int report_choice(lua_State *L, const char *key, const dci_names *t, int n, int dflt)
{
    int v;

    raw_field(L, key);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return dflt;
    }
    if (lua_type(L, -1) == LUA_TSTRING && dci_name_value(t, lua_tostring(L, -1), &v) == 0 &&
        v < t->first + n) {
        lua_pop(L, 1);
        return v;
    }
    push_names(L, t, t->first, t->first + n);
    return luaL_error(L, "report{}: '%s' must be one of %s", key, lua_tostring(L, -1));
}

/* report{at = unit or match, message = …, severity = …, suggestion = …,
 * kind = …}: a finding of the running rule. Without `at` it is about the
 * whole draft. */
static int l_report(lua_State *L)
{
    static const char *const keys[] = { "at", "message", "severity", "suggestion", "kind",
                                        NULL };
    dci_luaapi *lua = self(L);
    dci_run *R = run_of(L);
    const dci_rule *rule = lua->rule;
    const digicheck_draft *d = R->d;
    const char *message, *suggestion;
    size_t at = 0, ex = 0, ms = d->units[0].start, me = d->units[0].end;
    int kind = DCI_KIND_ABSENCE, severity;

    charge(L, COST_CALL);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        int i;
        lua_pop(L, 1);
        for (i = 0; keys[i]; i++)
            if (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), keys[i]) == 0)
                break;
        if (!keys[i])
            return luaL_error(L, "report{}: unknown key '%s' (known: at, message, severity, "
                              "suggestion, kind)", luaL_tolstring(L, -1, NULL));
    }
    raw_field(L, "at");
    if (!lua_isnil(L, -1)) {
        const span *s = check_span(L, -1);
        at = ex = s->unit;
        ms = s->start;
        me = s->end;
        if (s->type == SPAN_MATCH) {
            long satz = dci_draft_unit_at(d, DCI_UNIT_SATZ, ms);
            kind = DCI_KIND_TEXT;
            if (satz >= 0)
                ex = (size_t)satz;
        }
    }
    lua_pop(L, 1);
    /* a rule reports text and absence findings, of any severity */
    kind = report_choice(L, "kind", &dci_finding_kinds, 2, kind);
    severity = report_choice(L, "severity", &dci_severities, 3, rule->severity);
    message = report_text(L, "message");
    suggestion = report_text(L, "suggestion");
    dci_finding_add(R, rule, kind, severity, message ? message : rule->message, suggestion, at,
                    ex, ms, me);
    if (R->oom)
        return luaL_error(L, "out of memory");
    return 0;
}

/* ---- the draft ----------------------------------------------------------- */

/* Sets t[key] = value for a value that may be absent. */
static void set_optional(lua_State *L, const char *key, const char *value)
{
    if (value)
        set_string(L, key, value);
}

/* draft.facts, when a rule call first reads it (the draft table's
 * __index): a large description costs only the calls that use its facts,
 * and is converted once per check (luafacts.c). */
static int draft_index(lua_State *L)
{
    dci_luaapi *lua = self(L);

    if (lua_type(L, 2) != LUA_TSTRING || strcmp(lua_tostring(L, 2), "facts") != 0)
        return 0;
    dci_luafacts_push(L, &lua->facts, run_of(L)->d->facts);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 1);
    return 1;
}

/* A fresh draft table per rule call: what a rule changes in it no other
 * rule sees. Answers are canonical ("ja" is "yes"); meta and facts hold
 * what a draft description says. */
static void push_draft(lua_State *L)
{
    static const luaL_Reg methods[] = {
        { "units", l_units }, { "find", l_find }, { "matches", l_matches },
        { "findings", l_findings }, { NULL, NULL }
    };
    const digicheck_draft *d = run_of(L)->d;
    size_t i;

    lua_newtable(L);
    lua_newtable(L);
    set_string(L, "name", d->name);
    set_string(L, "format", d->format == DIGICHECK_FORMAT_MARKDOWN ? "markdown"
                            : d->format == DIGICHECK_FORMAT_LDML ? "ldml" : "text");
    set_optional(L, "title", d->title);
    set_optional(L, "kind", d->kind);
    set_optional(L, "jurisdiction", d->jurisdiction);
    lua_setfield(L, -2, "meta");
    lua_newtable(L);
    for (i = 0; i < d->nanswers; i++)
        set_string(L, d->answers[i].key, dci_answer_canonical(d->answers[i].value));
    lua_setfield(L, -2, "answers");
    luaL_setfuncs(L, methods, 0);
    luaL_setmetatable(L, DRAFT_TYPE);
}

/* ---- the API's state ---------------------------------------------------------- */

void dci_luaapi_init(dci_luaapi *api, void *owner)
{
    memset(api, 0, sizeof *api);
    api->owner = owner;
}

void dci_luaapi_free(dci_luaapi *api)
{
    cache_clear(api);
    dci_free(api->cache);
    api->cache = NULL;
}

void dci_luaapi_attach(lua_State *L, dci_luaapi *api)
{
    *(dci_luaapi **)lua_getextraspace(L) = api;
}

void *dci_luaapi_owner(lua_State *L)
{
    return self(L)->owner;
}

void dci_luaapi_setup(lua_State *L)
{
    static const luaL_Reg span_meta[] = {
        { "__index", span_index }, { "__eq", span_eq }, { "__tostring", span_tostring },
        { NULL, NULL }
    };

    luaL_newmetatable(L, SPAN_TYPE);
    luaL_setfuncs(L, span_meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    luaL_newmetatable(L, DRAFT_TYPE);
    lua_pushcfunction(L, draft_index);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    dci_luafacts_setup(L);
}

void dci_luaapi_begin(dci_luaapi *api, dci_run *R, const dci_rule *rule)
{
    api->serial++;
    api->R = R;
    api->rule = rule;
}

void dci_luaapi_end(dci_luaapi *api)
{
    api->R = NULL;
}

void dci_luaapi_push_args(lua_State *L)
{
    push_draft(L);
    lua_pushcfunction(L, l_report);
}
