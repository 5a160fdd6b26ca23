// /metrics through the real HTTP app: scraped and parsed as Prometheus text after real turns and a
// training, and closed to anyone but loopback clients, the bearer token or the allowed addresses.
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** Prometheus text format → samples `name{labels}` → value (comments and types skipped). */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    // prom-client writes "Nan" for its event loop lag right after the process starts.
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.eE+-]+|NaN|Nan|\+Inf|-Inf)$/.exec(line);
    expect(match, `not a sample line: ${line}`).not.toBeNull();
    samples.set(match![1]!, Number(match![2]));
  }
  return samples;
}

describe('/metrics', () => {
  let test: TestPlatform;
  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: 'operator-token-0123456789abcdef' } });
  });
  afterAll(() => test?.close());

  it('counts messages, fallbacks, turn and parse latency, HTTP answers, trainings and the outbox per channel', async () => {
    for (const message of ['oi', 'conte-me algumas coisas sobre você', 'xyzzy plugh qwerty']) {
      await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'metrics-user', message } });
    }
    await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'metrics-user' } });
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    await test.platform.store.outbox.add([{ assistantId: assistant.id, channel: 'facebook', recipient: 'someone', payload: {} }]);
    // An agent's reply kept for a web chat session that left: not a backlog the outbox owes.
    await test.platform.store.outbox.add([{ assistantId: assistant.id, channel: 'socketio', recipient: 'session-gone', payload: {} }]);
    const training = await test.app.inject({
      method: 'POST',
      url: '/api/admin/servers/demo/assistants/pt/trainings',
      headers: { authorization: 'Bearer operator-token-0123456789abcdef' },
      payload: { scope: 'dialogues' },
    });
    expect(training.statusCode).toBe(202);
    const id = (training.json() as { id: number }).id;
    for (let polls = 0; (await test.platform.store.trainings.get(id))?.status === 'running' && polls < 600; polls++) await new Promise((resolve) => setTimeout(resolve, 50));

    const response = await test.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const samples = parseMetrics(response.body);
    expect(samples.get('helper_messages_total{assistant="demo/pt",channel="rest"}')).toBe(3);
    expect(samples.get('helper_fallbacks_total{assistant="demo/pt",channel="rest"}')).toBe(1);
    expect(samples.get('helper_turn_duration_seconds_count{channel="rest"}')).toBe(3);
    expect(samples.get('helper_nlu_parse_duration_seconds_count')).toBe(3);
    expect(samples.get('helper_http_requests_total{method="POST",route="/webhooks/rest/webhook",status="200"}')).toBe(3);
    expect(samples.get('helper_http_requests_total{method="POST",route="/webhooks/rest/webhook",status="400"}')).toBe(1);
    expect(samples.get('helper_outbox_pending{channel="facebook"}')).toBe(1);
    expect(samples.has('helper_outbox_pending{channel="socketio"}')).toBe(false);
    expect(samples.has('helper_outbox_oldest_pending_seconds{channel="socketio"}')).toBe(false);
    expect(samples.get('helper_web_chat_kept_replies')).toBe(1);
    expect(samples.get('helper_trainings_total{scope="dialogues",status="succeeded"}')).toBe(1);
    expect(samples.get('helper_training_duration_seconds_count{scope="dialogues",status="succeeded"}')).toBe(1);
    expect(samples.get('helper_outbox_send_failures_total')).toBeUndefined();
    expect(samples.has('helper_analytics_lag_events')).toBe(true);
    expect(samples.has('process_cpu_seconds_total')).toBe(true);
  });

  it('is closed to clients other than loopback when neither a token nor an allow-list is set', async () => {
    const remote = await test.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).not.toContain('helper_');
    expect((await test.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
  });
});

