/*
 * regex.c -- compiling rule patterns with PCRE2.
 *
 * Patterns are UTF-8, use Unicode properties for \w, \b and \d (PCRE2_UCP)
 * and fold case the Unicode way by default, so "SCHRIFTLICH", "Schriftlich"
 * and "schriftlich", "ÄNDERUNG" and "änderung" all match. JIT compilation is
 * tried and silently skipped where the platform has none.
 *
 * PCRE2 folds case one character at a time, so "ß" never matches the "SS"
 * that upper-case German writes for it ("PFLICHTGEMÄSSEM"). A caseless
 * pattern is therefore rewritten before it is compiled: every ß or ẞ written
 * as a literal outside a character class and outside a lookbehind (which
 * must keep a fixed length) becomes "(?:ß|ss)". Error offsets are mapped
 * back to the pattern as written.
 *
 * A pattern holding a control character (but tab and line feed) is refused:
 * it is an escape the rule file's string syntax took ("\b" in a
 * double-quoted YAML string is a backspace), and the rule would never match.
 *
 * JIT compilation waits for a pattern's first match: it is the most of a
 * rule set's load, and a draft wakes only some of the patterns. The JIT
 * code goes into a copy of the compiled pattern, published to the other
 * threads with an atomic pointer, so that no thread matches with code that
 * another is compiling.
 *
 * A rule's long alternation is also split branch by branch, each branch
 * compiled at its first match, so that the searcher can run only the
 * branches with a literal near a hit (see "a long alternation, branch by
 * branch" below).
 *
 * The module also owns the state of matching (dci_matcher): the rules of
 * the checker and the Lua rules' searches use the same limits and buffers.
 */
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "regex.h"

#define SHARP_S_GROUP "(?:\xC3\x9F|ss)"
#define SHARP_S_GROW (sizeof SHARP_S_GROUP - 1)

/* The byte length of a literal sharp s at p (ß U+00DF or ẞ U+1E9E), or 0. */
static size_t sharp_s_at(const char *p)
{
    if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x9F)
        return 2;
    if ((unsigned char)p[0] == 0xE1 && (unsigned char)p[1] == 0xBA &&
        (unsigned char)p[2] == 0x9E)
        return 3;
    return 0;
}

/* Rewrites the sharp s of src as described above into *out (NULL when there
 * is nothing to rewrite). A small scanner of PCRE2 syntax: it knows escapes,
 * \Q…\E, character classes and groups, enough to leave all of them intact.
 * Returns 0 or DIGICHECK_ENOMEM. */
static int expand_sharp_s(const char *src, char **out)
{
    size_t n = strlen(src), i = 0, o = 0, count = 0, depth = 0;
    size_t behind = 0;           /* depth of the innermost open lookbehind; 0: none */
    int in_class = 0, quoted = 0;
    char *dst;

    for (i = 0; i < n; i++)
        count += sharp_s_at(src + i) != 0;
    *out = NULL;
    if (!count)
        return 0;
    dst = dci_malloc(n + count * SHARP_S_GROW + 1);
    if (!dst)
        return DIGICHECK_ENOMEM;
    for (i = 0; i < n;) {
        size_t k = sharp_s_at(src + i);
        if (quoted) {
            if (src[i] == '\\' && src[i + 1] == 'E')
                quoted = 0;
        } else if (src[i] == '\\' && i + 1 < n) {
            quoted = src[i + 1] == 'Q';
            dst[o++] = src[i++];            /* the escaped character follows */
        } else if (in_class) {
            if (src[i] == '[' && src[i + 1] == ':') {
                const char *end = strstr(src + i + 2, ":]");
                if (end) {                  /* a POSIX class [:alpha:] */
                    size_t m = (size_t)(end + 2 - (src + i));
                    memcpy(dst + o, src + i, m);
                    o += m;
                    i += m;
                    continue;
                }
            }
            in_class = src[i] != ']';
        } else if (src[i] == '[') {
            in_class = 1;
            dst[o++] = src[i++];
            if (src[i] == '^')
                dst[o++] = src[i++];
            if (src[i] == ']')              /* a leading ] is a member */
                dst[o++] = src[i++];
            continue;
        } else if (src[i] == '(') {
            depth++;
            if (!behind && (strncmp(src + i, "(?<=", 4) == 0 || strncmp(src + i, "(?<!", 4) == 0))
                behind = depth;
        } else if (src[i] == ')' && depth > 0) {
            if (behind == depth)
                behind = 0;
            depth--;
        } else if (k && !behind) {
            memcpy(dst + o, SHARP_S_GROUP, SHARP_S_GROW);
            o += SHARP_S_GROW;
            i += k;
            continue;
        }
        dst[o++] = src[i++];
    }
    dst[o] = '\0';
    *out = dst;
    return 0;
}

