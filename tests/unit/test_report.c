/*
 * test_report.c -- what a report keeps of its findings: a small finding
 * with its rare parts in a record of their own, and strings (path, excerpt,
 * match, fingerprint) that stay valid once the draft is freed.
 */
#include "unit.h"
#include "justify.h"

static const char RULES[] =
    "digicheck: 1\n"
    "id: t\n"
    "title: Test\n"
    "principles:\n"
    "  - {id: P1, title: Eins}\n"
    "rules:\n"
    "  - id: form.s\n"
    "    principle: P1\n"
    "    category: written-form\n"
    "    severity: warning\n"
    "    match: ['\\bschriftlich\\w*']\n"
    "    message: Schriftform\n"
    "    suggestion: Textform\n"
    "  - id: form.e\n"
    "    principle: P1\n"
    "    category: written-form\n"
    "    severity: info\n"
    "    match: ['\\beinmal\\b']\n"
    "    message: Einmal\n";

/* The report of text checked against rules; the draft, the checker and the
 * rule set are freed before it is returned. */
static digicheck_report *check_and_free(const char *rules, const char *text)
{
    digicheck_ruleset *rs = unit_load_yaml(rules, "");
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "t.txt",
                                           DIGICHECK_FORMAT_TEXT, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    digicheck_checker_free(c);
    /* scribble over the text before it goes, so that a string still
     * pointing into it shows */
    memset(d->src, '#', d->src_len);
    memset(d->view, '#', d->view_len);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
    return r;
}

/* A report holds up to DIGICHECK_LIMIT_FINDINGS findings: the common one
 * must stay small (it was 200 bytes, some 20 MB at the limit; then 112). */
static void test_report__a_finding_is_small(void **state)
{
    (void)state;
    assert_true(sizeof(digicheck_finding) <= 96);
}

/* A finding of a plain text has none of the rare parts, and no record of
 * them; the accessors give what they gave before. */
static void test_report__rare_parts_of_a_plain_finding(void **state)
{
    digicheck_report *r = check_and_free(RULES, "Der Antrag ist schriftlich zu stellen.");
    const digicheck_finding *f;

    (void)state;
    assert_int_equal(digicheck_report_count(r), 1);
    f = digicheck_report_get(r, 0);
    assert_null(f->more);
    assert_string_equal(digicheck_finding_suggestion(f), "Textform");
    assert_null(digicheck_finding_target_path(f));
    assert_string_equal(digicheck_finding_eid(f), "");
    assert_int_equal(digicheck_finding_eid_offset(f), -1);
    assert_int_equal(digicheck_finding_paragraph(f), -1);
    assert_int_equal(digicheck_finding_paragraph_offset(f), -1);
    assert_false(digicheck_finding_justified(f));
    assert_string_equal(digicheck_finding_justification_reason(f), "");
    assert_string_equal(digicheck_finding_justification_by(f), "");
    assert_string_equal(digicheck_finding_justification_source(f), "");
    assert_string_equal(digicheck_finding_baseline_state(f), "");
    assert_int_equal(digicheck_finding_line(f), 1);
    assert_int_equal(digicheck_finding_column(f), 16);
    assert_int_equal(digicheck_finding_offset(f), 15);
    assert_int_equal(digicheck_finding_length(f), strlen("schriftlich"));
    digicheck_report_free(r);
}

/* The rare parts, once a finding has them, are its own: a justification
 * written into one finding leaves the next without. */
static void test_report__rare_parts_are_per_finding(void **state)
{
    digicheck_report *r = check_and_free(RULES, "Erst schriftlich. Dann schriftlich.");
    const digicheck_finding *f0, *f1;

    (void)state;
    assert_int_equal(digicheck_report_count(r), 2);
    assert_int_equal(dci_report_justify(r, 0, "EU-Recht", "Z 1", DCI_JUST_DESCRIPTION), 0);
    f0 = digicheck_report_get(r, 0);
    f1 = digicheck_report_get(r, 1);
    assert_non_null(f0->more);
    assert_null(f1->more);
    assert_true(digicheck_finding_justified(f0));
    assert_string_equal(digicheck_finding_justification_reason(f0), "EU-Recht");
    assert_string_equal(digicheck_finding_justification_by(f0), "Z 1");
    assert_string_equal(digicheck_finding_suggestion(f0), "Textform");
    assert_int_equal(digicheck_finding_paragraph(f0), -1);
    assert_false(digicheck_finding_justified(f1));
    assert_int_equal(digicheck_report_justified_count(r), 1);
    digicheck_report_free(r);
}

/* Many sentences, one finding each, then one long sentence (clipped
 * excerpts) with two of two rules: every string is the report's own, as it was made. */
