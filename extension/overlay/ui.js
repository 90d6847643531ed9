/**
 * The overlay's visible parts, built with DOM calls only (no innerHTML anywhere): the badge,
 * the explanation card, the findings panel, the reminder bubble and the pause-before-posting
 * card. Page text (finding text, evidence) enters only as text nodes / textContent.
 *
 * Why it exists: keeps markup and wording in one place, separate from the controller's event
 * and timing logic (index.js). Every builder returns a fresh element; the controller places it.
 */
import { evidenceParts, replacementOf } from './findings.js';
import { plural } from './strings.js';

/**
 * @typedef {import('./index.js').Finding} Finding
 * @typedef {(key: import('./strings.js').StringKey, ...subs: (string|number)[]) => string} Str
 * @typedef {{ headline: string, detail: string }} HighReason  what the high reminder says, from the current findings
 */

/** Evidence kinds that are the finding itself, not a detail narrowing who it is. */
const NOT_DETAILS = new Set(['client reference', 'trigger', 'learned from similar posts']);

/**
 * The card's heading: the rule's title; for a rule without one (the learned scorer's), what
 * it is about by category.
 * @param {Finding} f
 * @param {Str} S
 */
export function findingTitle(f, S) {
  if (f.title) return f.title;
  const cat = /** @type {import('./strings.js').StringKey} */ (`categoryTitle_${f.category}`);
  const byCategory = S(cat);
  return byCategory !== cat ? byCategory : S('cardTitle');
}

/**
 * The short, live reason of a high finding: its title, and the details that narrow who it is
 * (or the words that raised it), counted with a real plural. Built from the finding as it is
 * now, so the bubble, the panel and the pause always match the card.
 * @param {Finding} f
 * @param {Str} S
 * @returns {HighReason}
 */
export function highSummary(f, S) {
  const ev = Array.isArray(f.evidence) ? f.evidence : [];
  const kinds = [...new Set(ev.map((e) => e.kind).filter((k) => k && !NOT_DETAILS.has(k)))];
  let detail = '';
  if (kinds.length) detail = plural(S, 'highDetails', kinds.length, kinds.join(', '));
  else {
    const words = [...new Set(ev.filter((e) => e.kind === 'learned from similar posts').map((e) => e.text))];
    if (words.length) detail = S('highWords', words.map((w) => `\u201c${w}\u201d`).join(', '));
  }
  return { headline: findingTitle(f, S), detail };
}

let uid = 0;
/** A document-unique id prefix for aria references inside one shadow root. */
export function nextId(prefix) {
  uid += 1;
  return `insession-${prefix}-${uid}`;
}

/**
 * Create an element. `text` sets textContent; `on<event>` adds a listener; other props become
 * attributes. String children become text nodes.
 * @param {Document} doc
 * @param {string} tag
 * @param {Record<string, any>|null} [props]
 * @param {...(Node|string|null|undefined|false|(Node|string|null|undefined|false)[])} children
 * @returns {HTMLElement}
 */
export function h(doc, tag, props, ...children) {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  }
  return el;
}

/** The severity chip: icon + written severity (never colour alone). */
export function severityChip(doc, /** @type {'high'|'caution'} */ severity, /** @type {Str} */ S) {
  return h(doc, 'span', { class: `sev ${severity}` },
    h(doc, 'span', { 'aria-hidden': 'true', text: severity === 'high' ? '!!' : '!' }),
    severity === 'high' ? S('severityHigh') : S('severityCaution'));
}

/** Icon text and label key for a risk level. */
export function riskLook(/** @type {string} */ risk) {
  switch (risk) {
    case 'high': return { icon: '!!', key: /** @type {const} */ ('riskHigh') };
    case 'caution': return { icon: '!', key: /** @type {const} */ ('riskCaution') };
    case 'checking': return { icon: '…', key: /** @type {const} */ ('riskChecking') };
    case 'error': return { icon: '?', key: /** @type {const} */ ('riskError') };
    // neutral, never a tick: the checker misses things, so "ok" is not an all-clear
    case 'ignored': return { icon: '!', key: /** @type {const} */ ('riskIgnored') };
    default: return { icon: '○', key: /** @type {const} */ ('riskOk') };
  }
}

/**
 * The badge button. Returns the element and an updater.
 * @param {Document} doc
 * @param {Str} S
 * @param {() => void} onActivate
 */
