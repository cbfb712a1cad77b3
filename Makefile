# Conveniences around the Swift package. `make install PREFIX=/usr/local DESTDIR=...`
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
TOOLS = ux-split ux-text ux-ocr ux-merge

.PHONY: all deps build test demo bench install uninstall clean sample

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

install: build
	install -d $(BINDIR)
	for t in $(TOOLS); do install -m 755 "$$(swift build -c release --show-bin-path)/$$t" $(BINDIR)/; done
	if ls man/*.1 >/dev/null 2>&1; then install -d $(MANDIR) && install -m 644 man/*.1 $(MANDIR)/; fi

uninstall:
	for t in $(TOOLS); do rm -f $(BINDIR)/$$t $(MANDIR)/$$t.1; done

clean:
	rm -rf .build
