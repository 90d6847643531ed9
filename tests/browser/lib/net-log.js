/**
 * Request logs of the browser tests, and the per-test network audit: "no network requests,
 * ever" (DEVELOPERS.md) is checked after every test, not once per file, so a failure names the
 * test whose steps made the request.
 *
 *   const d = await chromiumDriver(…)          // or any launcher of launch.js
 *   auditEachTest(() => [d?.net, server && serverLog(server, hosts)])   // top level of a test file
 *
 * Each log has `mark()` (where the log stands now) and `problems(mark)` (what since then broke
 * the rules, as readable lines; no mark: since the start); `auditEachTest` asserts "no
 * problems" after each test and marks the log.
 *
 * The rules:
 *  - Chromium (ChromiumNetLog; Playwright reports the requests of pages, of extension pages and
 *    of the extension's service worker, so each entry says who made it): a page or a
 *    navigation may ask only for the fixture hosts, the extension's own files and local
 *    data:/blob:/about: URLs; the extension's pages and service worker only for its own files
 *    (chrome-extension://<its id>/, blob: of its origin, data:).
 *  - Firefox (FirefoxNetLog): two logs. The CONNECT proxy every request to a host other than
 *    localhost goes through must be asked for fixture hosts only. And an observer of Firefox's
 *    "http-on-opening-request" notification (installed through Marionette's chrome context)
 *    records every HTTP(S) channel with its triggering principal, before any proxy or DNS
 *    decision, so it also sees requests that bypass the proxy (localhost, 127.0.0.1): a
 *    channel opened by the extension (a moz-extension:// principal, alone or in a content
 *    script's expanded principal) is a failure whatever its target; any other channel must go
 *    to a fixture host, except Firefox's own Remote Settings poll of the dead
 *    http://localhost:1/ that QUIET_PREFS points it to. The extension's own moz-extension://
 *    files are not network channels and are not logged in Firefox.
 *  - The fixture server (serverLog): every request it served carried a fixture host.
 */
import { afterEach } from 'node:test';
import assert from 'node:assert/strict';

/** URL schemes that never reach the network. */
const LOCAL = new Set(['data:', 'blob:', 'about:']);

/**
 * Every request Chromium reports for a Playwright browser context, with who made it.
 * @typedef {{ url: string, from: 'page'|'navigation'|'extension page'|'extension worker'|'other worker', by: string }} ChromiumRequest
 */
export class ChromiumNetLog {
  /**
   * @param {import('playwright-core').BrowserContext} context
   * @param {{ hosts: string[], extensionId?: string }} o  the allowed hosts (read at check time)
   */
  constructor(context, { hosts, extensionId }) {
    this.hosts = hosts;
    this.extensionId = extensionId;
    /** @type {ChromiumRequest[]} */
    this.entries = [];
    context.on('request', (r) => this.entries.push(ChromiumNetLog.describe(r)));
  }

  /** @param {import('playwright-core').Request} r @returns {ChromiumRequest} */
  static describe(r) {
    const url = r.url();
    const worker = r.serviceWorker();
    if (worker) {
      const by = worker.url();
      return { url, from: by.startsWith('chrome-extension://') ? 'extension worker' : 'other worker', by };
    }
    let by = '';
    try { by = r.frame().url(); } catch { /* no frame (a worker's request) */ }
    if (r.isNavigationRequest()) return { url, from: 'navigation', by };
    return { url, from: by.startsWith('chrome-extension://') ? 'extension page' : 'page', by };
  }

  /** Every URL requested (all sources). */
  get urls() { return this.entries.map((e) => e.url); }

  mark() { return this.entries.length; }

