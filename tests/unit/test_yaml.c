/*
 * test_yaml.c -- the YAML tree layer: node kinds and places, scalar
 * readings, aliases by reference, and every limit and refusal on hostile
 * input.
 */
#include "unit.h"

static const dci_yaml_node *parse_ok(dci_yaml_doc *doc, const char *text)
{
    digicheck_error err;

    memset(&err, 0, sizeof err);
    if (dci_yaml_parse(doc, text, strlen(text), "t.yaml", NULL, &err) != DIGICHECK_OK)
        fail_msg("unexpected error %d at %ld:%ld: %s", err.code, err.line, err.column,
                 err.message);
    return doc->root;
}

static digicheck_error parse_fails(const char *text, size_t len, const dci_yaml_limits *lim)
{
    dci_yaml_doc doc;
    digicheck_error err;

    memset(&err, 0, sizeof err);
    assert_int_not_equal(dci_yaml_parse(&doc, text, len, "t.yaml", lim, &err), DIGICHECK_OK);
    assert_null(doc.root);
    assert_string_equal(err.source, "t.yaml");
    dci_yaml_free(&doc);
    return err;
}

#define PARSE_FAILS(text, lim) parse_fails((text), sizeof(text) - 1, (lim))

static void yaml__builds_a_tree_with_places(void **state)
{
    dci_yaml_doc doc;
    const dci_yaml_node *root, *list, *v;
    (void)state;

    root = parse_ok(&doc, "title: Prüfung\n"
                          "list:\n"
                          "  - plain\n"
                          "  - {a: 1, b: [x, y]}\n"
                          "empty: {}\n");
    assert_int_equal(root->kind, DCI_YAML_MAPPING);
    assert_int_equal(root->npairs, 3);
    assert_string_equal(root->pairs[0].key->str, "title");
    assert_string_equal(root->pairs[0].value->str, "Prüfung");
    assert_int_equal(root->pairs[0].value->len, strlen("Prüfung"));
    assert_int_equal(root->line, 1);
    assert_int_equal(root->column, 1);

    list = dci_yaml_map_get(root, "list");
    assert_int_equal(list->kind, DCI_YAML_SEQUENCE);
    assert_int_equal(list->nitems, 2);
    assert_int_equal(list->line, 3);
    assert_int_equal(list->column, 3);
    assert_int_equal(list->items[1]->kind, DCI_YAML_MAPPING);
    assert_int_equal(list->items[1]->line, 4);
    assert_int_equal(list->items[1]->column, 5);
    v = dci_yaml_map_get(list->items[1], "b");
    assert_int_equal(v->nitems, 2);
    assert_string_equal(v->items[1]->str, "y");
    assert_int_equal(v->items[1]->column, 19);
    assert_int_equal(list->height, 3);          /* list > mapping > list > scalar */
    assert_int_equal(root->height, 4);

    v = dci_yaml_map_get(root, "empty");
    assert_int_equal(v->kind, DCI_YAML_MAPPING);
    assert_int_equal(v->npairs, 0);
    assert_null(dci_yaml_map_get(root, "missing"));
    assert_null(dci_yaml_map_get(list, "list"));        /* not a mapping */
    dci_yaml_free(&doc);
}

static void yaml__scalar_value_columns(void **state)
{
    dci_yaml_doc doc;
    const dci_yaml_node *l;
    (void)state;

    /* where the text of each scalar starts, inside quotes and after anchors */
    l = parse_ok(&doc, "[plain, 'single', \"double\", 'it''s x', &a anchored, "
                       "&b 'q', !!str tagged, ä]\n");
    assert_int_equal(l->items[0]->style, DCI_YAML_PLAIN);
    assert_int_equal(l->items[0]->value_column, 2);
    assert_int_equal(l->items[1]->style, DCI_YAML_SINGLE_QUOTED);
    assert_int_equal(l->items[1]->column, 9);
    assert_int_equal(l->items[1]->value_column, 10);
    assert_int_equal(l->items[2]->style, DCI_YAML_DOUBLE_QUOTED);
    assert_int_equal(l->items[2]->value_column, 20);
    assert_string_equal(l->items[3]->str, "it's x");
    assert_int_equal(l->items[3]->value_column, 30);
    assert_int_equal(l->items[4]->column, 40);         /* the anchor */
    assert_int_equal(l->items[4]->value_column, 43);   /* the text */
    assert_int_equal(l->items[5]->value_column, 57);
    assert_string_equal(l->items[6]->tag, "tag:yaml.org,2002:str");
    assert_int_equal(l->items[6]->value_column, 67);
    assert_int_equal(l->items[7]->value_column, 75);
    dci_yaml_free(&doc);

    l = parse_ok(&doc, "k: |\n  line one\n  line two\n");
    l = dci_yaml_map_get(l, "k");
    assert_int_equal(l->style, DCI_YAML_LITERAL);
    assert_string_equal(l->str, "line one\nline two\n");
    dci_yaml_free(&doc);
}

