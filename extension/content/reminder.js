/**
 * Where the first-focus reminder's dismissal lives: `storage.session`, so "Don't remind me
 * again this session" holds across tabs and pages until the browser closes, and nothing about
 * it is written to disk.
 *
 * Why it exists: the overlay asks `isDismissed()` synchronously when a field gets focus, so
 * the flag is read once at start (`ready`) and kept in memory, and kept in step with other
 * tabs through `storage.onChanged`. Where a browser does not let content scripts use
 * `storage.session` (Chromium, until the background opens it to them with
 * `storage.session.setAccessLevel`), the dismissal holds for this page only.
 */
import { ext } from '../shared/protocol.js';

/** The `storage.session` key. */
export const REMINDER_KEY = 'reminderDismissed';

/**
 * @typedef {object} ReminderStore
 * @property {Promise<void>} ready          resolves once the stored flag has been read
 * @property {() => boolean} isDismissed
 * @property {() => void} dismiss
 * @property {() => void} dispose
 */

/** @returns {ReminderStore} */
export function createReminderStore() {
  let dismissed = false;
  /** @type {any} */
  let area = null;
  try {
    area = ext.storage?.session ?? null;
  } catch {
    area = null;
  }
  const onChanged = (changes, name) => {
    if (name === 'session' && changes[REMINDER_KEY]) dismissed = changes[REMINDER_KEY].newValue === true;
  };
  const ready = (async () => {
    if (!area) return;
    try {
      const got = await area.get(REMINDER_KEY);
      if (got && got[REMINDER_KEY] === true) dismissed = true;
      ext.storage.onChanged.addListener(onChanged);
    } catch {
      area = null; // not available to content scripts here: this page only
    }
  })();
  return {
    ready,
    isDismissed: () => dismissed,
    dismiss() {
      dismissed = true;
      if (area) {
        try {
          Promise.resolve(area.set({ [REMINDER_KEY]: true })).catch(() => {});
        } catch { /* context gone */ }
      }
    },
    dispose() {
      try { ext.storage.onChanged.removeListener(onChanged); } catch { /* context gone */ }
    },
  };
}
