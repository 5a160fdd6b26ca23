// Web chat session ids the platform issued, recognisable without storing them: a random uuid4 hex
// (122 random bits, as Rasa's) followed by 16 hex digits of a keyed digest of the assistant and that
// random part (HMAC-SHA256 under a key derived from the deployment's secret key, the same in every
// app process). On an assistant without a JWT key only such ids are taken, so a client cannot pick
// a guessable id, nor make up another client's: the only way into a session is to have been given
// its id.
import { randomUUID, timingSafeEqual } from 'node:crypto';

const RANDOM_LENGTH = 32;
const TAG_LENGTH = 16;
const ISSUED = new RegExp(`^[0-9a-f]{${RANDOM_LENGTH + TAG_LENGTH}}$`);

export class SessionIds {
  /** `digest` is the deployment's keyed digest for this purpose (SecretBox.digest). */
  constructor(private readonly digest: (data: string) => string) {}

  /** A new session id for the assistant. */
  issue(assistantId: number): string {
    const random = randomUUID().replaceAll('-', '');
    return `${random}${this.tag(assistantId, random)}`;
  }

  /** Whether this platform issued `id` for this assistant. */
  isIssued(assistantId: number, id: string): boolean {
    if (!ISSUED.test(id)) return false;
    const expected = Buffer.from(this.tag(assistantId, id.slice(0, RANDOM_LENGTH)));
    return timingSafeEqual(expected, Buffer.from(id.slice(RANDOM_LENGTH)));
  }

  private tag(assistantId: number, random: string): string {
    return this.digest(`${assistantId}:${random}`).slice(0, TAG_LENGTH);
  }
}
