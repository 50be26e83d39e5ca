/*
 * runner.c -- the golden tests through the C API (public header only).
 *
 * Every directory below tests/golden/ is one case:
 *   rules.yaml or ruleset.txt   the rule set (ruleset.txt: a path relative to the case)
 *   draft.md | .txt | .yaml | .json | .xml   the draft (a description, LegalDocML.de)
 *   answers.txt                 optional "question-id=answer" lines
 *   expected.json               the JSON rendering of the report, byte for byte
 *   expected.txt, .sarif, .md   optional: the text, SARIF and Markdown renderings
 *   expected.api                optional: the questions, the Vorprüfung and the
 *                               principles as read through the accessors (api_text)
 *   expected.error              instead of the above, for inputs that must fail:
 *                               line 1 "CODE LINE COLUMN SOURCE", line 2 a message prefix
 * The runner changes into the case directory, so file names in the output are
 * the bare names. `--update` rewrites every expected.* but .error (review the diff!).
 *
 * `runner --examples RULESET` runs the examples of a rule set instead.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digicheck.h"

static int update;

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!fp)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
            buf[n] = '\0';
            if (len)
                *len = (size_t)n;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(fp);
    return buf;
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static int spit(const char *path, const char *data)
{
    FILE *fp = fopen(path, "wb");
    int ok = fp && fputs(data, fp) >= 0;

    if (fp && fclose(fp) != 0)
        ok = 0;
    return ok;
}

/* Compares rendered output with a file; prints the first difference. */
static int compare(const char *name, const char *file, const char *got)
{
    char *want;
    size_t i = 0, line = 1;

    if (update)
        return spit(file, got) ? 0 : (fprintf(stderr, "%s: cannot write %s\n", name, file), 1);
    want = slurp(file, NULL);
    if (!want) {
        fprintf(stderr, "%s: missing %s\n", name, file);
        return 1;
    }
    if (strcmp(want, got) == 0) {
        free(want);
        return 0;
    }
    while (want[i] && want[i] == got[i]) {
        if (want[i] == '\n')
            line++;
        i++;
    }
    fprintf(stderr, "%s: %s differs at line %zu, byte %zu:\n  want: %.120s\n  got:  %.120s\n",
            name, file, line, i, want + i, got + i);
    free(want);
    return 1;
}

/* Compares another rendering with its file, where the case has one (all of
 * them are written by --update). */
static int compare_optional(const char *name, const digicheck_report *r, int output,
                            const char *file)
{
    digicheck_error err;
    char *out = NULL;
    int fail;

    if (!exists(file) && !update)
        return 0;
    if (digicheck_report_render(r, output, &out, NULL, &err) != DIGICHECK_OK) {
        fprintf(stderr, "%s: render %s: %s\n", name, file, err.message);
        return 1;
    }
    fail = compare(name, file, out);
    digicheck_free(out);
    return fail;
}

/* ---- the report through its accessors -------------------------------------------- */

static const char *const vp_names[] = { "open", "positive", "unsure", "negative" };
static const char *const status_names[] = { "clean", "findings", "open-questions",
                                            "not-relevant" };

/* A number of a DIGICHECK_* enumeration by name, "?" for another. */
static const char *enum_name(const char *const *names, size_t n, int v)
{
    return v >= 0 && (size_t)v < n ? names[v] : "?";
}

#define VP_NAME(v) enum_name(vp_names, sizeof vp_names / sizeof *vp_names, (v))
#define STR(s) ((s) ? (s) : "(null)")

static void api_questions(FILE *fp, const digicheck_report *r)
{
    size_t i, j;

    for (i = 0; i < digicheck_report_question_count(r); i++) {
        const digicheck_question *q = digicheck_report_question(r, i);
        fprintf(fp, "question %s: stage=%s principle=%s applicable=%d answer=%s suggested=%s\n",
                digicheck_question_id(q), digicheck_question_stage(q),
                digicheck_question_principle(q), digicheck_question_applicable(q),
                STR(digicheck_question_answer(q)), STR(digicheck_question_suggested(q)));
        fprintf(fp, "  text: %s\n", digicheck_question_text(q));
        for (j = 0; j < digicheck_question_evidence_count(q); j++)
            fprintf(fp, "  evidence %ld:%ld %s: %s\n", digicheck_question_evidence_line(q, j),
                    digicheck_question_evidence_column(q, j),
                    digicheck_question_evidence_path(q, j),
                    digicheck_question_evidence_excerpt(q, j));
        if (digicheck_question_evidence_path(q, j) || digicheck_question_evidence_line(q, j))
            fprintf(fp, "  evidence past the end is not NULL\n");
    }
}

