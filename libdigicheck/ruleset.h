/*
 * ruleset.h -- the loaded, immutable rule set (ruleset.c; rule.c reads its
 * rules, with the helpers of loader.c).
 */
#ifndef DCI_RULESET_H
#define DCI_RULESET_H

#include "regex.h"
#include "answers.h"

#include "prefilter.h"

#include <stdint.h>

/* The enums of the rule language, each with its name table (language.c). */
/* A relevance rule marks where a principle matters even without a defect
 * (personal data processed: P5): its matches are no findings, they are the
 * report's relevant places (relevance.c). */
enum {
    DCI_RULE_PATTERN = 1, DCI_RULE_ABSENCE = 2, DCI_RULE_LUA = 3, DCI_RULE_QUESTION = 4,
    DCI_RULE_RELEVANCE = 5
};
extern const dci_names dci_rule_types;  /* "pattern", "absence", "lua", "question", "relevance" */
/* Stages of questions: the Vorprüfung; the Praxischeck; the check questions
 * of an aspect of a principle (asked once the Vorprüfung finds a
 * Digitalbezug); the interoperability assessment (asked when data are to be
 * exchanged with other Member States). */
enum {
    DCI_STAGE_VORPRUEFUNG = 1, DCI_STAGE_PRAXISCHECK, DCI_STAGE_ASPEKT,
    DCI_STAGE_INTEROPERABILITAET
};
extern const dci_names dci_stages;  /* "vorpruefung", "praxischeck", "aspekt", "interoperabilitaet" */
enum { DCI_SCOPE_SENTENCE = 1, DCI_SCOPE_PARAGRAPH, DCI_SCOPE_SECTION, DCI_SCOPE_DOCUMENT };
extern const dci_names dci_scopes;          /* "sentence" … "document"; labels "Satz" … */
/* DIGICHECK_SEVERITY_* (digicheck.h): "info", "warning", "error". */
extern const dci_names dci_severities;
/* "off" (0), then the severities: what `levels:` may set a rule to. */
#define DCI_LEVEL_OFF 0
extern const dci_names dci_levels;
/* The fixed taxonomy of categories (values 0 …), kept in rules as strings. */
extern const dci_names dci_categories;

/* An answer condition of `when`/`applies_when`: {question, answer}. */
typedef dci_answer dci_answer_cond;

/* A list entry {match: [...], <value>}: `severity_if` of a pattern rule (if
 * any pattern matches in the scope unit, the finding gets this severity) and
 * `prefill` of a question (text signals that suggest this answer). */
typedef struct dci_guard {
    dci_regex  *match;
    size_t      nmatch;
    int         severity;   /* severity_if */
    const char *suggests;   /* prefill: one of the question's answers */
} dci_guard;
typedef dci_guard dci_severity_if;
typedef dci_guard dci_prefill;

/* `group:` of a pattern rule: one finding per match (one per sentence), or
 * one per § listing the terms (collapse.c). */
enum { DCI_GROUP_SENTENCE = 0, DCI_GROUP_SECTION };
extern const dci_names dci_groups;         /* "sentence", "section" */

/* `absent_in:` of an absence rule: where else than in its scope unit what
 * satisfies it is looked for (absence.c), as bits 1 << DCI_IN_*. */
enum { DCI_IN_SCOPE = 0, DCI_IN_CITED, DCI_IN_DEFINITIONS, DCI_IN_DRAFT };
extern const dci_names dci_absent_places;  /* "scope", "cited", "definitions", "draft" */
#define DCI_ABSENT_IN_SCOPE       (1u << DCI_IN_SCOPE)
#define DCI_ABSENT_IN_CITED       (1u << DCI_IN_CITED)
#define DCI_ABSENT_IN_DEFINITIONS (1u << DCI_IN_DEFINITIONS)
#define DCI_ABSENT_IN_DRAFT       (1u << DCI_IN_DRAFT)