static void test_report__strings_outlive_the_draft(void **state)
{
    dci_buf text = {0}, want = {0};
    digicheck_report *r;
    size_t i, n = 50, nf;

    (void)state;
    for (i = 0; i < n; i++)
        dci_buf_printf(&text, "Satz %zu ist schriftlich. ", i);
    dci_buf_puts(&text, "Dies ist schriftlich");
    for (i = 0; i < 40; i++)
        dci_buf_puts(&text, " und lang");
    dci_buf_puts(&text, " und noch einmal so.");
    r = check_and_free(RULES, text.data);
    nf = digicheck_report_count(r);
    assert_int_equal(nf, n + 2);
    for (i = 0; i < n; i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        want.len = 0;
        dci_buf_printf(&want, "Satz %zu", i + 1);
        assert_string_equal(digicheck_finding_path(f), want.data);
        want.len = 0;
        dci_buf_printf(&want, "Satz %zu ist schriftlich.", i);
        assert_string_equal(digicheck_finding_excerpt(f), want.data);
        assert_string_equal(digicheck_finding_match(f), "schriftlich");
        /* digits are not in the hash: the sentences differ only in them */
        want.len = 0;
        dci_buf_printf(&want, "%.16s:%zu", digicheck_finding_fingerprint(f), i + 1);
        assert_string_equal(digicheck_finding_fingerprint(f), want.data);
    }
    assert_string_equal(digicheck_finding_path(digicheck_report_get(r, n)), "Satz 51");
    assert_true(strncmp(digicheck_finding_excerpt(digicheck_report_get(r, n)),
                        "Dies ist schriftlich und lang", 29) == 0);
    want.len = 0;
    dci_buf_puts(&want, digicheck_finding_excerpt(digicheck_report_get(r, n)));
    assert_true(want.len > 3 && strcmp(want.data + want.len - 3, "\xE2\x80\xA6") == 0);
    assert_true(strncmp(digicheck_finding_excerpt(digicheck_report_get(r, n + 1)),
                        "\xE2\x80\xA6", 3) == 0);
    assert_non_null(strstr(digicheck_finding_excerpt(digicheck_report_get(r, n + 1)),
                           "und noch einmal so."));
    dci_buf_free(&text);
    dci_buf_free(&want);
    digicheck_report_free(r);
}

/* Findings of two rules in each of two sentences: the rules run one after
 * the other over the draft, yet the findings of one sentence share one
 * excerpt, made once the search is done. */
static void test_report__findings_of_a_unit_share_its_excerpt(void **state)
{
    digicheck_report *r = check_and_free(RULES, "Erst schriftlich, einmal. Dann schriftlich, "
                                                "einmal.");
    const digicheck_finding *f[4];
    size_t i;

    (void)state;
    assert_int_equal(digicheck_report_count(r), 4);
    for (i = 0; i < 4; i++)
        f[i] = digicheck_report_get(r, i);
    assert_string_equal(digicheck_finding_rule_id(f[0]), "form.s");
    assert_string_equal(digicheck_finding_rule_id(f[1]), "form.e");
    assert_string_equal(digicheck_finding_excerpt(f[0]), "Erst schriftlich, einmal.");
    assert_string_equal(digicheck_finding_excerpt(f[2]), "Dann schriftlich, einmal.");
    assert_ptr_equal(digicheck_finding_excerpt(f[0]), digicheck_finding_excerpt(f[1]));
    assert_ptr_equal(digicheck_finding_excerpt(f[2]), digicheck_finding_excerpt(f[3]));
    assert_ptr_equal(digicheck_finding_path(f[2]), digicheck_finding_path(f[3]));
    /* a rule's findings that matched the same text share its string */
    assert_string_equal(digicheck_finding_match(f[0]), "schriftlich");
    assert_ptr_equal(digicheck_finding_match(f[0]), digicheck_finding_match(f[2]));
    assert_ptr_equal(digicheck_finding_match(f[1]), digicheck_finding_match(f[3]));
    digicheck_report_free(r);
}

static int by_key_then_place(const void *pa, const void *pb, void *ctx)
{
    const unsigned *keys = ctx, *a = pa, *b = pb;

    if (keys[*a] != keys[*b])
        return keys[*a] < keys[*b] ? -1 : 1;
    return *a < *b ? -1 : *a > *b;
}

/* dci_sort (the fingerprints' order) sorts in place by a comparison that
 * has a context, as qsort cannot. */
static void test_report__sort_in_place_with_a_context(void **state)
{
    unsigned keys[1000], idx[1000], i;

    (void)state;
    for (i = 0; i < 1000; i++) {
        keys[i] = (i * 7919u) % 37u;    /* many ties, broken by the place */
        idx[i] = 999 - i;
    }
    dci_sort(idx, 1000, sizeof *idx, by_key_then_place, keys);
    for (i = 1; i < 1000; i++)
        assert_true(by_key_then_place(&idx[i - 1], &idx[i], keys) < 0);
    dci_sort(idx, 0, sizeof *idx, by_key_then_place, keys);
    dci_sort(idx, 1, sizeof *idx, by_key_then_place, keys);
    assert_int_equal(idx[0], 0);
}

/* A report that expects many findings grows to them at once, past the
 * first thousand (doubling would leave its copies in the heap), and gives
 * back what it did not use. */
static void test_report__grows_to_what_it_expects(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES, "");
    digicheck_report *r = NULL;
    digicheck_finding f;
    size_t i;

    (void)state;
    memset(&f, 0, sizeof f);
    assert_int_equal(dci_report_new(&r, rs, "t.txt"), DIGICHECK_OK);
    dci_report_expect(r, 5000);
    for (i = 0; i < 1024; i++)
        assert_non_null(dci_report_add(r, &f));
    assert_true(r->cap < 5000);
    assert_non_null(dci_report_add(r, &f));
    assert_true(r->cap >= 5000);
    dci_report_trim(r);
    assert_int_equal(r->cap, 1025);
    assert_int_equal(digicheck_report_count(r), 1025);
    assert_int_equal(digicheck_report_get(r, 1024)->seq, 1024);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__a_finding_is_small),
        cmocka_unit_test(test_report__rare_parts_of_a_plain_finding),
        cmocka_unit_test(test_report__rare_parts_are_per_finding),
        cmocka_unit_test(test_report__strings_outlive_the_draft),
        cmocka_unit_test(test_report__findings_of_a_unit_share_its_excerpt),
        cmocka_unit_test(test_report__sort_in_place_with_a_context),
        cmocka_unit_test(test_report__grows_to_what_it_expects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
