/**
 * The one message protocol between the extension's pages/content scripts and the background.
 *
 * Why this file exists: every message that crosses `runtime.sendMessage` is defined here —
 * its JSDoc type, a constructor and a validator — so the content script, the options page,
 * the popup and the tests speak exactly the same language, and the background has exactly
 * one handler that dispatches on `type` (see `extension/background/handler.js`).
 *
 * Requests (sender → background) and the reply each one gets:
 *
 * | request          | fields                                   | reply                          |
 * | ---------------- | ---------------------------------------- | ------------------------------ |
 * | `check`          | `text`, `fieldId?`                       | `report`                       |
 * | `getSettings`    | —                                        | `settings`                     |
 * | `setSettings`    | `settings` (partial; merged)             | `settings` or `error`          |
 * | `validateConfig` | `config` (object or JSON string)         | `validation`                   |
 * | `builtinRules`   | —                                        | `rules`                        |
 * | `ping`           | —                                        | `pong`                         |
 * | `bench`          | `text`, `iterations`                     | `benchResult` (measurement)    |
 * | `checkDraft`     | `text`, `config` (a user config not saved yet) | `report`                 |
 * | `professions`    | —                                        | `professions`                  |
 * | `watchlistAdd`   | `entry` (a name, nickname, initials, @handle) | `watchlist` (count)       |
 * | `watchlistTest`  | `entry`                                  | `watchlist` (count, match)     |
 * | `watchlistClear` | —                                        | `watchlist` (count 0)          |
 * | `watchlistExport`| —                                        | `watchlistData` (salt, hashes) |
 * | `watchlistImport`| `watchlist` ({salt, hashes})             | `watchlist` (count)            |
 * | `dismissNotice`  | `id`                                     | `settings`                     |
 * | `settingsBackup` | —                                        | `backup`                       |
 * | `addSite`        | `host` (after the page got the permission) | `settings`                   |
 * | `removeSite`     | `host`                                   | `settings`                     |
 * | `setSite`        | `host`, `on`                             | `settings`                     |
 * | `tabStatus`      | `tabId`, `url?`                          | `tabStatus`                    |
 * | `reminderState`  | —                                        | `reminder`                     |
 * | `setReminder`    | `dismissed` (true: not again this session) | `reminder`                   |
 *
 * Content scripts send `check` over a long-lived port (`PORT_NAME`) rather than one
 * `sendMessage` per keystroke: one IPC each way instead of opening a message channel every
 * time. The port carries the same requests, wrapped in `{id, request}` and answered with
 * `{id, reply}` (`portRequest`, `validatePortReply`); the background hands them to the same
 * handler as every other message.
 *
 * Any request can also be answered with `error` (`{type:'error', message, request}`).
 * The watch-list, backup, site, draft-check, notice and tab-status requests (PAGE_ONLY) are
 * answered only for the extension's own pages (options, popup), never for a content script.
 *
 * Extending: add a `TYPES` entry, a typedef, a constructor and a case in `validateRequest`,
 * then a case in the background handler. Unknown types are rejected by the validator, so a
 * half-added message fails loudly instead of silently.
 *
 * This file is plain ES module JavaScript with no browser APIs, so Node tests and the bundled
 * content script can import it too.
 */

/** Message type names. Requests first, then replies. */
export const TYPES = Object.freeze({
  CHECK: 'check',
  GET_SETTINGS: 'getSettings',
  SET_SETTINGS: 'setSettings',
  VALIDATE_CONFIG: 'validateConfig',
  BUILTIN_RULES: 'builtinRules',
  PING: 'ping',
  BENCH: 'bench',
  CHECK_DRAFT: 'checkDraft',
  PROFESSIONS: 'professions',
  WATCHLIST_ADD: 'watchlistAdd',
  WATCHLIST_TEST: 'watchlistTest',
  WATCHLIST_CLEAR: 'watchlistClear',
  WATCHLIST_EXPORT: 'watchlistExport',
  WATCHLIST_IMPORT: 'watchlistImport',
  DISMISS_NOTICE: 'dismissNotice',
  SETTINGS_BACKUP: 'settingsBackup',
  ADD_SITE: 'addSite',
  REMOVE_SITE: 'removeSite',
  SET_SITE: 'setSite',
  TAB_STATUS: 'tabStatus',
  REMINDER_STATE: 'reminderState',
  SET_REMINDER: 'setReminder',
  // replies
  REPORT: 'report',
  SETTINGS: 'settings',
  VALIDATION: 'validation',
  RULES: 'rules',
  PONG: 'pong',
  BENCH_RESULT: 'benchResult',
  PROFESSION_LIST: 'professionList',
  WATCHLIST: 'watchlist',
  WATCHLIST_DATA: 'watchlistData',
  BACKUP: 'backup',
  TAB_STATUS_REPLY: 'tabStatusReply',
  REMINDER: 'reminder',
  ERROR: 'error',
});

