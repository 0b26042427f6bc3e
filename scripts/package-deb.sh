#!/usr/bin/env bash
# Builds the Debian package from the binary `make build` made:
#   scripts/package-deb.sh BINARY VERSION OUTDIR
# It installs the binary in /usr/bin, the menu entry and the icons at every
# size, and declares the WebKitGTK 4.1 and GTK 3 libraries the window needs.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:?binary}
version=${2:?version}
out=${3:?output folder}

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

install -Dm755 "$bin" "$root/usr/bin/shelfsync"
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
