/*
 * lua.c -- rules written in Lua 5.4.
 *
 * This module owns everything that touches Lua. When a rule set is loaded,
 * it compiles each rule's chunk once, as text, so that a syntax error is a
 * load error. When drafts are checked, each checker has one Lua state (made
 * when a rule first needs it) that runs the lua rules in a sandbox:
 *   - the base library without load, loadfile, dofile, require,
 *     collectgarbage, print, warn, rawget and rawset, and with a
 *     setmetatable that refuses __gc; string without dump; table; math
 *     without random and randomseed (findings must not depend on chance);
 *     utf8. No io, os, debug, package or coroutine;
 *   - chunks are loaded as text only, and the string metatable is locked;
 *   - every rule call gets fresh globals with its own copies of the library
 *     tables, so a rule cannot change what another rule, or the same rule on
 *     the next draft, sees;
 *   - memory is capped by the state's allocator, through which all of it
 *     goes to dci_realloc; instructions are counted by a hook. A rule that
 *     fails or hits a limit leaves one diagnostic finding; a state that ran
 *     out of memory is closed and made anew for the next rule;
 *   - every call into Lua is protected, and the C functions that Lua calls
 *     hold no C memory at any point where they may raise a Lua error.
 * The API that rules see (draft, units, matches, findings, report) is
 * documented in docs/lua-api.md.
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "dci.h"
#include "regex.h"
#include "yaml.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "search.h"
#include "finding.h"
#include "lua.h"

/* ---- memory ------------------------------------------------------------ */

/* The heap of one Lua state: what it holds, what it may hold, and why the
 * last allocation that failed did. */
typedef struct heap {
    size_t used, limit;
    int capped;         /* an allocation was refused because of the limit */
    int oom;            /* dci_realloc failed */
} heap;

static void *heap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    heap *h = ud;
    size_t old = ptr ? osize : 0;      /* without ptr, osize names a type */
    void *p;

    if (nsize == 0) {
        dci_free(ptr);
        h->used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > (h->limit > h->used ? h->limit - h->used : 0)) {
        h->capped = 1;
        return NULL;
    }
    p = dci_realloc(ptr, nsize);
    if (!p) {
        /* Lua takes for granted that shrinking a block never fails */
        if (nsize <= old)
            return ptr;
        h->oom = 1;
        return NULL;
    }
    h->used = h->used - old + nsize;
    return p;
}

/* ---- messages ------------------------------------------------------------ */

/* Lua prefixes its messages with "chunk:line: ". Returns the message after
 * that prefix and sets *line, or returns msg and sets *line to 0. */
static const char *split_position(const char *msg, long *line)
{
    const char *p;

    *line = 0;
    for (p = strchr(msg, ':'); p; p = strchr(p + 1, ':')) {
        const char *q = p + 1;
        long n = 0;
        while (*q >= '0' && *q <= '9' && n < 100000000L)
            n = n * 10 + (*q++ - '0');
        if (q > p + 1 && q[0] == ':' && q[1] == ' ') {
            *line = n;
            return q + 2;
        }
    }
    return msg;
}

/* ---- the load-time check ------------------------------------------------- */

int dci_lua_compile(const char *src, size_t len, const char *chunkname, const char *file,
                    const char *rule_id, digicheck_error *err)
{
    heap h = { 0, (size_t)DIGICHECK_LIMIT_LUA_MEMORY, 0, 0 };
    lua_State *L = lua_newstate(heap_alloc, &h);
    const char *msg;
    long line;
    int rc = DIGICHECK_OK;

    if (!L)
        return dci_error(err, DIGICHECK_ENOMEM, file, 0, 0,
                         "out of memory compiling the Lua code of rule '%s'", rule_id);
    switch (luaL_loadbufferx(L, src, len, chunkname, "t")) {
    case LUA_OK:
        break;
    case LUA_ERRMEM:
        if (h.oom)
            rc = dci_error(err, DIGICHECK_ENOMEM, file, 0, 0,
                           "out of memory compiling the Lua code of rule '%s'", rule_id);
        else
            rc = dci_error(err, DIGICHECK_ELIMIT, file, 0, 0,
                           "the Lua code of rule '%s' needs more than %ld bytes to compile",
                           rule_id, DIGICHECK_LIMIT_LUA_MEMORY);
        break;
    default:
        msg = lua_tostring(L, -1);
        msg = split_position(msg ? msg : "?", &line);
        rc = dci_error(err, DIGICHECK_ESYNTAX, file, line, 0,
                       "Lua syntax error in rule '%s': %s", rule_id, msg);
        break;
    }
    lua_close(L);
    return rc;
}

