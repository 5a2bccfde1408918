#!/usr/bin/env bash
# Remakes themes/fonts/noto-emoji-reactions.woff2: the five reactions (👏 😂 🤯 ❤️ 🤔) cut from the COLR
# build of Noto Color Emoji in @fontsource/noto-color-emoji (SIL OFL 1.1), with fontTools (Debian:
# python3-fonttools python3-brotli). Run it only to change the reactions; the output is committed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent @fontsource/noto-color-emoji@5.3.2 >/dev/null
tar xzf fontsource-noto-color-emoji-5.3.2.tgz
"${PYTHON:-/usr/bin/python3}" -m fontTools.subset package/files/noto-color-emoji-emoji-400-normal.woff2 \
  --unicodes="U+1F44F,U+1F602,U+1F92F,U+2764,U+FE0F,U+1F914" --drop-tables+=SVG --layout-features='*' \
  --flavor=woff2 --output-file="$ROOT/themes/fonts/noto-emoji-reactions.woff2"
