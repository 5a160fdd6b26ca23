// `npm run bench:apis`: custom skills calling a slow third-party API must not hold anything but
// their own conversation. 200 conversations at once ask something a 1-second API answers, while
// other conversations keep chatting; prints how long the 200 took in all (goal: within 1.5 s) and
// the other conversations' latency (goal: p99 under 50 ms), beside the same chat measured alone in
// this run. One in-process platform (SQLite, or PostgreSQL with BENCH_POSTGRES=1), requests through
// Fastify's inject. The API's stand-in runs on a worker thread, as a real API runs elsewhere: on
// the platform's own event loop its answers would wait for the platform's work, and the API would
// seem slower than 1 s. Asserts nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { AssistantContent } from '../src/assistant/content.js';
import { DEFAULT_STATUS } from '../src/third-party-apis/api-definition.js';
import { startTestPlatform } from '../test/helpers/test-platform.js';

const SLOW_CONVERSATIONS = Number(process.env.BENCH_SLOW_CONVERSATIONS ?? 200);
const API_DELAY_MS = Number(process.env.BENCH_API_DELAY_MS ?? 1000);
const CHATTERS = Number(process.env.BENCH_CHATTERS ?? 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// The stand-in: answers every request API_DELAY_MS after it arrived, and tells when requests
// arrived (epoch ms, comparable across threads) when asked.
const slowApi = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
  const { createServer } = require('node:http');
  const arrivals = [];
  const server = createServer((_req, res) => {
    arrivals.push(performance.timeOrigin + performance.now());
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: { name: 'Em andamento' } }));
    }, workerData.delayMs);
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  parentPort.on('message', (message) => {
    if (message === 'arrivals') parentPort.postMessage({ arrivals: arrivals.splice(0) });
    else server.close(() => parentPort.close());
  });`,
  { eval: true, workerData: { delayMs: API_DELAY_MS } },
);
const fromApi = <T>(): Promise<T> => new Promise((resolve) => slowApi.once('message', resolve));
const { port } = await fromApi<{ port: number }>();
const apiUrl = `http://127.0.0.1:${port}/slow`;
const epochNow = () => performance.timeOrigin + performance.now();

const test = await startTestPlatform({ demo: false, postgres: process.env.BENCH_POSTGRES === '1', env: { HELPER_OUTBOUND_ALLOW: '127.0.0.1', HELPER_RATE_LIMIT_PER_SENDER: '0' } });
const assistant = await test.platform.defaultAssistant();
const phrases = (texts: string[]) => texts.map((text) => ({ text }));
const content: AssistantContent = {
  themes: [],
  intents: [
    { name: 'consultar', phrases: phrases(['status do chamado', 'como está meu chamado', 'consultar chamado', 'andamento do chamado', 'situação do ticket']) },
    { name: 'oi', phrases: phrases(['oi', 'olá', 'bom dia', 'boa tarde', 'e aí']) },
  ],
  contexts: [{ name: 'estado', type: 'text', values: [] }],
  regexes: [],
  skills: [
    { name: 'estado_chamado', fallback: false, kind: 'custom', texts: ['Seu chamado está: {estado}.'], custom: { api: 'lenta' } },
    { name: 'ola', fallback: false, kind: 'text', texts: ['Olá!'] },
  ],
  dialogues: [
    { name: 'consultar', intents: ['consultar'], skill: 'estado_chamado' },
    { name: 'oi', intents: ['oi'], skill: 'ola' },
  ],
};
await test.platform.store.content.save(assistant.id, content, 'replace');
await test.platform.store.thirdPartyApis.edit(assistant.id, () => ({
  apis: [{ name: 'lenta', method: 'GET', url: apiUrl, headers: [], body: [], responseFormat: 'json', mappings: [{ path: 'status.name', context: 'estado' }], status: DEFAULT_STATUS, authentication: false }],
  result: null,
}));
await test.platform.trainer.train(assistant);

async function say(sender: string, message: string): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
  const answer = response.json() as Array<{ text?: string }>;
  return { ms: performance.now() - started, text: answer[0]?.text ?? `(status ${response.statusCode})` };
}

