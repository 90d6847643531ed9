/**
 * The one place where the background answers messages: validates each request with the
 * shared protocol and dispatches on its `type`. bg.js wires it to `runtime.onMessage`.
 *
 * Requests that touch private data or permissions (protocol.js PAGE_ONLY) are answered only
 * for the extension's own pages; a content script's `check` is answered with an empty report
 * when InSession is off for its site (site-policy.js), so a site that is off is never checked.
 */
import * as P from '../shared/protocol.js';
import { siteState, siteKey, supportedSite, normalizeHost, originsFor, addedSites } from '../shared/site-policy.js';
import { checkerFor, validate, rules, coreVersion, isWarm, professionList, hashesFor } from './engine.js';
import { ruleTitles, withTitles } from '../shared/rule-titles.js';
import { loadState, saveSettings, saveWatchlist, dismissNotice, settingsBackup } from './settings.js';
import { effectiveConfig } from './policy.js';
import { recordReport, tabReport, hostOf } from './tabs.js';
import { reconcile, sitesToRegister, hasPermission } from './registration.js';
import { reminderDismissed, setReminderDismissed } from './session-flags.js';

/** A report for disabled checking: nothing found. @returns {P.Report} */
const EMPTY_REPORT = () => ({ risk: 'ok', score: 0, truncated: false, findings: [] });

/** True when the sender is one of the extension's own pages (or a direct call, as in tests). */
function fromExtensionPage(sender) {
  if (!sender || sender.url === undefined) return sender?.tab === undefined;
  return String(sender.url).startsWith(P.ext.runtime.getURL(''));
}

/**
 * @param {unknown} message
 * @param {{id?: string, url?: string, tab?: {id?: number}}} [sender]
 * @returns {Promise<P.Reply>}
 */
export async function handleMessage(message, sender) {
  if (sender && sender.id !== undefined && sender.id !== P.ext.runtime.id) {
    return P.errorReply('message from another extension ignored');
  }
  let req;
  try {
    req = P.validateRequest(message);
  } catch (err) {
    return P.errorReply(err.message, typeof message?.type === 'string' ? message.type : undefined);
  }
  if (P.PAGE_ONLY.has(req.type) && !fromExtensionPage(sender)) {
    return P.errorReply(`${req.type}: only the extension's own pages may ask this`, req.type);
  }
  try {
    return await dispatch(req, sender);
  } catch (err) {
    return P.errorReply(`${req.type}: ${err?.message ?? err}`, req.type);
  }
}

/** "rule "x", field regex: …" for the first error, and how many more. */
function rejection(errors) {
  const first = errors[0];
  return `configuration rejected: ${first.rule} ${first.field}: ${first.message}` +
    (errors.length > 1 ? ` (and ${errors.length - 1} more)` : '');
}

/** Keeps content-script registrations in step with the added sites (errors are logged). */
async function syncRegistrations(state) {
  try {
    await reconcile(sitesToRegister(state.prefs.sites, state.policy.sites));
  } catch (err) {
    console.warn('InSession: registering content scripts failed:', err);
  }
}

