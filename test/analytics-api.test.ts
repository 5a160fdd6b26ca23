// The Analytics admin API through the real HTTP app, the real engine and the demo assistant:
// conversations made through the REST channel and the test chat are listed and filtered, their
// transcripts show intents and confidences, the rankings and KPIs count them per day, curation adds
// a missed phrase to an intent, exports open with ExcelJS, a viewer reads but does not export or
// curate, a user's data is exported and erased (audited), and the live view hears new events.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { localDate } from '../src/analytics/local-days.js';
import { signIn, type ConsoleSession } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const base = '/api/admin/servers/demo/assistants/pt/analytics';
let test: TestPlatform;
let ana: ConsoleSession;
let vera: ConsoleSession;
let today: string;

async function say(sender: string, message: string): Promise<void> {
  const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
  expect(response.statusCode).toBe(200);
}

interface Summary {
  id: number;
  sender: string;
  channel: string;
  userMessages: number;
  fallbacks: number;
  handedOff: boolean;
  modelVersion: number | null;
}

async function list(query: string, session = vera): Promise<{ items: Summary[]; total: number; nextCursor: string | null }> {
  const response = await session.request('GET', `${base}/conversations?from=${today}&to=${today}${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

beforeAll(async () => {
  test = await startTestPlatform({ env: { HELPER_ADMIN_EMAIL: 'ana@demo.example', HELPER_ADMIN_PASSWORD: 'ana-password-123' } });
  await ensureFirstAdministrator(test.platform, () => undefined);
  await test.platform.store.users.create({ serverName: 'demo', login: 'vera', email: 'vera@demo.example', firstName: 'Vera', lastName: '', passwordHash: await hashPassword('vera-password-1'), role: 'viewer' });
  ana = await signIn(test.app, 'ana', 'ana-password-123');
  vera = await signIn(test.app, 'vera', 'vera-password-1');
  today = localDate(Date.now() / 1000, 'America/Sao_Paulo');
  await say('joao', 'conte-me algumas coisas sobre você');
  await say('joao', 'quero avaliar o atendimento');
  await say('maria', 'xyzzy plugh qwerty');
  await say('maria', 'oi');
  const chat = await ana.request('POST', '/api/admin/servers/demo/assistants/pt/test-chat', { message: 'tchau', sender: 'console-ana-1' });
  expect(chat.statusCode).toBe(200);
  expect((await ana.request('POST', '/api/admin/servers/demo/assistants/pt/conversations/maria/pause')).statusCode).toBe(200);
  await test.platform.analytics.projector.catchUp();
});
afterAll(() => test?.close());

describe('conversation list', () => {
  it('lists the conversations of the interval with their channel, model version, messages, fallbacks and hand-off', async () => {
    const { items, total, nextCursor } = await list('');
    expect(total).toBe(3);
    expect(nextCursor).toBeNull();
    expect(items.map((item) => [item.sender, item.channel, item.userMessages, item.fallbacks, item.handedOff, item.modelVersion])).toEqual([
      ['console-ana-1', 'console', 1, 0, false, 1],
      ['maria', 'rest', 2, 1, true, 1],
      ['joao', 'rest', 2, 0, false, 1],
    ]);
  });

  it('filters by channel, intent, skill, text, fallback and hand-off, sorts and pages', async () => {
    const senders = async (query: string) => (await list(query)).items.map((item) => item.sender);
    expect(await senders('&channel=console')).toEqual(['console-ana-1']);
    expect(await senders('&intent=avaliar_atendimento')).toEqual(['joao']);
    expect(await senders('&text=VOCE')).toEqual(['joao']);
    expect(await senders('&fallbackOnly=true')).toEqual(['maria']);
    expect(await senders('&handedOffOnly=true')).toEqual(['maria']);
    expect(await senders('&sender=joao')).toEqual(['joao']);
    expect(await senders('&sort=started_at&direction=asc')).toEqual(['joao', 'maria', 'console-ana-1']);
    const page = await list('&limit=2');
    expect(page.items.length).toBe(2);
    const next = await list(`&limit=2&cursor=${page.nextCursor}`);
    expect(next.items.map((item) => item.sender)).toEqual(['joao']);
    const skill = (await vera.request('GET', `${base}/conversations/${page.items[1]!.id}`)).json() as { entries: Array<{ kind: string; skill?: string }> };
    const fallbackSkill = skill.entries.find((entry) => entry.kind === 'bot')?.skill;
    expect(await senders(`&skill=${fallbackSkill}`)).toEqual(['maria']);
  });

  it('answers 400 naming the field for a missing or wrong interval or cursor', async () => {
    const missing = await vera.request('GET', `${base}/conversations?to=${today}`);
    expect([missing.statusCode, missing.json().error.field]).toEqual([400, 'from']);
    const backwards = await vera.request('GET', `${base}/conversations?from=${today}&to=2020-01-01`);
    expect([backwards.statusCode, backwards.json().error.field]).toEqual([400, 'to']);
    const bad = await vera.request('GET', `${base}/conversations?from=ontem&to=${today}`);
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'from']);
    const cursor = await vera.request('GET', `${base}/conversations?from=${today}&to=${today}&cursor=abc`);
    expect([cursor.statusCode, cursor.json().error.field]).toEqual([400, 'cursor']);
  });
});

describe('transcript', () => {
  it('shows each user message with its intent, confidence and entities, and each answer with its skill', async () => {
    const joao = (await list('&sender=joao')).items[0]!;
    const response = await vera.request('GET', `${base}/conversations/${joao.id}`);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { entries: Array<{ kind: string; text: string; intent?: string; confidence?: number; skill?: string }>; ended: boolean };
    expect(body.entries.map((entry) => [entry.kind, entry.kind === 'user' ? entry.intent : entry.skill])).toEqual([
      ['user', 'sobre_voce'],
      ['bot', expect.any(String)],
      ['user', 'avaliar_atendimento'],
      ['bot', expect.any(String)],
    ]);
    expect(body.entries[0]!.confidence).toBeGreaterThan(0.2);
    expect(body.entries[3]!.text).toBe('Você poderia avaliar o meu atendimento?');
    expect(body.ended).toBe(false);
    expect((await vera.request('GET', `${base}/conversations/999999999`)).statusCode).toBe(404);
  });

  it("gives each user message the intents ranked with their real scores, and a fallback's threshold beside its best candidate's score", async () => {
    type UserEntry = { kind: string; intent: string; confidence: number; candidate: string | null; ranking: Array<{ intent: string; confidence: number }>; threshold: number | null };
    const entriesOf = async (sender: string) => {
      const conversation = (await list(`&sender=${sender}`)).items[0]!;
      return ((await vera.request('GET', `${base}/conversations/${conversation.id}`)).json() as { entries: UserEntry[] }).entries.filter((entry) => entry.kind === 'user');
    };
    const [understood] = await entriesOf('joao');
    expect(understood!.ranking[0]).toEqual({ intent: 'sobre_voce', confidence: understood!.confidence });
    expect(understood!.ranking.length).toBeGreaterThan(1);
    expect(understood!.threshold).toBeNull();
    const [missed] = await entriesOf('maria');
    expect(missed!.intent).toBe('nlu_fallback');
    expect(missed!.ranking.map((entry) => entry.intent)).not.toContain('nlu_fallback');
    expect(missed!.ranking[0]).toEqual({ intent: missed!.candidate, confidence: missed!.confidence });
    expect(missed!.threshold).toBeGreaterThan(missed!.confidence);
  });

  it('follows a live conversation: server-sent events say when it changes, `after` gives what is new', async () => {
    const joao = (await list('&sender=joao')).items[0]!;
    const first = (await vera.request('GET', `${base}/conversations/${joao.id}`)).json() as { latestEventId: number };
    const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const stream = await fetch(`${address}${base}/conversations/${joao.id}/live`, { headers: { cookie: `helper_session=${vera.cookie}` }, signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (marker: string) => {
      while (!received.includes(marker)) received += decoder.decode((await reader.read()).value ?? new Uint8Array());
    };
    await readUntil('event: ready');
    await say('joao', 'obrigado');
    await readUntil('event: update');
    controller.abort();
    const newer = (await vera.request('GET', `${base}/conversations/${joao.id}?after=${first.latestEventId}`)).json() as { entries: Array<{ kind: string; text: string }> };
    expect(newer.entries.map((entry) => [entry.kind, entry.kind === 'user' ? entry.text : 'answer'])).toEqual([
      ['user', 'obrigado'],
      ['bot', 'answer'],
    ]);
  });
});

describe('rankings and overview', () => {
  it('counts intents, responses and fallbacks per day, and the KPIs', async () => {
    await test.platform.analytics.projector.catchUp();
    const intents = (await vera.request('GET', `${base}/rankings/intents?from=${today}&to=${today}`)).json() as { days: string[]; series: Array<{ name: string; total: number; perDay: number[] }> };
    expect(intents.days).toEqual([today]);
    expect(intents.series).toEqual(expect.arrayContaining([{ name: 'sobre_voce', total: 1, perDay: [1] }, { name: 'nlu_fallback', total: 1, perDay: [1] }]));
    const fallbacks = (await vera.request('GET', `${base}/rankings/fallbacks?from=${today}&to=${today}`)).json() as { total: number; messagesPerDay: number[]; fallbackRatePerDay: number[] };
    expect(fallbacks.total).toBe(1);
    expect(fallbacks.fallbackRatePerDay[0]).toBeCloseTo(1 / fallbacks.messagesPerDay[0]!);
    const responses = (await vera.request('GET', `${base}/rankings/responses?from=${today}&to=${today}`)).json() as { total: number; series: Array<{ name: string; total: number; perDay: number[] }> };
    // Every message was answered, the fallback by the fallback skill.
    expect(responses.total).toBe(fallbacks.messagesPerDay[0]);
    // By skill: the one of the dialogue answering sobre_voce, and the fallback skill once.
    const content = await test.platform.store.content.load((await test.platform.store.assistants.get('demo', 'pt'))!.id);
    const aboutSkill = content.dialogues.find((dialogue) => dialogue.intents.includes('sobre_voce'))?.skill;
    const fallbackSkill = content.skills.find((skill) => skill.fallback)?.name;
    expect([aboutSkill, fallbackSkill]).toEqual([expect.any(String), expect.any(String)]);
    expect(responses.series).toEqual(expect.arrayContaining([expect.objectContaining({ name: aboutSkill, perDay: [expect.any(Number)] }), { name: fallbackSkill, total: 1, perDay: [1] }]));
    expect(responses.series.reduce((sum, entry) => sum + entry.total, 0)).toBeLessThanOrEqual(responses.total);
    const overview = (await vera.request('GET', `${base}/overview?from=${today}&to=${today}`)).json() as Record<string, unknown>;
    expect(overview).toMatchObject({ conversations: 3, conversationsPerDay: [3], handedOff: 1, containment: 2 / 3, fallbacks: 1 });
    expect(overview['medianConfidence']).toEqual(expect.any(Number));
    expect((overview['busiestHours'] as unknown[]).length).toBe(1);
  });

  it('counts the answers to the satisfaction question once its skill is set', async () => {
    const content = await test.platform.store.content.load((await test.platform.store.assistants.get('demo', 'pt'))!.id);
    const skill = content.dialogues.find((dialogue) => dialogue.intents.includes('avaliar_atendimento'))!.skill;
    expect((await vera.request('PATCH', `${base}/settings`, { satisfactionSkill: skill })).statusCode).toBe(403);
    const bad = await ana.request('PATCH', `${base}/settings`, { timeZone: 'Mars/Olympus' });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'timeZone']);
    expect((await ana.request('PATCH', `${base}/settings`, { satisfactionSkill: skill })).json()).toEqual({ timeZone: 'America/Sao_Paulo', retentionDays: null, satisfactionSkill: skill });
    await say('pedro', 'quero avaliar o atendimento');
    await say('pedro', 'Sim');
    await test.platform.analytics.projector.catchUp();
    const overview = (await vera.request('GET', `${base}/overview?from=${today}&to=${today}`)).json() as { satisfaction: unknown };
    // joao answered "obrigado" after the question; pedro "Sim".
    expect(overview.satisfaction).toEqual({ skill, total: 2, answers: [{ answer: 'obrigado', count: 1 }, { answer: 'sim', count: 1 }] });
  });
});

describe('curation', () => {
  it('lists what to review, adds a missed phrase to an intent (which then needs a training), and marks messages', async () => {
    const inbox = (await vera.request('GET', `${base}/inbox`)).json() as { toReview: number; items: Array<{ id: number; text: string; candidate: string | null }>; pendingTraining: { intents: unknown[] } };
    expect(inbox.items.map((item) => item.text)).toContain('xyzzy plugh qwerty');
    expect(inbox.toReview).toBe(inbox.items.length);
    const missed = inbox.items.find((item) => item.text === 'xyzzy plugh qwerty')!;
    expect((await vera.request('POST', `${base}/messages/${missed.id}/phrase`, { intent: 'cumprimentar' })).statusCode).toBe(403);
    const unknown = await ana.request('POST', `${base}/messages/${missed.id}/phrase`, { intent: 'nao_existe' });
    expect([unknown.statusCode, unknown.json().error.field]).toEqual([400, 'intent']);
    const added = await ana.request('POST', `${base}/messages/${missed.id}/phrase`, { intent: 'cumprimentar' });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({
      message: { review: { status: 'phrase_added', intent: 'cumprimentar', by: 'ana' } },
      phrase: { intent: 'cumprimentar', added: true, alsoIn: [] },
      pendingTraining: { intents: [{ intent: 'cumprimentar', phrases: 1 }] },
    });
    const intent = (await ana.request('GET', '/api/admin/servers/demo/assistants/pt/intents/cumprimentar')).json() as { phrases: Array<{ text: string }> };
    expect(intent.phrases.map((phrase) => phrase.text)).toContain('xyzzy plugh qwerty');
    const after = (await vera.request('GET', `${base}/inbox`)).json() as { toReview: number };
    expect(after.toReview).toBe(inbox.toReview - 1);
    const other = inbox.items.find((item) => item.id !== missed.id);
    if (other) {
      const marked = await ana.request('POST', `${base}/messages/${other.id}/review`, { status: 'out_of_scope' });
      expect(marked.json()).toMatchObject({ message: { review: { status: 'out_of_scope', by: 'ana' } } });
    }
  });
});

describe('exports and personal data', () => {
  it('exports the filtered list as .xlsx and .csv (administrators only), with the same rows', async () => {
    expect((await vera.request('GET', `${base}/conversations.xlsx?from=${today}&to=${today}`)).statusCode).toBe(403);
    const xlsx = await test.app.inject({ method: 'GET', url: `${base}/conversations.xlsx?from=${today}&to=${today}&sender=joao`, headers: { host: 'localhost:5005', cookie: `helper_session=${ana.cookie}` } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const rows = sheet.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));
    expect(rows[0]).toEqual(['conversation', 'time', 'version', 'channel', 'user_id', 'from', 'text', 'intent', 'confidence', 'skill']);
    // The assistant's version (its training) on every row, as the Listar conversas page shows it.
    expect(rows.slice(1).every((row) => typeof row[2] === 'number')).toBe(true);
    expect(rows.slice(1).map((row) => [row[4], row[5], row[6]])).toEqual([
      ['joao', 'user', 'conte-me algumas coisas sobre você'],
      ['joao', 'bot', expect.any(String)],
      ['joao', 'user', 'quero avaliar o atendimento'],
      ['joao', 'bot', 'Você poderia avaliar o meu atendimento?'],
      ['joao', 'user', 'obrigado'],
      ['joao', 'bot', expect.any(String)],
    ]);
    const csv = await ana.request('GET', `${base}/conversations.csv?from=${today}&to=${today}&sender=joao`);
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines.length).toBe(rows.length);
    expect(lines[1]!.split(',').slice(4, 7)).toEqual(['joao', 'user', 'conte-me algumas coisas sobre você']);
    const one = await ana.request('GET', `${base}/conversations/${(await list('&sender=joao')).items[0]!.id}/export.csv`);
    expect(one.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n').length).toBe(rows.length);
    // One conversation as .xlsx: the same rows as the list's for that sender, administrators only.
    const oneXlsxUrl = `${base}/conversations/${(await list('&sender=joao')).items[0]!.id}/export.xlsx`;
    expect((await vera.request('GET', oneXlsxUrl)).statusCode).toBe(403);
    const oneXlsx = await test.app.inject({ method: 'GET', url: oneXlsxUrl, headers: { host: 'localhost:5005', cookie: `helper_session=${ana.cookie}` } });
    expect(oneXlsx.statusCode).toBe(200);
    expect(oneXlsx.headers['content-type']).toContain('spreadsheetml');
    const oneBook = new ExcelJS.Workbook();
    await oneBook.xlsx.load(oneXlsx.rawPayload as unknown as ExcelJS.Buffer);
    expect(oneBook.worksheets[0]!.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1))).toEqual(sheet.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1)));
  });

  it("exports and erases one user's data, and the audit log says who did it", async () => {
    const userBase = '/api/admin/servers/demo/assistants/pt/users/maria';
    expect((await vera.request('GET', `${userBase}/data`)).statusCode).toBe(403);
    expect((await vera.request('DELETE', userBase)).statusCode).toBe(403);
    // What people and the channels kept of her, which the erasure deletes: the export lists it too.
    const assistantId = (await test.platform.store.assistants.get('demo', 'pt'))!.id;
    const now = Math.floor(Date.now() / 1000);
    const { handoff } = await test.platform.store.handoffs.open({ assistantId, senderId: 'maria', channel: 'whatsapp', reason: 'agent', now });
    await test.platform.store.handoffs.addNote({ handoffId: handoff.id, author: 'ana', text: 'pediu segunda via do boleto', now });
    await test.platform.store.channels.touchContact(assistantId, 'whatsapp', 'maria', now - 60);
    await test.platform.store.channels.markUnreachable(assistantId, 'telegram', 'maria', now, 'blocked');
    await test.platform.store.channels.recordDelivery({ assistantId, channel: 'whatsapp', recipient: 'maria', messageId: 'wamid.1', status: 'failed', detail: { code: 131047 }, occurredAt: now });
    await test.platform.store.channels.recordDelivery({ assistantId, channel: 'whatsapp', recipient: 'joao', messageId: 'wamid.2', status: 'sent', detail: null, occurredAt: now });
    const data = (await ana.request('GET', `${userBase}/data`)).json() as {
      userId: string;
      conversation: { events: Array<{ event: string; text?: string }> };
      sessions: unknown[];
      handoffs: Array<{ status: string; reason: string; channel: string; notes: Array<{ author: string; text: string }> }>;
      contacts: Array<{ channel: string; lastInboundAt: number | null; unreachableSince: number | null; unreachableReason: string | null }>;
      deliveries: Array<{ channel: string; recipient: string; messageId: string; status: string; detail: unknown; occurredAt: number }>;
    };
    expect(data.userId).toBe('maria');
    expect(data.conversation.events.filter((event) => event.event === 'user').map((event) => event.text)).toEqual(['xyzzy plugh qwerty', 'oi']);
    expect(data.sessions.length).toBe(1);
    expect(data.handoffs).toMatchObject([{ status: 'waiting', reason: 'agent', channel: 'whatsapp', notes: [{ author: 'ana', text: 'pediu segunda via do boleto' }] }]);
    expect(data.contacts).toEqual([
      { channel: 'telegram', lastInboundAt: null, unreachableSince: now, unreachableReason: 'blocked' },
      { channel: 'whatsapp', lastInboundAt: now - 60, unreachableSince: null, unreachableReason: null },
    ]);
    expect(data.deliveries).toMatchObject([{ channel: 'whatsapp', recipient: 'maria', messageId: 'wamid.1', status: 'failed', detail: { code: 131047 }, occurredAt: now }]);
    const erased = await ana.request('DELETE', userBase);
    expect(erased.json()).toMatchObject({ userId: 'maria', erased: { conversations: 1, messages: 2, handoffs: 1, contacts: 2, deliveries: 1 } });
    const after = (await ana.request('GET', `${userBase}/data`)).json() as { conversation: unknown; handoffs: unknown[]; contacts: unknown[]; deliveries: unknown[] };
    expect([after.conversation, after.handoffs, after.contacts, after.deliveries]).toEqual([null, [], [], []]);
    expect((await list('&sender=maria')).items).toEqual([]);
    expect(await test.platform.store.conversations.events((await test.platform.store.assistants.get('demo', 'pt'))!.id, 'maria')).toEqual([]);
    expect((await vera.request('GET', '/api/admin/servers/demo/audit')).statusCode).toBe(403);
    const audit = (await ana.request('GET', '/api/admin/servers/demo/audit')).json() as { entries: Array<{ actor: string; action: string; subject: string | null; assistant: string }> };
    expect(audit.entries.slice(0, 3).map((entry) => [entry.actor, entry.action, entry.subject, entry.assistant])).toEqual([
      ['ana', 'export_user_data', 'maria', 'demo/pt'],
      ['ana', 'erase_user_data', 'maria', 'demo/pt'],
      ['ana', 'export_user_data', 'maria', 'demo/pt'],
    ]);
    expect(audit.entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['export_conversations', 'curation_phrase_added']));
  });
});
