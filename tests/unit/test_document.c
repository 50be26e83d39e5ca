/*
 * test_document.c -- the documentation of a draft: the draft's data, the
 * Vorprüfung, ratings given, open and incomplete, Paragrafen aggregated to
 * the Absatz per aspect, the interoperability assessment, open points, and
 * the three forms (Markdown, HTML, ODT).
 */
#include "unit.h"

static const char RULES[] =
    "digicheck: 1\nid: t\ntitle: Test\nversion: '1'\n"
    "principles:\n"
    "  - id: P1\n    title: Eins\n    aspects:\n"
    "      - {id: P1.1, name: form, title: Form, categories: [written-form]}\n"
    "      - {id: P1.2, name: leer, title: Leer}\n"
    "  - {id: P2, title: Zwei}\n"
    "rules:\n"
    "  - {id: form.s, principle: P1, category: written-form, severity: warning,\n"
    "     match: ['\\bschriftlich\\b'], message: Schriftform verlangt.}\n"
    "  - {id: vp.it-system, type: question, stage: vorpruefung, principle: P1, message: IT?}\n"
    "  - {id: vp.eu-bezug, type: question, stage: vorpruefung, principle: P1, message: EU?}\n"
    "  - {id: P1.1.1, type: question, stage: aspekt, principle: P1, aspect: P1.1,\n"
    "     message: Schriftform?}\n"
    "  - {id: io.legal, type: question, stage: interoperabilitaet, principle: P1,\n"
    "     answers: [yes, no, not-relevant], message: Rechtlich?}\n"
    "  - {id: rel.p, type: relevance, principle: P1, aspect: P1.2, match: ['\\bprüft\\b'],\n"
    "     unless: ['\\bnie\\b'], message: Hier zählt P1.2.}\n";

static const char DESCRIPTION[] =
    "title: Entwurf <Test> & Co\nkind: Gesetz\ndate: 2026-03-01\n"
    "text: |\n  ## § 1 Antrag\n\n  (1) Der Antrag ist schriftlich zu stellen. Er ist\n"
    "  schriftlich zu begründen.\n\n  (2) Die Stelle prüft ihn schriftlich.\n"
    "answers:\n  vp.it-system: ja\n  vp.eu-bezug: ja\n"
    "  P1.1.1: {answer: ja, begruendung: Siehe § 1.}\n"
    "  io.legal: {answer: nicht relevant, begruendung: Kein Abruf.}\n";

static char *document_of(const digicheck_ruleset *rs, const char *description, int form,
                         const char *const *extra, size_t *len)
{
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    char *out = NULL;
    size_t i;

    assert_int_equal(digicheck_draft_parse(&d, description, strlen(description), "d.yaml",
                                           DIGICHECK_FORMAT_YAML, &err), DIGICHECK_OK);
    for (i = 0; extra && extra[i]; i += 3) {
        assert_int_equal(digicheck_draft_set_answer(d, extra[i], extra[i + 1], &err), 0);
        if (extra[i + 2])
            assert_int_equal(digicheck_draft_set_reason(d, extra[i], extra[i + 2], &err), 0);
    }
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    if (digicheck_report_document(r, form, &out, len, &err) != DIGICHECK_OK)
        fail_msg("document: %s", err.message);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    return out;
}

static void has(const char *doc, const char *part)
{
    if (!strstr(doc, part))
        fail_msg("missing '%s' in:\n%s", part, doc);
}

