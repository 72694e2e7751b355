#!/usr/bin/env bash
# `npm run screenshots`: builds the window, then drives it in headless Chromium through every state
# the end-to-end tests reach (signed in with the account's servers listed, too), against the fake
# plex.tv. Each state is shot in light and dark, at the
# size the window opens (460×680) and the smallest it can be made (380×520), into
# test-results/screenshots/<state>-<width>x<height>-<theme>.png; the same run fails on an axe finding
# or a layout problem (something below the fold, cut off, overlapping or scrolling sideways).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v chromium >/dev/null 2>&1 || { echo "Needs Chromium (Debian or Ubuntu: sudo apt-get install chromium)."; exit 1; }
npm run --silent build >/dev/null
# Old shots of states that no longer exist must not pass for new ones.
rm -rf test-results/screenshots test-results/axe
npx vitest run test/e2e/sign-in-flows.test.ts test/e2e/health-and-failures.test.ts test/e2e/settings.test.ts \
  test/e2e/servers.test.ts test/e2e/tools-devices.test.ts test/e2e/accounts-and-profiles.test.ts
count=$(find test-results/screenshots -name '*.png' | wc -l)
echo "${count} screenshots in test-results/screenshots/"
