/**
 * The organisation-policy scenario, shared by Chromium (a policy file under
 * /etc/chromium/policies/managed/) and Firefox (a managed-storage manifest in a private HOME):
 * the options page shows the locked settings as locked and they cannot be changed there, a
 * forced category cannot be turned off, the rule pack is listed read-only and warns on a site,
 * and the policy's site is listed as kept on.
 */
import assert from 'node:assert/strict';
import { waitForHook, fieldState } from './cases.js';
import { until } from './ext-driver.js';
import { page, OPTIONS } from './options-cases.js';

/** The policy the tests deploy (also a readable example of the managed keys). */
export const TEST_POLICY = Object.freeze({
  sensitivity: 'strict',
  forceCategories: ['stigma'],
  sites: ['mastodon.example'],
  rulePacks: [{
    name: 'Test Trust policy',
    rules: [{ id: 'trust-ward', category: 'confidentiality', severity: 'high', phrases: ['Ward 9'],
      message: 'Names a ward of the Trust: with a client reference this can identify a patient.' }],
  }],
});

const settingsOf = async (d) => (await d.eval(page.send, { type: 'getSettings' })).settings;

export async function lockedSettingsCannotChange(d) {
  await d.gotoExtension(OPTIONS);
  const s = await until(async () => {
    const got = await settingsOf(d);
    return got.policy?.active ? got : null;
  }, 'the background sees the managed policy');
  assert.equal(s.locked.sensitivity, true);

  // sensitivity: shown as locked, strict, and the controls are disabled
  const view = await d.eval(() => ({
    strict: document.querySelector('#sensitivity-strict').checked,
    disabled: [...document.querySelectorAll('input[name="sensitivity"]')].every((i) => i.disabled),
    badge: !document.querySelector('[data-locked-for="sensitivity"]').hidden,
    banner: !document.querySelector('#policy-banner').hidden,
    lockedAttr: document.querySelector('#sensitivity').getAttribute('data-locked'),
  }));
  assert.deepEqual(view, { strict: true, disabled: true, badge: true, banner: true, lockedAttr: 'true' });

  // trying anyway: a click on the disabled control changes nothing, and neither does a
  // request that goes around the page
  const before = JSON.stringify((await d.eval(page.readStorage)).sync);
  await d.eval(() => document.querySelector('#sensitivity-relaxed').click());
  assert.equal(await d.eval(() => document.querySelector('#sensitivity-strict').checked), true);
  const refused = await d.eval(page.send, { type: 'setSettings', settings: { config: { sensitivity: 'relaxed' } } });
  assert.equal(refused.type, 'error');
  assert.match(refused.message, /sensitivity is set by your organisation/);
  assert.equal(JSON.stringify((await d.eval(page.readStorage)).sync), before, 'storage unchanged');
  assert.equal((await settingsOf(d)).policy.sensitivity, 'strict');

  // a forced category: its switches are locked on
  const cat = await d.eval(() => ({
    category: document.querySelector('.category-toggle[data-category="stigma"]').disabled,
    rule: document.querySelector('#rule-stigma\\.crazy-insane').disabled,
    on: document.querySelector('#rule-stigma\\.crazy-insane').checked,
  }));
  assert.deepEqual(cat, { category: true, rule: true, on: true });
  const forced = await d.eval(page.send, { type: 'setSettings', settings: { config: { disabled_rules: ['stigma.crazy-insane'] } } });
  assert.match(forced.message ?? '', /kept on by your organisation/);

  // the rule pack is listed read-only; the site is listed as kept on
  assert.ok(await d.eval(page.text, '#pack-list [data-pack-rule="trust-ward"]'), 'the pack rule is listed');
  const site = await d.eval(() => {
    const t = document.querySelector('.site-toggle[data-site="mastodon.example"]');
    return t && { disabled: t.disabled, checked: t.checked };
  });
  assert.deepEqual(site, { disabled: true, checked: true });

  // and the pack warns on a site
  const text = 'Long night shift on Ward 9 again.';
  await d.gotoSite('x.com');
  await d.type('#post-textarea', text);
  await waitForHook(() => d.eval(fieldState, 'post-textarea'), 'x.com #post-textarea', text, 'high');
}
