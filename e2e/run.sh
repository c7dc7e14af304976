#!/usr/bin/env bash
# Runs the console's browser test against an already running talk-mesh (./talk-mesh up):
#   TALK_URL=http://127.0.0.1:8080 TALK_WS_PORT=8081 e2e/run.sh
# Installs what it needs: Debian's chromium (apt-get) when missing, and playwright-core (npm ci; Playwright's own
# browsers are never downloaded).
set -euo pipefail
cd "$(dirname "$0")"

# fonts-noto-color-emoji: reactions render as emoji, not empty boxes, in the screenshot.
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
fi
if [ ! -d node_modules/playwright-core ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent
fi
exec node console.test.mjs
