/*
 * test_describe.c -- a rule set described: the rule list, one rule
 * explained, JSON with every field, the Markdown reference, bad arguments.
 */
#include "unit.h"

static const char RULES[] =
    "digicheck: 1\n"
    "id: t\n"
    "title: Test\n"
    "version: '2'\n"
    "description: Ein Test.\n"
    "principles:\n"
    "  - {id: P1, title: Eins, legacy: [P1-2022]}\n"
    "  - {id: P5, title: Fünf}\n"
    "rules:\n"
    "  - id: form.schriftform\n"
    "    principle: P1\n"
    "    category: written-form\n"
    "    severity: warning\n"
    "    match: ['\\bSchriftform\\b', 'a`b']\n"
    "    unless: ['\\bTextform\\b']\n"
    "    severity_if: [{match: 'zu\\s+stellen', severity: error}]\n"
    "    message: Schriftform *verlangt*\n"
    "    title: Schriftform verlangt\n"
    "    suggestion: Textform\n"
    "    references: ['§ 126 BGB']\n"
    "    examples: {match: ['Der Vertrag bedarf der Schriftform.'], no_match: ['Textform.']}\n"
    "  - id: sec.register\n"
    "    type: absence\n"
    "    principle: P5\n"
    "    category: it-security\n"
    "    severity: info\n"
    "    scope: document\n"
    "    when: {match: ['Register'], answers: {vp.it-system: 'yes'}, rules: [form.schriftform]}\n"
    "    absent: ['Sicherheit']\n"
    "    message: m\n";

static char *describe(const digicheck_ruleset *rs, const char *id, int output)
{
    char *out = NULL;
    size_t len = 0;
    digicheck_error err;

    if (digicheck_ruleset_describe(rs, id, output, &out, &len, &err) != DIGICHECK_OK)
        fail_msg("describe: %s", err.message);
    assert_int_equal(len, strlen(out));
    return out;
}

static void test_describe__list(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    char *out = describe(rs, NULL, DIGICHECK_OUTPUT_TEXT);

    (void)state;
    assert_string_equal(out,
        "t 2: Test (2 rules)\n"
        "ID                PRINCIPLE  CATEGORY      SEVERITY TYPE\n"
        "form.schriftform  P1         written-form  warning  pattern\n"
        "sec.register      P5         it-security   info     absence\n");
    digicheck_free(out);
    digicheck_ruleset_free(rs);
}

static void test_describe__explain_one_rule(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    char *out = describe(rs, "form.schriftform", DIGICHECK_OUTPUT_TEXT);

    (void)state;
    assert_non_null(strstr(out, "form.schriftform  (pattern rule, warning, scope sentence)\n"
                                "  principle:   P1 Eins\n  category:    written-form\n"));
    assert_non_null(strstr(out, ".yaml:10:5\n"));
    assert_non_null(strstr(out, "  references:  § 126 BGB\n"));
    assert_non_null(strstr(out, "  title:       Schriftform verlangt\n"
                                "  message:     Schriftform *verlangt*\n"));
    assert_non_null(strstr(out, "  match:       \\bSchriftform\\b\n               a`b\n"));
    assert_non_null(strstr(out, "  severity if: zu\\s+stellen -> error\n"));
    assert_non_null(strstr(out, "  examples that must match:\n"
                                "    - Der Vertrag bedarf der Schriftform.\n"));
    digicheck_free(out);
    out = describe(rs, "sec.register", DIGICHECK_OUTPUT_TEXT);
    assert_non_null(strstr(out, "  when:        Register\n"
                                "               answer vp.it-system = yes\n"
                                "               rule form.schriftform fired\n"
                                "  absent:      Sicherheit\n"));
    digicheck_free(out);
    digicheck_ruleset_free(rs);
}

/* `absent_in` is shown where it is not the default, in all three forms. */
static void test_describe__absent_in(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: Test\nprinciples:\n  - {id: P5, title: Fünf}\n"
        "rules:\n", "  - {id: sec.x, type: absence, principle: P5, category: it-security,\n"
        "     severity: info, message: m, when: {match: [Register]}, absent: [Sicherheit],\n"
        "     absent_in: [cited, definitions]}\n");
    char *out = describe(rs, "sec.x", DIGICHECK_OUTPUT_TEXT);

    (void)state;
    assert_non_null(strstr(out, "  absent:      Sicherheit\n  absent_in:   cited, definitions\n"));
    digicheck_free(out);
    out = describe(rs, "sec.x", DIGICHECK_OUTPUT_JSON);
    assert_non_null(strstr(out, "\"absent\":[\"Sicherheit\"],\"absent_in\":[\"cited\","
                                "\"definitions\"]"));
    digicheck_free(out);
    out = describe(rs, "sec.x", DIGICHECK_OUTPUT_MARKDOWN);
    assert_non_null(strstr(out, "- gesucht wird: in den zitierten Paragrafen, in den "
                                "Begriffsbestimmungen\n"));
    digicheck_free(out);
    digicheck_ruleset_free(rs);
}

