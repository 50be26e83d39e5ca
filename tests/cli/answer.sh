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

# has FILE TEXT DESCRIPTION
has() {
    if grep -qF -- "$2" "$1"; then ok; else
        bad "$3: lacks '$2'"; sed 's/^/    /' "$1" >&2
    fi
}

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

echo "answer: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
