'use strict';
// The talk-mesh agent console: the HTTP API of this page's own origin (api-gateway) and the WebSocket of
// push-service, a separate service. Its URL comes from the page's query: ?ws=<port> (same host) or
// ?ws=ws[s]://host:port/v1.0/ws; without it, the same host on the page's port + 1 (8080 → 8081, as ./talk-mesh up).
// The socket receives the agent's token, so a ?ws= URL on another host is refused unless the gateway lists it
// (TALK_CONSOLE_PUSH_URLS, served as /console/config.json); the page's Content-Security-Policy enforces the same.
// The token travels in the handshake's Sec-WebSocket-Protocol ("talk-mesh", "bearer.<token>"), never in a URL.
// The token lives in memory only: reloading the page logs out.
// Unread badges come from the chat list's counts and then follow the socket: a message of someone else raises the
// chat's badge, and a chat_read frame (a mark made on any of my devices) sets it; the open chat is marked read.
// Search and pins use routes a server older than this console lacks: a 404 ROUTE_NOT_FOUND hides them, visibly.
// Typing: the composers say typing_start (repeated while typing goes on) and typing_stop; typing frames of the open
// chat make the line under its messages, each typist expiring unless repeated. Presence: agent_id:<self>:presence on
// the socket and the agent list's presence, newest tm_presence winning, colour a dot beside each agent's name; a
// server without presence (its topic refused, no presence in the list) shows no dots.
// Webhooks (issue 17): an admin (the token's permission has Permission.ADMIN) gets a panel of the customer's webhook
// endpoints; their secrets are shown once, after create or rotation, and never kept. Everything the API returns is
// set as text (textContent), never as HTML: URLs, descriptions and errors are the customer's own input.

const API = '/v1.0';
const QUICK_EMOJIS = ['👍', '🎉', '👀'];
const HISTORY_PAGE = 50;
const SEARCH_PAGE = 20;
const PINS_PAGE = 100;      // talk-manager keeps at most 100 pins per chat
const MARK_DELAY_MS = 200;  // marks of a busy open chat are coalesced into one per delay (marks are rate-limited)
const TYPING_REPEAT_MS = 3000; // a start repeated this often while typing goes on (the server expires one after 5 s)
const TYPING_EXPIRES_MS = 5000; // a typing frame's lifetime when it names none
const PRESENCES = ['available', 'away', 'busy', 'ringing', 'offline'];
const PEER_READS = 4;       // direct chats whose participants are read at once, to find whom each is with
const PERMISSION_ADMIN = 0x20; // Permission.ADMIN: the customer's admins, who alone may manage webhook endpoints
const DELIVERIES_PAGE = 25;
const PARKED_PAGE = 25;

const state = {
  token: null,
  me: null,               // the token's claims: sub (agent id), customer_id, username, permission
  agents: new Map(),      // id → Agent
  chats: new Map(),       // id → Chat, the chats I participate in
  channels: new Map(),    // id → Chat, the customer's public talk chats
  current: null,          // the open Chat
  members: [],            // Participants of the open chat
  messages: new Map(),    // id → Message of the open chat (top level)
  threadRoot: null,       // the Message whose thread is open
  replies: new Map(),     // id → Message, replies of the open thread
  lastSeq: new Map(),     // chat id → highest event seq seen (drops duplicate deliveries)
  ws: null,
  wsRetry: 0,
  chatTopic: null,        // the one-chat topic subscribed for an open channel I am not a member of
  pins: new Map(),        // message id → Pin of the open chat
  pinsAvailable: null,    // false once the server answered the pins route ROUTE_NOT_FOUND; true once it answered it
  search: null,           // { q, next }: the search whose results are shown, and its next page token
  highlight: null,        // id of the message just jumped to (from a search result or a pin)
  typists: new Map(),     // agent id → expiry timer: who is typing in the open chat (never me)
  typingIn: null,         // { chatId, at }: the chat my composers last said typing_start for, and when
  presence: new Map(),    // agent id → { presence, status, at }: the newest presence known (at: tm_presence, sortable)
  peers: new Map(),       // direct chat id → the other participant's agent id (null: it left)
  webhooks: new Map(),    // id → WebhookEndpoint of my customer, without its secret (admins only)
  webhookSelected: null,  // id of the endpoint whose deliveries and parked events are shown
  secretOf: null,         // id of the endpoint whose secret is on screen
};

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'onclick') node.addEventListener('click', value);
    else if (key === 'class') node.className = value;
    else if (key.startsWith('data')) node.setAttribute(key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), value);
    else node[key] = value;
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function toast(text) {
  const node = $('toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { node.hidden = true; }, 4000);
}

async function api(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const response = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = json.error || {};
    const failure = new Error(`${error.reason || response.status}: ${error.message || response.statusText}`);
    failure.status = response.status;
    failure.reason = error.reason;
    throw failure;
  }
  return json;
}

/** Whether a call failed because the server has no such route: an API older than this console. */
function missingRoute(error) {
  return error.status === 404 && error.reason === 'ROUTE_NOT_FOUND';
}

// Runs an action (synchronously up to its first await, so preventDefault takes effect) and shows its failure.
function attempt(action) {
  return (...args) => {
    try {
      return Promise.resolve(action(...args)).catch((e) => toast(e.message));
    } catch (e) {
      toast(e.message);
      return Promise.resolve();
    }
  };
}

// ---- session ----

async function login(event) {
  event.preventDefault();
  const form = event.target;
  $('login-error').textContent = '';
  try {
    const { token } = await api('POST', '/auth/login', { username: form.username.value, password: form.password.value });
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    state.token = token;
    state.me = JSON.parse(atob(payload));
    form.password.value = '';
  } catch (e) {
    $('login-error').textContent = e.message;
    return;
  }
  $('login').hidden = true;
  $('app').hidden = false;
  $('me').replaceChildren(presenceDot(state.me.sub), state.me.username);
  $('admin').hidden = !isAdmin();
  connect();
  await Promise.all([loadAgents(), loadChats(), loadChannels()]).catch((e) => toast(e.message));
}

function logout() {
  stopTyping();
  clearTypists();
  const ws = state.ws;
  Object.assign(state, { token: null, me: null, ws: null, current: null, threadRoot: null, chatTopic: null,
    search: null, highlight: null, pins: new Map() });
  state.lastSeq.clear();
  state.presence.clear();
  state.peers.clear();
  peerReads.clear();
  marks.clear();
  if (ws) ws.close(1000, 'logout');
  clearSearch();
  closeWebhooks();
  state.webhooks.clear();
  state.webhookSelected = null;
  $('admin').hidden = true;
  $('app').hidden = true;
  $('chat').hidden = true;
  $('thread').hidden = true;
  $('login').hidden = false;
}

// ---- directory and chat lists ----

