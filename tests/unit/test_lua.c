/*
 * test_lua.c -- Lua rules: the API rules see (draft, units, matches,
 * findings, report), the sandbox (escape attempts, rules that would change
 * what other rules see), the limits (endless loops, memory bombs, deep
 * recursion), diagnostics for rules that fail, checkers in parallel threads
 * and running out of memory at every allocation in turn.
 *
 * The test is linked with dci_malloc and dci_realloc wrapped (see the
 * Makefile), so that it can make the Nth allocation outside util.c fail.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

/* ---- failing allocations ---------------------------------------------------- */

static long alloc_count;     /* allocations so far */
static long alloc_fail_at;   /* 0: none fails; else the one with this number */

void *__real_dci_malloc(size_t n);
void *__real_dci_realloc(void *p, size_t n);
void *__wrap_dci_malloc(size_t n);
void *__wrap_dci_realloc(void *p, size_t n);

void *__wrap_dci_malloc(size_t n)
{
    if (alloc_fail_at && ++alloc_count == alloc_fail_at)
        return NULL;
    return __real_dci_malloc(n);
}

void *__wrap_dci_realloc(void *p, size_t n)
{
    if (alloc_fail_at && ++alloc_count == alloc_fail_at)
        return NULL;
    return __real_dci_realloc(p, n);
}

/* ---- helpers ---------------------------------------------------------------- */

static const char HEAD[] =
    "digicheck: 1\n"
    "id: t\n"
    "title: Test\n"
    "principles:\n"
    "  - {id: P1, title: Eins}\n"
    "  - {id: P4, title: Vier}\n"
    "rules:\n";

/* A lua rule with id and Lua code, as YAML for HEAD's rule list. */
static void put_lua_rule(FILE *fp, const char *id, const char *code)
{
    const char *line = code;

    fprintf(fp, "  - id: %s\n    type: lua\n    principle: P4\n    category: vague-term\n"
                "    severity: info\n    message: Standard\n    code: |\n", id);
    while (*line) {
        size_t n = strcspn(line, "\n");
        fprintf(fp, "      %.*s\n", (int)n, line);
        line += n + (line[n] == '\n');
    }
}

/* Loads t.yaml (in a temporary directory) made of HEAD, extra YAML rules and
 * the lua rules (pairs of id and code, ending with NULL). The code of the
 * first lua rule after HEAD starts at line 15 of t.yaml. */
static digicheck_ruleset *load_lua(const char *extra, ...)
{
    char dir[] = "/tmp/dc-lua-XXXXXX", path[64];
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    const char *id;
    va_list ap;
    FILE *fp;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.yaml", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(HEAD, fp);
    fputs(extra, fp);
    va_start(ap, extra);
    while ((id = va_arg(ap, const char *)) != NULL)
        put_lua_rule(fp, id, va_arg(ap, const char *));
    va_end(ap);
    fclose(fp);
    if (digicheck_ruleset_load(&rs, path, &err) != DIGICHECK_OK)
        fail_msg("rule set: %s:%ld:%ld: %s", err.source, err.line, err.column, err.message);
    unlink(path);
    rmdir(dir);
    return rs;
}

/* Checks text as the Markdown draft "t.md" with answers ("q=a q=a …", or
 * NULL). */
static digicheck_report *check_answered(digicheck_checker *c, const char *text,
                                        const char *answers)
{
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    char q[64], a[64];
    int n;

    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "t.md",
                                           DIGICHECK_FORMAT_MARKDOWN, &err), DIGICHECK_OK);
    while (answers && sscanf(answers, " %63[^=]=%63s%n", q, a, &n) == 2) {
        assert_int_equal(digicheck_draft_set_answer(d, q, a, &err), DIGICHECK_OK);
        answers += n;
    }
    if (digicheck_check(c, d, &r, &err) != DIGICHECK_OK)
        fail_msg("check: %s", err.message);
    digicheck_draft_free(d);
    return r;
}

static digicheck_report *check(digicheck_checker *c, const char *text)
{
    return check_answered(c, text, NULL);
}

/* The findings of one rule, as "kind|severity|path|message" lines. */
static char *lines_into(char *out, size_t cap, const digicheck_report *r, const char *id)
{
    size_t i, used = 0;

    out[0] = '\0';
    for (i = 0; i < digicheck_report_count(r); i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        if (strcmp(digicheck_finding_rule_id(f), id) != 0)
            continue;
        used += (size_t)snprintf(out + used, cap - used, "%s|%s|%s|%s\n",
                                 digicheck_finding_kind(f),
                                 dci_severity_name(digicheck_finding_severity(f)),
                                 digicheck_finding_path(f), digicheck_finding_message(f));
        assert_true(used < cap);
    }
    return out;
}

/* The same in a buffer of its own (one thread only). */
static char *lines_of(const digicheck_report *r, const char *id)
{
    static char out[8192];

    return lines_into(out, sizeof out, r, id);
}

/* Checks text (with answers as check_answered() takes them) with a fresh
 * checker and returns the lines of rule id. */
static char *run_answered(const digicheck_ruleset *rs, const char *text, const char *answers,
                          const char *id)
{
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    char *out;

    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    r = check_answered(c, text, answers);
    out = lines_of(r, id);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    return out;
}

static char *run_one(const digicheck_ruleset *rs, const char *text, const char *id)
{
    return run_answered(rs, text, NULL, id);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char STATUTE[] =
    "# Gesetz über Fristen\n"
    "\n"
    "## § 1 Antrag\n"
    "\n"
    "(1) Der Antrag ist binnen drei Werktagen zu stellen.\n"
    "\n"
    "(2) Dem Antrag sind beizufügen:\n"
    "\n"
    "1. ein Nachweis der Identität,\n"
    "2. eine Bescheinigung des Arbeitgebers.\n"
    "\n"
    "## § 2 Entscheidung\n"
    "\n"
    "Die Behörde entscheidet binnen 14 Tagen. Sie teilt die Entscheidung mit.\n";

/* A pattern rule to stand beside the Lua rules of a test. */
static const char FORM_S[] =
    "  - {id: form.s, principle: P1, category: written-form, severity: warning,\n"
    "     message: schriftlich, match: ['\\bschriftlich\\b']}\n";

/* ---- the API ---------------------------------------------------------------- */

static void test_lua__units_have_kind_path_number_text(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "u",
        "return function(draft, report)\n"
        "  for u in draft:units('paragraph') do\n"
        "    report{at = u, message = u.kind .. ' ' .. u.number .. ' [' .. u.heading .. ']'}\n"
        "  end\n"
        "  for n in draft:units('nummer') do\n"
        "    report{at = n, message = n.number .. ': ' .. n.text .. ' in ' .. n.parent.path}\n"
        "  end\n"
        "  local k = 0\n"
        "  for x in draft:units() do k = k + 1 end\n"
        "  report{message = 'alle: ' .. k}\n"
        "  for p in draft:units('paragraph') do\n"
        "    local s = 0\n"
        "    for x in p:units('satz') do s = s + 1 end\n"
        "    report{at = p, message = tostring(p) .. ' hat ' .. s .. ' Sätze'}\n"
        "  end\n"
        "end\n", NULL);

    (void)state;
    assert_string_equal(run_one(rs, STATUTE, "u"),
        "absence|info||alle: 13\n"
        "absence|info|§ 1|paragraph 1 [Antrag]\n"
        "absence|info|§ 1|§ 1 hat 4 Sätze\n"
        "absence|info|§ 1 Abs. 2 Nr. 1|1: 1. ein Nachweis der Identität, in § 1 Abs. 2\n"
        "absence|info|§ 1 Abs. 2 Nr. 2|2: 2. eine Bescheinigung des Arbeitgebers. in § 1 Abs. 2\n"
        "absence|info|§ 2|paragraph 2 [Entscheidung]\n"
        "absence|info|§ 2|§ 2 hat 2 Sätze\n");
    digicheck_ruleset_free(rs);
}

