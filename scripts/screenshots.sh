#!/usr/bin/env bash
# Renders the demo briefing in headless Chromium (Debian's `chromium`) at desktop and phone
# widths and writes screenshots to screenshots/. Usage: scripts/screenshots.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-screenshots}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cargo run --release --quiet -- build
page="$(ls -d public/*/annotations.json | head -n 1)"
url="file://$PWD/$(dirname "$page")/index.html"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
for shot in desktop:1400,1800 phone:390,1800; do
  name="${shot%%:*}"; size="${shot#*:}"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size="$size" \
    --screenshot="$out/briefing-$name.png" "$url" 2>/dev/null
  echo "wrote $out/briefing-$name.png"
done
