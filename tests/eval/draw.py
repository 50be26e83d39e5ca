"""Draws a held-out set (tests/eval/README.md): reads the units of the corpus
as JSONL of a rule set whose one rule matches every unit ('\\w.*', scope
sentence), drops units of fewer than five words, repeated texts and units
already labelled (sentences.tsv, heldout.tsv and any --exclude file as they
were when the set was drawn: for set 5 at the commit that added it, for set 6
at that commit's parent, for set 7 at the commit that added fresh.tsv; the
units must come from the digicheck of the same commit), and draws the strata
with fixed seeds.

    python3 tests/eval/draw.py UNITS.jsonl OUT.tsv OUT-SUPPLEMENT.tsv [SEED]
        [--exclude LABELLED.tsv]... [--supplement CATEGORY[:N]]...

Set 5 was drawn with seed 20261201 (the default), set 6 with 20261215, set 7
with 20261222 --supplement original-document:48 --supplement
personal-appearance:24 --supplement original-document:36. The supplement
(seed + 1; 24 focus:original-document units unless --supplement names form
categories and sizes, drawn in that order) is labelled only when a form
category has fewer than 25 positive labels.
"""
import argparse, json, random, re, os
here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser(description='Draws a held-out set of units.')
ap.add_argument('units', help='JSONL of the one-rule set over the corpus')
ap.add_argument('out', help='the drawn set, sorted, labels "?"')
ap.add_argument('out_supplement', help='the supplement, in the order drawn')
ap.add_argument('seed', nargs='?', type=int, default=20261201)
ap.add_argument('--exclude', action='append', default=[], metavar='LABELLED.tsv',
                help='a further labelled set whose units are not drawn again')
ap.add_argument('--supplement', action='append', metavar='CATEGORY[:N]',
                help='a form category to draw N (24) more focus units of')
ap.add_argument('--wide', action='append', metavar='CATEGORY:N', default=[],
                help='after the supplement, N units of a wider pattern (stratum wide:CATEGORY), '
                     'for a category whose focus pattern has run out of units')
args = ap.parse_args()
seed = args.seed
lab = set(); labtext = set()
labelled = [os.path.join(here, fn) for fn in ['sentences.tsv', 'heldout.tsv']] + args.exclude
for fn in labelled:  # the sets labelled before
    if fn.endswith('heldout.tsv') and not os.path.exists(fn):
        continue  # between two sets, when the last joined sentences.tsv
    for line in open(fn, encoding='utf-8'):
        if line.startswith('#'):  # a note, as heldout.tsv holds between two sets
            continue
        f = line.rstrip('\n').split('\t')
        lab.add(f[0]); labtext.add(f[4])
units = []; seen = set()
with open(args.units, encoding='utf-8') as fh:
    for line in fh:
        r = json.loads(line)
        name = os.path.basename(r['file'])
        for x in r['findings']:
            t = x['excerpt']
            if len(t.split()) < 5 or t in seen:
                continue
            seen.add(t)
            uid = '%s:%d' % (name, x['line'])
            if uid in lab or t in labtext:
                continue
            units.append((uid, x['path'], t))
print('pool', len(units))
rng = random.Random(seed)
chosen = {}
def take(stratum, pat, n):
    rx = re.compile(pat) if pat else None
    pool = [u for u in units if u[0] not in chosen and (rx is None or rx.search(u[2]))]
    got = rng.sample(pool, min(n, len(pool)))
    for u in got:
        chosen[u[0]] = (u, stratum)
    print(stratum, len(pool), len(got))
take('random', None, 50)
focus = {
 'written-form': (r'(?i)schriftlich|Schriftform', 45),
 'signature': (r'(?i)unterschrieb|unterschreib|unterschrift|unterzeichn|eigenhändig|handschriftlich', 40),
 'personal-appearance': (r'(?i)persönlich\w*\s+(?:\w+\s+){0,3}?(?:zu\s+)?(?:erschein|vorsprech|vorzustellen|anzuhören|angehört|melden|anwesend|teilzunehmen)|persönliche\w* Erscheinen|\bzu erscheinen\b|zur Niederschrift|vorsprech|Vorsprache|persönliche\w* Anhörung|persönliche\w* Vorstellung|persönliche\w* Eindruck|Nichterscheinen|nicht erschienen', 45),
 'original-document': (r'(?i)(?!Originaltext|Originalprob)\bOriginal|Urschrift|Ausfertigung|beglaubigt|Beglaubigung', 45),
 'paper-or-post': (r'(?i)Papierform|\bPapier(?:e|en|s)?\b|Vordruck|Formblatt|\bper Post\b|Postweg|durch die Post|eingeschrieben\w* Brief|Einschreiben|Telefax|Aushang|aushäng|ausgehängt|Ausdruck|ausgedruckt|Durchschrift|Amtstafel|zur Einsicht\w* auszulegen|öffentlich auszulegen|Tageszeitung|Postzustellungsurkunde|Briefwahl|Briefumschl|Wahlbrief|in (?:zwei|drei|doppelter|dreifacher|vierfacher)r? (?:Ausfertigung|Stücken)', 50),
}
for c, (p, n) in focus.items():
    take('focus:' + c, p, n)