/* A Satz of a list item knows the Satz its list leads with, and the lead-in
 * of a nested list knows its own; a Satz outside a list has none. */
static void test_lua__list_items_know_their_lead_in(void **state)
{
    static const char nested[] =
        "## § 1 Antrag\n"
        "\n"
        "(1) Der Antrag ist schriftlich zu stellen. Dem Antrag sind beizufügen:\n"
        "\n"
        "1. ein Nachweis der Identität,\n"
        "\n"
        "2. Nachweise über die Ausbildung, und zwar\n"
        "\n"
        "   a) das Zeugnis der Schule.\n";
    digicheck_ruleset *rs = load_lua("",
        "l",
        "return function(draft, report)\n"
        "  for s in draft:units('satz') do\n"
        "    local l = s.lead_in\n"
        "    local up = l and l.lead_in\n"
        "    report{at = s, message = (l and l.text or '-') .. ' / '\n"
        "      .. (up and up.text or '-')}\n"
        "  end\n"
        "end\n", NULL);

    (void)state;
    assert_string_equal(run_one(rs, nested, "l"),
        "absence|info|§ 1 Abs. 1 Satz 1|- / -\n"
        "absence|info|§ 1 Abs. 1 Satz 2|- / -\n"
        "absence|info|§ 1 Abs. 1 Nr. 1 Satz 1|Dem Antrag sind beizufügen: / -\n"
        "absence|info|§ 1 Abs. 1 Nr. 2 Satz 1|Dem Antrag sind beizufügen: / -\n"
        "absence|info|§ 1 Abs. 1 Nr. 2 Buchst. a Satz 1|Nachweise über die Ausbildung, und zwar"
        " / Dem Antrag sind beizufügen:\n");
    digicheck_ruleset_free(rs);
}

static void test_lua__find_and_matches_use_the_c_matcher(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "m",
        "return function(draft, report)\n"
        "  for m in draft:matches('binnen\\\\s+(\\\\w+)\\\\s+(Werk)?tag') do\n"
        "    report{at = m, message = m.text .. '|' .. m[1] .. '|' .. tostring(m[2])}\n"
        "  end\n"
        "  local s = draft:find('ENTSCHEIDET')\n"
        "  report{at = s.unit, message = s.text .. ' in ' .. s.path}\n"
        "  local u = s.unit\n"
        "  local m = u:find('(\\\\d+) Tagen')\n"
        "  report{at = m, message = u.text:sub(m.start, m.stop) .. '=' .. m[1] .. ' '\n"
        "         .. m.start .. '-' .. m.stop}\n"
        "  assert(u:find('Werktag') == nil)\n"
        "  assert(draft:find('Fristen') == nil, 'the title is no provision')\n"
        "  assert(s == draft:find('entscheidet') and s ~= m)\n"
        "end\n", NULL);
    char *out;

    (void)state;
    out = run_one(rs, STATUTE, "m");
    assert_string_equal(out,
        "text|info|§ 1 Abs. 1 Satz 1|binnen drei Werktag|drei|Werk\n"
        "absence|info|§ 2 Satz 1|entscheidet in § 2 Satz 1\n"
        "text|info|§ 2 Satz 1|binnen 14 Tag|14|nil\n"
        "text|info|§ 2 Satz 1|14 Tagen=14 33-40\n");
    digicheck_ruleset_free(rs);
}

