/**
 * Real-browser test, Firefox: Debian's firefox-esr, headless, driven by selenium-webdriver and
 * geckodriver (from `cargo install geckodriver`; npm's geckodriver downloads at run time). The
 * extension is installed as a temporary add-on from dist/extension.
 *
 * Firefox cannot map a host name to another port, so it is pointed at a local HTTP proxy for
 * all traffic (lib/fixture-server.js): CONNECT to x.com / www.facebook.com / bsky.app is
 * tunnelled to the HTTPS fixture server, everything else is refused — and logged; with a log
 * of every HTTP channel Firefox opens (lib/net-log.js), that is how this test proves, after
 * every test, that nothing else was asked for. Same posts and expectations as Chromium.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Key } from 'selenium-webdriver';
import { REPO, FIXTURE_HOSTS, startFixtureServer, startConnectProxy } from './lib/fixture-server.js';
import { POSTS, FIELDS, HOOK_LATENCY_MS, WAIT_MS, badgeState, assertBadge, fieldState, waitForHook, NESTED, nestedFieldState, waitForNested } from './lib/cases.js';
import { launchFirefoxSession } from './lib/launch.js';
import { auditEachTest, serverLog } from './lib/net-log.js';

const EXT = join(REPO, 'dist/extension');
const LOG = join(REPO, 'tests/.out/firefox-geckodriver.log');

let server;
let proxy;
/** @type {Awaited<ReturnType<typeof launchFirefoxSession>>} */
let session;
/** @type {import('selenium-webdriver').WebDriver} */
let driver;

before(async () => {
  assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
  server = await startFixtureServer();
  proxy = await startConnectProxy(server.port);
  session = await launchFirefoxSession({
    ext: EXT, proxy, hosts: FIXTURE_HOSTS, log: LOG, scriptTimeout: WAIT_MS,
    prefs: { 'devtools.console.stdout.content': true }, // page and content-script console → geckodriver log
  });
  driver = session.driver;
}, { timeout: 120_000 });

after(async () => {
  await session?.close();
  await proxy?.close();
  await server?.close();
});

// after every test: the proxy was asked only for fixture hosts, and no HTTP channel went
// elsewhere or was opened by the extension (lib/net-log.js)
auditEachTest(() => [session?.net, server && serverLog(server, FIXTURE_HOSTS)]);

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

test('fields inside an open shadow root and a same-origin iframe are watched', { timeout: 120_000 }, async () => {
  await open('x.com');
  const text = POSTS[2].text;
  const read = (where) => driver.executeScript(`return (${nestedFieldState})(arguments[0])`, where);
  const inShadow = await driver.findElement({ css: '#shadow-host' }).getShadowRoot().then((root) => root.findElement({ css: '#shadow-textarea' }));
  await inShadow.click();
  await inShadow.sendKeys(text);
  await waitForNested(() => read(NESTED.shadow), 'the textarea in #shadow-host', text, 'high');
  await driver.switchTo().frame(driver.findElement({ css: '#frame' }));
  try {
    const inFrame = await driver.findElement({ css: '#frame-textarea' });
    await inFrame.click();
    await inFrame.sendKeys(text);
  } finally {
    await driver.switchTo().defaultContent();
  }
  await waitForNested(() => read(NESTED.frame), 'the textarea in #frame', text, 'high');
});

test('no network request outside the fixture server (whole session; each test is audited too)', { timeout: 60_000 }, async () => {
  const foreign = await session.net.problems();
  assert.deepEqual(foreign, [], `expected requests only to ${FIXTURE_HOSTS.join(', ')}; also saw:\n  ${foreign.join('\n  ')}`);
  const asked = [...new Set(proxy.hosts)].sort();
  assert.ok(asked.includes('x.com'), `the proxy log is live (it saw x.com); saw ${asked.join(', ') || 'nothing'}`);
  const channels = await session.net.channels();
  assert.ok(channels.some((c) => c.url.startsWith('https://x.com/')), 'the channel log is live (it saw the fixture pages)');
  const serverHosts = [...new Set(server.requests.map((r) => r.host))].sort();
  assert.ok(serverHosts.every((h) => FIXTURE_HOSTS.includes(h)), `fixture server saw hosts ${serverHosts.join(', ')}`);
});
