/**
 * Issue 16 on the extension's own pages in Chromium: the turned-off rules listed in the settings
 * and the popup, and text sizes ≥ 14 px (lib/trust-pages-cases.js, shared with Firefox), with
 * the extension loaded from dist/extension. After every test, no request left for anything but
 * the fixture server (lib/net-log.js).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_HOSTS, startFixtureServer } from './lib/fixture-server.js';
import { auditEachTest, serverLog } from './lib/net-log.js';
import { EXT, chromiumDriver } from './lib/ext-driver.js';
import { scenarios } from './lib/trust-pages-cases.js';

let server;
let profile;
/** @type {Awaited<ReturnType<typeof chromiumDriver>>} */
let d;

before(async () => {
  assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
  server = await startFixtureServer();
  profile = mkdtempSync(join(tmpdir(), 'insession-trust-pages-chromium-'));
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
