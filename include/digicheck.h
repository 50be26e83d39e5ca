/*
 * digicheck.h -- the public interface of libdigicheck.
 *
 * libdigicheck checks draft laws and ordinances for digital readiness (the
 * federal "Digitalcheck" and Thuringia's "Praxis- und Digitalcheck"). Rule
 * sets are written in YAML; a draft is read from plain text, Markdown, a
 * YAML or JSON draft description, or LegalDocML.de XML; the
 * result is a list of findings, each pointing at the exact provision
 * ("Art. 1 § 3 Abs. 2 Satz 1"), its line, column and byte span, and the
 * rule set's questions as they stand for the draft: answered, open (for the
 * drafter to answer; never a finding) or not applicable, with the answer
 * the text suggests.
 *
 * Usage:
 *
 *     digicheck_error err;
 *     digicheck_ruleset *rs = NULL;
 *     digicheck_draft *d = NULL;
 *     digicheck_checker *c = NULL;
 *     digicheck_report *r = NULL;
 *
 *     if (digicheck_ruleset_load(&rs, "rules/digitalcheck", &err) != DIGICHECK_OK ||
 *         digicheck_draft_load(&d, "entwurf.md", DIGICHECK_FORMAT_AUTO, &err) != DIGICHECK_OK ||
 *         digicheck_checker_new(&c, rs, &err) != DIGICHECK_OK ||
 *         digicheck_check(c, d, &r, &err) != DIGICHECK_OK) {
 *         fprintf(stderr, "%s:%ld:%ld: %s\n", err.source, err.line, err.column,
 *                 err.message);
 *     } else {
 *         for (size_t i = 0; i < digicheck_report_count(r); i++) {
 *             const digicheck_finding *f = digicheck_report_get(r, i);
 *             printf("%ld:%ld %s (%s)\n", digicheck_finding_line(f),
 *                    digicheck_finding_column(f), digicheck_finding_message(f),
 *                    digicheck_finding_path(f));
 *         }
 *         for (size_t i = 0; i < digicheck_report_question_count(r); i++) {
 *             const digicheck_question *q = digicheck_report_question(r, i);
 *             if (digicheck_question_applicable(q) && !digicheck_question_answer(q))
 *                 printf("open question: %s\n", digicheck_question_text(q));
 *         }
 *     }
 *     digicheck_report_free(r);
 *     digicheck_checker_free(c);
 *     digicheck_draft_free(d);
 *     digicheck_ruleset_free(rs);
 *
 * Conventions:
 *   - Fallible functions return an int: DIGICHECK_OK (0) or a negative
 *     DIGICHECK_E* code. The codes are pinned: their values never change.
 *   - Every fallible function takes a caller-owned `digicheck_error *err`
 *     last. It may be NULL. On failure it is filled; filling it never
 *     allocates. On success its contents are unspecified.
 *   - Out-parameters come first. On failure they are set to NULL.
 *   - Pointers returned by accessors are borrowed: they stay valid as long as
 *     the object they were obtained from. Memory the caller owns is released
 *     with the matching *_free function or with digicheck_free().
 *   - Every *_free(NULL) is a no-op.
 *   - The library never aborts, never exits and never prints.
 *
 * Threads: there is no global mutable state and no initialisation call. A
 * ruleset is immutable once loaded and may be shared by any number of
 * threads. A checker, a draft and a report may be used by one thread at a
 * time; use one checker per thread.
 *
 * Limits (defaults; they protect hosts against hostile input):
 *   - rule file size: DIGICHECK_LIMIT_RULE_FILE_SIZE bytes;
 *   - YAML nesting depth: DIGICHECK_LIMIT_YAML_DEPTH levels;
 *   - YAML alias references: DIGICHECK_LIMIT_YAML_ALIASES per file;
 *   - draft size: DIGICHECK_LIMIT_DRAFT_SIZE bytes;
 *   - Word files (zip packages): DIGICHECK_LIMIT_PACKAGE_ENTRIES entries,
 *     DIGICHECK_LIMIT_PACKAGE_PART unpacked bytes a part, a compression
 *     ratio of DIGICHECK_LIMIT_PACKAGE_RATIO for parts over 1 MiB;
 *   - regular expression backtracking: DIGICHECK_LIMIT_MATCH steps and
 *     DIGICHECK_LIMIT_MATCH_DEPTH depth per match attempt (hitting it gives a
 *     diagnostic finding, not an error);
 *   - findings per draft: DIGICHECK_LIMIT_FINDINGS (then one diagnostic of
 *     severity error: the rest of the draft was not checked); a finding the
 *     report drops as a duplicate does not count;
 *   - Lua rules: DIGICHECK_LIMIT_LUA_MEMORY bytes for the Lua state of a
 *     checker (and for compiling a rule set's Lua code at load time),
 *     DIGICHECK_LIMIT_LUA_INSTRUCTIONS instructions and
 *     DIGICHECK_LIMIT_LUA_TIME milliseconds for each call of a rule (all
 *     settable per checker with digicheck_checker_set_limit()); the work
 *     that Lua's API functions do in C counts as instructions, and Lua's
 *     own pattern functions refuse a pattern that could backtrack too long
 *     on its subject. A rule that hits a limit, or fails, gives a
 *     diagnostic finding; a limit hit stays hit for the rest of the call.
 *     The messages and suggestions that Lua rules report on one draft hold
 *     at most DIGICHECK_LIMIT_LUA_TEXT bytes (settable too): the report
 *     keeps them outside the Lua state's memory cap.
 */
#ifndef DIGICHECK_H
#define DIGICHECK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ----------------------------------------------------------- */

#define DIGICHECK_VERSION_MAJOR 0
#define DIGICHECK_VERSION_MINOR 1
#define DIGICHECK_VERSION_PATCH 0
#define DIGICHECK_VERSION_NUMBER \
    (DIGICHECK_VERSION_MAJOR * 10000 + DIGICHECK_VERSION_MINOR * 100 + DIGICHECK_VERSION_PATCH)
#define DIGICHECK_VERSION_STRING "0.1.0"

#if defined(_WIN32)
#  define DIGICHECK_API
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define DIGICHECK_API __attribute__((visibility("default")))
#else
#  define DIGICHECK_API
#endif

/* ---- Error codes (pinned forever) -------------------------------------- */

#define DIGICHECK_OK            0
#define DIGICHECK_ERROR       (-1)  /* an error that fits no other code */
#define DIGICHECK_ENOMEM      (-2)  /* an allocation failed */
#define DIGICHECK_EINVAL      (-3)  /* an invalid argument (message names it) */
#define DIGICHECK_EIO         (-4)  /* a file could not be opened or read */
#define DIGICHECK_ESYNTAX     (-5)  /* YAML or Lua syntax error in a rule set or description */
#define DIGICHECK_ESCHEMA     (-6)  /* well-formed YAML that is not a valid rule set */
#define DIGICHECK_EREGEX      (-7)  /* a regular expression does not compile */
#define DIGICHECK_EENCODING   (-8)  /* input is not valid UTF-8 or holds a NUL byte */
#define DIGICHECK_ELIMIT      (-9)  /* input exceeds a limit (size, depth, aliases) */
#define DIGICHECK_EUNSUPPORTED (-10) /* a format or feature this version cannot handle */

/* ---- Constants --------------------------------------------------------- */

/* Severity of a finding. */
#define DIGICHECK_SEVERITY_INFO    1
#define DIGICHECK_SEVERITY_WARNING 2
#define DIGICHECK_SEVERITY_ERROR   3