/** Requests only the extension's own pages may send (private data, permissions). */
export const PAGE_ONLY = Object.freeze(new Set([
  TYPES.WATCHLIST_ADD, TYPES.WATCHLIST_TEST, TYPES.WATCHLIST_CLEAR, TYPES.WATCHLIST_EXPORT,
  TYPES.WATCHLIST_IMPORT, TYPES.SETTINGS_BACKUP, TYPES.ADD_SITE, TYPES.REMOVE_SITE,
  TYPES.DISMISS_NOTICE, TYPES.CHECK_DRAFT, TYPES.SET_SITE, TYPES.TAB_STATUS,
]));

/** Longest watch-list entry accepted (characters). */
export const MAX_ENTRY = 200;

/** Longest text accepted in one `check` (UTF-16 code units). The core truncates further. */
export const MAX_TEXT = 200_000;
/** Most iterations one `bench` request may ask for. */
export const MAX_BENCH_ITERATIONS = 2_000;

// ---------------------------------------------------------------------------------------------
// Shared data types (mirrors the Wasm API in DEVELOPERS.md)
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {'ok'|'caution'|'high'} Risk
 *
 * @typedef {object} Evidence
 * @property {number} start  UTF-16 offset
 * @property {number} end    UTF-16 offset (exclusive)
 * @property {string} text
 * @property {string} kind
 *
 * @typedef {object} Finding
 * @property {string} rule
 * @property {string} category
 * @property {'caution'|'high'} severity
 * @property {number} start  UTF-16 offset into the checked text
 * @property {number} end
 * @property {string} text
 * @property {string} message
 * @property {string|null} suggestion
 * @property {boolean} replacement  true: `suggestion` is text for the span (Apply); false: advice
 * @property {string} source
 * @property {string[]} sources
 * @property {Evidence[]} evidence
 * @property {string} [title]  the rule's title (added by the background, shared/rule-titles.js)
 *
 * @typedef {object} Report
 * @property {Risk} risk
 * @property {number} score
 * @property {boolean} truncated
 * @property {Finding[]} findings
 *
 * @typedef {object} Config  The configuration JSON of DEVELOPERS.md (every key optional).
 * @property {string} [sensitivity]
 * @property {string} [profession]
 * @property {string[]} [disabled_rules]
 * @property {object[]} [rules]
 * @property {{salt: string, hashes: string[]}} [watchlist]
 *
 * @typedef {object} Settings  What getSettings answers; extend with new optional keys.
 *   The first six are what content scripts read; `setSettings` accepts those six.
 * @property {boolean} enabled   false: content scripts stop checking
 * @property {Config} config     the user's configuration (custom rules, disabled_rules,
 *                               sensitivity, profession); never holds the watch list. The
 *                               checker runs it with the organisation's policy and the
 *                               device's watch list applied.
 * @property {Record<string, boolean>} sites  hostname → on/off (site-policy.js); the
 *                               organisation's sites are forced on here
 * @property {number} pausedUntil  epoch ms; paused everywhere until then (0: not paused)
 * @property {boolean} pauseBeforePosting  stop the post button while the post is high risk
 * @property {string} reminderText  the reminder's wording
 * @property {number} [schemaVersion]  the storage layout (background/schema.js)
 * @property {Record<string, boolean>} [userSites]  the user's own `sites` (without policy)
 * @property {number} [watchlistCount]  entries on the private watch list (never the names)
 * @property {{id: string, key: string, subs: string[], at?: number, transient?: boolean}[]} [notices]
 *                               things the user should know (a _locales key + substitutions)
 * @property {{prefs: 'sync'|'local', config: 'sync'|'local', bytes: number, quota: number}} [storage]
 * @property {object} [policy]   the organisation's policy in effect (background/policy.js)
 * @property {{sensitivity: boolean, profession: boolean, pauseBeforePosting: boolean,
 *             reminderText: boolean, categories: string[], rules: string[], packRules: string[],
 *             sites: string[]}} [locked]  what the policy locks
 *
 * @typedef {{rule: string, field: string, message: string}} ConfigError
 * @typedef {{id: string, category: string, severity: string, title: string, source: string}} BuiltinRule
 */

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {{type: 'check', text: string, fieldId?: string}} CheckRequest
 * @typedef {{type: 'getSettings'}} GetSettingsRequest
 * @typedef {{type: 'setSettings', settings: Partial<Settings>}} SetSettingsRequest
 * @typedef {{type: 'validateConfig', config: Config|string}} ValidateConfigRequest
 * @typedef {{type: 'builtinRules'}} BuiltinRulesRequest
 * @typedef {{type: 'ping'}} PingRequest
 * @typedef {{type: 'bench', text: string, iterations: number}} BenchRequest
 * @typedef {{type: 'checkDraft', text: string, config: Config}} CheckDraftRequest
 * @typedef {{type: 'professions'}} ProfessionsRequest
 * @typedef {{type: 'watchlistAdd'|'watchlistTest', entry: string}} WatchlistEntryRequest
 * @typedef {{type: 'watchlistClear'|'watchlistExport'|'settingsBackup'}} BareRequest
 * @typedef {{type: 'watchlistImport', watchlist: {salt: string, hashes: string[]}}} WatchlistImportRequest
 * @typedef {{type: 'dismissNotice', id: string}} DismissNoticeRequest
 * @typedef {{type: 'addSite'|'removeSite', host: string}} SiteRequest
 * @typedef {{type: 'setSite', host: string, on: boolean}} SetSiteRequest
 * @typedef {{type: 'tabStatus', tabId: number, url?: string}} TabStatusRequest
 * @typedef {{type: 'reminderState'}} ReminderStateRequest
 * @typedef {{type: 'setReminder', dismissed: boolean}} SetReminderRequest
 * @typedef {CheckRequest|GetSettingsRequest|SetSettingsRequest|ValidateConfigRequest|
 *           BuiltinRulesRequest|PingRequest|BenchRequest|CheckDraftRequest|ProfessionsRequest|
 *           WatchlistEntryRequest|BareRequest|WatchlistImportRequest|DismissNoticeRequest|
 *           SiteRequest|SetSiteRequest|TabStatusRequest|ReminderStateRequest|SetReminderRequest} Request
 */

