/*
 * test_description.c -- draft descriptions in YAML and JSON: inline text
 * (a literal block keeps the description's lines and columns), text_file
 * relative to the description and never outside it, answers, meta data and
 * facts, and every malformed description with its place.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

static const char RULES[] =
    "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n"
    "  - {id: form.s, principle: P1, category: written-form, severity: warning, message: m,\n"
    "     match: ['\\bschriftlich\\b']}\n";

static digicheck_report *check(const digicheck_draft *d)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    return r;
}

static void test_description__inline_literal_text(void **state)
{
    static const char desc[] =
        "title: Entwurf eines Gesetzes\n"
        "kind: Gesetz\n"
        "jurisdiction: Th\xC3\xBCringen\n"
        "text: |\n"
        "  ## \xC2\xA7 1 Antrag\n"
        "\n"
        "  (1) Der Antrag ist schriftlich zu stellen.\n"
        "answers:\n"
        "  vp.it-system: yes\n"
        "  vp.eu-bezug: nein\n"
        "facts:\n"
        "  processes: [{name: Antrag, channel: paper}]\n";
    digicheck_draft *d = NULL;
    digicheck_report *r;
    const digicheck_finding *f;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, desc, strlen(desc), "d.yaml",
                                           DIGICHECK_FORMAT_AUTO, &err), DIGICHECK_OK);
    assert_string_equal(d->name, "d.yaml");
    assert_string_equal(d->title, "Entwurf eines Gesetzes");
    assert_string_equal(d->kind, "Gesetz");
    assert_string_equal(d->jurisdiction, "Th\xC3\xBCringen");
    assert_int_equal(dci_yaml_deref(d->facts)->kind, DCI_YAML_MAPPING);
    assert_string_equal(dci_draft_answer(d, "vp.it-system"), "yes");
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);
    r = check(d);
    assert_int_equal(digicheck_report_count(r), 1);
    f = digicheck_report_get(r, 0);
    /* "schriftlich" stands on line 7, column 22 of the description */
    assert_int_equal(digicheck_finding_line(f), 7);
    assert_int_equal(digicheck_finding_column(f), 22);
    assert_int_equal(digicheck_finding_end_column(f), 32);
    assert_string_equal(digicheck_finding_path(f), "\xC2\xA7 1 Abs. 1 Satz 1");
    assert_int_equal(r->vp.result, DCI_VERDICT_POSITIVE);
    digicheck_report_free(r);
    digicheck_draft_free(d);
}

static void test_description__json_and_quoted_text(void **state)
{
    static const char desc[] =
        "{\"text\": \"Der Antrag ist\\nschriftlich zu stellen.\", \"format\": \"text\",\n"
        " \"answers\": {\"vp.it-system\": true, \"vp.datenaustausch\": \"no\"}}";
    digicheck_draft *d = NULL;
    digicheck_report *r;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, desc, strlen(desc), NULL, DIGICHECK_FORMAT_AUTO,
                                           &err), DIGICHECK_OK);
    assert_int_equal(d->format, DIGICHECK_FORMAT_TEXT);
    r = check(d);
    /* not a literal block: lines count within the text */
    assert_int_equal(digicheck_finding_line(digicheck_report_get(r, 0)), 2);
    assert_int_equal(digicheck_finding_column(digicheck_report_get(r, 0)), 1);
    assert_int_equal(r->vp.result, DCI_VERDICT_POSITIVE);         /* true reads as yes */
    digicheck_report_free(r);
    digicheck_draft_free(d);
}

static void test_description__text_file(void **state)
{
    digicheck_draft *d = NULL;
    digicheck_report *r;
    digicheck_error err;

    (void)state;
    assert_int_equal(mkdir(unit_path("sub"), 0755), 0);
    unit_write("sub/entwurf.md", "## \xC2\xA7 2 Form\n\nEr ist schriftlich.\n");
    unit_write("d.yaml", "title: T\ntext_file: sub/entwurf.md\nanswers: {vp.it-system: ja}\n");
    assert_int_equal(digicheck_draft_load(&d, unit_path("d.yaml"), DIGICHECK_FORMAT_AUTO, &err),
                     DIGICHECK_OK);
    /* findings point into the text file, under its name */
    assert_string_equal(d->name, unit_path("sub/entwurf.md"));
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);
    r = check(d);
    assert_int_equal(digicheck_finding_line(digicheck_report_get(r, 0)), 3);
    assert_int_equal(digicheck_finding_column(digicheck_report_get(r, 0)), 8);
    assert_string_equal(r->file, unit_path("sub/entwurf.md"));
    digicheck_report_free(r);
    digicheck_draft_free(d);

    /* from memory, no file is read whatever the name says: an upload named
     * /etc/x.yaml must not read /etc/passwd; the host names the directory */
    assert_int_equal(digicheck_draft_parse(&d, "text_file: entwurf.md\n", 22,
                                           unit_path("sub/x.yaml"), 0, &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "a description parsed from memory reads no file", 0, 0);
    assert_int_equal(digicheck_draft_parse(&d, "text_file: passwd\n", 18, "/etc/x.yaml",
                                           DIGICHECK_FORMAT_YAML, &err), DIGICHECK_EINVAL);
    assert_null(d);
    assert_int_equal(digicheck_draft_parse_in(&d, "text_file: entwurf.md\n", 22, "upload.yaml",
                                              0, unit_path("sub"), &err), DIGICHECK_OK);
    assert_string_equal(d->name, unit_path("sub/entwurf.md"));
    digicheck_draft_free(d);
    assert_int_equal(digicheck_draft_parse_in(&d, "text_file: ../d.yaml\n", 21, "upload.yaml",
                                              0, unit_path("sub"), &err), DIGICHECK_ESCHEMA);
    /* … and without a name there is none */
    assert_int_equal(digicheck_draft_parse(&d, "text_file: entwurf.md\n", 22, NULL,
                                           DIGICHECK_FORMAT_YAML, &err), DIGICHECK_EINVAL);
}