/* Input formats of a draft. */
#define DIGICHECK_FORMAT_AUTO     0  /* guess from the name and the content */
#define DIGICHECK_FORMAT_TEXT     1  /* plain text */
#define DIGICHECK_FORMAT_MARKDOWN 2  /* Markdown statutes (headings "## § 3 Titel") */
#define DIGICHECK_FORMAT_YAML     3  /* draft description: text or text_file, answers, facts */
#define DIGICHECK_FORMAT_JSON     4  /* the same description in JSON */
#define DIGICHECK_FORMAT_LDML     5  /* LegalDocML.de XML: no DTD, no network */
#define DIGICHECK_FORMAT_DOCX     6  /* Word (.docx, WordprocessingML): read as a text view */
#define DIGICHECK_FORMAT_ODT      7  /* OpenDocument text (.odt): read as Word is */

/* Output forms of digicheck_report_render(). */
#define DIGICHECK_OUTPUT_TEXT     0  /* file:line:column: severity: title [rule] (§ path) */
#define DIGICHECK_OUTPUT_JSON     1  /* the JSON document {"version":1,"files":[…],"summary":…} */
#define DIGICHECK_OUTPUT_SARIF    2  /* SARIF 2.1.0, columns in Unicode code points */
#define DIGICHECK_OUTPUT_MARKDOWN 3  /* per-principle documentation, in German */
#define DIGICHECK_OUTPUT_JSONL    4  /* one file object of the JSON form per line */
#define DIGICHECK_OUTPUT_DOCUMENTATION 5  /* the documentation of each draft, Markdown
                                             (digicheck_report_document()) */
/* Or-ed into an output: the text form shows the findings accepted with a
 * reason too (it leaves them out, counting them, without it). Since: 0.2. */
#define DIGICHECK_OUTPUT_SHOW_JUSTIFIED 0x100

/* Verdicts of the Vorprüfung (digicheck_report_vorpruefung()), by the
 * official result logic: positive as soon as one of its questions is
 * answered yes; open while none is yes and one is unanswered; else unsure
 * when one is unsure, else negative. */
#define DIGICHECK_VP_OPEN     0
#define DIGICHECK_VP_POSITIVE 1
#define DIGICHECK_VP_UNSURE   2
#define DIGICHECK_VP_NEGATIVE 3

/* The state of a principle in a report (digicheck_report_principle_status()). */
#define DIGICHECK_PRINCIPLE_CLEAN          0  /* no finding, no open question */
#define DIGICHECK_PRINCIPLE_FINDINGS       1  /* at least one finding */
#define DIGICHECK_PRINCIPLE_OPEN_QUESTIONS 2  /* no finding, open questions */
#define DIGICHECK_PRINCIPLE_NOT_RELEVANT   3  /* no finding; the Vorprüfung is negative */

/* Limits of one checker, for digicheck_checker_set_limit(). */
#define DIGICHECK_CHECKER_LIMIT_LUA_MEMORY       1  /* bytes of the checker's Lua state */
#define DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS 2  /* instructions of one Lua rule call */
#define DIGICHECK_CHECKER_LIMIT_LUA_TIME         3  /* milliseconds of one Lua rule call */
#define DIGICHECK_CHECKER_LIMIT_LUA_TEXT         4  /* bytes of finding text Lua reports */

/* Default limits (see the top of this file). */
#define DIGICHECK_LIMIT_RULE_FILE_SIZE (16L * 1024 * 1024)
#define DIGICHECK_LIMIT_YAML_DEPTH     64
#define DIGICHECK_LIMIT_YAML_ALIASES   1000
#define DIGICHECK_LIMIT_DRAFT_SIZE     (256L * 1024 * 1024)
#define DIGICHECK_LIMIT_MATCH          10000000L
#define DIGICHECK_LIMIT_MATCH_DEPTH    10000L
#define DIGICHECK_LIMIT_FINDINGS       100000L
#define DIGICHECK_LIMIT_LUA_MEMORY     (64L * 1024 * 1024)
#define DIGICHECK_LIMIT_LUA_INSTRUCTIONS 10000000L
#define DIGICHECK_LIMIT_LUA_TIME       5000L      /* milliseconds */
#define DIGICHECK_LIMIT_LUA_TEXT       (16L * 1024 * 1024)
/* Word and OpenDocument files (zip packages): entries, the unpacked size of
 * one part, and its compression ratio (checked for parts over 1 MiB). */
#define DIGICHECK_LIMIT_PACKAGE_ENTRIES 10000L
#define DIGICHECK_LIMIT_PACKAGE_PART   (64L * 1024 * 1024)
#define DIGICHECK_LIMIT_PACKAGE_RATIO  100L

/* ---- Types ------------------------------------------------------------- */

typedef struct digicheck_ruleset digicheck_ruleset;
typedef struct digicheck_draft   digicheck_draft;
typedef struct digicheck_checker digicheck_checker;
typedef struct digicheck_report  digicheck_report;
typedef struct digicheck_finding digicheck_finding;
typedef struct digicheck_question digicheck_question;
typedef struct digicheck_output  digicheck_output;
typedef struct digicheck_record  digicheck_record;
typedef struct digicheck_baseline digicheck_baseline;

/* Filled on failure. Filling it never allocates. */
typedef struct digicheck_error {
    int  code;                        /* DIGICHECK_E* */
    long line, column;                /* 1-based; 0 if unknown; columns in code points */
    char source[256];                 /* file or rule id the error is about */
    char message[512];
} digicheck_error;

/* ---- Library ----------------------------------------------------------- */

/**
 * The version of the library at run time, as DIGICHECK_VERSION_NUMBER
 * (major * 10000 + minor * 100 + patch). Compare it with the macro to detect
 * a header/library mismatch.
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_version(void);

/**
 * The version of the library at run time as a string, e.g. "0.1.0".
 * Ownership: static storage; do not free. Since: 0.1.
 */
DIGICHECK_API const char *digicheck_version_string(void);

/**
 * A short English description of an error code ("out of memory"). Never
 * NULL: an unknown code gives "unknown error".
 * Ownership: static storage; do not free. Since: 0.1.
 */
DIGICHECK_API const char *digicheck_strerror(int code);

/**
 * Releases memory the library handed to the caller (rendered reports,
 * test failure texts). digicheck_free(NULL) is a no-op. Since: 0.1.
 */
DIGICHECK_API void digicheck_free(void *p);

/** digicheck_escape(): line breaks and tabs read as spaces. */
#define DIGICHECK_ESCAPE_LINE 1

/**
 * Makes text from an input safe to write to a terminal or a log: each
 * control character (C0 but a tab, DEL, C1 such as ESC, OSC or BEL) and each
 * byte that is not valid UTF-8 becomes "\xNN" (ESC is "\x1b", a newline
 * "\x0a"), so a file name, an excerpt or a message can neither move the
 * cursor, set a window title nor start a line of its own. With
 * DIGICHECK_ESCAPE_LINE, line breaks and tabs become spaces instead. The
 * library's text and Markdown renderings escape every field this way.
 * @param s      text of len bytes (NULL only with len 0)
 * @param flags  0 or DIGICHECK_ESCAPE_LINE
 * @param[out] out      NUL-terminated; NULL on failure
 * @param[out] out_len  its length in bytes; may be NULL
 * @return DIGICHECK_OK, DIGICHECK_EINVAL (out NULL, s NULL with len > 0,
 *         unknown flags), DIGICHECK_ENOMEM.
 * Ownership: release *out with digicheck_free(). Threads: no shared state.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_escape(const char *s, size_t len, int flags, char **out,
                                   size_t *out_len);

/* ---- Rule sets --------------------------------------------------------- */

