/*
 * test_draft.c -- the draft object: argument checks, formats, encoding
 * errors with their location, byte-order mark, line endings, answers, and
 * the line/column and path queries.
 */
#include <unistd.h>

#include "unit.h"

static digicheck_draft *parse_ok(const char *text, const char *name, int format)
{
    digicheck_draft *d = NULL;
    digicheck_error err;
    int rc = digicheck_draft_parse(&d, text, strlen(text), name, format, &err);

    if (rc != DIGICHECK_OK)
        fail_msg("parse failed: %d %s", rc, err.message);
    assert_non_null(d);
    return d;
}

/* Path of the innermost unit at the first occurrence of needle in the view. */
static char *path_at(const digicheck_draft *d, const char *needle)
{
    const char *p = strstr(d->view, needle);
    dci_buf b = {0};

    if (!p)
        fail_msg("'%s' is not in the view", needle);
    dci_draft_path(d, dci_draft_innermost(d, (size_t)(p - d->view)), &b);
    return dci_buf_detach(&b, NULL);
}

static void assert_path_at(const digicheck_draft *d, const char *needle, const char *want)
{
    char *got = path_at(d, needle);

    assert_string_equal(got, want);
    dci_free(got);
}

/* Line and column of the first occurrence of needle in the original bytes. */
static void linecol_of(const digicheck_draft *d, const char *needle, long *line, long *col)
{
    const char *p = strstr(d->src, needle);

    assert_non_null(p);
    dci_draft_linecol(d, (size_t)(p - d->src), line, col);
}

/* ---- arguments ------------------------------------------------------------ */

static void test_draft__parse_null_out(void **state)
{
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(NULL, "x", 1, "a.txt", 0, &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'out' is NULL", 0, 0);
    assert_string_equal(err.source, "a.txt");
    /* err may be NULL */
    assert_int_equal(digicheck_draft_parse(NULL, "x", 1, NULL, 0, NULL), DIGICHECK_EINVAL);
}

static void test_draft__parse_null_buf(void **state)
{
    digicheck_draft *d = (digicheck_draft *)&d;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, NULL, 3, NULL, 0, &err), DIGICHECK_EINVAL);
    assert_null(d);
    assert_error(err, DIGICHECK_EINVAL, "argument 'buf' is NULL but 'len' is 3", 0, 0);
    assert_string_equal(err.source, "<input>");
    /* NULL with length 0 is an empty draft */
    assert_int_equal(digicheck_draft_parse(&d, NULL, 0, NULL, 0, &err), DIGICHECK_OK);
    assert_int_equal(d->nunits, 1);
    digicheck_draft_free(d);
}

static void test_draft__parse_bad_format(void **state)
{
    digicheck_draft *d = (digicheck_draft *)&d;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, "x", 1, NULL, 42, &err), DIGICHECK_EINVAL);
    assert_null(d);
    assert_error(err, DIGICHECK_EINVAL, "argument 'format' is 42, not a DIGICHECK_FORMAT_* value", 0, 0);
    assert_int_equal(digicheck_draft_parse(&d, "x", 1, NULL, -1, &err), DIGICHECK_EINVAL);
}

static void test_draft__parse_unsupported_formats(void **state)
{
    digicheck_draft *d = NULL;
    digicheck_error err;

    (void)state;
    /* YAML and JSON are draft descriptions (test_description.c); these are not valid ones */
    assert_int_equal(digicheck_draft_parse(&d, "a: b", 4, NULL, DIGICHECK_FORMAT_YAML, &err),
                     DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "unknown key 'a' in the draft description", 1, 1);
    assert_int_equal(digicheck_draft_parse(&d, "{}", 2, NULL, DIGICHECK_FORMAT_JSON, &err),
                     DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "a draft description names its text with exactly one "
                 "of 'text' and 'text_file'", 1, 1);
    /* LegalDocML.de (test_ldml.c): this is XML, but none */
    assert_int_equal(digicheck_draft_parse(&d, "<a/>", 4, NULL, DIGICHECK_FORMAT_LDML, &err),
                     DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "not a LegalDocML.de document: the root element is <a>",
                 1, 0);
    assert_null(d);
}

