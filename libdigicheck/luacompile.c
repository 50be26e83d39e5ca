/*
 * luacompile.c -- the load-time check of Lua rules, and the heap of every
 * Lua state.
 *
 * When a rule set is loaded, each Lua rule's chunk is compiled once, as
 * text (never bytecode), in a state of its own, so that a syntax error is
 * a load error with the line Lua names. Every Lua state of the library,
 * this one and the checkers' (lua.c), allocates through dci_luaheap_alloc:
 * all of it goes to dci_realloc, capped at a limit, and the heap says
 * whether a refusal was the cap or the library's memory; during a rule
 * call it pokes the call's budget (luabudget.c) every megabyte.
 */
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "dci.h"
#include "luacompile.h"

/* ---- memory ------------------------------------------------------------ */

void dci_luaheap_set_limit(dci_luaheap *h, size_t limit)
{
    h->limit = limit;
}

void dci_luaheap_clear(dci_luaheap *h)
{
    h->capped = h->oom = 0;
}

static dci_luaheap *heap_of(lua_State *L)
{
    void *ud;

    lua_getallocf(L, &ud);
    return ud;
}

size_t dci_luaheap_used(lua_State *L)
{
    return heap_of(L)->used;
}

void dci_luaheap_hold(lua_State *L, size_t bytes)
{
    heap_of(L)->held = bytes;
}

void *dci_luaheap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    dci_luaheap *h = ud;
    size_t old = ptr ? osize : 0;      /* without ptr, osize names a type */
    void *p;

    if (nsize == 0) {
        dci_free(ptr);
        h->used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > (h->limit + h->held > h->used ?
                                      h->limit + h->held - h->used : 0)) {
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
    if (nsize > old && h->poke && (h->grown += nsize - old) >= DCI_LUAHEAP_POKE) {
        h->grown = 0;
        h->poke(h->L);
    }
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
    dci_luaheap h = { 0, (size_t)DIGICHECK_LIMIT_LUA_MEMORY, 0, 0, NULL, NULL, 0, 0 };
    lua_State *L = lua_newstate(dci_luaheap_alloc, &h);
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

