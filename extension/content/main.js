/**
 * Content script entry (bundled by esbuild into one IIFE, dist/extension/content.js; content
 * scripts cannot be ES modules). Plain JavaScript, no Wasm: every check is a message to the
 * background.
 *
 * What it does:
 *  - marks `<html data-insession-ready="1">` once running (test hook);
 *  - discovers fields (fields.js) now and as the page adds them (MutationObserver), and also
 *    catches any field through delegated `input`/`focusin` listeners (covers open shadow DOM);
 *  - gives each field one Session (session.js) that debounces input, asks the background
 *    through the shared protocol, writes `data-insession-risk` / `data-insession-findings` on
 *    the field element and updates the views.
 *
 * Seam for the overlay (issue 4): add its view factory to `VIEWS` below. A view factory is
 * `(field, session) => {update(report, fieldText), dispose()}`; `fieldText.segments` maps the
 * report's UTF-16 offsets back to text nodes, and `session.check(text)` returns a Promise of
 * the Report for any text. Nothing else here needs to change.
 */
import { ext, check as checkRequest, expectReply, MAX_TEXT, TYPES } from '../shared/protocol.js';
import { fieldFromTarget, findFields, isField, readField } from './fields.js';
import { createSession } from './session.js';
import { badgeView } from './badge.js';

/** @type {import('./session.js').ViewFactory[]} */
const VIEWS = [badgeView];

/** Batch discovery of added nodes at most this often (ms). Input is caught without waiting. */
const DISCOVERY_DELAY_MS = 50;

const RUNNING = Symbol.for('insession.content');

/** The Report for `text`, from the background (text beyond MAX_TEXT is not sent; offsets stay valid). */
async function checkText(text, fieldId) {
  const sent = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const { report } = expectReply(await ext.runtime.sendMessage(checkRequest(sent, fieldId)), TYPES.REPORT);
  return sent === text ? report : { ...report, truncated: true };
}

function start() {
  /** @type {Map<HTMLElement, import('./session.js').Session>} */
  const sessions = new Map();
  let nextId = 1;
  let stopped = false;
  let warned = false;

  const onError = (err) => {
    const message = String(err?.message ?? err);
    // the extension was reloaded or removed: this copy of the script is orphaned
    if (/context invalidated|extension context/i.test(message)) stop();
    else if (!warned) {
      warned = true;
      console.warn('InSession: check failed:', message);
    }
  };

  const attach = (field) => {
    let session = sessions.get(field);
    if (!session && !stopped) {
      session = createSession(field, { id: `f${nextId++}`, check: checkText, views: VIEWS, onError });
      sessions.set(field, session);
    }
    return session;
  };

  const detach = (field) => {
    sessions.get(field)?.dispose();
    sessions.delete(field);
  };

  const targetOf = (event) => event.composedPath?.()[0] ?? event.target;

  const onInput = (event) => {
    const field = fieldFromTarget(targetOf(event));
    if (field) attach(field)?.schedule();
  };
  const onFocus = (event) => {
    const field = fieldFromTarget(targetOf(event));
    const session = field && attach(field);
    // a draft restored by the site is checked when the user comes back to it
    if (session && !session.lastReport() && readField(field).text.trim()) session.schedule();
  };

  /** @type {Set<Node>} */
  const pending = new Set();
  let discoveryTimer = 0;
  let removals = false;
  const discover = () => {
    discoveryTimer = 0;
    if (removals) for (const [field] of sessions) if (!field.isConnected) detach(field);
    removals = false;
    for (const node of pending) {
      // a field whose contenteditable/readonly/disabled/type changed may have stopped being one
      if (sessions.has(node) && !isField(node)) detach(node);
      else if (node.isConnected) for (const field of findFields(node)) attach(field);
    }
    pending.clear();
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') pending.add(r.target);
      else {
        for (const n of r.addedNodes) if (n.nodeType === Node.ELEMENT_NODE) pending.add(n);
        if (r.removedNodes.length && sessions.size) removals = true;
      }
    }
    if (!discoveryTimer && (pending.size || removals)) discoveryTimer = setTimeout(discover, DISCOVERY_DELAY_MS);
  });

  function stop() {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    clearTimeout(discoveryTimer);
    document.removeEventListener('input', onInput, true);
    document.removeEventListener('focusin', onFocus, true);
    for (const [field] of sessions) detach(field);
  }

  document.addEventListener('input', onInput, true);
  document.addEventListener('focusin', onFocus, true);
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['contenteditable', 'readonly', 'disabled', 'type'],
  });
  for (const field of findFields(document)) attach(field);
  document.documentElement.setAttribute('data-insession-ready', '1');
  return { sessions, stop };
}

if (!globalThis[RUNNING]) globalThis[RUNNING] = start();
