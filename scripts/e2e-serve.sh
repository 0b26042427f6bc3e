#!/usr/bin/env bash
# End-to-end tests over HTTP: the same scenarios as scripts/e2e.sh
# (frontend/e2e/app.e2e.mjs), in Debian's chromium as a plain browser
# against `shelfsync serve` of the headless binary, logging in with a
# password first. No window, no X display, no Wails: the frontend's bridge
# finds no Wails runtime and talks HTTP and Server-Sent Events.
#
# SHELFSYNC_BIN may name a binary already built (headless or desktop, both
# have serve); otherwise the headless one is built here.
set -euo pipefail
cd "$(dirname "$0")/.."

export GOFLAGS="${GOFLAGS:--mod=mod}"
for tool in /usr/bin/chromium node; do
	command -v "$tool" >/dev/null || { echo "e2e-serve: $tool is missing; run 'make setup' first" >&2; exit 1; }
done
[ -d frontend/node_modules/playwright-core ] || { echo "e2e-serve: playwright-core is missing; run 'make setup-npm'" >&2; exit 1; }
[ -f frontend/dist/index.html ] || (cd frontend && npm run build)
if [ -z "${SHELFSYNC_BIN:-}" ]; then
	export SHELFSYNC_BIN="$PWD/build/bin/shelfsync-headless"
	echo "e2e-serve: building the headless binary"
	CGO_ENABLED=0 go build -tags headless -o "$SHELFSYNC_BIN" .
fi

rm -rf artifacts/e2e
mkdir -p artifacts/e2e
status=0
SHELFSYNC_E2E_SERVE=1 node frontend/e2e/app.e2e.mjs || status=$?

# A connector kind made up for the test, registered only in a binary built
# for it (e2e_connector.go): the wizard, Test connection and a sync must
# know it from its description alone. A browser cannot add a kind to the
# real binary, whose registry is compiled in; this binary differs from it
# by that one file.
echo "e2e-serve: building the binary with the made-up connector"
made_up="$PWD/build/bin/shelfsync-e2econnector"
CGO_ENABLED=0 go build -tags headless,e2econnector -o "$made_up" .
SHELFSYNC_BIN="$made_up" node frontend/e2e/connector.e2e.mjs || status=$?
exit "$status"
