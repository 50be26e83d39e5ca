/*
 * test_ldml.c -- LegalDocML.de drafts: units and paths from the XML, the
 * exact place of findings (line, column, eId, offset) through character
 * references and quotation marks, amendments checked as the amending
 * unit's text, and hostile or malformed XML refused with its place.
 */
#include "unit.h"

#define AKN "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
            "<akn:akomaNtoso xmlns:akn=\"http://Inhaltsdaten.LegalDocML.de/1.8.2/\">\n" \
            "<akn:act name=\"x\"><akn:meta eId=\"meta-n1\"><akn:x>Metadaten schriftlich</akn:x>" \
            "</akn:meta>\n<akn:body eId=\"hauptteil-n1\">\n"
#define END "</akn:body></akn:act></akn:akomaNtoso>\n"

/* Lines 5-12 of the document: Artikel 1 with a § inside a quoted structure,
 * a Nummer with a quoted text, character references. */
static const char DOC[] =
    AKN
    "<akn:article eId=\"art-z1\"><akn:num eId=\"art-z1_bez\">Artikel 1</akn:num>\n"
    "<akn:heading eId=\"art-z1_h\">Schriftliche \xC3\x84nderung</akn:heading>\n"
    "<akn:paragraph eId=\"art-z1_abs-z\"><akn:num eId=\"n\"/><akn:list eId=\"l\">"
    "<akn:intro eId=\"i\"><akn:p eId=\"i_text\">Das Gesetz &amp; die Ordnung werden wie "
    "folgt ge&#228;ndert:</akn:p></akn:intro>\n"
    "<akn:point eId=\"p1\"><akn:num eId=\"p1n\">1.</akn:num><akn:content eId=\"p1c\">"
    "<akn:p eId=\"p1_text\">In \xC2\xA7 3 wird das Wort <akn:quotedText eId=\"qt\" "
    "startQuote=\"\xE2\x80\x9E\" endQuote=\"\xE2\x80\x9C\">schriftlich</akn:quotedText> "
    "gestrichen.</akn:p></akn:content></akn:point>\n"
    "<akn:point eId=\"p2\"><akn:num eId=\"p2n\">2.</akn:num><akn:content eId=\"p2c\">"
    "<akn:p eId=\"p2_text\"><akn:mod eId=\"mod\">\xC2\xA7 4 wird wie folgt gefasst: "
    "<akn:quotedStructure eId=\"qs\"><akn:article eId=\"qa\"><akn:num eId=\"qan\">"
    "\xC2\xA7 4</akn:num>\n<akn:paragraph eId=\"qp\"><akn:num eId=\"qpn\">(1)</akn:num>"
    "<akn:content eId=\"qc\"><akn:p eId=\"qs_text\">Der Antrag ist schriftlich zu stellen."
    "</akn:p></akn:content></akn:paragraph></akn:article></akn:quotedStructure></akn:mod>"
    "</akn:p></akn:content></akn:point>\n"
    "</akn:list></akn:paragraph></akn:article>\n"
    END;

static const char RULES[] =
    "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n"
    "  - {id: s, principle: P1, category: written-form, severity: warning, message: m,\n"
    "     match: ['\\bschriftlich\\w*']}\n"
    "  - {id: o, principle: P1, category: written-form, severity: warning, message: m,\n"
    "     match: ['\\bOrdnung\\b']}\n"
    "  - {id: g, principle: P1, category: written-form, severity: warning, message: m,\n"
    "     match: ['\\bge\xC3\xA4ndert\\b']}\n";

static digicheck_draft *parse(const char *xml, int format)
{
    digicheck_draft *d = NULL;
    digicheck_error err;

    if (digicheck_draft_parse(&d, xml, strlen(xml), "e.xml", format, &err) != DIGICHECK_OK)
        fail_msg("parse: %s:%ld:%ld: %s", err.source, err.line, err.column, err.message);
    return d;
}

static const digicheck_finding *at_match(const digicheck_report *r, const char *match, int nth)
{
    size_t i;

    for (i = 0; i < digicheck_report_count(r); i++)
        if (strcmp(digicheck_finding_match(digicheck_report_get(r, i)), match) == 0 && !nth--)
            return digicheck_report_get(r, i);
    fail_msg("no finding '%s'", match);
    return NULL;
}

