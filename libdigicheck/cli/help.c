/*
 * help.c -- the usage and the help of each command of `digicheck`, as
 * --help prints them (the man page says the same at length).
 */
#include "cli.h"

const char cli_usage[] =
    "usage: digicheck check [-r RULESET] [-f FORMAT] [-j N] [--answers FILE] [-q]\n"
    "                       [--color auto|always|never] [--severity LEVEL]\n"
    "                       [--category NAME]... [--rule ID]... [--statistics]\n"
    "                       [--show-justified] [--max-results N]\n"
    "                       [--baseline FILE] [--write-baseline FILE]\n"
    "                       [--fail-on LEVEL] [--fail-on-open-questions]\n"
    "                       [--exclude GLOB]... [--no-config] [-v] [PATH... | -]\n"
    "       digicheck config [-r RULESET]... [-f FORMAT] [--no-config] [PATH]\n"
    "       digicheck test [RULESET]\n"
    "       digicheck rules [-f text|json|markdown] [RULESET]\n"
    "       digicheck explain [-r RULESET] [-f text|json|markdown] RULE\n"
    "       digicheck document [-r RULESET] [-f markdown|html|odt] [--answers FILE]\n"
    "                          [-o FILE] DRAFT\n"
    "       digicheck annotate [-r RULESET] [--answers FILE] DRAFT.docx -o OUT.docx\n"
    "       digicheck serve [-r RULESET] [--port N] [--records DIR] [DIR]\n"
    "       digicheck --help | --version\n";

const char cli_help_serve[] =
    "usage: digicheck serve [-r RULESET] [--port N] [--records DIR] [DIR]\n\n"
    "Serves the review desk and the rule workshop on http://127.0.0.1 for a browser\n"
    "on this machine: a draft of DIR (or one uploaded) with its findings in the\n"
    "text, the principles, the Vorpruefung and the open questions to answer; a form\n"
    "to write a pattern rule, test it and try it on the drafts of DIR. The URL it\n"
    "prints carries a random token; requests without it are refused. Nothing is\n"
    "loaded from the network. Ctrl-C ends it.\n\n"
    "      --port N        the port (default: a free one)\n"
    "      --records DIR   where the answers (one record file per draft, as\n"
    "                      --answers reads it), uploads and the rules saved in the\n"
    "                      workshop go (default: ./digicheck-records)\n";

const char cli_help_main[] =
    "digicheck checks draft laws and ordinances for digital readiness (the federal\n"
    "Digitalcheck and Thuringia's Praxis- und Digitalcheck) against a rule set.\n\n"
    "Commands:\n"
    "  check     check drafts (files, directories, or - for standard input)\n"
    "  config    show the configuration a path is checked with, and its sources\n"
    "  test      run the examples of every rule of a rule set\n"
    "  rules     list the rules of a rule set\n"
    "  explain   show one rule: message, references, patterns, examples\n"
    "  document  write the documentation of the Digitalcheck for one draft\n"
    "  annotate  write a copy of a Word draft with the findings as comments\n"
    "  serve     the review desk and the rule workshop in the browser\n\n"
    "'digicheck COMMAND --help' tells more. A project config " CLI_CONFIG_NAME ", the\n"
    "nearest one in a draft's directory or above, sets rulesets:, rules:, exclude:,\n"
    "answers:, fail-on: and format: (see 'digicheck config --help'); a flag given\n"
    "wins over it. Without -r or rulesets:, the default rule set is used:\n"
    "$DIGICHECK_RULESET, else rules/digitalcheck next to the program (build tree),\n"
    "else the installed one: " DIGICHECK_DATADIR_FROM_BIN "/digicheck/rules/digitalcheck\n"
    "from the program's directory, else " DIGICHECK_DATADIR "/digicheck/rules/digitalcheck.\n";

