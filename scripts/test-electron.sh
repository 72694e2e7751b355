#!/usr/bin/env bash
# The built app on a real Electron binary (playwright-core's _electron), against the fake plex.tv:
# the check to run on a desktop before a release. Where no Electron binary can be had (as on CI), or
# on Linux the tools for a private keyring and a screen are missing, it says so in one line and ends
# with status 0, claiming no pass. The app keeps its sign-in under a keychain service of the run's
# own and its profile in a temporary folder (test/electron/real-app.electron.ts), never the desktop's.
set -euo pipefail
cd "$(dirname "$0")/.."

# On Linux the app gets a private keyring on a private D-Bus, and a virtual screen when there is no
# display: without the tools for them it would reach the desktop's own keyring, so it does not run.
needs_screen=0
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then needs_screen=1; fi
if [ "$(uname -s)" = Linux ]; then
  missing=()
  for tool in dbus-run-session gnome-keyring-daemon; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ "$needs_screen" = 1 ]; then command -v xvfb-run >/dev/null || missing+=(xvfb-run); fi
  if [ "${#missing[@]}" -gt 0 ]; then
    names=$(printf '%s, ' "${missing[@]}")
    echo "No ${names%, }: the real-Electron tests need a private keyring and a screen, so the real-Electron tests did not run (nothing passed or failed). Install them (Debian and Ubuntu: dbus, gnome-keyring, xvfb) and run it again."
    exit 0
  fi
fi

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
  if [ "$needs_screen" = 1 ]; then screen=(xvfb-run -a); fi
  dbus-run-session -- bash -c '
    echo -n plexkey-test | XDG_DATA_HOME="$PLEXKEY_TEST_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
  ' bash "${screen[@]}" "${run[@]}" || status=$?
else
  "${run[@]}" || status=$?
fi

node scripts/summarize-tests.mjs test-results/electron.json || status=$?
exit "$status"
