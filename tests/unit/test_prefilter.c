/*
 * test_prefilter.c -- the slots of a rule set's patterns: twins, the plan
 * the rule set writes into its patterns, a large automaton, the hits a
 * check keeps, the windows of a far literal and a reach in characters. The
 * literals themselves are test_literals.c; the end-to-end guarantee (the same
 * findings as a full scan) is make test-prefilter on the corpus.
 */
#include "unit.h"

/* A rule set of one pattern rule, "a", with the YAML list of patterns m. */
#define one_rule(m)                                                                        \
    unit_load_yaml("digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\n"      \
                   "rules:\n",                                                                 \
                   "  - {id: a, principle: P1, category: written-form, severity: info, "     \
                   "message: m,\n     match: [" m "]}\n")

/* Patterns written alike (source and case) in several places are twins:
 * they share a number and their slots; a case-sensitive copy is a pattern
 * of its own, whose literals share a slot with the same literals of
 * another pattern. */
static void test_prefilter__twins(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n",
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich'], unless: ['\\belektronisch']}\n"
        "  - {id: b, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich', '\\bPost'], unless: ['\\belektronisch']}\n"
        "  - {id: c, principle: P1, category: written-form, severity: info, message: m,\n"
        "     case_sensitive: true, match: ['\\bschriftlich']}\n");
    const dci_rule *a, *b, *c;

    (void)state;
    assert_non_null(rs);
    a = &rs->rules[0];
    b = &rs->rules[1];
    c = &rs->rules[2];
    assert_int_equal(rs->ntwins, 2);
    assert_true(a->match[0].twin >= 0);
    assert_int_equal(a->match[0].twin, b->match[0].twin);
    assert_int_equal(a->unless[0].twin, b->unless[0].twin);
    assert_true(a->unless[0].twin != a->match[0].twin);
    assert_int_equal(b->match[1].twin, -1);
    assert_int_equal(c->match[0].twin, -1);
    /* one slot per set of literals: c's pattern is no twin of a's, but
     * its literal is, so it shares the slot */
    assert_int_equal(a->match[0].slot, b->match[0].slot);
    assert_int_equal(a->unless[0].slot, b->unless[0].slot);
    assert_int_equal(c->match[0].slot, a->match[0].slot);
    assert_true(b->match[1].slot != a->match[0].slot);
    assert_int_equal(rs->nslots, 3);
    digicheck_ruleset_free(rs);
}

/* The prefilter only reads the rule set: its build gives a plan that names
 * every pattern once, in the order of the rules and their lists, with what
 * the loader then wrote into the pattern; the match of a rule that searches
 * the whole draft gets no slot. */
static void test_prefilter__plan(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n",
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bschriftlich\\w*\\s+Antrag'], unless: ['\\belektronisch']}\n"
        "  - {id: b, principle: P1, category: written-form, severity: info, message: m,\n"
        "     scope: document, match: ['\\bPostweg', '\\belektronisch']}\n");
    const dci_regex *want[4];
    dci_prefilter_plan plan;
    size_t i;

    (void)state;
    assert_non_null(rs);
    want[0] = &rs->rules[0].match[0];
    want[1] = &rs->rules[0].unless[0];
    want[2] = &rs->rules[1].match[0];
    want[3] = &rs->rules[1].match[1];
    dci_prefilter_pattern *pats;
    size_t npats;
    assert_int_equal(dci_ruleset_patterns(rs, &pats, &npats), DIGICHECK_OK);
    assert_int_equal(npats, 4);
    assert_int_equal(pats[2].served, 0);    /* b fires the document: no slot pays */
    assert_int_equal(dci_prefilter_build(pats, npats, &plan), DIGICHECK_OK);
    dci_free(pats);
    assert_non_null(plan.pf);
    assert_int_equal(plan.n, 4);
    assert_int_equal(plan.nslots, rs->nslots);
    assert_int_equal(plan.nslots, 3);       /* schriftlich, antrag, elektronisch */
    assert_int_equal(plan.ntwins, rs->ntwins);
    for (i = 0; i < plan.n; i++) {
        const dci_prefilter_use *u = &plan.use[i];
        assert_ptr_equal(u->re, want[i]);
        assert_int_equal(u->twin, u->re->twin);
        assert_int_equal(u->slot, u->re->slot);
        assert_int_equal(u->slot2, u->re->slot2);
        assert_int_equal(u->reach.fixed, u->re->reach.fixed);
        assert_int_equal(u->reach2.fixed, u->re->reach2.fixed);
    }
    assert_true(plan.use[0].slot >= 0 && plan.use[0].slot2 >= 0);
    assert_int_equal(plan.use[0].reach.fixed, 0);
    assert_int_equal(plan.use[2].slot, -1);
    assert_int_equal(plan.use[2].reach.fixed, DCI_REACH_NONE);
    /* a twin: the unless of a and the match of b */
    assert_true(plan.use[1].twin >= 0);
    assert_int_equal(plan.use[1].twin, plan.use[3].twin);
    assert_int_equal(plan.use[3].slot, -1);
    dci_prefilter_plan_free(&plan);
    assert_null(plan.pf);
    assert_null(plan.use);
    digicheck_ruleset_free(rs);
}

