/*
 * test_regex.c -- compiling rule patterns: Unicode case folding, the sharp s
 * rewriting and the places of compile errors; finding matches in a range,
 * also in windows of start positions under a poll; JIT at the first match;
 * a long alternation split into its branches; patterns that assert the
 * start or the end of the subject.
 */
#include "unit.h"

static dci_regex compile(const char *src, int flags)
{
    dci_regex re;
    digicheck_error err;

    if (dci_regex_compile(&re, src, flags, "r.yaml", 3, 10, "r", &err) != DIGICHECK_OK)
        fail_msg("pattern '%s': %s", src, err.message);
    return re;
}

static int matches(const char *pattern, int flags, const char *subject)
{
    dci_regex re = compile(pattern, flags);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re.code, NULL);
    int rc;

    assert_non_null(md);
    rc = pcre2_match(re.code, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    dci_regex_free(&re);
    return rc > 0;
}

static void test_regex__unicode_case_folding(void **state)
{
    (void)state;
    assert_true(matches("\\bschriftlich\\b", DCI_RE_CASELESS, "SCHRIFTLICH"));
    assert_true(matches("Änderung", DCI_RE_CASELESS, "ÄNDERUNG"));
    assert_true(matches("änderung", DCI_RE_CASELESS, "Änderung"));
    /* \w and \b know umlauts: "für" is one word */
    assert_false(matches("\\bf\\b", DCI_RE_CASELESS, "für"));
    assert_false(matches("Schriftform", 0, "schriftform"));
}

static void test_regex__sharp_s_matches_ss(void **state)
{
    (void)state;
    assert_true(matches("pflichtgemäßem", DCI_RE_CASELESS, "PFLICHTGEMÄSSEM"));
    assert_true(matches("pflichtgemäßem", DCI_RE_CASELESS, "pflichtgemäßem"));
    assert_true(matches("pflichtgemäßem", DCI_RE_CASELESS, "PFLICHTGEMÄẞEM"));
    assert_true(matches("MAẞNAHME", DCI_RE_CASELESS, "Maßnahme"));
    assert_true(matches("Maß\\b", DCI_RE_CASELESS, "nach MASS"));
    /* a quantifier applies to the whole sharp s */
    assert_true(matches("^Maß+e$", DCI_RE_CASELESS, "MASSSSE"));
    assert_false(matches("^Maß+e$", DCI_RE_CASELESS, "MASSSE"));
    /* case-sensitive patterns are left alone */
    assert_false(matches("Maß", 0, "MASS"));
    assert_false(matches("Maß", 0, "Mass"));
}

static void test_regex__sharp_s_left_alone_where_it_must(void **state)
{
    (void)state;
    /* inside a class it stays one character */
    assert_true(matches("^[ßx]$", DCI_RE_CASELESS, "ß"));
    assert_false(matches("^[ßx]$", DCI_RE_CASELESS, "ss"));
    assert_true(matches("^[]ß]$", DCI_RE_CASELESS, "]"));
    assert_true(matches("^[[:alpha:]ß]+$", DCI_RE_CASELESS, "Maß"));
    /* after the class, it is rewritten again */
    assert_true(matches("[a]ß", DCI_RE_CASELESS, "ASS"));
    /* a lookbehind must keep a fixed length: it compiles and matches ß */
    assert_true(matches("(?<=ß)e", DCI_RE_CASELESS, "Maße"));
    assert_true(matches("(?<!ß)e(?:ß)", DCI_RE_CASELESS, "eSS"));
    /* quoted and escaped text is copied as it is */
    assert_true(matches("\\Qß+\\E", DCI_RE_CASELESS, "ß+"));
    assert_true(matches("\\(ß\\)", DCI_RE_CASELESS, "(SS)"));
}

