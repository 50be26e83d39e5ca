#!/bin/sh
# The project config .digicheck.yaml through the digicheck command: found
# upward from a nested draft, two subtrees with their own configs in one
# run, exclude:, answers:, fail-on: and format: and the flags that win over
# them, `digicheck config` with the source of each value, --no-config, and
# every kind of bad config (file:line:column, what to do, exit 2, nothing
# checked). The configs live in a scratch directory, never in the repository.
#
#   tests/cli/config.sh DIGICHECK
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-config.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
suite=config
. "$top/tests/cli/lib.sh"
unset DIGICHECK_NO_CONFIG
# the default rule set named, so that a command built outside the tree (make test-asan)
# finds it as the built one does
DIGICHECK_RULESET=$top/rules/digitalcheck
export DIGICHECK_RULESET

lacks() {
    if grep -qF -- "$2" "$1"; then bad "$3: has '$2'"; else ok; fi
}

# A draft with two warnings (form.schriftform, form.unterschrift) under
# rules/digitalcheck, one error (form.schriftlich) under rules/starter.
draft() {
    mkdir -p "$(dirname "$1")"
    printf '## \302\247 1 Antrag\n\n(1) Der Antrag ist schriftlich zu stellen und zu unterschreiben.\n' >"$1"
}

# ---- none in the repository: the other tests run inside it -------------------------
found=$(find "$top" -name .digicheck.yaml -not -path "$top/build/*" 2>/dev/null)
[ -z "$found" ] && ok || bad "a .digicheck.yaml in the repository changes the tests: $found"

# ---- found upward, the nearest wins -----------------------------------------------
p=$tmp/p
draft "$p/a/b/e.md"
printf '# the project\nfail-on: warning\n' >"$p/.digicheck.yaml"
expect 1 "config found upward from a nested file" "$dc" check "$p/a/b/e.md"
(cd "$p/a/b" && expect 1 "config found upward from ." "$dc" check e.md)
expect 0 "--no-config" "$dc" check --no-config "$p/a/b/e.md"
(cd "$p/a/b" && expect 1 "standard input: the config of ." sh -c '"$1" check - <e.md' sh "$dc")
expect 0 "DIGICHECK_NO_CONFIG" env DIGICHECK_NO_CONFIG=1 "$dc" check "$p/a/b/e.md"
printf 'fail-on: error\n' >"$p/a/.digicheck.yaml"
expect 0 "the nearest config wins, without merging" "$dc" check "$p/a/b/e.md"
expect 0 "a directory: from itself" "$dc" check "$p/a"
expect 1 "a flag wins over the config" "$dc" check --fail-on warning "$p/a/b/e.md"
rm "$p/a/.digicheck.yaml"

# ---- format: and fail-on:, and the flags that win -----------------------------------
printf 'fail-on: warning\nformat: jsonl\n' >"$p/.digicheck.yaml"
expect 1 "format: from the config" "$dc" check "$p/a/b/e.md"
[ "$(wc -l <"$tmp/out")" -eq 1 ] && has "$tmp/out" '"rule":"form.schriftform"' "format: jsonl" ||
    bad "format: jsonl: not one line"
expect 1 "-f wins over format:" "$dc" check -f text "$p/a/b/e.md"
has "$tmp/out" "e.md:3:20: warning: Schriftform vorgeschrieben [form.schriftform]" "-f text"
expect 0 "--fail-on wins over fail-on:" "$dc" check --fail-on error "$p/a/b/e.md"

# ---- rulesets:, relative to the config, and -r winning -------------------------------
cp -r "$top/rules/starter" "$tmp/starter"
printf 'rulesets: [../starter]\nformat: jsonl\n' >"$p/.digicheck.yaml"
expect 1 "rulesets: relative to the config" "$dc" check "$p/a/b/e.md"
has "$tmp/out" '"rule":"form.schriftlich"' "rulesets: the starter rules"
lacks "$tmp/out" '"rule":"form.schriftform"' "rulesets: not the default"
expect 2 "a file that is not there, under the config" "$dc" check -f json "$p/a/weg/fehlt.md" \
    "$p/a/b/e.md"
has "$tmp/err" "fehlt.md: cannot open" "a file that is not there"
has "$tmp/out" '"rule":"form.schriftlich"' "a file that is not there: the other checked"
expect 0 "-r replaces rulesets:" "$dc" check -r "$top/rules/digitalcheck" "$p/a/b/e.md"
has "$tmp/out" '"rule":"form.schriftform"' "-r: its rules"