/* A word of 20 letters, different for each n (a base-26 number). */
static void word_of(unsigned long n, char *w)
{
    int i;

    for (i = 0; i < 20; i++) {
        w[i] = (char)('a' + (n * 7919u + (unsigned long)i * 104729u) % 26u);
        if (i < 6) {
            w[i] = (char)('a' + n % 26u);
            n /= 26u;
        }
    }
    w[20] = '\0';
}

/* An automaton of more than 32,768 states keeps its transitions in 32
 * bits: 40 rules of 48 words of 20 letters each still find their words. */
static void test_prefilter__large_automaton(void **state)
{
    size_t cap = 200000, used = 0;
    char *rules = malloc(cap), text[4096] = "", w[21];
    digicheck_ruleset *rs;
    digicheck_checker *c = NULL;
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    int i, j;

    (void)state;
    assert_non_null(rules);
    for (i = 0; i < 40; i++) {
        used += (size_t)snprintf(rules + used, cap - used,
                                 "  - {id: r%d, principle: P1, category: written-form, "
                                 "severity: info, message: m, match: ['\\b(?:", i);
        for (j = 0; j < 48; j++) {
            word_of((unsigned long)(i * 48 + j), w);
            used += (size_t)snprintf(rules + used, cap - used, "%s%s", j ? "|" : "", w);
        }
        used += (size_t)snprintf(rules + used, cap - used, ")\\b']}\n");
        if (i % 4 == 0) {               /* every 4th rule's 7th word is in the text */
            word_of((unsigned long)(i * 48 + 7), w);
            strcat(text, "Der ");
            strcat(text, w);
            strcat(text, " gilt. ");
        }
    }
    rs = unit_load_yaml("digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\n"
                        "rules:\n", rules);
    /* a slot for each rule, and one for each branch of its alternation */
    assert_true(rs->nslots == 40 + 40 * 48);
    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "t.txt",
                                           DIGICHECK_FORMAT_TEXT, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_report_count(r), 10);
    for (i = 0; i < 10; i++)
        assert_int_equal(atoi(digicheck_finding_rule_id(digicheck_report_get(r, (size_t)i)) + 1),
                         4 * i);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
    free(rules);
}

/* Each slot's hits in a list of their own, by position; the lists hold at
 * most `most` hits: past it the slot with the most loses them all (its
 * memory released), and the others keep theirs. */
static void test_prefilter__hit_limit(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n",
        "  - {id: a, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bxylo\\w*']}\n"
        "  - {id: b, principle: P1, category: written-form, severity: info, message: m,\n"
        "     match: ['\\bzebra\\w*']}\n");
    size_t n = 0, total = 0, i;
    char *text = malloc(5 * 100 + 6 * 5 + 1);
    dci_hits lists[4];
    long x, z;

    (void)state;
    assert_non_null(rs);
    assert_non_null(text);
    x = rs->rules[0].match[0].slot;
    z = rs->rules[1].match[0].slot;
    assert_true(x >= 0 && z >= 0 && x != z && rs->nslots <= 4);
    for (i = 0; i < 100; i++) {
        memcpy(text + n, "XYLO ", 5);
        n += 5;
        if (i % 20 == 19) {
            memcpy(text + n, "zebra ", 6);
            n += 6;
        }
    }
    text[n] = '\0';
    memset(lists, 0, sizeof lists);
    assert_int_equal(dci_prefilter_scan(rs->prefilter, text, n, lists, rs->nslots, &total,
                                        1000, NULL), 0);
    assert_int_equal(lists[x].n, 100);
    assert_int_equal(lists[z].n, 5);
    assert_int_equal(total, 105);
    /* a first pass counts the hits: each list is allocated to its size once */
    assert_int_equal(lists[x].cap, 100);
    assert_int_equal(lists[z].cap, 5);
    assert_int_equal(lists[x].pos[25], 25 * 5 + 6);
    for (i = 0; i < rs->nslots; i++)
        free(lists[i].pos);
    memset(lists, 0, sizeof lists);
    total = 0;
    assert_int_equal(dci_prefilter_scan(rs->prefilter, text, n, lists, rs->nslots, &total, 50,
                                        NULL), 0);
    assert_true(lists[x].lost);
    assert_null(lists[x].pos);
    assert_false(lists[z].lost);
    assert_int_equal(lists[z].n, 5);
    assert_int_equal(lists[z].cap, 5);
    assert_int_equal(total, 5);
    for (i = 0; i < rs->nslots; i++)
        free(lists[i].pos);
    free(text);
    digicheck_ruleset_free(rs);
}