static void test_regex__error_offsets_are_those_of_the_written_pattern(void **state)
{
    dci_regex re;
    digicheck_error err;

    (void)state;
    /* "maßnahme(" -- the ( is unclosed, which PCRE2 finds at the end: byte
     * 10 of the pattern as written (20 of its rewriting), code point 9. The
     * message and the column name the pattern as written. */
    assert_int_equal(dci_regex_compile(&re, "maßnahme(", DCI_RE_CASELESS, "r.yaml", 3, 10, "r",
                                       &err), DIGICHECK_EREGEX);
    assert_non_null(strstr(err.message, "'maßnahme('"));
    assert_null(strstr(err.message, "(?:"));
    assert_string_equal(err.source, "r.yaml");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 10 + 9);
    assert_non_null(strstr(err.message, "at offset 10:"));

    assert_int_equal(dci_regex_compile(&re, "ß[", DCI_RE_CASELESS, "r.yaml", 3, 10, "r", &err),
                     DIGICHECK_EREGEX);
    assert_non_null(strstr(err.message, "at offset 3:"));
    assert_int_equal(err.column, 10 + 2);
}

/* A control character in a pattern is an escape that the rule file's
 * string syntax took ("\b" in double quotes is a backspace): the rule
 * would never match, so loading fails and says how to write it. */
static void test_regex__control_characters_are_refused(void **state)
{
    static const char *const fine[] = { "a\tb", "(?x) a\n b", "\\bVordruck\\b" };
    dci_regex re;
    digicheck_error err;
    size_t i;

    (void)state;
    assert_int_equal(dci_regex_compile(&re, "\bVordruck\b", DCI_RE_CASELESS, "r.yaml", 4, 12,
                                       "form.v", &err), DIGICHECK_EREGEX);
    assert_error(err, DIGICHECK_EREGEX, "pattern of rule 'form.v' holds the control character "
                 "U+0008 at offset 0; in a double-quoted YAML string \"\\b\" is a backspace: "
                 "write the pattern in single quotes: '\\bVordruck\\b'", 4, 12);
    assert_string_equal(err.source, "r.yaml");
    assert_null(re.code);
    /* the other escapes of YAML and Lua, DEL, and a control without an escape */
    assert_int_equal(dci_regex_compile(&re, "x\a\f\v\r\x1b\x7f\x01", 0, "r.yaml", 1, 1, "r",
                                       &err), DIGICHECK_EREGEX);
    assert_non_null(strstr(err.message, "U+0007 at offset 1;"));
    assert_non_null(strstr(err.message, ": 'x\\a\\f\\v\\r\\e\\x7F\\x01'"));
    /* a Lua string has no place in a rule file */
    assert_int_equal(dci_regex_compile(&re, "\bfrist", 0, "lua/x.lua", 0, 0, "lua.x", &err),
                     DIGICHECK_EREGEX);
    assert_error(err, DIGICHECK_EREGEX, "pattern of rule 'lua.x' holds the control character "
                 "U+0008 at offset 0; in a Lua string \"\\b\" is a backspace: write the "
                 "pattern as a long string [[...]]: '\\bfrist'", 0, 0);
    /* tab and line feed mean themselves (an extended pattern spans lines) */
    for (i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        assert_int_equal(dci_regex_compile(&re, fine[i], 0, "r.yaml", 1, 1, "r", &err),
                         DIGICHECK_OK);
        dci_regex_free(&re);
    }
}

static void test_regex__find_skips_empty_matches_and_stops_at_end(void **state)
{
    const char *s = "Frist: 3 Tage, 10 Werktage.";
    dci_regex re = compile("\\d*", DCI_RE_CASELESS);
    dci_matcher m;
    size_t ms = 0, me = 0;

    (void)state;
    assert_int_equal(dci_matcher_init(&m), DIGICHECK_OK);
    /* "\d*" matches empty everywhere; only the digits count */
    assert_int_equal(dci_regex_find(&m, &re, s, 0, strlen(s), &ms, &me), 1);
    assert_int_equal(ms, 7);
    assert_int_equal(me, 8);
    assert_int_equal(dci_regex_find(&m, &re, s, me, strlen(s), &ms, &me), 1);
    assert_int_equal(ms, 15);
    assert_int_equal(me, 17);
    /* the range ends before "10": nothing more */
    assert_int_equal(dci_regex_find(&m, &re, s, 8, 15, &ms, &me), 0);
    dci_matcher_free(&m);
    dci_regex_free(&re);
}

