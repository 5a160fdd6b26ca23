// Compares a secret a client sent with the one expected, in constant time. Both are hashed first,
// so neither the content nor the length of the expected secret leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