static void test_description__text_file_stays_inside(void **state)
{
    digicheck_draft *d = NULL;
    digicheck_error err;

    (void)state;
    unit_write("outside.md", "Er ist schriftlich.\n");
    assert_int_equal(mkdir(unit_path("in"), 0755), 0);
    unit_write("in/a.yaml", "title: T\ntext_file: ../outside.md\n");
    assert_int_equal(digicheck_draft_load(&d, unit_path("in/a.yaml"), 0, &err), DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "text_file '../outside.md' leaves the description's "
                 "directory", 2, 12);
    assert_string_equal(err.source, unit_path("in/a.yaml"));
    unit_write("in/b.yaml", "text_file: /etc/passwd\n");
    assert_int_equal(digicheck_draft_load(&d, unit_path("in/b.yaml"), 0, &err), DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "text_file '/etc/passwd' is an absolute path", 1, 12);
    /* a link inside that leads outside */
    assert_int_equal(symlink("../outside.md", unit_path("in/link.md")), 0);
    unit_write("in/c.yaml", "text_file: link.md\n");
    assert_int_equal(digicheck_draft_load(&d, unit_path("in/c.yaml"), 0, &err), DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "text_file 'link.md' leads to '", 1, 12);
    assert_non_null(strstr(err.message, "outside.md', outside the description's directory"));
    unit_write("in/d.yaml", "text_file: missing.md\n");
    assert_int_equal(digicheck_draft_load(&d, unit_path("in/d.yaml"), 0, &err), DIGICHECK_EIO);
    assert_error(err, DIGICHECK_EIO, "cannot read text_file 'missing.md': No such file", 1, 12);
    assert_null(d);
}

static void test_description__malformed(void **state)
{
    static const struct {
        const char *text;
        int code;
        const char *message;
        long line, column;
    } cases[] = {
        { "text: a\ntext_file: b.md\n", DIGICHECK_ESCHEMA,
          "a draft description names its text with exactly one of 'text' and 'text_file', "
          "not both", 1, 1 },
        { "title: T\n", DIGICHECK_ESCHEMA, "a draft description names its text with exactly "
          "one of", 1, 1 },
        { "text: a\ntitel: T\n", DIGICHECK_ESCHEMA, "unknown key 'titel' in the draft "
          "description (allowed: title, kind, jurisdiction, date, text, text_file, format, "
          "answers, facts, justifications)", 2, 1 },
        { "text: a\nkind: Gesetzchen\n", DIGICHECK_ESCHEMA, "unknown kind 'Gesetzchen' in the "
          "draft description (allowed: Gesetz, Verordnung, Satzung, Verwaltungsvorschrift)",
          2, 7 },
        { "text: a\nformat: pdf\n", DIGICHECK_ESCHEMA, "unknown format 'pdf' of the text", 2, 9 },
        { "text: [a]\n", DIGICHECK_ESCHEMA, "expected a string for 'text' in the draft "
          "description, found a list", 1, 7 },
        { "text: a\nanswers: [yes]\n", DIGICHECK_ESCHEMA, "expected a mapping of question ids "
          "to answers for 'answers', found a list", 2, 10 },
        { "text: a\nanswers: {vp.it-system: ''}\n", DIGICHECK_ESCHEMA, "the answer to "
          "'vp.it-system' is empty", 2, 25 },
        { "text: a\nanswers: {vp.it-system: yes\n", DIGICHECK_ESYNTAX, "", 3, 1 },
        { "- a\n- b\n", DIGICHECK_ESCHEMA, "a draft description is a mapping", 1, 1 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        digicheck_draft *d = NULL;
        digicheck_error err;
        int rc = digicheck_draft_parse(&d, cases[i].text, strlen(cases[i].text), "m.yaml", 0,
                                       &err);
        if (rc != cases[i].code || strncmp(err.message, cases[i].message,
                                           strlen(cases[i].message)) != 0 ||
            err.line != cases[i].line || err.column != cases[i].column)
            fail_msg("case %zu: %d %ld:%ld '%s'", i, rc, err.line, err.column, err.message);
        assert_string_equal(err.source, "m.yaml");
        assert_null(d);
    }
}

/* A statute's YAML front matter is not a description. */
static void test_description__front_matter_is_no_description(void **state)
{
    static const char text[] = "---\nTitle: Gesetz\nslug: g\n---\n\n# Gesetz\n\n## \xC2\xA7 1 A"
                               "\n\nText.\n";
    digicheck_draft *d = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), NULL, 0, &err),
                     DIGICHECK_OK);
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);
    assert_null(d->description);
    digicheck_draft_free(d);
}

