/*
 * test_answers.c -- answers to questions: the one reader of a mapping of
 * question ids to answers (dci_answers_read) and record files
 * (digicheck_record_*): both shapes, comments, JSON, and every refusal with
 * its place and the nearest question id.
 */
#include "unit.h"
#include "answers.h"

static const char RULES[] =
    "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n"
    "  - id: vp.it-system\n    type: question\n    stage: vorpruefung\n    principle: P1\n"
    "    message: Muss ein IT-System angepasst werden?\n"
    "  - id: pc.register\n    type: question\n    stage: praxischeck\n    principle: P1\n"
    "    message: Wer darf das Register einsehen?\n    answers: [beh\xC3\xB6rden, alle]\n"
    "  - {id: form.s, principle: P1, category: written-form, severity: warning, message: m,\n"
    "     match: ['\\bschriftlich\\b']}\n"
    "  - {id: sec.eu, type: absence, principle: P1, category: it-security, severity: warning,\n"
    "     scope: document, when: {answers: {vp.eu-bezug: 'yes'}}, absent: ['\\bEU\\b'],\n"
    "     message: m}\n";

static void answers__read_with_places(void **state)
{
    static const char text[] = "# Vorpr\xC3\xBC" "fung\nvp.it-system: ja  # Register\n"
                               "vp.eu-bezug: >\n  nein\nvp.x: true\n";
    dci_yaml_doc doc;
    dci_arena arena = {0};
    dci_answer *a;
    digicheck_error err;
    size_t n;

    (void)state;
    assert_int_equal(dci_yaml_parse(&doc, text, sizeof text - 1, "a.yaml", NULL, &err),
                     DIGICHECK_OK);
    assert_int_equal(dci_answers_read(doc.root, "x", "a.yaml", &arena, &a, &n, &err),
                     DIGICHECK_OK);
    assert_int_equal(n, 3);
    /* a comment is a comment; a folded block loses its line break */
    assert_string_equal(a[0].question, "vp.it-system");
    assert_string_equal(a[0].answer, "ja");
    assert_int_equal(a[0].line, 2);
    assert_int_equal(a[0].column, 1);
    assert_int_equal(a[0].value_line, 2);
    assert_int_equal(a[0].value_column, 15);
    assert_string_equal(a[1].answer, "nein");
    assert_string_equal(a[2].answer, "true");
    dci_yaml_free(&doc);
    /* the copies live in the reader's arena, not in the document */
    assert_string_equal(a[1].question, "vp.eu-bezug");
    dci_arena_free(&arena);
    assert_int_equal(dci_answers_read(NULL, "x", "a.yaml", &arena, &a, &n, &err), DIGICHECK_OK);
    assert_int_equal(n, 0);
}

static void answers__refusals(void **state)
{
    static const struct {
        const char *text;
        long line, column;
        const char *message;
    } cases[] = {
        { "[ja]\n", 1, 1, "expected a mapping of question ids to answers for 'w', found a list" },
        { "? [a]\n: ja\n", 1, 3, "expected a question id in 'w', found a list" },
        { "'vp it': ja\n", 1, 1, "invalid question id 'vp it' in 'w': an id is a non-empty word "
          "without spaces" },
        { "vp.a: [ja]\n", 1, 7, "expected a string for 'vp.a' in 'w', found a list" },
        { "vp.a: ''\n", 1, 7, "the answer to 'vp.a' is empty" },
        { "vp.a:\n", 1, 6, "the answer to 'vp.a' is empty" },
        { "vp.a: ~\n", 1, 7, "the answer to 'vp.a' is empty" },
    };
    size_t i, n;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dci_yaml_doc doc;
        dci_arena arena = {0};
        dci_answer *a;
        digicheck_error err;
        assert_int_equal(dci_yaml_parse(&doc, cases[i].text, strlen(cases[i].text), "a.yaml",
                                        NULL, &err), DIGICHECK_OK);
        if (dci_answers_read(doc.root, "'w'", "a.yaml", &arena, &a, &n, &err) !=
                DIGICHECK_ESCHEMA || err.line != cases[i].line ||
            err.column != cases[i].column ||
            strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
            fail_msg("case %zu: %ld:%ld '%s'", i, err.line, err.column, err.message);
        assert_null(a);
        dci_yaml_free(&doc);
        dci_arena_free(&arena);
    }
}

/* A record file: flat or nested, YAML with comments or JSON; applied, it
 * replaces what a description answered. */
