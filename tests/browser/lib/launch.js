/**
 * Launching the two browsers the way DEVELOPERS.md says works on the build machines, once for
 * every browser test (drivers.js, ext-driver.js, chromium/firefox.test.js, the hostile-render
 * tests in tests/privacy/), each with its request log (net-log.js) attached from the start:
 *
 *  - Chromium: Debian's chromium through playwright-core (persistent context, --headless=new,
 *    --load-extension), the fixture hosts mapped to the fixture server with
 *    --host-resolver-rules and every other host unresolvable. Every request of a page, an
 *    extension page or the extension's service worker is logged with who made it.
 *  - Firefox: Debian's firefox-esr through selenium-webdriver + geckodriver (cargo), the
 *    extension installed as a temporary add-on, all traffic through the logging CONNECT proxy
 *    of fixture-server.js; geckodriver runs with system access, so the log also records every
 *    HTTP channel Firefox opens, with the principal that opened it.
 */
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ChromiumNetLog, FirefoxNetLog } from './net-log.js';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const GECKODRIVER = process.env.GECKODRIVER ??
  [join(homedir(), '.cargo/bin/geckodriver'), '/usr/local/bin/geckodriver', '/usr/bin/geckodriver'].find(existsSync);

/** The add-on id in manifest.json (browser_specific_settings.gecko.id). */
export const GECKO_ID = 'insession@insession.app';
/** The moz-extension UUID the Firefox tests give InSession (pref extensions.webextensions.uuids). */
export const FIREFOX_UUID = '6c6e5b1c-3b0e-4a55-9a1f-1d1e5e55e001';

const WORKER_WAIT_MS = 15_000;

/**
 * The Chromium command line: the extension, the host map, and no background traffic of
 * Chromium's own.
 * @param {{ ext: string, hosts: string[], port: number, extraArgs?: string[] }} o
 */
export function chromiumArgs({ ext, hosts, port, extraArgs = [] }) {
  const map = hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ');
  return [
    '--headless=new', `--load-extension=${ext}`, `--disable-extensions-except=${ext}`, '--no-sandbox',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--ignore-certificate-errors', ...extraArgs, `--host-resolver-rules=${map}, MAP * ~NOTFOUND`,
  ];
}

/**
 * Chromium with the extension loaded; returns once its service worker runs.
 * @param {object} o
 * @param {string} o.ext             extension directory
 * @param {string} o.profile         user-data dir (the caller removes it)
 * @param {string[]} o.hosts         host names mapped to the fixture server (the log's allowed hosts)
 * @param {number} o.port            fixture server port
 * @param {{width: number, height: number}} [o.viewport]  (default: Playwright's)
 * @param {string[]} [o.extraArgs]
 */
export async function launchChromiumContext({ ext, profile, hosts, port, viewport, extraArgs }) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new in the args: the mode that runs extensions
    ignoreHTTPSErrors: true,
    ...(viewport ? { viewport, deviceScaleFactor: 1 } : {}),
    timeout: 60_000,
    args: chromiumArgs({ ext, hosts, port, extraArgs }),
  });
  // listening from the start: the service worker's first requests are in the log too
  const net = new ChromiumNetLog(context, { hosts });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    await context.waitForEvent('serviceworker', { timeout: WORKER_WAIT_MS });
  const id = new URL(worker.url()).host;
  net.extensionId = id;
  return { context, worker, id, base: `chrome-extension://${id}/`, net };
}

/**
 * Preferences that keep Firefox's own background traffic (updates, telemetry, safe browsing,
 * captive-portal and connectivity checks, remote settings, push) away from the proxy, so that
 * anything the proxy logs besides the fixture hosts is the extension's doing.
 */
export const QUIET_PREFS = {
  'app.update.auto': false,
  'app.update.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.startup.homepage': 'about:blank',
  'browser.startup.page': 0,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'dom.push.connection.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.update.enabled': false,
  'geo.provider.network.url': '',
  'media.gmp-manager.url': '',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  // Remote Settings ignores this pref in release builds unless MOZ_REMOTE_SETTINGS_DEVTOOLS=1
  // (set for geckodriver below); localhost:1 is refused at once and bypasses the proxy
  'services.settings.server': 'http://localhost:1/v1',
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
};

/**
 * Firefox with the extension installed as a temporary add-on, all traffic through `proxy`.
 * @param {object} o
 * @param {string} o.ext                extension directory
 * @param {{port: number, hosts: string[]}} o.proxy   startConnectProxy(…) of fixture-server.js
 * @param {string[]} o.hosts            the fixture hosts (the log's allowed hosts)
 * @param {string} o.log                geckodriver log file
 * @param {Record<string, string>} [o.env]     extra environment (e.g. HOME for managed storage)
 * @param {Record<string, unknown>} [o.prefs]  extra preferences
 * @param {number} [o.scriptTimeout]
 * @param {{width: number, height: number}} [o.viewport]  the content area (window + 80 px of toolbars)
 */
export async function launchFirefoxSession({ ext, proxy, hosts, log, env = {}, prefs = {}, scriptTimeout = 30_000, viewport }) {
  if (!GECKODRIVER) throw new Error('geckodriver not found: cargo install geckodriver (or set GECKODRIVER)');
  const firefox = (await import('selenium-webdriver/firefox.js')).default;
  const options = new firefox.Options().setBinary(FIREFOX).addArguments('-headless').setAcceptInsecureCerts(true);
  const all = {
    ...QUIET_PREFS,
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxy.port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxy.port,
    'network.proxy.no_proxies_on': 'localhost', // only the dead Remote Settings URL above
    'network.proxy.allow_hijacking_localhost': false,
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
    ...prefs,
  };
  for (const [k, v] of Object.entries(all)) options.setPreference(k, v);
  mkdirSync(dirname(log), { recursive: true });
  const fd = openSync(log, 'w');
  const service = new firefox.ServiceBuilder(GECKODRIVER)
    // system access: the request log's channel observer runs in the chrome context, and
    // Marionette refuses to navigate a content tab to a moz-extension:// page (ext-driver.js
    // loads extension pages from the chrome context)
    .addArguments('--allow-system-access')
    .setStdio(['ignore', fd, fd])
    .setEnvironment({ ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1', ...env })
    .build(); // an explicit executable: Selenium Manager (which may download) is never run
  const driver = firefox.Driver.createSession(options, service);
  try {
    await driver.manage().setTimeouts({ script: scriptTimeout, pageLoad: 60_000 });
    if (viewport) await driver.manage().window().setRect({ width: viewport.width, height: viewport.height + 80 });
    // before the add-on: its first requests are in the log too
    const net = new FirefoxNetLog(driver, { proxy, hosts });
    await net.install();
    await driver.installAddon(ext, true);
    return {
      driver,
      net,
      base: `moz-extension://${FIREFOX_UUID}/`,
      async close() {
        try { await driver.quit(); } finally { closeSync(fd); }
      },
    };
  } catch (err) {
    await driver.quit().catch(() => {});
    closeSync(fd);
    throw err;
  }
}