sig = {
 'vague-term': (r'(?i)angemessen|erheblich|unverzüglich|erforderlich|grundsätzlich|in der Regel|wesentlich|geeignet|zumutbar|rechtzeitig|gegebenenfalls|ordnungsgemäß', 6),
 'discretion': (r'\bkann\b|\bkönnen\b|\bsoll\b|Ermessen|\bdarf\b', 6),
 'proof-submission': (r'(?i)nachzuweisen|vorzulegen|beizufügen|einzureichen|Nachweis|Bescheinigung', 4),
 'data-reuse': (r'(?i)Bescheinigung|Register|Führungszeugnis|Urkunde|Bescheid', 4),
 'technology-lock-in': (r'(?i)E-Mail|Datenträger|Telefax|De-Mail|PDF|CD-ROM|Diskette|Fax', 4),
 'personal-data': (r'(?i)personenbezogen|Daten|Name|Anschrift|Geburtsdatum', 4),
 'it-security': (r'(?i)Register|Datenbank|System|Portal|Plattform|automatisiert|Schnittstelle', 4),
 'accessibility': (r'(?i)Internet|Portal|Website|Plattform|elektronisch', 4),
 'interoperability': (r'(?i)Mitgliedstaat|Europäische Kommission|übermittel|Datenaustausch|ausländisch', 4),
}
for c, (p, n) in sig.items():
    take('signal:' + c, p, n)
rows = sorted(chosen.values(), key=lambda v: (v[0][0].split(':')[0], int(v[0][0].split(':')[1])))
with open(args.out, 'w', encoding='utf-8') as o:
    for (uid, path, t), s in rows:
        o.write('%s\t%s\t%s\t?\t%s\n' % (uid, path, s, t))
print(len(rows))

# supplement: for the form categories that had fewer than 25 positives after labelling
rng = random.Random(seed + 1)
before = set(chosen)
for spec in args.supplement or ['original-document:24']:
    c, _, n = spec.partition(':')
    take('focus:' + c, focus[c][0], int(n or 24))
with open(args.out_supplement, 'w', encoding='utf-8') as o:
    for k, ((uid, path, t), s) in chosen.items():
        if k not in before:
            o.write('%s\t%s\t%s\t?\t%s\n' % (uid, path, s, t))

# wide: when a focus pattern has run out of unlabelled units (set 11: the
# personal-appearance pattern had 6 left), a wider pattern of the same
# category, drawn after the supplement with seed + 2 and written with it
wide = {
 'personal-appearance': r'(?i)erschein|persönlich|Anwesenheit|anwesend|Anhörung|anzuhören|angehört|vorzustellen|Vorstellung|vorgeführt|Vorführung|geladen|Ladung|Termin|mündlich\w* Verhandlung|an Ort und Stelle|Vernehmung|vernommen',
 # set 12: the pattern above gave 4 labels in 110 units, most of them
 # "erscheint" for "seems"; this one leaves that sense out and adds
 # presence, collection in person and oral proceedings
 'personal-appearance/2': r'(?i)(?<!persönlich )(?<!unbeschränkt )\b(?:erschein(?:en|t)|erschienen\w*)\b(?!\s+(?:\w+\s+)?(?:erforderlich|geboten|angemessen|zweckmäßig|notwendig|sachgerecht|ausreichend|unbillig|vertretbar|gerechtfertigt|zulässig|möglich|nicht|als|lassen|zu)\b)|\bAnwesenheit|\banwesend|in Gegenwart|\bvor Ort\b|an Ort und Stelle|persönlich\w*\s+(?:\w+\s+){0,4}?(?:ab(?:zu)?geben|ab(?:zu)?holen|aus(?:zu)?händigen|entgegen\w*|beantrag\w*|vor(?:zu)?legen|einzureichen|unterschreib\w*|zu\s+unterzeichnen|anzuhören|anzumelden|zu\s+melden|teilzunehmen|zu\s+stellen)|\bAbholung|abzuholen|\bvorgeführt|Vorführung|mündlich\w* (?:Prüfung|Anhörung|Erörterung|Verhandlung)|\bzur Anhörung|\bVorstellungsgespräch|Beratungsgespräch|Gespräch\w* (?:mit|bei)',
}
if args.wide:
    rng = random.Random(seed + 2)
    before_wide = set(chosen)
    for spec in args.wide:
        c, _, n = spec.partition(':')
        take('wide:' + c, wide[c], int(n))
    with open(args.out_supplement, 'a', encoding='utf-8') as o:
        for k, ((uid, path, t), s) in chosen.items():
            if k not in before_wide:
                o.write('%s\t%s\t%s\t?\t%s\n' % (uid, path, s, t))