async function loadAgents() {
  const agents = await readAgents();
  const box = $('new-chat-agents');
  box.querySelectorAll('label').forEach((n) => n.remove());
  for (const agent of agents) {
    if (agent.id === state.me.sub) continue;
    box.append(el('label', {}, el('input', { type: 'checkbox', value: agent.id, dataTestid: 'new-chat-agent', dataUsername: agent.username }),
      presenceDot(agent.id), agentLabel(agent.id)));
  }
}

/** Reads the agent list: names, and each agent's presence as of the read (older than what frames said: ignored). */
async function readAgents() {
  const page = await api('GET', '/agents?page_size=100');
  state.agents = new Map(page.result.map((a) => [a.id, a]));
  applyPresence(page.result.filter((a) => a.presence !== undefined)
    .map((a) => ({ agent_id: a.id, presence: a.presence, status: a.status, tm_presence: a.tm_presence })));
  showMyStatus();
  return page.result;
}

function agentName(id) {
  const agent = state.agents.get(id);
  return agent ? (agent.name || agent.username) : id.slice(0, 8);
}

/** Name and username: pickers must tell apart agents with the same name. */
function agentLabel(id) {
  const agent = state.agents.get(id);
  return agent ? `${agentName(id)} · ${agent.username}` : id;
}

/** A chat's name; an unnamed direct chat is called after whom it is with, once known. */
function chatName(chat) {
  const peer = chat.type === 'direct' && state.peers.get(chat.id);
  return chat.name || (peer ? agentName(peer) : `${chat.type} ${chat.id.slice(0, 8)}`);
}

async function loadChats() {
  const page = await readingChats(() => api('GET', '/service_agents/talk_chats?page_size=100'));
  state.chats = new Map(page.result.map((c) => [c.id, c]));
  renderChats();
  rereadTouched();
}

async function loadChannels() {
  const page = await api('GET', '/service_agents/talk_channels?page_size=100');
  state.channels = new Map(page.result.map((c) => [c.id, c]));
  renderList('channel-list', 'channel-item', state.channels, false);
}

function renderChats() {
  renderList('chat-list', 'chat-item', state.chats, true);
}

function renderList(listId, itemId, chats, withBadges) {
  const list = $(listId);
  list.replaceChildren(...[...chats.values()].map((chat) => {
    const peer = chat.type === 'direct' ? state.peers.get(chat.id) : null;
    return el('li', {
      dataTestid: itemId, dataId: chat.id, dataName: chat.name,
      ...(withBadges ? { dataUnread: chat.unread_count || 0, dataMentions: chat.mention_count || 0 } : {}),
      class: state.current && state.current.id === chat.id ? 'active' : '',
      onclick: attempt(() => openChat(chat.id)),
    }, el('span', { class: 'name' }, peer ? presenceDot(peer) : null, chatName(chat)),
    el('span', { class: 'meta' }, withBadges ? unreadBadge(chat) : null,
      el('span', { class: 'muted', title: 'members', textContent: chat.member_count })));
  }));
  findPeers(chats);
}

const peerReads = new Set(); // direct chats whose participants are being read

/**
 * A direct chat's JSON does not say whom it is with: its participants are read once (they never change), a few
 * chats at a time, and the list is drawn again with the other agent's dot and name.
 */
function findPeers(chats) {
  if (!state.token) return; // a list answered after logging out
  const wanted = [...chats.values()]
    .filter((c) => c.type === 'direct' && !state.peers.has(c.id) && !peerReads.has(c.id)).map((c) => c.id);
  if (wanted.length === 0) return;
  wanted.forEach((id) => peerReads.add(id));
  let found = false;
  const reader = async () => {
    for (let id = wanted.shift(); id && state.token; id = wanted.shift()) {
      try {
        found = notePeer(id, await api('GET', `/service_agents/talk_chats/${id}/participants`)) || found;
      } catch (e) {
        // gone or unreadable: the next drawing of the list tries it again
      } finally {
        peerReads.delete(id);
      }
    }
  };
  Promise.all(Array.from({ length: Math.min(PEER_READS, wanted.length) }, reader)).then(() => {
    if (found && state.token) renderChats();
  });
}

/** Remembers whom a direct chat is with, from its participants; whether that is news. */
function notePeer(chatId, members) {
  const chat = state.chats.get(chatId) || (state.current && state.current.id === chatId && state.current);
  if (!state.me || !chat || chat.type !== 'direct') return false;
  const other = members.find((p) => p.owner_type === 'agent' && p.owner_id !== state.me.sub);
  const peer = other ? other.owner_id : null;
  if (state.peers.has(chatId) && state.peers.get(chatId) === peer) return false;
  state.peers.set(chatId, peer);
  return true;
}

/** The count of unread messages, marked "@" (and coloured) when some of them mention me; none when all is read. */
function unreadBadge(chat) {
  const unread = chat.unread_count || 0;
  const mentions = chat.mention_count || 0;
  if (unread === 0 && mentions === 0) return null;
  return el('span', {
    class: mentions > 0 ? 'badge mentioned' : 'badge', dataTestid: 'unread-badge', dataCount: unread, dataMentions: mentions,
    title: `${unread} unread` + (mentions > 0 ? `, ${mentions} mentioning you` : ''),
    textContent: mentions > 0 ? `@ ${unread}` : String(unread),
  });
}

let reloadTimer = null;
function reloadListsSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(attempt(() => Promise.all([loadChats(), loadChannels()])), 150);
}

async function createChat(event) {
  event.preventDefault();
  const form = event.target;
  const participants = [...form.querySelectorAll('[data-testid="new-chat-agent"]:checked')]
    .map((box) => ({ owner_type: 'agent', owner_id: box.value }));
  const chat = await api('POST', '/service_agents/talk_chats', { type: form.type.value, name: form.name.value, participants });
  form.reset();
  $('new-chat').open = false;
  await loadChats();
  if (chat.type === 'talk') await loadChannels();
  await openChat(chat.id);
}

// ---- the open chat ----

async function openChat(id) {
  const chat = state.chats.get(id) || state.channels.get(id) || await api('GET', `/service_agents/talk_chats/${id}`);
  if (!state.current || state.current.id !== id) {
    stopTyping();
    clearTypists();
  }
  state.current = chat;
  closeThread();
  closeWebhooks();
  const member = state.chats.has(id);
  $('chat').hidden = false;
  $('chat-title').textContent = chatName(chat);
  $('join-chat').hidden = member;
  $('send-form').hidden = !member;
  $('add-participant-form').hidden = !member;
  renderChats();
  renderList('channel-list', 'channel-item', state.channels, false);
  // A public channel I am not in sends me its events only if I subscribe to it by id.
  setChatTopic(member ? null : `agent_id:${state.me.sub}:chat:${id}`);
  if (member && isReading(id)) markReadSoon(id, '');
  state.pins = new Map();
  renderPins();
  const [history, members] = await Promise.all([
    api('GET', `/service_agents/talk_messages?chat_id=${id}&page_size=${HISTORY_PAGE}`),
    api('GET', `/service_agents/talk_chats/${id}/participants`),
    loadPins(id).catch((e) => toast(e.message)),
  ]);
  if (!state.current || state.current.id !== id) return;
  state.messages = new Map(history.result.filter((m) => !m.parent_id).reverse().map((m) => [m.id, m]));
  showMembers(members);
  renderMessages();
}

