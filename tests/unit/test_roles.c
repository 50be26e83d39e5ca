/*
 * test_roles.c -- the roles of text (roles.c): tables, tables of contents,
 * editorial notes, amendment commands with their old and new wording and
 * the provision they amend.
 */
#include "unit.h"

#define PARA "\xC2\xA7"         /* § */
#define LQ "\xE2\x80\x9E"       /* „ */
#define RQ "\xE2\x80\x9C"       /* “ */

static digicheck_draft *parse(const char *text)
{
    digicheck_draft *d = NULL;
    digicheck_error err;

    if (digicheck_draft_parse(&d, text, strlen(text), NULL, DIGICHECK_FORMAT_MARKDOWN, &err) !=
        DIGICHECK_OK)
        fail_msg("parse failed: %s", err.message);
    return d;
}

/* The role at the first place of `what` in the view. */
static int role_of(const digicheck_draft *d, const char *what, const dci_quote **q)
{
    const char *p = strstr(d->view, what);
    long s;

    assert_non_null(p);
    s = dci_draft_unit_at(d, DCI_UNIT_SATZ, (size_t)(p - d->view));
    assert_true(s >= 0);
    return dci_draft_role_at(d, (size_t)s, (size_t)(p - d->view), q);
}

static void test_roles__commands_old_new_and_target(void **state)
{
    digicheck_draft *d = parse(
        "## Artikel 1 \xC3\x84nderung des Mustergesetzes\n\n"
        "Das Mustergesetz wird wie folgt ge\xC3\xA4ndert:\n\n"
        "1.  " PARA " 3 wird wie folgt ge\xC3\xA4ndert:\n\n"
        "    a)  In Absatz 2 wird das Wort " LQ "Papier" RQ " durch das Wort " LQ "Datei" RQ
        " ersetzt.\n\n"
        "    b)  In Absatz 4 werden nach dem Wort " LQ "Antrag" RQ " die W\xC3\xB6rter " LQ
        "auf Vordruck" RQ " eingef\xC3\xBCgt.\n\n"
        "2.  " PARA " 5 wird aufgehoben.\n\n"
        "## Artikel 2 Inkrafttreten\n\n"
        "Ein W\xC3\xB6rterbuch definiert " LQ "Vordruck" RQ " nicht.\n");
    const dci_quote *q;

    (void)state;
    assert_int_equal(role_of(d, "Papier", &q), DCI_ROLE_OLD);
    assert_int_equal(q->verb, DCI_AMEND_REPLACE);
    assert_string_equal(q->target, PARA " 3 Absatz 2 des Mustergesetzes");
    assert_int_equal(role_of(d, "Datei", &q), DCI_ROLE_NEW);
    /* the anchor of an insertion is the command's own text */
    assert_int_equal(role_of(d, "Antrag", &q), DCI_ROLE_COMMAND);
    assert_null(q);
    assert_int_equal(role_of(d, "auf Vordruck", &q), DCI_ROLE_NEW);
    assert_int_equal(q->verb, DCI_AMEND_INSERT);
    assert_string_equal(q->target, PARA " 3 Absatz 4 des Mustergesetzes");
    assert_int_equal(role_of(d, PARA " 5 wird aufgehoben", &q), DCI_ROLE_COMMAND);
    /* a quotation in a provision is no amendment */
    assert_int_equal(role_of(d, "Vordruck" RQ " nicht", &q), DCI_ROLE_PROVISION);
    assert_null(q);
    digicheck_draft_free(d);
}

static void test_roles__tables_tocs_and_notes(void **state)
{
    digicheck_draft *d = parse(
        "## Artikel 1 Verordnung\n\n"
        "Inhaltsverzeichnis\n\n"
        PARA " 1 Vordruck\n\n"
        "### " PARA " 1 Vordruck\n\n"
        "Der Antrag ist auf Vordruck zu stellen.\n\n"
        "## Anlage Geb\xC3\xBChren\n\n"
        "(Fundstelle: BGBl. I 2020, 1; Inhalt: Vordruck)\n\n"
        "*    *   100\n\n"
        "    *   Beglaubigung  ..........\n\n"
        "    *   Die Geb\xC3\xBChr wird f\xC3\xBCr jede Beglaubigung einzeln erhoben.\n\n"
        "Nach der Tabelle folgt eine Vorschrift.\n");
    const dci_quote *q;

    (void)state;
    assert_int_equal(role_of(d, PARA " 1 Vordruck", &q), DCI_ROLE_TOC);
    assert_int_equal(role_of(d, "Der Antrag", &q), DCI_ROLE_PROVISION);
    assert_int_equal(role_of(d, "(Fundstelle", &q), DCI_ROLE_FOOTNOTE);
    assert_int_equal(role_of(d, "Beglaubigung .", &q), DCI_ROLE_TABLE);
    /* a sentence in a table cell reads as a provision */
    assert_int_equal(role_of(d, "Die Geb", &q), DCI_ROLE_PROVISION);
    assert_int_equal(role_of(d, "Nach der Tabelle", &q), DCI_ROLE_PROVISION);
    digicheck_draft_free(d);
}

static void test_roles__a_rule_asks_for_roles(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: t\nversion: '1'\nprinciples: [{id: P1, title: x}]\n"
        "rules:\n"
        "  - {id: a, principle: P1, category: paper-or-post, severity: info, message: m,\n"
        "     match: ['\\bVordruck']}\n"
        "  - {id: b, principle: P1, category: paper-or-post, severity: info, message: m,\n"
        "     roles: [toc, footnote], match: ['\\bVordruck']}\n", NULL);
    digicheck_error err;

    (void)state;
    assert_int_equal(rs->rules[0].roles, DCI_ROLES_DEFAULT);
    assert_int_equal(rs->rules[1].roles, (1u << DCI_ROLE_TOC) | (1u << DCI_ROLE_FOOTNOTE));
    digicheck_ruleset_free(rs);
    rs = NULL;
    {
        static const char bad[] =
            "digicheck: 1\nid: t\ntitle: t\nversion: '1'\nprinciples: [{id: P1, title: x}]\n"
            "rules:\n"
            "  - {id: a, principle: P1, category: paper-or-post, severity: info, message: m,\n"
            "     roles: [preamble], match: ['x']}\n";
        assert_int_equal(digicheck_ruleset_load(&rs, unit_write("bad.yaml", bad), &err),
                         DIGICHECK_ESCHEMA);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles__commands_old_new_and_target),
        cmocka_unit_test(test_roles__tables_tocs_and_notes),
        cmocka_unit_test(test_roles__a_rule_asks_for_roles),
    };

    return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