# ---- rulesets: combined, rules: off and re-leveled -------------------------------------
land_rules "$tmp/land" warning
r=$tmp/lv
mkdir -p "$r"
printf '## \302\247 1 Antrag\n\n(1) Der Antrag ist schriftlich zu stellen, zu unterschreiben und zu faxen (Fax).\n' >"$r/e.md"
cat >"$r/.digicheck.yaml" <<'YAML'
rulesets: [digitalcheck, ../land]
rules:
  form.unterschrift: off
  form.schriftform: error
  land.fax: info
format: jsonl
YAML
expect 1 "rules: re-leveled to error" "$dc" check "$r/e.md"
has "$tmp/out" '"rule":"form.schriftform","principle":"P1","category":"written-form","severity":"error"' \
    "rules: form.schriftform at error"
lacks "$tmp/out" '"rule":"form.unterschrift"' "rules: form.unterschrift off"
has "$tmp/out" '"rule":"land.fax","principle":"L1","category":"paper-or-post","severity":"info"' \
    "rulesets: combined, the second re-leveled"
(cd "$r" && expect 0 "config: rules" "$dc" config e.md)
has "$tmp/out" "rulesets: ../land  (.digicheck.yaml:1:26)" "config: the second rule set"
has "$tmp/out" "rules:    form.unterschrift off  (.digicheck.yaml:3:3)" "config: a rule off"
has "$tmp/out" "rules:    form.schriftform error  (.digicheck.yaml:4:3)" "config: a rule re-leveled"
expect 1 "-r replaces rulesets:, rules: still apply" "$dc" check -r "$top/rules/digitalcheck" \
    -r "$tmp/land" "$r/e.md"
has "$tmp/out" '"rule":"form.schriftform","principle":"P1","category":"written-form","severity":"error"' \
    "-r with rules:"
printf 'rules:\n  form.schriftfrom: off\n' >"$r/.digicheck.yaml"
expect 2 "rules: an unknown rule id" "$dc" check "$r/e.md"
has "$tmp/err" ".digicheck.yaml:2:3: unknown rule 'form.schriftfrom'; did you mean 'form.schriftform'?" \
    "rules: an unknown rule id"
[ -s "$tmp/out" ] && bad "rules: an unknown rule id: a draft was checked" || ok
expect 2 "config: an unknown rule id" "$dc" config "$r"
has "$tmp/err" ".digicheck.yaml:2:3: unknown rule 'form.schriftfrom'" "config: an unknown rule id"

# ---- two subtrees, two configs, one run ---------------------------------------------
t=$tmp/two
draft "$t/x/e.md"; draft "$t/y/e.md"; draft "$t/z.md"
printf 'rulesets: [../../starter]\n' >"$t/x/.digicheck.yaml"
printf 'rulesets: [digitalcheck]\nfail-on: warning\n' >"$t/y/.digicheck.yaml"
expect 1 "two subtrees with their own configs" "$dc" check -j2 -f jsonl "$t/y" "$t/z.md" "$t/x"
sed -n 1p "$tmp/out" | grep -q '"file":"[^"]*/y/e.md".*"rule":"form.schriftform"' && ok ||
    bad "two configs: y/e.md first, with the default rules"
sed -n 2p "$tmp/out" | grep -q '"file":"[^"]*/z.md".*"rule":"form.schriftform"' && ok ||
    bad "two configs: z.md second, under no config"
sed -n 3p "$tmp/out" | grep -q '"file":"[^"]*/x/e.md".*"rule":"form.schriftlich"' && ok ||
    bad "two configs: x/e.md last, with the starter rules"
expect 1 "a walk takes the config of each subtree" "$dc" check -j1 -f jsonl "$t"
[ "$(grep -c '"rule":"form.schriftlich"' "$tmp/out")" -eq 1 ] && ok ||
    bad "a walk: x/ not checked with its own rule set"
"$dc" check -j2 -f jsonl "$t" >"$tmp/j2" 2>/dev/null
cmp -s "$tmp/out" "$tmp/j2" && ok || bad "a walk under two configs: -j1 and -j2 differ"
expect 2 "one JSON document of two rule sets" "$dc" check -f json "$t/x" "$t/y"
has "$tmp/err" "different rule sets" "json of two rule sets"
[ -s "$tmp/out" ] && bad "json of two rule sets: something was written" || ok
printf 'format: sarif\n' >"$t/y/.digicheck.yaml"
printf 'format: json\n' >"$t/x/.digicheck.yaml"
expect 2 "two configs, two formats" "$dc" check "$t/x" "$t/y"
has "$tmp/err" "ask for different formats" "two formats"
expect 0 "two configs, two formats, -f given" "$dc" check -f text "$t/x" "$t/y"

