/*
 * run.h -- a check in progress: what the modules that evaluate rules on one
 * draft share (check.c runs a check; search.c, finding.c, trigger.c,
 * questions.c and lua.c take part in it).
 *
 * A dci_run lives on the stack of digicheck_check(). It borrows the
 * checker's scratch (matcher, searcher, buffers), each of which only its
 * own module writes; oom and limit_hit are sticky flags that every module
 * may set and all of them obey.
 */
#ifndef DCI_RUN_H
#define DCI_RUN_H

#include "dci.h"
#include "regex.h"
#include "ruleset.h"
#include "draft.h"

typedef struct dci_searcher dci_searcher;   /* search.h */
typedef struct dci_fired dci_fired;         /* trigger.h */
typedef struct dci_kept dci_kept;           /* finding.h */

typedef struct dci_run {
    const digicheck_ruleset *rs;
    const digicheck_draft *d;
    digicheck_report *r;         /* what the check found so far */
    dci_matcher *m;              /* the checker's: PCRE2 match data and limits */
    dci_searcher *s;             /* the checker's: hits, memo, learned patterns */
    dci_fired *fired;            /* the checker's: findings that trigger a rule */
    dci_buf *tmp;                /* the checker's scratch for finding.c */
    dci_kept *kept;              /* the checker's: the last finding kept by rule and offset */
    dci_cursor pos;              /* where the last finding was located (finding.c) */
    size_t lua_text;             /* bytes of finding text Lua rules reported (luaapi.c) */
    int limit_hit;               /* findings limit reached: stop adding */
    int oom;                     /* memory ran out: stop, the check fails */
} dci_run;

#endif /* DCI_RUN_H */