/** Other conversations chatting until `until` resolves: each chatter sends its next message when answered. */
async function chat(until: Promise<unknown>, label: string): Promise<number[]> {
  let done = false;
  void until.then(() => (done = true));
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CHATTERS }, async (_, index) => {
      while (!done) latencies.push((await say(`${label}-${index}`, 'oi')).ms);
    }),
  );
  return latencies;
}

// Warm-up, then the chat alone for as long as the slow calls will take.
await say('warm-up', 'oi');
await say('warm-up-slow', 'status do chamado');
const alone = await chat(new Promise((resolve) => setTimeout(resolve, API_DELAY_MS + 200)), 'alone');

// Baseline in this run: the same number of conversations at once answered without any API, while
// the same others chat, so the difference with the run below is what the API's delay adds (about
// API_DELAY_MS when calls overlap), and the others' latency then is what a burst of 200 turns
// costs them whatever the API does.
const baselineStarted = performance.now();
const baselineBurst = Promise.all(Array.from({ length: SLOW_CONVERSATIONS }, (_, index) => say(`baseline-${index}`, 'oi')));
const duringBaseline = await chat(baselineBurst, 'baseline-chat');
await baselineBurst;
const baselineMs = performance.now() - baselineStarted;

slowApi.postMessage('arrivals');
await fromApi();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const startedAt = epochNow();
const started = performance.now();
const slow = Promise.all(Array.from({ length: SLOW_CONVERSATIONS }, (_, index) => say(`slow-${index}`, 'status do chamado')));
const during = await chat(slow, 'during');
const answers = await slow;
const allMs = performance.now() - started;
loopDelay.disable();
slowApi.postMessage('arrivals');
const arrivals = (await fromApi<{ arrivals: number[] }>()).arrivals.map((at) => at - startedAt);
const right = answers.filter((answer) => answer.text === 'Seu chamado está: Em andamento.').length;

const line = (name: string, values: number[]) =>
  `${name.padEnd(34)} n=${String(values.length).padStart(5)}  p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(values, 99).toFixed(1).padStart(6)} ms  max ${Math.max(...values).toFixed(1).padStart(6)} ms`;
console.log(`third-party API benchmark: ${SLOW_CONVERSATIONS} conversations calling a ${API_DELAY_MS} ms API, ${CHATTERS} other conversations chatting`);
console.log(`${SLOW_CONVERSATIONS} slow conversations answered in ${allMs.toFixed(0)} ms in all (goal ≤ ${API_DELAY_MS * 1.5} ms); right answers ${right}/${SLOW_CONVERSATIONS}`);
console.log(`baseline: the same ${SLOW_CONVERSATIONS} conversations at once answered without an API (the others chatting too) in ${baselineMs.toFixed(0)} ms; the API added ${(allMs - baselineMs).toFixed(0)} ms (${API_DELAY_MS} ms if the calls all overlap; ${SLOW_CONVERSATIONS * API_DELAY_MS} ms if they queued)`);
console.log(`the calls reached the API from ${Math.min(...arrivals).toFixed(0)} to ${Math.max(...arrivals).toFixed(0)} ms after the start (p50 ${percentile(arrivals, 50).toFixed(0)} ms; ${arrivals.length} calls); the event loop's longest delay meanwhile ${(loopDelay.max / 1e6).toFixed(0)} ms (p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms)`);
console.log(`slowest of them: ${Math.max(...answers.map((answer) => answer.ms)).toFixed(0)} ms (the API alone: ${API_DELAY_MS} ms)`);
console.log(line('other conversations, chat alone', alone));
console.log(line('other conversations, during the 200', during));
console.log(line('  during the baseline 200 (no API)', duringBaseline));
console.log(`p99 during / alone: ${(percentile(during, 99) / Math.max(percentile(alone, 99), 0.001)).toFixed(2)}× (goal: p99 under 50 ms)`);

await test.close();
slowApi.postMessage('close');
await new Promise((resolve) => slowApi.once('exit', resolve));
