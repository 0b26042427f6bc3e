# ShelfSync: `make run` sets up and opens the app; `make test` runs every test.
# Both install what they need (Debian packages, the Wails CLI, npm packages)
# and are safe to run again.

SHELL := /bin/bash
GO ?= go
GOBIN := $(shell $(GO) env GOPATH)/bin
WAILS := $(GOBIN)/wails
WAILS_VERSION := v2.15.0
STATICCHECK := $(GOBIN)/staticcheck
STATICCHECK_VERSION := v0.8.2
TAGS := desktop,production,webkit2_41
BIN := build/bin/shelfsync
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X shelfsync/backend/cli.Version=$(VERSION)
APT_PACKAGES := build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth dbus-x11 chromium dunst x11-apps imagemagick \
	openbox xdotool wmctrl nsis 7zip postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export GOFLAGS := -mod=mod

.PHONY: all setup setup-system setup-wails setup-staticcheck setup-npm frontend bindings build build-headless run test test-go test-windows test-headless test-frontend test-e2e test-e2e-serve test-package package package-windows ci bench soak clean

all: build

## Set-up -------------------------------------------------------------------

setup: setup-system setup-wails setup-npm

# Debian packages: only what is missing, so a second run costs nothing.
setup-system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

setup-wails:
	@[ -x $(WAILS) ] && $(WAILS) version 2>/dev/null | grep -q $(WAILS_VERSION) || $(GO) install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_VERSION)

# npm ci only when the lock file changed since the last install.
setup-npm: frontend/node_modules/.ci-stamp
frontend/node_modules/.ci-stamp: frontend/package-lock.json
	@# npm ci empties the folder a link points to: another checkout's packages.
	@if [ -L frontend/node_modules ]; then echo "frontend/node_modules links to another checkout's packages, which npm ci would empty: run npm ci there, or touch frontend/node_modules/.ci-stamp if package-lock.json is the same"; exit 1; fi
	cd frontend && npm ci --no-audit --no-fund --prefer-offline
	touch $@

## Build --------------------------------------------------------------------

frontend: setup-npm
	cd frontend && npm run build

# Regenerate frontend/src/bridge/types.ts after changing backend/types (the
# DTOs and the named values) and frontend/src/bridge/bound.ts after changing
# a bound method; test-go fails while either is out of date.
.PHONY: types
types:
	$(GO) test ./backend/types -run TestTypeScriptTypesAreCurrent -update
	$(GO) test . -run 'TestBoundMethodsFileIsCurrent|TestTheRegistryFixtureIsCurrent' -update
	$(GO) test ./backend/events -run TestTheWindowsEventTypesAreCurrent -update

# Regenerate the TypeScript bindings after changing a bound Go method.
bindings: setup-wails
	$(WAILS) generate module -tags webkit2_41

build: setup frontend
	CGO_ENABLED=1 $(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

run: build
	./$(BIN)

# One static binary with every command and no window, for servers without
# a desktop (they cannot load WebKitGTK) and for scripts; `serve` embeds
# the frontend for browsers.
build-headless: frontend
	CGO_ENABLED=0 $(GO) build -tags headless -trimpath -ldflags "$(LDFLAGS)" -o $(BIN)-headless .

## Packages -----------------------------------------------------------------

# The .deb: the static build as /usr/bin/shelfsync (the command line and
# the desktop's agent), the window's build in /usr/lib/shelfsync, menu entry
# and icons; depends on WebKitGTK 4.1 and GTK 3.
package: build build-headless
	bash scripts/package-deb.sh $(BIN) $(BIN)-headless $(VERSION) build/bin

# The Windows installer, cross-built here: the Windows build is pure Go
# (Wails' Go WebView2 loader, the pure-Go SQLite driver), so no MinGW; NSIS's
# makensis packs it. Output: build/bin/ShelfSync-amd64-installer.exe, holding
# shelfsync.exe (the window, GUI subsystem: Wails links it -H windowsgui, so
# it has no console) and its console twin shelfsync.com (the headless build,
# console subsystem), which a terminal runs for `shelfsync`. The installer's
# file list and each executable's PE subsystem are checked after the build.
package-windows: setup-wails frontend
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -tags headless -trimpath -ldflags "$(LDFLAGS)" -o build/bin/shelfsync.com .
	CGO_ENABLED=0 $(WAILS) build -platform windows/amd64 -nsis -s -skipbindings -trimpath \
	  -ldflags "$(LDFLAGS)" -o shelfsync.exe
	rm -rf build/windows/installer/tmp
	SHELFSYNC_WINDOWS_BIN=$(CURDIR)/build/bin $(GO) test -count=1 ./scripts/windowspackage

# What CI runs: every test, then the Windows installer.
ci: test package-windows

## Tests --------------------------------------------------------------------

test: setup frontend build build-headless
	$(MAKE) test-go test-windows test-frontend test-e2e test-e2e-serve test-package test-headless

setup-staticcheck:
	@[ -x $(STATICCHECK) ] && $(STATICCHECK) -version 2>/dev/null | grep -q "($(STATICCHECK_VERSION:v%=%))" || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# test-go also checks that frontend/src/bridge/types.ts is what backend/types
# generates (backend/types/typescript_test.go; `make types` rewrites it), and
# the startupfloor build scripts/footprint.sh makes (frontend_floor.go).
# The simulation runs its 500 seeds without -race: under the race detector
# they outgrew the 10-minute test timeout on CI's 2 cores (the engine and
# storage it drives are raced in their own packages).
test-go: setup-staticcheck
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); [ -z "$$unformatted" ] || { echo "gofmt -w these files: $$unformatted"; exit 1; }
	$(GO) vet ./backend/... ./scripts/...
	$(STATICCHECK) ./...
	CGO_ENABLED=0 $(STATICCHECK) -tags headless .
	$(STATICCHECK) -tags startupfloor .
	SHELFSYNC_BIN=$(CURDIR)/$(BIN) SHELFSYNC_HEADLESS_BIN=$(CURDIR)/$(BIN)-headless SHELFSYNC_DESKTOP_TESTS=1 $(GO) test -race -count=1 . $$($(GO) list ./backend/... | grep -v '/backend/sim$$')
	$(GO) test -count=1 -timeout 20m ./backend/sim
	$(GO) test -count=1 ./scripts/...

