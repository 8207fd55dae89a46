#!/usr/bin/env bash
# Re-creates the vendored ECharts bundle of the default theme:
#   themes/default/assets/echarts.min.js     custom build (only what pages use)
#   themes/default/assets/LICENSE-echarts.txt licences of everything bundled
# Versions are pinned by package.json + package-lock.json; the output is
# byte-for-byte reproducible. Needs node and npm (npm registry access).
# Usage: themes/echarts/build.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
assets="$(cd "$here/../default/assets" && pwd)"

command -v node >/dev/null || { echo "build.sh: node is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "build.sh: npm is required" >&2; exit 1; }

# Install in a throw-away copy so the recipe folder stays clean and every run
# starts from exactly what the lockfile says.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"
# --ignore-scripts: esbuild's postinstall is only a speed-up; its launcher
# finds the platform binary package (@esbuild/<os>-<arch>) without it.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
  2> >(grep -v 'Unknown user config' >&2)

ver() { node -p "require('./node_modules/$1/package.json').version"; }
echarts_version="$(ver echarts)"
zrender_version="$(ver zrender)"

# The first line asks V8 (Chrome 136+) to compile every function while the
# file streams in, off the main thread: the library is loaded only when a
# chart is about to start, so most of what it holds runs at once, and the
# first chart's setOption no longer compiles it function by function in
# one long task. Other engines read a comment.
banner="//# allFunctionsCalledOnLoad
/*! Apache ECharts ${echarts_version} (zrender ${zrender_version}), custom build for backlogsite: line, bar, scatter, custom charts, canvas renderer only; Apache-2.0, see LICENSE-echarts.txt */"

./node_modules/.bin/esbuild entry.js \
  --bundle --minify --format=iife --target=es2018 --legal-comments=none \
  --platform=browser --define:process.env.NODE_ENV='"production"' \
  --banner:js="$banner" --log-level=warning \
  --outfile="$work/echarts.min.js"

{
  echo "Licences of the code bundled in echarts.min.js"
  echo "(Apache ECharts ${echarts_version} custom build, zrender ${zrender_version}, tslib $(ver tslib))."
  echo "Re-created by themes/echarts/build.sh from the installed npm packages."
  section() {
    printf '\n\n'
    printf '=%.0s' $(seq 72); printf '\n%s\n' "$1"
    printf '=%.0s' $(seq 72); printf '\n\n'
    cat "$2"
  }
  section "echarts ${echarts_version}: LICENSE (Apache License 2.0)" node_modules/echarts/LICENSE
  section "echarts ${echarts_version}: NOTICE" node_modules/echarts/NOTICE
  section "echarts ${echarts_version}: licenses/LICENSE-d3 (BSD-3-Clause, code embedded in echarts, e.g. src/util/number.ts)" node_modules/echarts/licenses/LICENSE-d3
  section "zrender ${zrender_version}: LICENSE (BSD-3-Clause)" node_modules/zrender/LICENSE
  section "tslib $(ver tslib): LICENSE.txt (0BSD, TypeScript helpers)" node_modules/tslib/LICENSE.txt
} > "$work/LICENSE-echarts.txt"

cp "$work/echarts.min.js" "$assets/echarts.min.js"
cp "$work/LICENSE-echarts.txt" "$assets/LICENSE-echarts.txt"

full=node_modules/echarts/dist/echarts.min.js
size() { wc -c < "$1" | tr -d ' '; }
gz() { gzip -9nc "$1" | wc -c | tr -d ' '; }
echo "echarts ${echarts_version}: custom $(size "$assets/echarts.min.js") bytes ($(gz "$assets/echarts.min.js") gzipped)," \
     "full dist/echarts.min.js $(size "$full") bytes ($(gz "$full") gzipped)"
sha256sum "$assets/echarts.min.js" "$assets/LICENSE-echarts.txt"
