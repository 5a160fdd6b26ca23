// The NLU report of the serving model through the admin API: what each accuracy threshold would
// have done to the assistant's own phrases (cross-validated at training) and its overlapping intents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
});
afterAll(async () => {
  await test?.close();
});

const get = (url: string) => test.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

interface Report {
  modelVersion: number;
  crossValidated: boolean;
  phrases: number;
  thresholds: Array<{ thresholdPercent: number; answeredRightPercent: number; answeredWrongPercent: number; fellBackPercent: number }>;
  conflicts: Array<{ intent: string; confusedWith: string; count: number; of: number; examples: Array<{ phrase: string; nearest: string }> }>;
}

describe('NLU report API', () => {
  it('gives the serving model’s cross-validated outcomes by threshold and its conflicts', async () => {
    const response = await get('/api/admin/servers/demo/assistants/pt/nlu-report');
    expect(response.statusCode).toBe(200);
    const report = response.json() as Report;
    const loaded = await test.platform.registry.get((await test.platform.store.assistants.get('demo', 'pt'))?.id ?? 0);
    const expected = loaded?.model?.interpreter.crossValidation;
    expect(expected).toBeDefined();
    expect(report.modelVersion).toBe(loaded?.model?.record.version);
    expect(report.crossValidated).toBe(true);
    expect(report.phrases).toBe(expected?.phrases);
    expect(report.thresholds.map((t) => t.thresholdPercent)).toEqual(Array.from({ length: 20 }, (_, i) => i * 5));
    for (const [i, row] of report.thresholds.entries()) {
      expect(row.answeredRightPercent).toBeCloseTo((expected?.thresholds[i]?.answeredRight ?? -1) * 100, 0);
      expect(row.answeredRightPercent + row.answeredWrongPercent + row.fellBackPercent).toBeCloseTo(100, 0);
    }
    expect(report.conflicts).toEqual(expected?.conflicts);
  });

  it('answers 404 for an unknown assistant', async () => {
    const response = await get('/api/admin/servers/demo/assistants/xx/nlu-report');
    expect(response.statusCode).toBe(404);
  });
});
