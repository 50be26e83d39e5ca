/*
 * test_segment.c -- the normalized view, its map back to the original bytes,
 * and the units: headings, Absätze, Nummern, Buchstaben, sentences and their
 * paths, on small drafts, a real excerpt of the VwVfG and large inputs.
 */
#include "unit.h"

#define PARA "\xC2\xA7"         /* § */

static digicheck_draft *parse(const char *text, int format)
{
    digicheck_draft *d = NULL;
    digicheck_error err;
    int rc = digicheck_draft_parse(&d, text, strlen(text), NULL, format, &err);

    if (rc != DIGICHECK_OK)
        fail_msg("parse failed: %d %s", rc, err.message);
    return d;
}

/* The invariants every draft must keep: pre-order, nesting, sorted and
 * non-overlapping spans per kind, an exact map. */
static void check_model(const digicheck_draft *d)
{
    size_t i, v;
    int k;

    assert_true(d->nunits >= 1);
    assert_int_equal(d->units[0].kind, DCI_UNIT_DOCUMENT);
    assert_int_equal(d->units[0].start, 0);
    assert_int_equal(d->units[0].end, d->view_len);
    if (d->view == d->src) {
        /* the view is the text itself, less white space at the end */
        for (v = d->view_len; v < d->src_len; v++)
            assert_non_null(strchr(" \t\r\n", d->src[v]));
    } else {
        assert_int_equal(d->view[d->view_len], '\0');
    }
    for (i = 1; i < d->nunits; i++) {
        const dci_unit *u = &d->units[i], *p;
        assert_true(u->parent >= 0 && (size_t)u->parent < i);
        p = &d->units[u->parent];
        assert_true(u->start < u->end);
        assert_true(p->start <= u->start && u->end <= p->end);
        if (u->kind == DCI_UNIT_SATZ) {
            assert_true(d->view[u->start] != ' ' && d->view[u->end - 1] != ' ');
            assert_null(memchr(d->view + u->start, '\n', u->end - u->start));
        }
    }
    for (k = 0; k < DCI_UNIT_KINDS; k++)
        for (i = 1; i < d->nby_kind[k]; i++)
            assert_true(d->units[d->by_kind[k][i - 1]].end <= d->units[d->by_kind[k][i]].start);
    for (v = 0; v < d->view_len; v++) {
        size_t o = dci_draft_orig(d, v);
        assert_true(o < d->src_len);
        if (d->view[v] != ' ' && d->view[v] != '\n')
            assert_int_equal(d->view[v], d->src[o]);
    }
}

/* Path of the innermost unit at the first occurrence of needle in the view. */
static void assert_path_at(const digicheck_draft *d, const char *needle, const char *want)
{
    const char *p = strstr(d->view, needle);
    dci_buf b = {0};

    if (!p)
        fail_msg("'%s' is not in the view '%s'", needle, d->view);
    dci_draft_path(d, dci_draft_innermost(d, (size_t)(p - d->view)), &b);
    if (strcmp(b.data, want) != 0)
        fail_msg("at '%s': path '%s', expected '%s'", needle, b.data, want);
    dci_buf_free(&b);
}

/* The text of the n-th unit of a kind (0-based), NUL-terminated, static. */
static const char *unit_text(const digicheck_draft *d, int kind, size_t n)
{
    static char buf[1024];
    const dci_unit *u;
    size_t len;

    assert_true(n < d->nby_kind[kind]);
    u = &d->units[d->by_kind[kind][n]];
    len = u->end - u->start < sizeof buf - 1 ? u->end - u->start : sizeof buf - 1;
    memcpy(buf, d->view + u->start, len);
    buf[len] = '\0';
    return buf;
}

static void assert_sentences(const char *text, int format, const char *const *want, size_t n)
{
    digicheck_draft *d = parse(text, format);
    size_t i;

    check_model(d);
    for (i = 0; i < n && i < d->nby_kind[DCI_UNIT_SATZ]; i++)
        assert_string_equal(unit_text(d, DCI_UNIT_SATZ, i), want[i]);
    assert_int_equal(d->nby_kind[DCI_UNIT_SATZ], n);
    digicheck_draft_free(d);
}

/* ---- the view ------------------------------------------------------------------ */

static void test_segment__view_folds_white_space(void **state)
{
    digicheck_draft *d;

    (void)state;
    d = parse("  Der  Antrag\tist\n   schriftlich \r\n zu stellen.  \n\n\n Neuer   Block. ",
              DIGICHECK_FORMAT_TEXT);
    assert_string_equal(d->view, "Der Antrag ist schriftlich zu stellen.\nNeuer Block.");
    check_model(d);
    /* every view offset maps exactly: "schriftlich" starts at byte 20 */
    assert_int_equal(dci_draft_orig(d, (size_t)(strstr(d->view, "schriftlich") - d->view)),
                     (size_t)(strstr(d->src, "schriftlich") - d->src));
    assert_int_equal(dci_draft_orig(d, (size_t)(strstr(d->view, "Neuer") - d->view)),
                     (size_t)(strstr(d->src, "Neuer") - d->src));
    /* the end of the view maps just behind the last character */
    assert_int_equal(dci_draft_orig(d, d->view_len),
                     (size_t)(strstr(d->src, "Block.") - d->src) + 6);
    digicheck_draft_free(d);
}