/** Closes the open chat (the webhooks panel takes its place): nothing is marked read or typed in it any more. */
function closeChat() {
  stopTyping();
  clearTypists();
  closeThread();
  setChatTopic(null);
  Object.assign(state, { current: null, messages: new Map(), pins: new Map(), highlight: null });
  $('chat').hidden = true;
  renderChats();
  renderList('channel-list', 'channel-item', state.channels, false);
}

function isMember() {
  return Boolean(state.current && state.chats.has(state.current.id));
}

function showMembers(members) {
  state.members = members;
  if (notePeer(state.current.id, members)) {
    renderChats();
    $('chat-title').textContent = chatName(state.current);
  }
  $('chat-members').replaceChildren(...members.flatMap((p, i) => [i > 0 ? ', ' : null,
    el('span', { class: 'member', dataTestid: 'member', dataId: p.owner_id },
      p.owner_type === 'agent' ? presenceDot(p.owner_id) : null, agentName(p.owner_id))]).filter((n) => n !== null));
  const inChat = new Set(members.map((p) => p.owner_id));
  $('add-participant-agent').replaceChildren(...[...state.agents.values()].filter((a) => !inChat.has(a.id))
    .map((a) => el('option', { value: a.id, textContent: agentLabel(a.id) })));
}

async function refreshMembers() {
  if (!state.current) return;
  const id = state.current.id;
  const members = await api('GET', `/service_agents/talk_chats/${id}/participants`);
  if (state.current && state.current.id === id) showMembers(members);
}

async function joinChat() {
  await api('POST', `/service_agents/talk_chats/${state.current.id}/join`, {});
  await loadChats();
  await openChat(state.current.id);
}

async function addParticipant(event) {
  event.preventDefault();
  const ownerId = event.target.owner_id.value;
  if (!ownerId) return;
  await api('POST', `/service_agents/talk_chats/${state.current.id}/participants`, { owner_type: 'agent', owner_id: ownerId });
  await refreshMembers();
}

async function send(event) {
  event.preventDefault();
  stopTyping();
  const input = event.target.text;
  const message = await api('POST', '/service_agents/talk_messages',
    { chat_id: state.current.id, type: 'normal', text: input.value, mentions: sendMentions.mentioned() });
  input.value = '';
  sendMentions.reset();
  upsertMessage(message);
}

function byTime(a, b) {
  return a.tm_create < b.tm_create ? -1 : a.tm_create > b.tm_create ? 1 : (a.id < b.id ? -1 : 1);
}

function renderMessages() {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...[...state.messages.values()].sort(byTime).map((m) => messageItem(m, true)));
  if (atBottom && !state.highlight) list.scrollTop = list.scrollHeight;
}

function renderThread() {
  if (!state.threadRoot) return;
  const list = $('thread-messages');
  list.replaceChildren(messageItem(state.threadRoot, false), ...[...state.replies.values()].sort(byTime).map((m) => messageItem(m, false)));
  list.scrollTop = list.scrollHeight;
}

function messageItem(message, withReply) {
  const system = message.owner_type === 'system';
  const time = new Date(message.tm_create.replace(' ', 'T').slice(0, 23) + 'Z');
  const pinned = state.pins.has(message.id);
  const classes = ['message'];
  if (system) classes.push('system');
  if ((message.mentions || []).includes(state.me.sub)) classes.push('mentions-me');
  if (pinned) classes.push('pinned');
  if (state.highlight === message.id) classes.push('found');
  const item = el('li', { class: classes.join(' '), dataTestid: 'message', dataId: message.id, dataPinned: pinned },
    system ? null : el('span', { class: 'author', textContent: agentName(message.owner_id) }),
    el('span', { class: 'muted', textContent: time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) }),
    pinned ? el('span', { class: 'pin-mark', title: 'pinned', textContent: ' 📌' }) : null,
    messageText(message));
  if (system || message.tm_delete) return item;
  const reactions = new Map();
  for (const r of (message.metadata && message.metadata.reactions) || []) {
    if (!reactions.has(r.emoji)) reactions.set(r.emoji, []);
    reactions.get(r.emoji).push(r.owner_id);
  }
  const actions = el('div', { class: 'actions' });
  for (const [emoji, owners] of reactions) {
    const mine = owners.includes(state.me.sub);
    actions.append(el('button', {
      type: 'button', class: mine ? 'mine' : '', dataTestid: 'reaction', dataEmoji: emoji, dataCount: owners.length,
      title: owners.map(agentName).join(', '), textContent: `${emoji} ${owners.length}`,
      onclick: attempt(() => react(message, emoji, mine)),
    }));
  }
  for (const emoji of QUICK_EMOJIS) {
    if (reactions.has(emoji)) continue;
    actions.append(el('button', { type: 'button', dataTestid: 'react', dataEmoji: emoji, title: 'react', textContent: '+' + emoji,
      onclick: attempt(() => react(message, emoji, false)) }));
  }
  if (withReply) {
    actions.append(el('button', { type: 'button', dataTestid: 'reply', textContent: 'reply', onclick: attempt(() => openThread(message)) }));
  }
  if (state.pinsAvailable && isMember()) {
    actions.append(el('button', { type: 'button', dataTestid: 'pin', textContent: pinned ? 'unpin' : 'pin',
      onclick: attempt(() => pin(message, !pinned)) }));
  }
  item.append(actions);
  return item;
}

/** The text, each "@Name" of an agent it mentions set apart; a mentioned agent the text does not name is added. */
function messageText(message) {
  const node = el('div', { class: 'text', dataTestid: 'message-text' });
  const tags = new Map((message.mentions || []).map((id) => ['@' + agentName(id), id]));
  if (tags.size === 0) {
    node.textContent = message.text;
    return node;
  }
  const escaped = [...tags.keys()].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const shown = new Set();
  let last = 0;
  for (const match of message.text.matchAll(new RegExp(escaped.join('|'), 'g'))) {
    node.append(message.text.slice(last, match.index), mentionChip(tags.get(match[0])));
    shown.add(tags.get(match[0]));
    last = match.index + match[0].length;
  }
  node.append(message.text.slice(last));
  for (const id of tags.values()) if (!shown.has(id)) node.append(' ', mentionChip(id));
  return node;
}

function mentionChip(id) {
  return el('span', { class: id === state.me.sub ? 'mention me' : 'mention', dataTestid: 'mention', dataId: id,
    textContent: '@' + agentName(id) });
}

async function react(message, emoji, remove) {
  const path = `/service_agents/talk_messages/${message.id}/reactions`;
  const updated = remove ? await api('DELETE', `${path}?emoji=${encodeURIComponent(emoji)}`)
    : await api('POST', path, { emoji });
  upsertMessage(updated);
}