/** @param {string} text @param {string} [fieldId] @returns {CheckRequest} */
export function check(text, fieldId) {
  return fieldId === undefined ? { type: TYPES.CHECK, text } : { type: TYPES.CHECK, text, fieldId };
}
/** @returns {GetSettingsRequest} */
export function getSettings() {
  return { type: TYPES.GET_SETTINGS };
}
/** @param {Partial<Settings>} settings @returns {SetSettingsRequest} */
export function setSettings(settings) {
  return { type: TYPES.SET_SETTINGS, settings };
}
/** @param {Config|string} config @returns {ValidateConfigRequest} */
export function validateConfig(config) {
  return { type: TYPES.VALIDATE_CONFIG, config };
}
/** @returns {BuiltinRulesRequest} */
export function builtinRules() {
  return { type: TYPES.BUILTIN_RULES };
}
/** @returns {PingRequest} */
export function ping() {
  return { type: TYPES.PING };
}
/** @param {string} text @param {number} iterations @returns {BenchRequest} */
export function bench(text, iterations) {
  return { type: TYPES.BENCH, text, iterations };
}
/** @param {string} text @param {Config} config @returns {CheckDraftRequest} */
export function checkDraft(text, config) {
  return { type: TYPES.CHECK_DRAFT, text, config };
}
/** @returns {ProfessionsRequest} */
export function professions() {
  return { type: TYPES.PROFESSIONS };
}
/** @param {string} entry @returns {WatchlistEntryRequest} */
export function watchlistAdd(entry) {
  return { type: TYPES.WATCHLIST_ADD, entry };
}
/** @param {string} entry @returns {WatchlistEntryRequest} */
export function watchlistTest(entry) {
  return { type: TYPES.WATCHLIST_TEST, entry };
}
/** @returns {BareRequest} */
export function watchlistClear() {
  return { type: TYPES.WATCHLIST_CLEAR };
}
/** @returns {BareRequest} */
export function watchlistExport() {
  return { type: TYPES.WATCHLIST_EXPORT };
}
/** @param {{salt: string, hashes: string[]}} watchlist @returns {WatchlistImportRequest} */
export function watchlistImport(watchlist) {
  return { type: TYPES.WATCHLIST_IMPORT, watchlist };
}
/** @param {string} id @returns {DismissNoticeRequest} */
export function dismissNotice(id) {
  return { type: TYPES.DISMISS_NOTICE, id };
}
/** @returns {BareRequest} */
export function settingsBackup() {
  return { type: TYPES.SETTINGS_BACKUP };
}
/** @param {string} host @returns {SiteRequest} */
export function addSite(host) {
  return { type: TYPES.ADD_SITE, host };
}
/** @param {string} host @returns {SiteRequest} */
export function removeSite(host) {
  return { type: TYPES.REMOVE_SITE, host };
}
/** @param {string} host @param {boolean} on @returns {SetSiteRequest} */
export function setSite(host, on) {
  return { type: TYPES.SET_SITE, host, on };
}
/** Whether the first-focus reminder was dismissed this browsing session. @returns {ReminderStateRequest} */
export function reminderState() {
  return { type: TYPES.REMINDER_STATE };
}
/**
 * `true`: "Don't remind me again this session"; `false`: show it again on the next first focus.
 * @param {boolean} dismissed @returns {SetReminderRequest}
 */
