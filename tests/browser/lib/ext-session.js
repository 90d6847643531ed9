/**
 * One browser session with the extension loaded from dist/extension, for a test file that runs
 * shared scenarios against the extension's own pages: the fixture server (and in Firefox the
 * proxy every request goes through), the driver, cleanup, and the network audit after every
 * test. The suites that need it called the same setup out in full before; this is that setup
 * once.
 *
 *   const s = extensionSession('chromium', 'trust-pages');
 *   test('…', () => run(s.d));
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, FIXTURE_HOSTS, startFixtureServer, startConnectProxy } from './fixture-server.js';
import { auditEachTest, serverLog } from './net-log.js';
import { EXT, chromiumDriver, firefoxDriver } from './ext-driver.js';

/**
 * @param {'chromium' | 'firefox'} browser
 * @param {string} name  names the profile folder (Chromium) or the geckodriver log (Firefox)
 * @param {{ prefs?: Record<string, unknown> }} [opts]  Firefox preferences
 * @returns {{ d: any, server: any, proxy: any }}  filled in by the `before` hook
 */
export function extensionSession(browser, name, { prefs = {} } = {}) {
  /** @type {{ d: any, server: any, proxy: any }} */
  const s = { d: undefined, server: undefined, proxy: undefined };
  let profile;
  before(async () => {
    assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
    s.server = await startFixtureServer();
    if (browser === 'chromium') {
      profile = mkdtempSync(join(tmpdir(), `insession-${name}-chromium-`));
      s.d = await chromiumDriver({ port: s.server.port, profile });
    } else {
      s.proxy = await startConnectProxy(s.server.port);
      s.d = await firefoxDriver({ proxy: s.proxy, log: join(REPO, `tests/.out/${name}-firefox-geckodriver.log`), prefs });
    }
  }, { timeout: 120_000 });

  after(async () => {
    await s.d?.close();
    await s.proxy?.close();
    await s.server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  // after every test: no request outside the fixture hosts, and the extension's pages and
  // service worker asked only for its own files (net-log.js)
  auditEachTest(() => [s.d?.net, s.server && serverLog(s.server, FIXTURE_HOSTS)]);
  return s;
}
