// mermaid_render.js NODE_MODULES SHOT.png FILE.mmd... - each diagram
// parsed and drawn by Mermaid's own library in a real browser (Debian's
// chromium, headless, driven by puppeteer-core): no parse error, an SVG
// with one message line per segment and call written, no console error,
// no network request. Prints "ok - NAME" or "FAIL: NAME: why" lines and
// a summary; a screenshot of the first diagram goes to SHOT.png for a
// person to look at. Exits 1 when any failed.
'use strict';
const fs = require('fs');
const path = require('path');
const [rel, shot, ...files] = process.argv.slice(2);
const modules = path.resolve(rel);
const puppeteer = require(path.join(modules, 'puppeteer-core'));
const mermaidJs = fs.readFileSync(
    path.join(modules, 'mermaid', 'dist', 'mermaid.min.js'), 'utf8');

let passed = 0, failed = 0;
function check(name, ok, why) {
	if (ok) {
		passed++;
		console.log('ok - ' + name);
	} else {
		failed++;
		console.log('FAIL: ' + name + ': ' + why);
	}
}

(async () => {
	const browser = await puppeteer.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
		       '--no-first-run', '--disable-background-networking',
		       '--disable-component-update', '--disable-sync'],
	});
	const page = await browser.newPage();
	const errors = [], requests = [];
	page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
	page.on('pageerror', e => errors.push(String(e)));
	await page.setRequestInterception(true);
	page.on('request', r => {
		if (r.url().startsWith('data:') || r.url() === 'about:blank') {
			r.continue();
			return;
		}
		requests.push(r.url());
		r.abort();
	});
	await page.setViewport({width: 1200, height: 900});
	await page.setContent('<!doctype html><meta charset="utf-8"><body><div id="out"></div></body>');
	await page.addScriptTag({content: mermaidJs});
	await page.evaluate(() => mermaid.initialize({startOnLoad: false}));
	let first = true;
	for (const file of files) {
		const name = path.basename(file);
		const text = fs.readFileSync(file, 'utf8');
		const want = text.split('\n').filter(l => /^\s+\w+--?>>\w+:/.test(l)).length;
		const r = await page.evaluate(async (t) => {
			try {
				await mermaid.parse(t);
				const {svg} = await mermaid.render('d' + Math.floor(Math.random() * 1e9), t);
				document.getElementById('out').innerHTML = svg;
				const lines = document.querySelectorAll('#out svg .messageLine0, #out svg .messageLine1').length;
				return {ok: true, lines, bytes: svg.length};
			} catch (e) {
				return {ok: false, why: String(e && e.message || e).slice(0, 300)};
			}
		}, text);
		if (!r.ok) {
			check(name + ': parsed and drawn by Mermaid', false, r.why);
			continue;
		}
		check(name + ': parsed and drawn by Mermaid', true);
		check(name + ': one message drawn per message written', r.lines === want,
		      'drawn ' + r.lines + ', written ' + want);
		if (first) {
			const el = await page.$('#out svg');
			await el.screenshot({path: shot});
			first = false;
		}
	}
	check('no console error', errors.length === 0, errors.slice(0, 3).join(' | '));
	check('no network request', requests.length === 0, requests.slice(0, 3).join(' '));
	await browser.close();
	console.log('mermaid: ' + passed + ' passed, ' + failed + ' failed, 0 skipped');
	process.exit(failed ? 1 : 0);
})().catch(e => {
	console.log('FAIL: the browser: ' + e);
	console.log('mermaid: ' + passed + ' passed, ' + (failed + 1) + ' failed, 0 skipped');
	process.exit(1);
});