const char cli_help_check[] =
    "Checks drafts and writes one document about all of them to standard output.\n\n"
    "  PATH...              draft files, or directories searched recursively (in\n"
    "                       name order, hidden entries skipped) for .txt .md .xml\n"
    "                       .docx .odt files and .yaml .yml .json draft descriptions\n"
    "                       (files with 'text' or 'text_file' at the top, or only the\n"
    "                       keys of a description); '-' reads one draft from standard\n"
    "                       input\n"
    "  -r, --ruleset DIR    the rule set (a directory with ruleset.yaml, or a file);\n"
    "                       several -r are combined into one; replaces rulesets:\n"
    "  -f, --format FORMAT  text (default: file:line:column: severity: title [rule]\n"
    "                       (path), then a line of the open questions; on a terminal\n"
    "                       also each finding's source line, the match marked, and\n"
    "                       a summary), json, jsonl, sarif (SARIF 2.1.0; columns are\n"
    "                       Unicode code points), markdown (findings per principle),\n"
    "                       documentation (the Dokumentation der Digitaltauglichkeit\n"
    "                       of each draft, as 'digicheck document' writes it)\n"
    "      --color WHEN     auto (default: on a terminal, unless NO_COLOR is set),\n"
    "                       always or never\n"
    "  -q, --quiet          text: the finding lines only\n"
    "      --severity LEVEL keep the findings of LEVEL (info, warning, error) or higher\n"
    "      --category NAME  keep the findings of category NAME (repeatable)\n"
    "      --rule ID        keep the findings of rule ID (repeatable); these filters\n"
    "                       decide the output and the exit status alike\n"
    "      --statistics     instead of the document: the findings per rule and per\n"
    "                       category, most frequent first\n"
    "      --max-results N  sarif: write at most N results (GitHub code scanning\n"
    "                       takes 25,000 a run); the log notes how many were cut\n"
    "      --write-baseline FILE  record every finding of the run in FILE\n"
    "      --baseline FILE  report only findings FILE does not hold (sarif: all,\n"
    "                       with baselineState)\n"
    "      --show-justified text: also the findings accepted with a reason (see\n"
    "                       JUSTIFICATIONS in digicheck(1)); they never count for\n"
    "                       the exit status\n";
/* The rest of it: one string may hold 4,095 characters in ISO C. */
const char cli_help_check_more[] =
    "  -j, --jobs N         check on N threads (default: the number of processors);\n"
    "                       the output is the same for every N\n"
    "      --answers FILE   answers to check questions for every draft: YAML, one\n"
    "                       'question: answer' per line (e.g. vp.it-system: yes),\n"
    "                       or nested under 'answers:'; an unknown question or an\n"
    "                       answer it does not allow is an error (exit status 2)\n"
    "      --fail-on LEVEL  info, warning or error (default): the lowest severity\n"
    "                       of a finding that makes the exit code 1\n"
    "      --fail-on-open-questions\n"
    "                       an open question (one that applies and has no answer)\n"
    "                       makes the exit code 1 too; otherwise only findings count\n"
    "      --keep-going     a draft whose check a limit cut short (an error-level\n"
    "                       diagnostic) does not make the exit code 2\n"
    "      --exclude GLOB   skip what a directory walk finds whose name matches GLOB\n"
    "                       (a GLOB with '/': whose path below the directory named);\n"
    "                       repeatable, added to the config's exclude:\n"
    "      --no-config      read no " CLI_CONFIG_NAME " (also: DIGICHECK_NO_CONFIG=1)\n"
    "  -v, --verbose        say on stderr what a directory walk skips, and why\n"
    "      --progress       show progress on stderr (default: when stderr is a\n"
    "      --no-progress    terminal and more than one draft is checked)\n\n"
    "A draft that cannot be read is reported on stderr and in the document (in\n"
    "the text form a line 'file: error: message'; on a terminal on stderr only),\n"
    "and the others are still checked.\n\n"
    "Open questions are not findings: the text form lists them in one line per\n"
    "draft; answer them with --answers or in a draft description (answers:).\n\n"
    "Exit status: 0 no finding at or above --fail-on, 1 such findings,\n"
    "2 usage error, rule set error, a draft that could not be checked (or was\n"
    "checked only in part, without --keep-going), or output that could not be\n"
    "written (a full disk, a closed pipe).\n";

