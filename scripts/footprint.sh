#!/usr/bin/env bash
# The desktop build's footprint and startup (issue 18; docs/DESKTOP.md,
# figures in BENCHMARKS.md), on a private X display (Xvfb), window manager
# (openbox) and session bus, with a fresh data folder and its Demo
# connection:
#
#   startup    launch to the first painted Connections page: from exec to the
#              moment the window reports it painted the page with its data
#              (SHELFSYNC_STARTUP_PROBE); the first launch (fresh data folder)
#              and the median of STARTUP_RUNS warm launches. Beside it, in
#              turn launch by launch, the floor: the same programs built
#              with the startupfloor tag, whose window shows one static page
#              (scripts/startupfloor), what any page costs in this window
#              before our JavaScript and data (STARTUP_FLOOR=0: not built).
#   footprint  after the Demo connection's first sync, the PSS and CPU of
#              every ShelfSync process (the launched one and all its
#              descendants: the window process, WebKit's web and network
#              processes) with the window open, then IDLE seconds after the
#              window was closed.
#
#   scripts/footprint.sh                                            # 10 minutes idle, as packaged
#   SHELFSYNC_BIN=build/bin/shelfsync scripts/footprint.sh        # the window's build alone
#   IDLE=60 STARTUP_RUNS=3 scripts/footprint.sh                     # quicker look
#   STARTUP_ONLY=1 STARTUP_RUNS=7 scripts/footprint.sh              # startup alone
#   STARTUP_ONLY=1 STARTUP_FLOOR=0 scripts/footprint.sh             # without the floor
#
# PSS is /proc/<pid>/smaps_rollup's Pss summed over the tree: each shared
# page counted once across the processes that share it. CPU is the tree's
# utime+stime over the whole idle period, as a share of one core.
set -euo pipefail
cd "$(dirname "$0")/.."

# By default the programs as the Debian package lays them out (make build,
# make build-headless): the static build launches, as the agent, and starts
# the window's build beside it (docs/DESKTOP.md). SHELFSYNC_BIN launches
# one program instead (the window's build holds both roles then).
BIN="${SHELFSYNC_BIN:-}"
IDLE="${IDLE:-600}"
STARTUP_RUNS="${STARTUP_RUNS:-5}"

for tool in Xvfb openbox dbus-daemon wmctrl go; do
	command -v "$tool" >/dev/null || { echo "footprint: $tool is missing; run 'make setup' first" >&2; exit 1; }
done

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
# lay_out DIR WINDOW_PROGRAM: the Debian package's layout under DIR, the
# static build as the launcher; prints the launcher's path.
lay_out() {
	mkdir -p "$1/bin" "$1/lib/shelfsync"
	cp build/bin/shelfsync-headless "$1/bin/shelfsync"
	cp "$2" "$1/lib/shelfsync/shelfsync-window"
	echo "$1/bin/shelfsync"
}
if [ -z "$BIN" ]; then
	for b in build/bin/shelfsync build/bin/shelfsync-headless; do
		[ -x "$b" ] || { echo "footprint: $b is missing; run 'make build build-headless' first" >&2; exit 1; }
	done
	BIN=$(lay_out "$work/pkg" build/bin/shelfsync)
	packaged=1
fi
[ -x "$BIN" ] || { echo "footprint: $BIN is missing; run 'make build' first" >&2; exit 1; }

# A private display, window manager and session bus.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
helpers+=($!)
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
export DISPLAY=":$(head -n1 "$work/display")"
dbus-daemon --session --nofork --print-address=1 >"$work/bus" 2>/dev/null &
helpers+=($!)
for _ in $(seq 100); do [ -s "$work/bus" ] && break; sleep 0.05; done
export DBUS_SESSION_BUS_ADDRESS="$(head -n1 "$work/bus")"
# Now and then openbox cannot open a display Xvfb has just reported and
# exits; without a window manager the window is never closed and the idle
# figures would be the open window's. Start it until it manages the display.
wm_up=""
for _ in 1 2 3; do
	openbox --sm-disable >/dev/null 2>&1 &
	wm=$!
	helpers+=($wm)
	for _ in $(seq 200); do
		wmctrl -m >/dev/null 2>&1 && { wm_up=1; break; }
		kill -0 "$wm" 2>/dev/null || break
		sleep 0.05
	done
	[ -n "$wm_up" ] && break
done
[ -n "$wm_up" ] || { echo "footprint: openbox did not manage the display" >&2; exit 1; }
# A tray host: without one, closing the window minimises it (docs/DESKTOP.md).
GOFLAGS="${GOFLAGS:--mod=mod}" go build -o "$work/trayhost" ./scripts/trayhost
"$work/trayhost" &
helpers+=($!)
FLOOR_BIN=""
if [ "${STARTUP_FLOOR:-1}" = 1 ]; then
	GOFLAGS="${GOFLAGS:--mod=mod}" CGO_ENABLED=1 go build -tags desktop,production,webkit2_41,startupfloor -ldflags "-s -w" -o "$work/floor-window" .
	FLOOR_BIN="$work/floor-window"
	if [ -n "${packaged:-}" ]; then FLOOR_BIN=$(lay_out "$work/floor" "$work/floor-window"); fi
