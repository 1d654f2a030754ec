# tcpviz - TCP handshake and teardown teaching visualizer.
#
#   make            build ./tcpviz
#   make demo       install missing build dependencies, build, run the demo
#   make test       install missing dependencies, build, run every test
#   make bench      generate a 2-million-segment capture and time the replay
#   make install    PREFIX=/usr/local DESTDIR= (binary and man page)
#   make SANITIZE=address,undefined test    the suite under sanitizers
#   make fuzz       libFuzzer on each target for FUZZ_SECONDS (default 60)
#   make valgrind   the unit tests, the replays and a demo under valgrind
#   make programs   the test programs that `tcpviz run` traces
#   make format | lint | clean

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config

WARN := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla
# CI builds treat warnings as errors; so does `make WERROR=1`.
ifneq ($(filter true 1,$(CI) $(WERROR)),)
WARN += -Werror
endif

SANITIZE ?=
ifneq ($(SANITIZE),)
BUILD := build/san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
BIN := $(BUILD)/tcpviz
else
BUILD := build/default
SANFLAGS :=
BIN := tcpviz
endif

# Libraries are found with pkg-config; `make deps` installs what is missing.
PKGS := libpcap ncursesw
TEST_PKGS := cmocka
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -DTCPVIZ_VERSION='"$(VERSION)"' \
	-DTCPVIZ_LESSONS_DIR='"$(PREFIX)/share/tcpviz/lessons"' \
	-DTCPVIZ_LOCALE_DIR='"$(PREFIX)/share/locale"' \
	$(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

# The pure core: no I/O, no libpcap, no ncurses. Tests link it directly.
# Every output format is a src/render_*.c (and a line in src/views.c).
CORE_SRCS := src/util.c src/spsc.c src/view_async.c src/decode.c \
	src/tcpopt.c src/tcpstate.c src/conntrack.c src/endshow.c \
	src/outbuf.c src/payload.c $(sort $(wildcard src/render_*.c)) \
	src/explain.c src/utf8.c src/grid.c src/screen.c src/panel.c \
	src/ui_text.c src/ui_timeline.c src/ui_detail.c src/ui_lesson.c \
	src/ui_help.c src/ui_picker.c src/ui_status.c \
	src/event.c src/eventfile.c src/chunks.c src/timeline.c src/layout.c \
	src/inputline.c \
	src/keys.c \
	src/lesson.c src/lessonstep.c src/lessonword.c src/lessonlang.c src/lessontext.c src/lessonrun.c src/session.c \
	src/views.c src/syscalls.c src/tracetext.c \
	src/diagram.c src/diagram_svg.c
# The shell: command line, libpcap, files.
SHELL_SRCS := src/main.c src/pcapsrc.c src/pcapread.c src/replay.c src/streamstore.c \
	src/fdsink.c src/ui.c src/lessonfile.c src/lessonplay.c \
	src/livecap.c src/netns.c src/kstate.c src/actors.c src/sockaddr.c src/demo.c \
	src/lessonnet.c src/wirehold.c \
	src/stopsig.c src/tracer.c src/tracesrc.c src/procsock.c src/run.c \
	src/selfpath.c src/i18n.c

# The HTML page's style and script (src/html/), built in as C strings.
HTML_PARTS := src/html/page.css src/html/page.js
CORE_OBJS := $(CORE_SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/html_page.o

# Translations (po/): po/tcpviz.pot is made by xgettext from every
# source (`make pot`), each language's po/LL.po brought up to it by
# `make update-po`, and compiled (msgfmt -c) into build/locale/, where a
# build run from its tree finds it (src/i18n.c); `make install` puts it
# under PREFIX/share/locale.
LINGUAS := $(shell cat po/LINGUAS 2>/dev/null)
LOCALE := build/locale
MO_FILES := $(LINGUAS:%=$(LOCALE)/%/LC_MESSAGES/tcpviz.mo)
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=NG_:1,2 --keyword=P_:1c,2 --add-comments=TRANSLATORS --package-name=tcpviz \
	--package-version=$(VERSION) --msgid-bugs-address= --sort-by-file
SHELL_OBJS := $(SHELL_SRCS:src/%.c=$(BUILD)/%.o)

UNIT_TESTS := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
UNIT_BINS := $(UNIT_TESTS:%=$(BUILD)/%)

.PHONY: all deps deps-test demo test unit-tests bench golden captures install uninstall \
	pot update-po \
	fuzz fuzz-drivers valgrind programs \
	format lint clean check-pkgs

all: check-pkgs $(BIN) $(MO_FILES)

$(BIN): $(CORE_OBJS) $(SHELL_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LOCALE)/%/LC_MESSAGES/tcpviz.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

pot:
	xgettext $(XGETTEXT_FLAGS) -o po/tcpviz.pot \
		$(sort $(CORE_SRCS) $(SHELL_SRCS))

update-po: pot
	for l in $(LINGUAS); do \
		msgmerge --quiet --update --backup=none po/$$l.po po/tcpviz.pot; \
	done

$(BUILD)/html_page.c: src/html/embed.sh $(HTML_PARTS) | $(BUILD)
	{ sh src/html/embed.sh html_page_css src/html/page.css && \
	  sh src/html/embed.sh html_page_js src/html/page.js; } > $@.tmp
	mv $@.tmp $@
$(BUILD)/html_page.o: $(BUILD)/html_page.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Unit tests link the core, plus the shell modules that need no libpcap.
TEST_OBJS := $(CORE_OBJS) $(BUILD)/streamstore.o $(BUILD)/kstate.o \
	$(BUILD)/pcapread.o \
	$(BUILD)/fdsink.o
$(BUILD)/test_%: tests/test_%.c $(TEST_OBJS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Isrc -o $@ $< $(TEST_OBJS) \
		$(ALL_LDFLAGS) $(TEST_LIBS) -lpthread

# The fuzz targets (tests/fuzz/), built here without libFuzzer: `make
# test` replays their regression inputs and seeds through them.
FUZZ_TARGETS := decode replay lesson eventfile
FUZZ_LINK_OBJS := $(CORE_OBJS) $(filter-out $(BUILD)/main.o,$(SHELL_OBJS))
FUZZ_DRIVERS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(FUZZ_LINK_OBJS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< tests/fuzz/driver.c \
		$(FUZZ_LINK_OBJS) $(ALL_LDFLAGS) $(PKG_LIBS) -lpthread
fuzz-drivers: $(FUZZ_DRIVERS)

# `make fuzz`: each target under libFuzzer with ASan and UBSan, for
# FUZZ_SECONDS each, seeded from captures/, lessons/ and ../shared/pcaps/.
# Crashes are left in build/fuzz/ and said; each becomes a file in
# tests/fuzz/regress/TARGET/, which `make test` replays.
FUZZ_SECONDS ?= 60
FUZZ_DIR := build/fuzz
FUZZ_CC ?= clang
FUZZ_FLAGS = -g -O1 -std=c11 -D_GNU_SOURCE -DTCPVIZ_VERSION='"$(VERSION)"' \
	-DTCPVIZ_LESSONS_DIR='"$(PREFIX)/share/tcpviz/lessons"' \
	-DTCPVIZ_LOCALE_DIR='"$(PREFIX)/share/locale"' \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer $(PKG_CFLAGS)
FUZZ_OBJS := $(CORE_SRCS:src/%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/html_page.o \
	$(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out src/main.c,$(SHELL_SRCS)))
.SECONDARY: $(FUZZ_OBJS)
$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(FUZZ_DIR)/obj/html_page.c: src/html/embed.sh $(HTML_PARTS)
	@mkdir -p $(dir $@)
	{ sh src/html/embed.sh html_page_css src/html/page.css && \
	  sh src/html/embed.sh html_page_js src/html/page.js; } > $@
$(FUZZ_DIR)/obj/html_page.o: $(FUZZ_DIR)/obj/html_page.c
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -Isrc -o $@ $< \
		$(FUZZ_OBJS) $(PKG_LIBS) -lpthread
fuzz:
	@sh tests/deps.sh fuzz
	@$(MAKE) --no-print-directory check-pkgs $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	@sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(BUILD)/gencap: tests/gencap.c | $(BUILD)
	$(CC) $(WARN) -D_GNU_SOURCE -O2 -o $@ $<

# The learner's programs that the tests of `tcpviz run` trace
# (tests/programs/, one whole program a file). Never sanitized: a
# sanitizer would change how they crash, fork and exit, which is what
# the tests watch.
PROGRAMS := $(patsubst tests/programs/%.c,$(BUILD)/programs/%,$(wildcard tests/programs/*.c))
$(BUILD)/programs/%: tests/programs/%.c | $(BUILD)/programs
	$(CC) $(WARN) -D_GNU_SOURCE $(CFLAGS) $(LDFLAGS) -pthread -o $@ $<
programs: $(PROGRAMS)

$(BUILD)/programs:
	mkdir -p $@

$(BUILD):
	mkdir -p $@

# Fail early, in one line, when a library is missing and `make deps` was
# not asked for.
check-pkgs:
	@$(PKG_CONFIG) --exists $(PKGS) 2>/dev/null || { \
	  echo "tcpviz: missing build dependencies ($(PKGS)); run 'make deps' (or 'make demo' / 'make test', which run it)" >&2; exit 2; }
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "tcpviz: missing msgfmt (gettext), which compiles the message catalogues; run 'make deps' (or 'make demo' / 'make test', which run it)" >&2; exit 2; }

deps:
	@sh tests/deps.sh build

deps-test:
	@sh tests/deps.sh test

# The live demo: no root needed (a private network namespace).
demo: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) demo

unit-tests: $(UNIT_BINS)

test: deps-test
	@$(MAKE) --no-print-directory all unit-tests fuzz-drivers $(BUILD)/gencap \
		programs
	@sh tests/run.sh $(BUILD) ./$(BIN)

# Record the lessons that have no recording yet into captures/NAME.pcap
# and NAME.pcap.events, live and judged (a lesson whose expectations fail
# is not kept); `make captures LESSON=14-byte-stream` records that one
# again, after its English or its steps changed. Then `make golden` and
# review the diff.
LESSON_CAPTURES := $(patsubst lessons/%.lesson,captures/%.pcap,$(wildcard lessons/*.lesson))
MISSING_CAPTURES := $(filter-out $(wildcard captures/*.pcap),$(LESSON_CAPTURES))
captures: deps
	@$(MAKE) --no-print-directory all programs
	@$(MAKE) --no-print-directory $(if $(LESSON),record-$(LESSON),$(MISSING_CAPTURES)) \
		captures/run-forking.pcap

record-%:
	./$(BIN) lesson lessons/$*.lesson --check --record captures/$*.tmp.pcap
	mv captures/$*.tmp.pcap captures/$*.pcap
	mv captures/$*.tmp.pcap.events captures/$*.pcap.events

captures/%.pcap:
	@$(MAKE) --no-print-directory record-$*

# tcpviz run's own recording: a forking server and a threaded client.
captures/run-forking.pcap:
	./$(BIN) run --text -r captures/run-forking.tmp.pcap \
		-e '$(BUILD)/programs/forking_server 8887 2' \
		-e '$(BUILD)/programs/threaded_client' >/dev/null
	mv captures/run-forking.tmp.pcap captures/run-forking.pcap
	mv captures/run-forking.tmp.pcap.events captures/run-forking.pcap.events

valgrind:
	@sh tests/deps.sh valgrind
	@$(MAKE) --no-print-directory all unit-tests fuzz-drivers
	@sh tests/valgrind.sh $(BUILD) ./$(BIN)

# Rewrite tests/golden/ from the current build; review the diff.
golden: all
	@UPDATE_GOLDEN=1 sh tests/golden.sh $(BUILD) ./$(BIN)

bench:
	@sh tests/deps.sh bench
	@$(MAKE) --no-print-directory all $(BUILD)/gencap programs
	@sh tests/bench.sh $(BUILD) $(BIN)
	@sh tests/bench_run.sh $(BUILD) $(BIN)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/tcpviz
	install -m 644 man/tcpviz.1 $(DESTDIR)$(MANDIR)/man1/tcpviz.1
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES; \
		install -m 644 $(LOCALE)/$$l/LC_MESSAGES/tcpviz.mo \
			$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/tcpviz.mo; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/tcpviz/lessons
	install -m 644 lessons/*.lesson $(DESTDIR)$(PREFIX)/share/tcpviz/lessons/
	install -d $(DESTDIR)$(PREFIX)/share/tcpviz/captures
	for f in lessons/*.lesson; do n=$$(basename $$f .lesson); \
		install -m 644 captures/$$n.pcap captures/$$n.pcap.events \
			$(DESTDIR)$(PREFIX)/share/tcpviz/captures/; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tcpviz $(DESTDIR)$(MANDIR)/man1/tcpviz.1
	for l in $(LINGUAS); do \
		rm -f $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/tcpviz.mo; \
	done
	rm -rf $(DESTDIR)$(PREFIX)/share/tcpviz

format:
	clang-format -i src/*.c src/*.h tests/*.c tests/fuzz/*.c \
		tests/programs/*.c

lint:
	@sh tests/deps.sh lint
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr --std=c11 -Isrc src tests/*.c tests/fuzz/*.c \
		tests/programs/*.c

clean:
	rm -rf build tcpviz

-include $(wildcard $(BUILD)/*.d)
