/*
 * record.c -- record files (digicheck_record): what a drafter has recorded
 * for the drafts of a batch, read once, checked against the rule set and
 * applied to each draft. A record holds answers to the rule set's questions,
 * flat or nested under `answers:` as a description writes them:
 *
 *     vp.it-system: ja        # flat
 *
 *     answers:                # nested; justifications will stand beside it
 *       vp.it-system: ja
 *
 * An answer may come with its Begründung, `P5: {answer: nicht relevant,
 * begruendung: "…"}`; a principle's id takes its rating (yes, no,
 * not-relevant), and the method requires a Begründung for no and
 * not-relevant. The mapping itself is read by answers.c, the one reader of
 * answers; this module owns the file's shapes and the checks that need the
 * rule set, which also serve the answers of a draft description
 * (digicheck_draft_check_answers).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dci.h"
#include "yaml.h"
#include "json.h"
#include "answers.h"
#include "ruleset.h"
#include "draft.h"

struct digicheck_record {
    dci_arena arena;                /* the answers and their strings */
    dci_answer *answers; size_t nanswers;
};

/* The answers every question takes (dci_answer_canonical's forms). */
static const char *const standard[] = { "yes", "no", "unsure" };
#define NSTANDARD (sizeof standard / sizeof standard[0])

/* The keys of the nested shape. */
static const char *const record_keys[] = { "answers", NULL };

/* Is the document the nested shape (a mapping with a key of record_keys)? */
static int is_nested(const dci_yaml_node *root)
{
    size_t i;

    for (i = 0; record_keys[i]; i++)
        if (dci_yaml_map_get(root, record_keys[i]))
            return 1;
    return 0;
}

/* In the nested shape, every key must be one of record_keys. */
static int check_nested_keys(const dci_yaml_node *root, const char *path, digicheck_error *err)
{
    size_t i, j;

    for (i = 0; i < root->npairs; i++) {
        const dci_yaml_node *k = dci_yaml_deref(root->pairs[i].key);
        for (j = 0; record_keys[j] && strcmp(k->str ? k->str : "", record_keys[j]); j++)
            ;
        if (!record_keys[j])
            return dci_error(err, DIGICHECK_ESCHEMA, path, k->line, k->column,
                             "unknown key '%s' in a record file with 'answers:' (allowed: "
                             "answers)", k->str ? k->str : "?");
    }
    return DIGICHECK_OK;
}

/* The answers of the document, in either shape. */
static int read_document(digicheck_record *rec, const dci_yaml_node *root, const char *path,
                         digicheck_error *err)
{
    const dci_yaml_node *m = dci_yaml_deref(root);
    int rc;

    if (!root || (m->kind == DCI_YAML_SCALAR && dci_yaml_is_null(m)))
        return DIGICHECK_OK;                /* an empty file records nothing */
    if (m->kind == DCI_YAML_SCALAR && strchr(m->str, '='))
        return dci_error(err, DIGICHECK_ESCHEMA, path, root->line, root->column,
                         "expected 'question: answer' (YAML), found '%.60s'", m->str);
    if (m->kind == DCI_YAML_MAPPING && is_nested(m)) {
        if ((rc = check_nested_keys(m, path, err)))
            return rc;
        return dci_answers_read(dci_yaml_map_get(m, "answers"), "'answers'", path,
                                &rec->arena, &rec->answers, &rec->nanswers, err);
    }
    return dci_answers_read(root, "a record file", path, &rec->arena, &rec->answers,
                            &rec->nanswers, err);
}

/* The answer a question allows that a is (after dci_answer_canonical, in
 * any case), or NULL. */
static const char *allowed(const dci_rule *q, const char *a)
{
    size_t i;

    a = dci_answer_canonical(a);
    for (i = 0; i < q->nanswers; i++)
        if (strcasecmp(q->answers[i], a) == 0)
            return q->answers[i];
    return NULL;
}

