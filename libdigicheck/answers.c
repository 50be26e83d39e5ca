/*
 * answers.c -- the one reader of answers to questions: a YAML or JSON
 * mapping of question ids to answers, as draft descriptions (`answers:`),
 * rule sets (`applies_when: {answers: …}`) and record files write it.
 *
 *     answers:
 *       vp.it-system: ja        # a comment, as anywhere in YAML
 *       vp.eu-bezug: "no"
 *       P5: {answer: nicht relevant, begruendung: "Es werden keine Daten verarbeitet."}
 *
 * It checks the shape only: whether an id names a question of a rule set,
 * and whether the question allows the answer, is for the reader that knows
 * the rule set (record.c; the checker for a description's answers). The
 * canonical form of an answer ("ja" is "yes") is made here too, for every
 * module that compares answers.
 */
#include <string.h>
#include <strings.h>

#include "dci.h"
#include "answers.h"

/* The scalar s of n without the white space around it (a folded block
 * scalar ends in a line break), copied into arena; "" for a null. */
static const char *trimmed(const dci_yaml_node *n, dci_arena *arena)
{
    const char *s = n->str;
    size_t len = n->len;

    while (len && strchr(" \t\r\n", s[0]))
        s++, len--;
    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    return dci_arena_strndup(arena, s, len);
}

/* The answer and its Begründung written as a mapping {answer, begruendung}:
 * *v becomes the answer's node, a->reason the Begründung. */
static int read_with_reason(const dci_yaml_node **v, const char *source, dci_arena *arena,
                            dci_answer *a, digicheck_error *err)
{
    const dci_yaml_node *m = *v, *answer = NULL, *reason = NULL;
    size_t i;

    for (i = 0; i < m->npairs; i++) {
        const dci_yaml_node *k = dci_yaml_deref(m->pairs[i].key);
        const char *name = k->kind == DCI_YAML_SCALAR ? k->str : "";
        if (strcmp(name, "answer") == 0)
            answer = m->pairs[i].value;
        else if (strcmp(name, "begruendung") == 0 || strcmp(name, "reason") == 0)
            reason = m->pairs[i].value;
        else
            return dci_error(err, DIGICHECK_ESCHEMA, source, k->line, k->column,
                             "unknown key '%s' in the answer to '%s' (allowed: answer, "
                             "begruendung)", name, a->question);
    }
    if (!answer)
        return dci_error(err, DIGICHECK_ESCHEMA, source, m->line, m->column,
                         "the answer to '%s' needs 'answer'", a->question);
    if (reason) {
        const dci_yaml_node *r = dci_yaml_deref(reason);
        if (r->kind != DCI_YAML_SCALAR || dci_yaml_is_null(r) || !*r->str)
            return dci_error(err, DIGICHECK_ESCHEMA, source, reason->line, reason->column,
                             "the Begründung of '%s' is not a non-empty string", a->question);
        if (!(a->reason = trimmed(r, arena)))
            return dci_error(err, DIGICHECK_ENOMEM, source, 0, 0, "out of memory reading answers");
    }
    *v = answer;
    return DIGICHECK_OK;
}

static int read_one(const dci_yaml_pair *p, const char *where, const char *source,
                    dci_arena *arena, dci_answer *a, digicheck_error *err)
{
    const dci_yaml_node *k = dci_yaml_deref(p->key), *v = dci_yaml_deref(p->value);
    const dci_yaml_node *at = p->value;
    int rc;

    if (k->kind != DCI_YAML_SCALAR || dci_yaml_is_null(k))
        return dci_error(err, DIGICHECK_ESCHEMA, source, p->key->line, p->key->column,
                         "expected a question id in %s, found %s", where, dci_yaml_describe(k));
    if (!(a->question = trimmed(k, arena)))
        return dci_error(err, DIGICHECK_ENOMEM, source, 0, 0, "out of memory reading answers");
    if (!*a->question || strpbrk(a->question, " \t\r\n\v\f"))
        return dci_error(err, DIGICHECK_ESCHEMA, source, p->key->line, p->key->column,
                         "invalid question id '%s' in %s: an id is a non-empty word without "
                         "spaces", a->question, where);
    if (v->kind == DCI_YAML_MAPPING) {
        if ((rc = read_with_reason(&at, source, arena, a, err)))
            return rc;
        v = dci_yaml_deref(at);
    }
    if (v->kind != DCI_YAML_SCALAR)
        return dci_error(err, DIGICHECK_ESCHEMA, source, at->line, at->column,
                         "expected a string for '%s' in %s, found %s", a->question,
                         where, dci_yaml_describe(v));
    if (!(a->answer = trimmed(v, arena)))
        return dci_error(err, DIGICHECK_ENOMEM, source, 0, 0, "out of memory reading answers");
    if (!*a->answer || dci_yaml_is_null(v))
        return dci_error(err, DIGICHECK_ESCHEMA, source, at->line, at->column,
                         "the answer to '%s' is empty", a->question);
    a->line = p->key->line;
    a->column = p->key->column;
    a->value_line = at->value_line;
    a->value_column = at->value_column;
    return DIGICHECK_OK;
}

int dci_answers_read(const dci_yaml_node *map, const char *where, const char *source,
                     dci_arena *arena, dci_answer **out, size_t *n, digicheck_error *err)
{
    const dci_yaml_node *m = dci_yaml_deref(map);
    size_t i;
    int rc;

    *out = NULL;
    *n = 0;
    if (!map)
        return DIGICHECK_OK;
    if (m->kind != DCI_YAML_MAPPING)
        return dci_error(err, DIGICHECK_ESCHEMA, source, map->line, map->column,
                         "expected a mapping of question ids to answers for %s, found %s",
                         where, dci_yaml_describe(m));
    if (!m->npairs)
        return DIGICHECK_OK;
    if (!(*out = dci_arena_calloc(arena, m->npairs * sizeof **out)))
        return dci_error(err, DIGICHECK_ENOMEM, source, 0, 0, "out of memory reading answers");
    for (i = 0; i < m->npairs; i++)
        if ((rc = read_one(&m->pairs[i], where, source, arena, &(*out)[i], err))) {
            *out = NULL;
            return rc;
        }
    *n = m->npairs;
    return DIGICHECK_OK;
}

const char *dci_answer_canonical(const char *a)
{
    static const char *const yes[] = { "yes", "ja", "true", "y", "j", NULL };
    static const char *const no[] = { "no", "nein", "false", "n", NULL };
    static const char *const unsure[] = { "unsure", "unsicher", "ich bin unsicher", NULL };
    /* the ratings of the documentation: "Ja, gänzlich oder teilweise", "Nicht relevant" */
    static const char *const not_relevant[] = {
        "not-relevant", "nicht relevant", "nicht-relevant", "not relevant", NULL
    };
    size_t i;

    if (strcasecmp(a, "ja, gänzlich oder teilweise") == 0 ||
        strcasecmp(a, "ja, gaenzlich oder teilweise") == 0)
        return "yes";
    for (i = 0; not_relevant[i]; i++)
        if (strcasecmp(a, not_relevant[i]) == 0)
            return "not-relevant";

    for (i = 0; yes[i]; i++)
        if (strcasecmp(a, yes[i]) == 0)
            return "yes";
    for (i = 0; no[i]; i++)
        if (strcasecmp(a, no[i]) == 0)
            return "no";
    for (i = 0; unsure[i]; i++)
        if (strcasecmp(a, unsure[i]) == 0)
            return "unsure";
    return a;
}
