/*
 * test_extends.c -- rule sets made of others: `extends:` (siblings, paths,
 * DIGICHECK_RULESET_PATH, diamonds, cycles), `override: true`, `levels:`,
 * digicheck_ruleset_load_many() and digicheck_ruleset_set_level(). Every
 * error asserts its code, message and place. Run from the project root;
 * the rule sets are in tests/unit/data/extends/.
 */
#include "unit.h"

#define DATA "tests/unit/data/extends/"

static digicheck_ruleset *load(const char *path)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;

    if (digicheck_ruleset_load(&rs, path, &err) != DIGICHECK_OK)
        fail_msg("%s:%ld:%ld: %s", err.source, err.line, err.column, err.message);
    return rs;
}

static digicheck_error load_fails(const char *path, int code)
{
    digicheck_ruleset *rs = (digicheck_ruleset *)1;
    digicheck_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(digicheck_ruleset_load(&rs, path, &err), code);
    assert_null(rs);
    return err;
}

static const dci_rule *rule(const digicheck_ruleset *rs, const char *id)
{
    size_t i = dci_ruleset_find_rule(rs, id);

    if (i == (size_t)-1)
        fail_msg("rule '%s' not found", id);
    return &rs->rules[i];
}

static int has_rule(const digicheck_ruleset *rs, const char *id)
{
    return dci_ruleset_find_rule(rs, id) != (size_t)-1;
}

static void assert_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("'%s' does not contain '%s'", s, part);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);

    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* ---- extends ------------------------------------------------------------ */

static void extends__base_is_loaded_whole_then_the_own_rules(void **state)
{
    digicheck_ruleset *rs = load(DATA "ext");
    const dci_rule *lua;

    (void)state;
    assert_string_equal(rs->id, "ext");
    assert_string_equal(rs->title, "Ext");
    assert_null(rs->version);
    assert_int_equal(rs->nparts, 2);
    assert_string_equal(rs->parts[0].id, "ext");
    assert_string_equal(rs->parts[1].id, "base");
    assert_int_equal(rs->nprinciples, 2);
    /* the base's five (one of them overridden) and the own new one */
    assert_int_equal(digicheck_ruleset_rule_count(rs), 6);
    assert_true(has_rule(rs, "base.q") && has_rule(rs, "base.absence"));
    assert_int_equal(rule(rs, "ext.neu")->part, 0);
    assert_int_equal(rule(rs, "base.kann")->part, 1);
    /* the base's include and script were read inside the base's directory */
    lua = rule(rs, "base.lua");
    assert_true(ends_with(lua->file, "extends/base/more.yaml"));
    assert_string_equal(lua->lua_name, "@lua/rule.lua");
    /* the aspect of the base resolves the rules */
    assert_int_equal(rs->principles[0].aspects[0].nrules, 2);
    digicheck_ruleset_free(rs);
}

static void extends__override_takes_the_place_of_the_base_rule(void **state)
{
    digicheck_ruleset *rs = load(DATA "ext");
    const dci_rule *r = rule(rs, "base.form");

    (void)state;
    /* first, as in the base, and only once */
    assert_int_equal(dci_ruleset_find_rule(rs, "base.form"), 0);
    assert_string_equal(r->message, "Schriftform, überschrieben.");
    assert_int_equal(r->severity, DIGICHECK_SEVERITY_ERROR);
    assert_int_equal(r->nseverity_if, 0);
    assert_int_equal(r->part, 0);
    assert_true(ends_with(r->file, "extends/ext/ruleset.yaml"));
    digicheck_ruleset_free(rs);
}

/* The description of a rule set names what it is made of. */
static void extends__json_lists_the_rule_sets(void **state)
{
    digicheck_ruleset *rs = load(DATA "ext");
    char *json = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_ruleset_describe(rs, NULL, DIGICHECK_OUTPUT_JSON, &json, NULL,
                                                &err), DIGICHECK_OK);
    assert_contains(json, "\n],\"rulesets\":[{\"id\":\"ext\",\"title\":\"Ext\",\"version\":null,"
                    "\"path\":\"tests/unit/data/extends/ext\",\"base\":false},{\"id\":\"base\","
                    "\"title\":\"Base\",\"version\":\"1\",\"path\":\"tests/unit/data/extends/base\","
                    "\"base\":true}]}\n");
    digicheck_free(json);
    digicheck_ruleset_free(rs);
}

static void extends__diamond_reads_the_base_once(void **state)
{
    digicheck_ruleset *rs = load(DATA "top");

    (void)state;
    assert_int_equal(rs->nparts, 4);        /* top, left, base, right */
    assert_int_equal(digicheck_ruleset_rule_count(rs), 7);
    assert_true(has_rule(rs, "left.x") && has_rule(rs, "right.x"));
    /* right's levels apply to the base it shares with left */
    assert_int_equal(rule(rs, "base.kann")->severity, DIGICHECK_SEVERITY_WARNING);
    digicheck_ruleset_free(rs);
}