static void test_lua__report_fields_and_defaults(void **state)
{
    digicheck_ruleset *rs = load_lua(FORM_S,
        "r",
        "return function(draft, report)\n"
        "  local f = draft:findings('form.s')\n"
        "  assert(#f == 1 and #draft:findings() == 1 and #draft:findings('x') == 0)\n"
        "  report{at = f[1].match, severity = 'error', suggestion = 'elektronisch',\n"
        "         message = f[1].rule .. ' ' .. f[1].severity .. ' ' .. f[1].kind .. ' '\n"
        "                   .. f[1].path .. ' ' .. f[1].line .. ':' .. f[1].column}\n"
        "  report{at = f[1].match.unit, kind = 'text'}\n"
        "  report{at = f[1].match.unit, kind = 'text'}\n"
        "end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    const digicheck_finding *f;
    char *json = NULL;
    size_t i;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    r = check(c, "Der Antrag ist\nschriftlich zu stellen.\n");
    /* one finding per place and message: the third report is dropped */
    assert_string_equal(lines_of(r, "r"),
                        "text|info|Satz 1|Standard\n"
                        "text|error|Satz 1|form.s warning text Satz 1 2:1\n");
    for (i = 0; i < digicheck_report_count(r); i++) {
        f = digicheck_report_get(r, i);
        if (strcmp(digicheck_finding_rule_id(f), "r") != 0)
            continue;
        assert_string_equal(digicheck_finding_principle(f), "P4");
        assert_string_equal(digicheck_finding_category(f), "vague-term");
        if (digicheck_finding_severity(f) == DIGICHECK_SEVERITY_ERROR) {
            /* at a match: its span and the sentence around it */
            assert_string_equal(digicheck_finding_suggestion(f), "elektronisch");
            assert_int_equal(digicheck_finding_line(f), 2);
            assert_int_equal(digicheck_finding_column(f), 1);
            assert_int_equal(digicheck_finding_length(f), strlen("schriftlich"));
            assert_string_equal(digicheck_finding_excerpt(f),
                                "Der Antrag ist schriftlich zu stellen.");
        } else {
            assert_string_equal(digicheck_finding_suggestion(f), "");
            assert_int_equal(digicheck_finding_offset(f), 0);
        }
    }
    assert_int_equal(digicheck_report_render(r, DIGICHECK_OUTPUT_JSON, &json, NULL, &err),
                     DIGICHECK_OK);
    assert_non_null(strstr(json, "\"suggestion\":\"elektronisch\""));
    digicheck_free(json);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

static void test_lua__meta_answers_and_facts(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "a",
        "return function(draft, report)\n"
        "  report{message = draft.meta.name .. ' ' .. draft.meta.format .. ' '\n"
        "         .. draft.answers['vp.it-system'] .. ' ' .. type(draft.facts)}\n"
        "end\n", NULL);

    (void)state;
    assert_string_equal(run_answered(rs, "Text.", "vp.it-system=yes", "a"),
                        "absence|info||t.md markdown yes table\n");
    digicheck_ruleset_free(rs);
}

/* A draft description: meta from its title, kind and jurisdiction, facts as
 * Lua values, answers canonical. */
static void test_lua__draft_descriptions_give_meta_and_facts(void **state)
{
    static const char desc[] =
        "title: Entwurf eines Gesetzes über Lastenräder\n"
        "kind: Gesetz\n"
        "jurisdiction: Bund\n"
        "answers: {vp.it-system: ja}\n"
        "facts:\n"
        "  processes: [{name: Antrag, channel: paper, steps: 4, online: false}, ~, {name: B}]\n"
        "  count: '7'\n"
        "text: |\n"
        "  Der Antrag ist schriftlich zu stellen.\n";
    digicheck_ruleset *rs = load_lua("",
        "a",
        "return function(draft, report)\n"
        "  local p = draft.facts.processes\n"
        "  report{message = draft.meta.title .. '|' .. draft.meta.kind .. '|'\n"
        "         .. draft.meta.jurisdiction .. '|' .. draft.answers['vp.it-system'] .. '|'\n"
        "         .. #p .. '|' .. p[1].name .. '|' .. math.type(p[1].steps) .. '|'\n"
        "         .. tostring(p[1].online) .. '|' .. p[2].name .. '|' .. type(draft.facts.count)}\n"
        "end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;

    (void)state;
    if (digicheck_draft_parse(&d, desc, strlen(desc), "d.yaml", DIGICHECK_FORMAT_YAML, &err))
        fail_msg("%s", err.message);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    assert_string_equal(lines_of(r, "a"), "absence|info||Entwurf eines Gesetzes über "
                        "Lastenräder|Gesetz|Bund|yes|2|Antrag|integer|false|B|string\n");
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
}

/* Checks the draft description desc (len bytes) with c; *d gets the
 * draft, which the caller frees. */
static digicheck_report *check_description(digicheck_checker *c, const char *desc, size_t len,
                                           digicheck_draft **d)
{
    digicheck_report *r = NULL;
    digicheck_error err;

    if (digicheck_draft_parse(d, desc, len, "d.yaml", DIGICHECK_FORMAT_YAML, &err))
        fail_msg("%s", err.message);
    assert_int_equal(digicheck_check(c, *d, &r, &err), DIGICHECK_OK);
    return r;
}

/* The facts are shared by the rule calls of a check, but what a rule writes
 * into them (a field, a list entry, a nested table, a sort) only it sees;
 * indexing, #, pairs, ipairs, next and the table functions read them as
 * tables. */
static void test_lua__facts_written_by_a_rule_stay_its_own(void **state)
{
    static const char desc[] =
        "title: T\ntext: Satz.\nfacts:\n  list: [c, a, b]\n  map: {k: orig, n: 1}\n";
    digicheck_ruleset *rs = load_lua("",
        "writes",
        "return function(d, report)\n"
        "  local f = d.facts\n"
        "  f.added = 'w'\n"
        "  f.list[1] = 'changed'\n"
        "  table.insert(f.list, 'tail')\n"
        "  f.map.k = 'v'\n"
        "  report{message = f.added .. f.list[1] .. #f.list .. f.list[4] .. f.map.k\n"
        "                   .. tostring(d.facts.list == f.list)}\n"
        "end\n",
        "sorts",
        "return function(d, report)\n"
        "  table.sort(d.facts.list)\n"
        "  report{message = table.concat(d.facts.list, ',')}\n"
        "end\n",
        "reads",
        "return function(d, report)\n"
        "  local f, keys, n = d.facts, {}, 0\n"
        "  for k in pairs(f.map) do keys[#keys + 1] = k end\n"
        "  table.sort(keys)\n"
        "  for _ in ipairs(f.list) do n = n + 1 end\n"
        "  report{message = tostring(f.added) .. '|' .. table.concat(f.list, ',') .. '|'\n"
        "                   .. #f.list .. '|' .. n .. '|' .. f.map.k .. '|'\n"
        "                   .. table.concat(keys, ',') .. '|' .. type(f.map) .. '|'\n"
        "                   .. tostring(next(f.map) ~= nil) .. '|' .. tostring(next({}))\n"
        "                   .. '|' .. tostring(f.map == d.facts.map)}\n"
        "end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r;
    digicheck_error err;
    int round;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    for (round = 1; round <= 2; round++) {
        r = check_description(c, desc, strlen(desc), &d);
        assert_string_equal(lines_of(r, "writes"), "absence|info||wchanged4tailvtrue\n");
        assert_string_equal(lines_of(r, "sorts"), "absence|info||a,b,c\n");
        assert_string_equal(lines_of(r, "reads"),
                            "absence|info||nil|c,a,b|3|3|orig|k,n|table|true|nil|true\n");
        assert_int_equal(dci_lua_facts_made(c->lua), round);
        digicheck_report_free(r);
        digicheck_draft_free(d);
    }
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

/* A draft description whose facts are a list of the numbers 0 to n - 1,
 * and its length in *len. */
static char *facts_list(size_t n, size_t *len)
{
    char *desc = malloc(n * 24 + 64);
    size_t i, used;

    assert_non_null(desc);
    used = (size_t)sprintf(desc, "title: T\ntext: Satz.\nfacts:\n  list:\n");
    for (i = 0; i < n; i++)
        used += (size_t)sprintf(desc + used, "    - %zu\n", i);
    *len = used;
    return desc;
}

/* Twenty rules that read the facts of a large description: one conversion
 * per check. */
#define READS_FACTS(n) \
    "reads" #n, "return function(d, report) report{message = tostring(#d.facts.list)} end\n"
static void test_lua__facts_are_converted_once_per_check(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        READS_FACTS(1), READS_FACTS(2), READS_FACTS(3), READS_FACTS(4), READS_FACTS(5),
        READS_FACTS(6), READS_FACTS(7), READS_FACTS(8), READS_FACTS(9), READS_FACTS(10),
        READS_FACTS(11), READS_FACTS(12), READS_FACTS(13), READS_FACTS(14), READS_FACTS(15),
        READS_FACTS(16), READS_FACTS(17), READS_FACTS(18), READS_FACTS(19), READS_FACTS(20),
        NULL);
    size_t n = 50000, i, used;
    char *desc, id[16];
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r;
    digicheck_error err;

    (void)state;
    desc = facts_list(n, &used);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(dci_lua_facts_made(c->lua), 0);
    r = check_description(c, desc, used, &d);
    for (i = 1; i <= 20; i++) {
        snprintf(id, sizeof id, "reads%zu", i);
        assert_string_equal(lines_of(r, id), "absence|info||50000\n");
    }
    assert_int_equal(dci_lua_facts_made(c->lua), 1);
    digicheck_report_free(r);
    digicheck_draft_free(d);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(desc);
}

/* The facts a rule converted are the check's: a later rule that reads
 * none of them has the whole Lua memory cap for itself. */
static void test_lua__converted_facts_leave_later_rules_their_cap(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "a-reads", "return function(d, report) report{message = tostring(#d.facts.list)} end\n",
        "b-allocates", "return function(d, report)\n"
        "  report{message = tostring(#string.rep('x', 2560 * 1024))} end\n", NULL);
    size_t n = 200000, used;
    char *desc;
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r;
    digicheck_error err;

    (void)state;
    desc = facts_list(n, &used);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    /* the facts (some 4 MB as Lua values) and the string (2.5 MB, made
     * in a buffer and copied: 5 MB) do not fit
     * in 8 MB together, each does alone */
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_MEMORY,
                                                 8L * 1024 * 1024, &err), DIGICHECK_OK);
    r = check_description(c, desc, used, &d);
    assert_string_equal(lines_of(r, "a-reads"), "absence|info||200000\n");
    assert_string_equal(lines_of(r, "b-allocates"), "absence|info||2621440\n");
    assert_int_equal(dci_lua_facts_made(c->lua), 1);
    digicheck_report_free(r);
    digicheck_draft_free(d);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(desc);
}

/* A description whose facts hold a list of n maps {x: i}. */
static char *facts_maps(size_t n, size_t *len)
{
    char *desc = malloc(n * 28 + 64);
    size_t i, used;

    assert_non_null(desc);
    used = (size_t)sprintf(desc, "title: T\ntext: Satz.\nfacts:\n  list:\n");
    for (i = 0; i < n; i++)
        used += (size_t)sprintf(desc + used, "    - {x: %zu}\n", i);
    *len = used;
    return desc;
}

/* The findings of rule set rs on desc under a Lua memory cap of mb MB, the
 * check's draft in *d and checker in *c. */
