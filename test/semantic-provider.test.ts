// The optional semantic provider (HELPER_EMBEDDINGS_URL) against a local fake OpenAI-compatible
// embeddings server whose vectors encode a few concepts, so that the blend's effect is checkable:
// a paraphrase with no word in common with any phrase ("liberar meu login") reaches its intent
// only with the provider; training embeds each phrase once (cached by text and model); a slow or
// failing provider never blocks an answer and is counted; the key goes only in the header.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyContent, type AssistantContent } from '../src/assistant/content.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const KEY = 'sk-test-s3cret-key';
// Concept words → dimension; a text's vector has 1 in each dimension it mentions, else 1 in the last.
const CONCEPTS: Array<[RegExp, number]> = [
  [/conta|bloque|login|usu[aá]rio|liberar|acesso/i, 0],
  [/lento|devagar|arrastando|lerd|travando/i, 1],
  [/impressora|imprim|papel/i, 2],
];
const vectorOf = (text: string): number[] => {
  const vector: number[] = [0, 0, 0, 0];
  for (const [pattern, dimension] of CONCEPTS) if (pattern.test(text)) vector[dimension] = 1;
  if (!vector.includes(1)) vector[3] = 1;
  return vector;
};

const fake = { inputs: [] as string[], authorizations: new Set<string>(), delayMs: 0, fail: false, garbage: false };
let server: Server;
let url = '';

const content = (): AssistantContent => ({
  ...emptyContent(),
  intents: [
    { name: 'desbloquear_conta', phrases: ['minha conta está bloqueada', 'desbloquear meu usuário', 'usuário bloqueado no sistema', 'conta travada após errar a senha'].map((text) => ({ text })) },
    { name: 'computador_lento', phrases: ['o computador está lento', 'o notebook está muito devagar', 'a máquina demora para abrir programas', 'lentidão no PC'].map((text) => ({ text })) },
    { name: 'impressora', phrases: ['a impressora não imprime', 'papel preso na impressora', 'erro ao imprimir', 'impressora sem toner'].map((text) => ({ text })) },
  ],
  skills: [
    { name: 'resposta', fallback: false, kind: 'text', texts: ['ok'] },
    { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['não entendi'] },
  ],
  dialogues: [{ name: 'd', intents: ['desbloquear_conta', 'computador_lento', 'impressora'], skill: 'resposta' }],
});

