/*
 * luabudget.c -- what one call of a Lua rule may spend.
 *
 * Lua's hook counts VM instructions only: work done in C (the API's
 * searches, the findings so far, Lua's own pattern functions) would be
 * free. So a rule call has three bounds:
 *   - instructions: the hook runs every `step` of them and charges them;
 *     the C functions of the API charge their work in the same currency;
 *   - time: a deadline on the monotonic clock, checked at every hook and
 *     every charge, so that a loop of calls into C stops as well;
 *   - the work of one call of string.find, match, gmatch or gsub: Lua's
 *     matcher backtracks in C without a hook, so before it runs, its worst
 *     case on the subject is bounded from the pattern (pattern_cost), and
 *     a call that could take more than PATTERN_STEPS steps is refused.
 * Once a limit is hit the call is stopped for good: the hook then runs at
 * every instruction, and every charge raises the error again, so a rule
 * cannot catch it with pcall and go on.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>

#include "luaapi.h"
#include "luabudget.h"
#include "luafacts.h"

#define STEP          1000      /* instructions between two calls of the hook */
#define MS_MAX        1000000000000L      /* a longer time limit counts as this */
/* Steps Lua's matcher may take in one call at worst; one step is some
 * 1 to 10 ns (measured: 10^8 backtracking steps in about 0.9 s). */
#define PATTERN_STEPS 1e8