static digicheck_report *check_facts_capped(digicheck_ruleset *rs, const char *desc,
                                            size_t len, long mb, digicheck_checker **c,
                                            digicheck_draft **d)
{
    digicheck_error err;

    assert_int_equal(digicheck_checker_new(c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_set_limit(*c, DIGICHECK_CHECKER_LIMIT_LUA_MEMORY,
                                                 mb * 1024 * 1024, &err), DIGICHECK_OK);
    return check_description(*c, desc, len, d);
}

static void free_checked(digicheck_report *r, digicheck_draft *d, digicheck_checker *c,
                         digicheck_ruleset *rs, char *desc)
{
    digicheck_report_free(r);
    digicheck_draft_free(d);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(desc);
}

/* The views a rule call makes of the facts (one a map it walks) are its
 * own: they go when it ends, and the rule after it has its whole cap. */
static void test_lua__views_of_the_facts_go_with_their_call(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "a-walks", "return function(d, report)\n"
        "  local n = 0\n"
        "  for _, m in ipairs(d.facts.list) do n = n + m.x end\n"
        "  report{message = tostring(n)} end\n",
        "b-allocates", "return function(d, report)\n"
        "  report{message = tostring(#string.rep('x', 13 * 1024 * 1024))} end\n", NULL);
    size_t used;
    char *desc = facts_maps(60000, &used);
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r;

    (void)state;
    r = check_facts_capped(rs, desc, used, 32, &c, &d);
    assert_string_equal(lines_of(r, "a-walks"), "absence|info||1799970000\n");
    assert_string_equal(lines_of(r, "b-allocates"), "absence|info||13631488\n");
    free_checked(r, d, c, rs, desc);
}

/* A table of the facts is priced as what it shows: the first sort of a
 * view of 200,000 numbers costs n log n comparisons, not those of the
 * empty table the view is. */
static void test_lua__sorting_facts_is_priced_by_their_length(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "sorts", "return function(d, report)\n"
        "  table.sort(d.facts.list)\n"
        "  report{message = tostring(d.facts.list[1])} end\n", NULL);
    size_t n = 200000, used;
    char *desc = facts_list(n, &used);
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    /* converting and copying take some 400,000; the sort 3.5 million */
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS,
                                                 2000000, &err), DIGICHECK_OK);
    r = check_description(c, desc, used, &d);
    assert_non_null(strstr(lines_of(r, "sorts"), "it ran more than 2000000 Lua instructions"));
    digicheck_report_free(r);
    digicheck_draft_free(d);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(desc);
}

/* draft.facts is made when a rule call reads it, and costs it as work: a
 * large description slows only the rules that use its facts. */
static void test_lua__facts_are_made_when_read(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "reads", "return function(d, report) report{message = tostring(#d.facts.list)} end\n",
        "skips", "return function(d, report) report{message = d.meta.title} end\n", NULL);
    size_t n = 100000, used;
    char *desc;
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    double t0;

    (void)state;
    desc = facts_list(n, &used);
    if (digicheck_draft_parse(&d, desc, used, "d.yaml", DIGICHECK_FORMAT_YAML, &err))
        fail_msg("%s", err.message);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    t0 = now();
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    print_message("facts of %zu items read once in %.0f ms\n", n, (now() - t0) * 1e3);
    assert_string_equal(lines_of(r, "reads"), "absence|info||100000\n");
    assert_string_equal(lines_of(r, "skips"), "absence|info||T\n");
    digicheck_report_free(r);
    /* each item is charged as an instruction */
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS,
                                                 50000, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    assert_non_null(strstr(lines_of(r, "reads"), "it ran more than 50000 Lua instructions"));
    assert_string_equal(lines_of(r, "skips"), "absence|info||T\n");
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
    free(desc);
}

/* ---- errors of rules ----------------------------------------------------------- */

static void test_lua__errors_become_diagnostics_with_the_line(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "bad.index",
        "return function(draft, report)\n"
        "  report{message = 'dropped: a failing rule reports nothing'}\n"
        "  local t = {}\n"
        "  return t.x.y\n"
        "end\n",
        "bad.return", "return 42\n",
        "bad.regex", "return function(draft) draft:find('(unclosed') end\n",
        "bad.kind", "return function(draft) for u in draft:units('absätze') do end end\n",
        "bad.key", "return function(d, report) report{mesage = 'x'} end\n",
        "bad.severity", "return function(d, report) report{severity = 'fatal'} end\n",
        "bad.at", "return function(d, report) report{at = {}} end\n",
        "bad.object", "return function() error({}) end\n",
        "bad.utf8", "return function(d, report) report{message = '\\255'} end\n",
        "bad.document", "return function(draft) for u in draft:units('dokument') do end end\n",
        "bad.finding", "return function(d, report) report{kind = 'question'} end\n",
        "good", "return function(d, report) report{} end\n", NULL);
    char *out;

    (void)state;
    assert_string_equal(run_one(rs, "Text.", "bad.index"),
                        "diagnostic|warning||rule 'bad.index' failed: t.yaml:18: attempt to "
                        "index a nil value (field 'x')\n");
    assert_string_equal(run_one(rs, "Text.", "bad.return"),
                        "diagnostic|warning||rule 'bad.return' failed: t.yaml: the script "
                        "returned number, not a function(draft, report)\n");
    out = run_one(rs, "Text.", "bad.regex");
    assert_non_null(strstr(out, "rule 'bad.regex' failed: "));
    assert_non_null(strstr(out, "invalid regular expression in rule 'bad.regex' at offset 9: "
                                "missing closing parenthesis"));
    assert_non_null(strstr(run_one(rs, "Text.", "bad.kind"), "unknown unit kind 'absätze' "
                           "(known: artikel, paragraph, anlage, absatz, nummer, buchstabe, "
                           "doppelbuchstabe, satz)"));
    /* the whole draft is no kind of unit to ask for */
    assert_non_null(strstr(run_one(rs, "Text.", "bad.document"),
                           "unknown unit kind 'dokument' (known: artikel,"));
    /* a rule reports text and absence findings only */
    assert_non_null(strstr(run_one(rs, "Text.", "bad.finding"),
                           "report{}: 'kind' must be one of text, absence"));
    assert_non_null(strstr(run_one(rs, "Text.", "bad.key"),
                           "report{}: unknown key 'mesage' (known: at, message,"));
    assert_non_null(strstr(run_one(rs, "Text.", "bad.severity"),
                           "report{}: 'severity' must be one of info, warning, error"));
    assert_non_null(strstr(run_one(rs, "Text.", "bad.at"), "unit or match expected"));
    assert_non_null(strstr(run_one(rs, "Text.", "bad.object"),
                           "failed: (error object is a table value)"));
    assert_non_null(strstr(run_one(rs, "Text.", "bad.utf8"), "must be UTF-8 text"));
    /* the other rules ran */
    assert_string_equal(run_one(rs, "Text.", "good"), "absence|info||Standard\n");
    digicheck_ruleset_free(rs);
}

static void test_lua__a_rule_may_fail_on_one_draft_only(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "x",
        "return function(draft, report)\n"
        "  if draft:find('Fehler') then error('kaputt') end\n"
        "  report{message = 'ok'}\n"
        "end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    int i;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    for (i = 0; i < 3; i++) {
        r = check(c, "Hier steht ein Fehler.");
        assert_string_equal(lines_of(r, "x"),
                            "diagnostic|warning||rule 'x' failed: t.yaml:16: kaputt\n");
        digicheck_report_free(r);
        r = check(c, "Hier steht nichts.");
        assert_string_equal(lines_of(r, "x"), "absence|info||ok\n");
        digicheck_report_free(r);
    }
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

/* ---- the sandbox --------------------------------------------------------------- */

/* Each escape is tried by a rule of its own; every one must end in a
 * diagnostic, and none may report anything. */
