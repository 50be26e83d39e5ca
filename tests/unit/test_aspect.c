/*
 * test_aspect.c -- the aspects of principles in a rule set, the questions
 * of an aspect and of the interoperability assessment, and when they apply.
 */
#include "unit.h"

static const char HEAD[] =
    "digicheck: 1\n"
    "id: t\n"
    "title: Test\n"
    "principles:\n"
    "  - id: P1\n"
    "    title: Eins\n"
    "    aspects:\n"
    "      - {id: P1.1, name: kommunikation, title: Kommunikation, categories: [written-form],\n"
    "         rules: [form.x]}\n"
    "      - {id: P1.2, name: offen, title: Technologieoffen}\n"
    "  - {id: P2, title: Zwei}\n";

static const char RULES[] =
    "rules:\n"
    "  - {id: form.x, principle: P1, category: written-form, severity: warning,\n"
    "     match: ['schriftlich'], message: m}\n"
    "  - {id: vp.it-system, type: question, stage: vorpruefung, principle: P1, message: q}\n"
    "  - {id: vp.eu-bezug, type: question, stage: vorpruefung, principle: P1, message: q}\n"
    "  - {id: P1.1.1, type: question, stage: aspekt, principle: P1, aspect: P1.1,\n"
    "     message: Schriftform?, prefill: [{match: ['schriftlich'], suggests: yes}]}\n"
    "  - {id: io.legal, type: question, stage: interoperabilitaet, principle: P1,\n"
    "     answers: [yes, no, not-relevant], message: Rechtlich?}\n";

/* Loads HEAD + rules, expecting an error with that message start and place. */
static void load_fails(const char *rules, const char *prefix, long line, long column)
{
    char path[] = "/tmp/dc-aspect-XXXXXX.yaml";
    int fd = mkstemps(path, 5);
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    FILE *fp = fdopen(fd, "w");

    assert_non_null(fp);
    fputs(HEAD, fp);
    fputs(rules, fp);
    fclose(fp);
    assert_int_equal(digicheck_ruleset_load(&rs, path, &err), DIGICHECK_ESCHEMA);
    remove(path);
    assert_error(err, DIGICHECK_ESCHEMA, prefix, line, column);
}

static void test_aspect__read(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(HEAD, RULES);
    const dci_principle *p = &rs->principles[0];

    (void)state;
    assert_int_equal(p->naspects, 2);
    assert_string_equal(p->aspects[0].id, "P1.1");
    assert_string_equal(p->aspects[0].number, "1.1");
    assert_string_equal(p->aspects[0].name, "kommunikation");
    assert_int_equal(p->aspects[0].nrules, 1);
    assert_string_equal(rs->rules[p->aspects[0].rule_index[0]].id, "form.x");
    assert_string_equal(rs->rules[3].aspect, "P1.1");
    assert_int_equal(rs->principles[1].naspects, 0);
    digicheck_ruleset_free(rs);
}


static void test_aspect__errors(void **state)
{
    (void)state;
    load_fails("  - id: P3\n    title: Drei\n    aspects: [{id: P3.x, name: a, title: b}]\n",
               "the id 'P3.x' of aspect 'P3.x' must be 'P3.' and a number", 14, 20);
    load_fails("  - id: P3\n    title: Drei\n    aspects: [{id: P3.1, name: a, title: b},\n"
               "              {id: P3.2, name: a, title: c}]\n",
               "duplicate aspect: 'P3.2' (a) has the id or name of aspect #1", 15, 15);
    load_fails("  - id: P3\n    title: Drei\n    aspects: [{id: P3.1, name: a, title: b, "
               "categories: [paper]}]\n", "unknown category 'paper' in aspect 'P3.1'", 14, 58);
    /* HEAD's aspect P1.1 names rule form.x, which these rules lack */
    load_fails("rules: []\n", "unknown rule 'form.x' in 'rules' of aspect 'P1.1'", 8, 9);
    load_fails("rules:\n  - {id: q, type: question, stage: aspekt, principle: P1, message: m}\n",
               "missing required key 'aspect' in rule 'q'", 13, 5);
    load_fails("rules:\n  - {id: q, type: question, stage: aspekt, principle: P1, aspect: P1.9,"
               " message: m}\n", "unknown aspect 'P1.9' in rule 'q' (aspects of principle 'P1': "
               "P1.1, P1.2)", 13, 67);
    load_fails("rules:\n  - {id: q, type: question, stage: aspekt, principle: P2, aspect: P2.1,"
               " message: m}\n", "unknown aspect 'P2.1' in rule 'q': principle 'P2' declares "
               "no aspects", 13, 67);
    load_fails("rules:\n  - {id: q, principle: P1, category: written-form, severity: info,"
               " match: [x], aspect: P1.1, message: m}\n", "key 'aspect' is not allowed in rule 'q', a pattern rule", 13, 80);
}