# ---- exclude: -------------------------------------------------------------------------
x=$tmp/ex
draft "$x/neu/e.md"; draft "$x/alt/e.md"; draft "$x/neu/alt/tief/e.md"; draft "$x/neu/e.bak.md"
printf 'exclude: ["alt/**", "*.bak.md"]\nformat: jsonl\n' >"$x/.digicheck.yaml"
expect 0 "exclude:" "$dc" check -v "$x"
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "exclude: $(wc -l <"$tmp/out") drafts, expected 2"
has "$tmp/out" '/neu/alt/tief/e.md"' "exclude: 'alt/**' is relative to the config"
lacks "$tmp/out" '/ex/alt/' "exclude: alt/ taken"
lacks "$tmp/out" 'e.bak.md' "exclude: a name glob at any depth"
has "$tmp/err" "excluded by exclude: 'alt/**' of " "exclude: -v says why"
has "$tmp/err" "excluded 1 file and 1 directory" "exclude: counted"
(cd "$x/neu" && expect 0 "exclude: from a subdirectory" "$dc" check .)
lacks "$tmp/out" 'e.bak.md' "exclude: from a subdirectory, relative to the config"
# many '**' against a deep tree: matched in time linear in them, not exponential
y=$tmp/deep; d=$(printf 'd/%.0s' $(seq 40)); draft "$y/${d}e.md"; draft "$y/keep.md"
printf 'exclude: ["%s**/zz", "%sd/**/e.md"]\n' "$(printf '**/%.0s' $(seq 24))" "$(printf '**/%.0s' $(seq 12))" \
    >"$y/.digicheck.yaml"
expect 0 "exclude: many '**' in a glob" timeout 10 "$dc" check -v "$y"
has "$tmp/err" "excluded by exclude: '**/" "exclude: many '**' still match"
expect 0 "exclude: a file named is still checked" "$dc" check "$x/alt/e.md"
has "$tmp/out" '/alt/e.md"' "exclude: a file named"
printf 'exclude: ["**/tief"]\nformat: jsonl\n' >"$x/.digicheck.yaml"
expect 0 "exclude: '**/' any depth" "$dc" check "$x"
lacks "$tmp/out" '/tief/' "exclude: '**/tief'"

# ---- answers: ---------------------------------------------------------------------------
n=$tmp/ans
draft "$n/e.md"
cat >"$n/rec.yaml" <<'YAML'
justifications:
  - {rule: form.schriftform, at: "§ 1 Abs. 1", reason: "EU-Recht verlangt sie"}
  - {rule: form.unterschrift, at: "§ 1 Abs. 1", reason: "Art. 7"}
YAML
printf 'answers: rec.yaml\nfail-on: warning\n' >"$n/.digicheck.yaml"
expect 0 "answers: from the config" "$dc" check "$n/e.md"
printf 'justifications: []\n' >"$tmp/none.yaml"
expect 1 "--answers wins over answers:" "$dc" check --answers "$tmp/none.yaml" "$n/e.md"

# ---- digicheck config ----------------------------------------------------------------
c=$tmp/show
mkdir -p "$c/sub"
cp -r "$top/rules/starter" "$c/regeln"
cat >"$c/.digicheck.yaml" <<'YAML'
rulesets:
  - regeln
exclude: ["alt/**"]
fail-on: warning
YAML
(cd "$c" && expect 0 "config" "$dc" config sub)
has "$tmp/out" "config:   .digicheck.yaml" "config: the file"
has "$tmp/out" "rulesets: regeln  (.digicheck.yaml:2:5)" "config: rulesets with its place"
has "$tmp/out" "exclude:  alt/**  (.digicheck.yaml:3:11)" "config: exclude"
has "$tmp/out" "fail-on:  warning  (.digicheck.yaml:4:10)" "config: fail-on"
has "$tmp/out" "format:   text  (default)" "config: a default"
has "$tmp/out" "answers:  none  (default)" "config: no answers"
(cd "$c" && expect 0 "config with flags" "$dc" config --fail-on error -r "$top/rules/digitalcheck")
has "$tmp/out" "fail-on:  error  (command line)" "config: the command line wins"
has "$tmp/out" "rulesets: $top/rules/digitalcheck  (command line)" "config: -r wins"
(cd "$c" && expect 0 "config -f json" "$dc" config -f json)
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
assert c["config"] == ".digicheck.yaml", c
assert c["rulesets"] == [{"value": "regeln", "source": ".digicheck.yaml:2:5"}], c
assert c["fail-on"] == {"value": "warning", "source": ".digicheck.yaml:4:10"}, c
assert c["format"] == {"value": "json", "source": "command line"}, c
assert c["answers"] is None, c
' "$tmp/out" && ok || bad "config -f json"
expect 0 "config, no config file" env DIGICHECK_RULESET="$top/rules/starter" "$dc" config \
    --no-config "$c"
has "$tmp/out" "none (--no-config)" "config --no-config"
has "$tmp/out" "(environment DIGICHECK_RULESET)" "config: the environment"
expect 2 "config of a path that is not there" "$dc" config "$c/nicht-da"

