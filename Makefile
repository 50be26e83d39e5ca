# libdigicheck -- plain Makefile (GNU make).
#
#   make              build the libraries, libdigicheck.pc and the digicheck command
#   make test         build and run every test
#   make demo         check the example drafts with the default rule set
#   make bench        speed against ripgrep, grep and Python (bench/RESULTS.md)
#   make fuzz         run the fuzzers (FUZZ_SECONDS=N each)
#   make eval         measure rules/digitalcheck against the labelled sentences
#   make install      install under $(DESTDIR)$(PREFIX); PREFIX may be given here only
#   make uninstall    remove what install put there
#
# Missing Debian packages are installed first (as root) or named.

PREFIX     ?= /usr/local
prefix     ?= $(PREFIX)
libdir     ?= $(prefix)/lib
includedir ?= $(prefix)/include
pkgconfigdir ?= $(libdir)/pkgconfig
# The Python package: into python3's own site-packages when it lies under $(prefix)/lib,
# else $(prefix)/lib/pythonX.Y/site-packages (see bindings/python/make_install.py).
PYTHON     ?= python3
ifndef pythondir
pythondir  := $(shell $(PYTHON) bindings/python/make_install.py pythondir $(prefix) 2>/dev/null)
endif

VERSION_MAJOR := $(shell sed -n 's/^\#define DIGICHECK_VERSION_MAJOR \([0-9]*\).*/\1/p' include/digicheck.h)
VERSION_MINOR := $(shell sed -n 's/^\#define DIGICHECK_VERSION_MINOR \([0-9]*\).*/\1/p' include/digicheck.h)
VERSION_PATCH := $(shell sed -n 's/^\#define DIGICHECK_VERSION_PATCH \([0-9]*\).*/\1/p' include/digicheck.h)
VERSION    := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)
# While 0.x every minor version may change the ABI: the SONAME carries it.
SONAME     := libdigicheck.so.$(VERSION_MAJOR).$(VERSION_MINOR)

B          := build
CC         ?= cc
WERROR     ?= -Werror
OPT        ?= -O2 -g
WARN       := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes $(WERROR)
DEP_MODS   := lua5.4 yaml-0.1 libpcre2-8 libxml-2.0 libzip
# Hyperscan (optional, see libdigicheck/hsdb.c; Debian builds it for x86-64 only):
# HYPERSCAN=1 asks its approximations before PCRE2 searches, with the same findings. It
# is off by default: measured, it saves about 8 % of the instructions of a batch run but
# costs 11 MB of memory and 30 M instructions at load (bench/DESIGN.md). test-prefilter
# builds and compares both.
HS_ARCH    := $(if $(filter x86_64 amd64,$(shell uname -m)),1,0)
HYPERSCAN  ?= 0
ifeq ($(HYPERSCAN),1)
DEP_MODS   += libhs
CPPFLAGS   += -DDCI_HAVE_HYPERSCAN
endif
DEP_CFLAGS  = $(shell pkg-config --cflags $(DEP_MODS) 2>/dev/null)
DEP_LIBS    = $(shell pkg-config --libs $(DEP_MODS) 2>/dev/null)
CFLAGS     ?=
CPPFLAGS   += -Iinclude -iquote libdigicheck -D_POSIX_C_SOURCE=200809L
ALL_CFLAGS  = -std=c11 $(OPT) $(WARN) $(CFLAGS) $(DEP_CFLAGS)