/* What a host reads of a report without parsing a rendering: its file, the
 * Vorprüfung, each principle's state and every question. */
static char *api_text(const digicheck_report *r)
{
    char *buf = NULL;
    size_t len = 0, i, nf, no;
    FILE *fp = open_memstream(&buf, &len);
    int result, interop, eu, contra;

    if (!fp)
        return NULL;
    result = digicheck_report_vorpruefung(r, &interop, &eu, &contra);
    fprintf(fp, "file: %s\n", digicheck_report_file(r));
    fprintf(fp, "vorpruefung: result=%s interoperability=%s eu_bezug=%s contradiction=%d\n",
            VP_NAME(result), VP_NAME(interop), VP_NAME(eu), contra);
    for (i = 0; i < digicheck_report_principle_count(r); i++) {
        int st = digicheck_report_principle_status(r, i, &nf, &no);
        fprintf(fp, "principle %s: status=%s findings=%zu open_questions=%zu title=%s\n",
                digicheck_report_principle_id(r, i),
                enum_name(status_names, sizeof status_names / sizeof *status_names, st), nf,
                no, digicheck_report_principle_title(r, i));
    }
    if (digicheck_report_principle_status(r, i, &nf, &no) != -1 || nf || no ||
        digicheck_report_principle_id(r, i))
        fprintf(fp, "principle past the end is not -1\n");
    api_questions(fp, r);
    if (digicheck_report_question(r, digicheck_report_question_count(r)))
        fprintf(fp, "question past the end is not NULL\n");
    if (fclose(fp) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int compare_api(const char *name, const digicheck_report *r)
{
    char *text;
    int fail;

    if (!exists("expected.api") && !update)
        return 0;
    if (!(text = api_text(r))) {
        fprintf(stderr, "%s: out of memory reading the report\n", name);
        return 1;
    }
    fail = compare(name, "expected.api", text);
    free(text);
    return fail;
}

static int load_answers(digicheck_draft *d, const char *name)
{
    char *text = slurp("answers.txt", NULL), *line, *save = NULL;
    digicheck_error err;
    int rc = 0;

    if (!text)
        return 0;
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (!eq || *line == '#')
            continue;
        *eq = '\0';
        if (digicheck_draft_set_answer(d, line, eq + 1, &err) != DIGICHECK_OK) {
            fprintf(stderr, "%s: answer %s: %s\n", name, line, err.message);
            rc = 1;
        }
    }
    free(text);
    return rc;
}

/* An expected failure: "CODE LINE COLUMN SOURCE\nmessage prefix\n". */
static int check_error(const char *name, const digicheck_error *err)
{
    char *want = slurp("expected.error", NULL), source[256] = "", *prefix, *nl;
    int code = 0;
    long line = 0, column = 0;
    int bad = 0;

    if (!want) {
        fprintf(stderr, "%s: unexpected error %d at %s:%ld:%ld: %s\n", name, err->code,
                err->source, err->line, err->column, err->message);
        return 1;
    }
    if (sscanf(want, "%d %ld %ld %255s", &code, &line, &column, source) < 3) {
        fprintf(stderr, "%s: expected.error: bad first line\n", name);
        free(want);
        return 1;
    }
    prefix = strchr(want, '\n');
    prefix = prefix ? prefix + 1 : want + strlen(want);
    if ((nl = strchr(prefix, '\n')))
        *nl = '\0';
    bad = err->code != code || err->line != line || err->column != column ||
          (source[0] && strcmp(err->source, source) != 0) ||
          strncmp(err->message, prefix, strlen(prefix)) != 0;
    if (bad)
        fprintf(stderr,
                "%s: error mismatch\n  want: %d %ld:%ld %s '%s…'\n  got:  %d %ld:%ld %s '%s'\n",
                name, code, line, column, source, prefix, err->code, err->line, err->column,
                err->source, err->message);
    free(want);
    return bad;
}

static int run_case(const char *dir, const char *name)
{
    char cwd[4096], rspath[4096] = "rules.yaml";
    const char *draft;
    digicheck_error err;
    digicheck_ruleset *rs = NULL;
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    char *out = NULL;
    int fail = 0;

    if (!getcwd(cwd, sizeof cwd) || chdir(dir) != 0) {
        fprintf(stderr, "%s: cannot enter %s\n", name, dir);
        return 1;
    }
    draft = exists("draft.md") ? "draft.md" : exists("draft.yaml") ? "draft.yaml"
          : exists("draft.json") ? "draft.json" : exists("draft.xml") ? "draft.xml"
          : "draft.txt";
    if (!exists("rules.yaml")) {
        char *p = slurp("ruleset.txt", NULL);
        if (p) {
            p[strcspn(p, "\r\n")] = '\0';
            snprintf(rspath, sizeof rspath, "%s", p);
            free(p);
        }
    }
    memset(&err, 0, sizeof err);
    if (digicheck_ruleset_load(&rs, rspath, &err) != DIGICHECK_OK ||
        digicheck_draft_load(&d, draft, DIGICHECK_FORMAT_AUTO, &err) != DIGICHECK_OK ||
        load_answers(d, name) || digicheck_checker_new(&c, rs, &err) != DIGICHECK_OK ||
        /* the instruction limit decides where a Lua rule stops, not the
         * clock: under valgrind or on a loaded host 5 s pass sooner */
        digicheck_checker_set_limit(c, DIGICHECK_CHECKER_LIMIT_LUA_TIME, 600000, &err) !=
            DIGICHECK_OK ||
        digicheck_check(c, d, &r, &err) != DIGICHECK_OK) {
        fail = check_error(name, &err);
        goto done;
    }
    if (exists("expected.error")) {
        fprintf(stderr, "%s: expected an error, the check succeeded\n", name);
        fail = 1;
        goto done;
    }
    if (digicheck_report_render(r, DIGICHECK_OUTPUT_JSON, &out, NULL, &err) != DIGICHECK_OK) {
        fprintf(stderr, "%s: render: %s\n", name, err.message);
        fail = 1;
        goto done;
    }
    fail |= compare(name, "expected.json", out);
    digicheck_free(out);
    out = NULL;
    fail |= compare_optional(name, r, DIGICHECK_OUTPUT_TEXT, "expected.txt");
    fail |= compare_optional(name, r, DIGICHECK_OUTPUT_SARIF, "expected.sarif");
    fail |= compare_optional(name, r, DIGICHECK_OUTPUT_MARKDOWN, "expected.md");
    fail |= compare_api(name, r);
done:
    digicheck_free(out);
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
    if (chdir(cwd) != 0)
        fail = 1;
    return fail;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_tree(const char *root)
{
    DIR *dir = opendir(root);
    struct dirent *e;
    char *names[1024];
    size_t n = 0, i, failed = 0;

    if (!dir) {
        fprintf(stderr, "cannot open %s\n", root);
        return 2;
    }
    while ((e = readdir(dir)) && n < 1024)
        if (e->d_name[0] != '.' && strchr(e->d_name, '.') == NULL)
            names[n++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", root, names[i]);
        if (run_case(path, names[i]))
            failed++;
        free(names[i]);
    }
    printf("golden: %zu cases, %zu passed, %zu failed\n", n, n - failed, failed);
    if (n == 0)
        fprintf(stderr, "%s: no cases found (each case is a directory)\n", root);
    return failed || n == 0 ? 1 : 0;
}

static int run_examples(const char *path)
{
    digicheck_error err;
    digicheck_ruleset *rs = NULL;
    size_t passed = 0, failed = 0;
    char *failures = NULL;
    int rc;

    if (digicheck_ruleset_load(&rs, path, &err) != DIGICHECK_OK) {
        fprintf(stderr, "%s:%ld:%ld: %s\n", err.source, err.line, err.column, err.message);
        return 2;
    }
    rc = digicheck_ruleset_test(rs, &passed, &failed, &failures, &err);
    if (rc != DIGICHECK_OK) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        digicheck_ruleset_free(rs);
        return 2;
    }
    if (failures)
        fputs(failures, stderr);
    printf("%s: %zu rules, %zu examples passed, %zu failed\n", path,
           digicheck_ruleset_rule_count(rs), passed, failed);
    digicheck_free(failures);
    digicheck_ruleset_free(rs);
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--examples") == 0)
        return run_examples(argv[2]);
    if (argc == 3 && strcmp(argv[1], "--update") == 0) {
        update = 1;
        return run_tree(argv[2]);
    }
    if (argc == 2)
        return run_tree(argv[1]);
    fprintf(stderr, "usage: %s [--update] GOLDEN-DIR | --examples RULESET\n", argv[0]);
    return 2;
}