/* A text that normalizing changes only in white space put for white space,
 * byte for byte (a sentence a line), is rewritten as its view: the draft
 * holds its bytes once, and the text as read is made when a host asks for
 * it. Where the changes would take more than a copy ("a\nb\nc.", 4 bytes
 * each), the view is a copy. */
static void test_segment__view_is_the_text_patched_in_place(void **state)
{
    static const char text[] = "Der Antrag ist\nschriftlich zu stellen.\nEr\twird "
                               "gepr\xC3\xBC" "ft.\n";
    static const char view[] = "Der Antrag ist schriftlich zu stellen. Er wird "
                               "gepr\xC3\xBC" "ft.";
    digicheck_draft *d;
    const char *t;
    size_t len;
    long line, col;

    (void)state;
    d = parse(text, DIGICHECK_FORMAT_TEXT);
    assert_ptr_equal(d->view, d->src);
    assert_int_equal(d->view_len, strlen(view));
    assert_memory_equal(d->view, view, d->view_len);
    assert_int_equal(d->npatches, 3);
    check_model(d);
    t = digicheck_draft_text(d, &len);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(t, text, len + 1);
    assert_ptr_equal(digicheck_draft_text(d, NULL), t);     /* made once */
    /* lines and columns are those of the text as read */
    dci_draft_linecol(d, (size_t)(strstr(t, "wird") - t), &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 4);
    digicheck_draft_free(d);
}

/* A text that normalizing leaves as it is, but for white space at its end,
 * is its own view: a draft holds its bytes once. */
static void test_segment__view_is_the_text_when_unchanged(void **state)
{
    static const char *const same[] = {"Der Antrag ist zu stellen.",
                                       "Der Antrag ist zu stellen. Er wird gepr\xC3\xBC" "ft.\n"};
    static const char *const changed[] = {"Der  Antrag.", "a\nb\nc.",
                                          "\xEF\xBB\xBF" "Der Antrag."};
    digicheck_draft *d;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof same / sizeof *same; i++) {
        d = parse(same[i], DIGICHECK_FORMAT_TEXT);
        assert_ptr_equal(d->view, d->src);
        assert_memory_equal(d->view, same[i], d->view_len);
        check_model(d);
        digicheck_draft_free(d);
    }
    for (i = 0; i < sizeof changed / sizeof *changed; i++) {
        d = parse(changed[i], DIGICHECK_FORMAT_TEXT);
        assert_ptr_not_equal(d->view, d->src);
        check_model(d);
        digicheck_draft_free(d);
    }
}

static void test_segment__view_drops_soft_hyphens(void **state)
{
    digicheck_draft *d;

    (void)state;
    /* U+00AD inside a word and at a line end */
    d = parse("Die Schrift\xC2\xAD" "form ist zu wah\xC2\xAD\nren.", DIGICHECK_FORMAT_TEXT);
    assert_string_equal(d->view, "Die Schriftform ist zu wahren.");
    assert_int_equal(dci_draft_orig(d, (size_t)(strstr(d->view, "form") - d->view)),
                     (size_t)(strstr(d->src, "form") - d->src));
    check_model(d);
    digicheck_draft_free(d);

    /* no-break spaces read as spaces: "§ 3" matches */
    d = parse("nach " PARA "\xC2\xA0" "3 Abs.\xE2\x80\xAF" "2", DIGICHECK_FORMAT_TEXT);
    assert_string_equal(d->view, "nach " PARA " 3 Abs. 2");
    check_model(d);
    digicheck_draft_free(d);
}

static void test_segment__hyphen_joins_word_fragments(void **state)
{
    digicheck_draft *d;
    size_t v;

    (void)state;
    d = parse("Die Schrift-\n  form wird durch die elektronische Form ersetzt.",
              DIGICHECK_FORMAT_TEXT);
    assert_string_equal(d->view, "Die Schriftform wird durch die elektronische Form ersetzt.");
    /* the joined word maps back piecewise: "form" to the next line */
    v = (size_t)(strstr(d->view, "form") - d->view);
    assert_int_equal(dci_draft_orig(d, v), (size_t)(strstr(d->src, "form") - d->src));
    assert_int_equal(dci_draft_orig(d, v - 1), (size_t)(strstr(d->src, "t-") - d->src));
    check_model(d);
    digicheck_draft_free(d);
}

static void test_segment__hyphen_keeps_real_hyphens(void **state)
{
    digicheck_draft *d;

    (void)state;
    d = parse("nach \xC2\xA7 5 des De-\nMail-Gesetzes, frei von Sach-\nund Rechtsm\xC3\xA4ngeln, "
              "die Ein-\noder Ausfuhr, Fracht-, Liefer-\nbzw. Versandkosten, ein "
              "\xC3\xB6" "ffentlich-\n"
              "rechtlicher Vertrag, UVP-\npflichtige Vorhaben, das Windenergie-\nauf-See-Gesetz, "
              "Teilzeit-\nWohnrechtevertrag.", DIGICHECK_FORMAT_TEXT);
    assert_non_null(strstr(d->view, "des De-Mail-Gesetzes,"));
    assert_non_null(strstr(d->view, "Sach- und Rechtsm\xC3\xA4ngeln"));
    assert_non_null(strstr(d->view, "Ein- oder Ausfuhr"));
    assert_non_null(strstr(d->view, "Liefer- bzw. Versandkosten"));
    assert_non_null(strstr(d->view, "\xC3\xB6" "ffentlich-rechtlicher Vertrag"));
    assert_non_null(strstr(d->view, "UVP-pflichtige"));
    assert_non_null(strstr(d->view, "Windenergie-auf-See-Gesetz"));
    assert_non_null(strstr(d->view, "Teilzeit-Wohnrechtevertrag"));
    check_model(d);
    digicheck_draft_free(d);

    /* a hyphen before a blank line, a dash and a list item stay as they are */
    d = parse("Erstens Ein-\n\nund zweitens -\nein Strich", DIGICHECK_FORMAT_TEXT);
    assert_string_equal(d->view, "Erstens Ein-\nund zweitens - ein Strich");
    check_model(d);
    digicheck_draft_free(d);
}