static void answers__record_shapes_and_apply(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    digicheck_record *rec = NULL;
    digicheck_draft *d = NULL;
    digicheck_error err;
    static const char desc[] = "text: Er ist schriftlich.\nanswers: {vp.it-system: nein}\n";

    (void)state;
    assert_int_equal(digicheck_record_load(&rec, rs, unit_write("flat.yaml",
                     "# Vorpr\xC3\xBC" "fung\nvp.it-system: ja # Register\n"
                     "pc.register: Beh\xC3\xB6rden\n"), &err), DIGICHECK_OK);
    assert_int_equal(digicheck_record_answer_count(rec), 2);
    assert_int_equal(digicheck_draft_parse(&d, desc, strlen(desc), "d.yaml", 0, &err),
                     DIGICHECK_OK);
    assert_string_equal(dci_draft_answer(d, "vp.it-system"), "nein");
    assert_int_equal(digicheck_record_apply(rec, d, &err), DIGICHECK_OK);
    assert_string_equal(dci_draft_answer(d, "vp.it-system"), "ja");
    assert_string_equal(dci_draft_answer(d, "pc.register"), "Beh\xC3\xB6rden");
    digicheck_record_free(rec);

    assert_int_equal(digicheck_record_load(&rec, rs, unit_write("nested.yaml",
                     "answers:\n  vp.it-system: unsicher\n"), &err), DIGICHECK_OK);
    assert_int_equal(digicheck_record_apply(rec, d, &err), DIGICHECK_OK);
    assert_string_equal(dci_draft_answer(d, "vp.it-system"), "unsicher");
    digicheck_record_free(rec);
    assert_int_equal(digicheck_record_load(&rec, rs, unit_write("r.json",
                     "{\"answers\": {\"vp.it-system\": false}}"), &err), DIGICHECK_OK);
    assert_int_equal(digicheck_record_answer_count(rec), 1);
    digicheck_record_free(rec);
    assert_int_equal(digicheck_record_load(&rec, rs, unit_write("empty.yaml", "# nichts\n"),
                                           &err), DIGICHECK_OK);
    assert_int_equal(digicheck_record_answer_count(rec), 0);
    assert_int_equal(digicheck_record_apply(rec, d, &err), DIGICHECK_OK);
    digicheck_record_free(rec);

    assert_int_equal(digicheck_record_apply(NULL, d, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_record_load(&rec, NULL, "x", &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'rs' is NULL", 0, 0);
    assert_int_equal(digicheck_record_load(&rec, rs, unit_write("x", "a"), NULL),
                     DIGICHECK_ESCHEMA);
    assert_null(rec);
    digicheck_record_free(NULL);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
}

static void answers__record_refusals(void **state)
{
    static const struct {
        const char *name, *text;
        int code;
        long line, column;
        const char *message;
    } cases[] = {
        { "typo.yaml", "vp.it-system: ja\nvp.it-sytem: ja\n", DIGICHECK_ESCHEMA, 2, 1,
          "unknown question 'vp.it-sytem'; did you mean 'vp.it-system'?" },
        { "far.yaml", "vp.datenaustausch: ja\n", DIGICHECK_ESCHEMA, 1, 1,
          "unknown question 'vp.datenaustausch' (see 'digicheck rules'" },
        { "cond.yaml", "vp.eu-bezug: ja\nvp.eu-bezug2: ja\n", DIGICHECK_ESCHEMA, 2, 1,
          "unknown question 'vp.eu-bezug2' (see" },
        { "cond2.yaml", "vp.eu-bezug: vielleicht\n", DIGICHECK_ESCHEMA, 1, 14,
          "the answer 'vielleicht' to question 'vp.eu-bezug' is not one it allows (yes, no, "
          "unsure)" },
        { "rule.yaml", "form.s: ja\n", DIGICHECK_ESCHEMA, 1, 1,
          "'form.s' is a rule, not a question; only questions take answers" },
        { "answer.yaml", "answers:\n  vp.it-system: vielleicht\n", DIGICHECK_ESCHEMA, 2, 17,
          "the answer 'vielleicht' to question 'vp.it-system' is not one it allows (yes, no, "
          "unsure)" },
        { "own.yaml", "pc.register: ja\n", DIGICHECK_ESCHEMA, 1, 14,
          "the answer 'ja' to question 'pc.register' is not one it allows (beh\xC3\xB6rden, "
          "alle)" },
        { "key.yaml", "answers: {vp.it-system: ja}\ntext: a\n", DIGICHECK_ESCHEMA, 2, 1,
          "unknown key 'text' in a record file with 'answers:' (allowed: answers)" },
        { "eq.yaml", "vp.it-system=ja\n", DIGICHECK_ESCHEMA, 1, 1,
          "expected 'question: answer' (YAML), found 'vp.it-system=ja'" },
        { "list.yaml", "- vp.it-system\n", DIGICHECK_ESCHEMA, 1, 1,
          "expected a mapping of question ids to answers for a record file, found a list" },
        { "dup.yaml", "vp.it-system: ja\nvp.it-system: nein\n", DIGICHECK_ESCHEMA, 2, 1,
          "duplicate key 'vp.it-system'" },
        { "syntax.yaml", "vp.it-system: [ja\n", DIGICHECK_ESYNTAX, 2, 1, "" },
        { "r.json", "{\"vp.it-system\": \"ja\",}", DIGICHECK_ESYNTAX, 1, 23,
          "a comma before '}'" },
        /* ratings of principles and Begründungen */
        { "rating.yaml", "P1: vielleicht\n", DIGICHECK_ESCHEMA, 1, 5,
          "the rating 'vielleicht' of principle 'P1' is not one it allows (yes, no, "
          "not-relevant" },
        { "noreason.yaml", "P1: nicht relevant\n", DIGICHECK_ESCHEMA, 1, 5,
          "the rating 'not-relevant' of principle 'P1' needs a Begründung: write 'P1: "
          "{answer: not-relevant, begruendung: \"…\"}'" },
        { "noreason2.yaml", "P1: {answer: nein}\n", DIGICHECK_ESCHEMA, 1, 14,
          "the rating 'no' of principle 'P1' needs a Begründung" },
        { "reasonkey.yaml", "P1: {answer: nein, grund: x}\n", DIGICHECK_ESCHEMA, 1, 20,
          "unknown key 'grund' in the answer to 'P1' (allowed: answer, begruendung)" },
        { "noanswer.yaml", "P1: {begruendung: x}\n", DIGICHECK_ESCHEMA, 1, 5,
          "the answer to 'P1' needs 'answer'" },
        { "emptyreason.yaml", "P1: {answer: nein, begruendung: ''}\n", DIGICHECK_ESCHEMA, 1,
          33, "the Begründung of 'P1' is not a non-empty string" },
        { "p9.yaml", "P9: ja\n", DIGICHECK_ESCHEMA, 1, 1, "unknown question 'P9'" },
    };
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        digicheck_record *rec = NULL;
        digicheck_error err;
        const char *path = unit_write(cases[i].name, cases[i].text);
        int rc = digicheck_record_load(&rec, rs, path, &err);
        if (rc != cases[i].code || err.line != cases[i].line ||
            err.column != cases[i].column ||
            strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
            fail_msg("case %zu: %d %ld:%ld '%s'", i, rc, err.line, err.column, err.message);
        assert_string_equal(err.source, path);
        assert_null(rec);
    }
    {
        digicheck_record *rec = NULL;
        digicheck_error err;
        assert_int_equal(digicheck_record_load(&rec, rs, "/nonexistent/a.yaml", &err),
                         DIGICHECK_EIO);
    }
    digicheck_ruleset_free(rs);
}

/* Ratings and Begründungen from a record file reach the draft. */
static void answers__record_ratings_and_reasons(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    digicheck_record *rec = NULL;
    digicheck_draft *d = NULL;
    digicheck_error err;
    const char *path = unit_write("ok.yaml", "P1: {answer: Nicht relevant, begruendung: "
                                  "Keine Daten.}\nvp.it-system: {answer: ja, reason: "
                                  "Register}\n");

    (void)state;
    assert_int_equal(digicheck_record_load(&rec, rs, path, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_draft_parse(&d, "x", 1, NULL, DIGICHECK_FORMAT_TEXT, &err),
                     DIGICHECK_OK);
    assert_int_equal(digicheck_record_apply(rec, d, &err), DIGICHECK_OK);
    assert_string_equal(dci_draft_answer(d, "P1"), "Nicht relevant");
    assert_string_equal(dci_draft_reason(d, "P1"), "Keine Daten.");
    assert_string_equal(dci_draft_reason(d, "vp.it-system"), "Register");
    assert_null(dci_draft_reason(d, "vp.eu-bezug"));
    assert_int_equal(digicheck_draft_set_reason(d, "P1", "", &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_draft_set_reason(NULL, "P1", "x", &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_draft_check_answers(d, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_draft_check_answers(NULL, rs, &err), DIGICHECK_EINVAL);
    digicheck_record_free(rec);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
}

/* A description's answers are checked against the rule set with their
 * places in the description. */
static void answers__description_checked(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    digicheck_draft *d = NULL;
    digicheck_error err;
    const char *path = unit_write("d.yaml", "title: T\ntext: x\nanswers:\n"
                                  "  vp.it-system: ja\n  P1: nein\n");

    (void)state;
    assert_int_equal(digicheck_draft_load(&d, path, DIGICHECK_FORMAT_AUTO, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_draft_check_answers(d, rs, &err), DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "the rating 'no' of principle 'P1' needs a Begründung",
                 5, 7);
    assert_string_equal(err.source, path);
    digicheck_draft_free(d);
    path = unit_write("date.yaml", "title: T\ndate: 2026-02-30\ntext: x\n");
    assert_int_equal(digicheck_draft_load(&d, path, DIGICHECK_FORMAT_AUTO, &err),
                     DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "the date '2026-02-30' of the draft description is not "
                 "a date (write YYYY-MM-DD", 2, 7);
    path = unit_write("date2.yaml", "title: T\ndate: 1. März 2026\ntext: x\n");
    assert_int_equal(digicheck_draft_load(&d, path, DIGICHECK_FORMAT_AUTO, &err),
                     DIGICHECK_ESCHEMA);
    path = unit_write("date3.yaml", "title: T\ndate: 2024-02-29\ntext: x\n");
    assert_int_equal(digicheck_draft_load(&d, path, DIGICHECK_FORMAT_AUTO, &err), DIGICHECK_OK);
    assert_string_equal(d->date, "2024-02-29");
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers__record_ratings_and_reasons),
        cmocka_unit_test(answers__description_checked),
        cmocka_unit_test(answers__read_with_places),
        cmocka_unit_test(answers__refusals),
        cmocka_unit_test(answers__record_shapes_and_apply),
        cmocka_unit_test(answers__record_refusals),
    };
    return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