/* JSON is read as JSON (RFC 8259), not as YAML 1.1: what Python's
 * json.dump writes loads, what JSON forbids is refused, and errors keep
 * their places. A ".yaml" name keeps YAML's flow syntax. */
static void test_description__json_is_json(void **state)
{
    static const char dumped[] =
        "{\"title\": \"Entwurf \\ud83d\\ude00\", \"text\": \"Er ist schriftlich.\\n\", "
        "\"format\": \"text\", \"answers\": {\"vp.it-system\": \"ja\"}, \"facts\": {\"n\": 1e400}}";
    static const struct {
        const char *text, *name;
        int code;
        long line, column;
        const char *message;
    } bad[] = {
        { "{\"text\": \"a\", \"kind\": \"Gesetzchen\"}", "d.json", DIGICHECK_ESCHEMA, 1, 23,
          "unknown kind 'Gesetzchen'" },
        { "{\"text\": \"a\" // kurz\n}", "d.json", DIGICHECK_ESYNTAX, 1, 14,
          "expected ',' or '}' after a member of an object, found '/'" },
        { "{\"text\": \"a\",}", NULL, DIGICHECK_ESYNTAX, 1, 14, "a comma before '}'" },
        { "\xEF\xBB\xBF {text: a}", NULL, DIGICHECK_ESYNTAX, 1, 3, "expected a string as the "
          "key of an object member, found 'text'" },
        { "{\"text\": \"a\", \"text\": \"b\"}", "d.json", DIGICHECK_ESCHEMA, 1, 15,
          "duplicate key 'text'" },
        { "[\"text\"]", "d.json", DIGICHECK_ESCHEMA, 1, 1, "a draft description is a mapping" },
    };
    digicheck_draft *d = NULL;
    digicheck_report *r;
    digicheck_error err;
    size_t i;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, dumped, strlen(dumped), "d.json", 0, &err),
                     DIGICHECK_OK);
    assert_string_equal(d->title, "Entwurf \xF0\x9F\x98\x80");
    assert_string_equal(dci_draft_answer(d, "vp.it-system"), "ja");
    assert_string_equal(dci_yaml_map_get(d->facts, "n")->str, "1e400");
    r = check(d);
    assert_int_equal(digicheck_finding_line(digicheck_report_get(r, 0)), 1);
    assert_int_equal(digicheck_finding_column(digicheck_report_get(r, 0)), 8);
    digicheck_report_free(r);
    digicheck_draft_free(d);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = digicheck_draft_parse(&d, bad[i].text, strlen(bad[i].text), bad[i].name, 0,
                                       &err);
        if (rc != bad[i].code || err.line != bad[i].line || err.column != bad[i].column ||
            strncmp(err.message, bad[i].message, strlen(bad[i].message)) != 0)
            fail_msg("case %zu: %d %ld:%ld '%s'", i, rc, err.line, err.column, err.message);
        assert_null(d);
    }
    /* YAML by its name, even when it starts like JSON */
    assert_int_equal(digicheck_draft_parse(&d, "{text: a}", 9, "d.yaml", 0, &err), DIGICHECK_OK);
    digicheck_draft_free(d);
}

/* A description's text is a text: one that looks like a description (it
 * names a text of its own) is not read as another description. */
static void test_description__text_is_never_a_description(void **state)
{
    static const char desc[] = "text: \"text: innen\\n\"\n";
    digicheck_draft *d = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, desc, strlen(desc), "d.yaml", 0, &err),
                     DIGICHECK_OK);
    assert_int_equal(d->format, DIGICHECK_FORMAT_TEXT);
    assert_string_equal(d->src, "text: innen\n");
    assert_string_equal(d->name, "d.yaml");
    digicheck_draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_description__inline_literal_text),
        cmocka_unit_test(test_description__json_and_quoted_text),
        cmocka_unit_test(test_description__text_file),
        cmocka_unit_test(test_description__text_file_stays_inside),
        cmocka_unit_test(test_description__malformed),
        cmocka_unit_test(test_description__front_matter_is_no_description),
        cmocka_unit_test(test_description__text_is_never_a_description),
        cmocka_unit_test(test_description__json_is_json),
    };
    return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
