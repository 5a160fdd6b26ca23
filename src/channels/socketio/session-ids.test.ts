import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../secrets/secret-box.js';
import { SessionIds } from './session-ids.js';

const box = SecretBox.fromKey(Buffer.alloc(32, 7));
const ids = new SessionIds((data) => box.digest('socketio-session', data));

describe('SessionIds', () => {
  it('issues random ids it recognises later, in any process sharing the key, for that assistant only', () => {
    const id = ids.issue(1);
    expect(id).toMatch(/^[0-9a-f]{48}$/);
    expect(ids.issue(1)).not.toBe(id);
    expect(ids.isIssued(1, id)).toBe(true);
    expect(new SessionIds((data) => SecretBox.fromKey(Buffer.alloc(32, 7)).digest('socketio-session', data)).isIssued(1, id)).toBe(true);
    expect(ids.isIssued(2, id)).toBe(false);
    expect(new SessionIds((data) => SecretBox.fromKey(Buffer.alloc(32, 8)).digest('socketio-session', data)).isIssued(1, id)).toBe(false);
    expect(new SessionIds((data) => box.digest('another-purpose', data)).isIssued(1, id)).toBe(false);
  });

  it('refuses ids a client made up: guessable ones, a changed digit, Rasa-style uuids', () => {
    const id = ids.issue(1);
    const changed = `${id.slice(0, 10)}${id[10] === 'a' ? 'b' : 'a'}${id.slice(11)}`;
    for (const made of ['joao', '1', 'a'.repeat(48), changed, id.slice(0, 32), `${id}0`, id.toUpperCase()]) expect([made, ids.isIssued(1, made)]).toEqual([made, false]);
  });
});
