#!/bin/sh
# The digicheck command, end to end: the golden cases through the CLI (every
# rendering byte for byte, the error cases with exit code 2 and their
# message), exit codes and --fail-on, -j1 against -j2, standard input,
# unreadable and invalid files in a batch, bad arguments, and the commands
# test, rules and explain, and output to a full disk or a closed pipe.
#
#   tests/cli/run.sh DIGICHECK [SARIF-VALIDATOR...]
#
# The validator command, when given, is run on the SARIF of a batch.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
suite=cli
. "$top/tests/cli/lib.sh"
# A .digicheck.yaml above the scratch directory must not change what is tested
# here (tests/cli/config.sh tests the project config).
DIGICHECK_NO_CONFIG=1
export DIGICHECK_NO_CONFIG

# stderr_has TEXT DESCRIPTION
stderr_has() {
    if grep -qF -- "$1" "$tmp/err"; then ok; else
        bad "$2: stderr lacks '$1'"; sed 's/^/    /' "$tmp/err" >&2
    fi
}

# ---- the golden cases --------------------------------------------------------
for case in "$top"/tests/golden/*/; do
    name=$(basename "$case")
    cd "$case" || exit 2
    if [ -f rules.yaml ]; then rules=rules.yaml; else rules=$(cat ruleset.txt); fi
    draft=draft.txt
    for f in draft.md draft.yaml draft.json draft.xml; do [ -f $f ] && draft=$f; done
    answers=
    if [ -f answers.txt ]; then
        grep -v '^#' answers.txt | sed 's/=/: /' >"$tmp/answers.yaml"
        answers="--answers $tmp/answers.yaml"
    fi
    if [ -f expected.error ]; then
        # shellcheck disable=SC2086
        expect 2 "$name" "$dc" check -j1 -r "$rules" $answers "$draft"
        stderr_has "$(sed -n 2p expected.error)" "$name"
    else
        for pair in text:expected.txt json:expected.json sarif:expected.sarif \
                    markdown:expected.md; do
            fmt=${pair%%:*}; file=${pair#*:}
            [ -f "$file" ] || continue
            # shellcheck disable=SC2086
            "$dc" check -j1 --fail-on info -r "$rules" $answers -f "$fmt" "$draft" \
                >"$tmp/got" 2>"$tmp/err"
            code=$?
            if cmp -s "$tmp/got" "$file"; then ok; else bad "$name: -f $fmt differs"; fi
            if [ -s "$file" ] && [ "$fmt" = json ] && grep -q '"findings":\[{' "$file"; then
                [ $code -eq 1 ] && ok || bad "$name: exit $code with findings, expected 1"
            fi
        done
    fi
done
cd "$top" || exit 2

# ---- exit codes ---------------------------------------------------------------
s=rules/starter
expect 1 "error finding, default --fail-on" "$dc" check -r $s examples/drafts/antrag.md
expect 0 "clean draft" "$dc" check -r $s --fail-on info examples/drafts/verordnung.txt
printf 'Die Erkl\303\244rung bedarf der Schriftform.\n' >"$tmp/warn.txt"
expect 0 "warning only, --fail-on error" "$dc" check -r $s "$tmp/warn.txt"
expect 1 "warning, --fail-on warning" "$dc" check -r $s --fail-on warning "$tmp/warn.txt"
expect 1 "warning, --fail-on=info" "$dc" check -r $s --fail-on=info "$tmp/warn.txt"
dgr=rules/digitalcheck                          # the default rule set, named
# open questions are not findings: an empty draft has only those
: >"$tmp/empty.txt"
expect 0 "empty draft, --fail-on info" "$dc" check -r $dgr --fail-on info "$tmp/empty.txt"
grep -q '^.*empty.txt: [0-9]* Fragen offen: vp.it-system' "$tmp/out" && ok ||
    bad "empty draft: no line of open questions"
expect 1 "empty draft, --fail-on-open-questions" "$dc" check -r $dgr --fail-on-open-questions \
    "$tmp/empty.txt"
for q in vp.it-system vp.verpflichtungen vp.datenaustausch vp.kommunikation \
         vp.automatisierung vp.eu-bezug pc.betroffene; do echo "$q: no"; done \
    >"$tmp/all-answered.yaml"
expect 0 "every question answered, --fail-on-open-questions" "$dc" check -r $dgr \
    --fail-on-open-questions --answers "$tmp/all-answered.yaml" "$tmp/empty.txt"

# ---- standard input -----------------------------------------------------------------
printf 'Der Antrag ist schriftlich zu stellen.\n' |
    "$dc" check -r $s -f jsonl - >"$tmp/out" 2>"$tmp/err"
code=$?
[ $code -eq 1 ] && ok || bad "stdin: exit $code"
grep -q '"file":"<stdin>".*"line":1,"column":16' "$tmp/out" && ok || bad "stdin: no finding at 1:16"
expect 2 "stdin named twice" "$dc" check -r $s - -
# an endless standard input is read to the draft size limit + 1 byte, then refused
expect 2 "stdin too long" timeout 20 "$dc" check -r $s - </dev/zero
stderr_has "<stdin>: more than 268435456 bytes, the size limit of a draft; not read further" \
    "stdin too long"

# ---- a batch: order, -j, bad files ------------------------------------------------------
mkdir -p "$tmp/batch/sub" "$tmp/batch/.hidden"
cp examples/drafts/antrag.md "$tmp/batch/a.md"
cp examples/drafts/verordnung.txt "$tmp/batch/sub/b.txt"
cp examples/drafts/antrag.md "$tmp/batch/.hidden/skip.md"
cp tests/golden/error-invalid-utf8/draft.md "$tmp/batch/c-invalid.md"
printf 'not a draft' >"$tmp/batch/notes.pdf"
ln -s "$tmp/nowhere.md" "$tmp/batch/d-broken.md"
for i in 1 2 3 4 5 6 7 8 9; do cp tests/golden/statute-lspv/draft.md "$tmp/batch/sub/l$i.md"; done
expect 2 "batch with bad files" "$dc" check -r $s -j1 -f json "$tmp/batch"
cp "$tmp/out" "$tmp/j1.json"
stderr_has "c-invalid.md:4:8: invalid UTF-8" "batch: invalid file on stderr"
stderr_has "d-broken.md: a broken symbolic link" "batch: broken link on stderr"
grep -q '"summary":{"files":13,"findings":[0-9]*,"open_questions":[0-9]*,"errors":2,' "$tmp/j1.json" && ok ||
    bad "batch: summary should count 13 files and 2 errors"
grep -q 'skip.md\|notes.pdf' "$tmp/j1.json" && bad "batch: hidden dir or .pdf taken" || ok
expect 2 "batch -j2" "$dc" check -r $s -j2 -f json "$tmp/batch"
cmp -s "$tmp/out" "$tmp/j1.json" && ok || bad "-j1 and -j2 differ"
expect 2 "batch -j7" "$dc" check -r $s -j 7 -f json "$tmp/batch"
cmp -s "$tmp/out" "$tmp/j1.json" && ok || bad "-j1 and -j7 differ"
for fmt in text jsonl sarif markdown; do
    "$dc" check -r $s -j1 -f $fmt "$tmp/batch" >"$tmp/f1" 2>/dev/null
    "$dc" check -r $s -j3 -f $fmt "$tmp/batch" >"$tmp/f3" 2>/dev/null
    cmp -s "$tmp/f1" "$tmp/f3" && ok || bad "-f $fmt: -j1 and -j3 differ"
done
"$dc" check -r $s -f sarif "$tmp/batch" >"$tmp/batch.sarif" 2>/dev/null
grep -q '"executionSuccessful":false' "$tmp/batch.sarif" && ok || bad "sarif: failed files not noted"
if [ $# -gt 0 ]; then
    if "$@" "$tmp/batch.sarif" >/dev/null; then ok; else bad "batch SARIF is not valid"; fi
fi
# the text form has failed files in the document too (as the manual says), and on stderr
"$dc" check -r $s -f text "$tmp/batch" >"$tmp/out" 2>"$tmp/err"
grep -q ': error: invalid UTF-8' "$tmp/out" && grep -q 'invalid UTF-8' "$tmp/err" && ok ||
    bad "text: a failed file not on stdout and stderr"
# no progress bar when stderr is no terminal, unless asked for
[ "$(grep -c 'files,' "$tmp/err")" -eq 0 ] && ok || bad "progress shown on a pipe"
"$dc" check -r $s --progress "$tmp/batch" >/dev/null 2>"$tmp/err"
grep -q '13 files' "$tmp/err" && ok || bad "--progress: no summary line"

# ---- a walk checks drafts only ----------------------------------------------------------------
# In a repository: statutes, and the YAML and JSON files that are draft descriptions.
w="$tmp/repo"
mkdir -p "$w/.git" "$w/docs/alt" "$w/node_modules/x" "$w/rules"
cp examples/drafts/antrag.md "$w/docs/antrag.md"
cp examples/drafts/antrag.md "$w/docs/alt/old.md"
cp examples/drafts/antrag.md "$w/node_modules/x/readme.md"
cp examples/drafts/antrag.md "$w/.git/stray.md"
cp rules/starter/form.yaml "$w/rules/form.yaml"
printf '{"name": "x", "version": "1.0.0", "scripts": {"text": "y"}}\n' >"$w/package.json"
printf '{"name": "{\\"text\\": 1}", "text_notes": 1}\n' >"$w/braces.json"
printf 'name: ci\nsteps: |\n  text: no\n"text_file"x: 1\n' >"$w/ci.yml"
printf -- '- text: a list\n' >"$w/list.yaml"
printf '# a description\n---\n"text": |\n  Der Antrag ist schriftlich zu stellen.\n' >"$w/d-quoted.yaml"
printf 'title: T\r\ntext: Der Antrag ist schriftlich zu stellen.\r\n' >"$w/d-crlf.yml"
printf '\357\273\277{"title": "T", "facts": {"a": "}"},\n "text": "Der Antrag ist schriftlich zu stellen."}\n' \
    >"$w/d-flow.json"
printf '{title: T, text: Der Antrag ist schriftlich zu stellen.}\n' >"$w/d-plain.yaml"
expect 1 "walk: descriptions and statutes only" "$dc" check -r $s -v -f jsonl "$w"
for f in docs/antrag.md docs/alt/old.md node_modules/x/readme.md d-quoted.yaml d-crlf.yml \
         d-flow.json d-plain.yaml; do
    grep -q "\"file\":\"$w/$f\"" "$tmp/out" && ok || bad "walk: $f not checked"
done
for f in package.json braces.json ci.yml list.yaml rules/form.yaml .git; do
    grep -q "$w/$f" "$tmp/out" && bad "walk: $f checked" || ok
done
[ "$(wc -l <"$tmp/out")" -eq 7 ] && ok || bad "walk: $(wc -l <"$tmp/out") drafts, expected 7"
stderr_has "skipped $w/package.json: not a draft description" "walk -v: package.json"
stderr_has "skipped $w/rules/form.yaml: not a draft description" "walk -v: rule file"
stderr_has "skipped $w/.git: hidden" "walk -v: .git"
"$dc" check -r $s -f jsonl "$w" >/dev/null 2>"$tmp/err"
[ -s "$tmp/err" ] && bad "walk: notes without -v" || ok
# a description with only a description's keys is one, and the library says what it lacks
mkdir -p "$tmp/only-keys" && printf 'title: T\nanswers:\n  vp.it-system: ja\n' >"$tmp/only-keys/d.yaml"
expect 2 "walk: a description without text" "$dc" check -r $s "$tmp/only-keys"
stderr_has "d.yaml" "walk: a description without text"
# a file named is always checked
expect 2 "package.json named" "$dc" check -r $s "$w/package.json"
stderr_has "unknown key 'name'" "package.json named"
# --exclude: names anywhere, paths below the directory named, directories pruned
expect 1 "--exclude" "$dc" check -r $s -v -f jsonl --exclude node_modules --exclude 'docs/alt' \
    --exclude='d-*.y*ml' "$w"
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "--exclude: $(wc -l <"$tmp/out") drafts, expected 2"
grep -q 'node_modules\|docs/alt\|d-crlf\|d-quoted\|d-plain' "$tmp/out" && bad "--exclude: taken" || ok
stderr_has "skipped $w/node_modules: excluded by --exclude 'node_modules'" "--exclude -v"
stderr_has "skipped $w/docs/alt: excluded by --exclude 'docs/alt'" "--exclude path"
(cd "$w" && "$dc" check -r "$top/$s" -f jsonl --exclude 'docs/*' . >"$tmp/out" 2>"$tmp/err")
grep -q 'docs/' "$tmp/out" && bad "--exclude 'docs/*' from ." || ok
expect 1 "--exclude does not apply to a file named" "$dc" check -r $s --exclude '*.md' \
    "$w/docs/antrag.md"
expect 2 "--exclude without a value" "$dc" check -r $s "$w" --exclude

# ---- limits ----------------------------------------------------------------------------------
# a rule that reports more than the findings limit: the check is cut short, which is trouble
# unless --keep-going; a rule that says the same a thousand times uses up nothing
lua_rules() {  # DIR CODE: a rule set of one Lua rule
    mkdir -p "$1"
    { printf 'digicheck: 1\nid: t\ntitle: t\nprinciples: [{id: P1, title: x}]\nrules:\n'
      printf '  - {id: t.lua, type: lua, principle: P1, category: written-form, severity: info,\n'
      printf '     message: m, code: "%s"}\n' "$2"; } >"$1/ruleset.yaml"
}
lua_rules "$tmp/flood" \
    'return function(d, report) for i = 1, 100001 do report{message = [[m]] .. i} end end'
lua_rules "$tmp/same" \
    'return function(d, report) for i = 1, 200000 do report{message = [[same]]} end end'
printf 'Satz.\n' >"$tmp/satz.txt"
expect 2 "findings limit" "$dc" check -r "$tmp/flood" "$tmp/satz.txt"
stderr_has "satz.txt: not checked to the end (a limit was reached; --keep-going" "findings limit"
grep -q 'error: finding limit reached: the rest of this draft was not checked' "$tmp/out" && ok ||
    bad "findings limit: no error-level diagnostic"
expect 1 "findings limit, --keep-going" "$dc" check --keep-going -r "$tmp/flood" "$tmp/satz.txt"
expect 0 "duplicates count not" "$dc" check -r "$tmp/same" "$tmp/satz.txt"
[ "$(wc -l <"$tmp/out")" -eq 1 ] && ok || bad "duplicates: not one finding"
# a report of many findings is written while it is rendered, not held whole: the same file
# object in JSONL as in JSON, every finding in the text, the same with -j2; a full disk stops it
lua_rules "$tmp/lots" \
    'return function(d, report) for i = 1, 3000 do report{message = [[m]] .. i} end end'
expect 0 "3,000 findings, jsonl" "$dc" check -r "$tmp/lots" -f jsonl "$tmp/satz.txt"
cp "$tmp/out" "$tmp/lots.jsonl"
expect 0 "3,000 findings, json" "$dc" check -r "$tmp/lots" -f json "$tmp/satz.txt"
python3 -c "import json, sys; a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(not (a == b['files'][0] and len(a['findings']) == 3000))" "$tmp/lots.jsonl" "$tmp/out" &&
    ok || bad "3,000 findings: JSONL and JSON differ"
expect 0 "3,000 findings, -j2" "$dc" check -j2 -r "$tmp/lots" -f jsonl "$tmp/satz.txt" \
    "$tmp/satz.txt"
[ "$(cat "$tmp/lots.jsonl" "$tmp/lots.jsonl" | cksum)" = "$(cksum <"$tmp/out")" ] && ok ||
    bad "3,000 findings: -j2 differs"
expect 0 "3,000 findings, text" "$dc" check -r "$tmp/lots" "$tmp/satz.txt"
[ "$(grep -c ': info: m' "$tmp/out")" -eq 3000 ] && ok || bad "3,000 findings: text lines"
"$dc" check -r "$tmp/lots" -f jsonl "$tmp/satz.txt" >/dev/full 2>"$tmp/err"
[ $? -eq 2 ] && ok || bad "3,000 findings > /dev/full: not exit 2"
stderr_has "No space left on device" "3,000 findings > /dev/full"
# aliases to one 3 MB string used 1,000 times in answers: (3 GB of copies, 30 s) refused at
# once, counted in bytes with aliases expanded
python3 -c "b='A'*3000000; print('title: t\ntext: Satz.\nanswers:\n  q0: &a '+b)
[print(f'  q{i}: *a') for i in range(1,1000)]" >"$tmp/bomb.yaml"
expect 2 "YAML alias bytes" timeout 10 "$dc" check -r $s "$tmp/bomb.yaml"
stderr_has "aliases expand the document's text by more than 16777216 bytes" "YAML alias bytes"
# one element with 100,000 attributes (quadratic in libxml2, > 30 s): refused before parsing
python3 -c "q = chr(34); print('<?xml version=' + q + '1.0' + q + '?><akomaNtoso><act ' +
    ' '.join('a%d=%sv%s' % (i, q, q) for i in range(100000)) + '/></akomaNtoso>')" \
    >"$tmp/attrs.xml"
expect 2 "XML attributes" timeout 10 "$dc" check -r $s "$tmp/attrs.xml"
stderr_has "attrs.xml:1:34: an element with more than 1000 attributes" "XML attributes"
# a walk below 64 directory levels says what it skips, without -v
deep="$tmp/deep"; for i in $(seq 66); do deep="$deep/d"; done
mkdir -p "$deep" && cp "$tmp/warn.txt" "$deep/x.txt" && cp "$tmp/warn.txt" "$tmp/deep/y.txt"
expect 0 "a deep walk" "$dc" check -r $s "$tmp/deep"
stderr_has ": deeper than 64 directory levels" "a deep walk"
grep -q 'y.txt:1:26: warning' "$tmp/out" && ok || bad "a deep walk: the shallow draft is missing"
# a FIFO or a device is refused at once, wherever a file is named: an argument, --answers,
# text_file: of a description, script: of a rule set
mkfifo "$tmp/fifo.txt" "$tmp/fifo.lua"
printf 'title: T\ntext_file: fifo.txt\n' >"$tmp/fifo-desc.yaml"
lua_rules "$tmp/fifo-rules" 'return function() end'
sed 's/code: .*/script: fifo.lua}/' "$tmp/fifo-rules/ruleset.yaml" >"$tmp/fifo-rules.yaml"
# (the script case names its rule set alone: several -r are combined)
for named in "argument:-r $s $tmp/fifo.txt" "description:-r $s $tmp/fifo-desc.yaml" \
             "answers:-r $s --answers /dev/zero $tmp/satz.txt" \
             "script:-r $tmp/fifo-rules.yaml $tmp/satz.txt"; do
    # shellcheck disable=SC2086
    expect 2 "FIFO as ${named%%:*}" timeout 10 "$dc" check ${named#*:}
    stderr_has "is not a regular file" "FIFO as ${named%%:*}"
done

# ---- bad arguments and rule sets -------------------------------------------------------------
expect 2 "no command" "$dc"
expect 2 "unknown command" "$dc" frob
stderr_has "unknown command 'frob'" "unknown command"
expect 2 "unknown option" "$dc" check -r $s --bogus x.md
stderr_has "unknown option '--bogus'" "unknown option"
expect 2 "no paths" "$dc" check -r $s
expect 2 "-j 0" "$dc" check -r $s -j 0 x.md
expect 2 "-j abc" "$dc" check -r $s -jabc x.md
expect 2 "bad format" "$dc" check -r $s -f xml x.md
stderr_has "unknown format 'xml'" "bad format"
expect 2 "bad level" "$dc" check -r $s --fail-on fatal x.md
expect 2 "missing value" "$dc" check -r $s x.md -r
stderr_has "option '-r' needs a value" "missing value"
expect 2 "missing rule set" "$dc" check -r "$tmp/none" examples/drafts/antrag.md
stderr_has "cannot open rule set" "missing rule set"
expect 2 "bad rule set" "$dc" check -r tests/golden/error-unknown-key/rules.yaml x.md
stderr_has "rules.yaml:11:5: unknown key 'mach'" "bad rule set"
expect 2 "nothing to check" "$dc" check -r $s "$tmp/batch/.hidden/../sub/../../batch/sub/empty-dir-none" 
printf 'vp.it-system yes\n' >"$tmp/bad-answers.yaml"
expect 2 "bad answers file" "$dc" check -r $s --answers "$tmp/bad-answers.yaml" x.md
stderr_has "bad-answers.yaml:1:1: expected a mapping of question ids to answers" \
    "bad answers file"

# ---- --answers: read as YAML, checked against the rule set's questions ----------------------
dg=rules/digitalcheck
d=examples/drafts/antrag.md
# asked: is vp.it-system among the open questions of the text form?
asked() { grep 'Fragen offen: ' "$tmp/out" | grep -q 'vp\.it-system'; }
expect 0 "no answers" "$dc" check -j1 -r $dg --fail-on error $d
asked && ok || bad "no answers: vp.it-system is asked"
printf 'vp.it-system: ja # Register\n' >"$tmp/comment.yaml"
expect 0 "answers with a comment" "$dc" check -j1 -r $dg --answers "$tmp/comment.yaml" $d
asked && bad "a comment left vp.it-system unanswered" || ok
printf 'answers:\n  vp.it-system: ja\n' >"$tmp/nested.yaml"
expect 0 "nested answers" "$dc" check -j1 -r $dg --answers "$tmp/nested.yaml" $d
asked && bad "nested answers left vp.it-system unanswered" || ok
printf '{"vp.it-system": true}' >"$tmp/answers.json"
expect 0 "answers in JSON" "$dc" check -j1 -r $dg --answers "$tmp/answers.json" $d
asked && bad "JSON answers left vp.it-system unanswered" || ok
printf '# Vorpr\303\274fung\nvp.it-sytem: ja\n' >"$tmp/typo.yaml"
expect 2 "answers: a misspelt id" "$dc" check -j1 -r $dg --answers "$tmp/typo.yaml" $d
stderr_has "typo.yaml:2:1: unknown question 'vp.it-sytem'; did you mean 'vp.it-system'?" \
    "answers: a misspelt id"
printf 'vp.it-system: vielleicht\n' >"$tmp/answer.yaml"
expect 2 "answers: an answer not allowed" "$dc" check -j1 -r $dg --answers "$tmp/answer.yaml" $d
stderr_has "answer.yaml:1:15: the answer 'vielleicht' to question 'vp.it-system' is not one it allows (yes, no, unsure)" \
    "answers: an answer not allowed"
expect 2 "answers: a missing file" "$dc" check -j1 -r $dg --answers "$tmp/none.yaml" $d
stderr_has "none.yaml: cannot open" "answers: a missing file"
expect 0 "--help" "$dc" check --help
grep -q 'Exit status' "$tmp/out" && ok || bad "--help lacks the exit status"
expect 0 "--version" "$dc" --version
grep -q '^digicheck [0-9]' "$tmp/out" && ok || bad "--version"

# ---- document: the documentation of one draft, and its bad input ---------------------------
ex=examples/documentation/pflegeanerkennung.yaml
expect 0 "document" "$dc" document -r $dg $ex
grep -q '^\*\*Bewertung:\*\* Nicht relevant$' "$tmp/out" && ok || bad "document: a rating"
expect 0 "document -f odt -o" "$dc" document -r $dg -f odt -o "$tmp/d.odt" $ex
[ "$(head -c 2 "$tmp/d.odt")" = PK ] && ok || bad "document: the ODT is no zip"
expect 2 "document: a bad form" "$dc" document -f pdf $ex
stderr_has "unknown format 'pdf' (markdown, html, odt)" "document: a bad form"
printf 'title: T\ndate: 2026-13-01\ntext: x\n' >"$tmp/date.yaml"
expect 2 "document: not a date" "$dc" document -r $dg "$tmp/date.yaml"
stderr_has "date.yaml:2:7: the date '2026-13-01' of the draft description is not a date" \
    "document: not a date"
printf 'text: x\nanswers:\n  P5: nein\n' >"$tmp/noreason.yaml"
expect 2 "document: a rating without Begründung" "$dc" document -r $dg "$tmp/noreason.yaml"
stderr_has "noreason.yaml:3:7: the rating 'no' of principle 'P5' needs a Begründung" \
    "document: a rating without Begründung"
printf 'text: x\nanswers:\n  P1.1.9: ja\n' >"$tmp/unknown.yaml"
expect 2 "document: an unknown question" "$dc" document -r $dg "$tmp/unknown.yaml"
stderr_has "unknown.yaml:3:3: unknown question 'P1.1.9'; did you mean" "document: unknown id"
printf 'io.legal: vielleicht\n' >"$tmp/io.yaml"
expect 2 "document: an answer not allowed" "$dc" document -r $dg --answers "$tmp/io.yaml" $ex
stderr_has "io.yaml:1:11: the answer 'vielleicht' to question 'io.legal' is not one it allows (yes, no, not-relevant)" \
    "document: an answer not allowed"
expect 0 "document --help" "$dc" document --help
expect 0 "check -f documentation" "$dc" check -r $dg -f documentation $ex examples/drafts/antrag.md
[ "$(grep -c '^# Dokumentation der Digitaltauglichkeit$' "$tmp/out")" = 2 ] && ok ||
    bad "check -f documentation: one documentation per draft"

# ---- test, rules, explain --------------------------------------------------------------------
expect 0 "test" "$dc" test $s
grep -q '^36 passed, 0 failed$' "$tmp/out" && ok || bad "test: counts"
mkdir -p "$tmp/failing"
sed 's/Der Vertrag bedarf der Schriftform./Der Vertrag bedarf keiner Form./' \
    rules/starter/form.yaml >"$tmp/failing/form.yaml"
cp rules/starter/ruleset.yaml rules/starter/automation.yaml rules/starter/security.yaml \
    "$tmp/failing/"
expect 1 "test with a failing example" "$dc" test "$tmp/failing"
stderr_has "form.schriftlich: expected a match: Der Vertrag bedarf keiner Form." "failing example"
expect 0 "rules" "$dc" rules $s
grep -q '^form.schriftlich  *P1  *written-form  *warning  *pattern$' "$tmp/out" && ok ||
    bad "rules: list"
expect 0 "rules -f json" "$dc" rules -f json $s
# a pattern rule's description says what it reads: lead-ins and roles of text
expect 0 "rules -f json, default set" "$dc" rules -f json rules/digitalcheck
python3 -c "import json, sys; r = {x['id']: x for x in json.load(open(sys.argv[1]))['rules']}
assert any('beizufügen' in p for p in r['proof.behoerdendaten-liste']['lead_in'])
assert r['form.unterschrift']['roles'] == ['provision', 'table', 'new']
assert r['form.original']['lead_in'] == [] and r['form.original']['roles'] == ['provision', 'new']
assert 'lead_in' not in r['vp.it-system']" "$tmp/out" && ok || bad "rules -f json: lead_in and roles"
expect 0 "explain" "$dc" explain -r $s form.original
grep -q 'references:  § 33 VwVfG' "$tmp/out" && ok || bad "explain: references"
expect 2 "explain a typo" "$dc" explain -r $s form.orignal
stderr_has "did you mean 'form.original'?" "explain a typo"

# ---- output that cannot be written ---------------------------------------------------------
# A full disk and a closed pipe end with a message and exit status 2, for every command.
full_disk() {
    what=$1; shift
    "$@" >/dev/full 2>"$tmp/err"
    code=$?
    [ $code -eq 2 ] && ok || bad "$what > /dev/full: exit $code, expected 2"
    stderr_has "could not write to standard output: No space left on device" "$what > /dev/full"
}
full_disk "check" "$dc" check -r $s examples/drafts/antrag.md
full_disk "check -f json" "$dc" check -r $s -f json "$tmp/batch"
full_disk "--help" "$dc" --help
full_disk "check --help" "$dc" check --help
full_disk "--version" "$dc" --version
full_disk "test" "$dc" test $s
full_disk "rules" "$dc" rules $s
full_disk "explain" "$dc" explain -r $s form.original
# head -c1 reads one byte and exits: what does not fit into the pipe then fails (EPIPE)
mkdir -p "$tmp/many"
for i in $(seq 1 150); do cp examples/drafts/antrag.md "$tmp/many/a$i.md"; done
closed_pipe() {
    what=$1; shift
    { "$@" 2>"$tmp/err"; echo $? >"$tmp/code"; } | head -c1 >/dev/null
    code=$(cat "$tmp/code")
    [ "$code" -eq 2 ] && ok || bad "$what | head -c1: exit $code, expected 2"
    stderr_has "could not write to standard output: Broken pipe" "$what | head -c1"
}
closed_pipe "check" "$dc" check -r $s -j2 "$tmp/many"
closed_pipe "check -j1 -f jsonl" "$dc" check -r $s -j1 -f jsonl "$tmp/many"
closed_pipe "rules -f json" "$dc" rules -f json rules/digitalcheck

# ---- the text form for people -------------------------------------------------------------
# One line per finding in a pipe (grep-able, no colour, no source lines); on a terminal
# (script(1) gives one) colour, each finding's source line with the match marked, and a
# summary; NO_COLOR and --color; --quiet keeps the finding lines only.
esc=$(printf '\033')
printf 'Die Erkl\303\244rung bedarf der Schriftform.\n' >"$tmp/one.txt"
expect 0 "text in a pipe" "$dc" check -r $s "$tmp/one.txt"
[ "$(wc -l <"$tmp/out")" -eq 1 ] && ! grep -q "$esc" "$tmp/out" && ! grep -q '\^~' "$tmp/out" &&
    ok || bad "text in a pipe: not one plain line per finding"
grep -q '^.*one.txt:1:26: warning: Schriftform verlangt \[form.schriftlich\] (Satz 1)$' \
    "$tmp/out" && ok || bad "text: the line names the rule's title"
expect 0 "--color=always in a pipe" "$dc" check -r $s --color=always "$tmp/one.txt"
grep -q "$esc\\[1;35mwarning:" "$tmp/out" && ! grep -q '\^~' "$tmp/out" && ok ||
    bad "--color=always: no coloured severity, or source lines in a pipe"
expect 0 "--quiet in a pipe" "$dc" check -r $dgr --quiet "$tmp/one.txt"
! grep -q 'Fragen offen' "$tmp/out" && [ "$(wc -l <"$tmp/out")" -eq 1 ] && ok ||
    bad "--quiet: more than the finding lines"
expect 2 "--color=rainbow" "$dc" check -r $dgr --color=rainbow "$tmp/one.txt"
stderr_has "unknown --color value 'rainbow' (auto, always, never)" "--color=rainbow"
# ---- filters and statistics ---------------------------------------------------------------
e=tests/golden/mantelgesetz/draft.md           # warnings and infos of several rules
erm=rules/ermessen                             # the default rule set with the discretion hints
expect 0 "--severity warning" "$dc" check -r $dgr -q --severity warning "$e"
! grep -q ': info: ' "$tmp/out" && grep -q ': warning: ' "$tmp/out" && ok ||
    bad "--severity warning: an info finding, or no warning"
expect 0 "--category twice" "$dc" check -r $erm -q --category discretion --category vague-term "$e"
[ -s "$tmp/out" ] && ! grep -v -e '\[auto\.' "$tmp/out" | grep -q . && ok ||
    bad "--category: findings of other categories"
expect 0 "--rule" "$dc" check -r $erm -q -f jsonl --rule auto.kann "$e"
grep -q '"rule":"auto.kann"' "$tmp/out" && ! grep -q '"rule":"auto.ermessen"' "$tmp/out" &&
    ok || bad "--rule auto.kann: other rules in the JSONL"
expect 1 "--fail-on warning" "$dc" check -r $dgr -q --fail-on warning "$e"
expect 0 "--rule drops what --fail-on would see" "$dc" check -r $erm -q --fail-on warning \
    --rule auto.kann "$e"
expect 2 "--rule with a typo" "$dc" check -r $erm --rule auto.kan "$e"
stderr_has "no rule 'auto.kan' in rule set 'digitalcheck-ermessen'; did you mean 'auto.kann'?" \
    "--rule auto.kan"
expect 2 "--category unknown" "$dc" check -r $dgr --category discrétion "$e"
stderr_has "unknown category 'discrétion' (written-form, signature," "--category discrétion"
expect 2 "--severity unknown" "$dc" check -r $dgr --severity fatal "$e"
stderr_has "unknown severity 'fatal' (info, warning, error)" "--severity fatal"
expect 0 "--statistics" "$dc" check -r $erm --statistics "$e" "$tmp/one.txt"
grep -q '^ *[0-9]*  auto.kann  *discretion  *info$' "$tmp/out" &&
    grep -q '^ *[0-9]*  discretion$' "$tmp/out" &&
    grep -q '^ *[0-9]*  Befunde, [0-9]* offene Fragen$' "$tmp/out" &&
    ! grep -q 'lspv\|one.txt' "$tmp/out" && ok || bad "--statistics: not a table of counts"
# the discretion hints are an opt-in rule set: the default one does not report them
printf 'Die zust\303\244ndige Beh\303\266rde kann die Erlaubnis widerrufen.\n' >"$tmp/kann.txt"
expect 0 "opt-in: kann-sentence, default rule set" "$dc" check -r $dgr -q -f jsonl "$tmp/kann.txt"
grep -q '"findings":\[\]' "$tmp/out" && ok ||
    bad "default rule set: findings on a kann-sentence"
expect 0 "opt-in: kann-sentence, rules/ermessen" "$dc" check -r $erm -q -f jsonl "$tmp/kann.txt"
grep -q '"rule":"auto.kann"' "$tmp/out" && ok || bad "rules/ermessen: no auto.kann on a kann-sentence"

if command -v script >/dev/null 2>&1; then
    tty_run() {     # tty_run FILE COMMAND...: the command on a terminal, its output to FILE
        out=$1; shift
        script -qec "$*" /dev/null </dev/null | tr -d '\r' >"$out"
    }
    tty_run "$tmp/tty" "$dc" check -r $s "$tmp/one.txt"
    grep -q "$esc\\[1;35mwarning:$esc\\[0m Schriftform verlangt" "$tmp/tty" && ok ||
        bad "terminal: the severity is not coloured"
    grep -q '^     1 | Die Erkl.*rung bedarf der Schriftform\.$' "$tmp/tty" && ok ||
        bad "terminal: no source line"
    marks="       |                          "     # the gutter and 25 columns
    grep -q "^$marks$esc\\[1;32m^~~~~~~~~~~$esc\\[0m\$" "$tmp/tty" && ok ||
        bad "terminal: the match is not marked under 'Schriftform'"
    grep -q 'one.txt: 1 Warnung$' "$tmp/tty" && ok || bad "terminal: no summary line"
    tty_run "$tmp/tty" env NO_COLOR=1 "$dc" check -r $s "$tmp/one.txt"
    ! grep -q "$esc" "$tmp/tty" && grep -q "^$marks^~~~~~~~~~~\$" "$tmp/tty" &&
        ok || bad "terminal with NO_COLOR: colour, or no marks"
    tty_run "$tmp/tty" "$dc" check -r $dgr --color=never "$tmp/one.txt" "$tmp/empty.txt"
    grep -q 'Fragen offen' "$tmp/tty" && grep -q -- '--answers DATEI' "$tmp/tty" &&
        grep -q '^Insgesamt (2 Dateien): 1 Warnung, [0-9]* offene Fragen$' "$tmp/tty" && ok ||
        bad "terminal: no questions, hint or run summary"
    tty_run "$tmp/tty" "$dc" check -r $dgr --quiet --color=never "$tmp/empty.txt"
    [ ! -s "$tmp/tty" ] && ok || bad "terminal --quiet: an empty draft says something"
else
    echo "cli: script(1) not found, the terminal tests are skipped" >&2
fi

# ---- failed drafts are in the text document: "file: error: message", among the others -----
printf 'a\377b\n' >"$tmp/latin1.txt"
expect 2 "a failed draft in the text form" "$dc" check -r $s "$tmp/latin1.txt" "$tmp/one.txt"
grep -q "^$tmp/latin1.txt:1:2: error: invalid UTF-8" "$tmp/out" && ok ||
    bad "text form: the failed draft is not in the document"
grep -q 'one.txt:1:26: warning: ' "$tmp/out" && ok || bad "text form: the good draft is missing"
stderr_has "latin1.txt:1:2: invalid UTF-8" "a failed draft on stderr"

# ---- hostile names and excerpts ------------------------------------------------------------
# No control character of an input reaches the output: a file name with OSC/BEL/ESC or a
# newline and invalid UTF-8, an excerpt with C1 CSI (a draft refuses C0), a Lua message with
# BEL and ESC, an id in an error:
# each shows as \xNN, in the text form, Markdown, the terminal form and stderr.
bel=$(printf '\007')
hostile=$(printf '%s/x\033]0;pwned\007\033[2J.txt' "$tmp")
nl_name=$(printf '%s/a\377\nx.txt:1:1: error: forged.txt' "$tmp")
printf 'Die \302\2332J Erkl\303\244rung bedarf der Schriftform.\n' >"$hostile"
cp "$hostile" "$nl_name"
lua_rules "$tmp/loud" "return function(d, report) report{message = 'a\\\\a\\\\027[2Jb'} end"
no_ctl() {  # FILE DESCRIPTION: no C0 control but newline, no DEL, no C1, no invalid UTF-8
    if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" ||
       LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" ||
       ! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then
        bad "$2: raw control bytes or invalid UTF-8"; od -c "$1" | head -5 >&2
    else ok; fi
}
for fmt in text markdown; do
    "$dc" check -r $s -f "$fmt" "$hostile" "$nl_name" >"$tmp/$fmt" 2>"$tmp/err"
    no_ctl "$tmp/$fmt" "hostile names, -f $fmt"
done
grep -qF 'x\x1b]0;pwned\x07\x1b[2J.txt:1:' "$tmp/text" && ok ||
    bad "hostile name: not shown as \\xNN"
grep -qF '> Die \xc2\x9b2J Erkl' "$tmp/markdown" && ok || bad "Markdown: excerpt not escaped"
"$dc" check -r $s "$nl_name" >"$tmp/out" 2>&1
[ "$(wc -l <"$tmp/out")" -eq 1 ] && grep -qF 'a\xff\x0ax.txt:1:1: error: forged.txt:1:' "$tmp/out" &&
    ok || bad "a newline in a file name forges a finding line"
"$dc" check -r "$tmp/loud" "$hostile" >"$tmp/out" 2>&1
no_ctl "$tmp/out" "a Lua message with BEL and ESC"
grep -qF 'a\x07\x1b[2Jb' "$tmp/out" && ok || bad "Lua message: not shown as \\xNN"
printf '%s\n' 'digicheck: 1' 'id: r' 'title: t' 'principles: [{id: P1, title: x}]' \
    'rules: [{id: "r\e]0;x\a", type: frob, principle: P1}]' >"$tmp/badid.yaml"
"$dc" check -r "$tmp/badid.yaml" "$hostile" >"$tmp/out" 2>"$tmp/err"
no_ctl "$tmp/err" "an error message naming a hostile id and file"
if command -v script >/dev/null 2>&1; then
    tty_run "$tmp/tty" "$dc" check -r $s --color=never "$tmp/x?]0*.txt"
    ! grep -q "$bel" "$tmp/tty" && grep -qF 'Die \xc2\x9b2J Erkl' "$tmp/tty" &&
        grep -qF 'x\x1b]0;pwned\x07' "$tmp/tty" && ok ||
        bad "terminal: a hostile excerpt reaches the terminal raw"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