// ---- threads ----

async function openThread(root) {
  state.threadRoot = root;
  state.replies = new Map();
  $('thread').hidden = false;
  renderThread();
  const page = await api('GET', `/service_agents/talk_messages/${root.id}/thread?page_size=100`);
  if (!state.threadRoot || state.threadRoot.id !== root.id) return;
  for (const m of page.result) state.replies.set(m.id, m);
  renderThread();
}

function closeThread() {
  state.threadRoot = null;
  $('thread').hidden = true;
}

async function reply(event) {
  event.preventDefault();
  stopTyping();
  const input = event.target.text;
  const message = await api('POST', '/service_agents/talk_messages', { chat_id: state.current.id, type: 'normal',
    text: input.value, parent_id: state.threadRoot.id, mentions: replyMentions.mentioned() });
  input.value = '';
  replyMentions.reset();
  upsertMessage(message);
}

function upsertMessage(message) {
  if (state.threadRoot && (message.parent_id === state.threadRoot.id || message.id === state.threadRoot.id)) {
    if (message.id === state.threadRoot.id) state.threadRoot = message;
    else state.replies.set(message.id, message);
    renderThread();
  }
  if (state.current && message.chat_id === state.current.id && !message.parent_id) {
    state.messages.set(message.id, message);
    renderMessages();
  }
  const pinned = state.pins.get(message.id);
  if (pinned) {
    pinned.message = message;
    renderPins();
  }
}

function removeMessage(message) {
  state.replies.delete(message.id);
  if (state.threadRoot && state.threadRoot.id === message.id) closeThread();
  // A deleted message's pin goes with it (talk-manager lists pins of live messages only).
  if (state.pins.delete(message.id)) renderPins();
  if (state.messages.delete(message.id)) renderMessages();
  renderThread();
}

/** Scrolls to a message of the open chat (or its open thread) and marks it for a moment. */
function highlight(id) {
  state.highlight = id;
  renderMessages();
  renderThread();
  const node = document.querySelector(`.messages [data-id="${CSS.escape(id)}"]`);
  if (node) node.scrollIntoView({ block: 'center' });
  clearTimeout(highlight.timer);
  highlight.timer = setTimeout(() => {
    state.highlight = null;
    renderMessages();
    renderThread();
  }, 3000);
}

// ---- mentions: "@" in a composer offers the open chat's members ----

/**
 * Completion of "@name" in one composer: typing "@" and the start of a member's name or username lists the matches;
 * a click, Enter or Tab puts "@Name " in the text. Mentions are sent as agent ids (talk-manager never parses text),
 * so the picker remembers whom it inserted and sends those whose "@Name" is still in the text.
 */
function mentionPicker(input, list) {
  const picked = new Map(); // agent id → the "@Name" inserted for it
  let options = [];
  let active = 0;

  const typed = () => {
    const match = /(?:^|\s)@([^\s@]*)$/.exec(input.value.slice(0, input.selectionStart));
    return match ? match[1].toLowerCase() : null;
  };
  const close = () => {
    options = [];
    list.hidden = true;
  };
  const choose = (id) => {
    const caret = input.selectionStart;
    const tag = '@' + agentName(id);
    const before = input.value.slice(0, caret).replace(/@[^\s@]*$/, () => tag + ' ');
    input.value = before + input.value.slice(caret);
    input.setSelectionRange(before.length, before.length);
    picked.set(id, tag);
    close();
    input.focus();
  };
  const show = () => {
    const prefix = typed();
    if (prefix === null) {
      close();
      return;
    }
    const starts = (id) => {
      const agent = state.agents.get(id);
      return agentName(id).toLowerCase().startsWith(prefix) || Boolean(agent && agent.username.toLowerCase().startsWith(prefix));
    };
    options = state.members.filter((p) => p.owner_type === 'agent' && p.owner_id !== state.me.sub)
      .map((p) => p.owner_id).filter(starts).slice(0, 8);
    if (options.length === 0) {
      close();
      return;
    }
    active = Math.min(active, options.length - 1);
    list.replaceChildren(...options.map((id, i) => el('li', {
      class: i === active ? 'active' : '', dataTestid: 'mention-option', dataId: id,
      dataUsername: (state.agents.get(id) || {}).username || '',
      // mousedown, not click: the input keeps its focus and caret
      onmousedown: (e) => { e.preventDefault(); choose(id); },
    }, presenceDot(id), agentLabel(id))));
    list.hidden = false;
  };

  input.addEventListener('input', () => { active = 0; show(); });
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
      show();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  return {
    /** The agents picked whose "@Name" is still in the text. */
    mentioned: () => [...picked].filter(([, tag]) => input.value.includes(tag)).map(([id]) => id),
    reset: () => {
      picked.clear();
      close();
    },
  };
}

const sendMentions = mentionPicker($('send-text'), $('send-mention-suggestions'));
const replyMentions = mentionPicker($('reply-text'), $('reply-mention-suggestions'));

// ---- unread badges and marks ----

let chatReads = 0;           // reads of chat JSON (the list, one chat) in flight
const touched = new Set();   // chats whose counts changed while such a read was in flight
const marks = new Map();     // chat id → message id to mark read up to ('' = the chat's newest), not yet sent
let markTimer = null;

/** Runs a read of chats' JSON; counts changed meanwhile are read again after it (rereadTouched). */
async function readingChats(read) {
  chatReads++;
  try {
    return await read();
  } finally {
    chatReads--;
  }
}

function countChanged(chatId) {
  if (chatReads > 0) touched.add(chatId);
}

/**
 * A list read answered while frames changed counts may hold them or not: its answer replaced what the frames did,
 * so the chats they touched are read again, one by one, once no read is in flight.
 */
function rereadTouched() {
  if (chatReads > 0 || touched.size === 0) return;
  const ids = [...touched];
  touched.clear();
  for (const id of ids) refreshChat(id).catch(() => reloadListsSoon());
}

async function refreshChat(id) {
  const chat = await readingChats(() => api('GET', `/service_agents/talk_chats/${id}`));
  if (state.chats.has(id)) {
    state.chats.set(id, chat);
    renderChats();
  }
  rereadTouched();
}

/** Whether I am looking at the chat: it is open and the page is visible (a hidden tab reads nothing). */
function isReading(chatId) {
  return Boolean(state.current && state.current.id === chatId && document.visibilityState === 'visible');
}

/** A new message of someone else raises its chat's badge, unless I am reading the chat: then it is marked read. */
function countMessage(message) {
  if (message.type !== 'normal' || message.tm_delete || message.owner_id === state.me.sub) return;
  countChanged(message.chat_id);
  const chat = state.chats.get(message.chat_id);
  if (!chat) return;
  if (isReading(chat.id)) {
    markReadSoon(chat.id, message.id);
    return;
  }
  // Another device of mine marked it read before its frame reached this one: the mark's counts already hold it.
  if (message.id === chat.read_message_id) return;
  chat.unread_count = (chat.unread_count || 0) + 1;
  if ((message.mentions || []).includes(state.me.sub)) chat.mention_count = (chat.mention_count || 0) + 1;
  renderChats();
}

