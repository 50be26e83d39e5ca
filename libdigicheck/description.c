/*
 * description.c -- draft descriptions: a YAML or JSON document that names
 * the text of a draft and what is known about it (DESIGN.md §3). YAML is
 * read by yaml.c, JSON by json.c (strict RFC 8259); both give the same tree.
 *
 *     title: Entwurf eines Thüringer Gesetzes zur …
 *     kind: Gesetz            # Gesetz | Verordnung | Satzung | Verwaltungsvorschrift
 *     jurisdiction: Thüringen
 *     date: 2026-03-01        # of the draft: YYYY-MM-DD
 *     text_file: entwurf.md   # or text: | …  (exactly one of them)
 *     format: markdown        # optional: text | markdown (else from the name or content)
 *     answers:                # question ids, principle ids (ratings) -> answers
 *       vp.it-system: yes
 *       P5: {answer: nicht relevant, begruendung: "…"}
 *     facts: {…}              # free-form, for Lua rules
 *     justifications:         # findings accepted with a reason (justify.c)
 *       - {rule: form.schriftlich, at: "§ 2 Abs. 1", reason: "…", by: "Referat Z 1"}
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
#include "json.h"
#include "answers.h"
#include "justify.h"
#include "draft.h"

static const char *const keys[] = {
    "title", "kind", "jurisdiction", "date", "text", "text_file", "format", "answers", "facts",
    "justifications", NULL
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

/* The format of a text file by its name: text or Markdown, else the
 * content decides (never a description: a description's text is a text). */
static int text_format_by_name(const char *path)
{
    int fmt = dci_format_by_name(path);

    return fmt == DIGICHECK_FORMAT_TEXT || fmt == DIGICHECK_FORMAT_MARKDOWN
           ? fmt : DIGICHECK_FORMAT_AUTO;
}

/* Reads text_file inside directory dir; *path becomes the name its
 * findings carry. */
static int read_text_file(const char *name, const char *dir, const dci_yaml_node *at,
                          const char *file, char **data, size_t *len, char **path,
                          digicheck_error *err)
{
    char real[4096];
    int rc, how;

    if (!*file)
        return fail_at(err, DIGICHECK_ESCHEMA, name, at, "'text_file' is empty%s", "");
    how = dci_path_inside(dir, file, path, real, sizeof real);
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

/* The answers of `answers:` and their Begründungen, recorded in the draft;
 * the draft keeps them as written too, to check them against a rule set. */
static int read_answers(digicheck_draft *d, const dci_yaml_node *v, const char *src,
                        digicheck_error *err)
{
    dci_answer *a;
    size_t i, n;
    int rc;

    if ((rc = dci_answers_read(v, "'answers'", src, &d->description->arena, &a, &n, err)))
        return rc;
    for (i = 0; i < n; i++)
        if ((rc = digicheck_draft_set_answer(d, a[i].question, a[i].answer, err)) ||
            (a[i].reason && (rc = digicheck_draft_set_reason(d, a[i].question, a[i].reason,
                                                              err))))
            return rc;
    return dci_draft_describe_answers(d, a, n, src) == DIGICHECK_OK
               ? DIGICHECK_OK
               : dci_error(err, DIGICHECK_ENOMEM, src, 0, 0, "out of memory");
}

/* Is s a date YYYY-MM-DD of the calendar? */
static int is_date(const char *s)
{
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, dd, n = 0;

    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &dd, &n) != 3 || n != 10 ||
        strspn(s, "0123456789") != 4 || s[4] != '-' || s[7] != '-' || m < 1 || m > 12 ||
        dd < 1 || dd > days[m - 1])
        return 0;
    return m != 2 || dd < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* The justifications of `justifications:`, recorded in the draft. */
static int read_justifications(digicheck_draft *d, const dci_yaml_node *v, const char *src,
                               digicheck_error *err)
{
    dci_justification *j;
    size_t i, n;
    int rc;

    if ((rc = dci_justifications_read(v, DCI_JUST_DESCRIPTION, src, &d->description->arena, &j,
                                      &n, err)))
        return rc;
    for (i = 0; i < n; i++)
        if (dci_draft_justify(d, &j[i]))
            return dci_error(err, DIGICHECK_ENOMEM, src, 0, 0,
                             "out of memory reading justifications");
    return DIGICHECK_OK;
}

