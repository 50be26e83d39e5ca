/*
 * luacompile.h -- the load-time check of Lua rules, and the heap of every
 * Lua state (luacompile.c).
 */
#ifndef DCI_LUACOMPILE_H
#define DCI_LUACOMPILE_H

#include <lua.h>

#include "dci.h"

/* Compiles a rule's chunk as text (never bytecode) to check it. Errors:
 * DIGICHECK_ESYNTAX (Lua's message; the line of the error, file as given),
 * DIGICHECK_ELIMIT (it needs more than DIGICHECK_LIMIT_LUA_MEMORY bytes),
 * DIGICHECK_ENOMEM. */
int dci_lua_compile(const char *src, size_t len, const char *chunkname, const char *file,
                    const char *rule_id, digicheck_error *err);

/* The heap of one Lua state: what it holds, what it may hold, and why the
 * last allocation that failed did. */
typedef struct dci_luaheap {
    size_t used, limit;
    int capped;         /* an allocation was refused because of the limit */
    int oom;            /* dci_realloc failed */
    /* while set, called with L after every DCI_LUAHEAP_POKE bytes the
     * state allocates: work in C that makes memory (a concatenation, a
     * string.rep) is noticed before the next instruction hook */
    void (*poke)(lua_State *L);
    lua_State *L;
    size_t grown;       /* bytes allocated since the last poke */
    size_t held;        /* of used, what the state holds for the whole check, not for the
                         * rule that runs (the converted facts, luafacts.c): outside
                         * the limit, so that a rule's cap is not what an earlier
                         * rule's reading left */
} dci_luaheap;

#define DCI_LUAHEAP_POKE (1u << 20)

/* The limit for what follows (a heap that holds more keeps it: its state
 * is to be closed), and a fresh start of the two flags. */
void dci_luaheap_set_limit(dci_luaheap *h, size_t limit);
void dci_luaheap_clear(dci_luaheap *h);

/* The bytes the heap of state L (one made with dci_luaheap_alloc) holds,
 * and how many of them it holds for the check (dci_luaheap.held). */
size_t dci_luaheap_used(lua_State *L);
void dci_luaheap_hold(lua_State *L, size_t bytes);

/* The lua_Alloc of a state whose ud is its dci_luaheap. */
void *dci_luaheap_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

#endif /* DCI_LUACOMPILE_H */