static void test_segment__hyphen_in_corpus_style_markdown(void **state)
{
    /* BGB § 433 and § 435 style: wrapped only after real hyphens */
    static const char text[] =
        "## " PARA " 433 Vertragstypische Pflichten beim Kaufvertrag\n\n"
        "(1) Durch den Kaufvertrag wird der Verk\xC3\xA4ufer einer Sache verpflichtet, dem\n"
        "K\xC3\xA4ufer die Sache zu \xC3\xBC" "bergeben und das Eigentum an der Sache zu "
        "verschaffen.\n"
        "Der Verk\xC3\xA4ufer hat dem K\xC3\xA4ufer die Sache frei von Sach- und "
        "Rechtsm\xC3\xA4ngeln zu\n"
        "verschaffen.\n\n"
        "(2) Ist ein Recht verkauft, so ist der Verk\xC3\xA4ufer verpflichtet, dem "
        "K\xC3\xA4ufer die Sache frei von Sach-\n"
        "und Rechtsm\xC3\xA4ngeln zu \xC3\xBC" "bergeben.\n";
    digicheck_draft *d = parse(text, DIGICHECK_FORMAT_MARKDOWN);
    const char *first = strstr(d->view, "Sach- und Rechtsm");

    (void)state;
    assert_non_null(first);
    assert_non_null(strstr(first + 1, "Sach- und Rechtsm"));
    assert_path_at(d, "Der Verk", PARA " 433 Abs. 1 Satz 2");
    assert_path_at(d, "Ist ein Recht", PARA " 433 Abs. 2 Satz 1");
    check_model(d);
    digicheck_draft_free(d);
}

static void test_segment__markdown_escapes_and_front_matter(void **state)
{
    digicheck_draft *d;

    (void)state;
    d = parse("---\nTitle: Gesetz\njurabk: G\n\n---\n\n# Gesetz \\*) ##\n\nvom\n13\\. Juni 1990.\n",
              DIGICHECK_FORMAT_MARKDOWN);
    assert_string_equal(d->view, "Gesetz *)\nvom 13. Juni 1990.");
    assert_int_equal(dci_draft_orig(d, 0), (size_t)(strstr(d->src, "# Gesetz") - d->src) + 2);
    check_model(d);
    digicheck_draft_free(d);
}

/* ---- structure ------------------------------------------------------------------- */

static const char statute[] =
    "# Entwurf eines Gesetzes \xC3\xBC" "ber Lastenr\xC3\xA4" "der\n\n"
    "## Eingangsformel\n\n"
    "Der Bundestag hat das folgende Gesetz beschlossen:\n\n"
    "## Artikel 1 Gesetz \xC3\xBC" "ber die F\xC3\xB6rderung\n\n"
    "### " PARA " 1 Zweck\n\n"
    "Dieses Gesetz regelt die F\xC3\xB6rderung. Es gilt bundesweit.\n\n"
    "### " PARA " 2 Antrag\n\n"
    "(1) Der Antrag ist schriftlich zu stellen. Ihm sind beizuf\xC3\xBCgen:\n\n"
    "1.  der Kaufbeleg,\n\n"
    "2.  eine Erkl\xC3\xA4rung \xC3\xBC" "ber\n\n"
    "    a)  die Nutzung und\n\n"
    "    b)  den Standort.\n\n"
    "Die Bewilligungsstelle kann weitere Unterlagen verlangen.\n\n"
    "(2a) Der Antrag kann elektronisch gestellt werden.\n\n"
    "### (XXXX) " PARA PARA " 3 bis 5 (weggefallen)\n\n"
    "Hinweis ohne Paragraf.\n\n"
    "## Artikel 2 Inkrafttreten\n\n"
    "Dieses Gesetz tritt am Tag nach der Verk\xC3\xBCndung in Kraft.\n";

