// Console passwords: Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), which
// keeps a sign-in near 30 ms on a small server while making guessing from a stolen hash costly.
// Unknown logins are checked against a dummy hash, so timing does not tell which logins exist.
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { MIN_PASSWORD_LENGTH } from '../../config/config.js';
import { AdminApiError, invalidField } from '../admin-scope.js';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const MAX_PASSWORD_LENGTH = 1024;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Whether `password` matches `hash`; with no hash (an unknown login), the same work and false. */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  const target = hash ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))));
  try {
    const matches = await argon2.verify(target, password);
    return hash !== undefined && matches;
  } catch {
    // A stored hash that argon2 cannot read matches nothing.
    return false;
  }
}

/** A password to print once (first administrator, `helper user add` without --password). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/** Throws a 400 naming `field` unless the password is long enough (and not absurdly long). */
export function assertPasswordRule(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw invalidField(field, 'too_short', { min: MIN_PASSWORD_LENGTH }, `${field} must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw invalidField(field, 'too_long', { max: MAX_PASSWORD_LENGTH }, `${field} must have at most ${MAX_PASSWORD_LENGTH} characters`);
}
