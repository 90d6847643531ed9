/**
 * One small driver interface over the two browsers, so the overlay tests (overlay-cases.js)
 * hold Chromium and Firefox to exactly the same steps and expectations:
 *
 *   const d = await launchChromium({ ext, hosts, port })   // or launchFirefox(…)
 *   await d.goto(url); await d.eval(fn, ...args)            // fn runs in the page (main world)
 *   await d.type(text); await d.press('Control+z')          // real key events ("\n" = Enter)
 *   await d.click(x, y); await d.move(x, y)                 // real mouse events, viewport px
 *   await d.screenshot()                                    // PNG Buffer of the viewport
 *   d.foreignRequests()                                     // hosts asked for besides `hosts`
 *   await d.close()
 *
 * Chromium: Debian's chromium through playwright-core (persistent context, --headless=new,
 * --load-extension), host names mapped to the fixture server with --host-resolver-rules, every
 * other host unresolvable; requests of pages and of the extension's service worker are logged.
 * Firefox: Debian's firefox-esr through selenium-webdriver + geckodriver (cargo), the extension
 * installed as a temporary add-on, all traffic through the logging CONNECT proxy of
 * fixture-server.js, which refuses every host but the fixture hosts.
 */
import { mkdtempSync, rmSync, existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Key, Origin } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { REPO, startConnectProxy } from './fixture-server.js';
import { foreignRequests } from './cases.js';

export const VIEWPORT = { width: 1100, height: 760 };

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER ??
  [join(homedir(), '.cargo/bin/geckodriver'), '/usr/local/bin/geckodriver', '/usr/bin/geckodriver'].find(existsSync);

/**
 * @typedef {object} Driver
 * @property {'chromium'|'firefox'} name
 * @property {(url: string) => Promise<void>} goto
 * @property {<T>(fn: (...args: any[]) => T | Promise<T>, ...args: any[]) => Promise<T>} eval
 * @property {(text: string) => Promise<void>} type
 * @property {(combo: string) => Promise<void>} press
 * @property {(x: number, y: number) => Promise<void>} click
 * @property {(x: number, y: number) => Promise<void>} move
 * @property {() => Promise<Buffer>} screenshot
 * @property {(msg: object) => Promise<any>} message   send a protocol message to the background
 *           (through the test build's bridge in the content script of the page that is open)
 * @property {() => string[]} foreignRequests
 * @property {() => string[]} requested   every URL/host seen (to prove the log is live)
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ ext: string, hosts: string[], port: number }} opts
 * @returns {Promise<Driver>}
 */
