/*
 * test_justify.c -- findings accepted with a reason: written in a draft
 * description, a record file, inline comments of a text draft and through
 * the API; matched by path (to a unit boundary) or line; stale ones
 * reported; bad ones refused with their place; carried into every output.
 */
#include <fcntl.h>
#include <unistd.h>

#include "unit.h"

static const char RULES[] =
    "digicheck: 1\n"
    "id: t\n"
    "title: Test\n"
    "principles:\n"
    "  - {id: P1, title: Eins}\n"
    "rules:\n"
    "  - id: form.schriftform\n"
    "    principle: P1\n"
    "    category: written-form\n"
    "    severity: error\n"
    "    match: ['\\bschriftlich\\w*']\n"
    "    message: Schriftform\n"
    "  - id: vp.it-system\n"
    "    type: question\n"
    "    stage: vorpruefung\n"
    "    principle: P1\n"
    "    category: question\n"
    "    severity: info\n"
    "    message: IT-System?\n"
    "    answers: [yes, no, unsure]\n";

static const char TEXT[] =
    "## § 1 Antrag\n"
    "\n"
    "(1) Der Antrag ist schriftlich zu stellen.\n"
    "\n"
    "(2) Die Erklärung ist schriftlich abzugeben.\n"
    "\n"
    "(10) Der Bescheid ergeht schriftlich.\n";

static digicheck_ruleset *rules(void)
{
    return unit_load_yaml(RULES, NULL);
}

/* Checks draft d (freed) against rs; the check's result code. */
static int check_draft(const digicheck_ruleset *rs, digicheck_draft *d, digicheck_report **r,
                       digicheck_error *err)
{
    digicheck_checker *c = NULL;
    int rc;

    assert_int_equal(digicheck_checker_new(&c, rs, err), DIGICHECK_OK);
    rc = digicheck_check(c, d, r, err);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    return rc;
}

static digicheck_draft *parse(const char *text, int format)
{
    digicheck_draft *d = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "e.md", format, &err),
                     DIGICHECK_OK);
    return d;
}

/* The findings of rule form.schriftform justified, in order, as a string
 * of 0 and 1; the diagnostics as 'd'. */
static void marks(const digicheck_report *r, char *out)
{
    size_t i;

    for (i = 0; i < digicheck_report_count(r); i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        *out++ = strcmp(digicheck_finding_kind(f), "diagnostic") == 0 ? 'd'
                 : digicheck_finding_justified(f) ? '1' : '0';
    }
    *out = '\0';
}

/* Checks text in format against RULES; the report (which holds the rule
 * set), its marks in m. */
static digicheck_report *check_text(const char *text, int format, char *m)
{
    digicheck_ruleset *rs = rules();
    digicheck_report *r = NULL;
    digicheck_error err;

    assert_int_equal(check_draft(rs, parse(text, format), &r, &err), DIGICHECK_OK);
    digicheck_ruleset_free(rs);
    marks(r, m);
    return r;
}

static void test_justify__description_by_path_and_line(void **state)
{
    static const char DESC[] =
        "text: |\n"
        "  ## § 1 Antrag\n"
        "\n"
        "  (1) Der Antrag ist schriftlich zu stellen.\n"
        "\n"
        "  (10) Der Bescheid ergeht schriftlich.\n"
        "justifications:\n"
        "  - {rule: form.schriftform, at: '§ 1 Abs. 1', reason: EU-Recht, by: Referat Z 1}\n"
        "  - {rule: form.schriftform, at: '6', reason: Zeile}\n";
    const digicheck_finding *f;
    char m[16];
    digicheck_report *r = check_text(DESC, DIGICHECK_FORMAT_YAML, m);

    (void)state;
    assert_string_equal(m, "11");       /* Abs. 1 does not take Abs. 10: line 6 does */
    f = digicheck_report_get(r, 0);
    assert_string_equal(digicheck_finding_justification_reason(f), "EU-Recht");
    assert_string_equal(digicheck_finding_justification_by(f), "Referat Z 1");
    assert_string_equal(digicheck_finding_justification_source(f), "description");
    assert_string_equal(digicheck_finding_justification_by(digicheck_report_get(r, 1)), "");
    assert_int_equal(digicheck_report_justified_count(r), 2);
    digicheck_report_free(r);
}

