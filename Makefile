# Conveniences around the Swift package. `make install PREFIX=/usr/local DESTDIR=...`
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
# Every tool has a generated man page (scripts/generate-docs; CI checks they are current).
TOOLS = $(patsubst man/%.1,%,$(wildcard man/*.1))
# A folder of tools already built (e.g. the tests' own build); empty: build a release first.
BUILT ?=

.PHONY: all deps build test demo bench install uninstall clean sample docs check-docs

all: build

deps:
	bash scripts/install-deps

build:
	swift build -c release

test:
	swift test

demo:
	bash scripts/demo

bench: build
	bash bench/text-layer

sample:
	swift run unifex-fixture examples/sample.json examples/sample.pdf >/dev/null

install: $(if $(BUILT),,build)
	@test -n "$(TOOLS)" || { echo "make install: no man/*.1, run scripts/generate-docs" >&2; exit 1; }
	built="$(BUILT)"; [ -n "$$built" ] || built="$$(swift build -c release --show-bin-path)"; \
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR) && \
	for t in $(TOOLS); do \
	  install -m 755 "$$built/$$t" $(BINDIR)/$$t && \
	  install -m 644 man/$$t.1 $(MANDIR)/$$t.1 && \
	  install -m 644 completions/bash/$$t $(BASHDIR)/$$t && \
	  install -m 644 completions/zsh/_$$t $(ZSHDIR)/_$$t && \
	  install -m 644 completions/fish/$$t.fish $(FISHDIR)/$$t.fish || exit 1; \
	done

uninstall:
	for t in $(TOOLS); do \
	  rm -f $(BINDIR)/$$t $(MANDIR)/$$t.1 $(BASHDIR)/$$t $(ZSHDIR)/_$$t $(FISHDIR)/$$t.fish; \
	done

docs:
	bash scripts/generate-docs

check-docs:
	bash scripts/check-docs

clean:
	rm -rf .build
