/**
 * One small driver interface over the two browsers, so the overlay tests (overlay-cases.js)
 * hold Chromium and Firefox to exactly the same steps and expectations:
 *
 *   const d = await launchChromium({ ext, hosts, port })   // or launchFirefox(…)
 *   await d.goto(url); await d.eval(fn, ...args)            // fn runs in the page (main world)
 *   await d.type(text); await d.press('Control+z')          // real key events ("\n" = Enter)
 *   await d.click(x, y); await d.move(x, y)                 // real mouse events, viewport px
 *   await d.screenshot()                                    // PNG Buffer of the viewport
 *   await d.foreignRequests()                               // requests outside `hosts` (net-log.js)
 *   await d.close()
 *
 * The browsers are launched by launch.js (shared with ext-driver.js and the other browser
 * tests), each with its request log (`d.net`, net-log.js). Chromium: Debian's chromium through
 * playwright-core, host names mapped to the fixture server, every other host unresolvable.
 * Firefox: Debian's firefox-esr through selenium-webdriver + geckodriver (cargo), the extension
 * installed as a temporary add-on, all traffic through the logging CONNECT proxy of
 * fixture-server.js, which refuses every host but the fixture hosts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Key, Origin } from 'selenium-webdriver';
import { REPO, startConnectProxy } from './fixture-server.js';
import { launchChromiumContext, launchFirefoxSession } from './launch.js';

export const VIEWPORT = { width: 1100, height: 760 };

/**
 * @typedef {object} Driver
 * @property {'chromium'|'firefox'} name
 * @property {(url: string) => Promise<void>} goto
 * @property {<T>(fn: (...args: any[]) => T | Promise<T>, ...args: any[]) => Promise<T>} eval
 * @property {(text: string) => Promise<void>} type
 * @property {(combo: string) => Promise<void>} press
 * @property {(x: number, y: number) => Promise<void>} click
 * @property {(x: number, y: number) => Promise<void>} move
 * @property {(width: number, height: number) => Promise<void>} setViewport   the page's viewport (scrollbars included), px
 * @property {() => Promise<Buffer>} screenshot
 * @property {() => Promise<string[]>} dialogs   alert/confirm/prompt dialogs the page opened
 * @property {(msg: object) => Promise<any>} message   send a protocol message to the background
 *           (through the test build's bridge in the content script of the page that is open)
 * @property {() => Promise<string[]>} foreignRequests   every request of the session that broke the
 *           network rules of net-log.js (outside the fixture hosts), as readable lines
 * @property {() => string[]} requested   every URL/host seen (to prove the log is live)
 * @property {import('./net-log.js').ChromiumNetLog | import('./net-log.js').FirefoxNetLog} net
 *           the request log, for net-log.js's per-test audit
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ ext: string, hosts: string[], port: number }} opts
 * @returns {Promise<Driver>}
 */
export async function launchChromium({ ext, hosts, port }) {
  const profile = mkdtempSync(join(tmpdir(), 'insession-overlay-chromium-'));
  const { context, net } = await launchChromiumContext({
    ext, profile, hosts, port, viewport: VIEWPORT, extraArgs: ['--font-render-hinting=none'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const dialogs = [];
  page.on('dialog', (dlg) => { dialogs.push(`${dlg.type()}: ${dlg.message()}`); dlg.dismiss().catch(() => {}); });
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
    async setViewport(width, height) { await page.setViewportSize({ width, height }); },
    screenshot: () => page.screenshot(),
    dialogs: async () => dialogs.slice(),
    message: (msg) => bridgeMessage((fn, ...args) => page.evaluate(`(${fn.toString()}).apply(null, ${JSON.stringify(args)})`), msg),
    net,
    foreignRequests: async () => net.problems(),
    requested: () => net.urls,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

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
  const proxy = await startConnectProxy(port, hosts);
  let session;
  try {
    session = await launchFirefoxSession({
      ext, proxy, hosts, log, viewport: VIEWPORT,
      prefs: { 'devtools.console.stdout.content': true, 'layout.css.devPixelsPerPx': '1.0' },
    });
  } catch (err) {
    await proxy.close();
    throw err;
  }
  const { driver, net } = session;
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
    async setViewport(width, height) {
      // the window is the content area plus the toolbars: size it, then correct by what the page sees
      await driver.manage().window().setRect({ width, height: height + 80 });
      const inner = await driver.executeScript('return [window.innerWidth, window.innerHeight]');
      await driver.manage().window().setRect({ width: width + (width - inner[0]), height: height + 80 + (height - inner[1]) });
    },
    async screenshot() { return Buffer.from(await driver.takeScreenshot(), 'base64'); },
    // a dialog left open (WebDriver's default prompt handling also fails the next command with
    // "unexpected alert open" when one opened meanwhile)
    async dialogs() {
      try {
        const alert = await driver.switchTo().alert();
        const text = await alert.getText();
        await alert.dismiss();
        return [text];
      } catch (err) {
        if (err?.name === 'NoSuchAlertError') return [];
        throw err;
      }
    },
    message(msg) {
      return bridgeMessage(async (fn, ...args) => driver.executeScript(`return (${fn.toString()}).apply(null, arguments)`, ...args), msg);
    },
    net,
    foreignRequests: () => net.problems(),
    requested: () => proxy.hosts.slice(),
    async close() {
      await session.close().catch(() => {});
      await proxy.close();
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