export function setReminder(dismissed) {
  return { type: TYPES.SET_REMINDER, dismissed };
}
/** @param {number} tabId @param {string} [url] @returns {TabStatusRequest} */
export function tabStatus(tabId, url) {
  return url === undefined ? { type: TYPES.TAB_STATUS, tabId } : { type: TYPES.TAB_STATUS, tabId, url };
}

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} CheckTiming  Measured in the background, milliseconds.
 * @property {number} checkMs   time inside `checker.check`
 * @property {number} initMs    time spent (re)loading Wasm and building the checker for this
 *                              request; 0 when both were warm
 *
 * @typedef {{type: 'report', report: Report, fieldId?: string, timing: CheckTiming,
 *            inactive?: 'disabled'|'site-off'|'paused'}} ReportReply
 *   `inactive`: InSession is off for the sender's site, so nothing was checked (empty report)
 * @typedef {{type: 'settings', settings: Settings}} SettingsReply
 * @typedef {{type: 'validation', errors: ConfigError[]}} ValidationReply
 * @typedef {{type: 'rules', rules: BuiltinRule[], version: string}} RulesReply
 * @typedef {{type: 'pong', version: string, warm: boolean}} PongReply
 * @typedef {{type: 'benchResult', samples: number[], initMs: number}} BenchReply
 * @typedef {{type: 'error', message: string, request?: string}} ErrorReply
 * @typedef {{type: 'professionList', professions: {id: string, label: string, prefer: string[]}[]}} ProfessionsReply
 * @typedef {{type: 'watchlist', count: number, match?: boolean, added?: number}} WatchlistReply
 * @typedef {{type: 'watchlistData', watchlist: {salt: string, hashes: string[]}|null, count: number}} WatchlistDataReply
 * @typedef {{type: 'backup', backup: {at: number, text: string}|null}} BackupReply
 * @typedef {object} TabStatus
 * @property {string|null} host        the tab's site (null: not a web page InSession can see)
 * @property {string|null} siteKey     the `sites` key its on/off is stored under
 * @property {boolean} supported       one of the built-in sites
 * @property {boolean} added           a site the user or the organisation added
 * @property {boolean} locked          the organisation keeps it on
 * @property {{active: boolean, reason: string, until?: number}|null} state
 * @property {{risk: Risk, findings: number, at: number}|null} report  the last check of a
 *           field in that tab (the field being typed in)
 * @typedef {{type: 'tabStatusReply', status: TabStatus}} TabStatusReply
 * @typedef {{type: 'reminder', dismissed: boolean}} ReminderReply
 *   whether the first-focus reminder is dismissed until the browser closes
 * @typedef {ReportReply|SettingsReply|ValidationReply|RulesReply|PongReply|BenchReply|ErrorReply|
 *           ProfessionsReply|WatchlistReply|WatchlistDataReply|BackupReply|TabStatusReply|
 *           ReminderReply} Reply
 */

