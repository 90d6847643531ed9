// Hostile text in a real browser, Chromium (issue 6, items 2 and 4): HTML and script payloads
// and `javascript:` links typed into a field come back as text in the explanation card and the
// findings panel — no element, no handler, no request, no dialog. The steps and expectations
// are shared with Firefox (hostile-render.firefox.browser.mjs) in hostile-render-cases.mjs.
//
//   ./build.sh && node --test --test-concurrency=1 tests/privacy/hostile-render.browser.mjs
//
// Debian's /usr/bin/chromium through playwright-core (tests/browser/lib/drivers.js), the test
// build of dist/extension (tests/browser/lib/extension-build.js). Run by `./build.sh test`
// (suite privacy-browser).

import { launchChromium } from '../browser/lib/drivers.js';
import { defineHostileRenderTests } from './hostile-render-cases.mjs';

defineHostileRenderTests('chromium', launchChromium);