/* The offset in src of offset off of its rewriting exp. */
static size_t original_offset(const char *src, const char *exp, size_t off)
{
    size_t i = 0, e = 0;

    while (e < off && src[i]) {
        size_t k = sharp_s_at(src + i);
        if (k && strncmp(exp + e, SHARP_S_GROUP, SHARP_S_GROW) == 0) {
            if (off < e + SHARP_S_GROW)
                return i;
            e += SHARP_S_GROW;
            i += k;
        } else {
            e++;
            i++;
        }
    }
    return i;
}

/* The first control character of src that no pattern means: any C0
 * control but tab and line feed, and DEL. Such a character is almost
 * always an escape that the rule file's string syntax took before PCRE2
 * saw it ("\b" in a double-quoted YAML string is a backspace, not a word
 * boundary), and the rule would then silently never match. Returns its
 * offset, or (size_t)-1. */
static size_t meaningless_control(const char *src)
{
    size_t i;

    for (i = 0; src[i]; i++) {
        unsigned char c = (unsigned char)src[i];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            return i;
    }
    return (size_t)-1;
}

/* The letter of the escape that writes control character c, or 0. */
static char escape_letter(unsigned char c)
{
    switch (c) {
    case '\a': return 'a';
    case '\b': return 'b';
    case '\f': return 'f';
    case '\v': return 'v';
    case '\r': return 'r';
    case 0x1B: return 'e';
    default:   return 0;
    }
}

/* src as it was meant, each control character written as the escape that
 * made it ("\b" for a backspace), truncated to fit out. */
