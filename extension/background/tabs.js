/**
 * The last check per tab, for the popup's "risk and count for the focused field".
 *
 * Why it exists: the popup opens on demand and must not read page text. The content script
 * checks the field being typed in (on input and on focus), so the latest report of a tab is
 * the focused field's. Only a summary is kept — risk, number of findings, host, time; never
 * text — in memory and in storage.session (which survives the service worker stopping, is
 * cleared when the browser closes, and is not readable by content scripts).
 */
import { ext } from '../shared/protocol.js';

/** @typedef {{risk: 'ok'|'caution'|'high', findings: number, host: string, at: number}} TabReport */

/** @type {Map<number, TabReport>} */
const reports = new Map();
const key = (tabId) => `tab:${tabId}`;

/** Host of a URL, or '' (about:, extension pages, invalid). */
export function hostOf(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.hostname : '';
  } catch {
    return '';
  }
}

/**
 * Records the report of a check sent by a content script.
 * @param {{tab?: {id?: number}, url?: string}|undefined} sender
 * @param {{risk: string, findings: unknown[]}} report
 */
export function recordReport(sender, report) {
  const tabId = sender?.tab?.id;
  if (!Number.isInteger(tabId) || tabId < 0) return;
  const summary = { risk: /** @type {any} */ (report.risk), findings: report.findings.length, host: hostOf(sender.url ?? ''), at: Date.now() };
  const prev = reports.get(tabId);
  reports.set(tabId, summary);
  if (prev && prev.risk === summary.risk && prev.findings === summary.findings && prev.host === summary.host) return;
  ext.storage?.session?.set({ [key(tabId)]: summary }).catch(() => {});
}

/** The last report of a tab, or null. @param {number} tabId @returns {Promise<TabReport|null>} */
export async function tabReport(tabId) {
  const mem = reports.get(tabId);
  if (mem) return mem;
  try {
    const stored = await ext.storage?.session?.get(key(tabId));
    return stored?.[key(tabId)] ?? null;
  } catch {
    return null;
  }
}

/** Forgets a tab (closed, or navigated to another page). */
export function forgetTab(tabId) {
  reports.delete(tabId);
  ext.storage?.session?.remove(key(tabId)).catch(() => {});
}
