/*
 * luafacts.h -- draft.facts as Lua rules see it (luafacts.c): the facts of
 * a draft description converted once per check, and a view of them for
 * each rule call that changes nothing another call sees.
 */
#ifndef DCI_LUAFACTS_H
#define DCI_LUAFACTS_H

#include <lua.h>

#include "yaml.h"

/* The registry key of the metatable of views: a table with it is a view
 * of the facts, whose __len gives its length (luabudget.c prices table
 * functions by it). */
#define DCI_LUAFACTS_VIEW "digicheck.facts.view"

/* What a checker knows of the facts of its check. Only luafacts.c writes
 * it. */
typedef struct dci_luafacts {
    unsigned long made;         /* conversions so far (the tests count them) */
} dci_luafacts;

/* Registers in L the metatable of views (in protected mode: it allocates). */
void dci_luafacts_setup(lua_State *L);

/* Pushes draft.facts for the running rule call: a view of facts, which
 * are converted to Lua tables in L's registry if this check has not done
 * so yet (each node charged to the call as an instruction); an empty
 * table without facts. The call's views stay in the registry until
 * dci_luafacts_end_call. Raises Lua errors. */
void dci_luafacts_push(lua_State *L, dci_luafacts *f, const dci_yaml_node *facts);

/* A lua_CFunction, for lua_pcall at the end of each rule call: lets the
 * call's views go, so that they count against no later call. */
int dci_luafacts_end_call(lua_State *L);

/* The sandbox's next: next() that walks a view as pairs() does. */
int dci_luafacts_next(lua_State *L);

/* A lua_CFunction, for lua_pcall at the end of a check: drops the facts
 * converted for it and collects them. */
int dci_luafacts_drop(lua_State *L);

#endif /* DCI_LUAFACTS_H */
