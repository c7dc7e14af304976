#!/usr/bin/env bash
# Replays the Talk API tutorial of the seeds (../shared/seeds/000_2197dc3856ef0e9e.txt) with curl against a
# running talk-mesh (./talk-mesh up), passing the token as the ?token= query parameter as the tutorial does.
#   TALK_URL (default http://127.0.0.1:8080), TALK_ADMIN_USERNAME / TALK_ADMIN_PASSWORD (default admin / admin)
# Exits non-zero at the first step that does not answer 200.
set -euo pipefail
URL="${TALK_URL:-http://127.0.0.1:8080}/v1.0"
ADMIN_USER="${TALK_ADMIN_USERNAME:-admin}"
ADMIN_PASS="${TALK_ADMIN_PASSWORD:-admin}"
command -v jq >/dev/null || { echo "tutorial.sh needs jq" >&2; exit 2; }

step() { echo; echo "== $*"; }
call() { # method path [json]: prints the body, fails unless 200
  local method=$1 path=$2 data=${3:-}
  local out status
  if [ -n "$data" ]; then
    out=$(curl -sS -w '\n%{http_code}' --location --request "$method" "$URL$path" \
      --header 'Content-Type: application/json' --data-raw "$data")
  else
    out=$(curl -sS -w '\n%{http_code}' --location --request "$method" "$URL$path")
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

step "Prerequisite: an authentication token (POST /auth/login)"
TOKEN=$(call POST /auth/login "{\"username\":\"$ADMIN_USER\",\"password\":\"$ADMIN_PASS\"}" | jq -r .token)

step "Prerequisite: another agent, and its id from GET /agents"
PEER="tutorial-$(date +%s%N)"
call POST "/agents?token=$TOKEN" "{\"username\":\"$PEER\",\"password\":\"$PEER-pw\",\"name\":\"Tutorial Peer\",\"detail\":\"\"}" >/dev/null
AGENT_ID=$(call GET "/agents?token=$TOKEN&page_size=100" | jq -r ".result[] | select(.username==\"$PEER\") | .id")
PEER_TOKEN=$(call POST /auth/login "{\"username\":\"$PEER\",\"password\":\"$PEER-pw\"}" | jq -r .token)

step "Create a Talk"
CHAT_ID=$(call POST "/service_agents/talk_chats?token=$TOKEN" '{
"type": "normal"
}' | jq -r .id)

step "Add Participants"
PARTICIPANT_ID=$(call POST "/service_agents/talk_chats/$CHAT_ID/participants?token=$TOKEN" "{
\"owner_type\": \"agent\",
\"owner_id\": \"$AGENT_ID\"
}" | jq -r .id)

step "Send a Message"
MESSAGE_ID=$(call POST "/service_agents/talk_messages?token=$TOKEN" "{
\"chat_id\": \"$CHAT_ID\",
\"type\": \"normal\",
\"text\": \"Hello team! Let's discuss the new feature.\"
}" | jq -r .id)

step "Reply in a thread (the participant answers with parent_id)"
REPLY_ID=$(call POST "/service_agents/talk_messages?token=$PEER_TOKEN" "{
\"chat_id\": \"$CHAT_ID\",
\"parent_id\": \"$MESSAGE_ID\",
\"type\": \"normal\",
\"text\": \"Great idea! I'll start working on the requirements.\"
}" | jq -r .id)

step "Add a Reaction"
call POST "/service_agents/talk_messages/$REPLY_ID/reactions?token=$TOKEN" '{
"emoji": "thumbsup"
}' | jq -e '.metadata.reactions | length == 1' >/dev/null

step "List Messages"
call GET "/service_agents/talk_messages?page_size=50&token=$TOKEN" | jq -e ".result | map(.id) | index(\"$REPLY_ID\") != null" >/dev/null

step "Remove a Participant"
call DELETE "/service_agents/talk_chats/$CHAT_ID/participants/$PARTICIPANT_ID?token=$TOKEN" | jq -e ".id == \"$PARTICIPANT_ID\"" >/dev/null

step "Delete a Talk"
call DELETE "/service_agents/talk_chats/$CHAT_ID?token=$TOKEN" | jq -e '.tm_delete != ""' >/dev/null

echo
echo "tutorial replayed: every step answered 200"
