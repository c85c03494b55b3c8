# The two commands of the README:
#   make run    builds factql and starts the REPL on the built-in fact base
#   make test   builds and runs every test
#   make fuzz   fuzzes the lexer, the parser, the whole pipeline and the fact-file loader with libFuzzer, FUZZ_SECONDS
#               (default 60) per target; see docs/ROBUSTNESS.md
# Both first install the system packages the build and the tests need, when they are missing.

SWIFT ?= swift
PREFIX ?= /usr/local

FUZZ_SECONDS ?= 60

.PHONY: run test fuzz build release bench bench-growth bench-database deps install uninstall clean

# `make run`, `make install` and `make bench` share one release build, .build/release/factql,
# built with the same flags (a build with other flags into the same folder rebuilds everything,
# about 90 s each way). The fuzzers build apart, in .build/fuzz (fuzz/run.sh).
BINARY = .build/release/factql

run: release
	$(BINARY)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

fuzz: deps
	fuzz/run.sh $(FUZZ_SECONDS)

build: deps
	$(SWIFT) build

# A static executable starts in about 1 ms instead of 3 (no dynamic linking of the Swift runtime
# and libedit, see README "Performance"); where the static libraries are missing, a plain build.
# libpq links from .build/libpq-static/libfactql-pq.a, which static/libpq.sh makes: Debian's
# libpq.a with libpgcommon, libpgport, libssl and libcrypto merged in, and stand-ins for GSSAPI
# and LDAP (no static libraries of them in Debian).
PQ_STATIC = .build/libpq-static
STATIC_FLAGS = --static-swift-stdlib -Xswiftc -static-executable -Xlinker -ltinfo -Xlinker -lbsd -Xlinker -lmd \
	-Xlinker -L$(PQ_STATIC) -Xlinker -lfactql-pq -Xlinker -ldl -Xlinker -lpthread
# True when the toolchain's static Swift runtime and the static libedit, libtinfo, libbsd, libmd,
# libsqlite3 and libpq (with what it needs) are there: checked first, so a machine without them
# does not try (and fail) a static link at every build.
STATIC_READY = test -e "$$(dirname "$$(readlink -f "$$(command -v $(SWIFT))")")/../lib/swift_static/linux/static-executable-args.lnk" \
	$(foreach library,edit tinfo bsd md sqlite3,&& { ls /usr/lib/*/lib$(library).a || ls /usr/lib/lib$(library).a; } >/dev/null 2>&1) \
	&& { [ $(PQ_STATIC)/libfactql-pq.a -nt static/libpq.sh ] && [ $(PQ_STATIC)/libfactql-pq.a -nt static/gss-ldap-stubs.c ] || static/libpq.sh $(PQ_STATIC); }
RELEASE_BUILD = $(SWIFT) build -c release --product factql

release: deps
	@if [ ! -x $(BINARY) ]; then \
		echo "building factql (release, static): the first build takes about 4 minutes on 2 cores; later ones rebuild only what changed"; \
	fi
	@if $(STATIC_READY); then \
		echo "$(RELEASE_BUILD) $(STATIC_FLAGS)"; \
		$(RELEASE_BUILD) $(STATIC_FLAGS) || { echo "the static link failed: a plain build"; $(RELEASE_BUILD); }; \
	else \
		echo "no static Swift runtime, libedit.a or libpq.a here: a plain (dynamic) build"; \
		$(RELEASE_BUILD); \
	fi

# factql against sqlite3 on generated data; see README "Performance".
bench:
	benchmarks/run.sh

# Each construct that could grow in an unusual direction, at 1k to 1M; see docs/ROBUSTNESS.md.
bench-growth: release
	python3 benchmarks/growth.py $(BINARY)

# FactQL over an SQLite file beside sqlite3 on the same data (README "Databases"); the workload of
# `make bench`, generated if missing.
DATABASE_SIZES = 10000 100000 1000000
bench-database: release
	for n in $(DATABASE_SIZES); do test -f /tmp/factql-bench-db/$$n/expected.json || python3 benchmarks/generate.py $$n /tmp/factql-bench-db/$$n; done
	python3 benchmarks/database.py $(BINARY) $(foreach n,$(DATABASE_SIZES),/tmp/factql-bench-db/$(n))

# libedit-dev for the line editor; libsqlite3-dev for database files; libpq-dev for PostgreSQL
# databases; tmux drives the REPL tests in a real terminal; sqlite3 is the independent oracle of
# the SQL bridge tests. (The PostgreSQL server the tests run against: .ci/run installs it.)
deps:
	@missing=""; \
	pkg-config --exists libedit 2>/dev/null || missing="$$missing libedit-dev"; \
	pkg-config --exists sqlite3 2>/dev/null || missing="$$missing libsqlite3-dev"; \
	pkg-config --exists libpq 2>/dev/null || missing="$$missing libpq-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v sqlite3 >/dev/null 2>&1 || missing="$$missing sqlite3"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y $$missing; \
	fi

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/factql
	install -m 0644 docs/factql.1 $(DESTDIR)$(PREFIX)/share/man/man1/factql.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 completions/factql.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/factql
	install -m 0644 completions/_factql $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_factql
	install -m 0644 completions/factql.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/factql.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/factql $(DESTDIR)$(PREFIX)/share/man/man1/factql.1
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/factql $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_factql
	rm -f $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/factql.fish

clean:
	rm -rf .build
