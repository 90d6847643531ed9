/**
 * Content script entry (bundled by esbuild into one IIFE, dist/extension/content.js; content
 * scripts cannot be ES modules). Plain JavaScript, no Wasm: every check is a message to the
 * background.
 *
 * What it does:
 *  - marks `<html data-insession-ready="1">` once running (test hook);
 *  - asks the background for the settings (`getSettings`, the shared protocol) and asks again
 *    whenever extension storage changes (the event only; every read goes through the
 *    protocol); `siteState()` (shared/site-policy.js) decides whether InSession is active on
 *    this site now (global switch, per-site switch, "pause for a while"). While it is not, no
 *    field is watched, nothing is checked and no overlay or badge exists; when it becomes
 *    active again, everything starts again;
 *  - discovers fields (fields.js) now and as the page adds them (MutationObserver), and also
 *    catches any field through delegated `input`/`focusin` listeners (covers open shadow DOM);
 *  - gives each field one Session (session.js) whose view is the overlay (../overlay/view.js):
 *    underlines, cards, badge and panel, the "Would I discuss this in session?" reminder and
 *    pause before posting. The overlay checks on every input through the Session and publishes
 *    each state back, from which the Session writes `data-insession-risk` /
 *    `data-insession-findings` on the field (the test hook; one check per text).
 *
 * Settings used (all optional; defaults in `DEFAULTS`): `enabled`, `sites`, `pausedUntil`
 * (site-policy.js), `config.disabled_rules` ("Turn off this rule" adds to it through
 * `setSettings`), `pauseBeforePosting` (default true) and `reminderText` (the reminder's wording).
 * The first-focus reminder, once dismissed, stays dismissed for the browsing session (the
 * background keeps the flag in `storage.session`; reminder.js asks for it at start so the
 * overlay can ask synchronously). Checks travel over one long-lived port (channel.js).
 *
 * Test builds only (esbuild `--define:INSESSION_TEST=true`, tests/browser/lib/extension-build.js):
 * the overlay's shadow root is open; each drawn frame is stamped on `<html>` as
 * `data-insession-test-render="<performance.now()> <stale 0|1> <text length>"` (non-empty
 * fields; tests and the benchmark wait on it); and the page can send protocol messages to the
 * background through `<html data-insession-test-request>` (see installTestBridge).
 * Shipped builds have none of these (build.sh bundles with `--define:INSESSION_TEST=false`).
 */
import {
  ext, check as checkRequest, getSettings as getSettingsRequest, setSettings as setSettingsRequest,
  expectReply, MAX_TEXT, TYPES,
} from '../shared/protocol.js';
import { siteState } from '../shared/site-policy.js';
import { createOverlayView } from '../overlay/view.js';
import { fieldFromTarget, findFields, isField } from './fields.js';
import { createSession } from './session.js';
import { createReminderStore } from './reminder.js';
import { createChannel } from './channel.js';

/* global INSESSION_TEST */
/** True only in test builds (see the doc comment above). */
const TEST_BUILD = typeof INSESSION_TEST !== 'undefined' && INSESSION_TEST === true;

/** Settings this script reads, with their defaults when the background has no such key. */
export const DEFAULTS = Object.freeze({
  enabled: true,
  pauseBeforePosting: true,
  reminderText: 'Would I discuss this in session?',
});

/** Batch discovery of added nodes at most this often (ms). Input is caught without waiting. */
const DISCOVERY_DELAY_MS = 50;
/** After a storage change, re-ask this many times when the background still answers the old value. */
const SETTINGS_RETRIES = 3;
const SETTINGS_RETRY_MS = 50;

const RUNNING = Symbol.for('insession.content');

/** Called when the background answers a check with `inactive` (it knows the site is off). */
let onInactiveReply = () => {};

/** Checks go over one long-lived port (channel.js); other requests use `sendMessage`. */
const channel = createChannel();

/** The Report for `text`, from the background (text beyond MAX_TEXT is not sent; offsets stay valid). */
async function checkText(text, fieldId) {
  const sent = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const reply = expectReply(await channel.send(checkRequest(sent, fieldId)), TYPES.REPORT);
  // the background thinks InSession is off here (settings changed under us): look again
  if (/** @type {any} */ (reply).inactive) onInactiveReply();
  const { report } = reply;
  return sent === text ? report : { ...report, truncated: true };
}

/** The settings from the background (the protocol's getSettings). */
async function fetchSettings() {
  const { settings } = expectReply(await ext.runtime.sendMessage(getSettingsRequest()), TYPES.SETTINGS);
  return settings && typeof settings === 'object' ? settings : {};
}

/** A localized overlay string, or nothing (the overlay then uses its English default). */
function i18n(key, subs) {
  try {
    return ext.i18n.getMessage(`overlay_${key}`, subs) || '';
  } catch {
    return '';
  }
}

const isContextGone = (err) => /context invalidated|extension context/i.test(String(err?.message ?? err));

