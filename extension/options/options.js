/**
 * The options page: general preferences, built-in rules, the custom-rule editor with a live
 * tester, import/export, sites, the private watch list and notices.
 *
 * Why it is built this way: every read and write goes through the background's message
 * protocol (extension/shared/protocol.js), which validates with the same core as the CLI and
 * enforces the organisation's policy — this page only shows what the background answers
 * (locked settings come back marked as locked). It re-reads the settings whenever storage
 * changes, so the popup, the overlay's "Turn off this rule" and other devices are reflected.
 * The tester uses the shared overlay (extension/overlay/) with the real checker.
 */
import * as P from '../shared/protocol.js';
import { t, localize, categoryName } from './i18n.js';
import { ask, errorText } from './api.js';
import { readRule, fillForm, showKind, showErrors, isBlank } from './rule-form.js';
import { createTester } from './tester.js';
import { $, el, flash } from './dom.js';
import { renderSites, bindSites } from './sites-section.js';
import { renderWatchlist, bindWatchlist } from './watchlist-section.js';
import { bindExport, bindImport } from './io.js';
import { renderTurnedOff } from './turned-off.js';
import { turnBackOn } from '../shared/rule-titles.js';

const ext = P.ext;
const CATEGORIES = ['confidentiality', 'identifiers', 'boundaries', 'professionalism', 'stigma', 'safe_messaging', 'self_disclosure'];

/** @type {{settings: P.Settings|any, builtins: any[], professions: any[], version: string}} */
const state = { settings: null, builtins: [], professions: [], version: '' };
/** The custom rule being edited (its id before editing), or null for a new one. */
let editing = null;
/** The editor's rule when it validates, for the tester; null otherwise. */
let draftRule = null;

const config = () => state.settings?.config ?? {};
const locked = () => state.settings?.locked ?? { categories: [], rules: [], packRules: [], sites: [] };

/**
 * What the section modules (sites-section.js, watchlist-section.js) share with this page.
 * @type {import('./dom.js').SectionContext}
 */
const ctx = {
  get settings() { return state.settings; },
  set settings(value) { state.settings = value; },
  locked,
  render: () => render(),
  testerChanged: () => tester?.refresh(),
};

