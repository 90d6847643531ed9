/**
 * Flags that last for the browsing session: "Don't remind me again this session" for the
 * first-focus reminder. Kept in `storage.session` (in memory, cleared when the browser closes,
 * never written to disk) so the answer survives the service worker stopping and holds across
 * every tab. Only the background touches it: Chromium does not open `storage.session` to
 * content scripts, so they ask through the protocol's `reminderState` / `dismissReminder`.
 */
import { ext } from '../shared/protocol.js';

/** The `storage.session` key. */
export const REMINDER_KEY = 'reminderDismissed';

/** Where `storage.session` is missing (old browsers, tests): this background's lifetime. */
let memory = false;

/** @returns {Promise<boolean>} whether the reminder was dismissed this session */
export async function reminderDismissed() {
  const area = ext.storage?.session;
  if (!area) return memory;
  const got = await area.get(REMINDER_KEY);
  return got?.[REMINDER_KEY] === true;
}

/**
 * Dismisses the reminder until the browser closes (`true`), or shows it again (`false`).
 * @param {boolean} dismissed @returns {Promise<boolean>} the new state
 */
export async function setReminderDismissed(dismissed) {
  memory = dismissed;
  const area = ext.storage?.session;
  if (area) await area.set({ [REMINDER_KEY]: dismissed });
  return dismissed;
}