/* An id that is no question rule may still be one the rule set asks about
 * in a condition (`when: {answers: …}`, `applies_when`). Returns 0 when no
 * rule names it, else 1, with *ok saying whether answer is a standard one
 * (yes, no, unsure) or one a condition names. */
static int named_in_conditions(const digicheck_ruleset *rs, const char *id, const char *answer,
                               int *ok)
{
    const char *a = dci_answer_canonical(answer);
    size_t i, k;
    int named = 0;

    *ok = 0;
    for (k = 0; k < NSTANDARD; k++)
        *ok |= strcasecmp(a, standard[k]) == 0;
    for (i = 0; i < rs->nrules; i++)
        for (k = 0; k < rs->rules[i].nwhen_answers; k++) {
            const dci_answer_cond *c = &rs->rules[i].when_answers[k];
            if (strcmp(c->question, id) != 0)
                continue;
            named = 1;
            *ok |= strcasecmp(a, dci_answer_canonical(c->answer)) == 0;
        }
    return named;
}

static int unknown_question(const dci_answer *a, const digicheck_ruleset *rs, const char *path,
                            digicheck_error *err)
{
    size_t near = dci_ruleset_closest_rule(rs, a->question);

    if (near != (size_t)-1 && rs->rules[near].type == DCI_RULE_QUESTION)
        return dci_error(err, DIGICHECK_ESCHEMA, path, a->line, a->column,
                         "unknown question '%s'; did you mean '%s'?", a->question,
                         rs->rules[near].id);
    return dci_error(err, DIGICHECK_ESCHEMA, path, a->line, a->column,
                     "unknown question '%s' (see 'digicheck rules' for the questions of the "
                     "rule set)", a->question);
}

static int not_allowed(const dci_answer *a, const char *const *answers, size_t n,
                       const char *path, digicheck_error *err)
{
    char list[300];
    size_t k;

    list[0] = '\0';
    for (k = 0; k < n; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
                 answers[k]);
    return dci_error(err, DIGICHECK_ESCHEMA, path, a->value_line, a->value_column,
                     "the answer '%.100s' to question '%s' is not one it allows (%s)",
                     a->answer, a->question, list);
}

/* The ratings of a principle: "Ja, gänzlich oder teilweise", "Nein", "Nicht
 * relevant" (DOMAIN.md §3.1). */
static const char *const ratings[] = { "yes", "no", "not-relevant" };

/* A principle's rating: one of ratings, with a Begründung unless yes. */
static int check_rating(const dci_answer *a, const char *path, digicheck_error *err)
{
    const char *r = dci_answer_canonical(a->answer);
    size_t k;

    for (k = 0; k < 3 && strcasecmp(r, ratings[k]) != 0; k++)
        ;
    if (k == 3)
        return dci_error(err, DIGICHECK_ESCHEMA, path, a->value_line, a->value_column,
                         "the rating '%.100s' of principle '%s' is not one it allows (yes, no, "
                         "not-relevant: Ja, gänzlich oder teilweise; Nein; Nicht relevant)",
                         a->answer, a->question);
    if (k > 0 && !a->reason)
        return dci_error(err, DIGICHECK_ESCHEMA, path, a->value_line, a->value_column,
                         "the rating '%s' of principle '%s' needs a Begründung: write '%s: "
                         "{answer: %s, begruendung: \"…\"}'", ratings[k], a->question,
                         a->question, ratings[k]);
    return DIGICHECK_OK;
}

/* Is id the id of a principle of rs? */
static int is_principle(const digicheck_ruleset *rs, const char *id)
{
    size_t i;

    for (i = 0; i < rs->nprinciples; i++)
        if (strcmp(rs->principles[i].id, id) == 0)
            return 1;
    return 0;
}

/* Each answer names a question of rs (a question rule, or an id a
 * condition asks about) and is one it allows; or it rates a principle. */
