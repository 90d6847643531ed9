/**
 * The custom-rule editor's form ↔ rule object, and where each of the core's validation errors
 * belongs. Pure DOM helpers, no messaging: options.js validates with the background
 * (`validateConfig`, the same validator as `insession check --rules`) and shows the errors
 * next to the fields they name.
 */

import { tn } from './i18n.js';

/** Form field names that a validator error can point at. */
export const FIELDS = Object.freeze(['id', 'category', 'severity', 'phrases', 'regex', 'message', 'suggestion', 'source']);

/**
 * The rule the form describes, in the custom-rule format. Optional fields are left out when
 * empty and options at their defaults (whole_word true, case_sensitive false) are left out,
 * so exported files stay short. Blank phrase lines are ignored.
 * @param {HTMLFormElement} form
 * @param {{enabled?: boolean}} [previous] the rule being edited (its `enabled` is kept)
 */
export function readRule(form, previous) {
  const el = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
  const kind = /** @type {HTMLInputElement|null} */ (form.querySelector('input[name="kind"]:checked'))?.value ?? 'phrases';
  /** @type {Record<string, unknown>} */
  const rule = {
    id: el('id').value.trim(),
    category: el('category').value,
    severity: el('severity').value,
  };
  if (kind === 'regex') rule.regex = el('regex').value;
  else rule.phrases = el('phrases').value.split('\n').map((p) => p.trim()).filter(Boolean);
  if (!el('whole_word').checked) rule.whole_word = false;
  if (el('case_sensitive').checked) rule.case_sensitive = true;
  rule.message = el('message').value.trim();
  // ticked: words that take the match's place (Apply), saved as `replace`; else advice
  const suggestion = el('suggestion').value.trim();
  if (suggestion) rule[el('replace').checked ? 'replace' : 'suggestion'] = suggestion;
  const source = el('source').value.trim();
  if (source) rule.source = source;
  if (previous && previous.enabled === false) rule.enabled = false;
  return rule;
}

/** True when the form has nothing typed in it (an untouched new rule). */
export function isBlank(form) {
  const el = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
  return ['id', 'phrases', 'regex', 'message', 'suggestion', 'source'].every((n) => !el(n).value.trim());
}

/**
 * Puts a rule into the form (or clears it for a new rule).
 * @param {HTMLFormElement} form
 * @param {Record<string, any>|null} rule
 */
export function fillForm(form, rule) {
  const el = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
  const r = rule ?? {};
  el('id').value = r.id ?? '';
  if (r.category) el('category').value = r.category;
  else el('category').selectedIndex = 0;
  el('severity').value = r.severity ?? 'caution';
  const kind = typeof r.regex === 'string' ? 'regex' : 'phrases';
  /** @type {HTMLInputElement} */ (form.querySelector(`input[name="kind"][value="${kind}"]`)).checked = true;
  el('phrases').value = Array.isArray(r.phrases) ? r.phrases.join('\n') : '';
  el('regex').value = typeof r.regex === 'string' ? r.regex : '';
  el('whole_word').checked = r.whole_word !== false;
  el('case_sensitive').checked = r.case_sensitive === true;
  el('message').value = r.message ?? '';
  el('suggestion').value = typeof r.replace === 'string' ? r.replace : r.suggestion ?? '';
  el('replace').checked = typeof r.replace === 'string';
  el('source').value = r.source ?? '';
  showKind(form);
}

/** Shows the phrases or the regex input, whichever kind is chosen. */
export function showKind(form) {
  const kind = /** @type {HTMLInputElement|null} */ (form.querySelector('input[name="kind"]:checked'))?.value ?? 'phrases';
  for (const row of form.querySelectorAll('[data-kind]')) /** @type {HTMLElement} */ (row).hidden = row.getAttribute('data-kind') !== kind;
}

/**
 * The form field a validator error belongs to: `phrases[3]` → `phrases`, `replace` →
 * `suggestion` (one input, with the "replace" box), `whole_word` → null (shown in the
 * summary), anything unknown → null.
 * @param {{field: string}} error
 */
export function fieldOf(error) {
  const base = String(error.field).replace(/\[\d+\]$/, '').split('.')[0];
  if (base === 'replace') return 'suggestion';
  return FIELDS.includes(base) ? base : null;
}

/**
 * Shows `errors` next to their fields (and the rest in `summary`); clears earlier ones.
 * Each message names the field, as the CLI does: "regex: invalid regular expression: …".
 * @param {HTMLFormElement} form
 * @param {HTMLElement} summary
 * @param {{rule: string, field: string, message: string}[]} errors
 * @param {(key: string, subs?: string[]) => string} t
 */
export function showErrors(form, summary, errors, t) {
  for (const p of form.querySelectorAll('.field-error')) {
    p.textContent = '';
    /** @type {HTMLElement} */ (p).hidden = true;
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const loose = [];
  for (const e of errors) {
    const field = fieldOf(e);
    const p = field && form.querySelector(`.field-error[data-error-for="${field}"]`);
    if (!p) { loose.push(e); continue; }
    const line = `${e.field}: ${e.message}`;
    p.textContent = p.textContent ? `${p.textContent} · ${line}` : line;
    /** @type {HTMLElement} */ (p).hidden = false;
    const input = form.elements.namedItem(field);
    if (input instanceof HTMLElement) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', p.id || (p.id = `err-${field}`));
    }
  }
  summary.textContent = '';
  summary.hidden = errors.length === 0;
  if (errors.length) {
    const head = document.createElement('p');
    head.textContent = tn('options_ruleInvalid', errors.length);
    summary.append(head);
    if (loose.length) {
      const ul = document.createElement('ul');
      for (const e of loose) {
        const li = document.createElement('li');
        li.textContent = `${e.rule ? `${e.rule}: ` : ''}${e.field}: ${e.message}`;
        ul.append(li);
      }
      summary.append(ul);
    }
  }
}
