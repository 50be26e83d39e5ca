/*
 * luabudget.h -- what one call of a Lua rule may spend (luabudget.c): Lua
 * instructions, time on a monotonic clock, and the work of Lua's own
 * pattern functions; and the stop that sticks once a limit is hit.
 */
#ifndef DCI_LUABUDGET_H
#define DCI_LUABUDGET_H

#include <stdint.h>

#include <lua.h>

/* Why a rule call was stopped. */
enum { DCI_STOP_NONE, DCI_STOP_INSTRUCTIONS, DCI_STOP_TIME, DCI_STOP_LIMIT };

typedef struct dci_luabudget {
    long insn_limit;            /* per call: instructions … */
    long ms_limit;              /* … and milliseconds */
    long left;                  /* instructions left to the call running */
    int64_t deadline;           /* its end, in ns of CLOCK_MONOTONIC */
    int step;                   /* instructions between two calls of the hook */
    int poked;                  /* the hook was made to run early */
    int stop;                   /* DCI_STOP_*: the limit the call ran into */
    char why[240];              /* DCI_STOP_LIMIT: which limit, and how */
    char where[160];            /* where the rule was ("lua/x.lua:12"), or "" */
} dci_luabudget;

/* The budget of L's calls is the one dci_luaapi_budget(L) returns. */

/* A rule call begins in L: the whole budget, the clock started, the hook
 * set. When it ends, the hook is removed; b->stop tells whether a limit
 * was hit, even if the rule caught the error. */
void dci_luabudget_begin(dci_luabudget *b, lua_State *L);
void dci_luabudget_end(lua_State *L);

/* Charges cost instructions' worth of work done in C to the call running.
 * Raises the limit error when instructions or time are spent, and again at
 * every later charge and Lua instruction of the call: pcall cannot swallow
 * it. Every C function that rules call charges on entry. */
void dci_luabudget_charge(lua_State *L, long cost);

/* Work in C that asks the budget as it goes and must put its state back
 * before it is charged (a search: regex.h's dci_regex_poll). */
typedef struct dci_luawork {
    lua_State *L;
    size_t done, asked;         /* bytes of work so far; when the budget was asked */
    size_t every;               /* ask once per this many bytes … */
    size_t per;                 /* … whether done / per instructions would stop the call */
} dci_luawork;

/* The poll of such work (w a dci_luawork): adds bytes to its work; returns
 * nonzero, raising nothing, when charging it would stop the call running
 * (instructions or time), or the call has stopped. */
int dci_luabudget_poll(void *w, size_t bytes);

/* Makes the hook run at L's next instruction, to look at the clock: for
 * work in C that a count of instructions does not see. Safe anywhere,
 * even in the allocator (lua_sethook is). */
void dci_luabudget_poke(lua_State *L);

/* A limit other than instructions and time was hit (a matching limit, a
 * byte budget): records why (printf-style) and raises, for good, as above. */
int dci_luabudget_exceeded(lua_State *L, const char *fmt, ...);

/* Replaces the library table on top of L's stack (string, table or utf8)
 * with a copy whose functions charge their work first: the bytes of their
 * strings, what sort, insert, remove, move and concat go through, and for
 * Lua's pattern functions (find, match, gmatch, gsub) a bound of the
 * pattern's worst case on the subject, refused past a limit. The original
 * table stays as it is (Lua names its functions in errors by it). Runs in
 * protected mode. */
void dci_luabudget_wrap(lua_State *L);

#endif /* DCI_LUABUDGET_H */
