/*
 * description.c -- draft descriptions: a YAML or JSON document that names
 * the text of a draft and what is known about it (DESIGN.md §3).
 *
 *     title: Entwurf eines Thüringer Gesetzes zur …
 *     kind: Gesetz            # Gesetz | Verordnung | Satzung | Verwaltungsvorschrift
 *     jurisdiction: Thüringen
 *     text_file: entwurf.md   # or text: | …  (exactly one of them)
 *     format: markdown        # optional: text | markdown (else from the name or content)
 *     answers: {vp.it-system: yes}
 *     facts: {…}              # free-form, for Lua rules
 *
 * text_file is read relative to the description's directory and may not
 * leave it (neither by its name nor through a symbolic link); findings then
 * point into that file, under its name. Inline text keeps the description's
 * name; for a literal block (`text: |`) its lines and columns are those of
 * the description file, for other scalars they count within the text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dci.h"
#include "yaml.h"
#include "draft.h"

static const char *const keys[] = {
    "title", "kind", "jurisdiction", "text", "text_file", "format", "answers", "facts", NULL
};
static const char *const kinds[] = {
    "Gesetz", "Verordnung", "Satzung", "Verwaltungsvorschrift", NULL
};

static int in(const char *s, const char *const *list)
{
    size_t i;

    for (i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* "a, b, c" of a NULL-terminated list, for messages. */
static void list_words(char *out, size_t cap, const char *const *list)
{
    size_t i, used = 0;

    out[0] = '\0';
    for (i = 0; list[i] && used < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? ", " : "", list[i]);
}

static int fail_at(digicheck_error *err, int code, const char *src, const dci_yaml_node *at,
                   const char *msg, const char *arg)
{
    return dci_error(err, code, src, at ? at->line : 0, at ? at->column : 0, msg, arg);
}

/* A string value of the description (NULL when absent). */
static int scalar(const dci_yaml_node *v, const char *key, const char *src, const char **out,
                  digicheck_error *err)
{
    const dci_yaml_node *d = dci_yaml_deref(v);

    *out = NULL;
    if (!v)
        return DIGICHECK_OK;
    if (d->kind != DCI_YAML_SCALAR)
        return dci_error(err, DIGICHECK_ESCHEMA, src, v->line, v->column,
                         "expected a string for '%s' in the draft description, found %s", key,
                         dci_yaml_describe(v));
    *out = d->str;
    return DIGICHECK_OK;
}

/* The directory of the description's file ("." for a bare name). */
static char *dir_of(const char *name)
{
    const char *slash = strrchr(name, '/');
    size_t n = slash ? (size_t)(slash - name) : 1;
    char *dir = dci_malloc(n + 2);

    if (!dir)
        return NULL;
    if (!slash)
        strcpy(dir, ".");
    else if (slash == name)
        strcpy(dir, "/");
    else {
        memcpy(dir, name, n);
        dir[n] = '\0';
    }
    return dir;
}

/* Reads text_file; *path becomes the name its findings carry. */
static int read_text_file(const char *name, const dci_yaml_node *at, const char *file,
                          char **data, size_t *len, char **path, digicheck_error *err)
{
    char real[4096], *dir;
    int rc, how;

    if (!*file)
        return fail_at(err, DIGICHECK_ESCHEMA, name, at, "'text_file' is empty%s", "");
    if (!(dir = dir_of(name)))
        return dci_error(err, DIGICHECK_ENOMEM, name, 0, 0, "out of memory");
    how = dci_path_inside(dir, file, path, real, sizeof real);
    dci_free(dir);
    switch (how) {
    case DCI_PATH_OK:
        break;
    case DCI_PATH_ABSOLUTE:
        return fail_at(err, DIGICHECK_ESCHEMA, name, at, "text_file '%s' is an absolute path; "
                       "name the text relative to the description", file);
    case DCI_PATH_ESCAPES:
        return fail_at(err, DIGICHECK_ESCHEMA, name, at,
                       "text_file '%s' leaves the description's directory", file);
    case DCI_PATH_OUTSIDE:
        return dci_error(err, DIGICHECK_ESCHEMA, name, at->line, at->column,
                         "text_file '%s' leads to '%s', outside the description's directory",
                         file, real);
    case DCI_PATH_MISSING:
        return dci_error(err, DIGICHECK_EIO, name, at->line, at->column,
                         "cannot read text_file '%s': %s", file, strerror(errno));
    default:
        return dci_error(err, DIGICHECK_ENOMEM, name, 0, 0, "out of memory");
    }
    /* "./x.md" reads as "x.md" */
    if (strncmp(*path, "./", 2) == 0)
        memmove(*path, *path + 2, strlen(*path + 2) + 1);
    rc = dci_read_file(data, len, *path, (size_t)DIGICHECK_LIMIT_DRAFT_SIZE, err);
    if (rc != DIGICHECK_OK) {
        dci_free(*path);
        *path = NULL;
    }
    return rc;
}

