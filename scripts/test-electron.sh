#!/usr/bin/env bash
# The built app on a real Electron binary (playwright-core's _electron), against the fake plex.tv:
# the check to run on a desktop before a release. Where no Electron binary can be had (as on CI),
# it says so in one line and ends with status 0, claiming no pass.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/ensure-electron.mjs --tests || exit 0

if ! npm run --silent build >/dev/null; then
  echo "The build failed: no test ran."
  echo "0 passed, 1 failed"
  exit 1
fi
mkdir -p test-results
rm -f test-results/electron.json

run=(npx vitest run --config vitest.electron.config.mts --reporter=default --reporter=json --outputFile=test-results/electron.json)
status=0
if [ "$(uname -s)" = Linux ]; then
  # A private, unlocked keyring on a private D-Bus (as scripts/test.sh does), so the desktop's own
  # Plexkey sign-in is left alone; and a virtual screen when there is none.
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  export PLEXKEY_TEST_KEYRING_HOME="$keyring_home"
  screen=()
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then screen=(xvfb-run -a); fi
  dbus-run-session -- bash -c '
    echo -n plexkey-test | XDG_DATA_HOME="$PLEXKEY_TEST_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
  ' bash "${screen[@]}" "${run[@]}" || status=$?
else
  "${run[@]}" || status=$?
fi

node scripts/summarize-tests.mjs test-results/electron.json || status=$?
exit "$status"
