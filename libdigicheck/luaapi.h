/*
 * luaapi.h -- what a Lua rule sees of the check it runs in (luaapi.c): the
 * draft table, units, matches, the findings so far and report{}.
 */
#ifndef DCI_LUAAPI_H
#define DCI_LUAAPI_H

#include <lua.h>

#include "run.h"
#include "luabudget.h"
#include "luafacts.h"

typedef struct dci_luapattern dci_luapattern;

/* The side of the API in one checker: the rule call running and the
 * patterns rules compiled. Only luaapi.c writes it. */
typedef struct dci_luaapi {
    void *owner;                /* who made it (lua.c: its dci_lua) */
    unsigned long serial;       /* of the call running: units and matches carry it */
    dci_run *R;                 /* the check in progress, during a call */
    const dci_rule *rule;       /* the rule running */
    dci_luapattern *cache;      /* the compiled patterns, once one was used … */
    size_t ncache;
    dci_luapattern *recent[16]; /* … by the address of the Lua string last asked for */
    dci_luabudget budget;       /* what the call running may still spend (lua.c sets it) */
    size_t text_limit;          /* bytes of finding text rules may report per check */
    dci_luafacts facts;         /* the check's draft.facts (luafacts.c writes it) */
} dci_luaapi;

void dci_luaapi_init(dci_luaapi *api, void *owner);
void dci_luaapi_free(dci_luaapi *api);

/* Makes a new state L serve api (in its extra space), and owner() find
 * api->owner. */
void  dci_luaapi_attach(lua_State *L, dci_luaapi *api);
void *dci_luaapi_owner(lua_State *L);
/* The budget of the call running in L (inline, so that luabudget.c, which
 * luaapi.c calls, does not call back). */
static inline dci_luabudget *dci_luaapi_budget(lua_State *L)
{
    return &(*(dci_luaapi **)lua_getextraspace(L))->budget;
}
/* Registers in L what the API needs (the metatables of the draft table,
 * of units and of matches); runs in protected mode, as it allocates. */
void dci_luaapi_setup(lua_State *L);

/* A rule call begins: rule on the check R; the units and matches of the
 * calls before are refused from now on. When it ends, nothing of R is
 * reachable. */
void dci_luaapi_begin(dci_luaapi *api, dci_run *R, const dci_rule *rule);
void dci_luaapi_end(dci_luaapi *api);
/* Pushes the two arguments of the rule function: a fresh draft table and
 * the report function. */
void dci_luaapi_push_args(lua_State *L);

#endif /* DCI_LUAAPI_H */
