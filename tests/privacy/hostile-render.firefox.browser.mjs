// Hostile text in a real browser, Firefox (issue 6, items 2 and 4): the same payloads, steps
// and expectations as the Chromium test (hostile-render.browser.mjs), from
// hostile-render-cases.mjs — HTML and script payloads and `javascript:` links typed into a
// field come back as text in the explanation card and the findings panel.
//
//   ./build.sh && node --test --test-concurrency=1 tests/privacy/hostile-render.firefox.browser.mjs
//
// Debian's firefox-esr through selenium-webdriver + geckodriver (cargo install geckodriver),
// the test build of dist/extension as a temporary add-on, all traffic through the fixture
// proxy (tests/browser/lib/drivers.js). Run by `./build.sh test` (suite privacy-browser).

import { join } from 'node:path';
import { REPO } from '../browser/lib/fixture-server.js';
import { launchFirefox } from '../browser/lib/drivers.js';
import { defineHostileRenderTests } from './hostile-render-cases.mjs';

defineHostileRenderTests('firefox', (opts) => launchFirefox({ ...opts, log: join(REPO, 'tests/.out/hostile-render-firefox-geckodriver.log') }));