static void extends__path_relative_to_the_ruleset_and_levels(void **state)
{
    digicheck_ruleset *rs = load(DATA "relpath");
    char *text = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_ruleset_rule_count(rs), 4);
    assert_false(has_rule(rs, "base.kann"));
    assert_false(has_rule(rs, "base.absence"));
    assert_int_equal(rule(rs, "base.form")->severity, DIGICHECK_SEVERITY_INFO);
    /* the aspect that named the rule switched off no longer lists it */
    assert_int_equal(rs->principles[0].aspects[0].nrules, 1);
    assert_string_equal(rs->principles[0].aspects[0].rules[0], "base.form");
    assert_int_equal(rs->nabsence, 0);
    /* explain says where it went */
    assert_int_equal(digicheck_ruleset_describe(rs, "base.kann", DIGICHECK_OUTPUT_TEXT, &text,
                                                NULL, &err), DIGICHECK_EINVAL);
    assert_null(text);
    assert_contains(err.message, "rule 'base.kann' of rule set 'relpath' is switched off "
                    "(by 'levels' of rule set 'relpath')");
    digicheck_ruleset_free(rs);
}

static void extends__ruleset_path_environment(void **state)
{
    digicheck_ruleset *rs;

    (void)state;
    assert_int_equal(setenv("DIGICHECK_RULESET_PATH", "/nonexistent::tests/unit/data/extends-path",
                            1), 0);
    rs = load(DATA "env-user");
    assert_true(has_rule(rs, "env.x"));
    digicheck_ruleset_free(rs);
    unsetenv("DIGICHECK_RULESET_PATH");
    load_fails(DATA "env-user", DIGICHECK_EIO);
}

static void extends__principle_override_adds_and_replaces_aspects(void **state)
{
    digicheck_ruleset *rs = load(DATA "principle");
    const dci_principle *p = &rs->principles[0];

    (void)state;
    assert_int_equal(rs->nprinciples, 3);
    assert_string_equal(p->id, "P1");
    assert_string_equal(p->title, "Eins, neu");
    assert_int_equal(p->naspects, 2);
    assert_string_equal(p->aspects[0].title, "Form, neu");
    assert_int_equal(p->aspects[0].nrules, 1);
    assert_string_equal(p->aspects[1].id, "P1.2");
    assert_string_equal(rs->principles[2].id, "P3");
    /* the base's question keeps its principle */
    assert_int_equal(rule(rs, "base.q")->principle_index, 0);
    digicheck_ruleset_free(rs);
}

/* ---- bad extends, override and levels ------------------------------------ */

static void extends__cycle_names_the_chain(void **state)
{
    digicheck_error err = load_fails(DATA "cyc-a", DIGICHECK_ESCHEMA);

    (void)state;
    assert_true(ends_with(err.source, "cyc-b/ruleset.yaml"));
    assert_error(err, DIGICHECK_ESCHEMA, "'extends' leads in a circle: ", 6, 5);
    assert_contains(err.message, "extends/cyc-a -> tests/unit/data/extends/cyc-b -> "
                    "tests/unit/data/extends/cyc-a");
}

static void extends__missing_base_suggests_a_sibling(void **state)
{
    digicheck_error err = load_fails(DATA "missing", DIGICHECK_EIO);

    (void)state;
    assert_true(ends_with(err.source, "missing/ruleset.yaml"));
    assert_error(err, DIGICHECK_EIO, "cannot find rule set 'bsae' named in 'extends'", 4, 10);
    assert_contains(err.message, "; did you mean 'base'?");
}

/* Each bad rule set of the data: the code, the start of the message and
 * the place, in its own ruleset.yaml. */
static const struct bad_case {
    const char *dir, *message;
    int code;
    long line, column;
} bad_cases[] = {
    { "dup", "rule 'base.kann' is already defined in base/more.yaml:2:5; "
      "to replace it write `override: true`", DIGICHECK_ESCHEMA, 6, 9 },
    { "override-none", "rule 'base.kan' has `override: true`, but "
      "no rule set it extends defines 'base.kan'; did you mean 'base.kann'?",
      DIGICHECK_ESCHEMA, 6, 9 },
    { "levels-unknown", "unknown rule 'base.from' in 'levels'; "
      "did you mean 'base.form'?", DIGICHECK_ESCHEMA, 6, 3 },
    { "levels-word", "unknown level 'of' in 'levels'; did you mean "
      "'off'? (allowed: off, info, warning, error)", DIGICHECK_ESCHEMA, 6, 14 },
    { "levels-needed", "rule 'base.kann' cannot be switched off: "
      "rule 'base.absence' names it in 'when.rules'", DIGICHECK_ESCHEMA, 6, 3 },
    { "aspect-dup", "aspect 'P1.1' is already defined in "
      "base/ruleset.yaml:12:9; to replace it write `override: true`", DIGICHECK_ESCHEMA, 9, 14 },
    { "aspect-none", "aspect 'P1.9' has `override: true`, but no "
      "rule set it extends defines 'P1.9'; leave `override` out for a new one",
      DIGICHECK_ESCHEMA, 9, 57 },
    { "principle-none", "principle 'P7' has `override: true`, "
      "but no rule set it extends defines 'P7'", DIGICHECK_ESCHEMA, 6, 10 },
};

