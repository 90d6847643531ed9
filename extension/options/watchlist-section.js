/**
 * The options page's private watch list: only the count is shown; names can be added, tested
 * ("would this name match?") and the list cleared. A name goes to the background once, in a
 * message, and is cleared from the field at once: the background stores only its salted
 * hashes (storage.local), never the name.
 */
import * as P from '../shared/protocol.js';
import { t } from './i18n.js';
import { ask, errorText } from './api.js';
import { $, flash } from './dom.js';

/** @type {import('./dom.js').SectionContext} */
let ctx;

/** Shows the number of entries (never anything else about them). */
export function renderWatchlist() {
  const n = ctx.settings.watchlistCount ?? 0;
  $('#watchlist-count').textContent = String(n);
  $('#watchlist-count-label').textContent = t(n === 1 ? 'options_watchlistCountOne' : 'options_watchlistCount');
  /** @type {HTMLButtonElement} */ ($('#watchlist-clear')).disabled = n === 0;
}

/** Wires add, test and clear; `context` is the page's SectionContext. */
export function bindWatchlist(context) {
  ctx = context;
  const status = $('#watchlist-status');
  $('#watchlist-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('#watchlist-entry'));
    const entry = input.value;
    input.value = ''; // the name never stays on the page
    if (!entry.trim()) return;
    try {
      const reply = await ask(P.watchlistAdd(entry), 'watchlist');
      ctx.settings = { ...ctx.settings, watchlistCount: reply.count };
      renderWatchlist();
      flash(status, t(reply.added ? 'options_watchlistAdded' : 'options_watchlistAlready'));
      ctx.testerChanged();
    } catch (err) {
      flash(status, errorText(err));
    }
  });
  $('#watchlist-test-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('#watchlist-test-entry'));
    const entry = input.value;
    if (!entry.trim()) return;
    try {
      const reply = await ask(P.watchlistTest(entry), 'watchlist');
      status.setAttribute('data-match', String(reply.match));
      flash(status, t(reply.match ? 'options_watchlistMatch' : 'options_watchlistNoMatch'));
    } catch (err) {
      flash(status, errorText(err));
    }
  });
  const clear = $('#watchlist-clear');
  const confirm = $('#watchlist-clear-confirm');
  clear.addEventListener('click', () => {
    confirm.hidden = false;
    confirm.textContent = t('options_watchlistClearConfirm', [String(ctx.settings.watchlistCount ?? 0)]);
    confirm.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.hidden = true;
    const reply = await ask(P.watchlistClear(), 'watchlist');
    ctx.settings = { ...ctx.settings, watchlistCount: reply.count };
    renderWatchlist();
    flash(status, t('options_watchlistCleared'));
    ctx.testerChanged();
  });
  confirm.addEventListener('blur', () => { setTimeout(() => { confirm.hidden = true; }, 200); });
}
