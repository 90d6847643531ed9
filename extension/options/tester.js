/**
 * The options page's live tester: a text box with the same overlay as on the sites
 * (extension/overlay/: underlines, cards, badge and panel), checked by the real core in the
 * background with the configuration being edited (`checkDraft`: the saved settings plus the
 * editor's rule, with the organisation's policy and the watch list applied; nothing saved).
 *
 * Like the content script, it writes the test hook on the field: `data-insession-risk` and
 * `data-insession-findings` after each check of the current text.
 */
import * as P from '../shared/protocol.js';
import { createFieldOverlay } from '../overlay/index.js';
import { ask } from './api.js';
import { t, tn } from './i18n.js';

/**
 * @param {object} o
 * @param {HTMLTextAreaElement} o.field
 * @param {HTMLElement} o.summary
 * @param {() => object} o.config          the user configuration to test with
 * @param {() => string} o.reminderText
 * @param {(ruleId: string) => void} o.onDisableRule
 * @param {(ruleId: string) => void} [o.onEnableRule]   Undo of "Turn off this rule"
 */
export function createTester(o) {
  const translate = (key, subs) => {
    if (key === 'reminder') return o.reminderText();
    try {
      return P.ext.i18n.getMessage(`overlay_${key}`, subs) || null;
    } catch {
      return null;
    }
  };
  const overlay = createFieldOverlay({
    field: o.field,
    check: async (text) => (await ask(P.checkDraft(text, o.config()), 'report')).report,
    t: translate,
    pauseBeforePosting: false, // nothing to post here
    reminder: { firstFocus: false },
    shadowMode: 'open',
    onDisableRule: (ruleId) => o.onDisableRule(ruleId),
    onEnableRule: (ruleId) => o.onEnableRule?.(ruleId),
    onChange: ({ risk, findings, text, stale }) => {
      if (stale) return;
      render(risk, findings, text);
    },
  });

  function render(risk, findings, text) {
    const s = o.summary;
    s.textContent = '';
    if (!text.trim()) {
      o.field.removeAttribute('data-insession-risk');
      o.field.removeAttribute('data-insession-findings');
      s.textContent = t('options_testerEmpty');
      return;
    }
    o.field.setAttribute('data-insession-risk', risk);
    o.field.setAttribute('data-insession-findings', String(findings.length));
    const pill = document.createElement('span');
    pill.className = `pill ${risk}`;
    pill.textContent = t(risk === 'high' ? 'riskHigh' : risk === 'caution' ? 'riskCaution' : 'riskOk');
    s.append(pill, ' ', tn('options_testerCount', findings.length));
    if (findings.length) {
      const ul = document.createElement('ul');
      ul.className = 'finding-list';
      for (const f of findings) {
        const li = document.createElement('li');
        li.setAttribute('data-rule', f.rule);
        const code = document.createElement('code');
        code.textContent = f.rule;
        li.append(code, ` — ${f.message}`);
        ul.append(li);
      }
      s.append(ul);
    }
  }

  return {
    overlay,
    /** Checks the text again (the rules changed). */
    refresh() {
      overlay.refresh();
    },
  };
}
