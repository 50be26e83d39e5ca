/*
 * test_hsdb.c -- the Hyperscan approximations of rule patterns: their
 * shapes (hsshape.c), that every match of a pattern ends where its
 * approximation reports an end, and the cache of compiled databases
 * (hsdb.c). The end-to-end guarantee (the same findings with and without
 * Hyperscan) is make test-prefilter on the corpus.
 */
#include "unit.h"
#include "hsdb.h"

static void assert_shape(const char *src, const char *want)
{
    char *got = dci_hsdb_shape(src);

    if (!want) {
        if (got)
            fail_msg("%s: shaped as %s, wanted none", src, got);
        return;
    }
    if (!got)
        fail_msg("%s: no shape, wanted %s", src, want);
    if (strcmp(got, want) != 0)
        fail_msg("%s: shaped as %s, wanted %s", src, got, want);
    dci_free(got);
}

/* Classes take the bytes of characters beyond ASCII and repeat; Latin-1
 * letters stand for both their cases; what bytes cannot say is dropped. */
static void test_hsdb__shapes(void **state)
{
    (void)state;
    assert_shape("\\bschriftlich\\w*", "schriftlich[\\w\\x80-\\xFF]*");
    assert_shape("Beh\xC3\xB6rde", "Beh(?:\\xC3[\\x96\\xB6])rde");
    assert_shape("Ma\xC3\x9F", "Ma(?:[\\x80-\\xFF]+|ss)");
    assert_shape("\xC2\xA7 \\d{1,3}", "\xC2\xA7 [0-9\\x80-\\xFF]+");
    assert_shape("(?<!nicht\\s)kann(?=\\s+werden)", "kann");
    assert_shape("^(?i:Antrag)$", "(?:Antrag)");
    assert_shape("a[^.;]{0,200}?b", "a[^.;]*b");
    assert_shape("(?:\\w+\\s+){0,3}x", "(?:[\\w\\x80-\\xFF]+[\\s\\x80-\\xFF]+){0,3}x");
    assert_shape("a{2,40}b", "a+b");
    assert_shape("[Zz]ustellung", "[Zz]ustellung");
    assert_shape("[a\xC3\xA4]x", "[a\\x80-\\xFF]+x");
    assert_shape("[^\xC3\xA4.]x", "[^.]+x");
    assert_shape("\xE2\x80\x9E?Wort", "[\\x80-\\xFF]*Wort");
    assert_shape("[^\\d\\s]", "[^0-9\\s]+");  /* a negated class keeps the high bytes */
    /* no shape: back references, \Q, free spacing, the long s */
    assert_shape("(a)\\1", NULL);
    assert_shape("\\Qa.b\\E", NULL);
    assert_shape("(?x) a b", NULL);
    assert_shape("Stra\xC5\xBF" "se", NULL);
    assert_shape("[a-\xC3\xA4]", NULL);
}

/* Every match PCRE2 finds ends where the approximation reports one. */
static void test_hsdb__ends(void **state)
{
    static const char *const cases[][2] = {
        {"\\bBeh\xC3\xB6rde\\w*\\s+(?:\\w+\\s+){0,3}?kann\\b", "Die BEH\xC3\x96RDEN des Bundes kann"},
        {"\\bper\\s+Post\\b", "Versand per\xC2\xA0Post."},
        {"(?i)gro\xC3\x9F", "Das ist GROSS."},
        {"\\b(?:soll|sollen)\\s+(?=[^.;:]{0,200}?\\swerden\\b)[^.;:]{0,200}?\\bgepr\xC3\xBC" "ft",
         "Sie sollen \xE2\x80\x9E" "daf\xC3\xBCr\xE2\x80\x9C gepr\xC3\xBC" "ft werden."},
    };
    size_t i;

    (void)state;
    setenv("XDG_CACHE_HOME", unit_dir(), 1);
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *expr = dci_hsdb_shape(cases[i][0]);
        dci_regex re;
        dci_matcher m;
        digicheck_error err;
        dci_hsdb *db = NULL;
        unsigned char ok = 0;
        void *scratch = NULL;
        size_t ms, me, at, n = strlen(cases[i][1]);

        assert_non_null(expr);
        assert_int_equal(dci_regex_compile(&re, cases[i][0], DCI_RE_CASELESS, "t", 1, 1, "r",
                                           &err), DIGICHECK_OK);
        assert_int_equal(dci_matcher_init(&m), DIGICHECK_OK);
        assert_int_equal(dci_regex_find(&m, &re, cases[i][1], 0, n, &ms, &me), 1);
        assert_int_equal(dci_hsdb_build(&expr, 1, &ok, &db), DIGICHECK_OK);
        if (db) {
            assert_int_equal(ok, 1);
            assert_int_equal(dci_hsdb_first_end(db, 0, &scratch, cases[i][1], ms, me, &at), 1);
            assert_true(at <= me);
        }
        dci_hsdb_scratch_free(scratch);
        dci_hsdb_free(db);
        dci_matcher_free(&m);
        dci_regex_free(&re);
        dci_free(expr);
    }
}