/**
 * @param {Report} report @param {string|undefined} fieldId @param {CheckTiming} timing
 * @param {'disabled'|'site-off'|'paused'} [inactive]
 * @returns {ReportReply}
 */
export function reportReply(report, fieldId, timing, inactive) {
  const reply = { type: TYPES.REPORT, report, timing };
  if (fieldId !== undefined) reply.fieldId = fieldId;
  if (inactive !== undefined) reply.inactive = inactive;
  return /** @type {ReportReply} */ (reply);
}
/** @param {{id: string, label: string, prefer: string[]}[]} list @returns {ProfessionsReply} */
export function professionsReply(list) {
  return { type: TYPES.PROFESSION_LIST, professions: list };
}
/** @param {number} count @param {{match?: boolean, added?: number}} [extra] @returns {WatchlistReply} */
export function watchlistReply(count, extra = {}) {
  return { type: TYPES.WATCHLIST, count, ...extra };
}
/** @param {{salt: string, hashes: string[]}|null} watchlist @param {number} count @returns {WatchlistDataReply} */
export function watchlistDataReply(watchlist, count) {
  return { type: TYPES.WATCHLIST_DATA, watchlist, count };
}
/** @param {{at: number, text: string}|null} backup @returns {BackupReply} */
export function backupReply(backup) {
  return { type: TYPES.BACKUP, backup };
}
/** @param {TabStatus} status @returns {TabStatusReply} */
export function tabStatusReply(status) {
  return { type: TYPES.TAB_STATUS_REPLY, status };
}
/** @param {boolean} dismissed @returns {ReminderReply} */
export function reminderReply(dismissed) {
  return { type: TYPES.REMINDER, dismissed };
}
/** @param {Settings} settings @returns {SettingsReply} */
export function settingsReply(settings) {
  return { type: TYPES.SETTINGS, settings };
}
/** @param {ConfigError[]} errors @returns {ValidationReply} */
export function validationReply(errors) {
  return { type: TYPES.VALIDATION, errors };
}
/** @param {BuiltinRule[]} rules @param {string} version @returns {RulesReply} */
export function rulesReply(rules, version) {
  return { type: TYPES.RULES, rules, version };
}
/** @param {string} version @param {boolean} warm @returns {PongReply} */
export function pongReply(version, warm) {
  return { type: TYPES.PONG, version, warm };
}
/** @param {number[]} samples @param {number} initMs @returns {BenchReply} */
export function benchReply(samples, initMs) {
  return { type: TYPES.BENCH_RESULT, samples, initMs };
}
/** @param {string} message @param {string} [request] the request type that failed @returns {ErrorReply} */
export function errorReply(message, request) {
  return request === undefined ? { type: TYPES.ERROR, message } : { type: TYPES.ERROR, message, request };
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/** Thrown by `validateRequest`; the message names the field that is wrong. */
export class ProtocolError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ProtocolError';
  }
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that `msg` is a well-formed request and returns it typed; throws `ProtocolError`
 * saying what is wrong otherwise. The background calls this on everything it receives.
 * @param {unknown} msg
 * @returns {Request}
 */
