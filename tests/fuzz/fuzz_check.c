/*
 * fuzz_check.c -- digicheck_check with a fixed rule set (tests/fuzz/
 * check-rules.yaml: every kind of rule and question) on any draft, and every
 * rendering of the report. The first byte picks the format as in
 * fuzz_draft.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "digicheck.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static digicheck_ruleset *rules;
static digicheck_checker *checker;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    digicheck_error err;

    (void)argc;
    (void)argv;
    if (digicheck_ruleset_load(&rules, "tests/fuzz/check-rules.yaml", &err) != DIGICHECK_OK ||
        digicheck_checker_new(&checker, rules, &err) != DIGICHECK_OK) {
        fprintf(stderr, "fuzz_check: %s:%ld:%ld: %s (run from the project directory)\n",
                err.source, err.line, err.column, err.message);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {
        "fuzz", "fuzz.txt", "fuzz.md", "fuzz.yaml", "fuzz.json", "fuzz.xml"
    };
    static const int outputs[] = {
        DIGICHECK_OUTPUT_TEXT, DIGICHECK_OUTPUT_JSON, DIGICHECK_OUTPUT_SARIF,
        DIGICHECK_OUTPUT_MARKDOWN
    };
    digicheck_draft *d = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;
    size_t i;
    int format;

    if (size < 1)
        return 0;
    format = data[0] % 6;
    if (digicheck_draft_parse(&d, (const char *)data + 1, size - 1, names[format], format,
                              &err) != DIGICHECK_OK)
        return 0;
    if (size > 1 && data[1] & 1)
        digicheck_draft_set_answer(d, "vp.it-system", "yes", &err);
    if (digicheck_check(checker, d, &r, &err) == DIGICHECK_OK) {
        for (i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
            char *text = NULL;
            if (digicheck_report_render(r, outputs[i], &text, NULL, &err) == DIGICHECK_OK)
                digicheck_free(text);
        }
        digicheck_report_free(r);
    }
    digicheck_draft_free(d);
    return 0;
}
