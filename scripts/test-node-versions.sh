#!/usr/bin/env bash
# Runs the vitest suite under every other Node major the package supports (engines: >=20; the
# machine's own Node runs the full `npm test`). Node binaries come from the npm registry as the
# official node-<platform>-<arch> packages, installed once per version under node_modules/.cache.
set -euo pipefail
cd "$(dirname "$0")/.."

# Exact versions, so every run tests the same runtimes; bump them on purpose.
versions=(22.23.3 24.21.0)
platform="$(node -p 'process.platform + "-" + process.arch')"

for version in "${versions[@]}"; do
  prefix="node_modules/.cache/leakproof-node/$version"
  bin="$PWD/$prefix/node_modules/node-$platform/bin"
  if [[ ! -x "$bin/node" ]]; then
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund \
      --prefer-offline --loglevel=error "node-$platform@$version"
  fi
  if [[ "$(PATH="$bin:$PATH" node --version)" != "v$version" ]]; then
    echo "expected node v$version first on PATH from $bin" >&2
    exit 1
  fi
  # From Node 24 on the runtime has `await using`: the smoke test's native run must not be skipped.
  require_native=0
  if (( ${version%%.*} >= 24 )); then require_native=1; fi
  echo "== vitest on Node v$version"
  started=$SECONDS
  # The long crash and lock-race stress runs exercise the same code on every runtime; the main
  # pass runs them, and leaving them out here keeps CI well under its time budget.
  PATH="$bin:$PATH" LEAKPROOF_REQUIRE_NATIVE_USING="$require_native" npm run --silent test:unit -- \
    --exclude test/journal/deploy-crash.test.ts --exclude test/registry/stale-lock.test.ts
  echo "== Node v$version passed in $((SECONDS - started)) s"
done