static void test_segment__markdown_units_and_paths(void **state)
{
    digicheck_draft *d = parse(statute, DIGICHECK_FORMAT_MARKDOWN);
    const dci_unit *u;
    char buf[DCI_NUM_MAX];

    (void)state;
    check_model(d);
    assert_int_equal(d->nby_kind[DCI_UNIT_ARTIKEL], 2);
    assert_int_equal(d->nby_kind[DCI_UNIT_PARAGRAPH], 2);
    assert_int_equal(d->nby_kind[DCI_UNIT_NUMMER], 2);
    assert_int_equal(d->nby_kind[DCI_UNIT_BUCHSTABE], 2);
    /* text outside §/Artikel is in no Absatz and no Satz */
    assert_path_at(d, "Der Bundestag", "");
    assert_path_at(d, "Entwurf", "");
    assert_path_at(d, "Dieses Gesetz regelt", "Art. 1 " PARA " 1 Satz 1");
    assert_path_at(d, "Es gilt", "Art. 1 " PARA " 1 Satz 2");
    assert_path_at(d, "Der Antrag ist", "Art. 1 " PARA " 2 Abs. 1 Satz 1");
    assert_path_at(d, "Ihm sind", "Art. 1 " PARA " 2 Abs. 1 Satz 2");
    assert_path_at(d, "der Kaufbeleg", "Art. 1 " PARA " 2 Abs. 1 Nr. 1 Satz 1");
    assert_path_at(d, "eine Erkl", "Art. 1 " PARA " 2 Abs. 1 Nr. 2 Satz 1");
    assert_path_at(d, "den Standort", "Art. 1 " PARA " 2 Abs. 1 Nr. 2 Buchst. b Satz 1");
    /* after the list the Absatz goes on */
    assert_path_at(d, "Die Bewilligungsstelle", "Art. 1 " PARA " 2 Abs. 1 Satz 3");
    assert_path_at(d, "elektronisch", "Art. 1 " PARA " 2 Abs. 2a Satz 1");
    /* a "weggefallen" heading ends the §, the Artikel goes on */
    assert_path_at(d, "Hinweis ohne", "Art. 1");
    assert_path_at(d, "tritt am Tag", "Art. 2 Satz 1");

    /* markers are in the unit, not in the sentence */
    assert_string_equal(unit_text(d, DCI_UNIT_NUMMER, 0), "1. der Kaufbeleg,");
    assert_string_equal(unit_text(d, DCI_UNIT_BUCHSTABE, 1), "b) den Standort.");
    assert_string_equal(unit_text(d, DCI_UNIT_ABSATZ, 2),
                        "(2a) Der Antrag kann elektronisch gestellt werden.");
    /* headings: the § starts at "§", its head is the title */
    u = &d->units[d->by_kind[DCI_UNIT_PARAGRAPH][1]];
    assert_int_equal(strncmp(d->view + u->start, PARA " 2 Antrag", 10), 0);
    assert_int_equal(u->head_end - u->head_start, 6);
    assert_int_equal(strncmp(d->view + u->head_start, "Antrag", 6), 0);
    assert_string_equal(dci_unit_num(u, d->nums, buf), "2");
    u = &d->units[d->by_kind[DCI_UNIT_ARTIKEL][0]];
    assert_int_equal(strncmp(d->view + u->head_start, "Gesetz \xC3\xBC" "ber die F", 12), 0);
    digicheck_draft_free(d);
}

static void test_segment__paragraph_without_absatz(void **state)
{
    digicheck_draft *d;

    (void)state;
    d = parse("## " PARA " 3 Frist\n\nDie Frist betr\xC3\xA4gt zwei Wochen. Sie beginnt mit der "
              "Zustellung.\n", DIGICHECK_FORMAT_MARKDOWN);
    check_model(d);
    assert_int_equal(d->nby_kind[DCI_UNIT_ABSATZ], 1);
    assert_int_equal(d->units[d->by_kind[DCI_UNIT_ABSATZ][0]].num, 0);
    assert_path_at(d, "Sie beginnt", PARA " 3 Satz 2");
    digicheck_draft_free(d);
}

static void test_segment__plain_text_without_structure(void **state)
{
    digicheck_draft *d;

    (void)state;
    d = parse("Der Antrag ist schriftlich zu stellen. Die Frist betr\xC3\xA4gt zwei Wochen.",
              DIGICHECK_FORMAT_TEXT);
    check_model(d);
    assert_int_equal(d->nby_kind[DCI_UNIT_ABSATZ], 1);
    assert_int_equal(d->nby_kind[DCI_UNIT_SATZ], 2);
    assert_path_at(d, "Der Antrag", "Satz 1");
    assert_path_at(d, "Die Frist", "Satz 2");
    digicheck_draft_free(d);

    /* a heading-less Markdown draft is one Absatz as well */
    d = parse("# Stellungnahme\n\nDer Antrag ist zu stellen.\n", DIGICHECK_FORMAT_MARKDOWN);
    check_model(d);
    assert_path_at(d, "Der Antrag", "Satz 2");
    digicheck_draft_free(d);
}

static void test_segment__plain_text_statute(void **state)
{
    static const char text[] =
        "Verordnung \xC3\xBC" "ber die Anzeige von Veranstaltungen\n\n"
        PARA " 1\nAnzeige\n"
        "(1) Wer eine Veranstaltung durchf\xC3\xBChrt, hat sie schriftlich anzuzeigen.\n"
        "(2) Der Anzeige sind beizuf\xC3\xBCgen:\n"
        "1. der Lageplan,\n"
        "2. das Sicherheitskonzept und\n"
        "3. die Erkl\xC3\xA4rung nach " PARA " 4\n"
        "Abs. 2.\n\n"
        PARA " 2 Inkrafttreten\n"
        "Diese Verordnung tritt am\n"
        "1. Januar 2026 in Kraft. Sie gilt f\xC3\xBCr Anzeigen nach " PARA "\n"
        "33a. Das ist ein Satz.\n\n"
        PARA " 3 Abs. 1 gilt entsprechend f\xC3\xBCr Anzeigen, die\n"
        "vor dem Stichtag eingehen.\n\n"
        "Anlage (zu " PARA " 1)\n\n"
        "Muster.\n";
    digicheck_draft *d = parse(text, DIGICHECK_FORMAT_TEXT);
    const dci_unit *u;

    (void)state;
    check_model(d);
    assert_int_equal(d->nby_kind[DCI_UNIT_PARAGRAPH], 2);
    assert_path_at(d, "Verordnung", "");
    /* "§ 1" above its title */
    u = &d->units[d->by_kind[DCI_UNIT_PARAGRAPH][0]];
    assert_int_equal(strncmp(d->view + u->head_start, "Anzeige", u->head_end - u->head_start), 0);
    assert_int_equal(u->head_end - u->head_start, 7);
    assert_path_at(d, "Wer eine", PARA " 1 Abs. 1 Satz 1");
    assert_path_at(d, "das Sicherheits", PARA " 1 Abs. 2 Nr. 2 Satz 1");
    assert_path_at(d, "die Erkl", PARA " 1 Abs. 2 Nr. 3 Satz 1");
    /* wrapped "1. Januar" and "33a. Das" are no Nummern */
    assert_int_equal(d->nby_kind[DCI_UNIT_NUMMER], 3);
    assert_path_at(d, "Diese Verordnung", PARA " 2 Satz 1");
    assert_path_at(d, "Sie gilt", PARA " 2 Satz 2");
    assert_path_at(d, "Das ist", PARA " 2 Satz 3");
    /* a paragraph that starts with a reference is no heading */
    assert_path_at(d, PARA " 3 Abs. 1 gilt", PARA " 2 Satz 4");
    assert_path_at(d, "Muster", "Anlage Satz 1");
    digicheck_draft_free(d);
}