/* A poll that counts its calls and stops the search at call `stop` (0:
 * never). */
typedef struct polls {
    int calls, stop;
    size_t bytes;
} polls;

static int count_polls(void *arg, size_t bytes)
{
    polls *p = arg;

    p->bytes += bytes;
    return ++p->calls == p->stop;
}

/* Every match of re in s, one search after the other, as "start-end;". */
static void all_matches(dci_matcher *m, const dci_regex *re, const char *s, dci_buf *out)
{
    size_t pos = 0, ms, me, n = strlen(s);

    while (dci_regex_find(m, re, s, pos, n, &ms, &me) == 1) {
        dci_buf_printf(out, "%zu-%zu;", ms, me);
        pos = me;
    }
    dci_buf_printf(out, "occurs %d", dci_regex_occurs(m, re, s, 0, n));
}

/* With a poll, a search tries its start positions in windows: the matches
 * are those of one call, also across a window's edge, after a character of
 * two bytes at it, with a lookbehind into the window before, and for \G. */
static void test_regex__windows_find_what_one_call_finds(void **state)
{
    static const char *const patterns[] = {
        "(?<=Ab)satz \\d+", "\\w+ßx", "\\bAntrag\\b", "x*", "[0-9]{3}\\b",
        "satz 7\\d{3}\\.$", "\\GA", "^A", NULL
    };
    dci_buf text = {0}, as = {0};
    dci_matcher m;
    size_t i;

    (void)state;
    assert_int_equal(dci_matcher_init(&m), DIGICHECK_OK);
    for (i = 0; i < 3 * DCI_REGEX_WINDOW / 10; i++)     /* "Absatz 12 " … and a ß */
        dci_buf_printf(&text, i % 97 == 5 ? "Straße %zu " : "Absatz %zu ", i);
    dci_buf_puts(&text, "Antrag aßx Absatz 7012.");
    /* \G and ^ hold at the start of the call only: an A at a window's start is none */
    dci_buf_puts(&as, "x");
    for (i = 0; i < 3 * DCI_REGEX_WINDOW; i++)
        dci_buf_puts(&as, "A");
    assert_false(text.oom || as.oom);
    for (i = 0; patterns[i]; i++) {
        dci_regex re = compile(patterns[i], DCI_RE_CASELESS);
        const char *s = patterns[i][1] == 'G' || patterns[i][0] == '^' ? as.data : text.data;
        dci_buf one = {0}, windowed = {0};
        polls p = { 0, 0, 0 };
        all_matches(&m, &re, s, &one);
        m.poll = count_polls;
        m.poll_arg = &p;
        all_matches(&m, &re, s, &windowed);
        m.poll = NULL;
        assert_string_equal(windowed.data, one.data);
        dci_buf_free(&one);
        dci_buf_free(&windowed);
        dci_regex_free(&re);
    }
    dci_buf_free(&text);
    dci_buf_free(&as);
    dci_matcher_free(&m);
}

/* A poll that says stop ends the search there: no match, no PCRE2 error. */
static void test_regex__a_poll_stops_a_search(void **state)
{
    dci_buf text = {0};
    dci_regex re = compile("Schlusssatz", DCI_RE_CASELESS);
    dci_matcher m;
    polls p = { 0, 2, 0 };
    size_t i, ms, me;

    (void)state;
    assert_int_equal(dci_matcher_init(&m), DIGICHECK_OK);
    for (i = 0; i < 10 * DCI_REGEX_WINDOW / 8; i++)
        dci_buf_puts(&text, "Absatz ");
    dci_buf_puts(&text, "Schlusssatz");
    assert_int_equal(dci_regex_find(&m, &re, text.data, 0, text.len, &ms, &me), 1);
    m.poll = count_polls;
    m.poll_arg = &p;
    assert_int_equal(dci_regex_find(&m, &re, text.data, 0, text.len, &ms, &me),
                     DCI_REGEX_STOPPED);
    assert_int_equal(p.calls, 2);
    assert_true(p.bytes > DCI_REGEX_WINDOW && p.bytes < 3 * DCI_REGEX_WINDOW);
    m.poll = NULL;
    dci_buf_free(&text);
    dci_regex_free(&re);
    dci_matcher_free(&m);
}

