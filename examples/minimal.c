/*
 * minimal.c -- the smallest complete use of libdigicheck: load a rule set,
 * check one draft, print the findings. Uses only the fixed names of the API.
 *
 *     cc minimal.c $(pkg-config --cflags --libs libdigicheck) -o minimal
 *     ./minimal rules/starter examples/drafts/antrag.md
 */
#include <stdio.h>

#include <digicheck.h>

static const char *severity(int s)
{
    return s == DIGICHECK_SEVERITY_ERROR ? "error"
         : s == DIGICHECK_SEVERITY_WARNING ? "warning" : "info";
}

int main(int argc, char **argv)
{
    digicheck_error err;
    digicheck_ruleset *rs = NULL;
    digicheck_draft *d = NULL;
    digicheck_checker *c = NULL;
    digicheck_report *r = NULL;
    size_t i;
    int status = 2;

    if (argc != 3) {
        fprintf(stderr, "usage: %s RULESET DRAFT\n", argv[0]);
        return 2;
    }
    if (digicheck_version() / 10000 != DIGICHECK_VERSION_MAJOR) {
        fprintf(stderr, "library %s does not match header %s\n", digicheck_version_string(),
                DIGICHECK_VERSION_STRING);
        return 2;
    }
    if (digicheck_ruleset_load(&rs, argv[1], &err) != DIGICHECK_OK ||
        digicheck_draft_load(&d, argv[2], DIGICHECK_FORMAT_AUTO, &err) != DIGICHECK_OK ||
        digicheck_checker_new(&c, rs, &err) != DIGICHECK_OK ||
        digicheck_check(c, d, &r, &err) != DIGICHECK_OK) {
        fprintf(stderr, "%s:%ld:%ld: %s: %s\n", err.source, err.line, err.column,
                digicheck_strerror(err.code), err.message);
        goto done;
    }
    printf("%s: %zu rules, %zu findings\n", argv[2], digicheck_ruleset_rule_count(rs),
           digicheck_report_count(r));
    for (i = 0; i < digicheck_report_count(r); i++) {
        const digicheck_finding *f = digicheck_report_get(r, i);
        printf("%s:%ld:%ld: %s: [%s %s/%s] %s\n    at %s, bytes %zu+%zu\n", argv[2],
               digicheck_finding_line(f), digicheck_finding_column(f),
               severity(digicheck_finding_severity(f)), digicheck_finding_principle(f),
               digicheck_finding_category(f), digicheck_finding_rule_id(f),
               digicheck_finding_message(f), digicheck_finding_path(f),
               digicheck_finding_offset(f), digicheck_finding_length(f));
    }
    status = 0;
done:
    digicheck_report_free(r);
    digicheck_checker_free(c);
    digicheck_draft_free(d);
    digicheck_ruleset_free(rs);
    return status;
}