static void as_meant(char *out, size_t cap, const char *src)
{
    size_t o = 0;

    for (; *src && o + 5 < cap; src++) {
        unsigned char c = (unsigned char)*src;
        if ((c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n')
            out[o++] = *src;
        else if (escape_letter(c))
            o += (size_t)snprintf(out + o, cap - o, "\\%c", escape_letter(c));
        else
            o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
    }
    out[o] = '\0';
}

static int control_error(const char *src, size_t at, const char *file, long line, long column,
                         const char *rule_id, digicheck_error *err)
{
    /* a pattern without a place in a rule file comes from a Lua string */
    const char *how = line ? "in a double-quoted YAML string \"\\b\" is a backspace: write the "
                             "pattern in single quotes"
                           : "in a Lua string \"\\b\" is a backspace: write the pattern as a "
                             "long string [[...]]";
    char meant[160];

    as_meant(meant, sizeof meant, src);
    return dci_error(err, DIGICHECK_EREGEX, file, line, column,
                     "pattern of rule '%s' holds the control character U+%04X at offset %zu; "
                     "%s: '%s'", rule_id, (unsigned)(unsigned char)src[at], at, how, meant);
}

/* Must a search of the pattern be one call? An anchored pattern tries one
 * start anyway, and \G asserts the start of the call, which windows move. */
static int one_call(const pcre2_code *code, const char *src)
{
    uint32_t options = 0;

    pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &options);
    return (options & PCRE2_ANCHORED) || strstr(src, "\\G");
}

/* Which ends of the subject the pattern asserts, as DCI_RE_STARTS and
 * DCI_RE_ENDS: ^, \A or \G (also in a lookbehind, also with (?m)) for its
 * start, $, \z or \Z for its end, each outside a character class.
 * Escapes (\p{^…} and \c^ with theirs), \Q…\E, classes, (?#…) comments
 * and the "(?^" that resets options are passed over; `#` comments of (?x)
 * and (*VERB:…) names are not, and no rule uses them; a pattern this reader misjudges as anchored
 * gets its unit as the subject, which changes only what its lookarounds
 * see beyond the unit. */
static int anchors_of(const char *p)
{
    int in_class = 0, flags = 0;

    for (; *p; p++) {
        if (p[0] == '\\' && p[1] == 'Q') {
            if (!(p = strstr(p + 2, "\\E")))
                break;
            p++;
        } else if (p[0] == '\\' && (p[1] == 'p' || p[1] == 'P') && p[2] == '{') {
            if (!(p = strchr(p, '}')))              /* \p{^Lu}: a property, no anchor */
                break;
        } else if (p[0] == '\\' && p[1] == 'c' && p[2]) {
            p += 2;                                 /* \c^: a control character */
        } else if (p[0] == '\\' && p[1]) {
            if (!in_class && (p[1] == 'z' || p[1] == 'Z'))
                flags |= DCI_RE_ENDS;
            else if (!in_class && (p[1] == 'A' || p[1] == 'G'))
                flags |= DCI_RE_STARTS;
            p++;
        } else if (in_class) {
            if (p[0] == '[' && p[1] == ':' && strstr(p + 2, ":]"))
                p = strstr(p + 2, ":]") + 1;        /* [:alpha:] */
            else if (p[0] == ']')
                in_class = 0;
        } else if (p[0] == '[') {
            in_class = 1;
            p += p[1] == '^';
            p += p[1] == ']';                       /* a ']' first is literal */
        } else if (p[0] == '(' && p[1] == '?' && p[2] == '#') {
            if (!(p = strchr(p, ')')))
                break;
        } else if (p[0] == '(' && p[1] == '?' && p[2] == '^') {
            p += 2;                                 /* (?^i:…): options, no anchor */
        } else if (p[0] == '$') {
            flags |= DCI_RE_ENDS;
        } else if (p[0] == '^') {
            flags |= DCI_RE_STARTS;
        }
    }
    return flags;
}

/* re as a pattern of source src, flags and place, not compiled, without a
 * plan (prefilter.h) yet. */
static void regex_init(dci_regex *re, const char *src, int flags, long line, long column)
{
    re->src = src;
    re->flags = flags & ~DCI_RE_BRANCHES;
    re->branch = NULL;
    re->nbranch = 0;
    re->own_src = NULL;
    re->exp = NULL;
    re->lits = NULL;
    re->twin = -1;
    re->slot = -1;
    re->reach.fixed = DCI_REACH_NONE;
    re->reach.ws = re->reach.word = re->reach.chars = 0;
    re->slot2 = -1;
    re->reach2 = re->reach;
    re->line = line;
    re->column = column;
    re->code = NULL;
    re->jit = NULL;
}

/* ---- a long alternation, branch by branch -------------------------------- */

/* A rule pattern "A|B|C|…" matches what its branches "A", "B", … match,
 * and a branch "\\b(?:A|B|…)rest" or "(?:(?:A|B|…)x)rest" what
 * "\\b(?:A)rest", "\\b(?:B)rest", … match: at each start PCRE2 tries the
 * branches in order, so the first match of the whole is the leftmost of
 * the branches' first matches, on a tie the earlier branch's. search.c
 * uses that to run only the branches with a literal near a hit. Only what
 * this reader fully knows is split: no capture groups, \\Q, option
 * settings that reach into the next branch ("(?i)"), comments, verbs,
 * recursion or conditions, no group that repeats. The branches are compiled
 * at their first match, as JIT code is: every branch repeats the rest, and
 * the copies of the long ones (450 to 1,700 bytes of verbs after an
 * authority list) took more to compile at load than they saved a check. */
#define SPLIT_MIN 6         /* fewer branches do not pay for their searches */
#define SPLIT_MAX DCI_SPLIT_MAX

/* The ']' of a POSIX class "[:alpha:]" whose name starts at src[i], or -1. */
static size_t posix_end(const char *src, size_t i)
{
    while (src[i] >= 'a' && src[i] <= 'z')
        i++;
    return src[i] == ':' && src[i + 1] == ']' ? i + 1 : (size_t)-1;
}

/* The end of the class that opens at src[i] (its ']'), or n. */
static size_t class_end(const char *src, size_t i, size_t n)
{
    i += src[i + 1] == '^' ? 2 : 1;
    if (i < n && src[i] == ']')
        i++;
    for (; i < n; i++) {
        if (src[i] == '\\')
            i++;
        else if (src[i] == '[' && src[i + 1] == ':' && posix_end(src, i + 2) < n)
            i = posix_end(src, i + 2);
        else if (src[i] == ']')
            return i;
    }
    return n;
}

/* Is the group that opens at src[i] one that splitting may pass through:
 * non-capturing, a lookaround, atomic, or with options for itself alone
 * ("(?-i:…)")? */
static int plain_group(const char *src, size_t i)
{
    const char *p = src + i + 1;

    if (*p++ != '?')
        return 0;
    if (strchr(":=!>", *p) && *p)
        return 1;
    if (*p == '<')
        return p[1] == '=' || p[1] == '!';
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '^') {
        if (*p == 'x')
            return 0;               /* comments and spaces in the group */
        p++;
    }
    return *p == ':' && p > src + i + 2;
}

