/*
 * desk.js -- the review desk in the browser. It shows what the server
 * sends: the draft's text and the library's JSON report (findings with
 * their byte spans, principles, Vorprüfung, questions). It computes no
 * result itself: every answer goes to the server, which saves it in the
 * draft's record file, runs the check again and sends the new report.
 */
'use strict';

const token = new URLSearchParams(location.search).get('t') || '';
const $ = (id) => document.getElementById(id);

const SEVERITY = { error: 'Fehler', warning: 'Warnung', info: 'Hinweis' };
const SEV_RANK = { info: 1, warning: 2, error: 3 };
const ANSWER = { yes: 'ja', no: 'nein', unsure: 'unsicher', 'not-relevant': 'nicht relevant' };
const VP = { open: 'offen', positive: 'positiv', unsure: 'unsicher', negative: 'negativ' };
const STATUS = {
    findings: 'Befunde', 'open-questions': 'Fragen offen', clean: 'ohne Befund',
    'not-relevant': 'nicht relevant',
};

/* The draft shown: where it lies and the server's view of it. */
let current = null;
/* What the server's library can do (justifications in records). */
let features = {};
/* The text and findings last rendered: an answer that changes neither
 * (most do not) leaves a large draft's text as it is. */
let renderedKey = null;
let uploadStarted = 0;

function url(path, params) {
    const u = new URL(path, location.origin);
    u.searchParams.set('t', token);
    for (const [k, v] of Object.entries(params || {}))
        u.searchParams.set(k, v);
    return u.toString();
}

async function api(path, params, init) {
    const res = await fetch(url(path, params), init);
    const type = res.headers.get('content-type') || '';
    const body = type.includes('json') ? await res.json() : await res.text();
    if (!res.ok)
        throw new Error(body && body.error ? body.error : String(body));
    return body;
}

function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined || v === false)
            continue;
        if (k === 'class')
            e.className = v;
        else if (k.startsWith('on'))
            e.addEventListener(k.slice(2), v);
        else
            e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children)
        if (c !== null && c !== undefined)
            e.append(c instanceof Node ? c : String(c));
    return e;
}

function say(text) { $('status').textContent = text; }
function problem(text) { $('problem').textContent = text || ''; }

/* ---- the draft's text with its findings ----------------------------------- */

/* Where blocks begin: after each run of blank lines (byte offsets). */
function blockStarts(bytes) {
    const starts = new Set([0]);
    for (let i = 0; i + 1 < bytes.length; i++) {
        if (bytes[i] === 10 && bytes[i + 1] === 10) {
            let j = i + 2;
            while (j < bytes.length && bytes[j] === 10)
                j++;
            starts.add(j);
            i = j - 1;
        }
    }
    return starts;
}

function addTo(map, key, value) {
    if (!map.has(key))
        map.set(key, []);
    map.get(key).push(value);
}

function findingLabel(f) {
    return `${SEVERITY[f.severity] || f.severity}: ${f.rule}${f.path ? ' – ' + f.path : ''}`;
}

/* A mark over text that findings ids cover; the strongest gives the colour. */
function markFor(ids, findings, text) {
    const fs = ids.map((i) => findings[i]);
    const top = fs.reduce((a, b) => (SEV_RANK[b.severity] > SEV_RANK[a.severity] ? b : a));
    const cls = `sev-${top.severity}` + (fs.every((f) => f.justified) ? ' justified' : '');
    return el('mark', {
        class: cls, tabindex: 0, role: 'button', 'data-findings': ids.join(' '),
        'data-rule': top.rule, 'data-path': top.path || '', 'data-severity': top.severity,
        'aria-label': fs.map(findingLabel).join('; ') + ': ' + text.slice(0, 80),
    }, text);
}

function newBlock(container) {
    const path = el('div', { class: 'path' });
    const body = el('div', { class: 'body' });
    container.append(el('div', { class: 'block' }, path, body));
    return { path, body, paths: new Set() };
}

