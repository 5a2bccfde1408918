#!/usr/bin/env bash
# Remakes themes/fonts/*-symbols-*.woff2: the arrows, maths signs, box and geometric shapes and check
# marks that decks use ("→", "≠", "✓") and that the @fontsource Latin subsets leave out. Cut from the
# full Inter and JetBrains Mono files of their npm packages with fontTools (Debian: python3-fonttools
# python3-brotli). Run it only to change the character set; the output is committed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
RANGES='U+2190-21FF,U+2200-22FF,U+2500-25FF,U+2700-27BF'
cd "$WORK"
npm pack --silent inter-ui@4.1.1 jetbrains-mono@1.0.6 >/dev/null
mkdir inter mono
tar xzf inter-ui-4.1.1.tgz -C inter
tar xzf jetbrains-mono-1.0.6.tgz -C mono
PY="${PYTHON:-/usr/bin/python3}"
cut() { # source, output name
  "$PY" -m fontTools.subset "$1" --unicodes="$RANGES" --flavor=woff2 --layout-features='*' --output-file="$WORK/$2.woff2"
  # Its own PostScript name ("Inter-Regular-Symbols"), so a PDF embeds it as a font of its own rather
  # than as a second "Inter-Regular".
  "$PY" - "$WORK/$2.woff2" "$ROOT/themes/fonts/$2.woff2" <<'PYTHON'
import sys
from fontTools.ttLib import TTFont
font = TTFont(sys.argv[1])
for record in font['name'].names:
    if record.nameID in (3, 4, 6):
        record.string = record.toUnicode() + ('-Symbols' if record.nameID == 6 else ' Symbols')
font.flavor = 'woff2'
font.save(sys.argv[2])
PYTHON
}
cut inter/package/web/Inter-Regular.woff2 inter-symbols-400-normal
cut inter/package/web/Inter-Italic.woff2 inter-symbols-400-italic
cut inter/package/web/Inter-Bold.woff2 inter-symbols-700-normal
cut mono/package/fonts/webfonts/JetBrainsMono-Regular.woff2 jetbrains-mono-symbols-400-normal
cut mono/package/fonts/webfonts/JetBrainsMono-Italic.woff2 jetbrains-mono-symbols-400-italic
cut mono/package/fonts/webfonts/JetBrainsMono-Bold.woff2 jetbrains-mono-symbols-700-normal
ls -l "$ROOT/themes/fonts"