export function validateRequest(msg) {
  if (!isObject(msg)) throw new ProtocolError('message: expected an object');
  const m = /** @type {Record<string, unknown>} */ (msg);
  if (typeof m.type !== 'string') throw new ProtocolError('message.type: expected a string');
  switch (m.type) {
    case TYPES.CHECK:
      if (typeof m.text !== 'string') throw new ProtocolError('check.text: expected a string');
      if (m.text.length > MAX_TEXT) throw new ProtocolError(`check.text: longer than ${MAX_TEXT} characters`);
      if (m.fieldId !== undefined && typeof m.fieldId !== 'string') {
        throw new ProtocolError('check.fieldId: expected a string when present');
      }
      break;
    case TYPES.SET_SETTINGS: {
      if (!isObject(m.settings)) throw new ProtocolError('setSettings.settings: expected an object');
      const st = /** @type {Record<string, unknown>} */ (m.settings);
      for (const key of Object.keys(st)) {
        if (!SETTABLE.includes(key)) throw new ProtocolError(`setSettings.settings.${key}: not a setting (expected one of ${SETTABLE.join(', ')})`);
      }
      for (const key of ['enabled', 'pauseBeforePosting']) {
        if (st[key] !== undefined && typeof st[key] !== 'boolean') throw new ProtocolError(`setSettings.settings.${key}: expected a boolean`);
      }
      if (st.config !== undefined && !isObject(st.config)) {
        throw new ProtocolError('setSettings.settings.config: expected an object');
      }
      if (st.sites !== undefined && (!isObject(st.sites) || !Object.values(st.sites).every((v) => typeof v === 'boolean'))) {
        throw new ProtocolError('setSettings.settings.sites: expected an object of hostname → boolean');
      }
      if (st.pausedUntil !== undefined && (typeof st.pausedUntil !== 'number' || !Number.isFinite(st.pausedUntil) || st.pausedUntil < 0)) {
        throw new ProtocolError('setSettings.settings.pausedUntil: expected epoch milliseconds (0: not paused)');
      }
      if (st.reminderText !== undefined && (typeof st.reminderText !== 'string' || st.reminderText.length > 200)) {
        throw new ProtocolError('setSettings.settings.reminderText: expected text of at most 200 characters');
      }
      break;
    }
    case TYPES.CHECK_DRAFT:
      if (typeof m.text !== 'string' || m.text.length > MAX_TEXT) {
        throw new ProtocolError(`checkDraft.text: expected a string of at most ${MAX_TEXT} characters`);
      }
      if (!isObject(m.config)) throw new ProtocolError('checkDraft.config: expected an object');
      break;
    case TYPES.WATCHLIST_ADD:
    case TYPES.WATCHLIST_TEST:
      if (typeof m.entry !== 'string' || !m.entry.trim() || m.entry.length > MAX_ENTRY) {
        throw new ProtocolError(`${m.type}.entry: expected a name of 1 to ${MAX_ENTRY} characters`);
      }
      break;
    case TYPES.WATCHLIST_IMPORT:
      if (!isObject(m.watchlist) || typeof m.watchlist.salt !== 'string' || !Array.isArray(m.watchlist.hashes)) {
        throw new ProtocolError('watchlistImport.watchlist: expected {salt, hashes}');
      }
      break;
    case TYPES.DISMISS_NOTICE:
      if (typeof m.id !== 'string') throw new ProtocolError('dismissNotice.id: expected a string');
      break;
    case TYPES.ADD_SITE:
    case TYPES.REMOVE_SITE:
      if (typeof m.host !== 'string' || !m.host) throw new ProtocolError(`${m.type}.host: expected a host name`);
      break;
    case TYPES.SET_SITE:
      if (typeof m.host !== 'string' || !m.host) throw new ProtocolError('setSite.host: expected a host name');
      if (typeof m.on !== 'boolean') throw new ProtocolError('setSite.on: expected a boolean');
      break;
    case TYPES.TAB_STATUS:
      if (!Number.isInteger(m.tabId)) throw new ProtocolError('tabStatus.tabId: expected an integer');
      if (m.url !== undefined && typeof m.url !== 'string') throw new ProtocolError('tabStatus.url: expected a string when present');
      break;
    case TYPES.PROFESSIONS:
    case TYPES.WATCHLIST_CLEAR:
    case TYPES.WATCHLIST_EXPORT:
    case TYPES.SETTINGS_BACKUP:
      break;
    case TYPES.VALIDATE_CONFIG:
      if (typeof m.config !== 'string' && !isObject(m.config)) {
        throw new ProtocolError('validateConfig.config: expected an object or a JSON string');
      }
      break;
    case TYPES.BENCH:
      if (typeof m.text !== 'string' || m.text.length > MAX_TEXT) {
        throw new ProtocolError(`bench.text: expected a string of at most ${MAX_TEXT} characters`);
      }
      if (!Number.isInteger(m.iterations) || m.iterations < 1 || m.iterations > MAX_BENCH_ITERATIONS) {
        throw new ProtocolError(`bench.iterations: expected an integer in 1..${MAX_BENCH_ITERATIONS}`);
      }
      break;
    case TYPES.GET_SETTINGS:
    case TYPES.BUILTIN_RULES:
    case TYPES.PING:
    case TYPES.REMINDER_STATE:
      break;
    case TYPES.SET_REMINDER:
      if (typeof m.dismissed !== 'boolean') throw new ProtocolError('setReminder.dismissed: expected a boolean');
      break;
    default:
      throw new ProtocolError(`message.type: unknown request type ${JSON.stringify(m.type)}`);
  }
  return /** @type {Request} */ (msg);
}