static void test_draft__auto_by_name(void **state)
{
    static const char text[] = "## \xC2\xA7 3 Antrag\n\nDer Antrag ist zu stellen.\n";
    digicheck_draft *d = NULL;
    digicheck_error err;

    (void)state;
    d = parse_ok(text, "entwurf.md", DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_draft_free(d);
    d = parse_ok(text, "ENTWURF.MARKDOWN", DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_draft_free(d);
    /* a .txt name means text even when the content looks like Markdown */
    d = parse_ok(text, "entwurf.txt", DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->format, DIGICHECK_FORMAT_TEXT);
    digicheck_draft_free(d);

    /* .yaml, .yml and .json are descriptions: this text is none */
    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "entwurf.yaml",
                                           DIGICHECK_FORMAT_AUTO, &err),
                     DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "a draft description is a mapping", 3, 1);
    assert_string_equal(err.source, "entwurf.yaml");
    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "e.yml", 0, &err),
                     DIGICHECK_ESCHEMA);
    /* … and .json is read as JSON, which this text is not */
    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "e.json", 0, &err),
                     DIGICHECK_ESYNTAX);
    assert_error(err, DIGICHECK_ESYNTAX, "expected a JSON value, found '#'", 1, 1);
    assert_string_equal(err.source, "e.json");
    /* .xml is LegalDocML.de: this text is no XML */
    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), "e.xml", 0, &err),
                     DIGICHECK_ESYNTAX);
    assert_error(err, DIGICHECK_ESYNTAX, "XML: Start tag expected", 1, 1);
    assert_null(d);
}

static void test_draft__auto_by_content(void **state)
{
    digicheck_draft *d;
    digicheck_error err;

    (void)state;
    d = parse_ok("Titel\n\n### \xC2\xA7 1 Zweck\n\nText.\n", NULL, DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_draft_free(d);
    d = parse_ok("Titel\r\r## " "\xC2\xA7 1 Zweck\r\rText.\r", NULL, DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);     /* CR line ends */
    assert_int_equal(d->nby_kind[DCI_UNIT_PARAGRAPH], 1);
    digicheck_draft_free(d);
    d = parse_ok("---\ntitle: x\n---\nText.\n", "entwurf", DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);
    digicheck_draft_free(d);
    d = parse_ok("\xC2\xA7 1 Zweck\n\nText #1 ohne Markdown.\n", NULL, DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->format, DIGICHECK_FORMAT_TEXT);
    digicheck_draft_free(d);
    /* XML is read as LegalDocML.de */
    assert_int_equal(digicheck_draft_parse(&d, "<?xml version=\"1.0\"?><akn/>", 27, NULL, 0,
                                           &err),
                     DIGICHECK_ESCHEMA);
    assert_error(err, DIGICHECK_ESCHEMA, "not a LegalDocML.de document: the root element is "
                 "<akn>", 1, 0);
}

static void test_draft__parse_too_large(void **state)
{
    digicheck_draft *d = (digicheck_draft *)&d;
    digicheck_error err;
    char byte = 'x';

    (void)state;
    /* the size is checked before a byte is read, so a short buffer is safe
     * here and no 256 MB are needed */
    assert_int_equal(digicheck_draft_parse(&d, &byte, (size_t)DIGICHECK_LIMIT_DRAFT_SIZE + 1,
                                           "big.txt", DIGICHECK_FORMAT_TEXT, &err),
                     DIGICHECK_ELIMIT);
    assert_null(d);
    assert_error(err, DIGICHECK_ELIMIT, "the draft is 268435457 bytes; the limit is", 0, 0);
    assert_string_equal(err.source, "big.txt");
}

/* A text the library made (a Word file's view) is held to the same limit,
 * and units stay small: a draft has about one per sentence. */
static void test_draft__made_text_too_large(void **state)
{
    digicheck_draft *d = (digicheck_draft *)&d;
    digicheck_error err;
    char *byte = malloc(1);

    (void)state;
    assert_non_null(byte);
    assert_int_equal(dci_draft_new(&d, byte, (size_t)DIGICHECK_LIMIT_DRAFT_SIZE + 1, "w.docx",
                                   DIGICHECK_FORMAT_MARKDOWN, &err), DIGICHECK_ELIMIT);
    assert_error(err, DIGICHECK_ELIMIT, "the text of the draft is 268435457 bytes; the limit is",
                 0, 0);
    assert_true(sizeof(dci_unit) <= 28);
}

/* ---- encoding -------------------------------------------------------------- */

static void test_draft__invalid_utf8_location(void **state)
{
    /* line 2: "Größe " is 6 code points (8 bytes), the bad byte is column 7 */
    static const char text[] = "Erste Zeile\nGr\xC3\xB6\xC3\x9F" "e \xFF und mehr\n";
    digicheck_draft *d = (digicheck_draft *)&d;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, text, sizeof text - 1, "e.txt", 0, &err),
                     DIGICHECK_EENCODING);
    assert_null(d);
    assert_error(err, DIGICHECK_EENCODING,
                 "invalid UTF-8 at byte offset 20 (line 2, column 7); convert the file to UTF-8",
                 2, 7);
    assert_string_equal(err.source, "e.txt");
}