/** A deleted message no longer counts: talk-manager knows whether it was unread, so the chat's counts are read again. */
function uncountMessage(message) {
  const chat = state.chats.get(message.chat_id);
  if (chat && (chat.unread_count > 0 || chat.mention_count > 0)) refreshChat(chat.id).catch(() => reloadListsSoon());
}

/** Where one of my marks left a chat (the POST's answer, or chat_read from any of my sessions): its counts. */
function applyReadState(read) {
  countChanged(read.chat_id);
  const chat = state.chats.get(read.chat_id);
  if (!chat) return;
  // Marks only move forward: a state older than the one shown (an answer overtaken by a frame) changes nothing.
  if (chat.tm_read && read.tm_read && read.tm_read < chat.tm_read) return;
  Object.assign(chat, { unread_count: read.unread_count, mention_count: read.mention_count,
    read_message_id: read.read_message_id, tm_read: read.tm_read });
  renderChats();
}

function markReadSoon(chatId, messageId) {
  marks.set(chatId, messageId);
  if (!markTimer) markTimer = setTimeout(flushMarks, MARK_DELAY_MS);
}

function flushMarks() {
  markTimer = null;
  const pending = [...marks];
  marks.clear();
  for (const [chatId, messageId] of pending) attempt(markRead)(chatId, messageId);
}

async function markRead(chatId, messageId) {
  if (!state.token) return;
  applyReadState(await api('POST', `/service_agents/talk_chats/${chatId}/read`, messageId ? { message_id: messageId } : {}));
}

function onVisibility() {
  const chat = state.current && state.chats.get(state.current.id);
  if (chat && isReading(chat.id) && (chat.unread_count > 0 || chat.mention_count > 0)) markReadSoon(chat.id, '');
}

// ---- pins of the open chat ----

async function loadPins(id) {
  if (state.pinsAvailable === false) return;
  let page;
  try {
    page = await api('GET', `/service_agents/talk_chats/${id}/pins?page_size=${PINS_PAGE}`);
  } catch (e) {
    if (!missingRoute(e)) throw e;
    state.pinsAvailable = false;
    renderPins();
    return;
  }
  const first = state.pinsAvailable !== true;
  state.pinsAvailable = true;
  if (!state.current || state.current.id !== id) return;
  state.pins = new Map(page.result.map((p) => [p.message_id, p]));
  renderPins();
  // The first answer makes pin buttons appear on messages already drawn.
  if (first || state.pins.size > 0) {
    renderMessages();
    renderThread();
  }
}

function renderPins() {
  const available = state.pinsAvailable === true && Boolean(state.current);
  $('pins-toggle').hidden = !available;
  if (!available) $('pins').hidden = true;
  $('pin-count').textContent = state.pins.size;
  const member = isMember();
  const pins = [...state.pins.values()].sort((a, b) => (a.tm_create < b.tm_create ? 1 : -1));
  $('pins-empty').hidden = pins.length > 0;
  $('pin-list').replaceChildren(...pins.map((p) => el('li', {
    class: 'pin', dataTestid: 'pin-item', dataId: p.message_id, title: 'show the message',
    onclick: attempt(() => showPinned(p)),
  }, el('span', { class: 'author', textContent: agentName(p.message.owner_id) }),
  el('span', { class: 'text', textContent: p.message.text }),
  el('span', { class: 'muted', textContent: `pinned by ${agentName(p.owner_id)}` }),
  member ? el('button', { type: 'button', class: 'link', dataTestid: 'unpin', textContent: 'unpin',
    onclick: attempt((e) => { e.stopPropagation(); return pin(p.message, false); }) }) : null)));
}

async function showPinned(p) {
  const root = p.message.parent_id && state.messages.get(p.message.parent_id);
  if (root) await openThread(root);
  highlight(p.message_id);
}

async function pin(message, pinIt) {
  const path = `/service_agents/talk_chats/${message.chat_id}/pins`;
  const answer = pinIt ? await api('POST', path, { message_id: message.id })
    : await api('DELETE', `${path}/${message.id}`);
  applyPin(answer, pinIt);
}

function applyPin(p, pinned) {
  if (!state.current || p.chat_id !== state.current.id) return;
  if (pinned) state.pins.set(p.message_id, p);
  else state.pins.delete(p.message_id);
  renderPins();
  renderMessages();
  renderThread();
}

// ---- search ----

async function search(event) {
  event.preventDefault();
  const q = event.target.q.value.trim();
  if (!q) {
    clearSearch();
    return;
  }
  state.search = { q, next: '' };
  $('search').hidden = false;
  $('search-results').replaceChildren();
  $('search-more').hidden = true;
  setSearchNote('searching…', 'busy');
  await searchPage(q, '');
}

async function searchMore() {
  if (state.search && state.search.next) await searchPage(state.search.q, state.search.next);
}

async function searchPage(q, cursor) {
  const query = `q=${encodeURIComponent(q)}&page_size=${SEARCH_PAGE}` + (cursor ? '&page_token=' + encodeURIComponent(cursor) : '');
  let page;
  try {
    page = await api('GET', `/service_agents/talk_search/messages?${query}`);
  } catch (e) {
    if (!state.search || state.search.q !== q) return;
    if (missingRoute(e)) setSearchNote('Search is not available on this server.', 'unavailable');
    else setSearchNote(e.message, 'error');
    return;
  }
  if (!state.search || state.search.q !== q) return; // a newer search replaced this one
  state.search.next = page.next_page_token || '';
  $('search-results').append(...page.result.map(searchResult));
  const count = $('search-results').children.length;
  setSearchNote(count === 0 ? 'No message matches.' : `${count}${state.search.next ? '+' : ''} found`, 'done');
  $('search-more').hidden = !state.search.next;
}

function setSearchNote(text, status) {
  $('search-note').textContent = text;
  $('search-note').dataset.state = status;
}

function searchResult(message) {
  const chat = state.chats.get(message.chat_id) || state.channels.get(message.chat_id);
  const time = new Date(message.tm_create.replace(' ', 'T').slice(0, 23) + 'Z');
  return el('li', {
    class: 'result', dataTestid: 'search-result', dataId: message.id, dataChatId: message.chat_id,
    onclick: attempt(() => openResult(message)),
  }, el('span', { class: 'muted', textContent: `${chat ? chatName(chat) : 'chat'} · ${agentName(message.owner_id)} · ${time.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}` }),
  el('span', { class: 'text', textContent: message.text }));
}

async function openResult(message) {
  await openChat(message.chat_id);
  if (!state.current || state.current.id !== message.chat_id) return;
  const root = message.parent_id && state.messages.get(message.parent_id);
  if (root) await openThread(root);
  highlight(message.id);
}