/**
 * Unwraps a reply: returns it when its type is `expected`, throws an Error carrying the
 * background's message when it is an `error`, and throws on anything else (including
 * `undefined`, which is what `sendMessage` yields when no handler answered).
 * @template {Reply['type']} T
 * @param {unknown} reply
 * @param {T} expected
 * @returns {Extract<Reply, {type: T}>}
 */
export function expectReply(reply, expected) {
  if (!isObject(reply)) throw new Error(`InSession background: no reply (expected ${expected})`);
  const r = /** @type {Reply} */ (reply);
  if (r.type === expected) return /** @type {any} */ (r);
  if (r.type === TYPES.ERROR) throw new Error(`InSession background: ${r.message}`);
  throw new Error(`InSession background: expected a ${expected} reply, got ${JSON.stringify(r.type)}`);
}

// ---------------------------------------------------------------------------------------------
// The content scripts' port
// ---------------------------------------------------------------------------------------------

/** Name of the long-lived port content scripts send `check` requests over. */
export const PORT_NAME = 'insession-content';

/**
 * @typedef {{id: number, request: Request}} PortRequest  a request sent over the port
 * @typedef {{id: number, reply: Reply}} PortReply        its answer, with the same id
 */

/** @param {number} id @param {Request} request @returns {PortRequest} */
export function portRequest(id, request) {
  return { id, request };
}
/** @param {number} id @param {Reply} reply @returns {PortReply} */
export function portReply(id, reply) {
  return { id, reply };
}

/**
 * Checks the envelope of something received on the port (the request inside is checked by
 * `validateRequest`, like any other). Throws `ProtocolError` naming what is wrong.
 * @param {unknown} msg
 * @returns {PortRequest}
 */
export function validatePortRequest(msg) {
  if (!isObject(msg)) throw new ProtocolError('port message: expected an object {id, request}');
  const m = /** @type {Record<string, unknown>} */ (msg);
  if (!Number.isSafeInteger(m.id) || /** @type {number} */ (m.id) < 1) throw new ProtocolError('port message.id: expected a positive integer');
  if (!isObject(m.request)) throw new ProtocolError('port message.request: expected an object');
  return /** @type {PortRequest} */ (msg);
}

/** Keys `setSettings` accepts. */
export const SETTABLE = Object.freeze(['enabled', 'config', 'sites', 'pausedUntil', 'pauseBeforePosting', 'reminderText']);

/** The reminder's default wording. */
export const DEFAULT_REMINDER = 'Would I discuss this in session?';

/** The default settings: the built-in rules at balanced sensitivity, every supported site on. */
export const DEFAULT_SETTINGS = Object.freeze({
  enabled: true,
  config: Object.freeze({}),
  sites: Object.freeze({}),
  pausedUntil: 0,
  pauseBeforePosting: true,
  reminderText: DEFAULT_REMINDER,
});

/** The browser extension namespace (`browser` in Firefox, `chrome` in Chromium). */
export const ext = /** @type {typeof chrome} */ (globalThis.browser ?? globalThis.chrome);