static void test_segment__amendment_article(void **state)
{
    static const char text[] =
        "Artikel 1\n\xC3\x84nderung des Verwaltungsverfahrensgesetzes\n\n"
        "Das Verwaltungsverfahrensgesetz in der Fassung der Bekanntmachung vom 23. Januar 2003\n"
        "(BGBl. I S. 102), das zuletzt durch Artikel 1 des Gesetzes vom 4. Mai 2021 (BGBl. I\n"
        "S. 882) ge\xC3\xA4ndert worden ist, wird wie folgt ge\xC3\xA4ndert:\n\n"
        "1. " PARA " 3a wird wie folgt ge\xC3\xA4ndert:\n"
        "a) In Absatz 2 Satz 1 wird das Wort \xE2\x80\x9Eschriftlich\xE2\x80\x9C durch das Wort "
        "\xE2\x80\x9E" "elektronisch\xE2\x80\x9C ersetzt.\n"
        "b) Absatz 3 wird aufgehoben.\n"
        "2. " PARA " 37 Absatz 2 Satz 2 wird aufgehoben.\n\n"
        "Artikel 2\nInkrafttreten\n\n"
        "Dieses Gesetz tritt am Tag nach der Verk\xC3\xBCndung in Kraft.\n";
    digicheck_draft *d = parse(text, DIGICHECK_FORMAT_AUTO);

    (void)state;
    check_model(d);
    assert_int_equal(d->format, DIGICHECK_FORMAT_TEXT);
    assert_path_at(d, "Das Verwaltungsverfahrensgesetz in", "Art. 1 Satz 1");
    assert_path_at(d, "In Absatz 2", "Art. 1 Nr. 1 Buchst. a Satz 1");
    assert_path_at(d, "Absatz 3 wird", "Art. 1 Nr. 1 Buchst. b Satz 1");
    assert_path_at(d, PARA " 37", "Art. 1 Nr. 2 Satz 1");
    assert_path_at(d, "Dieses Gesetz", "Art. 2 Satz 1");
    /* the long first sentence is one: "vom 23. Januar", "BGBl. I S. 102" */
    assert_int_equal(d->nby_kind[DCI_UNIT_SATZ], 6);
    digicheck_draft_free(d);
}

/* ---- sentences ----------------------------------------------------------------- */

static void test_segment__sentences_keep_abbreviations(void **state)
{
    static const char *const want[] = {
        "Nach " PARA " 3 Abs. 2 Satz 1 i. V. m. Art. 5 Nr. 2 Buchst. a ist z. B. die Frist "
        "gem. Anl. 1 Ziff. 3 bzw. lit. b einzuhalten.",
        "Das Gesetz vom 1. Januar 2020 (BGBl. I S. 1) gilt ab dem 2. Abschnitt usw. fort.",
        "Vgl. dazu Dr. M\xC3\xBCller u. a. und BGBl. II S. 7 ff. VwVfG usw.",
        "Wer?",
        "Er!",
        ("\xE2\x80\x9E" "Zitat.\xE2\x80\x9C"),
        "Ende.",
    };

    (void)state;
    assert_sentences("Nach " PARA " 3 Abs. 2 Satz 1 i. V. m. Art. 5 Nr. 2 Buchst. a ist z. B. die "
                     "Frist gem. Anl. 1 Ziff. 3 bzw. lit. b einzuhalten. Das Gesetz vom 1. Januar "
                     "2020 (BGBl. I S. 1) gilt ab dem 2. Abschnitt usw. fort. Vgl. dazu Dr. "
                     "M\xC3\xBCller u. a. und BGBl. II S. 7 ff. VwVfG usw. Wer? Er! "
                     "\xE2\x80\x9E" "Zitat."
                     "\xE2\x80\x9C Ende.",
                     DIGICHECK_FORMAT_TEXT, want, sizeof want / sizeof want[0]);
}

