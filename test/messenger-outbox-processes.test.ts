// Two app processes sharing PostgreSQL resume the same Messenger outbox at once: through their
// claims in the store, every pending answer is sent exactly once, in order per recipient.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { MESSENGER_OUTBOX_CHANNEL, MessengerSender } from '../src/channels/facebook/outbound.js';
import type { Store } from '../src/store/store.js';
import { storeVariants } from '../src/store/test-stores.js';

const [postgres] = storeVariants().filter((variant) => variant.name === 'postgres');
let graph: Server;
let sent: Array<{ recipient: string; text: string }> = [];

beforeAll(async () => {
  graph = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const parsed = JSON.parse(body) as { recipient: { id: string }; message?: { text: string } };
      if (parsed.message) sent.push({ recipient: parsed.recipient.id, text: parsed.message.text });
      // A little latency, so that both processes are busy at the same time.
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"message_id":"m"}'), 2);
    });
  });
  await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await postgres?.cleanup();
  await new Promise((resolve) => graph?.close(resolve));
});

function sender(store: Store): MessengerSender {
  return new MessengerSender({
    outbox: store.outbox,
    contacts: store.channels,
    graph: { url: `http://127.0.0.1:${(graph.address() as AddressInfo).port}`, version: 'v21.0' },
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    log: pino({ level: 'silent' }) as unknown as FastifyBaseLogger,
    pageAccessToken: async () => 'page-token',
    markNeedsNewToken: async () => undefined,
  });
}

describe('Messenger outbox across app processes', () => {
  it('sends each pending answer once, in order per recipient, when two processes resume together', async () => {
    const store = await postgres!.open();
    await store.servers.create({ name: 'acme' });
    const assistant = await store.assistants.create({ serverName: 'acme', language: 'pt' });
    const recipients = ['r1', 'r2', 'r3'];
    for (const recipient of recipients) {
      await store.outbox.add(
        Array.from({ length: 5 }, (_, index) => ({
          assistantId: assistant.id,
          channel: MESSENGER_OUTBOX_CHANNEL,
          recipient,
          payload: { recipient: { id: recipient }, messaging_type: 'RESPONSE', message: { text: `${recipient}-${index}` } },
        })),
      );
    }
    sent = [];
    const one = sender(store);
    const two = sender(store);
    await Promise.all([one.resume(), two.resume()]);
    for (let waited = 0; sent.length < 15 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([one.stop(), two.stop()]);
    expect(sent).toHaveLength(15);
    for (const recipient of recipients) {
      expect(sent.filter((item) => item.recipient === recipient).map((item) => item.text)).toEqual(Array.from({ length: 5 }, (_, index) => `${recipient}-${index}`));
    }
    expect(await store.outbox.recipients(MESSENGER_OUTBOX_CHANNEL)).toEqual([]);
  });
});
