/*
 * test_lines.c -- what a line of a plain-text or Markdown draft is, asked
 * of lines.c directly: indentation and a hyphen at the end, markers,
 * Markdown and plain-text headings, front matter and whether a draft has
 * §, Artikel or Anlage headings at all.
 */
#include "unit.h"
#include "lines.h"

#define PARA "\xC2\xA7"         /* § */

/* The draft parsed from text, and its input as segment.c reads it. */
static digicheck_draft *input(const char *text, int format, dci_input *in)
{
    digicheck_draft *d = NULL;
    digicheck_error err;

    if (digicheck_draft_parse(&d, text, strlen(text), NULL, format, &err) != DIGICHECK_OK)
        fail_msg("parse failed: %s", err.message);
    dci_input_init(in, d);
    return d;
}

static void test_lines__indent_text_and_hyphen(void **state)
{
    dci_input in;
    digicheck_draft *d = input("\t  Die Schrift-\nform  \n\n", DIGICHECK_FORMAT_TEXT, &in);
    dci_line l;

    (void)state;
    assert_int_equal(in.nlines, 4);
    dci_line_get(&in, 0, &l);
    assert_int_equal(l.indent, 6);      /* a tab to 4, two spaces */
    assert_memory_equal(in.s + l.text, "Die Schrift-", l.tend - l.text);
    assert_int_equal(l.hy, l.tend - 1);
    dci_line_get(&in, 1, &l);
    assert_int_equal(l.tend - l.text, 4);
    assert_int_equal(l.hy, DCI_NONE);
    assert_true(dci_line_ends_in(&in, &l, "m"));
    dci_line_get(&in, 2, &l);
    assert_true(dci_line_blank(&l));
    digicheck_draft_free(d);
}

/* Line i of the input as a marker: its level and number, or none. */
static int marker_of(const dci_input *in, size_t i, dci_marker *m)
{
    dci_line l;

    dci_line_get(in, i, &l);
    return dci_line_marker(in, &l, m);
}

static void test_lines__markers(void **state)
{
    dci_input in;
    digicheck_draft *d = input("(2a) Der Antrag\n3. Text\nb) x\nbb) y\n3.5 Prozent\na)b\n"
                               "- Punkt\n", DIGICHECK_FORMAT_TEXT, &in);
    dci_marker m;
    dci_line l;

    (void)state;
    assert_true(marker_of(&in, 0, &m));
    assert_int_equal(m.level, L_ABS);
    assert_string_equal(m.num, "2a");
    assert_int_equal(m.len, 4);
    assert_memory_equal(in.s + m.content, "Der", 3);
    assert_int_equal(m.content_indent, 5);
    assert_true(marker_of(&in, 1, &m));
    assert_int_equal(m.level, L_NUM);
    assert_string_equal(m.num, "3");
    assert_true(marker_of(&in, 2, &m));
    assert_int_equal(m.level, L_BUCH);
    assert_true(marker_of(&in, 3, &m));
    assert_int_equal(m.level, L_DOPP);
    assert_string_equal(m.num, "bb");
    assert_false(marker_of(&in, 4, &m));
    assert_false(marker_of(&in, 5, &m));
    dci_line_get(&in, 6, &l);
    assert_true(dci_line_bullet(&in, &l));
    assert_true(dci_item_follows(L_NUM, "", "1"));
    assert_true(dci_item_follows(L_NUM, "3", "4"));
    assert_true(dci_item_follows(L_NUM, "3", "3a"));
    assert_false(dci_item_follows(L_NUM, "3", "5"));
    assert_true(dci_item_follows(L_BUCH, "", "a"));
    assert_true(dci_item_follows(L_BUCH, "a", "b"));
    digicheck_draft_free(d);
}

static void assert_heading(const char *text, int kind, const char *num, const char *title)
{
    dci_input in;
    digicheck_draft *d = input(text, DIGICHECK_FORMAT_TEXT, &in);
    dci_heading h;

    dci_heading_classify(&in, 0, strlen(text), &h);
    assert_int_equal(h.kind, kind);
    assert_string_equal(h.num, num);
    assert_string_equal(in.s + h.title, title);
    digicheck_draft_free(d);
}

static void test_lines__headings(void **state)
{
    (void)state;
    assert_heading(PARA " 27a Antrag", H_PARA, "27a", "Antrag");
    assert_heading("Artikel 2 - Aufhebung", H_ART, "2", "Aufhebung");
    assert_heading("Art. IV", H_ART, "IV", "");
    assert_heading("Anlage (zu " PARA " 3)", H_ANLAGE, "", "(zu " PARA " 3)");
    assert_heading("Zweiter Abschnitt", H_OTHER, "", "");
    assert_heading("Begr\xC3\xBCndung", H_FORMULA, "", "");
    assert_heading("Der Antrag", H_NONE, "", "");
}

static void test_lines__markdown_and_text_headings(void **state)
{
    dci_input in;
    digicheck_draft *d = input("### " PARA " 3 Antrag ##\n", DIGICHECK_FORMAT_MARKDOWN, &in);
    dci_heading h;
    dci_line l;
    size_t a, b;

    (void)state;
    dci_line_get(&in, 0, &l);
    assert_int_equal(dci_line_md_heading(&in, &l, &a, &b), 3);
    assert_int_equal(b - a, strlen(PARA " 3 Antrag"));
    assert_memory_equal(in.s + a, PARA " 3 Antrag", b - a);
    digicheck_draft_free(d);

    /* "§ 3" above its title takes two lines; "§ 3 gilt …" is a sentence */
    d = input(PARA " 3\nAntrag\n\n" PARA " 4 gilt entsprechend\n", DIGICHECK_FORMAT_TEXT, &in);
    dci_line_get(&in, 0, &l);
    assert_int_equal(dci_line_text_heading(&in, 0, &l, &h), 2);
    assert_int_equal(h.kind, H_PARA);
    assert_true(dci_heading_in_path(&h));
    dci_line_get(&in, 3, &l);
    assert_int_equal(dci_line_text_heading(&in, 3, &l, &h), 0);
    digicheck_draft_free(d);
}

static void test_lines__front_matter_and_structure(void **state)
{
    dci_input in;
    digicheck_draft *d = input("---\ntitle: x\n---\n# Titel\n\nText.\n", DIGICHECK_FORMAT_MARKDOWN,
                               &in);

    (void)state;
    assert_int_equal(dci_input_front_matter(&in), 3);
    assert_false(dci_input_structured(&in, 3));
    digicheck_draft_free(d);
    d = input("# Titel\n\n## " PARA " 1 Zweck\n\nText.\n", DIGICHECK_FORMAT_MARKDOWN, &in);
    assert_int_equal(dci_input_front_matter(&in), 0);
    assert_true(dci_input_structured(&in, 0));
    digicheck_draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines__indent_text_and_hyphen),
        cmocka_unit_test(test_lines__markers),
        cmocka_unit_test(test_lines__headings),
        cmocka_unit_test(test_lines__markdown_and_text_headings),
        cmocka_unit_test(test_lines__front_matter_and_structure),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
