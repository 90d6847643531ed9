/**
 * One small driver interface over both browsers for the settings tests (options page, popup,
 * policy): Chromium through playwright-core, Firefox through selenium-webdriver + geckodriver,
 * launched the way DEVELOPERS.md says works here. The scenarios (lib/options-cases.js) are
 * written once against this interface, so both browsers are held to the same expectations.
 *
 * A driver has two tabs: "ext" (an extension page: options or popup) and "site" (a fixture
 * page served under a real host name by lib/fixture-server.js). `eval(fn, arg)` runs a
 * serialisable function in the current tab (it may be async); in extension pages it can use
 * the extension API through `extApi()` (defined in the page functions of options-cases.js).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, FIXTURE_HOSTS } from './fixture-server.js';
import { GECKO_ID, FIREFOX_UUID, QUIET_PREFS, launchChromiumContext, launchFirefoxSession } from './launch.js';

export { GECKO_ID, FIREFOX_UUID, QUIET_PREFS };
export const EXT = process.env.INSESSION_EXT ?? join(REPO, 'dist/extension');
export const WAIT_MS = 15_000;

/**
 * Chromium's id for an unpacked extension: the first 128 bits of SHA-256 of its absolute path,
 * written with the letters a–p. Lets a test write a policy for exactly one copy of InSession.
 * @param {string} dir
 */