/**
 * Loads and validates a rule set.
 *
 * @param[out] out  the loaded rule set; NULL on failure.
 * @param path      a directory holding `ruleset.yaml`, or a single YAML file.
 *                  Files named in `include:` and the Lua scripts of `lua`
 *                  rules (`script:`) are read relative to the rule set
 *                  directory and must stay inside it.
 * @param err       filled on failure with the file, line and column at fault.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument), DIGICHECK_EIO (a file
 *         cannot be read), DIGICHECK_ESYNTAX (YAML syntax, or Lua syntax: the
 *         script's file and line, or for inline `code:` the YAML file and
 *         line, and Lua's message), DIGICHECK_ESCHEMA (unknown key, missing
 *         field, duplicate id, unknown principle or category, include or
 *         script outside the directory), DIGICHECK_EREGEX (a pattern does
 *         not compile; the message has PCRE2's text and offset),
 *         DIGICHECK_EENCODING (a file is not UTF-8), DIGICHECK_ELIMIT (size,
 *         depth or alias limit), DIGICHECK_ENOMEM.
 * Ownership: release with digicheck_ruleset_free(). The rule set stays alive
 * while checkers and reports made from it exist, so it may be freed first.
 * Threads: the result is immutable and may be shared between threads.
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_ruleset_load(digicheck_ruleset **out, const char *path,
                                         digicheck_error *err);

/**
 * Loads several rule sets as one, as if one rule set extended each of them
 * in turn (`extends: [paths[0], …]` in its ruleset.yaml): each with the rule
 * sets it extends itself, a rule set reached twice (a diamond) once. An id
 * that two of them define (a rule, question, principle) is a load error, as
 * in `extends`. The combination's id is the ids joined with "+"
 * ("digitalcheck+thueringen"), its title the titles joined with " + ", its
 * version the versions joined with "+"; with n == 1 it is
 * digicheck_ruleset_load().
 *
 * @param[out] out  the loaded rule set; NULL on failure.
 * @param paths     n paths as digicheck_ruleset_load() takes them.
 * @param n         1 to 64.
 * @param err       filled on failure as by digicheck_ruleset_load().
 * @return the codes of digicheck_ruleset_load(); DIGICHECK_EINVAL also for
 *         n == 0, n > 64 or a NULL or empty path.
 * Ownership: release with digicheck_ruleset_free().
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_ruleset_load_many(digicheck_ruleset **out,
                                              const char *const *paths, size_t n,
                                              digicheck_error *err);

/**
 * Switches one rule off or sets its severity, as `levels:` in a
 * ruleset.yaml does, before checkers are made from the rule set. A rule
 * switched off leaves the rule set (it is not run, not counted, not
 * listed; digicheck_ruleset_describe() of its id says it is off); a
 * severity set here is the severity of every finding of the rule (its
 * `severity_if` refinements no longer apply).
 *
 * @param rs       a rule set no checker, report or other thread uses yet.
 * @param rule_id  the id of a rule (or question) of rs.
 * @param level    "off", "info", "warning" or "error".
 * @param err      filled on failure.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL for a NULL argument, an unknown
 *         rule id (the message names the nearest id: "unknown rule 'x'; did
 *         you mean 'y'?"), a rule switched off already, an unknown level
 *         word, or a rule that another rule names in `when.rules` (switch
 *         that one off first); DIGICHECK_ENOMEM.
 * Threads: not thread-safe with checkers in use; call it right after
 * loading.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_ruleset_set_level(digicheck_ruleset *rs, const char *rule_id,
                                              const char *level, digicheck_error *err);

/**
 * Releases the caller's reference to a rule set. Memory is returned once no
 * checker or report made from it remains. NULL is a no-op. Since: 0.1.
 */
DIGICHECK_API void digicheck_ruleset_free(digicheck_ruleset *rs);

/** The number of rules in a rule set (0 for NULL). Since: 0.1. */
DIGICHECK_API size_t digicheck_ruleset_rule_count(const digicheck_ruleset *rs);

/**
 * Runs every example of every rule (`examples: {match: […], no_match: […]}`):
 * each text is checked as a plain-text draft with the whole rule set; a
 * `match` example passes when the rule reports at least one finding, a
 * `no_match` example when it reports none. An example on which the rule
 * yields a diagnostic (a Lua error, a limit) fails either way.
 *
 * @param[out] passed    number of examples that passed (may be NULL).
 * @param[out] failed    number of examples that failed (may be NULL).
 * @param[out] failures  NULL when all passed; else one line per failure,
 *                       "rule-id: expected a match: <text>" or "rule-id: the
 *                       rule failed on the example (<diagnostic>): <text>"
 *                       (may be NULL).
 * @return DIGICHECK_OK when the examples could be run (whether or not they
 *         passed); DIGICHECK_EINVAL, DIGICHECK_ENOMEM.
 * Ownership: *failures is released with digicheck_free().
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_ruleset_test(const digicheck_ruleset *rs, size_t *passed,
                                         size_t *failed, char **failures,
                                         digicheck_error *err);

/**
 * Describes a rule set, or one rule of it, for people and programs.
 *
 * @param rule_id   NULL for the whole rule set, or the id of one rule.
 * @param output    DIGICHECK_OUTPUT_TEXT: the list of rules (id, principle,
 *                  category, severity, type), one per line, or everything
 *                  about one rule; DIGICHECK_OUTPUT_JSON: the principles and
 *                  the rules with every field (patterns, examples, where each
 *                  rule is defined); DIGICHECK_OUTPUT_MARKDOWN: the reference
 *                  a rule set ships as its README, in German.
 * @param[out] out  NUL-terminated; NULL on failure.
 * @param[out] len  its length in bytes (may be NULL).
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument, another output, or
 *         no such rule: the message names the nearest rule id), DIGICHECK_ENOMEM.
 * Ownership: release *out with digicheck_free(). Threads: reads the
 * immutable rule set only. Since: 0.1.
 */
DIGICHECK_API int digicheck_ruleset_describe(const digicheck_ruleset *rs, const char *rule_id,
                                             int output, char **out, size_t *len,
                                             digicheck_error *err);

/* ---- Drafts ------------------------------------------------------------ */

/**
 * Parses a draft from memory. The bytes are copied.
 *
 * @param[out] out  the draft; NULL on failure.
 * @param buf, len  the input: UTF-8 (a leading byte-order mark is skipped),
 *                  no NUL bytes, at most DIGICHECK_LIMIT_DRAFT_SIZE bytes.
 *                  An empty input is a valid, empty draft.
 * @param name      the name shown in findings (a file name); may be NULL.
 * @param format    DIGICHECK_FORMAT_AUTO (by the name's extension, else the
 *                  content: "<" first is LegalDocML.de, "{" first a JSON
 *                  description), _TEXT, _MARKDOWN, _LDML (LegalDocML.de XML,
 *                  read without network access; findings carry eIds), or a
 *                  draft description, _YAML or _JSON (read strictly as
 *                  RFC 8259 JSON, not as YAML): its text is inline (`text:`)
 *                  or in `text_file:`, which digicheck_draft_parse() never
 *                  reads (DIGICHECK_EINVAL: a host that parses an upload
 *                  named "/etc/x.yaml" must not read "/etc/passwd" for it);
 *                  digicheck_draft_parse_in() reads it inside the directory
 *                  the host names, digicheck_draft_load() inside the file's
 *                  own (then the draft takes that file's name); its `answers:` are set as by
 *                  digicheck_draft_set_answer(); or _DOCX, a Word document
 *                  (also found by AUTO from its content, a zip package with a
 *                  WordprocessingML main part): its body's paragraphs are read
 *                  as a text view, one line per paragraph (heading styles and
 *                  "§ 3 …" paragraphs as Markdown headings, Word's numbers
 *                  before the text); inserted text is text, deleted text,
 *                  footnotes, comments, headers and text boxes are not; findings
 *                  carry the paragraph (digicheck_finding_paragraph()); or
 *                  _ODT, an OpenDocument text, read the same way (AUTO and
 *                  _DOCX take it too, by its content).
 * @return DIGICHECK_OK; DIGICHECK_EINVAL, DIGICHECK_EENCODING (with the line
 *         and column of the first bad byte), DIGICHECK_ELIMIT (too large),
 *         DIGICHECK_ESYNTAX, DIGICHECK_ESCHEMA (a malformed description, with
 *         its line and column), DIGICHECK_EIO (text_file unreadable),
 *         DIGICHECK_EUNSUPPORTED (a LegalDocML.de document with a DOCTYPE: DTDs
 *         and entities are refused; an encrypted or macro-enabled Word file, an
 *         old binary .doc), DIGICHECK_ESYNTAX also for a corrupt zip, and
 *         DIGICHECK_ELIMIT for a zip package beyond its limits,
 *         DIGICHECK_ENOMEM.
 * Ownership: release with digicheck_draft_free().
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_draft_parse(digicheck_draft **out, const char *buf, size_t len,
                                        const char *name, int format,
                                        digicheck_error *err);

/**
 * digicheck_draft_parse(), and a description's `text_file:` is read inside
 * base_dir, never outside it once links are resolved (`..`, an absolute
 * path or a link leading out is DIGICHECK_ESCHEMA). The directory is the
 * host's choice, not derived from name. base_dir NULL is
 * digicheck_draft_parse(): text_file is refused.
 * Ownership: release with digicheck_draft_free(). Since: 0.2.
 */
