/**
 * Settings end to end in Chromium (issue 5): the options page, the popup and the background's
 * settings storage, with the extension loaded from dist/extension and fixture sites under real
 * host names. The scenarios are shared with Firefox (lib/options-cases.js). Also: after every
 * test, no request left for anything but the fixture server (lib/ext-session.js).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extensionSession } from './lib/ext-session.js';
import { scenarios } from './lib/options-cases.js';

const s = extensionSession('chromium', 'options');

for (const [name, run] of Object.entries(scenarios)) {
  test(`chromium: ${name}`, { timeout: 120_000 }, () => run(s.d));
}

test('chromium settings: no network request outside the fixture server (whole session; each test is audited too)', () => {
  const foreign = s.d.net.problems();
  assert.deepEqual(foreign, [], `unexpected requests:\n  ${foreign.join('\n  ')}`);
  assert.ok(s.d.requested.some((u) => u.startsWith('https://x.com/')), 'the request log is live');
});
