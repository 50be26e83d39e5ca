/*
 * test_ruleset.c -- the rule set loader: valid rule sets load with every
 * field in place, and every kind of invalid rule set fails with the right
 * code, message, line and column. Run from the project root.
 *
 * Static rule sets live in tests/unit/data/rulesets/; inputs that are big,
 * binary or need a symlink are written to a temporary directory.
 */
#define _XOPEN_SOURCE 700       /* mkdtemp, nftw, symlink */

#include <ftw.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

#define DATA "tests/unit/data/rulesets/"

/* ---- helpers ------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const dci_rule *rule(const digicheck_ruleset *rs, const char *id)
{
    size_t i = dci_ruleset_find_rule(rs, id);

    if (i == (size_t)-1)
        fail_msg("rule '%s' not found", id);
    return &rs->rules[i];
}

/* Does pattern re match subject? */
static int re_matches(const dci_regex *re, const char *subject)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
    int rc;

    assert_non_null(md);
    rc = pcre2_match(re->code, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc > 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);

    return n >= m && strcmp(s + n - m, tail) == 0;
}

static char *make_tmpdir(void)
{
    char *dir = strdup("/tmp/digicheck-test-XXXXXX");

    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
    char path[512];
    FILE *fp;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static void remove_tree(char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

/* Loads path, expecting failure; returns the error. */
static digicheck_error load_fails(const char *path)
{
    digicheck_ruleset *rs = (digicheck_ruleset *)1;
    digicheck_error err;

    memset(&err, 0, sizeof err);
    assert_int_not_equal(digicheck_ruleset_load(&rs, path, &err), DIGICHECK_OK);
    assert_null(rs);
    return err;
}

/* Writes text as dir/name, loads it, expects failure. */
static digicheck_error load_text_fails(const char *name, const char *text, size_t len)
{
    char *dir = make_tmpdir();
    char path[512];
    digicheck_error err;

    write_file(dir, name, text, len);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    err = load_fails(path);
    assert_true(ends_with(err.source, name));
    remove_tree(dir);
    return err;
}

static const char HEAD[] =
    "digicheck: 1\n"
    "id: generated\n"
    "title: Generated\n"
    "principles: [{id: P1, title: Eins}]\n";

/* ---- valid rule sets ----------------------------------------------------- */

static void ruleset__loads_directory_with_includes(void **state)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    const dci_rule *r;
    (void)state;

    assert_int_equal(digicheck_ruleset_load(&rs, DATA "valid", &err), DIGICHECK_OK);
    assert_non_null(rs);
    assert_int_equal(digicheck_ruleset_rule_count(rs), 5);
    assert_string_equal(rs->path, DATA "valid");
    assert_string_equal(rs->id, "test-valid");
    assert_string_equal(rs->title, "Testregeln (gültig)");
    assert_string_equal(rs->version, "2026.1");

    assert_int_equal(rs->nprinciples, 3);
    assert_string_equal(rs->principles[0].id, "P1");
    assert_int_equal(rs->principles[0].nlegacy, 1);
    assert_string_equal(rs->principles[0].legacy[0], "P1-2022");
    assert_null(rs->principles[0].description);
    assert_string_equal(rs->principles[1].title,
                        "Wiederverwendung von Daten und Standards ermöglichen");
    assert_string_equal(rs->principles[1].description, "Daten einmal erheben.");
    /* a legacy id may belong to several principles (old and new map many to many) */
    assert_int_equal(rs->principles[2].nlegacy, 2);
    assert_string_equal(rs->principles[2].legacy[0], "P1-2022");

    /* ruleset.yaml's own rules first, then the includes in order */
    assert_string_equal(rs->rules[0].id, "vague.angemessen");
    assert_string_equal(rs->rules[1].id, "form.schriftlich");
    assert_string_equal(rs->rules[2].id, "form.aenderung");
    assert_string_equal(rs->rules[3].id, "data.it-sicherheit");
    assert_string_equal(rs->rules[4].id, "data.aenderung");

    r = rule(rs, "vague.angemessen");
    assert_int_equal(r->type, DCI_RULE_PATTERN);
    assert_int_equal(r->severity, DIGICHECK_SEVERITY_INFO);
    assert_int_equal(r->scope, DCI_SCOPE_PARAGRAPH);
    assert_int_equal(r->principle_index, 1);
    assert_int_equal(r->nmatch, 1);                 /* a single string is a list of one */
    assert_string_equal(r->match[0].src, "\\bangemessen\\w*");
    assert_true(ends_with(r->file, "valid/ruleset.yaml"));
    assert_int_equal(r->line, 16);
    assert_int_equal(r->column, 5);

    r = rule(rs, "form.schriftlich");
    assert_string_equal(r->principle, "P1");
    assert_int_equal(r->principle_index, 0);
    assert_string_equal(r->category, "written-form");
    assert_int_equal(r->severity, DIGICHECK_SEVERITY_WARNING);
    assert_int_equal(r->scope, DCI_SCOPE_SENTENCE);
    assert_string_equal(r->message, "Schriftform prüfen.");
    assert_string_equal(r->suggestion, "Elektronische Form zulassen (§ 3a VwVfG).");
    assert_int_equal(r->nmatch, 2);
    assert_int_equal(r->match[0].line, 8);
    assert_int_equal(r->match[0].column, 14);
    assert_int_equal(r->nunless, 1);
    assert_int_equal(r->nseverity_if, 1);
    assert_int_equal(r->severity_if[0].severity, DIGICHECK_SEVERITY_ERROR);
    assert_int_equal(r->severity_if[0].nmatch, 1);
    assert_int_equal(r->nreferences, 2);
    assert_string_equal(r->references[0], "§ 3a VwVfG");
    assert_int_equal(r->ntags, 2);
    assert_string_equal(r->tags[1], "bund");
    assert_int_equal(r->nex_match, 1);
    assert_string_equal(r->ex_match[0], "Der Antrag ist schriftlich zu stellen.");
    assert_int_equal(r->nex_no_match, 1);
    assert_true(ends_with(r->file, "valid/form.yaml"));
    assert_int_equal(r->line, 3);
    assert_int_equal(r->column, 5);
    assert_int_equal(r->nwhen_match + r->nwhen_answers + r->nwhen_rules + r->nabsent, 0);
    /* compiled caseless by default, Unicode-aware */
    assert_true(re_matches(&r->match[0], "Der Antrag ist SCHRIFTLICH zu stellen"));
    assert_true(re_matches(&r->match[1], "in Schriftform"));
    assert_false(re_matches(&r->match[1], "in Schriftformen"));
    assert_true(re_matches(&r->unless[0], "ELEKTRONISCH"));
    assert_true(re_matches(&r->severity_if[0].match[0], "AUSSCHLIESSLICH") ||
                re_matches(&r->severity_if[0].match[0], "AUSSCHLIEßLICH"));

    r = rule(rs, "form.aenderung");                 /* case_sensitive: yes */
    assert_int_equal(r->scope, DCI_SCOPE_DOCUMENT);
    assert_true(re_matches(&r->match[0], "Die Änderung tritt in Kraft"));
    assert_false(re_matches(&r->match[0], "ÄNDERUNG"));
    assert_false(re_matches(&r->match[0], "änderung"));

    r = rule(rs, "data.aenderung");                 /* caseless, with umlauts */
    assert_true(re_matches(&r->match[0], "ÄNDERUNG"));
    assert_true(re_matches(&r->match[0], "änderung"));
    assert_true(re_matches(&r->match[0], "Änderung"));
    assert_false(re_matches(&r->match[0], "Änderungen"));

    r = rule(rs, "data.it-sicherheit");
    assert_int_equal(r->type, DCI_RULE_ABSENCE);
    assert_int_equal(r->scope, DCI_SCOPE_SECTION);
    assert_int_equal(r->principle_index, 2);
    assert_int_equal(r->nwhen_match, 1);
    assert_true(re_matches(&r->when_match[0], "ein neues IT-System"));
    assert_int_equal(r->nwhen_answers, 1);
    assert_string_equal(r->when_answers[0].question, "vp.it-system");
    assert_string_equal(r->when_answers[0].answer, "yes");
    assert_int_equal(r->nwhen_rules, 1);
    assert_string_equal(r->when_rules[0], "form.schriftlich");
    assert_int_equal(r->when_rule_index[0], 1);
    assert_int_equal(r->nabsent, 2);
    assert_true(re_matches(&r->absent[1], "das bsi"));
    assert_int_equal(r->nmatch + r->nunless + r->nseverity_if, 0);

    assert_int_equal(dci_ruleset_find_rule(rs, "form.schriftlich"), 1);
    assert_int_equal(dci_ruleset_find_rule(rs, "no.such.rule"), (size_t)-1);
    digicheck_ruleset_free(rs);
}

static void ruleset__loads_directory_with_trailing_slash(void **state)
{
    digicheck_ruleset *rs = NULL;
    (void)state;

    assert_int_equal(digicheck_ruleset_load(&rs, DATA "valid/", NULL), DIGICHECK_OK);
    assert_int_equal(digicheck_ruleset_rule_count(rs), 5);
    assert_true(ends_with(rs->rules[1].file, "valid/form.yaml"));
    digicheck_ruleset_free(rs);
}

static void ruleset__loads_single_file(void **state)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    (void)state;

    assert_int_equal(digicheck_ruleset_load(&rs, DATA "single/rules.yaml", &err), DIGICHECK_OK);
    assert_int_equal(digicheck_ruleset_rule_count(rs), 1);
    assert_string_equal(rs->id, "single");
    assert_null(rs->version);
    assert_string_equal(rs->rules[0].file, DATA "single/rules.yaml");
    assert_int_equal(rs->rules[0].type, DCI_RULE_PATTERN);
    assert_int_equal(rs->rules[0].scope, DCI_SCOPE_SENTENCE);
    assert_int_equal(rs->rules[0].severity, DIGICHECK_SEVERITY_ERROR);
    assert_null(rs->rules[0].suggestion);
    digicheck_ruleset_free(rs);
}

