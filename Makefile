# wasl: a plain Makefile. Read top to bottom.
#
#   make            build every program into bin/
#   make SAN=1      the same with AddressSanitizer and UBSan, into bin/san/
#   make run        build the site from content/ and serve it with the
#                   forms on 127.0.0.1:$(PORT) until Ctrl-C
#   make start, make stop   the same in the background
#   make preview    the draft site on 127.0.0.1:$(PREVIEW_PORT), built again
#                   on every save, until Ctrl-C (for editing by hand)
#   make publish    build, check links, swap the live site in one step,
#                   keeping the previous one, seal the approved texts it
#                   published (content/fingerprints.txt) and have a running
#                   wasl-forms load the new form definitions; make rollback
#                   restores the previous site
#   make test       install what is missing, build, run every test twice
#                   (plain and sanitized); ends with "N passed, N failed";
#                   make SAN=1 test runs the sanitized suite alone
#   make test-spec  only the Mustache specification
#   make bench      the benchmarks (not part of make test): bench-forms,
#                   bench-site, bench-console
#   make clean

# Debian packages the build, the tests and `make run` need. `make deps`
# installs the missing ones (as root, with apt-get); every target that
# builds depends on it, so a fresh machine needs nothing done by hand.
DEB_PACKAGES = gcc make pkg-config libc6-dev \
	libcmark-dev libfcgi-dev libsqlite3-dev libjansson-dev libyaml-dev \
	libicu-dev libssl-dev libseccomp-dev nginx curl sqlite3 spawn-fcgi \
	libxml2-utils acl openssl logrotate python3 \
	nodejs chromium fonts-noto-core \
	libsodium-dev liboath-dev libqrencode-dev
# The policies' PDF files (generator/pdf.c): Pango and Cairo, the fonts
# they draw with, and poppler's tools that the tests read them with.
DEB_PACKAGES += libpango1.0-dev libcairo2-dev \
	fonts-dejavu-core poppler-utils

# What `make bench` needs on top: wrk (the load), PHP-FPM with SQLite (the
# baseline the forms are measured against), Hugo (the generator's), the
# cmark command (its floor) and GNU time (peak memory). Installed the
# same way.
BENCH_PACKAGES = wrk php-fpm php-sqlite3 hugo cmark time

MUSTACHE_SPEC ?= tests/spec/mustache
PORT ?= 8080
PREVIEW_PORT ?= 8081
VAR ?= var
LIMIT ?= 10

SAN ?=
ifeq ($(SAN),1)
FLAVOR = san
BIN = bin/san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
else
FLAVOR = std
BIN = bin
SANFLAGS =
endif
OBJ = build/$(FLAVOR)

PKGS = libcmark jansson yaml-0.1 icu-uc icu-i18n sqlite3 fcgi libcrypto \
	libseccomp libsodium liboath libqrencode
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# Pango and Cairo, for wasl-build's PDF files alone (generator/pdf.c):
# wasl-forms and wasl-admin do not load them.
PDF_PKGS = pangocairo
PDF_CFLAGS = $(shell pkg-config --cflags $(PDF_PKGS) 2>/dev/null)
PDF_LIBS = $(shell pkg-config --libs $(PDF_PKGS) 2>/dev/null)

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
	-Wwrite-strings -Wshadow -Wpointer-arith -Wformat=2
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	$(WARN) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

