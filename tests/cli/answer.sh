#!/bin/sh
# Answering findings through the digicheck command: justifications in a
# record file (--answers) and inline, the exit status without them,
# --show-justified, stale and bad justifications.
#
#   tests/cli/answer.sh DIGICHECK [SARIF-VALIDATOR...]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-answer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dgr=$top/rules/digitalcheck
suite=answer
. "$top/tests/cli/lib.sh"
# A .digicheck.yaml above the scratch directory must not change what is tested
# here (tests/cli/config.sh tests the project config).
DIGICHECK_NO_CONFIG=1
export DIGICHECK_NO_CONFIG


# ---- justifications ---------------------------------------------------------------
cat >"$tmp/e.md" <<'MD'
## § 1 Antrag

(1) Der Antrag ist schriftlich zu stellen und zu unterschreiben.
MD
expect 1 "a finding at --fail-on warning" "$dc" check -r "$dgr" --fail-on warning "$tmp/e.md"
cat >"$tmp/rec.yaml" <<'YAML'
answers:
  vp.it-system: nein
justifications:
  - {rule: form.schriftform, at: "§ 1 Abs. 1", reason: "EU-Recht verlangt sie", by: Z 1}
  - {rule: form.unterschrift, at: "3", reason: "Unterschrift nach Art. 7"}
YAML
expect 0 "justified findings do not count" "$dc" check -r "$dgr" --fail-on warning \
    --answers "$tmp/rec.yaml" "$tmp/e.md"
has "$tmp/out" "e.md: 2 Befunde mit Begründung nicht gezeigt" "text counts them"
expect 0 "--show-justified" "$dc" check -r "$dgr" --fail-on warning --show-justified \
    --answers "$tmp/rec.yaml" "$tmp/e.md"