static void ruleset__include_may_use_dotdot_inside(void **state)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    (void)state;

    assert_int_equal(digicheck_ruleset_load(&rs, DATA "include-subdir", &err), DIGICHECK_OK);
    assert_int_equal(digicheck_ruleset_rule_count(rs), 1);
    assert_true(ends_with(rs->rules[0].file, "sub/../sub/more.yaml"));
    digicheck_ruleset_free(rs);
}

static void ruleset__refcount_keeps_it_alive(void **state)
{
    digicheck_ruleset *rs = NULL;
    (void)state;

    assert_int_equal(digicheck_ruleset_load(&rs, DATA "single/rules.yaml", NULL), DIGICHECK_OK);
    assert_int_equal(rs->refs, 1);
    dci_ruleset_ref(rs);
    dci_ruleset_ref(rs);
    assert_int_equal(rs->refs, 3);
    digicheck_ruleset_free(rs);                 /* the caller's reference */
    dci_ruleset_unref(rs);
    /* still alive: one reference is left (ASan would catch a use after free) */
    assert_int_equal(digicheck_ruleset_rule_count(rs), 1);
    assert_true(re_matches(&rs->rules[0].match[0], "SCHRIFTLICH"));
    dci_ruleset_unref(rs);                      /* the last one frees it */
}

