#!/usr/bin/env bash
# End-to-end tests: the real window in Debian's chromium against the real Go
# backend (frontend/e2e/app.e2e.mjs). `make test-e2e` runs this with
# SHELFSYNC_BIN set to the production binary, which the tests use as the CLI
# to check what the window did against the database.
#
# How the browser reaches Go: Wails v2's dev build (go build -tags dev)
# serves the app to browsers as well as to its own window: an HTTP server on
# the address in $devserver gives the frontend files from $assetdir plus
# /wails/ipc.js and /wails/runtime.js, which fill window.go and window.runtime
# and carry bound-method calls and events over a WebSocket
# (internal/frontend/devserver). That is what `wails dev` runs too, minus
# regenerating bindings, running Vite and recompiling on every start: here
# the dev binary is built once (go's cache makes a rebuild cheap) and started
# once for the whole suite, on a fresh SHELFSYNC_DATA_DIR (which gets the
# Demo connection), under xvfb-run (its own WebKit window needs an X display)
# and dbus-run-session (a private session bus, so the tray, notifications and
# single-instance lock never meet a ShelfSync on the machine's own desktop).
# The two settings go in as environment variables, which Wails' dev build
# reads instead of flags that ShelfSync's argument parser would refuse.
#
# Screenshots of every main screen land in artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

export SHELFSYNC_BIN="${SHELFSYNC_BIN:-$PWD/build/bin/shelfsync}"
export SHELFSYNC_DEV_BIN="$PWD/build/bin/shelfsync-dev"
export SHELFSYNC_FAKESHOP_BIN="$PWD/build/bin/fakeshop"
export GOFLAGS="${GOFLAGS:--mod=mod}"

for tool in xvfb-run dbus-run-session /usr/bin/chromium node; do
	command -v "$tool" >/dev/null || { echo "e2e: $tool is missing; run 'make setup' first" >&2; exit 1; }
done
[ -x "$SHELFSYNC_BIN" ] || { echo "e2e: $SHELFSYNC_BIN is missing; run 'make build' first" >&2; exit 1; }
[ -d frontend/node_modules/playwright-core ] || { echo "e2e: playwright-core is missing; run 'make setup-npm'" >&2; exit 1; }
# The dev binary embeds frontend/dist as the production one does; the
# window is served from it on disk.
[ -f frontend/dist/index.html ] || (cd frontend && npm run build)

echo "e2e: building the dev binary (serves the window to a browser)"
CGO_ENABLED=1 go build -tags dev,webkit2_41 -o "$SHELFSYNC_DEV_BIN" .
# The Shopify fake the wizard's location list is tested against.
go build -o "$SHELFSYNC_FAKESHOP_BIN" ./scripts/fakeshop

rm -rf artifacts/e2e
mkdir -p artifacts/e2e
# The merchant's first session, then what a merchant must trust at a glance
# (issue 16: failing, warnings, counts, confirmations), each on its own app.
status=0
node frontend/e2e/app.e2e.mjs || status=1
node frontend/e2e/window.e2e.mjs || status=1
exit $status
