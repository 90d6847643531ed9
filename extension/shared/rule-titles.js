/**
 * Each finding of a report gets the title of the rule that raised it, so a card can be headed
 * with what the rule is about ("A client could be identified from the details") instead of a
 * generic "InSession finding", and the popup and settings can name a turned-off rule.
 *
 * Why here: the background already holds the built-in rule list (the core's `builtinRules()`)
 * and the user's custom rules; the core's findings carry only the rule id. A custom rule has
 * no title of its own, so its id is turned into words ("local-employer" → "Local employer").
 * Shared with the popup and the settings page, which list the rules turned off.
 */

/**
 * A readable title for a rule id that has none ("local-employer" → "Local employer").
 * @param {string} id
 */
export function titleFromId(id) {
  const last = String(id).split('.').pop() || String(id);
  const words = last.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : String(id);
}

/**
 * The title of every rule the user could see: built-ins by id, then custom rules.
 * @param {{id: string, title?: string}[]} builtins
 * @param {{id?: string, title?: string}[]} [custom]
 * @returns {Map<string, string>}
 */
export function ruleTitles(builtins, custom = []) {
  const map = new Map();
  for (const r of builtins || []) if (r && typeof r.id === 'string' && r.title) map.set(r.id, r.title);
  for (const r of custom || []) {
    if (r && typeof r.id === 'string' && !map.has(r.id)) map.set(r.id, typeof r.title === 'string' && r.title.trim() ? r.title.trim() : titleFromId(r.id));
  }
  return map;
}

/**
 * The report with `title` on each finding (a rule unknown to both lists keeps none; the
 * overlay then falls back to its generic heading).
 * @template {{findings: {rule: string, title?: string}[]}} R
 * @param {R} report
 * @param {Map<string, string>} titles
 * @returns {R}
 */
export function withTitles(report, titles) {
  if (!report || !Array.isArray(report.findings)) return report;
  return { ...report, findings: report.findings.map((f) => (titles.has(f.rule) ? { ...f, title: titles.get(f.rule) } : f)) };
}

/**
 * The rules the user turned off, with their titles, for the popup and the top of the settings:
 * built-in and custom ids in `config.disabled_rules` and custom rules saved with
 * `enabled: false`. Rules the organisation forces on (`forced`) are left out.
 * @param {{disabled_rules?: string[], rules?: {id?: string, enabled?: boolean}[]}} config
 * @param {{id: string, title?: string}[]} builtins
 * @param {Iterable<string>} [forced]
 * @returns {{id: string, title: string}[]}
 */
export function turnedOffRules(config, builtins, forced = []) {
  const custom = Array.isArray(config?.rules) ? config.rules : [];
  const titles = ruleTitles(builtins, custom);
  const skip = new Set(forced);
  const ids = [
    ...(Array.isArray(config?.disabled_rules) ? config.disabled_rules : []),
    ...custom.filter((r) => r && r.enabled === false && typeof r.id === 'string').map((r) => /** @type {string} */ (r.id)),
  ];
  return [...new Set(ids)].filter((id) => typeof id === 'string' && !skip.has(id))
    .map((id) => ({ id, title: titles.get(id) ?? titleFromId(id) }));
}

/**
 * The configuration with one rule on again (out of `disabled_rules`, and `enabled: false`
 * dropped from a custom rule of that id).
 * @template {{disabled_rules?: string[], rules?: any[]}} C
 * @param {C} config
 * @param {string} id
 * @returns {C}
 */
export function turnBackOn(config, id) {
  const next = { ...(config || {}) };
  const disabled = (Array.isArray(next.disabled_rules) ? next.disabled_rules : []).filter((r) => r !== id);
  if (disabled.length) next.disabled_rules = disabled;
  else delete next.disabled_rules;
  if (Array.isArray(next.rules)) {
    next.rules = next.rules.map((r) => {
      if (!r || r.id !== id || r.enabled !== false) return r;
      const { enabled, ...rest } = r;
      return rest;
    });
  }
  return /** @type {C} */ (next);
}