  /** @param {number} [since] @returns {string[]} readable lines, each once (summarise) */
  problems(since = 0) {
    const own = this.extensionId ? `chrome-extension://${this.extensionId}/` : null;
    const ownFile = (u) => own !== null && u.startsWith(own);
    const out = [];
    for (const e of this.entries.slice(since)) {
      let url;
      try { url = new URL(e.url); } catch { out.push(`${e.from} (${e.by}) asked for an unparsable URL ${e.url}`); continue; }
      if (e.from === 'extension worker' || e.from === 'extension page') {
        const ok = ownFile(e.url) || url.protocol === 'data:' || (url.protocol === 'blob:' && own !== null && e.url.startsWith(`blob:${own}`));
        if (!ok) out.push(`the ${e.from} (${e.by}) asked for ${e.url}: the extension may fetch only its own files`);
        continue;
      }
      const ok = LOCAL.has(url.protocol) || ownFile(e.url) ||
        (['https:', 'http:', 'wss:', 'ws:'].includes(url.protocol) && this.hosts.includes(url.hostname));
      if (!ok) out.push(`${e.from === 'navigation' ? 'a navigation' : `a ${e.from}`}${e.by ? ` (${e.by})` : ''} asked for ${e.url}, outside the fixture hosts ${this.hosts.join(', ')}`);
    }
    return summarise(out);
  }
}

/** Chrome-context code: `sb` is the channel log's sandbox, on whichever browser window holds it. */
const FIND_LOG = `let sb = null;
      for (const w of Services.wm.getEnumerator('navigator:browser')) if (w.__insessionNetLog) { sb = w.__insessionNetLog; break; }`;

/**
 * Firefox: the proxy's log and a log of every HTTP channel (see the module comment).
 */
export class FirefoxNetLog {
  /**
   * @param {import('selenium-webdriver').WebDriver} driver   a session with system access
   * @param {{ proxy?: {hosts: string[]}, hosts: string[] }} o  the allowed hosts (read at check time)
   */
  constructor(driver, { proxy, hosts }) {
    this.driver = driver;
    this.proxy = proxy;
    this.hosts = hosts;
    this.installed = false;
  }

  /** Runs `script` in the chrome context (privileged), then returns to the content context. */
  async chrome(script, ...args) {
    await this.driver.setContext('chrome');
    try {
      return await this.driver.executeScript(script, ...args);
    } finally {
      await this.driver.setContext('content');
    }
  }

  /**
   * Installs the channel observer. It lives in a sandbox of its own (held by the observer
   * service and by the browser window), not in Marionette's script sandbox, so it outlives the
   * script that installed it.
   */
  async install() {
    await this.chrome(`
      ${FIND_LOG}
      if (sb) return;
      const win = Services.wm.getMostRecentWindow('navigator:browser');
      sb = Cu.Sandbox(Services.scriptSecurityManager.getSystemPrincipal());
      sb.Services = Services;
      sb.Ci = Ci;
      Cu.evalInSandbox(\`
        var log = [];
        const name = (p) => !p ? '' : p.isSystemPrincipal ? 'system' : p.origin;
        var observer = { observe(subject) {
          try {
            const ch = subject.QueryInterface(Ci.nsIChannel);
            const li = ch.loadInfo;
            const t = li && li.triggeringPrincipal, l = li && li.loadingPrincipal;
            log.push({ url: ch.URI.spec, triggering: name(t), loading: name(l),
              addon: (t && t.addonId) || (l && l.addonId) || '', system: !!(t && t.isSystemPrincipal) });
          } catch (e) { log.push({ url: '', error: String(e) }); }
        } };
        Services.obs.addObserver(observer, 'http-on-opening-request');
      \`, sb, 'latest', 'chrome://insession-tests/content/net-log.js', 1);
      win.__insessionNetLog = sb;`);
    this.installed = true;
  }

  /** Channel log entries from index `from`. */
  async channels(from = 0) {
    return this.chrome(`
      ${FIND_LOG}
      return sb ? JSON.parse(JSON.stringify(sb.log.slice(arguments[0]))) : null;`, from);
  }

