// End-to-end test of the browser console (api-gateway /console) against a running `./talk-mesh up`:
// two agents in two browser contexts of headless Chromium (Debian's chromium, driven by playwright-core).
// Agent A creates a chat with B and sends; B sees the message live; B reacts; A sees the reaction live.
// Then B on a second device (a third context, the same agent): a message of A, mentioning B through the @ picker,
// raises the unread badge (marked as a mention) on both of B's devices; opening the chat on one clears the other's
// live, and a message arriving in the open chat is marked read at once. Search and pins are checked when the server
// has their routes; on one that answers 404 ROUTE_NOT_FOUND the test checks the console says so, prints a note and
// skips them.
// First, the token-theft probe of issue 11: ?ws= naming another host makes the console refuse, visibly, and the
// listener on that host receives nothing (the token goes to push-service in Sec-WebSocket-Protocol, never a URL).
// Presence (issue 16): B, logged in alone, sees A's dot offline beside their direct chat; A logs in and sets
// available, then away, in the header's select, and B's dot follows live; B sets busy and A sees it. Typing (issue
// 16): A types in the open chat's composer and B sees "Alice is typing…", gone when A leaves the composer, clears
// it, or sends; at the end B types and A sees "Bob is typing…". A third agent whose name is HTML has a direct chat
// with B: B's list shows the name as text.
// Webhooks (issue 17): A, an agent, has no Webhooks panel (and the API answers it 403). An admin opens it: a target
// the allow-list refuses (the metadata address) shows 400 WEBHOOK_TARGET_REFUSED; markup in a URL, an event type
// and a description shows as text; an endpoint for a receiver this test runs on 127.0.0.1 (./talk-mesh up with
// TALK_WEBHOOK_ALLOWED_TARGETS=127.0.0.1/32, as .ci/run starts it) shows its secret once, which signs the POST a
// message makes, and the panel then lists the delivery as delivered; disable, rotate and delete work from the panel.
// It starts nothing itself. Environment:
//   TALK_URL (http://127.0.0.1:8080)   the gateway; TALK_WS_PORT (8081) push-service's port on the same host
//   TALK_ADMIN_USERNAME / TALK_ADMIN_PASSWORD (admin / admin)   creates the agents
//   CHROMIUM (/usr/bin/chromium)   SCREENSHOT (../docs/console.png)
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import net from 'node:net';
import { createServer } from 'node:http';
import crypto from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const URL_BASE = (process.env.TALK_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const WS_PORT = process.env.TALK_WS_PORT || '8081';
const ADMIN = { username: process.env.TALK_ADMIN_USERNAME || 'admin', password: process.env.TALK_ADMIN_PASSWORD || 'admin' };
const SCREENSHOT = process.env.SCREENSHOT || path.join(here, '..', 'docs', 'console.png');
const TIMEOUT = 15000;

const run = Date.now().toString(36);
const alice = { username: `e2e-alice-${run}`, password: 'alice-password', name: 'Alice', detail: 'e2e agent A' };
const bob = { username: `e2e-bob-${run}`, password: 'bob-password', name: 'Bob', detail: 'e2e agent B' };
const mallory = { username: `e2e-mallory-${run}`, password: 'mallory-password',
  name: '<img src=x onerror="window.pwned=1">Mallory', detail: 'e2e agent with a hostile name' };
const root = { username: `e2e-root-${run}`, password: 'root-password', name: 'Root', detail: 'e2e admin', permission: 32 };

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

/** A call whose failure is an answer to look at: { status, json }. */
async function probe(method, pathAndQuery, token) {
  const response = await fetch(`${URL_BASE}/v1.0${pathAndQuery}`, { method, headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, json: await response.json().catch(() => ({})) };
}

/** Whether the server lacks the route: what a gateway older than the search/pins routes answers. */
function routeMissing(answer) {
  return answer.status === 404 && answer.json.error && answer.json.error.reason === 'ROUTE_NOT_FOUND';
}

/** Waits until check() is true, polling; fails with what it saw last. */
async function until(what, check, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last === true) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out (${timeout} ms) waiting for ${what}; last saw ${JSON.stringify(last)}`);
}

/** The line under the open chat's messages saying who is typing ('' when nobody is). */
async function typingLine(page) {
  return (await page.getByTestId('typing').textContent()).trim();
}

/** The dot beside an agent's name in a place of the page (a locator), showing a presence. */
function dot(place, agentId, presence) {
  return place.locator(`[data-testid="presence-dot"][data-agent-id="${agentId}"][data-presence="${presence}"][title="${presence}"]`);
}

/** The open chat's messages (a closed thread panel keeps its items, hidden). */
function chatMessages(page) {
  return page.getByTestId('messages').getByTestId('message');
}

function chatItem(page, name) {
  return page.locator(`[data-testid="chat-item"][data-name="${name}"]`);
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
  const aliceId = (await http('POST', '/agents', alice, adminToken)).id;
  const bobId = (await http('POST', '/agents', bob, adminToken)).id;
  const malloryId = (await http('POST', '/agents', mallory, adminToken)).id;
  await http('POST', '/agents', root, adminToken);
  // Direct chats made over HTTP (no WebSocket: the creators stay offline), unnamed: the console names them after
  // the other agent.
  const directChat = async (who) => {
    const { token } = await http('POST', '/auth/login', { username: who.username, password: who.password });
    return (await http('POST', '/service_agents/talk_chats',
      { type: 'direct', name: '', participants: [{ owner_type: 'agent', owner_id: bobId }] }, token)).id;
  };
  const aliceDirect = await directChat(alice);
  const malloryDirect = await directChat(mallory);
  const served = await http('GET', `/agents/${aliceId}`, undefined, adminToken);
  if (served.presence !== 'offline' || served.tm_presence === undefined) {
    throw new Error(`a new agent's presence should be offline, with a tm_presence; the server says ${JSON.stringify(served)}`);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Playwright gives each launch a new, empty profile directory of its own.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const pages = [];
    for (const who of ['A', 'B', 'B2']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      context.setDefaultTimeout(TIMEOUT);
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[${who} page error] ${e.message}`));
      page.on('console', (m) => {
        // A server without the search and pins routes answers the console's first call 404: expected, not news.
        const probe = /\/talk_search\/|\/pins(\?|$)/.test(m.location().url) && m.text().includes('404');
        if (m.type() === 'error' && !probe) console.error(`[${who} console] ${m.text()}`);
      });
      pages.push(page);
    }
    const [a, b, b2] = pages;

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

    step('B logs in to the console; the direct chats are named after the other agent, a hostile name as text');
    await logIn(b, bob);
    const bDirect = b.locator(`[data-testid="chat-item"][data-id="${aliceDirect}"]`);
    await bDirect.filter({ hasText: alice.name }).waitFor();
    const bHostile = b.locator(`[data-testid="chat-item"][data-id="${malloryDirect}"]`);
    await bHostile.filter({ hasText: mallory.name }).waitFor();
    if (await b.getByTestId('chat-list').locator('img').count() !== 0 || await b.evaluate(() => window.pwned)) {
      throw new Error('an agent name was rendered as HTML in B\'s chat list');
    }
    await http('DELETE', `/agents/${malloryId}`, undefined, adminToken); // out of A's lists and the screenshot

    step('presence: A is not connected; B sees A\'s dot offline beside their direct chat');
    await dot(bDirect, aliceId, 'offline').waitFor();

    step('A logs in to the console');
    await logIn(a, alice);
    step('presence: A sets available; B sees A\'s dot turn available live, A its own');
    await a.getByTestId('my-status').selectOption('available');
    await dot(a.getByTestId('me'), aliceId, 'available').waitFor();
    await dot(bDirect, aliceId, 'available').waitFor();
    step('presence: A sets away; B sees A\'s dot turn away live; A sets available again');
    await a.getByTestId('my-status').selectOption('away');
    await dot(bDirect, aliceId, 'away').waitFor();
    await a.getByTestId('my-status').selectOption('available');
    await dot(bDirect, aliceId, 'available').waitFor();
    step('presence: B sets busy; A sees B\'s dot busy beside their direct chat');
    await b.getByTestId('my-status').selectOption('busy');
    await dot(a.locator(`[data-testid="chat-item"][data-id="${aliceDirect}"]`), bobId, 'busy').waitFor();

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
    await dot(b.getByTestId('chat-members'), aliceId, 'available').waitFor();

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

    step('A types in the composer; B sees "Alice is typing…"; it goes when A leaves the composer');
    const bTyping = (expected, timeout) => until(`B's typing line to read "${expected}"`, async () => {
      const line = await typingLine(b);
      return line === expected || line;
    }, timeout);
    // A stop clears the line at once; without one it would go only when the start expires, 5 s after it.
    const STOPPED_WITHIN = 3000;
    await a.getByTestId('send-text').pressSequentially('Let me check', { delay: 20 });
    await bTyping(`${alice.name} is typing…`);
    await a.getByTestId('chat-title').click();
    await bTyping('', STOPPED_WITHIN);
    step('A types again, B sees it; A clears the composer, it goes');
    await a.getByTestId('send-text').pressSequentially(' the logs', { delay: 20 });
    await bTyping(`${alice.name} is typing…`);
    await a.getByTestId('send-text').fill('');
    await bTyping('', STOPPED_WITHIN);
    step('A types and sends; the line goes and B sees the message');
    await a.getByTestId('send-text').pressSequentially('Logs are clean', { delay: 20 });
    await bTyping(`${alice.name} is typing…`);
    await a.getByTestId('send-text').press('Enter');
    await b.getByTestId('message').filter({ hasText: 'Logs are clean' }).waitFor();
    await bTyping('');
    if (await typingLine(a) !== '') throw new Error(`A's own typing line reads "${await typingLine(a)}"`);

    step('A replies in the thread; B sees the reply live in the open thread');
    await b.getByTestId('message').filter({ hasText: text }).getByTestId('reply').click();
    await a.getByTestId('message').filter({ hasText: text }).getByTestId('reply').click();
    await a.getByTestId('reply-text').fill('Thread reply from Alice');
    await a.getByTestId('reply-submit').click();
    await b.getByTestId('thread-messages').getByText('Thread reply from Alice').waitFor();

    step('B logs in on a second device');
    await logIn(b2, bob);

    step('A creates a second chat with B; both of B\'s devices list it, read (no badge)');
    const badgeChat = `e2e badges ${run}`;
    await a.locator('[data-testid="new-chat"] summary').click();
    await a.getByTestId('new-chat-type').selectOption('group');
    await a.getByTestId('new-chat-name').fill(badgeChat);
    await a.locator(`[data-testid="new-chat-agent"][data-username="${bob.username}"]`).check();
    await a.getByTestId('new-chat-submit').click();
    await a.getByTestId('chat-title').filter({ hasText: badgeChat }).waitFor();
    for (const device of [b, b2]) await chatItem(device, badgeChat).and(device.locator('[data-unread="0"]')).waitFor();
    const badgeChatId = await chatItem(a, badgeChat).getAttribute('data-id');

    step('A mentions B with the @ picker and sends; the badge on both of B\'s devices shows 1, marked as a mention');
    // Letters only: a word search finds whole, whatever the text search configuration splits digits from.
    const word = `zebra${run.replace(/[0-9]/g, (d) => 'abcdefghij'[d])}`;
    await a.getByTestId('send-text').fill('@Bo');
    await a.locator(`[data-testid="mention-option"][data-username="${bob.username}"]`).click();
    const mentioning = `${await a.getByTestId('send-text').inputValue()}please look at ticket ${word}`;
    if (!mentioning.startsWith('@Bob ')) throw new Error(`the @ picker left "${mentioning}" in the composer`);
    await a.getByTestId('send-text').fill(mentioning);
    await a.getByTestId('send-submit').click();
    await a.getByTestId('message').filter({ hasText: word }).locator('[data-testid="mention"]').waitFor();
    for (const device of [b, b2]) {
      await chatItem(device, badgeChat).locator('[data-testid="unread-badge"][data-count="1"][data-mentions="1"]').waitFor();
    }

    step('A sends again; both badges count 2, one of them a mention');
    await a.getByTestId('send-text').fill('and the queue too');
    await a.getByTestId('send-submit').click();
    for (const device of [b, b2]) {
      await chatItem(device, badgeChat).locator('[data-testid="unread-badge"][data-count="2"][data-mentions="1"]').waitFor();
    }

    step('B opens the chat on the second device: its badge clears, and the first device\'s clears live (no reload)');
    await chatItem(b2, badgeChat).click();
    await b2.getByTestId('chat-title').filter({ hasText: badgeChat }).waitFor();
    await b2.locator('.message.mentions-me').filter({ hasText: word }).waitFor();
    await chatItem(b2, badgeChat).and(b2.locator('[data-unread="0"][data-mentions="0"]')).waitFor();
    await chatItem(b, badgeChat).and(b.locator('[data-unread="0"][data-mentions="0"]')).waitFor();
    if (await chatItem(b, badgeChat).getByTestId('unread-badge').count() !== 0) throw new Error('B\'s first device still shows a badge');

    step('A message arriving in the chat open on B\'s second device is marked read there; the first device stays clear');
    const { token: bobToken } = await http('POST', '/auth/login', { username: bob.username, password: bob.password });
    await a.getByTestId('send-text').fill('one more while you look');
    await a.getByTestId('send-submit').click();
    await b2.getByTestId('message').filter({ hasText: 'one more while you look' }).waitFor();
    await until('B\'s unread count of the open chat to be 0 on the server', async () => {
      const chat = await http('GET', `/service_agents/talk_chats/${badgeChatId}`, undefined, bobToken);
      return chat.unread_count === 0 || { unread_count: chat.unread_count };
    });
    await chatItem(b, badgeChat).and(b.locator('[data-unread="0"]')).waitFor();

    const searchProbe = await probe('GET', `/service_agents/talk_search/messages?q=${word}&page_size=1`, bobToken);
    if (routeMissing(searchProbe)) {
      step('search: this server has no search route (404 ROUTE_NOT_FOUND); the console says so; search checks SKIPPED');
      await a.getByTestId('search-text').fill(word);
      await a.getByTestId('search-text').press('Enter');
      await a.locator('[data-testid="search-note"][data-state="unavailable"]').waitFor();
      await a.getByTestId('search-clear').click();
    } else {
      step('A searches for a word of the mentioning message, from the other chat; the result opens its chat at it');
      await chatItem(a, chatName).click();
      await a.getByTestId('chat-title').filter({ hasText: chatName }).waitFor();
      await a.getByTestId('search-text').fill(word);
      await a.getByTestId('search-text').press('Enter');
      const result = a.locator(`[data-testid="search-result"][data-chat-id="${badgeChatId}"]`).filter({ hasText: word });
      await result.waitFor();
      await result.click();
      await a.getByTestId('chat-title').filter({ hasText: badgeChat }).waitFor();
      await a.locator('.message.found').filter({ hasText: word }).waitFor();
      await a.getByTestId('search-clear').click();
    }

    step('A opens the first chat again');
    await chatItem(a, chatName).click();
    await a.getByTestId('chat-title').filter({ hasText: chatName }).waitFor();
    const firstChatId = await chatItem(a, chatName).getAttribute('data-id');
    const pinsProbe = await probe('GET', `/service_agents/talk_chats/${firstChatId}/pins`, bobToken);
    if (routeMissing(pinsProbe)) {
      step('pins: this server has no pins route (404 ROUTE_NOT_FOUND); the console offers no pins; pin checks SKIPPED');
      await chatMessages(a).filter({ hasText: text }).waitFor();
      if (await a.getByTestId('pins-toggle').isVisible()) throw new Error('the pins button shows on a server without pins');
      if (await a.getByTestId('pin').count() !== 0) throw new Error('pin buttons show on a server without pins');
    } else {
      step('A pins the first message; B, with the chat open, sees the pin live; B unpins it; A sees that live');
      await chatMessages(a).filter({ hasText: text }).getByTestId('pin').click();
      await a.getByTestId('pin-count').filter({ hasText: '1' }).waitFor();
      await b.getByTestId('pin-count').filter({ hasText: '1' }).waitFor();
      await chatMessages(b).and(b.locator('[data-pinned="true"]')).filter({ hasText: text }).waitFor();
      await b.getByTestId('pins-toggle').click();
      await b.getByTestId('pin-item').filter({ hasText: text }).getByTestId('unpin').click();
      await a.getByTestId('pin-count').filter({ hasText: '0' }).waitFor();
      await chatMessages(a).and(a.locator('[data-pinned="false"]')).filter({ hasText: text }).waitFor();
      step('A pins it again (for the screenshot)');
      await chatMessages(a).filter({ hasText: text }).getByTestId('pin').click();
      await a.getByTestId('pins-toggle').click();
      await a.getByTestId('pin-item').filter({ hasText: text }).waitFor();
    }

    step('B, from the second device, mentions A in the badge chat; A, in the first chat, sees a mention badge');
    await b2.getByTestId('send-text').fill('@Al');
    await b2.locator(`[data-testid="mention-option"][data-username="${alice.username}"]`).click();
    await b2.getByTestId('send-text').press('End');
    await b2.getByTestId('send-text').pressSequentially('done, the badge cleared on my desk');
    await b2.getByTestId('send-submit').click();
    await chatItem(a, badgeChat).locator('[data-testid="unread-badge"][data-count="1"][data-mentions="1"]').waitFor();

    step('B types in the first chat; A, who has it open, sees "Bob is typing…"');
    await b.getByTestId('send-text').pressSequentially('Closing the ticket', { delay: 20 });
    await until('A\'s typing line to read "Bob is typing…"', async () => {
      const line = await typingLine(a);
      return line === `${bob.name} is typing…` || line;
    });

    await a.screenshot({ path: SCREENSHOT });
    step(`screenshot of A's console: ${SCREENSHOT}`);

    await webhooks(browser, a);
    console.log('console e2e: PASS');
  } finally {
    await browser.close();
  }
}

