# Checks every finding of a LegalDocML.de draft: its line and column hold
# the match in the XML, its eId exists, and the eId offset points at the
# match in that element's text content.
import json, sys, re
import xml.etree.ElementTree as ET
doc = json.load(sys.stdin)
bad = 0; n = 0
for fobj in doc['files']:
    path = fobj['file']
    raw = open(path, encoding='utf-8').read()
    lines = raw.split('\n')
    texts = {}
    for el in ET.parse(path).getroot().iter():
        if el.get('eId'):
            texts[el.get('eId')] = ''.join(el.itertext())
    for f in fobj['findings']:
        n += 1
        m = f['match'].replace('…', '')
        if not m:
            continue
        first = re.escape(m.split()[0].strip('„“'))
        at = lines[f['line'] - 1][f['column'] - 1:]
        ok_pos = re.match(r'[„“]?' + first, at) is not None
        t = texts.get(f['eid'])
        ok_eid = t is not None
        fold = lambda s: re.sub(r'\s+', ' ', s).strip('„“ ')
        ok_off = ok_eid and fold(t[f['eid_offset']:f['eid_offset'] + 3 * len(m)]).startswith(fold(m)[:8])
        if not (ok_pos and ok_eid and ok_off):
            bad += 1
            if bad <= 5:
                print('BAD', path.split('/')[-1], f['line'], f['column'], repr(m), repr(at[:30]),
                      f['eid'], f['eid_offset'], repr(t[f['eid_offset']:f['eid_offset'] + 20] if t else None))
print(f'{n} findings checked, {bad} bad')
sys.exit(1 if bad or not n else 0)