/* ---- instructions and time --------------------------------------------------- */

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Where the rule is: the innermost Lua function on the stack. */
static void locate(lua_State *L, dci_luabudget *b)
{
    lua_Debug ar;
    int level;

    b->where[0] = '\0';
    for (level = 0; lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(b->where, sizeof b->where, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
}

static void hook(lua_State *L, lua_Debug *ar)
{
    dci_luabudget *b = dci_luaapi_budget(L);

    (void)ar;
    dci_luabudget_charge(L, b->step);
    if (b->poked) {
        b->poked = 0;
        lua_sethook(L, hook, LUA_MASKCOUNT, b->step);
    }
}

void dci_luabudget_poke(lua_State *L)
{
    dci_luaapi_budget(L)->poked = 1;
    lua_sethook(L, hook, LUA_MASKCOUNT, 1);
}

/* Raises the error of the limit hit, and makes the hook run at every
 * instruction from now on, so that the error comes back after a pcall. */
static int raise(lua_State *L, const dci_luabudget *b)
{
    lua_sethook(L, hook, LUA_MASKCOUNT, 1);
    if (b->stop == DCI_STOP_INSTRUCTIONS)
        return luaL_error(L, "more than %ld Lua instructions", b->insn_limit);
    if (b->stop == DCI_STOP_TIME)
        return luaL_error(L, "more than %ld ms", b->ms_limit);
    return luaL_error(L, "%s", b->why);
}

void dci_luabudget_begin(dci_luabudget *b, lua_State *L)
{
    long ms = b->ms_limit < MS_MAX ? b->ms_limit : MS_MAX;

    b->left = b->insn_limit;
    b->step = b->insn_limit < STEP ? (int)b->insn_limit : STEP;
    b->deadline = now_ns() + (int64_t)ms * 1000000;
    b->stop = DCI_STOP_NONE;
    b->poked = 0;
    b->why[0] = b->where[0] = '\0';
    lua_sethook(L, hook, LUA_MASKCOUNT, b->step);
}

void dci_luabudget_end(lua_State *L)
{
    lua_sethook(L, NULL, 0, 0);
}

void dci_luabudget_charge(lua_State *L, long cost)
{
    dci_luabudget *b = dci_luaapi_budget(L);

    if (b->stop)
        raise(L, b);
    b->left -= cost;
    if (b->left <= 0)
        b->stop = DCI_STOP_INSTRUCTIONS;
    else if (now_ns() >= b->deadline)
        b->stop = DCI_STOP_TIME;
    else
        return;
    locate(L, b);
    raise(L, b);
}

int dci_luabudget_poll(void *work, size_t bytes)
{
    dci_luawork *w = work;
    const dci_luabudget *b;

    w->done += bytes;
    if (w->done - w->asked < w->every)
        return 0;               /* a search near many hits polls after each, a few bytes */
    w->asked = w->done;
    b = dci_luaapi_budget(w->L);
    return b->stop || b->left - (long)(w->done / w->per) <= 0 || now_ns() >= b->deadline;
}

int dci_luabudget_exceeded(lua_State *L, const char *fmt, ...)
{
    dci_luabudget *b = dci_luaapi_budget(L);
    va_list ap;

    if (!b->stop) {
        va_start(ap, fmt);
        vsnprintf(b->why, sizeof b->why, fmt, ap);
        va_end(ap);
        b->stop = DCI_STOP_LIMIT;
        locate(L, b);
    }
    return raise(L, b);
}

/* ---- Lua's own patterns -------------------------------------------------------------- */

/* Does character c belong to class %cl? The classes of Lua's matcher, with
 * the same <ctype.h> functions; another cl stands for itself. */
static int class_has(int cl, int c)
{
    int r;

    switch (tolower(cl)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    default: return cl == c;
    }
    return isupper(cl) ? !r : r != 0;
}

/* Does c belong to the set [p, close), p at its '[' and close at its ']'? */
static int set_has(const unsigned char *p, const unsigned char *close, int c)
{
    int in = 1;

    if (*++p == '^') {
        in = 0;
        p++;
    }
    for (; p < close; p++) {
        if (*p == '%' && p + 1 < close) {
            if (class_has(*++p, c))
                return in;
        } else if (p + 2 < close && p[1] == '-') {
            if (p[0] <= c && c <= p[2])
                return in;
            p += 2;
        } else if (*p == c) {
            return in;
        }
    }
    return !in;
}

/* The end of the single-character class at p ('.', %x, [set] or a
 * character); NULL when the pattern is malformed there (Lua says how). */
static const unsigned char *class_end(const unsigned char *p, const unsigned char *pe)
{
    if (*p == '%')
        return p + 1 < pe ? p + 2 : NULL;
    if (*p != '[')
        return p + 1;
    if (++p < pe && *p == '^')
        p++;
    for (;;) {                      /* the first character is in the set even if ']' */
        if (p >= pe)
            return NULL;
        if (*p++ == '%' && p < pe)
            p++;
        if (p < pe && *p == ']')
            return p + 1;
    }
}

/* The longest run of characters of class [p, ep) in s. */
static size_t longest_run(const unsigned char *s, size_t n, const unsigned char *p,
                          const unsigned char *ep)
{
    size_t i, run = 0, best = 0;

    if (*p == '.')
        return n;
    for (i = 0; i < n; i++) {
        int in = *p == '%' ? class_has(p[1], s[i])
                 : *p == '[' ? set_has(p, ep - 1, s[i]) : *p == s[i];
        run = in ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

/* Is [p, pe) nothing but closing captures? */
static int only_closing(const unsigned char *p, const unsigned char *pe)
{
    while (p < pe && *p == ')')
        p++;
    return p == pe;
}

/* An upper bound of the steps of Lua's matcher for pattern [p, pe) on s
 * (n bytes), tried at every start, or at the first only when anchored
 * allows a leading '^'. The matcher backtracks over quantified
 * single-character items only: c*, c+ and c- try at most r + 1 lengths,
 * r being the longest run of class c in s, and c? two. So there are at
 * most starts x the product of these paths, each of at most 4 steps per
 * pattern byte, plus the runs that greedy items count, plus n for each %b
 * and back reference. An item at the end never backtracks. Scanning s for
 * the runs is counted too, before it is done; the result is only good for
 * comparing with PATTERN_STEPS. */
static double pattern_cost(const unsigned char *s, size_t n, const unsigned char *p,
                           const unsigned char *pe, int anchored)
{
    double paths = (double)n + 1, per_path = 4.0 * (double)(pe - p), scan = 0;

    if (anchored && p < pe && *p == '^') {
        paths = 1;
        p++;
    }
    while (p < pe && paths * per_path + scan <= PATTERN_STEPS) {
        const unsigned char *ep;
        int q, last;
        size_t r = 0;

        if (*p == '(' || *p == ')' || (*p == '$' && p + 1 == pe)) {
            p++;
            continue;
        }
        if (*p == '%' && p + 1 < pe && (p[1] == 'b' || isdigit(p[1]))) {
            per_path += (double)n;
            p += p[1] == 'b' && pe - p >= 4 ? 4 : 2;
            continue;
        }
        if (*p == '%' && p + 1 < pe && p[1] == 'f')
            p += 2;
        if (p >= pe || !(ep = class_end(p, pe)))
            break;                  /* malformed: the matcher stops there */
        q = ep < pe ? *ep : 0;
        if (q != '*' && q != '+' && q != '-' && q != '?') {
            p = ep;
            continue;
        }
        last = only_closing(ep + 1, pe);
        if (q == '*' || q == '+' || (q == '-' && !last)) {
            scan += (double)n * (double)(ep - p);
            if (scan > PATTERN_STEPS)
                break;
            r = longest_run(s, n, p, ep);
        }
        if (!last)
            paths *= q == '?' ? 2.0 : (double)r + 1;
        if (q == '*' || q == '+')
            per_path += (double)r;
        p = ep + 1;
    }
    return paths * per_path + scan;
}

/* Does Lua's find see a pattern in [p, p + m)? (Else it compares bytes.) */
static int has_specials(const char *p, size_t m)
{
    size_t i;

    for (i = 0; i < m; i++)
        if (p[i] && strchr("^$*+?.([%-", p[i]))
            return 1;
    return 0;
}

/* The work of the library functions that may do more than their strings
 * show (see bounded). */
enum { WORK_BYTES, WORK_PATTERN, WORK_REP, WORK_SORT, WORK_SHIFT };

static const struct {
    const char *name;
    int work;
} works[] = {
    { "find", WORK_PATTERN }, { "match", WORK_PATTERN }, { "gmatch", WORK_PATTERN },
    { "gsub", WORK_PATTERN }, { "rep", WORK_REP }, { "sort", WORK_SORT },
    { "insert", WORK_SHIFT }, { "remove", WORK_SHIFT }, { "move", WORK_SHIFT },
    { "concat", WORK_SHIFT }, { NULL, WORK_BYTES }
};

/* string.find, match, gmatch or gsub: refused when the worst case of the
 * pattern on this subject is more than PATTERN_STEPS steps; gmatch's bound
 * covers the whole iteration. */
static void bound_pattern(lua_State *L, const char *name)
{
    size_t n, m;
    const char *s = luaL_checklstring(L, 1, &n);
    const char *p = luaL_checklstring(L, 2, &m);
    double cost;

    if (strcmp(name, "find") == 0 && (lua_toboolean(L, 4) || !has_specials(p, m)))
        cost = (double)n * (double)m / 32;          /* memchr and memcmp */
    else
        cost = pattern_cost((const unsigned char *)s, n, (const unsigned char *)p,
                            (const unsigned char *)p + m, strcmp(name, "gmatch") != 0);
    if (cost > PATTERN_STEPS)
        dci_luabudget_exceeded(L, "string.%s: pattern '%.60s' may take more than %.0f "
                               "steps on a subject of %zu bytes (search units with x:find "
                               "or x:matches)", name, p, PATTERN_STEPS, n);
}

/* The length of table argument 1, raw: a metamethod of the rule's would run
 * its code here. A view of the draft's facts (luafacts.c) is empty but for
 * its metatable, whose __len (C, ours) gives the length of what it shows. */
static double table_length(lua_State *L)
{
    double n;

    if (lua_type(L, 1) != LUA_TTABLE)
        return 0;
    n = (double)lua_rawlen(L, 1);
    if (n == 0 && lua_getmetatable(L, 1)) {
        lua_getfield(L, LUA_REGISTRYINDEX, DCI_LUAFACTS_VIEW);
        if (lua_rawequal(L, -1, -2)) {
            lua_len(L, 1);
            n = (double)lua_tointeger(L, -1);
            lua_pop(L, 1);
        }
        lua_pop(L, 2);
    }
    return n;
}

/* What a call of a table function costs beyond its arguments: sort n log n
 * comparisons, and what insert, remove and move shift and concat joins
 * (table.insert(t, v) and table.remove(t) shift nothing). */
static double table_work(lua_State *L, const char *name)
{
    double n = table_length(L), d;
    int bits = 0;

    if (strcmp(name, "sort") == 0) {
        for (d = n; d > 1; d /= 2)
            bits++;
        return n * bits;
    }
    if (strcmp(name, "move") == 0)
        d = (double)lua_tointeger(L, 3) - (double)lua_tointeger(L, 2);
    else if (strcmp(name, "insert") == 0)
        d = lua_gettop(L) == 3 ? n : 0;
    else if (strcmp(name, "remove") == 0)
        d = lua_gettop(L) >= 2 ? n - (double)lua_tointeger(L, 2) : 0;
    else
        d = n;
    return d > 0 ? d : 0;
}

/* string.rep(s, n, sep) with s and sep empty: "", at once (Lua would loop
 * n times, 10^15 if asked). 1 if it was so. */
static int rep_of_nothing(lua_State *L)
{
    size_t l, lsep;

    luaL_checklstring(L, 1, &l);
    if (luaL_checkinteger(L, 2) <= 0 || l || (luaL_optlstring(L, 3, "", &lsep), lsep))
        return 0;
    lua_pushliteral(L, "");
    return 1;
}

/* Called from C, the original cannot say where in the rule it was called:
 * its error message (on top) gets "file:line: " of the caller, unless it
 * has a place in the same file already (an error of Lua code it called). */
static void add_where(lua_State *L)
{
    const char *where, *colon;

    luaL_where(L, 1);
    where = lua_tostring(L, -1);
    colon = strchr(where, ':');
    if (!colon || strncmp(lua_tostring(L, -2), where, (size_t)(colon - where) + 1) == 0) {
        lua_pop(L, 1);
        return;
    }
    lua_insert(L, -2);
    lua_concat(L, 2);
}

/* A function of string, table or utf8 (upvalue 1) with its work bounded
 * (upvalue 2: its name; 3: WORK_*): every call charges one instruction per
 * 16 bytes of its string arguments and the work of its kind, and so checks
 * the deadline too; Lua's pattern functions are bounded before they run. */
static int bounded(lua_State *L)
{
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    int work = (int)lua_tointeger(L, lua_upvalueindex(3)), i, top = lua_gettop(L), status;
    double cost = 1;

    for (i = 1; i <= top; i++)
        if (lua_type(L, i) == LUA_TSTRING)
            cost += (double)lua_rawlen(L, i) / 16;
    if (work == WORK_SORT || work == WORK_SHIFT)
        cost += table_work(L, name);
    dci_luabudget_charge(L, cost < (double)LONG_MAX ? (long)cost : LONG_MAX);
    if (work == WORK_PATTERN)
        bound_pattern(L, name);
    if (work == WORK_REP && rep_of_nothing(L))
        return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    status = lua_pcall(L, top, LUA_MULTRET, 0);
    if (status == LUA_OK)
        return lua_gettop(L);
    if (status == LUA_ERRRUN && lua_type(L, -1) == LUA_TSTRING)
        add_where(L);
    return lua_error(L);
}

void dci_luabudget_wrap(lua_State *L)
{
    int t = lua_gettop(L), k;

    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {                    /* …, copy, name, value */
        if (lua_tocfunction(L, -1) && lua_type(L, -2) == LUA_TSTRING) {
            const char *name = lua_tostring(L, -2);
            for (k = 0; works[k].name && strcmp(works[k].name, name) != 0; k++)
                ;
            lua_pushvalue(L, -2);
            lua_pushinteger(L, works[k].work);
            lua_pushcclosure(L, bounded, 3);
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, t + 1);
    }
    lua_replace(L, t);
}