static void test_segment__sentences_split(void **state)
{
    static const char *const want[] = {
        "Die Frist endet mit Ablauf des Jahres 2020.",
        "Es gilt Absatz 2.",
        PARA " 5 bleibt unber\xC3\xBChrt.",
        "(Satz in Klammern.)",
        "\xC3\x84nderungen sind zul\xC3\xA4ssig...",
        "Ende",
    };

    (void)state;
    assert_sentences("Die Frist endet mit Ablauf des Jahres 2020. Es gilt Absatz 2. " PARA " 5 "
                     "bleibt unber\xC3\xBChrt. (Satz in Klammern.) \xC3\x84nderungen sind "
                     "zul\xC3\xA4ssig... Ende", DIGICHECK_FORMAT_TEXT, want,
                     sizeof want / sizeof want[0]);
}

static void test_segment__sentences_restart_per_unit(void **state)
{
    digicheck_draft *d;

    (void)state;
    d = parse("## " PARA " 1 T\n\n(1) Eins. Zwei.\n\n(2) Drei:\n\n1.  vier. F\xC3\xBCnf.\n\n"
              "2.  sechs.\n", DIGICHECK_FORMAT_MARKDOWN);
    check_model(d);
    assert_path_at(d, "Zwei", PARA " 1 Abs. 1 Satz 2");
    assert_path_at(d, "Drei", PARA " 1 Abs. 2 Satz 1");
    assert_path_at(d, "vier", PARA " 1 Abs. 2 Nr. 1 Satz 1");
    assert_path_at(d, "F\xC3\xBCnf", PARA " 1 Abs. 2 Nr. 1 Satz 2");
    assert_path_at(d, "sechs", PARA " 1 Abs. 2 Nr. 2 Satz 1");
    digicheck_draft_free(d);
}

/* ---- a real statute --------------------------------------------------------------- */

/* VwVfG § 3 (excerpt) and § 33 (5), as they stand in shared/corpus/gesetze/vwvfg.md. */
static const char vwvfg[] =
    "#### " PARA " 3 \xC3\x96rtliche Zust\xC3\xA4ndigkeit\n"
    "\n"
    "(1) \xC3\x96rtlich zust\xC3\xA4ndig ist\n"
    "\n"
    "1.  in Angelegenheiten, die sich auf unbewegliches Verm\xC3\xB6gen oder ein\n"
    "    ortsgebundenes Recht oder Rechtsverh\xC3\xA4ltnis beziehen, die Beh\xC3\xB6rde, in\n"
    "    deren Bezirk das Verm\xC3\xB6gen oder der Ort liegt;\n"
    "\n"
    "\n"
    "3.  in anderen Angelegenheiten, die\n"
    "\n"
    "    a)  eine nat\xC3\xBCrliche Person betreffen, die Beh\xC3\xB6rde, in deren Bezirk die\n"
    "        nat\xC3\xBCrliche Person ihren gew\xC3\xB6hnlichen Aufenthalt hat oder zuletzt\n"
    "        hatte,\n"
    "\n"
    "\n"
    "    b)  eine juristische Person oder eine Vereinigung betreffen, die Beh\xC3\xB6rde,\n"
    "        in deren Bezirk die juristische Person oder die Vereinigung ihren Sitz\n"
    "        hat oder zuletzt hatte;\n"
    "\n"
    "\n"
    "\n"
    "\n"
    "(2) Sind nach Absatz 1 mehrere Beh\xC3\xB6rden zust\xC3\xA4ndig, so entscheidet die\n"
    "Beh\xC3\xB6rde, die zuerst mit der Sache befasst worden ist, es sei denn, die\n"
    "gemeinsame fachlich zust\xC3\xA4ndige Aufsichtsbeh\xC3\xB6rde bestimmt, dass eine\n"
    "andere \xC3\xB6rtlich zust\xC3\xA4ndige Beh\xC3\xB6rde zu entscheiden hat. Sie kann in den\n"
    "F\xC3\xA4llen, in denen eine gleiche Angelegenheit sich auf mehrere\n"
    "Betriebsst\xC3\xA4tten eines Betriebs oder Unternehmens bezieht, eine der\n"
    "nach Absatz 1 Nr. 2 zust\xC3\xA4ndigen Beh\xC3\xB6rden als gemeinsame zust\xC3\xA4ndige\n"
    "Beh\xC3\xB6rde bestimmen, wenn dies unter Wahrung der Interessen der\n"
    "Beteiligten zur einheitlichen Entscheidung geboten ist.\n"
    "\n"
    "\n"
    "#### " PARA " 33 Beglaubigung von Dokumenten\n"
    "\n"
    "(5) Der Beglaubigungsvermerk muss zus\xC3\xA4tzlich zu den Angaben nach\n"
    "Absatz 3 Satz 2 bei der Beglaubigung\n"
    "\n"
    "1.  des Ausdrucks eines elektronischen Dokuments, das mit einer\n"
    "    qualifizierten elektronischen Signatur verbunden ist, die\n"
    "    Feststellungen enthalten,\n"
    "\n"
    "2.  eines elektronischen Dokuments den Namen des f\xC3\xBCr die Beglaubigung\n"
    "    zust\xC3\xA4ndigen Bediensteten und die Bezeichnung der Beh\xC3\xB6rde, die die\n"
    "    Beglaubigung vornimmt, enthalten; die Unterschrift des f\xC3\xBCr die\n"
    "    Beglaubigung zust\xC3\xA4ndigen Bediensteten und das Dienstsiegel nach Absatz\n"
    "    3 Satz 2 Nr. 4 werden durch eine dauerhaft "
    "\xC3\xBC" "berpr\xC3\xBC" "fbare qualifizierte\n"
    "    elektronische Signatur ersetzt.\n"
    "\n"
    "\n"
    "\n"
    "Wird ein elektronisches Dokument, das ein anderes technisches Format\n"
    "als das mit einer qualifizierten elektronischen Signatur verbundene\n"
    "Ausgangsdokument erhalten hat, nach Satz 1 Nr. 2 beglaubigt, muss der\n"
    "Beglaubigungsvermerk zus\xC3\xA4tzlich die Feststellungen nach Satz 1 Nr. 1\n"
    "f\xC3\xBCr das Ausgangsdokument enthalten.\n";

