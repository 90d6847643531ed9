/**
 * Settings end to end in Firefox ESR (issue 5): the same scenarios as Chromium
 * (lib/options-cases.js) — options page, popup, settings storage — with the add-on installed
 * temporarily from dist/extension and all traffic through the fixture proxy, which proves no
 * other host was asked for. The add-on gets a fixed moz-extension UUID (pref) so the tests can
 * open its pages. Firefox also covers adding a site at run time (permission request answered
 * by a pref; Chromium's permission prompt is browser UI that a headless test cannot answer).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, FIXTURE_HOSTS, startFixtureServer, startConnectProxy } from './lib/fixture-server.js';
import { EXT, firefoxDriver } from './lib/ext-driver.js';
import { scenarios, addAndRemoveSite } from './lib/options-cases.js';
import { auditEachTest, serverLog } from './lib/net-log.js';

/** A site the user adds (a Mastodon instance); served by the fixture server for this file only. */
const ADDED_HOST = 'mastodon.example';

let server;
let proxy;
/** @type {Awaited<ReturnType<typeof firefoxDriver>>} */
let d;

before(async () => {
  assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
  FIXTURE_HOSTS.push(ADDED_HOST); // this process's fixture server and proxy answer for it too
  server = await startFixtureServer();
  proxy = await startConnectProxy(server.port);
  d = await firefoxDriver({
    proxy,
    log: join(REPO, 'tests/.out/options-firefox-geckodriver.log'),
    // optional host permissions are granted without a prompt (the prompt is browser UI)
    prefs: { 'extensions.webextOptionalPermissionPrompts': false },
  });
}, { timeout: 120_000 });

after(async () => {
  await d?.close();
  await proxy?.close();
  await server?.close();
});

// after every test: the proxy was asked only for fixture hosts, and no HTTP channel went
// elsewhere or was opened by the extension (net-log.js)
auditEachTest(() => [d?.net, server && serverLog(server, FIXTURE_HOSTS)]);

for (const [name, run] of Object.entries(scenarios)) {
  test(`firefox: ${name}`, { timeout: 120_000 }, () => run(d));
}

test(`firefox: adding a site (${ADDED_HOST}) asks for its permission and registers the content script; removing it releases both`,
  { timeout: 120_000 }, () => addAndRemoveSite(d, ADDED_HOST));

test('firefox settings: no network request outside the fixture server (whole session; each test is audited too)', async () => {
  const foreign = await d.net.problems();
  assert.deepEqual(foreign, [], `unexpected requests:\n  ${foreign.join('\n  ')}`);
  assert.ok(proxy.hosts.includes('x.com'), 'the proxy log is live');
  const channels = await d.net.channels();
  assert.ok(channels.some((c) => c.url.startsWith('https://x.com/')), 'the channel log is live');
});