static void test_justify__prefix_ends_at_a_unit(void **state)
{
    digicheck_ruleset *rs = rules();
    digicheck_draft *d = parse(TEXT, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_report *r = NULL;
    digicheck_error err;
    char m[16];

    (void)state;
    assert_int_equal(digicheck_draft_justify(d, "form.schriftform", "§1 Abs. 1", "ja", NULL,
                                             &err), DIGICHECK_OK);
    assert_int_equal(check_draft(rs, d, &r, &err), DIGICHECK_OK);
    marks(r, m);
    assert_string_equal(m, "100");
    assert_string_equal(digicheck_finding_justification_source(digicheck_report_get(r, 0)),
                        "api");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_justify__inline_marker_takes_the_next_provision(void **state)
{
    static const char MD[] =
        "## § 1 Antrag\n"
        "\n"
        "(1) Der Antrag ist schriftlich zu stellen.\n"
        "\n"
        "<!-- digicheck: form.schriftform: Art. 5 der Richtlinie -->\n"
        "(2) Die Erklärung ist schriftlich abzugeben.\n"
        "<!-- Redaktion: schriftlich\n"
        "     noch klären -->\n";
    const digicheck_finding *f;
    char m[16];
    digicheck_report *r = check_text(MD, DIGICHECK_FORMAT_MARKDOWN, m);

    (void)state;
    assert_string_equal(m, "01");       /* the comments are never text */
    f = digicheck_report_get(r, 1);
    assert_string_equal(digicheck_finding_path(f), "§ 1 Abs. 2 Satz 1");
    assert_int_equal(digicheck_finding_line(f), 6);
    assert_string_equal(digicheck_finding_justification_reason(f), "Art. 5 der Richtlinie");
    assert_string_equal(digicheck_finding_justification_source(f), "inline");
    digicheck_report_free(r);
}

static void test_justify__malformed_marker(void **state)
{
    static const char *const bad[] = {
        "Text.\n<!-- digicheck-disable form.schriftform -->\nDer Antrag ist schriftlich.\n",
        "Text.\n<!-- digicheck: form.schriftform -->\nDer Antrag ist schriftlich.\n",
        "Text.\n  <!-- digicheck: : Grund -->\nDer Antrag ist schriftlich.\n",
    };
    static const long col[] = { 1, 1, 3 };
    digicheck_draft *d = NULL;
    digicheck_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(digicheck_draft_parse(&d, bad[i], strlen(bad[i]), "e.txt",
                                               DIGICHECK_FORMAT_TEXT, &err), DIGICHECK_ESCHEMA);
        assert_error(err, DIGICHECK_ESCHEMA, "malformed digicheck comment", 2, col[i]);
        assert_null(d);
    }
}

static void test_justify__stale_is_reported(void **state)
{
    digicheck_ruleset *rs = rules();
    digicheck_draft *d = parse(TEXT, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_report *r = NULL;
    digicheck_error err;
    const digicheck_finding *f;
    char m[16];

    (void)state;
    assert_int_equal(digicheck_draft_justify(d, "form.schriftform", "§ 2", "alt", NULL, &err),
                     DIGICHECK_OK);
    assert_int_equal(check_draft(rs, d, &r, &err), DIGICHECK_OK);
    marks(r, m);
    assert_string_equal(m, "d000");
    f = digicheck_report_get(r, 0);
    assert_int_equal(strncmp(digicheck_finding_message(f), "stale-justification: ", 21), 0);
    assert_non_null(strstr(digicheck_finding_message(f), "at '§ 2'"));
    assert_string_equal(digicheck_finding_rule_id(f), "form.schriftform");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_justify__unknown_rule(void **state)
{
    static const char DESC[] =
        "text: Der Antrag ist schriftlich.\n"
        "justifications:\n"
        "  - rule: form.schriftfrom\n"
        "    reason: x\n";
    digicheck_ruleset *rs = rules();
    digicheck_draft *d = parse(TEXT, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_report *r = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(check_draft(rs, parse(DESC, DIGICHECK_FORMAT_YAML), &r, &err),
                     DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA,
                 "justification of unknown rule 'form.schriftfrom'; did you mean "
                 "'form.schriftform'?", 3, 5);
    assert_null(r);
    assert_int_equal(digicheck_draft_justify(d, "vp.it-system", NULL, "x", NULL, &err),
                     DIGICHECK_OK);
    assert_int_equal(check_draft(rs, d, &r, &err), DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "'vp.it-system' is a question", 0, 0);
    digicheck_ruleset_free(rs);
}

static void test_justify__bad_lists(void **state)
{
    static const struct { const char *yaml, *msg; long line, col; } bad[] = {
        { "text: x\njustifications: {rule: a}\n", "expected a list of justifications", 2, 17 },
        { "text: x\njustifications:\n  - {rule: a, reason: b, wo: c}\n",
          "unknown key 'wo' in a justification", 3, 26 },
        { "text: x\njustifications:\n  - {rule: a}\n", "a justification needs 'reason'", 3, 5 },
        { "text: x\njustifications:\n  - {rule: a, reason: ''}\n",
          "the 'reason' of a justification is empty", 3, 23 },
        { "text: x\njustifications:\n  - [a]\n", "expected a justification", 3, 5 },
    };
    digicheck_draft *d = NULL;
    digicheck_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_not_equal(digicheck_draft_parse(&d, bad[i].yaml, strlen(bad[i].yaml),
                                                   "d.yaml", DIGICHECK_FORMAT_YAML, &err),
                             DIGICHECK_OK);
        assert_error(err, DIGICHECK_ESCHEMA, bad[i].msg, bad[i].line, bad[i].col);
    }
}

static void test_justify__record(void **state)
{
    static const char REC[] =
        "answers:\n"
        "  vp.it-system: nein\n"
        "justifications:\n"
        "  - {rule: form.schriftform, at: '§ 1 Abs. 2', reason: Aus dem Record}\n";
    static const char BAD[] =
        "justifications:\n"
        "  - {rule: form.schrift, reason: x}\n";
    char path[] = "/tmp/dc-record-XXXXXX.yaml";
    digicheck_ruleset *rs = rules();
    digicheck_record *rec = NULL;
    digicheck_draft *d = parse(TEXT, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_report *r = NULL;
    digicheck_error err;
    int fd = mkstemps(path, 5);
    char m[16];

    (void)state;
    assert_true(fd >= 0 && write(fd, REC, strlen(REC)) == (ssize_t)strlen(REC));
    close(fd);
    assert_int_equal(digicheck_record_load(&rec, rs, path, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_record_apply(rec, d, &err), DIGICHECK_OK);
    assert_int_equal(check_draft(rs, d, &r, &err), DIGICHECK_OK);
    marks(r, m);
    assert_string_equal(m, "010");
    assert_string_equal(digicheck_finding_justification_source(digicheck_report_get(r, 1)),
                        "record");
    digicheck_report_free(r);
    digicheck_record_free(rec);
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0 && write(fd, BAD, strlen(BAD)) == (ssize_t)strlen(BAD));
    close(fd);
    assert_int_equal(digicheck_record_load(&rec, rs, path, &err), DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "justification of unknown rule 'form.schrift'", 2, 5);
    unlink(path);
    digicheck_ruleset_free(rs);
}

static char *render(const digicheck_report *r, int output)
{
    char *out = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_report_render(r, output, &out, NULL, &err), DIGICHECK_OK);
    return out;
}

static void test_justify__outputs(void **state)
{
    digicheck_ruleset *rs = rules();
    digicheck_draft *d = parse(TEXT, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_report *r = NULL;
    digicheck_error err;
    char *s;

    (void)state;
    assert_int_equal(digicheck_draft_justify(d, "form.schriftform", "§ 1 Abs. 2", "EU \"Recht\"",
                                             "Z 1", &err), DIGICHECK_OK);
    assert_int_equal(check_draft(rs, d, &r, &err), DIGICHECK_OK);
    s = render(r, DIGICHECK_OUTPUT_JSON);
    assert_non_null(strstr(s, "\"justified\":true,\"justification\":{\"reason\":\"EU \\\"Recht\\\"\","
                              "\"by\":\"Z 1\",\"source\":\"api\"}"));
    assert_non_null(strstr(s, "\"justified\":1,"));
    digicheck_free(s);
    s = render(r, DIGICHECK_OUTPUT_SARIF);
    assert_non_null(strstr(s, "\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\","
                              "\"justification\":\"EU \\\"Recht\\\"\""));
    digicheck_free(s);
    s = render(r, DIGICHECK_OUTPUT_MARKDOWN);
    assert_non_null(strstr(s, "**Begründung** (Befund akzeptiert von Z 1): EU \"Recht\""));
    assert_non_null(strstr(s, "Mit Begründung akzeptiert: 1."));
    digicheck_free(s);
    s = render(r, DIGICHECK_OUTPUT_TEXT);
    assert_null(strstr(s, "e.md:5:"));
    assert_non_null(strstr(s, "e.md: 1 Befund mit Begründung nicht gezeigt\n"));
    digicheck_free(s);
    s = render(r, DIGICHECK_OUTPUT_TEXT | DIGICHECK_OUTPUT_SHOW_JUSTIFIED);
    assert_non_null(strstr(s, "(§ 1 Abs. 2 Satz 1) {begründet: EU \"Recht\"}\n"));
    assert_null(strstr(s, "nicht gezeigt"));
    digicheck_free(s);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_justify__arguments(void **state)
{
    digicheck_draft *d = parse(TEXT, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_justify(NULL, "a", NULL, "b", NULL, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_draft_justify(d, "", NULL, "b", NULL, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_draft_justify(d, "a", NULL, NULL, NULL, &err), DIGICHECK_EINVAL);
    assert_string_equal(err.message, "argument 'reason' is NULL or empty");
    assert_int_equal(digicheck_finding_justified(NULL), 0);
    assert_string_equal(digicheck_finding_justification_reason(NULL), "");
    assert_int_equal(digicheck_report_justified_count(NULL), 0);
    digicheck_draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_justify__description_by_path_and_line),
        cmocka_unit_test(test_justify__prefix_ends_at_a_unit),
        cmocka_unit_test(test_justify__inline_marker_takes_the_next_provision),
        cmocka_unit_test(test_justify__malformed_marker),
        cmocka_unit_test(test_justify__stale_is_reported),
        cmocka_unit_test(test_justify__unknown_rule),
        cmocka_unit_test(test_justify__bad_lists),
        cmocka_unit_test(test_justify__record),
        cmocka_unit_test(test_justify__outputs),
        cmocka_unit_test(test_justify__arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
