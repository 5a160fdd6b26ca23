import { describe, expect, it } from 'vitest';
import { windowStart } from './whatsapp-channel.js';

describe("the start of a WhatsApp user's 24-hour window", () => {
  const now = 1_800_000_000;
  it("is Meta's timestamp when it can be a real delivery, late ones included", () => {
    expect(windowStart(now - 30, now)).toBe(now - 30);
    expect(windowStart(now - 25 * 60 * 60, now)).toBe(now - 25 * 60 * 60);
    expect(windowStart(now - 7 * 24 * 60 * 60, now)).toBe(now - 7 * 24 * 60 * 60);
  });
  it('is the time of receipt without a timestamp, with one in the future, or one older than any redelivery', () => {
    expect(windowStart(undefined, now)).toBe(now);
    expect(windowStart(now + 120, now)).toBe(now);
    expect(windowStart(1_715_000_000, now)).toBe(now);
  });
});