const char cli_help_config[] =
    "usage: digicheck config [-r RULESET]... [-f FORMAT] [--answers FILE] [--fail-on LEVEL]\n"
    "                        [--exclude GLOB]... [--no-config] [PATH]\n\n"
    "Shows the configuration 'digicheck check' uses for PATH (default: .) and where\n"
    "each value came from: a line of " CLI_CONFIG_NAME " (file:line:column), the command\n"
    "line, the environment (DIGICHECK_RULESET) or the default. Flags given here show\n"
    "as the command line's, which wins; -f json writes it as one JSON object. The rule\n"
    "sets are loaded, so a bad config is said here as check says it (exit status 2).\n\n"
    "The config is the nearest " CLI_CONFIG_NAME " in the draft's directory (for a\n"
    "directory named: in it) or above; files are not merged. Its keys:\n"
    "  rulesets: [digitalcheck, ../regeln]   rule sets, relative to the file, combined;\n"
    "                                        'digitalcheck' is the default rule set\n"
    "  rules: {form.schriftform: warning}    a rule off, or at another level\n"
    "  exclude: [\"alt/**\", \"*.bak.md\"]      what a directory walk skips (relative to\n"
    "                                        the file; '**' any depth; a glob without\n"
    "                                        '/' matches a name anywhere)\n"
    "  answers: antworten.yaml               the record file, as --answers\n"
    "  fail-on: warning                      as --fail-on\n"
    "  format: sarif                         as -f\n";

const char cli_help_test[] =
    "usage: digicheck test [RULESET]\n\n"
    "Runs the examples of every rule (examples: match / no_match) and prints\n"
    "'N passed, N failed'; each failure names its rule. Exit status 0 when all\n"
    "pass, 1 when one fails, 2 when the rule set does not load.\n";

const char cli_help_rules[] =
    "usage: digicheck rules [-f text|json|markdown] [RULESET]\n\n"
    "Lists the rules of a rule set: id, principle, category, severity, type.\n"
    "-f json gives every field; -f markdown the reference a rule set ships as\n"
    "its README.\n";

const char cli_help_explain[] =
    "usage: digicheck explain [-r RULESET] [-f text|json|markdown] RULE\n\n"
    "Shows one rule: principle, category, message, suggestion, legal references,\n"
    "patterns and examples. An unknown id names the nearest one.\n";

const char cli_help_document[] =
    "usage: digicheck document [-r RULESET] [-f markdown|html|odt] [--answers FILE]\n"
    "                          [-o FILE] DRAFT\n\n"
    "Writes the \"Dokumentation der Digitaltauglichkeit\" of one draft: the draft\n"
    "(title, kind, date from its description), the Vorprüfung and its result, per\n"
    "principle the rating, the aspects that apply with their Paragrafen and the\n"
    "explanation, the interoperability assessment, and the points still open.\n\n"
    "  -f markdown|html|odt  Markdown (default), one HTML page printable on A4, or an\n"
    "                        OpenDocument text for LibreOffice and Word\n"
    "  --answers FILE        answers and Begründungen (as for check); they replace\n"
    "                        those of the draft description\n"
    "  -o FILE               write to FILE instead of standard output\n\n"
    "Ratings of principles are answers to their ids (P1: ja | nein | nicht relevant);\n"
    "'nein' and 'nicht relevant' need a Begründung:\n"
    "  P5: {answer: nicht relevant, begruendung: \"...\"}\n"
    "A bad answer in the description or the answers file is an error (exit 2).\n";

const char cli_help_annotate[] =
    "usage: digicheck annotate [-r RULESET] [--answers FILE] DRAFT.docx -o OUT.docx\n\n"
    "Checks a Word draft and writes a copy of it to OUT.docx with one Word comment\n"
    "per finding, anchored on the words it matched (author \"Digitalcheck\": the\n"
    "message, the rule id and severity, the suggestion), and the open questions as\n"
    "one comment at the start. The draft itself is not changed; OUT.docx must be\n"
    "another file. Exit status as for check: 0 nothing at or above error, 1\n"
    "findings, 2 usage error or a draft that could not be read or written.\n";