static void test_lua__escape_attempts_fail(void **state)
{
    static const char *const escapes[][2] = {
        { "os.execute", "os.execute('touch /tmp/dc-escaped')" },
        { "io.open", "io.open('/etc/passwd')" },
        { "require", "require('os')" },
        { "load", "load('return 1')" },
        { "load bytecode", "load('\\27Lua')" },
        { "loadstring", "loadstring('return 1')" },
        { "dofile", "dofile('/etc/passwd')" },
        { "loadfile", "loadfile('/etc/passwd')" },
        { "string.dump", "string.dump(function() end)" },
        { "method dump", "local s = ''; s.dump(function() end)" },
        { "debug", "debug.getregistry()" },
        { "package", "package.loadlib('libc.so.6', 'system')" },
        { "collectgarbage", "collectgarbage('stop')" },
        { "print", "print('out')" },
        { "rawset", "rawset(_G, 'x', 1)" },
        { "rawget", "rawget(_G, 'x')" },
        { "coroutine", "coroutine.wrap(function() end)" },
        { "string metatable", "getmetatable('').__index.upper = nil" },
        { "unit metatable", "getmetatable(draft:find('Text').unit).__index = nil" },
        { "setmetatable on a unit", "setmetatable(draft:find('Text'), {})" },
        { "__gc", "setmetatable({}, {__gc = function() while true do end end})" },
        { "math.random", "math.random(6)" },
    };
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
        char code[512], want[640];
        digicheck_ruleset *rs;
        char *out;
        snprintf(code, sizeof code, "return function(draft, report)\n  %s\n"
                 "  report{message = 'escaped'}\nend\n", escapes[i][1]);
        rs = load_lua("", "e", code, NULL);
        assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
        r = check(c, "Text.");
        out = lines_of(r, "e");
        snprintf(want, sizeof want, "diagnostic|warning||rule 'e' failed: t.yaml:16: ");
        if (strncmp(out, want, strlen(want)) != 0)
            fail_msg("%s: %s", escapes[i][0], out);
        digicheck_report_free(r);
        digicheck_checker_free(c);
        digicheck_ruleset_free(rs);
    }
    assert_int_not_equal(access("/tmp/dc-escaped", F_OK), 0);
}

/* A rule that changes the string library, the globals or its own state
 * must not change what another rule sees, nor what it sees itself on the
 * next draft. */
static void test_lua__rules_cannot_change_what_others_see(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "a",
        "seen = seen or 0\n"
        "return function(draft, report)\n"
        "  report{message = 'a: ' .. (leaked and 'leaked' or 'fresh') .. ' ' .. seen .. ' '\n"
        "         .. tostring(getmetatable(''))}\n"
        "  seen = seen + 1\n"
        "  leaked = true\n"
        "  _G.also = 1\n"
        "  string.upper = function() return 'hacked' end\n"
        "  table.insert = nil\n"
        "  math.pi = 3\n"
        "  string.extra = true\n"
        "end\n",
        "b",
        "return function(draft, report)\n"
        "  local t = {}\n"
        "  table.insert(t, 'x')\n"
        "  report{message = 'b: ' .. string.upper('a') .. ('b'):upper() .. tostring(leaked)\n"
        "         .. tostring(also) .. tostring(string.extra) .. math.floor(math.pi) .. #t}\n"
        "end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    int i;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    for (i = 0; i < 2; i++) {
        r = check(c, "Text.");
        assert_string_equal(lines_of(r, "a"), "absence|info||a: fresh 0 false\n");
        assert_string_equal(lines_of(r, "b"), "absence|info||b: ABnilnilnil31\n");
        digicheck_report_free(r);
    }
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

/* ---- limits ------------------------------------------------------------------------ */

static void test_lua__limits_stop_rules_quickly(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "loop", "return function() while true do end end\n",
        "pcall.loop",
        "return function()\n"
        "  while true do pcall(function() while true do end end) end\n"
        "end\n",
        "string.bomb",
        "return function()\n"
        "  local s = 'x'\n"
        "  while true do s = s .. s end\n"
        "end\n",
        "rep.bomb", "return function() return string.rep('x', 1e9) end\n",
        "table.bomb",
        "return function()\n"
        "  local t = {}\n"
        "  for i = 1, 1e9 do t[i] = string.rep('0123456789', 100) .. i end\n"
        "end\n",
        "recursion",
        "local function f(n) return 1 + f(n + 1) end\n"
        "return function() f(1) end\n",
        "after", "return function(d, report) report{message = 'still here'} end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    double t0;
    int i;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    for (i = 0; i < 2; i++) {
        t0 = now();
        r = check(c, "Text.");
        print_message("all limits hit in %.0f ms\n", (now() - t0) * 1e3);
        assert_string_equal(lines_of(r, "loop"),
                            "diagnostic|warning||rule 'loop' was stopped at t.yaml:15: it ran "
                            "more than 10000000 Lua instructions\n");
        assert_non_null(strstr(lines_of(r, "pcall.loop"), "it ran more than 10000000 Lua"));
        assert_string_equal(lines_of(r, "string.bomb"),
                            "diagnostic|warning||rule 'string.bomb' was stopped: it needed more "
                            "than 67108864 bytes of Lua memory\n");
        assert_non_null(strstr(lines_of(r, "rep.bomb"), "bytes of Lua memory"));
        assert_non_null(strstr(lines_of(r, "table.bomb"), "bytes of Lua memory"));
        assert_non_null(strstr(lines_of(r, "recursion"), "stack overflow"));
        assert_string_equal(lines_of(r, "after"), "absence|info||still here\n");
        digicheck_report_free(r);
    }
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

static void test_lua__limits_are_set_per_checker(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "count",
        "return function(draft, report)\n"
        "  local n = 0\n"
        "  for i = 1, 10000 do n = n + i end\n"
        "  report{message = 'counted'}\n"
        "end\n",
        "grow", "return function() local s = string.rep('x', 2 * 1024 * 1024) end\n", NULL);
    digicheck_checker *c = NULL, *other = NULL;
    digicheck_report *r;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&other, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS,
                                                 1000, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_MEMORY,
                                                 1024 * 1024, &err), DIGICHECK_OK);
    r = check(c, "Text.");
    assert_string_equal(lines_of(r, "count"), "diagnostic|warning||rule 'count' was stopped "
                        "at t.yaml:17: it ran more than 1000 Lua instructions\n");
    assert_string_equal(lines_of(r, "grow"), "diagnostic|warning||rule 'grow' was stopped: "
                        "it needed more than 1048576 bytes of Lua memory\n");
    digicheck_report_free(r);
    /* the other checker keeps the defaults */
    r = check(other, "Text.");
    assert_string_equal(lines_of(r, "count"), "absence|info||counted\n");
    assert_string_equal(lines_of(r, "grow"), "");
    digicheck_report_free(r);
    /* too little memory for Lua to start: every Lua rule says so */
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_MEMORY, 1000,
                                                 &err), DIGICHECK_OK);
    r = check(c, "Text.");
    assert_string_equal(lines_of(r, "count"), "diagnostic|warning||rule 'count' was stopped: "
                        "it needed more than 1000 bytes of Lua memory\n");
    digicheck_report_free(r);
    /* and with the limits raised again, all is well */
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_MEMORY,
                                                 DIGICHECK_LIMIT_LUA_MEMORY, &err),
                     DIGICHECK_OK);
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS,
                                                 DIGICHECK_LIMIT_LUA_INSTRUCTIONS, &err),
                     DIGICHECK_OK);
    r = check(c, "Text.");
    assert_string_equal(lines_of(r, "count"), "absence|info||counted\n");
    assert_string_equal(lines_of(r, "grow"), "");
    digicheck_report_free(r);

    assert_int_equal(digicheck_checker_set_limit(NULL, DIGICHECK_CHECKER_LIMIT_LUA_MEMORY, 1,
                                                 &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'c' is NULL", 0, 0);
    assert_int_equal(digicheck_checker_set_limit(c, 99, 1, &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'limit' is 99, not a "
                 "DIGICHECK_CHECKER_LIMIT_* value", 0, 0);
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS,
                                                 0, &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'value' is 0; a limit is at least 1", 0, 0);
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_MEMORY, -5,
                                                 NULL), DIGICHECK_EINVAL);
    digicheck_checker_free(c);
    digicheck_checker_free(other);
    digicheck_ruleset_free(rs);
}

