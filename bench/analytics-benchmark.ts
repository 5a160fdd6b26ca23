// `npm run bench:analytics`: seeds 100,000 conversations (about 1,000,000 events) into a fresh
// SQLite store and a fresh PostgreSQL schema, projects them (the background projector's work), and
// times each analytics page's query as the admin API runs it: the conversation list (with its
// count, filters and a second page), the rankings and the overview of 30 days, a transcript, and
// the curation inbox. Prints p50/p95 per query beside the targets; asserts nothing.
//
// BENCH_CONVERSATIONS (100000) scales the seed; BENCH_DATABASE_URL (else HELPER_TEST_DATABASE_URL,
// else postgres://postgres@127.0.0.1:5432/test) is where the PostgreSQL schema is made;
// BENCH_STORES=sqlite or postgres runs one store only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { AnalyticsService } from '../src/analytics/analytics-service.js';
import { AnalyticsProjector } from '../src/analytics/analytics-projector.js';
import { localDate } from '../src/analytics/local-days.js';
import { sessionStart, turnEvents } from '../src/analytics/turn-events.js';
import { seededRandom } from '../src/nlu/seeded-random.js';
import { createStore } from '../src/store/create-store.js';
import type { Store } from '../src/store/store.js';
import type { StoreConfig } from '../src/store/store-config.js';

const CONVERSATIONS = Number(process.env['BENCH_CONVERSATIONS'] ?? 100_000);
const DAYS = 90;
const REPEAT = Number(process.env['BENCH_REPEAT'] ?? 40);
const TARGETS_MS = { list: 300, rankings: 500, transcript: 100 } as const;
const INTENTS = Array.from({ length: 30 }, (_, index) => `intent_${String(index).padStart(2, '0')}`);
const CHANNELS = ['rest', 'socketio', 'facebook', 'rest', 'socketio', 'console'];
const WORDS = ['quero', 'abrir', 'chamado', 'senha', 'impressora', 'não', 'funciona', 'ajuda', 'obrigado', 'bom dia', 'preciso', 'acesso', 'rede', 'vpn', 'email', 'outlook', 'computador', 'lento'];

