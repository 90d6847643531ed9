/**
 * Each finding of a report gets the title of the rule that raised it, so a card can be headed
 * with what the rule is about ("A client could be identified from the details") instead of a
 * generic "InSession finding", and the popup and settings can name a turned-off rule.
 *
 * Why here: the background already holds the built-in rule list (the core's `builtinRules()`)
 * and the user's custom rules; the core's findings carry only the rule id. A custom rule has
 * no title of its own, so its id is turned into words ("local-employer" → "Local employer").
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
