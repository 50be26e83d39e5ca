/*
 * describe.h -- a rule set as a document (describe.c).
 */
#ifndef DCI_DESCRIBE_H
#define DCI_DESCRIBE_H

#include "dci.h"
#include "ruleset.h"

/* Appends rule r of rs in Markdown, as `digicheck explain -f markdown` and
 * the rule set's README show it (a "###" heading first). */
void dci_describe_rule_md(dci_buf *b, const digicheck_ruleset *rs, const dci_rule *r);

#endif /* DCI_DESCRIBE_H */