/** A receiver of webhook POSTs on a free port of 127.0.0.1: each request's headers and raw body, answered 204. */
async function receiver() {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      received.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${server.address().port}/talk-hook`, close: () => server.close() };
}

/** Whether a POST carries X-Talk-Signature v1 = hex HMAC-SHA256(secret, "<X-Talk-Timestamp>.<body>"). */
function signedWith(secret, post) {
  const expected = 'v1=' + crypto.createHmac('sha256', secret).update(`${post.headers['x-talk-timestamp']}.${post.body}`).digest('hex');
  return post.headers['x-talk-signature'] === expected;
}

async function webhooks(browser, agentPage) {
  step('webhooks: A, an agent, has no Webhooks panel, and the API refuses it 403');
  if (await agentPage.getByTestId('webhooks-open').isVisible() || await agentPage.getByTestId('webhooks').isVisible()) {
    throw new Error('an agent without the admin permission is offered the Webhooks panel');
  }
  const { token: aliceToken } = await http('POST', '/auth/login', { username: alice.username, password: alice.password });
  const refused = await probe('GET', '/webhook_endpoints', aliceToken);
  if (refused.status !== 403) throw new Error(`an agent listing webhook endpoints should get 403; got ${JSON.stringify(refused)}`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  context.setDefaultTimeout(TIMEOUT);
  const r = await context.newPage();
  r.on('pageerror', (e) => console.error(`[admin page error] ${e.message}`));
  r.on('console', (m) => {
    // The refusals this test provokes are logged by the browser as failed loads: expected.
    const provoked = /\/webhook_endpoints$/.test(m.location().url) && m.text().includes('400');
    if (m.type() === 'error' && !provoked) console.error(`[admin console] ${m.text()}`);
  });
  r.on('dialog', (d) => d.accept()); // delete asks for confirmation
  const hook = await receiver();
  try {
    step('webhooks: the admin opens the panel');
    await logIn(r, root);
    await r.getByTestId('webhooks-open').click();
    await r.getByTestId('webhooks').waitFor();
    const panel = r.getByTestId('webhooks');
    const errorText = () => r.getByTestId('webhooks-error').textContent();
    const add = async (url, types = '', description = '') => {
      await r.getByTestId('webhook-url').fill(url);
      await r.getByTestId('webhook-event-types').fill(types);
      await r.getByTestId('webhook-description').fill(description);
      await r.getByTestId('webhook-add').click();
    };
    const noMarkup = async (where) => {
      if (await panel.locator('img').count() !== 0 || await r.evaluate(() => window.pwned)) {
        throw new Error(`${where} was rendered as HTML in the Webhooks panel`);
      }
    };

    step('webhooks: a target the allow-list refuses (the cloud metadata address) shows 400 WEBHOOK_TARGET_REFUSED');
    const metadata = 'http://169.254.169.254/latest/meta-data/';
    await add(metadata);
    await r.getByTestId('webhooks-error').filter({ hasText: '400 WEBHOOK_TARGET_REFUSED' }).waitFor();
    if (await r.getByTestId('webhook-item').filter({ hasText: metadata }).count() !== 0) throw new Error('a refused endpoint is listed');

    step('webhooks: a URL with markup is refused, shown as text; an event type with markup is echoed in the error as text');
    await add('https://example.com/<img src=x onerror="window.pwned=1">');
    await r.getByTestId('webhooks-error').filter({ hasText: '400 INVALID_WEBHOOK_URL' }).waitFor();
    await noMarkup('a refused URL');
    const hostileType = '<img src=x onerror="window.pwned=2">';
    await add('https://example.com/talk-hook', hostileType);
    await r.getByTestId('webhooks-error').filter({ hasText: 'INVALID_EVENT_TYPE' }).waitFor();
    if (!(await errorText()).includes(hostileType)) throw new Error(`the error should show the event type as text: ${await errorText()}`);
    await noMarkup('an event type in an error');

    step('webhooks: an endpoint whose URL and description hold markup characters is listed as text, then deleted');
    const oddUrl = "https://example.com/talk-hook?a=1&b='x'";
    const hostileDescription = `<img src=x onerror="window.pwned=3">Ops ${run}`;
    await add(oddUrl, 'chat_deleted', hostileDescription);
    const odd = r.getByTestId('webhook-item').filter({ hasText: `Ops ${run}` });
    await odd.waitFor();
    const shown = [await odd.getByTestId('webhook-item-url').textContent(), await odd.getByTestId('webhook-item-description').textContent()];
    if (shown[0] !== oddUrl || shown[1] !== hostileDescription) throw new Error(`the endpoint shows ${JSON.stringify(shown)}`);
    await noMarkup('an endpoint\'s URL or description');
    if (await r.getByTestId('webhooks-error').textContent() !== '') throw new Error(`an error shows: ${await errorText()}`);
    await odd.getByTestId('webhook-delete').click();
    await odd.waitFor({ state: 'detached' });

    step(`webhooks: the admin adds an endpoint for this test's receiver (${hook.url}); its secret is shown once`);
    await add(hook.url, 'chatmessage_created, chat_updated');
    const item = r.locator(`[data-testid="webhook-item"]`).filter({ hasText: hook.url });
    await item.or(r.getByTestId('webhooks-error').filter({ hasText: 'WEBHOOK_TARGET_REFUSED' })).waitFor();
    if ((await errorText()).includes('WEBHOOK_TARGET_REFUSED')) {
      throw new Error(`the receiver's endpoint was refused (${await errorText()}): start ./talk-mesh up with `
        + 'TALK_WEBHOOK_ALLOWED_TARGETS=127.0.0.1/32');
    }
    await item.and(r.locator('[data-enabled="true"]')).waitFor();
    const types = await item.getByTestId('webhook-item-types').textContent();
    if (types !== 'chatmessage_created, chat_updated') throw new Error(`the endpoint lists event types "${types}"`);
    await r.getByTestId('webhook-secret').filter({ hasText: 'Shown only now' }).waitFor();
    const secret = await r.getByTestId('webhook-secret-value').textContent();
    if (!secret.startsWith('whsec_')) throw new Error(`the secret shown is "${secret}"`);
    await r.getByTestId('webhook-detail').waitFor();

    step('webhooks: a message sent by the admin is POSTed to the receiver, signed with the secret the panel showed');
    // The endpoint reaches webhook-service within TALK_WEBHOOK_ENDPOINT_CACHE_MS (5 s): send until one arrives.
    const { token: rootToken } = await http('POST', '/auth/login', { username: root.username, password: root.password });
    const chat = await http('POST', '/service_agents/talk_chats', { type: 'group', name: `e2e hooks ${run}`, participants: [] }, rootToken);
    const posted = () => hook.received.filter((p) => p.headers['x-talk-event-type'] === 'chatmessage_created');
    let sent = 0;
    await until('a chatmessage_created POST at the receiver', async () => {
      if (posted().length > 0) return true;
      await http('POST', '/service_agents/talk_messages', { chat_id: chat.id, type: 'normal', text: `hook ${++sent}` }, rootToken);
      await new Promise((resolve) => setTimeout(resolve, 800));
      return { sent, received: hook.received.map((p) => p.headers['x-talk-event-type']) };
    }, 30000);
    const post = posted()[0];
    if (!signedWith(secret, post)) throw new Error(`the POST is not signed with the secret shown: ${JSON.stringify(post.headers)}`);
    if (JSON.parse(post.body).chat_id !== chat.id) throw new Error(`the POST is of another chat: ${post.body}`);

    step('webhooks: the panel lists the delivery as delivered (status 204)');
    const delivered = r.locator('[data-testid="webhook-delivery"][data-outcome="delivered"][data-event-type="chatmessage_created"]');
    await until('a delivered row in the panel', async () => {
      if (await delivered.count() > 0) return true;
      await r.getByTestId('webhook-refresh').click();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { rows: await r.getByTestId('webhook-deliveries').textContent(), error: await errorText() };
    });
    const status = await delivered.first().getByTestId('webhook-delivery-status').textContent();
    if (status !== '204') throw new Error(`the delivered row shows status "${status}"`);
    await r.getByTestId('webhook-parked-empty').waitFor();

    step('webhooks: the admin disables the endpoint, enables it again, and rotates its secret (a new one, shown once)');
    await item.getByTestId('webhook-toggle').click();
    await item.and(r.locator('[data-enabled="false"]')).getByTestId('webhook-item-state').filter({ hasText: 'disabled' }).waitFor();
    await item.getByTestId('webhook-toggle').click();
    await item.and(r.locator('[data-enabled="true"]')).waitFor();
    await r.getByTestId('webhook-secret-dismiss').click();
    await r.getByTestId('webhook-secret').waitFor({ state: 'hidden' });
    await item.getByTestId('webhook-rotate').click();
    await r.getByTestId('webhook-secret').waitFor();
    const rotated = await r.getByTestId('webhook-secret-value').textContent();
    if (!rotated.startsWith('whsec_') || rotated === secret) throw new Error(`the rotated secret shown is "${rotated}"`);

    step('webhooks: the admin deletes the endpoint; the list and the API no longer have it');
    await item.getByTestId('webhook-delete').click();
    await item.waitFor({ state: 'detached' });
    await r.getByTestId('webhook-secret').waitFor({ state: 'hidden' });
    const left = await http('GET', '/webhook_endpoints?page_size=100', undefined, rootToken);
    if (left.result.some((w) => w.url === hook.url)) throw new Error('the deleted endpoint is still listed by the API');
  } finally {
    hook.close();
    await context.close();
  }
}

main().catch((e) => {
  console.error(`console e2e: FAIL: ${e.stack || e}`);
  process.exit(1);
});
