#!/usr/bin/env bash
# `npm run demo`: a tour of the `plexkey` command with no Plex account and no network. Both ways in
# (the browser page, then a code with --link), `status`, `servers`, `url`, a command run by `exec`
# with a server's address and token, and the sign-out. A fake plex.tv with fake Media Servers runs
# on free local ports and approves each sign-in after a few polls, as a person would; the token goes
# to a real GNOME Keyring in a D-Bus session of the demo's own; the config directory is temporary.
# Everything is removed at the end. Each step prints the command it really runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PLEXKEY_DEMO_SESSION:-}" ]; then
  # What the demo needs, and the Debian/Ubuntu package that has it.
  declare -A package=([dbus-run-session]=dbus [gnome-keyring-daemon]=gnome-keyring [secret-tool]=libsecret-tools [curl]=curl)
  missing=()
  for tool in dbus-run-session gnome-keyring-daemon secret-tool curl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ "$(uname -s)" != Linux ] || [ "${#missing[@]}" -gt 0 ]; then
    echo "npm run demo runs on Linux only: it keeps the token in a GNOME Keyring of its"
    echo "own, in a private D-Bus session, so your own keychain is never touched."
    if [ "${#missing[@]}" -gt 0 ]; then
      packages=()
      for tool in "${missing[@]}"; do packages+=("${package[$tool]}"); done
      echo "Missing: ${missing[*]}."
      echo "On Debian or Ubuntu: sudo apt-get install ${packages[*]}"
    fi
    exit 1
  fi
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
# Nothing pops up: the browser way prints its page here instead of opening it.
unset DISPLAY WAYLAND_DISPLAY

# Bold only on a terminal: piped into a file or a pager, the escapes would be noise.
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi

# One step of the tour: what it shows, then the command exactly as it runs (eval runs that very
# text), and for a sign-in the approval the fake gives while it waits. A failing command ends the
# tour with its status, as `set -e` would. A command's stderr joins its stdout, so that a sign-in's
# instructions (which plexkey writes to stderr, keeping stdout for results) read in order.
step() {
  local title=$1 command=$2 approval=${3:-}
  printf '\n%s\n%s$ %s%s\n' "$title" "$bold" "$command" "$plain"
  [ -z "$approval" ] || echo '(the fake plex.tv approves it now)'
  eval "$command" 2>&1
}

echo "A fake plex.tv runs at $url, with fake Media Servers."
echo "It approves each sign-in after 3 polls (about 3 seconds), as you would."

step '1. Sign in the browser way: the Plex sign-in page (here only printed).' \
  './bin/plexkey login --no-browser' approval
step '2. Who is signed in, and does plex.tv still accept the token?' \
  './bin/plexkey status'
step '3. The token is in the keychain, where other programs can read it too.' \
  "secret-tool search --all service plexkey 2>&1 | grep -E '^(label|attribute)'"
step "4. The account's Media Servers, each probed for its best address." \
  './bin/plexkey servers'
step "5. One server's best address, for a script." \
  './bin/plexkey url Basement'
step '6. A command gets the address and the token in its environment (masked here).' \
  './bin/plexkey exec --server Basement -- sh -c \
  '\''echo "PLEX_URL=$PLEX_URL"; printf "PLEX_TOKEN=%.4s…\n" "$PLEX_TOKEN"'\'''
step '7. curl reads the token from a pipe, so it is in no command line.' \
  './bin/plexkey exec --server Basement -- sh -c \
  '\''printf "X-Plex-Token: %s\n" "$PLEX_TOKEN" | curl -fsSH @- "$PLEX_URL/"'\'' |
  grep -o '\''friendlyName="[^"]*"'\'''
step "8. The account's Plex Home: its profiles, * marking the one in use." \
  './bin/plexkey users'
step '9. Act as a Home user (Sam needs no PIN): its token is minted once and kept.' \
  './bin/plexkey user Sam && ./bin/plexkey status | head -n 2'
step '10. Back to the account itself: no PIN, no request to plex.tv.' \
  './bin/plexkey user --owner'
step '11. A tool gets a device and a token of its own, in its own variables (masked).' \
  './bin/plexkey exec --as kometa -- sh -c \
  '\''printf "KOMETA_PLEX_TOKEN=%.4s…\n" "$KOMETA_PLEX_TOKEN"'\'''
step "12. The tools with a device of their own, and where the account is signed in." \
  './bin/plexkey tools && ./bin/plexkey devices'
step '13. Revoke the tool: its device goes, and plex.tv now refuses its token.' \
  './bin/plexkey tools revoke kometa'

# From here the fake approves sign-ins as a second account, as if someone else signed in.
curl -fsS -X POST "$url/__control/approve-after-polls" -H 'Content-Type: application/json' \
  -d '{"polls": 3, "user": {"username": "jurgen", "title": "Jürgen", "uuid": "a2b3c4d5e6f70819"}}'
step '14. Sign in a second account, the other way: a code to type at plex.tv/link.' \
  './bin/plexkey login --add --link' approval
step '15. Both accounts are kept; * marks the active one, the one just added.' \
  './bin/plexkey accounts'
step '16. Switch back to the first account by its username.' \
  './bin/plexkey switch plexkey-tester'
step "17. Jürgen's token for one call: the active account stays as it is." \
  './bin/plexkey token --account jurgen | sed '\''s/^\(....\).*/\1…/'\'''
step '18. Sign out the active account: the other one becomes active, and that is said.' \
  './bin/plexkey logout'
step '19. And sign out the last one.' \
  './bin/plexkey logout'
step '20. Signed out: status says so, with exit status 1.' \
  './bin/plexkey status || echo "(exit $?)"'