/* Loading a rule set compiles its patterns but leaves JIT to the first
 * match of each: most of a load was JIT, and a draft wakes only some
 * patterns. The copy JIT compiles is made once and kept. */
static void test_regex__jit_waits_for_the_first_match(void **state)
{
    const char *s = "Der Antrag ist schriftlich zu stellen.";
    dci_regex re = compile("\\bschriftlich\\b", DCI_RE_CASELESS);
    const pcre2_code *jit;
    dci_matcher m;
    size_t ms = 0, me = 0;
    uint32_t has_jit = 0;

    (void)state;
    assert_int_equal(dci_matcher_init(&m), DIGICHECK_OK);
    assert_null(re.jit);
    assert_int_equal(dci_regex_find(&m, &re, s, 0, strlen(s), &ms, &me), 1);
    assert_int_equal(ms, 15);
    assert_int_equal(me, 26);
    assert_non_null(jit = re.jit);
    pcre2_config(PCRE2_CONFIG_JIT, &has_jit);
    if (has_jit) {
        size_t size = 0;
        pcre2_pattern_info(re.jit, PCRE2_INFO_JITSIZE, &size);
        assert_true(size > 0);
    }
    assert_int_equal(dci_regex_occurs(&m, &re, s, 0, 14), 0);
    assert_ptr_equal(re.jit, jit);
    dci_regex_free(&re);
    dci_matcher_free(&m);
}

static void assert_branches(const char *src, size_t n, size_t k, const char *branch)
{
    dci_regex re = compile(src, DCI_RE_CASELESS | DCI_RE_BRANCHES);

    assert_int_equal(re.nbranch, n);
    assert_false(re.flags & DCI_RE_BRANCHES);
    if (n)
        assert_string_equal(re.branch[k].src, branch);
    dci_regex_free(&re);
}

static void test_regex__a_long_alternation_is_split_into_its_branches(void **state)
{
    dci_regex re = compile("a1x|b2x|c3x|d4x|e5x|f6x", DCI_RE_CASELESS);

    (void)state;
    assert_int_equal(re.nbranch, 0);            /* only when asked */
    dci_regex_free(&re);
    assert_branches("a1x|b2x|c3x|d4x|e5x|f6x", 6, 5, "f6x");
    assert_branches("\\b(?:Alpha|Beta\\w*|Gamma|Delta|Epsilon|Zeta)\\b", 6, 1,
                    "\\b(?:Beta\\w*)\\b");
    /* groups, classes and escapes inside a branch stay in it */
    assert_branches("(?:a|b)x|[|(]y|\\|z|[[:alpha:]|]w|(?-i:Q)v|(?=u)u", 6, 2, "\\|z");
    /* a rest longer than the group, repeated by every branch */
    assert_branches("\\b(?:a|b|c|d|e|f)\\s+(?:werden|wird|worden|wurde|würde)\\b", 6, 2,
                    "\\b(?:c)\\s+(?:werden|wird|worden|wurde|würde)\\b");
    /* each top-level branch split at its group, or whole */
    assert_branches("\\b(?:Alpha|Beta|Gamma)\\s+kann|kann\\s+(?:Delta|Epsilon)|(?:(?:Zeta|Eta)e?)x",
                    6, 3, "kann\\s+(?:Delta|Epsilon)");
    assert_branches("\\b(?:Alpha|Beta|Gamma)\\s+kann|kann\\s+(?:Delta|Epsilon)|(?:(?:Zeta|Eta)e?)x",
                    6, 5, "(?:(?:Eta)e?)x");
    /* too few branches; a capture group; an option that reaches the next
     * branch; \\Q; comments */
    assert_branches("a1x|b2x|c3x|d4x|e5x", 0, 0, NULL);
    assert_branches("(a1x)|b2x|c3x|d4x|e5x|f6x", 0, 0, NULL);
    assert_branches("a1x|b2x(?i)|c3x|d4x|e5x|f6x", 0, 0, NULL);
    assert_branches("\\Qa|b\\E|c3x|d4x|e5x|f6x|g7x", 0, 0, NULL);
    assert_branches("a1x|b2x|(?x: c3x # ) |\n)|d4x|e5x|f6x", 0, 0, NULL);
    /* a group repeated, or a match start moved, stays whole */
    assert_branches("\\b(?:Alpha|Beta|Gamma|Delta|Epsilon|Zeta)+Omega\\b", 0, 0, NULL);
    assert_branches("\\b(?:Alpha|Beta|Gamma|Delta|Epsilon|Zeta){2}Omega", 0, 0, NULL);
    assert_branches("\\b(?:Alpha|Beta|Gamma|Delta|Epsilon|Zeta)?Omega", 0, 0, NULL);
    assert_branches("(?:(?:Alpha|Beta|Gamma|Delta|Epsilon|Zeta)e)+Omega", 0, 0, NULL);
    assert_branches("(?:(?:Alpha|Beta|Gamma|Delta|Epsilon|Zeta)+e)Omega", 0, 0, NULL);
    assert_branches("a1x|b2\\Kx|c3x|d4x|e5x|f6x", 0, 0, NULL);
}