function closeBlock(b) {
    b.path.textContent = [...b.paths].join(', ');
}

/* Renders text with the findings' byte spans marked, the structural path of
 * what each block holds beside it, and an anchor at each question's evidence. */
function renderText(text, file) {
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder();
    const findings = file.findings;
    const cuts = new Set([0, bytes.length]);
    const starts = new Map(), ends = new Map(), anchors = new Map();
    findings.forEach((f, i) => {
        if (typeof f.offset !== 'number')
            return;
        cuts.add(f.offset);
        cuts.add(f.offset + f.length);
        addTo(starts, f.offset, i);
        addTo(ends, f.offset + f.length, i);
    });
    file.questions.forEach((q) => (q.evidence || []).forEach((e, k) => {
        cuts.add(e.offset);
        addTo(anchors, e.offset, { id: `ev-${q.id}-${k}`, path: e.path });
    }));
    const blocks = blockStarts(bytes);
    blocks.forEach((b) => cuts.add(b));
    const order = [...cuts].filter((c) => c <= bytes.length).sort((a, b) => a - b);
    const box = document.createDocumentFragment();
    const active = new Set();
    let block = null;
    for (let k = 0; k < order.length; k++) {
        const a = order[k];
        (ends.get(a) || []).forEach((i) => active.delete(i));
        if (blocks.has(a) || !block) {
            if (block)
                closeBlock(block);
            block = newBlock(box);
        }
        for (const an of anchors.get(a) || []) {
            block.body.append(el('span', { id: an.id, class: 'anchor', tabindex: -1 }));
            block.paths.add(an.path);
        }
        for (const i of starts.get(a) || []) {
            if (findings[i].path)
                block.paths.add(findings[i].path);
            if (findings[i].length > 0)
                active.add(i);
            else
                block.body.append(markFor([i], findings, '¶'));
        }
        if (k + 1 === order.length)
            break;
        const piece = dec.decode(bytes.subarray(a, order[k + 1]));
        block.body.append(active.size ? markFor([...active], findings, piece) : piece);
    }
    if (block)
        closeBlock(block);
    const target = $('text');
    target.replaceChildren(box);
}

/* For a draft whose text the page does not get (a Word file: the library
 * reads it as a text view of its own), each finding is shown in its
 * excerpt, the matched words marked, beside its path. */
function renderExcerpts(file) {
    const box = document.createDocumentFragment();
    box.append(el('p', {}, 'Der Text dieses Formats wird hier in Auszügen gezeigt: ' +
        'je Befund der Satz, in dem er steht.'));
    file.findings.forEach((f, i) => {
        const b = newBlock(box);
        b.paths.add(f.path || `Zeile ${f.line}`);
        const ex = f.excerpt || '';
        const at = f.match ? ex.indexOf(f.match) : -1;
        if (at < 0) {
            b.body.append(markFor([i], file.findings, ex || '¶'));
        } else {
            b.body.append(ex.slice(0, at), markFor([i], file.findings, f.match),
                ex.slice(at + f.match.length));
        }
        closeBlock(b);
    });
    $('text').replaceChildren(box);
}

/* ---- a finding in detail --------------------------------------------------- */

/* Justifies finding i (or takes its justification back with reason ""):
 * the server writes it into the record and checks again. */
async function justify(i, reason) {
    const f = current.view.report.files[0].findings[i];
    const { src, name } = current;
    say('Begründung wird gespeichert …');
    try {
        const view = await api('/api/justify', {
            src, name, rule: f.rule, at: f.path || String(f.line), reason,
        }, { method: 'POST' });
        show(src, name, view);
        showFindings([i]);
        say(reason ? 'Begründung gespeichert.' : 'Begründung zurückgenommen.');
    } catch (e) {
        problem(`Die Begründung wurde nicht gespeichert: ${e.message}`);
        say('');
    }
}