static void test_ldml__units_and_paths(void **state)
{
    digicheck_draft *d = parse(DOC, DIGICHECK_FORMAT_AUTO);
    dci_buf b = {0};
    size_t i;

    (void)state;
    assert_int_equal(d->format, DIGICHECK_FORMAT_LDML);
    assert_int_equal(d->nby_kind[DCI_UNIT_ARTIKEL], 1);
    /* the § inside the quoted structure is text of Nr. 2, not a unit */
    assert_int_equal(d->nby_kind[DCI_UNIT_PARAGRAPH], 0);
    assert_int_equal(d->nby_kind[DCI_UNIT_NUMMER], 2);
    assert_int_equal(d->nby_kind[DCI_UNIT_SATZ], 4);
    for (i = 0; i < d->nby_kind[DCI_UNIT_SATZ]; i++) {
        dci_draft_path(d, d->by_kind[DCI_UNIT_SATZ][i], &b);
        dci_buf_putc(&b, '|');
    }
    assert_string_equal(b.data, "Art. 1 Satz 1|Art. 1 Nr. 1 Satz 1|Art. 1 Nr. 2 Satz 1|"
                                "Art. 1 Nr. 2 Satz 2|");
    /* metadata is no text; the heading is, but holds no sentence */
    assert_null(strstr(d->view, "Metadaten"));
    assert_non_null(strstr(d->view, "Schriftliche \xC3\x84nderung\n"));
    /* references decoded, quotation marks shown */
    assert_non_null(strstr(d->view, "Das Gesetz & die Ordnung werden wie folgt ge\xC3\xA4ndert:"));
    assert_non_null(strstr(d->view, "das Wort \xE2\x80\x9Eschriftlich\xE2\x80\x9C gestrichen."));
    dci_buf_free(&b);
    digicheck_draft_free(d);
}

static void test_ldml__places_of_findings(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, NULL);
    digicheck_draft *d = parse(DOC, DIGICHECK_FORMAT_LDML);
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    const digicheck_finding *f;
    char *sarif = NULL;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    digicheck_draft_free(d);                /* the report does not need it */
    /* not in the heading, not in the metadata: the three places of text */
    assert_int_equal(digicheck_report_count(r), 4);

    /* after "&amp;": line 7, column counted in the XML; offset in the text */
    f = at_match(r, "Ordnung", 0);
    assert_int_equal(digicheck_finding_line(f), 7);
    assert_int_equal(digicheck_finding_column(f), 131);
    assert_string_equal(digicheck_finding_eid(f), "i_text");
    assert_int_equal(digicheck_finding_eid_offset(f), 17);     /* "Das Gesetz & die " */
    assert_string_equal(digicheck_finding_path(f), "Art. 1 Satz 1");
    /* after "&#228;": the offset counts it as one character */
    f = at_match(r, "ge\xC3\xA4ndert", 0);
    assert_int_equal(digicheck_finding_eid_offset(f), 42);
    assert_int_equal(digicheck_finding_column(f), 156);

    /* the quoted text: its own element, offset 0 */
    f = at_match(r, "schriftlich", 0);
    assert_string_equal(digicheck_finding_eid(f), "qt");
    assert_int_equal(digicheck_finding_eid_offset(f), 0);
    assert_int_equal(digicheck_finding_line(f), 8);
    assert_int_equal(digicheck_finding_column(f), 170);
    assert_string_equal(digicheck_finding_path(f), "Art. 1 Nr. 1 Satz 1");

    /* the inserted § 4: a finding of the amending Nummer, at its eId */
    f = at_match(r, "schriftlich", 1);
    assert_string_equal(digicheck_finding_eid(f), "qs_text");
    assert_int_equal(digicheck_finding_eid_offset(f), 15);
    assert_string_equal(digicheck_finding_path(f), "Art. 1 Nr. 2 Satz 2");
    assert_int_equal(digicheck_finding_line(f), 10);
    assert_int_equal(digicheck_finding_column(f), 115);

    assert_int_equal(digicheck_report_render(r, DIGICHECK_OUTPUT_JSON, &sarif, NULL, &err),
                     DIGICHECK_OK);
    assert_non_null(strstr(sarif, "\"eid\":\"qs_text\",\"eid_offset\":15}"));
    digicheck_free(sarif);
    assert_int_equal(digicheck_report_render(r, DIGICHECK_OUTPUT_SARIF, &sarif, NULL, &err),
                     DIGICHECK_OK);
    assert_non_null(strstr(sarif, "{\"name\":\"qt\",\"kind\":\"element\",\"properties\":"
                                  "{\"offset\":0}}"));
    digicheck_free(sarif);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

