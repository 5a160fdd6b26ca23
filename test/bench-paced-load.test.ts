// The bench's paced load (bench/paced-load.ts): requests evenly spaced at the rate asked, whatever
// the server's answers (open loop), latencies counted from when each request was due.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { paced } from '../bench/paced-load.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server that answers each POST after `delayMs` and remembers when each arrived and what it held. */
async function slowServer(delayMs: number): Promise<{ url: string; arrivals: number[]; bodies: string[] }> {
  const arrivals: number[] = [];
  const bodies: string[] = [];
  server = createServer((request, response) => {
    arrivals.push(performance.now());
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(body);
      setTimeout(() => response.end('[]'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server?.address() as AddressInfo).port}/webhooks/rest/webhook`, arrivals, bodies };
}

describe('paced load', () => {
  it('sends rate × (seconds + 1) requests, spread evenly, not in bursts at each second', async () => {
    const target = await slowServer(5);
    let counter = 0;
    const figures = await paced(target.url, { rate: 200, seconds: 1, body: () => JSON.stringify({ n: ++counter }) });
    expect(figures.requests.total).toBe(400);
    expect(figures.errors + figures.non2xx).toBe(0);
    expect(target.bodies.map((body) => (JSON.parse(body) as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 400 }, (_, index) => index + 1));
    // 200 a second is one each 5 ms: no 100 ms holds three times its 20, even on a loaded machine (autocannon's rate
    // would send a second's 200 at once).
    const first = target.arrivals[0] as number;
    const perWindow = new Map<number, number>();
    for (const at of target.arrivals) perWindow.set(Math.floor((at - first) / 100), (perWindow.get(Math.floor((at - first) / 100)) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(60);
    // Only the second second counts: its 200 latencies hold the server's 5 ms.
    expect(figures.latency.p50).toBeGreaterThanOrEqual(5);
    expect(figures.requests.average).toBeGreaterThan(100);
  });

  it('keeps sending while answers are slow (open loop), and their wait shows in the latency', async () => {
    const target = await slowServer(300);
    const figures = await paced(target.url, { rate: 100, seconds: 1, body: () => '{}' });
    expect(figures.requests.total).toBe(200);
    // A closed loop would have waited for the answers; here about 30 were in flight at once.
    expect(figures.latency.p50).toBeGreaterThanOrEqual(300);
    const first = target.arrivals[0] as number;
    expect((target.arrivals.at(-1) as number) - first).toBeLessThan(2_500);
  });
});