# ---- bad configs: file:line:column, what to do, exit 2, nothing checked ---------------
b=$tmp/bad
draft "$b/e.md"
# bad_config DESCRIPTION MESSAGE: the config in $b/.digicheck.yaml is refused
bad_config() {
    expect 2 "$1" "$dc" check -f jsonl "$b/e.md"
    has "$tmp/err" "$2" "$1"
    [ -s "$tmp/out" ] && bad "$1: a draft was checked" || ok
}
printf 'fail-on: warning\nrulset: [x]\n' >"$b/.digicheck.yaml"
bad_config "unknown key" ".digicheck.yaml:2:1: unknown key 'rulset'; did you mean 'rulesets'?"
printf 'fromat: text\n' >"$b/.digicheck.yaml"
bad_config "a key with two letters swapped" ":1:1: unknown key 'fromat'; did you mean 'format'?"
printf 'colour: red\n' >"$b/.digicheck.yaml"
bad_config "unknown key, nothing near" "unknown key 'colour'; a project config knows rulesets,"
printf 'rulesets: digitalcheck\n' >"$b/.digicheck.yaml"
bad_config "wrong type" ":1:11: 'rulesets' takes a list, not a single value; for example: rulesets: ["
printf 'rulesets: []\n' >"$b/.digicheck.yaml"
bad_config "no rule set" ":1:12: 'rulesets' is empty; name a rule set"
printf 'exclude: [[a]]\n' >"$b/.digicheck.yaml"
bad_config "wrong type of an item" ":1:11: an item of 'exclude' is a single value, not a list"
printf 'rules:\n  form.schriftform: laut\n' >"$b/.digicheck.yaml"
bad_config "bad level" ":2:21: unknown level 'laut' for rule 'form.schriftform'; use off, info,"
printf 'fail-on: hoch\n' >"$b/.digicheck.yaml"
bad_config "bad fail-on" ":1:10: unknown level 'hoch' for fail-on; use info, warning or error"
printf 'format: pdf\n' >"$b/.digicheck.yaml"
bad_config "bad format" ":1:9: unknown format 'pdf'; use text, json,"
printf 'rulesets: [digitalcheck, ../nicht-da]\n' >"$b/.digicheck.yaml"
bad_config "a rule set that is not there" ":1:26: rule set '../nicht-da' not found"
printf 'answers: fehlt.yaml\n' >"$b/.digicheck.yaml"
bad_config "an answers file that is not there" ":1:10: answers file 'fehlt.yaml' not found"
printf 'fail-on: "warning\n' >"$b/.digicheck.yaml"
bad_config "malformed YAML" ".digicheck.yaml:2:1: malformed YAML: "
printf 'a: &x warning\nfail-on: *x\n' >"$b/.digicheck.yaml"
bad_config "an alias" "unknown key 'a'"
printf 'fail-on: &x warning\nformat: *x\n' >"$b/.digicheck.yaml"
bad_config "an alias" ":2:9: aliases (*x) are not allowed in a project config"
printf 'fail-on: warning\nfail-on: error\n' >"$b/.digicheck.yaml"
bad_config "a key twice" ":2:1: 'fail-on' is given twice"
printf -- '- rulesets\n' >"$b/.digicheck.yaml"
bad_config "not a mapping" ":1:1: a project config is a mapping of keys"
printf 'fail-on: error\n---\nfail-on: info\n' >"$b/.digicheck.yaml"
bad_config "two documents" ":2:1: a project config is one YAML document"
head -c 1100000 /dev/zero | tr '\0' '#' >"$b/.digicheck.yaml"
bad_config "larger than 1 MiB" ".digicheck.yaml: larger than 1 MiB"
printf 'fail-on: error\n' >"$b/.digicheck.yaml"
draft "$b/sub/e.md"
printf 'format: pdf\n' >"$b/sub/.digicheck.yaml"
expect 2 "a bad config met in a walk" "$dc" check -f jsonl "$b"
has "$tmp/err" "sub/.digicheck.yaml:1:9: unknown format 'pdf'" "a bad config in a walk"
[ -s "$tmp/out" ] && bad "a bad config in a walk: a draft was checked" || ok
expect 2 "config shows a bad config too" "$dc" config "$b/sub"
expect 2 "document reads the config" "$dc" document "$b/sub/e.md"
has "$tmp/err" "sub/.digicheck.yaml:1:9: unknown format 'pdf'" "document reads the config"
expect 0 "document --no-config" "$dc" document --no-config "$b/sub/e.md"
: >"$b/sub/.digicheck.yaml"
expect 0 "an empty config" "$dc" check "$b/sub/e.md"

echo "config: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