static void extends__bad_rule_sets(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        char path[256], file[256];
        digicheck_error err;
        snprintf(path, sizeof path, DATA "%s", c->dir);
        snprintf(file, sizeof file, "%s/ruleset.yaml", c->dir);
        err = load_fails(path, c->code);
        if (!ends_with(err.source, file))
            fail_msg("%s: the error is in '%s'", c->dir, err.source);
        assert_error(err, c->code, c->message, c->line, c->column);
    }
}

static void extends__principle_of_a_base_needs_override(void **state)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    const char *paths[] = { DATA "base", DATA "other", DATA "clash" };

    (void)state;
    /* other and clash share principle P9 */
    assert_int_equal(digicheck_ruleset_load_many(&rs, paths + 1, 2, &err), DIGICHECK_ESCHEMA);
    assert_null(rs);
    assert_error(err, DIGICHECK_ESCHEMA, "principle 'P9' is defined in two rule sets that are "
                 "combined, here and in other/ruleset.yaml:6:5; rename one of them", 5, 10);
}

/* ---- digicheck_ruleset_load_many ------------------------------------------ */

static void load_many__combines_and_names_the_combination(void **state)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    const char *paths[] = { DATA "ext", DATA "other", DATA "base" };

    (void)state;
    assert_int_equal(digicheck_ruleset_load_many(&rs, paths, 3, &err), DIGICHECK_OK);
    /* base is reached twice: once, and not named twice */
    assert_string_equal(rs->id, "ext+other");
    assert_string_equal(rs->title, "Ext + Other");
    assert_string_equal(rs->version, "7");
    assert_int_equal(digicheck_ruleset_rule_count(rs), 7);
    assert_int_equal(rs->nprinciples, 3);
    digicheck_ruleset_free(rs);

    assert_int_equal(digicheck_ruleset_load_many(&rs, paths + 2, 1, &err), DIGICHECK_OK);
    assert_string_equal(rs->id, "base");
    assert_string_equal(rs->version, "1");
    assert_string_equal(rs->description, "The base.");
    digicheck_ruleset_free(rs);
}

static void load_many__duplicate_ids_across_are_errors(void **state)
{
    digicheck_ruleset *rs = (digicheck_ruleset *)1;
    digicheck_error err;
    const char *paths[] = { DATA "base", DATA "clash" };
    const char *clash[] = { DATA "clash", DATA "other" };

    (void)state;
    assert_int_equal(digicheck_ruleset_load_many(&rs, clash, 2, &err), DIGICHECK_ESCHEMA);
    assert_null(rs);
    assert_int_equal(digicheck_ruleset_load_many(&rs, paths, 2, &err), DIGICHECK_ESCHEMA);
    assert_null(rs);
    assert_true(ends_with(err.source, "clash/ruleset.yaml"));
    assert_error(err, DIGICHECK_ESCHEMA, "rule 'base.kann' is defined in two rule sets that are "
                 "combined, here and in base/more.yaml:2:5", 7, 10);
}

