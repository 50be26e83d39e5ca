/*
 * test_prefilter.c -- the literals every match of a pattern must hold:
 * sequences, alternations, groups, quantifiers, lookarounds, options,
 * classes and properties, case folding; and the patterns that must keep
 * their full scan. The end-to-end guarantee (the same findings as a full
 * scan) is make test-prefilter on the corpus.
 */
#include "unit.h"

/* Set `second` (0: the first) of a pattern's literals is want (NULL: none). */
static void expect_set(const char *pattern, int second, const char *want)
{
    static const char *const what[] = {"literals", "second set"};
    char out[512];
    dci_reach reach;
    int n = dci_prefilter_literals(pattern, second, out, sizeof out, &reach);

    if (want == NULL) {
        if (n >= 0)
            fail_msg("'%s': expected no %s, got '%s'", pattern, what[second], out);
        return;
    }
    if (n < 0)
        fail_msg("'%s': expected the %s '%s', got none", pattern, what[second], want);
    if (strcmp(out, want) != 0)
        fail_msg("'%s': expected the %s '%s', got '%s'", pattern, what[second], want, out);
}

static void expect(const char *pattern, const char *want)
{
    expect_set(pattern, 0, want);
}

static void expect2(const char *pattern, const char *want)
{
    expect_set(pattern, 1, want);
}

/* A second set of literals, which shares none with the first: a check
 * uses the one with fewer hits. In an alternation each branch gives its
 * own; a branch with one set gives it to both, and the second is then
 * dropped if it shares a literal with the first. */
static void test_prefilter__second_set(void **state)
{
    (void)state;
    expect("Beh\xC3\xB6rde\\w*\\s+(?:\\w+\\s+){0,3}?Portal", "beh\xC3\xB6rde");
    expect2("Beh\xC3\xB6rde\\w*\\s+(?:\\w+\\s+){0,3}?Portal", "portal");
    expect("(?:Beh\xC3\xB6rde|Amt)\\w*[^.]{0,40}?(?:Portal|Plattform)|"
           "(?:Portal|Plattform)\\w*[^.]{0,40}?(?:Beh\xC3\xB6rde|Amt)", "portal|plattform");
    expect2("(?:Beh\xC3\xB6rde|Amt)\\w*[^.]{0,40}?(?:Portal|Plattform)|"
            "(?:Portal|Plattform)\\w*[^.]{0,40}?(?:Beh\xC3\xB6rde|Amt)", "beh\xC3\xB6rde|amt");
    expect2("\\b(?:Fax|Telefax|Telex)\\b", NULL);
    /* a set with a word of nearly every sentence is no second set */
    expect2("(?:die|der|das)\\s+Beh\xC3\xB6rde", NULL);
    expect2("(?:Amt|Stelle)\\s+Beh\xC3\xB6rde", "amt|stelle");
    expect2("Antrag\\s+stellen|Antrag\\s+einreichen", "antrag");
    expect2("Antrag\\s+stellen|Antrag\\s+einreichen|Anzeige", NULL);
}

static void test_prefilter__literals(void **state)
{
    (void)state;
    /* the longest run of a sequence, folded */
    expect("\\bSchriftform\\b", "schriftform");
    expect("\\bper\\s+Post\\b", "post");
    expect("\\bpers\xC3\x96nlich\\s+(?:\\w+\\s+){0,2}erscheinen", "pers\xC3\xB6nlich");
    /* an alternation: one literal per branch */
    expect("\\b(?:Telefax|Fax|Telex)\\b", "fax|telex");
    expect("Register|Datenbank", "register|datenbank");
    /* a group in a sequence competes with the runs around it */
    expect("(?:durch|mit|\xC3\xBC" "ber)\\s+die\\s+Postfiliale", "postfiliale");
    /* quantifiers: optional parts drop out, repeated characters end a run */
    expect("schriftlich(?:e[mnrs]?)?\\b", "schriftlich");
    expect("Antra?g", "antr");
    expect("Bescheini+gung", "bescheini");
    expect("(?:Amt)?Verfahren", "verfahren");
    /* lookarounds, options, properties and classes are no literals */
    expect("(?<!elektronisch\\s)Antrag(?!\\s+Ausweis)", "antrag");
    expect("(?m)^Antrag", "antrag");
    expect("(?-i:Stellen)\\s+Antrag", "stellen");
    expect("\\p{Lu}\\w*\\s+kann\\b", "kann");
    expect("[Ff]ormular", "ormular");
    expect("\\.pdf-Datei", ".pdf-datei");
    /* a literal that holds another of its set is left out */
    expect("Beh\xC3\xB6rde|Landesbeh\xC3\xB6rde|Bundesamt|Umweltbundesamt",
           "beh\xC3\xB6rde|bundesamt");
    /* branches that share literals name each once */
    expect("Antrag\\s+(?:stellen|einreichen)|(?:stellen|einreichen)\\s+Antrag",
           "stellen|einreichen");
    /* a byte legal text hardly holds weighs as three: the "@" of an
     * e-mail address is literal enough, a short word is not */
    expect("\\bE-?Mail\\b|(?<=\\w)@[\\w-]+\\.[a-z]{2,}", "mail|@");
    expect("\\bE-?Mail\\b|(?<=\\w)an[\\w-]+\\.[a-z]{2,}", NULL);
    /* so are the letters x, q and y: "XÖV", "XBau" */
    expect("(?-i:\\bX[A-Z\xC3\x84\xC3\x96\xC3\x9C][a-z]+\\b)|\\bStandard\\w*", "x|standard");
    expect("(?-i:\\bB[A-Z][a-z]+\\b)|\\bStandard\\w*", NULL);
    /* long literals keep their first 23 bytes */
    expect("Bundesamt\\s+Rechtsverordnungsentwurfsbegleitung",
           "rechtsverordnungsentwur");
}