export function buildBadge(doc, S, onActivate) {
  const icon = h(doc, 'span', { class: 'icon', 'aria-hidden': 'true' });
  const count = h(doc, 'span', { class: 'count', 'aria-hidden': 'true' });
  const ign = h(doc, 'span', { class: 'ignored', 'aria-hidden': 'true', hidden: true });
  const el = h(doc, 'button', {
    type: 'button', class: 'badge', 'data-risk': 'ok', 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
    onclick: (/** @type {Event} */ e) => { e.preventDefault(); onActivate(); },
    // keep the editor's focus and selection when clicked with a pointer
    onmousedown: (/** @type {Event} */ e) => e.preventDefault(),
  }, icon, count, ign);
  return {
    el,
    /**
     * @param {string} risk  ok|caution|high|checking|error (of the findings shown)
     * @param {number} n     findings shown
     * @param {number} [ignored]  findings the user ignored that are still in the text
     */
    update(risk, n, ignored = 0) {
      // nothing shown but something ignored: say so, never "ok"
      const state = risk === 'ok' && ignored > 0 ? 'ignored' : risk;
      const look = riskLook(state);
      el.dataset.risk = state;
      icon.textContent = look.icon;
      count.textContent = n > 0 ? String(n) : '';
      ign.hidden = ignored === 0;
      ign.textContent = ignored > 0 ? plural(S, 'ignoredCount', ignored) : '';
      const ignoredNote = ignored > 0 ? ` ${plural(S, 'ignoredCount', ignored)}.` : '';
      const label = state === 'ok' ? S('badgeLabelOk', S('reminder')) : plural(S, 'badgeLabel', n, S(look.key));
      el.setAttribute('aria-label', `${label}${ignoredNote}`);
      el.title = state === 'ok' ? `${S('productName')}: ${S('riskOk')}. ${S('reminder')}` : `${S('productName')}: ${S(look.key)}${ignoredNote}`;
    },
  };
}

/**
 * The explanation card for one finding.
 * @param {Document} doc
 * @param {object} a
 * @param {Finding} a.finding
 * @param {string} a.text           the text the finding's offsets index (for the evidence)
 * @param {Str} a.S
 * @param {boolean} a.canApply
 * @param {() => void} a.onApply
 * @param {() => void} a.onIgnore
 * @param {() => void} a.onDisable   turn the rule off (after the card's own confirmation for high-risk rules)
 * @param {() => void} a.onClose
 * @param {() => void} [a.onLayout]  the card changed size (place it again)
 */
