import { describe, expect, it } from 'vitest';
import { readSessionRequest, readUserUttered } from './user-uttered.js';

describe('readSessionRequest', () => {
  it('reads a given id (a number as a string), and none for a null or missing one', () => {
    expect(readSessionRequest({ session_id: 'abc' })).toEqual({ ok: true, value: 'abc' });
    expect(readSessionRequest({ session_id: 42 })).toEqual({ ok: true, value: '42' });
    for (const data of [{ session_id: null }, {}, undefined, null]) expect(readSessionRequest(data)).toEqual({ ok: true, value: undefined });
  });

  it('refuses an id that is not a string or too long, naming the field', () => {
    expect(readSessionRequest({ session_id: { x: 1 } })).toEqual({ ok: false, problem: { field: 'session_id', message: 'must be a string' } });
    expect(readSessionRequest({ session_id: 'x'.repeat(257) })).toMatchObject({ ok: false, problem: { field: 'session_id' } });
  });
});

describe('readUserUttered', () => {
  it('reads message, session id and customData as metadata', () => {
    expect(readUserUttered({ message: ' oi ', session_id: 's1', customData: { language: 'pt' } })).toEqual({
      ok: true,
      value: { sessionId: 's1', text: 'oi', metadata: { language: 'pt' } },
    });
  });

  it("reads Rasa's metadata key, and metadata given as a JSON string", () => {
    expect(readUserUttered({ message: 'oi', metadata: '{"a":1}' })).toMatchObject({ ok: true, value: { sessionId: undefined, metadata: { a: 1 } } });
    expect(readUserUttered({ message: 'oi', customData: null, metadata: { b: 2 } })).toMatchObject({ ok: true, value: { metadata: { b: 2 } } });
  });

  it('names the field of bad input', () => {
    expect(readUserUttered('oi')).toMatchObject({ ok: false, problem: { field: 'message' } });
    expect(readUserUttered({ message: 3 })).toEqual({ ok: false, problem: { field: 'message', message: 'must be a string' } });
    // A blank message is a message (Rasa's UserMessage takes the empty text).
    expect(readUserUttered({ message: '   ' })).toMatchObject({ ok: true, value: { text: '' } });
    expect(readUserUttered({ message: 'x'.repeat(10_001) })).toMatchObject({ ok: false, problem: { field: 'message' } });
    expect(readUserUttered({ message: 'oi', customData: '[1]' })).toMatchObject({ ok: false, problem: { field: 'customData' } });
    expect(readUserUttered({ message: 'oi', metadata: 'not json' })).toMatchObject({ ok: false, problem: { field: 'metadata' } });
    expect(readUserUttered({ message: 'oi', session_id: [] })).toMatchObject({ ok: false, problem: { field: 'session_id' } });
  });

  it('refuses metadata over 16 KB as JSON, object or string, naming its field', () => {
    const large = { notes: 'x'.repeat(16 * 1024) };
    expect(readUserUttered({ message: 'oi', customData: large })).toEqual({ ok: false, problem: { field: 'customData', message: expect.stringMatching(/^must take at most 16384 bytes as JSON \(it takes \d+\)$/) } });
    expect(readUserUttered({ message: 'oi', metadata: JSON.stringify(large) })).toMatchObject({ ok: false, problem: { field: 'metadata' } });
    expect(readUserUttered({ message: 'oi', customData: { notes: 'x'.repeat(16 * 1024 - 20) } })).toMatchObject({ ok: true });
  });
});