describe('/metrics with HELPER_METRICS_TOKEN and HELPER_METRICS_ALLOW', () => {
  let test: TestPlatform;
  beforeAll(async () => {
    test = await startTestPlatform({ demo: false, env: { HELPER_METRICS_TOKEN: TOKEN, HELPER_METRICS_ALLOW: '192.0.2.0/24, 2001:db8::/32' } });
  });
  afterAll(() => test?.close());

  it('needs the bearer token or an allowed address; loopback is no longer enough', async () => {
    const get = (remoteAddress: string, authorization?: string) =>
      test.app.inject({ method: 'GET', url: '/metrics', remoteAddress, ...(authorization ? { headers: { authorization } } : {}) });
    const missing = await get('127.0.0.1');
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect((await get('10.9.9.9', 'Bearer wrong-token-0000000000')).statusCode).toBe(403);
    expect((await get('10.9.9.9', `Bearer ${TOKEN}`)).statusCode).toBe(200);
    expect((await get('192.0.2.77')).statusCode).toBe(200);
    expect((await get('2001:db8::5')).statusCode).toBe(200);
    expect((await get('198.51.100.1')).statusCode).toBe(401);
  });
});

describe("/metrics of SQLite's WAL checkpoints", () => {
  it('shows them inline at first, then the thread taking over and what it copied', async () => {
    const test = await startTestPlatform({ demo: false });
    try {
      const samples = async (): Promise<Map<string, number>> => parseMetrics((await test.app.inject({ method: 'GET', url: '/metrics' })).body);
      const first = await samples();
      expect(first.get('helper_sqlite_checkpoint_mode{mode="inline"}')).toBe(1);
      expect(first.get('helper_sqlite_checkpoint_mode{mode="thread"}')).toBe(0);
      expect(first.get('helper_sqlite_checkpoint_frames_total{by="thread"}')).toBe(0);
      // Another connection fills the WAL past the store's wal_autocheckpoint (4,000 pages): the
      // store's checkpointer, which looks every 500 ms, starts its thread, whose round copies it.
      const writer = new SqliteDatabase(join(test.dataDir, 'helper.sqlite'));
      try {
        writer.pragma('wal_autocheckpoint = 0');
        writer.exec('create table filler (body blob not null)');
        const insert = writer.prepare('insert into filler (body) values (?)');
        writer.transaction(() => {
          for (let row = 0; row < 4200; row++) insert.run(Buffer.alloc(4000));
        })();
      } finally {
        writer.close();
      }
      await expect.poll(async () => (await samples()).get('helper_sqlite_checkpoint_frames_total{by="thread"}'), { timeout: 10_000, interval: 100 }).toBeGreaterThan(4000);
      const after = await samples();
      expect(after.get('helper_sqlite_checkpoint_mode{mode="thread"}')).toBe(1);
      expect(after.get('helper_sqlite_checkpoint_mode{mode="inline"}')).toBe(0);
      expect(after.get('helper_sqlite_checkpoint_mode{mode="failed"}')).toBe(0);
      expect(after.has('helper_sqlite_wal_restarts_total')).toBe(true);
    } finally {
      await test.close();
    }
  });

  it('are not shown for PostgreSQL', async () => {
    const test = await startTestPlatform({ demo: false, postgres: true });
    try {
      const body = (await test.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(body).toContain('helper_analytics_lag_events');
      expect(body).not.toContain('helper_sqlite_');
    } finally {
      await test.close();
    }
  });
});

describe('the example Grafana dashboard', () => {
  it('queries only metrics the platform exposes', async () => {
    const { readFile } = await import('node:fs/promises');
    const dashboard = JSON.parse(await readFile(new URL('../src/metrics/grafana-dashboard.json', import.meta.url), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const used = new Set(dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => target.expr.match(/helper_[a-z_]+/g) ?? [])).map((name) => name.replace(/_(bucket|count|sum)$/, '')));
    const test = await startTestPlatform({ demo: false });
    try {
      const exposed = (await test.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(used.size).toBeGreaterThan(5);
      for (const name of used) expect(exposed, name).toContain(`# TYPE ${name} `);
    } finally {
      await test.close();
    }
  });
});