static void test_segment__vwvfg_excerpt(void **state)
{
    digicheck_draft *d = parse(vwvfg, DIGICHECK_FORMAT_MARKDOWN);
    long line, col;
    const char *p;

    (void)state;
    check_model(d);
    assert_path_at(d, "rtlich zust\xC3\xA4ndig ist", PARA " 3 Abs. 1 Satz 1");
    assert_path_at(d, "ortsgebundenes", PARA " 3 Abs. 1 Nr. 1 Satz 1");
    assert_path_at(d, "in anderen", PARA " 3 Abs. 1 Nr. 3 Satz 1");
    assert_path_at(d, "eine juristische", PARA " 3 Abs. 1 Nr. 3 Buchst. b Satz 1");
    assert_path_at(d, "Sie kann", PARA " 3 Abs. 2 Satz 2");
    assert_path_at(d, "Dienstsiegel", PARA " 33 Abs. 5 Nr. 2 Satz 1");
    assert_path_at(d, "Wird ein elektronisches", PARA " 33 Abs. 5 Satz 2");
    /* "Nr. 2" inside the Satz does not split it; the wrapped "3 Satz 2 Nr. 4"
     * is no Nummer */
    assert_int_equal(d->nby_kind[DCI_UNIT_NUMMER], 4);
    assert_string_equal(unit_text(d, DCI_UNIT_SATZ, 5),
                        "Sind nach Absatz 1 mehrere Beh\xC3\xB6rden zust\xC3\xA4ndig, so "
                        "entscheidet die Beh\xC3\xB6rde, die zuerst mit der Sache befasst worden "
                        "ist, es sei denn, die gemeinsame fachlich zust\xC3\xA4ndige "
                        "Aufsichtsbeh\xC3\xB6rde bestimmt, dass eine andere \xC3\xB6rtlich "
                        "zust\xC3\xA4ndige Beh\xC3\xB6rde zu entscheiden hat.");
    /* a finding in the view maps back to the line and column of the file */
    p = strstr(d->view, "Vereinigung ihren Sitz");
    dci_draft_linecol(d, dci_draft_orig(d, (size_t)(p - d->view)), &line, &col);
    assert_int_equal(line, 18);
    assert_int_equal(col, 57);
    digicheck_draft_free(d);
}

/* VwVfG § 1 Abs. 1: the words below the Nummern finish the intro sentence;
 * a new sentence after a list starts the next number. */
static void test_segment__closing_words_after_a_list(void **state)
{
    digicheck_draft *d = parse(
        "## " PARA " 1 Anwendungsbereich\n\n"
        "(1) Dieses Gesetz gilt f\xC3\xBCr die Verwaltungst\xC3\xA4tigkeit der Beh\xC3\xB6rden\n\n"
        "1.  des Bundes,\n\n"
        "2.  der L\xC3\xA4nder,\n\n"
        "soweit nicht Rechtsvorschriften des Bundes entgegenstehen. Das gilt auch hier.\n\n"
        "(2) Zust\xC3\xA4ndig sind:\n\n"
        "1.  die Beh\xC3\xB6rde,\n\n"
        "2.  das Amt.\n\n"
        "Die Aufsicht bleibt unber\xC3\xBChrt.\n\n"
        "(3) Der Antrag ist zu stellen.\n\n"
        "1.  erstens\n\n"
        "und weiter.\n", DIGICHECK_FORMAT_MARKDOWN);

    (void)state;
    check_model(d);
    assert_path_at(d, "Dieses Gesetz", PARA " 1 Abs. 1 Satz 1");
    assert_path_at(d, "soweit nicht", PARA " 1 Abs. 1 Satz 1");
    assert_path_at(d, "Das gilt auch", PARA " 1 Abs. 1 Satz 2");
    /* the intro ends in a colon, but the text after the list is a new sentence */
    assert_path_at(d, "Die Aufsicht", PARA " 1 Abs. 2 Satz 2");
    /* the intro was a whole sentence: lower case after the list starts Satz 2 */
    assert_path_at(d, "und weiter", PARA " 1 Abs. 3 Satz 2");
    digicheck_draft_free(d);
}

static void test_segment__markdown_footnotes_hold_no_sentences(void **state)
{
    digicheck_draft *d;

    (void)state;
    d = parse("##### " PARA " 14 Unternehmer\n\n[^N1]\n\n(1) Unternehmer ist, wer handelt.\n\n"
              "[^N1]:     **Amtlicher Hinweis:** Diese Vorschrift dient der\n"
              "    Umsetzung von Richtlinien.\n", DIGICHECK_FORMAT_MARKDOWN);
    check_model(d);
    assert_int_equal(d->nby_kind[DCI_UNIT_SATZ], 1);
    assert_int_equal(d->nby_kind[DCI_UNIT_ABSATZ], 1);
    assert_path_at(d, "[^N1]", PARA " 14");
    assert_path_at(d, "Umsetzung", PARA " 14 Abs. 1");
    digicheck_draft_free(d);
}

