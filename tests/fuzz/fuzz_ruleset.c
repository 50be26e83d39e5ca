/*
 * fuzz_ruleset.c -- the YAML rule set loader on any bytes: load, and when
 * it loads, run the rule examples and describe it. The loader reads files,
 * so the input is written to a file of this process first.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "digicheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    digicheck_ruleset *rs = NULL;
    digicheck_error err;
    FILE *fp;

    if (!path[0])
        snprintf(path, sizeof path, "/tmp/dc-fuzz-%ld.yaml", (long)getpid());
    if (!(fp = fopen(path, "wb")))
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    if (digicheck_ruleset_load(&rs, path, &err) == DIGICHECK_OK) {
        size_t passed, failed;
        char *text = NULL;
        if (digicheck_ruleset_test(rs, &passed, &failed, &text, &err) == DIGICHECK_OK)
            digicheck_free(text);
        if (digicheck_ruleset_describe(rs, NULL, DIGICHECK_OUTPUT_JSON, &text, NULL, &err) ==
            DIGICHECK_OK)
            digicheck_free(text);
        digicheck_ruleset_free(rs);
    }
    return 0;
}
