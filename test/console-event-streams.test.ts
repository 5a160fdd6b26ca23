// The console's server-sent event streams (the handoff inbox, a live transcript) over real HTTP:
// the caller's session and role are checked again while a stream is open — with the heartbeat
// (HELPER_CONSOLE_STREAM_RECHECK_SECONDS, short here) and before an event is written — so a user
// who signed out, was disabled, or whose role no longer reaches the server stops receiving, while
// a valid session's stream stays open through the rechecks and gets its events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { EVENT_RECHECK_MS } from '../src/admin-api/event-stream.js';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { sessionStart, turnEvents } from '../src/analytics/turn-events.js';
import type { AssistantRecord } from '../src/store/store.js';
import { ADMINISTRATOR_ENV, signIn, type ConsoleSession } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const INBOX = '/api/admin/servers/demo/assistants/pt/handoffs/live';
const PASSWORD = 'stream-password-1';

interface OpenStream {
  /** Waits until the stream has sent `marker`; throws after `ms`. */
  until(marker: string, ms?: number): Promise<void>;
  /** Whether the server ended the stream within `ms`. */
  endsWithin(ms: number): Promise<boolean>;
  readonly text: string;
  close(): void;
}

async function openStream(address: string, path: string, session: ConsoleSession): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${address}${path}`, { headers: { cookie: `helper_session=${session.cookie}` }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const finished = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value);
    }
  })().catch(() => undefined);
  const within = <T,>(promise: Promise<T>, ms: number) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
  return {
    async until(marker, ms = 5_000) {
      const started = Date.now();
      while (!text.includes(marker)) {
        if (Date.now() - started > ms) throw new Error(`no ${marker} within ${ms} ms; got ${JSON.stringify(text)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    endsWithin: (ms) => within(finished, ms),
    get text() {
      return text;
    },
    close: () => controller.abort(),
  };
}

async function addUser(test: TestPlatform, login: string, role: 'agent' | 'viewer' | 'operator'): Promise<ConsoleSession> {
  await test.platform.store.users.create({ serverName: 'demo', login, email: `${login}@demo.example`, firstName: login, lastName: '', passwordHash: await hashPassword(PASSWORD), role });
  return signIn(test.app, login, PASSWORD);
}

async function start(recheckSeconds: string): Promise<{ test: TestPlatform; address: string; assistant: AssistantRecord }> {
  const test = await startTestPlatform({ demo: false, env: { ...ADMINISTRATOR_ENV, HELPER_CONSOLE_STREAM_RECHECK_SECONDS: recheckSeconds } });
  await ensureFirstAdministrator(test.platform, () => undefined);
  const assistant = await test.platform.defaultAssistant();
  const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
  return { test, address, assistant };
}

function handOff(test: TestPlatform, assistant: AssistantRecord, sender: string): Promise<void> {
  return test.platform.handoffs.handedOff({ assistantId: assistant.id, sender, channel: 'rest', reason: 'skill', detail: null, outsideHours: false, now: Date.now() / 1000 });
}

function signOut(session: ConsoleSession): Promise<unknown> {
  return session.request('POST', '/api/auth/sign-out');
}

