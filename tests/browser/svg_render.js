// svg_render.js NODE_MODULES SHOT.png FILE.svg... - each SVG drawing
// opened in a real browser (Debian's chromium, headless, driven by
// puppeteer-core): it loads with no console error and no network
// request, every word is a <text> inside the drawing, and no two words
// overlap. Prints "ok - NAME" or "FAIL: NAME: why" lines; the first
// drawing is left as SHOT.png for a person to look at. Exits 1 when any
// failed.
'use strict';
const path = require('path');
const [rel, shot, ...files] = process.argv.slice(2);
const puppeteer = require(path.join(path.resolve(rel), 'puppeteer-core'));

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
	let first = true;
	for (const file of files) {
		const name = path.basename(file);
		const page = await browser.newPage();
		const errors = [], requests = [];
		const url = 'file://' + path.resolve(file);
		page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
		page.on('pageerror', e => errors.push(String(e)));
		await page.setRequestInterception(true);
		page.on('request', r => {
			if (r.url() === url) {
				r.continue();
				return;
			}
			requests.push(r.url());
			r.abort();
		});
		await page.goto(url, {waitUntil: 'load'});
		const r = await page.evaluate(() => {
			const svg = document.querySelector('svg');
			if (!svg)
				return {ok: false};
			const w = Number(svg.getAttribute('width'));
			const h = Number(svg.getAttribute('height'));
			const boxes = [];
			let outside = [];
			for (const t of svg.querySelectorAll('text')) {
				const b = t.getBBox();
				const label = t.textContent.slice(0, 40);
				if (b.width === 0)
					continue;
				if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > w + 0.5 || b.y + b.height > h + 0.5)
					outside.push(label);
				// the ink of a line, a little inside its box
				boxes.push({x: b.x + 1, y: b.y + 3, r: b.x + b.width - 1, b: b.y + b.height - 3, label});
			}
			boxes.sort((a, b) => a.y - b.y);
			const overlaps = [];
			for (let i = 0; i < boxes.length; i++)
				for (let k = i + 1; k < boxes.length && boxes[k].y < boxes[i].b; k++) {
					const a = boxes[i], c = boxes[k];
					if (a.x < c.r && c.x < a.r)
						overlaps.push(a.label + ' / ' + c.label);
				}
			return {ok: true, w, h, texts: boxes.length, outside, overlaps};
		});
		check(name + ': an SVG the browser draws', r.ok, 'no <svg> element');
		if (!r.ok)
			continue;
		check(name + ': words as <text>', r.texts > 0, 'no text');
		check(name + ': every word inside the drawing', r.outside.length === 0,
		      r.outside.slice(0, 3).join(' | '));
		check(name + ': no two words overlap', r.overlaps.length === 0,
		      r.overlaps.length + ': ' + r.overlaps.slice(0, 3).join(' | '));
		check(name + ': no console error', errors.length === 0, errors.join(' | '));
		check(name + ': no network request', requests.length === 0, requests.join(' '));
		if (first) {
			await page.setViewport({width: Math.min(r.w, 2000), height: Math.min(r.h, 2400)});
			await page.screenshot({path: shot});
			first = false;
		}
		await page.close();
	}
	await browser.close();
	console.log('svg: ' + passed + ' passed, ' + failed + ' failed');
	process.exit(failed ? 1 : 0);
})().catch(e => {
	console.log('FAIL: svg_render.js: ' + e);
	process.exit(1);
});
