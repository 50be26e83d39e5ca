#!/bin/sh
# Validates SARIF files with the SARIF Multitool (npm @microsoft/sarif-
# multitool, pinned in package-lock.json), its SARIF rules and GitHub's
# (--rule-kind "Sarif;Gh"): a result of level error fails.
#
#   tests/sarif/multitool.sh MULTITOOL FILE...
#
# Without the tool (its binary package exists for Linux, macOS and Windows
# only) the check is skipped with a note.
set -u
tool=$1; shift
if [ ! -f "$tool" ]; then
    echo "multitool: $tool not installed, skipped" >&2
    exit 0
fi
chmod u+x "$tool"           # npm ci --ignore-scripts skips the package's own chmod
out=$(mktemp -d "${TMPDIR:-/tmp}/dc-multitool.XXXXXX")
trap 'rm -rf "$out"' EXIT
bad=0
for f in "$@"; do
    if ! "$tool" validate --rule-kind 'Sarif;Gh' --max-file-size-in-kb 1000000 --log ForceOverwrite -o "$out/v.sarif" \
            "$f" >"$out/log" 2>&1; then
        echo "multitool: $f: the tool failed" >&2; sed 's/^/    /' "$out/log" >&2
        bad=$((bad + 1))
        continue
    fi
    errors=$(node -e '
        const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const e = d.runs[0].results.filter(r => r.level === "error");
        for (const r of e) console.error(r.ruleId, JSON.stringify(r.message.arguments));
        console.log(e.length);' "$out/v.sarif")
    if [ "$errors" != 0 ]; then
        echo "multitool: $f: $errors errors" >&2
        bad=$((bad + 1))
    fi
done
echo "multitool: $(($# - bad)) of $# files without errors (rules Sarif and Gh)"
[ "$bad" -eq 0 ]
