/*
 * justify.c -- justifications of findings: a drafter accepts a finding with
 * a reason, and the finding stays in the report, marked, with the reason
 * (the official documentation asks for a Begründung exactly there).
 *
 * This module reads a `justifications:` list (of a draft description or a
 * record file), the inline markers among a text draft's HTML comments
 * (segment.c finds the comments), and checks that each names a rule of the
 * rule set; the draft keeps them (draft.c). After a check, accept.c
 * matches them to the report's findings.
 */
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "yaml.h"
#include "ruleset.h"
#include "draft.h"
#include "justify.h"

static const char *const source_names[] = { "description", "record", "inline", "api", NULL };
const dci_names dci_just_sources = { DCI_JUST_DESCRIPTION, source_names, NULL };

/* ---- a `justifications:` list ------------------------------------------------ */

static const char *const entry_keys[] = { "rule", "at", "reason", "by", NULL };

/* The scalar value of key in entry m, trimmed, into *out (NULL if absent). */
static int entry_string(const dci_yaml_node *m, const char *key, const char *file,
                        dci_arena *arena, const char **out, digicheck_error *err)
{
    const dci_yaml_node *at = dci_yaml_map_get(m, key), *v = dci_yaml_deref(at);
    const char *s;
    size_t len;

    *out = NULL;
    if (!at)
        return DIGICHECK_OK;
    if (v->kind != DCI_YAML_SCALAR || dci_yaml_is_null(v))
        return dci_error(err, DIGICHECK_ESCHEMA, file, at->line, at->column,
                         "expected a non-empty string for '%s' of a justification, found %s",
                         key, dci_yaml_describe(v));
    for (s = v->str, len = v->len; len && strchr(" \t\r\n", *s); s++, len--)
        ;
    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    if (!len)
        return dci_error(err, DIGICHECK_ESCHEMA, file, at->line, at->column,
                         "the '%s' of a justification is empty", key);
    if (!(*out = dci_arena_strndup(arena, s, len)))
        return dci_error(err, DIGICHECK_ENOMEM, file, 0, 0,
                         "out of memory reading justifications");
    return DIGICHECK_OK;
}

/* `at`: a line number when it is all digits, else a path. */
static void read_at(dci_justification *j, const char *at)
{
    size_t i;
    long line = 0;

    j->at = at ? at : "";
    if (!at || !*at)
        return;
    for (i = 0; at[i] >= '0' && at[i] <= '9' && line < 100000000L; i++)
        line = line * 10 + (at[i] - '0');
    if (!at[i] && line > 0) {
        j->at = NULL;
        j->at_line = line;
    }
}

static int read_entry(const dci_yaml_node *item, int source, const char *file, dci_arena *arena,
                      dci_justification *j, digicheck_error *err)
{
    const dci_yaml_node *m = dci_yaml_deref(item);
    const char *at;
    size_t i, k;
    int rc;

    if (m->kind != DCI_YAML_MAPPING)
        return dci_error(err, DIGICHECK_ESCHEMA, file, item->line, item->column,
                         "expected a justification {rule, at, reason, by}, found %s",
                         dci_yaml_describe(m));
    for (i = 0; i < m->npairs; i++) {
        const dci_yaml_node *key = dci_yaml_deref(m->pairs[i].key);
        for (k = 0; entry_keys[k] && strcmp(key->str ? key->str : "", entry_keys[k]); k++)
            ;
        if (!entry_keys[k])
            return dci_error(err, DIGICHECK_ESCHEMA, file, key->line, key->column,
                             "unknown key '%s' in a justification (allowed: rule, at, reason, "
                             "by)", key->str ? key->str : "?");
    }
    memset(j, 0, sizeof *j);
    j->source = source;
    j->file = file;
    j->line = item->line;
    j->column = item->column;
    if ((rc = entry_string(m, "rule", file, arena, &j->rule, err)) ||
        (rc = entry_string(m, "at", file, arena, &at, err)) ||
        (rc = entry_string(m, "reason", file, arena, &j->reason, err)) ||
        (rc = entry_string(m, "by", file, arena, &j->by, err)))
        return rc;
    if (!j->rule || !j->reason)
        return dci_error(err, DIGICHECK_ESCHEMA, file, item->line, item->column,
                         "a justification needs '%s' (and names its place with 'at')",
                         j->rule ? "reason" : "rule");
    read_at(j, at);
    return DIGICHECK_OK;
}