/** 16 random bytes as hex: the per-install salt of the watch list. */
function newSalt() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The rule titles for a checker configuration (built-ins + its custom rules, the organisation's included), kept for the last one. */
/** @type {{key: string, builtins?: any[], map: Map<string, string>}} */
let titlesCache = { key: '', map: new Map() };
/** @param {any[]} builtins @param {string} configJson */
function titlesFor(builtins, configJson) {
  if (titlesCache.key !== configJson || titlesCache.builtins !== builtins) {
    let custom = [];
    try { custom = JSON.parse(configJson).rules || []; } catch { custom = []; }
    titlesCache = { key: configJson, builtins, map: ruleTitles(builtins, custom) };
  }
  return titlesCache.map;
}

/** @param {P.Request} req @param {any} sender @returns {Promise<P.Reply>} */
async function dispatch(req, sender) {
  switch (req.type) {
    case P.TYPES.CHECK: {
      const state = await loadState();
      const { settings } = state;
      if (!settings.enabled) return P.reportReply(EMPTY_REPORT(), req.fieldId, { checkMs: 0, initMs: 0 }, 'disabled');
      const host = sender?.url ? hostOf(sender.url) : '';
      if (host) {
        const site = siteState(settings, host);
        if (!site.active) return P.reportReply(EMPTY_REPORT(), req.fieldId, { checkMs: 0, initMs: 0 }, /** @type {any} */ (site.reason));
      }
      const { checker, initMs } = await checkerFor(state.configJson);
      const t0 = performance.now();
      const report = withTitles(checker.check(req.text), titlesFor(state.builtins, state.configJson));
      const checkMs = performance.now() - t0;
      recordReport(sender, report);
      return P.reportReply(report, req.fieldId, { checkMs, initMs });
    }
    case P.TYPES.CHECK_DRAFT: {
      const state = await loadState();
      const config = effectiveConfig(req.config, state.policy, state.local.watchlist, state.builtins);
      const errors = await validate(JSON.stringify(config));
      if (errors.length) throw new Error(rejection(errors));
      const { checker, initMs } = await checkerFor(JSON.stringify(config));
      const t0 = performance.now();
      const report = withTitles(checker.check(req.text), ruleTitles(state.builtins, config.rules));
      return P.reportReply(report, undefined, { checkMs: performance.now() - t0, initMs });
    }
    case P.TYPES.REMINDER_STATE:
      return P.reminderReply(await reminderDismissed());
    case P.TYPES.SET_REMINDER:
      return P.reminderReply(await setReminderDismissed(req.dismissed));
    case P.TYPES.GET_SETTINGS:
      return P.settingsReply((await loadState()).settings);
    case P.TYPES.SET_SETTINGS: {
      if (req.settings.config !== undefined) {
        const { watchlist, ...rest } = /** @type {any} */ (req.settings.config);
        const errors = await validate(JSON.stringify(watchlist === undefined ? rest : { ...rest, watchlist }));
        if (errors.length) return P.errorReply(rejection(errors), req.type);
      }
      const settings = await saveSettings(req.settings);
      if (req.settings.sites) await syncRegistrations(await loadState());
      return P.settingsReply(settings);
    }
    case P.TYPES.VALIDATE_CONFIG: {
      const json = typeof req.config === 'string' ? req.config : JSON.stringify(req.config);
      return P.validationReply(await validate(json));
    }
    case P.TYPES.BUILTIN_RULES: {
      const { rules: list, version } = await rules();
      return P.rulesReply(list, version);
    }
    case P.TYPES.PROFESSIONS:
      return P.professionsReply(await professionList());
    case P.TYPES.PING: {
      const warm = isWarm();
      return P.pongReply(await coreVersion(), warm);
    }
    case P.TYPES.BENCH: {
      const state = await loadState();
      const { checker, initMs } = await checkerFor(state.configJson);
      const samples = new Array(req.iterations);
      for (let i = 0; i < req.iterations; i++) {
        const t0 = performance.now();
        checker.check(req.text);
        samples[i] = performance.now() - t0;
      }
      return P.benchReply(samples, initMs);
    }
    case P.TYPES.WATCHLIST_ADD: {
      const state = await loadState();
      const current = state.local.watchlist;
      const salt = current?.salt ?? newSalt();
      const hashes = await hashesFor(salt, req.entry);
      if (!hashes.length) throw new Error('nothing to match in that entry (letters or digits are needed)');
      const set = new Set(current?.hashes ?? []);
      const before = set.size;
      for (const h of hashes) set.add(h);
      const added = set.size > before ? 1 : 0;
      const count = (current ? state.local.watchlistCount : 0) + added;
      const settings = await saveWatchlist({ salt, hashes: [...set] }, count);
      return P.watchlistReply(settings.watchlistCount ?? count, { added });
    }
    case P.TYPES.WATCHLIST_TEST: {
      const state = await loadState();
      const w = state.local.watchlist;
      if (!w || !w.hashes.length) return P.watchlistReply(0, { match: false });
      const { checker } = await checkerFor(JSON.stringify({ watchlist: w }));
      const report = checker.check(req.entry);
      const match = report.findings.some((f) => f.rule === 'identifiers.watchlist');
      return P.watchlistReply(state.local.watchlistCount, { match });
    }
    case P.TYPES.WATCHLIST_CLEAR:
      await saveWatchlist(null, 0);
      return P.watchlistReply(0);
    case P.TYPES.WATCHLIST_EXPORT: {
      const state = await loadState();
      return P.watchlistDataReply(state.local.watchlist, state.local.watchlist ? state.local.watchlistCount : 0);
    }
    case P.TYPES.WATCHLIST_IMPORT: {
      const errors = await validate(JSON.stringify({ watchlist: req.watchlist }));
      if (errors.length) throw new Error(rejection(errors));
      const w = { salt: req.watchlist.salt.toLowerCase(), hashes: [...new Set(req.watchlist.hashes.map((h) => h.toLowerCase()))] };
      const settings = await saveWatchlist(w.hashes.length ? w : null, w.hashes.length ? Math.max(1, Math.ceil(w.hashes.length / 2)) : 0);
      return P.watchlistReply(settings.watchlistCount ?? 0);
    }
    case P.TYPES.DISMISS_NOTICE:
      return P.settingsReply(await dismissNotice(req.id));
    case P.TYPES.SETTINGS_BACKUP:
      return P.backupReply(await settingsBackup());
    case P.TYPES.ADD_SITE: {
      const host = normalizeHost(req.host);
      if (!host) throw new Error(`${JSON.stringify(req.host)} is not a site's host name`);
      const state = await loadState();
      if (supportedSite(host)) {
        const key = siteKey(state.prefs.sites, host);
        return P.settingsReply(await saveSettings({ sites: { ...state.prefs.sites, [key]: true } }));
      }
      if (!(await hasPermission(host))) throw new Error(`access to ${host} was not granted`);
      const settings = await saveSettings({ sites: { ...state.prefs.sites, [host]: true } });
      await syncRegistrations(await loadState());
      return P.settingsReply(settings);
    }
    case P.TYPES.REMOVE_SITE: {
      const host = normalizeHost(req.host) ?? req.host;
      const state = await loadState();
      if (state.policy.sites.includes(host)) throw new Error(`${host} is kept on by your organisation`);
      const sites = { ...state.prefs.sites };
      delete sites[host];
      const settings = await saveSettings({ sites });
      await syncRegistrations(await loadState());
      if (!supportedSite(host)) {
        try {
          await P.ext.permissions.remove({ origins: originsFor(host) });
        } catch (err) {
          console.warn(`InSession: releasing access to ${host} failed:`, err);
        }
      }
      return P.settingsReply(settings);
    }
    case P.TYPES.SET_SITE: {
      const state = await loadState();
      const host = String(req.host).toLowerCase();
      const key = siteKey(state.prefs.sites, host);
      return P.settingsReply(await saveSettings({ sites: { ...state.prefs.sites, [key]: req.on } }));
    }
    case P.TYPES.TAB_STATUS: {
      const state = await loadState();
      const report = await tabReport(req.tabId);
      const host = (req.url ? hostOf(req.url) : '') || report?.host || '';
      if (!host) return P.tabStatusReply({ host: null, siteKey: null, supported: false, added: false, locked: false, state: null, report: null });
      const sites = state.settings.sites;
      const key = siteKey(sites, host);
      const added = addedSites(sites).includes(key);
      return P.tabStatusReply({
        host,
        siteKey: key,
        supported: Boolean(supportedSite(host)),
        added,
        locked: state.policy.sites.includes(key),
        state: (supportedSite(host) || added) ? siteState(state.settings, host) : null,
        report: report && report.host === host ? { risk: report.risk, findings: report.findings, at: report.at } : null,
      });
    }
    default:
      // validateRequest already rejects unknown types; this guards a half-added message type
      return P.errorReply(`no handler for ${JSON.stringify(req.type)}`, req.type);
  }
}

/** Start-up work for bg.js: bring content-script registrations in line with the settings. */
export async function onStartup() {
  await syncRegistrations(await loadState());
}
