/**
 * The overlay with the real extension in headless Chromium (Debian chromium via playwright-core):
 * every editor fixture (Draft.js, Lexical, ProseMirror, Quill, textarea ×2, plain
 * contenteditable) under its site's real host name. The steps and expectations are shared with
 * Firefox (lib/overlay-cases.js). With INSESSION_SCREENSHOTS=1 (./build.sh screenshots) this run
 * also rewrites the committed screenshots in docs/screenshots/; a test run never does. Needs
 * ./build.sh first (dist/extension); the fixtures build themselves.
 */
import { test, before, after } from 'node:test';
import { launchChromium } from './lib/drivers.js';
import { setupEnv } from './lib/overlay-cases.js';
import { defineOverlaySuite } from './lib/overlay-suite.js';
import { auditEachTest, serverLog } from './lib/net-log.js';

/** @type {Awaited<ReturnType<typeof setupEnv>>} */
let env;
before(async () => { env = await setupEnv(launchChromium); }, { timeout: 180_000 });
after(async () => { await env?.close(); });
// after every test: no request outside the fixture hosts (net-log.js)
auditEachTest(() => [env?.d.net, env && serverLog(env.server, env.hosts)]);

// the committed screenshots are taken only when asked for (./build.sh screenshots), never by a test run
defineOverlaySuite(test, () => env, { browser: 'chromium', screenshots: process.env.INSESSION_SCREENSHOTS === '1' });
