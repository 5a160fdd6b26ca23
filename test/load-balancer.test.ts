// Three app processes on PostgreSQL and Redis behind HAProxy (deploy/haproxy.cfg, the file
// compose.yaml runs): everything a user reaches goes through the balancer — REST, the
// conversations API, the admin API, console sign-in, web chat over long-polling (sticky by the
// balancer's cookie, or by the client's address when it sends none) and websocket, on Rasa's
// endpoint and on our widget's — and a web chat answer reaches every tab of the session
// whichever process each tab is connected to (socket.io's Redis streams adapter), a widget's
// dropped socket coming back through another process included.
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeVariants } from '../src/store/test-stores.js';
import { seedDeployment, type Deployment } from './helpers/chaos-scenarios.js';
import { appPorts, appProcess, startBalancer, type AppProcess, type Balancer } from './helpers/cluster.js';
import { PrivateRedis } from './helpers/private-redis.js';

const postgres = storeVariants().find((variant) => variant.name === 'postgres')!;
const adminToken = randomBytes(24).toString('hex');
let redis: PrivateRedis;
let deployment: Deployment;
let apps: AppProcess[] = [];
let balancer: Balancer;
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await PrivateRedis.start();
  deployment = await seedDeployment(await postgres.location(), { redisUrl: redis.url, env: { HELPER_ADMIN_TOKEN: adminToken } });
  apps = (await appPorts(3)).map((port, index) => appProcess(`app${index + 1}`, port, deployment.env));
  await Promise.all(apps.map((app) => app.start()));
  balancer = await startBalancer(apps);
}, 180_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await balancer?.stop();
  await Promise.all(apps.map((app) => app.stop()));
  await redis?.stop();
  await deployment?.close();
  await postgres.cleanup();
});

/** Rasa's endpoint (rasa-webchat and other Rasa clients), and our widget's (with connection state recovery). */
const RASA_PATH = '/socket.io';
const WIDGET_PATH = '/widget/socket.io';

function chat(url: string, transports: Array<'polling' | 'websocket'>, withCredentials = true, path = RASA_PATH, auth?: Record<string, unknown>): Socket {
  const socket = io(url, { path, transports, upgrade: false, withCredentials, reconnection: false, forceNew: true, ...(auth ? { auth } : {}) });
  sockets.push(socket);
  return socket;
}

async function confirmedSession(socket: Socket, requested: string | null = null): Promise<string> {
  const confirmed = new Promise<string>((resolve) => socket.once('session_confirm', (id: string) => resolve(id)));
  socket.emit('session_request', { session_id: requested });
  return confirmed;
}

function nextAnswer(socket: Socket): Promise<{ text?: string }> {
  return new Promise((resolve) => socket.once('bot_uttered', (message: { text?: string }) => resolve(message)));
}