/* ---- the checker's Lua state ----------------------------------------------- */

#define INSN_STEP   1000        /* instructions between two calls of the hook */
#define TEXT_MAX    4096        /* bytes of a message or suggestion a rule reports */
#define PATTERN_MAX 65536       /* bytes of a pattern */
#define CACHE_SLOTS 512         /* the pattern cache: slots (a power of two) … */
#define CACHE_MAX   256         /* … and patterns before it is emptied */

#define REG_GLOBALS "digicheck.globals"  /* registry: what a rule's globals copy */
#define REG_CHUNKS  "digicheck.chunks"   /* registry: compiled chunks by rule */
#define SPAN_TYPE   "digicheck.span"     /* metatable of units and matches */

/* A compiled pattern, by its source. */
typedef struct cached {
    char  *src;                 /* NULL: a free slot */
    size_t len, hash;
    dci_regex re;
    long learned;               /* its number in the checker's searcher, or -1 */
} cached;

struct dci_lua {
    lua_State *L;
    heap heap;                  /* limit: the memory limit */
    long insn_limit;
    long insn_left;             /* of the call running */
    int  insn_step;
    int  stopped;               /* the call ran out of instructions … */
    char where[160];            /* … here ("lua/x.lua:12") */
    unsigned long serial;       /* of the call running: units and matches carry it */
    dci_run *R;                 /* the check in progress, during a call */
    const dci_rule *rule;       /* the rule running */
    cached *cache;              /* CACHE_SLOTS slots, once a pattern was used */
    size_t ncache;
    cached *recent[16];         /* by the address of the Lua string last asked for */
};

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

static const char *const kind_names[DCI_UNIT_KINDS] = {
    "dokument", "artikel", "paragraph", "anlage", "absatz", "nummer", "buchstabe",
    "doppelbuchstabe", "satz"
};

static dci_lua *self(lua_State *L)
{
    return *(dci_lua **)lua_getextraspace(L);
}

/* The check in progress; a Lua error outside a rule call. */
static dci_run *run_of(lua_State *L)
{
    dci_lua *lua = self(L);

    if (!lua->R)
        luaL_error(L, "the draft is no longer being checked");
    return lua->R;
}

/* ---- patterns ------------------------------------------------------------ */

static void cache_clear(dci_lua *lua)
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
    dci_lua *lua = self(L);
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
    rc = dci_search_text(R, &t, *pos, end, &ms, &me);
    if (rc < 0) {
        PCRE2_UCHAR msg[128];
        pcre2_get_error_message(rc, msg, sizeof msg);
        return luaL_error(L, "pattern '%s' hit a matching limit (%s)", re->src,
                          (const char *)msg);
    }
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

    target(L, &unit, &start, &end);
    if (lua_type(L, 1) == LUA_TUSERDATA && check_span(L, 1)->type != SPAN_UNIT)
        return luaL_argerror(L, 1, "units() works on the draft or a unit");
    if (!lua_isnoneornil(L, 2)) {
        const char *name = luaL_checkstring(L, 2);
        for (kind = 1; kind < DCI_UNIT_KINDS && strcmp(name, kind_names[kind]); kind++)
            ;
        if (kind == DCI_UNIT_KINDS)
            return luaL_error(L, "unknown unit kind '%s' (known: artikel, paragraph, anlage, "
                              "absatz, nummer, buchstabe, doppelbuchstabe, satz)", name);
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

    if (strcmp(key, "kind") == 0)
        lua_pushstring(L, kind_names[un->kind]);
    else if (strcmp(key, "text") == 0)
        push_view(L, un->start, un->end);
    else if (strcmp(key, "path") == 0)
        push_path(L, s->unit);
    else if (strcmp(key, "number") == 0 && un->num[0])
        lua_pushstring(L, un->num);
    else if (strcmp(key, "heading") == 0 && un->head_end > un->head_start)
        push_view(L, un->head_start, un->head_end);
    else if (strcmp(key, "parent") == 0 && un->parent > 0)
        push_unit(L, (size_t)un->parent);
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
    const span *s = check_span(L, 1);
    const char *key;

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
    const span *a = check_span(L, 1), *b = check_span(L, 2);

    lua_pushboolean(L, a->type == b->type && a->unit == b->unit && a->start == b->start &&
                       a->end == b->end);
    return 1;
}