static void test_describe__json_and_markdown(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    char *out = describe(rs, NULL, DIGICHECK_OUTPUT_JSON);

    (void)state;
    assert_int_equal(strncmp(out, "{\"id\":\"t\",\"title\":\"Test\",\"version\":\"2\","
                                  "\"description\":\"Ein Test.\",\"principles\":[{\"id\":\"P1\","
                                  "\"title\":\"Eins\",\"description\":null,\"legacy\":"
                                  "[\"P1-2022\"]}", 140), 0);
    assert_non_null(strstr(out, "\"severity_if\":[{\"severity\":\"error\",\"match\":"
                                "[\"zu\\\\s+stellen\"]}]"));
    assert_non_null(strstr(out, "\"title\":\"Schriftform verlangt\",\"message\":"));
    assert_non_null(strstr(out, "\"title\":null,\"message\":\"m\""));
    assert_non_null(strstr(out, "\"when\":{\"match\":[\"Register\"],\"answers\":"
                                "{\"vp.it-system\":\"yes\"},\"rules\":[\"form.schriftform\"]}"));
    digicheck_free(out);
    /* one rule: the same document with only that rule */
    out = describe(rs, "sec.register", DIGICHECK_OUTPUT_JSON);
    assert_int_equal(strstr(out, "\"rules\":[\n{\"id\":\"sec.register\"") != NULL, 1);
    assert_null(strstr(out, "\"id\":\"form.schriftform\""));
    digicheck_free(out);

    out = describe(rs, NULL, DIGICHECK_OUTPUT_MARKDOWN);
    assert_int_equal(strncmp(out, "# Test\n\nRegelwerk `t`, Version 2, 2 Regeln.", 42), 0);
    assert_non_null(strstr(out, "| P1 | Eins | P1-2022 | 1 |\n| P5 | Fünf |  | 1 |\n"));
    assert_non_null(strstr(out, "- Befund: Schriftform \\*verlangt\\*\n"));
    /* a pattern with a backtick gets a longer fence */
    assert_non_null(strstr(out, "- sucht nach: `\\bSchriftform\\b`, ``a`b``\n"));
    assert_non_null(strstr(out, "- ausgelöst durch die Antwort `vp.it-system` = `yes`\n"));
    digicheck_free(out);
    digicheck_ruleset_free(rs);
}

static void test_describe__question(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: q\ntitle: Q\nprinciples: [{id: P1, title: Eins}]\nrules:\n"
        "  - id: pc.kanal\n    type: question\n    stage: praxischeck\n    principle: P1\n"
        "    message: Welcher Kanal?\n    answers: [online, Papier]\n"
        "    prefill: [{match: ['\\bpostalisch\\b'], suggests: papier}]\n", NULL);
    char *out = describe(rs, "pc.kanal", DIGICHECK_OUTPUT_TEXT);

    (void)state;
    assert_non_null(strstr(out, "pc.kanal  (question rule, info)\n"));
    assert_non_null(strstr(out, "  category:    question\n"));
    assert_non_null(strstr(out, "  stage:       praxischeck\n  answers:     online\n"
                                "               Papier\n"
                                "  prefill:     \\bpostalisch\\b -> Papier\n"));
    digicheck_free(out);
    out = describe(rs, NULL, DIGICHECK_OUTPUT_JSON);
    assert_non_null(strstr(out, "\"stage\":\"praxischeck\",\"answers\":[\"online\",\"Papier\"],"
                                "\"prefill\":[{\"suggests\":\"Papier\",\"match\":"
                                "[\"\\\\bpostalisch\\\\b\"]}]"));
    digicheck_free(out);
    digicheck_ruleset_free(rs);
}

static void test_describe__errors(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    digicheck_error err;
    char *out = (char *)"x";

    (void)state;
    assert_int_equal(digicheck_ruleset_describe(rs, "form.schriftfrom", DIGICHECK_OUTPUT_TEXT,
                                                &out, NULL, &err), DIGICHECK_EINVAL);
    assert_null(out);
    assert_error(err, DIGICHECK_EINVAL,
                 "no rule 'form.schriftfrom' in rule set 't'; did you mean 'form.schriftform'?",
                 0, 0);
    assert_int_equal(digicheck_ruleset_describe(rs, "zzz", DIGICHECK_OUTPUT_TEXT, &out, NULL,
                                                &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "no rule 'zzz' in rule set 't' (it has 2 rules)", 0, 0);
    assert_int_equal(digicheck_ruleset_describe(rs, NULL, DIGICHECK_OUTPUT_SARIF, &out, NULL,
                                                &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_ruleset_describe(NULL, NULL, 0, &out, NULL, &err),
                     DIGICHECK_EINVAL);
    assert_int_equal(digicheck_ruleset_describe(rs, NULL, 0, NULL, NULL, &err),
                     DIGICHECK_EINVAL);
    digicheck_ruleset_free(rs);
}

static void test_describe__lua_rule(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: Test\nprinciples: [{id: P4, title: Vier}]\nrules:\n"
        "  - {id: calc.x, type: lua, principle: P4, category: vague-term, severity: info,\n"
        "     message: m, code: 'return function() end'}\n", NULL);
    char *out = describe(rs, "calc.x", DIGICHECK_OUTPUT_TEXT);

    (void)state;
    /* no scope: a lua rule looks at what it likes */
    assert_non_null(strstr(out, "calc.x  (lua rule, info)\n"));
    assert_non_null(strstr(out, "  lua code in: dc-test-"));
    digicheck_free(out);
    out = describe(rs, NULL, DIGICHECK_OUTPUT_MARKDOWN);
    assert_non_null(strstr(out, " · info · lua-Regel, Lua-Code: `dc-test-"));
    assert_null(strstr(out, "Geltungsbereich"));
    digicheck_free(out);
    digicheck_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe__list),
        cmocka_unit_test(test_describe__explain_one_rule),
        cmocka_unit_test(test_describe__absent_in),
        cmocka_unit_test(test_describe__json_and_markdown),
        cmocka_unit_test(test_describe__question),
        cmocka_unit_test(test_describe__lua_rule),
        cmocka_unit_test(test_describe__errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
