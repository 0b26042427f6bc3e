#!/usr/bin/env bash
# Renders every icon ShelfSync ships from build/icon/shelfsync.svg: the
# 1024px app icon Wails reads, the hicolor sizes the .deb installs, the
# Windows .ico, and the tray's three states (idle, syncing, errors), which
# are the app icon with a badge. Run it after editing the SVG and commit the
# output; builds do not need ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/.."

# The real ImageMagick: its SVG reader needs libmagickcore-6.q16-6-extra.
CONVERT=${CONVERT:-/usr/bin/convert}
SRC=build/icon/shelfsync.svg
TRAY=backend/notify/icons
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$CONVERT" -background none "$SRC" -resize 1024x1024 build/appicon.png

for size in 16 24 32 48 64 128 256 512; do
  dir=build/linux/icons/hicolor/${size}x${size}/apps
  mkdir -p "$dir"
  "$CONVERT" build/appicon.png -resize ${size}x${size} -strip "$dir/shelfsync.png"
done

mkdir -p build/windows
"$CONVERT" build/appicon.png -define icon:auto-resize=256,64,48,32,24,16 build/windows/icon.ico

# Tray states: a badge in the lower right, big enough to read at 22px.
mkdir -p "$TRAY"
"$CONVERT" build/appicon.png -resize 64x64 -strip "$TRAY/idle.png"
"$CONVERT" build/appicon.png \
  -fill white -draw "circle 790,790 790,560" \
  -fill '#2f6fdf' -draw "circle 790,790 790,590" \
  -fill white -draw "circle 700,790 700,745" -draw "circle 790,790 790,745" -draw "circle 880,790 880,745" \
  -resize 64x64 -strip "$TRAY/syncing.png"
"$CONVERT" build/appicon.png \
  -fill white -draw "circle 790,790 790,560" \
  -fill '#d62f2f' -draw "circle 790,790 790,590" \
  -fill white -draw "roundrectangle 760,650 820,830 20,20" -draw "circle 790,900 790,866" \
  -resize 64x64 -strip "$TRAY/error.png"
for state in idle syncing error; do
  "$CONVERT" "$TRAY/$state.png" -define icon:auto-resize=32,16 "$TRAY/$state.ico"
done
echo "icons written"