/* Counts the start positions a search tried (see dci_matcher). */
static int count_bytes(void *arg, size_t bytes)
{
    *(size_t *)arg += bytes;
    return 0;
}

/* The report of text[0..n) checked with rs by a new checker *c; with
 * tried, the start positions its searches try are added to *tried. */
static digicheck_report *check_text(const digicheck_ruleset *rs, const char *text, size_t n,
                                    digicheck_checker **c, size_t *tried)
{
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_draft_parse(&d, text, n, "x.txt", DIGICHECK_FORMAT_TEXT, &err),
                     DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(c, rs, &err), DIGICHECK_OK);
    if (tried) {
        (*c)->m.poll = count_bytes;
        (*c)->m.poll_arg = tried;
    }
    assert_int_equal(digicheck_check(*c, d, &r, &err), DIGICHECK_OK);
    digicheck_draft_free(d);
    return r;
}

/* A case-sensitive X-word, whose literal folds to every "x" of a draft of
 * x: past the hits a slot keeps, the pattern is searched in full, with
 * the findings the hits would give. */
static void test_prefilter__flooded_slot(void **state)
{
    digicheck_ruleset *rs = one_rule("'(?-i:\\bX[a-z]+\\b)'");
    size_t n = 0, i, k = 0, want[3];
    char *text = malloc(1000 * 400 + 1);
    digicheck_checker *c = NULL;
    digicheck_report *r;

    (void)state;
    assert_non_null(rs);
    assert_non_null(text);
    for (i = 0; i < 1000; i++) {            /* sentences of x, three X-words far apart */
        if (i == 2 || i == 375 || i == 750) {
            want[k++] = n + 4;
            n += (size_t)sprintf(text + n, "Das Xylophon klingt. ");
            continue;
        }
        n += (size_t)sprintf(text + n, "Ein ");
        for (size_t j = 0; j < 190; j++)
            n += (size_t)sprintf(text + n, "x ");
        n += (size_t)sprintf(text + n, "x. ");
    }
    r = check_text(rs, text, n, &c, NULL);
    assert_int_equal(digicheck_report_count(r), 3);
    /* the fallback: the slot of the X-word lost its hits */
    assert_true(c->search.lists[rs->rules[0].match[0].slot].lost);
    for (i = 0; i < 3; i++)
        assert_int_equal(digicheck_finding_offset(digicheck_report_get(r, i)), want[i]);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(text);
}

/* The report of n sentences "Xylo. " checked for a word starting "xylo",
 * each a finding; *rs and *c are made for it. */
static digicheck_report *check_xylo(size_t n, digicheck_ruleset **rs, digicheck_checker **c)
{
    char *text = malloc(n * 6 + 1);
    digicheck_report *r;
    size_t i;

    *rs = one_rule("'\\bxylo\\w*'");
    assert_non_null(*rs);
    assert_non_null(text);
    for (i = 0; i < n; i++)
        memcpy(text + 6 * i, "Xylo. ", 6);
    text[n * 6] = '\0';
    r = check_text(*rs, text, n * 6, c, NULL);
    assert_int_equal(digicheck_report_count(r), n);
    free(text);
    return r;
}

/* The hits of a draft take at most half a byte per byte of it (and 64 KiB
 * for a small one): a sentence hit every 6 bytes is past that, and is
 * searched in full, with every finding. */