/* Where a literal block's text stands in the description: its first line
 * follows the "|" line, and its lines are indented by the spaces of the
 * first one that is not blank. */
static void literal_place(const char *src, size_t len, const dci_yaml_node *text, long *line,
                          long *column)
{
    size_t i = 0, n;
    long l = 1;

    *line = *column = 0;
    if (text->style != DCI_YAML_LITERAL)
        return;
    while (i < len && l <= text->line) {        /* to the line after "|" */
        if (src[i++] == '\n')
            l++;
    }
    for (;;) {                                  /* the first line with text */
        for (n = 0; i + n < len && src[i + n] == ' '; n++)
            ;
        if (i + n < len && (src[i + n] == '\n' || src[i + n] == '\r')) {
            i += n + 1 + (src[i + n] == '\r' && i + n + 1 < len && src[i + n + 1] == '\n');
            continue;
        }
        break;
    }
    *line = text->line;
    *column = (long)n;
}

static int read_answers(digicheck_draft *d, const dci_yaml_node *v, const char *src,
                        digicheck_error *err)
{
    const dci_yaml_node *m = dci_yaml_deref(v);
    size_t i;
    int rc;

    if (!v)
        return DIGICHECK_OK;
    if (m->kind != DCI_YAML_MAPPING)
        return dci_error(err, DIGICHECK_ESCHEMA, src, v->line, v->column,
                         "expected a mapping of question ids to answers for 'answers', "
                         "found %s", dci_yaml_describe(v));
    for (i = 0; i < m->npairs; i++) {
        const char *q = NULL, *a = NULL;
        if ((rc = scalar(m->pairs[i].key, "answers", src, &q, err)) ||
            (rc = scalar(m->pairs[i].value, q, src, &a, err)))
            return rc;
        if (!*a)
            return dci_error(err, DIGICHECK_ESCHEMA, src, m->pairs[i].value->line,
                             m->pairs[i].value->column, "the answer to '%s' is empty", q);
        if ((rc = digicheck_draft_set_answer(d, q, a, err)))
            return rc;
    }
    return DIGICHECK_OK;
}

