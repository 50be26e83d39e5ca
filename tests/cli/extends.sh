#!/bin/sh
# Rule sets that extend others, through the digicheck command: the
# Thuringian rule set on a draft (the federal findings and questions, the
# Thuringian question and rule), and each bad `extends:`, `override:` and
# `levels:` as a load error at its place with what to do (exit 2).
#
#   tests/cli/extends.sh DIGICHECK
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-extends.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
suite=extends
. "$top/tests/cli/lib.sh"

# ---- the Thuringian rule set on a draft -------------------------------------------
cat >"$tmp/entwurf.md" <<'MD'
## § 1 Antrag

(1) Der Antrag ist schriftlich zu stellen und zu unterschreiben.

## § 2 Verfahren

(1) Das Land entwickelt für das Verfahren eine Software.
MD
cd "$top" || exit 2
expect 1 "thueringen on a draft" "$dc" check -r rules/thueringen --fail-on info -f json \
    "$tmp/entwurf.md"
cp "$tmp/out" "$tmp/th.json"
has "$tmp/th.json" '"rule":"form.schriftform"' "the federal rule"
has "$tmp/th.json" '"rule":"th.egovg.offene-software"' "the Thuringian rule"
has "$tmp/th.json" '"id":"th.pc.zustaendigkeit"' "a Thuringian question"
has "$tmp/th.json" '"id":"pc.fristen"' "a federal Praxischeck question"
has "$tmp/th.json" 'Landesbehörden, Landkreise' "pc.betroffene in the Thuringian wording"
expect 1 "thueringen, text" "$dc" check -r rules/thueringen --fail-on info "$tmp/entwurf.md"
has "$tmp/out" 'entwurf.md:7:9: info: Software ohne offene Standards [th.egovg.offene-software] (§ 2 Abs. 1 Satz 1)' \
    "the Thuringian finding in the text form"
expect 0 "thueringen: rules" "$dc" rules rules/thueringen
has "$tmp/out" "thueringen 2026.1: Praxis- und Digitalcheck Thüringen (abgeleitet)" "the rule set's line"
expect 0 "thueringen: test" "$dc" test rules/thueringen
expect 0 "explain of an inherited rule" "$dc" explain -r rules/thueringen form.original

# ---- bad input: each an error at its place, exit 2 ------------------------------------
# bad NAME YAML EXPECTED-STDERR: rules/NAME/ruleset.yaml beside a copy of the
# federal rule set is loaded by `digicheck check`.
mkdir -p "$tmp/rules"
cp -R "$top/rules/digitalcheck" "$tmp/rules/digitalcheck"
head="digicheck: 1
title: Bad"
bad_set() {
    mkdir -p "$tmp/rules/$1"
    printf '%s\nid: %s\n%s\n' "$head" "$1" "$2" >"$tmp/rules/$1/ruleset.yaml"
    expect 2 "$1" "$dc" check -r "$tmp/rules/$1" "$tmp/entwurf.md"
    has "$tmp/err" "$3" "$1"
}
mkdir -p "$tmp/rules/cycle-b"
printf '%s\nid: cycle-b\nextends: cycle-a\n' "$head" >"$tmp/rules/cycle-b/ruleset.yaml"
bad_set cycle-a 'extends: cycle-b' \
    "rules/cycle-b/ruleset.yaml:4:10: 'extends' leads in a circle: $tmp/rules/cycle-a -> $tmp/rules/cycle-b -> $tmp/rules/cycle-a"
bad_set missing 'extends: digitalchek' \
    "rules/missing/ruleset.yaml:4:10: cannot find rule set 'digitalchek' named in 'extends'"
has "$tmp/err" "did you mean 'digitalcheck'?" "missing: the nearest sibling"
# where the federal rule set defines form.original (its line moves as the rules are edited)
orig=$(grep -n '^  - id: form\.original$' "$top/rules/digitalcheck/form.yaml" | cut -d: -f1)
bad_set duplicate 'extends: digitalcheck
rules:
  - {id: form.original, principle: P1, category: original-document, severity: info, match: [x], message: x}' \
    "rules/duplicate/ruleset.yaml:6:10: rule 'form.original' is already defined in digitalcheck/form.yaml:$orig:5; to replace it write \`override: true\`"
bad_set override-none 'extends: digitalcheck
rules:
  - {id: form.orginal, override: true, principle: P1, category: original-document, severity: info, match: [x], message: x}' \
    "rules/override-none/ruleset.yaml:6:10: rule 'form.orginal' has \`override: true\`, but no rule set it extends defines 'form.orginal'; did you mean 'form.original'?"
bad_set levels-id 'extends: digitalcheck
levels:
  form.orginal: off' \
    "rules/levels-id/ruleset.yaml:6:3: unknown rule 'form.orginal' in 'levels'; did you mean 'form.original'?"
bad_set levels-word 'extends: digitalcheck
levels:
  form.original: of' \
    "rules/levels-word/ruleset.yaml:6:18: unknown level 'of' in 'levels'; did you mean 'off'? (allowed: off, info, warning, error)"

# ---- levels switch rules off and re-level them ---------------------------------------
mkdir -p "$tmp/rules/quiet"
printf '%s\nid: quiet\nextends: digitalcheck\nlevels:\n  form.schriftform: off\n  form.unterschrift: error\n' \
    "$head" >"$tmp/rules/quiet/ruleset.yaml"
expect 1 "levels" "$dc" check -r "$tmp/rules/quiet" -f json "$tmp/entwurf.md"
if grep -qF '"rule":"form.schriftform"' "$tmp/out"; then bad "levels: a rule switched off ran"; else ok; fi
has "$tmp/out" '"rule":"form.unterschrift","principle":"P1","category":"signature","severity":"error"' \
    "levels: the new severity"
expect 2 "explain of a rule switched off" "$dc" explain -r "$tmp/rules/quiet" form.schriftform
has "$tmp/err" "rule 'form.schriftform' of rule set 'quiet' is switched off (by 'levels' of rule set 'quiet')" \
    "explain says the rule is off"
expect 0 "rules without the rule switched off" "$dc" rules "$tmp/rules/quiet"
if grep -q '^form.schriftform ' "$tmp/out"; then bad "rules lists a rule switched off"; else ok; fi

# ---- a rule set kept anywhere extends the installed one by its name --------------------
mkdir -p "$tmp/own/mine" "$tmp/empty"
printf '%s\nid: mine\nextends: digitalcheck\n' "$head" >"$tmp/own/mine/ruleset.yaml"
# (the default rule set named as a sanitizer build of the program needs it)
expect 1 "extends: digitalcheck from anywhere" env -u DIGICHECK_RULESET_PATH \
    DIGICHECK_RULESET="$top/rules/digitalcheck/" "$dc" check -r "$tmp/own/mine" --fail-on info "$tmp/entwurf.md"
has "$tmp/out" "[form.schriftform]" "the base found where the default rule set is"
expect 2 "DIGICHECK_RULESET_PATH given wins" env DIGICHECK_RULESET_PATH="$tmp/empty" \
    "$dc" check -r "$tmp/own/mine" "$tmp/entwurf.md"
has "$tmp/err" "digitalcheck" "the base not found in the path given"

echo "$suite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
