/*
 * test_literals.c -- the literals every match of a pattern must hold, as
 * dci_prefilter_literals prints the sets of literals.c: sequences,
 * alternations, groups, quantifiers, lookarounds, options, classes and
 * properties, case folding, the second set and the reach; the patterns
 * that must keep their full scan, and the drafts.
 */
#include "unit.h"
#include "literals.h"

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
 * uses the one whose windows cost less. In an alternation each branch
 * gives its own; a branch with one set gives it to both, and the second is
 * then dropped if it shares a literal with the first. */
static void test_literals__second_set(void **state)
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
    /* a set without such a word is the better however short: "werden"
     * neither stands for the pattern nor pushes "kann" out of the second
     * place */
    expect("\\bkann\\s+[^.;]{0,100}?\\swerden\\b", "kann");
    expect("\\bkann\\s+[^.;]{0,100}?\\b(?:erteilt|gew\xC3\xA4hrt)\\s+werden\\b",
           "erteilt|gew\xC3\xA4hrt");
    expect2("\\bkann\\s+[^.;]{0,100}?\\b(?:erteilt|gew\xC3\xA4hrt)\\s+werden\\b", "kann");
    /* branches whose bests differ: the second set takes from each branch
     * the set that has a literal of those taken before, and may share
     * literals with the first (a check then skips the hits of the first
     * that have none of the second near) */
    expect("(?:Beh\xC3\xB6rde|Bundesamt)\\s+kann|kann\\s+[^.]{0,300}?(?:Beh\xC3\xB6rde|Bundesamt)",
           "beh\xC3\xB6rde|bundesamt|kann");
    expect2("(?:Beh\xC3\xB6rde|Bundesamt)\\s+kann|kann\\s+[^.]{0,300}?(?:Beh\xC3\xB6rde|Bundesamt)",
            "kann");
}

static void test_literals__sets(void **state)
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

/* Up to 64 different literals per pattern: a list of 64 authorities (or
 * of a rule's 53 participles) still has a prefilter; one more and it has
 * none. */
static void alternatives(size_t n, char *pattern, char *want, size_t cap)
{
    size_t i, p = 0, w = 0;

    for (i = 0; i < n; i++) {
        p += (size_t)snprintf(pattern + p, cap - p, "%sAmt%03zu", i ? "|" : "", i);
        w += (size_t)snprintf(want + w, cap - w, "%samt%03zu", i ? "|" : "", i);
    }
}

static void test_literals__many_literals(void **state)
{
    char pattern[1024], want[1024];

    (void)state;
    alternatives(DCI_MAX_LITS, pattern, want, sizeof pattern);
    expect(pattern, want);
    alternatives(DCI_MAX_LITS + 1, pattern, want, sizeof pattern);
    expect(pattern, NULL);
    /* the limit counts distinct literals: two branches that share 30 */
    {
        char twice[2 * sizeof pattern + 32];
        alternatives(30, pattern, want, sizeof pattern);
        snprintf(twice, sizeof twice, "(?:%s)\\s+eins|(?:%s)\\s+zwei", pattern, pattern);
        expect(twice, want);
    }
}

static void test_literals__full_scan_kept(void **state)
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
static void test_literals__nesting(void **state)
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

static void test_literals__reach(void **state)
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

/* The same reach in characters: one for each character a class or a
 * literal takes, two for a sharp s (it matches "ss"), none for runs. */
static void expect_chars(const char *pattern, size_t chars)
{
    char out[512];
    dci_reach r;

    if (dci_prefilter_literals(pattern, 0, out, sizeof out, &r) < 0)
        fail_msg("'%s': no literals", pattern);
    if (r.chars != chars)
        fail_msg("'%s' (%s): expected %zu characters, got %zu", pattern, out, chars, r.chars);
}

static void test_literals__reach_chars(void **state)
{
    (void)state;
    expect_chars("[^.;]{0,80}?\\bAntrag", 80);
    expect_chars("\\bper\\s+Post\\b", 3);
    expect_chars("Ma\xC3\x9F" "nahme", 4);
    expect_chars("\xC3\xBC" "ber\\s+Antrag", 4);
    expect_chars("(?:\\w+\\s+){0,3}?kann\\b", 0);
    expect_chars("(?:ab.|c){2}Antrag", 6);
    expect_chars("Telefax|Fax", 4);
}

/* A draft is scanned in full when it holds a character that PCRE2 matches
 * without case to a letter a literal may hold, which the byte fold does
 * not see: the long s ("Geſetz" is "Gesetz"), the Kelvin sign. Greek mu
 * ("5 μg") matches only the micro sign, and the capital sharp s only ß,
 * which no literal holds: such a draft keeps its prefilter. A pattern that
 * holds one of them or their partners has no Hyperscan shape. */
static void test_literals__odd_case(void **state)
{
    static const char *const hides[] = {"Ge\xC5\xBF" "etz", "5 \xE2\x84\xAA", "\xC4\xB0ndex"};
    static const char *const keeps[] = {"5 \xCE\xBCg je m\xC2\xB3", "STRA\xE1\xBA\x9E" "E",
                                        "\xC5\xB8" "ork", "Gem\xC3\xA4\xC3\x9F"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof hides / sizeof *hides; i++) {
        assert_true(dci_literals_odd_case(hides[i], strlen(hides[i]), 0));
        assert_true(dci_literals_odd_case(hides[i], strlen(hides[i]), 1));
    }
    for (i = 0; i + 1 < sizeof keeps / sizeof *keeps; i++) {
        assert_false(dci_literals_odd_case(keeps[i], strlen(keeps[i]), 0));
        assert_true(dci_literals_odd_case(keeps[i], strlen(keeps[i]), 1));
    }
    assert_false(dci_literals_odd_case(keeps[i], strlen(keeps[i]), 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals__sets),
        cmocka_unit_test(test_literals__full_scan_kept),
        cmocka_unit_test(test_literals__nesting),
        cmocka_unit_test(test_literals__many_literals),
        cmocka_unit_test(test_literals__reach),
        cmocka_unit_test(test_literals__reach_chars),
        cmocka_unit_test(test_literals__second_set),
        cmocka_unit_test(test_literals__odd_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