/* What a description says, while it is read. */
typedef struct desc {
    const char *src;                    /* the description's name, never NULL */
    const char *dir;                    /* where text_file is read; NULL: no file is */
    const char *data; size_t len;       /* the description's bytes */
    int json;                           /* in JSON, else YAML */
    const dci_yaml_node *root;          /* its mapping */
    const char *title, *kind, *where, *date, *text, *file, *format;
    int fmt;                            /* of the text */
    char *tdata, *tpath; size_t tlen;   /* the text, and its file's name */
    long line_base, col_base;
} desc;

static int check_keys(const desc *ds, digicheck_error *err)
{
    char words[200];
    size_t i;

    for (i = 0; i < ds->root->npairs; i++) {
        const dci_yaml_node *k = dci_yaml_deref(ds->root->pairs[i].key);
        if (k->kind != DCI_YAML_SCALAR || !in(k->str, keys)) {
            list_words(words, sizeof words, keys);
            return dci_error(err, DIGICHECK_ESCHEMA, ds->src, k->line, k->column,
                             "unknown key '%s' in the draft description (allowed: %s)",
                             k->kind == DCI_YAML_SCALAR ? k->str : "?", words);
        }
    }
    return DIGICHECK_OK;
}

/* The string values, the kind and the format of the text. */
static int read_fields(desc *ds, digicheck_error *err)
{
    const dci_yaml_node *root = ds->root;
    const char *src = ds->src;
    char words[200];
    int rc;

    if ((rc = scalar(dci_yaml_map_get(root, "title"), "title", src, &ds->title, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "kind"), "kind", src, &ds->kind, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "jurisdiction"), "jurisdiction", src, &ds->where,
                     err)) ||
        (rc = scalar(dci_yaml_map_get(root, "date"), "date", src, &ds->date, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "text"), "text", src, &ds->text, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "text_file"), "text_file", src, &ds->file, err)) ||
        (rc = scalar(dci_yaml_map_get(root, "format"), "format", src, &ds->format, err)))
        return rc;
    if (ds->kind && !in(ds->kind, kinds)) {
        const dci_yaml_node *at = dci_yaml_map_get(root, "kind");
        list_words(words, sizeof words, kinds);
        return dci_error(err, DIGICHECK_ESCHEMA, src, at->line, at->column,
                         "unknown kind '%s' in the draft description (allowed: %s)", ds->kind,
                         words);
    }
    if (ds->date && !is_date(ds->date)) {
        const dci_yaml_node *at = dci_yaml_map_get(root, "date");
        return dci_error(err, DIGICHECK_ESCHEMA, src, at->value_line, at->value_column,
                         "the date '%s' of the draft description is not a date (write "
                         "YYYY-MM-DD, e.g. 2026-03-01)", ds->date);
    }
    ds->fmt = DIGICHECK_FORMAT_AUTO;
    if (!ds->format)
        return DIGICHECK_OK;
    if (strcmp(ds->format, "text") == 0)
        ds->fmt = DIGICHECK_FORMAT_TEXT;
    else if (strcmp(ds->format, "markdown") == 0)
        ds->fmt = DIGICHECK_FORMAT_MARKDOWN;
    else
        return fail_at(err, DIGICHECK_ESCHEMA, src, dci_yaml_map_get(root, "format"),
                       "unknown format '%s' of the text (allowed: text, markdown)", ds->format);
    return DIGICHECK_OK;
}

