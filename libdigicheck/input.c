/*
 * input.c -- reading a draft: the public digicheck_draft_parse, _parse_in
 * and digicheck_draft_load, which check their arguments, choose the format (by
 * the argument, the name, then the content) and hand the bytes to the
 * reader of that format: draft descriptions to description.c, Word and
 * OpenDocument files to docx.c, every other format to the draft builder (draft.c).
 *
 * The choice lives here so that the dependency goes one way: input.c calls
 * description.c and draft.c, description.c calls draft.c for its text, and
 * draft.c calls neither.
 */
#include <string.h>

#include "dci.h"
#include "draft.h"
#include "docx.h"

/* Checks the format argument and decides what the name alone says. Returns
 * DIGICHECK_OK with *fmt set (AUTO if the content must decide) or an error. */
static int format_by_name(int format, const char *name, int *fmt, digicheck_error *err)
{
    const char *src = name ? name : "<input>";

    *fmt = format;
    if (format < DIGICHECK_FORMAT_AUTO || format > DIGICHECK_FORMAT_ODT)
        return dci_error(err, DIGICHECK_EINVAL, src, 0, 0,
                         "argument 'format' is %d, not a DIGICHECK_FORMAT_* value", format);
    if (format == DIGICHECK_FORMAT_AUTO && name)
        *fmt = dci_format_by_name(name);
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

/* Reads data (NUL-terminated, len bytes; taken over whatever happens) in
 * format fmt, AUTO deciding by the content. dir: where a description's
 * text_file is read (NULL: nowhere). */
static int read_draft(digicheck_draft **out, char *data, size_t len, const char *name,
                      const char *dir, int fmt, digicheck_error *err)
{
    int rc;

    if (fmt == DIGICHECK_FORMAT_AUTO)
        fmt = dci_format_by_content(data, len, 1);
    if (fmt == DIGICHECK_FORMAT_DOCX || fmt == DIGICHECK_FORMAT_ODT)
        return dci_docx_draft(out, data, len, name, fmt, err);
    if (fmt != DIGICHECK_FORMAT_YAML && fmt != DIGICHECK_FORMAT_JSON)
        return dci_draft_build(out, data, len, name, fmt, err);
    /* a description: its bytes are checked as a draft's, its parser makes the draft */
    rc = dci_draft_check_encoding(data, len, name ? name : "<input>", err);
    if (rc != DIGICHECK_OK) {
        dci_free(data);
        return rc;
    }
    return dci_description_parse(out, data, len, name, dir, fmt, err);
}

int digicheck_draft_parse(digicheck_draft **out, const char *buf, size_t len, const char *name,
                          int format, digicheck_error *err)
{
    return digicheck_draft_parse_in(out, buf, len, name, format, NULL, err);
}

int digicheck_draft_parse_in(digicheck_draft **out, const char *buf, size_t len,
                             const char *name, int format, const char *base_dir,
                             digicheck_error *err)
{
    const char *src = name ? name : "<input>";
    char *copy;
    int fmt, rc;

    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, src, 0, 0, "argument 'out' is NULL");
    *out = NULL;
    if (!buf && len)
        return dci_error(err, DIGICHECK_EINVAL, src, 0, 0,
                         "argument 'buf' is NULL but 'len' is %zu", len);
    rc = format_by_name(format, name, &fmt, err);
    if (rc != DIGICHECK_OK)
        return rc;
    /* checked before the bytes are touched: len is not trusted to be real */
    if (len > (size_t)DIGICHECK_LIMIT_DRAFT_SIZE)
        return dci_error(err, DIGICHECK_ELIMIT, src, 0, 0,
                         "the draft is %zu bytes; the limit is %ld bytes", len,
                         (long)DIGICHECK_LIMIT_DRAFT_SIZE);
    copy = dci_malloc(len + 1);
    if (!copy)
        return dci_error(err, DIGICHECK_ENOMEM, src, 0, 0, "out of memory reading a draft");
    if (len)
        memcpy(copy, buf, len);
    copy[len] = '\0';
    return read_draft(out, copy, len, name, base_dir, fmt, err);
}

int digicheck_draft_load(digicheck_draft **out, const char *path, int format,
                         digicheck_error *err)
{
    char *data, *dir;
    size_t len;
    int fmt, rc;

    if (!out)
        return dci_error(err, DIGICHECK_EINVAL, path ? path : "", 0, 0,
                         "argument 'out' is NULL");
    *out = NULL;
    if (!path)
        return dci_error(err, DIGICHECK_EINVAL, "", 0, 0, "argument 'path' is NULL");
    rc = format_by_name(format, path, &fmt, err);
    if (rc != DIGICHECK_OK)
        return rc;
    rc = dci_read_file(&data, &len, path, (size_t)DIGICHECK_LIMIT_DRAFT_SIZE, err);
    if (rc != DIGICHECK_OK)
        return rc;
    if (!(dir = dir_of(path))) {
        dci_free(data);
        return dci_error(err, DIGICHECK_ENOMEM, path, 0, 0, "out of memory reading a draft");
    }
    rc = read_draft(out, data, len, path, dir, fmt, err);   /* a file's own directory */
    dci_free(dir);
    return rc;
}