LIB_SRC    := $(sort $(wildcard libdigicheck/*.c))
LIB_OBJ    := $(LIB_SRC:libdigicheck/%.c=$(B)/obj/%.o)
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

SHLIB      := $(B)/libdigicheck.so.$(VERSION)
STLIB      := $(B)/libdigicheck.a
PCFILE     := $(B)/libdigicheck.pc
CLI_SRC    := $(sort $(wildcard libdigicheck/cli/*.c))
CLI        := $(B)/digicheck
# The command's own dependencies: the HTTP server of `digicheck serve`, and libyaml for
# the project config .digicheck.yaml (the command reads it itself, as it may use only
# the library's public header).
CLI_MODS   := libmicrohttpd yaml-0.1
# The pages of `digicheck serve`, embedded in the program at build time.
DESK_FILES := $(sort $(wildcard libdigicheck/cli/desk/*))
DESK_C     := $(B)/cli/assets.c
datadir    ?= $(prefix)/share
bindir     ?= $(prefix)/bin
mandir     ?= $(datadir)/man
docdir     ?= $(datadir)/doc/digicheck

# The installed command finds the library and the rule sets relative to itself, so a
# PREFIX given only to `make install` (or a tree moved as a whole) works; DIGICHECK_DATADIR
# is the fallback when the command is copied elsewhere alone.
relpath     = $(shell realpath -m --relative-to='$(1)' '$(2)')
CLI_RPATH   = $$ORIGIN:$$ORIGIN/$(call relpath,$(bindir),$(libdir))
CLI_DEFS    = -DDIGICHECK_DATADIR='"$(datadir)"' \
              -DDIGICHECK_DATADIR_FROM_BIN='"$(call relpath,$(bindir),$(datadir))"'

# Files that name where they are installed, written from their .in forms with the prefix
# of the make that writes them (the build for build/, `make install` for the installed).
# The library's own dependencies are private: an include of digicheck.h needs none.
LIBS_PRIVATE = $(shell pkg-config --static --libs $(DEP_MODS) 2>/dev/null)
SUBST = sed -e 's|@prefix@|$(prefix)|g' -e 's|@libdir@|$(libdir)|g' \
            -e 's|@includedir@|$(includedir)|g' -e 's|@datadir@|$(datadir)|g' \
            -e 's|@docdir@|$(docdir)|g' \
            -e 's|@version@|$(VERSION)|g' -e 's|@libs_private@|$(LIBS_PRIVATE)|g'

# Debian packages: pkg-config module=package, then commands after --.
DEPS_BUILD := lua5.4=liblua5.4-dev yaml-0.1=libyaml-dev libpcre2-8=libpcre2-dev \
              libxml-2.0=libxml2-dev libzip=libzip-dev libmicrohttpd=libmicrohttpd-dev \
              $(if $(filter 1,$(HYPERSCAN)),libhs=libhyperscan-dev)
DEPS_TEST  := cmocka=libcmocka-dev $(if $(filter 1,$(HS_ARCH)),libhs=libhyperscan-dev) \
              -- g++=g++ python3=python3
# The Word test opens the annotated copy in LibreOffice (about 50 packages, half
# a minute to install) and renders a page of its PDF.
DEPS_OFFICE := -- soffice=libreoffice-writer-nogui pdftoppm=poppler-utils

.PHONY: all deps deps-test test test-unit test-golden test-examples test-rules \
        test-headers test-exports test-install test-install-prefix test-sarif test-cli test-ldml \
        test-document test-docx \
        test-fuzz-replay \
        test-asan test-threads test-tsan test-valgrind test-oom test-prefilter test-python \
        test-python-asan test-desk rules-doc fuzz bench eval demo install uninstall clean

all: $(SHLIB) $(STLIB) $(PCFILE) $(CLI)

deps: $(B)/.deps-build
deps-test: $(B)/.deps-test

$(B)/.deps-build: tools/ensure-deps.sh Makefile
	@mkdir -p $(B)
	@tools/ensure-deps.sh $(DEPS_BUILD)
	@touch $@

$(B)/.deps-test: tools/ensure-deps.sh | $(B)/.deps-build
	@tools/ensure-deps.sh $(DEPS_TEST)
	@touch $@

$(B)/.deps-office: tools/ensure-deps.sh | $(B)/.deps-test
	@tools/ensure-deps.sh $(DEPS_OFFICE)
	@touch $@

$(B)/obj/%.o: libdigicheck/%.c $(wildcard libdigicheck/*.h) include/digicheck.h | $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

$(SHLIB): $(LIB_OBJ) libdigicheck/libdigicheck.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=libdigicheck/libdigicheck.map \
	    -Wl,--no-undefined -o $@ $(LIB_OBJ) $(LDFLAGS) $(DEP_LIBS)
	ln -sf libdigicheck.so.$(VERSION) $(B)/$(SONAME)
	ln -sf libdigicheck.so.$(VERSION) $(B)/libdigicheck.so

# The command uses the public header only and links the shared library,
# found next to it in the build tree and in $(libdir) once installed.
$(DESK_C): $(DESK_FILES) tools/embed.sh
	@mkdir -p $(dir $@)
	tools/embed.sh $@ $(DESK_FILES)

$(CLI): $(CLI_SRC) $(DESK_C) $(wildcard libdigicheck/cli/*.h) include/digicheck.h $(SHLIB)
	$(CC) -std=c11 $(OPT) $(WARN) $(CFLAGS) -D_DEFAULT_SOURCE -Iinclude \
	    -iquote libdigicheck/cli $(CLI_DEFS) $(shell pkg-config --cflags $(CLI_MODS)) \
	    $(CLI_SRC) $(DESK_C) -o $@ -L$(B) -ldigicheck -pthread \
	    -Wl,-rpath,'$(CLI_RPATH)' $(LDFLAGS) $(shell pkg-config --libs $(CLI_MODS))

$(STLIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(PCFILE): libdigicheck/libdigicheck.pc.in include/digicheck.h
	@mkdir -p $(B)
	$(SUBST) $< > $@

# ---- tests -----------------------------------------------------------------

$(B)/tests/test_%: tests/unit/test_%.c tests/unit/unit.h $(STLIB) | $(B)/.deps-test
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -D_DEFAULT_SOURCE $(ALL_CFLAGS) -Wno-missing-prototypes $< -o $@ $(STLIB) \
	    $(LDFLAGS) $(TEST_LDFLAGS) $(DEP_LIBS) $(shell pkg-config --libs cmocka)

# test_lua runs checkers in threads and makes the Nth allocation fail: the
# library's calls of dci_malloc/dci_realloc from other files go to the test.
$(B)/tests/test_lua: TEST_LDFLAGS = -pthread -Wl,--wrap=dci_malloc -Wl,--wrap=dci_realloc

$(B)/examples/minimal: examples/minimal.c $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) -Iinclude $< -o $@ -L$(B) -ldigicheck -Wl,-rpath,'$$ORIGIN/..'

$(B)/tests/golden_runner: tests/golden/runner.c $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) -D_POSIX_C_SOURCE=200809L -Iinclude $< -o $@ \
	    -L$(B) -ldigicheck -Wl,-rpath,'$$ORIGIN/..'

# The tests keep the compiled Hyperscan databases (libdigicheck/hsdb.c) in the build tree,
# not in the user's cache.
test test-%: export XDG_CACHE_HOME := $(abspath $(B))/cache

test: test-headers test-exports test-unit test-rules test-golden test-sarif test-cli \
      test-document test-ldml test-docx test-fuzz-replay test-threads test-examples \
      test-python test-install test-install-prefix test-asan \
      test-python-asan test-tsan test-valgrind test-oom test-prefilter test-desk test-eval
	@echo "all tests passed"

# Many threads over one rule set, each with its own checker, against the
# single-threaded reports; make test-tsan runs it under ThreadSanitizer.
# (The justification cases name rules of the starter and default rule sets: with another
# rule set their check is an error by design.)
THREAD_DRAFTS = $(filter-out tests/golden/error-% tests/golden/justification%, \
                             $(wildcard tests/golden/*/draft.*)) \
                examples/drafts/antrag.md
