/**
 * Background entry point (Chrome service worker / Firefox event page, an ES module).
 *
 * Listeners are registered synchronously at top level so a stopped service worker is woken by
 * the next message or event; all state is rebuilt lazily (background/engine.js,
 * background/settings.js). No network access: the only fetch is the extension's own
 * wasm/insession_bg.wasm.
 */
import { ext, PORT_NAME, validatePortRequest, portReply } from './shared/protocol.js';
import { handleMessage, onStartup } from './background/handler.js';
import { invalidateSettings, touchesSettings } from './background/settings.js';
import { forgetTab } from './background/tabs.js';

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handleMessage(message, sender).then(sendResponse);
  return true; // the reply is sent asynchronously
});

// Content scripts' checks come over a long-lived port (protocol.js PORT_NAME): the same
// requests and the same handler, with an id to match each reply to its request.
ext.runtime.onConnect.addListener((port) => {
  if (port.name !== PORT_NAME) return;
  port.onMessage.addListener((message) => {
    let envelope;
    try {
      envelope = validatePortRequest(message);
    } catch (err) {
      console.warn('InSession: bad port message:', err.message);
      return;
    }
    handleMessage(envelope.request, port.sender).then((reply) => {
      try {
        port.postMessage(portReply(envelope.id, reply));
      } catch { /* the page went away meanwhile */ }
    });
  });
});

ext.storage.onChanged.addListener((changes, areaName) => {
  if (touchesSettings(changes, areaName)) invalidateSettings();
  if (areaName === 'managed') void onStartup(); // the organisation may have added sites
});

/** Re-registers content scripts for added sites (and migrates stored settings) when needed. */
const reconcile = () => void onStartup().catch((err) => console.warn('InSession: start-up failed:', err));
ext.runtime.onInstalled?.addListener(reconcile);
ext.runtime.onStartup?.addListener(reconcile);
ext.permissions?.onAdded?.addListener(reconcile);
ext.permissions?.onRemoved?.addListener(reconcile);

ext.tabs?.onRemoved?.addListener((tabId) => forgetTab(tabId));
