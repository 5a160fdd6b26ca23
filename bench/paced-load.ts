// Load at a steady rate, as users arrive: for `npm run bench`'s p99 at half the peak rate.
import { Agent, request } from 'node:http';

/** What a load run measured: autocannon's result has these, and so has `paced`'s. */
export interface LoadFigures {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

/**
 * POSTs `body()` to `url` at `rate` requests per second, evenly spaced whatever the answers (open
 * loop), for one second more than `seconds`. (autocannon's own rate sends each second's quota as
 * fast as it can and then waits for the next second, so its latencies are those of the peak.) A
 * request's latency runs from when it was due, so a generator or server that falls behind shows
 * in it. The first second opens the connections (one per request in flight) and is not counted.
 */
export function paced(url: string, options: { rate: number; seconds: number; body: () => string }): Promise<LoadFigures> {
  const { rate, seconds, body } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: 1_000 });
  const total = Math.round(rate * (seconds + 1));
  const latencies: number[] = [];
  let sent = 0;
  let done = 0;
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      agent.destroy();
      const counted = (performance.now() - started) / 1000 - 1;
      latencies.sort((a, b) => a - b);
      const at = (share: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? Number.NaN);
      resolve({ requests: { average: latencies.length / counted, total: done }, latency: { p50: at(0.5), p99: at(0.99) }, errors, non2xx });
    };
    const settle = (due: number, status?: number) => {
      done += 1;
      if (status === undefined) errors += 1;
      else if (status < 200 || status > 299) non2xx += 1;
      else if (due >= started + 1000) latencies.push(performance.now() - due);
      if (done === total) finish();
    };
    const send = (due: number) => {
      const payload = body();
      const sending = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
        response.resume();
        response.once('end', () => settle(due, response.statusCode ?? 0));
      });
      sending.once('error', () => settle(due));
      sending.end(payload);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) send(started + (sent * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}