fi
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
launch() { launch_program "$BIN" "$@"; }

# launch_program PROGRAM DATA_DIR ENV...: launch, with another program.
launch_program() {
	local program=$1 data=$2; shift 2
	env "$@" setsid "$program" --data-dir "$data" >>"$work/app.log" 2>&1 &
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

# startup_ms PROGRAM DATA_DIR: one launch, timed from exec to the probe's mark.
startup_ms() {
	local probe="$work/probe" start end
	rm -f "$probe"
	start=$(date +%s%N)
	launch_program "$1" "$2" SHELFSYNC_STARTUP_PROBE="$probe" SHELFSYNC_STARTUP_DELAY=1h
	for _ in $(seq 600); do [ -s "$probe" ] && break; sleep 0.05; done
	[ -s "$probe" ] || { echo "footprint: the window never reported its first paint; log:" >&2; cat "$work/app.log" >&2; exit 1; }
	end=$(head -n1 "$probe")
	stop_app
	echo $(((end - start) / 1000000))
}

echo "binary: $BIN"
echo "== startup: launch to first painted Connections page"
median_of() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
data="$work/startup-data"
first=$(startup_ms "$BIN" "$data")
if [ -n "$FLOOR_BIN" ]; then startup_ms "$FLOOR_BIN" "$work/floor-data" >/dev/null; fi
# The app's and the floor's launches in turn, so that both see the same
# moments of a machine whose speed drifts from minute to minute.
warm=() floor=()
for _ in $(seq "$STARTUP_RUNS"); do
	warm+=("$(startup_ms "$BIN" "$data")")
	if [ -n "$FLOOR_BIN" ]; then floor+=("$(startup_ms "$FLOOR_BIN" "$work/floor-data")"); fi
done
median=$(median_of "${warm[@]}")
echo "first launch (fresh data folder): ${first} ms"
echo "warm launches: ${warm[*]} ms; median ${median} ms"
floor_median=""
if [ -n "$FLOOR_BIN" ]; then
	floor_median=$(median_of "${floor[@]}")
	echo "floor (a static page in the same window, scripts/startupfloor): warm launches: ${floor[*]} ms; median ${floor_median} ms"
	awk -v m="$median" -v f="$floor_median" 'BEGIN { printf "our page above the floor: %d ms (%.2fx the floor)\n", m - f, m / f }'
fi

[ "${STARTUP_ONLY:-}" = 1 ] && exit 0

echo "== footprint: fresh data folder, Demo's first sync"
data="$work/footprint-data"
rm -f "$work/probe"
launch "$data" SHELFSYNC_STARTUP_DELAY=1s SHELFSYNC_STARTUP_PROBE="$work/probe"
# The CLI reads the database only once the app has created it: two
# processes migrating a brand-new database at once collide.
for _ in $(seq 600); do [ -s "$work/probe" ] && break; sleep 0.05; done
synced=""
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
	if "$BIN" --data-dir "$data" history --connection Demo --limit 1 --json 2>/dev/null | grep -q '"status": *"succeeded"'; then synced=1; break; fi
	sleep 0.2
done
[ -n "$synced" ] || { echo "footprint: Demo never synced; log:" >&2; cat "$work/app.log" >&2; exit 1; }
sleep 5
procs=$(tree "$app_pid")
# shellcheck disable=SC2086
open_pss=$(pss_kb $procs)
# shellcheck disable=SC2086
echo "window open: $((open_pss / 1024)) MB PSS in $(echo $procs | wc -w) processes ($(names $procs))"

closed=""
for _ in $(seq 100); do
	wmctrl -c ShelfSync 2>/dev/null || true
	# shellcheck disable=SC2086
	[ -z "$(wmctrl -l | awk '$NF == "ShelfSync"')" ] && { closed=1; break; }
	sleep 0.1
done
[ -n "$closed" ] || { echo "footprint: the window did not close; the idle figures would be the open window's" >&2; exit 1; }
sleep 2
procs=$(tree "$app_pid")
# shellcheck disable=SC2086
t0=$(ticks $procs)
s0=$(date +%s%N)
echo "window closed; idling ${IDLE} s"
sleep "$IDLE"
procs=$(tree "$app_pid")
# shellcheck disable=SC2086
t1=$(ticks $procs)
s1=$(date +%s%N)
# shellcheck disable=SC2086
idle_pss=$(pss_kb $procs)
cpu=$(awk -v t=$((t1 - t0)) -v hz="$clk_tck" -v ns=$((s1 - s0)) 'BEGIN { printf "%.3f", 100 * (t / hz) / (ns / 1e9) }')
# shellcheck disable=SC2086
echo "window closed, idle ${IDLE} s: $((idle_pss / 1024)) MB PSS in $(echo $procs | wc -w) processes ($(names $procs)); CPU ${cpu}% of one core"
echo "RESULT startup_first_ms=$first startup_warm_median_ms=$median startup_floor_median_ms=${floor_median:-none} open_pss_kb=$open_pss idle_pss_kb=$idle_pss idle_cpu_pct=$cpu idle_s=$IDLE"
stop_app