DIGICHECK_API int digicheck_draft_parse_in(digicheck_draft **out, const char *buf, size_t len,
                                           const char *name, int format,
                                           const char *base_dir, digicheck_error *err);

/**
 * Reads a draft from a file and parses it as digicheck_draft_parse() does;
 * the path becomes the draft's name. DIGICHECK_FORMAT_AUTO decides by the
 * extension (.md Markdown, .txt text, .yaml .yml .json a description, .docx
 * Word, .odt OpenDocument), else by the content. Adds DIGICHECK_EIO to the errors.
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_draft_load(digicheck_draft **out, const char *path, int format,
                                       digicheck_error *err);

/**
 * Records the answer to a question (e.g. "vp.it-system" -> "yes"). A later
 * answer to the same question replaces the earlier one. Both strings are
 * copied.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL or empty argument),
 *         DIGICHECK_ENOMEM.
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_draft_set_answer(digicheck_draft *d, const char *question_id,
                                             const char *answer, digicheck_error *err);

/**
 * Accepts the findings of a rule at a place of the draft with a reason (a
 * justification, "Begründung"): they stay in the report, marked
 * (digicheck_finding_justified), do not count as open, and carry the
 * reason into every output. A draft description (`justifications:`), a
 * record file and inline comments of a text draft
 * (`<!-- digicheck: RULE-ID: reason -->`) add them the same way.
 *
 * @param rule_id  the rule; digicheck_check() fails with DIGICHECK_ESCHEMA,
 *                 naming the nearest id, when the rule set has no such rule.
 * @param at       the place: a structural path ("§ 2 Abs. 1": that unit and
 *                 the units inside it), a line number ("12": findings on
 *                 that line), or NULL or "" for the whole draft.
 * @param reason   why the finding is accepted; not empty.
 * @param by       who accepted it; may be NULL.
 * A justification that accepts no finding gives a diagnostic finding whose
 * message starts with "stale-justification:".
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL d, empty rule_id or reason),
 *         DIGICHECK_ENOMEM. The strings are copied. Since: 0.2.
 */
DIGICHECK_API int digicheck_draft_justify(digicheck_draft *d, const char *rule_id,
                                          const char *at, const char *reason, const char *by,
                                          digicheck_error *err);

/**
 * Records the Begründung (the reason, free text) of an answer: of a
 * question ("P1.1.1"), of an interoperability rating ("io.legal") or of
 * the rating of a principle ("P5"), as the documentation reports it. A
 * later reason for the same id replaces the earlier one. The documentation
 * of the Digitalcheck requires one for a principle rated "no" or
 * "not-relevant". Both strings are copied.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL or empty argument),
 *         DIGICHECK_ENOMEM.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_draft_set_reason(digicheck_draft *d, const char *question_id,
                                             const char *reason, digicheck_error *err);

/**
 * Checks the answers a draft description gave (its `answers:`) against a
 * rule set, as digicheck_record_load() checks a record file: each id names
 * a question of rs or one of its principles (a rating: yes, no,
 * not-relevant, i.e. "Ja, gänzlich oder teilweise", "Nein", "Nicht
 * relevant"), each answer is one it allows, and a principle rated no or
 * not-relevant has its Begründung. A draft without a description passes.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument); DIGICHECK_ESCHEMA
 *         with the description's name, the line and column, and the allowed
 *         answers in the message.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_draft_check_answers(const digicheck_draft *d,
                                                const digicheck_ruleset *rs,
                                                digicheck_error *err);

/**
 * The text that the findings of a check of d point into: a finding's line,
 * column, offset and length count in it. For a text, Markdown or
 * LegalDocML.de draft these are its own bytes; for a Word or OpenDocument
 * draft the text the library reads out of it (each paragraph a line, a
 * blank line between paragraphs, headings as Markdown headings); for a
 * draft description, the text it names (`text_file:`, or `text:` whose
 * lines count from the description's first line).
 *
 * A draft whose normalized text differs from it only in white space put
 * for white space, in fewer than one byte in four (a sentence a line),
 * holds its bytes once; then the text
 * as read is made the first time it is asked for, once.
 *
 * @param len  receives the length in bytes (0 when NULL is returned); may be NULL
 * @return the text, borrowed from d (valid until digicheck_draft_free(d));
 *         NULL when d is NULL, or when memory runs out making it.
 * Threads: may be called from several threads at once for one draft.
 * Since: 0.2.
 */
DIGICHECK_API const char *digicheck_draft_text(const digicheck_draft *d, size_t *len);

/** Releases a draft. NULL is a no-op. Since: 0.1. */
DIGICHECK_API void digicheck_draft_free(digicheck_draft *d);

/**
 * Writes a copy of a Word draft with the findings of report r as Word
 * comments: one per finding, anchored on the words it matched (the runs
 * are split at the match's ends, keeping their formatting), by author
 * "Digitalcheck", with the message, the rule id and severity, and the
 * suggestion; the open questions as one comment on the first paragraph
 * (with the number of findings left out of paragraphs that have more than
 * 200).
 * Comments the document has are kept. The draft's file is not touched;
 * nothing else in the package changes (the main part, its relationships,
 * the content types and the comments part excepted).
 *
 * @param d     a draft read as DIGICHECK_FORMAT_DOCX.
 * @param r     the report of checking d.
 * @param path  the copy to write (replaced if it exists; never the draft's
 *              own file). Written to a temporary file beside it first.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument, a draft that is
 *         not Word, path names the draft), DIGICHECK_EIO (cannot write),
 *         DIGICHECK_ENOMEM, or an error reading the package again.
 * Threads: reads d and r only. Since: 0.1.
 */
DIGICHECK_API int digicheck_draft_annotate(const digicheck_draft *d, const digicheck_report *r,
                                           const char *path, digicheck_error *err);

/* ---- Records ----------------------------------------------------------- */

