/*
 * answers.h -- answers to questions as a document writes them (answers.c).
 */
#ifndef DCI_ANSWERS_H
#define DCI_ANSWERS_H

#include "yaml.h"

/* One answer as written, with its place: the question id and the answer
 * (white space around it dropped), copied into the reader's arena. */
typedef struct dci_answer {
    const char *question;           /* "vp.it-system" */
    const char *answer;             /* "ja", as written */
    long line, column;              /* of the question id */
    long value_line, value_column;  /* of the answer */
    const char *reason;             /* its Begründung, or NULL */
} dci_answer;

/* The one reader of a mapping of question ids to answers: a draft
 * description's `answers:`, a rule's `applies_when`/`when` `answers:` and a
 * record file (record.c). map may be NULL (then *n is 0) or an alias; each
 * key is a question id (a non-empty word without spaces), each value a
 * non-empty scalar (true and false read as the words they are) or a
 * mapping {answer: …, begruendung: …} that gives the reason too. The
 * answers, in document order, go to *out, allocated with their strings in
 * arena. `where` names the mapping in messages ("'answers'", "'when' of
 * rule 'x'"), source the file. Errors, with the line and column of the
 * node: DIGICHECK_ESCHEMA "expected a mapping of question ids to answers
 * for <where>, found …", "invalid question id …", "expected a string for
 * '<id>' in <where>, found …", "the answer to '<id>' is empty";
 * DIGICHECK_ENOMEM. Repeated ids are refused by the YAML and JSON readers
 * already. */
int dci_answers_read(const dci_yaml_node *map, const char *where, const char *source,
                     dci_arena *arena, dci_answer **out, size_t *n, digicheck_error *err);


/* The canonical form of an answer: "yes" for yes/ja/true and the rating
 * "Ja, gänzlich oder teilweise", "no" for no/nein/false, "unsure" for
 * unsure/unsicher/"ich bin unsicher", "not-relevant" for "nicht relevant"
 * (any case; ASCII case only); anything else as it is. */
const char *dci_answer_canonical(const char *answer);

#endif /* DCI_ANSWERS_H */