/* The controls to justify finding i, when the library keeps justifications. */
function justifyControls(f, i) {
    if (!features.justify)
        return null;
    if (f.justified) {
        return el('div', { class: 'justified-box' },
            el('p', {}, el('strong', {}, 'Begründet: '),
                (f.justification && f.justification.reason) || ''),
            el('button', { type: 'button', onclick: () => justify(i, '') },
                'Begründung zurücknehmen'));
    }
    const id = `why-${i}`;
    const area = el('textarea', { id, rows: 2 });
    return el('div', { class: 'field' },
        el('label', { for: id }, 'Begründung (der Befund bleibt, grau und gezählt)'), area,
        el('button', {
            type: 'button', onclick: () => area.value.trim() && justify(i, area.value.trim()),
        }, 'Befund begründen'));
}

async function explain(rule, out) {
    try {
        out.textContent = await api('/api/explain', { rule });
    } catch (e) {
        out.textContent = e.message;
    }
}

function showFindings(ids) {
    const findings = current.view.report.files[0].findings;
    const box = $('detail');
    box.replaceChildren();
    for (const i of ids) {
        const f = findings[i];
        const more = el('pre', { hidden: true, tabindex: 0, 'aria-label': `Erklärung der Regel ${f.rule}` });
        box.append(el('article', { class: 'finding', 'data-rule': f.rule, 'data-path': f.path },
            el('h3', {}, `${SEVERITY[f.severity]}: ${f.rule}`),
            f.path ? el('p', {}, el('strong', {}, 'Fundstelle: '), f.path) : null,
            el('p', {}, f.message),
            f.suggestion ? el('p', {}, el('strong', {}, 'Vorschlag: '), f.suggestion) : null,
            f.references && f.references.length
                ? el('p', { class: 'refs' }, 'Rechtsgrundlagen: ' + f.references.join(', ')) : null,
            justifyControls(f, i),
            el('button', {
                type: 'button', 'aria-expanded': 'false',
                onclick: (ev) => {
                    more.hidden = !more.hidden;
                    ev.target.setAttribute('aria-expanded', String(!more.hidden));
                    if (!more.hidden && !more.textContent)
                        explain(f.rule, more);
                },
            }, `Regel ${f.rule} erklären`),
            more));
    }
}

function selectMark(m) {
    document.querySelectorAll('mark.selected').forEach((x) => x.classList.remove('selected'));
    m.classList.add('selected');
    showFindings(m.dataset.findings.split(' ').map(Number));
}

function stepFinding(dir) {
    const marks = [...document.querySelectorAll('#text mark')];
    if (!marks.length)
        return;
    const at = marks.findIndex((m) => m.classList.contains('selected'));
    const next = marks[(at + dir + marks.length) % marks.length];
    next.focus();
    next.scrollIntoView({ block: 'center' });
    selectMark(next);
}

/* ---- principles, Vorprüfung, questions ------------------------------------- */

function renderPrinciples(file) {
    const rows = Object.entries(file.principles).map(([id, p]) => el('tr', { 'data-principle': id },
        el('th', { scope: 'row' }, `${id} ${p.title}`),
        el('td', { class: `status-${p.status}` }, STATUS[p.status] || p.status),
        el('td', {}, p.findings), el('td', {}, p.open_questions)));
    document.querySelector('#principles tbody').replaceChildren(...rows);
}

function renderVorpruefung(vp) {
    const p = $('vp-result');
    p.dataset.result = vp.result;
    p.replaceChildren(
        el('strong', {}, 'Digitalbezug: '), VP[vp.result] || vp.result,
        ' · Interoperabilität: ', VP[vp.interoperability] || vp.interoperability,
        ' · EU-Bezug: ', VP[vp.eu_bezug] || vp.eu_bezug);
    if (vp.contradiction)
        p.append(el('span', { class: 'bad' },
            ' · Widerspruch: kein Datenaustausch, aber EU-Datenaustausch'));
}