/* The questions of a check of text with the given answers. */
static digicheck_report *check_with(const digicheck_ruleset *rs, const char *it,
                                    const char *eu)
{
    static const char text[] = "## § 1 Antrag\n\n(1) Der Antrag ist schriftlich zu stellen.\n";
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    static const char *const vp[] = {
        "vp.it-system", "vp.verpflichtungen", "vp.datenaustausch", "vp.kommunikation",
        "vp.automatisierung"
    };
    size_t i;

    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "t.md", DIGICHECK_FORMAT_AUTO,
                                           NULL), DIGICHECK_OK);
    for (i = 0; it && i < 5; i++)       /* the Vorprüfung's first five questions */
        assert_int_equal(digicheck_draft_set_answer(d, vp[i], it, NULL), 0);
    if (eu)
        assert_int_equal(digicheck_draft_set_answer(d, "vp.eu-bezug", eu, NULL), 0);
    assert_int_equal(digicheck_checker_new(&c, rs, NULL), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, NULL), DIGICHECK_OK);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    return r;
}

static void test_aspect__applies_after_vorpruefung(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(HEAD, RULES);
    digicheck_report *r;
    const digicheck_question *q, *io;

    (void)state;
    r = check_with(rs, NULL, NULL);                 /* the Vorprüfung is open */
    q = digicheck_report_question(r, 2);
    io = digicheck_report_question(r, 3);
    assert_string_equal(digicheck_question_id(q), "P1.1.1");
    assert_string_equal(digicheck_question_aspect(q), "P1.1");
    assert_string_equal(digicheck_question_stage(q), "aspekt");
    assert_null(digicheck_question_aspect(digicheck_report_question(r, 0)));
    assert_false(digicheck_question_applicable(q));
    assert_false(digicheck_question_applicable(io));
    assert_string_equal(digicheck_question_suggested(q), "yes");    /* evidence all the same */
    digicheck_report_free(r);

    r = check_with(rs, "no", "yes");                /* negative: no Digitalbezug */
    assert_false(digicheck_question_applicable(digicheck_report_question(r, 2)));
    assert_true(digicheck_question_applicable(digicheck_report_question(r, 3)));
    digicheck_report_free(r);

    r = check_with(rs, "unsure", "no");             /* unsure counts as a Digitalbezug */
    assert_true(digicheck_question_applicable(digicheck_report_question(r, 2)));
    assert_false(digicheck_question_applicable(digicheck_report_question(r, 3)));
    digicheck_report_free(r);

    r = check_with(rs, "ja", "Ja");
    assert_true(digicheck_question_applicable(digicheck_report_question(r, 2)));
    assert_true(digicheck_question_applicable(digicheck_report_question(r, 3)));
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_aspect__ratings_canonical(void **state)
{
    (void)state;
    assert_string_equal(dci_answer_canonical("Nicht relevant"), "not-relevant");
    assert_string_equal(dci_answer_canonical("Ja, gänzlich oder teilweise"), "yes");
    assert_string_equal(dci_answer_canonical("teilweise"), "teilweise");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aspect__read),
        cmocka_unit_test(test_aspect__errors),
        cmocka_unit_test(test_aspect__applies_after_vorpruefung),
        cmocka_unit_test(test_aspect__ratings_canonical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