export function unpackedExtensionId(dir) {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/**
 * A function's source as an expression: method shorthand (`async name(x) {…}`, as in an
 * object of page functions) becomes a function expression; functions and arrows stay.
 */
export function functionSource(fn) {
  const src = String(fn);
  if (/^(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(src)) return src;
  const m = /^(async\s+)?[A-Za-z_$][\w$]*\s*\(/.exec(src);
  if (!m) return src;
  const prefix = m[1] ?? '';
  return `${prefix}function ${src.slice(prefix.length)}`;
}

const sleepFree = (ms) => new Promise((resolve) => setTimeout(resolve, ms)); // poll interval only

/**
 * Polls `probe` until it returns a truthy value; fails with `message` (and the last value).
 * @template T
 * @param {() => Promise<T>} probe
 * @param {string} message
 * @param {number} [timeout]
 * @returns {Promise<T>}
 */
export async function until(probe, message, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`${message} (after ${timeout} ms; last saw ${JSON.stringify(last)})`);
    await sleepFree(25);
  }
}

// ---------------------------------------------------------------------------------------------
// Chromium
// ---------------------------------------------------------------------------------------------

/**
 * @param {object} o
 * @param {number} o.port           fixture server port
 * @param {string} [o.ext]          extension directory
 * @param {string} o.profile        user-data dir
 * @param {string[]} [o.hosts]      host names mapped to the fixture server (and allowed in the request log)
 */
export async function chromiumDriver({ port, ext = EXT, profile, hosts = FIXTURE_HOSTS }) {
  const { context, id, base, net } = await launchChromiumContext({ ext, profile, hosts, port });
  /** @type {Record<string, import('playwright-core').Page>} */
  const tabs = {};
  let current = 'ext';
  let front = null;
  const page = async (name = current) => {
    if (!tabs[name] || tabs[name].isClosed()) {
      tabs[name] = await context.newPage();
      tabs[name].on('pageerror', (e) => console.log(`[chromium ${name} pageerror] ${e.message}`));
      tabs[name].on('console', (m) => { if (m.type() === 'error') console.log(`[chromium ${name}] ${m.text()}`); });
    }
    // a background tab's animation frames are throttled, which slows every action on it
    if (front !== tabs[name]) {
      await tabs[name].bringToFront();
      front = tabs[name];
    }
    return tabs[name];
  };
  const d = {
    name: 'chromium',
    id,
    base,
    context,
    /** the request log (net-log.js); `requested` is every URL in it */
    net,
    get requested() { return net.urls; },
    use(name) { current = name; return page(name); },
    async gotoExtension(path) {
      current = 'ext';
      const p = await page('ext');
      await p.goto(base + path);
      await p.waitForSelector('html[data-ready="1"]', { timeout: WAIT_MS });
    },
    async gotoSite(host, path = 'index.html') {
      current = 'site';
      const p = await page('site');
      await p.goto(`https://${host}/${path}`);
      await p.waitForSelector('html[data-insession-ready="1"]', { timeout: WAIT_MS });
    },
    /** Loads a site page in the site tab without waiting for the content script. */
    async load(host, path = 'index.html') {
      current = 'site';
      await (await page('site')).goto(`https://${host}/${path}`);
    },
    async eval(fn, arg) {
      return (await page()).evaluate(fn, arg);
    },
    async click(sel) {
      await (await page()).click(sel);
    },
    /** Replaces a field's value with real key events. */
    async type(sel, text) {
      const p = await page();
      await p.click(sel);
      await p.keyboard.press('Control+A');
      await p.keyboard.press('Backspace');
      if (text) await p.keyboard.type(text);
    },
    async select(sel, value) {
      await (await page()).selectOption(sel, value);
    },
    async setFiles(sel, path) {
      await (await page()).setInputFiles(sel, path);
    },
    async screenshot(path, opts = {}) {
      await (await page()).screenshot({ path, ...opts });
    },
    async close() {
      await context.close();
    },
  };
  return d;
}

// ---------------------------------------------------------------------------------------------
// Firefox
// ---------------------------------------------------------------------------------------------

/**
 * @param {object} o
 * @param {{port: number, hosts: string[]}} o.proxy   the CONNECT proxy of lib/fixture-server.js
 * @param {string} [o.ext]
 * @param {string} o.log           geckodriver log file
 * @param {Record<string, string>} [o.env]  extra environment (e.g. HOME for managed storage)
 * @param {Record<string, unknown>} [o.prefs]
 * @param {string[]} [o.hosts]     the fixture hosts (allowed in the request log)
 */
export async function firefoxDriver({ proxy, ext = EXT, log, env = {}, prefs = {}, hosts = FIXTURE_HOSTS }) {
  const { Key } = await import('selenium-webdriver');
  const session = await launchFirefoxSession({ ext, proxy, hosts, log, env, prefs, scriptTimeout: WAIT_MS });
  const { driver, net } = session;
  /** @type {Record<string, string>} */
  const handles = { ext: await driver.getWindowHandle() };
  let current = 'ext';
  const use = async (name) => {
    if (!handles[name]) {
      await driver.switchTo().newWindow('tab');
      handles[name] = await driver.getWindowHandle();
    } else if (current !== name) {
      await driver.switchTo().window(handles[name]);
    }
    current = name;
  };
  const find = (sel) => driver.findElement({ css: sel });
  const d = {
    name: 'firefox',
    id: GECKO_ID,
    base: session.base,
    driver,
    /** the request log (net-log.js): the proxy's hosts and every HTTP channel */
    net,
    use,
    async gotoExtension(path) {
      await use('ext'); // switching to a tab also selects it
      // mark the current document, so the wait below cannot mistake it for the new one (a
      // reload of the same URL keeps location.href)
      await driver.executeScript('document.documentElement?.setAttribute("data-driver-old", "1")');
      await driver.setContext('chrome');
      try {
        await driver.executeScript(`
          const win = Services.wm.getMostRecentWindow('navigator:browser');
          win.gBrowser.selectedBrowser.fixupAndLoadURIString(arguments[0], {
            triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
          });`, session.base + path);
      } finally {
        await driver.setContext('content');
      }
      await until(() => driver.executeScript(`const h = document.documentElement;
        return location.href === arguments[0] && !!h && !h.hasAttribute('data-driver-old') && h.getAttribute('data-ready') === '1';`, session.base + path),
      `${path}: the page did not finish loading`);
    },
    async gotoSite(host, path = 'index.html') {
      await use('site');
      await driver.get(`https://${host}/${path}`);
      await until(() => driver.executeScript('return document.documentElement.getAttribute("data-insession-ready") === "1"'),
        `https://${host}/: expected <html data-insession-ready="1"> (see ${log})`);
    },
    /** Loads a site page in the site tab without waiting for the content script. */
    async load(host, path = 'index.html') {
      await use('site');
      await driver.get(`https://${host}/${path}`);
    },
    async eval(fn, arg) {
      const json = await driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         Promise.resolve().then(() => (${functionSource(fn)})(arguments[0]))
           .then((v) => done(JSON.stringify({ ok: true, v: v === undefined ? null : v })),
                 (e) => done(JSON.stringify({ ok: false, e: String(e && e.stack || e) })));`, arg ?? null);
      const r = JSON.parse(json);
      if (!r.ok) throw new Error(`in the page: ${r.e}`);
      return r.v;
    },
    async click(sel) {
      const el = await find(sel);
      await driver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
      await el.click();
    },
    async type(sel, text) {
      const el = await find(sel);
      await driver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
      await el.click();
      await driver.actions().keyDown(Key.CONTROL).sendKeys('a').keyUp(Key.CONTROL).sendKeys(Key.BACK_SPACE).perform();
      if (text) await el.sendKeys(text);
    },
    async select(sel, value) {
      await driver.executeScript('const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event("change", {bubbles: true}))', await find(sel), value);
    },
    async setFiles(sel, path) {
      await (await find(sel)).sendKeys(path);
    },
    async screenshot() {},
    close: () => session.close(),
  };
  return d;
}