/* Up to 48 different literals per pattern: a list of 48 authorities
 * still has a prefilter; one more and it has none. */
static void alternatives(size_t n, char *pattern, char *want, size_t cap)
{
    size_t i, p = 0, w = 0;

    for (i = 0; i < n; i++) {
        p += (size_t)snprintf(pattern + p, cap - p, "%sAmt%03zu", i ? "|" : "", i);
        w += (size_t)snprintf(want + w, cap - w, "%samt%03zu", i ? "|" : "", i);
    }
}

static void test_prefilter__many_literals(void **state)
{
    char pattern[1024], want[1024];

    (void)state;
    alternatives(48, pattern, want, sizeof pattern);
    expect(pattern, want);
    alternatives(49, pattern, want, sizeof pattern);
    expect(pattern, NULL);
    /* the limit counts distinct literals: two branches that share 30 */
    {
        char twice[2 * sizeof pattern + 32];
        alternatives(30, pattern, want, sizeof pattern);
        snprintf(twice, sizeof twice, "(?:%s)\\s+eins|(?:%s)\\s+zwei", pattern, pattern);
        expect(twice, want);
    }
}

static void test_prefilter__full_scan_kept(void **state)
{
    (void)state;
    /* a branch without a literal: the whole pattern may match without one */
    expect("Register|\\w+bank", "register|bank");
    expect("Register|\\w+stelle|\\d+", NULL);
    expect("(?:Akte)?", NULL);
    expect("ab", NULL);                         /* too short to be worth it */
    /* the sharp s matches "ss" too: it breaks a literal */
    expect("Ma\xC3\x9F" "nahme", "nahme");
    expect("gro\xC3\x9F", "gro");
    expect("Ma\xC3\x9F", NULL);
    /* what is not understood keeps its full scan */
    expect("(?x) Antrag", NULL);
    expect("\\QAntrag\\E", NULL);
    expect("Antrag{", NULL);
    expect("(?(1)Antrag|Bescheid)", NULL);
    expect("\\x{41}ntrag", NULL);
    expect("Antrag)", NULL);
}

/* Groups nested 16 deep still have literals, deeper ones keep their full
 * scan (the parser's stack stays small); groups side by side and option
 * settings count only while they are open. */
static void test_prefilter__nesting(void **state)
{
    char pat[512], deeper[600];
    size_t i, n = 0;

    (void)state;
    for (i = 0; i < 16; i++)
        n += (size_t)snprintf(pat + n, sizeof pat - n, "(?:");
    n += (size_t)snprintf(pat + n, sizeof pat - n, "Antrag");
    for (i = 0; i < 16; i++)
        n += (size_t)snprintf(pat + n, sizeof pat - n, ")");
    expect(pat, "antrag");
    snprintf(deeper, sizeof deeper, "(?:%s)", pat);
    expect(deeper, NULL);
    n = 0;
    for (i = 0; i < 20; i++)
        n += (size_t)snprintf(pat + n, sizeof pat - n, "(?:a)(?m)");
    n += (size_t)snprintf(pat + n, sizeof pat - n, "(?:(?:(?:Antrag)))");
    expect(pat, "antrag");
}

/* How far before its literal a match may start: fixed bytes (4 for a
 * character that is not a plain literal), plus runs of white space and of
 * word characters; -1: no bound. */
