/*
 * fuzz_docx.c -- the Word and OpenDocument reader on any bytes (as
 * DIGICHECK_FORMAT_DOCX, which takes .odt too):
 * the zip package and its limits, the XML parts, numbering and styles, the
 * text view. A draft that reads is checked with tests/fuzz/check-rules.yaml
 * and annotated: the comments go into a copy written to a file of this
 * process in build/ (the fuzzers run from the project directory), which is
 * then read again as a Word draft.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "digicheck.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static digicheck_ruleset *rules;
static digicheck_checker *checker;
static char copy[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    digicheck_error err;

    (void)argc;
    (void)argv;
    snprintf(copy, sizeof copy, "build/fuzz_docx.%ld.docx", (long)getpid());
    if (digicheck_ruleset_load(&rules, "tests/fuzz/check-rules.yaml", &err) != DIGICHECK_OK ||
        digicheck_checker_new(&checker, rules, &err) != DIGICHECK_OK) {
        fprintf(stderr, "fuzz_docx: %s:%ld:%ld: %s (run from the project directory)\n",
                err.source, err.line, err.column, err.message);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    digicheck_draft *d = NULL, *again = NULL;
    digicheck_report *r = NULL;
    digicheck_error err;

    if (digicheck_draft_parse(&d, (const char *)data, size, "fuzz.docx", DIGICHECK_FORMAT_DOCX,
                              &err) != DIGICHECK_OK)
        return 0;
    if (digicheck_check(checker, d, &r, &err) == DIGICHECK_OK &&
        digicheck_draft_annotate(d, r, copy, &err) == DIGICHECK_OK &&
        digicheck_draft_load(&again, copy, DIGICHECK_FORMAT_DOCX, &err) == DIGICHECK_OK)
        digicheck_draft_free(again);
    unlink(copy);
    digicheck_report_free(r);
    digicheck_draft_free(d);
    return 0;
}