THREAD_DRAFTS_STARTER = $(THREAD_DRAFTS) tests/golden/justifications/draft.yaml \
                        tests/golden/justification-ldml/draft.xml
$(B)/tests/test_threads: tests/threads/test_threads.c $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) -D_POSIX_C_SOURCE=200809L -Iinclude $< -o $@ \
	    -L$(B) -ldigicheck -pthread -Wl,-rpath,'$$ORIGIN/..'

test-threads: $(B)/tests/test_threads
	$(B)/tests/test_threads rules/starter $(THREAD_DRAFTS_STARTER)
	$(B)/tests/test_threads tests/oom/lua-rules.yaml $(THREAD_DRAFTS)

# Out of memory: a library built with DCI_FAULT_INJECTION fails its Nth
# allocation for every N over loading, parsing and checking (ASan: no leak).
OOM_DRAFTS = tests/golden/questions/draft.md tests/golden/wrapped-plain-text/draft.txt \
             tests/golden/description/draft.yaml tests/golden/ldml-amendment/draft.xml \
             tests/golden/description-json/draft.json tests/docx/drafts/plain.docx \
             tests/golden/amendments-markdown/draft.md tests/golden/amendments-ldml/draft.xml
OOM_LUA_DRAFTS = tests/golden/lua-rules/draft.md tests/golden/description/draft.yaml
test-oom:
	$(MAKE) --no-print-directory B=$(B)/oom OPT="$(ASAN_FLAGS) -DDCI_FAULT_INJECTION" \
	    LDFLAGS="-fsanitize=address,undefined" $(B)/oom/libdigicheck.a
	$(CC) -std=c11 $(ASAN_FLAGS) -D_POSIX_C_SOURCE=200809L -Iinclude tests/oom/test_oom.c \
	    -o $(B)/oom/test_oom $(B)/oom/libdigicheck.a $(DEP_LIBS) -pthread
	$(B)/oom/test_oom tests/golden/questions/rules.yaml $(OOM_DRAFTS)
	$(B)/oom/test_oom tests/oom/lua-rules.yaml $(OOM_LUA_DRAFTS)
	$(B)/oom/test_oom tests/unit/data/extends/relpath tests/golden/questions/draft.md
	@echo "oom: ok"

