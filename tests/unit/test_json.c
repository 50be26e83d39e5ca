/*
 * test_json.c -- the strict JSON reader: the tree it builds (the same as
 * YAML's, with places), what RFC 8259 allows (surrogate pairs, every
 * escape, numbers of any size) and every refusal, with its place: lone
 * surrogates, duplicate keys, deep nesting, trailing commas, comments,
 * NUL and invalid UTF-8, and what JSON is not.
 */
#include "unit.h"
#include "json.h"

static const dci_yaml_node *parse_ok(dci_yaml_doc *doc, const char *text, size_t len)
{
    digicheck_error err;

    memset(&err, 0, sizeof err);
    if (dci_json_parse(doc, text, len, "t.json", NULL, &err) != DIGICHECK_OK)
        fail_msg("'%s': unexpected error %d at %ld:%ld: %s", text, err.code, err.line,
                 err.column, err.message);
    return doc->root;
}

#define PARSE_OK(doc, text) parse_ok((doc), (text), sizeof(text) - 1)

static void json__builds_the_yaml_tree_with_places(void **state)
{
    dci_yaml_doc doc;
    const dci_yaml_node *root, *list, *v;
    int b;

    (void)state;
    root = PARSE_OK(&doc, "{\"title\": \"Pr\xC3\xBC" "fung\",\n"
                          " \"list\": [\"x\", {\"a\": 1, \"b\": []}],\r\n"
                          "\t\"\xC3\xA4\": true, \"n\": null, \"f\": false, \"e\": {}}");
    assert_int_equal(root->kind, DCI_YAML_MAPPING);
    assert_int_equal(root->npairs, 6);
    assert_int_equal(root->line, 1);
    assert_int_equal(root->column, 1);
    v = root->pairs[0].value;
    assert_string_equal(v->str, "Pr\xC3\xBC" "fung");
    assert_int_equal(v->style, DCI_YAML_DOUBLE_QUOTED);
    assert_int_equal(v->column, 11);
    assert_int_equal(v->value_column, 12);
    list = dci_yaml_map_get(root, "list");
    assert_int_equal(list->kind, DCI_YAML_SEQUENCE);
    assert_int_equal(list->nitems, 2);
    assert_int_equal(list->line, 2);
    assert_int_equal(list->column, 10);
    assert_int_equal(list->items[1]->kind, DCI_YAML_MAPPING);
    assert_int_equal(list->items[1]->column, 16);
    assert_int_equal(list->weight, 7);          /* keys are nodes, as in YAML */
    assert_int_equal(list->height, 3);
    assert_int_equal(dci_yaml_map_get(list->items[1], "b")->kind, DCI_YAML_SEQUENCE);
    /* a CRLF ends a line; a tab and a two-byte character take one column each */
    assert_int_equal(root->pairs[2].key->line, 3);
    assert_int_equal(root->pairs[2].key->column, 2);
    assert_int_equal(root->pairs[2].value->column, 7);
    /* literals are plain scalars, read as YAML reads them */
    assert_int_equal(dci_yaml_bool(root->pairs[2].value, &b), 0);
    assert_true(b);
    assert_true(dci_yaml_is_null(dci_yaml_map_get(root, "n")));
    assert_int_equal(dci_yaml_bool(dci_yaml_map_get(root, "f"), &b), 0);
    assert_false(b);
    assert_int_equal(dci_yaml_map_get(root, "e")->npairs, 0);
    dci_yaml_free(&doc);

    /* a byte-order mark takes no column; any value may stand alone */
    root = PARSE_OK(&doc, "\xEF\xBB\xBF  \"x\"");
    assert_int_equal(root->kind, DCI_YAML_SCALAR);
    assert_int_equal(root->column, 3);
    dci_yaml_free(&doc);
}

static void json__surrogate_pairs_and_every_escape(void **state)
{
    dci_yaml_doc doc;
    const dci_yaml_node *root;

    (void)state;
    /* what Python's json.dump writes for U+1F600 */
    root = PARSE_OK(&doc, "{\"t\": \"Entwurf \\ud83d\\ude00\", \"u\": \"\\uD834\\uDD1E\"}");
    assert_string_equal(dci_yaml_map_get(root, "t")->str, "Entwurf \xF0\x9F\x98\x80");
    assert_string_equal(dci_yaml_map_get(root, "u")->str, "\xF0\x9D\x84\x9E");
    dci_yaml_free(&doc);
    root = PARSE_OK(&doc, "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e4\\u20AC\\u0001\x7f\"]");
    assert_string_equal(root->items[0]->str, "\"\\/\b\f\n\r\t\xC3\xA4\xE2\x82\xAC\x01\x7f");
    assert_int_equal(root->items[0]->len, 15);
    dci_yaml_free(&doc);
    root = PARSE_OK(&doc, "[\"\", \"a\\u0062c\"]");
    assert_int_equal(root->items[0]->len, 0);
    assert_string_equal(root->items[1]->str, "abc");
    dci_yaml_free(&doc);
}