function clearSearch() {
  state.search = null;
  $('search').hidden = true;
  $('search-results').replaceChildren();
  $('search-form').reset();
}

// ---- webhooks (the customer's admins) ----

function isAdmin() {
  return Boolean(state.me) && (Number(state.me.permission) & PERMISSION_ADMIN) !== 0;
}

function setWebhooksError(text) {
  $('webhooks-error').textContent = text;
}

// Runs a panel action; its failure (an API refusal such as 400 WEBHOOK_TARGET_REFUSED) is shown in the panel, as text.
function inPanel(action) {
  return (...args) => {
    setWebhooksError('');
    try {
      return Promise.resolve(action(...args)).catch(showPanelError);
    } catch (e) {
      showPanelError(e);
      return Promise.resolve();
    }
  };
}

function showPanelError(e) {
  setWebhooksError(e.status ? `${e.status} ${e.message}` : e.message);
}

function panelButton(testId, text, action) {
  const run = inPanel(action);
  return el('button', { type: 'button', dataTestid: testId, textContent: text,
    onclick: (e) => { e.stopPropagation(); return run(); } });
}

async function openWebhooks() {
  closeChat();
  $('webhooks').hidden = false;
  setWebhooksError('');
  await loadWebhooks();
  if (state.webhookSelected) await loadDeliveries(state.webhookSelected);
}

function closeWebhooks() {
  $('webhooks').hidden = true;
  hideSecret();
}

async function loadWebhooks() {
  const page = await api('GET', '/webhook_endpoints?page_size=100');
  state.webhooks = new Map(page.result.map((w) => [w.id, withoutSecret(w)]));
  if (!state.webhooks.has(state.webhookSelected)) state.webhookSelected = null;
  renderWebhooks();
}

function withoutSecret(endpoint) {
  const { secret, ...rest } = endpoint;
  return rest;
}

/** Event types typed comma-separated; none: every type. */
function eventTypesOf(text) {
  return text.split(',').map((t) => t.trim()).filter((t) => t !== '');
}

async function createWebhook(event) {
  event.preventDefault();
  const form = event.target;
  const body = { url: form.url.value.trim() };
  const types = eventTypesOf(form.event_types.value);
  if (types.length > 0) body.event_types = types;
  if (form.description.value.trim() !== '') body.description = form.description.value.trim();
  const created = await api('POST', '/webhook_endpoints', body);
  form.reset();
  state.webhooks.set(created.id, withoutSecret(created));
  showSecret(created);
  await selectWebhook(created.id);
}

async function updateWebhook(id, changes) {
  const updated = await api('PUT', `/webhook_endpoints/${id}`, changes);
  state.webhooks.set(updated.id, withoutSecret(updated));
  renderWebhooks();
}

async function rotateSecret(id) {
  const rotated = await api('POST', `/webhook_endpoints/${id}/secret`, {});
  state.webhooks.set(rotated.id, withoutSecret(rotated));
  showSecret(rotated);
  renderWebhooks();
}

async function deleteWebhook(id) {
  const endpoint = state.webhooks.get(id);
  if (!endpoint || !window.confirm(`Delete the webhook endpoint ${endpoint.url}? No more events go to it.`)) return;
  await api('DELETE', `/webhook_endpoints/${id}`);
  state.webhooks.delete(id);
  if (state.secretOf === id) hideSecret();
  if (state.webhookSelected === id) state.webhookSelected = null;
  renderWebhooks();
}

/** The secret of an endpoint's create or rotation answer: on screen until dismissed, kept nowhere else. */
function showSecret(endpoint) {
  state.secretOf = endpoint.id;
  $('webhook-secret-url').textContent = endpoint.url;
  $('webhook-secret-value').textContent = endpoint.secret;
  $('webhook-secret').hidden = false;
}

function hideSecret() {
  state.secretOf = null;
  $('webhook-secret-value').textContent = '';
  $('webhook-secret').hidden = true;
}

function renderWebhooks() {
  const endpoints = [...state.webhooks.values()].sort((a, b) => (a.tm_create < b.tm_create ? -1 : 1));
  $('webhooks-empty').hidden = endpoints.length > 0;
  $('webhook-list').replaceChildren(...endpoints.map(webhookItem));
  const selected = state.webhooks.get(state.webhookSelected);
  $('webhook-detail').hidden = !selected;
  $('webhook-detail-url').textContent = selected ? selected.url : '';
}

function webhookItem(w) {
  return el('li', {
    class: w.id === state.webhookSelected ? 'endpoint active' : 'endpoint', dataTestid: 'webhook-item', dataId: w.id,
    dataEnabled: w.enabled, title: 'show its deliveries', onclick: inPanel(() => selectWebhook(w.id)),
  }, el('span', { class: 'url', dataTestid: 'webhook-item-url', textContent: w.url }),
  el('span', { class: 'state', dataTestid: 'webhook-item-state', dataEnabled: w.enabled, textContent: w.enabled ? 'enabled' : 'disabled' }),
  el('span', { class: 'actions' },
    panelButton('webhook-toggle', w.enabled ? 'disable' : 'enable', () => updateWebhook(w.id, { enabled: !w.enabled })),
    panelButton('webhook-rotate', 'rotate secret', () => rotateSecret(w.id)),
    panelButton('webhook-delete', 'delete', () => deleteWebhook(w.id))),
  el('span', { class: 'muted', dataTestid: 'webhook-item-types',
    textContent: w.event_types.length === 0 ? 'all event types' : w.event_types.join(', ') }),
  w.description ? el('span', { class: 'muted', dataTestid: 'webhook-item-description', textContent: w.description }) : null);
}

async function selectWebhook(id) {
  if (state.webhookSelected !== id) {
    state.webhookSelected = id;
    $('webhook-deliveries').replaceChildren();
    $('webhook-parked').replaceChildren();
  }
  renderWebhooks();
  await loadDeliveries(id);
}

/** The endpoint's newest deliveries and parked events. */
async function loadDeliveries(id) {
  const [deliveries, parked] = await Promise.all([
    api('GET', `/webhook_endpoints/${id}/deliveries?page_size=${DELIVERIES_PAGE}`),
    api('GET', `/webhook_endpoints/${id}/parked?page_size=${PARKED_PAGE}`),
  ]);
  if (state.webhookSelected !== id) return; // another endpoint was selected meanwhile
  $('webhook-deliveries').replaceChildren(...deliveries.result.map(deliveryRow));
  $('webhook-deliveries-empty').hidden = deliveries.result.length > 0;
  $('webhook-parked').replaceChildren(...parked.result.map((p) => parkedItem(id, p)));
  $('webhook-parked-empty').hidden = parked.result.length > 0;
}

/** An API time ("2026-12-07 15:00:00.123456", UTC; "" when absent) in the browser's time zone. */
function shownTime(tm) {
  if (!tm) return '';
  return new Date(tm.replace(' ', 'T').slice(0, 23) + 'Z').toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });
}

