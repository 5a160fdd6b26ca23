// A failure for want of Redis is logged at most once each UNAVAILABLE_LOG_INTERVAL_MS, saying how
// many were not (src/redis-availability.ts): during an outage every chat turn fails so. Each
// platform keeps its own count (several run in one process: the tests').
import { describe, expect, it } from 'vitest';
import { RedisUnavailableError, RedisUnavailableLog, UNAVAILABLE_LOG_INTERVAL_MS } from './redis-availability.js';

type Line = { object: { notLogged?: number }; message: string };

function recorder(): { lines: Line[]; log: { warn: (object: object, message: string) => void } } {
  const lines: Line[] = [];
  return { lines, log: { warn: (object: object, message: string) => lines.push({ object, message }) } };
}

const error = new RedisUnavailableError('the connection is reconnecting');

describe('RedisUnavailableLog', () => {
  it('logs the first failure, then at most one each interval with the count of those not logged', () => {
    const { lines, log } = recorder();
    const unavailable = new RedisUnavailableLog();
    const start = 1_000_000;
    unavailable.log(log, error, 'a request', start);
    for (let i = 1; i <= 250; i++) unavailable.log(log, error, 'a request', start + i * 10);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.object.notLogged).toBe(0);
    unavailable.log(log, error, 'socketio: a message', start + UNAVAILABLE_LOG_INTERVAL_MS);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.object.notLogged).toBe(250);
    expect(lines[1]?.message).toMatch(/^socketio: a message failed: Redis is unavailable/);
  });

  it("keeps each platform's throttle apart: one platform's lines neither silence nor count in another's", () => {
    const first = recorder();
    const second = recorder();
    const [one, other] = [new RedisUnavailableLog(), new RedisUnavailableLog()];
    const start = 2_000_000;
    one.log(first.log, error, 'a request', start);
    for (let i = 1; i <= 5; i++) one.log(first.log, error, 'a request', start + i);
    // Within the first's interval, the other platform's first failure is logged, with none missed.
    other.log(second.log, error, 'a request', start + 10);
    expect(second.lines).toHaveLength(1);
    expect(second.lines[0]?.object.notLogged).toBe(0);
    other.log(second.log, error, 'a request', start + 20);
    expect(first.lines).toHaveLength(1);
    one.log(first.log, error, 'a request', start + UNAVAILABLE_LOG_INTERVAL_MS);
    expect(first.lines[1]?.object.notLogged).toBe(5);
    other.log(second.log, error, 'a request', start + 10 + UNAVAILABLE_LOG_INTERVAL_MS);
    expect(second.lines[1]?.object.notLogged).toBe(1);
  });
});