/* A unit shows as its path ("satz" and the like for unnumbered ones), a
 * match as its text. */
static int span_tostring(lua_State *L)
{
    const span *s = check_span(L, 1);

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

    lua_newtable(L);
    for (i = 0; i < R->r->nfindings; i++) {
        const digicheck_finding *f = &R->r->findings[i];
        if (!f->rule || f->kind == DCI_KIND_DIAGNOSTIC || (id && strcmp(id, f->rule->id)))
            continue;
        lua_createtable(L, 0, 8);
        set_string(L, "rule", f->rule->id);
        set_string(L, "kind", dci_kind_name(f->kind));
        set_string(L, "severity", dci_severity_name(f->severity));
        set_string(L, "message", f->message);
        set_string(L, "path", f->path);
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
    copy = dci_arena_strndup(&R->r->arena, s, len);
    lua_pop(L, 1);
    if (!copy) {
        R->oom = 1;
        luaL_error(L, "out of memory");
    }
    return copy;
}

/* One of a list of words (NULL-terminated); its index, or dflt when absent. */
static int report_choice(lua_State *L, const char *key, const char *const *words, int dflt)
{
    const char *s;
    int i;

    raw_field(L, key);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return dflt;
    }
    s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    for (i = 0; words[i]; i++)
        if (strcmp(s, words[i]) == 0) {
            lua_pop(L, 1);
            return i;
        }
    return luaL_error(L, "report{}: '%s' must be one of %s%s%s%s%s", key, words[0],
                      words[1] ? ", " : "", words[1] ? words[1] : "",
                      words[1] && words[2] ? ", " : "", words[1] && words[2] ? words[2] : "");
}

/* report{at = unit or match, message = …, severity = …, suggestion = …,
 * kind = …}: a finding of the running rule. Without `at` it is about the
 * whole draft. */
static int l_report(lua_State *L)
{
    static const char *const keys[] = { "at", "message", "severity", "suggestion", "kind",
                                        NULL };
    static const char *const severities[] = { "info", "warning", "error", NULL };
    static const char *const kinds[] = { "text", "absence", NULL };
    dci_lua *lua = self(L);
    dci_run *R = run_of(L);
    const dci_rule *rule = lua->rule;
    const digicheck_draft *d = R->d;
    const char *message, *suggestion;
    size_t at = 0, ex = 0, ms = d->units[0].start, me = d->units[0].end;
    int kind = DCI_KIND_ABSENCE, severity;

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
    kind = report_choice(L, "kind", kinds, kind);
    severity = report_choice(L, "severity", severities, rule->severity - 1) + 1;
    message = report_text(L, "message");
    suggestion = report_text(L, "suggestion");
    dci_finding_add(R, rule, kind, severity, message ? message : rule->message, suggestion, at,
                    ex, ms, me);
    if (R->oom)
        return luaL_error(L, "out of memory");
    return 0;
}

/* ---- the draft ----------------------------------------------------------- */

/* A node of a draft description as Lua values: mappings as tables by key,
 * lists as arrays, integers and booleans as such, other scalars as strings;
 * null values are left out. The YAML parser bounds depth and size. */
