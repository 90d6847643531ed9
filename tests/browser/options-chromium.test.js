/**
 * Settings end to end in Chromium (issue 5): the options page, the popup and the background's
 * settings storage, with the extension loaded from dist/extension and fixture sites under real
 * host names. The scenarios are shared with Firefox (lib/options-cases.js). Also: after every
 * test, no request left for anything but the fixture server (lib/net-log.js).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_HOSTS, startFixtureServer } from './lib/fixture-server.js';
import { auditEachTest, serverLog } from './lib/net-log.js';
import { EXT, chromiumDriver } from './lib/ext-driver.js';
import { scenarios } from './lib/options-cases.js';

let server;
let profile;
/** @type {Awaited<ReturnType<typeof chromiumDriver>>} */
let d;

before(async () => {
  assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
  server = await startFixtureServer();
  profile = mkdtempSync(join(tmpdir(), 'insession-options-chromium-'));
  d = await chromiumDriver({ port: server.port, profile });
}, { timeout: 120_000 });

after(async () => {
  await d?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// after every test: no request outside the fixture hosts, and the extension's pages and
// service worker asked only for its own files (net-log.js)
auditEachTest(() => [d?.net, server && serverLog(server, FIXTURE_HOSTS)]);

for (const [name, run] of Object.entries(scenarios)) {
  test(`chromium: ${name}`, { timeout: 120_000 }, () => run(d));
}

test('chromium settings: no network request outside the fixture server (whole session; each test is audited too)', () => {
  const foreign = d.net.problems();
  assert.deepEqual(foreign, [], `unexpected requests:\n  ${foreign.join('\n  ')}`);
  assert.ok(d.requested.some((u) => u.startsWith('https://x.com/')), 'the request log is live');
});
