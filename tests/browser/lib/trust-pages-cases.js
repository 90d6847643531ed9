/**
 * Issue 16 on the extension's own pages, run in Chromium and Firefox through lib/ext-driver.js
 * (trust-pages-chromium.test.js, trust-pages-firefox.test.js): the rules a user turned off are
 * listed at the top of the settings page and in the popup, each with a working "Turn on", and
 * text on both pages is at least 14 px (Chrome gives extension pages `body{font-size:75%}`).
 *
 * Page functions (`page.*` of options-cases.js and the ones here) run inside the browser.
 */
import assert from 'node:assert/strict';
import { until } from './ext-driver.js';
import { page, fresh, OPTIONS } from './options-cases.js';

const CLIENT_RULE = 'confidentiality.identifiable-client';
const CLIENT_TITLE = 'A client could be identified from the details';

async function settings(d) {
  const reply = await d.eval(page.send, { type: 'getSettings' });
  assert.equal(reply.type, 'settings', JSON.stringify(reply));
  return reply.settings;
}

/**
 * The smallest computed font size of any visible element with text of its own (light DOM),
 * with the element that has it.
 */
function smallestText() {
  let min = { px: Infinity, what: '' };
  for (const el of document.body.querySelectorAll('*')) {
    if (!(el instanceof HTMLElement) || ['SCRIPT', 'STYLE'].includes(el.tagName)) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || el.closest('.visually-hidden, [hidden]')) continue;
    const px = parseFloat(cs.fontSize);
    if (px < min.px) min = { px, what: `<${el.localName}${el.id ? `#${el.id}` : ''} class="${el.className}">${el.textContent.trim().slice(0, 40)}` };
  }
  return { ...min, body: parseFloat(getComputedStyle(document.body).fontSize) };
}

export const scenarios = {
  async 'font sizes: body text and every label on the settings page and the popup are at least 14 px'(d) {
    await fresh(d);
    // something in every list: a turned-off rule, a custom rule
    await d.eval(page.send, { type: 'setSettings', settings: { config: { disabled_rules: ['stigma.crazy-insane'] } } });
    await d.gotoExtension(OPTIONS);
    await until(() => d.eval(() => document.querySelectorAll('.rule').length > 10), 'the rules are listed');
    const opt = await d.eval(smallestText);
    assert.ok(opt.body >= 14, `settings page body text is ${opt.body} px`);
    assert.ok(opt.px >= 14, `settings page: the smallest text is ${opt.px} px: ${opt.what}`);
    await d.gotoExtension('popup/popup.html');
    await until(() => d.eval(() => document.documentElement.getAttribute('data-ready') === '1'), 'the popup is ready');
    const pop = await d.eval(smallestText);
    assert.ok(pop.body >= 14, `popup body text is ${pop.body} px`);
    assert.ok(pop.px >= 14, `popup: the smallest text is ${pop.px} px: ${pop.what}`);
  },

  async 'turned-off rules: listed at the top of the settings page and in the popup, each with "Turn on"'(d) {
    await fresh(d);
    await d.eval(page.send, { type: 'setSettings', settings: { config: {
      disabled_rules: [CLIENT_RULE],
      rules: [{ id: 'local-employer', category: 'confidentiality', severity: 'caution', phrases: ['Acme Mill'], message: 'Names a local employer.', enabled: false }],
    } } });
    await d.gotoExtension(OPTIONS);
    const listed = await until(() => d.eval(() => {
      const box = document.querySelector('#turned-off');
      if (!box || box.hidden) return null;
      return { head: box.querySelector('h2').textContent, items: [...box.querySelectorAll('li')].map((li) => [li.dataset.ruleId, li.querySelector('.title').textContent]), first: box.compareDocumentPosition(document.querySelector('#general')) & Node.DOCUMENT_POSITION_FOLLOWING };
    }), 'the turned-off list on the settings page');
    assert.equal(listed.head, '2 rules turned off');
    assert.deepEqual(listed.items, [[CLIENT_RULE, CLIENT_TITLE], ['local-employer', 'Local employer']]);
    assert.ok(listed.first, 'the list comes before the general settings');
    await d.click(`#turned-off [data-turn-on="${CLIENT_RULE}"]`);
    await until(async () => !((await settings(d)).config.disabled_rules ?? []).includes(CLIENT_RULE), 'the client rule on again');
    await until(() => d.eval(() => document.querySelector('#turned-off h2').textContent === '1 rule turned off'), 'the list updated');
    // the popup: the custom rule, turned on from there
    await d.gotoExtension('popup/popup.html');
    const inPopup = await until(() => d.eval(() => {
      const box = document.querySelector('#popup-turned-off');
      return box && !box.hidden && [...box.querySelectorAll('li')].map((li) => li.dataset.ruleId);
    }), 'the turned-off list in the popup');
    assert.deepEqual(inPopup, ['local-employer']);
    await d.click('#popup-turned-off [data-turn-on="local-employer"]');
    await until(async () => (await settings(d)).config.rules?.[0]?.enabled !== false, 'the custom rule on again');
    await until(() => d.eval(() => document.querySelector('#popup-turned-off').hidden), 'the popup list is gone');
  },
};