static void push_yaml(lua_State *L, const dci_yaml_node *n)
{
    size_t i;
    lua_Integer j = 0;
    long v;
    int b;

    n = dci_yaml_deref(n);
    luaL_checkstack(L, 3, "the draft's facts nest too deep");
    if (n->kind == DCI_YAML_MAPPING) {
        lua_newtable(L);
        for (i = 0; i < n->npairs; i++) {
            const dci_yaml_node *k = dci_yaml_deref(n->pairs[i].key);
            if (k->kind != DCI_YAML_SCALAR || dci_yaml_is_null(n->pairs[i].value))
                continue;
            push_yaml(L, n->pairs[i].value);
            lua_setfield(L, -2, k->str);
        }
    } else if (n->kind == DCI_YAML_SEQUENCE) {
        lua_newtable(L);
        for (i = 0; i < n->nitems; i++) {
            if (dci_yaml_is_null(n->items[i]))
                continue;
            push_yaml(L, n->items[i]);
            lua_rawseti(L, -2, ++j);
        }
    } else if (dci_yaml_bool(n, &b) == 0) {
        lua_pushboolean(L, b);
    } else if (dci_yaml_int(n, &v) == 0) {
        lua_pushinteger(L, v);
    } else {
        lua_pushlstring(L, n->str, n->len);
    }
}

/* Sets t[key] = value for a value that may be absent. */
static void set_optional(lua_State *L, const char *key, const char *value)
{
    if (value)
        set_string(L, key, value);
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
    if (d->facts && dci_yaml_deref(d->facts)->kind != DCI_YAML_SCALAR)
        push_yaml(L, d->facts);
    else
        lua_newtable(L);
    lua_setfield(L, -2, "facts");
    luaL_setfuncs(L, methods, 0);
}

/* ---- the sandbox --------------------------------------------------------- */

/* setmetatable, but without __gc: a finalizer would run outside the rule
 * call that made it, at the mercy of the garbage collector. */
static int l_setmetatable(lua_State *L)
{
    int t = lua_type(L, 2);

    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not available to rules");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* Fills a new state (in protected mode: it allocates): the template of a
 * rule's globals, the locked string metatable, the metatable of units and
 * matches, and the table of compiled chunks. */
static int setup(lua_State *L)
{
    static const char *const base[] = {
        "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
        "rawlen", "select", "tonumber", "tostring", "type", "xpcall", "_VERSION", NULL
    };
    static const luaL_Reg libs[] = {
        { LUA_STRLIBNAME, luaopen_string }, { LUA_TABLIBNAME, luaopen_table },
        { LUA_MATHLIBNAME, luaopen_math }, { LUA_UTF8LIBNAME, luaopen_utf8 }, { NULL, NULL }
    };
    static const luaL_Reg span_meta[] = {
        { "__index", span_index }, { "__eq", span_eq }, { "__tostring", span_tostring },
        { NULL, NULL }
    };
    const luaL_Reg *lib;
    size_t i;

    lua_newtable(L);                                    /* template */
    luaL_requiref(L, LUA_GNAME, luaopen_base, 0);       /* template, base */
    for (i = 0; base[i]; i++) {
        lua_getfield(L, -1, base[i]);
        lua_setfield(L, -3, base[i]);
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, l_setmetatable);
    lua_setfield(L, -2, "setmetatable");
    for (lib = libs; lib->name; lib++) {
        luaL_requiref(L, lib->name, lib->func, 0);
        lua_setfield(L, -2, lib->name);
    }
    lua_getfield(L, -1, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_MATHLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "random");
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_GLOBALS);

    /* Methods of strings come from the one string table behind the string
     * metatable, which rules must not reach: getmetatable("") is false. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    luaL_newmetatable(L, SPAN_TYPE);
    luaL_setfuncs(L, span_meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_CHUNKS);
    return 0;
}

/* Pushes the globals of one rule call: a copy of the template in which each
 * library table is a copy too. */
static void push_globals(lua_State *L)
{
    lua_newtable(L);                                    /* env */
    lua_getfield(L, LUA_REGISTRYINDEX, REG_GLOBALS);    /* env, template */
    lua_pushnil(L);
    while (lua_next(L, -2)) {                           /* env, template, k, v */
        if (lua_type(L, -1) == LUA_TTABLE) {
            lua_newtable(L);                            /* …, k, lib, copy */
            lua_pushnil(L);
            while (lua_next(L, -3)) {                   /* …, lib, copy, k2, v2 */
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, -4);
            }
            lua_remove(L, -2);                          /* …, k, copy */
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);                              /* env, template, k, k, v */
        lua_rawset(L, -5);
    }
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
}

