/**
 * Issue 16 on the extension's own pages in Firefox ESR: the same scenarios as Chromium
 * (lib/trust-pages-cases.js) with the add-on installed temporarily from dist/extension and all
 * traffic through the fixture proxy (lib/ext-session.js).
 */
import { test } from 'node:test';
import { extensionSession } from './lib/ext-session.js';
import { scenarios } from './lib/trust-pages-cases.js';

const s = extensionSession('firefox', 'trust-pages');

for (const [name, run] of Object.entries(scenarios)) {
  test(`firefox: ${name}`, { timeout: 120_000 }, () => run(s.d));
}
