/**
 * The toolbar popup: the risk and number of findings of the post being written in this tab,
 * InSession on/off for this site, pause for one hour (or resume), and a link to the settings.
 *
 * The tab's state comes from the background (`tabStatus`: the last check of a field in that
 * tab, and the site's on/off/paused state from site-policy.js); the popup never reads the page.
 * `popup.html?tab=ID` shows tab ID instead of the active one (used by tests).
 */
import * as P from '../shared/protocol.js';
import { PAUSE_MS } from '../shared/site-policy.js';
import { t, tn, localize } from '../options/i18n.js';
import { ask, errorText } from '../options/api.js';
import { renderTurnedOff } from '../options/turned-off.js';
import { turnBackOn } from '../shared/rule-titles.js';

const ext = P.ext;
const $ = (sel) => /** @type {HTMLElement} */ (document.querySelector(sel));

/** The tab to show: ?tab=ID, else the active tab of this window. */
async function currentTab() {
  const param = new URLSearchParams(location.search).get('tab');
  if (param !== null) {
    const id = Number(param);
    try {
      const tab = await ext.tabs.get(id);
      return { id, url: tab?.url };
    } catch {
      return { id, url: undefined };
    }
  }
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab ? { id: tab.id, url: tab.url } : null;
}

const time = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

let tab = null;
/** The built-in rules (titles of turned-off rules), asked for once. @type {Promise<any[]>|null} */
let builtins = null;

async function render() {
  const [{ settings }, status] = await Promise.all([
    ask(P.getSettings(), 'settings'),
    tab ? ask(P.tabStatus(tab.id, tab.url), 'tabStatusReply').then((r) => r.status) : Promise.resolve(null),
  ]);

  // the post being written
  const risk = $('#popup-risk');
  risk.textContent = '';
  const report = status?.report;
  const active = status?.state?.active !== false && settings.enabled;
  if (report && active) {
    const pill = document.createElement('span');
    pill.className = `pill ${report.risk}`;
    pill.textContent = t(report.risk === 'high' ? 'riskHigh' : report.risk === 'caution' ? 'riskCaution' : 'riskOk');
    if (report.risk === 'ok') {
      // neutral, with the standing question: the checker misses things
      const q = typeof settings.reminderText === 'string' && settings.reminderText.trim() ? settings.reminderText.trim() : t('popup_question');
      risk.append(pill, q);
    } else risk.append(pill, tn('popup_findings', report.findings));
    risk.setAttribute('data-risk', report.risk);
    risk.setAttribute('data-findings', String(report.findings));
  } else {
    const span = document.createElement('span');
    span.className = 'muted';
    span.textContent = t(active ? 'popup_noField' : 'popup_notChecking');
    risk.append(span);
    risk.removeAttribute('data-risk');
    risk.removeAttribute('data-findings');
  }

  // this site
  const block = $('#popup-site-block');
  const toggle = /** @type {HTMLInputElement} */ ($('#popup-site-toggle'));
  const note = $('#popup-site-note');
  if (status?.host && (status.supported || status.added)) {
    block.hidden = false;
    $('#popup-site-row').hidden = false;
    toggle.checked = settings.sites?.[status.siteKey] !== false;
    toggle.disabled = status.locked;
    toggle.setAttribute('data-site', status.siteKey);
    $('#popup-site-label').textContent = t('popup_siteOn', [status.siteKey]);
    note.textContent = status.locked ? t('popup_siteLocked') : '';
  } else {
    $('#popup-site-row').hidden = true;
    note.textContent = status?.host ? t('popup_siteUnsupported', [status.host]) : t('popup_noSite');
  }

  // global state and pause
  const now = Date.now();
  const paused = settings.pausedUntil > now;
  $('#popup-enable').hidden = settings.enabled;
  $('#popup-pause').hidden = !settings.enabled || paused;
  $('#popup-resume').hidden = !settings.enabled || !paused;
  const stateLine = $('#popup-state');
  stateLine.textContent = !settings.enabled
    ? t('popup_off')
    : paused ? t('popup_pausedUntil', [time(settings.pausedUntil)]) : '';
  stateLine.setAttribute('data-state', !settings.enabled ? 'disabled' : paused ? 'paused' : 'on');

  // rules turned off (from a card or the settings), each one click from coming back
  if (!builtins) builtins = ask(P.builtinRules(), 'rules').then((r) => r.rules, () => []);
  renderTurnedOff($('#popup-turned-off'), settings, await builtins, (id) => act(P.setSettings({ config: turnBackOn(settings.config ?? {}, id) })));

  $('#popup-notice').hidden = !(settings.notices ?? []).some((n) => !n.transient);
  document.documentElement.setAttribute('data-ready', '1');
}

async function act(request) {
  try {
    await ask(request, 'settings');
  } catch (err) {
    $('#popup-site-note').textContent = errorText(err);
  }
  await render();
}

async function main() {
  localize();
  $('#popup-options').addEventListener('click', () => { ext.runtime.openOptionsPage(); window.close(); });
  $('#popup-notice-open').addEventListener('click', () => { ext.runtime.openOptionsPage(); window.close(); });
  $('#popup-site-toggle').addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    act(P.setSite(input.getAttribute('data-site'), input.checked));
  });
  $('#popup-pause').addEventListener('click', () => act(P.setSettings({ pausedUntil: Date.now() + PAUSE_MS })));
  $('#popup-resume').addEventListener('click', () => act(P.setSettings({ pausedUntil: 0 })));
  $('#popup-enable').addEventListener('click', () => act(P.setSettings({ enabled: true })));
  try {
    tab = await currentTab();
  } catch {
    tab = null;
  }
  await render();
  ext.storage.onChanged.addListener(() => { render().catch(() => {}); });
}

main();