function deliveryRow(d) {
  const cell = (text, attrs = {}) => el('td', { textContent: text, ...attrs });
  const status = [d.status_code ? String(d.status_code) : '', d.error || ''].filter((t) => t !== '').join(' · ');
  const retry = d.outcome === 'failed' && d.next_retry_at ? ` · retry ${shownTime(d.next_retry_at)}` : '';
  return el('tr', { dataTestid: 'webhook-delivery', dataId: d.id, dataOutcome: d.outcome, dataEventType: d.event_type },
    cell(shownTime(d.tm_create)),
    cell(d.event_type),
    cell(d.outcome + retry, { class: 'outcome', dataTestid: 'webhook-delivery-outcome' }),
    cell(status || '—', { class: 'error-text', dataTestid: 'webhook-delivery-status' }),
    cell(`${d.latency_ms} ms`),
    cell(String(d.attempt)));
}

function parkedItem(endpointId, p) {
  const replayed = p.tm_replay ? ` · replay asked ${shownTime(p.tm_replay)}` : '';
  return el('li', { dataTestid: 'webhook-parked-item', dataId: p.id },
    el('span', { textContent: shownTime(p.tm_create) }),
    el('span', { textContent: (p.event && p.event.type) || 'event' }),
    el('span', { class: 'muted', textContent: `${p.reason} · after ${p.attempts} attempts${replayed}` }),
    panelButton('webhook-replay', 'Replay', () => replayParked(endpointId, p.id)));
}

async function replayParked(endpointId, parkedId) {
  await api('POST', `/webhook_endpoints/${endpointId}/parked/${parkedId}/replay`, {});
  await loadDeliveries(endpointId);
}

// ---- typing in the open chat ----

function sendFrame(frame) {
  const ws = state.ws;
  if (!ws || ws.readyState !== WebSocket.OPEN) return false;
  ws.send(JSON.stringify(frame));
  return true;
}

/** A composer's text changed: say I am typing in the open chat (again once a start is ~3 s old), or stopped. */
function onComposerInput(event) {
  if (!isMember()) return;
  if (event.target.value.trim() === '') {
    stopTyping();
    return;
  }
  const chatId = state.current.id;
  const now = Date.now();
  if (state.typingIn && state.typingIn.chatId === chatId && now - state.typingIn.at < TYPING_REPEAT_MS) return;
  if (state.typingIn && state.typingIn.chatId !== chatId) stopTyping();
  if (sendFrame({ type: 'typing_start', chat_id: chatId })) state.typingIn = { chatId, at: now };
}

/** Says I stopped typing (sent, cleared, left the composer or the chat), if I had said I was. */
function stopTyping() {
  if (!state.typingIn) return;
  sendFrame({ type: 'typing_stop', chat_id: state.typingIn.chatId });
  state.typingIn = null;
}

/** A typing frame: someone else started (for expires_in_ms, unless repeated) or stopped typing in the open chat. */
function onTyping(data) {
  if (!state.current || data.chat_id !== state.current.id || data.agent_id === state.me.sub) return;
  clearTimeout(state.typists.get(data.agent_id));
  if (data.state === 'started') {
    state.typists.set(data.agent_id, setTimeout(() => dropTypist(data.agent_id), data.expires_in_ms || TYPING_EXPIRES_MS));
  } else {
    state.typists.delete(data.agent_id);
  }
  renderTyping();
}

/** The agent no longer types here: its typing expired, or its message arrived. */
function dropTypist(agentId) {
  if (!state.typists.has(agentId)) return;
  clearTimeout(state.typists.get(agentId));
  state.typists.delete(agentId);
  renderTyping();
}

function clearTypists() {
  for (const timer of state.typists.values()) clearTimeout(timer);
  state.typists.clear();
  renderTyping();
}

function renderTyping() {
  const names = [...state.typists.keys()].map(agentName);
  const line = $('typing');
  line.dataset.count = names.length;
  if (names.length === 0) line.textContent = '';
  else if (names.length === 1) line.textContent = `${names[0]} is typing…`;
  else if (names.length === 2) line.textContent = `${names[0]} and ${names[1]} are typing…`;
  else line.textContent = `${names.length} people are typing…`;
}

// ---- presence: a dot beside each agent's name ----

function presenceTopic() {
  return `agent_id:${state.me.sub}:presence`;
}

/** A tm_presence that sorts as text: "YYYY-MM-DDTHH:MM:SS.ffffff", whether written with "T" or " ", "Z" or not. */
function presenceTime(tm) {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(tm || '');
  return match ? `${match[1]}T${match[2]}.${(match[3] || '').padEnd(6, '0').slice(0, 6)}` : '';
}

/** Keeps, per agent, the entry with the newest tm_presence (from the agent list or a presence frame). */
function applyPresence(entries) {
  const changed = [];
  for (const entry of entries) {
    if (!PRESENCES.includes(entry.presence)) continue;
    const at = presenceTime(entry.tm_presence);
    const known = state.presence.get(entry.agent_id);
    if (known && at < known.at) continue;
    if (known && known.at === at && known.presence === entry.presence && known.status === entry.status) continue;
    state.presence.set(entry.agent_id, { presence: entry.presence, status: entry.status, at });
    changed.push(entry.agent_id);
  }
  for (const id of changed) {
    document.querySelectorAll(`[data-testid="presence-dot"][data-agent-id="${CSS.escape(id)}"]`).forEach((dot) => paintDot(dot, id));
  }
  if (state.me && changed.includes(state.me.sub)) showMyStatus();
}

function presenceDot(agentId) {
  const dot = el('span', { class: 'dot', dataTestid: 'presence-dot', dataAgentId: agentId });
  paintDot(dot, agentId);
  return dot;
}

function paintDot(dot, agentId) {
  const known = state.presence.get(agentId);
  dot.hidden = !known;
  dot.dataset.presence = known ? known.presence : '';
  dot.title = known ? known.presence : '';
}

/** My status in the header's select: the newest presence entry's, else the agent list's. */
function showMyStatus() {
  if (!state.me) return;
  const known = state.presence.get(state.me.sub);
  const agent = state.agents.get(state.me.sub);
  const status = known && known.status ? known.status : agent && agent.status;
  if (status) $('my-status').value = status;
}

async function setMyStatus(event) {
  const select = event.target;
  try {
    const agent = await api('PUT', '/service_agents/me/status', { status: select.value });
    state.agents.set(agent.id, agent);
    if (agent.presence !== undefined) {
      applyPresence([{ agent_id: agent.id, presence: agent.presence, status: agent.status, tm_presence: agent.tm_presence }]);
    }
  } finally {
    showMyStatus(); // a refused change puts back the status that stands
  }
}

// ---- live updates (push-service) ----

