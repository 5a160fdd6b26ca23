import { describe, expect, it } from 'vitest';
import { buttonIds, payloadOfButtonId, shortIdOf } from './button-payloads.js';

function memoryRecords() {
  const kept = new Map<string, string>();
  return {
    kept,
    saveButtonPayloads: async (_assistantId: number, entries: Array<{ shortId: string; payload: string }>) => {
      for (const entry of entries) if (!kept.has(entry.shortId)) kept.set(entry.shortId, entry.payload);
    },
    buttonPayload: async (_assistantId: number, shortId: string) => kept.get(shortId),
  };
}

describe('button payloads under short ids', () => {
  const fits64Bytes = (payload: string) => Buffer.byteLength(payload) <= 64;

  it('keeps short payloads as they are, and long ones (in bytes) as a stable short id that comes back as the payload', async () => {
    const records = memoryRecords();
    const long = `/pedir_produto{"produto": "impressora multifuncional", "cor": "azul-marinho"}`;
    const accented = 'ã'.repeat(40); // 40 characters, 80 bytes
    const ids = await buttonIds(records, 1, ['sim', long, accented, long], fits64Bytes);
    expect(ids.get('sim')).toBe('sim');
    expect(ids.get(long)).toBe(shortIdOf(long));
    expect(ids.get(accented)).toMatch(/^~[A-Za-z0-9_-]{22}$/);
    expect(Buffer.byteLength(ids.get(long)!)).toBeLessThanOrEqual(64);
    expect(shortIdOf(long)).toBe(shortIdOf(long));
    expect(await payloadOfButtonId(records, 1, ids.get(long)!)).toBe(long);
    expect(await payloadOfButtonId(records, 1, ids.get(accented)!)).toBe(accented);
    expect(await payloadOfButtonId(records, 1, 'sim')).toBe('sim');
    expect(records.kept.size).toBe(2);
  });

  it('stores a payload that looks like a short id, so it is never mistaken for another', async () => {
    const records = memoryRecords();
    const lookalike = shortIdOf('something else');
    const ids = await buttonIds(records, 1, [lookalike], fits64Bytes);
    expect(ids.get(lookalike)).not.toBe(lookalike);
    expect(await payloadOfButtonId(records, 1, ids.get(lookalike)!)).toBe(lookalike);
    // An unknown short id is taken as typed.
    expect(await payloadOfButtonId(records, 1, lookalike)).toBe(lookalike);
  });
});
