/*
 * lua.c -- rules written in Lua 5.4.
 *
 * This module owns the Lua states and what runs in them. (When a rule set
 * is loaded, luacompile.c compiles each rule's chunk once, as text, so
 * that a syntax error is a load error.) When drafts are checked, each
 * checker has one Lua state (made
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
 *     goes to dci_realloc; instructions, time and the work of the C
 *     functions of string, table and utf8 (wrapped so that they charge it)
 *     are bounded per call (luabudget.c). A rule that
 *     fails or hits a limit leaves one diagnostic finding; a state that ran
 *     out of memory is closed and made anew for the next rule;
 *   - every call into Lua is protected, and the C functions that Lua calls
 *     hold no C memory at any point where they may raise a Lua error.
 * The API that rules see (draft, units, matches, findings, report) is
 * luaapi.c's, documented in docs/lua-api.md.
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "dci.h"
#include "regex.h"
#include "ruleset.h"
#include "draft.h"
#include "report.h"
#include "run.h"
#include "finding.h"
#include "luacompile.h"
#include "luafacts.h"
#include "luaapi.h"
#include "lua.h"

/* ---- the checker's Lua state ----------------------------------------------- */

#define REG_GLOBALS "digicheck.globals"  /* registry: what a rule's globals copy */
#define REG_CHUNKS  "digicheck.chunks"   /* registry: compiled chunks by rule */

struct dci_lua {
    lua_State *L;
    dci_luaheap heap;           /* limit: the memory limit */
    dci_luaapi api;             /* what the rule call running sees, and may spend */
};

