/**
 * Organisation policy in Firefox: storage.managed from a managed-storage manifest
 * (`<HOME>/.mozilla/managed-storage/insession@insession.app.json`, `"type": "storage"`), which
 * Firefox reads when no enterprise policy sets the extension's `3rdparty` data. The test
 * gives Firefox a private HOME so the manifest affects only this browser.
 *
 * What this covers: the same policy and assertions as Chromium — the options page shows the
 * locked settings as locked and they cannot be changed. What it does not cover: delivery by
 * enterprise policies.json (`policies.3rdparty.Extensions`, policy/firefox/policies.json),
 * which lives in the Firefox installation's distribution directory and would affect every
 * Firefox on the machine; Firefox hands both to storage.managed the same way.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, FIXTURE_HOSTS, startFixtureServer, startConnectProxy } from './lib/fixture-server.js';
import { EXT, GECKO_ID, firefoxDriver } from './lib/ext-driver.js';
import { TEST_POLICY, lockedSettingsCannotChange } from './lib/policy-cases.js';
import { auditEachTest, serverLog } from './lib/net-log.js';

let server;
let proxy;
let home;
let d;

before(async () => {
  assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
  home = mkdtempSync(join(tmpdir(), 'insession-policy-firefox-home-'));
  const manifest = JSON.stringify({ name: GECKO_ID, description: 'InSession test policy', type: 'storage', data: TEST_POLICY }, null, 2);
  for (const dir of ['.mozilla/managed-storage', '.config/mozilla/managed-storage']) {
    mkdirSync(join(home, dir), { recursive: true });
    writeFileSync(join(home, dir, `${GECKO_ID}.json`), manifest);
  }
  server = await startFixtureServer();
  proxy = await startConnectProxy(server.port);
  d = await firefoxDriver({
    proxy,
    log: join(REPO, 'tests/.out/policy-firefox-geckodriver.log'),
    env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
  });
}, { timeout: 120_000 });

after(async () => {
  await d?.close();
  await proxy?.close();
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

// after every test: no request outside the fixture hosts (net-log.js)
auditEachTest(() => [d?.net, server && serverLog(server, FIXTURE_HOSTS)]);

test('firefox policy: locked settings are shown as locked and cannot be changed in the options page', { timeout: 120_000 },
  () => lockedSettingsCannotChange(d));