int dci_justifications_read(const dci_yaml_node *node, int source, const char *file,
                            dci_arena *arena, dci_justification **out, size_t *n,
                            digicheck_error *err)
{
    const dci_yaml_node *l = dci_yaml_deref(node);
    size_t i;
    int rc;

    *out = NULL;
    *n = 0;
    if (!node || (l->kind == DCI_YAML_SCALAR && dci_yaml_is_null(l)))
        return DIGICHECK_OK;
    if (l->kind != DCI_YAML_SEQUENCE)
        return dci_error(err, DIGICHECK_ESCHEMA, file, node->line, node->column,
                         "expected a list of justifications for 'justifications', found %s",
                         dci_yaml_describe(l));
    if (!l->nitems)
        return DIGICHECK_OK;
    if (!(file = dci_arena_strdup(arena, file)) ||
        !(*out = dci_arena_calloc(arena, l->nitems * sizeof **out)))
        return dci_error(err, DIGICHECK_ENOMEM, "", 0, 0, "out of memory reading justifications");
    for (i = 0; i < l->nitems; i++)
        if ((rc = read_entry(l->items[i], source, file, arena, &(*out)[i], err))) {
            *out = NULL;
            return rc;
        }
    *n = l->nitems;
    return DIGICHECK_OK;
}

int dci_justifications_check(const digicheck_ruleset *rs, const dci_justification *j, size_t n,
                             digicheck_error *err)
{
    size_t i, k, near;

    for (i = 0; i < n; i++) {
        k = dci_ruleset_find_rule(rs, j[i].rule);
        if (k != (size_t)-1 && rs->rules[k].type == DCI_RULE_QUESTION)
            return dci_error(err, DIGICHECK_ESCHEMA, j[i].file, j[i].line, j[i].column,
                             "'%s' is a question: answer it instead of justifying it",
                             j[i].rule);
        if (k != (size_t)-1)
            continue;
        near = dci_ruleset_closest_rule(rs, j[i].rule);
        if (near != (size_t)-1)
            return dci_error(err, DIGICHECK_ESCHEMA, j[i].file, j[i].line, j[i].column,
                             "justification of unknown rule '%s'; did you mean '%s'?",
                             j[i].rule, rs->rules[near].id);
        return dci_error(err, DIGICHECK_ESCHEMA, j[i].file, j[i].line, j[i].column,
                         "justification of unknown rule '%s' (see 'digicheck rules')",
                         j[i].rule);
    }
    return DIGICHECK_OK;
}

int digicheck_draft_justify(digicheck_draft *d, const char *rule_id, const char *at,
                            const char *reason, const char *by, digicheck_error *err)
{
    dci_justification j;

    if (!d)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'd' is NULL");
    if (!rule_id || !*rule_id || !reason || !*reason)
        return dci_error(err, DIGICHECK_EINVAL, d->name, 0, 0, "argument '%s' is NULL or empty",
                         !rule_id || !*rule_id ? "rule_id" : "reason");
    memset(&j, 0, sizeof j);
    j.rule = rule_id;
    j.reason = reason;
    j.by = by && *by ? by : NULL;
    j.source = DCI_JUST_API;
    j.file = d->name;
    read_at(&j, at);
    if (dci_draft_justify(d, &j))
        return dci_error(err, DIGICHECK_ENOMEM, d->name, 0, 0,
                         "out of memory recording a justification");
    return DIGICHECK_OK;
}

/* ---- inline markers ---------------------------------------------------------------- */

#define MARKER_FORM "<!-- digicheck: RULE-ID: reason -->"
#define PI_FORM "<?digicheck RULE-ID: reason?>"

static const char *skip_blank(const char *p, const char *e)
{
    while (p < e && strchr(" \t\r\n", *p))
        p++;
    return p;
}

static const char *trim_back(const char *p, const char *e)
{
    while (e > p && strchr(" \t\r\n", e[-1]))
        e--;
    return e;
}