/* A branch is compiled at its first match (its rest may be long: a copy
 * for each branch compiled at load took longer than the searches it
 * saves), and the prefilter reads its literals from its part of the group
 * alone. */
static void test_regex__branches_compile_at_their_first_match(void **state)
{
    dci_regex re = compile("\\b(?:Alpha|Beta|Gamma|Delta|Epsilon|Zeta)\\s+ma\xC3\x9F",
                           DCI_RE_CASELESS | DCI_RE_BRANCHES);
    dci_regex *b;
    dci_matcher m;
    size_t ms, me;

    (void)state;
    assert_int_equal(re.nbranch, 6);
    b = &re.branch[1];
    assert_true(b->flags & DCI_RE_LAZY);
    assert_null(b->code);
    assert_null(b->jit);
    assert_string_equal(b->lits, "\\b(?:Beta)");
    assert_int_equal(dci_matcher_init(&m), DIGICHECK_OK);
    /* the sharp s of a branch matches "SS" as the whole's does */
    assert_int_equal(dci_regex_find(&m, b, "Die BETA MASS", 0, 13, &ms, &me), 1);
    assert_int_equal(ms, 4);
    assert_non_null(b->jit);
    dci_matcher_free(&m);
    dci_regex_free(&re);
}

/* The first match of the whole is the leftmost of its branches' first
 * matches, on a tie the earlier branch's: what search.c relies on. */
static void assert_branches_find(const char *src, size_t n)
{
    static const char *const subjects[] = {
        "ein Zetazeta vor Beta", "Betaform und Alpha", "nur Gamma", "nichts", "Deltas Delta",
        "Beta kann Delta", "kann Epsilon oder Gamma kann", "Zetae xx Etax",
    };
    dci_regex re = compile(src, DCI_RE_CASELESS | DCI_RE_BRANCHES);
    dci_matcher m;
    size_t i, k;

    assert_int_equal(re.nbranch, n);
    assert_int_equal(dci_matcher_init(&m), DIGICHECK_OK);
    for (i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
        const char *s = subjects[i];
        size_t ms = 0, me = 0, bs = (size_t)-1, be = 0, a, b;
        int whole = dci_regex_find(&m, &re, s, 0, strlen(s), &ms, &me);
        for (k = 0; k < re.nbranch; k++)
            if (dci_regex_find(&m, &re.branch[k], s, 0, strlen(s), &a, &b) == 1 && a < bs) {
                bs = a;
                be = b;
            }
        assert_int_equal(whole, bs != (size_t)-1);
        if (whole) {
            assert_int_equal(ms, bs);
            assert_int_equal(me, be);
        }
    }
    dci_matcher_free(&m);
    dci_regex_free(&re);
}

static int marked(const char *src, int flag)
{
    dci_regex re = compile(src, 0);
    int set = (re.flags & flag) != 0;

    dci_regex_free(&re);
    return set;
}

static int asserts_end(const char *src)
{
    return marked(src, DCI_RE_ENDS);
}