/**
 * Reads a record file: what a drafter has recorded for the drafts of a
 * batch, checked once against the rule set and then applied to each draft
 * with digicheck_record_apply(). A record holds answers to the rule set's
 * questions, in either of two shapes, and in the nested one justifications
 * of findings (see digicheck_draft_justify):
 *
 *     vp.it-system: ja            # flat: question id -> answer
 *     vp.eu-bezug: nein
 *
 *     answers:                    # nested, as a draft description writes them
 *       vp.it-system: ja
 *     justifications:             # {rule, at: a path or a line, reason, by}
 *       - {rule: form.schriftform, at: "§ 2 Abs. 1", reason: "Art. 5 RL (EU) …"}
 *
 * The file is YAML (comments allowed), or JSON when its name ends in
 * ".json"; an empty file records nothing. Every id must name a question
 * of rs (a question rule, or an id that a rule's `when: {answers: …}`
 * asks about), and every answer be one the question allows (yes/ja/true,
 * no/nein/false, unsure/unsicher, the answers the question lists, or
 * those a condition names).
 *
 * @param[out] out  the record; NULL on failure.
 * @param rs        the rule set whose questions the answers are checked
 *                  against.
 * @param path      the file; it names the record in errors.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument), DIGICHECK_EIO,
 *         DIGICHECK_ELIMIT (over DIGICHECK_LIMIT_RULE_FILE_SIZE bytes, too
 *         deep), DIGICHECK_EENCODING, DIGICHECK_ESYNTAX, DIGICHECK_ESCHEMA
 *         (not a mapping of question ids to answers, an unknown key, an
 *         unknown question id: the message names the nearest one, a rule
 *         that is no question, an answer the question does not allow; a
 *         malformed justification or one of an unknown rule, naming the
 *         nearest), each with the line and column; DIGICHECK_ENOMEM.
 * Ownership: release with digicheck_record_free(). The record keeps no
 * reference to rs. Threads: a record is immutable once read; any number of
 * threads may apply it at the same time.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_record_load(digicheck_record **out, const digicheck_ruleset *rs,
                                        const char *path, digicheck_error *err);

/**
 * Applies a record to a draft: each answer is set as by
 * digicheck_draft_set_answer(), so it replaces an answer the draft's
 * description gave to the same question; each justification is added to
 * the draft's own (source "record").
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument), DIGICHECK_ENOMEM.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_record_apply(const digicheck_record *rec, digicheck_draft *d,
                                         digicheck_error *err);

/** The number of answers in a record (0 for NULL). Since: 0.2. */
DIGICHECK_API size_t digicheck_record_answer_count(const digicheck_record *rec);

/** Releases a record. NULL is a no-op. Since: 0.2. */
DIGICHECK_API void digicheck_record_free(digicheck_record *rec);

/* ---- Checking ---------------------------------------------------------- */

/**
 * Makes a checker: the per-thread state (match buffers; for Lua rules, a
 * sandboxed Lua state, made when a rule first needs it) for checking drafts
 * against one rule set. Use one checker per thread; many checkers may share
 * one rule set.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL, DIGICHECK_ENOMEM.
 * Ownership: release with digicheck_checker_free(). Holds a reference to rs.
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_checker_new(digicheck_checker **out, const digicheck_ruleset *rs,
                                        digicheck_error *err);

/**
 * Checks a draft. Findings are sorted by position in the draft, then by the
 * order of the rules. A rule that hits a limit (matching, Lua memory or
 * instructions), or a Lua rule that raises an error, does not stop the
 * check: it yields a finding of kind "diagnostic" naming the rule and the
 * reason, and the other rules run.
 * @param[out] out  the report; NULL on failure.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL, DIGICHECK_ENOMEM.
 * Ownership: release with digicheck_report_free(). The report does not
 * refer to the draft, which may be freed first.
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_check(digicheck_checker *c, const digicheck_draft *d,
                                  digicheck_report **out, digicheck_error *err);

/**
 * Sets a limit of one checker for the checks to come.
 *
 * @param c      the checker.
 * @param limit  DIGICHECK_CHECKER_LIMIT_LUA_MEMORY: the bytes the checker's
 *               Lua state may hold (default DIGICHECK_LIMIT_LUA_MEMORY; a
 *               state that holds more than a new, smaller limit is made
 *               anew); DIGICHECK_CHECKER_LIMIT_LUA_INSTRUCTIONS: the Lua
 *               instructions one call of a rule may run (default
 *               DIGICHECK_LIMIT_LUA_INSTRUCTIONS);
 *               DIGICHECK_CHECKER_LIMIT_LUA_TIME: the milliseconds one call
 *               of a rule may run, on a monotonic clock (default
 *               DIGICHECK_LIMIT_LUA_TIME); or DIGICHECK_CHECKER_LIMIT_LUA_TEXT:
 *               the bytes of messages and suggestions that Lua rules may
 *               report on one draft (default DIGICHECK_LIMIT_LUA_TEXT).
 * @param value  the new limit, at least 1. A memory limit too small for Lua
 *               to start makes every Lua rule give a diagnostic.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (c is NULL, an unknown limit, a
 *         value below 1).
 * Ownership: nothing is allocated.
 * Threads: affects this checker only; call it between checks, from the
 * thread that uses the checker.
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_checker_set_limit(digicheck_checker *c, int limit, long value,
                                              digicheck_error *err);

/** Releases a checker. NULL is a no-op. Since: 0.1. */
DIGICHECK_API void digicheck_checker_free(digicheck_checker *c);

/* ---- Reports ----------------------------------------------------------- */

/** The number of findings in a report (0 for NULL). Since: 0.1. */
DIGICHECK_API size_t digicheck_report_count(const digicheck_report *r);

/**
 * The i-th finding, or NULL when i is out of range.
 * Ownership: borrowed; valid until the report is freed. Since: 0.1.
 */
DIGICHECK_API const digicheck_finding *digicheck_report_get(const digicheck_report *r,
                                                           size_t i);

/**
 * Renders a report as a whole document: the same as a digicheck_output with
 * this one report (see below).
 * @param output    DIGICHECK_OUTPUT_TEXT, _JSON, _JSONL, _SARIF, _MARKDOWN or _DOCUMENTATION.
 * @param[out] out  a NUL-terminated string; NULL on failure.
 * @param[out] len  its length in bytes, without the NUL (may be NULL).
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument, unknown output),
 *         DIGICHECK_ENOMEM.
 * Ownership: release *out with digicheck_free().
 * Since: 0.1.
 */
DIGICHECK_API int digicheck_report_render(const digicheck_report *r, int output, char **out,
                                          size_t *len, digicheck_error *err);

/** The number of the report's findings accepted with a reason (they are
 * among digicheck_report_count()). Since: 0.2. */
DIGICHECK_API size_t digicheck_report_justified_count(const digicheck_report *r);

/** Releases a report. NULL is a no-op. Since: 0.1. */
DIGICHECK_API void digicheck_report_free(digicheck_report *r);

/**
 * Keeps only the findings a reader asked for and drops the others from the
 * report, for every rendering and accessor after it (principle states
 * count what is kept; questions are not touched).
 *
 * @param r              the report.
 * @param min_severity   keep findings of this DIGICHECK_SEVERITY_* or
 *                       higher (0: any severity).
 * @param categories     keep findings of one of these categories
 *                       (digicheck_category()); ncategories 0: any.
 * @param rule_ids       keep findings of one of these rules; nrule_ids 0: any.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (r NULL, a severity out of range,
 *         an unknown category: the message lists the valid ones; a rule the
 *         report's rule set lacks: the message names the nearest id). On
 *         failure the report is unchanged.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_report_keep(digicheck_report *r, int min_severity,
                                        const char *const *categories, size_t ncategories,
                                        const char *const *rule_ids, size_t nrule_ids,
                                        digicheck_error *err);

/**
 * The i-th category of the rule language's fixed taxonomy ("written-form",
 * "signature", … "question"), or NULL past the last.
 * Ownership: static storage. Since: 0.2.
 */
DIGICHECK_API const char *digicheck_category(size_t i);

/**
 * The name of the checked draft: its file name, the text file a draft
 * description names, or "<input>" (never NULL; "" for NULL).
 * Ownership: borrowed from the report. Since: 0.2.
 */
