/**
 * Organisation policy (storage.managed) and how it combines with the user's own settings.
 * Pure (no browser APIs): settings.js reads storage.managed and the core's rule list and
 * passes them in; tests/smoke/settings-unit.test.js covers it in Node.
 *
 * Why it exists: an organisation (a hospital trust, a practice) can push rule packs, force
 * categories on, lock sensitivity, profession and pause-before-posting, and add sites. The
 * policy always wins over the user's choice, the options page shows those settings as locked,
 * and a broken policy never breaks the extension (invalid parts are dropped with a notice).
 *
 * Managed keys (schema: extension/background/managed_schema.json; examples in policy/):
 *
 * | key                  | type                          | effect |
 * | -------------------- | ----------------------------- | ------ |
 * | `rulePacks`          | `[{name, rules: [rule…]}]`    | rules added for everyone (custom-rule format); the user cannot edit or disable them |
 * | `forceCategories`    | `["identifiers", …]`          | built-in rules of these categories cannot be turned off |
 * | `sensitivity`        | `relaxed`/`balanced`/`strict` | locked sensitivity |
 * | `profession`         | a profession id               | locked profession (which guideline is cited first) |
 * | `sites`              | `["mastodon.example", …]`     | sites that are always on (added ones still need the user's permission grant) |
 * | `pauseBeforePosting` | boolean                       | locked pause-before-posting |
 * | `reminderText`       | string                        | locked reminder wording |
 */
import { normalizeHost } from '../shared/site-policy.js';

export const CATEGORIES = Object.freeze([
  'confidentiality', 'identifiers', 'boundaries', 'professionalism', 'stigma', 'self_disclosure', 'safe_messaging',
]);
export const SENSITIVITIES = Object.freeze(['relaxed', 'balanced', 'strict']);

/**
 * @typedef {object} Policy  the usable part of storage.managed
 * @property {boolean} active                 any managed key present
 * @property {{name: string, rules: object[]}[]} rulePacks
 * @property {string[]} forceCategories
 * @property {string} [sensitivity]
 * @property {string} [profession]
 * @property {string[]} sites
 * @property {boolean} [pauseBeforePosting]
 * @property {string} [reminderText]
 */

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Windows registry policies can deliver lists and objects as JSON text. */
function parsed(v) {
  if (typeof v !== 'string') return v;
  try { return JSON.parse(v); } catch { return v; }
}

/** @returns {Policy} */
export function emptyPolicy() {
  return { active: false, rulePacks: [], forceCategories: [], sites: [] };
}

/**
 * The usable policy from raw storage.managed contents, and a message for each part dropped.
 * @param {unknown} raw
 * @param {string[]} [professionIds] known profession ids (unknown ones are dropped)
 * @returns {{policy: Policy, problems: string[]}}
 */
export function normalizePolicy(raw, professionIds) {
  const policy = emptyPolicy();
  const problems = [];
  if (!isObject(raw)) return { policy, problems };
  const r = /** @type {Record<string, unknown>} */ (raw);
  policy.active = Object.keys(r).length > 0;

  const packs = parsed(r.rulePacks);
  if (packs !== undefined) {
    if (!Array.isArray(packs)) problems.push('rulePacks: expected a list of {name, rules}');
    else {
      packs.forEach((p, i) => {
        const pack = parsed(p);
        const name = isObject(pack) && typeof pack.name === 'string' && pack.name.trim() ? pack.name.trim() : `pack ${i + 1}`;
        const rules = isObject(pack) ? parsed(pack.rules) : undefined;
        if (!Array.isArray(rules)) problems.push(`rulePacks[${i}] (${name}): expected "rules": a list of rules`);
        else policy.rulePacks.push({ name, rules });
      });
    }
  }
  const cats = parsed(r.forceCategories);
  if (cats !== undefined) {
    if (!Array.isArray(cats)) problems.push('forceCategories: expected a list of categories');
    else {
      for (const c of cats) {
        if (CATEGORIES.includes(c)) { if (!policy.forceCategories.includes(c)) policy.forceCategories.push(c); }
        else problems.push(`forceCategories: unknown category ${JSON.stringify(c)}`);
      }
    }
  }
  if (r.sensitivity !== undefined) {
    if (SENSITIVITIES.includes(/** @type {string} */ (r.sensitivity))) policy.sensitivity = /** @type {string} */ (r.sensitivity);
    else problems.push(`sensitivity: expected relaxed, balanced or strict, not ${JSON.stringify(r.sensitivity)}`);
  }
  if (r.profession !== undefined) {
    if (typeof r.profession === 'string' && (!professionIds || professionIds.includes(r.profession))) policy.profession = r.profession;
    else problems.push(`profession: unknown profession ${JSON.stringify(r.profession)}`);
  }
  const sites = parsed(r.sites);
  if (sites !== undefined) {
    if (!Array.isArray(sites)) problems.push('sites: expected a list of host names');
    else {
      for (const s of sites) {
        const host = normalizeHost(s);
        if (host) { if (!policy.sites.includes(host)) policy.sites.push(host); }
        else problems.push(`sites: ${JSON.stringify(s)} is not a host name`);
      }
    }
  }
  if (r.pauseBeforePosting !== undefined) {
    if (typeof r.pauseBeforePosting === 'boolean') policy.pauseBeforePosting = r.pauseBeforePosting;
    else problems.push('pauseBeforePosting: expected true or false');
  }
  if (r.reminderText !== undefined) {
    if (typeof r.reminderText === 'string' && r.reminderText.trim() && r.reminderText.length <= 200) policy.reminderText = r.reminderText.trim();
    else problems.push('reminderText: expected text of at most 200 characters');
  }
  return { policy, problems };
}