export function buildCard(doc, { finding: f, text, S, canApply, onApply, onIgnore, onDisable, onClose, onLayout }) {
  const titleId = nextId('card-title');
  const msgId = nextId('card-msg');
  const parts = evidenceParts(text, f);
  const evidence = h(doc, 'p', { class: 'evidence' },
    parts.map((p) => (p.mark ? h(doc, 'mark', { text: p.text }) : p.text)));
  const sources = [f.source, ...(f.sources || [])].filter((s, i, all) => s && all.indexOf(s) === i);
  const hasSuggestion = typeof f.suggestion === 'string' && f.suggestion.length > 0;
  // replacement text (the rule says so) is quoted and offered with Apply; advice is shown as
  // it is, never inserted
  const replacement = replacementOf(f);
  const error = h(doc, 'p', { class: 'error', role: 'alert', hidden: true });
  const el = h(doc, 'div', { class: 'pop card', role: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': msgId, 'data-finding': f.key || '' },
    h(doc, 'div', { class: 'head' },
      severityChip(doc, f.severity, S),
      // the rule's own title; focus lands here when the card opens (never on a dismiss button)
      h(doc, 'h2', { class: 'grow title', id: titleId, tabindex: '-1', text: findingTitle(f, S) }),
      h(doc, 'button', { type: 'button', class: 'x', 'aria-label': S('close'), text: '×', onclick: onClose })),
    h(doc, 'p', { id: msgId, class: 'msg', text: f.message }),
    h(doc, 'span', { class: 'label', text: S('evidence') }),
    evidence,
    sources.length ? h(doc, 'span', { class: 'label', text: S('source') }) : null,
    sources.length ? h(doc, 'p', { class: 'src', text: sources.join(' · ') }) : null,
    h(doc, 'span', { class: 'label', text: S('suggestion') }),
    h(doc, 'p', { class: replacement !== null ? 'sugg' : 'sugg advice', text: replacement !== null ? `“${replacement}”` : hasSuggestion ? /** @type {string} */ (f.suggestion) : S('noSuggestion') }),
    h(doc, 'div', { class: 'actions' },
      replacement !== null && canApply
        ? h(doc, 'button', { type: 'button', class: 'btn primary', 'data-action': 'apply', 'aria-label': S('applyLabel', f.text, replacement), text: S('apply'), onclick: onApply })
        : null,
      h(doc, 'button', { type: 'button', class: 'btn', 'data-action': 'ignore', 'aria-label': S(f.severity === 'high' ? 'ignoreLabelHigh' : 'ignoreLabel'), text: S('ignore'), onclick: onIgnore }),
      h(doc, 'button', { type: 'button', class: 'btn link', 'data-action': 'disable', text: S('disableRule'), onclick: () => (f.severity === 'high' ? confirmDisable() : onDisable()) })),
    error);
  /** High-risk rules ask first: the actions give way to a question with Turn off / Keep it on. */
  function confirmDisable() {
    const actions = /** @type {HTMLElement} */ (el.querySelector('.actions'));
    const qId = nextId('card-confirm');
    const keep = h(doc, 'button', { type: 'button', class: 'btn primary', 'data-action': 'keep-rule', text: S('disableKeep'), onclick: () => { confirm.replaceWith(actions); onLayout?.(); /** @type {HTMLElement|null} */ (actions.querySelector('[data-action="disable"]'))?.focus({ preventScroll: true }); } });
    const confirm = h(doc, 'div', { class: 'confirm', role: 'group', 'aria-labelledby': qId },
      h(doc, 'p', { id: qId, class: 'q', text: S('disableConfirm', findingTitle(f, S)) }),
      h(doc, 'div', { class: 'actions' },
        keep,
        h(doc, 'button', { type: 'button', class: 'btn danger', 'data-action': 'confirm-disable', text: S('disableConfirmYes'), onclick: onDisable })));
    actions.replaceWith(confirm);
    onLayout?.();
    keep.focus({ preventScroll: true });
  }
  return {
    el,
    /** @param {string} message */
    showError(message) {
      error.textContent = message;
      error.hidden = false;
    },
  };
}

/**
 * The reminder block: the standing question ("Would I discuss this in session?"), asked once;
 * on high, the short live reason above it.
 * @param {Document} doc
 * @param {Str} S
 * @param {HighReason|null} high
 */
export function buildReminder(doc, S, high) {
  return h(doc, 'div', { class: `reminder${high ? ' high' : ''}` },
    high ? h(doc, 'strong', { class: 'headline', text: high.headline }) : null,
    high && high.detail ? h(doc, 'span', { class: 'detail', text: high.detail }) : null,
    h(doc, 'strong', { class: 'question', text: S('reminder') }),
    high ? null : h(doc, 'span', { class: 'note', text: S('reminderDetail') }));
}

/**
 * The findings panel.
 * @param {Document} doc
 * @param {object} a
 * @param {Finding[]} a.findings
 * @param {Finding[]} [a.ignored]   findings the user ignored that are still in the text
 * @param {string} a.risk
 * @param {Str} a.S
 * @param {HighReason|null} a.highReason
 * @param {number|null} a.truncatedAt   characters checked when capped, else null
 * @param {string|null} a.error
 * @param {(f: Finding) => void} a.onPick
 * @param {(f: Finding) => void} [a.onUnignore]
 * @param {() => void} a.onClose
 */
export function buildPanel(doc, { findings, ignored = [], risk, S, highReason, truncatedAt, error, onPick, onUnignore, onClose }) {
  const titleId = nextId('panel-title');
  const state = risk === 'ok' && ignored.length ? 'ignored' : risk;
  const look = riskLook(state);
  const status = state === 'ignored' ? plural(S, 'ignoredCount', ignored.length) : S(look.key);
  return h(doc, 'div', { class: 'pop panel', role: 'dialog', 'aria-labelledby': titleId },
    h(doc, 'div', { class: 'head' },
      h(doc, 'h2', { class: 'grow', id: titleId, text: `${S('panelTitle')}: ${status}` }),
      h(doc, 'button', { type: 'button', class: 'x', 'aria-label': S('close'), text: '×', onclick: onClose })),
    buildReminder(doc, S, highReason),
    truncatedAt !== null ? h(doc, 'p', { class: 'note', 'data-truncated': '', text: S('truncated', truncatedAt.toLocaleString('en-US')) }) : null,
    error ? h(doc, 'p', { class: 'error', text: S('checkFailed', error) }) : null,
    findings.length
      ? [h(doc, 'span', { class: 'label', text: `${S('panelFindings')} (${findings.length})` }),
        h(doc, 'ul', { class: 'list' }, findings.map((f) => h(doc, 'li', null,
          h(doc, 'button', { type: 'button', 'data-finding': f.key || '', onclick: () => onPick(f) },
            severityChip(doc, f.severity, S),
            h(doc, 'span', null, h(doc, 'span', { class: 'q', text: `“${f.text}”` }), ' ', findingTitle(f, S))))))]
      : ignored.length ? null : h(doc, 'p', { 'data-empty': '', text: S('panelEmpty') }),
    ignored.length
      ? [h(doc, 'span', { class: 'label', text: plural(S, 'ignoredTitle', ignored.length) }),
        h(doc, 'ul', { class: 'list ignored' }, ignored.map((f) => h(doc, 'li', { class: 'row' },
          severityChip(doc, f.severity, S),
          h(doc, 'span', { class: 'grow' }, h(doc, 'span', { class: 'q', text: `“${f.text}”` })),
          h(doc, 'button', { type: 'button', class: 'btn link', 'data-action': 'unignore', 'data-finding': f.key || '', 'aria-label': S('unignoreLabel', f.text), text: S('unignore'), onclick: () => onUnignore?.(f) }))))]
      : null,
    h(doc, 'p', { class: 'note', text: S('shortcutHint') }));
}

/**
 * The reminder bubble shown on first focus (dismissible for the browsing session) and when a
 * post becomes high.
 * @param {Document} doc
 * @param {object} a
 * @param {Str} a.S
 * @param {HighReason|null} a.highReason
 * @param {boolean} a.dismissible
 * @param {() => void} a.onDismiss
 * @param {() => void} a.onClose
 * @param {() => void} a.onDetails
 */
export function buildBubble(doc, { S, highReason, dismissible, onDismiss, onClose, onDetails }) {
  return h(doc, 'div', { class: 'pop bubble', role: 'note', 'aria-label': S('reminder') },
    h(doc, 'div', { class: 'head' },
      h(doc, 'span', { class: 'grow' }, buildReminder(doc, S, highReason)),
      h(doc, 'button', { type: 'button', class: 'x', 'aria-label': S('close'), text: '×', onclick: onClose, onmousedown: (/** @type {Event} */ e) => e.preventDefault() })),
    h(doc, 'div', { class: 'actions' },
      highReason ? h(doc, 'button', { type: 'button', class: 'btn', 'data-action': 'details', text: S('panelTitle'), onclick: onDetails }) : null,
      dismissible ? h(doc, 'button', { type: 'button', class: 'btn link', 'data-action': 'dismiss', text: S('reminderDismiss'), onclick: onDismiss, onmousedown: (/** @type {Event} */ e) => e.preventDefault() }) : null));
}

/**
 * The pause-before-posting card.
 * @param {Document} doc
 * @param {object} a
 * @param {Str} a.S
 * @param {HighReason} a.reason
 * @param {boolean} [a.ignored]  the high finding behind the pause was ignored by the user
 * @param {() => void} a.onEdit
 * @param {() => void} a.onPost
 */
export function buildPause(doc, { S, reason, ignored = false, onEdit, onPost }) {
  // title: what it is; body: the details, then the question once
  const titleId = nextId('pause-title');
  const bodyId = nextId('pause-body');
  return h(doc, 'div', { class: 'pop pause', role: 'alertdialog', 'aria-modal': 'false', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
    h(doc, 'h2', { id: titleId, text: S('pauseTitle', reason.headline) }),
    h(doc, 'div', { id: bodyId },
      reason.detail ? h(doc, 'p', { class: 'detail', text: reason.detail }) : null,
      h(doc, 'p', { text: S('pauseBody', S('reminder')) })),
    ignored ? h(doc, 'p', { class: 'note', 'data-ignored': '', text: S('pauseIgnored') }) : null,
    h(doc, 'div', { class: 'actions' },
      h(doc, 'button', { type: 'button', class: 'btn primary', 'data-action': 'edit', text: S('edit'), onclick: onEdit }),
      h(doc, 'button', { type: 'button', class: 'btn', 'data-action': 'post-anyway', text: S('postAnyway'), onclick: onPost })));
}

/**
 * The notice after "Turn off this rule": says which rule is off and offers Undo for a few
 * seconds (the controller times it out; a keyboard user lands on Undo).
 * @param {Document} doc
 * @param {object} a
 * @param {Str} a.S
 * @param {string} a.title   the rule's title
 * @param {() => void} a.onUndo
 * @param {() => void} a.onClose
 */
export function buildUndo(doc, { S, title, onUndo, onClose }) {
  const msgId = nextId('undo-msg');
  return h(doc, 'div', { class: 'pop undo', role: 'group', 'aria-labelledby': msgId },
    h(doc, 'div', { class: 'head' },
      h(doc, 'p', { class: 'grow', id: msgId, role: 'status', text: S('ruleOff', title) }),
      h(doc, 'button', { type: 'button', class: 'btn primary', 'data-action': 'undo', text: S('undo'), onclick: onUndo }),
      h(doc, 'button', { type: 'button', class: 'x', 'aria-label': S('close'), text: '×', onclick: onClose })),
    h(doc, 'p', { class: 'note', text: S('ruleOffWhere') }));
}