describe('behind HAProxy', () => {
  it('serves REST, the admin API, the conversations API and console sign-in through the balancer, on every process', async () => {
    const seen = new Set<string>();
    for (let index = 0; index < 6; index++) {
      const response = await fetch(`${balancer.url}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender: 'lb-user', message: 'qual o horário de atendimento?' }) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Array<{ text: string }>)[0]?.text).toContain('service desk');
      // The balancer's affinity cookie names the process that answered.
      seen.add(/helper_lb=(app\d)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '?');
    }
    expect(seen.size).toBeGreaterThan(1);

    const rotated = await fetch(`${balancer.url}/api/admin/servers/demo/assistants/pt/api-token/rotate`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
    expect(rotated.status).toBe(200);
    const { token } = (await rotated.json()) as { token: string };
    // Another process serves the tracker with the token just created (access changes announced through Redis).
    for (let index = 0; index < 3; index++) {
      const tracker = await fetch(`${balancer.url}/conversations/lb-user/tracker?token=${token}`);
      expect(tracker.status).toBe(200);
      expect(((await tracker.json()) as { events: unknown[] }).events.length).toBeGreaterThan(6);
    }

    const signIn = await fetch(`${balancer.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'chaos-password-1' }) });
    expect(signIn.status).toBe(200);
    const session = /helper_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
    expect(session).toBeDefined();
    // The console session lives in the store: every process knows it.
    for (const app of apps) {
      const known = await fetch(`${app.url}/api/auth/session`, { headers: { cookie: `helper_session=${session}` } });
      expect(known.status).toBe(200);
    }
    const servers = await fetch(`${balancer.url}/api/admin/servers`, { headers: { cookie: `helper_session=${session}` } });
    expect(servers.status).toBe(200);
  });

  it('web chat over long-polling through the balancer stays on its process by the balancer’s cookie or, without one, by its address; websocket needs no affinity', async () => {
    // On Rasa's endpoint and on our widget's alike.
    for (const path of [RASA_PATH, WIDGET_PATH]) {
      for (const transports of [['polling'], ['websocket']] as const) {
        const socket = chat(balancer.url, [...transports], true, path);
        const id = await confirmedSession(socket);
        for (let index = 0; index < 4; index++) {
          const answer = nextAnswer(socket);
          socket.emit('user_uttered', { message: 'qual o horário de atendimento?', session_id: id });
          expect((await answer).text).toContain('service desk');
        }
        expect(socket.io.engine.transport.name).toBe(transports[0]);
      }
      // A client that sends no cookie (rasa-webchat on a customer's page; our widget where the
      // browser keeps third-party cookies back) stays on one process by its address.
      const cookieless = chat(balancer.url, ['polling'], false, path);
      const id = await confirmedSession(cookieless);
      for (let index = 0; index < 6; index++) {
        const answer = nextAnswer(cookieless);
        cookieless.emit('user_uttered', { message: 'qual o horário de atendimento?', session_id: id });
        expect((await answer).text, path).toContain('service desk');
      }
      expect(cookieless.connected, path).toBe(true);
    }
  });

  it("gives the widget's socket back, with the answers it missed, when it returns through another process", async () => {
    const [one, two, three] = apps;
    const dropping = chat(one!.url, ['websocket'], true, WIDGET_PATH);
    const id = await confirmedSession(dropping);
    const first = nextAnswer(dropping);
    dropping.emit('user_uttered', { message: 'qual o horário de atendimento?', session_id: id });
    expect((await first).text).toContain('service desk');
    // What socket.io-client sends to recover its connection (its private state).
    const { _pid: pid, _lastOffset: offset } = dropping as unknown as { _pid?: string; _lastOffset?: string };
    expect(pid).toEqual(expect.any(String));
    const oldId = dropping.id;
    const gone = new Promise((resolve) => dropping.once('disconnect', resolve));
    // The network goes away under the socket, and meanwhile a tab on Rasa's endpoint, on a third process, talks.
    dropping.io.engine.close();
    await gone;
    const otherTab = chat(three!.url, ['websocket']);
    expect(await confirmedSession(otherTab, id)).toBe(id);
    const heardThere = nextAnswer(otherTab);
    otherTab.emit('user_uttered', { message: 'obrigado', session_id: id });
    const missed = (await heardThere).text;
    expect(missed).toBeTruthy();

    const back = chat(two!.url, ['websocket'], true, WIDGET_PATH, { pid, offset });
    const returned = nextAnswer(back);
    await new Promise<void>((resolve, reject) => {
      back.once('connect', () => resolve());
      back.once('connect_error', reject);
    });
    // The same socket, restored on another process from Redis, and the answer it missed.
    expect(back.id).toBe(oldId);
    expect((await returned).text).toBe(missed);
  });

  it('an answer reaches every tab of a session, whichever process each tab is connected to', async () => {
    const [one, two, three] = apps;
    const first = chat(one!.url, ['websocket']);
    const id = await confirmedSession(first);
    const second = chat(two!.url, ['polling']);
    expect(await confirmedSession(second, id)).toBe(id);
    const third = chat(three!.url, ['websocket']);
    expect(await confirmedSession(third, id)).toBe(id);
    const heard = [nextAnswer(first), nextAnswer(second), nextAnswer(third)];
    first.emit('user_uttered', { message: 'qual o horário de atendimento?', session_id: id });
    for (const answer of await Promise.all(heard)) expect(answer.text).toContain('service desk');
    // And from the second tab's process to the others.
    const again = [nextAnswer(first), nextAnswer(third)];
    second.emit('user_uttered', { message: 'obrigado', session_id: id });
    for (const answer of await Promise.all(again)) expect(answer.text).toBeTruthy();
  });

  it('answers /health/ready on every process, and 503 from a process shutting down while the balancer moves its traffic', async () => {
    for (const app of apps) {
      const ready = await fetch(`${app.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', role: 'all', checks: { store: 'ok', redis: 'ok', model: 'ok' } });
    }
    const stopping = apps[2]!;
    const exit = stopping.stop();
    expect(await exit).toBe(0);
    // The others keep answering through the balancer.
    for (let index = 0; index < 4; index++) {
      const response = await fetch(`${balancer.url}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender: 'lb-after', message: 'oi' }) });
      expect(response.status).toBe(200);
    }
    await stopping.start();
  });
});