static void yaml__scalar_readings(void **state)
{
    dci_yaml_doc doc;
    const dci_yaml_node *l;
    long n = 0;
    int b = -1;
    (void)state;

    l = parse_ok(&doc, "[1, -42, '1', !!str 7, !!int 8, 1.5, 99999999999, yes, No, TRUE, "
                       "'true', on, ~, null, '', \"null\", !!null x]\n");
    assert_int_equal(dci_yaml_int(l->items[0], &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(dci_yaml_int(l->items[1], &n), 0);
    assert_int_equal(n, -42);
    assert_int_equal(dci_yaml_int(l->items[2], &n), -1);   /* quoted: a string */
    assert_int_equal(dci_yaml_int(l->items[3], &n), -1);   /* !!str */
    assert_int_equal(dci_yaml_int(l->items[4], &n), 0);
    assert_int_equal(n, 8);
    assert_int_equal(dci_yaml_int(l->items[5], &n), -1);
    assert_int_equal(dci_yaml_int(l->items[6], &n), -1);   /* out of range */
    assert_int_equal(dci_yaml_bool(l->items[7], &b), 0);
    assert_int_equal(b, 1);
    assert_int_equal(dci_yaml_bool(l->items[8], &b), 0);
    assert_int_equal(b, 0);
    assert_int_equal(dci_yaml_bool(l->items[9], &b), 0);
    assert_int_equal(b, 1);
    assert_int_equal(dci_yaml_bool(l->items[10], &b), -1);  /* quoted */
    assert_int_equal(dci_yaml_bool(l->items[11], &b), -1);  /* on/off are not booleans here */
    assert_true(dci_yaml_is_null(l->items[12]));
    assert_true(dci_yaml_is_null(l->items[13]));
    assert_false(dci_yaml_is_null(l->items[14]));           /* '' is an empty string */
    assert_false(dci_yaml_is_null(l->items[15]));
    assert_true(dci_yaml_is_null(l->items[16]));
    assert_true(dci_yaml_is_null(NULL));
    assert_string_equal(dci_yaml_describe(l), "a list");
    assert_string_equal(dci_yaml_describe(l->items[0]), "a string");
    assert_string_equal(dci_yaml_describe(l->items[12]), "an empty value");
    assert_string_equal(dci_yaml_describe(NULL), "an empty value");
    dci_yaml_free(&doc);

    l = parse_ok(&doc, "k:\n");                            /* no value at all */
    assert_true(dci_yaml_is_null(dci_yaml_map_get(l, "k")));
    assert_non_null(dci_yaml_map_get(l, "k"));
    dci_yaml_free(&doc);
}

static void yaml__aliases_are_references(void **state)
{
    dci_yaml_doc doc;
    const dci_yaml_node *root, *base, *use, *re;
    (void)state;

    root = parse_ok(&doc, "base: &b {x: 1, y: [2, 3]}\n"
                          "use: *b\n"
                          "again: &b other\n"
                          "late: *b\n");
    base = dci_yaml_map_get(root, "base");
    use = dci_yaml_map_get(root, "use");
    assert_int_equal(use->kind, DCI_YAML_ALIAS);
    assert_int_equal(use->line, 2);
    assert_int_equal(use->column, 6);
    assert_ptr_equal(use->target, base);                /* no copy */
    assert_ptr_equal(dci_yaml_deref(use), base);
    assert_int_equal(use->weight, base->weight);
    assert_int_equal(base->weight, 7);          /* mapping, x, 1, y, list, 2, 3 */
    assert_string_equal(dci_yaml_map_get(use, "x")->str, "1");
    /* a redefined anchor: later aliases see the later node */
    re = dci_yaml_deref(dci_yaml_map_get(root, "late"));
    assert_string_equal(re->str, "other");
    assert_ptr_equal(dci_yaml_deref(base), base);
    assert_null(dci_yaml_deref(NULL));
    dci_yaml_free(&doc);
}

static void yaml__empty_inputs(void **state)
{
    dci_yaml_doc doc;
    const dci_yaml_node *n;
    (void)state;

    assert_null(parse_ok(&doc, ""));
    dci_yaml_free(&doc);
    assert_null(parse_ok(&doc, "# nothing\n\n"));
    dci_yaml_free(&doc);
    n = parse_ok(&doc, "---\n");
    assert_non_null(n);
    assert_true(dci_yaml_is_null(n));
    dci_yaml_free(&doc);
    dci_yaml_free(&doc);            /* twice is harmless */
    dci_yaml_free(NULL);
}

static void yaml__reads_json(void **state)
{
    dci_yaml_doc doc;
    const dci_yaml_node *root;
    (void)state;

    root = parse_ok(&doc, "{\"title\": \"Entwurf\", \"answers\": {\"vp.it-system\": \"yes\"},"
                          " \"n\": [1, 2, {\"k\": null}]}");
    assert_string_equal(dci_yaml_map_get(dci_yaml_map_get(root, "answers"), "vp.it-system")->str,
                        "yes");
    assert_true(dci_yaml_is_null(dci_yaml_map_get(dci_yaml_map_get(root, "n")->items[2], "k")));
    dci_yaml_free(&doc);
}

static void yaml__syntax_error_has_libyaml_place(void **state)
{
    digicheck_error err = PARSE_FAILS("a: b\n  c: d\n", NULL);
    (void)state;

    assert_error(err, DIGICHECK_ESYNTAX, "mapping values are not allowed in this context", 2, 4);
    err = PARSE_FAILS("key: \"unterminated\n", NULL);
    assert_error(err, DIGICHECK_ESYNTAX, "found unexpected end of stream", 2, 1);
}

static void yaml__invalid_utf8_and_nul(void **state)
{
    digicheck_error err;
    (void)state;

    /* columns count code points: "ä" is one */
    err = PARSE_FAILS("ok: 1\nä: x\xC3(\n", NULL);
    assert_error(err, DIGICHECK_EENCODING, "invalid UTF-8", 2, 5);
    err = PARSE_FAILS("a: b\0c\n", NULL);
    assert_error(err, DIGICHECK_EENCODING, "a NUL byte", 1, 5);
    err = PARSE_FAILS("- \"a\\0b\"\n", NULL);          /* an escape that makes a NUL */
    assert_error(err, DIGICHECK_EENCODING, "a string holds a NUL character", 1, 3);
    err = PARSE_FAILS("\xFF\xFEk\0:\0", NULL);          /* UTF-16 is not accepted */
    assert_error(err, DIGICHECK_EENCODING, "invalid UTF-8", 1, 1);
}

static void yaml__duplicate_keys(void **state)
{
    digicheck_error err;
    char big[4096];
    size_t n = 0;
    int i;
    (void)state;

    err = PARSE_FAILS("a: 1\nb: 2\na: 3\n", NULL);
    assert_error(err, DIGICHECK_ESCHEMA, "duplicate key 'a' in a mapping (first at line 1, "
                 "column 1)", 3, 1);
    /* a big mapping (sorted check): the earliest repetition is reported */
    for (i = 0; i < 200; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "k%d: v\n", i);
    n += (size_t)snprintf(big + n, sizeof big - n, "k150: v\nk7: v\nk150: v\n");
    err = parse_fails(big, n, NULL);
    assert_error(err, DIGICHECK_ESCHEMA, "duplicate key 'k150' in a mapping (first at line 151, "
                 "column 1)", 201, 1);
    /* keys only repeat when equal as strings; non-scalar keys are not compared */
    {
        dci_yaml_doc doc;
        parse_ok(&doc, "a: 1\nab: 2\n? [x]\n: 3\n? [x]\n: 4\n");
        dci_yaml_free(&doc);
    }
}

static void yaml__refuses_foreign_tags(void **state)
{
    digicheck_error err = PARSE_FAILS("x: !!python/object:os.system echo\n", NULL);
    (void)state;

    assert_error(err, DIGICHECK_ESCHEMA, "unsupported tag '!!python/object:os.system'", 1, 4);
    err = PARSE_FAILS("x: !custom [a]\n", NULL);
    assert_error(err, DIGICHECK_ESCHEMA, "unsupported tag '!custom'", 1, 4);
}

static void yaml__refuses_several_documents(void **state)
{
    digicheck_error err = PARSE_FAILS("a: 1\n---\nb: 2\n", NULL);
    (void)state;

    assert_error(err, DIGICHECK_ESCHEMA, "a second YAML document", 2, 1);
}

static void yaml__alias_errors(void **state)
{
    digicheck_error err = PARSE_FAILS("a: *nope\n", NULL);
    (void)state;

    assert_error(err, DIGICHECK_ESYNTAX, "undefined alias '*nope'", 1, 4);
    err = PARSE_FAILS("a: &x [1, {b: *x}]\n", NULL);
    assert_error(err, DIGICHECK_ESCHEMA, "alias '*x' refers to a node that contains it", 1, 15);
}

static void yaml__depth_limit(void **state)
{
    dci_yaml_limits lim = { 3, 100, 1000, 0 };
    dci_yaml_doc doc;
    digicheck_error err;
    char *deep;
    size_t i, n = 10000;
    (void)state;

    err = PARSE_FAILS("a: {b: [c, {d: e}]}\n", &lim);
    assert_error(err, DIGICHECK_ELIMIT, "nesting deeper than 3 levels", 1, 12);
    assert_int_equal(dci_yaml_parse(&doc, "a: {b: [c, d]}", 14, "t.yaml", &lim, &err), 0);
    dci_yaml_free(&doc);

    /* an alias counts with the depth of what it stands for */
    err = PARSE_FAILS("a: &x {b: [c]}\nd: {e: *x}\n", &lim);
    assert_error(err, DIGICHECK_ELIMIT, "nesting deeper than 3 levels (through alias '*x')",
                 2, 8);

    /* 10,000 levels with the default limits: refused at level 65, at once */
    deep = malloc(2 * n);
    assert_non_null(deep);
    for (i = 0; i < n; i++) {
        deep[i] = '[';
        deep[2 * n - 1 - i] = ']';
    }
    err = parse_fails(deep, 2 * n, NULL);
    assert_error(err, DIGICHECK_ELIMIT, "nesting deeper than 64 levels", 1,
                 DIGICHECK_LIMIT_YAML_DEPTH + 1);
    free(deep);
}

static void yaml__alias_and_node_limits(void **state)
{
    dci_yaml_limits lim = { 64, 2, 1000, 0 };
    digicheck_error err = PARSE_FAILS("a: &a x\nb: [*a, *a, *a]\n", &lim);
    (void)state;

    assert_error(err, DIGICHECK_ELIMIT, "more than 2 aliases in one document", 2, 13);

    /* weight counts nodes with aliases expanded: the list weighs 10, so the
     * second alias to it crosses 15 */
    lim.max_aliases = 100;
    lim.max_nodes = 15;
    err = PARSE_FAILS("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a]\n", &lim);
    assert_error(err, DIGICHECK_ELIMIT, "the document has more than 15 nodes", 2, 9);
    /* without aliases too: a flat list of many scalars */
    lim.max_nodes = 5;
    err = PARSE_FAILS("[1, 2, 3, 4, 5]\n", &lim);
    assert_error(err, DIGICHECK_ELIMIT, "the document has more than 5 nodes", 1, 1);
}

/* Bytes count with aliases expanded: a long string used many times is
 * refused where its uses pass the document's size plus max_alias_bytes,
 * and the same text without aliases is no problem. */
static void yaml__alias_bytes_limit(void **state)
{
    dci_yaml_limits lim = { 64, 100, 1000, 30 };
    digicheck_error err;
    dci_yaml_doc doc;
    (void)state;

    err = PARSE_FAILS("a: &a xxxxxxxxxxxxxxxxxxxx\nb: [*a, *a, *a]\n", &lim);
    assert_error(err, DIGICHECK_ELIMIT, "aliases expand the document's text by more than 30 "
                 "bytes", 2, 4);
    assert_int_equal(dci_yaml_parse(&doc, "a: &a xxxxxxxxxxxxxxxxxxxx\nb: [*a]\n", 35, "t",
                                    &lim, &err), DIGICHECK_OK);
    dci_yaml_free(&doc);
}

static void yaml__load_file_errors(void **state)
{
    dci_yaml_doc doc;
    digicheck_error err;
    (void)state;

    assert_int_equal(dci_yaml_load_file(&doc, "tests/unit/data/rulesets/no-such.yaml", 1000,
                                        NULL, &err), DIGICHECK_EIO);
    assert_null(doc.root);
    assert_int_equal(dci_yaml_load_file(&doc, "tests/unit/data/rulesets/valid/ruleset.yaml", 10,
                                        NULL, &err), DIGICHECK_ELIMIT);
    assert_int_equal(dci_yaml_load_file(&doc, "tests/unit/data/rulesets/valid/ruleset.yaml",
                                        100000, NULL, &err), DIGICHECK_OK);
    assert_string_equal(dci_yaml_map_get(doc.root, "id")->str, "test-valid");
    dci_yaml_free(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(yaml__builds_a_tree_with_places),
        cmocka_unit_test(yaml__scalar_value_columns),
        cmocka_unit_test(yaml__scalar_readings),
        cmocka_unit_test(yaml__aliases_are_references),
        cmocka_unit_test(yaml__empty_inputs),
        cmocka_unit_test(yaml__reads_json),
        cmocka_unit_test(yaml__syntax_error_has_libyaml_place),
        cmocka_unit_test(yaml__invalid_utf8_and_nul),
        cmocka_unit_test(yaml__duplicate_keys),
        cmocka_unit_test(yaml__refuses_foreign_tags),
        cmocka_unit_test(yaml__refuses_several_documents),
        cmocka_unit_test(yaml__alias_errors),
        cmocka_unit_test(yaml__depth_limit),
        cmocka_unit_test(yaml__alias_and_node_limits),
        cmocka_unit_test(yaml__alias_bytes_limit),
        cmocka_unit_test(yaml__load_file_errors),
    };

    return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
