/*
 * browser.js -- the review desk and the rule workshop driven in Chromium
 * (Playwright), as a drafter would use them, and checked with axe-core
 * (WCAG 2.1 AA, the level BITV 2.0 asks for): zero violations.
 *
 * Usage: node browser.js DIGICHECK DRAFTS-DIR RECORDS-DIR OUT-DIR [LARGE-STATUTE]
 *
 * DRAFTS-DIR holds antrag.md (the example draft) and kaputt.md (not UTF-8).
 * Screenshots go to OUT-DIR; the time from choosing a file to upload to the
 * findings highlighted in the page is measured on LARGE-STATUTE if given.
 * Prints one line per check and "N passed, N failed" at the end.
 */
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [digicheck, draftsDir, recordsDir, outDir, largeStatute] = process.argv.slice(2);
let passed = 0, failed = 0;

function check(ok, what, detail) {
    if (ok) {
        passed++;
        console.log(`ok: ${what}`);
    } else {
        failed++;
        console.log(`FAIL: ${what}${detail ? ': ' + detail : ''}`);
    }
}

/* Starts `digicheck serve` and reads the URL it prints. */
function startServer() {
    return new Promise((resolve, reject) => {
        const child = spawn(digicheck, ['serve', '--records', recordsDir, draftsDir],
            { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d) => {
            out += d;
            const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/\?t=[0-9a-f]{32})/);
            if (m)
                resolve({ child, url: m[1] });
        });
        child.on('exit', (code) => reject(new Error(`digicheck serve ended: ${code}`)));
        setTimeout(() => reject(new Error('digicheck serve printed no URL')), 10000);
    });
}

async function axe(page, what) {
    await page.evaluate(axeSource);
    const res = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }));
    const v = res.violations.map((x) => `${x.id} (${x.nodes.length}): ${x.nodes[0].html.slice(0, 120)}`);
    check(v.length === 0, `axe WCAG 2.1 AA on ${what}: ${res.passes.length} rules pass, ` +
        `${v.length} violations`, v.join('; '));
}

/* The finding indices that marks in the text cover. */
async function highlighted(page) {
    return page.evaluate(() => {
        const ids = new Set();
        document.querySelectorAll('#text mark[data-findings]').forEach((m) =>
            m.dataset.findings.split(' ').forEach((i) => ids.add(i)));
        return ids.size;
    });
}

