# servicedesk: build, run, check, bench, install. `make help` lists the targets.
# Objects go to build/ (build/san/ with SAN=1), binaries to bin/.

PREFIX  ?= /usr/local
# The config file goes to $(SYSCONFDIR)/svcdesk/svcdeskd.conf, if absent
# (/etc with PREFIX=/usr, as a package installs it).
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
CC      ?= cc
PKGS     = libevent libevent_openssl libpq libcjson openssl libsodium libcurl \
           xlsxwriter
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wformat=2 -I. \
           $(shell pkg-config --cflags $(PKGS) ncursesw check 2>/dev/null) \
           -DSVCDESK_VERSION='"$(VERSION)"' -DSVCDESK_DATADIR='"$(PREFIX)/share/svcdesk"'
LDLIBS_COMMON = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
# The daemon's alone (sd_notify, the journal): not the client's.
LDLIBS_SERVER = $(shell pkg-config --libs libsystemd 2>/dev/null)
# The version is debian/changelog's (svcdeskd --version and the packages agree).
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)

# Quiet by default; `make V=1` shows the commands.
ifeq ($(V),1)
Q =
else
Q = @
endif

ifeq ($(FUZZ),1)
# The fuzz build (tests/fuzz/, `make fuzz`): clang's libFuzzer with ASan and
# UBSan; every object instrumented, the targets link the fuzzer's main.
CC       = clang
# (clang counts a positional initializer that leaves the last fields zero as
# missing them: gcc does not, and the code relies on it.)
CFLAGS  += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined -Wno-missing-field-initializers
OBJDIR   = build/fuzz
BINDIR   = bin/fuzz
else ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
OBJDIR   = build/san
BINDIR   = bin/san
else
OBJDIR   = build/obj
BINDIR   = bin
endif

