#!/usr/bin/env bash
# Vendors Det Fælles Designsystem (npm package `dkfds`) into src/tovholder/static/vendor/dkfds/.
# Usage: scripts/vendor_dkfds.sh [VERSION]   (default: the version recorded below)
# Copies only what Tovholder serves: the compiled CSS and JS, the fonts and icons the CSS names,
# the icon sprite and the licences. Nothing is fetched at run time. After a new version, update
# the table in src/tovholder/static/vendor/README.md.
set -euo pipefail
VERSION="${1:-11.2.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/tovholder/static/vendor/dkfds"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

(cd "$TMP" && npm pack --silent "dkfds@$VERSION" >/dev/null && tar xzf dkfds-*.tgz)
DIST="$TMP/package/dist"

rm -rf "$DEST"
mkdir -p "$DEST/css" "$DEST/js" "$DEST/img"
cp "$DIST/css/dkfds.min.css" "$DEST/css/"
cp "$DIST/js/dkfds.min.js" "$DEST/js/"
cp "$DIST/img/all-svg-icons.svg" "$DEST/img/"
cp "$TMP/package/LICENSE.md" "$DEST/LICENSE.md"
# every font and image the stylesheet names (url(../fonts/…), url(../img/…)), and nothing else
grep -o 'url(\.\./[^)#?]*' "$DIST/css/dkfds.min.css" | sed 's/^url(\.\.\///' | sort -u | while read -r rel; do
  mkdir -p "$DEST/$(dirname "$rel")"
  cp "$DIST/$rel" "$DEST/$rel"
done
cp "$DIST/fonts/IBMPlexSans/complete/woff2/license.txt" "$DEST/fonts/IBMPlexSans/OFL-license.txt"
echo "dkfds $VERSION vendored into $DEST ($(du -sh "$DEST" | cut -f1))"
