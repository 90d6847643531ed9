/**
 * Background entry point (Chrome service worker / Firefox event page, an ES module).
 *
 * Listeners are registered synchronously at top level so a stopped service worker is woken by
 * the next message; all state is rebuilt lazily by background/engine.js. No network access:
 * the only fetch is the extension's own wasm/insession_bg.wasm.
 */
import { ext } from './shared/protocol.js';
import { handleMessage } from './background/handler.js';
import { invalidateSettings, touchesSettings } from './background/settings.js';

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handleMessage(message, sender).then(sendResponse);
  return true; // the reply is sent asynchronously
});

ext.storage.onChanged.addListener((changes) => {
  if (touchesSettings(changes)) invalidateSettings();
});