/** Saves settings through the background; shows the error (and re-renders) when refused. */
async function save(partial, statusEl = $('#general-status')) {
  try {
    const { settings } = await ask(P.setSettings(partial), 'settings');
    state.settings = settings;
    render();
    flash(statusEl, t('options_saved'));
    return true;
  } catch (err) {
    flash(statusEl, t('options_saveFailed', [errorText(err)]));
    render();
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Notices
// ---------------------------------------------------------------------------------------------

function renderNotices() {
  const box = $('#notices');
  box.textContent = '';
  for (const n of state.settings.notices ?? []) {
    const kind = n.id === 'recovered' || n.id === 'unknownVersion' || n.id.startsWith('policy') ? 'warn' : '';
    const item = el('div', { class: `notice ${kind}`, 'data-notice-id': n.id, role: 'status' },
      el('span', { class: 'text', text: t(n.key, n.subs ?? []) }));
    if (n.id === 'recovered' || n.id === 'unknownVersion') {
      item.append(el('button', { type: 'button', class: 'link', text: t('options_downloadBackup'), onclick: downloadBackup }));
    }
    if (!n.transient) {
      item.append(el('button', {
        type: 'button', class: 'link', 'data-dismiss': n.id, text: t('options_dismiss'),
        onclick: async () => {
          const { settings } = await ask(P.dismissNotice(n.id), 'settings');
          state.settings = settings;
          render();
        },
      }));
    }
    box.append(item);
  }
  $('#policy-banner').hidden = !state.settings.policy?.active;
}

async function downloadBackup() {
  const { backup } = await ask(P.settingsBackup(), 'backup');
  if (!backup) return;
  download('insession-replaced-settings.json', backup.text);
}

/** Offers `text` as a file download. */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------------------------------------------------------------------------------------------
// General
// ---------------------------------------------------------------------------------------------

function setLocked(name, isLocked) {
  for (const badge of document.querySelectorAll(`[data-locked-for="${name}"]`)) /** @type {HTMLElement} */ (badge).hidden = !isLocked;
}

function renderGeneral() {
  const s = state.settings;
  const lk = locked();
  /** @type {HTMLInputElement} */ ($('#enabled')).checked = s.enabled;
  const sensitivity = s.policy?.sensitivity ?? config().sensitivity ?? 'balanced';
  for (const input of document.querySelectorAll('input[name="sensitivity"]')) {
    const i = /** @type {HTMLInputElement} */ (input);
    i.checked = i.value === sensitivity;
    i.disabled = lk.sensitivity;
  }
  $('#sensitivity').setAttribute('data-locked', String(lk.sensitivity));
  setLocked('sensitivity', lk.sensitivity);

  const prof = /** @type {HTMLSelectElement} */ ($('#profession'));
  prof.value = s.policy?.profession ?? config().profession ?? '';
  prof.disabled = lk.profession;
  prof.setAttribute('data-locked', String(lk.profession));
  setLocked('profession', lk.profession);

  const pause = /** @type {HTMLInputElement} */ ($('#pause-before-posting'));
  pause.checked = s.pauseBeforePosting;
  pause.disabled = lk.pauseBeforePosting;
  pause.setAttribute('data-locked', String(lk.pauseBeforePosting));
  setLocked('pauseBeforePosting', lk.pauseBeforePosting);

  const reminder = /** @type {HTMLInputElement} */ ($('#reminder-text'));
  if (document.activeElement !== reminder) reminder.value = s.reminderText;
  reminder.disabled = lk.reminderText;
  /** @type {HTMLButtonElement} */ ($('#reminder-reset')).disabled = lk.reminderText;
  setLocked('reminderText', lk.reminderText);
}

function bindGeneral() {
  $('#enabled').addEventListener('change', (e) => save({ enabled: /** @type {HTMLInputElement} */ (e.target).checked }));
  for (const input of document.querySelectorAll('input[name="sensitivity"]')) {
    input.addEventListener('change', (e) => save({ config: { ...config(), sensitivity: /** @type {HTMLInputElement} */ (e.target).value } }));
  }
  $('#profession').addEventListener('change', (e) => {
    const value = /** @type {HTMLSelectElement} */ (e.target).value;
    const next = { ...config() };
    if (value) next.profession = value;
    else delete next.profession;
    save({ config: next });
  });
  $('#pause-before-posting').addEventListener('change', (e) => save({ pauseBeforePosting: /** @type {HTMLInputElement} */ (e.target).checked }));
  // the reminder is saved when the field is left or Enter is pressed (sync allows ~2 writes/s)
  const reminder = /** @type {HTMLInputElement} */ ($('#reminder-text'));
  const saveReminder = () => {
    if (reminder.value.trim() !== state.settings.reminderText) save({ reminderText: reminder.value.trim() || P.DEFAULT_REMINDER });
  };
  reminder.addEventListener('change', saveReminder);
  reminder.addEventListener('keydown', (e) => { if (e.key === 'Enter') saveReminder(); });
  $('#reminder-reset').addEventListener('click', () => {
    reminder.value = P.DEFAULT_REMINDER;
    save({ reminderText: P.DEFAULT_REMINDER });
  });
  // the first-focus reminder's "not again this session" lives in the background (storage.session)
  $('#reminder-again').addEventListener('click', async () => {
    try {
      await ask(P.setReminder(false), 'reminder');
      flash($('#general-status'), t('options_reminderAgainDone'));
    } catch (err) {
      flash($('#general-status'), t('options_saveFailed', [errorText(err)]));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Built-in rules
// ---------------------------------------------------------------------------------------------

/** Builds the category sections once; renderRules() then only updates their state. */
function buildRules() {
  const box = $('#categories');
  box.textContent = '';
  for (const cat of CATEGORIES) {
    const rules = state.builtins.filter((r) => r.category === cat);
    if (!rules.length) continue;
    const toggle = el('input', { type: 'checkbox', class: 'category-toggle', 'data-category': cat, role: 'switch', 'aria-label': t('options_categoryToggle', [categoryName(cat)]) });
    toggle.addEventListener('change', () => toggleCategory(cat, /** @type {HTMLInputElement} */ (toggle).checked));
    const list = el('ul', { class: 'plain-list' });
    for (const r of rules) {
      const id = `rule-${r.id}`;
      const input = el('input', { type: 'checkbox', id, class: 'rule-toggle', 'data-rule-id': r.id, role: 'switch' });
      input.addEventListener('change', () => toggleRule(r.id, /** @type {HTMLInputElement} */ (input).checked));
      list.append(el('li', { class: 'rule', 'data-rule-id': r.id, 'data-search': `${r.id} ${r.title} ${r.source} ${categoryName(cat)}`.toLowerCase() },
        el('label', { class: 'switch', for: id }, input),
        el('label', { for: id, class: 'title', text: r.title }),
        el('span', { class: `pill ${r.severity}`, text: t(`severity_${r.severity}`) }),
        el('div', { class: 'meta' },
          el('code', { text: r.id }), ' · ',
          el('span', { class: 'guideline', text: t('options_guideline', [r.source]) }),
          el('span', { class: 'locked-badge', 'data-locked-rule': r.id, hidden: true, text: t('options_locked') }))));
    }
    box.append(el('section', { class: 'category', 'data-category': cat },
      el('div', { class: 'category-head' },
        el('label', { class: 'switch' }, toggle),
        el('h3', {}, categoryName(cat), ' ', el('span', { class: 'count', text: `(${rules.length})` })),
        el('span', { class: 'locked-badge', 'data-locked-category': cat, hidden: true, text: t('options_lockedCategory') })),
      el('p', { class: 'category-desc help', text: t(`categoryHelp_${cat}`) }),
      list));
  }
  filterRules();
}

function renderRules() {
  const disabled = new Set(config().disabled_rules ?? []);
  const lk = locked();
  const forced = new Set(lk.rules);
  for (const input of document.querySelectorAll('.rule-toggle')) {
    const i = /** @type {HTMLInputElement} */ (input);
    const id = i.getAttribute('data-rule-id');
    const isForced = forced.has(id);
    i.checked = isForced || !disabled.has(id);
    i.disabled = isForced;
    i.setAttribute('data-locked', String(isForced));
    i.closest('.rule').classList.toggle('off', !i.checked);
    /** @type {HTMLElement} */ (document.querySelector(`[data-locked-rule="${CSS.escape(id)}"]`)).hidden = !isForced;
  }
  for (const section of document.querySelectorAll('.category')) {
    const cat = section.getAttribute('data-category');
    const toggles = [...section.querySelectorAll('.rule-toggle')].map((x) => /** @type {HTMLInputElement} */ (x));
    const on = toggles.filter((x) => x.checked).length;
    const head = /** @type {HTMLInputElement} */ (section.querySelector('.category-toggle'));
    head.checked = on > 0;
    head.indeterminate = on > 0 && on < toggles.length;
    const isLocked = lk.categories.includes(cat);
    head.disabled = isLocked;
    head.setAttribute('data-locked', String(isLocked));
    /** @type {HTMLElement} */ (section.querySelector('[data-locked-category]')).hidden = !isLocked;
  }
}

function toggleRule(id, on) {
  const disabled = new Set(config().disabled_rules ?? []);
  if (on) disabled.delete(id);
  else disabled.add(id);
  return saveDisabled(disabled);
}

function toggleCategory(cat, on) {
  const disabled = new Set(config().disabled_rules ?? []);
  const forced = new Set(locked().rules);
  for (const r of state.builtins) {
    if (r.category !== cat || forced.has(r.id)) continue;
    if (on) disabled.delete(r.id);
    else disabled.add(r.id);
  }
  return saveDisabled(disabled);
}

function saveDisabled(disabled) {
  const next = { ...config() };
  if (disabled.size) next.disabled_rules = [...disabled];
  else delete next.disabled_rules;
  return save({ config: next }, $('#general-status'));
}

function filterRules() {
  const q = /** @type {HTMLInputElement} */ ($('#rule-search')).value.trim().toLowerCase();
  let shown = 0;
  for (const li of document.querySelectorAll('.rule')) {
    const hit = !q || li.getAttribute('data-search').includes(q);
    /** @type {HTMLElement} */ (li).hidden = !hit;
    if (hit) shown++;
  }
  for (const section of document.querySelectorAll('.category')) {
    /** @type {HTMLElement} */ (section).hidden = ![...section.querySelectorAll('.rule')].some((li) => !(/** @type {HTMLElement} */ (li)).hidden);
  }
  $('#rule-search-empty').hidden = shown > 0;
}

// ---------------------------------------------------------------------------------------------
// Custom rules: list, editor, validation
// ---------------------------------------------------------------------------------------------

const customRules = () => (Array.isArray(config().rules) ? config().rules : []);
const form = () => /** @type {HTMLFormElement} */ ($('#rule-form'));

function describeRule(r) {
  const what = typeof r.regex === 'string' ? `/${r.regex}/` : (r.phrases ?? []).map((p) => `“${p}”`).join(', ');
  return `${categoryName(r.category)} · ${what} — ${r.message}`;
}

function renderCustom() {
  const list = $('#custom-list');
  list.textContent = '';
  for (const r of customRules()) {
    const id = `custom-${r.id}`;
    const toggle = el('input', { type: 'checkbox', id, class: 'custom-toggle', 'data-rule-id': r.id, role: 'switch' });
    /** @type {HTMLInputElement} */ (toggle).checked = r.enabled !== false;
    toggle.addEventListener('change', () => saveRules(customRules().map((x) => (x.id === r.id ? withEnabled(x, /** @type {HTMLInputElement} */ (toggle).checked) : x))));
    list.append(el('li', { class: 'custom-rule', 'data-rule-id': r.id },
      el('label', { class: 'switch', for: id }, toggle),
      el('span', {}, el('strong', { text: r.id }), ' ', el('span', { class: `pill ${r.severity}`, text: t(`severity_${r.severity}`) })),
      el('span', { class: 'buttons' },
        el('button', { type: 'button', class: 'link', 'data-edit': r.id, text: t('options_ruleEdit'), onclick: () => edit(r) }),
        el('button', { type: 'button', class: 'link', 'data-delete': r.id, text: t('options_ruleDelete'), onclick: () => removeRule(r.id) })),
      el('span', { class: 'detail', text: describeRule(r) })));
  }
  $('#custom-empty').hidden = customRules().length > 0;

  const packs = state.settings.policy?.rulePacks ?? [];
  $('#pack-rules').hidden = packs.length === 0;
  const packList = $('#pack-list');
  packList.textContent = '';
  for (const pack of packs) {
    for (const r of pack.rules) {
      packList.append(el('li', { class: 'custom-rule', 'data-pack-rule': r.id, 'data-locked': 'true' },
        el('span', { class: 'locked-badge', text: pack.name }),
        el('span', {}, el('strong', { text: r.id }), ' ', el('span', { class: `pill ${r.severity}`, text: t(`severity_${r.severity}`) })),
        el('span'),
        el('span', { class: 'detail', text: describeRule(r) })));
    }
  }
}

function withEnabled(rule, on) {
  const next = { ...rule };
  if (on) delete next.enabled;
  else next.enabled = false;
  return next;
}

async function saveRules(rules, statusEl = $('#rule-status')) {
  const next = { ...config() };
  if (rules.length) next.rules = rules;
  else delete next.rules;
  const ok = await save({ config: next }, statusEl);
  tester?.refresh();
  return ok;
}

function edit(rule) {
  editing = rule.id;
  fillForm(form(), rule);
  $('#rule-form-title').textContent = t('options_editRule', [rule.id]);
  showErrors(form(), $('#rule-errors'), [], t);
  form().scrollIntoView({ block: 'start' });
  /** @type {HTMLInputElement} */ (form().elements.namedItem('id')).focus();
  void validateDraft();
}

async function removeRule(id) {
  if (editing === id) resetEditor();
  await saveRules(customRules().filter((r) => r.id !== id));
}

function resetEditor() {
  editing = null;
  draftRule = null;
  fillForm(form(), null);
  $('#rule-form-title').textContent = t('options_newRule');
  showErrors(form(), $('#rule-errors'), [], t);
  updateDraftNote(null);
  tester?.refresh();
}

/** The user's config with the editor's rule in place of the one being edited (or appended). */
function configWith(rule) {
  const rules = customRules().filter((r) => r.id !== editing);
  const index = editing === null ? rules.length : Math.max(0, customRules().findIndex((r) => r.id === editing));
  rules.splice(Math.min(index, rules.length), 0, rule);
  return { config: { ...config(), rules }, index };
}

/** Validation errors of `rule` inside the user's config (only those about this rule). */
async function validateRule(rule) {
  const { config: candidate, index } = configWith(rule);
  const { errors } = await ask(P.validateConfig(candidate), 'validation');
  const mine = errors.filter((e) => e.rule === rule.id || e.rule === `rules[${index}]`);
  return { errors: mine.length ? mine : errors, candidate };
}

let validateTimer = 0;
let validateSeq = 0;
/** Live validation while typing: inline errors, and the tester gets the rule when valid. */
async function validateDraft() {
  const seq = ++validateSeq;
  if (isBlank(form())) {
    draftRule = null;
    showErrors(form(), $('#rule-errors'), [], t);
    updateDraftNote(null);
    tester?.refresh();
    return;
  }
  const rule = readRule(form(), customRules().find((r) => r.id === editing));
  let result;
  try {
    result = await validateRule(rule);
  } catch (err) {
    return;
  }
  if (seq !== validateSeq) return;
  showErrors(form(), $('#rule-errors'), result.errors, t);
  draftRule = result.errors.length ? null : rule;
  updateDraftNote(result.errors.length ? 'invalid' : 'valid');
  tester?.refresh();
}

function updateDraftNote(kind) {
  const note = $('#tester-draft');
  note.hidden = !kind;
  note.textContent = kind === 'valid' ? t('options_testerWithDraft') : kind === 'invalid' ? t('options_testerDraftInvalid') : '';
}

function bindEditor() {
  const f = form();
  const cat = /** @type {HTMLSelectElement} */ (f.elements.namedItem('category'));
  for (const c of CATEGORIES) cat.append(el('option', { value: c, text: categoryName(c) }));
  f.addEventListener('input', () => {
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validateDraft, 250);
  });
  f.addEventListener('change', (e) => {
    if (/** @type {HTMLInputElement} */ (e.target).name === 'kind') showKind(f);
  });
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearTimeout(validateTimer);
    validateSeq++; // a pending live validation must not overwrite this result
    const rule = readRule(f, customRules().find((r) => r.id === editing));
    const { errors, candidate } = await validateRule(rule);
    showErrors(f, $('#rule-errors'), errors, t);
    if (errors.length) {
      draftRule = null;
      updateDraftNote('invalid');
      tester?.refresh();
      flash($('#rule-status'), t('options_ruleNotSaved'));
      const first = /** @type {HTMLElement|null} */ (f.querySelector('[aria-invalid="true"]'));
      first?.focus();
      return;
    }
    if (await saveRules(candidate.rules)) {
      resetEditor();
      flash($('#rule-status'), t('options_ruleSaved', [rule.id]));
    }
  });
  $('#rule-cancel').addEventListener('click', resetEditor);
}

// ---------------------------------------------------------------------------------------------
// Tester
// ---------------------------------------------------------------------------------------------

/** @type {ReturnType<typeof createTester>|null} */
let tester = null;

/** The configuration the tester runs: saved settings plus the editor's valid rule. */
function testerConfig() {
  if (!draftRule) return config();
  return configWith(draftRule).config;
}

// ---------------------------------------------------------------------------------------------
// About / storage
// ---------------------------------------------------------------------------------------------

function renderAbout() {
  $('#version').textContent = state.version;
  const st = state.settings.storage;
  const info = $('#storage-info');
  if (!st) { info.textContent = ''; return; }
  info.textContent = st.prefs === 'local'
    ? t('options_storageLocal')
    : st.config === 'local'
      ? t('options_storageConfigLocal')
      : t('options_storageSync', [String(Math.ceil(st.bytes / 1024)), String(Math.round(st.quota / 1024))]);
}

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

function render() {
  if (!state.settings) return;
  renderNotices();
  renderTurnedOff($('#turned-off'), state.settings, state.builtins, (id) => { void save({ config: turnBackOn(config(), id) }, $('#general-status')); });
  renderGeneral();
  renderRules();
  renderCustom();
  renderSites();
  renderWatchlist();
  renderAbout();
  document.documentElement.setAttribute('data-ready', '1');
}

/** "Turn off this rule" in the tester's card, and its Undo. @param {string} ruleId @param {boolean} on */
async function setRuleFromTester(ruleId, on) {
  if (customRules().some((r) => r.id === ruleId)) {
    await saveRules(customRules().map((r) => (r.id === ruleId ? withEnabled(r, on) : r)));
  } else if (state.builtins.some((r) => r.id === ruleId)) {
    await toggleRule(ruleId, on);
  }
  tester?.refresh();
}

async function refresh() {
  const { settings } = await ask(P.getSettings(), 'settings');
  state.settings = settings;
  render();
  tester?.refresh();
}

async function main() {
  localize();
  bindGeneral();
  bindEditor();
  bindSites(ctx);
  bindWatchlist(ctx);
  $('#rule-search').addEventListener('input', filterRules);
  try {
    const [rules, profs, settings] = await Promise.all([
      ask(P.builtinRules(), 'rules'),
      ask(P.professions(), 'professionList'),
      ask(P.getSettings(), 'settings'),
    ]);
    state.builtins = rules.rules;
    state.version = rules.version;
    state.professions = profs.professions;
    state.settings = settings.settings;
  } catch (err) {
    const box = $('#load-error');
    box.textContent = t('options_loadFailed', [errorText(err)]);
    box.hidden = false;
    return;
  }
  const prof = $('#profession');
  for (const p of state.professions) prof.append(el('option', { value: p.id, text: p.label }));
  buildRules();
  render();

  tester = createTester({
    field: /** @type {HTMLTextAreaElement} */ ($('#tester-input')),
    summary: $('#tester-summary'),
    config: testerConfig,
    reminderText: () => state.settings.reminderText,
    onDisableRule: (ruleId) => setRuleFromTester(ruleId, false),
    onEnableRule: (ruleId) => setRuleFromTester(ruleId, true),
  });

  bindExport({ button: $('#export'), includeWatchlist: /** @type {HTMLInputElement} */ ($('#export-watchlist')), getConfig: config, download });
  bindImport({
    input: /** @type {HTMLInputElement} */ ($('#import-file')),
    result: $('#import-result'),
    message: $('#import-message'),
    errors: $('#import-errors'),
    watchlistButton: /** @type {HTMLButtonElement} */ ($('#import-watchlist')),
    getConfig: config,
    getLocked: locked,
    onImported: async () => { await refresh(); },
  });

  // settings changed elsewhere (popup, overlay, another device): re-read through the background
  let pending = 0;
  ext.storage.onChanged.addListener((changes, area) => {
    if (area === 'session') return;
    clearTimeout(pending);
    pending = setTimeout(() => { refresh().catch(() => {}); }, 50);
  });
  if (location.hash) document.querySelector(location.hash)?.scrollIntoView();
}

main();
