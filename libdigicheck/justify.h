/*
 * justify.h -- justifications of findings (justify.c): a finding accepted
 * with a reason, written in a draft description, a record file or inline in
 * the draft (accept.c applies them to a report after its check).
 */
#ifndef DCI_JUSTIFY_H
#define DCI_JUSTIFY_H

#include "dci.h"
#include "yaml.h"
#include "ruleset.h"

/* Where a justification is written. */
enum { DCI_JUST_DESCRIPTION = 0, DCI_JUST_RECORD, DCI_JUST_INLINE, DCI_JUST_API };
extern const dci_names dci_just_sources;    /* "description", "record", "inline", "api" */

/* One justification: findings of rule `rule` at `at` are accepted for
 * `reason`. at is a structural path ("§ 2 Abs. 1"), matching a finding's
 * path or a prefix of it that ends at a unit ("§ 2 Abs. 1 Satz 2", never
 * "§ 2 Abs. 10"), "" for the whole draft; or, with at NULL, at_line > 0 a
 * line the finding covers. at NULL and at_line 0: a provision that was not
 * found (it matches nothing). */
typedef struct dci_justification {
    const char *rule, *at, *reason;
    const char *by;                     /* who accepted it, or NULL */
    long at_line;
    int source;                         /* DCI_JUST_* */
    const char *file;                   /* where it is written, and its place there */
    long line, column;
    size_t vpos;                        /* inline: the view offset of its provision */
} dci_justification;

/* Reads a `justifications:` list (node may be NULL: none) of mappings
 * {rule, at, reason, by}: rule and reason non-empty strings, at a path or a
 * line number (left out: the whole draft), by optional. The entries go to
 * *out with their strings, allocated in arena; source is DCI_JUST_*, file
 * names the document. Errors (DIGICHECK_ESCHEMA with line and column): not
 * a list, an entry not a mapping, an unknown or missing key, an empty
 * value; DIGICHECK_ENOMEM. */
int dci_justifications_read(const dci_yaml_node *node, int source, const char *file,
                            dci_arena *arena, dci_justification **out, size_t *n,
                            digicheck_error *err);

/* Does every justification name a rule of rs that makes findings (not a
 * question)? DIGICHECK_ESCHEMA at the first that does not, naming the
 * nearest rule id. */
int dci_justifications_check(const digicheck_ruleset *rs, const dci_justification *j, size_t n,
                             digicheck_error *err);

/* An HTML comment of a text or Markdown draft, as segment.c finds it, or a
 * processing instruction `<?digicheck …?>` of a LegalDocML.de draft
 * (ldml.c): bytes [start, end) of the original, and the view offset where
 * the text after it goes. */
typedef struct dci_comment {
    size_t start, end, vpos;
} dci_comment;

/* Reads the digicheck markers among the comments of draft d, whose text
 * model is built: "<!-- digicheck: RULE-ID: reason -->" justifies the
 * findings of RULE-ID in the next provision (the Absatz or Satz that starts
 * first after it), and so does "<?digicheck RULE-ID: reason?>"; other
 * comments are left alone. A comment that starts
 * with "digicheck" but is no such marker is DIGICHECK_ESCHEMA with its line
 * and column; DIGICHECK_ENOMEM. */
int dci_justify_inline(digicheck_draft *d, const dci_comment *c, size_t n,
                       digicheck_error *err);

#endif /* DCI_JUSTIFY_H */
