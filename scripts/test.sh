#!/usr/bin/env bash
# The whole test suite, as CI runs it: build, then every vitest project inside a private D-Bus
# session with an unlocked GNOME Keyring, so the credential vault is tested against a real keychain.
set -euo pipefail
cd "$(dirname "$0")/.."

# The suite needs a real keychain and a real browser: say what is missing rather than fail later.
missing=()
for tool in dbus-run-session gnome-keyring-daemon secret-tool chromium; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Missing: ${missing[*]}. On Debian or Ubuntu: sudo apt-get install dbus gnome-keyring libsecret-tools chromium"
  echo "(or run 'bash .ci/run', which installs everything the tests need, then runs them)."
  echo "0 passed, 1 failed"
  exit 1
fi

if ! npm run --silent typecheck; then
  echo "The type-check failed: no test ran."
  echo "0 passed, 1 failed"
  exit 1
fi
if ! npm run --silent build >/dev/null; then
  echo "The build failed: no test ran."
  echo "0 passed, 1 failed"
  exit 1
fi
mkdir -p test-results
# A report left by an earlier run must never stand in for this one.
rm -f test-results/vitest.json

status=0
# The keyring's files go to a fresh folder: a keyring left in ~/.local/share by another password
# would start locked.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export PLEXKEY_TEST_KEYRING_HOME="$keyring_home"
dbus-run-session -- bash -c '
  echo -n plexkey-test | XDG_DATA_HOME="$PLEXKEY_TEST_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json "$@"
' bash "$@" || status=$?

node scripts/summarize-tests.mjs test-results/vitest.json || status=$?
exit "$status"
