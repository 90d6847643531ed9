/**
 * Organisation policy in Chromium: a managed policy file under /etc/chromium/policies/managed/
 * (the Linux location Chrome and Chromium read; the tests run as root) sets InSession's
 * storage.managed through `3rdparty.extensions.<id>`, validated against
 * extension/background/managed_schema.json.
 *
 * Isolation: the policy names the id of a private copy of the extension (an unpacked
 * extension's id is derived from its path), so Chromium instances other tests start meanwhile
 * load dist/extension under another id and never see this policy; the file is removed at the
 * end. Skipped (with the reason) when not running as root.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_HOSTS, startFixtureServer } from './lib/fixture-server.js';
import { EXT, chromiumDriver, unpackedExtensionId } from './lib/ext-driver.js';
import { TEST_POLICY, lockedSettingsCannotChange } from './lib/policy-cases.js';
import { auditEachTest, serverLog } from './lib/net-log.js';

const POLICY_DIR = '/etc/chromium/policies/managed';
const asRoot = process.getuid?.() === 0;

let server;
let work;
let policyFile;
let d;

before(async () => {
  if (!asRoot) return;
  assert.ok(existsSync(join(EXT, 'manifest.json')), `${EXT} is missing: run ./build.sh first`);
  work = mkdtempSync(join(tmpdir(), 'insession-policy-chromium-'));
  const copy = join(work, 'extension');
  cpSync(EXT, copy, { recursive: true });
  const id = unpackedExtensionId(copy);
  mkdirSync(POLICY_DIR, { recursive: true });
  policyFile = join(POLICY_DIR, `insession-test-${process.pid}.json`);
  writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [id]: TEST_POLICY } } }, null, 2));
  server = await startFixtureServer();
  d = await chromiumDriver({ port: server.port, profile: join(work, 'profile'), ext: copy });
  assert.equal(d.id, id, 'the extension id computed from its path is the one Chromium gave it');
}, { timeout: 120_000 });

after(async () => {
  if (policyFile) rmSync(policyFile, { force: true });
  await d?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

// after every test: no request outside the fixture hosts (net-log.js)
auditEachTest(() => [d?.net, server && serverLog(server, FIXTURE_HOSTS)]);

test('chromium policy: locked settings are shown as locked and cannot be changed in the options page',
  { timeout: 120_000, skip: asRoot ? false : 'needs root to write /etc/chromium/policies/managed' },
  () => lockedSettingsCannotChange(d));