static void load_many__arguments(void **state)
{
    digicheck_ruleset *rs = (digicheck_ruleset *)1;
    digicheck_error err;
    const char *paths[] = { DATA "base", NULL };

    (void)state;
    assert_int_equal(digicheck_ruleset_load_many(NULL, paths, 1, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_ruleset_load_many(&rs, paths, 0, &err), DIGICHECK_EINVAL);
    assert_null(rs);
    assert_string_equal(err.message, "argument 'paths' is empty (n is 0)");
    assert_int_equal(digicheck_ruleset_load_many(&rs, NULL, 1, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_ruleset_load_many(&rs, paths, 2, &err), DIGICHECK_EINVAL);
    assert_string_equal(err.message, "argument 'paths[1]' is NULL");
    assert_int_equal(digicheck_ruleset_load_many(&rs, paths, 65, &err), DIGICHECK_EINVAL);
}

/* ---- digicheck_ruleset_set_level ----------------------------------------- */

static void set_level__switches_off_and_relevels(void **state)
{
    digicheck_ruleset *rs = load(DATA "base");
    digicheck_error err;
    size_t n = digicheck_ruleset_rule_count(rs);

    (void)state;
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.form", "info", &err), DIGICHECK_OK);
    assert_int_equal(rule(rs, "base.form")->severity, DIGICHECK_SEVERITY_INFO);
    assert_int_equal(rule(rs, "base.form")->nseverity_if, 0);
    /* base.absence names base.kann: it goes first */
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.kann", "off", &err),
                     DIGICHECK_EINVAL);
    assert_contains(err.message, "rule 'base.kann' cannot be switched off: rule 'base.absence' "
                    "names it in 'when.rules'");
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.absence", "off", &err), DIGICHECK_OK);
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.kann", "off", &err), DIGICHECK_OK);
    assert_int_equal(digicheck_ruleset_rule_count(rs), n - 2);
    assert_int_equal(rs->nabsence, 0);
    assert_int_equal(rs->principles[0].aspects[0].nrules, 1);
    assert_int_equal(rs->principles[0].aspects[0].rule_index[0],
                     dci_ruleset_find_rule(rs, "base.form"));
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.kann", "info", &err),
                     DIGICHECK_EINVAL);
    assert_string_equal(err.message, "rule 'base.kann' is switched off already (by a call of "
                        "digicheck_ruleset_set_level)");
    digicheck_ruleset_free(rs);
}

static void set_level__bad_input(void **state)
{
    digicheck_ruleset *rs = load(DATA "base");
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.from", "off", &err),
                     DIGICHECK_EINVAL);
    assert_string_equal(err.message, "unknown rule 'base.from'; did you mean 'base.form'?");
    assert_int_equal(digicheck_ruleset_set_level(rs, "zzzzzzzz", "off", &err),
                     DIGICHECK_EINVAL);
    assert_string_equal(err.message, "unknown rule 'zzzzzzzz'");
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.form", "warn", &err),
                     DIGICHECK_EINVAL);
    assert_string_equal(err.message, "unknown level 'warn' for rule 'base.form'; expected off, "
                        "info, warning or error");
    assert_int_equal(digicheck_ruleset_set_level(NULL, "base.form", "off", &err),
                     DIGICHECK_EINVAL);
    assert_int_equal(digicheck_ruleset_set_level(rs, NULL, "off", &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.form", NULL, &err),
                     DIGICHECK_EINVAL);
    assert_string_equal(err.message, "argument 'level' is NULL");
    assert_int_equal(digicheck_ruleset_rule_count(rs), 5);
    digicheck_ruleset_free(rs);
}

/* A rule switched off is not run: a check finds nothing of it. */
static void set_level__off_rule_is_not_run(void **state)
{
    digicheck_ruleset *rs = load(DATA "base");
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    static const char text[] = "§ 1\n\nDer Antrag ist schriftlich zu stellen. Sie kann.\n";

    (void)state;
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.absence", "off", &err), DIGICHECK_OK);
    assert_int_equal(digicheck_ruleset_set_level(rs, "base.form", "off", &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_draft_parse(&d, text, sizeof text - 1, "t.txt",
                                           DIGICHECK_FORMAT_TEXT, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 1);
    assert_string_equal(digicheck_finding_rule_id(digicheck_report_get(r, 0)), "base.kann");
    digicheck_report_free(r);
    digicheck_draft_free(d);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extends__base_is_loaded_whole_then_the_own_rules),
        cmocka_unit_test(extends__override_takes_the_place_of_the_base_rule),
        cmocka_unit_test(extends__json_lists_the_rule_sets),
        cmocka_unit_test(extends__diamond_reads_the_base_once),
        cmocka_unit_test(extends__path_relative_to_the_ruleset_and_levels),
        cmocka_unit_test(extends__ruleset_path_environment),
        cmocka_unit_test(extends__principle_override_adds_and_replaces_aspects),
        cmocka_unit_test(extends__cycle_names_the_chain),
        cmocka_unit_test(extends__missing_base_suggests_a_sibling),
        cmocka_unit_test(extends__bad_rule_sets),
        cmocka_unit_test(extends__principle_of_a_base_needs_override),
        cmocka_unit_test(load_many__combines_and_names_the_combination),
        cmocka_unit_test(load_many__duplicate_ids_across_are_errors),
        cmocka_unit_test(load_many__arguments),
        cmocka_unit_test(set_level__switches_off_and_relevels),
        cmocka_unit_test(set_level__bad_input),
        cmocka_unit_test(set_level__off_rule_is_not_run),
    };

    return cmocka_run_group_tests_name("extends", tests, NULL, NULL);
}