async function reviewPage(page, base, token) {
    await page.goto(`${base}/?t=${token}`);
    await page.fill('#pick', 'antrag.md');
    await page.getByRole('button', { name: 'Öffnen' }).click();
    await page.waitForSelector('body[data-loaded="antrag.md"]');
    const api = await (await fetch(`${base}/api/draft?t=${token}&src=dir&name=antrag.md`)).json();
    const want = api.report.files[0].findings.length;
    check(want > 0 && await highlighted(page) === want,
        `review: every finding highlighted (${want} in the JSON)`, `${await highlighted(page)} shown`);
    const rule = api.report.files[0].findings[0].rule;
    check(await page.locator(`mark[data-rule="${rule}"]`).count() > 0, `review: data-rule hook for ${rule}`);
    await page.screenshot({ path: path.join(outDir, 'review.png') });
    await axe(page, 'the review page');

    /* a finding by keyboard: focus its mark, Enter, explain */
    const mark = page.locator('#text mark').first();
    await mark.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail article.finding');
    const msg = await page.locator('#detail article.finding p').nth(1).textContent();
    check(msg === api.report.files[0].findings[0].message, 'review: Enter on a mark shows its message');
    await page.locator('#detail button', { hasText: 'erklären' }).first().click();
    await page.waitForFunction(() => (document.querySelector('#detail pre') || {}).textContent);
    check((await page.locator('#detail pre').first().textContent()).includes(rule),
        'review: explain shows the rule');
    await page.screenshot({ path: path.join(outDir, 'finding.png') });

    /* the next finding by its button */
    await page.getByRole('button', { name: 'Nächster Befund' }).click();
    check(await page.locator('#text mark.selected').count() === 1 &&
        await page.evaluate(() => document.activeElement.tagName) === 'MARK',
        'review: "Nächster Befund" selects and focuses a finding');

    /* a Vorprüfung question answered by keyboard: the result changes, the record holds it */
    const before = await page.getAttribute('#vp-result', 'data-result');
    const yes = page.locator('[data-question="vp.it-system"] input[data-answer="yes"]');
    await yes.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction((b) => document.querySelector('#vp-result').dataset.result !== b, before);
    const after = await page.getAttribute('#vp-result', 'data-result');
    check(before === 'open' && after === 'positive', `review: Vorprüfung ${before} -> ${after}`);
    const record = fs.readFileSync(path.join(recordsDir, 'drafts', 'antrag.md.record.yaml'), 'utf8');
    check(/^answers:\n {2}vp\.it-system: "yes"$/m.test(record), 'review: the answer is in the record file');
    const viaCli = await runCheck(['check', '-f', 'json', '--answers',
        path.join(recordsDir, 'drafts', 'antrag.md.record.yaml'), path.join(draftsDir, 'antrag.md')]);
    check(JSON.parse(viaCli).files[0].vorpruefung.result === 'positive',
        'review: digicheck check --answers reads the record the same');
    await page.locator('[data-question="vp.it-system"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(outDir, 'answered.png') });
    await axe(page, 'the review page with an answer');

    /* a principle rated "nicht relevant": refused without a Begründung, kept with one */
    await page.locator('[data-question="P3"] input[data-answer="not-relevant"]').check();
    await page.waitForFunction(() => document.querySelector('#problem').textContent);
    check(/nicht gespeichert/.test(await page.textContent('#problem')),
        'review: a rating "nicht relevant" without a Begründung is refused');
    await page.locator('[data-reason="P3"]').fill('Die Regelung benennt keine Technologie.');
    await page.locator('[data-question="P3"] input[data-answer="not-relevant"]').check();
    await page.waitForFunction(() => document.querySelector('[data-question="P3"]')
        .dataset.answered === 'yes');
    const rated = fs.readFileSync(path.join(recordsDir, 'drafts', 'antrag.md.record.yaml'), 'utf8');
    check(/P3: \{answer: "not-relevant", begruendung: "Die Regelung benennt/.test(rated),
        'review: the rating and its Begründung are in the record file', rated);

    await justifyFinding(page, base, token);

    /* evidence: a click jumps to the sentence */
    const ev = page.locator('[data-question] button.evidence').first();
    if (await ev.count()) {
        await ev.click();
        check(await page.evaluate(() => document.activeElement.classList.contains('anchor')),
            'review: evidence jumps to the sentence');
    }

    /* documentation and downloads */
    const docHref = await page.getAttribute('#doc-link', 'href');
    const doc = await (await fetch(docHref)).text();
    check(/<html/i.test(doc) && /Digitaltauglichkeit/.test(doc) && /P1/.test(doc),
        'review: the documentation opens (HTML)');
    check(!doc.includes(path.resolve(draftsDir)),
        'review: the documentation names the draft as the page does');
    const docPage = await page.context().newPage();
    await docPage.goto(docHref);
    await docPage.screenshot({ path: path.join(outDir, 'documentation.png'), fullPage: true });
    await axe(docPage, "the library's documentation page");
    await docPage.close();
    for (const what of ['record', 'sarif', 'json', 'markdown', 'doc-html', 'doc-odt', 'doc-md']) {
        const res = await fetch(await page.getAttribute(`#dl-${what}`, 'href'));
        check(res.ok && /attachment/.test(res.headers.get('content-disposition') || ''),
            `review: download ${what}`);
    }
}

/* Justifying a finding, once the library keeps justifications in records:
 * the mark greyed, the reason in the record file. Until then the desk
 * offers no such control. */
async function justifyFinding(page, base, token) {
    const files = await (await fetch(`${base}/api/files?t=${token}`)).json();
    if (!files.features.justify) {
        check(await page.locator('#detail button', { hasText: 'begründen' }).count() === 0,
            'review: no "Befund begründen" while the library keeps no justifications');
        return;
    }
    await page.locator('#text mark').first().click();
    await page.getByLabel(/Begründung/).first().fill('Die Schriftform verlangt das EU-Recht.');
    await page.getByRole('button', { name: 'Befund begründen' }).first().click();
    await page.waitForSelector('#text mark.justified');
    const record = fs.readFileSync(path.join(recordsDir, 'drafts', 'antrag.md.record.yaml'), 'utf8');
    check(/^justifications:\n {2}- \{rule: ".*", at: ".*", reason: "Die Schriftform verlangt/m
        .test(record), 'review: a justified finding is greyed and in the record file', record);
    await page.screenshot({ path: path.join(outDir, 'justified.png') });
}

function runCheck(args) {
    return new Promise((resolve) => {
        const child = spawn(digicheck, args, { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d) => { out += d; });
        child.on('exit', () => resolve(out));
    });
}

async function brokenDraft(page, base, token) {
    await page.goto(`${base}/?t=${token}`);
    await page.fill('#pick', 'kaputt.md');
    await page.getByRole('button', { name: 'Öffnen' }).click();
    await page.waitForFunction(() => document.querySelector('#problem').textContent);
    const text = await page.textContent('#problem');
    check(/konnte nicht gelesen werden/.test(text) && /Zeile/.test(text),
        'review: a draft that fails to parse shows its error', text);
    await page.screenshot({ path: path.join(outDir, 'error.png') });
    await axe(page, 'the review page with an error');
    await page.fill('#pick', 'antrag.md');
    await page.getByRole('button', { name: 'Öffnen' }).click();
    await page.waitForSelector('body[data-loaded="antrag.md"]');
    check(true, 'review: the server goes on after it');
}

async function largeUpload(page, base, token) {
    await page.goto(`${base}/?t=${token}`);
    const name = path.basename(largeStatute);
    const started = Date.now();
    await page.setInputFiles('#upload', largeStatute);
    await page.waitForSelector(`body[data-loaded="${name}"]`, { timeout: 120000 });
    const wall = Date.now() - started;
    const inPage = await page.getAttribute('body', 'data-upload-ms');
    const api = await (await fetch(`${base}/api/draft?t=${token}&src=upload&name=${name}`)).json();
    const want = api.report.files[0].findings.length;
    const got = await highlighted(page);
    const size = fs.statSync(largeStatute).size;
    check(got === want, `upload: ${name} (${(size / 1e6).toFixed(2)} MB): ${got} of ${want} ` +
        `findings highlighted, ${inPage} ms from upload to highlighted (${wall} ms as driven)`);
    await page.screenshot({ path: path.join(outDir, 'upload-large.png') });
    const t0 = Date.now();
    await page.locator('[data-question="vp.it-system"] input[data-answer="yes"]').check();
    await page.waitForFunction(() => document.querySelector('#vp-result').dataset.result === 'positive');
    check(await highlighted(page) === want,
        `upload: an answer on it checks again in ${Date.now() - t0} ms, the marks kept`);
}

/* A Word draft: the library reads it as its own text view, which the page
 * shows whole with the findings marked in it; the copy with comments is a
 * Word file. */
async function wordDraft(page, base, token) {
    const docx = path.join(__dirname, '..', 'docx', 'drafts', 'guekvo.docx');
    await page.goto(`${base}/?t=${token}`);
    await page.setInputFiles('#upload', docx);
    await page.waitForSelector('body[data-loaded="guekvo.docx"]');
    const api = await (await fetch(`${base}/api/draft?t=${token}&src=upload&name=guekvo.docx`))
        .json();
    const want = api.report.files[0].findings.length;
    check(typeof api.text === 'string' && !api.text.startsWith('PK'),
        'word: the server sends the text the library read out of the .docx');
    const shown = await page.textContent('#text');
    const line = api.text.split('\n').find((l) => l.trim().length > 20).replace(/^#+ /, '');
    check(shown.includes(line) && !shown.includes('in Auszügen'),
        `word: the whole text is shown, not excerpts ("${line.slice(0, 40)}…")`);
    check(want > 0 && await highlighted(page) === want,
        `word: every finding of a .docx draft marked in the text (${want})`);
    const res = await fetch(await page.getAttribute('#dl-annotated', 'href'));
    const body = Buffer.from(await res.arrayBuffer());
    check(res.ok && body.subarray(0, 2).toString() === 'PK', 'word: the copy with comments downloads',
        res.status);
    await page.screenshot({ path: path.join(outDir, 'word.png') });
    await axe(page, 'the review page with a Word draft');
}

async function workshop(page, base, token) {
    await page.goto(`${base}/werkstatt?t=${token}`);
    await page.waitForSelector('#f-principle option', { state: 'attached' });
    await page.getByLabel('Kennung').fill('eigen.schriftform');
    await page.getByLabel('Kategorie').selectOption('written-form');
    await page.getByLabel('Meldung').fill('Die Vorschrift verlangt die Schriftform.');
    await page.getByLabel('Muster, die treffen sollen').fill('\\bschriftlich(');
    await page.waitForFunction(() => document.querySelector('#f-match-error').textContent);
    check(/offset/.test(await page.textContent('#f-match-error')),
        'workshop: a broken pattern is shown at its field', await page.textContent('#f-match-error'));
    await page.screenshot({ path: path.join(outDir, 'workshop-error.png'), fullPage: true });
    await page.getByLabel('Muster, die treffen sollen').fill('\\bschriftlich\\w*');
    await page.getByLabel('Ausnahmen').fill('\\bschriftlich\\w*\\s+oder\\s+elektronisch');
    await page.getByLabel('Beispielsätze, die treffen müssen').fill('Der Antrag ist schriftlich zu stellen.');
    await page.getByLabel('Beispielsätze, die nicht treffen dürfen')
        .fill('Der Antrag ist schriftlich oder elektronisch zu stellen.');
    await page.waitForFunction(() => document.querySelectorAll('#examples li').length === 2 &&
        !document.querySelector('#f-match-error').textContent);
    const oks = await page.$$eval('#examples li', (l) => l.map((x) => x.dataset.ok));
    check(oks.every((x) => x === 'true'), 'workshop: both examples pass', oks.join(','));
    await page.getByRole('button', { name: 'Am Korpus ausprobieren' }).click();
    await page.waitForFunction(() => document.querySelector('#corpus-state').dataset.hits);
    const hits = Number(await page.getAttribute('#corpus-state', 'data-hits'));
    check(hits > 0 && await page.locator('#hits li').count() > 0,
        `workshop: the rule hits the corpus (${hits})`);
    await page.getByRole('button', { name: 'Regel speichern' }).click();
    await page.waitForFunction(() => document.querySelector('#save-state').textContent);
    const saved = path.join(recordsDir, 'regeln', 'eigen.schriftform.yaml');
    check(fs.existsSync(saved), 'workshop: the rule is saved', await page.textContent('#save-state'));
    const own = path.join(recordsDir, 'regeln');
    const tested = await runCheck(['test', own]);
    check(/^\d+ passed, 0 failed$/m.test(tested), 'workshop: digicheck test passes the saved rule set',
        tested);
    // the user's rule set extends the one served: its rules and the saved one
    const count = (out) => Number((/\((\d+) rules\)/.exec(out) || [])[1]);
    const served = count(await runCheck(['rules']));
    const extended = count(await runCheck(['rules', own]));
    check(served > 0 && extended === served + 1,
        `workshop: the saved rule set has the served rules and one more (${served}, ${extended})`);
    const head = fs.readFileSync(path.join(own, 'ruleset.yaml'), 'utf8');
    check(/^extends:\n  - "\/[^"]+"$/m.test(head) && !/^principles:/m.test(head),
        'workshop: the saved ruleset.yaml extends the served one instead of repeating it', head);
    await page.screenshot({ path: path.join(outDir, 'workshop.png'), fullPage: true });
    await axe(page, 'the workshop');
}

async function main() {
    fs.mkdirSync(outDir, { recursive: true });
    const { child, url } = await startServer();
    const base = url.replace(/\/\?t=.*/, '');
    const token = url.replace(/.*t=/, '');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'digicheck-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: 1280, height: 900 },
    });
    try {
        const page = await context.newPage();
        const offline = [];
        page.on('request', (r) => { if (!r.url().startsWith(base)) offline.push(r.url()); });
        await reviewPage(page, base, token);
        await brokenDraft(page, base, token);
        if (largeStatute)
            await largeUpload(page, base, token);
        await wordDraft(page, base, token);
        await workshop(page, base, token);
        check(offline.length === 0, 'nothing is loaded from outside the server', offline.join(' '));
    } catch (e) {
        check(false, 'the browser run', e.stack);
    } finally {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
    }
    const code = await new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', (c) => resolve(c));
        child.kill('SIGINT');
    });
    check(code === 0, 'Ctrl-C (SIGINT) ends the server with status 0', code);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

main();
