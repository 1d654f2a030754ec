#!/bin/sh
# i18n.sh BUILD BIN - tcpviz in Chinese. The catalogue: every message
# the sources mark translated, none fuzzy, msgfmt -c clean, the template
# in po/ the sources' own. In a zh_CN.UTF-8 locale: every --help and an
# error in Chinese within 80 cells; --lang over the locale both ways;
# the text diagram with the textbooks' terms (第一次握手 ... 第四次挥手)
# within 80 cells; JSON Lines the same bytes in both languages; the
# demo, a replay and a lesson on the screen at 80x24 and 120x36, every
# row within its width, columns and the status bar whole; a terminal
# that draws box lines two cells wide drawn for in ASCII.
set -u
. tests/lib.sh
build=$1
screen_suite i18n "$2" || exit 0
# A session that outlives the others: killing the last one would stop
# the tmux server just as the next one starts.
t new-session -d -s keep "sleep 3600"
zh="env LC_ALL=zh_CN.UTF-8"
en="env LC_ALL=C.UTF-8"
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	fail "no zh_CN.UTF-8 locale (make test makes it: tests/deps.sh test)"
	finish i18n
	exit 1
fi
# cjk FILE: some CJK character in it.
cat >"$tmp/cjk.py" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
sys.exit(0 if any("\u4e00" <= c <= "\u9fff" for c in text) else 1)
PY
cjk() { python3 "$tmp/cjk.py" "$1"; }

