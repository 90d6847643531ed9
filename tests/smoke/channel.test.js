/**
 * The content script's port to the background (extension/content/channel.js) against a fake
 * `runtime.connect`: replies are matched by id; a port that closes, or goes silent, loses no
 * request (it is sent once more on a new port); a second loss is an error, not a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

/** Fake ports: `answer(port, msg)` decides what the background does with each message. */
const ports = [];
let answer = (port, msg) => port.reply(msg);
globalThis.chrome = {
  runtime: {
    connect({ name }) {
      const listeners = { message: [], disconnect: [] };
      const port = {
        name,
        posted: [],
        disconnected: false,
        onMessage: { addListener: (f) => listeners.message.push(f) },
        onDisconnect: { addListener: (f) => listeners.disconnect.push(f) },
        postMessage(m) { port.posted.push(m); queueMicrotask(() => answer(port, m)); },
        disconnect() { port.disconnected = true; },
        reply(m) { for (const f of listeners.message) f({ id: m.id, reply: { type: 'pong', n: port.posted.length } }); },
        drop() { for (const f of listeners.disconnect) f(); },
      };
      ports.push(port);
      return port;
    },
  },
};
const { createChannel } = await import('../../extension/content/channel.js');
const { PORT_NAME } = await import('../../extension/shared/protocol.js');

test('requests go over one named port and get their own replies', async () => {
  ports.length = 0;
  answer = (port, msg) => port.reply(msg);
  const ch = createChannel({ timeoutMs: 200 });
  const [a, b] = await Promise.all([ch.send({ type: 'ping' }), ch.send({ type: 'ping' })]);
  assert.equal(ports.length, 1, 'one port for many requests');
  assert.equal(ports[0].name, PORT_NAME);
  assert.deepEqual(ports[0].posted.map((m) => m.request), [{ type: 'ping' }, { type: 'ping' }]);
  assert.deepEqual([a.type, b.type], ['pong', 'pong']);
  ch.close();
});

test('a port that closes before answering: the request is sent again on a new port', async () => {
  ports.length = 0;
  answer = (port, msg) => (ports.length === 1 ? port.drop() : port.reply(msg));
  const ch = createChannel({ timeoutMs: 200 });
  const reply = await ch.send({ type: 'check', text: 'x' });
  assert.equal(reply.type, 'pong');
  assert.equal(ports.length, 2, 'a second port was opened');
  assert.deepEqual(ports[1].posted[0].request, { type: 'check', text: 'x' });
  ch.close();
});

test('a port that goes silent (worker stopped between two messages): retried after the timeout, not a hang', { timeout: 5000 }, async () => {
  ports.length = 0;
  answer = (port, msg) => { if (ports.length > 1) port.reply(msg); }; // the first port swallows everything
  const ch = createChannel({ timeoutMs: 50 });
  const t0 = performance.now();
  const reply = await ch.send({ type: 'check', text: 'y' });
  const waited = performance.now() - t0;
  assert.equal(reply.type, 'pong');
  assert.ok(ports[0].disconnected, 'the silent port was dropped');
  assert.ok(waited >= 45 && waited < 1000, `answered after one timeout, waited ${waited.toFixed(0)} ms`);
  ch.close();
});

test('lost twice: the request fails with a named error', { timeout: 5000 }, async () => {
  ports.length = 0;
  answer = () => {};
  const ch = createChannel({ timeoutMs: 30 });
  await assert.rejects(ch.send({ type: 'check', text: 'z' }), /InSession background: no answer within 30 ms/);
  assert.equal(ports.length, 2, 'tried on two ports');
  ch.close();
});

test('close() rejects what is pending and drops the port', async () => {
  ports.length = 0;
  answer = () => {};
  const ch = createChannel({ timeoutMs: 10_000 });
  const pending = ch.send({ type: 'ping' });
  ch.close();
  await assert.rejects(pending, /channel closed/);
  assert.ok(ports[0].disconnected);
});
