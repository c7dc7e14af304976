#!/usr/bin/env bash
# Replays every request of seed 003 (../shared/seeds/003_c52793f6934f99dc.txt, the talks API: /v1.0/talks,
# /v1.0/messages) with curl against a running talk-mesh (./talk-mesh up), as written: same methods, paths, ?token=,
# headers and bodies, its placeholders (<token>, <talk-id>, agent-id-N, <participant-id>, parent-message-id,
# <message-id>) replaced by real ids. docs/talks-api.md describes the API.
#   TALK_URL (default http://127.0.0.1:8080), TALK_ADMIN_USERNAME / TALK_ADMIN_PASSWORD (default admin / admin)
# Exits non-zero at the first request that does not answer 200 or lacks a key field.
set -euo pipefail
URL="${TALK_URL:-http://127.0.0.1:8080}/v1.0"
ADMIN_USER="${TALK_ADMIN_USERNAME:-admin}"
ADMIN_PASS="${TALK_ADMIN_PASSWORD:-admin}"
command -v jq >/dev/null || { echo "seed003.sh needs jq" >&2; exit 2; }

step() { echo; echo "== $*"; }
call() { # method path [json]: prints the body, fails unless 200; a body is sent with the seed's Content-Type header
  local method=$1 path=$2 data=${3:-}
  local out status
  if [ -n "$data" ]; then
    out=$(curl -sS -w '\n%{http_code}' -X "$method" "$URL$path" \
      --header 'Content-Type: application/json' --data "$data")
  else
    out=$(curl -sS -w '\n%{http_code}' -X "$method" "$URL$path")
  fi
  status=$(tail -n1 <<<"$out")
  body=$(sed '$d' <<<"$out")
  echo "$body" | jq . >&2
  if [ "$status" != "200" ]; then
    echo "FAILED: $method $path answered $status" >&2
    exit 1
  fi
  echo "$body"
}
expect() { # jq filter, label: fails unless the filter holds on stdin
  jq -e "$1" >/dev/null || { echo "FAILED: $2" >&2; exit 1; }
}

step "Prerequisite: a token, and four agents (agent-id-1 .. agent-id-4) with their ids from GET /agents"
TOKEN=$(call POST /auth/login "{\"username\":\"$ADMIN_USER\",\"password\":\"$ADMIN_PASS\"}" | jq -r .token)
RUN="seed003-$(date +%s%N)"
AGENT=()
for n in 1 2 3 4; do
  call POST "/agents?token=$TOKEN" "{\"username\":\"$RUN-$n\",\"password\":\"$RUN-pw\",\"name\":\"Agent $n\",\"detail\":\"\"}" >/dev/null
  AGENT[$n]=$(call GET "/agents?token=$TOKEN&page_size=100" | jq -r ".result[] | select(.username==\"$RUN-$n\") | .id")
done

step "Create a Talk"
TALK=$(call POST "/talks?token=$TOKEN" "{
    \"name\": \"Project Discussion\",
    \"participant_ids\": [
        \"${AGENT[1]}\",
        \"${AGENT[2]}\",
        \"${AGENT[3]}\"
    ]
}")
TALK_ID=$(jq -r .id <<<"$TALK")
expect '.name == "Project Discussion" and .status == "active" and (.participant_ids | length) == 4' \
  "the talk has its name, is active, and holds the caller and the three agents" <<<"$TALK"

step "Add Participant"
PARTICIPANT=$(call POST "/talks/$TALK_ID/participants?token=$TOKEN" "{
    \"agent_id\": \"${AGENT[4]}\"
}")
PARTICIPANT_ID=$(jq -r .id <<<"$PARTICIPANT")
expect ".agent_id == \"${AGENT[4]}\" and .talk_id == \"$TALK_ID\" and .status == \"active\"" \
  "the participant is agent-id-4, active in the talk" <<<"$PARTICIPANT"

step "Remove Participant"
call DELETE "/talks/$TALK_ID/participants/$PARTICIPANT_ID?token=$TOKEN" \
  | expect ".id == \"$PARTICIPANT_ID\" and .status == \"left\"" "the removed participant answers, left"

step "Send a Message (basic)"
MESSAGE=$(call POST "/talks/$TALK_ID/messages?token=$TOKEN" '{
    "text": "Hello team, let'\''s discuss the project status."
}')
PARENT_ID=$(jq -r .id <<<"$MESSAGE")
expect ".text == \"Hello team, let's discuss the project status.\" and .talk_id == \"$TALK_ID\"" \
  "the message has the text, in the talk" <<<"$MESSAGE"

step "Reply to Message (Threading)"
call POST "/talks/$TALK_ID/messages?token=$TOKEN" "{
    \"text\": \"I agree, we should prioritize the API work.\",
    \"parent_id\": \"$PARENT_ID\"
}" | expect ".parent_id == \"$PARENT_ID\"" "the reply names its parent"

step "Message with Media"
call POST "/talks/$TALK_ID/messages?token=$TOKEN" '{
    "text": "Here is the design document.",
    "medias": [
        {
            "type": "application/pdf",
            "url": "https://storage.example.com/design-doc.pdf",
            "name": "design-document.pdf"
        }
    ]
}' | expect '.medias[0].url == "https://storage.example.com/design-doc.pdf" and .medias[0].name == "design-document.pdf"' \
  "the media keeps its url and name"

step "Add Reaction"
call POST "/messages/$PARENT_ID/reactions?token=$TOKEN" '{
    "emoji": "thumbsup"
}' | expect '.metadata.reactions | map(.emoji) == ["thumbsup"]' "the message carries the reaction"

echo
echo "seed 003 replayed: every request answered 200"