static void ruleset__null_arguments(void **state)
{
    digicheck_ruleset *rs = (digicheck_ruleset *)1;
    digicheck_error err;
    (void)state;

    assert_int_equal(digicheck_ruleset_load(NULL, DATA "valid", &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'out' is NULL", 0, 0);
    assert_int_equal(digicheck_ruleset_load(&rs, NULL, &err), DIGICHECK_EINVAL);
    assert_null(rs);
    assert_error(err, DIGICHECK_EINVAL, "argument 'path' is NULL", 0, 0);
    assert_int_equal(digicheck_ruleset_load(&rs, "", &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'path' is empty", 0, 0);
    /* no error struct: the code alone */
    assert_int_equal(digicheck_ruleset_load(&rs, DATA "no-such-dir", NULL), DIGICHECK_EIO);
    digicheck_ruleset_free(NULL);
    assert_int_equal(digicheck_ruleset_rule_count(NULL), 0);
    assert_int_equal(dci_ruleset_find_rule(NULL, "x"), (size_t)-1);
}

static void ruleset__missing_path_is_eio(void **state)
{
    digicheck_error err = load_fails(DATA "no-such-dir");
    (void)state;

    assert_error(err, DIGICHECK_EIO, "cannot open rule set '" DATA "no-such-dir'", 0, 0);
}

static void ruleset__directory_without_ruleset_yaml_is_eio(void **state)
{
    digicheck_error err = load_fails(DATA "include-subdir/sub");
    (void)state;

    assert_error(err, DIGICHECK_EIO, "cannot open '", 0, 0);
    assert_true(ends_with(err.source, "sub/ruleset.yaml"));
}

/* ---- invalid rule sets: one file each, in tests/unit/data/rulesets ----- */

typedef struct invalid_case {
    const char *path;       /* under DATA */
    int code;
    const char *prefix;
    long line, column;
} invalid_case;

static const invalid_case invalid_cases[] = {
    { "invalid/unknown-key.yaml", DIGICHECK_ESCHEMA,
      "unknown key 'mach' in rule 'form.x'; did you mean 'match'? (allowed: id, type, "
      "principle, category, severity, scope, message, title, suggestion, references, tags, "
      "case_sensitive, examples, match, unless, severity_if, roles, group, lead_in, "
      "override)", 12, 5 },
    { "invalid/title-too-long.yaml", DIGICHECK_ESCHEMA,
      "the title of rule 'form.x' is longer than 60 characters or more than one line", 13,
      12 },
    { "invalid/missing-message.yaml", DIGICHECK_ESCHEMA,
      "missing required key 'message' in rule 'form.x'", 8, 5 },
    { "invalid/missing-id.yaml", DIGICHECK_ESCHEMA, "missing required key 'id' in rule #1", 8, 5 },
    { "invalid/bad-id.yaml", DIGICHECK_ESCHEMA, "invalid rule id 'form x'", 8, 9 },
    { "invalid/duplicate-rule.yaml", DIGICHECK_ESCHEMA,
      "duplicate rule id 'form.x' (first defined at duplicate-rule.yaml:8:5)", 14, 9 },
    { "invalid/unknown-principle.yaml", DIGICHECK_ESCHEMA,
      "unknown principle 'P9' in rule 'form.x' (declared: P1, P2)", 9, 16 },
    { "invalid/legacy-principle.yaml", DIGICHECK_ESCHEMA,
      "principle 'P1-2022' in rule 'form.x' is a legacy id; name a current principle "
      "(it maps to: P1, P2)", 9, 16 },
    { "invalid/unknown-category.yaml", DIGICHECK_ESCHEMA,
      "unknown category 'writen-form' in rule 'form.x'; did you mean 'written-form'? "
      "(allowed: written-form, signature,", 10, 15 },
    { "invalid/unknown-severity.yaml", DIGICHECK_ESCHEMA,
      "unknown severity 'warn' in rule 'form.x' (allowed: info, warning, error)", 11, 15 },
    { "invalid/unknown-scope.yaml", DIGICHECK_ESCHEMA,
      "unknown scope 'absatz' in rule 'form.x' (allowed: sentence, paragraph, section, "
      "document)", 12, 12 },
    { "invalid/unknown-absent-in.yaml", DIGICHECK_ESCHEMA,
      "unknown absent_in 'elsewhere' in rule 'sec.x' (allowed: scope, cited, definitions, "
      "draft)", 15, 31 },
    /* the pattern starts at column 14, inside the quotes; PCRE2's offset 14 is added */
    { "invalid/bad-regex.yaml", DIGICHECK_EREGEX,
      "invalid regular expression in rule 'form.x' at offset 14: missing closing "
      "parenthesis", 12, 28 },
    { "invalid/bad-regex-double.yaml", DIGICHECK_EREGEX,
      "invalid regular expression in rule 'form.x' at offset 3: missing terminating ]", 12, 16 },
    { "invalid/match-not-list.yaml", DIGICHECK_ESCHEMA,
      "expected a list of strings for 'match' in rule 'form.x', found a mapping", 12, 12 },
    { "invalid/match-item-not-string.yaml", DIGICHECK_ESCHEMA,
      "expected a string in 'match' of rule 'form.x', found a list", 12, 16 },
    { "invalid/match-empty.yaml", DIGICHECK_ESCHEMA,
      "'match' in rule 'form.x' needs at least one entry", 12, 12 },
    { "invalid/duplicate-key.yaml", DIGICHECK_ESCHEMA,
      "duplicate key 'severity' in a mapping (first at line 11, column 5)", 14, 5 },
    { "invalid/duplicate-principle.yaml", DIGICHECK_ESCHEMA,
      "duplicate principle id 'P1' (principle #1 has it too)", 7, 10 },
    { "invalid/case-sensitive-not-bool.yaml", DIGICHECK_ESCHEMA,
      "expected true or false for 'case_sensitive' in rule 'form.x', found a string", 12, 21 },
    { "invalid/lua-no-code.yaml", DIGICHECK_ESCHEMA,
      "rule 'calc.x' needs either 'script' (a Lua file) or 'code' (inline Lua)", 8, 5 },
    { "invalid/lua-both.yaml", DIGICHECK_ESCHEMA,
      "rule 'calc.x' needs either 'script' (a Lua file) or 'code' (inline Lua), not both",
      15, 11 },
    { "invalid/lua-scope.yaml", DIGICHECK_ESCHEMA,
      "key 'scope' is not allowed in rule 'calc.x', a lua rule; it belongs to pattern and "
      "absence rules", 14, 5 },
    /* Lua's line, counted in the YAML file; Lua does not say the column */
    { "invalid/lua-syntax-inline.yaml", DIGICHECK_ESYNTAX,
      "Lua syntax error in rule 'calc.x': unexpected symbol near 'end'", 20, 0 },
    { "invalid/lua-syntax-quoted.yaml", DIGICHECK_ESYNTAX,
      "Lua syntax error in rule 'calc.x': <eof> expected near 'end'", 14, 0 },
    { "invalid/lua-when-rules.yaml", DIGICHECK_ESCHEMA,
      "rule 'calc.x' in 'when.rules' of rule 'sec.x' is a lua rule; lua rules run after the "
      "absence rules", 21, 20 },
    { "invalid/type-unknown.yaml", DIGICHECK_ESCHEMA,
      "unknown rule type 'patern' in rule 'form.x'; did you mean 'pattern'?", 9, 11 },
    { "invalid/question-no-stage.yaml", DIGICHECK_ESCHEMA,
      "missing required key 'stage' in rule 'vp.x'", 8, 5 },
    { "invalid/question-bad-stage.yaml", DIGICHECK_ESCHEMA,
      "unknown stage 'vorpruefen' in rule 'vp.x'; did you mean 'vorpruefung'?", 10, 12 },
    { "invalid/question-bad-suggests.yaml", DIGICHECK_ESCHEMA,
      "'prefill' of rule 'vp.x' suggests 'vielleicht', which is not one of its answers",
      14, 39 },
    { "invalid/question-category.yaml", DIGICHECK_ESCHEMA,
      "rule 'vp.x' is a question: its category is 'question', not 'written-form'", 12, 15 },
    { "invalid/question-match-key.yaml", DIGICHECK_ESCHEMA,
      "key 'match' is not allowed in rule 'vp.x', a question rule; it belongs to pattern "
      "and relevance rules", 12, 5 },
    { "invalid/absent-on-pattern.yaml", DIGICHECK_ESCHEMA,
      "key 'absent' is not allowed in rule 'form.x', a pattern rule; it belongs to absence "
      "rules", 13, 5 },
    { "invalid/absence-no-when.yaml", DIGICHECK_ESCHEMA,
      "missing required key 'when' in rule 'sec.x'", 8, 5 },
    { "invalid/absence-empty-when.yaml", DIGICHECK_ESCHEMA,
      "'when' of rule 'sec.x' needs at least one trigger", 13, 11 },
    { "invalid/when-unknown-rule.yaml", DIGICHECK_ESCHEMA,
      "unknown rule 'form.y' in 'when.rules' of rule 'sec.x'", 20, 23 },
    { "invalid/when-cycle.yaml", DIGICHECK_ESCHEMA,
      "rule 'sec.a' depends on itself through 'when.rules'", 21, 20 },
    { "invalid/answers-not-string.yaml", DIGICHECK_ESCHEMA,
      "expected a string for 'vp.it-system' in 'when' of rule 'sec.x', found a list", 14, 31 },
    { "invalid/severity-if-no-severity.yaml", DIGICHECK_ESCHEMA,
      "missing required key 'severity' in 'severity_if' of rule 'form.x'", 14, 9 },
    { "invalid/yaml-syntax.yaml", DIGICHECK_ESYNTAX,
      "did not find expected ',' or ']' (while parsing a flow sequence at line 10, "
      "column 15)", 11, 13 },
    { "invalid/python-tag.yaml", DIGICHECK_ESCHEMA,
      "unsupported tag '!!python/object:os.system'", 9, 16 },
    { "invalid/self-alias.yaml", DIGICHECK_ESCHEMA,
      "alias '*r' refers to a node that contains it", 15, 23 },
    { "invalid/undefined-alias.yaml", DIGICHECK_ESYNTAX, "undefined alias '*p'", 9, 16 },
    { "invalid/nul-escape.yaml", DIGICHECK_EENCODING, "a string holds a NUL character", 12, 12 },
    { "invalid/two-documents.yaml", DIGICHECK_ESCHEMA,
      "a second YAML document; a file holds exactly one", 14, 1 },
    { "invalid/empty.yaml", DIGICHECK_ESCHEMA, "the file is empty; expected a rule set", 0, 0 },
    { "invalid/comment-only.yaml", DIGICHECK_ESCHEMA, "the file is empty", 0, 0 },
    { "invalid/top-not-mapping.yaml", DIGICHECK_ESCHEMA,
      "expected a mapping for the top of the file, found a list", 1, 1 },
    { "invalid/top-unknown-key.yaml", DIGICHECK_ESCHEMA,
      "unknown key 'principals' in the rule set; did you mean 'principles'?", 4, 1 },
    { "invalid/version-2.yaml", DIGICHECK_ESCHEMA, "unsupported rule-language version '2'", 1, 12 },
    { "invalid/missing-version.yaml", DIGICHECK_ESCHEMA,
      "missing required key 'digicheck' in the rule set", 1, 1 },
    /* includes: the error is about the including file, at the include entry */
    { "include-escape", DIGICHECK_ESCHEMA, "include '../x.yaml' leaves the rule set directory",
      6, 5 },
    { "include-absolute", DIGICHECK_ESCHEMA, "include '/etc/passwd' is an absolute path", 5, 11 },
    { "include-missing", DIGICHECK_EIO,
      "cannot read included file '" DATA "include-missing/nothere.yaml': No such file", 5, 22 },
};

static void ruleset__invalid(void **state)
{
    const invalid_case *c = *state;
    char path[256];
    digicheck_error err;

    snprintf(path, sizeof path, DATA "%s", c->path);
    err = load_fails(path);
    assert_error(err, c->code, c->prefix, c->line, c->column);
    /* the source names the file the line and column are about */
    if (strncmp(c->path, "include-", 8) == 0)
        assert_true(ends_with(err.source, "/ruleset.yaml"));
    else
        assert_string_equal(err.source, path);
}

/* ---- Lua rules ------------------------------------------------------------ */

static void ruleset__lua_rules_keep_their_code(void **state)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    const dci_rule *r;
    size_t i;

    (void)state;
    if (digicheck_ruleset_load(&rs, DATA "lua", &err) != DIGICHECK_OK)
        fail_msg("%s:%ld: %s", err.source, err.line, err.message);
    assert_int_equal(digicheck_ruleset_rule_count(rs), 2);
    r = rule(rs, "calc.count");
    assert_int_equal(r->type, DCI_RULE_LUA);
    assert_string_equal(r->lua_name, "@lua/count.lua");
    assert_int_equal(strncmp(r->lua_src, "-- Reports the document", 23), 0);
    assert_int_equal(r->lua_len, strlen(r->lua_src));
    /* inline code: preceded by a line break for each line above it, so
     * that Lua's line 21 is the file's line 21 */
    r = rule(rs, "calc.inline");
    assert_string_equal(r->lua_name, "@ruleset.yaml");
    for (i = 0; r->lua_src[i] == '\n'; i++)
        ;
    assert_int_equal(i, 20);
    assert_string_equal(r->lua_src + i,
                        "return function(draft, report)\n  error(\"line 22\")\nend\n");
    digicheck_ruleset_free(rs);
}

static void ruleset__lua_script_errors(void **state)
{
    digicheck_error err;

    (void)state;
    err = load_fails(DATA "lua-script-escape");
    assert_error(err, DIGICHECK_ESCHEMA,
                 "script '../lua/lua/count.lua' leaves the rule set directory", 7, 26);
    assert_true(ends_with(err.source, "lua-script-escape/ruleset.yaml"));
    err = load_fails(DATA "lua-script-missing");
    assert_error(err, DIGICHECK_EIO,
                 "cannot read script '" DATA "lua-script-missing/nothere.lua': No such file",
                 7, 26);
    /* a syntax error is reported in the script, at Lua's line */
    err = load_fails(DATA "lua-script-syntax");
    assert_error(err, DIGICHECK_ESYNTAX,
                 "Lua syntax error in rule 'calc.x': 'then' expected near 'report'", 5, 0);
    assert_string_equal(err.source, DATA "lua-script-syntax/lua/bad.lua");
}

/* Writes dir/ruleset.yaml with one lua rule running `script`; the script
 * name starts at line 7, column 42. */
static void write_lua_ruleset(const char *dir, const char *script)
{
    char yaml[512];
    int n = snprintf(yaml, sizeof yaml,
                     "digicheck: 1\nid: s\ntitle: t\nprinciples: [{id: P1, title: Eins}]\n"
                     "rules:\n  - {id: calc.x, type: lua, principle: P1, category: vague-term,\n"
                     "     severity: info, message: m, script: %s}\n", script);

    write_file(dir, "ruleset.yaml", yaml, (size_t)n);
}

/* A rule set in a temporary directory whose one rule runs a script of the
 * given bytes. */
static digicheck_error lua_script_fails(const char *script, size_t len)
{
    char *dir = make_tmpdir();
    digicheck_error err;

    write_lua_ruleset(dir, "x.lua");
    write_file(dir, "x.lua", script, len);
    err = load_fails(dir);
    assert_true(ends_with(err.source, "/x.lua"));
    remove_tree(dir);
    return err;
}

static void ruleset__lua_bytecode_and_bad_bytes_are_refused(void **state)
{
    /* the signature of a precompiled chunk: Lua refuses it in text mode */
    static const char fake[] = "\x1bLuaT return function() end";
    /* real bytecode holds NUL bytes, which no text may */
    static const char binary[] = "\x1bLuaT\x00\x19\x93\r\n\x1a\n\x04\x08\x08";
    static const char latin1[] = "-- Pr\xfc" "fung\nreturn function() end\n";
    digicheck_error err;

    (void)state;
    err = lua_script_fails(fake, sizeof fake - 1);
    assert_error(err, DIGICHECK_ESYNTAX, "Lua syntax error in rule 'calc.x': attempt to load "
                 "a binary chunk (mode is 't')", 0, 0);
    err = lua_script_fails(binary, sizeof binary - 1);
    assert_error(err, DIGICHECK_EENCODING, "the Lua code of rule 'calc.x' is not valid UTF-8 "
                 "or holds a NUL byte", 1, 6);
    err = lua_script_fails(latin1, sizeof latin1 - 1);
    assert_error(err, DIGICHECK_EENCODING, "the Lua code of rule 'calc.x'", 1, 6);
}

static void ruleset__lua_script_symlink_outside_is_refused(void **state)
{
    char *top = make_tmpdir();
    char dir[512], link[1024];
    digicheck_error err;
    (void)state;

    snprintf(dir, sizeof dir, "%s/rules", top);
    assert_int_equal(mkdir(dir, 0700), 0);
    write_file(top, "outside.lua", "return function() end\n", 22);
    write_lua_ruleset(dir, "link.lua");
    snprintf(link, sizeof link, "%s/link.lua", dir);
    assert_int_equal(symlink("../outside.lua", link), 0);
    err = load_fails(dir);
    assert_error(err, DIGICHECK_ESCHEMA, "script 'link.lua' leads to '", 7, 42);
    remove_tree(top);
}

/* ---- generated inputs ----------------------------------------------------- */

static void ruleset__include_symlink_outside_is_refused(void **state)
{
    char *top = make_tmpdir();
    char dir[512], link[1024], path[1024];
    digicheck_error err;
    digicheck_ruleset *rs = NULL;
    static const char main_yaml[] =
        "digicheck: 1\nid: s\ntitle: t\nprinciples: [{id: P1, title: Eins}]\n"
        "include:\n  - inside.yaml\n  - link.yaml\n";
    static const char rules_yaml[] =
        "rules: [{id: a, principle: P1, category: signature, severity: info, match: x, "
        "message: m}]\n";
    (void)state;

    snprintf(dir, sizeof dir, "%s/rules", top);
    assert_int_equal(mkdir(dir, 0700), 0);
    write_file(top, "outside.yaml", "rules: []\n", 10);
    write_file(dir, "ruleset.yaml", main_yaml, sizeof main_yaml - 1);
    write_file(dir, "real.yaml", rules_yaml, sizeof rules_yaml - 1);
    snprintf(link, sizeof link, "%s/inside.yaml", dir);
    assert_int_equal(symlink("real.yaml", link), 0);       /* inside: fine */
    snprintf(link, sizeof link, "%s/link.yaml", dir);
    assert_int_equal(symlink("../outside.yaml", link), 0);

    err = load_fails(dir);
    assert_error(err, DIGICHECK_ESCHEMA, "include 'link.yaml' leads to '", 7, 5);
    assert_true(ends_with(err.source, "rules/ruleset.yaml"));

    /* without the escaping include it loads, through the inside symlink */
    write_file(dir, "ruleset.yaml", main_yaml, sizeof main_yaml - 1 - strlen("  - link.yaml\n"));
    snprintf(path, sizeof path, "%s/ruleset.yaml", dir);
    assert_int_equal(digicheck_ruleset_load(&rs, path, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_ruleset_rule_count(rs), 1);
    digicheck_ruleset_free(rs);
    remove_tree(top);
}

static void ruleset__invalid_utf8_is_eencoding(void **state)
{
    static const char text[] = "digicheck: 1\nid: x\ntitle: \"Pr\xfc" "fung\"\n";
    digicheck_error err = load_text_fails("latin1.yaml", text, sizeof text - 1);
    (void)state;

    assert_error(err, DIGICHECK_EENCODING, "invalid UTF-8", 3, 11);
}

static void ruleset__too_large_file_is_elimit(void **state)
{
    char *dir = make_tmpdir();
    char path[512];
    digicheck_error err;
    FILE *fp;
    (void)state;

    snprintf(path, sizeof path, "%s/ruleset.yaml", dir);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(ftruncate(fileno(fp), DIGICHECK_LIMIT_RULE_FILE_SIZE + 1), 0);
    fclose(fp);
    err = load_fails(dir);
    assert_error(err, DIGICHECK_ELIMIT, "'", 0, 0);
    assert_non_null(strstr(err.message, "the limit is"));
    remove_tree(dir);
}

static void ruleset__deep_nesting_fails_fast(void **state)
{
    size_t depth = 10000, head = sizeof HEAD - 1 - strlen("[{id: P1, title: Eins}]\n");
    char *text = malloc(head + 2 * depth + 2);
    digicheck_error err;
    double t0;
    (void)state;

    assert_non_null(text);
    memcpy(text, HEAD, head);                           /* ... "principles: " */
    memset(text + head, '[', depth);
    memset(text + head + depth, ']', depth);
    memcpy(text + head + 2 * depth, "\n", 2);
    t0 = now();
    err = load_text_fails("deep.yaml", text, head + 2 * depth + 1);
    assert_true(now() - t0 < 1.0);
    /* the top mapping is level 1: the 64th '[' (column 13 + 63) is level 65 */
    assert_error(err, DIGICHECK_ELIMIT, "nesting deeper than 64 levels", 4,
                 13 + DIGICHECK_LIMIT_YAML_DEPTH - 1);
    free(text);
}

static void ruleset__alias_bomb_fails_fast(void **state)
{
    char text[2048];
    size_t n = 0;
    int level, i;
    digicheck_error err;
    double t0;
    (void)state;

    /* nine levels of nine aliases each: 9^9 nodes once expanded */
    n += (size_t)snprintf(text + n, sizeof text - n,
                          "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (level = 1; level < 9; level++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "%c: &%c [", 'a' + level, 'a' + level);
        for (i = 0; i < 9; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, "%s*%c", i ? ", " : "",
                                  'a' + level - 1);
        n += (size_t)snprintf(text + n, sizeof text - n, "]\n");
    }
    t0 = now();
    err = load_text_fails("bomb.yaml", text, n);
    assert_true(now() - t0 < 1.0);
    /* g holds nine f of 597,871 nodes each: the second one crosses 1,000,000 */
    assert_error(err, DIGICHECK_ELIMIT, "the document has more than 1000000 nodes", 7, 12);
}

static void ruleset__too_many_aliases_is_elimit(void **state)
{
    size_t cap = 8 * 1024, n;
    char *text = malloc(cap);
    digicheck_error err;
    int i;
    (void)state;

    assert_non_null(text);
    n = (size_t)snprintf(text, cap, "%sx: &t tag\ntags: [", HEAD);
    for (i = 0; i <= DIGICHECK_LIMIT_YAML_ALIASES; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s*t", i ? "," : "");
    n += (size_t)snprintf(text + n, cap - n, "]\n");
    assert_true(n < cap);
    err = load_text_fails("aliases.yaml", text, n);
    /* "tags: [" then "*t," per alias: the 1001st starts at column 8 + 3 * 1000 */
    assert_error(err, DIGICHECK_ELIMIT, "more than 1000 aliases in one document", 6,
                 8 + 3 * DIGICHECK_LIMIT_YAML_ALIASES);
    free(text);
}

/* Aliases are read by reference: a rule's lists may come from an anchor. */
static void ruleset__aliases_are_followed(void **state)
{
    static const char text[] =
        "digicheck: 1\nid: x\ntitle: t\n"
        "principles: [{id: P1, title: Eins}]\n"
        "rules:\n"
        "  - id: a\n    principle: P1\n    category: signature\n    severity: info\n"
        "    match: &m ['\\bUnterschrift\\w*', '\\bunterzeichn\\w*']\n"
        "    references: &refs ['§ 126 BGB']\n    message: &msg Unterschrift\n"
        "  - id: b\n    principle: P1\n    category: signature\n    severity: info\n"
        "    match: *m\n    references: *refs\n    message: *msg\n";
    char *dir = make_tmpdir();
    char path[512];
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    (void)state;

    write_file(dir, "r.yaml", text, sizeof text - 1);
    snprintf(path, sizeof path, "%s/r.yaml", dir);
    assert_int_equal(digicheck_ruleset_load(&rs, path, &err), DIGICHECK_OK);
    assert_int_equal(rs->rules[1].nmatch, 2);
    assert_true(re_matches(&rs->rules[1].match[1], "UNTERZEICHNET"));
    assert_string_equal(rs->rules[1].references[0], "§ 126 BGB");
    assert_string_equal(rs->rules[1].message, "Unterschrift");
    /* both rules own their compiled patterns: freeing must not double-free */
    assert_ptr_not_equal(rs->rules[0].match[0].code, rs->rules[1].match[0].code);
    digicheck_ruleset_free(rs);
    remove_tree(dir);
}

/* Load time of a rule set of about 40 rules (in the shape of the default
 * one), as a guard: well under the budget even under sanitizers. */
static void ruleset__loads_40_rules_quickly(void **state)
{
    char *dir = make_tmpdir(), path[512];
    size_t cap = 64 * 1024, n;
    char *text = malloc(cap);
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    double t0, best = 1e9;
    int i, round;
    (void)state;

    assert_non_null(text);
    n = (size_t)snprintf(text, cap, "%srules:\n", HEAD);
    for (i = 0; i < 40; i++)
        n += (size_t)snprintf(text + n, cap - n,
            "  - id: form.r%d\n    principle: P1\n    category: written-form\n"
            "    severity: warning\n    scope: sentence\n"
            "    match: ['\\bschriftlich\\w*%d', '\\b(?:Schriftform|Unterschrift)\\b', "
            "'\\bpers(?:ö|oe)nlich\\s+(?:zu\\s+)?erscheinen']\n"
            "    unless: ['\\belektronisch\\w*']\n    message: \"Schriftform %d\"\n"
            "    references: [\"§ 3a VwVfG\"]\n"
            "    examples: {match: [\"Der Antrag ist schriftlich zu stellen.\"]}\n", i, i, i);
    assert_true(n < cap);
    write_file(dir, "ruleset.yaml", text, n);
    snprintf(path, sizeof path, "%s/ruleset.yaml", dir);
    for (round = 0; round < 5; round++) {
        t0 = now();
        assert_int_equal(digicheck_ruleset_load(&rs, path, &err), DIGICHECK_OK);
        if (now() - t0 < best)
            best = now() - t0;
        assert_int_equal(digicheck_ruleset_rule_count(rs), 40);
        digicheck_ruleset_free(rs);
    }
    print_message("40 rules (160 patterns) load in %.2f ms\n", best * 1e3);
    assert_true(best < 1.0);
    free(text);
    remove_tree(dir);
}

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(ruleset__loads_directory_with_includes),
        cmocka_unit_test(ruleset__loads_directory_with_trailing_slash),
        cmocka_unit_test(ruleset__loads_single_file),
        cmocka_unit_test(ruleset__include_may_use_dotdot_inside),
        cmocka_unit_test(ruleset__refcount_keeps_it_alive),
        cmocka_unit_test(ruleset__null_arguments),
        cmocka_unit_test(ruleset__missing_path_is_eio),
        cmocka_unit_test(ruleset__directory_without_ruleset_yaml_is_eio),
        cmocka_unit_test(ruleset__include_symlink_outside_is_refused),
        cmocka_unit_test(ruleset__invalid_utf8_is_eencoding),
        cmocka_unit_test(ruleset__too_large_file_is_elimit),
        cmocka_unit_test(ruleset__deep_nesting_fails_fast),
        cmocka_unit_test(ruleset__alias_bomb_fails_fast),
        cmocka_unit_test(ruleset__too_many_aliases_is_elimit),
        cmocka_unit_test(ruleset__aliases_are_followed),
        cmocka_unit_test(ruleset__loads_40_rules_quickly),
        cmocka_unit_test(ruleset__lua_rules_keep_their_code),
        cmocka_unit_test(ruleset__lua_script_errors),
        cmocka_unit_test(ruleset__lua_bytecode_and_bad_bytes_are_refused),
        cmocka_unit_test(ruleset__lua_script_symlink_outside_is_refused),
    };
    enum { NFIXED = sizeof fixed / sizeof fixed[0],
           NINVALID = sizeof invalid_cases / sizeof invalid_cases[0] };
    struct CMUnitTest tests[NFIXED + NINVALID];
    size_t i;

    memcpy(tests, fixed, sizeof fixed);
    /* one test per invalid rule set, named after its file */
    for (i = 0; i < NINVALID; i++) {
        struct CMUnitTest t = cmocka_unit_test_prestate(ruleset__invalid,
                                                        (void *)&invalid_cases[i]);
        t.name = invalid_cases[i].path;
        tests[NFIXED + i] = t;
    }
    return _cmocka_run_group_tests("ruleset", tests, NFIXED + NINVALID, NULL, NULL);
}