COMMON_SRC = $(wildcard common/*.c)
SERVER_SRC = $(wildcard server/*.c)
CLIENT_SRC = client/conn.c
TUI_SRC    = client/main.c $(wildcard client/ui/*.c client/widget/*.c client/screen/*.c)
COMMON_OBJ = $(COMMON_SRC:%.c=$(OBJDIR)/%.o)
SERVER_OBJ = $(filter-out $(OBJDIR)/server/main.o,$(SERVER_SRC:%.c=$(OBJDIR)/%.o))
CLIENT_OBJ = $(CLIENT_SRC:%.c=$(OBJDIR)/%.o)
TUI_OBJ    = $(TUI_SRC:%.c=$(OBJDIR)/%.o)

UNIT_SRC   = $(wildcard tests/unit/*.c)
INTEG_SRC  = $(wildcard tests/integration/*.c)
BENCH_SRC  = $(wildcard tests/bench/*.c)

all: $(BINDIR)/svcdeskd $(BINDIR)/svcdesk locale

$(BINDIR)/svcdeskd: $(OBJDIR)/server/main.o $(SERVER_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_SERVER) $(LDLIBS_COMMON)

$(BINDIR)/svcdesk: $(TUI_OBJ) $(CLIENT_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs ncursesw) $(LDLIBS_COMMON)

$(OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(OBJDIR)/*/*.d $(OBJDIR)/*/*/*.d $(OBJDIR)/*/*/*/*.d)

# --- translations: po/LANG.po -> locale/LANG/LC_MESSAGES/svcdesk.mo
PO_FILES = $(wildcard po/*.po)
MO_FILES = $(PO_FILES:po/%.po=locale/%/LC_MESSAGES/svcdesk.mo)
locale: $(MO_FILES)
locale/%/LC_MESSAGES/svcdesk.mo: po/%.po
	@mkdir -p $(@D)
	$(Q)msgfmt --check -o $@ $<
# Every text a user can read: the client's (_ and N_) and the daemon's
# refusals (the format given to proto_fail and request_failf).
POT ?= po/svcdesk.pot
pot:
	xgettext -k_ -kN_ --keyword=proto_fail:4 --flag=proto_fail:4:c-format \
	    --keyword=request_failf:4 --flag=request_failf:4:c-format \
	    --add-comments=TRANSLATORS: --from-code=UTF-8 -o $(POT) \
	    client/*.c client/*/*.[ch] common/*.[ch] server/*.[ch]

# --- tests
# The unit tests take the client's logic too (lists, keys, labels, input
# parsing): every client object but main.o.
$(BINDIR)/test_unit: $(UNIT_SRC:%.c=$(OBJDIR)/%.o) $(filter-out $(OBJDIR)/client/main.o,$(TUI_OBJ)) \
    $(CLIENT_OBJ) $(SERVER_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs ncursesw) $(LDLIBS_SERVER) \
	    $(LDLIBS_COMMON) $(shell pkg-config --libs check)

$(BINDIR)/test_integration: $(INTEG_SRC:%.c=$(OBJDIR)/%.o) $(CLIENT_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_COMMON) $(shell pkg-config --libs check)

$(BINDIR)/svcdesk-bench: $(BENCH_SRC:%.c=$(OBJDIR)/%.o) $(CLIENT_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_COMMON)

# The push measurement's generator (scripts/bench, BENCH_OPS push): a program
# of its own, so it is not in BENCH_SRC.
PUSHGEN_SRC = tests/bench/push/pushgen.c tests/bench/hist.c
$(BINDIR)/svcdesk-pushgen: $(PUSHGEN_SRC:%.c=$(OBJDIR)/%.o)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_COMMON)

tests: all $(BINDIR)/test_unit $(BINDIR)/test_integration

# --- fuzzing: one libFuzzer target per tests/fuzz/fuzz_*.c, built with
# FUZZ=1 into bin/fuzz; scripts/fuzz runs them (FUZZ_TIME seconds each).
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_LINK    = -fsanitize=fuzzer,address,undefined
# fuzz_ops runs every handler with the database, the password hasher and
# the sockets replaced by the target's own (tests/fuzz/fuzz_ops.c).
FUZZ_OPS_WRAP = $(addprefix -Wl$(comma)--wrap=,db_query db_is_up hasher_hash hasher_verify \
    net_send_line net_send_owned net_send_owned_whole net_client_release \
    push_publish push_announce push_announce_data exporter_run)
comma := ,

$(BINDIR)/fuzz_frame $(BINDIR)/fuzz_proto: $(BINDIR)/%: $(OBJDIR)/tests/fuzz/%.o $(COMMON_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(FUZZ_LINK) -o $@ $^ $(LDLIBS_COMMON)

$(BINDIR)/fuzz_ops: $(OBJDIR)/tests/fuzz/fuzz_ops.o $(SERVER_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(FUZZ_LINK) $(FUZZ_OPS_WRAP) -o $@ $^ $(LDLIBS_SERVER) $(LDLIBS_COMMON)

$(BINDIR)/fuzz_reply: $(OBJDIR)/tests/fuzz/fuzz_reply.o \
    $(filter-out $(OBJDIR)/client/main.o,$(TUI_OBJ)) $(CLIENT_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(FUZZ_LINK) -o $@ $^ $(shell pkg-config --libs ncursesw) $(LDLIBS_COMMON)

fuzz-build: $(addprefix $(BINDIR)/,$(FUZZ_TARGETS))

# FUZZ_TIME=seconds per target (default 60); FUZZ_TARGETS="fuzz_ops" for one.
fuzz: deps
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	@FUZZ_TIME=$(or $(FUZZ_TIME),60) scripts/fuzz $(FUZZ_TARGETS)

deps:
	@scripts/deps

check: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory SAN=1 tests
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	@scripts/check

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run

stop:
	@scripts/run stop

bench: deps
	@$(MAKE) --no-print-directory all $(BINDIR)/svcdesk-bench $(BINDIR)/svcdesk-pushgen
	@scripts/bench

# The crash test at length (tests/chaos/chaos.sh): make chaos CHAOS_FAULTS=1000 [CHAOS_SEED=n]
# [SAN=1: the daemons are the ASan+UBSan build]
chaos: deps
	@$(MAKE) --no-print-directory all
	@SVCDESK_BIN=$(CURDIR)/$(BINDIR) CHAOS_FAULTS=$(or $(CHAOS_FAULTS),100) \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    bash tests/chaos/chaos.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/svcdesk/sql \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man7 \
	    $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 755 bin/svcdeskd bin/svcdesk $(DESTDIR)$(PREFIX)/bin/
	install -m 644 sql/*.sql $(DESTDIR)$(PREFIX)/share/svcdesk/sql/
	install -d $(DESTDIR)$(PREFIX)/share/svcdesk/sql/functions
	install -m 644 sql/functions/*.sql $(DESTDIR)$(PREFIX)/share/svcdesk/sql/functions/
	install -m 644 man/svcdesk.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 man/svcdesk-protocol.7 $(DESTDIR)$(PREFIX)/share/man/man7/
	install -m 644 man/svcdeskd.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -d $(DESTDIR)$(SYSCONFDIR)/svcdesk
	[ -e $(DESTDIR)$(SYSCONFDIR)/svcdesk/svcdeskd.conf ] || \
	    install -m 644 doc/svcdeskd.conf $(DESTDIR)$(SYSCONFDIR)/svcdesk/svcdeskd.conf
	for mo in $(MO_FILES); do l=$${mo#locale/}; l=$${l%%/*}; \
	    install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES; \
	    install -m 644 $$mo $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/; done

# The Debian packages svcdeskd and svcdesk (debian/), built by dpkg-buildpackage
# in a copy of the tree's files (git ls-files: what a fresh clone holds, with
# their changes) under build/deb, where the .deb files and the .changes land.
DEB_DIR = build/deb
deb: deps
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/servicedesk-$(VERSION)
	git ls-files -z --cached --others --exclude-standard | \
	    tar -c --null -T - -f - | tar -x -C $(DEB_DIR)/servicedesk-$(VERSION)
	cd $(DEB_DIR)/servicedesk-$(VERSION) && \
	    DEB_BUILD_OPTIONS="parallel=$(or $(DEB_JOBS),2) $(DEB_BUILD_OPTIONS)" \
	    dpkg-buildpackage -b -us -uc
	lintian --fail-on error $(DEB_DIR)/servicedesk_$(VERSION)_*.changes

clean:
	rm -rf build bin locale

help:
	@echo "make [all|run|stop|check|bench|chaos|fuzz|install|deb|clean] [SAN=1] [FUZZ_TIME=s]"

.PHONY: all locale pot tests deps check run stop bench chaos fuzz fuzz-build install deb clean help