/* The provision after view offset v: the Absatz or Satz that starts first
 * at or after it (an Absatz before a Satz of the same start), or -1. */
static long next_provision(const digicheck_draft *d, size_t v)
{
    static const int kinds[] = { DCI_UNIT_ABSATZ, DCI_UNIT_SATZ };
    long best = -1;
    size_t k, i;

    for (k = 0; k < 2; k++)
        for (i = 0; i < d->nby_kind[kinds[k]]; i++) {
            const dci_unit *u = &d->units[d->by_kind[kinds[k]][i]];
            if (u->start < v)
                continue;
            if (best < 0 || u->start < d->units[best].start)
                best = (long)d->by_kind[kinds[k]][i];
            break;
        }
    return best;
}

/* Reads one comment; *j is filled for a marker (j->rule set), else left. */
static int read_marker(digicheck_draft *d, const dci_comment *c, dci_arena *tmp,
                       dci_justification *j, digicheck_error *err)
{
    /* a processing instruction of an XML draft, or an HTML comment */
    int pi = d->src[c->start + 1] == '?';
    const char *p = d->src + c->start + (pi ? 2 : 4), *e = d->src + c->end, *id, *ide, *colon;
    const char *tail = pi ? "?>" : "-->";
    size_t tlen = strlen(tail);
    long line, column;

    if ((size_t)(e - p) >= tlen && memcmp(e - tlen, tail, tlen) == 0)
        e -= tlen;
    p = skip_blank(p, e);
    if ((size_t)(e - p) < 9 || memcmp(p, "digicheck", 9) != 0)
        return DIGICHECK_OK;
    dci_draft_linecol(d, c->start, &line, &column);
    line += d->line_base;
    column += line == 1 + d->line_base ? d->col_base : 0;
    p = skip_blank(p + 9, e);
    /* the comment's "digicheck:", or the instruction's target "digicheck" */
    id = p < e && *p == ':' ? skip_blank(p + 1, e) : pi ? p : NULL;
    colon = id ? memchr(id, ':', (size_t)(e - id)) : NULL;
    ide = colon ? trim_back(id, colon) : NULL;
    if (!colon || ide == id || memchr(id, ' ', (size_t)(ide - id)) ||
        trim_back(colon + 1, e) == skip_blank(colon + 1, e))
        return dci_error(err, DIGICHECK_ESCHEMA, d->name, line, column,
                         "malformed digicheck %s: write %s (a rule id and a reason) before "
                         "the provision it accepts", pi ? "processing instruction" : "comment",
                         pi ? PI_FORM : MARKER_FORM);
    memset(j, 0, sizeof *j);
    j->source = DCI_JUST_INLINE;
    j->file = d->name;
    j->line = line;
    j->column = column;
    j->vpos = c->vpos;
    j->rule = dci_arena_strndup(tmp, id, (size_t)(ide - id));
    p = skip_blank(colon + 1, e);
    j->reason = dci_arena_strndup(tmp, p, (size_t)(trim_back(p, e) - p));
    if (!j->rule || !j->reason)
        return dci_error(err, DIGICHECK_ENOMEM, d->name, 0, 0, "out of memory reading markers");
    return DIGICHECK_OK;
}

int dci_justify_inline(digicheck_draft *d, const dci_comment *c, size_t n,
                       digicheck_error *err)
{
    dci_arena tmp = {0};
    dci_buf path = {0};
    size_t i;
    int rc = DIGICHECK_OK;

    for (i = 0; i < n && rc == DIGICHECK_OK; i++) {
        dci_justification j;
        long u;
        j.rule = NULL;
        if ((rc = read_marker(d, &c[i], &tmp, &j, err)) || !j.rule)
            continue;
        j.at = NULL;
        if ((u = next_provision(d, c[i].vpos)) >= 0) {
            path.len = 0;
            dci_draft_path(d, (size_t)u, &path);
            j.at = path.oom ? NULL : path.data ? path.data : "";
            j.vpos = d->units[u].start;
        }
        if (path.oom || dci_draft_justify(d, &j))
            rc = dci_error(err, DIGICHECK_ENOMEM, d->name, 0, 0,
                           "out of memory reading markers");
    }
    dci_buf_free(&path);
    dci_arena_free(&tmp);
    return rc;
}