static void expect_reach(const char *pattern, long fixed, size_t ws, size_t word)
{
    char out[512];
    dci_reach r;

    if (dci_prefilter_literals(pattern, 0, out, sizeof out, &r) < 0)
        fail_msg("'%s': no literals", pattern);
    if (fixed < 0) {
        if (r.fixed != DCI_REACH_NONE)
            fail_msg("'%s': expected no reach, got %zu+%zu+%zu", pattern, r.fixed, r.ws, r.word);
        return;
    }
    if (r.fixed != (size_t)fixed || r.ws != ws || r.word != word)
        fail_msg("'%s' (%s): expected %ld+%zu+%zu, got %zu+%zu+%zu", pattern, out, fixed, ws,
                 word, r.fixed, r.ws, r.word);
}

static void test_prefilter__reach(void **state)
{
    (void)state;
    expect_reach("\\bSchriftform\\b", 0, 0, 0);
    expect_reach("\\bper\\s+Post\\b", 3, 1, 0);
    expect_reach("(?<=Amt )Antrag(?=\\s+Ausweis)", 0, 0, 0);
    expect_reach("\\p{Lu}\\w*\\s+(?:\\w+\\s+){0,3}?kann\\b", 4, 4, 4);
    expect_reach("[^.;]{0,80}?\\bAntrag", 320, 0, 0);
    expect_reach("\\d+\\s*Tage", 0, 1, 1);
    expect_reach("Ma\xC3\x9F" "nahme", 6, 0, 0);
    expect_reach("(?:elektronisch|digital)e?\\s+Akte\\w*|Aktenf\xC3\xBChrung", 0, 0, 0);
    /* a literal left out for one it holds: that one lies further on */
    expect_reach("Telefax|Fax", 4, 0, 0);
    expect_reach("Fax|Telefax", 4, 0, 0);
    expect_reach("(?:Landes|Bundes)?Beh\xC3\xB6rde|Landesbeh\xC3\xB6rde", 6, 0, 0);
    /* the largest reach of the branches */
    expect_reach("zur\\s+Niederschrift|\\bim\\s+Original", 3, 1, 0);
    /* no bound: any text, a repeated group, a back reference, \\K */
    expect_reach(".*Antrag", -1, 0, 0);
    expect_reach("(?:ab|cd)+Antrag", -1, 0, 0);
    expect_reach("(\\w)\\1Antrag", -1, 0, 0);
    expect_reach("Amt\\s+\\KAntrag", -1, 0, 0);
    expect_reach("[^.]{0,2000}Antrag", -1, 0, 0);
}

/* Patterns written alike (source and case) in several places are twins:
 * they share a number and their slots; a case-sensitive copy is a pattern
 * of its own, whose literals share a slot with the same literals of
 * another pattern. */
static void test_prefilter__twins(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n",
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich'], unless: ['\\belektronisch']}\n"
        "  - {id: b, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich', '\\bPost'], unless: ['\\belektronisch']}\n"
        "  - {id: c, principle: P1, category: written-form, severity: info, message: m,\n"
        "     case_sensitive: true, match: ['\\bschriftlich']}\n");
    const dci_rule *a, *b, *c;

    (void)state;
    assert_non_null(rs);
    a = &rs->rules[0];
    b = &rs->rules[1];
    c = &rs->rules[2];
    assert_int_equal(rs->ntwins, 2);
    assert_true(a->match[0].twin >= 0);
    assert_int_equal(a->match[0].twin, b->match[0].twin);
    assert_int_equal(a->unless[0].twin, b->unless[0].twin);
    assert_true(a->unless[0].twin != a->match[0].twin);
    assert_int_equal(b->match[1].twin, -1);
    assert_int_equal(c->match[0].twin, -1);
    /* one slot per set of literals: c's pattern is no twin of a's, but
     * its literal is, so it shares the slot */
    assert_int_equal(a->match[0].slot, b->match[0].slot);
    assert_int_equal(a->unless[0].slot, b->unless[0].slot);
    assert_int_equal(c->match[0].slot, a->match[0].slot);
    assert_true(b->match[1].slot != a->match[0].slot);
    assert_int_equal(rs->nslots, 3);
    digicheck_ruleset_free(rs);
}

/* The prefilter only reads the rule set: its build gives a plan that names
 * every pattern once, in the order of the rules and their lists, with what
 * the loader then wrote into the pattern; the match of a rule that searches
 * the whole draft gets no slot. */