has "$tmp/out" "{begründet: EU-Recht verlangt sie}" "--show-justified shows the reason"
"$dc" check -r "$dgr" -f json --answers "$tmp/rec.yaml" "$tmp/e.md" >"$tmp/j" 2>/dev/null
has "$tmp/j" '"justified":true,"justification":{"reason":"EU-Recht verlangt sie","by":"Z 1","source":"record"}' "JSON"
has "$tmp/j" '"justified":2,' "JSON summary"
"$dc" check -r "$dgr" -f sarif --answers "$tmp/rec.yaml" "$tmp/e.md" >"$tmp/s.sarif" 2>/dev/null
has "$tmp/s.sarif" '"suppressions":[{"kind":"external","status":"accepted"' "SARIF"
if [ $# -gt 0 ]; then
    if "$@" "$tmp/s.sarif" >/dev/null; then ok; else bad "SARIF with suppressions is not valid"; fi
fi
"$dc" check -r "$dgr" -f markdown --answers "$tmp/rec.yaml" "$tmp/e.md" >"$tmp/m" 2>/dev/null
has "$tmp/m" "**Begründung** (Befund akzeptiert von Z 1): EU-Recht verlangt sie" "Markdown"

# inline, and a stale one
printf '%s\n' '## § 1 Antrag' '' '<!-- digicheck: form.schriftform: EU-Recht -->' \
    '(1) Der Antrag ist schriftlich zu stellen.' '' \
    '<!-- digicheck: form.schriftform: veraltet -->' '(2) Er wird geprüft.' >"$tmp/i.md"
# the stale one is a warning: it counts at --fail-on warning
expect 1 "inline justification, a stale one" "$dc" check -r "$dgr" --fail-on warning "$tmp/i.md"
has "$tmp/out" "i.md:7:1: warning: stale-justification: the justification of 'form.schriftform' at '§ 1 Abs. 2' (" "stale inline"
has "$tmp/out" "i.md: 1 Befund mit Begründung nicht gezeigt" "inline counted"

# ---- bad justifications: exit 2, with the place -------------------------------------
printf 'justifications:\n  - {rule: form.schriftfrom, reason: x}\n' >"$tmp/bad.yaml"
expect 2 "unknown rule in a record" "$dc" check -r "$dgr" --answers "$tmp/bad.yaml" "$tmp/e.md"
has "$tmp/err" "bad.yaml:2:5: justification of unknown rule 'form.schriftfrom'; did you mean 'form.schriftform'?" "nearest id"
printf 'Text.\n<!-- digicheck form.schriftform EU -->\nMehr.\n' >"$tmp/m.txt"
expect 2 "malformed marker" "$dc" check -r "$dgr" "$tmp/m.txt"
has "$tmp/err" "m.txt:2:1: malformed digicheck comment" "malformed marker"

# LegalDocML.de: a processing instruction before the provision; a malformed one is an error
x='<?xml version="1.0" encoding="UTF-8"?>
<akn:akomaNtoso xmlns:akn="http://Inhaltsdaten.LegalDocML.de/1.8.2/"><akn:act name="x">
<akn:body eId="b"><akn:article eId="a1"><akn:num eId="a1n">§ 1</akn:num>
<akn:paragraph eId="p1"><akn:num eId="p1n">(1)</akn:num><akn:content eId="c1">MARK<akn:p eId="t1">Der Antrag ist schriftlich zu stellen.</akn:p></akn:content></akn:paragraph>
</akn:article></akn:body></akn:act></akn:akomaNtoso>'
printf '%s\n' "$x" | sed 's|MARK|<?digicheck form.schriftform: EU-Recht verlangt sie?>|' >"$tmp/j.xml"
expect 0 "a justification in LegalDocML.de" "$dc" check -r "$dgr" "$tmp/j.xml"
has "$tmp/out" "j.xml: 1 Befund mit Begründung nicht gezeigt" "LegalDocML.de justification counted"
printf '%s\n' "$x" | sed 's|MARK|<?digicheck form.schriftform?>|' >"$tmp/k.xml"
expect 2 "malformed instruction" "$dc" check -r "$dgr" "$tmp/k.xml"
has "$tmp/err" "k.xml:4:79: malformed digicheck processing instruction: write <?digicheck RULE-ID: reason?>" "malformed instruction"
printf '%s\n' "$x" | sed 's|MARK|<?digicheck form.schriftfrom: x?>|' >"$tmp/u.xml"
expect 2 "unknown rule in an instruction" "$dc" check -r "$dgr" "$tmp/u.xml"
has "$tmp/err" "did you mean 'form.schriftform'?" "instruction: nearest id"

# ---- SARIF for code scanning ---------------------------------------------------------
"$dc" check -r "$dgr" -f sarif --max-results 2 "$tmp/e.md" "$tmp/i.md" >"$tmp/cut.sarif" 2>/dev/null
has "$tmp/cut.sarif" '"descriptor":{"id":"max-results"},"message":{"text":"' "--max-results note"
[ "$(grep -o '"ruleId"' "$tmp/cut.sarif" | wc -l)" -eq 2 ] && ok || bad "--max-results 2 wrote more"
has "$tmp/cut.sarif" '"automationDetails":{"id":"digicheck/digitalcheck/"}' "automationDetails"
has "$tmp/cut.sarif" '"partialFingerprints":{"digicheck/v1":"' "partialFingerprints"
if [ $# -gt 0 ]; then
    if "$@" "$tmp/cut.sarif" >/dev/null; then ok; else bad "cut SARIF is not valid"; fi
fi
expect 2 "--max-results without sarif" "$dc" check -r "$dgr" --max-results 2 "$tmp/e.md"
has "$tmp/err" "--max-results applies to -f sarif only" "--max-results without sarif"

# ---- baselines: a changed statute reports only its new finding ------------------------
# the default rule set with the discretion hints, so that § 2 adds a finding
erm=$top/rules/ermessen
mkdir "$tmp/bl"
cat >"$tmp/bl/g.md" <<'MD'
## § 1 Antrag

(1) Der Antrag ist schriftlich zu stellen und eigenhändig zu unterschreiben.

(2) Die Urkunde ist im Original vorzulegen.

## § 2 Zuständigkeit

Die Behörde entscheidet nach pflichtgemäßem Ermessen.
MD
(cd "$tmp/bl" && expect 1 "--write-baseline" "$dc" check -r "$erm" --fail-on info \
    --write-baseline base.txt g.md)
head -1 "$tmp/bl/base.txt" | grep -qx '# digicheck baseline 1' && ok || bad "baseline header"
# a baseline that cannot be written says why, exit 2
(cd "$tmp/bl" && expect 2 "--write-baseline to a full disk" "$dc" check -r "$erm" \
    --write-baseline /dev/full g.md)
grep -q 'cannot write the baseline: No space left on device' "$tmp/err" && ok ||
    bad "--write-baseline /dev/full: no reason given"
n=$(grep -c "	g.md\$" "$tmp/bl/base.txt")
[ "$n" -ge 4 ] && ok || bad "baseline holds $n findings, expected 4 or more"
(cd "$tmp/bl" && expect 0 "the same draft against its baseline" "$dc" check -r "$erm" \
    --fail-on info --baseline base.txt g.md)
grep -q 'warning\|error\|info' "$tmp/out" && bad "findings reported against a baseline" || ok
# lines inserted, the §§ renumbered, one new Schriftform sentence
cat >"$tmp/bl/g.md" <<'MD'
## § 1 Zweck

Dieses Gesetz regelt Anträge.
Es hat eine neue Vorschrift vor allen anderen.

## § 2 Antrag

(1) Der Antrag ist schriftlich zu stellen und eigenhändig zu unterschreiben.

(2) Die Urkunde ist im Original vorzulegen.

(3) Die Anzeige ist schriftlich zu erstatten.

## § 3 Zuständigkeit

Die Behörde entscheidet nach pflichtgemäßem Ermessen.
MD
(cd "$tmp/bl" && expect 1 "a changed draft against its baseline" "$dc" check -r "$erm" \
    --fail-on info --baseline base.txt g.md)
[ "$(grep -c '^g.md:[0-9]*:[0-9]*: ' "$tmp/out")" -eq 1 ] && ok ||
    bad "a changed draft: not exactly its one new finding"
has "$tmp/out" "g.md:12:21: info: Schriftform vorgeschrieben [form.schriftform] (§ 2 Abs. 3 Satz 1)" "the new finding"
(cd "$tmp/bl" && "$dc" check -r "$erm" -f sarif --baseline base.txt g.md >"$tmp/bl.sarif")
[ "$(grep -o '"baselineState":"new"' "$tmp/bl.sarif" | wc -l)" -eq 1 ] && ok || bad "SARIF: new"
grep -q '"baselineState":"unchanged"' "$tmp/bl.sarif" && ok || bad "SARIF: unchanged"
sed -i 's/im Original vorzulegen/elektronisch vorzulegen/' "$tmp/bl/g.md"
(cd "$tmp/bl" && "$dc" check -r "$erm" -f sarif --baseline base.txt g.md >"$tmp/bl.sarif")
grep -q '"baselineState":"absent"' "$tmp/bl.sarif" && ok || bad "SARIF: absent"
if [ $# -gt 0 ]; then
    if "$@" "$tmp/bl.sarif" >/dev/null; then ok; else bad "SARIF with a baseline is not valid"; fi
fi
printf 'kein baseline\n' >"$tmp/bl/bad.txt"
expect 2 "not a baseline" "$dc" check -r "$dgr" --baseline "$tmp/bl/bad.txt" "$tmp/e.md"
has "$tmp/err" "bad.txt:1:1: not a digicheck baseline" "not a baseline"

# ---- several -r are combined into one rule set --------------------------------------------
land_rules "$tmp/land" error
printf '## \302\247 1 Antrag\n\n(1) Der Antrag ist schriftlich oder per Fax zu stellen.\n' >"$tmp/fax.md"
expect 1 "-r twice" "$dc" check -r "$dgr" -r "$tmp/land" -f jsonl "$tmp/fax.md"
has "$tmp/out" '"rule":"form.schriftform"' "-r twice: the first rule set"
has "$tmp/out" '"rule":"land.fax"' "-r twice: the second rule set"
if grep -q 'given more than once' "$tmp/err"; then bad "-r twice: a rule set dropped"; else ok; fi
expect 0 "-r twice, rules list" "$dc" rules -f json -r "$dgr" -r "$tmp/land"
has "$tmp/out" '"id":"digitalcheck+land"' "-r twice: one combined rule set"
expect 2 "-r twice, an id in both" "$dc" check -r "$dgr" -r "$top/rules/starter" "$tmp/fax.md"
has "$tmp/err" "is defined in two rule sets that are combined" "-r twice, an id in both"

echo "answer: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