/* Reads src from i at group depth 0 up to the ')' that closes the group
 * around it, or to n: the offsets of its top-level '|' into bars (at
 * most SPLIT_MAX - 1), where it stopped into *stop. Their number, or -1
 * when src holds what may not be split. */
static int read_level(const char *src, size_t i, size_t n, size_t *bars, size_t *stop)
{
    int depth = 0, nb = 0;

    for (; i < n; i++) {
        char c = src[i];
        /* \\c takes the next character, whatever it is; \\K moves a
         * match's start, which the branches' leftmost-first order reads */
        if (c == '\\' && (strchr("QgkcK", src[i + 1]) || (src[i + 1] >= '1' && src[i + 1] <= '9')))
            return -1;
        if (c == '\\')
            i++;
        else if (c == '[' && (i = class_end(src, i, n)) == n)
            return -1;
        else if (c == '(' && !plain_group(src, i))
            return -1;
        else if (c == '(')
            depth++;
        else if (c == ')' && depth-- == 0)
            break;
        else if (c == '|' && depth == 0 && nb == SPLIT_MAX - 1)
            return -1;
        else if (c == '|' && depth == 0)
            bars[nb++] = i;
    }
    *stop = i;
    return nb;
}

/* A piece of a split pattern: the opening of its top-level branch
 * src[open, body), a branch of the group there src[from, to), and the rest
 * of that top-level branch src[rest, end). A top-level branch left whole is
 * src[from, to) alone. */
typedef struct piece {
    size_t open, body, from, to, rest, end;
} piece;

/* Is c a quantifier, which repeats what it follows? */
static int repeats(char c)
{
    return c && strchr("?*+{", c);
}

/* Does the top-level branch src[a, z) open with "\\b(?:" or "(?:(?:" and a
 * group that closes before z, with one sequence after it that repeats
 * neither group ("(?:A|B)+" matches "AB", no branch does)? Then the group's
 * branches into ps (from *n on) and 1. */
static int group_pieces(const char *src, size_t a, size_t z, piece *ps, size_t *n)
{
    size_t open = strncmp(src + a, "\\b(?:", 5) == 0 ? 5 : strncmp(src + a, "(?:(?:", 6) == 0 ? 6 : 0;
    size_t bars[SPLIT_MAX], more[SPLIT_MAX], stop, outer, rest, k;
    int nb;

    if (!open || (nb = read_level(src, a + open, z, bars, &stop)) < 1 || stop >= z)
        return 0;
    outer = stop;
    if (open == 6 && (repeats(src[stop + 1]) ||
                      read_level(src, stop + 1, z, more, &outer) != 0 || outer >= z))
        return 0;                       /* the outer group: closed once, not repeated */
    if (repeats(src[outer + 1]) || read_level(src, outer + 1, z, more, &rest) != 0 ||
        rest != z || *n + (size_t)nb + 1 > SPLIT_MAX)
        return 0;
    for (k = 0; k <= (size_t)nb; k++, (*n)++) {
        ps[*n].open = a;
        ps[*n].body = a + open;
        ps[*n].from = k ? bars[k - 1] + 1 : a + open;
        ps[*n].to = k < (size_t)nb ? bars[k] : stop;
        ps[*n].rest = stop;
        ps[*n].end = z;
    }
    return 1;
}