/**
 * Field discovery and one Session (with its overlay) per field, for as long as it runs.
 * @param {object} deps
 * @param {() => Record<string, any>} deps.settings   the current settings
 * @param {import('./reminder.js').ReminderStore} deps.reminder
 * @param {(err: unknown) => void} deps.onError
 * @param {(rule: string) => void} deps.onDisableRule
 * @param {(rule: string) => void} deps.onEnableRule
 */
function startWatching({ settings, reminder, onError, onDisableRule, onEnableRule }) {
  /** @type {Map<HTMLElement, import('./session.js').Session>} */
  const sessions = new Map();
  let nextId = 1;
  let stopped = false;

  const view = createOverlayView({
    t: (key, subs) => {
      if (key === 'reminder') {
        const custom = settings().reminderText;
        if (typeof custom === 'string' && custom.trim()) return custom.trim();
      }
      return i18n(key, subs);
    },
    pauseBeforePosting: () => settings().pauseBeforePosting !== false,
    disabledRules: () => disabledRulesOf(settings()),
    onDisableRule,
    onEnableRule,
    reminder: { firstFocus: true, isDismissed: reminder.isDismissed, dismiss: reminder.dismiss },
    onError,
    shadowMode: TEST_BUILD ? 'open' : 'closed',
    extra: TEST_BUILD ? { onRender: stampRender } : {},
  });

  const attach = (field) => {
    let session = sessions.get(field);
    if (!session && !stopped) {
      session = createSession(field, { id: `f${nextId++}`, check: checkText, views: [view], onError });
      sessions.set(field, session);
    }
    return session;
  };

  const detach = (field) => {
    sessions.get(field)?.dispose();
    sessions.delete(field);
  };

  const targetOf = (event) => event.composedPath?.()[0] ?? event.target;
  // A field found through an event is attached; its overlay then follows the field itself.
  const onEvent = (event) => {
    const field = fieldFromTarget(targetOf(event));
    if (field) attach(field);
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
      if (sessions.has(/** @type {HTMLElement} */ (node)) && !isField(/** @type {Element} */ (node))) detach(/** @type {HTMLElement} */ (node));
      else if (node.isConnected) for (const field of findFields(/** @type {ParentNode & Node} */ (node))) attach(field);
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

  document.addEventListener('input', onEvent, true);
  document.addEventListener('focusin', onEvent, true);
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['contenteditable', 'readonly', 'disabled', 'type'],
  });
  for (const field of findFields(document)) attach(field);

  return {
    sessions,
    /** Stop watching; every overlay and test-hook attribute goes away. */
    stop() {
      if (stopped) return;
      stopped = true;
      observer.disconnect();
      clearTimeout(discoveryTimer);
      document.removeEventListener('input', onEvent, true);
      document.removeEventListener('focusin', onEvent, true);
      for (const [field] of sessions) detach(field);
    },
    /** Settings changed: pass them to every overlay; `recheck` when the rules changed. */
    settingsChanged(recheck) {
      const s = settings();
      for (const session of sessions.values()) {
        for (const v of session.views) {
          const overlay = /** @type {any} */ (v).overlay;
          if (!overlay) continue;
          overlay.setOptions({ pauseBeforePosting: s.pauseBeforePosting !== false, disabledRules: disabledRulesOf(s) });
          if (recheck) overlay.refresh();
        }
      }
    },
  };
}

/** @param {Record<string, any>} s */
function disabledRulesOf(s) {
  const list = s?.config?.disabled_rules;
  return Array.isArray(list) ? list.filter((r) => typeof r === 'string') : [];
}

/**
 * Test builds: a bridge from the page to the background, so browser tests can change settings
 * the way the options page does (`setSettings`) in both browsers (WebDriver scripts in Firefox
 * cannot reach an extension page's `browser.*`): the page sets `data-insession-test-request` on
 * <html> to a message's JSON; the reply's JSON appears in `data-insession-test-response`.
 */
function installTestBridge() {
  const html = document.documentElement;
  new MutationObserver(async () => {
    const req = html.getAttribute('data-insession-test-request');
    if (!req) return;
    html.removeAttribute('data-insession-test-request');
    let out;
    try {
      out = { ok: await ext.runtime.sendMessage(JSON.parse(req)) };
    } catch (err) {
      out = { err: String(/** @type {any} */ (err)?.message ?? err) };
    }
    html.setAttribute('data-insession-test-response', JSON.stringify(out));
  }).observe(html, { attributes: true, attributeFilter: ['data-insession-test-request'] });
}

/** Test builds: stamp each drawn frame of a non-empty field on <html> (read by tests and the benchmark). */
function stampRender(info) {
  if (info.textLength > 0) document.documentElement.setAttribute('data-insession-test-render', `${info.at.toFixed(3)} ${info.stale ? 1 : 0} ${info.textLength}`);
}

