// `helper analytics export | user-data | erase-user | retention`, run in-process against the store
// of a running test platform (SQLite in a temp folder): what the operator does from the shell.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../src/analytics/local-days.js';
import { sessionStart, turnEvents } from '../src/analytics/turn-events.js';
import { runCli } from '../src/cli/main.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
let today: string;

async function helper(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  test = await startTestPlatform();
  today = localDate(Date.now() / 1000, 'America/Sao_Paulo');
  for (const [sender, message] of [
    ['joao', 'oi'],
    ['joao', 'conte-me algumas coisas sobre você'],
    ['ana', 'tchau'],
  ] as const) {
    await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
  }
  // A conversation of 100 days ago, for the retention period.
  const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
  const old = Date.now() / 1000 - 100 * 86_400;
  await test.platform.store.conversations.append(assistant.id, 'antigo', [...sessionStart(old), ...turnEvents({ text: 'oi', intent: 'cumprimentar', confidence: 0.9, skill: 'ola', timestamp: old })]);
});
afterAll(() => test?.close());

describe('helper analytics', () => {
  it('exports the conversations of an interval as .xlsx and as CSV, one row per message', async () => {
    const file = join(test.dataDir, 'conversas.xlsx');
    const xlsx = await helper('analytics', 'export', '--from', today, '--to', today, '--format', 'xlsx', '--out', file);
    expect(xlsx).toMatchObject({ code: 0, out: `exported 6 messages of demo/pt to ${file}` });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
    const rows = workbook.worksheets[0]!.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));
    expect(rows.length).toBe(7);
    expect(rows.slice(1).filter((row) => row[5] === 'user').map((row) => [row[4], row[6], row[7]])).toEqual([
      ['joao', 'oi', 'cumprimentar'],
      ['joao', 'conte-me algumas coisas sobre você', 'sobre_voce'],
      ['ana', 'tchau', 'despedir'],
    ]);
    expect(rows[1]![1]).toMatch(new RegExp(`^${today}T\\d{2}:\\d{2}:\\d{2}-03:00$`));
    const csv = await helper('analytics', 'export', '--assistant', 'demo/pt', '--from', `${today}T00:00:00-03:00`, '--to', `${today}T23:59:59-03:00`);
    expect(csv.code).toBe(0);
    const lines = csv.out.split('\r\n');
    expect(lines[0]).toBe('conversation,time,version,channel,user_id,from,text,intent,confidence,skill');
    expect(lines.length).toBe(7);
    expect(await helper('analytics', 'export', '--from', 'ontem', '--to', today)).toMatchObject({ code: 1, err: expect.stringContaining('--from') });
    expect(await helper('analytics', 'export', '--from', today, '--to', today, '--format', 'pdf')).toMatchObject({ code: 1, err: expect.stringContaining('--format') });
  });

  it("prints a user's data and erases it, both in the audit log", async () => {
    const data = await helper('analytics', 'user-data', 'ana');
    expect(data.code).toBe(0);
    expect((JSON.parse(data.out) as { userId: string; conversation: { events: unknown[] } }).conversation.events.length).toBeGreaterThan(3);
    expect(await helper('analytics', 'erase-user', 'ana')).toMatchObject({ code: 0, out: expect.stringMatching(/^erased ana: \d+ events, 1 analysed messages, 0 pending sends, 1 conversation$/) });
    const server = (await test.platform.store.servers.get('demo'))!;
    const audit = await test.platform.store.audit.list(server.id, { limit: 10 });
    expect(audit.slice(0, 2).map((entry) => [entry.actor, entry.action, entry.subject])).toEqual([
      ['cli', 'erase_user_data', 'ana'],
      ['cli', 'export_user_data', 'ana'],
    ]);
  });

  it('sets the retention period and deletes what is older', async () => {
    expect(await helper('analytics', 'retention')).toMatchObject({ code: 0, out: 'demo/pt keeps conversations forever' });
    const run = await helper('analytics', 'retention', '--days', '30', '--run');
    expect(run.code).toBe(0);
    expect(run.out).toContain('demo/pt keeps conversations 30 days');
    // A session start (3 events) and one answered turn (4: Rasa's user_featurization is not stored).
    expect(run.out).toMatch(/\(30 days\): deleted 1 conversations, 7 events/);
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    expect(await test.platform.store.conversations.get(assistant.id, 'antigo')).toBeUndefined();
    expect(await test.platform.store.conversations.get(assistant.id, 'joao')).toBeDefined();
    expect(await helper('analytics', 'retention', '--days', '0')).toMatchObject({ code: 1 });
    expect(await helper('analytics', 'retention', '--off')).toMatchObject({ code: 0, out: 'demo/pt keeps conversations forever' });
  });
});