/* ---- size ---------------------------------------------------------------------- */

static void test_segment__one_megabyte_line(void **state)
{
    static const char piece[] = "Der Antrag ist schriftlich nach " PARA " 3 Abs. 2 z. B. am 1. "
                                "Januar zu stellen, ";
    size_t n = 1024 * 1024, len = strlen(piece), i;
    char *text = malloc(n + 1);
    digicheck_draft *d;
    digicheck_error err;
    long line, col;

    (void)state;
    assert_non_null(text);
    for (i = 0; i + len < n; i += len)
        memcpy(text + i, piece, len);
    memset(text + i, 'x', n - i);
    text[n - 1] = '.';
    text[n] = '\0';
    assert_int_equal(digicheck_draft_parse(&d, text, n, NULL, DIGICHECK_FORMAT_TEXT, &err),
                     DIGICHECK_OK);
    assert_int_equal(d->nlines, 1);
    assert_int_equal(d->nby_kind[DCI_UNIT_SATZ], 1);    /* no split in the abbreviations */
    assert_int_equal(d->view_len, n);
    dci_draft_linecol(d, n - 1, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, (long)dci_utf8_count(text, n - 1) + 1);
    digicheck_draft_free(d);
    free(text);
}

static void test_segment__twenty_megabytes(void **state)
{
    static const char block[] =
        "## " PARA " %zu Antrag\n\n"
        "(1) Der Antrag ist schrift-\nlich zu stellen. Die Frist betr\xC3\xA4gt nach Abs. 2\n"
        "zwei Wochen.\r\n\r\n(2) Beizuf\xC3\xBCgen sind\n\n1.  der Beleg und\n\n"
        "2.  die Vollmacht.\n\n";
    size_t cap = 20u * 1024 * 1024, len = 0, n = 0;
    char *text = malloc(cap + 256);
    digicheck_draft *d;
    digicheck_error err;
    dci_buf b = {0};
    size_t last;

    (void)state;
    assert_non_null(text);
    while (len < cap)
        len += (size_t)sprintf(text + len, block, ++n);
    assert_int_equal(digicheck_draft_parse(&d, text, len, "big.md", 0, &err), DIGICHECK_OK);
    assert_int_equal(d->nby_kind[DCI_UNIT_PARAGRAPH], n);
    assert_int_equal(d->nby_kind[DCI_UNIT_ABSATZ], 2 * n);
    assert_int_equal(d->nby_kind[DCI_UNIT_NUMMER], 2 * n);
    assert_int_equal(d->nby_kind[DCI_UNIT_SATZ], 5 * n);
    last = d->by_kind[DCI_UNIT_SATZ][d->nby_kind[DCI_UNIT_SATZ] - 1];
    dci_draft_path(d, last, &b);
    {
        char want[64];
        sprintf(want, PARA " %zu Abs. 2 Nr. 2 Satz 1", n);
        assert_string_equal(b.data, want);
    }
    assert_non_null(strstr(d->view + d->view_len - 200, "Der Antrag ist schriftlich zu stellen."));
    dci_buf_free(&b);
    digicheck_draft_free(d);
    free(text);
}

/* A footnote reference alone on a line before "(5)" does not merge the
 * Absatz into the one before; inside a sentence it does not split one. */
static void test_segment__footnote_reference_before_an_absatz(void **state)
{
    digicheck_draft *d = parse("### " PARA " 1 Eins\n\n(4) Vier ist hier.\n\n[^F1]\n(5) F\xC3\xBCnf "
                               "ist die Zahl, die den\n[^F2]\nRang hat.\n",
                               DIGICHECK_FORMAT_MARKDOWN);

    (void)state;
    check_model(d);
    assert_path_at(d, "Vier", PARA " 1 Abs. 4 Satz 1");
    assert_path_at(d, "nf ist", PARA " 1 Abs. 5 Satz 1");
    digicheck_draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segment__view_folds_white_space),
        cmocka_unit_test(test_segment__footnote_reference_before_an_absatz),
        cmocka_unit_test(test_segment__view_is_the_text_when_unchanged),
        cmocka_unit_test(test_segment__view_is_the_text_patched_in_place),
        cmocka_unit_test(test_segment__view_drops_soft_hyphens),
        cmocka_unit_test(test_segment__hyphen_joins_word_fragments),
        cmocka_unit_test(test_segment__hyphen_keeps_real_hyphens),
        cmocka_unit_test(test_segment__hyphen_in_corpus_style_markdown),
        cmocka_unit_test(test_segment__markdown_escapes_and_front_matter),
        cmocka_unit_test(test_segment__markdown_units_and_paths),
        cmocka_unit_test(test_segment__paragraph_without_absatz),
        cmocka_unit_test(test_segment__plain_text_without_structure),
        cmocka_unit_test(test_segment__plain_text_statute),
        cmocka_unit_test(test_segment__amendment_article),
        cmocka_unit_test(test_segment__sentences_keep_abbreviations),
        cmocka_unit_test(test_segment__sentences_split),
        cmocka_unit_test(test_segment__sentences_restart_per_unit),
        cmocka_unit_test(test_segment__vwvfg_excerpt),
        cmocka_unit_test(test_segment__closing_words_after_a_list),
        cmocka_unit_test(test_segment__markdown_footnotes_hold_no_sentences),
        cmocka_unit_test(test_segment__one_megabyte_line),
        cmocka_unit_test(test_segment__twenty_megabytes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
