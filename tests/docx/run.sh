#!/bin/sh
# Word drafts end to end: statutes of the corpus converted to .docx (pandoc)
# give the findings of their Markdown source, but where the conversion
# changed the text (drafts/*.expected says where), and so do their .odt; a draft saved by
# LibreOffice with tracked changes, a footnote and a comment reads as its
# accepted text; hostile files end with a clear error (exit 2); `annotate`
# writes a valid copy whose comments sit on the matched words, and
# LibreOffice shows them in the PDF it makes of it (when soffice is there).
#
#   tests/docx/run.sh DIGICHECK OUTDIR
set -u
dc=$1
out=$2
here=$(dirname "$0")
fail=0
mkdir -p "$out"

say() { echo "docx: $*" >&2; fail=1; }

# ---- reading: the same findings as the Markdown source ----------------------
for md in "$here"/drafts/*.md; do
    base=${md%.md}
    python3 "$here/verify.py" compare "$dc" "$md" "$base.docx" "$base.expected" || fail=1
    # OpenDocument (pandoc) keeps the empty list item that Word drops
    python3 "$here/verify.py" compare "$dc" "$md" "$base.odt" - || fail=1
done

# the tracked changes: inserted text is text, deleted text, the footnote and the
# comment are not; the same draft as LibreOffice saves it in its own format
for ext in docx odt; do
"$dc" check -f jsonl "$here/drafts/tracked.$ext" >"$out/tracked.jsonl"
python3 - "$out/tracked.jsonl" <<'EOF' || fail=1
import json, sys
d = json.loads(open(sys.argv[1], encoding='utf-8').readline())
f = d['findings']
got = sorted((x['rule'], x['path'], x['match']) for x in f if x['kind'] != 'question')
want = [('form.schriftform', '§ 2 Satz 2', 'schriftlich'),
        ('sec.it-system-ohne-sicherheit', '§ 2 Satz 1', 'Behörde führt ein Register')]
if got != want:
    sys.exit('docx: tracked.docx: %r, not %r' % (got, want))
# the inserted sentence's duty to enclose a certificate is evidence of obligations
ev = [e['path'] for q in d['questions'] if q['id'] == 'vp.verpflichtungen' for e in q['evidence']]
if ev != ['§ 1 Abs. 2 Satz 1']:
    sys.exit('docx: tracked.docx: vp.verpflichtungen evidence %r, not § 1 Abs. 2 Satz 1' % (ev,))
para = {x['rule']: (x['paragraph'], x['paragraph_offset']) for x in f}
if para['form.schriftform'] != (5, 62):
    sys.exit('docx: tracked.docx: schriftlich at paragraph %r, not (5, 62)' % (para['form.schriftform'],))
EOF
done

# plain Word: "§ 1" typed by hand, numbering from Word, a field, a text box
# (not read), a table, a paragraph starting with a citation ("§ 1 Absatz 2
# gilt …", no heading); the paths and the places in Word terms
"$dc" check -r "$here/probe.yaml" -f jsonl "$here/drafts/plain.docx" >"$out/plain.jsonl"
python3 - "$out/plain.jsonl" <<'EOF' || fail=1
import json, sys
f = json.loads(open(sys.argv[1], encoding='utf-8').readline())['findings']
got = [(x['path'], x['match'], x['paragraph'], x['paragraph_offset']) for x in f]
want = [('§ 1 Abs. 1 Satz 1', 'Hund', 2, 14), ('§ 1 Abs. 1 Nr. 2 Satz 1', 'Rasse', 4, 4),
        ('§ 1 Abs. 1 Nr. 2 Satz 1', 'Hundes', 4, 14),
        ('§ 1 Abs. 1 Nr. 2 Buchst. a Satz 1', 'Rassen', 5, 20),
        ('§ 1 Abs. 1 Nr. 2 Buchst. b Satz 1', 'Rasse', 6, 10),
        ('§ 1 Abs. 2 Satz 1', 'example.org', 7, 73), ('§ 2 Nr. 1 Satz 1', 'Hund', 11, 4),
        ('§ 2 Nr. 2 Satz 1', 'Hund', 12, 4), ('Anlage 1 Satz 1', 'Papier', 14, 21),
        ('Anlage 1 Satz 2', 'Katzen', 15, 27)]
if got != want:
    sys.exit('docx: plain.docx: %r,\n not %r' % (got, want))
EOF

# ---- hostile files: exit 2 and a message saying what is wrong ----------------
while read -r file message; do
    "$dc" check "$here/hostile/$file" >/dev/null 2>"$out/err"
    code=$?
    if [ $code -ne 2 ] || ! grep -q "$message" "$out/err"; then
        say "$file: expected exit 2 and '$message'; got $code: $(cat "$out/err")"
    fi
done <<'EOF'
bomb-size.docx unpacks to [0-9]* bytes; the limit is
bomb-ratio.docx times its size (a zip bomb?)
macros.docm contains macros (word/vbaProject.bin)
encrypted-entries.docx the document is encrypted
password.docx encrypted (password-protected)
old-word.doc old binary Word document (.doc) cannot be read; convert it
truncated.docx corrupt zip archive
garbage.docx corrupt zip archive
not-word.docx not a Word document
no-main-part.docx has no part word/document.xml
doctype.docx DOCTYPE) is not allowed
malformed.docx word/document.xml: XML:
not-a-document.docx no w:document/w:body
text-named.docx a .docx (or .odt) file is a zip archive
encrypted.odt encrypted (password-protected)
macros.odt contains macros (Basic/
EOF
"$dc" annotate "$here/hostile/bomb-media.docx" -o "$out/bomb.docx" 2>"$out/err"
[ $? -eq 2 ] && grep -q 'the limit is' "$out/err" && [ ! -e "$out/bomb.docx" ] ||
    say "annotate bomb-media.docx: expected exit 2, a limit and no copy"
# a justified finding is settled: the copy has no comment for it
printf 'justifications:\n  - {rule: form.schriftform, at: "\302\247 1 Abs. 2", reason: "EU-Recht"}\n' \
    > "$out/justified.yaml"
"$dc" annotate "$here/drafts/plain.docx" -o "$out/plain-all.docx" 2>/dev/null
"$dc" annotate --answers "$out/justified.yaml" "$here/drafts/plain.docx" \
    -o "$out/plain-justified.docx" 2>"$out/err"
python3 - "$out/plain-all.docx" "$out/plain-justified.docx" <<'EOF' ||
import sys, zipfile
c = [zipfile.ZipFile(f).read('word/comments.xml').decode('utf-8') for f in sys.argv[1:]]
n = [x.count('<w:comment ') for x in c]
sys.exit(0 if n[1] == n[0] - 1 and 'form.schriftform' in c[0] and 'form.schriftform' not in c[1]
         else 1)
EOF
    say "annotate: a justified finding got a comment: $(cat "$out/err")"
# a paragraph with 3000 findings: 200 comments on it, the rest counted at the start
timeout 60 "$dc" annotate "$here/hostile/crowded.docx" -o "$out/crowded.docx" 2>"$out/err"
[ $? -le 1 ] && python3 - "$out/crowded.docx" <<'EOF' || say "annotate crowded.docx: $(cat "$out/err")"
import re, sys, zipfile
c = zipfile.ZipFile(sys.argv[1]).read('word/comments.xml').decode('utf-8')
n = c.count('w:author="Digitalcheck"')
if n != 201 or '2800 weitere Befunde' not in c:
    sys.exit('docx: crowded.docx: %d comments' % n)
EOF
# a folder walk takes .docx files
"$dc" check -f jsonl "$here/drafts" >"$out/walk.jsonl" 2>"$out/err"
grep -q '"file":"[^"]*plain.docx"' "$out/walk.jsonl" || say "a folder walk skips .docx files"
grep -q '"file":"[^"]*tracked.odt"' "$out/walk.jsonl" || say "a folder walk skips .odt files"

# ---- annotate: a valid copy, comments on the matched words --------------------
for d in "$here"/drafts/*.docx; do
    name=$(basename "$d" .docx)
    sum=$(cksum <"$d")
    "$dc" check -f json "$d" >"$out/$name.json"
    "$dc" annotate "$d" -o "$out/$name-annotated.docx" 2>"$out/err"
    [ $? -le 1 ] || { say "annotate $name: $(cat "$out/err")"; continue; }
    [ "$(cksum <"$d")" = "$sum" ] || say "annotate $name changed the draft"
    python3 "$here/verify.py" annotated "$d" "$out/$name-annotated.docx" "$out/$name.json" ||
        fail=1
    # the copy reads as the draft did
    "$dc" check -f json "$out/$name-annotated.docx" | sed 's/-annotated//' >"$out/$name.again.json"
    python3 - "$out/$name.json" "$out/$name.again.json" <<'EOF' || fail=1
import json, sys
a, b = (json.load(open(p, encoding='utf-8'))['files'][0]['findings'] for p in sys.argv[1:])
key = lambda f: (f['rule'], f['path'], f['match'], f['paragraph'], f['paragraph_offset'])
if sorted(map(key, a)) != sorted(map(key, b)):
    sys.exit('docx: %s: the annotated copy reads otherwise than the draft' % sys.argv[1])
EOF
done
"$dc" annotate "$here/drafts/plain.docx" -o "$here/drafts/plain.docx" 2>"$out/err"
[ $? -eq 2 ] && grep -q 'replace the draft' "$out/err" || say "annotate onto the draft itself"
for f in guekvo.md tracked.odt; do
    "$dc" annotate "$here/drafts/$f" -o "$out/x.docx" 2>"$out/err"
    [ $? -eq 2 ] && grep -q 'not a Word document' "$out/err" || say "annotate of $f"
done

# ---- LibreOffice opens the copy and shows the comments ------------------------
if command -v soffice >/dev/null 2>&1; then
    for name in vergwerkeregv tracked; do
        rm -f "$out/$name-annotated.pdf"
        HOME="$out/lo-home" timeout 180 soffice --headless \
            "-env:UserInstallation=file://$(cd "$out" && pwd)/lo-profile" --convert-to \
            'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}' \
            --outdir "$out" "$out/$name-annotated.docx" >/dev/null 2>"$out/err"
        if [ ! -s "$out/$name-annotated.pdf" ]; then
            say "LibreOffice did not convert $name-annotated.docx: $(cat "$out/err")"
            continue
        fi
        python3 "$here/pdfnotes.py" "$out/$name-annotated.pdf" >"$out/$name.notes"
        python3 "$here/verify.py" pdf "$out/$name.notes" "$out/$name.json" || fail=1
        if command -v pdftoppm >/dev/null 2>&1; then
            pdftoppm -r 70 -png -f 1 -l 1 "$out/$name-annotated.pdf" "$out/$name-page" \
                2>/dev/null
        fi
    done
else
    echo "docx: soffice is not installed: the PDF check is skipped" >&2
fi

[ $fail -eq 0 ] && echo "docx: ok"
exit $fail