static void expect_refusal(const char *xml, size_t len, int code, const char *prefix, long line)
{
    digicheck_draft *d = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_draft_parse(&d, xml, len, "h.xml", DIGICHECK_FORMAT_LDML, &err),
                     code);
    if (strncmp(err.message, prefix, strlen(prefix)) != 0)
        fail_msg("message '%s' does not start with '%s'", err.message, prefix);
    assert_int_equal(err.line, line);
    assert_string_equal(err.source, "h.xml");
    assert_null(d);
}

static void test_ldml__hostile_and_malformed(void **state)
{
    static const char laughs[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
        "<akn:akomaNtoso xmlns:akn=\"x\">&lol1;</akn:akomaNtoso>\n";
    static const char xxe[] =
        "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<akn:akomaNtoso xmlns:akn=\"x\">&x;</akn:akomaNtoso>";
    size_t depth = 10000, i, n;
    char *deep;

    (void)state;
    expect_refusal(laughs, strlen(laughs), DIGICHECK_EUNSUPPORTED,
                   "a document type declaration (DOCTYPE) is not allowed", 2);
    expect_refusal(xxe, strlen(xxe), DIGICHECK_EUNSUPPORTED, "a document type declaration", 1);
    /* 10,000 nested elements: libxml2's depth limit */
    deep = malloc(depth * 8 + 200);
    assert_non_null(deep);
    n = (size_t)sprintf(deep, "<akn:akomaNtoso xmlns:akn=\"x\">");
    for (i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, "<a>");
    expect_refusal(deep, n, DIGICHECK_ESYNTAX, "XML: Excessive depth in document", 1);
    free(deep);
    expect_refusal(AKN "<akn:p>offen" END, sizeof AKN "<akn:p>offen" END - 1,
                   DIGICHECK_ESYNTAX, "XML: ", 5);
    expect_refusal("<html><body/></html>", 20, DIGICHECK_ESCHEMA,
                   "not a LegalDocML.de document: the root element is <html>", 1);
    expect_refusal(AKN "<akn:article><akn:paragraph eId=\"abs\"><akn:p>Text</akn:p>"
                   "</akn:paragraph></akn:article>" END,
                   strlen(AKN "<akn:article><akn:paragraph eId=\"abs\"><akn:p>Text</akn:p>"
                          "</akn:paragraph></akn:article>" END),
                   DIGICHECK_ESCHEMA, "akn:paragraph 'abs' holds its text outside akn:content",
                   5);
}

static void test_ldml__mantelgesetz_needs_a_main_amendment(void **state)
{
    static const char head[] =
        "<akn:akomaNtoso xmlns:akn=\"x\"><akn:act><akn:meta><akn:proprietary><r:m "
        "xmlns:r=\"y\"><r:form>mantelform</r:form></r:m></akn:proprietary></akn:meta>\n"
        "<akn:body>";
    char doc[600];
    digicheck_draft *d;

    (void)state;
    snprintf(doc, sizeof doc, "%s<akn:article/></akn:body></akn:act></akn:akomaNtoso>", head);
    expect_refusal(doc, strlen(doc), DIGICHECK_ESCHEMA,
                   "the draft is a Mantelgesetz (regtxt:form mantelform) but none of its "
                   "articles is the main amendment", 2);
    snprintf(doc, sizeof doc, "%s<akn:article refersTo=\"hauptaenderung\"/></akn:body>"
             "</akn:act></akn:akomaNtoso>", head);
    d = parse(doc, DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->nby_kind[DCI_UNIT_ARTIKEL], 1);
    digicheck_draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ldml__units_and_paths),
        cmocka_unit_test(test_ldml__places_of_findings),
        cmocka_unit_test(test_ldml__hostile_and_malformed),
        cmocka_unit_test(test_ldml__mantelgesetz_needs_a_main_amendment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
