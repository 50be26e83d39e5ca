/*
 * test_sentence.c -- the sentence splitter on its own: where a Satz ends
 * and where a full stop does not end one (abbreviations, ordinals), the
 * numbering across calls, a list intro left open, and the unit array the
 * segmenters grow.
 */
#include "unit.h"
#include "sentence.h"

/* Splits text as the own text of unit 0; returns the units (the caller
 * frees us.v). */
static dci_units split(const char *text, unsigned *nsatz, int *open)
{
    dci_units us = { 0 };

    assert_true(dci_units_add(&us, DCI_UNIT_DOCUMENT, -1, 0, "", 0) == 0);
    assert_int_equal(dci_split_sentences(&us, text, 0, 0, strlen(text), nsatz, open),
                     DIGICHECK_OK);
    return us;
}

static void assert_satz(const dci_units *us, size_t i, const char *text, const char *want,
                        const char *num)
{
    const dci_unit *u = &us->v[i];
    char buf[DCI_NUM_MAX];

    assert_int_equal(u->kind, DCI_UNIT_SATZ);
    assert_int_equal(u->parent, 0);
    assert_int_equal(u->end - u->start, strlen(want));
    assert_memory_equal(text + u->start, want, strlen(want));
    assert_string_equal(dci_unit_num(u, us->nums, buf), num);
}

static void test_sentence__ends_before_a_capital(void **state)
{
    const char *text = "Die Frist endet. Wer? Er! \xE2\x80\x9EZitat.\xE2\x80\x9C Ende";
    unsigned nsatz = 0;
    int open = 0;
    dci_units us = split(text, &nsatz, &open);

    (void)state;
    assert_int_equal(us.n, 6);
    assert_satz(&us, 1, text, "Die Frist endet.", "1");
    assert_satz(&us, 2, text, "Wer?", "2");
    assert_satz(&us, 3, text, "Er!", "3");
    assert_satz(&us, 4, text, "\xE2\x80\x9EZitat.\xE2\x80\x9C", "4");
    assert_satz(&us, 5, text, "Ende", "5");
    assert_int_equal(nsatz, 5);
    assert_true(open);      /* "Ende" has no terminator */
    dci_free(us.v);
}

static void test_sentence__abbreviations_and_ordinals_do_not_end_one(void **state)
{
    const char *text = "Nach Abs. 2 i. V. m. Art. 5 gilt ab dem 1. Januar der 2. Abschnitt "
                       "gem. Anl. 1 bzw. Nr. 3 usw. fort. Neu.";
    unsigned nsatz = 0;
    int open = 0;
    dci_units us = split(text, &nsatz, &open);

    (void)state;
    assert_int_equal(us.n, 3);
    assert_satz(&us, 1, text, "Nach Abs. 2 i. V. m. Art. 5 gilt ab dem 1. Januar der 2. "
                "Abschnitt gem. Anl. 1 bzw. Nr. 3 usw. fort.", "1");
    assert_satz(&us, 2, text, "Neu.", "2");
    assert_false(open);
    dci_free(us.v);
}

static void test_sentence__a_block_break_ends_one(void **state)
{
    const char *text = "Erstens\nZweitens.";
    unsigned nsatz = 0;
    int open = 0;
    dci_units us = split(text, &nsatz, &open);

    (void)state;
    assert_int_equal(us.n, 3);
    assert_satz(&us, 1, text, "Erstens", "1");
    assert_satz(&us, 2, text, "Zweitens.", "2");
    dci_free(us.v);
}

/* An intro left open (":") is continued by lower-case words after the
 * list: they keep its number; a capital starts the next one. */
static void test_sentence__numbering_goes_on_across_calls(void **state)
{
    unsigned nsatz = 0;
    int open = 0;
    dci_units us = split("Zust\xC3\xA4ndig sind:", &nsatz, &open), more;
    char buf[DCI_NUM_MAX];

    (void)state;
    assert_int_equal(nsatz, 1);
    assert_true(open);
    more = split("soweit nichts anderes gilt. Das gilt auch hier.", &nsatz, &open);
    assert_int_equal(more.n, 3);
    assert_string_equal(dci_unit_num(&more.v[1], more.nums, buf), "1");
    assert_string_equal(dci_unit_num(&more.v[2], more.nums, buf), "2");
    assert_int_equal(nsatz, 2);
    assert_false(open);
    dci_free(us.v);
    dci_free(more.v);
}

static void test_sentence__units_add_cuts_long_numbers(void **state)
{
    dci_units us = { 0 };
    char buf[DCI_NUM_MAX];

    (void)state;
    assert_int_equal(dci_units_add(&us, DCI_UNIT_NUMMER, 0, 7, "12345678901234567890", 20), 0);
    assert_int_equal(us.n, 1);
    assert_int_equal(us.v[0].start, 7);
    assert_int_equal(us.v[0].end, 7);
    assert_string_equal(dci_unit_num(&us.v[0], us.nums, buf), "123456789012345");
    dci_free(us.v);
    dci_free(us.nums);
}

/* Whole numbers are kept as values; other numbers as strings, one for a
 * number seen again soon after ("a" in every list). */
static void test_sentence__numbers_are_values_or_shared_strings(void **state)
{
    static const char *const nums[] = { "", "3", "27a", "a", "07", "b", "a", "999999999",
                                        "1000000000", "27a" };
    dci_units us = { 0 };
    char buf[DCI_NUM_MAX];
    size_t i, n = sizeof nums / sizeof nums[0];

    (void)state;
    for (i = 0; i < n; i++)
        assert_int_equal(dci_units_add(&us, DCI_UNIT_BUCHSTABE, 0, i, nums[i],
                                       strlen(nums[i])), (long)i);
    for (i = 0; i < n; i++)
        assert_string_equal(dci_unit_num(&us.v[i], us.nums, buf), nums[i]);
    assert_int_equal(us.v[1].num, 3);
    assert_int_equal(us.v[7].num, 999999999);
    assert_int_equal(us.v[6].num, us.v[3].num);
    assert_int_equal(us.v[9].num, us.v[2].num);
    /* "27a", "a", "07", "b", "1000000000" and the NUL at offset 0 */
    assert_int_equal(us.nnums, 1 + 4 + 2 + 3 + 2 + 11);
    dci_free(us.v);
    dci_free(us.nums);
}

static void test_sentence__months(void **state)
{
    (void)state;
    assert_true(dci_is_month("Januar", 6));
    assert_true(dci_is_month("M\xC3\xA4rz", 5));
    assert_false(dci_is_month("Jan", 3));
    assert_false(dci_is_month("Abschnitt", 9));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentence__ends_before_a_capital),
        cmocka_unit_test(test_sentence__abbreviations_and_ordinals_do_not_end_one),
        cmocka_unit_test(test_sentence__a_block_break_ends_one),
        cmocka_unit_test(test_sentence__numbering_goes_on_across_calls),
        cmocka_unit_test(test_sentence__units_add_cuts_long_numbers),
        cmocka_unit_test(test_sentence__numbers_are_values_or_shared_strings),
        cmocka_unit_test(test_sentence__months),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
