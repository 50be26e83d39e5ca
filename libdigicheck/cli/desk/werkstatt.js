/*
 * werkstatt.js -- the rule workshop in the browser. The form goes to the
 * server as it is typed; the library loads it as a rule set, says what is
 * wrong at which field, runs the examples, tries the rule on the drafts of
 * the directory served, and saves it. The page only shows the answers.
 */
'use strict';

const token = new URLSearchParams(location.search).get('t') || '';
const $ = (id) => document.getElementById(id);
const FIELDS = ['id', 'principle', 'category', 'severity', 'title', 'message', 'suggestion',
    'references', 'match', 'unless', 'examples_match', 'examples_no_match'];

function url(path) {
    const u = new URL(path, location.origin);
    u.searchParams.set('t', token);
    return u.toString();
}

async function post(path) {
    const body = new URLSearchParams();
    for (const f of FIELDS)
        body.set(f, $(`f-${f}`).value);
    const res = await fetch(url(path), {
        method: 'POST', body,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const data = await res.json();
    if (!res.ok)
        throw new Error(data.error || res.statusText);
    return data;
}

function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {}))
        e.setAttribute(k, v);
    for (const c of children)
        if (c !== null && c !== undefined)
            e.append(c instanceof Node ? c : String(c));
    return e;
}

function clearErrors() {
    for (const f of FIELDS) {
        $(`f-${f}-error`).textContent = '';
        $(`f-${f}`).removeAttribute('aria-invalid');
    }
}

function showError(err) {
    const field = err.field && FIELDS.includes(err.field) ? err.field : null;
    const where = err.entry ? ` (Zeile ${err.entry} des Feldes)` : '';
    const text = `${err.message}${where}`;
    if (field) {
        $(`f-${field}-error`).textContent = text;
        $(`f-${field}`).setAttribute('aria-invalid', 'true');
    }
    $('check-state').textContent = `Die Regel ist nicht gültig: ${text}`;
    $('check-state').className = 'bad';
}

function showExamples(res) {
    $('check-state').textContent = `Die Regel ist gültig. Beispiele: ${res.passed} bestanden, ` +
        `${res.failed} nicht bestanden.`;
    $('check-state').className = res.failed ? 'bad' : 'ok';
    $('examples').replaceChildren(...res.examples.map((x) => el('li', {
        'data-example': x.expect, 'data-ok': String(x.ok),
    }, el('span', { class: x.ok ? 'ok' : 'bad' }, x.ok ? 'bestanden: ' : 'nicht bestanden: '),
    x.expect === 'match' ? 'soll treffen – ' : 'soll nicht treffen – ', x.text)));
}

let pending = null, generation = 0;

async function check() {
    const mine = ++generation;
    try {
        const res = await post('/api/rule/check');
        if (mine !== generation)
            return;
        clearErrors();
        $('yaml').textContent = res.yaml;
        if (res.ok)
            showExamples(res);
        else {
            $('examples').replaceChildren();
            showError(res.error);
        }
    } catch (e) {
        $('check-state').textContent = e.message;
    }
}

function later() {
    clearTimeout(pending);
    pending = setTimeout(check, 250);
}

async function tryCorpus() {
    $('corpus-state').textContent = 'Die Regel läuft über die Entwürfe …';
    $('hits').replaceChildren();
    try {
        const res = await post('/api/rule/corpus');
        $('corpus-state').dataset.hits = String(res.hits);
        $('corpus-state').textContent = `${res.hits} Treffer in ${res.files_hit} von ${res.files} ` +
            `Entwürfen${res.complete ? '' : ` (abgebrochen nach ${res.files} von ${res.of})`}.`;
        $('hits').replaceChildren(...res.first.map((h) => el('li', { 'data-hit': h.file },
            el('span', { class: 'where' }, `${h.file}, ${h.path || 'Zeile ' + h.line}: `),
            h.excerpt)));
    } catch (e) {
        $('corpus-state').textContent = e.message;
    }
}

async function save(ev) {
    ev.preventDefault();
    try {
        const res = await post('/api/rule/save');
        $('save-state').textContent = `Gespeichert als ${res.saved}; das eigene Regelwerk ` +
            `${res.ruleset} hat ${res.rules} Regeln. ${res.note}`;
        $('save-state').className = 'ok';
    } catch (e) {
        $('save-state').textContent = `Nicht gespeichert: ${e.message}`;
        $('save-state').className = 'bad';
    }
}

async function loadChoices() {
    const res = await fetch(url('/api/rule/meta'));
    const meta = await res.json();
    $('f-principle').replaceChildren(...meta.principles.map((p) =>
        el('option', { value: p.id }, `${p.id} – ${p.title}`)));
    $('f-category').replaceChildren(...meta.categories.filter((c) => c !== 'question')
        .map((c) => el('option', { value: c }, c)));
}

document.addEventListener('DOMContentLoaded', async () => {
    await loadChoices();
    $('rule-form').addEventListener('input', later);
    $('rule-form').addEventListener('change', later);
    $('rule-form').addEventListener('submit', save);
    $('try-corpus').addEventListener('click', tryCorpus);
    check();
});