static int check_answer(const dci_answer *a, const digicheck_ruleset *rs, const char *path,
                        digicheck_error *err)
{
    size_t i = dci_ruleset_find_rule(rs, a->question);
    const dci_rule *q = i != (size_t)-1 ? &rs->rules[i] : NULL;
    int ok;

    if (!q && is_principle(rs, a->question))
        return check_rating(a, path, err);
    if (q && q->type != DCI_RULE_QUESTION)
        return dci_error(err, DIGICHECK_ESCHEMA, path, a->line, a->column,
                         "'%s' is a rule, not a question; only questions take answers",
                         a->question);
    if (q)
        return allowed(q, a->answer) ? DIGICHECK_OK
                                     : not_allowed(a, q->answers, q->nanswers, path, err);
    if (!named_in_conditions(rs, a->question, a->answer, &ok))
        return unknown_question(a, rs, path, err);
    return ok ? DIGICHECK_OK : not_allowed(a, standard, NSTANDARD, path, err);
}

static int read_record(digicheck_record *rec, const digicheck_ruleset *rs, const char *path,
                       digicheck_error *err)
{
    size_t n = strlen(path), i;
    int json = n >= 5 && strcasecmp(path + n - 5, ".json") == 0;
    dci_yaml_doc doc;
    char *buf = NULL;
    size_t len = 0;
    int rc;

    memset(&doc, 0, sizeof doc);
    rc = dci_read_file(&buf, &len, path, (size_t)DIGICHECK_LIMIT_RULE_FILE_SIZE, err);
    if (rc == DIGICHECK_OK)
        rc = json ? dci_json_parse(&doc, buf, len, path, NULL, err)
                  : dci_yaml_parse(&doc, buf, len, path, NULL, err);
    if (rc == DIGICHECK_OK)
        rc = read_document(rec, doc.root, path, err);
    for (i = 0; rc == DIGICHECK_OK && i < rec->nanswers; i++)
        rc = check_answer(&rec->answers[i], rs, path, err);
    dci_yaml_free(&doc);
    dci_free(buf);
    return rc;
}

int digicheck_record_load(digicheck_record **out, const digicheck_ruleset *rs,
                          const char *path, digicheck_error *err)
{
    digicheck_record *rec;
    int rc;

    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, path ? path : "", 0, 0,
                         "argument 'out' is NULL");
    *out = NULL;
    if (!rs || !path)
        return dci_error(err, DIGICHECK_EINVAL, path ? path : "", 0, 0, "argument '%s' is NULL",
                         rs ? "path" : "rs");
    if (!(rec = dci_malloc(sizeof *rec)))
        return dci_error(err, DIGICHECK_ENOMEM, path, 0, 0, "out of memory reading a record");
    memset(rec, 0, sizeof *rec);
    if ((rc = read_record(rec, rs, path, err))) {
        digicheck_record_free(rec);
        return rc;
    }
    *out = rec;
    return DIGICHECK_OK;
}

int digicheck_record_apply(const digicheck_record *rec, digicheck_draft *d,
                           digicheck_error *err)
{
    size_t i;
    int rc;

    if (!rec || !d)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument '%s' is NULL",
                         rec ? "d" : "rec");
    for (i = 0; i < rec->nanswers; i++) {
        const dci_answer *a = &rec->answers[i];
        if ((rc = digicheck_draft_set_answer(d, a->question, a->answer, err)) ||
            (a->reason && (rc = digicheck_draft_set_reason(d, a->question, a->reason, err))))
            return rc;
    }
    return DIGICHECK_OK;
}

int digicheck_draft_check_answers(const digicheck_draft *d, const digicheck_ruleset *rs,
                                  digicheck_error *err)
{
    size_t i;
    int rc;

    if (!d || !rs)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument '%s' is NULL",
                         d ? "rs" : "d");
    for (i = 0; i < d->ndescribed; i++)
        if ((rc = check_answer(&d->described[i], rs, d->described_in, err)))
            return rc;
    return DIGICHECK_OK;
}

size_t digicheck_record_answer_count(const digicheck_record *rec)
{
    return rec ? rec->nanswers : 0;
}

void digicheck_record_free(digicheck_record *rec)
{
    if (!rec)
        return;
    dci_arena_free(&rec->arena);
    dci_free(rec);
}