// Resolves where the socket may go, or fails with the reason shown to the user. Checked once, at page load.
async function resolvePushUrl() {
  const ws = new URLSearchParams(location.search).get('ws');
  const secure = location.protocol === 'https:';
  const sameHost = (port) => `${secure ? 'wss' : 'ws'}://${location.hostname}:${port}/v1.0/ws`;
  if (!ws) return sameHost(String(Number(location.port || (secure ? 443 : 80)) + 1));
  if (/^[0-9]{1,5}$/.test(ws) && Number(ws) > 0 && Number(ws) < 65536) return sameHost(ws);
  let url = null;
  try {
    url = new URL(ws);
  } catch (e) {
    url = null;
  }
  if (url && (url.protocol === 'ws:' || url.protocol === 'wss:') && !url.username && !url.password) {
    if (url.hostname === location.hostname) return url.href;
    const config = await fetch('config.json').then((r) => (r.ok ? r.json() : { push_urls: [] }));
    const listed = (config.push_urls || []).some((u) => new URL(u).origin === url.origin);
    if (listed) return url.href;
  }
  throw new Error(`Refusing to connect to ${ws}: live updates (and your token) go only to this host `
    + `(${location.hostname}) or to a push-service URL the gateway lists (TALK_CONSOLE_PUSH_URLS).`);
}

const pushTarget = resolvePushUrl();
pushTarget.catch((e) => { $('login-error').textContent = e.message; });

function setWsState(text, open) {
  const badge = $('ws-status');
  badge.textContent = text;
  badge.dataset.state = open ? 'open' : 'closed';
}

async function connect() {
  let url;
  try {
    url = await pushTarget;
  } catch (e) {
    setWsState('refused', false);
    toast(e.message);
    return;
  }
  if (!state.token) return;
  const ws = new WebSocket(url, ['talk-mesh', `bearer.${state.token}`]);
  state.ws = ws;
  setWsState('connecting', false);
  ws.onopen = () => {
    const topics = [`agent_id:${state.me.sub}:chat`, presenceTopic()];
    if (state.chatTopic) topics.push(state.chatTopic);
    ws.send(JSON.stringify({ type: 'subscribe', topics }));
  };
  ws.onmessage = (event) => { if (state.ws === ws) onFrame(JSON.parse(event.data)); };
  ws.onclose = () => {
    if (state.ws !== ws) return;
    setWsState('offline', false);
    const delay = Math.min(10000, 500 * 2 ** state.wsRetry++);
    setTimeout(() => { if (state.ws === ws) connect(); }, delay);
  };
}

function setChatTopic(topic) {
  const ws = state.ws;
  const open = ws && ws.readyState === WebSocket.OPEN;
  if (state.chatTopic && state.chatTopic !== topic && open) {
    ws.send(JSON.stringify({ type: 'unsubscribe', topics: [state.chatTopic] }));
  }
  if (topic && topic !== state.chatTopic && open) ws.send(JSON.stringify({ type: 'subscribe', topics: [topic] }));
  state.chatTopic = topic;
}

function chatIdOf(frame) {
  return frame.type.startsWith('chat_') ? frame.data.id : frame.data.chat_id;
}

function onFrame(frame) {
  switch (frame.type) {
    case 'subscribed': {
      const reconnected = state.wsRetry > 0;
      state.wsRetry = 0;
      setWsState('live', true);
      // Presence changed before the topic was active is in an agent list read after it; frames bring the rest.
      if ((frame.topics || []).includes(presenceTopic())) attempt(readAgents)();
      // Events sent while the socket was down are not replayed here: reload what is on screen.
      if (reconnected) {
        reloadListsSoon();
        if (state.current) attempt(openChat)(state.current.id);
      }
      return;
    }
    case 'unsubscribed':
      return;
    case 'error':
      // A server without presence refuses its topic: the console then shows no dots, and says nothing.
      if (frame.topic !== presenceTopic()) toast(frame.message || frame.reason);
      return;
    case 'typing':
      if (frame.data) onTyping(frame.data);
      return;
    case 'presence':
      if (frame.data) applyPresence(frame.data.agents || []);
      return;
    default:
      break;
  }
  if (!frame.data) return;
  // chat_read belongs to my own event stream, numbered apart from every chat's: its seq is mine, not the chat's.
  const ownStream = frame.type === 'chat_read';
  const chatId = ownStream ? frame.data.chat_id : chatIdOf(frame);
  const stream = ownStream ? state.me.sub : chatId;
  if (typeof frame.seq === 'number') {
    if (frame.seq <= (state.lastSeq.get(stream) || 0)) return;
    state.lastSeq.set(stream, frame.seq);
  }
  switch (frame.type) {
    case 'chatmessage_created':
      if (state.current && state.current.id === chatId) dropTypist(frame.data.owner_id);
      upsertMessage(frame.data);
      countMessage(frame.data);
      break;
    case 'chatmessage_updated':
    case 'chatmessage_reaction_updated':
      upsertMessage(frame.data);
      break;
    case 'chatmessage_deleted':
      removeMessage(frame.data);
      uncountMessage(frame.data);
      break;
    case 'chat_read':
      applyReadState(frame.data);
      break;
    case 'chatparticipant_read': // a direct chat's read receipt: the console shows none
      break;
    case 'chatmessage_pinned':
      applyPin(frame.data, true);
      break;
    case 'chatmessage_unpinned':
      applyPin(frame.data, false);
      break;
    case 'chatparticipant_added':
    case 'chatparticipant_removed':
      if (state.current && state.current.id === chatId) attempt(refreshMembers)();
      reloadListsSoon();
      break;
    default: // chat_created, chat_updated, chat_deleted
      reloadListsSoon();
  }
}

// ---- wiring ----

$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', logout);
$('new-chat-form').addEventListener('submit', attempt(createChat));
$('add-participant-form').addEventListener('submit', attempt(addParticipant));
$('send-form').addEventListener('submit', attempt(send));
$('reply-form').addEventListener('submit', attempt(reply));
for (const composer of [$('send-text'), $('reply-text')]) {
  composer.addEventListener('input', onComposerInput);
  composer.addEventListener('blur', stopTyping);
}
$('my-status').addEventListener('change', attempt(setMyStatus));
$('join-chat').addEventListener('click', attempt(joinChat));
$('thread-close').addEventListener('click', closeThread);
$('search-form').addEventListener('submit', attempt(search));
$('search-more').addEventListener('click', attempt(searchMore));
$('search-clear').addEventListener('click', clearSearch);
$('pins-toggle').addEventListener('click', () => { $('pins').hidden = !$('pins').hidden; });
document.addEventListener('visibilitychange', onVisibility);
$('webhooks-open').addEventListener('click', inPanel(openWebhooks));
$('webhooks-close').addEventListener('click', closeWebhooks);
$('webhook-form').addEventListener('submit', inPanel(createWebhook));
$('webhook-secret-dismiss').addEventListener('click', hideSecret);
$('webhook-refresh').addEventListener('click', inPanel(() => state.webhookSelected && loadDeliveries(state.webhookSelected)));
