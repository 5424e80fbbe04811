// vdctl.js: connect spice-html5 to the desktop named by the page's
// fragment: #token=TOKEN&password=PASSWORD (vdctl export-web).
// SPDX-License-Identifier: GPL-2.0-or-later
import * as SpiceHtml5 from './main.js';

const status = document.getElementById('vdctl-status');
let conn = null;

function show(text) {
  status.textContent = text;
  document.title = 'vdctl: ' + text;
}

function onError(e) {
  show('Disconnected: ' + (e && e.message ? e.message : 'the connection was refused or closed'));
  if (conn)
    conn.stop();
}

function onAgent(sc) {
  window.addEventListener('resize', SpiceHtml5.handle_resize);
  window.spice_connection = this;
  SpiceHtml5.resize_helper(this);
}

function connect() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get('token');
  const password = params.get('password') || '';

  // Out of the address bar and the history: a reload cannot reuse it.
  history.replaceState(null, '', window.location.pathname);
  if (!token) {
    show('This link holds no desktop token; ask for a new one (vdctl export-web).');
    return;
  }
  const ws = new URL('/', window.location.href);
  ws.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  ws.search = new URLSearchParams({ token: token }).toString();
  try {
    conn = new SpiceHtml5.SpiceMainConn({
      uri: ws.toString(),
      password: password,
      screen_id: 'spice-screen',
      message_id: 'message-div',
      dump_id: 'debug-div',
      onerror: onError,
      onagent: onAgent,
    });
    show('Connected');
  } catch (e) {
    onError(e);
  }
}

connect();