# The prefilter must not change a single finding: a reference build without
# it (nor the searches twin patterns share) checks every 20th statute of the
# corpus with every rule set, and with the default one and its discretion
# hints (rules/ermessen) with every rule written twice (bench/bench.py makes
# it), and the JSONL must be the same byte for byte, with the Hyperscan
# approximations (where the build has them) and without (HYPERSCAN=0).
PREFILTER_SAMPLE = $(shell ls $(CORPUS)/gesetze/*.md 2>/dev/null | awk 'NR % 20 == 1')
PREFILTER_CLIS = $(B)/nohs/digicheck $(if $(filter 1,$(HS_ARCH)),$(B)/hs/digicheck)
test-prefilter: $(CLI) | $(B)/.deps-test
	$(MAKE) --no-print-directory B=$(B)/nopf HYPERSCAN=0 OPT="-O2 -DDCI_NO_PREFILTER" \
	    $(B)/nopf/digicheck
	$(MAKE) --no-print-directory B=$(B)/nohs HYPERSCAN=0 $(B)/nohs/digicheck
	$(if $(filter 1,$(HS_ARCH)),$(MAKE) --no-print-directory B=$(B)/hs HYPERSCAN=1 \
	    $(B)/hs/digicheck $(B)/hs/tests/test_hsdb && $(B)/hs/tests/test_hsdb)
	@test -n "$(PREFILTER_SAMPLE)" || { echo "prefilter: no corpus in $(CORPUS)"; exit 1; }
	@mkdir -p $(B)/twins
	@python3 -c 'import sys; sys.path.insert(0, "bench"); import bench; \
	    bench.doubled_ruleset(*sys.argv[1:])' $(CLI) rules/ermessen $(B)/twins
	@set -e; for rs in rules/*/ tests/ldml/probe.yaml tests/fuzz/check-rules.yaml \
	    $(B)/twins/rules-2x.json.yaml; do \
	    $(B)/nopf/digicheck check -j2 -r $$rs -f jsonl $(PREFILTER_SAMPLE) > $(B)/nopf.jsonl \
	        || test $$? -eq 1; \
	    for cli in $(PREFILTER_CLIS); do \
	        $$cli check -j2 -r $$rs -f jsonl $(PREFILTER_SAMPLE) > $(B)/pf.jsonl || test $$? -eq 1; \
	        cmp -s $(B)/pf.jsonl $(B)/nopf.jsonl || \
	            { echo "prefilter: $$cli: $$rs: findings differ from the full scan"; exit 1; }; \
	    done; \
	    echo "prefilter: $$rs: $$(wc -l < $(B)/pf.jsonl) drafts, same findings (with and without Hyperscan)"; \
	done

# The golden cases once more under valgrind's memcheck: any error or leak
# fails. PCRE2's JIT writes machine code valgrind cannot follow, so this
# build matches with the interpreter (same results); and it leaves out
# Hyperscan, whose compile of the default rule set takes minutes under
# valgrind (its code paths run under ASan in test-asan).
test-valgrind:
	@tools/ensure-deps.sh -- valgrind=valgrind
	$(MAKE) --no-print-directory B=$(B)/valgrind OPT="-O1 -g -DDCI_NO_JIT" HYPERSCAN=0 \
	    $(B)/valgrind/tests/golden_runner
	valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    $(B)/valgrind/tests/golden_runner tests/golden
	@echo "valgrind: ok"

test-tsan:
	$(MAKE) --no-print-directory B=$(B)/tsan OPT="-O1 -g -fsanitize=thread" \
	    LDFLAGS="-fsanitize=thread" test-threads
	@echo "tsan: ok"

# The suite again with AddressSanitizer (leaks included) and UBSan, in its
# own build tree; any report fails it.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
test-asan:
	$(MAKE) --no-print-directory B=$(B)/asan NPM_DIR=$(NPM_DIR) OPT="$(ASAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" ASAN_OPTIONS=detect_leaks=1 \
	    test-unit test-golden test-rules test-cli test-fuzz-replay test-threads
	@echo "asan: ok"

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; ./$$t; done

test-golden: $(B)/tests/golden_runner
	$(B)/tests/golden_runner tests/golden

test-rules: $(B)/tests/golden_runner $(CLI)
	@set -e; for rs in rules/*/; do $(B)/tests/golden_runner --examples $$rs; done
	@set -e; for rs in rules/*/; do \
	    $(CLI) rules -f markdown $$rs | cmp -s - $$rs/README.md || \
	    { echo "$${rs}README.md is not what the rule files say: run make rules-doc"; exit 1; }; \
	done

# Each rule set's README.md is generated from its rule files.
rules-doc: $(CLI)
	@set -e; for rs in rules/*/; do $(CLI) rules -f markdown $$rs > $$rs/README.md; \
	    echo "wrote $${rs}README.md"; done

test-examples: $(B)/examples/minimal
	$(B)/examples/minimal rules/starter examples/drafts/antrag.md > $(B)/examples/minimal.out
	@grep -q 'form.schriftlich' $(B)/examples/minimal.out || \
	    { echo "examples/minimal: expected a written-form finding"; cat $(B)/examples/minimal.out; exit 1; }
	@echo "examples: ok"

test-headers: | $(B)/.deps-test
	@mkdir -p $(B)/tests
	$(CC) -std=c99 -Wall -Wextra -pedantic -Werror -Iinclude -c tests/headers/header.c -o $(B)/tests/h99.o
	$(CC) -std=c11 -Wall -Wextra -pedantic -Werror -Iinclude -c tests/headers/header.c -o $(B)/tests/h11.o
	g++ -std=c++11 -Wall -Wextra -pedantic -Werror -Iinclude -x c++ -c tests/headers/header.c -o $(B)/tests/hxx.o

# SARIF output is validated against the official SARIF 2.1.0 schema with a
# small Node program; its packages are pinned in tests/sarif/package-lock.json.
NPM_DIR     := $(B)/npm
SARIF_SCHEMA := $(NPM_DIR)/node_modules/@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json

$(NPM_DIR)/.installed: tests/sarif/package.json tests/sarif/package-lock.json tools/ensure-deps.sh
	@tools/ensure-deps.sh -- node=nodejs npm=npm
	@mkdir -p $(NPM_DIR)
	cp tests/sarif/package.json tests/sarif/package-lock.json $(NPM_DIR)/
	cd $(NPM_DIR) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

MULTITOOL   := $(NPM_DIR)/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

test-sarif: test-golden $(NPM_DIR)/.installed
	NODE_PATH=$(NPM_DIR)/node_modules node tests/sarif/validate.js $(SARIF_SCHEMA) \
	    tests/golden/*/expected.sarif
	node tests/sarif/github.js tests/golden/*/expected.sarif
	tests/sarif/multitool.sh $(MULTITOOL) tests/golden/*/expected.sarif

# The documentation of the golden drafts in every form; the ODT is converted
# with LibreOffice when it is installed (Debian: libreoffice-writer-nogui),
# else that step is skipped with a note.
test-document: $(CLI)
	tests/document/run.sh $(CLI)

test-cli: $(CLI) $(NPM_DIR)/.installed
	tests/cli/run.sh $(CLI) env NODE_PATH=$(CURDIR)/$(NPM_DIR)/node_modules node \
	    tests/sarif/validate.js $(CURDIR)/$(SARIF_SCHEMA)
	tests/cli/answer.sh $(CLI) env NODE_PATH=$(CURDIR)/$(NPM_DIR)/node_modules node \
	    tests/sarif/validate.js $(CURDIR)/$(SARIF_SCHEMA)
	tests/cli/extends.sh $(CLI)
	tests/cli/config.sh $(CLI)

# `digicheck serve`: the server against hostile and clumsy clients (a Python client), then
# the review desk and the rule workshop driven in Debian's Chromium by Playwright and checked
# with axe-core; both pinned in tests/desk/package-lock.json. The screenshots land in
# $(B)/desk/; the largest statute of the corpus is uploaded to time it.
DESK_NPM   := $(B)/npm-desk
DESK_DIR   := $(B)/desk
DESK_LARGE  = $(firstword $(shell ls -S $(CORPUS)/gesetze/*.md 2>/dev/null))

$(DESK_NPM)/.installed: tests/desk/package.json tests/desk/package-lock.json tools/ensure-deps.sh
	@tools/ensure-deps.sh -- node=nodejs npm=npm chromium=chromium
	@mkdir -p $(DESK_NPM)
	cp tests/desk/package.json tests/desk/package-lock.json $(DESK_NPM)/
	cd $(DESK_NPM) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# The hostile client runs against the command built with AddressSanitizer and UBSan (leaks
# included: the server must end with nothing left).
test-desk: $(CLI) $(DESK_NPM)/.installed
	$(MAKE) --no-print-directory B=$(B)/asan OPT="$(ASAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" $(B)/asan/digicheck
	rm -rf $(DESK_DIR) && mkdir -p $(DESK_DIR)/drafts
	cp examples/drafts/antrag.md $(DESK_DIR)/drafts/
	mkdir -p $(DESK_DIR)/drafts/beschreibung
	cp tests/golden/description/draft.yaml tests/golden/description/entwurf.md \
	    $(DESK_DIR)/drafts/beschreibung/
	printf '# Entwurf\n\n## \302\247 1\n\nDer Antrag ist \377 schriftlich.\n' \
	    > $(DESK_DIR)/drafts/kaputt.md
	DIGICHECK_RULESET=rules/digitalcheck ASAN_OPTIONS=detect_leaks=1 \
	    $(PYTHON) tests/desk/robust.py $(B)/asan/digicheck $(DESK_DIR)/drafts \
	    $(DESK_DIR)/records-robust
	NODE_PATH=$(CURDIR)/$(DESK_NPM)/node_modules node tests/desk/browser.js $(CLI) \
	    $(DESK_DIR)/drafts $(DESK_DIR)/records $(DESK_DIR) $(DESK_LARGE)

# ---- fuzzing ------------------------------------------------------------------
# make fuzz FUZZ_SECONDS=N runs each libFuzzer target (clang, ASan, UBSan) for
# N seconds on its seeds and its growing corpus under $(B)/fuzz; an input that
# crashes lands in tests/fuzz/crashes/<target>/, to be fixed and committed.
# make test replays every seed and every saved crash with the normal build.
FUZZ_TARGETS := ruleset draft check json docx
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
FUZZ_OBJ     := $(LIB_SRC:libdigicheck/%.c=$(B)/fuzz/obj/%.o)

$(B)/fuzz/obj/%.o: libdigicheck/%.c $(wildcard libdigicheck/*.h) include/digicheck.h | $(B)/.deps-build
	@tools/ensure-deps.sh -- $(FUZZ_CC)=clang
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(DEP_CFLAGS) \
	    -c $< -o $@

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	$(FUZZ_CC) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer -D_DEFAULT_SOURCE -Iinclude $< \
	    $(FUZZ_OBJ) -o $@ $(DEP_LIBS) -pthread

.SECONDARY: $(FUZZ_OBJ)

fuzz: $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(B)/fuzz/corpus/$$t tests/fuzz/crashes/$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    $(B)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	        -max_len=65536 -print_final_stats=1 -artifact_prefix=tests/fuzz/crashes/$$t/ \
	        $(B)/fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>&1 | \
	        grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::|INFO: seed|==[0-9]+==ERROR|SUMMARY|artifact)' || true; \
	done

$(B)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(STLIB) | $(B)/.deps-test
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -D_DEFAULT_SOURCE $(ALL_CFLAGS) -Wno-missing-prototypes \
	    tests/fuzz/fuzz_$*.c tests/fuzz/replay.c -o $@ $(STLIB) $(DEP_LIBS) -pthread

test-fuzz-replay: $(FUZZ_TARGETS:%=$(B)/tests/replay_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	    $(B)/tests/replay_$$t tests/fuzz/corpus/$$t tests/fuzz/crashes/$$t; done

# ---- benchmarks ------------------------------------------------------------------
# make bench: the default rule set (or BENCH_RULESET) against ripgrep, grep and
# Python on the corpus, side by side, as ratios; then the peak memory of one
# check of drafts of BENCH_RSS_MB megabytes (bench/rss.sh; a target not met
# is reported, not a failure). Both are appended to bench/RESULTS.md.
BENCH_RULESET ?= $(if $(wildcard rules/digitalcheck/ruleset.yaml),rules/digitalcheck,rules/starter)
BENCH_RUNS    ?= 5
BENCH_RSS_MB  ?= 1 20 200

$(B)/bench/inproc: bench/inproc.c $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) -D_POSIX_C_SOURCE=200809L -Iinclude $< -o $@ \
	    -L$(B) -ldigicheck -Wl,-rpath,'$$ORIGIN/..'

bench: $(CLI) $(B)/bench/inproc
	@tools/ensure-deps.sh -- rg=ripgrep python3=python3 bc=bc /usr/bin/time=time
	python3 bench/bench.py --digicheck $(CLI) --inproc $(B)/bench/inproc \
	    --ruleset $(BENCH_RULESET) --corpus $(CORPUS)/gesetze \
	    --patterns $(CORPUS)/../bench/baseline-patterns.txt --runs $(BENCH_RUNS) \
	    --results bench/RESULTS.md
	CORPUS=$(CORPUS) sh bench/rss.sh $(CLI) $(BENCH_RULESET) $(BENCH_RSS_MB) | tee $(B)/bench/rss.txt
	@{ printf '\nPeak memory of one check (bench/rss.sh, -j1, MB of draft %s):\n\n' \
	    '$(BENCH_RSS_MB)'; sed 's/^/    /' $(B)/bench/rss.txt; } >> bench/RESULTS.md

# LegalDocML.de on the real files of the corpus beside the project.
CORPUS ?= ../shared/corpus
test-ldml: $(CLI) $(NPM_DIR)/.installed
	tests/ldml/run.sh $(CLI) $(CORPUS)/ldml env NODE_PATH=$(CURDIR)/$(NPM_DIR)/node_modules \
	    node tests/sarif/validate.js $(CURDIR)/$(SARIF_SCHEMA)

# Word drafts: reading, hostile files, annotate, and the copy in LibreOffice
# (the page images of its PDF stay in $(B)/tests/docx).
test-docx: $(CLI) $(B)/.deps-office
	tests/docx/run.sh $(CLI) $(B)/tests/docx

test-exports: $(SHLIB)
	tests/check-exports.sh $(SHLIB) libdigicheck/exports.txt

# Install into a staging tree and build the example against it with pkg-config,
# as a user of the installed library would.
# Then import the staged Python package, which must find the staged library and rule sets.
STAGE := $(CURDIR)/$(B)/stage/root
STAGE_PYTHONDIR = $(shell $(PYTHON) bindings/python/make_install.py pythondir /usr/local)
STAGE_VARS = DESTDIR=$(STAGE) PREFIX=/usr/local pythondir=$(STAGE_PYTHONDIR)
test-install: all
	rm -rf $(B)/stage && mkdir -p $(STAGE)
	$(MAKE) --no-print-directory install $(STAGE_VARS) >/dev/null
	PKG_CONFIG_PATH=$(STAGE)/usr/local/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$(STAGE) \
	    sh -c '$(CC) -std=c11 -Wall -Werror examples/minimal.c -o $(B)/stage/minimal \
	        $$(pkg-config --cflags --libs libdigicheck)'
	LD_LIBRARY_PATH=$(STAGE)/usr/local/lib $(B)/stage/minimal rules/starter \
	    examples/drafts/antrag.md > $(B)/stage/minimal.out
	@grep -q 'Art. 1 § 2 Abs. 1 Satz 1' $(B)/stage/minimal.out || \
	    { echo "installed example: unexpected output"; cat $(B)/stage/minimal.out; exit 1; }
	LD_LIBRARY_PATH=$(STAGE)/usr/local/lib $(STAGE)/usr/local/bin/digicheck check \
	    -r $(STAGE)/usr/local/share/digicheck/rules/starter examples/drafts/antrag.md \
	    > $(B)/stage/cli.out; test $$? -eq 1
	@grep -q 'antrag.md:11:20: error: .*(Art. 1 § 2 Abs. 1 Satz 1)' $(B)/stage/cli.out || \
	    { echo "installed digicheck: unexpected output"; cat $(B)/stage/cli.out; exit 1; }
	@test -f $(STAGE)/usr/local/share/man/man1/digicheck.1
	cd $(B)/stage && env -u DIGICHECK_LIBRARY -u DIGICHECK_RULESET \
	    PYTHONPATH=$(STAGE)$(STAGE_PYTHONDIR) $(PYTHON) $(CURDIR)/bindings/python/tests/installed.py \
	    $(STAGE) $(CURDIR)/examples/drafts/antrag.md
	$(MAKE) --no-print-directory uninstall $(STAGE_VARS) >/dev/null
	@test -z "$$(find $(STAGE) -type f -o -type l)" || \
	    { echo "uninstall left files:"; find $(STAGE) -type f -o -type l; exit 1; }
	@echo "install: ok"

# A prefix given to `make install` only, after a build for /usr/local: the installed
# command must find its library and rule sets there (and after the tree is moved),
# the .pc and the man page must name it, and pkg-config --cflags must add only its
# include directory. Then uninstall must leave nothing.
IPREFIX := $(CURDIR)/$(B)/stage/prefix
test-install-prefix: all
	rm -rf $(IPREFIX) $(IPREFIX)-moved
	$(MAKE) --no-print-directory install PREFIX=$(IPREFIX) >/dev/null
	@set -e; for root in $(IPREFIX) $(IPREFIX)-moved; do \
	    test $$root = $(IPREFIX) || mv $(IPREFIX) $$root; \
	    env -u LD_LIBRARY_PATH -u DIGICHECK_RULESET $$root/bin/digicheck check -f jsonl \
	        examples/drafts/antrag.md > $(B)/stage/prefix.out || test $$? -eq 1; \
	    grep -q '"rule":"form.schriftform"' $(B)/stage/prefix.out || \
	        { echo "$$root/bin/digicheck: no default rule set or no library"; exit 1; }; \
	    env -u DIGICHECK_RULESET_PATH $$root/bin/digicheck rules \
	        $$root/share/digicheck/rules/thueringen > $(B)/stage/prefix.out || \
	        { echo "$$root: rules/thueringen does not load (extends: digitalcheck)"; exit 1; }; \
	done; mv $(IPREFIX)-moved $(IPREFIX)
	@cflags=$$(echo $$(PKG_CONFIG_PATH=$(IPREFIX)/lib/pkgconfig pkg-config --cflags libdigicheck)); \
	    test "$$cflags" = "-I$(IPREFIX)/include" || \
	    { echo "pkg-config --cflags libdigicheck: '$$cflags', expected -I$(IPREFIX)/include"; \
	      exit 1; }
	@PKG_CONFIG_PATH=$(IPREFIX)/lib/pkgconfig pkg-config --static --libs libdigicheck | \
	    grep -q -- '-lyaml' || { echo "pkg-config --static --libs lacks the private libraries"; \
	    exit 1; }
	@grep -q '^\.IR $(IPREFIX)/share/digicheck/rules/digitalcheck' \
	    $(IPREFIX)/share/man/man1/digicheck.1 || { echo "man page: no $(IPREFIX)"; exit 1; }
	@! grep -n '@[a-z_]*@' $(IPREFIX)/share/man/man1/digicheck.1 \
	    $(IPREFIX)/lib/pkgconfig/libdigicheck.pc || { echo "@names@ left unsubstituted"; exit 1; }
	@cmp -s docs/lua-api.md $(IPREFIX)/share/doc/digicheck/lua-api.md || \
	    { echo "docs/lua-api.md not installed"; exit 1; }
	$(MAKE) --no-print-directory uninstall PREFIX=$(IPREFIX) >/dev/null
	@test -z "$$(find $(IPREFIX) -type f -o -type l)" || \
	    { echo "uninstall left files:"; find $(IPREFIX) -type f -o -type l; exit 1; }
	@echo "install with PREFIX at install time: ok"

# The Python binding (bindings/python): its unittest suite against the library just built.
test-python: $(SHLIB) | $(B)/.deps-test
	cd bindings/python && DIGICHECK_LIBRARY=$(CURDIR)/$(SHLIB) $(PYTHON) -m unittest discover -s tests

# The binding's tests against the library built for test-asan (AddressSanitizer and UBSan):
# fails on memory errors and on leaks through libdigicheck.
test-python-asan:
	$(MAKE) --no-print-directory B=$(B)/asan OPT="$(ASAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" $(B)/asan/libdigicheck.so.$(VERSION)
	$(PYTHON) bindings/python/tests/leakcheck.py $(B)/asan/libdigicheck.so.$(VERSION) 50

# The main job: the command with the default rule set over the example
# drafts (exit 1 means findings).
demo: $(CLI)
	$(CLI) check examples/drafts/; test $$? -le 1

# ---- evaluation (`eval` prints figures and is not part of `make test`; ------
# `test-eval`, which checks the mapping of context mode, is)

# Each set twice: every sentence alone, as a draft of its own, and in
# context, each statute of the corpus checked whole. In context the rules
# run from a copy with `group: section` off, so that a hint grouped per §
# counts for every sentence it lists, not only the first
# (tests/eval/README.md, "In context").
# `make test-eval` checks the mapping of context mode on a statute of its
# own (tests/eval/context): which ids map, which do not and why, and that a
# grouped finding counts for each place only in the copy without grouping.
EVAL_RULES ?= rules/digitalcheck
EVAL_SETS := $(wildcard tests/eval/sentences.tsv tests/eval/heldout.tsv)
# the copy holds every rule set beside EVAL_RULES, so that one that extends
# another (rules/ermessen extends rules/digitalcheck) finds it in the copy
EVAL_UNGROUPED := $(B)/eval/ungrouped
EVAL_UNGROUPED_RULES := $(EVAL_UNGROUPED)/$(notdir $(patsubst %/,%,$(EVAL_RULES)))
EVAL_CONTEXT := tests/eval/context

# $(call eval_ungrouped,RULESET_DIR,COPY): the rule set without `group: section`
eval_ungrouped = rm -rf $(2) && mkdir -p $(2) && cp -R $(1)/. $(2)/ && \
    find $(2) -name '*.yaml' -exec sed -i '/^ *group: *section *$$/d' {} +

$(B)/tests/eval: tests/eval/eval.c $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) -Iinclude $< -o $@ -L$(B) -ldigicheck -Wl,-rpath,'$$ORIGIN/..'

.PHONY: test-eval
test-eval: $(B)/tests/eval
	@$(call eval_ungrouped,$(EVAL_CONTEXT)/rules,$(B)/eval/context-ungrouped)
	@set -e; for rs in $(EVAL_CONTEXT)/rules $(B)/eval/context-ungrouped; do \
	    $(B)/tests/eval -v --context $(EVAL_CONTEXT) --units tests/eval/units.yaml $$rs \
	        $(EVAL_CONTEXT)/sentences.tsv; done | sed 's|$(B)/|BUILD/|g' > $(B)/eval/context.txt
	@diff -u $(EVAL_CONTEXT)/expected.txt $(B)/eval/context.txt
	@$(B)/tests/eval --context $(EVAL_CONTEXT)/no-such-dir --units tests/eval/units.yaml \
	    $(EVAL_CONTEXT)/rules $(EVAL_CONTEXT)/sentences.tsv >/dev/null 2>&1; test $$? -eq 2 || \
	    { echo "test-eval: a corpus that cannot be read must fail the run"; exit 1; }
	@$(B)/tests/eval --units tests/eval/units.yaml $(EVAL_CONTEXT)/rules \
	    $(EVAL_CONTEXT)/sentences.tsv >/dev/null 2>&1; test $$? -eq 2 || \
	    { echo "test-eval: --units without --context must be refused"; exit 1; }
	@echo "test-eval: context mode maps the sentences as expected"

eval: $(B)/tests/eval test-eval
	@$(call eval_ungrouped,$(dir $(patsubst %/,%,$(EVAL_RULES))),$(EVAL_UNGROUPED))
	@set -e; for t in $(EVAL_SETS); do \
	    echo "== $$t, alone"; $(B)/tests/eval $(EVAL_RULES) $$t; \
	    echo "== $$t, in context"; $(B)/tests/eval --context $(CORPUS)/gesetze \
	        --units tests/eval/units.yaml $(EVAL_UNGROUPED_RULES) $$t; \
	    echo "== $$t, alone, with the opt-in discretion hints (rules/ermessen)"; \
	    $(B)/tests/eval rules/ermessen $$t; \
	    echo "== $$t, in context, with the opt-in discretion hints"; \
	    $(B)/tests/eval --context $(CORPUS)/gesetze --units tests/eval/units.yaml \
	        $(EVAL_UNGROUPED)/ermessen $$t; done

# ---- install ---------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(libdir) $(DESTDIR)$(includedir) $(DESTDIR)$(pkgconfigdir) \
	    $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(datadir)/digicheck/rules \
	    $(DESTDIR)$(docdir)
	install -m 755 $(CLI) $(DESTDIR)$(bindir)/digicheck
	$(SUBST) libdigicheck/cli/digicheck.1 > $(DESTDIR)$(mandir)/man1/digicheck.1
	chmod 644 $(DESTDIR)$(mandir)/man1/digicheck.1
	install -m 644 docs/lua-api.md $(DESTDIR)$(docdir)/lua-api.md
	cp -R rules/. $(DESTDIR)$(datadir)/digicheck/rules/
	install -m 644 include/digicheck.h $(DESTDIR)$(includedir)/digicheck.h
	install -m 755 $(SHLIB) $(DESTDIR)$(libdir)/libdigicheck.so.$(VERSION)
	ln -sf libdigicheck.so.$(VERSION) $(DESTDIR)$(libdir)/$(SONAME)
	ln -sf libdigicheck.so.$(VERSION) $(DESTDIR)$(libdir)/libdigicheck.so
	install -m 644 $(STLIB) $(DESTDIR)$(libdir)/libdigicheck.a
	$(SUBST) libdigicheck/libdigicheck.pc.in > $(DESTDIR)$(pkgconfigdir)/libdigicheck.pc
	chmod 644 $(DESTDIR)$(pkgconfigdir)/libdigicheck.pc
	@test -n "$(DESTDIR)" || echo "note: digicheck finds $(SONAME) in $(libdir) by itself;" \
	    "other programs do once ldconfig has run (as root) or through -Wl,-rpath,$(libdir)"
ifneq ($(pythondir),)
	install -d $(DESTDIR)$(pythondir)/digicheck
	install -m 644 bindings/python/digicheck/*.py bindings/python/digicheck/py.typed \
	    $(DESTDIR)$(pythondir)/digicheck/
	$(PYTHON) bindings/python/make_install.py config $(pythondir)/digicheck $(libdir)/$(SONAME) \
	    $(datadir)/digicheck/rules > $(DESTDIR)$(pythondir)/digicheck/_config.py
endif

uninstall:
	rm -rf $(DESTDIR)$(datadir)/digicheck $(DESTDIR)$(docdir)
	rm -f $(DESTDIR)$(bindir)/digicheck $(DESTDIR)$(mandir)/man1/digicheck.1
	rm -f $(DESTDIR)$(includedir)/digicheck.h \
	      $(DESTDIR)$(libdir)/libdigicheck.so.$(VERSION) \
	      $(DESTDIR)$(libdir)/$(SONAME) $(DESTDIR)$(libdir)/libdigicheck.so \
	      $(DESTDIR)$(libdir)/libdigicheck.a $(DESTDIR)$(pkgconfigdir)/libdigicheck.pc
ifneq ($(pythondir),)
	rm -rf $(DESTDIR)$(pythondir)/digicheck
endif

clean:
	rm -rf $(B)