/* The pieces of src (see above): each top-level branch split at its group
 * where it has one, else whole. Their number, or 0. */
static size_t pieces_of(const char *src, piece *ps)
{
    size_t bars[SPLIT_MAX], n = strlen(src), stop, k, np = 0;
    int nb = read_level(src, 0, n, bars, &stop);

    if (nb < 0 || stop != n)
        return 0;
    for (k = 0; k <= (size_t)nb && np < SPLIT_MAX; k++) {
        size_t a = k ? bars[k - 1] + 1 : 0, z = k < (size_t)nb ? bars[k] : n;
        if (!group_pieces(src, a, z, ps, &np)) {
            ps[np].open = ps[np].body = ps[np].from = a;
            ps[np].to = ps[np].rest = ps[np].end = z;
            np++;
        }
    }
    return k == (size_t)nb + 1 ? np : 0;
}

/* Makes branch k of re from piece p, to be compiled at its first match
 * (code_to_run): the copies of a long rest would take more to compile at
 * load than the searches they save. Its source is written out here (the
 * prefilter reads a group piece's literals from b->lits, not from it).
 * 0, or -1 out of memory. */
static int make_branch(dci_regex *re, size_t k, const piece *p)
{
    dci_regex *b = &re->branch[k];
    dci_buf t = { 0 };

    regex_init(b, NULL, (re->flags & DCI_RE_CASELESS) | DCI_RE_LAZY, re->line, re->column);
    if (p->body > p->open) {
        /* its literals: those of its part of the group, which every match
         * holds, at the same reach ("\\b(?:A)", "(?:(?:A))") */
        dci_buf_append(&t, re->src + p->open, p->body - p->open);
        dci_buf_append(&t, re->src + p->from, p->to - p->from);
        dci_buf_append(&t, "))", p->body - p->open == 6 ? 2 : 1);
        dci_buf_putc(&t, '\0');
        b->lits = t.data;
        memset(&t, 0, sizeof t);
    }
    dci_buf_append(&t, re->src + p->open, p->body - p->open);
    dci_buf_append(&t, re->src + p->from, p->to - p->from);
    dci_buf_append(&t, re->src + p->rest, p->end - p->rest);
    dci_buf_putc(&t, '\0');
    b->src = b->own_src = t.data;
    if (t.oom || (p->body > p->open && !b->lits) ||
        ((re->flags & DCI_RE_CASELESS) && expand_sharp_s(t.data, &b->exp) != 0))
        return -1;
    return 0;
}

/* Splits re into its branches where it is a long alternation (see above);
 * leaves it whole otherwise, also without the memory to split. */
static void split_branches(dci_regex *re)
{
    piece ps[SPLIT_MAX];
    size_t np, k;
    uint32_t groups = 1;
    int ok = 1;

    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups || (re->flags & DCI_RE_ONE_CALL) || (np = pieces_of(re->src, ps)) < SPLIT_MIN)
        return;
    if ((re->branch = dci_malloc(np * sizeof *re->branch)))
        memset(re->branch, 0, np * sizeof *re->branch);
    for (k = 0; re->branch && ok && k < np; k++) {
        re->nbranch = k + 1;            /* freed below if it fails half made */
        ok = make_branch(re, k, &ps[k]) == 0;
    }
    if (!re->branch || !ok) {
        for (k = 0; k < re->nbranch; k++)
            dci_regex_free(&re->branch[k]);
        dci_free(re->branch);
        re->branch = NULL;
        re->nbranch = 0;
    }
}

/* Compiles src (exp: its sharp s rewritten, or NULL) as a rule pattern
 * with flags; NULL on an error, then *errcode and *erroff. */