static void test_prefilter__hits_take_half_a_byte_per_byte(void **state)
{
    digicheck_ruleset *rs;
    digicheck_checker *c = NULL;
    digicheck_report *r;
    size_t n = 80000;

    (void)state;
    assert_true(DCI_PREFILTER_MOST(n * 6) < n);
    r = check_xylo(n, &rs, &c);
    assert_true(c->search.lists[rs->rules[0].match[0].slot].lost);
    assert_true(c->search.nkept <= DCI_PREFILTER_MOST(n * 6));
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

/* A draft's hits are kept while it is checked and released after: a
 * checker between drafts holds no large list. */
static void test_prefilter__hits_released(void **state)
{
    digicheck_ruleset *rs;
    digicheck_checker *c = NULL;
    digicheck_report *r;
    size_t i;

    (void)state;
    r = check_xylo(10000, &rs, &c);
    assert_false(c->search.lists[rs->rules[0].match[0].slot].lost);
    for (i = 0; i < c->search.lists_cap; i++)
        assert_true(c->search.lists[i].cap <= 4096);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
}

/* A trigger of the whole draft whose literal lies so far after the start
 * of a match (800 bytes and 30 words and spaces) that no window serves
 * every search: with one hit in a long draft, the search of the draft
 * tries the starts before that hit, not every start up to the match. */
static void test_prefilter__far_literal_few_hits(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(
        "digicheck: 1\nid: t\ntitle: T\nprinciples: [{id: P1, title: Eins}]\nrules:\n",
        "  - {id: a, type: absence, principle: P1, category: it-security, severity: info,\n"
        "     message: m, scope: document, absent: ['\\bSicherheit\\b'],\n"
        "     when: {match: ['[^.;]{0,200}?(?:\\w+\\s+){0,30}geführt\\b']}}\n");
    size_t n = 0, i, tried = 0;
    char *text = malloc(2000 * 40);
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;

    (void)state;
    assert_non_null(rs);
    assert_non_null(text);
    for (i = 0; i < 2000; i++)
        n += (size_t)sprintf(text + n, i == 1500 ? "Die Akte wird dort geführt. "
                                                 : "Die Behörde prüft den Antrag. ");
    r = check_text(rs, text, n, &c, &tried);
    assert_int_equal(digicheck_report_count(r), 1);
    /* a full search tries the 45,000 starts before the match */
    assert_true(tried < 4096);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(text);
}

/* A window reaches back as many characters as a match may take before its
 * literal, not 4 bytes for each ("[^.;]{0,40}" is 160 bytes, 40
 * characters): in ASCII text it tries a quarter of the starts, and a match
 * of 2-byte characters still starts at its first. */
static void test_prefilter__reach_in_characters(void **state)
{
    digicheck_ruleset *rs = one_rule("'[^.;]{0,40}Antrag(?=\\s+abgelehnt)'");
    size_t n = 0, i, k, tried = 0;
    char *text = malloc(50 * 220);
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    const char *m;

    (void)state;
    assert_non_null(rs);
    assert_non_null(text);
    for (i = 0; i < 50; i++) {
        for (k = 0; k < 60; k++)
            n += (size_t)sprintf(text + n, "ab ");
        if (i < 49)
            n += (size_t)sprintf(text + n, "Antrag geprüft. ");
    }
    for (k = 0; k < 40; k++)
        n += (size_t)sprintf(text + n, "\xC3\xA4");
    n += (size_t)sprintf(text + n, "Antrag abgelehnt.\n");
    r = check_text(rs, text, n, &c, &tried);
    assert_int_equal(digicheck_report_count(r), 1);
    m = digicheck_finding_match(digicheck_report_get(r, 0));
    assert_int_equal(strlen(m), 40 * 2 + 6);
    assert_memory_equal(m, "\xC3\xA4\xC3\xA4", 4);
    /* 49 windows of 41 starts without a match; of 161 in bytes */
    assert_true(tried <= 49 * 41);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_ruleset_free(rs);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefilter__twins),
        cmocka_unit_test(test_prefilter__plan),
        cmocka_unit_test(test_prefilter__large_automaton),
        cmocka_unit_test(test_prefilter__hit_limit),
        cmocka_unit_test(test_prefilter__flooded_slot),
        cmocka_unit_test(test_prefilter__hits_take_half_a_byte_per_byte),
        cmocka_unit_test(test_prefilter__hits_released),
        cmocka_unit_test(test_prefilter__far_literal_few_hits),
        cmocka_unit_test(test_prefilter__reach_in_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
