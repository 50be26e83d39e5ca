/*
 * test_check.c -- the checker: pattern and absence rules, scopes, unless,
 * severity refinements, locations of findings, limits and rule examples.
 */
#include "unit.h"

static const char HEAD[] =
    "digicheck: 1\n"
    "id: t\n"
    "title: Test\n"
    "principles:\n"
    "  - {id: P1, title: Eins}\n"
    "  - {id: P5, title: Fünf}\n"
    "rules:\n";

/* Loads a single-file rule set made of HEAD and the given rules. */
static digicheck_ruleset *load_rules(const char *rules)
{
    return unit_load_yaml(HEAD, rules);
}

static digicheck_report *check_text(const digicheck_ruleset *rs, const char *text, int format,
                                    const char *answer_q, const char *answer)
{
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "t.md", format, &err),
                     DIGICHECK_OK);
    if (answer_q)
        assert_int_equal(digicheck_draft_set_answer(d, answer_q, answer, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    return r;
}

static size_t count_rule(const digicheck_report *r, const char *id)
{
    size_t i, n = 0;

    for (i = 0; i < digicheck_report_count(r); i++)
        n += strcmp(digicheck_finding_rule_id(digicheck_report_get(r, i)), id) == 0;
    return n;
}

/* The first finding of rule id, or NULL. */
static const digicheck_finding *first_of(const digicheck_report *r, const char *id)
{
    size_t i;

    for (i = 0; i < digicheck_report_count(r); i++)
        if (strcmp(digicheck_finding_rule_id(digicheck_report_get(r, i)), id) == 0)
            return digicheck_report_get(r, i);
    return NULL;
}

static const char SCHRIFTLICH[] =
    "  - id: form.s\n"
    "    principle: P1\n"
    "    category: written-form\n"
    "    severity: warning\n"
    "    match: ['\\bschriftlich\\w*', 'Schriftform']\n"
    "    unless: ['\\belektronisch']\n"
    "    message: Schriftform\n"
    "    suggestion: Textform\n"
    "    references: ['§ 126 BGB', '§ 3a VwVfG']\n";

static void test_check__case_folding_and_umlauts(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich\\b', '\\bänderung\\b']}\n");
    digicheck_report *r = check_text(
        rs, "Er ist SCHRIFTLICH zu stellen. Schriftlich ist er zu stellen. Er ist schriftlich "
            "zu stellen. Die ÄNDERUNG gilt. Die Änderung gilt.", DIGICHECK_FORMAT_TEXT, NULL,
        NULL);

    (void)state;
    assert_int_equal(digicheck_report_count(r), 5);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_check__unless_cancels_in_its_sentence_only(void **state)
{
    digicheck_ruleset *rs = load_rules(SCHRIFTLICH);
    digicheck_report *r = check_text(
        rs, "Der Antrag ist schriftlich oder elektronisch zu stellen. Die Anzeige ist "
            "schriftlich zu erstatten.", DIGICHECK_FORMAT_TEXT, NULL, NULL);
    const digicheck_finding *f;

    (void)state;
    assert_int_equal(digicheck_report_count(r), 1);
    f = digicheck_report_get(r, 0);
    assert_string_equal(digicheck_finding_path(f), "Satz 2");
    assert_int_equal(digicheck_finding_offset(f), 73);
    assert_int_equal(digicheck_finding_length(f), strlen("schriftlich"));
    assert_string_equal(digicheck_finding_kind(f), "text");
    assert_string_equal(digicheck_finding_suggestion(f), "Textform");
    assert_int_equal(digicheck_finding_reference_count(f), 2);
    assert_string_equal(digicheck_finding_reference(f, 1), "§ 3a VwVfG");
    assert_null(digicheck_finding_reference(f, 2));
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_check__paragraph_scope_sees_the_whole_absatz(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     scope: paragraph, match: ['\\bschriftlich'], unless: ['\\belektronisch']}\n");
    digicheck_report *r = check_text(
        rs, "## § 1 Test\n\n(1) Die Anzeige ist schriftlich zu erstatten. Sie kann auch "
            "elektronisch erfolgen.\n\n(2) Der Antrag ist schriftlich zu stellen.\n",
        DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);

    (void)state;
    assert_int_equal(digicheck_report_count(r), 1);
    assert_string_equal(digicheck_finding_path(digicheck_report_get(r, 0)), "§ 1 Abs. 2 Satz 1");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* unless, severity_if and absent ask whether a pattern occurs: a match of
 * length zero (a lookahead) counts, though it never makes a finding. */
static void test_check__zero_width_patterns_occur(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich'], unless: ['(?=.*\\belektronisch)'],\n"
        "     severity_if: [{match: '(?=.*\\bstellen\\b)', severity: error}]}\n"
        "  - {id: b, type: absence, principle: P5, category: it-security, severity: info,\n"
        "     message: m, scope: section, when: {match: ['Register']},\n"
        "     absent: ['(?=\\w*[Ss]icherheit)']}\n");
    digicheck_report *r = check_text(
        rs, "## § 1 Test\n\n(1) Die Anzeige ist schriftlich oder elektronisch zu erstatten.\n\n"
            "(2) Der Antrag ist schriftlich zu stellen.\n\n"
            "## § 2 Register\n\nDas Amt führt ein Register. Die Informationssicherheit ist "
            "zu gewährleisten.\n\n## § 3 Noch eins\n\nDas Amt führt ein Register.\n",
        DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    const digicheck_finding *f;

    (void)state;
    assert_int_equal(count_rule(r, "a"), 1);
    f = first_of(r, "a");
    assert_string_equal(digicheck_finding_path(f), "§ 1 Abs. 2 Satz 1");
    assert_int_equal(digicheck_finding_severity(f), DIGICHECK_SEVERITY_ERROR);
    assert_int_equal(count_rule(r, "b"), 1);
    assert_string_equal(digicheck_finding_path(first_of(r, "b")), "§ 3 Satz 1");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* A pattern whose literal ("kann") lies behind a word of unbounded length:
 * the windows around its hits reach back by the draft's longest word, and
 * a word longer than any window falls back to a full scan. Both find what
 * a full scan finds, with the same span. */
static void test_check__windows_reach_back_over_long_words(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: a, principle: P1, category: discretion, severity: info, message: m,\n"
        "     match: ['\\b\\w+amt\\s+(?:\\w+\\s+){0,2}kann\\b']}\n");
    char text[4096], word[2100];
    digicheck_report *r;
    size_t n;

    (void)state;
    for (n = 0; n < 2; n++) {
        size_t len = n ? 2000 : 60, i;
        for (i = 0; i < len; i++)
            word[i] = (char)('a' + i % 26);
        memcpy(word + len, "amt", 4);
        snprintf(text, sizeof text,
                 "## § 1 Test\n\nDas Ministerium kann. Das %s heute kann entscheiden. "
                 "Das Amt kann.\n",
                 word);
        r = check_text(rs, text, DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
        assert_int_equal(count_rule(r, "a"), 1);
        assert_int_equal(digicheck_finding_column(first_of(r, "a")), 27);
        assert_int_equal(digicheck_finding_length(first_of(r, "a")),
                         len + strlen("amt heute kann"));
        digicheck_report_free(r);
    }
    digicheck_ruleset_free(rs);
}

/* Twins (patterns written alike) are searched once per check and each rule
 * gets the answer to what it asked: the copy of a rule finds what the rule
 * finds, and a twin asked about a sentence is not answered for the document
 * that starts at the same place. */
static void test_check__twins_find_what_each_asks(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich\\w*'], unless: ['\\bTextform']}\n"
        "  - {id: b, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich\\w*'], unless: ['\\bTextform']}\n"
        "  - {id: doc, type: absence, principle: P1, category: written-form, severity: info,\n"
        "     message: m, scope: document, when: {answers: {vp.x: 'yes'}},\n"
        "     absent: ['\\belektronisch']}\n"
        "  - {id: satz, type: absence, principle: P1, category: written-form, severity: info,\n"
        "     message: m, scope: sentence, when: {answers: {vp.x: 'yes'}},\n"
        "     absent: ['\\belektronisch']}\n");
    digicheck_report *r = check_text(
        rs, "Die Anzeige ist schriftlich zu erstatten. Sie kann auch elektronisch "
            "erfolgen. Der Antrag ist schriftlich oder in Textform zu stellen. Die "
            "Erklärung ist schriftlich abzugeben.", DIGICHECK_FORMAT_TEXT, "vp.x", "yes");
    size_t i;

    (void)state;
    assert_int_equal(r->rs->rules[0].match[0].twin, r->rs->rules[1].match[0].twin);
    assert_int_equal(r->rs->rules[2].absent[0].twin, r->rs->rules[3].absent[0].twin);
    assert_int_equal(count_rule(r, "a"), 2);
    assert_int_equal(count_rule(r, "b"), 2);
    for (i = 0; i < digicheck_report_count(r); i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        if (strcmp(digicheck_finding_rule_id(f), "b") == 0) {
            const digicheck_finding *g = digicheck_report_get(r, i - 1);
            assert_string_equal(digicheck_finding_rule_id(g), "a");
            assert_int_equal(digicheck_finding_offset(f), digicheck_finding_offset(g));
            assert_int_equal(digicheck_finding_length(f), digicheck_finding_length(g));
        }
    }
    /* the document holds "elektronisch", sentences 1, 3 and 4 do not */
    assert_int_equal(count_rule(r, "doc"), 0);
    assert_int_equal(count_rule(r, "satz"), 3);
    assert_string_equal(digicheck_finding_path(first_of(r, "satz")), "Satz 1");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* A pattern with two literal sets is searched around the hits of the set
 * with fewer of them in the draft, each with its own reach: here
 * "Portal", which a match ends with, in a text with three "Behörde", and
 * "Behörde", which a match starts with, in a text with three "Portal". */
static void test_check__the_rarer_literals_stand_for_a_pattern(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['Beh\xC3\xB6rde\\w*\\s+(?:\\w+\\s+){0,3}?Portal\\w*']}\n");
    const char *text = "Die Beh\xC3\xB6rde pr\xC3\xBC" "ft. Die Beh\xC3\xB6rde zahlt. "
                       "Die Landesbeh\xC3\xB6rden betreiben ein gemeinsames Portal.";
    digicheck_report *r;
    const digicheck_finding *f;

    (void)state;
    assert_true(rs->rules[0].match[0].slot2 >= 0);
    r = check_text(rs, text, DIGICHECK_FORMAT_TEXT, NULL, NULL);
    assert_int_equal(digicheck_report_count(r), 1);
    f = digicheck_report_get(r, 0);
    assert_string_equal(digicheck_finding_path(f), "Satz 3");
    assert_int_equal(digicheck_finding_offset(f), (size_t)(strstr(text, "beh\xC3\xB6rden") - text));
    digicheck_report_free(r);
    text = "Das Portal ist offen. Das Portal ist zu. Die Beh\xC3\xB6rde betreibt das Portal.";
    r = check_text(rs, text, DIGICHECK_FORMAT_TEXT, NULL, NULL);
    assert_int_equal(digicheck_report_count(r), 1);
    f = digicheck_report_get(r, 0);
    assert_int_equal(digicheck_finding_offset(f), (size_t)(strstr(text, "Beh") - text));
    assert_int_equal(digicheck_finding_length(f), strlen("Beh\xC3\xB6rde betreibt das Portal"));
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* A statute with Artikel, §, Absatz and wrapped lines: exact locations. */
static const char STATUTE[] =
    "# Gesetz\n"
    "\n"
    "## Artikel 1 Änderungen\n"
    "\n"
    "### § 3 Schriftform\n"
    "\n"
    "(1) Die Behörde prüft den Antrag.\n"
    "\n"
    "(2) Über die Zulässigkeit wird entschieden. Der Antrag ist\n"
    "    schriftlich zu stellen. Für Änderungen gilt die Schrift-\n"
    "form.\n";

static void test_check__locations_on_a_wrapped_statute(void **state)
{
    digicheck_ruleset *rs = load_rules(SCHRIFTLICH);
    digicheck_report *r = check_text(rs, STATUTE, DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    const digicheck_finding *f;
    const char *p;

    (void)state;
    /* the heading "§ 3 Schriftform" is not a provision */
    assert_int_equal(digicheck_report_count(r), 2);
    f = digicheck_report_get(r, 0);
    p = strstr(STATUTE, "schriftlich");
    assert_string_equal(digicheck_finding_path(f), "Art. 1 § 3 Abs. 2 Satz 2");
    assert_int_equal(digicheck_finding_offset(f), (size_t)(p - STATUTE));
    assert_int_equal(digicheck_finding_line(f), 10);
    assert_int_equal(digicheck_finding_column(f), 5);
    assert_int_equal(digicheck_finding_end_line(f), 10);
    assert_int_equal(digicheck_finding_end_column(f), 15);
    assert_string_equal(digicheck_finding_excerpt(f), "Der Antrag ist schriftlich zu stellen.");

    /* "Schrift-⏎form" is read as "Schriftform"; the span covers both lines.
     * Columns count code points: "Für Änderungen" has two umlauts before. */
    f = digicheck_report_get(r, 1);
    p = strstr(STATUTE, "Schrift-\n");
    assert_string_equal(digicheck_finding_path(f), "Art. 1 § 3 Abs. 2 Satz 3");
    assert_int_equal(digicheck_finding_offset(f), (size_t)(p - STATUTE));
    assert_int_equal(digicheck_finding_length(f), strlen("Schrift-\nform"));
    assert_int_equal(digicheck_finding_line(f), 10);
    assert_int_equal(digicheck_finding_column(f), 53);
    assert_int_equal(digicheck_finding_end_line(f), 11);
    assert_int_equal(digicheck_finding_end_column(f), 4);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_check__findings_sorted_by_position_then_rule(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: b, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['Antrag']}\n"
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['Antrag', 'schriftlich']}\n");
    digicheck_report *r = check_text(rs, "Der Antrag ist zu stellen. Er ist schriftlich zu "
                                         "stellen.", DIGICHECK_FORMAT_TEXT, NULL, NULL);

    (void)state;
    assert_int_equal(digicheck_report_count(r), 3);
    assert_string_equal(digicheck_finding_rule_id(digicheck_report_get(r, 0)), "b");
    assert_string_equal(digicheck_finding_rule_id(digicheck_report_get(r, 1)), "a");
    assert_string_equal(digicheck_finding_rule_id(digicheck_report_get(r, 2)), "a");
    assert_true(digicheck_finding_offset(digicheck_report_get(r, 2)) >
                digicheck_finding_offset(digicheck_report_get(r, 1)));
    assert_null(digicheck_report_get(r, 3));
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_check__one_finding_per_rule_and_sentence(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: a, principle: P1, category: signature, severity: info, message: m,\n"
        "     match: ['Unterschrift', 'eigenhändige\\w*\\s+Unterschrift', 'Antrag']}\n");
    digicheck_report *r = check_text(rs, "Der Antrag bedarf der eigenhändigen Unterschrift "
                                         "und einer Unterschrift. Die Unterschrift fehlt.",
                                     DIGICHECK_FORMAT_TEXT, NULL, NULL);

    (void)state;
    /* the widest match of the first sentence, and the second sentence */
    assert_int_equal(digicheck_report_count(r), 2);
    assert_string_equal(digicheck_finding_match(digicheck_report_get(r, 0)),
                        "eigenhändigen Unterschrift");
    assert_string_equal(digicheck_finding_path(digicheck_report_get(r, 1)), "Satz 2");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_check__grouped_hints_one_per_section(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: a, principle: P1, category: vague-term, severity: info, message: Vage.,\n"
        "     group: section, match: ['\\bangemessen\\w*']}\n"
        "  - {id: b, principle: P1, category: vague-term, severity: warning, message: Frist.,\n"
        "     group: section, match: ['\\bunverzüglich']}\n"
        "  - {id: c, principle: P1, category: discretion, severity: info, message: Kann.,\n"
        "     group: section, match: ['\\bkann\\b']}\n");
    digicheck_report *r = check_text(
        rs, "## § 1 Eins\n\n(1) Die Frist ist angemessen. Die Behörde kann sie verlängern.\n\n"
            "(2) Sie entscheidet unverzüglich.\n\n## § 2 Zwei\n\nDie Gebühr ist angemessen.\n",
        DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    const digicheck_finding *f;

    (void)state;
    assert_int_equal(digicheck_report_count(r), 3);
    f = digicheck_report_get(r, 0);
    assert_string_equal(digicheck_finding_category(f), "vague-term");
    assert_int_equal(digicheck_finding_severity(f), DIGICHECK_SEVERITY_WARNING);
    assert_string_equal(digicheck_finding_message(f),
                        "Vage. Stellen in dieser Vorschrift: \xE2\x80\x9E" "angemessen"
                        "\xE2\x80\x9C (§ 1 Abs. 1 Satz 1), \xE2\x80\x9E" "unverzüglich"
                        "\xE2\x80\x9C (§ 1 Abs. 2 Satz 1).");
    assert_string_equal(digicheck_finding_category(digicheck_report_get(r, 1)), "discretion");
    assert_string_equal(digicheck_finding_message(digicheck_report_get(r, 2)), "Vage.");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_check__severity_if_refines(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - id: a\n    principle: P1\n    category: written-form\n    severity: info\n"
        "    message: m\n    match: ['\\bschriftlich']\n"
        "    severity_if: [{match: 'zu\\s+stellen', severity: error}]\n");
    digicheck_report *r = check_text(rs, "Der Antrag ist schriftlich zu stellen. Er ist "
                                         "schriftlich.", DIGICHECK_FORMAT_TEXT, NULL, NULL);

    (void)state;
    assert_int_equal(digicheck_report_count(r), 2);
    assert_int_equal(digicheck_finding_severity(digicheck_report_get(r, 0)),
                     DIGICHECK_SEVERITY_ERROR);
    assert_int_equal(digicheck_finding_severity(digicheck_report_get(r, 1)),
                     DIGICHECK_SEVERITY_INFO);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static const char ABSENCE[] =
    "  - id: reg\n    principle: P5\n    category: it-security\n    severity: info\n"
    "    message: m\n    match: ['\\bRegister\\b']\n"
    "  - id: sec\n    type: absence\n    principle: P5\n    category: it-security\n"
    "    severity: warning\n    scope: document\n    message: keine Sicherheit\n"
    "    when: {match: ['führt\\s+ein\\s+Register'], answers: {vp.it-system: 'yes'}}\n"
    "    absent: ['Informationssicherheit']\n"
    "  - id: sec2\n    type: absence\n    principle: P5\n    category: it-security\n"
    "    severity: info\n    scope: section\n    message: m2\n"
    "    when: {rules: [reg]}\n    absent: ['Sicherheit']\n";

static void test_check__absence_rules(void **state)
{
    digicheck_ruleset *rs = load_rules(ABSENCE);
    digicheck_report *r;
    const digicheck_finding *f;
    const char *text = "## § 1 Register\n\nDie Stelle führt ein Register.\n\n"
                       "## § 2 Sicherheit\n\nDas Register ist nach dem Stand der Sicherheit "
                       "zu betreiben.\n";

    (void)state;
    r = check_text(rs, text, DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    /* trigger by pattern: reported at the trigger */
    assert_int_equal(count_rule(r, "sec"), 1);
    f = first_of(r, "sec");
    assert_non_null(f);
    assert_string_equal(digicheck_finding_kind(f), "absence");
    assert_string_equal(digicheck_finding_path(f), "§ 1 Satz 1");
    assert_int_equal(digicheck_finding_offset(f), (size_t)(strstr(text, "führt") - text));
    /* per section: § 1 has the register but no "Sicherheit"; § 2 has both.
     * Triggered by a rule, the finding spans the whole § from its heading,
     * so it sorts before the findings inside that §. */
    assert_int_equal(count_rule(r, "sec2"), 1);
    f = digicheck_report_get(r, 0);
    assert_string_equal(digicheck_finding_rule_id(f), "sec2");
    assert_string_equal(digicheck_finding_path(f), "§ 1");
    assert_int_equal(digicheck_finding_offset(f), (size_t)(strstr(text, "§ 1") - text));
    digicheck_report_free(r);

    /* the absent pattern cancels */
    r = check_text(rs, "Die Stelle führt ein Register. Die Informationssicherheit ist zu "
                       "gewährleisten.", DIGICHECK_FORMAT_TEXT, NULL, NULL);
    assert_int_equal(count_rule(r, "sec"), 0);
    digicheck_report_free(r);

    /* trigger by answer, no text trigger: reported at the document */
    r = check_text(rs, "Die Behörde prüft.", DIGICHECK_FORMAT_TEXT, "vp.it-system", "yes");
    assert_int_equal(count_rule(r, "sec"), 1);
    assert_string_equal(digicheck_finding_path(digicheck_report_get(r, 0)), "");
    assert_int_equal(digicheck_finding_line(digicheck_report_get(r, 0)), 1);
    digicheck_report_free(r);
    r = check_text(rs, "Die Behörde prüft.", DIGICHECK_FORMAT_TEXT, "vp.it-system", "no");
    assert_int_equal(digicheck_report_count(r), 0);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* `absent_in`: what satisfies a rule is also looked for in the §§ the
 * triggering sentence cites (of this law, not of another) and in the
 * definitions; the finding stands at the triggering sentence. */
static const char ABSENT_IN[] =
    "  - id: del\n    type: absence\n    principle: P5\n    category: personal-data\n"
    "    severity: info\n    scope: section\n    message: m\n"
    "    when: {match: ['speichert\\s+Daten']}\n    absent: ['löschen']\n"
    "    absent_in: [scope, cited, definitions]\n";

static void test_check__absent_in_cited_and_definitions(void **state)
{
    digicheck_ruleset *rs = load_rules(ABSENT_IN);
    digicheck_report *r;
    const char *cited = "## § 1 Register\n\nDie Stelle führt ein Register. Sie speichert "
                        "Daten nach den §§ 3 bis 5.\n\n## § 4 Fristen\n\nDie Daten sind "
                        "nach zwei Jahren zu löschen.\n";
    const char *other = "## § 1 Register\n\nSie speichert Daten nach § 4 des "
                        "Bundesmeldegesetzes.\n\n## § 4 Fristen\n\nDie Daten sind "
                        "nach zwei Jahren zu löschen.\n";
    const char *defs = "## § 1 Begriffsbestimmungen\n\nLöschen ist das Unkenntlichmachen "
                       "von Daten.\n\n## § 2 Register\n\nSie speichert Daten.\n";

    (void)state;
    /* § 4 lies in the range §§ 3 bis 5 */
    r = check_text(rs, cited, DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    assert_int_equal(count_rule(r, "del"), 0);
    digicheck_report_free(r);
    /* § 4 of another law is not § 4 of this one: at the triggering Satz 1 */
    r = check_text(rs, other, DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    assert_int_equal(count_rule(r, "del"), 1);
    assert_string_equal(digicheck_finding_path(first_of(r, "del")), "§ 1 Satz 1");
    digicheck_report_free(r);
    r = check_text(rs, defs, DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    assert_int_equal(count_rule(r, "del"), 0);
    digicheck_report_free(r);
    /* "dieses Gesetzes" is this law, an abbreviation in capitals another */
    r = check_text(rs, "## § 1 Register\n\nSie speichert Daten nach § 4 Absatz 2 dieses "
                       "Gesetzes.\n\n## § 4 Fristen\n\nDie Daten sind zu löschen.\n",
                   DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    assert_int_equal(count_rule(r, "del"), 0);
    digicheck_report_free(r);
    r = check_text(rs, "## § 1 Register\n\nSie speichert Daten nach § 4 BGB.\n\n"
                       "## § 4 Fristen\n\nDie Daten sind zu löschen.\n",
                   DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    assert_int_equal(count_rule(r, "del"), 1);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);

    /* without absent_in only the § itself counts */
    rs = load_rules("  - id: del\n    type: absence\n    principle: P5\n"
                    "    category: personal-data\n    severity: info\n    scope: section\n"
                    "    message: m\n    when: {match: ['speichert\\s+Daten']}\n"
                    "    absent: ['löschen']\n");
    r = check_text(rs, cited, DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    assert_int_equal(count_rule(r, "del"), 1);
    assert_string_equal(digicheck_finding_path(first_of(r, "del")), "§ 1 Satz 2");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* An absence rule may name another absence rule defined after it: the rule
 * set runs them in dependency order, so "outer" sees what "inner" found. */
static void test_check__absence_rules_run_after_those_they_name(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: outer, type: absence, principle: P5, category: it-security,\n"
        "     severity: warning, scope: paragraph, message: m,\n"
        "     when: {rules: [inner]}, absent: ['Protokoll']}\n"
        "  - {id: inner, type: absence, principle: P5, category: it-security,\n"
        "     severity: warning, scope: sentence, message: m,\n"
        "     when: {match: ['Register']}, absent: ['Sicherheit']}\n");
    digicheck_report *r = check_text(rs,
        "## \xC2\xA7 1 A\n\n(1) Die Stelle f\xC3\xBChrt ein Register.\n\n"
        "(2) Das Register hat eine Sicherheit. Ein Protokoll wird gef\xC3\xBChrt.\n\n"
        "(3) Ein weiteres Register. Ein Protokoll wird gef\xC3\xBChrt.\n",
        DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    const digicheck_finding *f;

    (void)state;
    /* inner: the sentences of Abs. 1 and Abs. 3 with a register */
    assert_int_equal(count_rule(r, "inner"), 2);
    /* outer: Abs. 1 (inner fired, no Protokoll); not Abs. 2 (inner did not
     * fire) nor Abs. 3 (Protokoll) */
    assert_int_equal(count_rule(r, "outer"), 1);
    f = first_of(r, "outer");
    assert_string_equal(digicheck_finding_path(f), "\xC2\xA7 1 Abs. 1");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static const char QUESTIONS[] =
    "  - {id: reg, principle: P5, category: it-security, severity: info, message: m,\n"
    "     match: ['\\bRegister\\b']}\n"
    "  - id: vp.it-system\n    type: question\n    stage: vorpruefung\n    principle: P1\n"
    "    message: Muss ein IT-System angepasst oder neu entwickelt werden?\n"
    "    prefill:\n      - {match: ['f\xC3\xBChrt\\s+ein\\s+\\w*\\s*Register'], suggests: yes}\n"
    "  - id: pc.register\n    type: question\n    stage: praxischeck\n    principle: P5\n"
    "    message: Wer darf das Register einsehen?\n    answers: [beh\xC3\xB6rden, alle]\n"
    "    applies_when: {rules: [reg]}\n"
    "  - id: pc.frist\n    type: question\n    stage: praxischeck\n    principle: P1\n"
    "    message: Ist die Frist bestimmt?\n    applies_when: {match: ['\\bFrist\\b']}\n";

static const dci_question *question(const digicheck_report *r, const char *id)
{
    size_t i;

    for (i = 0; i < r->nquestions; i++)
        if (strcmp(r->questions[i].rule->id, id) == 0)
            return &r->questions[i];
    fail_msg("no question '%s'", id);
    return NULL;
}

/* The state of principle p, by name. */
static const char *status_of(const digicheck_report *r, size_t p, size_t *nf, size_t *no)
{
    return dci_name(&dci_statuses, dci_report_principle(r, p, nf, no));
}

static void test_check__questions(void **state)
{
    digicheck_ruleset *rs = load_rules(QUESTIONS);
    const char *text = "## \xC2\xA7 1 Register\n\nDie Stelle f\xC3\xBChrt ein "
                       "elektronisches Register.\n";
    digicheck_report *r = check_text(rs, text, DIGICHECK_FORMAT_MARKDOWN, NULL, NULL);
    const dci_question *q;
    size_t nf, no;

    (void)state;
    /* unanswered and applicable: open, with its evidence; a question, never a finding */
    q = question(r, "vp.it-system");
    assert_true(q->applicable);
    assert_null(q->answer);
    assert_true(dci_question_open(q));
    assert_string_equal(q->suggested, "yes");
    assert_int_equal(q->nevidence, 1);
    assert_string_equal(q->evidence[0].path, "\xC2\xA7 1 Satz 1");
    assert_int_equal(q->evidence[0].line, 3);
    assert_int_equal(q->evidence[0].column, 12);
    assert_int_equal(q->evidence[0].offset, (size_t)(strstr(text, "f\xC3\xBChrt") - text));
    assert_int_equal(count_rule(r, "vp.it-system"), 0);
    assert_int_equal(digicheck_report_count(r), 1);     /* rule 'reg' alone */
    assert_int_equal(dci_report_open_questions(r), 2);   /* vp.it-system, pc.register */
    /* no Frist in the text: pc.frist does not apply */
    assert_false(question(r, "pc.frist")->applicable);
    /* applies because rule 'reg' fired */
    assert_true(question(r, "pc.register")->applicable);
    assert_int_equal(count_rule(r, "pc.register"), 0);
    /* P1: only an open question; P5: a finding and an open question */
    assert_string_equal(status_of(r, 0, &nf, &no), "open-questions");
    assert_int_equal(nf, 0);
    assert_int_equal(no, 1);
    assert_string_equal(status_of(r, 1, &nf, &no), "findings");
    assert_int_equal(nf, 1);
    assert_int_equal(no, 1);
    digicheck_report_free(r);

    /* answered (in German, any case): no longer open */
    r = check_text(rs, text, DIGICHECK_FORMAT_MARKDOWN, "vp.it-system", "JA");
    assert_string_equal(question(r, "vp.it-system")->answer, "yes");
    assert_false(dci_question_open(question(r, "vp.it-system")));
    assert_int_equal(dci_report_open_questions(r), 1);
    digicheck_report_free(r);

    /* no register: pc.register does not apply; vp.it-system is open without evidence */
    r = check_text(rs, "Die Stelle pr\xC3\xBC" "ft.", DIGICHECK_FORMAT_TEXT, NULL, NULL);
    assert_false(question(r, "pc.register")->applicable);
    assert_false(dci_question_open(question(r, "pc.register")));
    assert_true(dci_question_open(question(r, "vp.it-system")));
    assert_int_equal(question(r, "vp.it-system")->nevidence, 0);
    assert_int_equal(digicheck_report_count(r), 0);
    assert_string_equal(status_of(r, 1, &nf, &no), "clean");
    digicheck_report_free(r);

    /* applicable through a pattern, without evidence: open, not a finding */
    r = check_text(rs, "Die Stelle pr\xC3\xBC" "ft.\nDie Frist betr\xC3\xA4gt einen Monat.",
                   DIGICHECK_FORMAT_TEXT, NULL, NULL);
    assert_true(dci_question_open(question(r, "pc.frist")));
    assert_int_equal(count_rule(r, "pc.frist"), 0);
    digicheck_report_free(r);

    /* an answer the question does not allow: a diagnostic, counted as none */
    r = check_text(rs, text, DIGICHECK_FORMAT_MARKDOWN, "pc.register", "niemand");
    assert_null(question(r, "pc.register")->answer);
    assert_true(dci_question_open(question(r, "pc.register")));
    assert_int_equal(count_rule(r, "pc.register"), 1);
    assert_non_null(strstr(digicheck_finding_message(first_of(r, "pc.register")),
                           "the answer 'niemand' to question 'pc.register' is not one it "
                           "allows (beh\xC3\xB6rden, alle)"));
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* Keeping the findings a reader asked for: by severity, category and rule;
 * unknown names are refused and leave the report as it was. */
static void test_check__keep(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: form.s, principle: P1, category: written-form, severity: warning, message: m,\n"
        "     match: ['\\bschriftlich']}\n"
        "  - {id: auto.k, principle: P1, category: discretion, severity: info, message: m,\n"
        "     match: ['\\bkann']}\n"
        "  - {id: sec.r, principle: P5, category: it-security, severity: error, message: m,\n"
        "     match: ['\\bRegister']}\n");
    const char *text = "Die Stelle kann schriftlich ein Register f\xC3\xBChren.";
    const char *cats[] = { "discretion", "it-security" }, *rules[] = { "form.s" };
    const char *bad_cat[] = { "discrétion" }, *bad_rule[] = { "form.z" };
    digicheck_report *r = check_text(rs, text, DIGICHECK_FORMAT_TEXT, NULL, NULL);
    digicheck_error err;
    size_t nf;

    (void)state;
    assert_int_equal(digicheck_report_count(r), 3);
    assert_int_equal(digicheck_report_keep(r, 0, NULL, 0, NULL, 0, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 3);
    assert_int_equal(digicheck_report_keep(r, 0, bad_cat, 1, NULL, 0, &err), DIGICHECK_EINVAL);
    assert_non_null(strstr(err.message, "unknown category 'discrétion' (written-form, "
                                        "signature,"));
    assert_int_equal(digicheck_report_keep(r, 0, NULL, 0, bad_rule, 1, &err), DIGICHECK_EINVAL);
    assert_string_equal(err.message, "no rule 'form.z' in rule set 't'; did you mean 'form.s'?");
    assert_int_equal(digicheck_report_keep(r, 9, NULL, 0, NULL, 0, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_report_count(r), 3);
    /* at least a warning, of the two categories: the register alone */
    assert_int_equal(digicheck_report_keep(r, DIGICHECK_SEVERITY_WARNING, cats, 2, NULL, 0,
                                           &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 1);
    assert_int_equal(count_rule(r, "sec.r"), 1);
    /* principle P1 lost its findings with them */
    assert_int_equal(digicheck_report_principle_status(r, 0, &nf, NULL),
                     DIGICHECK_PRINCIPLE_CLEAN);
    assert_int_equal(nf, 0);
    digicheck_report_free(r);
    r = check_text(rs, text, DIGICHECK_FORMAT_TEXT, NULL, NULL);
    assert_int_equal(digicheck_report_keep(r, 0, NULL, 0, rules, 1, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 1);
    assert_int_equal(count_rule(r, "form.s"), 1);
    assert_null(digicheck_category(15));
    assert_string_equal(digicheck_category(0), "written-form");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* The official result logic of the Vorprüfung, answer by answer. */
static void test_check__vorpruefung(void **state)
{
    static const struct {
        const char *answers[6];     /* it-system … eu-bezug; NULL: unanswered */
        const char *result, *interop, *eu;
        int contradiction;
    } cases[] = {
        { { NULL, NULL, NULL, NULL, NULL, NULL }, "open", "open", "open", 0 },
        { { "yes", NULL, NULL, NULL, NULL, NULL }, "positive", "open", "open", 0 },
        { { "no", "no", "no", "no", "no", "no" }, "negative", "negative", "negative", 0 },
        { { "no", "unsure", "no", "no", "no", "yes" }, "unsure", "negative", "positive", 1 },
        { { "no", "no", "no", "no", NULL, "yes" }, "open", "open", "positive", 1 },
        { { "no", "no", "yes", "no", "no", "unsure" }, "positive", "unsure", "unsure", 0 },
        { { "nein", "nein", "nein", "ja", "nein", "ja" }, "positive", "positive", "positive",
          1 },
        { { "no", "no", "no", "no", "no", "yes" }, "negative", "negative", "positive", 1 },
    };
    static const char *const ids[] = {
        "vp.it-system", "vp.verpflichtungen", "vp.datenaustausch", "vp.kommunikation",
        "vp.automatisierung", "vp.eu-bezug"
    };
    digicheck_ruleset *rs = load_rules(QUESTIONS);
    size_t i, j, nf, no;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        digicheck_draft *d = NULL;
        digicheck_checker *c = NULL;
        digicheck_report *r = NULL;
        digicheck_error err;
        const char *result, *interop, *eu;
        assert_int_equal(digicheck_draft_parse(&d, "Text.", 5, "t.txt", DIGICHECK_FORMAT_TEXT,
                                               &err), DIGICHECK_OK);
        for (j = 0; j < 6; j++)
            if (cases[i].answers[j])
                assert_int_equal(digicheck_draft_set_answer(d, ids[j], cases[i].answers[j],
                                                            &err), DIGICHECK_OK);
        assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
        assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
        result = dci_name(&dci_verdicts, r->vp.result);
        interop = dci_name(&dci_verdicts, r->vp.interoperability);
        eu = dci_name(&dci_verdicts, r->vp.eu);
        if (strcmp(result, cases[i].result) || strcmp(interop, cases[i].interop) ||
            strcmp(eu, cases[i].eu) || r->vp.contradiction != cases[i].contradiction)
            fail_msg("case %zu: %s %s %s %d", i, result, interop, eu, r->vp.contradiction);
        /* no digital relevance: the principles are not relevant */
        if (strcmp(cases[i].result, "negative") == 0)
            assert_string_equal(status_of(r, 1, &nf, &no), "not-relevant");
        digicheck_report_free(r);
        digicheck_checker_free(c);
        digicheck_draft_free(d);
    }
    digicheck_ruleset_free(rs);
}

static void test_check__match_limit_gives_a_diagnostic(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - {id: slow, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['(\\w+\\s?)+\\d$']}\n"
        "  - {id: ok, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bAntrag\\b']}\n");
    size_t n = 200000, i;
    char *text = malloc(n + 32);
    digicheck_report *r;
    const digicheck_finding *f;

    (void)state;
    strcpy(text, "Der Antrag ");
    for (i = strlen(text); i < n; i++)
        text[i] = (i % 7) ? 'a' : ' ';
    strcpy(text + n, " x.");
    r = check_text(rs, text, DIGICHECK_FORMAT_TEXT, NULL, NULL);
    assert_int_equal(count_rule(r, "ok"), 1);
    assert_int_equal(count_rule(r, "slow"), 1);
    for (i = 0; i < digicheck_report_count(r); i++) {
        f = digicheck_report_get(r, i);
        if (strcmp(digicheck_finding_rule_id(f), "slow") == 0) {
            assert_string_equal(digicheck_finding_kind(f), "diagnostic");
            assert_non_null(strstr(digicheck_finding_message(f), "rule 'slow' was stopped"));
        }
    }
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
    free(text);
}

/* Many findings along one 1 MB line (one sentence, no line break): every
 * column is the code-point column of its match, and the end is on the same
 * line. The umlaut makes bytes and code points differ. */
static void test_check__columns_along_a_one_megabyte_line(void **state)
{
    static const char piece[] = "Die Geb\xC3\xBChr ist schriftlich zu zahlen. ";
    digicheck_ruleset *rs = load_rules(SCHRIFTLICH);
    size_t plen = strlen(piece), n = (1u << 20) / plen, i;
    long piece_cols = (long)dci_utf8_count(piece, plen);
    char *text = malloc(n * plen + 1);
    digicheck_report *r;

    (void)state;
    assert_non_null(text);
    for (i = 0; i < n; i++)
        memcpy(text + i * plen, piece, plen);
    text[n * plen] = '\0';
    r = check_text(rs, text, DIGICHECK_FORMAT_TEXT, NULL, NULL);
    assert_int_equal(digicheck_report_count(r), n);
    for (i = 0; i < n; i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        long col = (long)i * piece_cols + 16;   /* "schriftlich": column 16, byte 16 */
        assert_int_equal(digicheck_finding_line(f), 1);
        assert_int_equal(digicheck_finding_column(f), col);
        assert_int_equal(digicheck_finding_end_line(f), 1);
        assert_int_equal(digicheck_finding_end_column(f), col + 10);
        assert_int_equal(digicheck_finding_offset(f), i * plen + 16);
    }
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
    free(text);
}

static void test_check__report_outlives_ruleset_and_draft(void **state)
{
    digicheck_ruleset *rs = load_rules(SCHRIFTLICH);
    digicheck_report *r = check_text(rs, "Der Antrag ist schriftlich zu stellen.",
                                     DIGICHECK_FORMAT_TEXT, NULL, NULL);
    char *out = NULL;
    size_t len = 0;
    digicheck_error err;

    (void)state;
    digicheck_ruleset_free(rs);
    assert_string_equal(digicheck_finding_message(digicheck_report_get(r, 0)), "Schriftform");
    assert_int_equal(digicheck_report_render(r, DIGICHECK_OUTPUT_TEXT, &out, &len, &err),
                     DIGICHECK_OK);
    assert_string_equal(out, "t.md:1:16: warning: Schriftform [form.s] (Satz 1)\n");
    assert_int_equal(len, strlen(out));
    digicheck_free(out);
    digicheck_report_free(r);
}

static void test_check__arguments(void **state)
{
    digicheck_ruleset *rs = load_rules(SCHRIFTLICH);
    digicheck_checker *c = (digicheck_checker *)1;
    digicheck_report *r = (digicheck_report *)1;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, NULL, &err), DIGICHECK_EINVAL);
    assert_null(c);
    assert_non_null(strstr(err.message, "'rs'"));
    assert_int_equal(digicheck_checker_new(NULL, rs, NULL), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, NULL, &r, &err), DIGICHECK_EINVAL);
    assert_null(r);
    assert_non_null(strstr(err.message, "'d'"));
    assert_int_equal(digicheck_report_count(NULL), 0);
    assert_null(digicheck_report_get(NULL, 0));
    digicheck_checker_free(c);
    digicheck_checker_free(NULL);
    digicheck_report_free(NULL);
    digicheck_ruleset_free(rs);
}

static void test_check__rule_examples(void **state)
{
    digicheck_ruleset *rs = load_rules(
        "  - id: good\n    principle: P1\n    category: written-form\n    severity: info\n"
        "    message: m\n    match: ['\\bschriftlich']\n"
        "    examples: {match: ['Er ist schriftlich zu stellen.'], no_match: ['Er ist frei.']}\n"
        "  - id: bad\n    principle: P1\n    category: written-form\n    severity: info\n"
        "    message: m\n    match: ['\\bPost\\b']\n"
        "    examples: {match: ['Per Telefax.'], no_match: ['Per Post.']}\n");
    size_t passed = 0, failed = 0;
    char *failures = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_ruleset_test(rs, &passed, &failed, &failures, &err), DIGICHECK_OK);
    assert_int_equal(passed, 2);
    assert_int_equal(failed, 2);
    assert_string_equal(failures, "bad: expected a match: Per Telefax.\n"
                                  "bad: expected no match: Per Post.\n");
    digicheck_free(failures);
    digicheck_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check__case_folding_and_umlauts),
        cmocka_unit_test(test_check__unless_cancels_in_its_sentence_only),
        cmocka_unit_test(test_check__zero_width_patterns_occur),
        cmocka_unit_test(test_check__windows_reach_back_over_long_words),
        cmocka_unit_test(test_check__paragraph_scope_sees_the_whole_absatz),
        cmocka_unit_test(test_check__locations_on_a_wrapped_statute),
        cmocka_unit_test(test_check__findings_sorted_by_position_then_rule),
        cmocka_unit_test(test_check__one_finding_per_rule_and_sentence),
        cmocka_unit_test(test_check__grouped_hints_one_per_section),
        cmocka_unit_test(test_check__severity_if_refines),
        cmocka_unit_test(test_check__absence_rules),
        cmocka_unit_test(test_check__absent_in_cited_and_definitions),
        cmocka_unit_test(test_check__twins_find_what_each_asks),
        cmocka_unit_test(test_check__the_rarer_literals_stand_for_a_pattern),
        cmocka_unit_test(test_check__absence_rules_run_after_those_they_name),
        cmocka_unit_test(test_check__questions),
        cmocka_unit_test(test_check__vorpruefung),
        cmocka_unit_test(test_check__match_limit_gives_a_diagnostic),
        cmocka_unit_test(test_check__columns_along_a_one_megabyte_line),
        cmocka_unit_test(test_check__report_outlives_ruleset_and_draft),
        cmocka_unit_test(test_check__arguments),
        cmocka_unit_test(test_check__keep),
        cmocka_unit_test(test_check__rule_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
