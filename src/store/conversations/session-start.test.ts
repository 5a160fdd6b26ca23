import { describe, expect, it } from 'vitest';
import { findSessionStart } from './session-start.js';

const action = (name: string) => ({ event: 'action', name, timestamp: 1 });
const started = { event: 'session_started', timestamp: 1 };
const user = { event: 'user', text: 'oi', timestamp: 2 };

describe('findSessionStart', () => {
  it('finds nothing without a session start', () => {
    expect(findSessionStart([], false)).toBe(-1);
    expect(findSessionStart([user, action('action_listen')], false)).toBe(-1);
  });

  it('starts at the action_session_start that precedes session_started', () => {
    expect(findSessionStart([user, action('action_session_start'), started, action('action_listen'), user], false)).toBe(1);
  });

  it('takes the last of several sessions', () => {
    const events = [action('action_session_start'), started, user, action('action_session_start'), started, user];
    expect(findSessionStart(events, false)).toBe(3);
  });

  it('starts at a session_started without its action', () => {
    expect(findSessionStart([action('action_session_start'), started, user, started, user], false)).toBe(3);
  });

  it('joins a leading session_started to an action stored just before', () => {
    expect(findSessionStart([started, user], true)).toBe(-1);
    expect(findSessionStart([started, user], false)).toBe(0);
  });

  it('starts at an action_session_start at the end of a batch', () => {
    expect(findSessionStart([user, action('action_session_start')], false)).toBe(1);
  });
});
