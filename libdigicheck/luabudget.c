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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>

#include "luaapi.h"
#include "luabudget.h"

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
    (void)ar;
    dci_luabudget_charge(L, dci_luaapi_budget(L)->step);
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

/* string.find, match, gmatch or gsub (upvalue 2: the name) bounded: the
 * original (upvalue 1) runs when its worst case on this subject is at most
 * PATTERN_STEPS steps; gmatch's bound covers the whole iteration. */
static int bounded(lua_State *L)
{
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    size_t n, m;
    const char *s = luaL_checklstring(L, 1, &n);
    const char *p = luaL_checklstring(L, 2, &m);
    double cost;

    dci_luabudget_charge(L, 1 + (long)(n / 16));
    if (strcmp(name, "find") == 0 && (lua_toboolean(L, 4) || !has_specials(p, m)))
        cost = (double)n * (double)m / 32;          /* memchr and memcmp */
    else
        cost = pattern_cost((const unsigned char *)s, n, (const unsigned char *)p,
                            (const unsigned char *)p + m, strcmp(name, "gmatch") != 0);
    if (cost > PATTERN_STEPS)
        return dci_luabudget_exceeded(L, "string.%s: pattern '%.60s' may take more than %.0f "
                                      "steps on a subject of %zu bytes (search units with "
                                      "x:find or x:matches)", name, p, PATTERN_STEPS, n);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

void dci_luabudget_wrap_strings(lua_State *L)
{
    static const char *const names[] = { "find", "match", "gmatch", "gsub", NULL };
    size_t i;

    for (i = 0; names[i]; i++) {
        lua_getfield(L, -1, names[i]);
        lua_pushstring(L, names[i]);
        lua_pushcclosure(L, bounded, 2);
        lua_setfield(L, -2, names[i]);
    }
}