describe('event streams, rechecked with the heartbeat', () => {
  let test: TestPlatform;
  let address: string;
  let assistant: AssistantRecord;
  let transcript: string;
  beforeAll(async () => {
    ({ test, address, assistant } = await start('0.2'));
    const now = Date.now() / 1000;
    await test.platform.store.conversations.append(assistant.id, 'joana', [...sessionStart(now - 10), ...turnEvents({ text: 'oi', intent: 'saudacao', confidence: 0.9, skill: 'ola', timestamp: now - 9 })]);
    await test.platform.analytics.projector.catchUp();
    const [session] = await test.platform.store.analytics.listSessions({ assistantId: assistant.id, senderId: 'joana', from: 0, to: Number.MAX_SAFE_INTEGER, sort: 'started_at', direction: 'asc', limit: 1 });
    transcript = `/api/admin/servers/demo/assistants/pt/analytics/conversations/${session!.id}/live`;
  });
  afterAll(() => test?.close());

  it("keeps a valid session's streams open through many rechecks, and delivers their events", async () => {
    const bia = await addUser(test, 'bia', 'agent');
    const vera = await addUser(test, 'vera', 'viewer');
    const inbox = await openStream(address, INBOX, bia);
    const live = await openStream(address, transcript, vera);
    try {
      await inbox.until('event: ready');
      await live.until('event: ready');
      // Five rechecks and more: both still open, heartbeats going.
      expect(await inbox.endsWithin(1_200)).toBe(false);
      expect(await live.endsWithin(10)).toBe(false);
      expect(inbox.text).toContain(': keep-alive');
      await handOff(test, assistant, 'joana');
      await inbox.until('event: handoff');
      expect(inbox.text).toContain('"conversation":"joana"');
      await test.platform.store.conversations.append(assistant.id, 'joana', turnEvents({ text: 'ainda aí?', intent: 'saudacao', confidence: 0.9, timestamp: Date.now() / 1000 }));
      await live.until('event: update');
    } finally {
      inbox.close();
      live.close();
    }
  });

  it('ends the inbox stream of an agent who signs out', async () => {
    const carla = await addUser(test, 'carla', 'agent');
    const inbox = await openStream(address, INBOX, carla);
    try {
      await inbox.until('event: ready');
      await signOut(carla);
      expect(await inbox.endsWithin(3_000)).toBe(true);
    } finally {
      inbox.close();
    }
  });

  it('ends the live transcript of a user who is disabled', async () => {
    const rita = await addUser(test, 'rita', 'viewer');
    const live = await openStream(address, transcript, rita);
    try {
      await live.until('event: ready');
      await test.platform.store.users.update('demo', 'rita', { active: false });
      expect(await live.endsWithin(3_000)).toBe(true);
    } finally {
      live.close();
    }
  });

  it("ends the stream of another server's inbox when the platform operator's role is lowered", async () => {
    await test.platform.store.servers.create({ name: 'acme' });
    await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
    const otto = await addUser(test, 'otto', 'operator');
    const inbox = await openStream(address, '/api/admin/servers/acme/assistants/pt/handoffs/live', otto);
    try {
      await inbox.until('event: ready');
      expect(await inbox.endsWithin(500)).toBe(false);
      // An administrator of demo only: acme is not theirs any more.
      await test.platform.store.users.update('demo', 'otto', { role: 'administrator' });
      expect(await inbox.endsWithin(3_000)).toBe(true);
      const again = await fetch(`${address}/api/admin/servers/acme/assistants/pt/handoffs/live`, { headers: { cookie: `helper_session=${otto.cookie}` } });
      expect(again.status).toBe(404);
    } finally {
      inbox.close();
    }
  });
});

describe('event streams, rechecked before an event', () => {
  let test: TestPlatform;
  let address: string;
  let assistant: AssistantRecord;
  beforeAll(async () => {
    // The heartbeat's recheck far away: only the check before each event can end the stream.
    ({ test, address, assistant } = await start('300'));
  });
  afterAll(() => test?.close());

  it('does not write an event to a user who signed out since the last check, and ends the stream', async () => {
    const bia = await addUser(test, 'bia', 'agent');
    const inbox = await openStream(address, INBOX, bia);
    try {
      await inbox.until('event: ready');
      // Past the window in which a recent check counts.
      await new Promise((resolve) => setTimeout(resolve, EVENT_RECHECK_MS + 100));
      await signOut(bia);
      expect(await inbox.endsWithin(300)).toBe(false);
      await handOff(test, assistant, 'joao');
      expect(await inbox.endsWithin(3_000)).toBe(true);
      expect(inbox.text).not.toContain('event: handoff');
    } finally {
      inbox.close();
    }
  });
});
