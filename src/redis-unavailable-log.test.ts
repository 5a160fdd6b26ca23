// A failure for want of Redis is logged at most once each UNAVAILABLE_LOG_INTERVAL_MS, saying how
// many were not (src/redis-availability.ts): during an outage every chat turn fails so.
import { describe, expect, it } from 'vitest';
import { logRedisUnavailable, RedisUnavailableError, UNAVAILABLE_LOG_INTERVAL_MS } from './redis-availability.js';

describe('logRedisUnavailable', () => {
  it('logs the first failure, then at most one each interval with the count of those not logged', () => {
    const lines: { object: { notLogged?: number }; message: string }[] = [];
    const log = { warn: (object: object, message: string) => lines.push({ object, message }) };
    const error = new RedisUnavailableError('the connection is reconnecting');
    const start = 1_000_000;
    logRedisUnavailable(log, error, 'a request', start);
    for (let i = 1; i <= 250; i++) logRedisUnavailable(log, error, 'a request', start + i * 10);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.object.notLogged).toBe(0);
    logRedisUnavailable(log, error, 'socketio: a message', start + UNAVAILABLE_LOG_INTERVAL_MS);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.object.notLogged).toBe(250);
    expect(lines[1]?.message).toMatch(/^socketio: a message failed: Redis is unavailable/);
  });
});