static int asserts_start(const char *src)
{
    return marked(src, DCI_RE_STARTS);
}

static void test_regex__patterns_that_assert_the_subject_end_are_marked(void **state)
{
    (void)state;
    assert_true(asserts_end("Kinder,$"));
    assert_true(asserts_end("(?m)^eine\\s+Urkunde[,;]\\s*$"));
    assert_true(asserts_end("a(?=[^;]*;\\s*\\z)"));
    assert_true(asserts_end("a\\Z"));
    assert_false(asserts_end("Kinder,"));
    assert_false(asserts_end("[^.;$]*;"));        /* in a class */
    assert_false(asserts_end("[[:alpha:]$]+"));
    assert_false(asserts_end("[]$]x[^]$]"));      /* ']' first in a class is literal */
    assert_false(asserts_end("\\$ 3"));           /* escaped */
    assert_false(asserts_end("\\Qa$\\E"));        /* quoted */
    assert_false(asserts_end("a(?#$)b"));         /* a comment */
    assert_false(asserts_end("\\\\z"));           /* a backslash, then z */
}

static void test_regex__patterns_that_assert_the_subject_start_are_marked(void **state)
{
    (void)state;
    assert_true(asserts_start("^eine"));
    assert_true(asserts_start("(?m)^(?:ein|eine)\\s+Urkunde"));
    assert_true(asserts_start("(?<=^|[.;:]\\s)(?-i:Sie|Er)\\s+kann"));
    assert_true(asserts_start("\\AIm\\b"));
    assert_true(asserts_start("\\Gx"));
    assert_true(asserts_start("a|^b$"));
    assert_false(asserts_start("\\p{^Lu}x"));    /* a negated property */
    assert_false(asserts_start("\\P{^L}\\c^"));  /* and a control character */
    assert_true(asserts_end("a|^b$"));            /* both ends */
    assert_false(asserts_end("^eine"));
    assert_false(asserts_start("Kinder,$"));
    assert_false(asserts_start("[^.;]*;"));       /* a negated class */
    assert_false(asserts_start("[.^]x[]^]"));     /* in a class, ']' first literal */
    assert_false(asserts_start("[[:alpha:]^]+"));
    assert_false(asserts_start("\\^ 3"));         /* escaped */
    assert_false(asserts_start("\\Qa^\\E"));      /* quoted */
    assert_false(asserts_start("a(?#^)b"));       /* a comment */
    assert_false(asserts_start("(?^i:sie)"));     /* options reset, no anchor */
    assert_false(asserts_start("\\\\A"));         /* a backslash, then A */
}

static void test_regex__branches_find_what_the_whole_finds(void **state)
{
    (void)state;
    assert_branches_find("\\b(?:Alpha|Beta\\w*|Bet|Gamma|Delta|Zeta\\w+)\\b", 6);
    assert_branches_find("\\b(?:Alpha|Beta|Gamma)\\s+kann|kann\\s+(?:Delta|Epsilon|Gamma)|"
                         "(?:(?:Zeta|Eta)e?)\\s*x", 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regex__unicode_case_folding),
        cmocka_unit_test(test_regex__sharp_s_matches_ss),
        cmocka_unit_test(test_regex__sharp_s_left_alone_where_it_must),
        cmocka_unit_test(test_regex__error_offsets_are_those_of_the_written_pattern),
        cmocka_unit_test(test_regex__control_characters_are_refused),
        cmocka_unit_test(test_regex__find_skips_empty_matches_and_stops_at_end),
        cmocka_unit_test(test_regex__windows_find_what_one_call_finds),
        cmocka_unit_test(test_regex__a_poll_stops_a_search),
        cmocka_unit_test(test_regex__jit_waits_for_the_first_match),
        cmocka_unit_test(test_regex__a_long_alternation_is_split_into_its_branches),
        cmocka_unit_test(test_regex__branches_compile_at_their_first_match),
        cmocka_unit_test(test_regex__branches_find_what_the_whole_finds),
        cmocka_unit_test(test_regex__patterns_that_assert_the_subject_end_are_marked),
        cmocka_unit_test(test_regex__patterns_that_assert_the_subject_start_are_marked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