DIGICHECK_API const char *digicheck_report_file(const digicheck_report *r);

/**
 * The number of questions of the rule set as they stand for this draft,
 * applicable or not, answered or not (0 for NULL). An open question (one
 * that applies and has no answer) is never a finding. Since: 0.2.
 */
DIGICHECK_API size_t digicheck_report_question_count(const digicheck_report *r);

/**
 * The i-th question, in the order of the rule set, or NULL when i is out of
 * range.
 * Ownership: borrowed; valid until the report is freed. Since: 0.2.
 */
DIGICHECK_API const digicheck_question *digicheck_report_question(const digicheck_report *r,
                                                                 size_t i);

/**
 * The result of the Vorprüfung, from the answers to its six questions
 * (vp.it-system, vp.verpflichtungen, vp.datenaustausch, vp.kommunikation,
 * vp.automatisierung: the digital relevance; vp.eu-bezug: the EU reference).
 *
 * @param r                      the report.
 * @param[out] interoperability  DIGICHECK_VP_*: the EU reference if the
 *                               relevance is positive, open while it is
 *                               open, else negative (may be NULL).
 * @param[out] eu_bezug          DIGICHECK_VP_*: the EU question alone (may
 *                               be NULL).
 * @param[out] contradiction     1 when data exchange is answered no and EU
 *                               exchange yes, else 0 (may be NULL).
 * @return the digital relevance, DIGICHECK_VP_*; DIGICHECK_VP_OPEN (and
 *         open, open, 0) for NULL.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_report_vorpruefung(const digicheck_report *r, int *interoperability,
                                               int *eu_bezug, int *contradiction);

/** The number of principles of the report's rule set (0 for NULL). Since: 0.2. */
DIGICHECK_API size_t digicheck_report_principle_count(const digicheck_report *r);

/** The id of the i-th principle ("P1"), or NULL when out of range. Since: 0.2. */
DIGICHECK_API const char *digicheck_report_principle_id(const digicheck_report *r, size_t i);

/** The title of the i-th principle, or NULL when out of range. Since: 0.2. */
DIGICHECK_API const char *digicheck_report_principle_title(const digicheck_report *r,
                                                           size_t i);

/**
 * The state of the i-th principle in this report.
 * @param[out] findings        its findings (diagnostics not counted; may be NULL).
 * @param[out] open_questions  its open questions (may be NULL).
 * @return DIGICHECK_PRINCIPLE_FINDINGS when it has findings; else
 *         _NOT_RELEVANT when the Vorprüfung is negative; else _OPEN_QUESTIONS
 *         or _CLEAN. -1 (and 0, 0) when i is out of range or r is NULL.
 * Since: 0.2.
 */
DIGICHECK_API int digicheck_report_principle_status(const digicheck_report *r, size_t i,
                                                    size_t *findings, size_t *open_questions);

/**
 * The drafter's rating of the i-th principle, given as the answer to the
 * principle's id ("P1": yes, no, not-relevant, or "Ja, gänzlich oder
 * teilweise", "Nein", "Nicht relevant"), canonical.
 * @param[out] reason  its Begründung, or NULL (may be NULL).
 * @return "yes", "no", "not-relevant", or NULL while the principle is not
 *         rated (or i is out of range, or r is NULL).
 * Ownership: borrowed from the report. Since: 0.2.
 */
DIGICHECK_API const char *digicheck_report_principle_rating(const digicheck_report *r, size_t i,
                                                            const char **reason);

/** The number of places where a principle matters without a defect: the
 * matches of the rule set's relevance rules, which are no findings (0 for
 * NULL). Since: 0.2. */
DIGICHECK_API size_t digicheck_report_relevant_count(const digicheck_report *r);

/**
 * The i-th place where a principle matters, in the order of the rules, then
 * of the text.
 * @param[out] aspect   the aspect of the rule ("P5.1"), or NULL (may be NULL).
 * @param[out] path     where ("§ 3 Satz 2"; may be NULL).
 * @param[out] line     its first line, 1-based (may be NULL).
 * @return the id of the relevance rule (digicheck_ruleset_describe() tells
 *         its principle and message), or NULL when i is out of range (then
 *         the out-parameters are NULL and 0).
 * Ownership: borrowed from the report. Since: 0.2.
 */
DIGICHECK_API const char *digicheck_report_relevant(const digicheck_report *r, size_t i,
                                                    const char **aspect, const char **path,
                                                    long *line);

/* Forms of the documentation (digicheck_report_document()). */
#define DIGICHECK_DOCUMENT_MARKDOWN 0  /* Markdown */
#define DIGICHECK_DOCUMENT_HTML     1  /* one self-contained HTML page, printable on A4 */
#define DIGICHECK_DOCUMENT_ODT      2  /* an OpenDocument text file (.odt, binary) */

/**
 * The "Dokumentation der Digitaltauglichkeit" of one draft, in German:
 * title, kind and date of the draft (from its description), the Vorprüfung
 * and its result; for each principle the rating ("Ja, gänzlich oder
 * teilweise", "Nein", "Nicht relevant"), the aspects that apply and, for
 * each, the Paragrafen (aggregated to the Absatz) with the explanation
 * (findings, check questions answered, their Begründungen); the
 * interoperability assessment when data are exchanged with other Member
 * States; and what is still open. A rating the report cannot decide is
 * shown as open, never guessed; a "Nein" or "Nicht relevant" without a
 * Begründung is shown as incomplete.
 *
 * @param form      DIGICHECK_DOCUMENT_MARKDOWN, _HTML or _ODT.
 * @param[out] out  the document (NUL-terminated, but an ODT holds NUL
 *                  bytes: use *len); NULL on failure.
 * @param[out] len  its length in bytes (may be NULL for the text forms).
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument, another form),
 *         DIGICHECK_ENOMEM, DIGICHECK_EIO (the ODF container could not be
 *         written).
 * Ownership: release *out with digicheck_free(). Since: 0.2.
 */
DIGICHECK_API int digicheck_report_document(const digicheck_report *r, int form, char **out,
                                            size_t *len, digicheck_error *err);

/* ---- Documents of many reports ----------------------------------------- */

/*
 * A digicheck_output writes one document (one JSON object, one SARIF log,
 * one Markdown text …) about many drafts as a stream: each call returns the
 * next piece of text, which the caller writes out and releases, so a batch
 * of thousands of drafts is never held in memory. Pieces may be "".
 *
 *     digicheck_output_new(&o, rs, DIGICHECK_OUTPUT_SARIF, &err);
 *     for each draft:
 *         checked ? digicheck_output_add(o, report, &text, &len, &err)
 *                 : digicheck_output_add_error(o, path, &why, &text, &len, &err);
 *         fwrite(text, 1, len, stdout); digicheck_free(text);
 *     digicheck_output_finish(o, &text, &len, &err);   (the tail)
 *     digicheck_output_free(o);
 *
 * JSON: {"version":1,"files":[…],"summary":{…}}, one file object per line.
 * A file that could not be checked is a file object with "error" (and
 * "error_code", "error_line", "error_column"). JSONL: the file objects
 * alone, one per line, no summary. SARIF 2.1.0: one run whose driver lists
 * every rule of the rule set, a result of kind "fail" per finding and of
 * kind "open" (level "none") per open question; failed files are tool
 * execution notifications and make "executionSuccessful" false. Text: one
 * line per finding, "file:line:column: severity: title [rule] (§ path)"
 * (the rule's title, else its message cut to about 60 characters), then
 * one line "file: N Fragen offen: id (Vorschlag: ja, § 3 Satz 1), …"; a
 * failed file as "file:line:column: error: message". Markdown: the
 * per-principle documentation of each draft, separated by "---".
 */

