/*
 * pretty.c -- the text form for people: what `digicheck check` writes to a
 * terminal.
 *
 * The library renders the grep form (one line per finding, then a line of
 * the open questions); this module decorates that rendering, it never makes
 * lines of its own for findings: colour on the location and severity, under
 * each finding its source line with the matched words marked (^~~~, as gcc
 * and rustc do), a hint how to answer the open questions, and a summary
 * line per file and for the run. The source line comes from the draft as
 * the command read it (the file the report names, or standard input): a
 * report does not keep its draft's text, and which terminal, colours and
 * words fit is the command's business, not the library's.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define BOLD   "\033[1m"
#define RESET  "\033[0m"
#define GREEN  "\033[1;32m"
#define CYAN   "\033[1;36m"
#define YELLOW "\033[1;35m"     /* gcc's warnings are magenta */
#define RED    "\033[1;31m"

/* Code points of a source line shown around the match. */
#define WINDOW 100

static const char *severity_colour(int severity)
{
    return severity == DIGICHECK_SEVERITY_ERROR ? RED
         : severity == DIGICHECK_SEVERITY_WARNING ? YELLOW : CYAN;
}

static int continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* The byte index of code point column col (1-based) in s[0..n). */
static size_t byte_of_column(const char *s, size_t n, long col)
{
    size_t i = 0;
    long c = 1;

    while (i < n && c < col) {
        i++;
        while (i < n && continuation(s[i]))
            i++;
        c++;
    }
    return i;
}

/* Moves the cursor of src to the start of line `line` (1-based): lines only
 * grow within a report, so the scan goes on from where the last one ended.
 * Sets *len to the line's length without its line break; -1 past the end. */
static long line_at(const char *src, size_t n, long line, long *cur_line, size_t *cur,
                    size_t *len)
{
    while (*cur_line < line && *cur < n) {
        const char *nl = memchr(src + *cur, '\n', n - *cur);
        *cur = nl ? (size_t)(nl - src) + 1 : n;
        (*cur_line)++;
    }
    if (*cur_line != line || *cur >= n)
        return -1;
    *len = strcspn(src + *cur, "\r\n");
    if (*cur + *len > n)
        *len = n - *cur;
    return 0;
}

/* Code points that s[0..n) takes on the terminal once escaped. */
static size_t shown_width(const char *s, size_t n)
{
    char *e = NULL;
    size_t len = 0, i, w = 0;

    if (digicheck_escape(s, n, DIGICHECK_ESCAPE_LINE, &e, &len) != DIGICHECK_OK)
        return n;
    for (i = 0; i < len; i++)
        w += !continuation(e[i]);
    digicheck_free(e);
    return w;
}

static void repeat(FILE *fp, char c, size_t n)
{
    while (n--)
        fputc(c, fp);
}

/* The source line of finding f, a window of it around the match, and the
 * marks under the match: "  12 | text" and "     |    ^~~~". The line is
 * escaped as every field from an input is (a control character shows as
 * \xNN), and the marks count the columns of the escaped text. */
static void caret_lines(FILE *fp, const cli_look *look, const digicheck_finding *f,
                        const char *s, size_t n)
{
    long line = digicheck_finding_line(f), col = digicheck_finding_column(f);
    long end = digicheck_finding_end_line(f) == line ? digicheck_finding_end_column(f) : -1;
    size_t a, z, from, to, marks;
    int width = fprintf(fp, "%6ld | ", line) - 2;

    if (line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;                 /* a byte-order mark takes no column */
        n -= 3;
    }
    from = byte_of_column(s, n, col);
    to = digicheck_finding_length(f) == 0 ? from : end < 0 ? n : byte_of_column(s, n, end + 1);
    if (to <= from)             /* an empty span: one mark */
        to = byte_of_column(s, n, col + 1);
    /* a long line is shown around the match */
    a = byte_of_column(s, n, WINDOW + 1) < n && col > WINDOW / 2
        ? byte_of_column(s, n, col - WINDOW / 3) : 0;
    z = byte_of_column(s + a, n - a, WINDOW + 1) + a;
    if (to > z)
        to = z;
    if (from > to)
        from = to;
    fputs(a ? "\xE2\x80\xA6" : "", fp);
    cli_escaped(fp, s + a, z - a, DIGICHECK_ESCAPE_LINE);
    fprintf(fp, "%s\n%*s| %s", z < n ? "\xE2\x80\xA6" : "", width, "", a ? " " : "");
    repeat(fp, ' ', shown_width(s + a, from - a));
    fputs(look->color ? GREEN "^" : "^", fp);
    marks = shown_width(s + from, to - from);
    repeat(fp, '~', marks > 1 ? marks - 1 : 0);
    fputs(look->color ? RESET "\n" : "\n", fp);
}

/* One finding line of the library's rendering, its location bold and its
 * severity in colour; file is the report's name escaped, as the rendering
 * writes it. */