function jumpTo(id) {
    const a = $(id);
    if (!a)
        return;
    const blockEl = a.closest('.block');
    document.querySelectorAll('.evidence-target').forEach((x) => x.classList.remove('evidence-target'));
    if (blockEl)
        blockEl.classList.add('evidence-target');
    a.scrollIntoView({ block: 'center' });
    a.focus();
}

async function answer(qid, value, reason) {
    const { src, name } = current;
    say('Antwort wird gespeichert …');
    try {
        const view = await api('/api/answer', { src, name, q: qid, a: value, r: reason || '' },
            { method: 'POST' });
        show(src, name, view);
        say(value ? `Antwort gespeichert: ${ANSWER[value] || value}.` : 'Antwort zurückgenommen.');
        const again = document.querySelector(`[data-question="${CSS.escape(qid)}"] input:checked`) ||
            document.querySelector(`[data-question="${CSS.escape(qid)}"] button`);
        if (again)
            again.focus();
    } catch (e) {
        show(src, name, current.view);      /* the controls as the record has it */
        problem(`Die Antwort wurde nicht gespeichert: ${e.message}`);
        say('');
    }
}

function questionBox(q) {
    const name = `q-${q.id}`;
    const why = el('textarea', { id: `${name}-why`, rows: 1, 'data-reason': q.id },
        q.reason || '');
    const options = (q.answers || ['yes', 'no', 'unsure']).map((a) => {
        const id = `${name}-${a}`;
        return el('span', {},
            el('input', {
                type: 'radio', name, id, value: a, checked: q.answer === a,
                'data-answer': a, onchange: () => answer(q.id, a, why.value.trim()),
            }),
            el('label', { for: id }, ANSWER[a] || a));
    });
    const evidence = (q.evidence || []).map((e, k) => el('button', {
        type: 'button', class: 'evidence', onclick: () => jumpTo(`ev-${q.id}-${k}`),
        'aria-label': `Fundstelle ${e.path || 'Zeile ' + e.line} im Text zeigen`,
    }, e.path || `Zeile ${e.line}`));
    return el('fieldset', {
        class: 'question', 'data-question': q.id, 'data-answered': q.answer ? 'yes' : 'no',
    },
        el('legend', {}, q.text),
        q.suggested ? el('p', { class: 'suggest' },
            `Vorschlag aus dem Text: ${ANSWER[q.suggested] || q.suggested}`,
            evidence.length ? ' – ' : '', ...evidence) : null,
        el('div', {}, ...options,
            q.answer ? el('button', { type: 'button', onclick: () => answer(q.id, '') },
                'Antwort zurücknehmen') : null),
        el('div', { class: 'why' },
            el('label', { for: why.id }, 'Begründung (freier Text)'), why,
            el('button', {
                type: 'button', disabled: !q.answer,
                onclick: () => answer(q.id, q.answer, why.value.trim()),
            }, 'Begründung speichern')));
}

/* The rating of each principle, with its Begründung (the method asks for
 * one when a principle is rated "nein" or "nicht relevant"). */
function renderRatings(file) {
    $('ratings').replaceChildren(...Object.entries(file.principles).map(([id, p]) => questionBox({
        id, text: `${id} ${p.title}`, answers: ['yes', 'no', 'not-relevant'],
        answer: p.rating || null, reason: p.reason, applicable: true,
    })));
}

function renderQuestions(file) {
    const applicable = file.questions.filter((q) => q.applicable);
    $('vp-questions').replaceChildren(
        ...applicable.filter((q) => q.stage === 'vorpruefung').map(questionBox));
    const rest = applicable.filter((q) => q.stage !== 'vorpruefung');
    $('pc-questions').replaceChildren(...(rest.length ? rest.map(questionBox)
        : [el('p', {}, 'Keine Fragen des Praxischecks offen.')]));
}

/* ---- the whole view --------------------------------------------------------- */

function setLinks(src, name) {
    const dl = (what) => url('/api/download', { src, name, what });
    $('doc-link').href = dl('doc');
    for (const what of ['record', 'sarif', 'json', 'markdown', 'doc-html', 'doc-odt', 'doc-md',
        'annotated'])
        $(`dl-${what}`).href = dl(what);
    $('dl-annotated').parentElement.hidden = !/\.docx$/i.test(name);
}

