/*
 * check.h -- the checker (check.c): what one thread needs to check drafts
 * against a rule set.
 */
#ifndef DCI_CHECK_H
#define DCI_CHECK_H

#include "regex.h"
#include "ruleset.h"
#include "search.h"
#include "trigger.h"
#include "finding.h"
#include "lua.h"

struct digicheck_checker {
    const digicheck_ruleset *rs;     /* a reference is held */
    dci_matcher m;                   /* PCRE2 match data, limits, JIT stack */
    dci_lua *lua;                    /* Lua rules: their state and limits */
    dci_searcher search;             /* hits, memo and learned patterns (search.c) */
    dci_fired fired;                 /* findings that trigger a rule (trigger.c) */
    dci_buf tmp;                     /* scratch of finding.c */
    dci_kept kept;                   /* findings kept by rule and offset (finding.c) */
};

#endif /* DCI_CHECK_H */
