#!/usr/bin/env bash
# `npm run demo`: the whole `plexkey` flow with no Plex account and no network: both ways in (the
# browser page, then a code with --link) and the token handed to another program. A fake plex.tv
# runs on a free local port and approves each sign-in after a few polls, as a person would; the
# token goes to a real GNOME Keyring in a D-Bus session of the demo's own; the config directory is
# temporary. Everything is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PLEXKEY_DEMO_SESSION:-}" ]; then
  [ -f out/main/cli.js ] || { echo "Building first (npm run build)..."; npm run --silent build >/dev/null; }
  # A private session bus: the demo's keyring is not yours, and goes away with it. The bus daemon's
  # own complaints (it may not raise its file limit in a container) are not part of the demo.
  exec dbus-run-session -- env PLEXKEY_DEMO_SESSION=1 bash "$0" "$@" 2> >(grep -v '^dbus-daemon\[' >&2)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/plexkey-demo.XXXXXX")"
fake_pid=""
cleanup() {
  if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The keyring keeps its files in the demo's directory, unlocked with a throwaway password.
export XDG_DATA_HOME="$work/keyring"
echo -n plexkey-demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null

node --import tsx test/fake-plex/main.ts --port 0 --approve-after-polls 3 >"$work/fake-plex.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do
  [ -s "$work/fake-plex.log" ] && break
  sleep 0.1
done
url="$(head -n 1 "$work/fake-plex.log")"
case "$url" in
  http://*) ;;
  *) echo "The fake plex.tv did not start:" >&2; cat "$work/fake-plex.log" >&2; exit 1 ;;
esac

export PLEXKEY_CONFIG_DIR="$work/config" PLEXKEY_PLEX_URL="$url" PLEXKEY_AUTH_URL="$url/auth"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

echo "Fake plex.tv at $url; it approves each sign-in after 3 polls (about 3 seconds)."

step 'plexkey login --no-browser   # the browser way: the Plex sign-in page, here only printed'
./bin/plexkey login --no-browser
step plexkey status
./bin/plexkey status
step "plexkey token | sed 's/^/X-Plex-Token: /' | curl -H @- ...   # the token on stdin, never in argv"
# curl reads the header from stdin, so the token shows up in no process list; only the account's
# name is printed from plex.tv's answer (which also carries the token).
client_id="$(./bin/plexkey status | sed -n 's/^Client id: //p')"
./bin/plexkey token | sed 's/^/X-Plex-Token: /' |
  curl -sS -H @- -H 'Accept: application/json' -H "X-Plex-Client-Identifier: $client_id" "$url/api/v2/user" |
  grep -o '"username":"[^"]*"'
step 'secret-tool search --all service plexkey   # another keychain client sees the entries'
secret-tool search --all service plexkey 2>&1 | grep -E '^(label|attribute)' || true
step plexkey logout
./bin/plexkey logout
step 'plexkey login --link   # the code way: a 4-character code to type at plex.tv/link on any device'
./bin/plexkey login --link
step plexkey logout
./bin/plexkey logout
step plexkey status
./bin/plexkey status || echo "(exit $?: not signed in)"
