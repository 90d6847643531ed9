/**
 * The first-focus reminder's dismissal, as the content script sees it: "Don't remind me again
 * this session" holds across tabs and pages until the browser closes.
 *
 * Why it exists: the overlay asks `isDismissed()` synchronously when a field gets focus, so the
 * flag is asked of the background once at start (`ready`) and kept in memory. The background
 * keeps it in `storage.session` (background/session-flags.js; Chromium does not open that area
 * to content scripts), and this store asks again whenever the page becomes visible, so a
 * dismissal in another tab holds here too.
 */
import { ext, reminderState, setReminder, expectReply, TYPES } from '../shared/protocol.js';

/**
 * @typedef {object} ReminderStore
 * @property {Promise<void>} ready          resolves once the background has answered
 * @property {() => boolean} isDismissed
 * @property {() => void} dismiss
 * @property {() => void} dispose
 */

/**
 * @param {{ onError?: (err: unknown) => void }} [opts]
 * @returns {ReminderStore}
 */
export function createReminderStore({ onError } = {}) {
  let dismissed = false;
  let disposed = false;
  const ask = async () => {
    try {
      const reply = expectReply(await ext.runtime.sendMessage(reminderState()), TYPES.REMINDER);
      dismissed = reply.dismissed || dismissed;
    } catch (err) {
      if (!disposed) onError?.(err); // the reminder then shows; nothing else depends on it
    }
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible' && !dismissed) void ask();
  };
  document.addEventListener('visibilitychange', onVisible);
  return {
    ready: ask(),
    isDismissed: () => dismissed,
    dismiss() {
      dismissed = true;
      Promise.resolve()
        .then(() => ext.runtime.sendMessage(setReminder(true)))
        .then((reply) => expectReply(reply, TYPES.REMINDER))
        .catch((err) => { if (!disposed) onError?.(err); }); // still dismissed on this page
    },
    dispose() {
      disposed = true;
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
