/**
 * Pure helpers over findings: keeping spans right while the text changes under them, the
 * identity of a finding for "Ignore", the effective risk after ignores, and the evidence
 * snippet shown in the card.
 *
 * Why it exists: between an edit and the next report (a few milliseconds, longer on a cold
 * background) the last report's offsets are for the old text. Spans the edit did not touch are
 * shifted and kept; spans it touched are dropped until the next check, so nothing is ever drawn
 * in the wrong place. No DOM here: everything is unit-tested in Node.
 */

/**
 * @typedef {import('./index.js').Finding} Finding
 * @typedef {import('./index.js').Report} Report
 * @typedef {'ok'|'caution'|'high'} Risk
 */

const RANK = { ok: 0, caution: 1, high: 2 };

/**
 * Length of the common prefix and (non-overlapping) common suffix of two strings.
 * @param {string} a
 * @param {string} b
 * @returns {{ prefix: number, suffix: number }}
 */
export function commonAffixes(a, b) {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/**
 * Move a report's findings from the text they were computed for to the current text. A
 * finding before the edit stays, one after it shifts by the length change, one the edit
 * touched (overlaps the changed region) is dropped. Evidence moves the same way; evidence the
 * edit touched is dropped from the finding.
 * @param {Finding[]} findings
 * @param {string} oldText
 * @param {string} newText
 * @returns {Finding[]}
 */
export function adjustFindings(findings, oldText, newText) {
  if (oldText === newText) return findings;
  const { prefix, suffix } = commonAffixes(oldText, newText);
  const oldChangeEnd = oldText.length - suffix;
  const delta = newText.length - oldText.length;
  /** @returns {[number, number] | null} */
  const move = (/** @type {number} */ s, /** @type {number} */ e) => {
    if (e <= prefix) return [s, e];
    if (s >= oldChangeEnd) return [s + delta, e + delta];
    return null;
  };
  /** @type {Finding[]} */
  const out = [];
  for (const f of findings) {
    const m = move(f.start, f.end);
    if (!m) continue;
    const evidence = [];
    for (const ev of f.evidence || []) {
      const em = move(ev.start, ev.end);
      if (em) evidence.push({ ...ev, start: em[0], end: em[1] });
    }
    if (newText.slice(m[0], m[1]) !== oldText.slice(f.start, f.end)) continue; // defensive
    out.push({ ...f, start: m[0], end: m[1], evidence });
  }
  return out;
}

/**
 * A key naming one occurrence of a finding so "Ignore" survives edits elsewhere: the rule, the
 * matched text (case-folded) and which occurrence of that pair it is, counting from the start.
 * @param {Finding} f
 * @param {Finding[]} all   every finding of the same report, in order
 */
export function findingKey(f, all) {
  const norm = (/** @type {Finding} */ x) => `${x.rule}\u0000${x.text.toLowerCase()}`;
  const id = norm(f);
  let n = 0;
  for (const g of all) {
    if (g === f) break;
    if (norm(g) === id) n++;
  }
  return `${id}\u0000${n}`;
}

/**
 * @param {Finding[]} findings
 * @returns {Risk}
 */
export function maxSeverity(findings) {
  let r = /** @type {Risk} */ ('ok');
  for (const f of findings) if (RANK[f.severity] > RANK[r]) r = f.severity;
  return r;
}

/**
 * The risk to show and act on. With every finding of the report still shown, it is the
 * report's own risk (the core may rate several cautions together as high). Once some are
 * ignored, turned off or dropped by an edit, it is the highest severity left, never above the
 * report's risk.
 * @param {Report|null} report
 * @param {Finding[]} shown
 * @returns {Risk}
 */
export function effectiveRisk(report, shown) {
  if (!report) return 'ok';
  const reported = RANK[report.risk] !== undefined ? report.risk : 'ok';
  if (shown.length === report.findings.length) return reported;
  const left = maxSeverity(shown);
  return RANK[left] < RANK[reported] ? left : reported;
}

/**
 * Compare severities: high first, then by position.
 * @param {Finding} a
 * @param {Finding} b
 */
export function bySeverityThenPosition(a, b) {
  return (RANK[b.severity] - RANK[a.severity]) || (a.start - b.start);
}

/**
 * The text shown as "what raised it": the finding and its evidence in their context, as parts
 * to render with textContent (marked parts are the evidence words). Long gaps are elided.
 * @param {string} text       the checked text the offsets index
 * @param {Finding} f
 * @param {{ context?: number, maxLength?: number }} [opts]
 * @returns {{ text: string, mark: boolean }[]}
 */
export function evidenceParts(text, f, opts = {}) {
  const context = opts.context ?? 24;
  const maxLength = opts.maxLength ?? 220;
  /** @type {[number, number][]} */
  let marks = (f.evidence && f.evidence.length ? f.evidence : [{ start: f.start, end: f.end }])
    .filter((e) => e.start >= 0 && e.end <= text.length && e.end > e.start)
    .map((e) => /** @type {[number, number]} */ ([e.start, e.end]));
  if (!marks.length && f.end > f.start && f.end <= text.length) marks = [[f.start, f.end]];
  if (!marks.length) return [{ text: f.text, mark: true }];
  marks.sort((a, b) => a[0] - b[0]);
  /** @type {[number, number][]} */
  const merged = [];
  for (const m of marks) {
    const last = merged[merged.length - 1];
    if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
    else merged.push([m[0], m[1]]);
  }
  /** @type {{ text: string, mark: boolean }[]} */
  const parts = [];
  const first = Math.min(merged[0][0], f.start);
  const last = Math.max(merged[merged.length - 1][1], f.end);
  let lo = Math.max(0, first - context);
  let hi = Math.min(text.length, last + context);
  // do not start or end the context in the middle of a word
  if (lo > 0) { const sp = text.slice(lo, first).search(/\s/); lo = sp < 0 ? first : lo + sp + 1; }
  if (hi < text.length) { const tail = text.slice(last, hi); const sp = tail.search(/\s\S*$/); hi = sp < 0 ? last : last + sp; }
  const clean = (/** @type {string} */ s) => s.replace(/\s+/g, ' ');
  if (lo > 0) parts.push({ text: '…', mark: false });
  let pos = lo;
  for (const [s, e] of merged) {
    if (s > pos) {
      const gap = text.slice(pos, s);
      parts.push({ text: clean(gap.length > 2 * context + 3 ? gap.slice(0, context) + ' … ' + gap.slice(-context) : gap), mark: false });
    }
    parts.push({ text: clean(text.slice(s, e)), mark: true });
    pos = e;
  }
  if (hi > pos) parts.push({ text: clean(text.slice(pos, hi)), mark: false });
  if (hi < text.length) parts.push({ text: '…', mark: false });
  let total = 0;
  for (const p of parts) {
    if (total + p.text.length > maxLength && !p.mark) p.text = p.text.slice(0, Math.max(0, maxLength - total)) + '…';
    total += p.text.length;
  }
  return parts.filter((p) => p.text.length);
}

/**
 * The text to put in place of a finding's span, or null. The rule data says which suggestions
 * are replacement text ("died by suicide", "a family": `replace` in rules/builtin.toml and in
 * custom rules, `replacement: true` on the finding) — offered with Apply — and which are
 * advice to the writer ("Remove the details…"), shown but never inserted into the post.
 * @param {{ suggestion?: string|null, replacement?: boolean }} f
 * @returns {string|null}
 */
export function replacementOf(f) {
  return f.replacement === true && typeof f.suggestion === 'string' && f.suggestion.length > 0 ? f.suggestion : null;
}