/* A database compiled once is read from the cache the next time, and a
 * cache file that does not hold the expressions is compiled anew. */
static void test_hsdb__cache(void **state)
{
    char *exprs[2];
    unsigned char ok[2];
    dci_hsdb *db = NULL;
    char cmd[256];
    void *scratch = NULL;
    size_t at;
    int round;

    (void)state;
    if (!dci_hsdb_available())
        skip();
    setenv("XDG_CACHE_HOME", unit_path("cache"), 1);
    exprs[0] = "schriftlich";
    exprs[1] = "a(";                        /* does not compile */
    for (round = 0; round < 3; round++) {
        if (round == 2) {                   /* a damaged file: compiled again */
            snprintf(cmd, sizeof cmd, "for f in '%s'/digicheck/hs-*.db; do "
                     "head -c 100 \"$f\" > \"$f.x\" && mv \"$f.x\" \"$f\"; done",
                     unit_path("cache"));
            assert_int_equal(system(cmd), 0);
        }
        assert_int_equal(dci_hsdb_build(exprs, 2, ok, &db), DIGICHECK_OK);
        assert_non_null(db);
        assert_int_equal(ok[0], 1);
        assert_int_equal(ok[1], 0);
        assert_int_equal(dci_hsdb_first_end(db, 0, &scratch, "Ist SCHRIFTLICH.", 0, 16, &at), 1);
        assert_int_equal(at, 15);
        assert_int_equal(dci_hsdb_first_end(db, 0, &scratch, "Ist SCHRIFTLICH.", 5, 16, &at), 0);
        dci_hsdb_scratch_free(scratch);
        scratch = NULL;
        dci_hsdb_free(db);
        snprintf(cmd, sizeof cmd, "test $(ls '%s'/digicheck/hs-*.db | wc -l) -eq 1",
                 unit_path("cache"));
        assert_int_equal(system(cmd), 0);
    }
}

/* The cache keeps the newest 32 databases. */
static void test_hsdb__cache_bounded(void **state)
{
    char expr[32], *exprs[1] = {expr}, cmd[256];
    unsigned char ok;
    dci_hsdb *db = NULL;
    int i;

    (void)state;
    if (!dci_hsdb_available())
        skip();
    setenv("XDG_CACHE_HOME", unit_path("bounded"), 1);
    for (i = 0; i < 40; i++) {
        snprintf(expr, sizeof expr, "wort%d", i);
        assert_int_equal(dci_hsdb_build(exprs, 1, &ok, &db), DIGICHECK_OK);
        assert_int_equal(ok, 1);
        dci_hsdb_free(db);
    }
    snprintf(cmd, sizeof cmd, "test $(ls '%s'/digicheck/hs-*.db | wc -l) -eq 32",
             unit_path("bounded"));
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hsdb__shapes),
        cmocka_unit_test(test_hsdb__ends),
        cmocka_unit_test(test_hsdb__cache),
        cmocka_unit_test(test_hsdb__cache_bounded),
    };
    return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