function start() {
  /** @type {Record<string, any>} */
  let settings = { ...DEFAULTS };
  /** @type {ReturnType<typeof startWatching>|null} */
  let watching = null;
  let orphaned = false;
  let warned = false;
  let resumeTimer = 0;
  let fetchSeq = 0;
  const reminder = createReminderStore({ onError: (err) => onError(err) });

  const onError = (err) => {
    if (isContextGone(err)) {
      // the extension was reloaded or removed: this copy of the script is orphaned
      orphan();
    } else if (!warned) {
      warned = true;
      console.warn('InSession:', String(/** @type {any} */ (err)?.message ?? err));
    }
  };

  /**
   * "Turn off this rule" and its Undo: add the rule to config.disabled_rules or take it out,
   * then check every field again. One change at a time, in order (an Undo right after the
   * turn-off must not be overtaken by it).
   */
  let ruleChanges = Promise.resolve();
  const changeRule = (rule, off) => {
    ruleChanges = ruleChanges.then(async () => {
      try {
        const current = await fetchSettings();
        const config = current.config && typeof current.config === 'object' ? current.config : {};
        const disabled = new Set(disabledRulesOf(current));
        if (off) disabled.add(rule); else disabled.delete(rule);
        const reply = expectReply(await ext.runtime.sendMessage(
          setSettingsRequest({ config: { ...config, disabled_rules: [...disabled] } }),
        ), TYPES.SETTINGS);
        settings = { ...DEFAULTS, ...reply.settings };
        watching?.settingsChanged(true);
      } catch (err) {
        onError(err);
      }
    });
    return ruleChanges;
  };
  const onDisableRule = (rule) => changeRule(rule, true);
  const onEnableRule = (rule) => changeRule(rule, false);

  /** Start or stop watching to match the settings and the clock. */
  const apply = (previous) => {
    clearTimeout(resumeTimer);
    if (orphaned) return;
    const state = siteState(settings, location.hostname, Date.now());
    if (!state.active) {
      watching?.stop();
      watching = null;
      // a pause ends by itself: look again then
      if (state.reason === 'paused' && state.until) {
        resumeTimer = setTimeout(() => apply(settings), Math.min(state.until - Date.now() + 50, 2 ** 31 - 1));
      }
      return;
    }
    if (!watching) {
      watching = startWatching({ settings: () => settings, reminder, onError, onDisableRule, onEnableRule });
      return;
    }
    if (previous) {
      const rulesChanged = JSON.stringify(previous.config ?? {}) !== JSON.stringify(settings.config ?? {});
      const optionsChanged = previous.pauseBeforePosting !== settings.pauseBeforePosting || previous.reminderText !== settings.reminderText;
      if (rulesChanged || optionsChanged) watching.settingsChanged(rulesChanged);
    }
  };

  /**
   * Ask the background for the settings and apply them. After a storage change the background
   * may not have seen the change yet (its own listener drops its cache): when a changed key's
   * new value is not in the answer, ask again a few times.
   * @param {Record<string, {newValue?: unknown}>} [changes]
   */
  const refresh = async (changes) => {
    const seq = ++fetchSeq;
    for (let attempt = 0; ; attempt++) {
      let fresh;
      try {
        fresh = await fetchSettings();
      } catch (err) {
        onError(err);
        if (orphaned) return;
        fresh = null;
      }
      if (seq !== fetchSeq) return; // a newer refresh is under way
      if (fresh) {
        const behind = changes && Object.entries(changes).some(([k, c]) => k in WATCHED_KEYS && 'newValue' in c
          && JSON.stringify(c.newValue) !== JSON.stringify(fresh[k]));
        if (behind && attempt < SETTINGS_RETRIES) {
          await new Promise((r) => setTimeout(r, SETTINGS_RETRY_MS));
          continue;
        }
        const previous = settings;
        settings = { ...DEFAULTS, ...fresh };
        apply(previous);
      } else if (!watching && attempt === 0) {
        // the background did not answer: run with the defaults rather than not at all
        apply(null);
      }
      return;
    }
  };

  const onStorageChanged = (changes, area) => {
    if (area === 'session') return; // nothing this script reads lives there
    void refresh(changes);
  };

  function orphan() {
    if (orphaned) return;
    orphaned = true;
    clearTimeout(resumeTimer);
    watching?.stop();
    watching = null;
    try { ext.storage.onChanged.removeListener(onStorageChanged); } catch { /* context gone */ }
    reminder.dispose();
    channel.close();
  }

  let lastInactiveRefresh = 0;
  onInactiveReply = () => {
    // at most once a second, however many fields are checked meanwhile
    if (Date.now() - lastInactiveRefresh < 1000) return;
    lastInactiveRefresh = Date.now();
    void refresh();
  };
  if (TEST_BUILD) installTestBridge();
  document.documentElement.setAttribute('data-insession-ready', '1');
  try {
    ext.storage.onChanged.addListener(onStorageChanged);
  } catch (err) {
    onError(err);
  }
  void reminder.ready.then(() => refresh());
  return {
    get sessions() { return watching?.sessions ?? new Map(); },
    get settings() { return settings; },
    stop: orphan,
  };
}

/**
 * Stored keys whose new value getSettings answers as stored, so a lagging answer can be told
 * apart (`config` is not among them: it may be stored in chunks; an organisation policy can
 * override the others, which costs at most a few retries).
 */
const WATCHED_KEYS = Object.freeze({ enabled: 1, sites: 1, pausedUntil: 1, pauseBeforePosting: 1, reminderText: 1 });

if (!globalThis[RUNNING]) globalThis[RUNNING] = start();
