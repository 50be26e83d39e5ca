/*
 * luafacts.c -- draft.facts, as Lua rules see it.
 *
 * This module owns the Lua side of a draft description's facts: the Lua
 * tables their YAML becomes, and the views that rule calls get of them.
 * The tables are made once per check, in the registry of the checker's
 * state, when a rule call first reads draft.facts: that call pays for
 * them (each node is charged as an instruction, luabudget.c) and the
 * state's heap holds them (its cap bounds them) until the check ends. A
 * rule never holds them: it gets views, empty tables whose metatable reads
 * through to them (__index, __len, __pairs, and the sandbox's next, which
 * lua.c takes from here). A view of a nested table is made when a rule
 * reaches it, one per table and call, so that a table read twice is the
 * same table. The converted tables are never written: the first write to
 * a view copies its table's entries into the view, which from then on is
 * a plain table of that call. So what a rule changes no other rule sees,
 * as when every call had tables of its own, which made 20 rules reading
 * 900,000 facts convert them 20 times.
 */
#include <lauxlib.h>
#include <lua.h>

#include "dci.h"
#include "yaml.h"
#include "luabudget.h"
#include "luafacts.h"
#include "luacompile.h"

#define REG_FACTS "digicheck.facts"         /* registry: the check's converted facts */
#define REG_VIEWS "digicheck.facts.views"   /* registry: views <-> tables, of one call */
#define REG_VIEW  DCI_LUAFACTS_VIEW         /* registry: the metatable of views */

#define COST_CALL 1                         /* a node converted, a view read */

/* ---- converting -------------------------------------------------------------- */

/* A node of a draft description as Lua values: mappings as tables by key,
 * lists as arrays, integers and booleans as such, other scalars as strings;
 * null values are left out. The YAML parser bounds depth and size; each
 * node is charged as an instruction. */