/* Text of n sentences "Satz eins." (the caller frees it). */
/* n times the text `one`. */
static char *repeated(const char *one, size_t n)
{
    size_t len = strlen(one), i;
    char *text = malloc(n * len + 1);

    assert_non_null(text);
    for (i = 0; i < n; i++)
        memcpy(text + i * len, one, len);
    text[n * len] = '\0';
    return text;
}

static char *sentences(size_t n)
{
    return repeated("Satz eins. ", n);
}

/* Work in C counts: Lua's own patterns that could backtrack for minutes are
 * refused, a matching limit cannot be caught and tried again, the findings
 * so far cost what making them as tables costs; each rule gets a
 * diagnostic that names it and the others report as usual. */
static void test_lua__work_in_c_is_bounded(void **state)
{
    digicheck_ruleset *rs = load_lua(
        "  - id: wort\n    type: pattern\n    principle: P1\n    category: vague-term\n"
        "    severity: info\n    message: Wort\n    match: ['\\bSatz\\b']\n",
        "lua.exp",
        "return function()\n"
        "  local s = string.rep('a', 40)\n"
        "  s:find(string.rep('a*', 30) .. 'b')\n"
        "end\n",
        "lua.quadratic",
        "return function()\n"
        "  string.find(string.rep('a', 100000), '.-b')\n"
        "end\n",
        "lua.gsub", "return function() ('a'):rep(100000):gsub('a-a-a-b', '') end\n",
        "pcall.find",
        "return function(d, report)\n"
        "  for i = 1, 1e6 do pcall(d.find, d, '(a+)+$') end\n"
        "  report{message = 'caught'}\n"
        "end\n",
        "findings.loop", "return function(d) for i = 1, 1e6 do d:findings() end end\n",
        "fine",
        "return function(d, report)\n"
        "  local t = ('  x y  '):match('^%s*(.-)%s*$')\n"
        "  local n = 0\n"
        "  for w in ('a b c'):gmatch('%a+') do n = n + 1 end\n"
        "  report{message = t .. ' ' .. n .. ' ' .. ('a.b'):gsub('%.', '-') ..\n"
        "         ' ' .. tostring(('x'):rep(100000):find('xy', 1, true))}\n"
        "end\n", NULL);
    char *text = sentences(20000), *big = malloc(5000 + 20);
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    double t0;

    (void)state;
    alarm(60);                  /* before the budget, the first check never ended */
    assert_non_null(big);
    memset(big, 'a', 5000);
    strcpy(big + 5000, " Satz.");
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    t0 = now();
    r = check(c, big);
    print_message("patterns and matching limits stopped in %.0f ms\n", (now() - t0) * 1e3);
    assert_true(now() - t0 < 5);
    assert_string_equal(lines_of(r, "lua.exp"), "diagnostic|warning||rule 'lua.exp' was "
                        "stopped at t.yaml:24: string.find: pattern 'a*a*a*a*a*a*a*a*a*a*a*a*"
                        "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*' may take more than 100000000 "
                        "steps on a subject of 40 bytes (search units with x:find or "
                        "x:matches)\n");
    assert_non_null(strstr(lines_of(r, "lua.quadratic"), "string.find: pattern '.-b' may take"));
    assert_non_null(strstr(lines_of(r, "lua.gsub"), "string.gsub: pattern 'a-a-a-b' may take"));
    assert_string_equal(lines_of(r, "pcall.find"), "diagnostic|warning||rule 'pcall.find' was "
                        "stopped at t.yaml:52: pattern '(a+)+$' hit a matching limit (match "
                        "limit exceeded)\n");
    assert_string_equal(lines_of(r, "fine"), "absence|info||x y 3 a-b nil\n");
    assert_string_equal(lines_of(r, "wort"), "text|info|Satz 1|Wort\n");
    digicheck_report_free(r);

    t0 = now();
    r = check(c, text);
    print_message("findings() of 20000 findings in a loop stopped in %.0f ms\n",
                  (now() - t0) * 1e3);
    assert_true(now() - t0 < 5);
    assert_non_null(strstr(lines_of(r, "findings.loop"), "it ran more than 10000000 Lua "
                                                        "instructions"));
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(text);
    free(big);
    alarm(0);
}

/* A checker of rs whose Lua rule calls are bounded by time only: ms each. */
static digicheck_checker *timed_checker(const digicheck_ruleset *rs, long ms)
{
    digicheck_checker *c = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS,
                                                 1000000000000L, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_TIME, ms, &err),
                     DIGICHECK_OK);
    return c;
}

/* The time limit: checked by the hook and by every function of the API,
 * whatever the instructions, and within one search: a pattern that
 * backtracks at every start position (each below PCRE2's limits) takes
 * some 30 µs a position here, 20 s for one find over these 207 KB, but the
 * matcher asks the budget between windows of start positions. */
static void test_lua__time_is_limited(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "spin", "return function() while true do end end\n",
        "api",
        "return function(d)\n"
        "  while true do pcall(d.findings, d) end\n"
        "end\n",
        "slow.find", "return function(d) d:find('[^.]*[^.]*[^.]*[^.]*[^.]*[0-9]') end\n",
        "after", "return function(d, report) report{message = 'still here'} end\n", NULL);
    char *text = repeated("Der Antrag ist schriftlich bei der zust\xC3\xA4ndigen "
                          "Beh\xC3\xB6rde zu stellen. ", 3000);
    digicheck_checker *c;
    digicheck_report *r;
    double t0;

    (void)state;
    alarm(60);
    c = timed_checker(rs, 50);
    t0 = now();
    r = check(c, text);
    print_message("three rules of 50 ms stopped in %.0f ms\n", (now() - t0) * 1e3);
    assert_true(now() - t0 < 2);
    assert_string_equal(lines_of(r, "spin"), "diagnostic|warning||rule 'spin' was stopped at "
                        "t.yaml:15: it ran longer than 50 ms\n");
    assert_non_null(strstr(lines_of(r, "api"), "it ran longer than 50 ms"));
    assert_string_equal(lines_of(r, "slow.find"), "diagnostic|warning||rule 'slow.find' was "
                        "stopped at t.yaml:33: it ran longer than 50 ms\n");
    assert_string_equal(lines_of(r, "after"), "absence|info||still here\n");
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(text);
    alarm(0);
}

/* The library's functions charge their work and look at the clock, and a
 * concatenation is noticed by what it allocates: a loop of C work stops
 * near the deadline, not a thousand calls later. */
static void test_lua__library_work_is_bounded(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "rep.nothing",
        "return function(d, report)\n"
        "  report{message = '[' .. string.rep('', 1e15) .. ('x'):rep(0) .. ']'}\n"
        "end\n",
        "sort.big",
        "return function()\n"
        "  local t = {}\n"
        "  for i = 1, 1e6 do t[i] = i end\n"
        "  table.sort(t)\n"
        "end\n", NULL);
    digicheck_ruleset *slow = load_lua("",
        "utf8.loop",
        "return function()\n"
        "  local s = string.rep('a', 3e7)\n"
        "  while true do utf8.len(s) end\n"
        "end\n",
        "concat.loop",
        "return function()\n"
        "  local s = string.rep('x', 1e7)\n"
        "  while true do local t = s .. s end\n"
        "end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    double t0;

    (void)state;
    alarm(60);                  /* string.rep('', 1e15) looped for days */
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    r = check(c, "Text.");
    assert_string_equal(lines_of(r, "rep.nothing"), "absence|info||[]\n");
    assert_string_equal(lines_of(r, "sort.big"), "diagnostic|warning||rule 'sort.big' was "
                        "stopped at t.yaml:28: it ran more than 10000000 Lua instructions\n");
    digicheck_report_free(r);
    digicheck_checker_free(c);

    c = timed_checker(slow, 50);
    t0 = now();
    r = check(c, "Text.");
    print_message("two loops of C work with 50 ms each stopped in %.0f ms\n",
                  (now() - t0) * 1e3);
    /* some 0.2 s (2 s under ASan); without the checks in C, some 250 calls each */
    assert_true(now() - t0 < 5);
    assert_non_null(strstr(lines_of(r, "utf8.loop"), "it ran longer than 50 ms"));
    assert_non_null(strstr(lines_of(r, "concat.loop"), "it ran longer than 50 ms"));
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    digicheck_ruleset_free(slow);
    alarm(0);
}

