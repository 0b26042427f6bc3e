#!/usr/bin/env bash
# UI benchmark: the Inventory tab over 100,000 SKUs in chromium (see
# scripts/ui-bench.mjs for what is measured and how). Serves the window the
# way scripts/e2e.sh does: the Wails dev build, which carries the bound Go
# methods to a browser over a WebSocket. Results: artifacts/ui-bench/ and
# docs/UI-BENCH.md (written by hand from them).
set -euo pipefail
cd "$(dirname "$0")/.."

export SHELFSYNC_BIN="${SHELFSYNC_BIN:-$PWD/build/bin/shelfsync}"
export SHELFSYNC_DEV_BIN="$PWD/build/bin/shelfsync-dev"
export GOFLAGS="${GOFLAGS:--mod=mod}"

[ -x "$SHELFSYNC_BIN" ] || { echo "ui-bench: $SHELFSYNC_BIN is missing; run 'make build' first" >&2; exit 1; }
[ -f frontend/dist/index.html ] || (cd frontend && npm run build)
CGO_ENABLED=1 go build -tags dev,webkit2_41 -o "$SHELFSYNC_DEV_BIN" .
mkdir -p artifacts/ui-bench
exec node scripts/ui-bench.mjs "$@"
