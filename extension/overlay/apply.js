/**
 * "Apply": replace one span of a field through the editor's own input path.
 *
 * Why it exists: editors (Draft.js, Lexical, ProseMirror, Quill) keep their own model of the
 * text and rebuild the DOM from it; writing to the DOM behind their back corrupts their state
 * (the "fix that broke other lines" bug), breaks undo and moves the caret. So we do what a user
 * does: select the span, then insert the replacement as typed text —
 * `document.execCommand('insertText')`, which fires `beforeinput`/`input` that every editor
 * handles and records in its undo history (native undo for textarea and plain
 * contenteditable). Only where execCommand is unsupported (returns false), a synthetic `beforeinput`
 * (inputType insertReplacementText, with a DataTransfer and target range) is offered to the
 * editor; a textarea falls back to `setRangeText` + `input`.
 *
 * Selection first settles: editors learn the selection from `selectionchange`, which arrives
 * asynchronously (Draft.js even re-renders on it), so we wait for it before inserting. After
 * inserting we re-read the field and verify the text is exactly the old text with the span
 * replaced; on a mismatch nothing else is attempted (the user may have typed or undone in the
 * meantime), so text is never lost and never changed twice. Note: Firefox fires no
 * `beforeinput` for execCommand; the editors then pick the change up from `input`/mutations
 * (verified with Lexical, ProseMirror, Quill and Draft.js in tests/overlay/firefox-smoke.mjs).
 */
import { readModel, selectSpan, selectionOffsets, modelRange } from './textmodel.js';

/**
 * @typedef {object} ApplyResult
 * @property {boolean} ok
 * @property {'execCommand'|'beforeinput'|'setRangeText'|'dom'|null} method
 * @property {string} [error]     what went wrong, for the UI and logs
 */

/**
 * Wait for the next `selectionchange` (or `maxMs`), then two animation frames, so an editor
 * that syncs its model on selectionchange (and re-renders) has done so.
 * @param {Document} doc
 * @param {number} [maxMs]
 */
export function settle(doc, maxMs = 60) {
  const view = /** @type {Window} */ (doc.defaultView);
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      doc.removeEventListener('selectionchange', finish);
      view.clearTimeout(timer);
      view.requestAnimationFrame(() => view.requestAnimationFrame(() => view.setTimeout(resolve, 0)));
    };
    const timer = view.setTimeout(finish, maxMs);
    doc.addEventListener('selectionchange', finish);
  });
}

/** Two frames and a task: enough for editors that render asynchronously after input. */
function afterRender(/** @type {Document} */ doc) {
  const view = /** @type {Window} */ (doc.defaultView);
  return new Promise((resolve) => view.requestAnimationFrame(() => view.requestAnimationFrame(() => view.setTimeout(resolve, 0))));
}

/**
 * Replace [start, end) of the field's model text with `replacement`.
 * @param {object} args
 * @param {HTMLElement} args.field
 * @param {number} args.start
 * @param {number} args.end
 * @param {string} args.expected        the text the span must still hold (finding.text)
 * @param {string} args.replacement
 * @param {number} [args.maxChars]
 * @param {'auto'|'event'} [args.method]  'event' skips execCommand (tests of the fallback)
 * @returns {Promise<ApplyResult>}
 */
