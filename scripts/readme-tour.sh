#!/usr/bin/env bash
# Runs README.md's "A 30-second tour" exactly as written (the bash block under that heading), against a running
# talk-mesh (./talk-mesh up). The one line changed is the tour's first, `H=http://127.0.0.1:8080/v1.0`, when TALK_URL
# names another address (CI runs ./talk-mesh up on side ports). Then checks what the tour promises: the admin and Bob
# got tokens, Bob's id and the chat's id were found, and Bob reads "Hello team!" back.
#   TALK_URL (default http://127.0.0.1:8080); needs jq and curl, as the tour does.
# Exits non-zero when a step fails or a promise is not kept.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "readme-tour.sh needs jq" >&2; exit 2; }
URL="${TALK_URL:-http://127.0.0.1:8080}"

tour=$(awk '/^## A 30-second tour/{found=1; next} found && /^```bash/{inside=1; next} inside && /^```/{exit} inside{print}' README.md)
[ -n "$tour" ] || { echo "README.md has no bash block under '## A 30-second tour'" >&2; exit 1; }
grep -q '^H=http://127.0.0.1:8080/v1.0$' <<<"$tour" || { echo "the tour's first line is not H=http://127.0.0.1:8080/v1.0" >&2; exit 1; }
tour=${tour/H=http:\/\/127.0.0.1:8080\/v1.0/H=$URL/v1.0}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
# The tour as a script of its own, then its variables printed for the checks below.
bash -euo pipefail -c "$tour"$'\n'"printf '\n@ADMIN=%s\n@BOB=%s\n@BOB_ID=%s\n@CHAT=%s\n' \"\$ADMIN\" \"\$BOB\" \"\$BOB_ID\" \"\$CHAT\"" > "$out"
cat "$out"

value() { sed -n "s/^@$1=//p" "$out"; }
fail() { echo "README tour: $*" >&2; exit 1; }
for name in ADMIN BOB BOB_ID CHAT; do
  v=$(value "$name")
  [ -n "$v" ] && [ "$v" != "null" ] || fail "\$$name is empty or null"
done
# The last command's answer: Bob lists the chat's messages and reads the admin's text.
sed '/^@/d' "$out" | tail -n 2 | grep -q '"text":"Hello team!"' || fail "Bob did not read \"Hello team!\""
echo "README tour: every step answered as the README says"
