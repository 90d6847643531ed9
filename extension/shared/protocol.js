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
 *
 * Any request can also be answered with `error` (`{type:'error', message, request}`).
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
  // replies
  REPORT: 'report',
  SETTINGS: 'settings',
  VALIDATION: 'validation',
  RULES: 'rules',
  PONG: 'pong',
  BENCH_RESULT: 'benchResult',
  ERROR: 'error',
});

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
 * @property {string} source
 * @property {string[]} sources
 * @property {Evidence[]} evidence
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
 * @typedef {object} Settings  What the background stores; extend with new optional keys.
 * @property {boolean} enabled   false: content scripts stop checking
 * @property {Config} config     passed to `new Checker(JSON.stringify(config))`
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
 * @typedef {CheckRequest|GetSettingsRequest|SetSettingsRequest|ValidateConfigRequest|
 *           BuiltinRulesRequest|PingRequest|BenchRequest} Request
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

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} CheckTiming  Measured in the background, milliseconds.
 * @property {number} checkMs   time inside `checker.check`
 * @property {number} initMs    time spent (re)loading Wasm and building the checker for this
 *                              request; 0 when both were warm
 *
 * @typedef {{type: 'report', report: Report, fieldId?: string, timing: CheckTiming}} ReportReply
 * @typedef {{type: 'settings', settings: Settings}} SettingsReply
 * @typedef {{type: 'validation', errors: ConfigError[]}} ValidationReply
 * @typedef {{type: 'rules', rules: BuiltinRule[], version: string}} RulesReply
 * @typedef {{type: 'pong', version: string, warm: boolean}} PongReply
 * @typedef {{type: 'benchResult', samples: number[], initMs: number}} BenchReply
 * @typedef {{type: 'error', message: string, request?: string}} ErrorReply
 * @typedef {ReportReply|SettingsReply|ValidationReply|RulesReply|PongReply|BenchReply|ErrorReply} Reply
 */

/** @param {Report} report @param {string|undefined} fieldId @param {CheckTiming} timing @returns {ReportReply} */
export function reportReply(report, fieldId, timing) {
  const reply = { type: TYPES.REPORT, report, timing };
  if (fieldId !== undefined) reply.fieldId = fieldId;
  return /** @type {ReportReply} */ (reply);
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
    case TYPES.SET_SETTINGS:
      if (!isObject(m.settings)) throw new ProtocolError('setSettings.settings: expected an object');
      if (m.settings.enabled !== undefined && typeof m.settings.enabled !== 'boolean') {
        throw new ProtocolError('setSettings.settings.enabled: expected a boolean');
      }
      if (m.settings.config !== undefined && !isObject(m.settings.config)) {
        throw new ProtocolError('setSettings.settings.config: expected an object');
      }
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

/** The default settings: the built-in rules at balanced sensitivity. */
export const DEFAULT_SETTINGS = Object.freeze({ enabled: true, config: Object.freeze({}) });

/** The browser extension namespace (`browser` in Firefox, `chrome` in Chromium). */
export const ext = /** @type {typeof chrome} */ (globalThis.browser ?? globalThis.chrome);
