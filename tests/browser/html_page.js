// html_page.js NODE_MODULES SHOTS_DIR FILE.html... - each page opened
// from disk in a real browser (Debian's chromium, headless, driven by
// puppeteer-core) as a student would open it offline: it loads with no
// console error and no network request; Space and n show more, b shows
// less; j selects a row and the detail pane says what it is; a click on
// a segment shows its details; a lesson's question is shown before its
// answer; on a phone's width nothing spills out of the page; large type
// makes the panes' words larger. Screenshots (PNG) of the first page, at
// a projector's size, a phone's and in large type, go to SHOTS_DIR for
// a person to look at. Prints "ok - ..." or "FAIL: ..." lines; exits 1
// when any failed.
'use strict';
const path = require('path');
const [rel, shots, ...files] = process.argv.slice(2);
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

const state = () => ({
	status: document.getElementById('status').textContent,
	shown: document.querySelectorAll('#diagram g.r:not(.hidden)').length,
	rows: document.querySelectorAll('#diagram g.r').length,
	selected: document.querySelectorAll('#diagram g.r.sel').length,
	detail: document.querySelector('#detail .words').textContent,
	lesson: document.querySelector('#lesson .words') ?
		document.querySelector('#lesson .words').textContent : null,
	// every visible word on the page but the hidden rows' and bands'
	page: Array.from(document.querySelectorAll('#panes, #diagram g.r:not(.hidden), #diagram g.band:not(.hidden)'))
		.map(e => e.textContent).join(' '),
});

async function open(browser, file, viewport) {
	const page = await browser.newPage();
	const url = 'file://' + path.resolve(file);
	const errors = [], requests = [];
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
	await page.setViewport(viewport);
	await page.goto(url, {waitUntil: 'load'});
	return {page, errors, requests};
}

async function pageChecks(browser, file, first) {
	const name = path.basename(file);
	const {page, errors, requests} = await open(browser, file, {width: 1920, height: 1080});
	const s0 = await page.evaluate(state);
	check(name + ': rows drawn', s0.rows > 0, 'no row');
	const lessonPage = s0.lesson !== null;
	await page.keyboard.press('Space');
	const s1 = await page.evaluate(state);
	check(name + ': Space shows more', s1.shown > s0.shown, s0.shown + ' then ' + s1.shown);
	check(name + ': the status says where', s1.status !== s0.status, s1.status);
	await page.keyboard.press('n');
	const s2 = await page.evaluate(state);
	check(name + ': n shows more', s2.shown > s1.shown || s2.shown === s2.rows, s1.shown + ' then ' + s2.shown);
	await page.keyboard.press('b');
	const s3 = await page.evaluate(state);
	check(name + ': b shows less', s3.shown < s2.shown, s2.shown + ' then ' + s3.shown);
	await page.keyboard.press('End');
	const s4 = await page.evaluate(state);
	check(name + ': End shows every row', s4.shown === s4.rows, s4.shown + ' of ' + s4.rows);
	await page.keyboard.press('Home');
	const s5 = await page.evaluate(state);
	check(name + ': Home goes back to the start', s5.shown === s0.shown, s5.shown + ' not ' + s0.shown);
	if (lessonPage) {
		// Space up to a step's question: asked, its answer not shown;
		// one more Space runs the step and shows it.
		let s = s5, asked = false;
		for (let i = 0; i < s5.rows && s.shown < s.rows; i++) {
			if (/(Before step \d+:|第 \d+ 步之前：)/.test(s.lesson) && /(Q: |问：)/.test(s.lesson)) {
				asked = true;
				break;
			}
			await page.keyboard.press('Space');
			s = await page.evaluate(state);
		}
		check(name + ': a question shown before its step runs', asked, 'none asked');
		if (asked) {
			check(name + ': its answer shown nowhere yet', !/(A: |答：)/.test(s.page), 'an answer is shown');
			await page.keyboard.press('Space');
			const a = await page.evaluate(state);
			check(name + ': Space runs the step and shows the answer', /(A: |答：)/.test(a.lesson),
			      'lesson pane "' + a.lesson.slice(0, 80) + '"');
		}
	}
	await page.keyboard.press('End');
	// j and k move the selection; the detail pane follows.
	await page.keyboard.press('Home');
	await page.keyboard.press('End');
	await page.keyboard.press('k');
	const s7 = await page.evaluate(state);
	check(name + ': k selects a row and its details show', s7.selected === 1 && s7.detail.length > 20, s7.detail.slice(0, 60));
	// A click on a segment: its frame, numbers and what it does.
	const clicked = await page.evaluate(() => {
		const g = document.querySelector('#diagram g.r.seg');
		if (!g)
			return null;
		const b = g.querySelector('rect.hit').getBoundingClientRect();
		g.scrollIntoView({block: 'center', inline: 'center'});
		const c = g.querySelector('rect.hit').getBoundingClientRect();
		return {x: c.x + c.width / 2, y: c.y + c.height / 2, w: b.width};
	});
	if (clicked) {
		await page.mouse.click(clicked.x, clicked.y);
		const s8 = await page.evaluate(state);
		check(name + ': a click on a segment shows its details', /^(frame \d+|第 \d+ 帧)/.test(s8.detail) && /(seq |序列号)/.test(s8.detail),
		      s8.detail.slice(0, 80));
	}
	check(name + ': no console error', errors.length === 0, errors.join(' | '));
	check(name + ': no network request', requests.length === 0, requests.join(' '));
	if (first) {
		await page.keyboard.press('Home');
		for (let i = 0; i < 6; i++)
			await page.keyboard.press('Space');
		await page.screenshot({path: path.join(shots, 'html-projector.png')});
		await page.keyboard.press('+');
		const big = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#panes')).fontSize));
		check(name + ': + gives large type', big >= 20, big + 'px');
		await page.screenshot({path: path.join(shots, 'html-large.png')});
	}
	await page.close();
	// A phone: the page is as wide as the screen, the diagram scrolls
	// inside it.
	const phone = await open(browser, file, {width: 390, height: 844, isMobile: true, hasTouch: true});
	await phone.page.keyboard.press('End');
	const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
	check(name + ': on a phone nothing is wider than the screen', wide <= 391, wide + 'px');
	if (first)
		await phone.page.screenshot({path: path.join(shots, 'html-phone.png'), fullPage: false});
	check(name + ': on a phone, no console error', phone.errors.length === 0, phone.errors.join(' | '));
	await phone.page.close();
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
		await pageChecks(browser, file, first);
		first = false;
	}
	await browser.close();
	console.log('html: ' + passed + ' passed, ' + failed + ' failed');
	process.exit(failed ? 1 : 0);
})().catch(e => {
	console.log('FAIL: html_page.js: ' + e);
	process.exit(1);
});