static void test_prefilter__plan(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n",
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich\\w*\\s+Antrag'], unless: ['\\belektronisch']}\n"
        "  - {id: b, principle: P1, category: written-form, severity: info, message: m,\n"
        "     scope: document, match: ['\\bPostweg', '\\belektronisch']}\n");
    const dci_regex *want[4];
    dci_prefilter_plan plan;
    size_t i;

    (void)state;
    assert_non_null(rs);
    want[0] = &rs->rules[0].match[0];
    want[1] = &rs->rules[0].unless[0];
    want[2] = &rs->rules[1].match[0];
    want[3] = &rs->rules[1].match[1];
    assert_int_equal(dci_prefilter_build(rs, &plan), DIGICHECK_OK);
    assert_non_null(plan.pf);
    assert_int_equal(plan.n, 4);
    assert_int_equal(plan.nslots, rs->nslots);
    assert_int_equal(plan.nslots, 3);       /* schriftlich, antrag, elektronisch */
    assert_int_equal(plan.ntwins, rs->ntwins);
    for (i = 0; i < plan.n; i++) {
        const dci_prefilter_use *u = &plan.use[i];
        assert_ptr_equal(u->re, want[i]);
        assert_int_equal(u->twin, u->re->twin);
        assert_int_equal(u->slot, u->re->slot);
        assert_int_equal(u->slot2, u->re->slot2);
        assert_int_equal(u->reach.fixed, u->re->reach.fixed);
        assert_int_equal(u->reach2.fixed, u->re->reach2.fixed);
    }
    assert_true(plan.use[0].slot >= 0 && plan.use[0].slot2 >= 0);
    assert_int_equal(plan.use[0].reach.fixed, 0);
    assert_int_equal(plan.use[2].slot, -1);
    assert_int_equal(plan.use[2].reach.fixed, DCI_REACH_NONE);
    /* a twin: the unless of a and the match of b */
    assert_true(plan.use[1].twin >= 0);
    assert_int_equal(plan.use[1].twin, plan.use[3].twin);
    assert_int_equal(plan.use[3].slot, -1);
    dci_prefilter_plan_free(&plan);
    assert_null(plan.pf);
    assert_null(plan.use);
    digicheck_ruleset_free(rs);
}

/* A word of 20 letters, different for each n (a base-26 number). */
static void word_of(unsigned long n, char *w)
{
    int i;

    for (i = 0; i < 20; i++) {
        w[i] = (char)('a' + (n * 7919u + (unsigned long)i * 104729u) % 26u);
        if (i < 6) {
            w[i] = (char)('a' + n % 26u);
            n /= 26u;
        }
    }
    w[20] = '\0';
}

/* An automaton of more than 32,768 states keeps its transitions in 32
 * bits: 40 rules of 48 words of 20 letters each still find their words. */
static void test_prefilter__large_automaton(void **state)
{
    size_t cap = 200000, used = 0;
    char *rules = malloc(cap), text[4096] = "", w[21];
    digicheck_ruleset *rs;
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    int i, j;

    (void)state;
    assert_non_null(rules);
    for (i = 0; i < 40; i++) {
        used += (size_t)snprintf(rules + used, cap - used,
                                 "  - {id: r%d, principle: P1, category: written-form, "
                                 "severity: info, message: m, match: ['\\b(?:", i);
        for (j = 0; j < 48; j++) {
            word_of((unsigned long)(i * 48 + j), w);
            used += (size_t)snprintf(rules + used, cap - used, "%s%s", j ? "|" : "", w);
        }
        used += (size_t)snprintf(rules + used, cap - used, ")\\b']}\n");
        if (i % 4 == 0) {               /* every 4th rule's 7th word is in the text */
            word_of((unsigned long)(i * 48 + 7), w);
            strcat(text, "Der ");
            strcat(text, w);
            strcat(text, " gilt. ");
        }
    }
    rs = unit_load_yaml("digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\n"
                        "rules:\n", rules);
    assert_true(rs->nslots == 40);
    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "t.txt",
                                           DIGICHECK_FORMAT_TEXT, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 10);
    for (i = 0; i < 10; i++)
        assert_int_equal(atoi(digicheck_finding_rule_id(digicheck_report_get(r, (size_t)i)) + 1),
                         4 * i);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
    free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefilter__literals),
        cmocka_unit_test(test_prefilter__full_scan_kept),
        cmocka_unit_test(test_prefilter__nesting),
        cmocka_unit_test(test_prefilter__many_literals),
        cmocka_unit_test(test_prefilter__reach),
        cmocka_unit_test(test_prefilter__twins),
        cmocka_unit_test(test_prefilter__plan),
        cmocka_unit_test(test_prefilter__second_set),
        cmocka_unit_test(test_prefilter__large_automaton),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
