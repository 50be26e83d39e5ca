"""Checks of the Word tests (tests/docx/run.sh).

  verify.py compare DIGICHECK DRAFT.md DRAFT.docx EXPECTED
      the findings (rule, path, matched text) of a statute and of its .docx
      (or .odt) are the same but for the differences EXPECTED lists (one per
      line: "md|docx<TAB>rule<TAB>path<TAB>match", the side that has it;
      "-" for none)
  verify.py annotated DRAFT.docx COPY.docx REPORT.json
      the copy is a valid package: every part of the draft is there and
      unchanged but the main part, its relationships, the content types and
      the comments; every comment of ours has its range and reference, the
      range holds the finding's matched words; one comment for the open
      questions; the comments the draft had are kept
  verify.py pdf NOTES.txt REPORT.json
      the comment texts LibreOffice put into the PDF (pdfnotes.py) name
      every finding's rule and message
"""
import collections
import json
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
CHANGED = {'word/document.xml', 'word/_rels/document.xml.rels', '[Content_Types].xml',
           'word/comments.xml'}


def fail(msg):
    print('docx: ' + msg, file=sys.stderr)
    sys.exit(1)


def findings(dc, path):
    r = subprocess.run([dc, 'check', '-f', 'jsonl', path], capture_output=True, text=True)
    if r.returncode > 1:
        fail('%s: check failed: %s' % (path, r.stderr))
    return json.loads(r.stdout.splitlines()[0])['findings']


def compare(dc, md, docx, expected):
    key = lambda f: (f['rule'], f['path'], f['match'])
    a = collections.Counter(map(key, findings(dc, md)))
    b = collections.Counter(map(key, findings(dc, docx)))
    got = sorted(['md\t' + '\t'.join(k) for k in (a - b).elements()] +
                 ['docx\t' + '\t'.join(k) for k in (b - a).elements()])
    lines = open(expected, encoding='utf-8').read().splitlines() if expected != '-' else []
    want = sorted(l for l in lines if l and not l.startswith('#'))
    if got != want:
        fail('%s: the findings differ from its Markdown source otherwise than %s says:\n%s'
             % (docx, expected, '\n'.join(got)))


def body_text_ranges(doc):
    """The text each comment range of the main part holds, by comment id."""
    open_ids, text = set(), collections.defaultdict(str)
    seen = {'start': set(), 'end': set(), 'ref': set()}

    def walk(e, deleted):
        tag = e.tag
        if tag == W + 'commentRangeStart':
            open_ids.add(e.get(W + 'id'))
            seen['start'].add(e.get(W + 'id'))
        elif tag == W + 'commentRangeEnd':
            open_ids.discard(e.get(W + 'id'))
            seen['end'].add(e.get(W + 'id'))
        elif tag == W + 'commentReference':
            seen['ref'].add(e.get(W + 'id'))
        elif tag == W + 't' and not deleted:
            for i in open_ids:
                text[i] += e.text or ''
        elif tag in (W + 'tab', W + 'br'):
            for i in open_ids:
                text[i] += ' '
        for c in e:
            walk(c, deleted or c.tag in (W + 'del', W + 'moveFrom'))
        if tag == W + 'p':
            for i in open_ids:
                text[i] += ' '
    walk(doc, False)
    return text, seen


def norm(s):
    return ' '.join(s.replace('\u00ad', '').split())


def annotated(orig, copy, report):
    rep = json.load(open(report, encoding='utf-8'))['files'][0]
    a, b = zipfile.ZipFile(orig), zipfile.ZipFile(copy)
    if b.testzip() is not None:
        fail('%s: a corrupt entry' % copy)
    for name in a.namelist():
        if name not in b.namelist():
            fail('%s: part %s is missing' % (copy, name))
        if name not in CHANGED and a.read(name) != b.read(name):
            fail('%s: part %s changed' % (copy, name))
    parts = {n: ET.fromstring(b.read(n)) for n in b.namelist() if n.endswith(('.xml', '.rels'))}
    for need in ('[Content_Types].xml', 'word/_rels/document.xml.rels', 'word/comments.xml'):
        if need not in parts:
            fail('%s: part %s is missing' % (copy, need))
    types = parts['[Content_Types].xml']
    if not any(o.get('PartName') == '/word/comments.xml' for o in types):
        fail('%s: the content types do not name the comments' % copy)
    rels = parts['word/_rels/document.xml.rels']
    if not any(r.get('Type', '').endswith('/comments') and r.get('Target') == 'comments.xml'
               for r in rels):
        fail('%s: no relationship to the comments' % copy)
    old = set()
    if 'word/comments.xml' in a.namelist():
        old = {c.get(W + 'id') for c in ET.fromstring(a.read('word/comments.xml'))}
    comments = parts['word/comments.xml']
    ours = [c for c in comments if c.get(W + 'author') == 'Digitalcheck']
    if not old <= {c.get(W + 'id') for c in comments}:
        fail('%s: the comments the draft had are not all kept' % copy)
    ids = [c.get(W + 'id') for c in comments]
    if len(ids) != len(set(ids)):
        fail('%s: comment ids repeat' % copy)
    commented = [f for f in rep['findings'] if f['kind'] != 'question']
    questions = [q for q in rep.get('questions', []) if q.get('applicable', True)
                 and q.get('answer') is None]
    if len(ours) != len(commented) + (1 if questions else 0):
        fail('%s: %d comments for %d findings and %d open questions'
             % (copy, len(ours), len(commented), len(questions)))
    text, seen = body_text_ranges(parts['word/document.xml'])
    for c in ours:
        i = c.get(W + 'id')
        if not (i in seen['start'] and i in seen['end'] and i in seen['ref']):
            fail('%s: comment %s lacks its range or reference' % (copy, i))
    by_id = {c.get(W + 'id'): ''.join(t.text or '' for t in c.iter(W + 't')) for c in ours}
    for f in commented:
        c = [i for i, t in by_id.items() if f['message'] in t and f['rule'] in t]
        if not c:
            fail('%s: no comment for %s at %s' % (copy, f['rule'], f['path']))
        if f['kind'] == 'text' and f['match']:
            held = [norm(text[i]) for i in c]
            if norm(f['match']) not in held:
                fail('%s: the comment of %s holds %r, not the match %r'
                     % (copy, f['rule'], held, f['match']))


def pdf(notes, report):
    rep = json.load(open(report, encoding='utf-8'))['files'][0]
    text = open(notes, encoding='utf-8').read()
    for f in rep['findings']:
        if f['kind'] != 'question' and ('Regel: ' + f['rule']) not in text:
            fail('%s: no comment naming %s in the PDF' % (notes, f['rule']))
    if rep.get('questions') and 'Offene Fragen' not in text:
        fail('%s: no comment with the open questions in the PDF' % notes)


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    {'compare': compare, 'annotated': annotated, 'pdf': pdf}[cmd](*args)
