// Ajv's strict mode reads every route's schema when the app starts, and writes what it finds
// doubtful to the console (a keyword that does not apply to the schema's type, say). An operator
// sees those lines at every start and cannot act on them: the app starts with none.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

describe("the routes' schemas", () => {
  let test: TestPlatform | undefined;
  afterAll(async () => test?.close());

  it('give no strict-mode warning when the app starts', async () => {
    const warned: string[] = [];
    const spies = (['warn', 'log', 'error'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void warned.push(args.map(String).join(' '))),
    );
    try {
      test = await startTestPlatform({ demo: false });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(warned.filter((line) => /strict mode/i.test(line))).toEqual([]);
  });
});
