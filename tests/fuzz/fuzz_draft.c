/*
 * fuzz_draft.c -- the draft parsers on any bytes. The first byte picks the
 * format: AUTO (by content), text, Markdown, a YAML or JSON description, or
 * LegalDocML.de; the rest is the draft.
 */
#include <stdint.h>

#include "digicheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {
        "fuzz", "fuzz.txt", "fuzz.md", "fuzz.yaml", "fuzz.json", "fuzz.xml"
    };
    digicheck_draft *d = NULL;
    digicheck_error err;
    int format;

    if (size < 1)
        return 0;
    format = data[0] % 6;
    if (digicheck_draft_parse(&d, (const char *)data + 1, size - 1, names[format], format,
                              &err) == DIGICHECK_OK) {
        digicheck_draft_set_answer(d, "vp.it-system", "ja", &err);
        digicheck_draft_free(d);
    }
    return 0;
}