static dci_lua *self(lua_State *L)
{
    return dci_luaapi_owner(L);
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
    const luaL_Reg *lib;
    size_t i;

    lua_newtable(L);                                    /* template */
    luaL_requiref(L, LUA_GNAME, luaopen_base, 0);       /* template, base */
    for (i = 0; base[i]; i++) {
        lua_getfield(L, -1, base[i]);
        lua_setfield(L, -3, base[i]);
    }
    /* of the base functions only tonumber does work in C: its string */
    lua_createtable(L, 0, 1);                           /* template, base, t */
    lua_getfield(L, -2, "tonumber");
    lua_setfield(L, -2, "tonumber");
    dci_luabudget_wrap(L);
    lua_getfield(L, -1, "tonumber");
    lua_setfield(L, -4, "tonumber");
    lua_pop(L, 2);
    lua_pushcfunction(L, l_setmetatable);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, dci_luafacts_next);            /* walks draft.facts too */
    lua_setfield(L, -2, "next");
    for (lib = libs; lib->name; lib++) {
        luaL_requiref(L, lib->name, lib->func, 0);
        if (lib->func != luaopen_math)  /* math's functions are O(1) */
            dci_luabudget_wrap(L);
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

    /* Methods of strings come from the one bounded string table behind the
     * string metatable, which rules must not reach: getmetatable("") is
     * false. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_GLOBALS);
    lua_getfield(L, -1, LUA_STRLIBNAME);
    lua_setfield(L, -3, "__index");
    lua_pop(L, 1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    dci_luaapi_setup(L);
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

/* Runs the rule lua->rule (in protected mode): the chunk, with fresh
 * globals, returns the rule function, which is called with the draft and
 * report. Chunks are compiled once per state. */
static int call_rule(lua_State *L)
{
    const dci_rule *rule = self(L)->api.rule;

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
    dci_luaapi_push_args(L);
    lua_call(L, 2, 0);
    return 0;
}

static int open_state(dci_lua *lua)
{
    lua_State *L;

    dci_luaheap_clear(&lua->heap);
    lua->heap.held = 0;
    L = lua_newstate(dci_luaheap_alloc, &lua->heap);
    if (!L)
        return LUA_ERRMEM;
    dci_luaapi_attach(L, &lua->api);
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
    dci_luaapi_init(&lua->api, lua);
    dci_luaheap_set_limit(&lua->heap, (size_t)DIGICHECK_LIMIT_LUA_MEMORY);
    lua->api.budget.insn_limit = DIGICHECK_LIMIT_LUA_INSTRUCTIONS;
    lua->api.budget.ms_limit = DIGICHECK_LIMIT_LUA_TIME;
    lua->api.text_limit = (size_t)DIGICHECK_LIMIT_LUA_TEXT;
    *out = lua;
    return DIGICHECK_OK;
}

void dci_lua_free(dci_lua *lua)
{
    if (!lua)
        return;
    close_state(lua);
    dci_luaapi_free(&lua->api);
    dci_free(lua);
}

void dci_lua_set_memory(dci_lua *lua, size_t bytes)
{
    dci_luaheap_set_limit(&lua->heap, bytes);
    if (lua->heap.used > bytes)
        close_state(lua);
}

void dci_lua_set_instructions(dci_lua *lua, long count)
{
    lua->api.budget.insn_limit = count;
}

void dci_lua_set_time(dci_lua *lua, long ms)
{
    lua->api.budget.ms_limit = ms;
}

void dci_lua_set_text(dci_lua *lua, size_t bytes)
{
    lua->api.text_limit = bytes;
}

unsigned long dci_lua_facts_made(const dci_lua *lua)
{
    return lua->api.facts.made;
}

void dci_lua_done(dci_lua *lua)
{
    if (!lua->L)
        return;
    lua_pushcfunction(lua->L, dci_luafacts_drop);
    if (lua_pcall(lua->L, 0, 0, 0) != LUA_OK)
        close_state(lua);
    else
        lua_settop(lua->L, 0);
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
    const dci_luabudget *b = &lua->api.budget;
    char text[400], buf[700], at[170] = "";

    if (b->where[0])
        snprintf(at, sizeof at, " at %s", b->where);
    if (b->stop == DCI_STOP_INSTRUCTIONS) {
        snprintf(buf, sizeof buf, "rule '%s' was stopped%s: it ran more than %ld Lua "
                 "instructions", rule->id, at, b->insn_limit);
    } else if (b->stop == DCI_STOP_TIME) {
        snprintf(buf, sizeof buf, "rule '%s' was stopped%s: it ran longer than %ld ms",
                 rule->id, at, b->ms_limit);
    } else if (b->stop == DCI_STOP_LIMIT) {
        clean_text(text, sizeof text, b->why, strlen(b->why));
        snprintf(buf, sizeof buf, "rule '%s' was stopped%s: %s", rule->id, at, text);
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

    lua->api.budget.stop = DCI_STOP_NONE;
    if (!lua->L && (status = open_state(lua)) != LUA_OK) {
        if (lua->heap.oom)
            R->oom = 1;
        else
            add_diagnostic(lua, R, rule, status, NULL, 0, type);
        return;
    }
    dci_luaapi_begin(&lua->api, R, rule);
    dci_luaheap_clear(&lua->heap);
    dci_luabudget_begin(&lua->api.budget, lua->L);
    lua->heap.L = lua->L;
    lua->heap.poke = dci_luabudget_poke;
    lua_pushcfunction(lua->L, call_rule);
    status = lua_pcall(lua->L, 0, 0, 0);
    lua->heap.poke = NULL;
    dci_luabudget_end(lua->L);
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
    lua_pushcfunction(lua->L, dci_luafacts_end_call);
    lua_pcall(lua->L, 0, 0, 0);                     /* the call's views go */
    lua_settop(lua->L, 0);
    dci_luaapi_end(&lua->api);
    /* A state that ran out of memory is made anew: nothing of the failed
     * rule lingers, and the next rule gets the whole budget. */
    if (status == LUA_ERRMEM || lua->heap.oom)
        close_state(lua);
    if (lua->heap.oom)
        R->oom = 1;
    /* a rule that caught a limit's error still stopped there */
    if ((status == LUA_OK && !lua->api.budget.stop) || R->oom)
        return;
    /* a rule that fails reports nothing but the diagnostic */
    if (!R->limit_hit)
        dci_finding_rollback(R, before);
    add_diagnostic(lua, R, rule, status, msg, len, type);
}
