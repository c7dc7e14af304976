'use strict';
// The talk-mesh agent console: the HTTP API of this page's own origin (api-gateway) and the WebSocket of
// push-service, a separate service. Its URL comes from the page's query: ?ws=<port> (same host) or
// ?ws=ws[s]://host:port/v1.0/ws; without it, the same host on the page's port + 1 (8080 → 8081, as ./talk-mesh up).
// The socket receives the agent's token, so a ?ws= URL on another host is refused unless the gateway lists it
// (TALK_CONSOLE_PUSH_URLS, served as /console/config.json); the page's Content-Security-Policy enforces the same.
// The token travels in the handshake's Sec-WebSocket-Protocol ("talk-mesh", "bearer.<token>"), never in a URL.
// The token lives in memory only: reloading the page logs out.

const API = '/v1.0';
const QUICK_EMOJIS = ['👍', '🎉', '👀'];
const HISTORY_PAGE = 50;

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
    throw new Error(`${error.reason || response.status}: ${error.message || response.statusText}`);
  }
  return json;
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
  $('me').textContent = state.me.username;
  connect();
  await Promise.all([loadAgents(), loadChats(), loadChannels()]).catch((e) => toast(e.message));
}

function logout() {
  const ws = state.ws;
  Object.assign(state, { token: null, me: null, ws: null, current: null, threadRoot: null, chatTopic: null });
  state.lastSeq.clear();
  if (ws) ws.close(1000, 'logout');
  $('app').hidden = true;
  $('chat').hidden = true;
  $('thread').hidden = true;
  $('login').hidden = false;
}

// ---- directory and chat lists ----

async function loadAgents() {
  const page = await api('GET', '/agents?page_size=100');
  state.agents = new Map(page.result.map((a) => [a.id, a]));
  const box = $('new-chat-agents');
  box.querySelectorAll('label').forEach((n) => n.remove());
  for (const agent of page.result) {
    if (agent.id === state.me.sub) continue;
    box.append(el('label', {}, el('input', { type: 'checkbox', value: agent.id, dataTestid: 'new-chat-agent', dataUsername: agent.username }),
      agentLabel(agent.id)));
  }
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

function chatName(chat) {
  return chat.name || `${chat.type} ${chat.id.slice(0, 8)}`;
}

async function loadChats() {
  const page = await api('GET', '/service_agents/talk_chats?page_size=100');
  state.chats = new Map(page.result.map((c) => [c.id, c]));
  renderList('chat-list', 'chat-item', state.chats);
}

async function loadChannels() {
  const page = await api('GET', '/service_agents/talk_channels?page_size=100');
  state.channels = new Map(page.result.map((c) => [c.id, c]));
  renderList('channel-list', 'channel-item', state.channels);
}

function renderList(listId, itemId, chats) {
  const list = $(listId);
  list.replaceChildren(...[...chats.values()].map((chat) => el('li', {
    dataTestid: itemId, dataId: chat.id, dataName: chat.name,
    class: state.current && state.current.id === chat.id ? 'active' : '',
    onclick: attempt(() => openChat(chat.id)),
  }, el('span', { textContent: chatName(chat) }), el('span', { class: 'muted', textContent: chat.member_count }))));
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
  state.current = chat;
  closeThread();
  const member = state.chats.has(id);
  $('chat').hidden = false;
  $('chat-title').textContent = chatName(chat);
  $('join-chat').hidden = member;
  $('send-form').hidden = !member;
  $('add-participant-form').hidden = !member;
  renderList('chat-list', 'chat-item', state.chats);
  renderList('channel-list', 'channel-item', state.channels);
  // A public channel I am not in sends me its events only if I subscribe to it by id.
  setChatTopic(member ? null : `agent_id:${state.me.sub}:chat:${id}`);
  const [history, members] = await Promise.all([
    api('GET', `/service_agents/talk_messages?chat_id=${id}&page_size=${HISTORY_PAGE}`),
    api('GET', `/service_agents/talk_chats/${id}/participants`),
  ]);
  if (!state.current || state.current.id !== id) return;
  state.messages = new Map(history.result.filter((m) => !m.parent_id).reverse().map((m) => [m.id, m]));
  showMembers(members);
  renderMessages();
}

function showMembers(members) {
  state.members = members;
  $('chat-members').textContent = members.map((p) => agentName(p.owner_id)).join(', ');
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
  const input = event.target.text;
  const message = await api('POST', '/service_agents/talk_messages', { chat_id: state.current.id, type: 'normal', text: input.value });
  input.value = '';
  upsertMessage(message);
}

function byTime(a, b) {
  return a.tm_create < b.tm_create ? -1 : a.tm_create > b.tm_create ? 1 : (a.id < b.id ? -1 : 1);
}

function renderMessages() {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...[...state.messages.values()].sort(byTime).map((m) => messageItem(m, true)));
  if (atBottom) list.scrollTop = list.scrollHeight;
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
  const item = el('li', { class: 'message' + (system ? ' system' : ''), dataTestid: 'message', dataId: message.id },
    system ? null : el('span', { class: 'author', textContent: agentName(message.owner_id) }),
    el('span', { class: 'muted', textContent: time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) }),
    el('div', { class: 'text', dataTestid: 'message-text', textContent: message.text }));
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
  item.append(actions);
  return item;
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
  const input = event.target.text;
  const message = await api('POST', '/service_agents/talk_messages',
    { chat_id: state.current.id, type: 'normal', text: input.value, parent_id: state.threadRoot.id });
  input.value = '';
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
}

function removeMessage(message) {
  state.replies.delete(message.id);
  if (state.threadRoot && state.threadRoot.id === message.id) closeThread();
  if (state.messages.delete(message.id)) renderMessages();
  renderThread();
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
    const topics = [`agent_id:${state.me.sub}:chat`];
    if (state.chatTopic) topics.push(state.chatTopic);
    ws.send(JSON.stringify({ type: 'subscribe', topics }));
  };
  ws.onmessage = (event) => onFrame(JSON.parse(event.data));
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
      toast(frame.message || frame.reason);
      return;
    default:
      break;
  }
  if (!frame.data) return;
  const chatId = chatIdOf(frame);
  if (typeof frame.seq === 'number') {
    if (frame.seq <= (state.lastSeq.get(chatId) || 0)) return;
    state.lastSeq.set(chatId, frame.seq);
  }
  switch (frame.type) {
    case 'chatmessage_created':
    case 'chatmessage_updated':
    case 'chatmessage_reaction_updated':
      upsertMessage(frame.data);
      break;
    case 'chatmessage_deleted':
      removeMessage(frame.data);
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
$('join-chat').addEventListener('click', attempt(joinChat));
$('thread-close').addEventListener('click', closeThread);