static pcre2_code *compile_code(const char *src, const char *exp, int flags, int *errcode,
                                PCRE2_SIZE *erroff)
{
    /* the offset limit lets the prefilter bound where a match starts */
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_USE_OFFSET_LIMIT;

    if (flags & DCI_RE_CASELESS)
        options |= PCRE2_CASELESS;
    return pcre2_compile((PCRE2_SPTR)(exp ? exp : src), PCRE2_ZERO_TERMINATED, options, errcode,
                         erroff, NULL);
}

int dci_regex_compile(dci_regex *re, const char *src, int flags, const char *file,
                      long line, long column, const char *rule_id, digicheck_error *err)
{
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    char *exp = NULL;

    regex_init(re, src, flags, line, column);
    if (dci_utf8_invalid(src, strlen(src)) != strlen(src))
        return dci_error(err, DIGICHECK_EREGEX, file, line, column,
                         "pattern of rule '%s' is not valid UTF-8", rule_id);
    if (meaningless_control(src) != (size_t)-1)
        return control_error(src, meaningless_control(src), file, line, column, rule_id, err);
    if ((flags & DCI_RE_CASELESS) && expand_sharp_s(src, &exp) != 0)
        return dci_error(err, DIGICHECK_ENOMEM, file, line, column,
                         "out of memory compiling a pattern of rule '%s'", rule_id);
    re->code = compile_code(src, exp, flags, &errcode, &erroff);
    if (exp && !re->code)
        erroff = original_offset(src, exp, erroff);
    dci_free(exp);
    if (!re->code) {
        PCRE2_UCHAR msg[256];
        if (errcode == PCRE2_ERROR_NOMEMORY)
            return dci_error(err, DIGICHECK_ENOMEM, file, line, column,
                             "out of memory compiling a pattern of rule '%s'", rule_id);
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return dci_error(err, DIGICHECK_EREGEX, file, line,
                         column ? column + (long)dci_utf8_count(src, erroff) : 0,
                         "invalid regular expression in rule '%s' at offset %zu: %s: '%s'",
                         rule_id, (size_t)erroff, (const char *)msg, src);
    }
    if (one_call(re->code, src))
        re->flags |= DCI_RE_ONE_CALL;
    re->flags |= anchors_of(src);
    if (flags & DCI_RE_BRANCHES)
        split_branches(re);
    return DIGICHECK_OK;
}

void dci_regex_free(dci_regex *re)
{
    size_t k;

    if (re && (re->code || (re->flags & DCI_RE_LAZY))) {
        for (k = 0; k < re->nbranch; k++)
            dci_regex_free(&re->branch[k]);
        dci_free(re->branch);
        dci_free(re->own_src);
        dci_free(re->exp);
        dci_free(re->lits);
        re->branch = NULL;
        re->nbranch = 0;
        re->own_src = NULL;
        re->exp = NULL;
        re->lits = NULL;
        pcre2_code_free(re->code);
        pcre2_code_free(re->jit);
        re->code = NULL;
        re->jit = NULL;
    }
}

/* The code a match of re runs: its JIT-compiled copy, made now if no match
 * made it yet (for a branch compiled at its first match, DCI_RE_LAZY, the
 * compiled code itself). Threads that match it at once may each make one;
 * the first published stays, the others are freed. JIT is an optimisation:
 * without it (no JIT support) the copy is interpreted with the same
 * results, and without the memory for a copy this match is interpreted.
 * NULL: a lazy branch without the memory to compile. */