/* The instruction budget: the hook runs every insn_step instructions. Once
 * the budget is spent it runs at every instruction and raises the error
 * again, so that a rule cannot catch it with pcall and go on. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
    dci_lua *lua = self(L);

    lua->insn_left -= lua->insn_step;
    if (lua->insn_left > 0)
        return;
    if (!lua->stopped) {
        lua->stopped = 1;
        lua->insn_step = 1;
        lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
        lua_getinfo(L, "Sl", ar);
        snprintf(lua->where, sizeof lua->where, "%s:%d", ar->short_src, ar->currentline);
    }
    luaL_error(L, "more than %ld Lua instructions", lua->insn_limit);
}

/* Runs the rule lua->rule (in protected mode): the chunk, with fresh
 * globals, returns the rule function, which is called with the draft and
 * report. Chunks are compiled once per state. */
static int call_rule(lua_State *L)
{
    const dci_rule *rule = self(L)->rule;

    lua_getfield(L, LUA_REGISTRYINDEX, REG_CHUNKS);
    if (lua_rawgetp(L, -1, rule) == LUA_TNIL) {
        lua_pop(L, 1);
        if (luaL_loadbufferx(L, rule->lua_src, rule->lua_len, rule->lua_name, "t") != LUA_OK)
            return lua_error(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, -3, rule);
    }
    push_globals(L);
    if (!lua_setupvalue(L, -2, 1))                      /* the chunk's _ENV */
        lua_pop(L, 1);
    lua_call(L, 0, 1);
    if (lua_type(L, -1) != LUA_TFUNCTION)
        return luaL_error(L, "%s: the script returned %s, not a function(draft, report)",
                          rule->lua_name + 1, luaL_typename(L, -1));
    push_draft(L);
    lua_pushcfunction(L, l_report);
    lua_call(L, 2, 0);
    return 0;
}

static int open_state(dci_lua *lua)
{
    lua_State *L;

    lua->heap.capped = lua->heap.oom = 0;
    L = lua_newstate(heap_alloc, &lua->heap);
    if (!L)
        return LUA_ERRMEM;
    *(dci_lua **)lua_getextraspace(L) = lua;
    lua_pushcfunction(L, setup);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        lua_close(L);
        return LUA_ERRMEM;
    }
    lua->L = L;
    return LUA_OK;
}

static void close_state(dci_lua *lua)
{
    if (lua->L)
        lua_close(lua->L);
    lua->L = NULL;
}

int dci_lua_new(dci_lua **out)
{
    dci_lua *lua = dci_malloc(sizeof *lua);

    *out = NULL;
    if (!lua)
        return DIGICHECK_ENOMEM;
    memset(lua, 0, sizeof *lua);
    lua->heap.limit = (size_t)DIGICHECK_LIMIT_LUA_MEMORY;
    lua->insn_limit = DIGICHECK_LIMIT_LUA_INSTRUCTIONS;
    *out = lua;
    return DIGICHECK_OK;
}

void dci_lua_free(dci_lua *lua)
{
    if (!lua)
        return;
    close_state(lua);
    cache_clear(lua);
    dci_free(lua->cache);
    dci_free(lua);
}

void dci_lua_set_memory(dci_lua *lua, size_t bytes)
{
    lua->heap.limit = bytes;
    if (lua->heap.used > bytes)
        close_state(lua);
}

void dci_lua_set_instructions(dci_lua *lua, long count)
{
    lua->insn_limit = count;
}

