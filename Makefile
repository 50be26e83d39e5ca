# libdigicheck -- plain Makefile (GNU make).
#
#   make              build the shared and static library and libdigicheck.pc
#   make test         build and run every test
#   make demo         check the example drafts with the starter rule set
#   make eval         measure rules/digitalcheck against the labelled sentences
#   make install      install under $(DESTDIR)$(PREFIX)
#   make uninstall    remove what install put there
#
# Missing Debian packages are installed first (as root) or named.

PREFIX     ?= /usr/local
prefix     ?= $(PREFIX)
libdir     ?= $(prefix)/lib
includedir ?= $(prefix)/include
pkgconfigdir ?= $(libdir)/pkgconfig

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
DEP_MODS   := lua5.4 yaml-0.1 libpcre2-8
DEP_CFLAGS  = $(shell pkg-config --cflags $(DEP_MODS) 2>/dev/null)
DEP_LIBS    = $(shell pkg-config --libs $(DEP_MODS) 2>/dev/null)
CFLAGS     ?=
CPPFLAGS   += -Iinclude -Ilibdigicheck -D_POSIX_C_SOURCE=200809L
ALL_CFLAGS  = -std=c11 $(OPT) $(WARN) $(CFLAGS) $(DEP_CFLAGS)

LIB_SRC    := $(sort $(wildcard libdigicheck/*.c))
LIB_OBJ    := $(LIB_SRC:libdigicheck/%.c=$(B)/obj/%.o)
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

SHLIB      := $(B)/libdigicheck.so.$(VERSION)
STLIB      := $(B)/libdigicheck.a
PCFILE     := $(B)/libdigicheck.pc

# Debian packages: pkg-config module=package, then commands after --.
DEPS_BUILD := lua5.4=liblua5.4-dev yaml-0.1=libyaml-dev libpcre2-8=libpcre2-dev
DEPS_TEST  := cmocka=libcmocka-dev -- g++=g++ python3=python3

.PHONY: all deps deps-test test test-unit test-golden test-examples test-rules \
        test-headers test-exports test-install demo eval install uninstall clean

all: $(SHLIB) $(STLIB) $(PCFILE)

deps: $(B)/.deps-build
deps-test: $(B)/.deps-test

$(B)/.deps-build: tools/ensure-deps.sh
	@mkdir -p $(B)
	@tools/ensure-deps.sh $(DEPS_BUILD)
	@touch $@

$(B)/.deps-test: tools/ensure-deps.sh | $(B)/.deps-build
	@tools/ensure-deps.sh $(DEPS_TEST)
	@touch $@

$(B)/obj/%.o: libdigicheck/%.c libdigicheck/dci.h include/digicheck.h | $(B)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

$(SHLIB): $(LIB_OBJ) libdigicheck/libdigicheck.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=libdigicheck/libdigicheck.map \
	    -Wl,--no-undefined -o $@ $(LIB_OBJ) $(LDFLAGS) $(DEP_LIBS)
	ln -sf libdigicheck.so.$(VERSION) $(B)/$(SONAME)
	ln -sf libdigicheck.so.$(VERSION) $(B)/libdigicheck.so

$(STLIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(PCFILE): libdigicheck/libdigicheck.pc.in include/digicheck.h
	@mkdir -p $(B)
	sed -e 's|@prefix@|$(prefix)|' -e 's|@libdir@|$(libdir)|' \
	    -e 's|@includedir@|$(includedir)|' -e 's|@version@|$(VERSION)|' $< > $@

# ---- tests -----------------------------------------------------------------

$(B)/tests/test_%: tests/unit/test_%.c tests/unit/unit.h $(STLIB) | $(B)/.deps-test
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -D_DEFAULT_SOURCE $(ALL_CFLAGS) -Wno-missing-prototypes $< -o $@ $(STLIB) \
	    $(DEP_LIBS) $(shell pkg-config --libs cmocka)

$(B)/examples/minimal: examples/minimal.c $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) -Iinclude $< -o $@ -L$(B) -ldigicheck -Wl,-rpath,'$$ORIGIN/..'

$(B)/tests/golden_runner: tests/golden/runner.c $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) -D_POSIX_C_SOURCE=200809L -Iinclude $< -o $@ \
	    -L$(B) -ldigicheck -Wl,-rpath,'$$ORIGIN/..'

test: test-headers test-exports test-unit test-rules test-golden test-examples test-install
	@echo "all tests passed"

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; ./$$t; done

test-golden: $(B)/tests/golden_runner
	$(B)/tests/golden_runner tests/golden

test-rules: $(B)/tests/golden_runner
	@set -e; for rs in rules/*/; do $(B)/tests/golden_runner --examples $$rs; done

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

test-exports: $(SHLIB)
	tests/check-exports.sh $(SHLIB) libdigicheck/exports.txt

# Install into a staging tree and build the example against it with pkg-config,
# as a user of the installed library would.
STAGE := $(CURDIR)/$(B)/stage/root
test-install: all
	rm -rf $(B)/stage && mkdir -p $(STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(STAGE) PREFIX=/usr/local >/dev/null
	PKG_CONFIG_PATH=$(STAGE)/usr/local/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$(STAGE) \
	    sh -c '$(CC) -std=c11 -Wall -Werror examples/minimal.c -o $(B)/stage/minimal \
	        $$(pkg-config --cflags --libs libdigicheck)'
	LD_LIBRARY_PATH=$(STAGE)/usr/local/lib $(B)/stage/minimal rules/starter \
	    examples/drafts/antrag.md > $(B)/stage/minimal.out
	@grep -q 'Art. 1 § 2 Abs. 1 Satz 1' $(B)/stage/minimal.out || \
	    { echo "installed example: unexpected output"; cat $(B)/stage/minimal.out; exit 1; }
	$(MAKE) --no-print-directory uninstall DESTDIR=$(STAGE) PREFIX=/usr/local >/dev/null
	@test -z "$$(find $(STAGE) -type f -o -type l)" || \
	    { echo "uninstall left files:"; find $(STAGE) -type f -o -type l; exit 1; }
	@echo "install: ok"

demo: $(B)/examples/minimal
	@for f in examples/drafts/*.md examples/drafts/*.txt; do \
	    echo "== $$f"; $(B)/examples/minimal rules/starter $$f || exit 1; done

# ---- evaluation (prints figures; not part of `make test`) ------------------

EVAL_RULES ?= rules/digitalcheck

$(B)/tests/eval: tests/eval/eval.c $(SHLIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) -Iinclude $< -o $@ -L$(B) -ldigicheck -Wl,-rpath,'$$ORIGIN/..'

eval: $(B)/tests/eval
	$(B)/tests/eval $(EVAL_RULES) tests/eval/sentences.tsv
	$(B)/tests/eval $(EVAL_RULES) tests/eval/heldout.tsv

# ---- install ---------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(libdir) $(DESTDIR)$(includedir) $(DESTDIR)$(pkgconfigdir)
	install -m 644 include/digicheck.h $(DESTDIR)$(includedir)/digicheck.h
	install -m 755 $(SHLIB) $(DESTDIR)$(libdir)/libdigicheck.so.$(VERSION)
	ln -sf libdigicheck.so.$(VERSION) $(DESTDIR)$(libdir)/$(SONAME)
	ln -sf libdigicheck.so.$(VERSION) $(DESTDIR)$(libdir)/libdigicheck.so
	install -m 644 $(STLIB) $(DESTDIR)$(libdir)/libdigicheck.a
	install -m 644 $(PCFILE) $(DESTDIR)$(pkgconfigdir)/libdigicheck.pc

uninstall:
	rm -f $(DESTDIR)$(includedir)/digicheck.h \
	      $(DESTDIR)$(libdir)/libdigicheck.so.$(VERSION) \
	      $(DESTDIR)$(libdir)/$(SONAME) $(DESTDIR)$(libdir)/libdigicheck.so \
	      $(DESTDIR)$(libdir)/libdigicheck.a $(DESTDIR)$(pkgconfigdir)/libdigicheck.pc

clean:
	rm -rf $(B)