/** Ids of the rules of all packs. @param {Policy} policy */
export function packRuleIds(policy) {
  return new Set(policy.rulePacks.flatMap((p) => p.rules.map((r) => r?.id)).filter((id) => typeof id === 'string'));
}

/**
 * Built-in rule ids that the policy keeps on (their category is forced).
 * @param {Policy} policy
 * @param {{id: string, category: string}[]} builtins
 */
export function forcedRuleIds(policy, builtins) {
  const cats = new Set(policy.forceCategories);
  return new Set(builtins.filter((b) => cats.has(b.category)).map((b) => b.id));
}

/**
 * What is locked, for the options page and the setSettings guard.
 * @param {Policy} policy
 * @param {{id: string, category: string}[]} builtins
 */
export function lockedSummary(policy, builtins) {
  return {
    sensitivity: policy.sensitivity !== undefined,
    profession: policy.profession !== undefined,
    pauseBeforePosting: policy.pauseBeforePosting !== undefined,
    reminderText: policy.reminderText !== undefined,
    categories: [...policy.forceCategories],
    rules: [...forcedRuleIds(policy, builtins)],
    packRules: [...packRuleIds(policy)],
    sites: [...policy.sites],
  };
}

/**
 * The configuration the checker runs: the user's config with the policy applied and the
 * device's watch list added. Pack rules come first; a user rule with the id of a pack rule is
 * left out (the pack wins); forced built-in rules are removed from `disabled_rules`.
 * @param {object} userConfig  the stored config (no watchlist)
 * @param {Policy} policy
 * @param {{salt: string, hashes: string[]}|null} watchlist
 * @param {{id: string, category: string}[]} builtins
 */
export function effectiveConfig(userConfig, policy, watchlist, builtins) {
  const cfg = { ...(isObject(userConfig) ? userConfig : {}) };
  delete cfg.watchlist;
  if (policy.sensitivity) cfg.sensitivity = policy.sensitivity;
  if (policy.profession) cfg.profession = policy.profession;
  const packRules = policy.rulePacks.flatMap((p) => p.rules);
  if (packRules.length) {
    const ids = packRuleIds(policy);
    const own = Array.isArray(cfg.rules) ? cfg.rules.filter((r) => !ids.has(r?.id)) : [];
    cfg.rules = [...packRules, ...own];
  }
  if (Array.isArray(cfg.disabled_rules) && policy.forceCategories.length) {
    const forced = forcedRuleIds(policy, builtins);
    cfg.disabled_rules = cfg.disabled_rules.filter((id) => !forced.has(id));
  }
  if (watchlist && watchlist.hashes.length) cfg.watchlist = { salt: watchlist.salt, hashes: [...watchlist.hashes] };
  return cfg;
}

/**
 * The sites map the content script sees: the user's, with the policy's sites forced on.
 * @param {Record<string, boolean>} sites
 * @param {Policy} policy
 */
export function effectiveSites(sites, policy) {
  const out = { ...sites };
  for (const host of policy.sites) out[host] = true;
  return out;
}

/**
 * Why a change to the user's settings is refused under the policy, or null when allowed.
 * Only real changes count: re-saving a locked value unchanged is fine (the overlay's "Turn off
 * this rule" saves the whole config).
 * @param {Record<string, any>} partial   what setSettings asked for
 * @param {Record<string, any>} current   the stored preferences
 * @param {Policy} policy
 * @param {{id: string, category: string}[]} builtins
 * @returns {string|null}
 */
export function policyConflict(partial, current, policy, builtins) {
  const cfg = partial.config;
  const was = current.config ?? {};
  if (cfg) {
    if (policy.sensitivity && cfg.sensitivity !== undefined && cfg.sensitivity !== was.sensitivity && cfg.sensitivity !== policy.sensitivity) {
      return 'sensitivity is set by your organisation';
    }
    if (policy.profession && cfg.profession !== undefined && cfg.profession !== was.profession && cfg.profession !== policy.profession) {
      return 'profession is set by your organisation';
    }
    if (Array.isArray(cfg.disabled_rules) && policy.forceCategories.length) {
      const forced = forcedRuleIds(policy, builtins);
      const before = new Set(Array.isArray(was.disabled_rules) ? was.disabled_rules : []);
      const bad = cfg.disabled_rules.find((id) => forced.has(id) && !before.has(id));
      if (bad) return `rule ${bad} is kept on by your organisation`;
    }
    if (Array.isArray(cfg.rules)) {
      const ids = packRuleIds(policy);
      const clash = cfg.rules.find((r) => ids.has(r?.id));
      if (clash) return `rule id ${JSON.stringify(clash.id)} belongs to your organisation's rule pack`;
    }
  }
  if (policy.pauseBeforePosting !== undefined && partial.pauseBeforePosting !== undefined &&
      partial.pauseBeforePosting !== policy.pauseBeforePosting && partial.pauseBeforePosting !== current.pauseBeforePosting) {
    return 'pause before posting is set by your organisation';
  }
  if (policy.reminderText !== undefined && partial.reminderText !== undefined &&
      partial.reminderText !== policy.reminderText && partial.reminderText !== current.reminderText) {
    return 'the reminder is set by your organisation';
  }
  if (partial.sites && policy.sites.length) {
    const off = policy.sites.find((h) => partial.sites[h] === false);
    if (off) return `${off} is kept on by your organisation`;
  }
  return null;
}
