#!/bin/sh
# Word drafts end to end: statutes of the corpus converted to .docx (pandoc)
# give the findings of their Markdown source, but where the conversion
# changed the text (drafts/*.expected says where); a draft saved by
# LibreOffice with tracked changes, a footnote and a comment reads as its
# accepted text; hostile files end with a clear error (exit 2).
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
done

# the tracked changes: inserted text is text, deleted text, the footnote and the
# comment are not
"$dc" check -f jsonl "$here/drafts/tracked.docx" >"$out/tracked.jsonl"
python3 - "$out/tracked.jsonl" <<'EOF' || fail=1
import json, sys
f = json.loads(open(sys.argv[1], encoding='utf-8').readline())['findings']
got = sorted((x['rule'], x['path'], x['match']) for x in f if x['kind'] != 'question')
want = [('form.schriftform', '§ 2 Satz 2', 'schriftlich'),
        ('proof.vorlage', '§ 1 Abs. 2 Satz 1', 'beizufügen'),
        ('sec.it-system-ohne-sicherheit', '§ 2 Satz 1', 'führt ein Register')]
if got != want:
    sys.exit('docx: tracked.docx: %r, not %r' % (got, want))
para = {x['rule']: (x['paragraph'], x['paragraph_offset']) for x in f}
if para['form.schriftform'] != (5, 62):
    sys.exit('docx: tracked.docx: schriftlich at paragraph %r, not (5, 62)' % (para['form.schriftform'],))
EOF

# plain Word: "§ 1" typed by hand, numbering from Word, a field, a text box
# (not read), a table; the paths and the places in Word terms
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
        ('§ 2 Nr. 2 Satz 1', 'Hund', 12, 4), ('Anlage 1 Satz 1', 'Papier', 14, 21)]
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
text-named.docx a .docx file is a zip archive
EOF
# a folder walk takes .docx files
"$dc" check -f jsonl "$here/drafts" >"$out/walk.jsonl" 2>"$out/err"
grep -q '"file":"[^"]*plain.docx"' "$out/walk.jsonl" || say "a folder walk skips .docx files"

[ $fail -eq 0 ] && echo "docx: ok"
exit $fail