# Every package vetted, and every backend test binary compiled, for Windows,
# so a Windows-only file cannot break unseen: they are built here, not run.
# Linked without debug information (-w), which is most of the linking time.
test-windows:
	GOOS=windows $(GO) vet ./...
	out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	  GOOS=windows $(GO) test -c -ldflags=-w -o "$$out/" ./backend/...

test-frontend:
	cd frontend && npm test

test-e2e:
	SHELFSYNC_BIN=$(CURDIR)/$(BIN) bash scripts/e2e.sh

# The same scenarios in a plain browser against `shelfsync serve` of the
# headless binary: HTTP calls and Server-Sent Events instead of Wails.
test-e2e-serve: build-headless
	SHELFSYNC_BIN=$(CURDIR)/$(BIN)-headless bash scripts/e2e-serve.sh

# Install the .deb as a merchant would and run it, then remove it again.
test-package: package
	deb=$$(ls -t build/bin/shelfsync_*.deb | head -1); \
	$(SUDO) dpkg -i "$$deb" && /usr/bin/shelfsync --version && /usr/lib/shelfsync/shelfsync-window --version \
	  && $(SUDO) dpkg -r shelfsync >/dev/null

# The headless binary runs a command with no GTK or WebKit loaded, and
# says so in a sentence when asked for the window.
test-headless: build-headless
	./$(BIN)-headless --version
	SHELFSYNC_DATA_DIR=$$(mktemp -d) ./$(BIN)-headless connection list
	if out=$$(./$(BIN)-headless 2>&1); then echo "the headless build opened no window but exited 0"; exit 1; fi; \
	echo "$$out" | grep -q "headless build of ShelfSync, which has no window"
	if out=$$(env -u SHELFSYNC_PASSWORD ./$(BIN)-headless serve --listen 0.0.0.0:0 2>&1); then echo "serve started on every interface without a password"; exit 1; fi; \
	echo "$$out" | grep -q "will not start without a password"

bench: build
	./$(BIN) bench

# Several `shelfsync serve` on one PostgreSQL (docs/SERVER.md): 3 servers,
# 300 demo connections syncing every 30 s, 10 minutes, one server killed
# with SIGKILL half-way; prints runs, overlaps, gaps, divergences, CPU and
# memory per server. `make test` runs a quick version (30 connections,
# 90 s). Needs Debian's postgresql package (APT_PACKAGES).
.PHONY: scale
scale: build-headless
	SHELFSYNC_BIN=$(CURDIR)/$(BIN)-headless SHELFSYNC_SCALE_CONNECTIONS=300 SHELFSYNC_SCALE_DURATION=10m SHELFSYNC_SCALE_MINUTE=6s \
	  nice -n 10 $(GO) test -count=1 -v -timeout 30m -run '^TestScale$$' ./backend/scale/

# The Inventory tab over 100,000 SKUs in chromium: first paint and SKU filter
# (docs/UI-BENCH.md). The first run spends minutes loading the SKUs.
.PHONY: ui-bench
ui-bench: build
	SHELFSYNC_BIN=$(CURDIR)/$(BIN) bash scripts/ui-bench.sh

soak: build
	SHELFSYNC_BIN=$(CURDIR)/$(BIN) SHELFSYNC_SOAK=1 $(GO) test -count=1 -timeout 120m ./backend/...
	$(MAKE) fuzz FUZZTIME=10m

## Fuzzing ------------------------------------------------------------------
# Each target for FUZZTIME (make soak: 10 minutes each). Their committed seed
# corpora (testdata/fuzz) already run as plain tests under make test.
.PHONY: fuzz
FUZZTIME ?= 10s
FUZZ_TARGETS := \
	./backend/connector/csvfeed:FuzzParse \
	./backend/connector/shopify:FuzzDecodeResponse \
	./backend/connector/shopify:FuzzParseJSONL \
	./backend/connector/woocommerce:FuzzDecodeProducts \
	./backend/connector/woocommerce:FuzzDecodeBatch \
	./backend/connector/woocommerce:FuzzDecodeError \
	./backend/connector/shipbob:FuzzDecodeLevels \
	./backend/connector/shipbob:FuzzDecodeProblem \
	./backend/connector/httpx:FuzzRetryAfter \
	./backend/cli:FuzzCLIArgs

fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$fn ($$pkg) for $(FUZZTIME)"; \
	  $(GO) test $$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

clean:
	rm -rf build/bin frontend/dist artifacts
