/**
 * Real-browser test, Firefox: Debian's firefox-esr, headless, driven by selenium-webdriver and
 * geckodriver (from `cargo install geckodriver`; npm's geckodriver downloads at run time). The
 * extension is installed as a temporary add-on from dist/extension.
 *
 * Firefox cannot map a host name to another port, so it is pointed at a local HTTP proxy for
 * all traffic (lib/fixture-server.js): CONNECT to x.com / www.facebook.com / bsky.app is
 * tunnelled to the HTTPS fixture server, everything else is refused — and logged, which is how
 * this test proves nothing else was asked for. Same posts and expectations as Chromium.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Key } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { REPO, FIXTURE_HOSTS, startFixtureServer, startConnectProxy } from './lib/fixture-server.js';
import { POSTS, FIELDS, HOOK_LATENCY_MS, WAIT_MS, badgeState, assertBadge, fieldState, waitForHook } from './lib/cases.js';

const EXT = join(REPO, 'dist/extension');
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER ??
  [join(homedir(), '.cargo/bin/geckodriver'), '/usr/local/bin/geckodriver', '/usr/bin/geckodriver'].find(existsSync);
const LOG = join(REPO, 'tests/.out/firefox-geckodriver.log');

let server;
let proxy;
/** @type {import('selenium-webdriver').WebDriver} */
let driver;
let logFd;

/**
 * Preferences that keep Firefox's own background traffic (updates, telemetry, safe browsing,
 * captive-portal and connectivity checks, remote settings, push) from reaching the proxy, so
 * that anything the proxy logs besides the fixture hosts is the extension's doing.
 */
const QUIET_PREFS = {
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

before(async () => {
  assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
  assert.ok(GECKODRIVER, 'geckodriver not found: cargo install geckodriver (or set GECKODRIVER)');
  server = await startFixtureServer();
  proxy = await startConnectProxy(server.port);

  const options = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless')
    .setAcceptInsecureCerts(true);
  const prefs = {
    ...QUIET_PREFS,
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxy.port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxy.port,
    'network.proxy.no_proxies_on': 'localhost', // only the dead Remote Settings URL above
    'network.proxy.allow_hijacking_localhost': false,
    'devtools.console.stdout.content': true, // page and content-script console → geckodriver log
  };
  for (const [k, v] of Object.entries(prefs)) options.setPreference(k, v);

  mkdirSync(join(REPO, 'tests/.out'), { recursive: true });
  logFd = openSync(LOG, 'w');
  const service = new firefox.ServiceBuilder(GECKODRIVER)
    .setStdio(['ignore', logFd, logFd])
    .setEnvironment({ ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' })
    .build(); // an explicit executable: Selenium Manager (which may download) is never run
  driver = firefox.Driver.createSession(options, service);
  await driver.manage().setTimeouts({ script: WAIT_MS, pageLoad: 60_000 });
  await driver.installAddon(EXT, true);
}, { timeout: 120_000 });

after(async () => {
  await driver?.quit();
  await proxy?.close();
  await server?.close();
  if (logFd !== undefined) closeSync(logFd);
});

/** Opens the fixture page on `host` and waits for the content script's ready mark. */
async function open(host) {
  await driver.get(`https://${host}/index.html`);
  try {
    await driver.wait(
      () => driver.executeScript('return document.documentElement.getAttribute("data-insession-ready")').then((v) => v === '1'),
      WAIT_MS,
    );
  } catch {
    const url = await driver.getCurrentUrl();
    assert.fail(`${url}: expected <html data-insession-ready="1"> (content script running); not set after ${WAIT_MS} ms. See ${LOG}`);
  }
}

/**
 * Replaces the field's content with `text` using real key events, waits until the content
 * script has written the test hook for the final text, and checks risk and findings.
 * @returns {Promise<number>} keystroke → hook latency in ms (page clock)
 */
async function typeAndExpect(selector, text, risk) {
  const el = await driver.findElement({ css: selector });
  await el.click();
  await driver.actions().keyDown(Key.CONTROL).sendKeys('a').keyUp(Key.CONTROL).sendKeys(Key.BACK_SPACE).perform();
  await el.sendKeys(text);
  return waitForHook(() => driver.executeScript(`return (${fieldState})(arguments[0])`, selector.slice(1)), selector, text, risk);
}

for (const [kind, selector] of Object.entries(FIELDS)) {
  test(`x.com ${kind}: harmless → ok, grey area → caution, identifying → high`, { timeout: 120_000 }, async () => {
    await open('x.com');
    const latencies = [];
    for (const post of POSTS) latencies.push(await typeAndExpect(selector, post.text, post.risk));
    assertBadge(await driver.executeScript(`return (${badgeState})(arguments[0])`, selector), selector);
    const warm = latencies.slice(1);
    console.log(`firefox ${kind}: keystroke → test hook latency ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
    assert.ok(Math.max(...warm) <= HOOK_LATENCY_MS,
      `${kind}: expected the test hook within ${HOOK_LATENCY_MS} ms of the last keystroke, saw ${warm.map((l) => l.toFixed(0)).join(', ')} ms`);
  });
}

test('www.facebook.com and bsky.app: content script runs and warns', { timeout: 120_000 }, async () => {
  for (const host of ['www.facebook.com', 'bsky.app']) {
    await open(host);
    await typeAndExpect(FIELDS.contenteditable, POSTS[2].text, 'high');
  }
});

test('a field added after load is watched; a password field is not', { timeout: 120_000 }, async () => {
  await open('x.com');
  await driver.findElement({ css: '#password' }).sendKeys(POSTS[2].text);
  await driver.findElement({ css: '#add-field' }).click();
  await typeAndExpect('#late-editable', POSTS[2].text, 'high');
  const pw = await driver.findElement({ css: '#password' }).getAttribute('data-insession-risk');
  assert.equal(pw, null, 'a password field must never be checked');
});

test('no network request outside the fixture server', { timeout: 60_000 }, async () => {
  const asked = [...new Set(proxy.hosts)].sort();
  const foreign = asked.filter((h) => !FIXTURE_HOSTS.includes(h));
  assert.deepEqual(foreign, [], `expected the proxy to be asked only for ${FIXTURE_HOSTS.join(', ')}; it was also asked for ${foreign.join(', ')}`);
  assert.ok(asked.includes('x.com'), `the proxy log is live (it saw x.com); saw ${asked.join(', ') || 'nothing'}`);
  const serverHosts = [...new Set(server.requests.map((r) => r.host))].sort();
  assert.ok(serverHosts.every((h) => FIXTURE_HOSTS.includes(h)), `fixture server saw hosts ${serverHosts.join(', ')}`);
});