/* What report{} copies into the report is outside the Lua state's memory:
 * it has a budget of its own per draft. */
static void test_lua__reported_text_is_budgeted(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "noisy",
        "return function(d, report)\n"
        "  local m, s = string.rep('m', 4090), string.rep('s', 4096)\n"
        "  for i = 1, 100000 do report{message = m .. i, suggestion = s} end\n"
        "end\n",
        "quiet", "return function(d, report) report{} end\n",
        "late", "return function(d, report) report{message = string.rep('x', 4096)} end\n",
        NULL);
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    double t0;
    int i;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    /* the budget is the draft's: the next draft has it whole */
    for (i = 0; i < 2; i++) {
        t0 = now();
        r = check(c, "Text.");
        print_message("100000 reports of 8 KB stopped in %.0f ms\n", (now() - t0) * 1e3);
        assert_string_equal(lines_of(r, "noisy"), "diagnostic|warning||rule 'noisy' was "
                            "stopped at t.yaml:17: report{}: the findings' text of Lua rules "
                            "passed 16777216 bytes on this draft\n");
        assert_string_equal(lines_of(r, "quiet"), "absence|info||Standard\n");
        assert_non_null(strstr(lines_of(r, "late"), "passed 16777216 bytes"));
        digicheck_report_free(r);
    }
    assert_int_equal(digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_TEXT, 1,
                                                 &err), DIGICHECK_OK);
    r = check(c, "Text.");
    assert_non_null(strstr(lines_of(r, "noisy"), "passed 1 bytes"));
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

/* A finding that the report would drop as a duplicate does not count
 * toward the findings limit: a noisy rule silences no later rule. */
static void test_lua__only_kept_findings_count(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "same",
        "return function(d, report)\n"
        "  for i = 1, 200000 do report{message = 'x'} end\n"
        "  for i = 1, 3 do report{message = 'y'} report{message = 'x'} end\n"
        "end\n",
        "fails", "return function(d, report) report{message = 'z'} error('no') end\n",
        "other", "return function(d, report) report{message = 'y'} end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    int i;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    for (i = 0; i < 2; i++) {
        r = check(c, "Text.");
        /* as the report's sort would have it: y after x, then x after y again */
        assert_string_equal(lines_of(r, "same"), "absence|info||x\nabsence|info||y\n"
                            "absence|info||x\nabsence|info||y\nabsence|info||x\n"
                            "absence|info||y\nabsence|info||x\n");
        assert_string_equal(lines_of(r, "fails"), "diagnostic|warning||rule 'fails' failed: "
                            "t.yaml:26: no\n");
        assert_string_equal(lines_of(r, "other"), "absence|info||y\n");
        digicheck_report_free(r);
    }
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

/* ---- the Lua rules of rules/digitalcheck ------------------------------------------- */

static void test_lua__digitalcheck_rules(void **state)
{
    digicheck_ruleset *rs = NULL;
    digicheck_error err;

    (void)state;
    if (digicheck_ruleset_load(&rs, "rules/digitalcheck", &err) != DIGICHECK_OK)
        fail_msg("%s:%ld: %s", err.source, err.line, err.message);
    /* deadlines: each one in working days, with the first in days */
    assert_string_equal(run_one(rs,
        "## § 1 Anzeige\n\n(1) Die Anzeige ist binnen drei Werktagen zu erstatten.\n\n"
        "(2) Die Behörde entscheidet binnen 30 Tagen. Sie bestätigt den Eingang "
        "spätestens zwei Arbeitstage nach Eingang.\n", "fristen.einheiten"),
        "text|info|§ 1 Abs. 1 Satz 1|Diese Frist zählt Werktage, der Entwurf setzt aber "
        "auch eine Frist in Tagen (zuerst § 1 Abs. 2 Satz 1: \"binnen 30 Tagen\"). Zwei "
        "Zeiteinheiten erschweren die automatisierte Fristberechnung.\n"
        "text|info|§ 1 Abs. 2 Satz 2|Diese Frist zählt Werktage, der Entwurf setzt aber "
        "auch eine Frist in Tagen (zuerst § 1 Abs. 2 Satz 1: \"binnen 30 Tagen\"). Zwei "
        "Zeiteinheiten erschweren die automatisierte Fristberechnung.\n");
    /* proofs: the Nummern of the list count, not those of another list */
    assert_string_equal(run_one(rs,
        "## § 2 Antrag\n\n(1) Dem Antrag sind beizufügen:\n\n1. a,\n2. b,\n3. c,\n"
        "4. d.\n\nDie Behörde kann verlangen:\n\n5. e,\n6. f.\n\n(2) Der Anzeige sind "
        "beizufügen:\n\n1. a,\n2. b,\n3. c.\n", "nachweise.viele"),
        "text|warning|§ 2 Abs. 1 Satz 1|Hier sind 4 Nachweise oder Unterlagen einzureichen. "
        "Jede einzelne muss beschafft, übermittelt und geprüft werden.\n");
    /* accessibility: at the first offer, with the others; from the answers
     * when the text names none */
    assert_string_equal(run_one(rs,
        "## § 3 Portal\n\n(1) Das Bundesamt errichtet ein Verwaltungsportal.\n\n"
        "(2) Es betreibt eine App für die Meldungen.\n", "barrierefreiheit.angebot"),
        "text|info|§ 3 Abs. 1 Satz 1|Der Entwurf schafft ein digitales Angebot "
        "(\"Verwaltungsportal\") (ebenso § 3 Abs. 2 Satz 1), sagt aber nichts zur "
        "Barrierefreiheit.\n");
    assert_string_equal(run_answered(rs, "Die Behörde prüft.", "vp.kommunikation=yes",
                                     "barrierefreiheit.angebot"), "");
    assert_string_equal(run_answered(rs, "Die Behörde prüft.",
                                     "vp.kommunikation=yes vp.it-system=yes",
                                     "barrierefreiheit.angebot"),
        "absence|info||Die Vorprüfung sieht ein IT-System für die Kommunikation mit "
        "Bürgerinnen, Bürgern und Unternehmen vor; der Entwurf sagt nichts zur "
        "Barrierefreiheit.\n");
    digicheck_ruleset_free(rs);
}

/* ---- threads ------------------------------------------------------------------------ */

typedef struct job {
    const digicheck_ruleset *rs;
    char out[1024];
} job;

static void *check_in_thread(void *arg)
{
    job *j = arg;
    digicheck_checker *c = NULL;
    digicheck_report *r;
    int i;

    if (digicheck_checker_new(&c, j->rs, NULL) != DIGICHECK_OK)
        return NULL;
    for (i = 0; i < 20; i++) {
        r = check(c, STATUTE);
        lines_into(j->out, sizeof j->out, r, "count");
        digicheck_report_free(r);
    }
    digicheck_checker_free(c);
    return NULL;
}