async function platformWith(env: Record<string, string>): Promise<{ test: TestPlatform; assistant: AssistantRecord }> {
  const test = await startTestPlatform({ demo: false, env });
  await test.platform.store.servers.create({ name: 'acme' });
  const assistant = await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
  await test.platform.store.content.save(assistant.id, content(), 'replace');
  await test.platform.trainer.train(assistant);
  return { test, assistant };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      fake.authorizations.add(request.headers.authorization ?? '');
      const { model, input } = JSON.parse(body) as { model: string; input: string[] };
      fake.inputs.push(...input);
      const answer = () => {
        if (fake.fail || model !== 'fake-embedder') {
          // A provider that quotes what it was sent (its URL, its key) in its error.
          response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `boom at ${request.url ?? ''} with ${request.headers.authorization ?? ''}` }));
          return;
        }
        if (fake.garbage) {
          response.writeHead(200, { 'content-type': 'text/plain' }).end(`not embeddings; you sent ${request.headers.authorization ?? ''}`);
          return;
        }
        const data = input.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text) }));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model }));
      };
      if (fake.delayMs > 0) setTimeout(answer, fake.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/embeddings`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('semantic provider', () => {
  const env = () => ({ HELPER_EMBEDDINGS_URL: url, HELPER_EMBEDDINGS_MODEL: 'fake-embedder', HELPER_EMBEDDINGS_API_KEY: KEY, HELPER_EMBEDDINGS_TIMEOUT_MS: '200' });

  it('understands a paraphrase with no word in common only with the provider', async () => {
    const lexical = await platformWith({});
    const semantic = await platformWith(env());
    try {
      const plain = await lexical.test.platform.engine.parse(lexical.assistant.id, 'liberar meu login');
      expect(plain?.intent.name).toBe('nlu_fallback');
      const blended = await semantic.test.platform.engine.parse(semantic.assistant.id, 'liberar meu login');
      expect(blended?.intent.name).toBe('desbloquear_conta');
      expect(blended?.intent.confidence).toBeGreaterThan(0.5);
      const slow = await semantic.test.platform.engine.parse(semantic.assistant.id, 'minha máquina tá se arrastando');
      expect(slow?.intent.name).toBe('computador_lento');
      // What the lexical side already knows stays right.
      expect((await semantic.test.platform.engine.parse(semantic.assistant.id, 'a impressora não imprime'))?.intent.name).toBe('impressora');
      expect(semantic.test.platform.embeddings?.stats).toMatchObject({ embedded: 3, timeouts: 0, failures: 0 });
      expect([...fake.authorizations]).toEqual([`Bearer ${KEY}`]);
    } finally {
      await lexical.test.close();
      await semantic.test.close();
    }
  });

  it('embeds each phrase once: a retraining asks only for phrases not embedded before', async () => {
    const { test, assistant } = await platformWith(env());
    try {
      fake.inputs.length = 0;
      await test.platform.trainer.train(assistant);
      expect(fake.inputs).toEqual([]);
      const changed = content();
      changed.intents[0]?.phrases.push({ text: 'preciso liberar meu acesso' });
      await test.platform.store.content.save(assistant.id, changed, 'replace');
      await test.platform.trainer.train(assistant);
      expect(fake.inputs).toEqual(['preciso liberar meu acesso']);
    } finally {
      await test.close();
    }
  });

  it('answers lexically, counted, when the provider is slow or failing', async () => {
    const { test, assistant } = await platformWith(env());
    try {
      fake.delayMs = 1_000;
      const started = Date.now();
      const slow = await test.platform.engine.parse(assistant.id, 'a impressora não imprime');
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(slow?.intent.name).toBe('impressora');
      expect(test.platform.embeddings?.stats.timeouts).toBe(1);
      fake.delayMs = 0;
      fake.fail = true;
      expect((await test.platform.engine.parse(assistant.id, 'liberar meu login'))?.intent.name).toBe('nlu_fallback');
      expect(test.platform.embeddings?.stats.failures).toBe(1);
    } finally {
      fake.delayMs = 0;
      fake.fail = false;
      await test.close();
    }
  });

  it('trains without it, with a warning, when the provider fails at training', async () => {
    fake.fail = true;
    const test = await startTestPlatform({ demo: false, env: { ...env(), HELPER_EMBEDDINGS_MODEL: 'another-model' } });
    try {
      await test.platform.store.servers.create({ name: 'acme' });
      const assistant = await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
      await test.platform.store.content.save(assistant.id, content(), 'replace');
      const trained = await test.platform.trainer.train(assistant);
      expect(trained.warnings).toContain('the embeddings provider failed (http_status 500): this version understands without it');
      expect(trained.warnings.join(' ')).not.toContain(KEY);
      expect((await test.platform.engine.parse(assistant.id, 'a impressora não imprime'))?.intent.name).toBe('impressora');
    } finally {
      fake.fail = false;
      await test.close();
    }
  });

  it("shows the trainings' viewers a fixed reason for the provider's failure, never its URL, its answer or an error's text", async () => {
    const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
    const logLines: string[] = [];
    const test = await startTestPlatform({ demo: false, env: { ...env(), HELPER_ADMIN_TOKEN: ADMIN_TOKEN }, logLines });
    const admin = (method: 'GET' | 'POST', path: string, payload?: Record<string, unknown>) =>
      test.app.inject({ method, url: `/api/admin/servers/acme/assistants/pt${path}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload ? { payload } : {}) });
    const train = async (): Promise<Array<{ code?: string; params?: Record<string, string>; message: string }>> => {
      const asked = await admin('POST', '/trainings', { scope: 'complete' });
      expect(asked.statusCode).toBe(202);
      const id = (asked.json() as { id: number }).id;
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        const history = await admin('GET', '/trainings');
        expect(history.statusCode).toBe(200);
        // Nothing of the URL, the key or the provider's own words, anywhere in the history.
        for (const secret of ['s3cret-pw', KEY, 'credentials', 'boom', 'not embeddings', '127.0.0.1']) expect(history.body).not.toContain(secret);
        const training = (history.json() as { trainings: Array<{ id: number; status: string; problems: Array<{ code?: string; params?: Record<string, string>; message: string }> }> }).trainings.find((item) => item.id === id);
        if (training?.status === 'succeeded') return training.problems.filter((problem) => problem.code === 'embeddings_failed');
        expect(training?.status).not.toBe('failed');
      }
      throw new Error('the training did not finish');
    };
    const client = test.platform.embeddings;
    if (!client) throw new Error('the provider is not configured');
    try {
      await test.platform.store.servers.create({ name: 'acme' });
      const assistant = await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
      await test.platform.store.content.save(assistant.id, content(), 'replace');
      // A URL with a user and password (refused at start since; here as a provider set up by hand):
      // fetch refuses it with a message quoting it whole.
      client.settings.url = url.replace('http://', 'http://ana:s3cret-pw@');
      expect(await train()).toEqual([
        { level: 'warning', code: 'embeddings_failed', params: { reason: 'network_error' }, message: 'the embeddings provider failed (network_error): this version understands without it' },
      ]);
      client.settings.url = url;
      fake.fail = true;
      expect((await train()).map((problem) => problem.params)).toEqual([{ reason: 'http_status', status: '500' }]);
      fake.fail = false;
      fake.garbage = true;
      expect((await train()).map((problem) => problem.params)).toEqual([{ reason: 'invalid_answer' }]);
      // The detail is in the server log, without the credential or the key.
      const logged = logLines.filter((line) => line.includes('the embeddings provider failed at training'));
      expect(logged).toHaveLength(3);
      expect(logged[0]).toContain('network_error');
      for (const line of logged) {
        expect(line).not.toContain('s3cret-pw');
        expect(line).not.toContain(KEY);
      }
    } finally {
      client.settings.url = url;
      fake.fail = false;
      fake.garbage = false;
      await test.close();
    }
  });
});