export async function replaceSpan({ field, start, end, expected, replacement, maxChars, method = 'auto' }) {
  const doc = field.ownerDocument;
  const model = readModel(field, { maxChars });
  const before = model.text;
  if (before.slice(start, end) !== expected) {
    return { ok: false, method: null, error: `the text at ${start}–${end} is no longer "${expected}"` };
  }
  const want = before.slice(0, start) + replacement + before.slice(end);
  const matches = () => {
    const now = readModel(field, { maxChars }).text;
    if (!model.truncated) return now === want;
    // capped field: compare what both reads cover
    const n = Math.min(now.length, want.length) - 1;
    return now.slice(0, n) === want.slice(0, n);
  };
  const unchanged = () => readModel(field, { maxChars }).text === before;

  field.focus({ preventScroll: true });
  if (!selectSpan(model, start, end)) return { ok: false, method: null, error: 'could not select the span in the field' };
  await settle(doc);
  // The editor may have re-rendered while it synced: select again on the fresh DOM.
  const fresh = readModel(field, { maxChars });
  if (fresh.text !== before) return { ok: false, method: null, error: 'the field changed while applying' };
  const sel = selectionOffsets(fresh);
  if (!sel || sel.start !== start || sel.end !== end) {
    if (!selectSpan(fresh, start, end)) return { ok: false, method: null, error: 'could not select the span in the field' };
    await settle(doc, 30);
  }

  /** @type {ApplyResult['method']} */
  let used = null;
  if (method === 'auto') {
    let supported = false;
    try { supported = doc.execCommand('insertText', false, replacement); } catch { supported = false; }
    if (supported) {
      // The browser performed the insertion. Never try another way after this: by the time we
      // look, the user may already have undone it, and a second insertion would redo it.
      used = 'execCommand';
      await afterRender(doc);
      if (matches()) return finish(field, start + replacement.length, used, maxChars);
      return { ok: false, method: used, error: unchanged() ? 'the editor did not take the replacement' : 'the text changed while applying' };
    }
  }

  // Fallback: offer the editor a beforeinput it can handle itself.
  used = 'beforeinput';
  const target = model.kind === 'control' ? field : targetOf(field);
  const handled = dispatchBeforeInput(field, target, fresh.kind === 'ce' ? modelRange(readModel(field, { maxChars }), start, end) : null, replacement);
  await afterRender(doc);
  if (matches()) return finish(field, start + replacement.length, used, maxChars);
  if (!unchanged()) return { ok: false, method: used, error: 'the editor changed the text differently than expected' };
  if (handled) return { ok: false, method: used, error: 'the editor did not apply the replacement' };

  // Nobody handled it: edit the DOM/value ourselves and announce it with an input event.
  if (model.kind === 'control') {
    used = 'setRangeText';
    /** @type {HTMLTextAreaElement} */ (field).setRangeText(replacement, start, end, 'end');
  } else {
    used = 'dom';
    const r = modelRange(readModel(field, { maxChars }), start, end);
    if (!r) return { ok: false, method: used, error: 'could not map the span to the DOM' };
    r.deleteContents();
    const node = doc.createTextNode(replacement);
    r.insertNode(node);
    const s = doc.getSelection();
    if (s) { s.removeAllRanges(); const c = doc.createRange(); c.setStartAfter(node); c.collapse(true); s.addRange(c); }
  }
  target.dispatchEvent(new InputEvent('input', { inputType: 'insertReplacementText', data: replacement, bubbles: true, composed: true }));
  await afterRender(doc);
  if (matches()) return finish(field, start + replacement.length, used, maxChars);
  return { ok: false, method: used, error: 'the field did not take the replacement' };
}

/** The element that receives input events: the focused editable element inside the field. */
function targetOf(/** @type {HTMLElement} */ field) {
  const active = field.ownerDocument.activeElement;
  return active && field.contains(active) ? /** @type {HTMLElement} */ (active) : field;
}

/**
 * Dispatch a cancelable beforeinput; returns true if the editor handled (cancelled) it.
 * @param {HTMLElement} field
 * @param {HTMLElement} target
 * @param {Range|null} range
 * @param {string} replacement
 */
function dispatchBeforeInput(field, target, range, replacement) {
  /** @type {any} */
  const init = { inputType: 'insertReplacementText', data: replacement, bubbles: true, cancelable: true, composed: true };
  try {
    const dt = new DataTransfer();
    dt.setData('text/plain', replacement);
    init.dataTransfer = dt;
  } catch { /* no DataTransfer constructor */ }
  if (range) {
    try { init.targetRanges = [new StaticRange({ startContainer: range.startContainer, startOffset: range.startOffset, endContainer: range.endContainer, endOffset: range.endOffset })]; } catch { /* old browser */ }
  }
  const ev = new InputEvent('beforeinput', init);
  const notCancelled = target.dispatchEvent(ev);
  return !notCancelled;
}

/**
 * Success: make sure the caret sits right after the replacement. Some editors move the DOM
 * selection once more when they reconcile the change (Lexical in Firefox, which gets no
 * beforeinput for execCommand, puts it at the end of the text node), so the caret is checked
 * again after the editor has settled, and put back a few times at most.
 * @param {HTMLElement} field
 * @param {number} caret
 * @param {ApplyResult['method']} method
 * @param {number|undefined} maxChars
 * @returns {Promise<ApplyResult>}
 */
async function finish(field, caret, method, maxChars) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const model = readModel(field, { maxChars });
    const sel = selectionOffsets(model);
    if (sel && sel.start === caret && sel.end === caret) {
      if (attempt > 0) return { ok: true, method };
      // right now; look again once the editor has handled its own events
      await afterRender(field.ownerDocument);
      const again = selectionOffsets(readModel(field, { maxChars }));
      if (again && again.start === caret && again.end === caret) return { ok: true, method };
      continue;
    }
    selectSpan(model, caret, caret);
    await settle(field.ownerDocument, 30);
  }
  return { ok: true, method };
}