static const pcre2_code *code_to_run(const dci_regex *re)
{
    /* the rule set is immutable to its users; this pointer is the one field
     * a match writes, once */
    pcre2_code **jit = &((dci_regex *)re)->jit;
    pcre2_code *c = __atomic_load_n(jit, __ATOMIC_ACQUIRE), *none = NULL;
    int lazy = re->flags & DCI_RE_LAZY, errcode;
    PCRE2_SIZE erroff;

    if (c)
        return c;
#ifdef DCI_NO_JIT   /* a build for valgrind, which cannot follow JIT code */
    if (!lazy)
        return re->code;
#endif
    c = lazy ? compile_code(re->src, re->exp, re->flags, &errcode, &erroff)
             : pcre2_code_copy(re->code);
    if (!c)
        return re->code;
#ifndef DCI_NO_JIT
    /* where JIT fails (no support, no memory) the copy runs interpreted:
     * published all the same, so that no later match tries again */
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
#endif
    if (!__atomic_compare_exchange_n(jit, &none, c, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        pcre2_code_free(c);
        c = none;
    }
    return c;
}

/* ---- matching ------------------------------------------------------------ */

int dci_matcher_init(dci_matcher *m)
{
    m->md = pcre2_match_data_create(64, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    m->jit = NULL;
    m->poll = NULL;
    m->poll_arg = NULL;
    if (!m->md || !m->mctx) {
        dci_matcher_free(m);
        return DIGICHECK_ENOMEM;
    }
    pcre2_set_match_limit(m->mctx, (uint32_t)DIGICHECK_LIMIT_MATCH);
    pcre2_set_depth_limit(m->mctx, (uint32_t)DIGICHECK_LIMIT_MATCH_DEPTH);
    /* A JIT stack larger than PCRE2's 32 KiB default lets deep but legitimate
     * patterns run; the match limit still bounds the work. */
    m->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (m->jit)
        pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    return DIGICHECK_OK;
}

void dci_matcher_free(dci_matcher *m)
{
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->jit);
    m->md = NULL;
    m->mctx = NULL;
    m->jit = NULL;
}

int dci_regex_find(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                   size_t end, size_t *ms, size_t *me)
{
    return dci_regex_find_from(m, re, s, start, end, (size_t)-1, ms, me);
}

/* The next start position after offset at: past a character's
 * continuation bytes (PCRE2 must not start inside a character). */
static size_t next_start(const char *s, size_t at, size_t end)
{
    at++;
    while (at < end && ((unsigned char)s[at] & 0xC0) == 0x80)
        at++;
    return at;
}

/* One pcre2_match of re in s[0, end) from start, for a match that starts at
 * or before last ((size_t)-1: anywhere); with a poll, in windows of start
 * positions (see dci_matcher). A PCRE2 result, or DCI_REGEX_STOPPED. */
static int match(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                 size_t end, size_t last)
{
    int windows = m->poll && !(re->flags & DCI_RE_ONE_CALL);
    const pcre2_code *code = code_to_run(re);
    int rc;

    if (!code)
        return PCRE2_ERROR_NOMEMORY;

    for (;;) {
        size_t upto = last;
        if (windows && (upto == (size_t)-1 || upto - start > DCI_REGEX_WINDOW) &&
            end - start > DCI_REGEX_WINDOW)
            upto = start + DCI_REGEX_WINDOW;
        if (upto != (size_t)-1)
            pcre2_set_offset_limit(m->mctx, upto);
        rc = pcre2_match(code, (PCRE2_SPTR)s, end, start, PCRE2_NO_UTF_CHECK, m->md,
                         m->mctx);
        if (upto != (size_t)-1)
            pcre2_set_offset_limit(m->mctx, PCRE2_UNSET);
        if (rc != PCRE2_ERROR_NOMATCH || !m->poll)
            break;
        if (m->poll(m->poll_arg, (upto < end ? upto + 1 : end) - start))
            return DCI_REGEX_STOPPED;
        if (upto == last || upto >= end)
            break;
        start = next_start(s, upto, end);
    }
    return rc;
}

int dci_regex_occurs(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                     size_t end)
{
    int rc;

    if (start > end)
        return 0;
    rc = match(m, re, s, start, end, (size_t)-1);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return rc < 0 ? rc : 1;
}

int dci_regex_find_from(dci_matcher *m, const dci_regex *re, const char *s, size_t start,
                        size_t end, size_t last, size_t *ms, size_t *me)
{
    int rc = 0;

    while (start <= end && start <= last) {
        PCRE2_SIZE *ov;

        rc = match(m, re, s, start, end, last);
        if (rc == PCRE2_ERROR_NOMATCH)
            return 0;
        if (rc < 0)
            return rc;
        ov = pcre2_get_ovector_pointer(m->md);
        if (ov[1] > ov[0]) {
            *ms = ov[0];
            *me = ov[1];
            return 1;
        }
        /* an empty match reports nothing: go on after the next character */
        rc = 0;
        start = next_start(s, ov[0], end);
    }
    return rc;
}