static void test_lua__checkers_run_in_parallel(void **state)
{
    digicheck_ruleset *rs = load_lua("",
        "count",
        "return function(draft, report)\n"
        "  for p in draft:units('paragraph') do\n"
        "    local n = 0\n"
        "    for m in p:matches('\\\\w+') do n = n + 1 end\n"
        "    report{at = p, message = n .. ' Wörter'}\n"
        "  end\n"
        "end\n", NULL);
    pthread_t th[4];
    job jobs[4];
    int i;

    (void)state;
    for (i = 0; i < 4; i++) {
        jobs[i].rs = rs;
        jobs[i].out[0] = '\0';
        assert_int_equal(pthread_create(&th[i], NULL, check_in_thread, &jobs[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_string_equal(jobs[i].out, "absence|info|§ 1|20 Wörter\n"
                                         "absence|info|§ 2|11 Wörter\n");
    }
    digicheck_ruleset_free(rs);
}

/* ---- out of memory ---------------------------------------------------------------- */

/* The checker learns the patterns Lua rules search with and, from the
 * next draft on, finds their literals in a pass of its own: the first,
 * second and third check of one checker find the same, also where a match
 * starts a long word before its literal, and a rule that makes more
 * patterns than the checker learns still finds all. */
static void test_lua__searches_learn_their_literals(void **state)
{
    digicheck_ruleset *rs = load_lua(FORM_S,
        "w",
        "return function(draft, report)\n"
        "  for m in draft:matches('\\\\b\\\\w+\\\\s+(?:Portal|Plattform)\\\\w*') do\n"
        "    report{at = m, message = m.text}\n"
        "  end\n"
        "  for s in draft:units('satz') do\n"
        "    local m = s:find('\\\\bbeizufügen\\\\s*:')\n"
        "    if m then report{at = m, message = 'Liste'} end\n"
        "  end\n"
        "  local n = 0\n"
        "  for i = 1, 80 do\n"
        "    if draft:find('Nummer\\\\s+' .. i .. '\\\\b') then n = n + 1 end\n"
        "  end\n"
        "  report{message = 'Nummern: ' .. n}\n"
        "end\n", NULL);
    static const char text[] =
        "## § 1 Portal\n\n"
        "(1) Die Stelle betreibt das Portal. Portal und Plattform sind zu trennen. "
        "Die Bundesdatenverarbeitungszentrumsinfrastrukturbereitstellungsgesellschaft "
        "Plattformbetrieb ist zuständig.\n\n"
        "(2) Dem Antrag sind beizufügen:\n\n1. Nummer 3,\n2. Nummer 44.\n";
    static const char want[] =
        "absence|info||Nummern: 2\n"
        "text|info|§ 1 Abs. 1 Satz 1|das Portal\n"
        "text|info|§ 1 Abs. 1 Satz 2|und Plattform\n"
        "text|info|§ 1 Abs. 1 Satz 3|"
        "Bundesdatenverarbeitungszentrumsinfrastrukturbereitstellungsgesellschaft "
        "Plattformbetrieb\n"
        "text|info|§ 1 Abs. 2 Satz 1|Liste\n";
    digicheck_checker *c = NULL;
    digicheck_report *r;
    digicheck_error err;
    int i;

    (void)state;
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    for (i = 0; i < 3; i++) {
        r = check(c, text);
        assert_string_equal(lines_of(r, "w"), want);
        digicheck_report_free(r);
    }
    r = check(c, "Der Antrag ist schriftlich zu stellen.");
    assert_string_equal(lines_of(r, "w"), "absence|info||Nummern: 0\n");
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

/* Fails each allocation in turn while loading, making a checker and
 * checking: every run ends with DIGICHECK_OK or DIGICHECK_ENOMEM, nothing
 * leaks (the sanitizer build says so), and the checker still works after a
 * failed check. */
static void test_lua__every_failing_allocation_is_enomem(void **state)
{
    digicheck_ruleset *rs = load_lua(FORM_S,
        "all",
        "return function(draft, report)\n"
        "  for u in draft:units('satz') do\n"
        "    local m = u:find('(\\\\w+) Tagen')\n"
        "    if m then report{at = m, message = m[1], suggestion = 'x'} end\n"
        "  end\n"
        "  for _, f in ipairs(draft:findings()) do report{at = f.match} end\n"
        "end\n", NULL);
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    long n;
    int rc = DIGICHECK_ENOMEM, failed = 0;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, STATUTE, strlen(STATUTE), "t.md",
                                           DIGICHECK_FORMAT_MARKDOWN, &err), DIGICHECK_OK);
    for (n = 1; rc != DIGICHECK_OK || alloc_count >= n; n++) {
        alloc_count = 0;
        alloc_fail_at = n;
        rc = digicheck_checker_new(&c, rs, &err);
        if (rc == DIGICHECK_OK) {
            rc = digicheck_check(c, d, &r, &err);
            if (rc == DIGICHECK_ENOMEM) {
                /* the same checker, without failures, still works */
                alloc_fail_at = 0;
                failed++;
                assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
                /* the rule reports "14", then its own finding again */
                assert_string_equal(lines_of(r, "all"),
                                    "text|info|§ 2 Satz 1|14\n"
                                    "text|info|§ 2 Satz 1|Standard\n");
                digicheck_report_free(r);
                r = NULL;
                alloc_fail_at = n;
            }
        }
        assert_true(rc == DIGICHECK_OK || rc == DIGICHECK_ENOMEM);
        if (rc == DIGICHECK_OK && alloc_count < n)
            break;
        digicheck_report_free(r);
        r = NULL;
        digicheck_checker_free(c);
        c = NULL;
    }
    alloc_fail_at = 0;
    print_message("%ld allocations failed in turn, %d checks ended in ENOMEM\n", n - 1,
                  failed);
    assert_true(failed > 100);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lua__units_have_kind_path_number_text),
        cmocka_unit_test(test_lua__list_items_know_their_lead_in),
        cmocka_unit_test(test_lua__find_and_matches_use_the_c_matcher),
        cmocka_unit_test(test_lua__report_fields_and_defaults),
        cmocka_unit_test(test_lua__meta_answers_and_facts),
        cmocka_unit_test(test_lua__draft_descriptions_give_meta_and_facts),
        cmocka_unit_test(test_lua__errors_become_diagnostics_with_the_line),
        cmocka_unit_test(test_lua__a_rule_may_fail_on_one_draft_only),
        cmocka_unit_test(test_lua__escape_attempts_fail),
        cmocka_unit_test(test_lua__rules_cannot_change_what_others_see),
        cmocka_unit_test(test_lua__limits_stop_rules_quickly),
        cmocka_unit_test(test_lua__limits_are_set_per_checker),
        cmocka_unit_test(test_lua__work_in_c_is_bounded),
        cmocka_unit_test(test_lua__time_is_limited),
        cmocka_unit_test(test_lua__library_work_is_bounded),
        cmocka_unit_test(test_lua__reported_text_is_budgeted),
        cmocka_unit_test(test_lua__only_kept_findings_count),
        cmocka_unit_test(test_lua__facts_are_made_when_read),
        cmocka_unit_test(test_lua__facts_written_by_a_rule_stay_its_own),
        cmocka_unit_test(test_lua__facts_are_converted_once_per_check),
        cmocka_unit_test(test_lua__converted_facts_leave_later_rules_their_cap),
        cmocka_unit_test(test_lua__sorting_facts_is_priced_by_their_length),
        cmocka_unit_test(test_lua__views_of_the_facts_go_with_their_call),
        cmocka_unit_test(test_lua__digitalcheck_rules),
        cmocka_unit_test(test_lua__checkers_run_in_parallel),
        cmocka_unit_test(test_lua__searches_learn_their_literals),
        cmocka_unit_test(test_lua__every_failing_allocation_is_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