# The catalogue: the template made now from the sources is the one in
# po/ (make pot), and every message of it has its Chinese, none fuzzy.
flags="--from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=NG_:1,2 --keyword=P_:1c,2 --add-comments=TRANSLATORS --sort-by-file"
# shellcheck disable=SC2086
xgettext $flags -o "$tmp/now.pot" src/*.c 2>/dev/null
ids() { msgcat --no-location --no-wrap --sort-output "$1" 2>/dev/null | grep '^msg'; }
ids "$tmp/now.pot" >"$tmp/a"
ids po/tcpviz.pot >"$tmp/b"
check "po/tcpviz.pot is the sources' (make pot)" sh -c "[ \$(grep -c . '$tmp/a') -gt 300 ] && cmp -s '$tmp/a' '$tmp/b'"
msgmerge --quiet po/zh_CN.po "$tmp/now.pot" -o "$tmp/merged.po" 2>/dev/null
stats=$(msgfmt -c --statistics -o /dev/null "$tmp/merged.po" 2>&1)
check "zh_CN: every marked message translated, none fuzzy ($stats)" sh -c "echo '$stats' | grep -Eq '^[0-9]+ translated messages?\.\$'"
check "zh_CN: msgfmt -c clean" msgfmt -c -o /dev/null po/zh_CN.po

# Help and errors in Chinese, within 80 cells; --lang over the locale.
for cmd in "" demo lesson replay run; do
	# shellcheck disable=SC2086
	$zh "$bin" $cmd --help >"$tmp/help" 2>&1
	check "zh: tcpviz $cmd --help in Chinese, every line within 80 cells" sh -c "python3 tests/text_width.py 80 '$tmp/help' && python3 '$tmp/cjk.py' '$tmp/help'"
	# shellcheck disable=SC2086
	$en "$bin" --lang zh_CN $cmd --help >"$tmp/help2" 2>&1
	check "tcpviz --lang zh_CN $cmd --help: the same as in a zh_CN locale" cmp -s "$tmp/help" "$tmp/help2"
	# shellcheck disable=SC2086
	$zh "$bin" --lang en $cmd --help >"$tmp/help3" 2>&1
	# shellcheck disable=SC2086
	$en "$bin" $cmd --help >"$tmp/help4" 2>&1
	check "tcpviz --lang en $cmd --help in a zh_CN locale: English" cmp -s "$tmp/help3" "$tmp/help4"
done
$zh "$bin" replay /nonexistent.pcap >/dev/null 2>"$tmp/err"
rc=$?
check "zh: a missing file, one line in Chinese, status 2" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'nonexistent.pcap' '$tmp/err' && python3 '$tmp/cjk.py' '$tmp/err'"
$zh "$bin" replay --format png captures/01-handshake.pcap >/dev/null 2>"$tmp/err"
check "zh: an unknown format, one line naming the formats as they are" sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'text, jsonl, mermaid, svg, html' '$tmp/err'"

# Installed: `make install` puts the catalogue under PREFIX/share/locale,
# where the binary in PREFIX/bin finds it from any folder.
make -n install PREFIX=/usr DESTDIR=/nowhere >"$tmp/install" 2>/dev/null
check "make install installs the zh_CN catalogue" grep -q 'share/locale/.*LC_MESSAGES/tcpviz.mo' "$tmp/install"
mkdir -p "$tmp/pkg/bin" "$tmp/pkg/share/locale/zh_CN/LC_MESSAGES" "$tmp/away"
cp "$bin" "$tmp/pkg/bin/tcpviz"
cp build/locale/zh_CN/LC_MESSAGES/tcpviz.mo "$tmp/pkg/share/locale/zh_CN/LC_MESSAGES/"
(cd "$tmp/away" && env -u TCPVIZ_LOCALEDIR LC_ALL=zh_CN.UTF-8 "$tmp/pkg/bin/tcpviz" --help) >"$tmp/help" 2>&1
check "an installed tcpviz finds its catalogue from another folder" python3 "$tmp/cjk.py" "$tmp/help"

# The text diagram: the textbooks' terms, within 80 cells.
$zh "$bin" replay --text captures/03-teardown.pcap >"$tmp/03.txt" 2>&1
check "zh text: the handshake and the teardown numbered as textbooks do, within 80 cells" \
	python3 tests/text_width.py 80 "$tmp/03.txt" 第一次握手 第二次握手 第三次握手 第一次挥手 第二次挥手 第三次挥手 第四次挥手
check "zh text: state names as they are" sh -c "grep -q 'FIN_WAIT_2' '$tmp/03.txt' && grep -q 'TIME_WAIT' '$tmp/03.txt'"
$zh "$bin" replay --text captures/abort-rst.pcap >"$tmp/rst.txt" 2>&1
check "zh text: a capture without lessons, within 80 cells" python3 tests/text_width.py 80 "$tmp/rst.txt"

# Every lesson in Chinese: judged on the kernel as in English (status 0,
# the same numbers in its report), its text within 80 cells with the
# textbooks' words, every line of it translated (no English narration).
for f in lessons/[0-9][0-9]-*.lesson; do
	name=$(basename "$f" .lesson)
	$en "$bin" --lang en lesson "$name" --check --delay 0 >"$tmp/check.en" 2>&1
	en_rc=$?
	$zh "$bin" lesson "$name" --check --delay 0 >"$tmp/check.zh" 2>&1
	zh_rc=$?
	check "lesson $name --check in Chinese: status $zh_rc as in English ($en_rc), the same counts" sh -c "[ $zh_rc -eq 0 ] && [ $en_rc -eq 0 ] && [ \"\$(tail -n 1 '$tmp/check.en' | tr -cd '0-9')\" = \"\$(tail -n 1 '$tmp/check.zh' | tr -cd '0-9')\" ] && python3 '$tmp/cjk.py' '$tmp/check.zh'"
	$zh "$bin" lesson "$name" --replay --text >"$tmp/lesson.txt" 2>&1
	check "lesson $name --replay --text in Chinese: within 80 cells, its title Chinese" sh -c "python3 tests/text_width.py 80 '$tmp/lesson.txt' && head -n 1 '$tmp/lesson.txt' >'$tmp/title' && python3 '$tmp/cjk.py' '$tmp/title'"
done

# JSON Lines: the same bytes in both languages, for every capture.
for cap in captures/*.pcap captures/*.pcapng; do
	[ -f "$cap" ] || continue
	$en "$bin" replay --jsonl "$cap" >"$tmp/en.jsonl" 2>&1
	$zh "$bin" replay --jsonl "$cap" >"$tmp/zh.jsonl" 2>&1
	check "JSON Lines of $(basename "$cap"): the same bytes in Chinese" cmp -s "$tmp/en.jsonl" "$tmp/zh.jsonl"
done
# A lesson's recording replayed as the lesson: the same apart from the
# narration's words, which are the lesson's Chinese.
$en "$bin" lesson 03 --replay --jsonl >"$tmp/en.jsonl" 2>&1
$zh "$bin" lesson 03 --replay --jsonl >"$tmp/zh.jsonl" 2>&1
strip() { sed -E 's/("type":"narration".*"text":)"[^"]*("|$)/\1""/' "$1"; }
strip "$tmp/en.jsonl" >"$tmp/a"
strip "$tmp/zh.jsonl" >"$tmp/b"
check "lesson 03 --replay, JSON Lines: the same apart from the narration's words" sh -c "cmp -s '$tmp/a' '$tmp/b' && ! cmp -s '$tmp/en.jsonl' '$tmp/zh.jsonl'"

# The screen in Chinese: the demo, a replay and a lesson, at 80x24 and
# 120x36, each row within its width, the status bar whole.
for size in 80x24 120x36; do
	w=${size%x*}
	h=${size#*x}
	t kill-session -t s 2>/dev/null
	t -u new-session -d -s s -x "$w" -y "$h" \
		"env LC_ALL=zh_CN.UTF-8 '$bin' replay captures/echo-client-closes.pcap; echo EXIT=\$?; sleep 30"
	sleep 1
	keys Down Down Down Enter
	screen >"$tmp/screen"
	check "zh screen $size: replay with its details, every row within $w cells, the timeline whole" \
		python3 tests/screen_check.py "$w" "$h" --rule 详情 --timeline <"$tmp/screen"
	check "zh screen $size: the details in Chinese" cjk "$tmp/screen"
	keys '?'
	screen >"$tmp/screen"
	check "zh screen $size: the help in Chinese, within $w cells" sh -c "python3 tests/screen_check.py '$w' '$h' <'$tmp/screen' && python3 '$tmp/cjk.py' '$tmp/screen'"
	keys q q
	check "zh screen $size: q quits with status 0" wait_for "EXIT=0"
	t kill-session -t s 2>/dev/null
	t -u new-session -d -s s -x "$w" -y "$h" \
		"env LC_ALL=zh_CN.UTF-8 '$bin' lesson 03 --replay; echo EXIT=\$?; sleep 30"
	sleep 1
	for _ in 1 2 3 4 5 6 7 8 9 10; do keys Space; done
	screen >"$tmp/screen"
	if [ "$w" -ge 120 ]; then pane="--bar 80"; else pane="--rule 讲解"; fi
	check "zh screen $size: lesson 03 after ten steps, every row within $w cells, the timeline whole" \
		python3 tests/screen_check.py "$w" "$h" $pane --timeline <"$tmp/screen"
	check "zh screen $size: the lesson's words and the teardown's in Chinese" sh -c "grep -q '挥手' '$tmp/screen'"
	keys q
	check "zh screen $size: lesson q quits with status 0" wait_for "EXIT=0"
	# The live demo, as an ordinary user would run it.
	t kill-session -t s 2>/dev/null
	t -u new-session -d -s s -x "$w" -y "$h" \
		"env LC_ALL=zh_CN.UTF-8 '$bin' demo --delay 200; echo EXIT=\$?; sleep 30"
	wait_for 第三次握手
	sleep 1
	screen >"$tmp/screen"
	check "zh screen $size: the demo, every row within $w cells, in Chinese" \
		sh -c "python3 tests/screen_check.py '$w' '$h' <'$tmp/screen' && python3 '$tmp/cjk.py' '$tmp/screen' && grep -q '第一次握手' '$tmp/screen'"
	keys q
	check "zh screen $size: the demo, q quits with status 0" wait_for "EXIT=0"
done

# Every lesson's screen in Chinese at both sizes, stepped to its end:
# every row within the width, the pane and status bar whole.
for f in lessons/[0-9][0-9]-*.lesson; do
	name=$(basename "$f" .lesson)
	steps=$(grep -c '^step ' "$f")
	for size in 80x24 120x36; do
		w=${size%x*}
		h=${size#*x}
		if [ "$w" -ge 120 ]; then pane="--bar 80"; else pane="--rule 讲解"; fi
		t kill-session -t s 2>/dev/null
		t -u new-session -d -s s -x "$w" -y "$h" \
			"env LC_ALL=zh_CN.UTF-8 '$bin' lesson $name --replay; echo EXIT=\$?; sleep 30"
		sleep 0.5
		i=0
		while [ $i -lt "$steps" ]; do
			t send-keys -t s Space
			i=$((i + 1))
		done
		sleep 0.8
		screen >"$tmp/screen"
		check "zh screen $size: lesson $name at its end, whole" \
			sh -c "python3 tests/screen_check.py '$w' '$h' $pane --timeline <'$tmp/screen' && python3 '$tmp/cjk.py' '$tmp/screen'"
		keys q
	done
done

# The exports in Chinese, in the browser: the drawing's words apart and
# inside it (CJK text measured by the browser's fonts), the page stepped
# through with its keys; screenshots in BUILD/exports/zh/.
modules=build/node/node_modules
if [ -f "$modules/puppeteer-core/package.json" ] && command -v chromium >/dev/null 2>&1; then
	mkdir -p "$build/exports/zh"
	for cap in 03-teardown 09-backlog; do
		$zh "$bin" replay --format svg "captures/$cap.pcap" >"$tmp/$cap.svg" 2>/dev/null
		$zh "$bin" lesson "${cap%%-*}" --replay --format html >"$tmp/$cap.html" 2>/dev/null
	done
	$zh "$bin" replay --format svg captures/echo-client-closes.pcap >"$tmp/echo.svg" 2>/dev/null
	$zh "$bin" replay --format html captures/echo-client-closes.pcap >"$tmp/echo.html" 2>/dev/null
	node tests/browser/svg_render.js "$modules" "$build/exports/zh/svg.png" \
		"$tmp/03-teardown.svg" "$tmp/09-backlog.svg" "$tmp/echo.svg" >"$tmp/render" 2>&1
	node tests/browser/html_page.js "$modules" "$build/exports/zh" \
		"$tmp/03-teardown.html" "$tmp/09-backlog.html" "$tmp/echo.html" >>"$tmp/render" 2>&1
	grep -v '^svg:\|^html:' "$tmp/render"
	passed=$((passed + $(grep -c '^ok - ' "$tmp/render")))
	failed=$((failed + $(grep -c '^FAIL' "$tmp/render")))
else
	fail "the browser tests' packages are missing (make test installs them: tests/deps.sh test)"
fi

# A terminal that draws the box lines two cells wide: the screen asks
# it and draws in ASCII.
python3 tests/ambiwidth.py "$bin" captures/03-teardown.pcap >"$tmp/amb" 2>&1
cat "$tmp/amb" | grep -v '^ambiwidth:'
passed=$((passed + $(grep -c '^ok - ' "$tmp/amb")))
failed=$((failed + $(grep -c '^FAIL' "$tmp/amb")))

finish i18n
