/*
 * test_baseline.c -- a finding's fingerprint names it by rule, matched
 * text and a little text around it: inserted lines, rewrapped text and
 * renumbered provisions keep it; other words around the match, another
 * rule or a second equal finding do not. Baselines record findings by it
 * and compare reports with them.
 */
#include <unistd.h>

#include "unit.h"

static const char RULES[] =
    "{digicheck: 1, id: t, title: Test, principles: [{id: P1, title: Eins}],\n"
    " rules: [{id: form.s, principle: P1, category: written-form, severity: warning,\n"
    "          match: ['\\bschriftlich\\w*'], message: Schriftform}]}\n";

/* The report of text (named e.md), which holds the rule set. */
static digicheck_report *check_md(const char *text)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "e.md",
                                           DIGICHECK_FORMAT_MARKDOWN, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
    return r;
}

/* The fingerprints of text's findings, joined by " ". */
static void fingerprints(const char *text, char *out, size_t cap)
{
    digicheck_report *r = check_md(text);
    size_t i;

    out[0] = '\0';
    for (i = 0; i < digicheck_report_count(r); i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "",
                 digicheck_finding_fingerprint(digicheck_report_get(r, i)));
    digicheck_report_free(r);
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

static void test_baseline__round_trip(void **state)
{
    char path[] = "/tmp/dc-baseline-XXXXXX";
    digicheck_report *r = check_md("Er ist schriftlich zu stellen. Sie ist schriftlich.\n");
    digicheck_baseline *b = NULL, *l = NULL;
    digicheck_error err;
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(digicheck_baseline_new(&b, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_baseline_add(b, r, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_baseline_count(b), 2);
    assert_int_equal(digicheck_baseline_write(b, path, &err), DIGICHECK_OK);
    digicheck_report_free(r);
    assert_int_equal(digicheck_baseline_load(&l, path, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_baseline_count(l), 2);
    /* the first sentence stays, the second is gone, a third is new */
    r = check_md("Vorweg.\n\nEr ist schriftlich zu stellen. Es ist schriftlich anzuzeigen.\n");
    assert_int_equal(digicheck_report_compare(r, l, 1, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 2);
    assert_string_equal(digicheck_finding_baseline_state(digicheck_report_get(r, 0)),
                        "unchanged");
    assert_string_equal(digicheck_finding_baseline_state(digicheck_report_get(r, 1)), "new");
    assert_int_equal(digicheck_report_absent_count(r), 1);
    assert_string_equal(digicheck_report_absent_rule(r, 0), "form.s");
    assert_null(digicheck_report_absent_rule(r, 1));
    assert_int_equal(digicheck_report_compare(r, l, 0, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 1);
    assert_int_equal(digicheck_baseline_add(b, r, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_compare(r, b, 0, &err), DIGICHECK_EINVAL);
    digicheck_report_free(r);
    digicheck_baseline_free(l);
    digicheck_baseline_free(b);
    unlink(path);
}

static void test_baseline__bad_files(void **state)
{
    static const char *const bad[] = { "nothing\n", "# digicheck baseline 1\nab\tform.s\n" };
    static const long line[] = { 1, 2 };
    char path[] = "/tmp/dc-baseline-XXXXXX";
    digicheck_baseline *b = NULL;
    digicheck_error err;
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        int fd = mkstemp(path);
        assert_true(fd >= 0 && write(fd, bad[i], strlen(bad[i])) == (ssize_t)strlen(bad[i]));
        close(fd);
        assert_int_equal(digicheck_baseline_load(&b, path, &err), DIGICHECK_ESYNTAX);
        assert_null(b);
        assert_int_equal(err.line, line[i]);
        unlink(path);
        strcpy(path, "/tmp/dc-baseline-XXXXXX");
    }
    assert_int_equal(digicheck_baseline_load(&b, "/nonexistent/b", &err), DIGICHECK_EIO);
    assert_int_equal(digicheck_report_compare(NULL, NULL, 0, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_baseline_count(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fingerprint__survives_lines_and_numbers),
        cmocka_unit_test(test_fingerprint__equal_findings_are_counted),
        cmocka_unit_test(test_baseline__round_trip),
        cmocka_unit_test(test_baseline__bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
