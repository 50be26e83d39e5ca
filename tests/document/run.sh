#!/bin/sh
# The documentation of a draft, end to end: one draft description per
# outcome of the Vorprüfung (positive, negative, unsure) and one with data
# exchanged with other Member States, each with its documentation in every
# form. Markdown and HTML are compared byte for byte; the HTML is parsed
# (every element closed in order); the ODT is converted to PDF with
# LibreOffice, when it is installed, and the PDF's words are compared.
#
#   tests/document/run.sh DIGICHECK [--update]
#
# A case is a directory with draft.yaml (or `source`: the path of a
# description elsewhere in the tree), optionally answers.yaml and `ruleset`
# (the rule set to use instead of rules/digitalcheck), and the expected
# expected.md, expected.html, expected.pdf.txt.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
update=${2:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-doc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$top" || exit 2
pass=0
fail=0
office=$(command -v libreoffice || command -v soffice || true)
pdftext=$(command -v pdftotext || true)

bad() { fail=$((fail + 1)); echo "document: FAIL: $*" >&2; }

# same EXPECTED ACTUAL WHAT: compares, or with --update writes EXPECTED.
same() {
    if [ "$update" = --update ]; then cp "$2" "$1"; pass=$((pass + 1)); return; fi
    if cmp -s "$1" "$2"; then pass=$((pass + 1)); else
        bad "$3 differs from $1"; diff "$1" "$2" | head -20 >&2
    fi
}

# html_ok FILE: parsed with python3's html.parser, every element closed in order.
html_ok() {
    python3 - "$1" <<'PY' && pass=$((pass + 1)) || bad "$1: HTML not well nested"
import html.parser, sys
VOID = {"meta", "br", "hr", "img", "link", "input"}
class Check(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append((tag, self.getpos()))
        else:
            self.stack.pop()
c = Check()
c.feed(open(sys.argv[1], encoding="utf-8").read())
sys.exit(1 if c.errors or c.stack else 0)
PY
}

# odt_text ODT OUT: the words of the ODT converted to PDF, one line.
odt_text() {
    HOME="$tmp" "$office" --headless "-env:UserInstallation=file://$tmp/profile" \
        --convert-to pdf --outdir "$tmp" "$1" >/dev/null 2>&1 &&
        pdftotext "$tmp/$(basename "$1" .odt).pdf" - | tr -s ' \n\f' '  ' >"$2"
}

for case in tests/document/*/; do
    case=${case%/}
    name=$(basename "$case")
    desc=$case/draft.yaml
    [ -f "$case/source" ] && desc=$(cat "$case/source")
    answers=
    [ -f "$case/answers.yaml" ] && answers="--answers $case/answers.yaml"
    rs=rules/digitalcheck
    [ -f "$case/ruleset" ] && rs=$(cat "$case/ruleset")
    for form in markdown html odt; do
        out=$tmp/$name.$form
        [ $form = odt ] && out=$tmp/$name.odt
        if ! "$dc" document -r "$rs" -f $form $answers -o "$out" "$desc" \
            2>"$tmp/err"; then
            bad "$name: document -f $form failed"; cat "$tmp/err" >&2; continue
        fi
        case $form in
        markdown) same "$case/expected.md" "$out" "$name (markdown)" ;;
        html) same "$case/expected.html" "$out" "$name (html)"; html_ok "$out" ;;
        odt)
            if [ -z "$office" ] || [ -z "$pdftext" ]; then
                echo "document: $name: no LibreOffice or pdftotext, ODT not converted" >&2
            elif odt_text "$out" "$tmp/$name.pdf.txt"; then
                same "$case/expected.pdf.txt" "$tmp/$name.pdf.txt" "$name (odt as pdf)"
            else
                bad "$name: LibreOffice could not convert the ODT"
            fi ;;
        esac
    done
done
echo "document: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
