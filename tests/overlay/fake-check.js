/**
 * A deterministic stand-in for the Wasm checker, for the overlay's browser tests: flags
 * "bed <number>" as high (replacement "a hospital bed") and "client"/"clients" as caution
 * (replacement "someone"), with spans computed from the text it receives, in the Report shape of
 * DEVELOPERS.md. Answers asynchronously (like the background) and logs every call in
 * window.__checkLog so tests can see what was checked.
 */

/** @param {string} text */
export function fakeReport(text) {
  const findings = [];
  for (const m of text.matchAll(/\bbed \d+\b/gi)) {
    const start = /** @type {number} */ (m.index);
    findings.push({
      rule: 'test.bed-number', category: 'confidentiality', severity: 'high',
      start, end: start + m[0].length, text: m[0],
      message: 'Names a bed number, which can identify a patient.',
      suggestion: 'a hospital bed', replacement: true, source: 'Test guideline 4.2 (identifiers)', sources: ['Test guideline 4.2 (identifiers)'],
      evidence: [{ start, end: start + m[0].length, text: m[0], kind: 'identifier' }],
    });
  }
  for (const m of text.matchAll(/\bclients?\b/gi)) {
    const start = /** @type {number} */ (m.index);
    findings.push({
      rule: 'test.client-mention', category: 'confidentiality', severity: 'caution',
      start, end: start + m[0].length, text: m[0],
      message: 'Mentions a client; with other details this can identify them.',
      suggestion: 'someone', replacement: true, source: 'Test guideline 1.1 (confidentiality)', sources: ['Test guideline 1.1 (confidentiality)'],
      evidence: [{ start, end: start + m[0].length, text: m[0], kind: 'anchor' }],
    });
  }
  findings.sort((a, b) => a.start - b.start);
  const risk = findings.some((f) => f.severity === 'high') ? 'high' : findings.length ? 'caution' : 'ok';
  return { risk, score: risk === 'high' ? 80 : risk === 'caution' ? 30 : 0, truncated: false, findings };
}

/**
 * @param {string} text
 * @returns {Promise<ReturnType<typeof fakeReport>>}
 */
export function fakeCheck(text) {
  const w = /** @type {any} */ (globalThis);
  (w.__checkLog ||= []).push({ length: text.length, at: performance.now() });
  const delay = w.__checkDelayMs ?? 1;
  return new Promise((resolve) => setTimeout(() => resolve(fakeReport(text)), delay));
}