export async function launchChromium({ ext, hosts, port }) {
  const profile = mkdtempSync(join(tmpdir(), 'insession-overlay-chromium-'));
  const map = hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: the mode that runs extensions
    ignoreHTTPSErrors: true,
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    timeout: 60_000,
    args: [
      '--headless=new', `--load-extension=${ext}`, `--disable-extensions-except=${ext}`, '--no-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--ignore-certificate-errors', '--font-render-hinting=none', `--host-resolver-rules=${map}, MAP * ~NOTFOUND`,
    ],
  });
  const requested = [];
  context.on('request', (r) => requested.push(r.url()));
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return {
    name: 'chromium',
    context,
    page,
    problems,
    async goto(url) { await page.goto(url); },
    // an expression string: evaluated by the DevTools protocol, so the page's CSP does not apply
    eval: (fn, ...args) => page.evaluate(`(${fn.toString()}).apply(null, ${JSON.stringify(args)})`),
    async type(text) { await page.keyboard.type(text); },
    async press(combo) { await page.keyboard.press(combo); },
    async click(x, y) { await page.mouse.click(x, y); },
    async move(x, y) { await page.mouse.move(x, y, { steps: 2 }); },
    screenshot: () => page.screenshot(),
    message: (msg) => bridgeMessage((fn, ...args) => page.evaluate(`(${fn.toString()}).apply(null, ${JSON.stringify(args)})`), msg),
    foreignRequests: () => foreignRequests(requested, hosts),
    requested: () => requested.slice(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Preferences that keep Firefox's own background traffic away from the proxy (the same list as
 * firefox.test.js), so anything else the proxy logs is the extension's doing.
 */
const QUIET_PREFS = {
  'app.update.auto': false, 'app.update.enabled': false, 'browser.newtabpage.enabled': false,
  'browser.region.network.url': '', 'browser.region.update.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false, 'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false, 'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false, 'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '', 'browser.startup.homepage': 'about:blank',
  'browser.startup.page': 0, 'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false, 'dom.push.connection.enabled': false,
  'extensions.blocklist.enabled': false, 'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false, 'extensions.update.enabled': false,
  'geo.provider.network.url': '', 'media.gmp-manager.url': '', 'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false, 'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0, 'network.prefetch-next': false,
  'services.settings.server': 'http://localhost:1/v1', 'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
};

/** Selenium key names for the combos the tests press. */
const SELENIUM_KEYS = {
  Control: Key.CONTROL, Alt: Key.ALT, Shift: Key.SHIFT, Meta: Key.META, Enter: Key.ENTER, Backspace: Key.BACK_SPACE,
  Escape: Key.ESCAPE, Tab: Key.TAB, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT, End: Key.END, Home: Key.HOME,
  Delete: Key.DELETE, Space: Key.SPACE,
};

/** "KeyI" → "i", "Digit1" → "1", "a" → "a", "Enter" → Key.ENTER. */
function seleniumKey(name) {
  if (SELENIUM_KEYS[name]) return SELENIUM_KEYS[name];
  const m = /^(?:Key([A-Z])|Digit(\d))$/.exec(name);
  if (m) return (m[1] || m[2]).toLowerCase();
  if (name.length === 1) return name;
  throw new Error(`no Selenium key for ${JSON.stringify(name)}`);
}

/**
 * @param {{ ext: string, hosts: string[], port: number, log?: string }} opts
 * @returns {Promise<Driver>}
 */
export async function launchFirefox({ ext, hosts, port, log = join(REPO, 'tests/.out/firefox-overlay-geckodriver.log') }) {
  if (!GECKODRIVER) throw new Error('geckodriver not found: cargo install geckodriver (or set GECKODRIVER)');
  const proxy = await startConnectProxy(port, hosts);
  const options = new firefox.Options().setBinary(FIREFOX).addArguments('-headless').setAcceptInsecureCerts(true);
  const prefs = {
    ...QUIET_PREFS,
    'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': proxy.port,
    'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': proxy.port, 'network.proxy.no_proxies_on': 'localhost',
    'network.proxy.allow_hijacking_localhost': false, 'devtools.console.stdout.content': true,
    'layout.css.devPixelsPerPx': '1.0',
  };
  for (const [k, v] of Object.entries(prefs)) options.setPreference(k, v);
  mkdirSync(join(REPO, 'tests/.out'), { recursive: true });
  const logFd = openSync(log, 'w');
  const service = new firefox.ServiceBuilder(GECKODRIVER)
    .setStdio(['ignore', logFd, logFd])
    .setEnvironment({ ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' })
    .build();
  const driver = firefox.Driver.createSession(options, service);
  await driver.manage().setTimeouts({ script: 30_000, pageLoad: 60_000 });
  await driver.manage().window().setRect({ width: VIEWPORT.width, height: VIEWPORT.height + 80 });
  await driver.installAddon(ext, true);
  const perform = async (build) => { const a = driver.actions({ async: true }); build(a); await a.perform(); };
  return {
    name: 'firefox',
    driver,
    proxy,
    problems: [],
    async goto(url) { await driver.get(url); },
    async eval(fn, ...args) {
      const res = await driver.executeAsyncScript(`
        const done = arguments[arguments.length - 1];
        const args = Array.prototype.slice.call(arguments, 0, arguments.length - 1);
        try {
          Promise.resolve((${fn.toString()}).apply(null, args)).then(
            (v) => done({ ok: v === undefined ? null : v }),
            (e) => done({ err: String(e && e.stack || e) }));
        } catch (e) { done({ err: String(e && e.stack || e) }); }`, ...args);
      if (res && 'err' in res) throw new Error(`in the page: ${res.err}`);
      return res ? res.ok : res;
    },
    async type(text) {
      const keys = [...text].map((c) => (c === '\n' ? Key.ENTER : c));
      for (let i = 0; i < keys.length; i += 40) await perform((a) => a.sendKeys(...keys.slice(i, i + 40)));
    },
    async press(combo) {
      const parts = combo.split('+');
      const key = seleniumKey(parts.pop());
      const mods = parts.map(seleniumKey);
      await perform((a) => {
        for (const m of mods) a.keyDown(m);
        a.sendKeys(key);
        for (const m of mods.reverse()) a.keyUp(m);
      });
    },
    async click(x, y) { await perform((a) => a.move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).click()); },
    async move(x, y) { await perform((a) => a.move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT, duration: 50 })); },
    async screenshot() { return Buffer.from(await driver.takeScreenshot(), 'base64'); },
    message(msg) {
      return bridgeMessage(async (fn, ...args) => driver.executeScript(`return (${fn.toString()}).apply(null, arguments)`, ...args), msg);
    },
    foreignRequests: () => [...new Set(proxy.hosts)].filter((h) => !hosts.includes(h)),
    requested: () => proxy.hosts.slice(),
    async close() {
      await driver.quit().catch(() => {});
      await proxy.close();
      closeSync(logFd);
    },
  };
}

/**
 * Send a protocol message to the background through the test build's bridge (content script,
 * extension/content/main.js installTestBridge) of the page that is open; returns the reply.
 * @param {(fn: Function, ...args: any[]) => Promise<any>} run   runs fn in the page
 * @param {object} msg
 */
async function bridgeMessage(run, msg) {
  await run((m) => {
    document.documentElement.removeAttribute('data-insession-test-response');
    document.documentElement.setAttribute('data-insession-test-request', m);
    return true;
  }, JSON.stringify(msg));
  const until = Date.now() + 10_000;
  for (;;) {
    const res = await run(() => document.documentElement.getAttribute('data-insession-test-response'));
    if (res !== null) {
      const out = JSON.parse(res);
      if (out.err) throw new Error(`message ${JSON.stringify(msg)}: ${out.err}`);
      return out.ok;
    }
    if (Date.now() > until) throw new Error(`message ${JSON.stringify(msg)}: no reply through the test bridge (is a fixture page with the test build open?)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