function renderCounts(summary) {
    const s = summary.by_severity;
    const justified = summary.justified ? `, ${summary.justified} davon begründet` : '';
    $('counts').textContent = `${summary.findings} Befunde (${s.error} Fehler, ` +
        `${s.warning} Warnungen, ${s.info} Hinweise${justified}), ` +
        `${summary.open_questions} Fragen offen.`;
}

function show(src, name, view) {
    current = { src, name, view };
    problem('');
    $('draft-name').textContent = name;
    if (view.error) {
        $('review').hidden = true;
        const e = view.error;
        const where = e.line ? ` (Zeile ${e.line}, Spalte ${e.column})` : '';
        const what = e.stage === 'record' ? 'Die Akte des Entwurfs' : 'Der Entwurf';
        problem(`${what} konnte nicht gelesen werden: ${e.message}${where}`);
        return;
    }
    const file = view.report.files[0];
    if (view.text === null) {
        renderedKey = null;
        renderExcerpts(file);
    } else {
        const key = [src, name, view.text, JSON.stringify(file.findings),
            JSON.stringify(file.questions.map((q) => q.evidence))].join('\u0000');
        if (key !== renderedKey)
            renderText(view.text, file);
        renderedKey = key;
    }
    renderPrinciples(file);
    renderRatings(file);
    renderVorpruefung(file.vorpruefung);
    renderQuestions(file);
    renderCounts(view.report.summary);
    setLinks(src, name);
    $('review').hidden = false;
    document.body.dataset.loaded = name;
}

async function open(src, name) {
    say(`${name} wird geprüft …`);
    try {
        const view = await api('/api/draft', { src, name });
        show(src, name, view);
        if (uploadStarted) {
            document.body.dataset.uploadMs = String(Math.round(performance.now() - uploadStarted));
            uploadStarted = 0;
        }
        say(view.error ? '' : `${name} geprüft.`);
    } catch (e) {
        problem(e.message);
        say('');
    }
}

async function upload(file) {
    uploadStarted = performance.now();
    say(`${file.name} wird hochgeladen …`);
    try {
        const safe = file.name.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, '');
        const res = await api('/api/upload', { name: safe },
            { method: 'POST', body: await file.arrayBuffer() });
        await open(res.src, res.name);
    } catch (e) {
        problem(e.message);
        say('');
    }
}

async function loadFiles() {
    try {
        const list = await api('/api/files');
        features = list.features || {};
        $('dir-name').textContent = list.dir ? `„${list.dir}“` : '(keines angegeben)';
        $('files').replaceChildren(...list.files.map((f) => el('option', { value: f })),
            ...list.uploads.map((f) => el('option', { value: `hochgeladen/${f}` })));
    } catch (e) {
        problem(e.message);
    }
}

document.addEventListener('DOMContentLoaded', () => {
    $('upload').addEventListener('change', (ev) => {
        if (ev.target.files.length)
            upload(ev.target.files[0]);
    });
    $('open-form').addEventListener('submit', (ev) => {
        ev.preventDefault();
        const v = $('pick').value.trim();
        if (v.startsWith('hochgeladen/'))
            open('upload', v.slice('hochgeladen/'.length));
        else if (v)
            open('dir', v);
    });
    const text = $('text');
    text.addEventListener('click', (ev) => {
        const m = ev.target.closest('mark');
        if (m)
            selectMark(m);
    });
    text.addEventListener('keydown', (ev) => {
        const m = ev.target.closest && ev.target.closest('mark');
        if (m && (ev.key === 'Enter' || ev.key === ' ')) {
            ev.preventDefault();
            selectMark(m);
        }
    });
    $('next-finding').addEventListener('click', () => stepFinding(1));
    $('prev-finding').addEventListener('click', () => stepFinding(-1));
    loadFiles();
});
