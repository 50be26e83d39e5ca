/*
 * answers.c -- the answers file of `digicheck check --answers`: the answers
 * to the check questions (Vorprüfung and Praxischeck) that hold for every
 * draft of the batch.
 *
 *     # Vorprüfung
 *     vp.it-system: yes
 *     vp.eu-bezug: "no"
 *
 * A flat YAML mapping is all it takes; "question=answer" lines are read as
 * well. Anything else is an error with its line and column.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static char *trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

/* Removes matching quotes around s; returns NULL when a quote is unclosed. */
static char *unquote(char *s)
{
    size_t n = strlen(s);

    if (n && (s[0] == '"' || s[0] == '\'')) {
        if (n < 2 || s[n - 1] != s[0])
            return NULL;
        s[n - 1] = '\0';
        return s + 1;
    }
    return s;
}

static int add(cli_answers *a, const char *q, const char *v)
{
    cli_answer *items = realloc(a->items, (a->n + 1) * sizeof *items);

    if (!items)
        return -1;
    a->items = items;
    items[a->n].question = strdup(q);
    items[a->n].answer = strdup(v);
    if (!items[a->n].question || !items[a->n].answer) {
        free(items[a->n].question);
        free(items[a->n].answer);
        return -1;
    }
    a->n++;
    return 0;
}

int cli_answers_read(cli_answers *a, const char *path)
{
    FILE *fp = fopen(path, "r");
    char line[4096];
    long lineno = 0;
    int rc = 0;

    memset(a, 0, sizeof *a);
    if (!fp) {
        fprintf(stderr, "digicheck: %s: cannot open the answers file: %s\n", path,
                strerror(errno));
        return -1;
    }
    while (rc == 0 && fgets(line, sizeof line, fp)) {
        char *s = trim(line), *sep, *q, *v;
        lineno++;
        if (!*s || *s == '#' || strcmp(s, "---") == 0)
            continue;
        sep = strpbrk(s, ":=");
        if (!sep) {
            fprintf(stderr, "%s:%ld:1: expected 'question: answer', found '%s'\n", path,
                    lineno, s);
            rc = -1;
            break;
        }
        *sep = '\0';
        q = trim(s);
        v = unquote(trim(sep + 1));
        if (!*q || strpbrk(q, " \t\"'")) {
            fprintf(stderr, "%s:%ld:1: '%s' is not a question id (e.g. vp.it-system)\n",
                    path, lineno, q);
            rc = -1;
        } else if (!v || !*v) {
            fprintf(stderr, "%s:%ld:%ld: question '%s' has %s answer\n", path, lineno,
                    (long)(sep - line) + 2, q, v ? "an empty" : "an unclosed quote in its");
            rc = -1;
        } else if (add(a, q, v) != 0) {
            fprintf(stderr, "digicheck: out of memory reading %s\n", path);
            rc = -1;
        }
    }
    if (rc == 0 && ferror(fp)) {
        fprintf(stderr, "digicheck: %s: read error: %s\n", path, strerror(errno));
        rc = -1;
    }
    fclose(fp);
    if (rc)
        cli_answers_free(a);
    return rc;
}

void cli_answers_free(cli_answers *a)
{
    size_t i;

    for (i = 0; i < a->n; i++) {
        free(a->items[i].question);
        free(a->items[i].answer);
    }
    free(a->items);
    memset(a, 0, sizeof *a);
}
