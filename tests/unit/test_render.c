/*
 * test_render.c -- documents: the fixed JSON shape, the output stream over
 * several reports and failed files, SARIF 2.1.0 details (exclusive end
 * columns, URIs, notifications), Markdown escaping, and bad arguments.
 */
#include "unit.h"

static const char RULES[] =
    "digicheck: 1\n"
    "id: t\n"
    "title: Test\n"
    "version: '1'\n"
    "principles:\n"
    "  - {id: P1, title: Eins}\n"
    "  - {id: P5, title: 'Fünf | mit *Zeichen*'}\n"
    "rules:\n"
    "  - id: form.s\n"
    "    principle: P1\n"
    "    category: written-form\n"
    "    severity: warning\n"
    "    match: ['\\bschriftlich\\w*']\n"
    "    message: Schriftform\n"
    "    suggestion: Textform\n"
    "    references: ['§ 126 BGB', '§ 3a VwVfG']\n"
    "  - id: sec.x\n"
    "    principle: P5\n"
    "    category: it-security\n"
    "    severity: error\n"
    "    match: ['\\bRegister\\b']\n"
    "    message: 'Ein Register. Ohne *Schutz* | Zeichen'\n";

static digicheck_ruleset *load(void)
{
    return unit_load_yaml(RULES, NULL);
}

