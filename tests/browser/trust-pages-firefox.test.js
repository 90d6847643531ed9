/**
 * Issue 16 on the extension's own pages in Firefox ESR: the same scenarios as Chromium
 * (lib/trust-pages-cases.js) with the add-on installed temporarily from dist/extension and all
 * traffic through the fixture proxy.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, FIXTURE_HOSTS, startFixtureServer, startConnectProxy } from './lib/fixture-server.js';
import { EXT, firefoxDriver } from './lib/ext-driver.js';
import { scenarios } from './lib/trust-pages-cases.js';
import { auditEachTest, serverLog } from './lib/net-log.js';

let server;
let proxy;
/** @type {Awaited<ReturnType<typeof firefoxDriver>>} */
let d;

before(async () => {
  assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
  server = await startFixtureServer();
  proxy = await startConnectProxy(server.port);
  d = await firefoxDriver({ proxy, log: join(REPO, 'tests/.out/trust-pages-firefox-geckodriver.log') });
}, { timeout: 120_000 });

after(async () => {
  await d?.close();
  await proxy?.close();
  await server?.close();
});

auditEachTest(() => [d?.net, server && serverLog(server, FIXTURE_HOSTS)]);

for (const [name, run] of Object.entries(scenarios)) {
  test(`firefox: ${name}`, { timeout: 120_000 }, () => run(d));
}
