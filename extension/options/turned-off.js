/**
 * The list of rules the user turned off, each with a "Turn on" button: shown at the top of the
 * settings page and in the toolbar popup, so a rule switched off from a card (one click) is
 * never out of sight and always one click from coming back.
 *
 * Which rules, with which titles: shared/rule-titles.js (`turnedOffRules`); turning one on
 * again is `turnBackOn` on the configuration, saved by the caller through the protocol.
 */
import { turnedOffRules } from '../shared/rule-titles.js';
import { el } from './dom.js';
import { t, tn } from './i18n.js';

/**
 * Fill `box` (a section with a heading and a <ul>) with the turned-off rules; hide it when
 * there are none.
 * @param {HTMLElement} box
 * @param {{config?: any, locked?: {rules?: string[]}}} settings
 * @param {{id: string, title?: string}[]} builtins
 * @param {(id: string) => void} onTurnOn
 */
export function renderTurnedOff(box, settings, builtins, onTurnOn) {
  const list = turnedOffRules(settings?.config ?? {}, builtins, settings?.locked?.rules ?? []);
  box.hidden = list.length === 0;
  const head = /** @type {HTMLElement} */ (box.querySelector('[data-turned-off-title]'));
  head.textContent = tn('turnedOff_title', list.length);
  const ul = /** @type {HTMLElement} */ (box.querySelector('ul'));
  ul.textContent = '';
  for (const r of list) {
    ul.append(el('li', { 'data-rule-id': r.id },
      el('span', { class: 'title', text: r.title }),
      el('button', { type: 'button', 'data-turn-on': r.id, 'aria-label': t('turnedOff_turnOnLabel', [r.title]), text: t('turnedOff_turnOn'), onclick: () => onTurnOn(r.id) })));
  }
}