static void convert(lua_State *L, const dci_yaml_node *n)
{
    size_t i;
    lua_Integer j = 0;
    long v;
    int b;

    dci_luabudget_charge(L, COST_CALL);
    n = dci_yaml_deref(n);
    luaL_checkstack(L, 3, "the draft's facts nest too deep");
    if (n->kind == DCI_YAML_MAPPING) {
        lua_newtable(L);
        for (i = 0; i < n->npairs; i++) {
            const dci_yaml_node *k = dci_yaml_deref(n->pairs[i].key);
            if (k->kind != DCI_YAML_SCALAR || dci_yaml_is_null(n->pairs[i].value))
                continue;
            convert(L, n->pairs[i].value);
            lua_setfield(L, -2, k->str);
        }
    } else if (n->kind == DCI_YAML_SEQUENCE) {
        lua_newtable(L);
        for (i = 0; i < n->nitems; i++) {
            if (dci_yaml_is_null(n->items[i]))
                continue;
            convert(L, n->items[i]);
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

/* ---- views ----------------------------------------------------------------- */

/* Pushes the call's table of views, which maps each table to its view and
 * each view not yet written to its table; returns its index. */
static int push_views(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_VIEWS);
    return lua_gettop(L);
}

/* Replaces a table on top of the stack by its view (views at index v). */
static void to_view(lua_State *L, int v)
{
    if (lua_type(L, -1) != LUA_TTABLE)
        return;
    lua_pushvalue(L, -1);
    if (lua_rawget(L, v) != LUA_TTABLE) {               /* table, nil */
        lua_pop(L, 1);
        lua_newtable(L);                                /* table, view */
        lua_getfield(L, LUA_REGISTRYINDEX, REG_VIEW);
        lua_setmetatable(L, -2);
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_rawset(L, v);
        lua_pushvalue(L, -1);
        lua_pushvalue(L, -3);
        lua_rawset(L, v);
    }
    lua_remove(L, -2);
}

/* Pushes the call's views and the table that the value at idx is a view
 * of, and returns the index of the views; 0, pushing nothing, when it is
 * no view of this call (or one written to). Charges the work to the call. */
static int push_table(lua_State *L, int idx)
{
    int v;

    dci_luabudget_charge(L, COST_CALL);
    v = push_views(L);
    if (lua_type(L, v) == LUA_TTABLE) {
        lua_pushvalue(L, idx);
        if (lua_rawget(L, v) == LUA_TTABLE)
            return v;
    }
    lua_settop(L, v - 1);
    return 0;
}

static int view_index(lua_State *L)
{
    int v = push_table(L, 1);

    if (!v)
        return 0;
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    to_view(L, v);
    return 1;
}

static int view_len(lua_State *L)
{
    lua_Integer n = 0;

    if (push_table(L, 1))
        n = (lua_Integer)lua_rawlen(L, -1);
    lua_pushinteger(L, n);
    return 1;
}

static int view_pairs(lua_State *L)
{
    lua_pushcfunction(L, dci_luafacts_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* The first write to a view: the view gets its table's entries (tables as
 * their views) and loses its metatable; then it is written as any table. */
static int view_newindex(lua_State *L)
{
    int v;

    lua_settop(L, 3);
    if ((v = push_table(L, 1)) != 0) {                 /* t, k, value, views, table */
        lua_pushnil(L);
        while (lua_next(L, v + 1)) {                    /* …, table, key, value */
            dci_luabudget_charge(L, COST_CALL);
            to_view(L, v);
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, 1);
        }
        lua_pushvalue(L, 1);
        lua_pushnil(L);
        lua_rawset(L, v);
    }
    lua_pushnil(L);
    lua_setmetatable(L, 1);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 0;
}

void dci_luafacts_setup(lua_State *L)
{
    static const luaL_Reg meta[] = {
        { "__index", view_index }, { "__newindex", view_newindex }, { "__len", view_len },
        { "__pairs", view_pairs }, { NULL, NULL }
    };

    /* no __name: a view prints and fails as a table does */
    lua_newtable(L);
    luaL_setfuncs(L, meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setfield(L, LUA_REGISTRYINDEX, REG_VIEW);
}

int dci_luafacts_next(lua_State *L)
{
    int v;

    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_getmetatable(L, 1) && lua_getfield(L, LUA_REGISTRYINDEX, REG_VIEW) &&
        lua_rawequal(L, -1, -2)) {
        lua_settop(L, 2);
        if ((v = push_table(L, 1)) != 0) {              /* t, key, views, table */
            lua_pushvalue(L, 2);
            if (!lua_next(L, v + 1)) {
                lua_pushnil(L);
                return 1;
            }
            to_view(L, v);
            return 2;
        }
    }
    lua_settop(L, 2);
    if (lua_next(L, 1))
        return 2;
    lua_pushnil(L);
    return 1;
}

void dci_luafacts_push(lua_State *L, dci_luafacts *f, const dci_yaml_node *facts)
{
    int v;

    if (!facts || dci_yaml_deref(facts)->kind == DCI_YAML_SCALAR) {
        lua_newtable(L);
        return;
    }
    v = push_views(L);
    if (lua_type(L, v) != LUA_TTABLE) {     /* the call's first read */
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, REG_VIEWS);
    }
    if (lua_getfield(L, LUA_REGISTRYINDEX, REG_FACTS) != LUA_TTABLE) {
        size_t before, after;
        lua_pop(L, 1);
        /* the rule's garbage goes first, so that what the heap grows by
         * is the tables of the facts */
        lua_gc(L, LUA_GCCOLLECT);
        before = dci_luaheap_used(L);
        convert(L, facts);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, REG_FACTS);
        /* the call that converts pays within its cap; the rules after it
         * do not: the tables are the check's */
        after = dci_luaheap_used(L);
        dci_luaheap_hold(L, after > before ? after - before : 0);
        f->made++;
    }
    to_view(L, v);
    lua_remove(L, v);
}

int dci_luafacts_end_call(lua_State *L)
{
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_VIEWS);
    return 0;
}

int dci_luafacts_drop(lua_State *L)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, REG_FACTS) == LUA_TNIL)
        return 0;
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_FACTS);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_VIEWS);
    lua_settop(L, 0);
    lua_gc(L, LUA_GCCOLLECT);
    dci_luaheap_hold(L, 0);
    return 0;
}