static void finding_line(FILE *fp, const cli_look *look, const char *file,
                         const digicheck_finding *f, const char *l, size_t n)
{
    int at = (int)strlen(file) + snprintf(NULL, 0, ":%ld:%ld: ", digicheck_finding_line(f),
                                          digicheck_finding_column(f));
    const char *sev = l + at, *colon;

    colon = at > 0 && (size_t)at < n ? memchr(sev, ':', n - (size_t)at) : NULL;
    if (!look->color || !colon) {
        fwrite(l, 1, n, fp);
    } else {
        fprintf(fp, BOLD "%.*s" RESET "%s%.*s" RESET, at, l,
                severity_colour(digicheck_finding_severity(f)), (int)(colon + 1 - sev), sev);
        fwrite(colon + 1, 1, n - (size_t)(colon + 1 - l), fp);
    }
    fputc('\n', fp);
}

static void count(FILE *fp, int *first, size_t n, const char *one, const char *many)
{
    if (!n)
        return;
    fprintf(fp, "%s%zu %s", *first ? "" : ", ", n, n == 1 ? one : many);
    *first = 0;
}

/* "3 Warnungen, 13 Hinweise, 12 offene Fragen", or "keine Befunde". */
static void tally_words(FILE *fp, const cli_tally *t)
{
    int first = 1;

    count(fp, &first, t->sev[DIGICHECK_SEVERITY_ERROR], "Fehler", "Fehler");
    count(fp, &first, t->sev[DIGICHECK_SEVERITY_WARNING], "Warnung", "Warnungen");
    count(fp, &first, t->sev[DIGICHECK_SEVERITY_INFO], "Hinweis", "Hinweise");
    count(fp, &first, t->justified, "mit Begr\xC3\xBCndung", "mit Begr\xC3\xBCndung");
    count(fp, &first, t->open, "offene Frage", "offene Fragen");
    if (first)
        fputs("keine Befunde, keine offenen Fragen", fp);
}

static void add_tally(cli_tally *to, const cli_tally *t)
{
    size_t i;

    for (i = 0; i < 4; i++)
        to->sev[i] += t->sev[i];
    to->open += t->open;
    to->justified += t->justified;
    to->files++;
}

/* The rest of the rendering after the findings: the line of open
 * questions, and once per run how to answer them. */
static void question_lines(FILE *fp, const cli_look *look, const char *l, size_t n,
                           cli_tally *run)
{
    if (!n)
        return;
    n -= l[n - 1] == '\n';
    fprintf(fp, "%s%.*s%s\n", look->color ? BOLD : "", (int)n, l, look->color ? RESET : "");
    if (look->summary && !run->hinted++)
        fputs("  Antworten mit --answers DATEI (je Zeile \xE2\x80\x9E" "frage: antwort\xE2\x80\x9C"
              ", etwa vp.it-system: ja) oder unter answers: einer Entwurfsbeschreibung;\n"
              "  digicheck explain FRAGE sagt, was gefragt ist.\n", fp);
}

size_t cli_open_questions(const digicheck_report *r)
{
    size_t i, n = 0;

    for (i = 0; i < digicheck_report_question_count(r); i++) {
        const digicheck_question *q = digicheck_report_question(r, i);
        n += digicheck_question_applicable(q) && !digicheck_question_answer(q);
    }
    return n;
}

char *cli_pretty_report(const cli_look *look, const digicheck_report *r, const char *text,
                        size_t len, const char *src, size_t srclen, cli_tally *run,
                        size_t *out_len)
{
    const char *l = text, *end = text + len, *name = digicheck_report_file(r);
    cli_tally t;
    char *buf = NULL, *file = NULL;
    size_t i, cur = 0;
    long cur_line = 1;
    FILE *fp = open_memstream(&buf, out_len);

    if (!fp)
        return NULL;
    if (digicheck_escape(name, strlen(name), 0, &file, NULL) != DIGICHECK_OK) {
        fclose(fp);
        free(buf);
        return NULL;
    }
    memset(&t, 0, sizeof t);
    for (i = 0; i < digicheck_report_count(r) && l < end; i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        const char *nl = memchr(l, '\n', (size_t)(end - l));
        size_t n = nl ? (size_t)(nl - l) : (size_t)(end - l), sl;
        long line = digicheck_finding_line(f);
        if (digicheck_finding_justified(f)) {
            t.justified++;
            if (!look->show_justified)
                continue;       /* the library left it out */
        } else if (digicheck_finding_severity(f) >= 1 && digicheck_finding_severity(f) <= 3) {
            t.sev[digicheck_finding_severity(f)]++;
        }
        finding_line(fp, look, file, f, l, n);
        if (look->carets && src && line_at(src, srclen, line, &cur_line, &cur, &sl) == 0)
            caret_lines(fp, look, f, src + cur, sl);
        l += n + (nl != NULL);
    }
    t.open = cli_open_questions(r);
    if (!look->quiet)
        question_lines(fp, look, l, (size_t)(end - l), run);
    if (look->summary && !look->quiet) {
        fprintf(fp, "%s: ", file);
        tally_words(fp, &t);
        fputc('\n', fp);
    }
    add_tally(run, &t);
    digicheck_free(file);
    if (fclose(fp) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

void cli_pretty_run(FILE *out, const cli_look *look, const cli_tally *run)
{
    if (!look->summary || look->quiet || run->files < 2)
        return;
    fprintf(out, "%sInsgesamt (%zu Dateien): ", look->color ? BOLD : "", run->files);
    tally_words(out, run);
    fprintf(out, "%s\n", look->color ? RESET : "");
}
