/**
 * The overlay with the real extension in headless Firefox ESR (selenium-webdriver +
 * geckodriver): the same fixtures, steps and expectations as overlay.chromium.test.js
 * (lib/overlay-cases.js). Needs ./build.sh first (dist/extension) and geckodriver
 * (cargo install geckodriver); the fixtures build themselves.
 */
import { test, before, after } from 'node:test';
import { launchFirefox } from './lib/drivers.js';
import { setupEnv } from './lib/overlay-cases.js';
import { defineOverlaySuite } from './lib/overlay-suite.js';
import { auditEachTest, serverLog } from './lib/net-log.js';

/** @type {Awaited<ReturnType<typeof setupEnv>>} */
let env;
before(async () => { env = await setupEnv(launchFirefox); }, { timeout: 180_000 });
after(async () => { await env?.close(); });
// after every test: no request outside the fixture hosts (net-log.js)
auditEachTest(() => [env?.d.net, env && serverLog(env.server, env.hosts)]);

defineOverlaySuite(test, () => env, { browser: 'firefox', screenshots: false });