static void test_document__markdown(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    static const char *const rated[] = { "P2", "nein", NULL, NULL };
    char *md = document_of(rs, DESCRIPTION, DIGICHECK_DOCUMENT_MARKDOWN, NULL, NULL);

    (void)state;
    has(md, "# Dokumentation der Digitaltauglichkeit\n");
    has(md, "**Regelungsvorhaben:** Entwurf \\<Test\\> & Co\n");
    has(md, "**Datum:** 2026-03-01\n");
    has(md, "**Ergebnis: Digitalbezug:** ja\n");
    /* the three findings of § 1 make two Absätze, each once */
    has(md, "#### 1.1 Form\n\n- **§ 1 Abs. 1:** Schriftform verlangt.\n"
            "- **§ 1 Abs. 2:** Schriftform verlangt.\n");
    has(md, "- **Prüffragen:** beantwortet oder mit Hinweis aus dem Text\n"
            "  - **P1.1.1:** Schriftform? — Antwort: Ja. Begründung: Siehe § 1.\n");
    /* a relevance rule marks where an aspect matters, without a finding */
    has(md, "#### 1.2 Leer\n\n- **§ 1 Abs. 2:** Hier zählt P1.2.\n\n");
    has(md, "**Bewertung:** ⚠ offen: noch nicht bewertet");
    has(md, "- **io.legal:** Rechtlich? — Bewertung: Nicht relevant. Begründung: Kein Abruf.\n");
    has(md, "## 4. Offene Punkte\n\n- [ ] **P1, Bewertung:** offen");
    digicheck_free(md);
    md = document_of(rs, DESCRIPTION, DIGICHECK_DOCUMENT_MARKDOWN, rated, NULL);
    has(md, "### P2 Zwei\n\n**Bewertung:** ⚠ Nein — unvollständig: die Begründung fehlt\n");
    digicheck_free(md);
    digicheck_ruleset_free(rs);
}

/* Relevance rules yield places, never findings; `unless` drops a place. */
static void test_document__relevance_is_no_finding(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    static const char text[] = "Die Stelle prüft. Sie prüft nie.";
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "t.txt",
                                           DIGICHECK_FORMAT_TEXT, NULL), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, NULL), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, NULL), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 0);
    assert_int_equal(r->nrelevant, 1);
    assert_int_equal(r->relevant[0].nplaces, 1);
    assert_string_equal(r->relevant[0].rule->category, "relevance");
    {
        const char *aspect = NULL, *path = NULL;
        long line = 0;
        assert_int_equal(digicheck_report_relevant_count(r), 1);
        assert_string_equal(digicheck_report_relevant(r, 0, &aspect, &path, &line), "rel.p");
        assert_string_equal(aspect, "P1.2");
        assert_string_equal(path, "Satz 1");
        assert_int_equal(line, 1);
        assert_null(digicheck_report_relevant(r, 1, &aspect, &path, &line));
        assert_null(aspect);
        assert_int_equal(digicheck_report_relevant_count(NULL), 0);
    }
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
}

static void test_document__html_and_odt(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    size_t len = 0;
    char *html = document_of(rs, DESCRIPTION, DIGICHECK_DOCUMENT_HTML, NULL, &len);
    char *odt;

    (void)state;
    assert_int_equal(len, strlen(html));
    has(html, "<!DOCTYPE html>\n<html lang=\"de\">");
    has(html, "@page{size:A4;");
    has(html, "<p class=\"field\"><b>Regelungsvorhaben:</b> Entwurf &lt;Test&gt; &amp; Co</p>");
    has(html, "<li><b>§ 1 Abs. 1:</b> Schriftform verlangt.</li>\n<li><b>§ 1 Abs. 2:</b>");
    has(html, "<li><b>Prüffragen:</b> beantwortet oder mit Hinweis aus dem Text<ul>\n"
              "<li><b>P1.1.1:</b> Schriftform? — Antwort: Ja. Begründung: Siehe § 1.</li></ul>\n"
              "</li></ul>\n<h4>");
    digicheck_free(html);
    odt = document_of(rs, DESCRIPTION, DIGICHECK_DOCUMENT_ODT, NULL, &len);
    /* a zip whose first entry is the stored mimetype */
    assert_true(len > 200);
    assert_memory_equal(odt, "PK\x03\x04", 4);
    assert_memory_equal(odt + 30, "mimetypeapplication/vnd.oasis.opendocument.text", 47);
    digicheck_free(odt);
    digicheck_ruleset_free(rs);
}

static void test_document__bad_arguments(void **state)
{
    digicheck_error err;
    char *out = (char *)"x";

    (void)state;
    assert_int_equal(digicheck_report_document(NULL, 0, &out, NULL, &err), DIGICHECK_EINVAL);
    assert_null(out);
    assert_error(err, DIGICHECK_EINVAL, "argument 'r' is NULL", 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document__markdown),
        cmocka_unit_test(test_document__relevance_is_no_finding),
        cmocka_unit_test(test_document__html_and_odt),
        cmocka_unit_test(test_document__bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