/* ---- running a rule --------------------------------------------------------- */

/* Copies a message of Lua's for a diagnostic: valid UTF-8 on one line,
 * cut at a character when long. */
static void clean_text(char *out, size_t cap, const char *in, size_t len)
{
    size_t i = 0, o = 0;

    while (i < len && o + 5 < cap) {
        unsigned char c = (unsigned char)in[i];
        size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n > len - i || dci_utf8_invalid(in + i, n) != n) {
            out[o++] = '?';
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            out[o++] = ' ';
            i++;
        } else {
            memcpy(out + o, in + i, n);
            o += n;
            i += n;
        }
    }
    if (i < len)
        memcpy(out + o, "\xE2\x80\xA6", 3), o += 3;       /* … */
    out[o] = '\0';
}

/* The diagnostic for a rule call that ended with status and error message
 * msg (NULL if the error was no string). */
static void add_diagnostic(dci_lua *lua, dci_run *R, const dci_rule *rule, int status,
                           const char *msg, size_t len, const char *type)
{
    char text[400], buf[700];

    if (lua->stopped) {
        snprintf(buf, sizeof buf, "rule '%s' was stopped at %s: it ran more than %ld Lua "
                 "instructions", rule->id, lua->where, lua->insn_limit);
    } else if (status == LUA_ERRMEM ||
               (lua->heap.capped && msg && strcmp(msg, "not enough memory") == 0)) {
        snprintf(buf, sizeof buf, "rule '%s' was stopped: it needed more than %zu bytes of "
                 "Lua memory", rule->id, lua->heap.limit);
    } else {
        if (msg)
            clean_text(text, sizeof text, msg, len);
        else
            snprintf(text, sizeof text, "(error object is a %s value)", type);
        snprintf(buf, sizeof buf, "rule '%s' failed: %s", rule->id, text);
    }
    dci_finding_diagnostic(R, rule, buf, 0, 0, R->d->units[0].start);
}

void dci_lua_run(dci_lua *lua, dci_run *R, const dci_rule *rule)
{
    size_t before = dci_report_mark(R->r), len = 0;
    const char *msg = NULL, *type = "nil";
    char copy[400];
    int status;

    lua->stopped = 0;
    lua->where[0] = '\0';
    if (!lua->L && (status = open_state(lua)) != LUA_OK) {
        if (lua->heap.oom)
            R->oom = 1;
        else
            add_diagnostic(lua, R, rule, status, NULL, 0, type);
        return;
    }
    lua->serial++;
    lua->R = R;
    lua->rule = rule;
    lua->insn_left = lua->insn_limit;
    lua->insn_step = lua->insn_limit < INSN_STEP ? (int)lua->insn_limit : INSN_STEP;
    lua->heap.capped = lua->heap.oom = 0;
    lua_sethook(lua->L, count_hook, LUA_MASKCOUNT, lua->insn_step);
    lua_pushcfunction(lua->L, call_rule);
    status = lua_pcall(lua->L, 0, 0, 0);
    lua_sethook(lua->L, NULL, 0, 0);
    if (status != LUA_OK && lua_type(lua->L, -1) == LUA_TSTRING) {
        msg = lua_tolstring(lua->L, -1, &len);
        if (len >= sizeof copy)
            len = sizeof copy - 1;
        memcpy(copy, msg, len);
        copy[len] = '\0';
        msg = copy;
    }
    if (status != LUA_OK)
        type = luaL_typename(lua->L, -1);           /* static */
    lua_settop(lua->L, 0);
    lua->R = NULL;
    /* A state that ran out of memory is made anew: nothing of the failed
     * rule lingers, and the next rule gets the whole budget. */
    if (status == LUA_ERRMEM || lua->heap.oom)
        close_state(lua);
    if (lua->heap.oom)
        R->oom = 1;
    if (status == LUA_OK || R->oom)
        return;
    /* a rule that fails reports nothing but the diagnostic */
    if (!R->limit_hit)
        dci_report_rollback(R->r, before);
    add_diagnostic(lua, R, rule, status, msg, len, type);
}