typedef struct dci_rule {
    const char *id, *principle, *category, *message, *suggestion;
    const char *title;      /* a few words for the one-line text form; NULL: none */
    int type;               /* DCI_RULE_* */
    int severity;           /* DIGICHECK_SEVERITY_* */
    int scope;              /* DCI_SCOPE_* */
    size_t principle_index; /* into ruleset->principles */

    dci_regex *match;   size_t nmatch;     /* pattern: what fires */
    dci_regex *unless;  size_t nunless;    /* pattern: cancels a match in the scope */
    dci_severity_if *severity_if; size_t nseverity_if;
    unsigned roles;         /* pattern: the roles of text it reads, 1 << DCI_ROLE_* */
    int group;              /* pattern: DCI_GROUP_*, how its findings are grouped */
    dci_regex *lead_in; size_t nlead_in;   /* pattern: only list items after such a lead-in */

    /* absence: fires when `when` holds and no `absent` pattern occurs in the
     * scope. `when` holds if any trigger pattern matches in the scope, any
     * answer condition is met, or any named rule fired in the draft. */
    dci_regex *when_match;        size_t nwhen_match;
    dci_answer_cond *when_answers; size_t nwhen_answers;
    const char **when_rules;      size_t nwhen_rules;
    size_t *when_rule_index;      /* same length as when_rules */
    dci_regex *absent;  size_t nabsent;
    unsigned absent_in;           /* DCI_ABSENT_IN_*: where `absent` is looked for */

    /* question: the message is the question; `applies_when` is kept in the
     * when_* fields above (no trigger: it always applies). */
    int stage;                          /* DCI_STAGE_* */
    const char *aspect;                 /* the aspect's id ("P1.2"), or NULL */
    size_t aspect_index;                /* into the principle's aspects */
    const char **answers; size_t nanswers;      /* allowed, canonical */
    dci_prefill *prefill; size_t nprefill;

    /* lua: the chunk (text), and its name in Lua's messages ("@lua/x.lua").
     * Inline code is preceded by as many line breaks as it stands lines down
     * its YAML file, so that Lua's line numbers are the file's. */
    const char *lua_src; size_t lua_len;
    const char *lua_name;

    const char **references; size_t nreferences;
    const char **tags;       size_t ntags;
    const char **ex_match;   size_t nex_match;
    const char **ex_no_match; size_t nex_no_match;

    const char *file;       /* where the rule was defined */
    long line, column;
    size_t part;            /* the rule set of a combination that defined it: rs->parts */
} dci_rule;

/* An aspect ("Schwerpunkt") of a principle: its id ("P1.2"), number
 * ("1.2"), short name ("technologieoffen") and title, and the categories and
 * rules whose findings are evidence for it (see aspect.c). */
typedef struct dci_aspect {
    const char *id, *number, *name, *title;
    const char **categories; size_t ncategories;
    const char **rules;      size_t nrules;
    size_t *rule_index;      /* same length as rules, resolved after loading */
    const char *file;        /* where it is written, for errors */
    long line, column;
} dci_aspect;

typedef struct dci_principle {
    const char *id, *title, *description;
    const char **legacy; size_t nlegacy;
    dci_aspect *aspects; size_t naspects;
    const char *file;        /* where it is written (last overridden), for errors */
    long line, column;
    size_t part;             /* the rule set that declared it: rs->parts */
} dci_principle;

/* The rule sets a rule set is made of: itself and each it extends (each
 * once, however often it is reached), or each path given to
 * digicheck_ruleset_load_many() with theirs. */
#define DCI_MAX_PARTS 64
typedef struct dci_ruleset_part {
    const char *id, *title, *version, *description;
    const char *path;        /* its ruleset.yaml (or single file) as named */
    const char *dir;         /* its directory: its includes and scripts stay inside */
    const char *real;        /* the real path of that file: the same set reached twice */
    uint64_t bases;          /* bit j: part j is one it extends, directly or not */
    int base;                /* another part extends it (else the caller named it) */
} dci_ruleset_part;

/* A rule switched off by `levels:` or digicheck_ruleset_set_level(): it is
 * no longer in the rule set, but explain can say where it went. */
typedef struct dci_rule_off {
    const char *id, *by;     /* the rule, and the rule set (or call) that switched it off */
} dci_rule_off;

struct digicheck_ruleset {
    long refs;                       /* atomic; see dci_ruleset_ref */
    dci_arena arena;                 /* every string and array below */
    const char *path;                /* as given to digicheck_ruleset_load */
    const char *dir;                 /* its directory (include paths are relative to it) */
    const char *id, *title, *version, *description;
    dci_ruleset_part *parts;   size_t nparts;     /* bases first; see dci_ruleset_part */
    dci_rule_off *off;         size_t noff, off_cap;  /* on the heap */
    dci_principle *principles; size_t nprinciples;
    dci_rule *rules;           size_t nrules;
    size_t *absence_order;     size_t nabsence;   /* absence rules, each after those it names */
    dci_prefilter *prefilter;  size_t nslots;     /* see prefilter.c */
    size_t ntwins;                   /* see dci_regex.twin */
};

/* Every pattern of the rule set, in rule order, each with whether the
 * prefilter serves it (see dci_prefilter_pattern): into *out (release
 * with dci_free). DIGICHECK_OK or DIGICHECK_ENOMEM. */
int dci_ruleset_patterns(const digicheck_ruleset *rs, dci_prefilter_pattern **out, size_t *n);

/* Reference counting (atomic): checkers and reports keep their rule set. */
void dci_ruleset_ref(const digicheck_ruleset *rs);
void dci_ruleset_unref(const digicheck_ruleset *rs);
/* Index of a rule by id, or (size_t)-1. */
size_t dci_ruleset_find_rule(const digicheck_ruleset *rs, const char *id);
/* Index of the rule whose id is nearest to id (a typo), or (size_t)-1. */
size_t dci_ruleset_closest_rule(const digicheck_ruleset *rs, const char *id);
/* DIGICHECK_EINVAL: rule set rs has no rule id; the message names the
 * nearest one, if any. */
int dci_ruleset_no_rule(const digicheck_ruleset *rs, const char *id, digicheck_error *err);

#endif /* DCI_RULESET_H */
