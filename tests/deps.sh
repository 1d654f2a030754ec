#!/bin/sh
# deps.sh build|test|lint|valgrind|fuzz|bench - install what a fresh Debian
# or Ubuntu machine lacks to build tcpviz (build), or to run its tests
# (test), or the benchmark beside tcpdump and tshark (bench).
#
# Uses apt-get as root, else sudo; where neither works, prints the exact
# command to run and fails. Installs nothing that is already there.
set -u
what=${1:-build}
need=""

have_pc() { pkg-config --exists "$1" 2>/dev/null; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }

have_cmd cc || need="$need gcc"
have_cmd pkg-config || need="$need pkg-config"
have_pc libpcap || need="$need libpcap-dev"
have_pc ncursesw || need="$need libncurses-dev"
# The message catalogues (po/) are compiled by msgfmt.
have_cmd msgfmt || need="$need gettext"
# Lesson 23 holds its segments in a netfilter queue (src/wirehold.c),
# set up by iptables in the lesson's own network namespace.
[ -x /usr/sbin/iptables-legacy ] || have_cmd iptables-legacy || need="$need iptables"
if [ "$what" = lint ]; then
	have_cmd cppcheck || need="$need cppcheck"
fi
if [ "$what" = valgrind ]; then
	have_pc cmocka || need="$need libcmocka-dev"
	have_cmd python3 || need="$need python3"
	have_cmd valgrind || need="$need valgrind"
	have_cmd pkill || need="$need procps" # stops a demo under valgrind
fi
if [ "$what" = fuzz ]; then
	# libFuzzer comes with clang; the seeds are cut by a Python script.
	have_cmd clang || need="$need clang"
	have_cmd python3 || need="$need python3"
fi
if [ "$what" = bench ]; then
	# The reference tools, and GNU time for peak memory.
	have_cmd tshark || need="$need tshark"
	have_cmd tcpdump || need="$need tcpdump"
	have_cmd strace || need="$need strace" # beside tcpviz run
	[ -x /usr/bin/time ] || need="$need time"
fi
if [ "$what" = test ]; then
	have_pc cmocka || need="$need libcmocka-dev"
	have_cmd python3 || need="$need python3"
	# tshark is the reference the replay is compared with, field by field.
	have_cmd tshark || need="$need tshark"
	# The screen is tested as a person would use it, in tmux.
	have_cmd tmux || need="$need tmux"
	# The fault tests find and signal tcpviz by its command line.
	have_cmd pgrep || need="$need procps"
	# The exports are checked by real renderers: a headless browser
	# driven from Node.js (Mermaid's own library draws the diagrams).
	have_cmd chromium || need="$need chromium"
	have_cmd node || need="$need nodejs"
	have_cmd npm || need="$need npm"
	have_cmd xmllint || need="$need libxml2-utils"
	[ -d /usr/share/fonts/opentype/noto ] || need="$need fonts-noto-cjk"
	# The Chinese interface is tested in a zh_CN.UTF-8 locale, made
	# from the locales package's definitions.
	[ -f /usr/share/i18n/locales/zh_CN ] || need="$need locales"
	have_cmd xgettext || need="$need gettext"
fi

# The zh_CN.UTF-8 locale the Chinese tests run in (root makes it once).
zh_locale() {
	[ "$what" = test ] || return 0
	locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && return 0
	echo "tcpviz: generating the zh_CN.UTF-8 locale for the Chinese tests"
	if [ "$(id -u)" = 0 ]; then
		localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
	else
		echo "tcpviz: cannot make the zh_CN.UTF-8 locale without root; run: sudo localedef -i zh_CN -f UTF-8 zh_CN.UTF-8" >&2
		exit 1
	fi
}

# The npm packages the browser tests use, in build/node (pinned).
NODE_PKGS="puppeteer-core@24.43.1 mermaid@11.17.2"
node_deps() {
	[ "$what" = test ] || return 0
	[ -f build/node/node_modules/mermaid/dist/mermaid.min.js ] &&
		[ -f build/node/node_modules/puppeteer-core/package.json ] &&
		return 0
	echo "tcpviz: installing the browser tests' npm packages into build/node"
	mkdir -p build/node
	# shellcheck disable=SC2086
	npm install --prefix build/node --no-audit --no-fund --no-save \
		$NODE_PKGS >/dev/null 2>&1 || {
		echo "tcpviz: npm install failed; run: npm install --prefix build/node $NODE_PKGS" >&2
		exit 1
	}
}

if [ -z "$need" ]; then
	node_deps
	zh_locale
	exit 0
fi

echo "tcpviz: installing missing dependencies:$need"
if [ "$(id -u)" = 0 ]; then
	run=""
elif have_cmd sudo && sudo -n true 2>/dev/null; then
	run="sudo"
else
	echo "tcpviz: cannot install them without root; run:" >&2
	echo "  sudo apt-get install -y$need" >&2
	exit 1
fi
if ! have_cmd apt-get; then
	echo "tcpviz: no apt-get here; install these with your package manager:$need" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$run apt-get install -y -q $need >/dev/null 2>&1 || {
	$run apt-get update -q >/dev/null 2>&1
	$run apt-get install -y -q $need || {
		echo "tcpviz: installing$need failed; run: sudo apt-get install -y$need" >&2
		exit 1
	}
}
node_deps
zh_locale
