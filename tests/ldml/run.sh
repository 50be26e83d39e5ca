#!/bin/sh
# LegalDocML.de end to end, on the real files of the corpus beside the
# project: every valid file is checked, and every finding's line and column
# hold its match in the XML, its eId exists in the file and its offset
# points at the match in that element's text; the deliberately invalid
# files are refused with their reason; the SARIF carries the eIds and is
# valid.
#
#   tests/ldml/run.sh DIGICHECK CORPUS-LDML-DIR [SARIF-VALIDATOR...]
set -u
dc=$1
dir=$2
shift 2
here=$(dirname "$0")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-ldml.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0

if [ ! -d "$dir" ]; then
    echo "ldml: $dir is missing: the corpus must stand beside the project (../shared)" >&2
    exit 1
fi
valid=$(ls "$dir"/*.xml | grep -v invalid)
"$dc" check -j2 -r "$here/probe.yaml" -f json $valid >"$tmp/out.json" 2>"$tmp/err"
[ $? -le 1 ] || { echo "ldml: checking the valid files failed:" >&2; cat "$tmp/err" >&2; fail=1; }
python3 "$here/verify.py" <"$tmp/out.json" || fail=1

for f in "$dir"/*invalid_xsd*.xml "$dir"/*invalid_schematron*.xml; do
    "$dc" check -r "$here/probe.yaml" "$f" >/dev/null 2>"$tmp/err"
    code=$?
    if [ $code -ne 2 ] || ! grep -q "$(basename "$f"):[0-9]*:0: " "$tmp/err"; then
        echo "ldml: $(basename "$f"): expected a refusal with its line, exit 2; got $code:" >&2
        cat "$tmp/err" >&2
        fail=1
    fi
done

"$dc" check -r "$here/probe.yaml" -f sarif $valid >"$tmp/out.sarif" 2>/dev/null
grep -q '"kind":"element"' "$tmp/out.sarif" || { echo "ldml: no eId in the SARIF" >&2; fail=1; }
if [ $# -gt 0 ]; then "$@" "$tmp/out.sarif" || fail=1; fi
[ $fail -eq 0 ] && echo "ldml: ok"
exit $fail