/* The text, from text_file or inline, into ds->tdata (and ds->tpath). */
static int read_text(desc *ds, digicheck_error *err)
{
    const dci_yaml_node *t;
    int rc;

    if (!ds->text == !ds->file)
        return dci_error(err, DIGICHECK_ESCHEMA, ds->src, ds->root->line, ds->root->column,
                         "a draft description names its text with exactly one of 'text' and "
                         "'text_file'%s", ds->text ? ", not both" : "");
    if (ds->file) {
        if (!ds->dir)
            return dci_error(err, DIGICHECK_EINVAL, ds->src, 0, 0, "a description parsed from "
                             "memory reads no file, so it cannot name a text_file; give its "
                             "directory with digicheck_draft_parse_in(), or load it from its "
                             "path, or give the text inline with 'text'");
        rc = read_text_file(ds->src, ds->dir, dci_yaml_map_get(ds->root, "text_file"),
                            ds->file, &ds->tdata, &ds->tlen, &ds->tpath, err);
        if (rc == DIGICHECK_OK && ds->fmt == DIGICHECK_FORMAT_AUTO)
            ds->fmt = text_format_by_name(ds->tpath);
        return rc;
    }
    t = dci_yaml_deref(dci_yaml_map_get(ds->root, "text"));
    ds->tlen = t->len;
    if (!(ds->tdata = dci_malloc(ds->tlen + 1)))
        return dci_error(err, DIGICHECK_ENOMEM, ds->src, 0, 0, "out of memory reading a draft");
    memcpy(ds->tdata, t->str, ds->tlen + 1);
    literal_place(ds->data, ds->len, t, &ds->line_base, &ds->col_base);
    return DIGICHECK_OK;
}

/* Parses the document into doc and finds its mapping. */
static int open_description(desc *ds, dci_yaml_doc *doc, digicheck_error *err)
{
    const dci_yaml_node *root;
    int rc;

    rc = ds->json ? dci_json_parse(doc, ds->data, ds->len, ds->src, NULL, err)
                  : dci_yaml_parse(doc, ds->data, ds->len, ds->src, NULL, err);
    if (rc)
        return rc;
    root = doc->root;
    if (!root || dci_yaml_deref(root)->kind != DCI_YAML_MAPPING)
        return dci_error(err, DIGICHECK_ESCHEMA, ds->src, root ? root->line : 1,
                         root ? root->column : 1, "a draft description is a mapping with "
                         "'text' or 'text_file'%s", "");
    ds->root = dci_yaml_deref(root);
    return DIGICHECK_OK;
}

int dci_description_parse(digicheck_draft **out, char *data, size_t len, const char *name,
                          const char *dir, int format, digicheck_error *err)
{
    dci_yaml_doc *doc = dci_malloc(sizeof *doc);
    digicheck_draft *d = NULL;
    dci_draft_about about;
    desc ds;
    int rc;

    *out = NULL;
    memset(&ds, 0, sizeof ds);
    ds.src = name ? name : "<input>";
    ds.dir = dir;
    ds.data = data;
    ds.len = len;
    ds.json = format == DIGICHECK_FORMAT_JSON;
    if (!doc) {
        dci_free(data);
        return dci_error(err, DIGICHECK_ENOMEM, ds.src, 0, 0, "out of memory reading a draft");
    }
    memset(doc, 0, sizeof *doc);
    if ((rc = open_description(&ds, doc, err)) || (rc = check_keys(&ds, err)) ||
        (rc = read_fields(&ds, err)) || (rc = read_text(&ds, err)))
        goto done;
    rc = dci_draft_build(&d, ds.tdata, ds.tlen, ds.tpath ? ds.tpath : ds.src, ds.fmt, err);
    ds.tdata = NULL;
    if (rc)
        goto done;
    about.title = ds.title;
    about.kind = ds.kind;
    about.jurisdiction = ds.where;
    about.date = ds.date;
    about.facts = dci_yaml_map_get(ds.root, "facts");
    about.line_base = ds.line_base;
    about.col_base = ds.col_base;
    dci_draft_describe(d, doc, &about);
    doc = NULL;
    if ((rc = read_answers(d, dci_yaml_map_get(ds.root, "answers"), ds.src, err)) ||
        (rc = read_justifications(d, dci_yaml_map_get(ds.root, "justifications"), ds.src,
                                  err)))
        goto done;
    *out = d;
    d = NULL;
done:
    digicheck_draft_free(d);
    dci_free(ds.tdata);
    dci_free(ds.tpath);
    if (doc)
        dci_yaml_free(doc);
    dci_free(doc);
    dci_free(data);
    return rc;
}
