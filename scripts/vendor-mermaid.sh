#!/usr/bin/env bash
# Replaces vendor/mermaid/ with the browser bundle of another Mermaid release: `bash scripts/vendor-mermaid.sh 12.3.0`.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: scripts/vendor-mermaid.sh <version>}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack --silent "mermaid@$version" >/dev/null && tar -xzf mermaid-*.tgz)
cp "$scratch/package/dist/mermaid.min.js" vendor/mermaid/mermaid.min.js
cp "$scratch/package/LICENSE" vendor/mermaid/LICENSE
echo "$version" > vendor/mermaid/VERSION
sed -i "s/^# Mermaid [0-9.]*,/# Mermaid $version,/; s/mermaid@[0-9.]*/mermaid@$version/" vendor/mermaid/README.md
echo "vendor/mermaid: Mermaid $version"
