import { describe, expect, it } from 'vitest';
import { RasaHttpError } from '../server/rasa-error.js';
import { MAX_METADATA_BYTES, readUserMessage } from './user-message.js';

describe('a REST-like channel’s message', () => {
  it('keeps metadata up to 16 KB as JSON, counted in UTF-8 bytes', () => {
    expect(readUserMessage({ sender: 7, message: ' oi ', metadata: { language: 'pt' } })).toEqual({ sender: '7', text: 'oi', metadata: { language: 'pt' } });
    // Empty once trimmed is taken, as Rasa takes it (text "").
    expect(readUserMessage({ sender: 'u6', message: '   ' })).toEqual({ sender: 'u6', text: '', metadata: {} });
    // "ç" takes two bytes: half as many characters reach the limit.
    const fits = { n: 'ç'.repeat((MAX_METADATA_BYTES - 10) / 2 - 1) };
    expect(readUserMessage({ message: 'oi', metadata: fits }).metadata).toBe(fits);
    let refused: unknown;
    try {
      readUserMessage({ message: 'oi', metadata: { n: 'ç'.repeat(MAX_METADATA_BYTES / 2) } });
    } catch (error: unknown) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(RasaHttpError);
    expect(refused).toMatchObject({ statusCode: 400, details: { parameter: 'metadata', in: 'body' }, message: expect.stringMatching(/^metadata must take at most 16384 bytes as JSON/) });
  });

  it('takes a text or sender with a lone surrogate with U+FFFD in its place (as the store would keep it), and refuses metadata nested too deep', () => {
    expect(readUserMessage({ sender: 'u\ud800', message: 'oi \udc00 tudo bem 😀' })).toEqual({ sender: 'u\ufffd', text: 'oi \ufffd tudo bem 😀', metadata: {} });
    let deep: Record<string, unknown> = { a: 1 };
    for (let level = 0; level < 40; level += 1) deep = { a: deep };
    expect(() => readUserMessage({ message: 'oi', metadata: deep })).toThrow(/metadata must nest lists and objects at most 32 levels deep/);
  });
});