static digicheck_report *check(const digicheck_ruleset *rs, const char *name, const char *text)
{
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;

    assert_int_equal(digicheck_draft_parse(&d, text, strlen(text), name, DIGICHECK_FORMAT_TEXT,
                                           &err), DIGICHECK_OK);
    assert_int_equal(digicheck_checker_new(&c, rs, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_check(c, d, &r, &err), DIGICHECK_OK);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    return r;
}

#define assert_string_equal_prefix(s, prefix) \
    assert_int_equal(strncmp((s), (prefix), strlen(prefix)), 0)

static char *render(const digicheck_report *r, int output)
{
    char *out = NULL;
    size_t len = 0;
    digicheck_error err;

    assert_int_equal(digicheck_report_render(r, output, &out, &len, &err), DIGICHECK_OK);
    assert_int_equal(len, strlen(out));
    return out;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;

    while ((s = strstr(s, needle)) != NULL) {
        n++;
        s += strlen(needle);
    }
    return n;
}

/* Appends a piece of the stream to a growing document. */
static void append(char **doc, char *piece)
{
    size_t n = *doc ? strlen(*doc) : 0;

    assert_non_null(piece);
    *doc = realloc(*doc, n + strlen(piece) + 1);
    assert_non_null(*doc);
    strcpy(*doc + n, piece);
    digicheck_free(piece);
}

/* A document of the pieces named in `pieces`, in that order: 'a' and 'b'
 * two checked reports, 'e' a file that failed; an empty string is a
 * document of no files at all. */
static char *stream_of(const digicheck_ruleset *rs, int output, const char *pieces)
{
    digicheck_output *o = NULL;
    digicheck_report *a = check(rs, "a.txt", "Der Antrag ist schriftlich zu stellen.");
    digicheck_report *b = check(rs, "entwürfe/b c.txt", "Das Register ist schriftlich.");
    digicheck_error err, bad;
    char *doc = NULL, *piece;

    memset(&bad, 0, sizeof bad);
    bad.code = DIGICHECK_EENCODING;
    bad.line = 3;
    bad.column = 7;
    strcpy(bad.message, "invalid UTF-8 at byte offset 40");
    assert_int_equal(digicheck_output_new(&o, rs, output, &err), DIGICHECK_OK);
    for (; *pieces; pieces++) {
        if (*pieces == 'e')
            assert_int_equal(digicheck_output_add_error(o, "/abs/kaputt.txt", &bad, &piece,
                                                        NULL, &err), DIGICHECK_OK);
        else
            assert_int_equal(digicheck_output_add(o, *pieces == 'a' ? a : b, &piece, NULL,
                                                  &err), DIGICHECK_OK);
        append(&doc, piece);
    }
    assert_int_equal(digicheck_output_finish(o, &piece, NULL, &err), DIGICHECK_OK);
    append(&doc, piece);
    digicheck_output_free(o);
    digicheck_report_free(a);
    digicheck_report_free(b);
    return doc;
}

/* A document of two reports and a file that failed between them. */
static char *stream(const digicheck_ruleset *rs, int output)
{
    return stream_of(rs, output, "aeb");
}

static void test_render__json_shape(void **state)
{
    digicheck_ruleset *rs = load();
    digicheck_report *r = check(rs, "t.md", "Er sagt \"schriftlich\".");
    char *out = render(r, DIGICHECK_OUTPUT_JSON);

    (void)state;
    assert_string_equal(out,
        "{\"version\":1,\"files\":[\n{\"file\":\"t.md\",\"findings\":[{\"rule\":\"form.s\","
        "\"principle\":\"P1\",\"category\":\"written-form\",\"severity\":\"warning\","
        "\"kind\":\"text\",\"message\":\"Schriftform\",\"suggestion\":\"Textform\","
        "\"references\":[\"§ 126 BGB\",\"§ 3a VwVfG\"],\"path\":\"Satz 1\",\"line\":1,"
        "\"column\":10,\"end_line\":1,\"end_column\":20,\"offset\":9,\"length\":11,"
        "\"excerpt\":\"Er sagt \\\"schriftlich\\\".\",\"match\":\"schriftlich\"}],"
        "\"principles\":{\"P1\":{\"title\":\"Eins\",\"status\":\"findings\",\"rating\":null,"
        "\"reason\":null,\"findings\":1,\"open_questions\":0},\"P5\":{\"title\":\"Fünf | mit "
        "*Zeichen*\",\"status\":\"clean\",\"rating\":null,\"reason\":null,"
        "\"findings\":0,\"open_questions\":0}},\"vorpruefung\":{\"result\":\"open\","
        "\"interoperability\":\"open\",\"eu_bezug\":\"open\",\"contradiction\":false},"
        "\"questions\":[]}\n],"
        "\"summary\":{\"files\":1,\"findings\":1,\"open_questions\":0,\"errors\":0,"
        "\"by_severity\":{\"info\":0,"
        "\"warning\":1,\"error\":0}}}\n");
    digicheck_free(out);
    /* JSONL: the file object alone, on one line */
    out = render(r, DIGICHECK_OUTPUT_JSONL);
    assert_int_equal(count(out, "\n"), 1);
    assert_int_equal(strncmp(out, "{\"file\":\"t.md\",", 15), 0);
    digicheck_free(out);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_render__json_stream_of_reports_and_errors(void **state)
{
    digicheck_ruleset *rs = load();
    char *doc = stream(rs, DIGICHECK_OUTPUT_JSON);

    (void)state;
    /* three file objects, the failed one in its place, and the summary */
    assert_int_equal(count(doc, "{\"file\":"), 3);
    assert_non_null(strstr(doc, "{\"file\":\"/abs/kaputt.txt\",\"findings\":[],\"error_code\":-8,"
                                "\"error_line\":3,\"error_column\":7,"
                                "\"error\":\"invalid UTF-8 at byte offset 40\"}"));
    assert_true(strstr(doc, "\"a.txt\"") < strstr(doc, "kaputt") &&
                strstr(doc, "kaputt") < strstr(doc, "b c.txt"));
    assert_non_null(strstr(doc, "\"summary\":{\"files\":3,\"findings\":3,\"open_questions\":0,"
                                "\"errors\":1,"
                                "\"by_severity\":{\"info\":0,\"warning\":2,\"error\":1}}}\n"));
    free(doc);

    doc = stream(rs, DIGICHECK_OUTPUT_JSONL);
    assert_int_equal(count(doc, "\n"), 3);
    assert_null(strstr(doc, "summary"));
    free(doc);

    doc = stream(rs, DIGICHECK_OUTPUT_TEXT);
    assert_string_equal(doc,
        "a.txt:1:16: warning: Schriftform [form.s] (Satz 1)\n"
        "/abs/kaputt.txt:3:7: error: invalid UTF-8 at byte offset 40\n"
        "entwürfe/b c.txt:1:5: error: Ein Register. Ohne *Schutz* | Zeichen [sec.x] (Satz 1)\n"
        "entwürfe/b c.txt:1:18: warning: Schriftform [form.s] (Satz 1)\n");
    free(doc);
    digicheck_ruleset_free(rs);
}

static void test_render__sarif(void **state)
{
    digicheck_ruleset *rs = load();
    char *doc = stream(rs, DIGICHECK_OUTPUT_SARIF);

    (void)state;
    assert_int_equal(strncmp(doc, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
                                  "\"version\":\"2.1.0\",\"runs\":[{", 80), 0);
    assert_non_null(strstr(doc, "\"columnKind\":\"unicodeCodePoints\""));
    /* every rule in the driver, every finding a result with its rule index */
    assert_int_equal(count(doc, "\"defaultConfiguration\""), 2);
    assert_int_equal(count(doc, "\"ruleId\""), 3);
    assert_non_null(strstr(doc, "\"ruleId\":\"sec.x\",\"ruleIndex\":1,\"kind\":\"fail\","
                                "\"level\":\"error\""));
    /* "schriftlich" at columns 16..26: SARIF's end column is exclusive */
    assert_non_null(strstr(doc, "\"region\":{\"startLine\":1,\"startColumn\":16,\"endLine\":1,"
                                "\"endColumn\":27,\"byteOffset\":15,\"byteLength\":11,"
                                "\"snippet\":{\"text\":\"schriftlich\"}}"));
    /* file names are URI references */
    assert_non_null(strstr(doc, "\"uri\":\"entw%C3%BCrfe/b%20c.txt\""));
    assert_non_null(strstr(doc, "\"logicalLocations\":[{\"fullyQualifiedName\":\"Satz 1\"}]"));
    /* the failed file is a notification, and the run was not successful */
    assert_non_null(strstr(doc, "\"executionSuccessful\":false,\"toolExecutionNotifications\":"
                                "[{\"level\":\"error\",\"message\":{\"text\":\"invalid UTF-8"));
    assert_non_null(strstr(doc, "\"uri\":\"file:///abs/kaputt.txt\"},\"region\":{"
                                "\"startLine\":3,\"startColumn\":7}"));
    assert_int_equal(strcmp(doc + strlen(doc) - 6, "]}]}]}") == 0 ||
                     strcmp(doc + strlen(doc) - 7, "]}]}]}\n") == 0, 1);
    free(doc);
    digicheck_ruleset_free(rs);
}

/* Open questions: never findings; in SARIF results of kind "open" and level
 * "none", with a region only where the text suggests an answer; in the text
 * form one line after the findings; in JSON counted in the summary. */
static void test_render__open_questions(void **state)
{
    digicheck_ruleset *rs = unit_load_yaml(RULES,
        "  - id: vp.it-system\n    type: question\n    stage: vorpruefung\n"
        "    principle: P5\n    message: IT-System?\n"
        "    prefill: [{match: ['\\bRegister\\b'], suggests: 'yes'}]\n"
        "  - id: pc.frage\n    type: question\n    stage: praxischeck\n"
        "    principle: P1\n    message: Noch eine Frage?\n");
    digicheck_report *r = check(rs, "a.txt", "Das Register ist schriftlich zu f\xC3\xBChren.");
    char *sarif = render(r, DIGICHECK_OUTPUT_SARIF), *text = render(r, DIGICHECK_OUTPUT_TEXT);
    char *json = render(r, DIGICHECK_OUTPUT_JSON);
    const char *open;

    (void)state;
    assert_int_equal(digicheck_report_count(r), 2);
    assert_int_equal(count(sarif, "\"kind\":\"fail\""), 2);
    assert_int_equal(count(sarif, "\"kind\":\"open\",\"level\":\"none\""), 2);
    open = strstr(sarif, "\"ruleId\":\"vp.it-system\"");
    assert_non_null(open);
    assert_string_equal_prefix(strstr(open, "\"region\""),
                               "\"region\":{\"startLine\":1,\"startColumn\":5}},"
                               "\"logicalLocations\":[{\"fullyQualifiedName\":\"Satz 1\"}]");
    open = strstr(sarif, "\"ruleId\":\"pc.frage\"");
    assert_non_null(open);
    assert_string_equal_prefix(strstr(open, "\"locations\""),
                               "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
                               "{\"uri\":\"a.txt\"}}}],\"partialFingerprints\":"
                               "{\"digicheck/v1\":\"question:pc.frage\"},\"properties\":"
                               "{\"stage\":\"praxischeck\"");
    assert_non_null(strstr(text, "\na.txt: 2 Fragen offen: vp.it-system "
                                 "(Vorschlag: ja, Satz 1), pc.frage\n"));
    assert_null(strstr(text, "IT-System?"));
    assert_null(strstr(json, "\"kind\":\"question\""));
    assert_non_null(strstr(json, "\"summary\":{\"files\":1,\"findings\":2,"
                                 "\"open_questions\":2,"));
    digicheck_free(sarif);
    digicheck_free(text);
    digicheck_free(json);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

static void test_render__markdown(void **state)
{
    digicheck_ruleset *rs = load();
    digicheck_report *r = check(rs, "t_1.md", "Der Antrag ist schriftlich zu stellen.");
    char *out = render(r, DIGICHECK_OUTPUT_MARKDOWN), *doc;

    (void)state;
    assert_string_equal_prefix(out, "# Digitalcheck: t\\_1.md\n\nRegelwerk: Test (`t`, Version 1). "
                                    "Befunde: 1 (Fehler: 0, Warnungen: 1, Hinweise: 0). "
                                    "Offene Fragen: 0.\n");
    /* the table: markup in a title is escaped, so the row keeps its cells */
    assert_non_null(strstr(out, "| P1 Eins | Befunde | 1 | 0 |\n"));
    assert_non_null(strstr(out, "| P5 Fünf \\| mit \\*Zeichen\\* | ohne Befund | 0 | 0 |\n"));
    assert_non_null(strstr(out, "## P1 Eins\n\n- **Satz 1** (Zeile 1, Spalte 16) – Warnung: "
                                "Schriftform (Regel `form.s`)\n"
                                "  > Der Antrag ist schriftlich zu stellen.\n\n"
                                "  Vorschlag: Textform\n\n"
                                "  Rechtsgrundlagen: § 126 BGB; § 3a VwVfG\n"));
    assert_non_null(strstr(out, "Keine Befunde.\n"));
    digicheck_free(out);
    digicheck_report_free(r);

    /* several drafts: separated, the failed one says why */
    doc = stream(rs, DIGICHECK_OUTPUT_MARKDOWN);
    assert_int_equal(count(doc, "# Digitalcheck: "), 3);
    assert_int_equal(count(doc, "\n---\n"), 2);
    assert_non_null(strstr(doc, "Der Entwurf konnte nicht geprüft werden (Zeile 3, Spalte 7): "
                                "invalid UTF-8"));
    assert_non_null(strstr(doc, "Ein Register. Ohne \\*Schutz\\* \\| Zeichen"));
    free(doc);
    digicheck_ruleset_free(rs);
}

static void test_render__arguments(void **state)
{
    digicheck_ruleset *rs = load(), *other = load();
    digicheck_report *r = check(other, "x.txt", "schriftlich");
    digicheck_output *o = NULL;
    digicheck_error err, e2;
    char *text = (char *)"x";

    (void)state;
    memset(&e2, 0, sizeof e2);
    assert_int_equal(digicheck_report_render(r, 99, &text, NULL, &err), DIGICHECK_EINVAL);
    assert_null(text);
    assert_error(err, DIGICHECK_EINVAL, "argument 'output' is 99", 0, 0);
    assert_int_equal(digicheck_report_render(NULL, 0, &text, NULL, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_report_render(r, 0, NULL, NULL, &err), DIGICHECK_EINVAL);

    assert_int_equal(digicheck_output_new(&o, rs, -1, &err), DIGICHECK_EINVAL);
    assert_null(o);
    assert_int_equal(digicheck_output_new(&o, NULL, 0, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_output_new(NULL, rs, 0, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_output_new(&o, rs, DIGICHECK_OUTPUT_JSON, &err), DIGICHECK_OK);
    /* a report of another rule set does not belong in this document */
    assert_int_equal(digicheck_output_add(o, r, &text, NULL, &err), DIGICHECK_EINVAL);
    assert_null(text);
    assert_error(err, DIGICHECK_EINVAL, "argument 'r' was checked with another rule set", 0, 0);
    assert_int_equal(digicheck_output_add(o, NULL, &text, NULL, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_output_add(NULL, r, &text, NULL, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_output_add_error(o, NULL, &e2, &text, NULL, &err),
                     DIGICHECK_EINVAL);
    assert_int_equal(digicheck_output_add_error(o, "f", NULL, &text, NULL, &err),
                     DIGICHECK_EINVAL);
    assert_int_equal(digicheck_output_finish(o, NULL, NULL, &err), DIGICHECK_EINVAL);
    /* an empty document is still a whole one */
    assert_int_equal(digicheck_output_finish(o, &text, NULL, &err), DIGICHECK_OK);
    assert_string_equal(text, "{\"version\":1,\"files\":[],\"summary\":{\"files\":0,"
                              "\"findings\":0,\"open_questions\":0,\"errors\":0,"
                              "\"by_severity\":{\"info\":0,"
                              "\"warning\":0,\"error\":0}}}\n");
    digicheck_free(text);
    /* a finished document takes no more pieces and no second tail */
    assert_int_equal(digicheck_output_finish(o, &text, NULL, &err), DIGICHECK_EINVAL);
    assert_null(text);
    assert_error(err, DIGICHECK_EINVAL, "the output is finished", 0, 0);
    assert_int_equal(digicheck_output_add_error(o, "f", &e2, &text, NULL, &err),
                     DIGICHECK_EINVAL);
    assert_null(text);
    digicheck_output_free(o);
    digicheck_output_free(NULL);
    /* the output holds its rule set */
    assert_int_equal(digicheck_output_new(&o, rs, DIGICHECK_OUTPUT_TEXT, &err), DIGICHECK_OK);
    digicheck_ruleset_free(rs);
    assert_int_equal(digicheck_output_finish(o, &text, NULL, &err), DIGICHECK_OK);
    assert_string_equal(text, "");
    digicheck_free(text);
    digicheck_output_free(o);
    digicheck_report_free(r);
    digicheck_ruleset_free(other);
}

/* Every DIGICHECK_OUTPUT_* value is a format, and a document of no files
 * is still a whole one in each: its head and its tail. */
static void test_render__empty_document_of_every_format(void **state)
{
    static const char *const empty[] = {
        [DIGICHECK_OUTPUT_TEXT] = "",
        [DIGICHECK_OUTPUT_JSON] = "{\"version\":1,\"files\":[],\"summary\":{\"files\":0,"
                                  "\"findings\":0,\"open_questions\":0,\"errors\":0,"
                                  "\"by_severity\":{\"info\":0,"
                                  "\"warning\":0,\"error\":0}}}\n",
        [DIGICHECK_OUTPUT_SARIF] = NULL,    /* below: the head holds every rule */
        [DIGICHECK_OUTPUT_MARKDOWN] = "",
        [DIGICHECK_OUTPUT_JSONL] = "",
        [DIGICHECK_OUTPUT_DOCUMENTATION] = "",
    };
    static const char sarif_tail[] =
        "\"results\":[],\"invocations\":[{\"executionSuccessful\":true,"
        "\"toolExecutionNotifications\":[]}]}]}\n";
    digicheck_ruleset *rs = load();
    digicheck_output *o = NULL;
    digicheck_error err;
    int output;

    (void)state;
    for (output = 0; output < (int)(sizeof empty / sizeof empty[0]); output++) {
        char *doc = stream_of(rs, output, "");
        if (output == DIGICHECK_OUTPUT_SARIF) {
            assert_string_equal_prefix(doc, "{\"$schema\":");
            assert_int_equal(count(doc, "\"defaultConfiguration\""), 2);
            assert_string_equal(doc + strlen(doc) - strlen(sarif_tail), sarif_tail);
        } else {
            assert_string_equal(doc, empty[output]);
        }
        free(doc);
    }
    /* the value after the last format is none */
    assert_int_equal(digicheck_output_new(&o, rs, DIGICHECK_OUTPUT_DOCUMENTATION + 1, &err),
                     DIGICHECK_EINVAL);
    assert_null(o);
    assert_error(err, DIGICHECK_EINVAL, "argument 'output' is 6, not a DIGICHECK_OUTPUT_*", 0,
                 0);
    digicheck_ruleset_free(rs);
}

/* A failed file first: no separator, comma or rule before the first piece,
 * and the next piece is separated from it as from a report. */
static void test_render__stream_opening_with_a_failed_file(void **state)
{
    digicheck_ruleset *rs = load();
    char *doc = stream_of(rs, DIGICHECK_OUTPUT_MARKDOWN, "ea");

    (void)state;
    assert_string_equal_prefix(doc, "# Digitalcheck: /abs/kaputt.txt\n\nDer Entwurf konnte "
                                    "nicht geprüft werden (Zeile 3, Spalte 7): invalid UTF-8 "
                                    "at byte offset 40\n\n---\n\n# Digitalcheck: a.txt\n");
    assert_int_equal(count(doc, "\n---\n"), 1);
    free(doc);

    doc = stream_of(rs, DIGICHECK_OUTPUT_JSON, "ea");
    assert_string_equal_prefix(doc, "{\"version\":1,\"files\":[\n{\"file\":\"/abs/kaputt.txt\",");
    assert_non_null(strstr(doc, "\"error\":\"invalid UTF-8 at byte offset 40\"},\n"
                                "{\"file\":\"a.txt\","));
    assert_non_null(strstr(doc, "}\n],\"summary\":{\"files\":2,\"findings\":1,"
                                "\"open_questions\":0,\"errors\":1,"));
    free(doc);

    doc = stream_of(rs, DIGICHECK_OUTPUT_JSONL, "ea");
    assert_string_equal_prefix(doc, "{\"file\":\"/abs/kaputt.txt\",");
    assert_non_null(strstr(doc, "}\n{\"file\":\"a.txt\","));
    assert_int_equal(count(doc, "\n"), 2);
    free(doc);

    doc = stream_of(rs, DIGICHECK_OUTPUT_TEXT, "ea");
    assert_string_equal(doc, "/abs/kaputt.txt:3:7: error: invalid UTF-8 at byte offset 40\n"
                             "a.txt:1:16: warning: Schriftform [form.s] (Satz 1)\n");
    free(doc);

    /* SARIF: only failed files: no results, every failure a notification */
    doc = stream_of(rs, DIGICHECK_OUTPUT_SARIF, "ee");
    assert_non_null(strstr(doc, "\"results\":[],\"invocations\":[{\"executionSuccessful\":"
                                "false,\"toolExecutionNotifications\":[{\"level\":\"error\","));
    assert_int_equal(count(doc, "\"properties\":{\"code\":-8}}"), 2);
    assert_non_null(strstr(doc, "\"code\":-8}},{\"level\":\"error\""));
    free(doc);
    digicheck_ruleset_free(rs);
}

/* A file name from disk need not be UTF-8; JSON and SARIF stay valid, with
 * U+FFFD for each byte that starts no sequence, and valid sequences kept. */
static void test_render__json_name_not_utf8(void **state)
{
    static const int outputs[] = { DIGICHECK_OUTPUT_JSON, DIGICHECK_OUTPUT_JSONL,
                                   DIGICHECK_OUTPUT_SARIF };
    digicheck_ruleset *rs = load();
    digicheck_report *r = check(rs, "\xff\xc3(\xe2\x82-\xc3\xa4\xf0\x9f\x98\x80.txt",
                                "Der Antrag ist schriftlich zu stellen.\n");
    size_t i;

    (void)state;
    for (i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        char *out = render(r, outputs[i]);
        assert_int_equal(dci_utf8_invalid(out, strlen(out)), strlen(out));
        if (outputs[i] != DIGICHECK_OUTPUT_SARIF)
            assert_non_null(strstr(out, "\"file\":\"\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd"
                                        "\xef\xbf\xbd-\xc3\xa4\xf0\x9f\x98\x80.txt\""));
        digicheck_free(out);
    }
    /* the text rendering shows each byte that is not UTF-8 as \xNN */
    {
        char *out = render(r, DIGICHECK_OUTPUT_TEXT);
        assert_string_equal_prefix(out, "\\xff\\xc3(\\xe2\\x82-\xc3\xa4\xf0\x9f\x98\x80.txt:1:16:");
        digicheck_free(out);
    }
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* The one escaper: C0 but a tab, DEL, C1 and invalid UTF-8 as \xNN; with
 * DIGICHECK_ESCAPE_LINE line breaks and tabs as spaces; valid text as it is. */
static void test_render__escape(void **state)
{
    static const char in[] = "a\x1b]0;x\x07\tb\nc\x7f\xc2\x9b\xff\xc3\xa4\xe2\x80\xa6";
    char *out = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(digicheck_escape(in, sizeof in - 1, 0, &out, &n), DIGICHECK_OK);
    assert_string_equal(out, "a\\x1b]0;x\\x07\tb\\x0ac\\x7f\\xc2\\x9b\\xff\xc3\xa4\xe2\x80\xa6");
    assert_int_equal(n, strlen(out));
    digicheck_free(out);
    assert_int_equal(digicheck_escape(in, sizeof in - 1, DIGICHECK_ESCAPE_LINE, &out, NULL),
                     DIGICHECK_OK);
    assert_string_equal(out, "a\\x1b]0;x\\x07 b c\\x7f\\xc2\\x9b\\xff\xc3\xa4\xe2\x80\xa6");
    digicheck_free(out);
    assert_int_equal(digicheck_escape(NULL, 0, 0, &out, &n), DIGICHECK_OK);
    assert_string_equal(out, "");
    digicheck_free(out);
    assert_int_equal(digicheck_escape(NULL, 1, 0, &out, &n), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_escape("a", 1, 4, &out, &n), DIGICHECK_EINVAL);
    assert_null(out);
}

/* What digicheck_output_write hands on: the parts joined, how many, the
 * largest, and after how many parts the sink fails (0: never). */
typedef struct sink {
    char *doc;
    size_t len, parts, largest, fail_at;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *k = ctx;

    assert_true(len > 0);
    k->doc = realloc(k->doc, k->len + len + 1);
    assert_non_null(k->doc);
    memcpy(k->doc + k->len, data, len);
    k->len += len;
    k->doc[k->len] = '\0';
    k->largest = len > k->largest ? len : k->largest;
    return ++k->parts == k->fail_at;
}

/* A report of 3,000 findings written in parts is the piece
 * digicheck_output_add returns, byte for byte, in every format; text and
 * JSON come in parts of some 64 KiB, never the whole at once. */
static void test_render__write_in_parts(void **state)
{
    static const int outputs[] = { DIGICHECK_OUTPUT_TEXT, DIGICHECK_OUTPUT_JSON,
                                   DIGICHECK_OUTPUT_JSONL, DIGICHECK_OUTPUT_SARIF,
                                   DIGICHECK_OUTPUT_MARKDOWN };
    digicheck_ruleset *rs = load();
    const char sentence[] = "Der Antrag ist schriftlich zu stellen. ";
    char *text = malloc(3000 * (sizeof sentence - 1) + 1), *piece, *tail;
    digicheck_report *r;
    digicheck_error err;
    size_t i;

    (void)state;
    assert_non_null(text);
    for (i = 0; i < 3000; i++)
        memcpy(text + i * (sizeof sentence - 1), sentence, sizeof sentence - 1);
    text[3000 * (sizeof sentence - 1)] = '\0';
    r = check(rs, "viele.txt", text);
    assert_int_equal(digicheck_report_count(r), 3000);
    for (i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        digicheck_output *o = NULL, *p = NULL;
        sink k = { 0 };
        assert_int_equal(digicheck_output_new(&o, rs, outputs[i], &err), DIGICHECK_OK);
        assert_int_equal(digicheck_output_new(&p, rs, outputs[i], &err), DIGICHECK_OK);
        assert_int_equal(digicheck_output_add(o, r, &piece, NULL, &err), DIGICHECK_OK);
        assert_int_equal(digicheck_output_write(p, r, sink_write, &k, &err), DIGICHECK_OK);
        assert_string_equal(k.doc, piece);
        if (outputs[i] != DIGICHECK_OUTPUT_SARIF && outputs[i] != DIGICHECK_OUTPUT_MARKDOWN) {
            assert_true(k.parts > 1 && k.parts >= k.len / (64 << 10));
            assert_true(k.largest < (64 << 10) + 2048);
        }
        digicheck_free(piece);
        free(k.doc);
        /* the rest of the document is the same too */
        assert_int_equal(digicheck_output_finish(o, &piece, NULL, &err), DIGICHECK_OK);
        assert_int_equal(digicheck_output_finish(p, &tail, NULL, &err), DIGICHECK_OK);
        assert_string_equal(tail, piece);
        digicheck_free(piece);
        digicheck_free(tail);
        digicheck_output_free(o);
        digicheck_output_free(p);
    }
    free(text);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* A sink that fails stops the writing: DIGICHECK_EIO, no further part. */
static void test_render__write_fails(void **state)
{
    digicheck_ruleset *rs = load();
    digicheck_report *r = check(rs, "a.txt", "Der Antrag ist schriftlich zu stellen.");
    digicheck_output *o = NULL;
    digicheck_error err;
    sink k = { .fail_at = 1 };

    (void)state;
    assert_int_equal(digicheck_output_new(&o, rs, DIGICHECK_OUTPUT_JSONL, &err), DIGICHECK_OK);
    assert_int_equal(digicheck_output_write(o, r, sink_write, &k, &err), DIGICHECK_EIO);
    assert_string_equal(err.message, "could not write the document");
    assert_int_equal(k.parts, 1);
    assert_int_equal(digicheck_output_write(o, r, NULL, &k, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_output_write(o, NULL, sink_write, &k, &err), DIGICHECK_EINVAL);
    assert_int_equal(digicheck_output_write(NULL, r, sink_write, &k, &err), DIGICHECK_EINVAL);
    free(k.doc);
    digicheck_output_free(o);
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

/* Findings in one sentence share its excerpt and path (one string in the
 * report, not a copy each); a sentence clipped around each finding does
 * not, and every finding reads what it did before. */
static void test_render__findings_share_their_sentence(void **state)
{
    digicheck_ruleset *rs = load();
    digicheck_report *r = check(rs, "a.md", "# § 1 Test\n\nDas Register ist schriftlich. "
                                "Das Register.\n");
    const digicheck_finding *a, *b, *c;

    (void)state;
    assert_int_equal(digicheck_report_count(r), 3);
    a = digicheck_report_get(r, 0);
    b = digicheck_report_get(r, 1);
    c = digicheck_report_get(r, 2);
    assert_string_equal(digicheck_finding_excerpt(a), "Das Register ist schriftlich.");
    assert_ptr_equal(digicheck_finding_excerpt(a), digicheck_finding_excerpt(b));
    assert_ptr_equal(digicheck_finding_path(a), digicheck_finding_path(b));
    assert_string_equal(digicheck_finding_excerpt(c), "Das Register.");
    digicheck_report_free(r);
    digicheck_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render__json_shape),
        cmocka_unit_test(test_render__json_stream_of_reports_and_errors),
        cmocka_unit_test(test_render__sarif),
        cmocka_unit_test(test_render__open_questions),
        cmocka_unit_test(test_render__markdown),
        cmocka_unit_test(test_render__arguments),
        cmocka_unit_test(test_render__json_name_not_utf8),
        cmocka_unit_test(test_render__escape),
        cmocka_unit_test(test_render__empty_document_of_every_format),
        cmocka_unit_test(test_render__stream_opening_with_a_failed_file),
        cmocka_unit_test(test_render__write_in_parts),
        cmocka_unit_test(test_render__write_fails),
        cmocka_unit_test(test_render__findings_share_their_sentence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
