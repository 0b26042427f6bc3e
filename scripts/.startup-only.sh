#!/usr/bin/env bash
# The desktop build's footprint and startup (issue 18; docs/DESKTOP.md,
# figures in BENCHMARKS.md), on a private X display (Xvfb), window manager
# (openbox) and session bus, with a fresh data folder and its Demo
# connection:
#
#   startup    launch to the first painted Connections page: from exec to the
#              moment the window reports it painted the page with its data
#              (SHELFSYNC_STARTUP_PROBE); the first launch (fresh data folder)
#              and the median of STARTUP_RUNS warm launches.
#   footprint  after the Demo connection's first sync, the PSS and CPU of
#              every ShelfSync process (the launched one and all its
#              descendants: the window process, WebKit's web and network
#              processes) with the window open, then IDLE seconds after the
#              window was closed.
#
#   SHELFSYNC_BIN=build/bin/shelfsync scripts/footprint.sh        # 10 minutes idle
#   IDLE=60 STARTUP_RUNS=3 scripts/footprint.sh                     # quicker look
#
# PSS is /proc/<pid>/smaps_rollup's Pss summed over the tree: each shared
# page counted once across the processes that share it. CPU is the tree's
# utime+stime over the whole idle period, as a share of one core.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${SHELFSYNC_BIN:-$PWD/build/bin/shelfsync}"
IDLE="${IDLE:-600}"
STARTUP_RUNS="${STARTUP_RUNS:-5}"

for tool in Xvfb openbox dbus-daemon wmctrl go; do
	command -v "$tool" >/dev/null || { echo "footprint: $tool is missing; run 'make setup' first" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "footprint: $BIN is missing; run 'make build' first" >&2; exit 1; }

work=$(mktemp -d)
helpers=()
app_pgid=""
cleanup() {
	[ -n "$app_pgid" ] && kill -TERM -- "-$app_pgid" 2>/dev/null || true
	for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# A private display, window manager and session bus.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
helpers+=($!)
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
export DISPLAY=":$(head -n1 "$work/display")"
dbus-daemon --session --nofork --print-address=1 >"$work/bus" 2>/dev/null &
helpers+=($!)
for _ in $(seq 100); do [ -s "$work/bus" ] && break; sleep 0.05; done
export DBUS_SESSION_BUS_ADDRESS="$(head -n1 "$work/bus")"
openbox --sm-disable >/dev/null 2>&1 &
helpers+=($!)
# A tray host: without one, closing the window minimises it (docs/DESKTOP.md).
GOFLAGS="${GOFLAGS:--mod=mod}" go build -o "$work/trayhost" ./scripts/trayhost
"$work/trayhost" &
helpers+=($!)
export XDG_CONFIG_HOME="$work/config"
unset SHELFSYNC_DATA_DIR

clk_tck=$(getconf CLK_TCK)

# tree PID: PID and every descendant.
tree() {
	ps -e -o pid=,ppid= | awk -v root="$1" '
		{ parent[$1] = $2 }
		END {
			keep[root] = 1; grew = 1
			while (grew) { grew = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grew = 1 } }
			for (p in keep) printf "%s ", p
		}'
}

# pss_kb PID...: the summed Pss in kB.
pss_kb() {
	local total=0 kb
	for pid in "$@"; do
		kb=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null) || continue
		total=$((total + ${kb:-0}))
	done
	echo $total
}

# ticks PID...: summed utime+stime in clock ticks.
ticks() {
	local total=0 t
	for pid in "$@"; do
		t=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null) || continue
		total=$((total + t))
	done
	echo $total
}

# names PID...: each process's command name.
names() {
	for pid in "$@"; do tr -d '\n' <"/proc/$pid/comm" 2>/dev/null && printf ' '; done
}

# launch DATA_DIR ENV...: starts the app in its own process group.
launch() {
	local data=$1; shift
	env "$@" setsid "$BIN" --data-dir "$data" >>"$work/app.log" 2>&1 &
	app_pid=$!
	app_pgid=$app_pid
}

stop_app() {
	kill -TERM -- "-$app_pgid" 2>/dev/null || true
	for _ in $(seq 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL -- "-$app_pgid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
	app_pgid=""
}

# startup_ms DATA_DIR: one launch, timed from exec to the probe's mark.
startup_ms() {
	local probe="$work/probe" start end
	rm -f "$probe"
	start=$(date +%s%N)
	launch "$1" SHELFSYNC_STARTUP_PROBE="$probe" SHELFSYNC_STARTUP_DELAY=1h
	for _ in $(seq 600); do [ -s "$probe" ] && break; sleep 0.05; done
	[ -s "$probe" ] || { echo "footprint: the window never reported its first paint; log:" >&2; cat "$work/app.log" >&2; exit 1; }
	end=$(head -n1 "$probe")
	stop_app
	echo $(((end - start) / 1000000))
}

echo "binary: $BIN"
echo "== startup: launch to first painted Connections page"
data="$work/startup-data"
first=$(startup_ms "$data")
warm=()
for _ in $(seq "$STARTUP_RUNS"); do warm+=("$(startup_ms "$data")"); done
median=$(printf '%s\n' "${warm[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "first launch (fresh data folder): ${first} ms"
echo "warm launches: ${warm[*]} ms; median ${median} ms"