  async mark() {
    const ch = this.installed ? await this.chrome(`
      ${FIND_LOG}
      return sb ? sb.log.length : -1;`) : -1;
    return { proxy: this.proxy?.hosts.length ?? 0, channels: ch };
  }

  /** @param {{proxy: number, channels: number}} [since] @returns {Promise<string[]>} */
  async problems(since = { proxy: 0, channels: 0 }) {
    const out = [];
    for (const h of new Set(this.proxy?.hosts.slice(since.proxy) ?? [])) {
      if (!this.hosts.includes(h)) out.push(`the proxy was asked for ${h}, outside the fixture hosts ${this.hosts.join(', ')}`);
    }
    if (!this.installed) return out;
    const channels = await this.channels(Math.max(0, since.channels));
    if (channels === null) {
      out.push('the channel log is gone (the browser window that held it was closed)');
      return out;
    }
    for (const c of channels) {
      if (c.error) { out.push(`the channel log could not read a channel: ${c.error}`); continue; }
      const who = `triggering principal ${c.triggering || 'none'}${c.loading && c.loading !== c.triggering ? `, loading ${c.loading}` : ''}`;
      if (c.addon || /moz-extension:/.test(`${c.triggering} ${c.loading}`)) {
        out.push(`the extension opened a network channel: ${c.url} (${who}${c.addon ? `, add-on ${c.addon}` : ''})`);
        continue;
      }
      let url;
      try { url = new URL(c.url); } catch { out.push(`a channel to an unparsable URL ${c.url} (${who})`); continue; }
      if (this.hosts.includes(url.hostname) && ['https:', 'wss:'].includes(url.protocol)) continue;
      if (c.system && url.origin === 'http://localhost:1') continue; // Remote Settings, pointed nowhere (QUIET_PREFS)
      out.push(`a channel to ${c.url}, outside the fixture hosts ${this.hosts.join(', ')} (${who})`);
    }
    return summarise(out);
  }
}

/**
 * The fixture server's own log as an audit source: every request it served had a fixture host.
 * @param {{ requests: {host: string, url: string}[] }} server   startFixtureServer(…)
 * @param {string[]} hosts
 */
export function serverLog(server, hosts) {
  return {
    mark: () => server.requests.length,
    problems: (since = 0) => server.requests.slice(since)
      .filter((r) => !hosts.includes(r.host))
      .map((r) => `the fixture server was asked for https://${r.host}${r.url}, outside the fixture hosts`),
  };
}

/** The same problem once, with its count: "… (×12)". @param {string[]} problems */
export function summarise(problems) {
  const counts = new Map();
  for (const p of problems) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, n]) => (n > 1 ? `${p} (×${n})` : p));
}

/**
 * Registers an afterEach hook on the current test file: after every test, no log returned by
 * `logs()` may show a problem (see the module comment) since the previous test ended — for the
 * first test, since the browser started, so what the extension did while the `before` hook
 * launched it is charged to the first test. Call it at the top level of a test file; `logs` is
 * called after each test (the browsers start in a `before` hook) and must list its logs in the
 * same order each time; logs that do not exist (yet) are skipped. Requests after the last test
 * are for the file's last test to catch (each file ends with a whole-session check).
 * @param {() => (undefined | null | false | { mark(): any, problems(since?: any): string[] | Promise<string[]> })[]} logs
 */
export function auditEachTest(logs) {
  /** where each log stood when the previous test ended (by position in `logs()`) */
  const ends = [];
  afterEach(async (t) => {
    const problems = [];
    const list = logs();
    for (let i = 0; i < list.length; i++) {
      const log = list[i];
      if (!log) continue;
      problems.push(...await log.problems(ends[i]));
      ends[i] = await log.mark();
    }
    const lines = summarise(problems);
    assert.deepEqual(lines, [], `${t.name}: network requests outside the fixture server during this test:\n  ${lines.join('\n  ')}`);
  });
}