int dci_description_parse(digicheck_draft **out, char *data, size_t len, const char *name,
                          digicheck_error *err)
{
    const char *src = name ? name : "<input>";
    const char *title = NULL, *kind = NULL, *where = NULL, *text = NULL, *file = NULL;
    const char *format = NULL;
    dci_yaml_doc *doc = dci_malloc(sizeof *doc);
    const dci_yaml_node *root;
    digicheck_draft *d = NULL;
    char *tdata = NULL, *tpath = NULL, words[200];
    size_t tlen = 0, i;
    long line_base = 0, col_base = 0;
    int fmt = DIGICHECK_FORMAT_AUTO, rc;

    *out = NULL;
    if (!doc) {
        dci_free(data);
        return dci_error(err, DIGICHECK_ENOMEM, src, 0, 0, "out of memory reading a draft");
    }
    memset(doc, 0, sizeof *doc);
    rc = dci_yaml_parse(doc, data, len, src, NULL, err);
    if (rc)
        goto done;
    root = doc->root;
    if (!root || dci_yaml_deref(root)->kind != DCI_YAML_MAPPING) {
        rc = dci_error(err, DIGICHECK_ESCHEMA, src, root ? root->line : 1,
                       root ? root->column : 1, "a draft description is a mapping with "
                       "'text' or 'text_file'%s", "");
        goto done;
    }
    root = dci_yaml_deref(root);
    for (i = 0; i < root->npairs; i++) {
        const dci_yaml_node *k = dci_yaml_deref(root->pairs[i].key);
        if (k->kind != DCI_YAML_SCALAR || !in(k->str, keys)) {
            list_words(words, sizeof words, keys);
            rc = dci_error(err, DIGICHECK_ESCHEMA, src, k->line, k->column,
                           "unknown key '%s' in the draft description (allowed: %s)",
                           k->kind == DCI_YAML_SCALAR ? k->str : "?", words);
            goto done;
        }
    }
    if ((rc = scalar(dci_yaml_map_get(root, "title"), "title", src, &title, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "kind"), "kind", src, &kind, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "jurisdiction"), "jurisdiction", src, &where,
                     err)) ||
        (rc = scalar(dci_yaml_map_get(root, "text"), "text", src, &text, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "text_file"), "text_file", src, &file, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "format"), "format", src, &format, err)))
        goto done;
    if (kind && !in(kind, kinds)) {
        const dci_yaml_node *at = dci_yaml_map_get(root, "kind");
        list_words(words, sizeof words, kinds);
        rc = dci_error(err, DIGICHECK_ESCHEMA, src, at->line, at->column,
                       "unknown kind '%s' in the draft description (allowed: %s)", kind,
                       words);
        goto done;
    }
    if (format) {
        if (strcmp(format, "text") == 0)
            fmt = DIGICHECK_FORMAT_TEXT;
        else if (strcmp(format, "markdown") == 0)
            fmt = DIGICHECK_FORMAT_MARKDOWN;
        else {
            rc = fail_at(err, DIGICHECK_ESCHEMA, src, dci_yaml_map_get(root, "format"),
                         "unknown format '%s' of the text (allowed: text, markdown)", format);
            goto done;
        }
    }
    if (!text == !file) {
        rc = dci_error(err, DIGICHECK_ESCHEMA, src, root->line, root->column,
                       "a draft description names its text with exactly one of 'text' and "
                       "'text_file'%s", text ? ", not both" : "");
        goto done;
    }
    if (file) {
        if (!name) {
            rc = dci_error(err, DIGICHECK_EINVAL, src, 0, 0, "a description without a file "
                           "name cannot name a text_file; pass its path as the name, or "
                           "give the text inline with 'text'");
            goto done;
        }
        rc = read_text_file(name, dci_yaml_map_get(root, "text_file"), file, &tdata, &tlen,
                            &tpath, err);
        if (rc)
            goto done;
        if (fmt == DIGICHECK_FORMAT_AUTO)
            fmt = dci_format_by_name(tpath);
    } else {
        const dci_yaml_node *t = dci_yaml_deref(dci_yaml_map_get(root, "text"));
        tlen = t->len;
        if (!(tdata = dci_malloc(tlen + 1))) {
            rc = dci_error(err, DIGICHECK_ENOMEM, src, 0, 0, "out of memory reading a draft");
            goto done;
        }
        memcpy(tdata, t->str, tlen + 1);
        literal_place(data, len, t, &line_base, &col_base);
    }
    rc = dci_draft_build(&d, tdata, tlen, tpath ? tpath : src, fmt, err);
    tdata = NULL;
    if (rc)
        goto done;
    d->line_base = line_base;
    d->col_base = col_base;
    if ((rc = read_answers(d, dci_yaml_map_get(root, "answers"), src, err)))
        goto done;
    d->title = title;
    d->kind = kind;
    d->jurisdiction = where;
    d->facts = dci_yaml_map_get(root, "facts");
    d->description = doc;
    doc = NULL;
    *out = d;
    d = NULL;
done:
    digicheck_draft_free(d);
    dci_free(tdata);
    dci_free(tpath);
    if (doc)
        dci_yaml_free(doc);
    dci_free(doc);
    dci_free(data);
    return rc;
}
