/* The HTML page of tcpviz (render_html.c): step through the diagram
 * with the screen's keys, and show the detail pane's words for the row
 * selected. Rows are groups g.r numbered by data-i in time order; the
 * data (rows' places, steps and words, a lesson's words) is the JSON
 * in #tcpviz-data. Without this script every row stays shown. */
(function () {
	'use strict';
	var data = JSON.parse(document.getElementById('tcpviz-data').textContent);
	var rows = Array.prototype.slice.call(document.querySelectorAll('#diagram g.r'));
	var bars = Array.prototype.slice.call(document.querySelectorAll('#diagram rect.bar'));
	var bands = Array.prototype.slice.call(document.querySelectorAll('#diagram g.band'));
	var durs = Array.prototype.slice.call(document.querySelectorAll('#diagram text.dur'));
	var svg = document.querySelector('#diagram svg');
	var status = document.getElementById('status');
	var detail = document.querySelector('#detail .words');
	var lesson = document.querySelector('#lesson .words');
	var n = data.rows.length;
	var lessonMode = data.lesson !== null && data.steps > 0;

	/* Where Space stops: after each row, or in a lesson after each
	 * step (and first before the first step). */
	var stops = [];
	if (lessonMode) {
		var last = -1;
		for (var i = 0; i < n; i++) {
			if (data.rows[i].s !== last) {
				if (stops.length === 0 || stops[stops.length - 1] !== i)
					stops.push(i);
				last = data.rows[i].s;
			}
		}
		if (stops.length === 0 || stops[stops.length - 1] !== n)
			stops.push(n);
		if (stops[0] !== 0 && data.rows.length && data.rows[0].s >= 0)
			stops.unshift(0);
	} else {
		for (var k = 0; k <= n; k++)
			stops.push(k);
	}
	var stop = 0;        /* index into stops */
	var shown = stops[0]; /* rows shown: 0 .. shown-1 */
	var selected = -1;

	function para(list, into) {
		into.textContent = '';
		list.forEach(function (p) {
			var e = document.createElement('p');
			e.textContent = p[0];
			if (p[1])
				e.className = 'bold';
			into.appendChild(e);
		});
	}

	function newestStep() {
		return shown > 0 ? data.rows[shown - 1].s : -1;
	}

	function drawLesson() {
		if (!lesson)
			return;
		var newest = newestStep();
		var s = selected >= 0 ? data.rows[selected].s : newest;
		var words = s === newest ? data.lesson.newest : data.lesson.older;
		para(words[s + 1] || [], lesson);
	}

	function drawBars() {
		var bottom = shown > 0 ? data.rows[shown - 1].y + data.rows[shown - 1].h : 0;
		bars.forEach(function (b) {
			var from = Number(b.getAttribute('data-from'));
			var to = Number(b.getAttribute('data-to'));
			var full = Number(b.getAttribute('data-h'));
			var y = Number(b.getAttribute('y'));
			if (from >= shown) {
				b.classList.add('hidden');
				return;
			}
			b.classList.remove('hidden');
			var h = to >= 0 && to < shown ? full : Math.min(full, bottom - y);
			b.setAttribute('height', String(Math.max(h, 2)));
		});
		/* How long a call blocked: once it has returned. */
		durs.forEach(function (t) {
			var to = Number(t.getAttribute('data-to'));
			var from = Number(t.getAttribute('data-from'));
			t.classList.toggle('hidden', to >= 0 ? to >= shown : from >= shown);
		});
	}

	/* Only the rows whose state changed are touched: a page holds up
	 * to 20,000. */
	var drawnShown = n, drawnSelected = -1;
	function draw() {
		var lo = Math.min(shown, drawnShown), hi = Math.max(shown, drawnShown);
		for (var i = lo; i < hi; i++)
			rows[i].classList.toggle('hidden', i >= shown);
		if (drawnSelected >= 0)
			rows[drawnSelected].classList.remove('sel');
		if (selected >= 0)
			rows[selected].classList.add('sel');
		drawnShown = shown;
		drawnSelected = selected;
		var newest = newestStep();
		bands.forEach(function (b) {
			b.classList.toggle('hidden', Number(b.getAttribute('data-step')) > newest);
		});
		drawBars();
		drawLesson();
		if (selected >= 0)
			para(data.rows[selected].d, detail);
		var w = data.words;
		var text = w.row.replace('{row}', shown).replace('{rows}', n);
		if (lessonMode)
			text += w.step.replace('{step}', newest + 1).replace('{steps}', data.steps);
		if (shown < n)
			text += w.next;
		status.textContent = text;
	}

	/* The row in view, below the sticky bar of keys. */
	function scrollTo(i) {
		if (i < 0 || !rows[i])
			return;
		var r = rows[i].getBoundingClientRect();
		var top = document.querySelector('header').getBoundingClientRect().bottom + 8;
		var panes = document.getElementById('panes');
		var bottom = getComputedStyle(panes).position === 'fixed' ?
			panes.getBoundingClientRect().top : window.innerHeight;
		if (r.top < top)
			window.scrollBy(0, r.top - top);
		else if (r.bottom > bottom - 8)
			window.scrollBy(0, r.bottom - bottom + 8);
	}

	function go(to) {
		stop = Math.max(0, Math.min(stops.length - 1, to));
		shown = stops[stop];
		selected = shown - 1;
		draw();
		if (selected < 0)
			window.scrollTo(0, 0);
		else
			scrollTo(selected);
	}

	function select(i) {
		if (i < 0 || i >= shown)
			return;
		selected = i;
		draw();
		scrollTo(i);
	}

	function large(on) {
		document.body.classList.toggle('large', on);
		var w = Number(svg.getAttribute('width'));
		svg.style.width = on ? (w * 1.4) + 'px' : '';
		if (!on)
			fit();
	}

	var actions = {
		' ': function () { go(stop + 1); },
		'n': function () { go(stop + 1); },
		'b': function () { go(stop - 1); },
		'p': function () { go(stop - 1); },
		'j': function () { select(selected + 1); },
		'ArrowDown': function () { select(selected + 1); },
		'k': function () { select(selected - 1); },
		'ArrowUp': function () { select(selected - 1); },
		'Home': function () { go(0); },
		'End': function () { go(stops.length - 1); },
		'+': function () { large(true); },
		'-': function () { large(false); }
	};

	document.addEventListener('keydown', function (e) {
		if (e.ctrlKey || e.metaKey || e.altKey)
			return;
		var act = actions[e.key];
		if (!act)
			return;
		e.preventDefault();
		act();
	});
	document.querySelectorAll('#keys button').forEach(function (b) {
		b.addEventListener('click', function () {
			var act = actions[b.getAttribute('data-key')];
			if (act)
				act();
			b.blur();
		});
	});
	svg.addEventListener('click', function (e) {
		var g = e.target.closest ? e.target.closest('g.r') : null;
		if (g)
			select(Number(g.getAttribute('data-i')));
	});
	/* A drawing wider than its column (a phone): as large as shows
	 * both lifelines, the wire in view; the rest a swipe away. */
	var box = document.getElementById('diagram');
	function fit() {
		var w = Number(svg.getAttribute('width'));
		if (document.body.classList.contains('large') || box.clientWidth >= 900) {
			if (!document.body.classList.contains('large'))
				svg.style.width = '';
			return;
		}
		var scale = Math.min(1, box.clientWidth / (data.right - data.left + 140));
		svg.style.width = (w * scale) + 'px';
		box.scrollLeft = (data.left + data.right) / 2 * scale - box.clientWidth / 2;
	}
	window.addEventListener('resize', fit);
	fit();
	go(0);
}());
