/**
 * Issue 16 on the extension's own pages in Chromium: the turned-off rules listed in the settings
 * and the popup, and text sizes ≥ 14 px (lib/trust-pages-cases.js, shared with Firefox), with
 * the extension loaded from dist/extension. After every test, no request left for anything but
 * the fixture server (lib/ext-session.js).
 */
import { test } from 'node:test';
import { extensionSession } from './lib/ext-session.js';
import { scenarios } from './lib/trust-pages-cases.js';

const s = extensionSession('chromium', 'trust-pages');

for (const [name, run] of Object.entries(scenarios)) {
  test(`chromium: ${name}`, { timeout: 120_000 }, () => run(s.d));
}
