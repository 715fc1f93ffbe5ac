# winnow: one plain Makefile. `make` builds ./winnow; see README.md for the rest.
# Missing libraries are installed with apt-get when run as root, else we print the line.

PREFIX  ?= /usr/local
BUILD   ?= build
WINNOW  ?= ./winnow
CC      ?= cc
SAN     ?=

PKGS     = ncursesw sqlite3 libpcre2-8 libcjson zlib openblas
DEB_PKGS = pkg-config libncurses-dev libsqlite3-dev libpcre2-dev libcjson-dev zlib1g-dev libopenblas-dev

OPT      ?= -O2
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
comma    := ,
SANFLAGS  = $(if $(SAN),-fsanitize=address$(comma)undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
CFLAGS   += -std=c11 $(OPT) -g $(WARN) -D_DEFAULT_SOURCE -MMD -MP $(SANFLAGS) \
            -I. -Isrc -Idb -I$(BUILD)/gen $(PKG_CFLAGS)
LDFLAGS  += $(SANFLAGS)
LDLIBS   += $(PKG_LIBS) -lpthread -lm

ifeq ($(filter clean distclean help deps,$(MAKECMDGOALS)),)
-include $(BUILD)/flags.mk
endif

CORE_SRC = $(wildcard src/util/*.c src/ingest/*.c src/select/*.c src/score/*.c src/eval/*.c) \
           $(wildcard src/engine*.c) $(wildcard db/*.c)
CLI_SRC  = src/main.c $(wildcard src/cli/*.c)
UI_SRC   = $(wildcard ui/*.c)
UNIT_SRC = $(wildcard tests/unit/*.c)
SQL      = db/schema.sql $(sort $(wildcard db/migrations/*.sql))

CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/db_sql.o
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o) $(UI_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ = $(UNIT_SRC:%.c=$(BUILD)/%.o)
GEN_BIN  = $(BUILD)/gen_samples

.PHONY: all deps test asan bench run install uninstall clean samples check-samples help
all: $(WINNOW)

help:
	@echo "make          build ./winnow"
	@echo "make run      build, import the bundled sample and open it"
	@echo "make test     build and run every test suite"
	@echo "make asan     the same suites under AddressSanitizer + UBSan"
	@echo "make bench    import/search/score benchmarks at 100k and 1M samples, and the"
	@echo "              trainer against PyTorch (BENCH_ONLY=trainer: just that)"
	@echo "make samples  regenerate samples/ with the project's generator"
	@echo "make install  PREFIX=$(PREFIX)"

# --- dependencies -----------------------------------------------------------------
deps:
	@if ! pkg-config --exists $(PKGS) 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "winnow: installing $(DEB_PKGS)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS) >/dev/null || exit 1; \
	  else \
	    echo "winnow: missing libraries. Install them with:"; \
	    echo "  sudo apt-get install $(DEB_PKGS)"; exit 1; \
	  fi; \
	fi

$(BUILD)/flags.mk:
	@$(MAKE) --no-print-directory deps
	@mkdir -p $(BUILD)
	@{ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS := $$(pkg-config --libs $(PKGS))"; } > $@.tmp && mv $@.tmp $@

# --- build ------------------------------------------------------------------------
$(BUILD)/%.o: %.c $(BUILD)/flags.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/gen/db_sql.c: $(SQL) db/embed.sh
	@mkdir -p $(dir $@)
	sh db/embed.sh $(SQL) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/db_sql.o: $(BUILD)/gen/db_sql.c
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libcore.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(WINNOW): $(CLI_OBJ) $(BUILD)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcore.a $(LDLIBS)

$(BUILD)/unit_tests: $(UNIT_OBJ) $(BUILD)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(BUILD)/libcore.a $(LDLIBS)

$(GEN_BIN): samples/gen_samples.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -D_DEFAULT_SOURCE $(SANFLAGS) $(PKG_CFLAGS) -o $@ $< -lcjson -lm

# --- targets ----------------------------------------------------------------------
test: $(WINNOW) $(BUILD)/unit_tests $(GEN_BIN)
	@WINNOW=$(WINNOW) BUILD=$(BUILD) sh tests/run.sh

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan WINNOW=build-asan/winnow SAN=1 OPT=-O1 test

bench: $(WINNOW) $(GEN_BIN)
	@WINNOW=$(WINNOW) BUILD=$(BUILD) sh tests/bench/run.sh $(BENCH_ARGS)

samples: $(GEN_BIN)
	$(GEN_BIN) samples

run: $(WINNOW)
	@sh tests/run_demo.sh $(WINNOW)

install: $(WINNOW)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(WINNOW) $(DESTDIR)$(PREFIX)/bin/winnow

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/winnow

clean:
	rm -rf build build-asan winnow

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
