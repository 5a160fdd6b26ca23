// The error handler's line between the client's fault and ours: only what Fastify could not parse
// from the request (and schema validation) is a 4xx; anything that fails inside — here a stored
// row that is no longer JSON — is a logged 500 whose body (Rasa's) shows nothing of the cause.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
const logLines: string[] = [];

beforeAll(async () => {
  test = await startTestPlatform({ logLines });
});

afterAll(async () => {
  await test?.close();
});

describe('a corrupt row in the store', () => {
  it('answers 500 with Rasa\'s body and no internals, and logs the cause', async () => {
    const sent = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'corrupt', message: 'olá' } });
    expect(sent.statusCode).toBe(200);
    const file = new Database(join(test.dataDir, 'helper.sqlite'));
    try {
      file.prepare(`update events set data = '{"event": "user", "text": ' where sender_id = ?`).run('corrupt');
    } finally {
      file.close();
    }
    const assistant = await test.platform.defaultAssistant();
    const token = await test.platform.apiAccess.ensure(assistant);
    const response = await test.app.inject({ method: 'GET', url: `/conversations/corrupt/tracker?token=${token}` });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      version: '3.6.21',
      status: 'failure',
      message: 'An unexpected error occurred.',
      reason: 'ConversationError',
      details: {},
      help: null,
      code: 500,
    });
    expect(response.body).not.toMatch(/JSON|position|Unexpected/);
    expect(logLines.some((line) => line.includes('"level":50') && line.includes('request failed') && line.includes('SyntaxError'))).toBe(true);
  });

  it('still answers a body that is not JSON with 400', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { 'content-type': 'application/json' }, payload: '{"sender": ' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ reason: 'BadRequest', message: 'request body is not valid JSON' });
  });
});