static void json__numbers_are_kept_as_written(void **state)
{
    static const char *const nums[] = {
        "123456789012345678901234567890", "-0", "1.5e+400", "0.1E-9", "-12.50", "0", "2e3"
    };
    dci_yaml_doc doc;
    const dci_yaml_node *root;
    long n;
    size_t i;

    (void)state;
    root = PARSE_OK(&doc, "[123456789012345678901234567890,-0,1.5e+400,0.1E-9,-12.50,0,2e3]");
    assert_int_equal(root->nitems, 7);
    for (i = 0; i < 7; i++) {
        assert_string_equal(root->items[i]->str, nums[i]);
        assert_int_equal(root->items[i]->style, DCI_YAML_PLAIN);
    }
    assert_int_equal(dci_yaml_int(root->items[5], &n), 0);
    assert_int_equal(dci_yaml_int(root->items[0], &n), -1);     /* too big for a long */
    dci_yaml_free(&doc);
}

static void json__refusals_have_places(void **state)
{
    static const struct {
        const char *text;
        int code;
        long line, column;
        const char *message;
    } cases[] = {
        { "[\"\\ud83d\"]", DIGICHECK_ESYNTAX, 1, 3, "a lone high surrogate \\uD83D: a low one "
          "must follow it" },
        { "[\"\\ud83d\\u0041\"]", DIGICHECK_ESYNTAX, 1, 3, "a lone high surrogate \\uD83D" },
        { "[\"\\ud83dx\"]", DIGICHECK_ESYNTAX, 1, 3, "a lone high surrogate \\uD83D" },
        { "[\"ab\\ude00\"]", DIGICHECK_ESYNTAX, 1, 5, "a lone low surrogate \\uDE00: it must "
          "follow a high one" },
        { "[\"\\u12\"]", DIGICHECK_ESYNTAX, 1, 3, "invalid escape: \\u needs four hex digits" },
        { "[\"\\x41\"]", DIGICHECK_ESYNTAX, 1, 3, "invalid escape: '\\' before 'x41' in a "
          "string" },
        { "[\"\\'\"]", DIGICHECK_ESYNTAX, 1, 3, "invalid escape: '\\' before '''" },
        { "[\"a\tb\"]", DIGICHECK_ESYNTAX, 1, 4, "a control character (U+0009) in a string; "
          "JSON writes it as an escape" },
        { "{\"a\": \"b\n\"}", DIGICHECK_ESYNTAX, 1, 9, "a control character (U+000A)" },
        { "[\"abc", DIGICHECK_ESYNTAX, 1, 2, "a string without its closing quote" },
        { "[\"abc\\", DIGICHECK_ESYNTAX, 1, 2, "a string without its closing quote" },
        { "[1,]", DIGICHECK_ESYNTAX, 1, 4, "a comma before ']': JSON has no trailing commas" },
        { "{\"a\": 1,\n }", DIGICHECK_ESYNTAX, 2, 2, "a comma before '}': JSON has no "
          "trailing commas" },
        { "// c\n{}", DIGICHECK_ESYNTAX, 1, 1, "a comment: JSON has none" },
        { "{\"a\": /* c */ 1}", DIGICHECK_ESYNTAX, 1, 7, "a comment: JSON has none" },
        { "{\"a\": 1 # c\n}", DIGICHECK_ESYNTAX, 1, 9, "expected ',' or '}' after a member of "
          "an object, found '#'" },
        { "{'a': 1}", DIGICHECK_ESYNTAX, 1, 2, "expected a string as the key of an object "
          "member, found '''" },
        { "{a: 1}", DIGICHECK_ESYNTAX, 1, 2, "expected a string as the key of an object "
          "member, found 'a'" },
        { "{\"a\" 1}", DIGICHECK_ESYNTAX, 1, 6, "expected ':' after the key 'a', found '1'" },
        { "[1 2]", DIGICHECK_ESYNTAX, 1, 4, "expected ',' or ']' after an element of an array, "
          "found '2'" },
        { "{\"a\": 1, \"b\": {\"a\": 2}, \"a\": 3}", DIGICHECK_ESCHEMA, 1, 25, "duplicate key 'a' "
          "in a mapping (first at line 1, column 2)" },
        { "[01]", DIGICHECK_ESYNTAX, 1, 2, "invalid number '01'" },
        { "[1.]", DIGICHECK_ESYNTAX, 1, 2, "invalid number '1.'" },
        { "[1e]", DIGICHECK_ESYNTAX, 1, 2, "invalid number '1e'" },
        { "[-]", DIGICHECK_ESYNTAX, 1, 2, "invalid number '-'" },
        { "[1-2]", DIGICHECK_ESYNTAX, 1, 2, "invalid number '1-2'" },
        { "[.5]", DIGICHECK_ESYNTAX, 1, 2, "expected a JSON value, found '.5'" },
        { "[+1]", DIGICHECK_ESYNTAX, 1, 2, "expected a JSON value, found '+1'" },
        { "[NaN]", DIGICHECK_ESYNTAX, 1, 2, "expected a JSON value, found 'NaN'" },
        { "[True]", DIGICHECK_ESYNTAX, 1, 2, "expected a JSON value, found 'True'" },
        { "[nul]", DIGICHECK_ESYNTAX, 1, 2, "expected a JSON value, found 'nul'" },
        { "[truex]", DIGICHECK_ESYNTAX, 1, 2, "expected a JSON value, found 'truex'" },
        { "", DIGICHECK_ESYNTAX, 1, 1, "expected a JSON value, found the end of the input" },
        { " \n [", DIGICHECK_ESYNTAX, 2, 3, "expected a JSON value, found the end of the input" },
        { "{} x", DIGICHECK_ESYNTAX, 1, 4, "more after the JSON value: 'x'" },
        { "{}{}", DIGICHECK_ESYNTAX, 1, 3, "more after the JSON value: '{'" },
        { "[\"\xC3\xA4\", \xC3\xA4]", DIGICHECK_ESYNTAX, 1, 7, "expected a JSON value, found "
          "'\xC3\xA4'" },
        { "[\"\\u0000\"]", DIGICHECK_EENCODING, 1, 3, "a string holds a NUL character" },
        { "[\"\xFF\"]", DIGICHECK_EENCODING, 1, 3, "invalid UTF-8 byte sequence" },
        { "[\"\xED\xA0\xBD\"]", DIGICHECK_EENCODING, 1, 3, "invalid UTF-8 byte sequence" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dci_yaml_doc doc;
        digicheck_error err;
        int rc;

        memset(&err, 0, sizeof err);
        rc = dci_json_parse(&doc, cases[i].text, strlen(cases[i].text), "t.json", NULL, &err);
        if (rc != cases[i].code || err.line != cases[i].line ||
            err.column != cases[i].column ||
            strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
            fail_msg("case %zu '%s': %d %ld:%ld '%s'", i, cases[i].text, rc, err.line,
                     err.column, err.message);
        assert_string_equal(err.source, "t.json");
        assert_null(doc.root);
        dci_yaml_free(&doc);
    }
}

/* A NUL byte (which strlen would not see), nesting and size limits. */
static void json__nul_bytes_and_limits(void **state)
{
    dci_yaml_limits lim = { 64, 0, 5, 0 };
    dci_yaml_doc doc;
    digicheck_error err;
    char deep[200];
    size_t i;

    (void)state;
    assert_int_equal(dci_json_parse(&doc, "[\"a\0\"]", 6, "t.json", NULL, &err),
                     DIGICHECK_EENCODING);
    assert_error(err, DIGICHECK_EENCODING, "a NUL byte", 1, 4);
    /* 64 levels are allowed, the 65th is one too many */
    for (i = 0; i < 64; i++) {
        deep[i] = '[';
        deep[64 + i] = ']';
    }
    deep[128] = '\0';
    parse_ok(&doc, deep, 128);
    assert_int_equal(doc.root->height, 64);
    dci_yaml_free(&doc);
    memmove(deep + 1, deep, 129);
    assert_int_equal(dci_json_parse(&doc, deep, 129, "t.json", NULL, &err), DIGICHECK_ELIMIT);
    assert_error(err, DIGICHECK_ELIMIT, "nesting deeper than 64 levels", 1, 65);
    assert_int_equal(dci_json_parse(&doc, "[1, 2, 3, 4, 5]", 15, "t.json", &lim, &err),
                     DIGICHECK_ELIMIT);
    assert_error(err, DIGICHECK_ELIMIT, "the document has more than 5 nodes", 1, 14);
    assert_null(doc.root);
}

/* One long line of many nodes stays fast: columns are not counted from the
 * start of the line for each node. */
static void json__one_long_line_is_linear(void **state)
{
    size_t n = 200000, i, len = 0;
    char *text = malloc(n * 5 + 3);
    dci_yaml_doc doc;
    const dci_yaml_node *root;

    (void)state;
    assert_non_null(text);
    text[len++] = '[';
    for (i = 0; i < n; i++) {
        memcpy(text + len, i ? ",\"\xC3\xA4\"" : "\"\xC3\xA4\"", i ? 5 : 4);
        len += i ? 5 : 4;
    }
    text[len++] = ']';
    root = parse_ok(&doc, text, len);
    assert_int_equal(root->nitems, n);
    assert_int_equal(root->items[n - 1]->column, 2 + (long)(n - 1) * 4);
    dci_yaml_free(&doc);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json__builds_the_yaml_tree_with_places),
        cmocka_unit_test(json__surrogate_pairs_and_every_escape),
        cmocka_unit_test(json__numbers_are_kept_as_written),
        cmocka_unit_test(json__refusals_have_places),
        cmocka_unit_test(json__nul_bytes_and_limits),
        cmocka_unit_test(json__one_long_line_is_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
