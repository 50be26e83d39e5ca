/*
 * lua.h -- rules written in Lua 5.4: run on a check (lua.c); compiled when
 * a rule set is loaded (luacompile.h).
 */
#ifndef DCI_LUA_H
#define DCI_LUA_H

#include "run.h"
#include "luacompile.h"    /* dci_lua_compile, for the rule set loader */

/* The Lua side of a checker: one sandboxed Lua state, made when a rule
 * first needs it, with its limits and a cache of compiled patterns. */
typedef struct dci_lua dci_lua;

int  dci_lua_new(dci_lua **out);                 /* DIGICHECK_OK or DIGICHECK_ENOMEM */
void dci_lua_free(dci_lua *lua);
/* Limits for the rule calls to come (see digicheck_checker_set_limit). */
void dci_lua_set_memory(dci_lua *lua, size_t bytes);
void dci_lua_set_instructions(dci_lua *lua, long count);
void dci_lua_set_time(dci_lua *lua, long ms);
void dci_lua_set_text(dci_lua *lua, size_t bytes);
/* Runs one lua rule on the check in progress. What the rule reports goes
 * into R->r; a rule that fails or hits a limit leaves one diagnostic
 * finding instead. Sets R->oom when the library's memory runs out. */
void dci_lua_run(dci_lua *lua, dci_run *R, const dci_rule *rule);
/* The check's Lua rules have run: what they shared (the facts converted
 * for them) is dropped. */
void dci_lua_done(dci_lua *lua);
/* How often the facts of a draft were converted for Lua rules (a test's
 * count: once per check that reads them). */
unsigned long dci_lua_facts_made(const dci_lua *lua);

#endif /* DCI_LUA_H */
