#!/usr/bin/env bash
# Builds the Debian package from the binaries `make build` and
# `make build-headless` made:
#   scripts/package-deb.sh WINDOW_BINARY STATIC_BINARY VERSION OUTDIR
# The static build (no WebKit linked) is /usr/bin/shelfsync: the command
# line, and the desktop's resident agent, which starts the window's program
# /usr/lib/shelfsync/shelfsync-window when the window is to show
# (docs/DESKTOP.md). Then the menu entry and the icons at every size, and
# the WebKitGTK 4.1 and GTK 3 libraries the window needs.
set -euo pipefail
cd "$(dirname "$0")/.."

window_bin=${1:?window binary}
static_bin=${2:?static binary}
version=${3:?version}
out=${4:?output folder}

# Debian versions start with a digit; a git describe like "4699629-dirty"
# becomes 0.1.0+git4699629.dirty.
if [[ $version =~ ^v?[0-9]+\.[0-9]+ ]]; then
  version=${version#v}
else
  version="0.1.0+git${version}"
fi
version=${version//-/.}

arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"

install -Dm755 "$static_bin" "$root/usr/bin/shelfsync"
install -Dm755 "$window_bin" "$root/usr/lib/shelfsync/shelfsync-window"
install -Dm644 build/linux/shelfsync.desktop "$root/usr/share/applications/shelfsync.desktop"
for icon in build/linux/icons/hicolor/*/apps/shelfsync.png; do
  size=$(basename "$(dirname "$(dirname "$icon")")")
  install -Dm644 "$icon" "$root/usr/share/icons/hicolor/$size/apps/shelfsync.png"
done
install -Dm644 build/icon/shelfsync.svg "$root/usr/share/icons/hicolor/scalable/apps/shelfsync.svg"

size_kb=$(du -sk "$root/usr" | cut -f1)
mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: shelfsync
Version: $version
Section: utils
Priority: optional
Architecture: $arch
Depends: libwebkit2gtk-4.1-0, libgtk-3-0
Recommends: dbus-user-session
Installed-Size: $size_kb
Maintainer: ShelfSync <hello@shelfsync.app>
Homepage: https://shelfsync.app
Description: keeps your store's inventory equal to your warehouse
 ShelfSync reads stock from a warehouse (a CSV feed, ShipBob) and pushes it
 to an online store (Shopify, WooCommerce) on a schedule, from the tray.
CONTROL

mkdir -p "$out"
deb="$out/shelfsync_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
