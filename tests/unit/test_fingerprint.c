/*
 * test_fingerprint.c -- a finding's fingerprint names it by rule, matched
 * text and a little text around it: inserted lines, rewrapped text and
 * renumbered provisions keep it; other words around the match, another
 * rule or a second equal finding do not.
 */
#include "unit.h"

static const char RULES[] =
    "{digicheck: 1, id: t, title: Test, principles: [{id: P1, title: Eins}],\n"
    " rules: [{id: form.s, principle: P1, category: written-form, severity: warning,\n"
    "          match: ['\\bschriftlich\\w*'], message: Schriftform}]}\n";

/* The fingerprints of text's findings, joined by " ". */
static void fingerprints(const char *text, char *out, size_t cap)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    size_t i;

    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "e.md",
                                           DIGICHECK_FORMAT_MARKDOWN, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    out[0] = '\0';
    for (i = 0; i < digicheck_report_count(r); i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "",
                 digicheck_finding_fingerprint(digicheck_report_get(r, i)));
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
}

static void test_fingerprint__survives_lines_and_numbers(void **state)
{
    char a[200], b[200], c[200];

    (void)state;
    fingerprints("## § 2 Antrag\n\n(1) Der Antrag nach Absatz 2 ist schriftlich zu stellen.\n",
                 a, sizeof a);
    fingerprints("## § 1 Zweck\n\nDas Gesetz regelt Anträge.\n\n## § 3 Antrag\n\n"
                 "(4) Der Antrag nach Absatz 5\nist schriftlich\nzu stellen.\n", b, sizeof b);
    assert_int_equal(strlen(a), 18);
    assert_string_equal(a + 16, ":1");
    assert_string_equal(a, b);
    fingerprints("## § 2 Antrag\n\n(1) Die Anzeige ist schriftlich zu erstatten.\n", c,
                 sizeof c);
    assert_string_not_equal(a, c);
}

static void test_fingerprint__equal_findings_are_counted(void **state)
{
    char a[200];

    (void)state;
    fingerprints("## § 1 A\n\nEr ist schriftlich zu stellen.\n\n## § 2 B\n\n"
                 "Er ist schriftlich zu stellen.\n", a, sizeof a);
    assert_int_equal(strlen(a), 37);
    assert_memory_equal(a, a + 19, 16);
    assert_string_equal(a + 16 + 19, ":2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fingerprint__survives_lines_and_numbers),
        cmocka_unit_test(test_fingerprint__equal_findings_are_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