/**
 * Starts a document for reports checked with rule set rs.
 * @param output  DIGICHECK_OUTPUT_TEXT, _JSON, _JSONL, _SARIF, _MARKDOWN or _DOCUMENTATION.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL, DIGICHECK_ENOMEM.
 * Ownership: release with digicheck_output_free(). Holds a reference to rs.
 * Threads: one thread at a time. Since: 0.1.
 */
DIGICHECK_API int digicheck_output_new(digicheck_output **out, const digicheck_ruleset *rs,
                                       int output, digicheck_error *err);

/**
 * SARIF: writes at most max_results results (findings and open questions,
 * in order; 0: all, the default); the log then says in a tool notification
 * (descriptor "max-results") how many were left out. GitHub code scanning
 * takes at most 25,000 results per run.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL o, another format, or the
 *         output has begun). Since: 0.2.
 */
DIGICHECK_API int digicheck_output_set_max_results(digicheck_output *o, size_t max_results,
                                                   digicheck_error *err);

/**
 * The piece of the document for one report (with the document's head if it
 * is the first piece).
 * @param[out] text  NUL-terminated; NULL on failure. Release with digicheck_free().
 * @param[out] len   its length in bytes (may be NULL).
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument, a report made
 *         with another rule set, or the output is finished),
 *         DIGICHECK_ENOMEM. Since: 0.1.
 */
DIGICHECK_API int digicheck_output_add(digicheck_output *o, const digicheck_report *r,
                                       char **text, size_t *len, digicheck_error *err);

/**
 * Receives the text of a piece as it is made (digicheck_output_write()):
 * data[0..len), not NUL-terminated, valid only during the call. Returns 0
 * to go on; anything else stops the writing and the piece fails.
 */
typedef int (*digicheck_write_fn)(void *ctx, const char *data, size_t len);

/**
 * The piece of the document for one report, as digicheck_output_add()
 * makes it, handed to write(ctx, …) in parts of about 64 KiB while it is
 * made instead of returned whole: the text of a report of many findings
 * (about 1 KB each in JSON) is never held at once. The parts joined are
 * the piece digicheck_output_add() returns, byte for byte. Text, JSON and
 * JSONL are cut between findings; SARIF and Markdown come in one part.
 * @param write  called once or more; never with len 0.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (as digicheck_output_add(), or
 *         NULL write), DIGICHECK_ENOMEM, DIGICHECK_EIO (write returned
 *         nonzero). After a failure the parts written so far may end in
 *         the middle of the piece. Since: 0.2.
 */
DIGICHECK_API int digicheck_output_write(digicheck_output *o, const digicheck_report *r,
                                         digicheck_write_fn write, void *ctx,
                                         digicheck_error *err);

/**
 * The piece of the document for a file that could not be checked: error is
 * what loading or checking it filled in. The batch goes on.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL, DIGICHECK_ENOMEM. Since: 0.1.
 */
DIGICHECK_API int digicheck_output_add_error(digicheck_output *o, const char *file,
                                             const digicheck_error *error, char **text,
                                             size_t *len, digicheck_error *err);

/**
 * The tail of the document (the JSON summary, the SARIF invocation). Call
 * it once, after the last piece: once it has succeeded, every further
 * add, add_error or finish fails with DIGICHECK_EINVAL.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL, DIGICHECK_ENOMEM. Since: 0.1.
 */
DIGICHECK_API int digicheck_output_finish(digicheck_output *o, char **text, size_t *len,
                                          digicheck_error *err);

/** Releases an output. NULL is a no-op. Since: 0.1. */
DIGICHECK_API void digicheck_output_free(digicheck_output *o);

/* ---- Baselines ---------------------------------------------------------- */

/*
 * A baseline records the findings a body of drafts has, by file, rule and
 * fingerprint (digicheck_finding_fingerprint), so that a later check can
 * report only what is new: add the reports of a run, write it; later load
 * it and compare each report with it. The file is text: a header line
 * "# digicheck baseline 1", then "fingerprint TAB rule TAB file" a line,
 * sorted. Diagnostics are never recorded. Threads: a loaded baseline may be
 * compared from any number of threads; adding is one thread at a time.
 */

/** An empty baseline. Release with digicheck_baseline_free(). Since: 0.2. */
DIGICHECK_API int digicheck_baseline_new(digicheck_baseline **out, digicheck_error *err);
/**
 * Reads a baseline file.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL, DIGICHECK_EIO, DIGICHECK_ESYNTAX
 *         (not a baseline, or a malformed line: its line number),
 *         DIGICHECK_ENOMEM. Since: 0.2.
 */
DIGICHECK_API int digicheck_baseline_load(digicheck_baseline **out, const char *path,
                                          digicheck_error *err);
/** Records every finding of report r (but diagnostics) under r's file name. Since: 0.2. */
DIGICHECK_API int digicheck_baseline_add(digicheck_baseline *b, const digicheck_report *r,
                                         digicheck_error *err);
/** The number of findings recorded (0 for NULL). Since: 0.2. */
DIGICHECK_API size_t digicheck_baseline_count(const digicheck_baseline *b);
/** Writes the baseline to path (DIGICHECK_EIO when it cannot). Since: 0.2. */
DIGICHECK_API int digicheck_baseline_write(digicheck_baseline *b, const char *path,
                                           digicheck_error *err);
/**
 * Compares report r with baseline b (loaded, or written since its last
 * add): each finding becomes "new" or "unchanged"
 * (digicheck_finding_baseline_state), and the baseline's findings of r's
 * file that r no longer has are noted (digicheck_report_absent_count).
 * Without keep_unchanged the unchanged findings are dropped from r, so that
 * only new ones are rendered and counted; SARIF renders the states as
 * baselineState, with a result per absent finding.
 * @return DIGICHECK_OK; DIGICHECK_EINVAL (NULL argument, a baseline added to
 *         since it was written), DIGICHECK_ENOMEM. Since: 0.2.
 */
DIGICHECK_API int digicheck_report_compare(digicheck_report *r, const digicheck_baseline *b,
                                           int keep_unchanged, digicheck_error *err);
/** The number of the baseline's findings of r's file that r no longer has. Since: 0.2. */
DIGICHECK_API size_t digicheck_report_absent_count(const digicheck_report *r);
/** The rule of the i-th absent finding, or NULL when out of range. Since: 0.2. */
DIGICHECK_API const char *digicheck_report_absent_rule(const digicheck_report *r, size_t i);
/** Its fingerprint, or NULL when out of range. Since: 0.2. */
DIGICHECK_API const char *digicheck_report_absent_fingerprint(const digicheck_report *r,
                                                              size_t i);
/** Releases a baseline. NULL is a no-op. Since: 0.2. */
DIGICHECK_API void digicheck_baseline_free(digicheck_baseline *b);

/* ---- Findings (all strings borrowed from the report; never NULL) -------- */

/** The id of the rule that produced the finding. Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_rule_id(const digicheck_finding *f);
/** The principle id of the rule ("P1"). Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_principle(const digicheck_finding *f);
/** The category of the rule ("written-form"; see DESIGN.md). Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_category(const digicheck_finding *f);
/** DIGICHECK_SEVERITY_INFO, _WARNING or _ERROR. Since: 0.1. */
DIGICHECK_API int         digicheck_finding_severity(const digicheck_finding *f);
/** What is wrong, in the rule set's language. Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_message(const digicheck_finding *f);
/** The suggestion of the rule ("" if it has none). Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_suggestion(const digicheck_finding *f);
/** "text", "absence" or "diagnostic"; since 0.2 also "improvement": an
 * amendment removes wording a rule finds. (Before 0.2 an open question was
 * a finding of kind "question"; it is now a question of the report.)
 * Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_kind(const digicheck_finding *f);
/** The innermost unit holding the finding ("§ 3 Abs. 2 Satz 1"; "" if none). Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_path(const digicheck_finding *f);
/** A finding in the new wording of an amendment command, or an
 * "improvement" in the wording it removes: the provision the command
 * amends, as the command names it ("§ 7 Absatz 1 Satz 2 des
 * Musterverwaltungsgesetzes"); NULL for every other finding. The path
 * names the amending place. Since: 0.2. */
