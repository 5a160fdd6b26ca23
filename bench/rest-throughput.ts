// `npm run bench`: REST throughput and latency of the platform answering the demo assistant, many
// concurrent senders, against a bare Fastify JSON route measured in the same run on the same
// machine; then NLU training time and parse latency. Prints figures and ratios; asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { storeVariants } from '../src/store/test-stores.js';
import { seedDeployment } from '../test/helpers/chaos-scenarios.js';
import { appPorts, appProcess, startBalancer } from '../test/helpers/cluster.js';
import { PrivateRedis } from '../test/helpers/private-redis.js';
import { prepareBenchAssistant, productionNode } from './bench-assistant.js';
import { chatBodies, chatMessages } from './chat-messages.js';
import { benchNluSpeed } from './nlu-speed.js';
import { paced, type LoadFigures } from './paced-load.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const PRODUCTION = await productionNode();
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 500);

function start(command: string, args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${output}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`)));
  });
}

/** The bench's messages, from many senders, in the same order for every server. */
function nextBody(): () => string {
  return chatBodies(SENDERS);
}

/** As many requests as the server answers, CONNECTIONS at a time (closed loop: autocannon). */
async function load(url: string): Promise<autocannon.Result> {
  const body = nextBody();
  return autocannon({
    url: `${url}/webhooks/rest/webhook`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A process's resident memory (MB), from /proc. */
async function rssMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

/** A process's CPU time so far (user + system, ms), from /proc. */
async function cpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // The fields after the command's name (which may hold spaces): utime and stime are the 12th and 13th, in ticks of 1/100 s.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * How many of the bench's conversations were handed off to a human when the run ended (read from
 * the stopped platform's SQLite file). prepareBenchAssistant takes out the demo's handoff, so
 * this should be 0: a paused conversation's turns are parsed and stored, not answered, and would
 * make the figures those of another mix.
 */
function handedOff(dataDir: string): { handedOff: number; conversations: number } {
  const database = new Database(join(dataDir, 'helper.sqlite'), { readonly: true });
  try {
    const count = (text: string): number => (database.prepare(text).get() as { count: number }).count;
    return { handedOff: count("select count(*) as count from handoffs where status <> 'resolved'"), conversations: count('select count(*) as count from conversations') };
  } finally {
    database.close();
  }
}

/**
 * Waits until the analytics projector has read every event the warm-up stored (its cursor at the
 * newest event id, read from the platform's SQLite file), at most two minutes; resolves with the
 * seconds waited. At full speed the projector falls behind; without this wait it catches up
 * during the measured load, whose CPU per request and latency then carry the warm-up's share.
 */
async function projectorCaughtUp(dataDir: string): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 120_000) {
    const database = new Database(join(dataDir, 'helper.sqlite'), { readonly: true });
    try {
      const cursor = (database.prepare("select last_event_id as id from analytics_cursor where name = 'projector'").get() as { id: number } | undefined)?.id ?? 0;
      const newest = (database.prepare('select max(id) as id from events').get() as { id: number | null }).id ?? 0;
      if (cursor >= newest) break;
    } finally {
      database.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return (performance.now() - started) / 1000;
}

/**
 * Starts the built platform on a new data folder with `env` and the bench's assistant
 * (prepareBenchAssistant), warms it up, measures it (`paced` at `rate` requests per second when given), and
 * stops it. `preload`: a module run first in the platform's process (`node --import`). At a
 * `rate`, the analytics projector first catches up with the warm-up (at the peak it is behind
 * whether it was or not: it projects about 2,000 events a second within its 5 % of the event loop).
 */
async function measurePlatform(env: Record<string, string>, preload?: string, rate?: number): Promise<LoadFigures & { rssMb: number; cpuUsPerRequest: number; handedOff: string; settledS: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'helper-bench-'));
  const platformEnv = { HELPER_DATA_DIR: dataDir, HELPER_LOAD_DEMO: 'false', ...env };
  await prepareBenchAssistant(platformEnv);
  const platform = await start(process.execPath, [...PRODUCTION.flags, ...(preload ? ['--import', preload] : []), 'dist/main.js'], {
    ...PRODUCTION.env,
    HELPER_HOST: '127.0.0.1',
    HELPER_PORT: '0',
    HELPER_LOG_LEVEL: 'info',
    ...platformEnv,
  });
  await load(platform.url); // warm-up: JIT, first sessions
  const settledS = rate === undefined ? 0 : await projectorCaughtUp(dataDir);
  const cpuBefore = await cpuMs(platform.child.pid);
  const result = rate === undefined ? await load(platform.url) : await paced(`${platform.url}/webhooks/rest/webhook`, { rate, seconds: DURATION_S, body: nextBody() });
  // The server's CPU per answered request: what it costs, whatever share of the cores it got.
  const cpuUsPerRequest = (((await cpuMs(platform.child.pid)) - cpuBefore) * 1000) / Math.max(result.requests.total, 1);
  const rss = await rssMb(platform.child.pid);
  await stop(platform.child);
  const paused = handedOff(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  return Object.assign(result, { rssMb: rss, cpuUsPerRequest, handedOff: `${paused.handedOff} of ${paused.conversations}`, settledS });
}

/** POSTs JSON with a Host header of its own (fetch would send the URL's); resolves with the status. */
function postWithHost(url: string, host: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('error', reject);
    request.end(body);
  });
}

/**
 * Issue 18's memory figure: one built process serving both demo assistants (Portuguese and
 * English), RSS after 300 REST messages alternating between them (by Host header), on its first
 * start (the demo assistants loaded and trained) and on a restart over the same data folder (the
 * models read back). `BENCH_RSS_ONLY=1` runs only this. Goal: ≤ 150 MB each.
 */
async function measureRss(flags: string[] = []): Promise<{ firstStart: number; restart: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'helper-bench-rss-'));
  const nextMessage = chatMessages();
  const once = async (): Promise<number> => {
    const platform = await start(process.execPath, [...PRODUCTION.flags, ...flags, 'dist/main.js'], { ...PRODUCTION.env, HELPER_DATA_DIR: dataDir, HELPER_HOST: '127.0.0.1', HELPER_PORT: '0', HELPER_LOG_LEVEL: 'info' });
    try {
      for (let index = 0; index < 300; index++) {
        const host = index % 2 === 0 ? 'demopt.localhost' : 'demoen.localhost';
        const status = await postWithHost(`${platform.url}/webhooks/rest/webhook`, host, JSON.stringify({ sender: `rss-${index % 30}`, message: nextMessage() }));
        if (status !== 200) throw new Error(`message ${index} to ${host} answered ${status}`);
      }
      return await rssMb(platform.child.pid);
    } finally {
      await stop(platform.child);
    }
  };
  try {
    return { firstStart: await once(), restart: await once() };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * PostgreSQL (a fresh schema) and a private Redis: one built process, then three behind HAProxy
 * (deploy/haproxy.cfg), each measured like the SQLite process; with the processes' RSS.
 */
async function measureScaledOut(env: Record<string, string>): Promise<Array<{ label: string; result: autocannon.Result; rss: number[] }>> {
  const postgres = storeVariants().find((variant) => variant.name === 'postgres')!;
  const redis = await PrivateRedis.start();
  const measured: Array<{ label: string; result: autocannon.Result; rss: number[] }> = [];
  try {
    for (const count of [1, 3]) {
      const deployment = await seedDeployment(await postgres.location(), { redisUrl: redis.url, env: { ...env, HELPER_LOG_LEVEL: 'warn' } });
      await prepareBenchAssistant(deployment.env);
      const apps = (await appPorts(count)).map((port, index) => appProcess(`app${index + 1}`, port, deployment.env, 'built'));
      try {
        await Promise.all(apps.map((app) => app.start()));
        const balancer = count > 1 ? await startBalancer(apps) : undefined;
        try {
          const url = balancer?.url ?? apps[0]!.url;
          await load(url); // warm-up
          const result = await load(url);
          measured.push({ label: count === 1 ? 'PostgreSQL+Redis, 1 process' : `PostgreSQL+Redis, ${count} behind HAProxy`, result, rss: await Promise.all(apps.map((app) => rssMb(app.pid()))) });
        } finally {
          await balancer?.stop();
        }
      } finally {
        await Promise.all(apps.map((app) => app.stop()));
        await deployment.close();
      }
    }
  } finally {
    await redis.stop();
    await postgres.cleanup();
  }
  return measured;
}

/** The run with the higher throughput: the one the machine's other load disturbed least. */
/** The bare Fastify route: started, warmed up, measured once, stopped. */
async function measureBare(): Promise<autocannon.Result> {
  const baseline = await start(process.execPath, ['--import', 'tsx', 'bench/bare-fastify-server.ts'], {});
  try {
    await load(baseline.url); // warm-up
    return await load(baseline.url);
  } finally {
    await stop(baseline.child);
  }
}

function best<T extends LoadFigures>(runs: T[]): T {
  return runs.reduce((top, run) => (run.requests.average > top.requests.average ? run : top));
}

function line(label: string, result: LoadFigures): string {
  return `${label.padEnd(28)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   errors ${result.errors + result.non2xx}`;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/**
 * `BENCH_ANALYTICS=compare`: what the analytics projection costs the chat (issue 15: at most 5 %).
 * The same built platform (SQLite, rate limits off) with its projector running, as deployed, and
 * never started (bench/without-analytics-projector.mjs), in BENCH_PAIRS pairs whose order
 * alternates, so that a change in the machine's load weighs on both alike; medians and the ratio.
 */
async function compareAnalytics(off: Record<string, string>): Promise<void> {
  const pairs = Number(process.env.BENCH_PAIRS ?? 5);
  const withProjector: number[] = [];
  const without: number[] = [];
  const cpu = { with: [] as number[], without: [] as number[] };
  console.log(`REST with and without the analytics projector: ${pairs} pairs, ${CONNECTIONS} connections, ${SENDERS} senders, ${DURATION_S} s each`);
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const variant of order) {
      const result = await measurePlatform(off, variant === 'without' ? './bench/without-analytics-projector.mjs' : undefined);
      (variant === 'with' ? withProjector : without).push(result.requests.average);
      cpu[variant].push(result.cpuUsPerRequest);
      console.log(`${line(`pair ${pair + 1}, ${variant} projector`, result)}   server CPU ${result.cpuUsPerRequest.toFixed(0)} µs/request   handed off ${result.handedOff}`);
    }
  }
  const ratios = withProjector.map((value, index) => value / (without[index] as number));
  console.log(`medians: ${median(withProjector).toFixed(0)} req/s with the projector, ${median(without).toFixed(0)} without; ratio ${(median(withProjector) / median(without)).toFixed(3)} (pairs: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; goal ≥ 0.95)`);
  console.log(`server CPU per request (less disturbed by other load than req/s): medians ${median(cpu.with).toFixed(0)} µs with the projector, ${median(cpu.without).toFixed(0)} µs without; ratio ${(median(cpu.with) / median(cpu.without)).toFixed(3)} (goal ≤ 1.05)`);
}

async function main(): Promise<void> {
  const off = { HELPER_RATE_LIMIT_PER_SENDER: '0', HELPER_RATE_LIMIT_SENDER_QUEUE: '0', HELPER_RATE_LIMIT_PER_ADDRESS: '0', HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS: '0' };
  if (process.env.BENCH_ANALYTICS === 'compare') return compareAnalytics(off);
  if (process.env.BENCH_CPU_ONLY === '1') {
    // One platform run (rate limits off): for comparing builds, alternating, on a shared machine;
    // with BENCH_RATE, paced at that many requests per second.
    const run = await measurePlatform(off, process.env.BENCH_PRELOAD, process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined);
    console.log(`${line('Helper Assistant REST', run)}   server CPU ${run.cpuUsPerRequest.toFixed(0)} µs/request   handed off ${run.handedOff}   requests ${run.requests.total}${run.settledS > 0 ? `   (the projector caught up ${run.settledS.toFixed(0)} s after the warm-up)` : ''}`);
    return;
  }
  const rss = await measureRss();
  console.log(`RSS of one process with both demo assistants after 300 messages: ${rss.firstStart.toFixed(0)} MB on its first start (trained then), ${rss.restart.toFixed(0)} MB on a restart (goal ≤ 150 MB; node ${PRODUCTION.flags.join(' ')}, MALLOC_ARENA_MAX=${PRODUCTION.env['MALLOC_ARENA_MAX']}, as npm start and the Dockerfile)`);
  if (process.env.BENCH_RSS_ONLY === '1') return;
  console.log(`REST: ${CONNECTIONS} connections, ${SENDERS} senders, ${DURATION_S} s each, varied chat messages (bench/chat-messages.ts); 2 cores shared with the load generator`);
  // The bare route is measured twice, before and after the platform's runs, and its best run is
  // the baseline, as the platform's best run is its figure: one disturbed bare run (half the
  // other's speed on 7 December 2026) would otherwise double the ratio.
  const bareRuns = [await measureBare()];

  // The engine is measured with the rate limiter on, as deployed, but with limits no bench sender
  // can reach (each sends a few hundred messages a minute; the REST channel has no per-address
  // limit by default), and with every limit off: the difference is what the limiter costs. On,
  // off, off, on, so that a change in the machine's load during the run weighs on both alike.
  const on = {
    HELPER_RATE_LIMIT_PER_SENDER: '1000000',
    HELPER_RATE_LIMIT_SENDER_QUEUE: '1000',
    HELPER_RATE_LIMIT_PER_ADDRESS: '1000000',
    HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS: '0',
  };
  const limitedRuns = [await measurePlatform(on)];
  const unlimitedRuns = [await measurePlatform(off), await measurePlatform(off)];
  limitedRuns.push(await measurePlatform(on));
  const limited = best(limitedRuns);
  const unlimited = best(unlimitedRuns);
  // Issue 18's latency goal: p99 ≤ 20 ms at half the peak rate (the rate limiter on), requests
  // evenly spaced.
  const halfRate = Math.max(1, Math.round(limited.requests.average / 2));
  const atHalf = await measurePlatform(on, undefined, halfRate);
  bareRuns.push(await measureBare());
  const bare = best(bareRuns);

  console.log(`${line('bare Fastify JSON route', bare)}   (best of ${bareRuns.map((run) => run.requests.average.toFixed(0)).join(' and ')} req/s, before and after)`);
  console.log(line('Helper Assistant REST', limited));
  console.log(line('  the same, limits off', unlimited));
  console.log(`${line(`  at half its peak (${halfRate}/s)`, atHalf)}   (goal p99 ≤ 20 ms; the projector caught up ${atHalf.settledS.toFixed(0)} s after the warm-up)`);
  console.log(`RSS after the measured load: ${limited.rssMb.toFixed(0)} MB (rate limits on), ${unlimited.rssMb.toFixed(0)} MB (off)`);
  console.log(`server CPU per request: ${limited.cpuUsPerRequest.toFixed(0)} µs (rate limits on), ${unlimited.cpuUsPerRequest.toFixed(0)} µs (off); conversations handed off at the end: ${limited.handedOff} (on), ${unlimited.handedOff} (off), ${atHalf.handedOff} (half rate)`);
  for (const { label, result, rss } of process.env.BENCH_SCALED_OUT === '0' ? [] : await measureScaledOut(off)) {
    console.log(`${line(label, result)}   ratio ${(result.requests.average / bare.requests.average).toFixed(2)}   RSS ${rss.map((mb) => mb.toFixed(0)).join(', ')} MB`);
  }
  console.log(`throughput ratio (ours / bare): ${(limited.requests.average / bare.requests.average).toFixed(2)}  (target ≥ 0.2)`);
  console.log(`rate limiter: ${(limited.requests.average / unlimited.requests.average).toFixed(2)} of the throughput without it (best of two runs each; p50 ${limited.latency.p50} vs ${unlimited.latency.p50} ms); refused (429): ${limitedRuns.reduce((sum, run) => sum + run.non2xx, 0)}`);

  console.log('\nNLU on CLINC150 (15,000 phrases, 150 intents):');
  const nlu = await benchNluSpeed();
  console.log(`training ${(nlu.trainMs / 1000).toFixed(2)} s   parse p50 ${nlu.parseP50Ms.toFixed(3)} ms   p99 ${nlu.parseP99Ms.toFixed(3)} ms`);
}

await main();