static void test_draft__invalid_utf8_truncated_and_crlf(void **state)
{
    /* a truncated sequence at the very end, after CRLF lines */
    static const char text[] = "a\r\nb\r\ncd\xE2\x80";
    digicheck_draft *d = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, text, sizeof text - 1, NULL, 0, &err),
                     DIGICHECK_EENCODING);
    assert_error(err, DIGICHECK_EENCODING, "invalid UTF-8 at byte offset 8", 3, 3);
    assert_string_equal(err.source, "<input>");
}

static void test_draft__nul_byte(void **state)
{
    static const char text[] = "Satz eins.\nZwei\0drei";
    digicheck_draft *d = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_parse(&d, text, sizeof text - 1, "n.txt", 0, &err),
                     DIGICHECK_EENCODING);
    assert_error(err, DIGICHECK_EENCODING, "NUL byte at byte offset 15 (line 2, column 5)", 2,
                 5);
}

static void test_draft__bom(void **state)
{
    static const char text[] = "\xEF\xBB\xBF" "\xC2\xA7 1 Zweck\n\nDer Antrag ist zu stellen.\n";
    digicheck_draft *d;
    digicheck_error err;
    long line, col;

    (void)state;
    d = parse_ok(text, NULL, DIGICHECK_FORMAT_TEXT);
    /* the BOM is not in the view, but offsets count it */
    assert_int_equal(strncmp(d->view, "\xC2\xA7 1 Zweck", 9), 0);
    assert_int_equal(dci_draft_orig(d, 0), 3);
    /* and it is no column: "§" is column 1, as an editor shows it */
    dci_draft_linecol(d, 3, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    dci_draft_linecol(d, 6, &line, &col);     /* "1" after "§ " */
    assert_int_equal(col, 3);
    assert_path_at(d, "Antrag", "\xC2\xA7 1 Satz 1");
    digicheck_draft_free(d);

    /* an encoding error after a BOM: columns again without it */
    assert_int_equal(digicheck_draft_parse(&d, "\xEF\xBB\xBF" "ab\x80", 6, NULL, 0, &err),
                     DIGICHECK_EENCODING);
    assert_error(err, DIGICHECK_EENCODING, "invalid UTF-8 at byte offset 5", 1, 3);
}

static void test_draft__empty(void **state)
{
    digicheck_draft *d;
    dci_buf b = {0};
    long line, col;

    (void)state;
    d = parse_ok("", NULL, DIGICHECK_FORMAT_AUTO);
    assert_string_equal(d->name, "<input>");
    assert_int_equal(d->nunits, 1);
    assert_int_equal(d->units[0].kind, DCI_UNIT_DOCUMENT);
    assert_int_equal(d->view_len, 0);
    assert_string_equal(d->view, "");
    assert_int_equal(dci_draft_orig(d, 0), 0);
    assert_int_equal(dci_draft_innermost(d, 0), 0);
    assert_int_equal(dci_draft_unit_at(d, DCI_UNIT_SATZ, 0), -1);
    dci_draft_linecol(d, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    dci_draft_path(d, 0, &b);
    assert_string_equal(b.data, "");
    dci_buf_free(&b);
    digicheck_draft_free(d);

    /* only white space and a BOM: still empty */
    d = parse_ok("\xEF\xBB\xBF \n\t\r\n", "leer.md", DIGICHECK_FORMAT_AUTO);
    assert_int_equal(d->view_len, 0);
    assert_int_equal(d->nunits, 1);
    digicheck_draft_free(d);
}

/* ---- lines and columns ------------------------------------------------------ */

static void test_draft__crlf_and_cr_lines(void **state)
{
    digicheck_draft *d;
    long line, col;

    (void)state;
    d = parse_ok("Eins.\r\nZwei.\r\n\r\nDrei ist hier.\r\n", NULL, DIGICHECK_FORMAT_TEXT);
    assert_int_equal(d->nlines, 5);        /* the final CRLF starts an empty line */
    linecol_of(d, "hier", &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 10);
    assert_string_equal(d->view, "Eins. Zwei.\nDrei ist hier.");
    assert_path_at(d, "Drei", "Satz 3");
    digicheck_draft_free(d);

    d = parse_ok("Eins.\rZwei.\r\rDrei.", NULL, DIGICHECK_FORMAT_TEXT);
    assert_int_equal(d->nlines, 4);
    linecol_of(d, "Drei", &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 1);
    assert_string_equal(d->view, "Eins. Zwei.\nDrei.");
    digicheck_draft_free(d);
}

static void test_draft__linecol_counts_code_points(void **state)
{
    digicheck_draft *d;
    long line, col;

    (void)state;
    d = parse_ok("Erste Zeile\n\xC3\x84nderung \xC3\xBC" "ber "
                 "\xE2\x80\x9E" "Schriftform\xE2\x80\x9C\n",
                 NULL, DIGICHECK_FORMAT_TEXT);
    /* "Änderung über „" = 15 code points */
    linecol_of(d, "Schriftform", &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 16);
    /* the end of the input is on the empty last line */
    dci_draft_linecol(d, d->src_len, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
    /* offsets past the end clamp */
    dci_draft_linecol(d, d->src_len + 100, &line, &col);
    assert_int_equal(line, 3);
    digicheck_draft_free(d);
}

/* ---- answers ------------------------------------------------------------------ */

static void test_draft__set_answer(void **state)
{
    digicheck_draft *d;
    digicheck_error err;

    (void)state;
    d = parse_ok("Text.", NULL, DIGICHECK_FORMAT_TEXT);
    assert_null(dci_draft_answer(d, "vp.it-system"));
    assert_int_equal(digicheck_draft_set_answer(d, "vp.it-system", "yes", &err), DIGICHECK_OK);
    assert_int_equal(digicheck_draft_set_answer(d, "vp.datenaustausch", "unsure", &err),
                     DIGICHECK_OK);
    assert_string_equal(dci_draft_answer(d, "vp.it-system"), "yes");
    /* a later answer replaces the earlier one */
    assert_int_equal(digicheck_draft_set_answer(d, "vp.it-system", "no", &err), DIGICHECK_OK);
    assert_string_equal(dci_draft_answer(d, "vp.it-system"), "no");
    assert_string_equal(dci_draft_answer(d, "vp.datenaustausch"), "unsure");
    assert_int_equal(d->nanswers, 2);
    assert_null(dci_draft_answer(d, "vp.kommunikation"));
    digicheck_draft_free(d);
}

static void test_draft__set_answer_copies(void **state)
{
    digicheck_draft *d;
    char q[] = "vp.eu-bezug", a[] = "yes";

    (void)state;
    d = parse_ok("Text.", NULL, DIGICHECK_FORMAT_TEXT);
    assert_int_equal(digicheck_draft_set_answer(d, q, a, NULL), DIGICHECK_OK);
    q[0] = 'X';
    a[0] = 'Y';
    assert_string_equal(dci_draft_answer(d, "vp.eu-bezug"), "yes");
    digicheck_draft_free(d);
}

static void test_draft__set_answer_invalid(void **state)
{
    digicheck_draft *d;
    digicheck_error err;

    (void)state;
    d = parse_ok("Text.", "e.txt", DIGICHECK_FORMAT_TEXT);
    assert_int_equal(digicheck_draft_set_answer(NULL, "q", "a", &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'd' is NULL", 0, 0);
    assert_int_equal(digicheck_draft_set_answer(d, NULL, "a", &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'question_id' is NULL or empty", 0, 0);
    assert_int_equal(digicheck_draft_set_answer(d, "", "a", &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'question_id' is NULL or empty", 0, 0);
    assert_int_equal(digicheck_draft_set_answer(d, "q", NULL, &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'answer' is NULL or empty", 0, 0);
    assert_int_equal(digicheck_draft_set_answer(d, "q", "", &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'answer' is NULL or empty", 0, 0);
    assert_string_equal(err.source, "e.txt");
    assert_int_equal(d->nanswers, 0);
    digicheck_draft_free(d);
}

/* ---- files --------------------------------------------------------------------- */

static void test_draft__load_missing_file(void **state)
{
    digicheck_draft *d = (digicheck_draft *)&d;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_load(&d, "/nonexistent/entwurf.md", 0, &err),
                     DIGICHECK_EIO);
    assert_null(d);
    assert_error(err, DIGICHECK_EIO, "cannot open '/nonexistent/entwurf.md'", 0, 0);
    assert_string_equal(err.source, "/nonexistent/entwurf.md");
}

static void test_draft__load_arguments(void **state)
{
    digicheck_draft *d = NULL;
    digicheck_error err;

    (void)state;
    assert_int_equal(digicheck_draft_load(NULL, "x.md", 0, &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'out' is NULL", 0, 0);
    assert_int_equal(digicheck_draft_load(&d, NULL, 0, &err), DIGICHECK_EINVAL);
    assert_error(err, DIGICHECK_EINVAL, "argument 'path' is NULL", 0, 0);
    assert_int_equal(digicheck_draft_load(&d, "/nonexistent/d.xml", 0, &err), DIGICHECK_EIO);
    assert_int_equal(digicheck_draft_load(&d, "/nonexistent/d.md", DIGICHECK_FORMAT_LDML, &err),
                     DIGICHECK_EIO);
    assert_int_equal(digicheck_draft_load(&d, "/nonexistent/d.yaml", 0, &err), DIGICHECK_EIO);
    assert_int_equal(digicheck_draft_load(&d, "/nonexistent/d.md", 9, &err), DIGICHECK_EINVAL);
}

static void test_draft__load_file(void **state)
{
    char path[] = "/tmp/test_draft_XXXXXX";
    static const char text[] = "## \xC2\xA7 2 Antrag\n\n(1) Der Antrag ist schriftlich zu "
                               "stellen.\n\n(2) Er ist\nzu begr\xC3\xBC" "nden.\n";
    digicheck_draft *d = NULL;
    digicheck_error err;
    char *md;
    FILE *fp;
    int fd;
    long line, col;

    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    fp = fdopen(fd, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    md = malloc(strlen(path) + 4);
    assert_non_null(md);
    sprintf(md, "%s.md", path);
    assert_int_equal(rename(path, md), 0);

    assert_int_equal(digicheck_draft_load(&d, md, DIGICHECK_FORMAT_AUTO, &err), DIGICHECK_OK);
    assert_string_equal(d->name, md);
    assert_int_equal(d->format, DIGICHECK_FORMAT_MARKDOWN);
    assert_int_equal(d->src_len, strlen(text));
    assert_path_at(d, "zu begr", "\xC2\xA7 2 Abs. 2 Satz 1");
    linecol_of(d, "zu begr", &line, &col);
    assert_int_equal(line, 6);
    assert_int_equal(col, 1);
    digicheck_draft_free(d);

    /* an encoding error in a file names the file */
    fp = fopen(md, "wb");
    assert_non_null(fp);
    fputs("ok\n\xC0\xAF", fp);
    fclose(fp);
    assert_int_equal(digicheck_draft_load(&d, md, 0, &err), DIGICHECK_EENCODING);
    assert_error(err, DIGICHECK_EENCODING, "invalid UTF-8 at byte offset 3", 2, 1);
    assert_string_equal(err.source, md);

    unlink(md);
    free(md);
}

static void test_draft__free_null(void **state)
{
    (void)state;
    digicheck_draft_free(NULL);
}

/* ---- queries ------------------------------------------------------------------- */

static void test_draft__paths(void **state)
{
    static const char text[] =
        "# Entwurf\n\n"
        "## Artikel 1 \xC3\x84nderung\n\n"
        "### \xC2\xA7 3 Antrag\n\n"
        "(1) Eins.\n\n"
        "(2) Zwei ist\n\n"
        "1.  erstens,\n\n"
        "2.  zweitens:\n\n"
        "    a)  alpha,\n\n"
        "        aa) doppel a,\n\n"
        "        bb) doppel b.\n\n"
        "## Artikel 2 Inkrafttreten\n\n"
        "Dieses Gesetz tritt in Kraft.\n\n"
        "## Anlage 2 Muster\n\n"
        "1.  Name.\n";
    digicheck_draft *d = parse_ok(text, NULL, DIGICHECK_FORMAT_MARKDOWN);
    size_t i;

    (void)state;
    assert_path_at(d, "Entwurf", "");
    assert_path_at(d, "\xC3\x84nderung", "Art. 1");
    assert_path_at(d, "Antrag", "Art. 1 \xC2\xA7 3");
    assert_path_at(d, "(1)", "Art. 1 \xC2\xA7 3 Abs. 1");
    assert_path_at(d, "Eins", "Art. 1 \xC2\xA7 3 Abs. 1 Satz 1");
    assert_path_at(d, "Zwei", "Art. 1 \xC2\xA7 3 Abs. 2 Satz 1");
    assert_path_at(d, "erstens", "Art. 1 \xC2\xA7 3 Abs. 2 Nr. 1 Satz 1");
    assert_path_at(d, "alpha", "Art. 1 \xC2\xA7 3 Abs. 2 Nr. 2 Buchst. a Satz 1");
    assert_path_at(d, "doppel b",
                   "Art. 1 \xC2\xA7 3 Abs. 2 Nr. 2 Buchst. a Doppelbuchst. bb Satz 1");
    assert_path_at(d, "Dieses", "Art. 2 Satz 1");
    assert_path_at(d, "Muster", "Anlage 2");
    assert_path_at(d, "Name", "Anlage 2 Nr. 1 Satz 1");

    /* unit_at agrees with innermost, and every unit is found at its start */
    for (i = 1; i < d->nunits; i++)
        assert_int_equal(dci_draft_unit_at(d, d->units[i].kind, d->units[i].start), (long)i);
    assert_int_equal(dci_draft_unit_at(d, DCI_UNIT_DOCUMENT, 5), 0);
    assert_int_equal(dci_draft_unit_at(d, DCI_UNIT_PARAGRAPH, 0), -1);
    digicheck_draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draft__parse_null_out),
        cmocka_unit_test(test_draft__parse_null_buf),
        cmocka_unit_test(test_draft__parse_bad_format),
        cmocka_unit_test(test_draft__parse_unsupported_formats),
        cmocka_unit_test(test_draft__auto_by_name),
        cmocka_unit_test(test_draft__auto_by_content),
        cmocka_unit_test(test_draft__parse_too_large),
        cmocka_unit_test(test_draft__made_text_too_large),
        cmocka_unit_test(test_draft__invalid_utf8_location),
        cmocka_unit_test(test_draft__invalid_utf8_truncated_and_crlf),
        cmocka_unit_test(test_draft__nul_byte),
        cmocka_unit_test(test_draft__bom),
        cmocka_unit_test(test_draft__empty),
        cmocka_unit_test(test_draft__crlf_and_cr_lines),
        cmocka_unit_test(test_draft__linecol_counts_code_points),
        cmocka_unit_test(test_draft__set_answer),
        cmocka_unit_test(test_draft__set_answer_copies),
        cmocka_unit_test(test_draft__set_answer_invalid),
        cmocka_unit_test(test_draft__load_missing_file),
        cmocka_unit_test(test_draft__load_arguments),
        cmocka_unit_test(test_draft__load_file),
        cmocka_unit_test(test_draft__free_null),
        cmocka_unit_test(test_draft__paths),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