DIGICHECK_API const char *digicheck_finding_target_path(const digicheck_finding *f);
/** The text around the finding, whitespace folded. Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_excerpt(const digicheck_finding *f);
/** The matched text as the rule saw it (line breaks read as spaces, at most
 * 200 bytes and "…"); "" for a finding about a whole unit. Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_match(const digicheck_finding *f);
/** LegalDocML.de drafts: the eId of the innermost element holding the start
 * of the finding ("" for other drafts). Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_eid(const digicheck_finding *f);
/** LegalDocML.de drafts: the offset of the finding's first character in the
 * text content of that element, in Unicode code points (-1 for other
 * drafts). Since: 0.1. */
DIGICHECK_API long        digicheck_finding_eid_offset(const digicheck_finding *f);
/** Word drafts: the paragraph holding the finding's first character, by its
 * index (from 0) among the paragraphs (w:p) of the document's body in
 * document order, table cells included (for OpenDocument: text:p and
 * text:h); -1 for other drafts. Since: 0.1. */
DIGICHECK_API long        digicheck_finding_paragraph(const digicheck_finding *f);
/** Word drafts: the offset of the finding's first character in that
 * paragraph's text, in Unicode code points; numbers Word generates
 * ("1.", "a)") are not part of the text (-1 for other drafts). Since: 0.1. */
DIGICHECK_API long        digicheck_finding_paragraph_offset(const digicheck_finding *f);
/** Line (1-based) of the first character in the original input (for a Word
 * draft: in the text view the library reads, one line per paragraph; see
 * DIGICHECK_FORMAT_DOCX). Since: 0.1. */
DIGICHECK_API long        digicheck_finding_line(const digicheck_finding *f);
/** Column (1-based, Unicode code points) of the first character. Since: 0.1. */
DIGICHECK_API long        digicheck_finding_column(const digicheck_finding *f);
/** Line of the last character (equal to the start line for empty spans). Since: 0.1. */
DIGICHECK_API long        digicheck_finding_end_line(const digicheck_finding *f);
/** Column of the last character (code points). Since: 0.1. */
DIGICHECK_API long        digicheck_finding_end_column(const digicheck_finding *f);
/** Byte offset of the span in the original input. Since: 0.1. */
DIGICHECK_API size_t      digicheck_finding_offset(const digicheck_finding *f);
/** Byte length of the span in the original input. Since: 0.1. */
DIGICHECK_API size_t      digicheck_finding_length(const digicheck_finding *f);
/** The number of legal references of the rule (0 for a diagnostic, which is about the
 * rule, not the draft: as in JSON). Since: 0.1. */
DIGICHECK_API size_t      digicheck_finding_reference_count(const digicheck_finding *f);
/** The i-th legal reference ("§ 3a VwVfG"), or NULL when out of range. Since: 0.1. */
DIGICHECK_API const char *digicheck_finding_reference(const digicheck_finding *f, size_t i);

/** The finding's fingerprint, "hash:occurrence" (16 hex digits, then which
 * of the report's findings with that hash it is, from 1): the rule, the
 * matched text and a little text around it, letters only -- never its line
 * or its structural path, so that it survives inserted lines, rewrapped text
 * and renumbered provisions. SARIF's partialFingerprints and baselines
 * (digicheck_baseline) use it. Since: 0.2. */
DIGICHECK_API const char *digicheck_finding_fingerprint(const digicheck_finding *f);
/** "new" or "unchanged" once the report is compared with a baseline
 * (digicheck_report_compare), else "". Since: 0.2. */
DIGICHECK_API const char *digicheck_finding_baseline_state(const digicheck_finding *f);
/** 1 when the finding is accepted with a reason (a justification), else 0. Since: 0.2. */
DIGICHECK_API int         digicheck_finding_justified(const digicheck_finding *f);
/** The reason it is accepted for ("" if it is not). Since: 0.2. */
DIGICHECK_API const char *digicheck_finding_justification_reason(const digicheck_finding *f);
/** Who accepted it ("" if not said or not accepted). Since: 0.2. */
DIGICHECK_API const char *digicheck_finding_justification_by(const digicheck_finding *f);
/** Where the reason is written: "description" (the draft description's
 * `justifications:`), "record" (a record file), "inline" (a comment in the
 * draft's text), "api" (digicheck_draft_justify); "" if not accepted. Since: 0.2. */
DIGICHECK_API const char *digicheck_finding_justification_source(const digicheck_finding *f);

/* ---- Questions (all strings borrowed from the report) -------------------- */

/** The id of the question ("vp.it-system"; "" for NULL). Since: 0.2. */
DIGICHECK_API const char *digicheck_question_id(const digicheck_question *q);
/** Its stage: "vorpruefung", "praxischeck", "aspekt" (a check question of an
 * aspect of a principle: it applies only once the Vorprüfung finds a
 * Digitalbezug, positive or unsure) or "interoperabilitaet" (the
 * interoperability assessment: it applies only when vp.eu-bezug is yes);
 * "" for NULL. Since: 0.2. */
DIGICHECK_API const char *digicheck_question_stage(const digicheck_question *q);
/** Its principle id ("P3"; "" for NULL). Since: 0.2. */
DIGICHECK_API const char *digicheck_question_principle(const digicheck_question *q);
/** The Begründung given with the answer, or NULL. Since: 0.2. */
DIGICHECK_API const char *digicheck_question_reason(const digicheck_question *q);
/** The id of the aspect of its principle that the question belongs to
 * ("P1.2"), or NULL (no aspect, or NULL q). Since: 0.2. */
DIGICHECK_API const char *digicheck_question_aspect(const digicheck_question *q);
/** The question itself, in the rule set's language ("" for NULL). Since: 0.2. */
DIGICHECK_API const char *digicheck_question_text(const digicheck_question *q);
/** 1 when it applies to the draft (its applies_when holds, or it has none). Since: 0.2. */
DIGICHECK_API int         digicheck_question_applicable(const digicheck_question *q);
/** The answer given, canonical ("yes", "no", "unsure", or one the question
 * allows), or NULL when unanswered (an answer it does not allow counts as
 * none and gives a diagnostic finding). Since: 0.2. */
DIGICHECK_API const char *digicheck_question_answer(const digicheck_question *q);
/** The answer the text suggests (its first evidence's), or NULL when no
 * evidence was found. Since: 0.2. */
DIGICHECK_API const char *digicheck_question_suggested(const digicheck_question *q);
/** The number of places in the text that suggest an answer (at most 5). Since: 0.2. */
DIGICHECK_API size_t      digicheck_question_evidence_count(const digicheck_question *q);
/** The path of the i-th place ("§ 3 Satz 1"), or NULL when out of range. Since: 0.2. */
DIGICHECK_API const char *digicheck_question_evidence_path(const digicheck_question *q,
                                                           size_t i);
/** Its line (1-based), or 0 when out of range. Since: 0.2. */
DIGICHECK_API long        digicheck_question_evidence_line(const digicheck_question *q,
                                                           size_t i);
/** Its column (1-based, code points), or 0 when out of range. Since: 0.2. */
DIGICHECK_API long        digicheck_question_evidence_column(const digicheck_question *q,
                                                             size_t i);
/** The sentence around it, or NULL when out of range. Since: 0.2. */
DIGICHECK_API const char *digicheck_question_evidence_excerpt(const digicheck_question *q,
                                                              size_t i);

#ifdef __cplusplus
}
#endif

#endif /* DIGICHECK_H */
