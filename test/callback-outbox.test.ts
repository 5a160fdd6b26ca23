// What the callback channel sends on its own — a fired reminder's answer, trigger_intent's and
// execute's with output_channel=callback — goes through the outbox (src/channels/callback/outbound.ts):
// stored with the turn, delivered after it in order per recipient, retried on 5xx, given up on
// another 4xx, to the callback URL set when it is sent. On SQLite and PostgreSQL, against a local
// HTTP server on 127.0.0.1 standing for the client's callback endpoint.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { outboxWorkChannel } from '../src/channels/core/outbox-sender.js';
import { storeVariants } from '../src/store/test-stores.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Post {
  path: string;
  body: { recipient_id: string; text?: string; image?: string };
  status: number;
}

let receiver: Server;
let base = '';
/** Every POST the callback URL got, with what it answered. */
const posts: Post[] = [];
/** What the next POSTs are answered (then 200). */
const plan: number[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const status = plan.shift() ?? 200;
      posts.push({ path: request.url ?? '', body: JSON.parse(body) as Post['body'], status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});

/** The bodies the callback URL took for one recipient, in the order it took them. */
const delivered = (recipient: string) => posts.filter((post) => post.status === 200 && post.body.recipient_id === recipient);
const tried = (recipient: string) => posts.filter((post) => post.body.recipient_id === recipient);

async function setCallbackUrl(test: TestPlatform, url: string): Promise<void> {
  const assistant = await test.platform.defaultAssistant();
  await test.platform.store.secrets.set(assistant.id, CALLBACK_URL_SECRET, test.platform.secrets.encrypt(url, { assistantId: assistant.id, name: CALLBACK_URL_SECRET }));
}

describe.each([
  { name: 'sqlite', postgres: false },
  { name: 'postgres', postgres: true },
])("the callback channel's outbox on $name", ({ name, postgres }) => {
  const variant = postgres ? storeVariants().find((candidate) => candidate.name === 'postgres') : undefined;
  const logLines: string[] = [];
  let test: TestPlatform;
  let token = '';

  /** A platform over its own store (a PostgreSQL schema of its own, or a data folder), or over `dataDir`'s again. */
  async function start(options: { dataDir?: string; databaseUrl?: string; env?: Record<string, string>; logLines?: string[] } = {}): Promise<TestPlatform> {
    return startTestPlatform({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.logLines === undefined ? {} : { logLines: options.logLines }),
      env: {
        ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
        HELPER_CHANNEL_RETRY_DELAY_MS: '5',
        HELPER_CHANNEL_RETRY_MAX_DELAY_MS: '20',
        // The callback URL's stand-in is on 127.0.0.1: the SSRF guard refuses it unless allowed.
        HELPER_OUTBOUND_ALLOW: '127.0.0.1',
        ...options.env,
      },
      platform: { reminderPollMs: 50 },
    });
  }

  /** Opens the conversation on the callback channel (its latest input channel), then posts a reminder of `intent` due in a second, answering on `output`. */
  async function remind(on: TestPlatform, apiToken: string, sender: string, intent: string, output = 'callback'): Promise<void> {
    const said = await on.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender, message: 'oi' } });
    expect(said.body).toBe('success');
    const reminder = { event: 'reminder', intent, entities: [], date_time: new Date(Date.now() + 1_000).toISOString(), name: 'aviso' };
    const posted = await on.app.inject({ method: 'POST', url: `/conversations/${sender}/tracker/events?token=${apiToken}&execute_side_effects=true&output_channel=${output}`, payload: reminder });
    expect(posted.statusCode).toBe(200);
  }

  /** The texts of the conversation's bot events after the reminder fired (its user event `EXTERNAL: …`). */
  async function firedAnswers(on: TestPlatform, sender: string): Promise<string[]> {
    const assistant = await on.platform.defaultAssistant();
    const events = (await on.platform.store.conversations.events(assistant.id, sender)).map((entry) => entry.event);
    const external = events.findIndex((event) => event.event === 'user' && String(event['text']).startsWith('EXTERNAL:'));
    return external < 0 ? [] : events.slice(external).flatMap((event) => (event.event === 'bot' && typeof event['text'] === 'string' ? [event['text']] : []));
  }

  beforeAll(async () => {
    test = await start({ ...(variant ? { databaseUrl: (await variant.location()).databaseUrl } : {}), logLines });
    await setCallbackUrl(test, `${base}/bot-messages?key=s3cret`);
    token = await test.platform.apiAccess.ensure(await test.platform.defaultAssistant());
  });
  afterAll(async () => {
    await test?.close();
    await variant?.cleanup();
  });

  it("stores a fired reminder's answer in the outbox with its turn: a process that dies before sending it leaves it to the next one, which sends it once, to the URL set then", async () => {
    const sender = `${name}-restart`;
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-callback-outbox-'));
    const databaseUrl = variant ? (await variant.location()).databaseUrl : undefined;
    const where = { dataDir, ...(databaseUrl === undefined ? {} : { databaseUrl }) };
    try {
      // The first process never sweeps the outbox and never hears of the new work: as if it died
      // right after the turn's commit.
      const first = await start({ ...where, env: { HELPER_OUTBOX_POLL_MS: '600000' } });
      let assistantId = 0;
      try {
        const assistant = await first.platform.defaultAssistant();
        assistantId = assistant.id;
        await setCallbackUrl(first, `${base}/first?key=s3cret`);
        const apiToken = await first.platform.apiAccess.ensure(assistant);
        const publish = first.platform.events.publish.bind(first.platform.events);
        vi.spyOn(first.platform.events, 'publish').mockImplementation((channel, message) => {
          if (channel !== outboxWorkChannel('callback')) publish(channel, message);
        });
        await remind(first, apiToken, sender, 'sobre_voce');
        const answered = delivered(sender).length;
        await expect.poll(async () => (await firedAnswers(first, sender)).length, { timeout: 8_000, interval: 50 }).toBe(1);
        const [text] = await firedAnswers(first, sender);
        // Recorded, and its body stored with it: nothing was sent.
        expect(await first.platform.store.outbox.pending('callback', assistantId, sender)).toMatchObject([{ payload: { recipient_id: sender, text } }]);
        await sleep(300);
        expect(delivered(sender)).toHaveLength(answered);
        // The URL changes before anything is sent: the one set when it is sent is used.
        await setCallbackUrl(first, `${base}/second?key=s3cret`);
      } finally {
        await first.close();
      }

      const second = await start(where);
      try {
        const [text] = await firedAnswers(second, sender);
        await expect.poll(() => delivered(sender).filter((post) => post.body.text === text).map((post) => post.path), { timeout: 8_000 }).toEqual(['/second?key=s3cret']);
        await sleep(300);
        expect(tried(sender).filter((post) => post.body.text === text)).toHaveLength(1);
        expect(await second.platform.store.outbox.pending('callback', assistantId, sender)).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("retries a fired reminder's answer the callback URL failed (500), and delivers it once", async () => {
    const sender = `${name}-retried`;
    await remind(test, token, sender, 'sobre_voce');
    const before = tried(sender).length;
    plan.push(500);
    await expect.poll(async () => (await firedAnswers(test, sender)).length, { timeout: 8_000, interval: 50 }).toBe(1);
    const [text] = await firedAnswers(test, sender);
    await expect.poll(() => delivered(sender).filter((post) => post.body.text === text).length, { timeout: 8_000 }).toBe(1);
    await sleep(300);
    expect(tried(sender).slice(before).map((post) => [post.status, post.body.text])).toEqual([
      [500, text],
      [200, text],
    ]);
  });

  it('delivers the answers of trigger_intent and execute with output_channel=callback in order, the first retried after a 503', async () => {
    const sender = `${name}-ordered`;
    plan.push(503);
    for (const [operation, payload] of [
      ['trigger_intent', { name: 'mostrar_logo' }],
      ['trigger_intent', { name: 'sobre_voce' }],
      ['execute', { name: 'falar_sobre_mim' }],
    ] as const) {
      const response = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/${operation}?token=${token}&output_channel=callback`, payload });
      // The turn is recorded and its answer stored: the caller is not made to wait for the callback URL.
      expect(response.statusCode).toBe(200);
      expect(Object.keys(response.json() as object)).toEqual(['tracker']);
    }
    await expect.poll(() => delivered(sender).length, { timeout: 8_000 }).toBe(4);
    await sleep(300);
    const bodies = tried(sender);
    expect(bodies.map((post) => post.status)).toEqual([503, 200, 200, 200, 200]);
    expect(bodies[0]?.body).toEqual(bodies[1]?.body);
    const [logoText, logo, about, myself] = delivered(sender).map((post) => post.body);
    expect(logoText).toMatchObject({ text: expect.any(String) });
    expect(logo).toMatchObject({ image: expect.stringMatching(/^https:\/\//) });
    expect(about).toMatchObject({ text: expect.any(String) });
    expect(myself).toMatchObject({ text: expect.any(String) });
  });

  it('gives up an answer the callback URL refuses (404) after one POST, records it without the URL, and sends the next', async () => {
    const sender = `${name}-refused`;
    plan.push(404);
    const response = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/trigger_intent?token=${token}&output_channel=callback`, payload: { name: 'mostrar_logo' } });
    expect(response.statusCode).toBe(200);
    await expect.poll(() => delivered(sender).length, { timeout: 8_000 }).toBe(1);
    await sleep(300);
    expect(tried(sender).map((post) => post.status)).toEqual([404, 200]);
    expect(delivered(sender)[0]?.body).toMatchObject({ image: expect.any(String) });
    const assistant = await test.platform.defaultAssistant();
    const records = await test.platform.store.channels.deliveries(assistant.id, 'callback', { recipient: sender });
    expect(records).toMatchObject([{ status: 'failed', recipient: sender, detail: { status: 404, reason: 'the callback URL answered HTTP 404' } }]);
    expect(JSON.stringify(records)).not.toContain('s3cret');
    expect(logLines.some((line) => line.includes('callback: sending the answer failed'))).toBe(true);
    expect(logLines.filter((line) => line.includes('s3cret') || line.includes('/bot-messages'))).toEqual([]);
    expect(await test.platform.store.outbox.pending('callback', assistant.id, sender)).toEqual([]);
  });
});