interface Timing {
  name: string;
  group: keyof typeof TARGETS_MS | 'other';
  samples: number[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function seed(store: Store, assistantId: number, modelId: string, now: number): Promise<number> {
  const random = seededRandom(15);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // A skewed choice: a few intents are most of the traffic, as in real assistants.
  const intentOf = () => INTENTS[Math.min(INTENTS.length - 1, Math.floor(INTENTS.length * random() ** 2.2))] as string;
  let events = 0;
  const started = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let index = 0; index < CONVERSATIONS; index++) {
    const start = now - DAYS * 86_400 + (index / CONVERSATIONS) * DAYS * 86_400 + random() * 600;
    const turns = random() < 0.6 ? 1 : 2;
    const channel = pick(CHANNELS);
    const sender = `user-${Math.floor(random() * CONVERSATIONS * 0.6)}`;
    const batch = [...sessionStart(start, modelId)];
    for (let turn = 0; turn < turns; turn++) {
      const fallback = random() < 0.12;
      const intent = intentOf();
      const text = Array.from({ length: 2 + Math.floor(random() * 5) }, () => pick(WORDS)).join(' ');
      batch.push(
        ...turnEvents({
          text,
          intent: fallback ? 'nlu_fallback' : intent,
          confidence: fallback ? 0 : 0.3 + random() * 0.7,
          ...(fallback ? { candidate: { name: intent, confidence: random() * 0.2 } } : {}),
          skill: fallback ? 'nao_entendi' : `skill_${intent}`,
          fallback,
          channel,
          modelId,
          timestamp: start + 1 + turn * 30,
        }),
      );
    }
    if (random() < 0.03) batch.push({ event: 'pause', timestamp: start + 90 });
    events += batch.length;
    // Different senders in parallel (the SQLite store commits them in groups, PostgreSQL on its pool).
    pending.push(store.conversations.append(assistantId, `${sender}-${index}`, batch));
    if (pending.length >= 200) await Promise.all(pending.splice(0));
    if (index % 20_000 === 19_999) process.stdout.write(`  seeded ${index + 1} conversations (${events} events) in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  await Promise.all(pending);
  return events;
}

async function time(timing: Timing, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  timing.samples.push(performance.now() - started);
}

async function benchStore(name: string, config: StoreConfig): Promise<void> {
  console.log(`\n${name}: seeding ${CONVERSATIONS} conversations over ${DAYS} days…`);
  const store = await createStore(config);
  try {
    await store.servers.create({ name: 'bench' });
    const assistant = await store.assistants.create({ serverName: 'bench', language: 'pt' });
    const model = await store.models.start(assistant.id);
    await store.models.succeed(model.id, '{}');
    const now = Date.now() / 1000;
    const seedStarted = performance.now();
    const events = await seed(store, assistant.id, model.modelId, now);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(`  ${events} events stored in ${seedSeconds.toFixed(0)} s`);

    const projector = new AnalyticsProjector(store, { batchSize: 5_000, lagSeconds: 0 });
    const projectStarted = performance.now();
    await projector.catchUp();
    const projectSeconds = (performance.now() - projectStarted) / 1000;
    console.log(`  projected in ${projectSeconds.toFixed(1)} s (${Math.round(events / projectSeconds)} events/s)`);

    const service = new AnalyticsService(store);
    const random = seededRandom(7);
    const today = localDate(now, 'America/Sao_Paulo');
    const daysAgo = (days: number) => localDate(now - days * 86_400, 'America/Sao_Paulo');
    const month = { from: daysAgo(29), to: today };
    const timings: Timing[] = [];
    const track = (name: string, group: Timing['group']): Timing => {
      const timing: Timing = { name, group, samples: [] };
      timings.push(timing);
      return timing;
    };
    const first = track('list: 30 days, newest first, page of 50 + count', 'list');
    const second = track('list: 30 days, second page (cursor)', 'list');
    const byIntent = track('list: 30 days, one intent', 'list');
    const bySkill = track('list: 30 days, one skill, sorted by messages', 'list');
    const byChannel = track('list: 30 days, one channel, fallback only', 'list');
    const handedOff = track('list: 30 days, handed off only', 'list');
    const byText = track('list: 30 days, text search', 'list');
    const byUser = track('list: 90 days, one user id', 'list');
    const intents = track('rankings: intents, 30 days', 'rankings');
    const responses = track('rankings: responses, 30 days', 'rankings');
    const fallbacks = track('rankings: fallbacks, 30 days', 'rankings');
    const overview = track('overview (KPIs), 30 days', 'rankings');
    const transcript = track('transcript of a conversation', 'transcript');
    const inbox = track('curation inbox (50) + count', 'other');
    const ids = (await store.analytics.listSessions({ assistantId: assistant.id, from: 0, to: now + 1, sort: 'started_at', direction: 'desc', limit: 2000 })).map((session) => session.id);
    const senders = (await store.analytics.listSessions({ assistantId: assistant.id, from: 0, to: now + 1, sort: 'started_at', direction: 'asc', limit: 2000 })).map((session) => session.senderId);
    // Warm-up: one of each, not counted.
    await service.listConversations(assistant.id, { ...month });
    await service.ranking(assistant.id, 'intents', month.from, month.to);
    for (let round = 0; round < REPEAT; round++) {
      const intent = INTENTS[Math.floor(random() * INTENTS.length)] as string;
      const page = await service.listConversations(assistant.id, { ...month });
      await time(first, () => service.listConversations(assistant.id, { ...month }));
      await time(second, () => service.listConversations(assistant.id, { ...month, ...(page.nextCursor ? { cursor: page.nextCursor } : {}) }));
      await time(byIntent, () => service.listConversations(assistant.id, { ...month, intent }));
      await time(bySkill, () => service.listConversations(assistant.id, { ...month, skill: `skill_${intent}`, sort: 'user_messages' }));
      await time(byChannel, () => service.listConversations(assistant.id, { ...month, channel: CHANNELS[round % CHANNELS.length] as string, fallbackOnly: true }));
      await time(handedOff, () => service.listConversations(assistant.id, { ...month, handedOffOnly: true }));
      await time(byText, () => service.listConversations(assistant.id, { ...month, text: WORDS[round % WORDS.length] as string }));
      await time(byUser, () => service.listConversations(assistant.id, { from: daysAgo(89), to: today, sender: senders[round % senders.length] as string }));
      await time(intents, () => service.ranking(assistant.id, 'intents', month.from, month.to));
      await time(responses, () => service.ranking(assistant.id, 'responses', month.from, month.to));
      await time(fallbacks, () => service.ranking(assistant.id, 'fallbacks', month.from, month.to));
      await time(overview, () => service.overview(assistant.id, month.from, month.to));
      await time(transcript, () => service.transcript(assistant.id, ids[Math.floor(random() * ids.length)] as number));
      await time(inbox, () => Promise.all([store.analytics.inbox(assistant.id, 0.5, 50), store.analytics.inboxCount(assistant.id, 0.5)]));
    }
    console.log(`  ${'query'.padEnd(52)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}   target (p95)`);
    for (const timing of timings) {
      const target = timing.group === 'other' ? undefined : TARGETS_MS[timing.group];
      const p95 = percentile(timing.samples, 95);
      const verdict = target === undefined ? '' : `≤ ${target} ms ${p95 <= target ? 'met' : 'MISSED'}`;
      console.log(`  ${timing.name.padEnd(52)} ${percentile(timing.samples, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}   ${verdict}`);
    }
    for (const group of ['list', 'rankings', 'transcript'] as const) {
      const all = timings.filter((timing) => timing.group === group).flatMap((timing) => timing.samples);
      console.log(`  all ${group} queries: p95 ${percentile(all, 95).toFixed(1)} ms (target ≤ ${TARGETS_MS[group]} ms)`);
    }
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  console.log(`Analytics queries on ${CONVERSATIONS} conversations, ${REPEAT} rounds each (2 cores shared with other work)`);
  const only = process.env['BENCH_STORES'];
  if (!only || only === 'sqlite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-bench-analytics-'));
    try {
      await benchStore('SQLite', { dataDir });
    } finally {
      if (process.env['BENCH_KEEP_SCHEMA']) console.log(`kept ${dataDir}`);
      else await rm(dataDir, { recursive: true, force: true });
    }
  }
  if (!only || only === 'postgres') {
    const baseUrl = process.env['BENCH_DATABASE_URL'] || process.env['HELPER_TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `helper_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const url = new URL(baseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      await benchStore('PostgreSQL', { databaseUrl: url.toString(), dataDir: tmpdir() });
    } finally {
      if (process.env['BENCH_KEEP_SCHEMA']) console.log(`kept schema ${schema}`);
      else await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
}

await main();
