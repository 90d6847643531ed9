/**
 * Settings end to end in Chromium (issue 5): the options page, the popup and the background's
 * settings storage, with the extension loaded from dist/extension and fixture sites under real
 * host names. The scenarios are shared with Firefox (lib/options-cases.js). Also: no request
 * leaves for anything but the fixture server.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_HOSTS, startFixtureServer } from './lib/fixture-server.js';
import { foreignRequests } from './lib/cases.js';
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

for (const [name, run] of Object.entries(scenarios)) {
  test(`chromium: ${name}`, { timeout: 120_000 }, () => run(d));
}

test('chromium settings: no network request outside the fixture server', () => {
  const foreign = foreignRequests(d.requested, FIXTURE_HOSTS);
  assert.deepEqual(foreign, [], `unexpected requests: ${foreign.join(', ')}`);
  assert.ok(d.requested.some((u) => u.startsWith('https://x.com/')), 'the request log is live');
});
