/**
 * Warnings a clinician can trust (issue 16) in headless Chromium: the real extension (test
 * build) on the Facebook (Lexical) fixture; the steps and expectations are shared with Firefox
 * (lib/trust-cases.js). Needs ./build.sh first (dist/extension).
 */
import { test, before, after } from 'node:test';
import { launchChromium } from './lib/drivers.js';
import { setupEnv } from './lib/overlay-cases.js';
import { defineTrustSuite } from './lib/trust-suite.js';
import { auditEachTest, serverLog } from './lib/net-log.js';

/** @type {Awaited<ReturnType<typeof setupEnv>>} */
let env;
before(async () => { env = await setupEnv(launchChromium); }, { timeout: 180_000 });
after(async () => { await env?.close(); });
auditEachTest(() => [env?.d.net, env && serverLog(env.server, env.hosts)]);

defineTrustSuite(test, () => env, 'chromium');
