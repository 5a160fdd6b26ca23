// Issue 14, items 1, 2 and 4 end to end: custom skills ("Personalizada") that call third-party
// APIs through the REST channel of a real platform, against a local HTTP stand-in (allowed by
// HELPER_OUTBOUND_ALLOW=127.0.0.1): contexts filled from the answer, buttons built from a list, a
// secret header sent but never stored in clear, failures answered with the configured message and
// recorded on the conversation's events (never a 5xx), and the SSRF guard refusing the stand-in
// when the allow-list does not name it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantContent } from '../src/assistant/content.js';
import type { AssistantRecord } from '../src/store/store.js';
import { DEFAULT_STATUS, secretHeaderPlace, type ThirdPartyApi } from '../src/third-party-apis/api-definition.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let server: Server;
let base: string;
let down = false;
const keysSeen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    keysSeen.push(String(req.headers['x-api-key'] ?? ''));
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (down) return json(503, { error: 'down' });
    if (req.url === '/orders/joao') return json(200, { orders: [{ id: 'A1', item: 'mouse' }, { id: 'B2', item: 'teclado' }] });
    if (req.url === '/orders/ninguem') return json(200, { orders: [] });
    if (req.url?.startsWith('/weather')) return json(200, { today: { max: 31 } });
    if (req.url === '/motd') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('A rede do 3º andar volta às 14h.');
      return;
    }
    if (req.url === '/html') {
      res.end('<html></html>');
      return;
    }
    json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function content(): AssistantContent {
  const intent = (name: string, phrases: string[]) => ({ name, phrases: phrases.map((text) => ({ text })) });
  return {
    themes: [],
    intents: [
      intent('pedidos', ['meus pedidos', 'quero ver meus pedidos', 'lista de pedidos', 'mostra meus pedidos', 'quais são meus pedidos']),
      intent('clima', ['como está o tempo', 'previsão do tempo', 'vai fazer calor hoje', 'qual a temperatura', 'clima de hoje']),
      intent('quebrado', ['teste quebrado', 'chama a api quebrada', 'api com defeito', 'teste de falha', 'quebra tudo']),
      intent('aviso', ['algum aviso', 'tem aviso hoje', 'avisos do dia', 'qual o aviso', 'mural de avisos']),
    ],
    contexts: [
      { name: 'maxima', type: 'float' },
      { name: 'cliente', type: 'text', values: [] },
      { name: 'aviso', type: 'text', values: [] },
    ],
    regexes: [],
    skills: [
      { name: 'listar_pedidos', fallback: false, kind: 'custom', texts: ['Seus pedidos:'], custom: { api: 'pedidos', listButtons: { path: 'orders', title: '{id} – {item}', payload: 'pedido {id}' } } },
      { name: 'previsao', fallback: false, kind: 'custom', texts: ['Máxima de {maxima} graus hoje.'], custom: { api: 'clima' } },
      { name: 'quebrada', fallback: false, kind: 'custom', texts: ['nunca'], custom: { api: 'html' } },
      { name: 'aviso_do_dia', fallback: false, kind: 'custom', texts: ['Aviso: {aviso}'], custom: { api: 'mural' } },
      { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi.'] },
    ],
    dialogues: [
      { name: 'pedidos', intents: ['pedidos'], skill: 'listar_pedidos' },
      { name: 'clima', intents: ['clima'], skill: 'previsao' },
      { name: 'quebrado', intents: ['quebrado'], skill: 'quebrada' },
      { name: 'aviso', intents: ['aviso'], skill: 'aviso_do_dia' },
    ],
  };
}

function apis(assistantId: number, seal: (text: string, place: { assistantId: number; name: string }) => string): ThirdPartyApi[] {
  const common = { method: 'GET' as const, body: [], responseFormat: 'json' as const, status: DEFAULT_STATUS, authentication: false };
  return [
    {
      ...common,
      name: 'pedidos',
      url: `${base}/orders/{cliente}`,
      headers: [{ name: 'x-api-key', value: seal('chave-secreta', secretHeaderPlace(assistantId, 'pedidos', 'x-api-key')), secret: true }],
      mappings: [],
      notFoundMessage: 'Você não tem pedidos.',
      failureMessage: 'O sistema de pedidos não respondeu.',
    },
    { ...common, name: 'clima', url: `${base}/weather`, headers: [], mappings: [{ path: 'today.max', context: 'maxima', type: 'number' }], failureMessage: 'Sem previsão agora.' },
    { ...common, name: 'html', url: `${base}/html`, headers: [], mappings: [{ path: 'x', context: 'maxima' }], failureMessage: 'A API respondeu algo estranho.' },
    // Response format Text: the whole answer, as it came, into the context (its path is `$`).
    { ...common, name: 'mural', url: `${base}/motd`, responseFormat: 'text', headers: [], mappings: [{ path: '$', context: 'aviso', type: 'text' }], failureMessage: 'Sem avisos agora.' },
  ];
}

describe.each([{ allow: '127.0.0.1' }, { allow: '' }])('custom skills through the REST channel (HELPER_OUTBOUND_ALLOW="$allow")', ({ allow }) => {
  let test: TestPlatform;
  let assistant: AssistantRecord;

  beforeAll(async () => {
    test = await startTestPlatform({ demo: false, env: allow === '' ? {} : { HELPER_OUTBOUND_ALLOW: allow } });
    assistant = await test.platform.defaultAssistant();
    await test.platform.store.content.save(assistant.id, content(), 'replace');
    await test.platform.store.thirdPartyApis.edit(assistant.id, () => ({ apis: apis(assistant.id, (text, place) => test.platform.secrets.encrypt(text, place)), result: null }));
    await test.platform.trainer.train(assistant);
  });
  afterAll(async () => {
    await test.close();
  });

  async function say(sender: string, message: string): Promise<Array<Record<string, unknown>>> {
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  if (allow !== '') {
    it('fills contexts from the answer, and builds buttons from a list with the secret header sent', async () => {
      await test.platform.store.conversations.append(assistant.id, 'joao', [{ event: 'slot', timestamp: Date.now() / 1000, name: 'cliente', value: 'joao' }]);
      expect(await say('joao', 'quero ver meus pedidos')).toEqual([
        { recipient_id: 'joao', text: 'Seus pedidos:', buttons: [{ title: 'A1 – mouse', payload: 'pedido A1' }, { title: 'B2 – teclado', payload: 'pedido B2' }] },
      ]);
      expect(keysSeen.at(-1)).toBe('chave-secreta');
      expect(await say('joao', 'qual a temperatura')).toEqual([{ recipient_id: 'joao', text: 'Máxima de 31 graus hoje.' }]);
      const events = await test.platform.store.conversations.events(assistant.id, 'joao');
      expect(events.some(({ event }) => event.event === 'slot' && event['name'] === 'maxima' && event['value'] === 31)).toBe(true);
      const stored = JSON.stringify(await test.platform.store.thirdPartyApis.list(assistant.id));
      expect(stored).not.toContain('chave-secreta');
    });

    it('puts a plain-text answer (response format Text) whole into its context', async () => {
      expect(await say('maria', 'tem aviso hoje')).toEqual([{ recipient_id: 'maria', text: 'Aviso: A rede do 3º andar volta às 14h.' }]);
      const events = await test.platform.store.conversations.events(assistant.id, 'maria');
      expect(events.some(({ event }) => event.event === 'slot' && event['name'] === 'aviso' && event['value'] === 'A rede do 3º andar volta às 14h.')).toBe(true);
    });

    it('answers the not-found message for an empty list, and the failure message for an odd answer or a 5xx, recording why', async () => {
      await test.platform.store.conversations.append(assistant.id, 'maria', [{ event: 'slot', timestamp: Date.now() / 1000, name: 'cliente', value: 'ninguem' }]);
      expect(await say('maria', 'meus pedidos')).toEqual([{ recipient_id: 'maria', text: 'Você não tem pedidos.' }]);
      expect(await say('maria', 'teste quebrado')).toEqual([{ recipient_id: 'maria', text: 'A API respondeu algo estranho.' }]);
      down = true;
      try {
        expect(await say('maria', 'qual a temperatura')).toEqual([{ recipient_id: 'maria', text: 'Sem previsão agora.' }]);
      } finally {
        down = false;
      }
      const failures = (await test.platform.store.conversations.events(assistant.id, 'maria'))
        .map(({ event }) => (event.metadata as Record<string, unknown> | undefined)?.['api_failure'] as { api: string; outcome: string; reason: string } | undefined)
        .filter((failure) => failure !== undefined);
      expect(failures.map((failure) => `${failure.api}:${failure.outcome}`)).toEqual(['pedidos:notFound', 'html:failure', 'clima:failure']);
      expect(failures[1]?.reason).toContain('not JSON');
      expect(failures[2]?.reason).toContain('503');
    });
  } else {
    it('refuses the loopback stand-in without the allow-list, answering the failure message that names nothing secret', async () => {
      expect(await say('ana', 'qual a temperatura')).toEqual([{ recipient_id: 'ana', text: 'Sem previsão agora.' }]);
      const events = await test.platform.store.conversations.events(assistant.id, 'ana');
      const failure = events.map(({ event }) => (event.metadata as Record<string, unknown> | undefined)?.['api_failure']).find((value) => value !== undefined) as { reason: string };
      expect(failure.reason).toContain('HELPER_OUTBOUND_ALLOW');
    });
  }
});
