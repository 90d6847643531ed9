/**
 * The extension pages' side of the message protocol: `ask(request, expected)` sends one
 * request (built with extension/shared/protocol.js) to the background and returns the typed
 * reply, or throws an Error carrying the background's message.
 */
import { ext, expectReply } from '../shared/protocol.js';

/**
 * @template {import('../shared/protocol.js').Reply['type']} T
 * @param {import('../shared/protocol.js').Request} request
 * @param {T} expected
 */
export async function ask(request, expected) {
  return expectReply(await ext.runtime.sendMessage(request), expected);
}

/** The background's error text without the "InSession background: type: " prefix. */
export function errorText(err) {
  return String(err?.message ?? err).replace(/^InSession background: (\w+: )?/, '');
}
