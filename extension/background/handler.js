/**
 * The one place where the background answers messages: validates each request with the
 * shared protocol and dispatches on its `type`. bg.js wires it to `runtime.onMessage`.
 */
import * as P from '../shared/protocol.js';
import { checkerFor, validate, rules, coreVersion, isWarm } from './engine.js';
import { loadSettings, saveSettings } from './settings.js';

/** A report for disabled checking: nothing found. @returns {P.Report} */
const EMPTY_REPORT = () => ({ risk: 'ok', score: 0, truncated: false, findings: [] });

/**
 * @param {unknown} message
 * @param {{id?: string}} [sender]
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
  try {
    return await dispatch(req);
  } catch (err) {
    return P.errorReply(`${req.type}: ${err?.message ?? err}`, req.type);
  }
}

/** @param {P.Request} req @returns {Promise<P.Reply>} */
async function dispatch(req) {
  switch (req.type) {
    case P.TYPES.CHECK: {
      const settings = await loadSettings();
      if (!settings.enabled) return P.reportReply(EMPTY_REPORT(), req.fieldId, { checkMs: 0, initMs: 0 });
      const { checker, initMs } = await checkerFor(JSON.stringify(settings.config));
      const t0 = performance.now();
      const report = checker.check(req.text);
      return P.reportReply(report, req.fieldId, { checkMs: performance.now() - t0, initMs });
    }
    case P.TYPES.GET_SETTINGS:
      return P.settingsReply(await loadSettings());
    case P.TYPES.SET_SETTINGS: {
      if (req.settings.config !== undefined) {
        const errors = await validate(JSON.stringify(req.settings.config));
        if (errors.length) {
          const first = errors[0];
          return P.errorReply(
            `configuration rejected: ${first.rule} ${first.field}: ${first.message}` +
              (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''),
            req.type,
          );
        }
      }
      return P.settingsReply(await saveSettings(req.settings));
    }
    case P.TYPES.VALIDATE_CONFIG: {
      const json = typeof req.config === 'string' ? req.config : JSON.stringify(req.config);
      return P.validationReply(await validate(json));
    }
    case P.TYPES.BUILTIN_RULES: {
      const { rules: list, version } = await rules();
      return P.rulesReply(list, version);
    }
    case P.TYPES.PING: {
      const warm = isWarm();
      return P.pongReply(await coreVersion(), warm);
    }
    case P.TYPES.BENCH: {
      const settings = await loadSettings();
      const { checker, initMs } = await checkerFor(JSON.stringify(settings.config));
      const samples = new Array(req.iterations);
      for (let i = 0; i < req.iterations; i++) {
        const t0 = performance.now();
        checker.check(req.text);
        samples[i] = performance.now() - t0;
      }
      return P.benchReply(samples, initMs);
    }
    default:
      // validateRequest already rejects unknown types; this guards a half-added message type
      return P.errorReply(`no handler for ${JSON.stringify(req.type)}`, req.type);
  }
}