# The layout, one folder per part (README, Layout). Data flows one way:
# base <- mustache <- model <- view <- the programs; a folder's code sees
# only the headers of the folders it may use (the INC_* lists below), so a
# call the wrong way fails to compile.
LIB_SRC = $(wildcard lib/*/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(OBJ)/%.o)
GEN_SRC = $(wildcard generator/*.c generator/*/*.c)
GEN_OBJ = $(GEN_SRC:%.c=$(OBJ)/%.o)
WEB_SRC = $(wildcard fcgi/web/*.c)
DB_SRC = $(wildcard fcgi/db/*.c)
FORMS_SRC = $(wildcard fcgi/forms/*.c)
FCGI_SRC = $(WEB_SRC) $(DB_SRC) $(FORMS_SRC)
FCGI_OBJ = $(FCGI_SRC:%.c=$(OBJ)/%.o)
WEB_OBJ = $(WEB_SRC:%.c=$(OBJ)/%.o)
DB_OBJ = $(DB_SRC:%.c=$(OBJ)/%.o)
ADMIN_SRC = $(wildcard fcgi/admin/*.c)
ADMIN_OBJ = $(ADMIN_SRC:%.c=$(OBJ)/%.o)
CONSOLE_SRC = $(wildcard fcgi/console/*.c)
CONSOLE_OBJ = $(CONSOLE_SRC:%.c=$(OBJ)/%.o)
# What the unit tests link: every module but the programs' main.c.
MODULE_OBJ = $(LIB_OBJ) $(filter-out %/main.o,$(GEN_OBJ) $(FCGI_OBJ) \
	$(ADMIN_OBJ) $(CONSOLE_OBJ))

INC_BASE = -Ilib/base
INC_MUSTACHE = $(INC_BASE) -Ilib/mustache
INC_MODEL = $(INC_BASE) -Ilib/model
INC_VIEW = $(INC_MUSTACHE) -Ilib/model -Ilib/view
INC_LIB = $(INC_VIEW)
INC_WEB = $(INC_BASE) -Ifcgi/web
INC_DB = $(INC_MODEL) -Ifcgi/db
INC_ALL = $(INC_LIB) -Igenerator -Ifcgi/web -Ifcgi/db -Ifcgi/forms \
	-Ifcgi/admin -Ifcgi/console
TEST_SRC = $(wildcard tests/unit/*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BIN)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES = $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_REPLAY = $(FUZZ_NAMES:%=$(BIN)/tests/fuzz/%)
TOOL_SRC = $(wildcard tests/tools/*.c)
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=$(BIN)/tests/tools/%)

PROGRAMS = $(BIN)/wasl-build $(BIN)/wasl-forms $(BIN)/wasl-admin \
	$(BIN)/wasl-console

.PHONY: all deps site run start stop preview publish rollback test test-one \
	test-spec fuzz bench bench-forms bench-site bench-console clean

all: $(OBJ)/.deps-ok $(PROGRAMS) $(TEST_BIN) $(TOOL_BIN) $(FUZZ_REPLAY)

# Installs only what is missing; a no-op (and no root needed) when all is
# there. The stamp is per build directory so `make clean` re-checks.
$(OBJ)/.deps-ok: Makefile
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q --no-install-recommends $$missing || exit 1; \
	fi; \
	if ! command -v npm >/dev/null; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm || exit 1; \
	fi
	@mkdir -p $(OBJ) && touch $@

deps: $(OBJ)/.deps-ok

$(OBJ)/lib/base/%.o: INC = $(INC_BASE)
$(OBJ)/lib/mustache/%.o: INC = $(INC_MUSTACHE)
$(OBJ)/lib/model/%.o: INC = $(INC_MODEL)
$(OBJ)/lib/view/%.o: INC = $(INC_VIEW)
$(OBJ)/generator/%.o: INC = $(INC_LIB) -Igenerator
$(OBJ)/fcgi/web/%.o: INC = $(INC_WEB)
$(OBJ)/fcgi/db/%.o: INC = $(INC_DB)
$(OBJ)/fcgi/forms/%.o: INC = $(INC_LIB) -Ifcgi/web -Ifcgi/db -Ifcgi/forms
$(OBJ)/fcgi/admin/%.o: INC = $(INC_LIB) -Ifcgi/db -Ifcgi/admin
$(OBJ)/fcgi/console/%.o: INC = $(INC_LIB) -Ifcgi/web -Ifcgi/db -Ifcgi/console
# Tests reach every module.
$(OBJ)/tests/%.o: INC = $(INC_ALL)
$(OBJ)/generator/pdf.o: PKG_CFLAGS += $(PDF_CFLAGS)

$(OBJ)/%.o: %.c $(OBJ)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(INC) -MMD -MP -c -o $@ $<

$(BIN)/wasl-build: $(GEN_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(PDF_LIBS)

$(BIN)/wasl-forms: $(FCGI_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# wasl-admin shares the database module with the form processor.
$(BIN)/wasl-admin: $(ADMIN_OBJ) $(DB_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# wasl-console too: the same case operations, the same audit trail.
$(BIN)/wasl-console: $(CONSOLE_OBJ) $(WEB_OBJ) $(DB_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BIN)/tests/%: $(OBJ)/tests/unit/%.o $(MODULE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(PDF_LIBS)

$(BIN)/tests/tools/%: $(OBJ)/tests/tools/%.o $(MODULE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(PDF_LIBS)

# The fuzz harnesses as replay programs: make test feeds them the seed
# corpus and every crash ever found (tests/fuzz.test.sh).
$(BIN)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(MODULE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(INC_ALL) -DFUZZ_REPLAY -o $@ $< $(MODULE_OBJ) \
	    $(ALL_LDFLAGS) $(PKG_LIBS) $(PDF_LIBS)

-include $(wildcard $(OBJ)/*/*.d $(OBJ)/*/*/*.d $(OBJ)/*/*/*/*.d)

# ---- fuzzing (clang's libFuzzer), not part of make test ----
# make fuzz [FUZZ_SECONDS=60]: each harness runs that long from its seed
# corpus (tests/fuzz/corpus/NAME); crashes land in build/fuzz/crashes/ and
# belong, once fixed, in tests/fuzz/regressions/NAME/.
FUZZ_SECONDS ?= 60
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_OBJ_DIR = build/fuzz/obj
# The harnesses of the console's inputs (fuzz_cookie, fuzz_console_form)
# need the HTTP layer, the database module and the console's code.
FUZZ_MODULES = $(LIB_SRC) $(filter-out %/main.c,$(GEN_SRC) $(WEB_SRC) \
	$(DB_SRC) $(CONSOLE_SRC))
FUZZ_OBJ = $(FUZZ_MODULES:%.c=$(FUZZ_OBJ_DIR)/%.o)

$(FUZZ_OBJ_DIR)/%.o: %.c $(OBJ)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(INC_ALL) $(PKG_CFLAGS) $(PDF_CFLAGS) \
	    -c -o $@ $<

build/fuzz/bin/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    $(FUZZ_FLAGS) -fsanitize=fuzzer $(INC_ALL) $(PKG_CFLAGS) \
	    -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS) $(PDF_LIBS)

.SECONDARY: $(FUZZ_OBJ)

fuzz: $(FUZZ_NAMES:%=build/fuzz/bin/%)
	@for f in $(FUZZ_NAMES); do \
	  mkdir -p build/fuzz/corpus/$$f build/fuzz/crashes; \
	  echo "== $$f ($(FUZZ_SECONDS) s)"; \
	  build/fuzz/bin/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/crashes/$$f- \
	    build/fuzz/corpus/$$f tests/fuzz/corpus/$$f 2>&1 | \
	    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY)' ; \
	done; \
	if ls build/fuzz/crashes/* >/dev/null 2>&1; then \
	  echo "crashes found:"; ls build/fuzz/crashes; exit 1; \
	else echo "no crashes"; fi

# ---- benchmarks, not part of make test ----
# make bench: every benchmark; each prints its own summary table.
# BEFORE=DIR: also run another checkout's build (built in DIR/bin) beside
# this one, and print this build / that one.
bench: bench-forms bench-site bench-console

# The forms: wasl-forms against PHP-FPM and a do-nothing FastCGI
# responder, through nginx, with wrk (bench/forms.sh).
bench-forms: all $(OBJ)/.bench-deps-ok $(BIN)/bench/noop
	WASL_BIN=$(BIN) WASL_BEFORE=$(BEFORE) bench/forms.sh

# The generator: wasl-build against Hugo and the cmark floor on a corpus
# of 10,000 pages (bench/site.sh; BENCH_PAGES, BENCH_RUNS).
BENCH_PAGES ?= 10000
BENCH_RUNS ?= 3
bench-site: all $(OBJ)/.bench-deps-ok
	BIN=$(BIN) WASL_BEFORE=$(BEFORE) bench/site.sh $(BENCH_PAGES) $(BENCH_RUNS)

# The staff console's queue with 1,000 and 100,000 stored requests,
# through nginx (bench/console.sh; BENCH_CONSOLE_N fetches of each page).
BENCH_CONSOLE_N ?= 200
bench-console: all
	BIN=$(BIN) bench/console.sh $(BENCH_CONSOLE_N)

$(OBJ)/.bench-deps-ok: Makefile $(OBJ)/.deps-ok
	@missing=""; for p in $(BENCH_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q --no-install-recommends $$missing || exit 1; \
	fi
	@touch $@

$(BIN)/bench/noop: bench/noop.c $(OBJ)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) \
	    $(shell pkg-config --libs fcgi 2>/dev/null)

CTL = PORT=$(PORT) VAR=$(VAR) LIMIT=$(LIMIT) BIN=$(BIN) SITE=public \
	CONTENT=content TEMPLATES=templates fcgi/ctl.sh

site: all
	$(BIN)/wasl-build --content content --templates templates --out public

run: site
	@$(CTL) run

start: site
	@$(CTL) start

stop:
	@$(CTL) stop

preview: all
	@PREVIEW_PORT=$(PREVIEW_PORT) VAR=$(VAR) BIN=$(BIN) CONTENT=content \
	    TEMPLATES=templates fcgi/preview.sh

publish: all
	$(BIN)/wasl-build --publish --keep --content content --templates templates \
	    --out public
	@$(CTL) reload

rollback:
	$(BIN)/wasl-build --rollback --out public

# The whole suite, plain and then under the sanitizers; tests/run.sh
# prints the one closing line over both. make SAN=1 test runs the
# sanitized suite alone (as make SAN=1 test-one does).
ifeq ($(SAN),1)
test: test-one
else
test: deps
	@$(MAKE) --no-print-directory SAN=0 all >/dev/null
	@$(MAKE) --no-print-directory SAN=1 all >/dev/null
	@tests/run.sh --spec "$(MUSTACHE_SPEC)" bin bin/san
endif

# One flavour only: make test-one [SAN=1]
test-one: all
	@tests/run.sh --spec "$(MUSTACHE_SPEC)" $(BIN)

test-spec: all
	@tests/run.sh --spec "$(MUSTACHE_SPEC)" --only spec $(BIN)

clean:
	rm -rf build bin public public.prev .public.*
	@echo "(var/ keeps the database; remove it yourself if you mean to)"
