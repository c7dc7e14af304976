// End-to-end test of the browser console (api-gateway /console) against a running `./talk-mesh up`:
// two agents in two browser contexts of headless Chromium (Debian's chromium, driven by playwright-core).
// Agent A creates a chat with B and sends; B sees the message live; B reacts; A sees the reaction live.
// First, the token-theft probe of issue 11: ?ws= naming another host makes the console refuse, visibly, and the
// listener on that host receives nothing (the token goes to push-service in Sec-WebSocket-Protocol, never a URL).
// It starts nothing itself. Environment:
//   TALK_URL (http://127.0.0.1:8080)   the gateway; TALK_WS_PORT (8081) push-service's port on the same host
//   TALK_ADMIN_USERNAME / TALK_ADMIN_PASSWORD (admin / admin)   creates the two agents
//   CHROMIUM (/usr/bin/chromium)   SCREENSHOT (../docs/console.png)
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import net from 'node:net';

const here = path.dirname(fileURLToPath(import.meta.url));
const URL_BASE = (process.env.TALK_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const WS_PORT = process.env.TALK_WS_PORT || '8081';
const ADMIN = { username: process.env.TALK_ADMIN_USERNAME || 'admin', password: process.env.TALK_ADMIN_PASSWORD || 'admin' };
const SCREENSHOT = process.env.SCREENSHOT || path.join(here, '..', 'docs', 'console.png');
const TIMEOUT = 15000;

const run = Date.now().toString(36);
const alice = { username: `e2e-alice-${run}`, password: 'alice-password', name: 'Alice', detail: 'e2e agent A' };
const bob = { username: `e2e-bob-${run}`, password: 'bob-password', name: 'Bob', detail: 'e2e agent B' };

function step(text) {
  console.log(`- ${text}`);
}

async function http(method, pathAndQuery, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${URL_BASE}/v1.0${pathAndQuery}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${pathAndQuery} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function logIn(page, agent) {
  await page.goto(`${URL_BASE}/console/?ws=${WS_PORT}`);
  await page.getByTestId('login-username').fill(agent.username);
  await page.getByTestId('login-password').fill(agent.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('me').filter({ hasText: agent.username }).waitFor();
  // Live updates only count once the WebSocket subscription is active.
  await page.locator('[data-testid="ws-status"][data-state="open"]').waitFor();
}

async function main() {
  step(`creating agents ${alice.username} and ${bob.username} as ${ADMIN.username} at ${URL_BASE}`);
  const { token: adminToken } = await http('POST', '/auth/login', ADMIN);
  await http('POST', '/agents', alice, adminToken);
  await http('POST', '/agents', bob, adminToken);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Playwright gives each launch a new, empty profile directory of its own.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const pages = [];
    for (const who of ['A', 'B']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      context.setDefaultTimeout(TIMEOUT);
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[${who} page error] ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') console.error(`[${who} console] ${m.text()}`); });
      pages.push(page);
    }
    const [a, b] = pages;

    step('a console opened with ?ws= on another host refuses to connect there, and the listener receives nothing');
    const pageHost = new URL(URL_BASE).hostname;
    const attackerHost = pageHost === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const received = [];
    const listener = net.createServer((socket) => socket.on('data', (d) => received.push(d.toString())));
    await new Promise((resolve) => listener.listen(0, attackerHost, resolve));
    try {
      const probe = pages[0];
      const attackUrl = `ws://${attackerHost}:${listener.address().port}/steal`;
      await probe.goto(`${URL_BASE}/console/?ws=${encodeURIComponent(attackUrl)}`);
      await probe.getByTestId('login-error').filter({ hasText: 'Refusing to connect' }).waitFor();
      await probe.getByTestId('login-username').fill(alice.username);
      await probe.getByTestId('login-password').fill(alice.password);
      await probe.getByTestId('login-submit').click();
      await probe.locator('[data-testid="ws-status"]').filter({ hasText: 'refused' }).waitFor();
      if (received.length > 0) throw new Error(`the attacker's listener received: ${received.join('')}`);
      await probe.getByTestId('logout').click();
    } finally {
      listener.close();
    }

    step('A and B log in to the console');
    await Promise.all([logIn(a, alice), logIn(b, bob)]);

    step('A creates a group chat with B');
    const chatName = `e2e ${run}`;
    await a.locator('[data-testid="new-chat"] summary').click();
    await a.getByTestId('new-chat-type').selectOption('group');
    await a.getByTestId('new-chat-name').fill(chatName);
    await a.locator(`[data-testid="new-chat-agent"][data-username="${bob.username}"]`).check();
    await a.getByTestId('new-chat-submit').click();
    await a.getByTestId('chat-title').filter({ hasText: chatName }).waitFor();

    step('B sees the new chat appear live and opens it');
    await b.locator(`[data-testid="chat-item"][data-name="${chatName}"]`).click();
    await b.getByTestId('chat-title').filter({ hasText: chatName }).waitFor();

    step('A sends a message; B sees it live');
    const text = `Hello Bob, from the browser (${run})`;
    await a.getByTestId('send-text').fill(text);
    await a.getByTestId('send-submit').click();
    const bMessage = b.getByTestId('message').filter({ hasText: text });
    await bMessage.waitFor();

    step('B reacts with 👍; A sees the reaction live');
    await bMessage.locator('[data-testid="react"][data-emoji="👍"]').click();
    await b.locator('[data-testid="reaction"][data-emoji="👍"][data-count="1"]').waitFor();
    await a.getByTestId('message').filter({ hasText: text })
      .locator('[data-testid="reaction"][data-emoji="👍"][data-count="1"]').waitFor();

    step('B answers; A sees it live');
    await b.getByTestId('send-text').fill('On it. Looking at the queue now.');
    await b.getByTestId('send-submit').click();
    await a.getByTestId('message').filter({ hasText: 'On it. Looking at the queue now.' }).waitFor();

    step('A replies in the thread; B sees the reply live in the open thread');
    await b.getByTestId('message').filter({ hasText: text }).getByTestId('reply').click();
    await a.getByTestId('message').filter({ hasText: text }).getByTestId('reply').click();
    await a.getByTestId('reply-text').fill('Thread reply from Alice');
    await a.getByTestId('reply-submit').click();
    await b.getByTestId('thread-messages').getByText('Thread reply from Alice').waitFor();

    await a.screenshot({ path: SCREENSHOT });
    step(`screenshot of A's console: ${SCREENSHOT}`);
    console.log('console e2e: PASS');
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`console e2e: FAIL: ${e.stack || e}`);
  process.exit(1);
});
