// The content admin API: themes, intents, contexts, skills, dialogues through HTTP, on the real
// store, with the operator token. Field paths in errors, rename cascades, 409 in_use and force,
// duplicates, nothing half-saved; then a help-desk assistant built through the API only, trained
// and talked to through the REST channel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorise } from '../src/admin-api/auth/access.js';
import { registerAdminApi } from '../src/admin-api/admin-routes.js';
import { configuredBase } from '../src/server/public-addresses.js';
import { integrationValues } from '../src/admin-api/integrations/integration-values.js';
import { facebookStatus } from '../src/channels/facebook/facebook-settings.js';
import { socketIoStatus } from '../src/channels/socketio/socketio-settings.js';
import { telegramStatus } from '../src/channels/telegram/telegram-settings.js';
import { callbackUrlState } from '../src/channels/callback/callback-output.js';
import { whatsAppStatus } from '../src/channels/whatsapp/whatsapp-settings.js';
import { emptyContent } from '../src/assistant/content.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-content-tests-0123456789';
let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform({ demo: false, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_PUBLIC_URL: 'http://helperassistant.example' } });
  await test.platform.store.servers.create({ name: 'acme' });
  await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
  await test.platform.store.assistants.create({ serverName: 'acme', language: 'en' });
});
afterAll(async () => {
  await test?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function api(method: Method, path: string, payload?: unknown, language = 'pt') {
  const response = await test.app.inject({
    method,
    url: `/api/admin/servers/acme/assistants/${language}${path}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.body === '' ? undefined : (response.json() as Record<string, unknown> & { error?: Record<string, unknown> }) };
}

async function content(language = 'pt') {
  const assistant = await test.platform.store.assistants.get('acme', language);
  if (!assistant) throw new Error('no assistant');
  return test.platform.store.content.load(assistant.id);
}

describe('content admin API', () => {
  it('creates, lists, searches, gets, changes and deletes each kind', async () => {
    expect((await api('POST', '/themes', { name: 'ti', description: 'Tecnologia' })).status).toBe(201);
    expect((await api('POST', '/themes', { name: 'geral' })).status).toBe(201);
    const context = await api('POST', '/contexts', {
      name: 'equipamento',
      type: 'text',
      description: 'O equipamento',
      values: [{ value: 'impressora', synonyms: ['imp', 'printer'] }, 'monitor'],
    });
    expect(context).toMatchObject({ status: 201, body: { name: 'equipamento', values: [{ value: 'impressora', synonyms: ['imp', 'printer'] }, { value: 'monitor', synonyms: [] }] } });
    expect((await api('POST', '/contexts', { name: 'urgente', type: 'boolean' })).status).toBe(201);
    expect((await api('POST', '/contexts', { name: 'prioridade', type: 'categorical', values: ['baixa', 'alta'] })).status).toBe(201);
    expect((await api('POST', '/contexts', { name: 'nota', type: 'float', min: 0, max: 10 })).status).toBe(201);

    const intent = await api('POST', '/intents', {
      name: 'impressora_parou',
      theme: 'ti',
      phrases: [{ text: '  a imp parou', entities: [{ start: 4, end: 7, entity: 'equipamento', value: 'imp' }] }, { text: 'não consigo imprimir' }],
    });
    // Trimmed, the span moved with the text, the synonym stored as its value.
    expect(intent).toMatchObject({
      status: 201,
      body: { name: 'impressora_parou', phraseCount: 2, duplicates: [], phrases: [{ text: 'a imp parou', entities: [{ start: 2, end: 5, entity: 'equipamento', value: 'impressora' }] }, { text: 'não consigo imprimir' }] },
    });
    expect((await api('POST', '/intents', { name: 'saudar', theme: 'geral', phrases: [{ text: 'oi' }, { text: 'olá' }] })).status).toBe(201);
    expect((await api('POST', '/skills', { name: 'orientar', theme: 'ti', texts: ['Verifique o papel da {equipamento}.'] })).body).toMatchObject({ kind: 'text', fallback: false });
    expect((await api('POST', '/skills', { name: 'cumprimentar', buttons: [{ title: 'Sim', payload: 'sim' }], texts: ['Oi! Posso ajudar?'] })).body).toMatchObject({ kind: 'buttons' });
    expect((await api('POST', '/skills', { name: 'nao_entendi', fallback: true, texts: ['Não entendi.'] })).status).toBe(201);
    expect((await api('POST', '/dialogues', { name: 'impressora', theme: 'ti', intents: ['impressora_parou'], skill: 'orientar' })).status).toBe(201);
    expect((await api('POST', '/dialogues', { name: 'oi', intents: ['saudar'], skill: 'cumprimentar' })).status).toBe(201);

    const list = await api('GET', '/intents?q=IMPRIMIR');
    expect((list.body as unknown as Array<{ name: string }>).map((item) => item.name)).toEqual(['impressora_parou']);
    expect(((await api('GET', '/dialogues?theme=ti')).body as unknown as Array<{ name: string }>).map((item) => item.name)).toEqual(['impressora']);
    expect(((await api('GET', '/themes?q=tecno')).body as unknown as Array<{ name: string }>).map((item) => item.name)).toEqual(['ti']);
    expect((await api('GET', '/skills/orientar')).body).toMatchObject({ name: 'orientar', usedBy: [{ list: 'dialogues', name: 'impressora', field: 'skill' }] });
    expect((await api('GET', '/skills/nada')).status).toBe(404);

    // A PATCH that gives another kind's field, or another kind, changes the kind.
    await api('POST', '/skills', { name: 'trocar', texts: ['Escolha'], buttons: [{ title: 'A', payload: 'a' }] });
    expect((await api('PATCH', '/skills/trocar', { image: 'https://example.com/a.png' })).body).toEqual({ name: 'trocar', fallback: false, kind: 'image', texts: ['Escolha'], image: 'https://example.com/a.png', usedBy: [], warnings: [] });
    expect((await api('PATCH', '/skills/trocar', { kind: 'text' })).body).toEqual({ name: 'trocar', fallback: false, kind: 'text', texts: ['Escolha'], usedBy: [], warnings: [] });
    expect((await api('DELETE', '/skills/trocar')).status).toBe(200);

    const patched = await api('PATCH', '/themes/geral', { description: 'Conversa' });
    expect(patched.body).toMatchObject({ name: 'geral', description: 'Conversa' });
    expect((await api('PATCH', '/themes/geral', { description: null })).body).not.toHaveProperty('description');
    expect((await api('PUT', '/contexts/nota', { name: 'nota', type: 'float', min: 1 })).body).toEqual({ name: 'nota', type: 'float', min: 1, usedBy: [], warnings: [] });
    expect((await api('DELETE', '/contexts/nota')).body).toEqual({ deleted: [{ list: 'contexts', name: 'nota' }], changed: [] });
    expect((await content()).contexts.map((item) => item.name)).toEqual(['equipamento', 'urgente', 'prioridade']);
  });

  it('renames an item everywhere it is named, in one change', async () => {
    await api('POST', '/dialogues', { name: 'depois_oi', intents: ['impressora_parou'], skill: 'orientar', followUpOf: 'oi' });
    await api('PATCH', '/skills/cumprimentar', { preset: { context: { name: 'equipamento', value: 'printer' }, dialogue: 'oi' } });
    // A regex fills the context of its name (file import only): it follows the context's new name.
    const assistant = await test.platform.store.assistants.get('acme', 'pt');
    await test.platform.store.content.save(assistant?.id ?? 0, { ...emptyContent(), regexes: [{ name: 'equipamento', pattern: 'imp\\d' }] }, 'merge');
    expect((await api('PATCH', '/themes/ti', { name: 'tecnologia' })).status).toBe(200);
    expect((await api('PATCH', '/intents/impressora_parou', { name: 'problema_impressora' })).status).toBe(200);
    expect((await api('PATCH', '/contexts/equipamento', { name: 'aparelho' })).status).toBe(200);
    expect((await api('PATCH', '/skills/orientar', { name: 'orientar_impressora' })).status).toBe(200);
    expect((await api('PATCH', '/dialogues/oi', { name: 'saudacao' })).status).toBe(200);
    const after = await content();
    expect(after.themes.map((theme) => theme.name)).toEqual(['tecnologia', 'geral']);
    expect(after.regexes).toEqual([{ name: 'aparelho', pattern: 'imp\\d' }]);
    expect(after.intents[0]).toMatchObject({ name: 'problema_impressora', theme: 'tecnologia', phrases: [{ entities: [{ entity: 'aparelho', value: 'impressora' }] }, {}] });
    expect(after.skills[0]).toMatchObject({ name: 'orientar_impressora', theme: 'tecnologia', texts: ['Verifique o papel da {aparelho}.'] });
    expect(after.skills[1]).toMatchObject({ name: 'cumprimentar', preset: { context: { name: 'aparelho', value: 'impressora' }, dialogue: 'saudacao' } });
    expect(after.dialogues).toEqual([
      { name: 'impressora', theme: 'tecnologia', intents: ['problema_impressora'], skill: 'orientar_impressora' },
      { name: 'saudacao', intents: ['saudar'], skill: 'cumprimentar' },
      { name: 'depois_oi', intents: ['problema_impressora'], skill: 'orientar_impressora', followUpOf: 'saudacao' },
    ]);
  });

  it('names the field of every problem, and writes nothing on any', async () => {
    const before = await content();
    const cases: Array<[Method, string, unknown, string, RegExp]> = [
      ['POST', '/intents', { name: 'x', phrases: [{ text: 'um' }, { text: 'dois' }, { text: '  ' }] }, 'phrases.2.text', /empty/],
      ['POST', '/intents', { name: 'x', phrases: [{ text: 'oi tudo', entities: [{ start: 3, end: 40, entity: 'aparelho', value: 'impressora' }] }] }, 'phrases.0.entities.0.start', /inside/],
      ['POST', '/intents', { name: 'x', phrases: [{ text: 'oi tudo', entities: [{ start: 3, end: 7, entity: 'aparelhos', value: 'impressora' }] }] }, 'phrases.0.entities.0.entity', /"aparelho"/],
      ['POST', '/intents', { name: 'x', phrases: [{ text: 'oi tudo', entities: [{ start: 3, end: 7, entity: 'aparelho', value: 'geladeira' }] }] }, 'phrases.0.entities.0.value', /not a value/],
      ['POST', '/intents', { name: 'two words', phrases: [{ text: 'oi' }] }, 'name', /one word/],
      ['POST', '/intents', { name: 'saudar', phrases: [{ text: 'oi' }] }, 'name', /already exists/],
      ['POST', '/intents', { name: 'x', theme: 'nenhum', phrases: [{ text: 'oi' }] }, 'theme', /does not exist/],
      ['POST', '/intents', { name: 'x' }, 'phrases', /phrases/],
      ['POST', '/intents', { name: 'x', phrases: [{ text: 12 }] }, 'phrases.0.text', /string/],
      ['POST', '/skills', { name: 's', buttons: [{ title: 'Sim', payload: '' }], texts: ['?'] }, 'buttons.0.payload', /empty/],
      ['POST', '/skills', { name: 's', texts: ['Olá {nomee}'] }, 'texts.0', /placeholder/],
      ['POST', '/skills', { name: 's', kind: 'image', image: 'ftp://x/y.png' }, 'image', /http/],
      ['POST', '/skills', { name: 's', texts: ['x'], fallback: true }, 'fallback', /nao_entendi/],
      ['POST', '/skills', { name: 's', texts: ['x'], preset: { dialogue: 'nenhum' } }, 'preset.dialogue', /does not exist/],
      ['POST', '/skills', { name: 's', texts: ['x'], preset: { context: { name: 'urgente', value: 'talvez' } } }, 'preset.context.value', /true or false/],
      ['POST', '/contexts', { name: 'c', type: 'text', values: [{ value: 'a', synonyms: ['b'] }, { value: 'c', synonyms: ['B'] }] }, 'values.1.synonyms.0', /already stands/],
      ['POST', '/contexts', { name: 'c', type: 'float', min: 5, max: 1 }, 'min', /greater/],
      ['POST', '/contexts', { name: 'c', type: 'boolean', values: ['x'] }, 'values', /not used/],
      ['POST', '/contexts', { name: 'c', type: 'categorical', values: [] }, 'values', /at least one/],
      ['POST', '/dialogues', { name: 'd', intents: ['saudar'], skill: 'orientar_impressora' }, 'intents.0', /already answered by dialogue "saudacao"/],
      ['POST', '/dialogues', { name: 'd', intents: ['nada'], skill: 'orientar_impressora' }, 'intents.0', /does not exist/],
      ['POST', '/dialogues', { name: 'd', intents: ['saudar'], skill: 'nada', followUpOf: 'impressora' }, 'skill', /does not exist/],
      ['PATCH', '/dialogues/saudacao', { followUpOf: 'depois_oi' }, 'followUpOf', /loop/],
      ['PATCH', '/dialogues/saudacao', { name: 'impressora' }, 'name', /already exists/],
    ];
    for (const [method, path, body, field, message] of cases) {
      const response = await api(method, path, body);
      expect({ path, body, status: response.status, field: response.body?.error?.field }).toEqual({ path, body, status: 400, field });
      expect(response.body?.error?.message).toMatch(message);
      expect(response.body?.error?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    // A change may not break what uses the item: the problem is named in the other item.
    const dropped = await api('PATCH', '/contexts/aparelho', { values: ['monitor'] });
    expect(dropped.status).toBe(400);
    expect(dropped.body?.error?.problems).toEqual([
      { field: 'phrases.0.entities.0.value', code: 'not_a_value', params: expect.objectContaining({ value: 'impressora', context: 'aparelho' }), message: expect.stringMatching(/^intent "problema_impressora": "impressora" is not a value/), item: { list: 'intents', name: 'problema_impressora' } },
      { field: 'preset.context.value', code: 'not_a_value', params: expect.objectContaining({ value: 'impressora', context: 'aparelho' }), message: expect.stringMatching(/^skill "cumprimentar": "impressora" is not a value/), item: { list: 'skills', name: 'cumprimentar' } },
    ]);
    expect(await content()).toEqual(before);
  });

  it('flags phrases that another intent also has', async () => {
    await api('POST', '/intents', { name: 'cumprimento', phrases: [{ text: 'Olá!' }, { text: 'bom dia' }] });
    const intent = await api('GET', '/intents/cumprimento');
    expect(intent.body).toMatchObject({ phraseCount: 2, duplicates: [{ index: 0, text: 'Olá!', intents: ['saudar'] }] });
    const listed = (await api('GET', '/intents?q=saudar')).body as unknown as Array<Record<string, unknown>>;
    expect(listed[0]).toMatchObject({ name: 'saudar', duplicates: [{ index: 1, text: 'olá', intents: ['cumprimento'] }] });
    await api('DELETE', '/intents/cumprimento');
  });

  it('refuses to delete what is used (409 in_use) unless forced, and says what force removed', async () => {
    const refused = await api('DELETE', '/skills/orientar_impressora');
    expect(refused.status).toBe(409);
    expect(refused.body?.error).toMatchObject({
      code: 'in_use',
      usedBy: [
        { list: 'dialogues', name: 'impressora', field: 'skill' },
        { list: 'dialogues', name: 'depois_oi', field: 'skill' },
      ],
    });
    expect((await api('DELETE', '/themes/tecnologia')).status).toBe(409);
    const theme = await api('DELETE', '/themes/tecnologia?force=true');
    expect(theme.body).toEqual({
      deleted: [{ list: 'themes', name: 'tecnologia' }],
      changed: [
        { list: 'intents', name: 'problema_impressora' },
        { list: 'skills', name: 'orientar_impressora' },
        { list: 'dialogues', name: 'impressora' },
      ],
    });
    // Deleting a dialogue deletes its follow-ups and the presets that named it.
    const dialogue = await api('DELETE', '/dialogues/saudacao?force=true');
    expect(dialogue.body).toEqual({
      deleted: [
        { list: 'dialogues', name: 'saudacao' },
        { list: 'dialogues', name: 'depois_oi' },
      ],
      changed: [{ list: 'skills', name: 'cumprimentar' }],
    });
    const after = await content();
    expect(after.skills.find((skill) => skill.name === 'cumprimentar')?.preset).toEqual({ context: { name: 'aparelho', value: 'impressora' } });
    const context = await api('DELETE', '/contexts/aparelho?force=true');
    expect(context.body).toMatchObject({ deleted: [{ list: 'contexts', name: 'aparelho' }] });
    const final = await content();
    expect(final.intents[0]?.phrases[0]).toEqual({ text: 'a imp parou', entities: [] });
    expect(final.skills.find((skill) => skill.name === 'cumprimentar')).not.toHaveProperty('preset');
    expect((await api('DELETE', '/intents/saudar?force=true')).status).toBe(200);
    expect((await api('DELETE', '/intents/saudar')).status).toBe(404);
  });

  it('refuses a change to an item someone else changed since it was read (If-Match, 412)', async () => {
    const request = (method: Method, path: string, etag: string, payload?: unknown) =>
      test.app.inject({
        method,
        url: `/api/admin/servers/acme/assistants/pt${path}`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'if-match': etag },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    await api('POST', '/themes', { name: 'versionado' });
    const read = await test.app.inject({ method: 'GET', url: '/api/admin/servers/acme/assistants/pt/themes/versionado', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const etag = String(read.headers['etag']);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const first = await request('PATCH', '/themes/versionado', etag, { description: 'um' });
    expect(first.statusCode).toBe(200);
    const newer = String(first.headers['etag']);
    expect(newer).not.toBe(etag);
    const second = await request('PATCH', '/themes/versionado', etag, { description: 'dois' });
    expect(second.statusCode).toBe(412);
    expect(second.json()).toMatchObject({ error: { code: 'changed' } });
    expect((await request('DELETE', '/themes/versionado', etag)).statusCode).toBe(412);
    const reread = await test.app.inject({ method: 'GET', url: '/api/admin/servers/acme/assistants/pt/themes/versionado', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(reread.headers['etag']).toBe(newer);
    expect(reread.json()).toMatchObject({ description: 'um' });
    expect((await request('DELETE', '/themes/versionado', newer)).statusCode).toBe(200);
  });

  it('keeps each assistant apart', async () => {
    expect(((await api('GET', '/intents', undefined, 'en')).body as unknown as unknown[])).toEqual([]);
    expect((await api('GET', '/intents', undefined, 'es')).status).toBe(404);
  });
});

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function multipartBody(fileName: string, contentType: string, bytes: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----helper-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(fileName: string, contentType: string, bytes: Buffer) {
  const { payload, headers } = multipartBody(fileName, contentType, bytes);
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/admin/servers/acme/assistants/pt/media',
    headers: { ...headers, authorization: `Bearer ${ADMIN_TOKEN}` },
    payload,
  });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> & { error?: Record<string, unknown> } };
}

describe('slot filling, variants and lifetimes through the admin API', () => {
  const en = (method: Method, path: string, payload?: unknown) => api(method, path, payload, 'en');

  it('stores them, names the field of each problem, renames and deletes through them, and shows flow warnings at the item', async () => {
    expect((await en('POST', '/contexts', { name: 'device', type: 'text', lifetime: 'session', values: ['printer', 'monitor'] })).status).toBe(201);
    expect((await en('POST', '/contexts', { name: 'when', type: 'text', entity: 'date', lifetime: 'dialogue' })).body).toMatchObject({ name: 'when', entity: 'date', lifetime: 'dialogue' });
    expect((await en('POST', '/contexts', { name: 'score', type: 'float', entity: 'date' })).body?.error).toMatchObject({ field: 'entity', message: expect.stringMatching(/only by a text context/) });
    expect((await en('POST', '/contexts', { name: 'x', type: 'text', lifetime: 'forever' })).body?.error).toMatchObject({ field: 'lifetime' });
    expect((await en('POST', '/intents', { name: 'ticket', phrases: [{ text: 'open a ticket' }] })).status).toBe(201);
    expect((await en('POST', '/skills', { name: 'ask_device', texts: ['Which device?'] })).status).toBe(201);

    // Each problem of a variant and of a slot is at its field.
    const badVariant = await en('POST', '/skills', { name: 'done', texts: ['Done.'], variants: [{ when: [{ context: 'device', operator: 'atLeast', value: 'two' }], texts: ['{devic}'] }] });
    expect(badVariant.body?.error).toMatchObject({ field: 'variants.0.when.0.value', message: '"atLeast" compares with a number' });
    const badVariants = await en('POST', '/skills', { name: 'done', texts: ['Done.'], variants: [{ when: [{ context: 'device', operator: 'equals', value: 'scanner' }], texts: ['{devic}'] }] });
    expect((badVariants.body?.error as { problems: Array<{ field: string }> }).problems.map((problem) => problem.field)).toEqual(['variants.0.when.0.value', 'variants.0.texts.0']);
    const done = await en('POST', '/skills', { name: 'done', texts: ['Done.'], variants: [{ when: [{ context: 'device', operator: 'equals', value: 'PRINTER' }], texts: ['Done: {device} on {when:date}.'] }] });
    expect(done.body?.['variants']).toEqual([{ when: [{ context: 'device', operator: 'equals', value: 'printer' }], texts: ['Done: {device} on {when:date}.'] }]);
    const badSlots = await en('POST', '/dialogues', { name: 'log', intents: ['ticket'], skill: 'done', slots: [{ context: 'device', question: 'ask_devic', maxAttempts: 0 }] });
    expect(badSlots.status).toBe(400);
    const dialogue = await en('POST', '/dialogues', {
      name: 'log',
      intents: ['ticket'],
      skill: 'done',
      slots: [{ context: 'device', question: 'ask_device', valuesAsButtons: true, label: 'Device', maxAttempts: 2 }, { context: 'when' }],
      confirm: 'ask_device',
      cancel: 'done',
    });
    expect(dialogue.status).toBe(201);
    const wrongQuestion = await en('PATCH', '/dialogues/log', { slots: [{ context: 'device', question: 'ask_devic' }] });
    expect(wrongQuestion.body?.error).toMatchObject({ field: 'slots.0.question', message: expect.stringMatching(/skill "ask_devic" does not exist; did you mean "ask_device"\?/) });
    expect((await en('GET', '/skills/ask_device')).body?.['usedBy']).toEqual([
      { list: 'dialogues', name: 'log', field: 'slots.0.question' },
      { list: 'dialogues', name: 'log', field: 'confirm' },
    ]);
    // The confirmation has no placeholder problem; "done" is the final skill: {device} and {when} are asked for before it.
    expect((await en('GET', '/skills/done')).body?.['warnings']).toEqual([]);

    // A rename reaches slots, conditions and placeholders (formats kept).
    expect((await en('PATCH', '/contexts/when', { name: 'visit_date' })).status).toBe(200);
    expect((await en('PATCH', '/skills/ask_device', { name: 'which_device' })).status).toBe(200);
    const after = await content('en');
    expect(after.dialogues.find((item) => item.name === 'log')).toMatchObject({ slots: [{ context: 'device', question: 'which_device' }, { context: 'visit_date' }], confirm: 'which_device' });
    expect(after.skills.find((item) => item.name === 'done')?.variants?.[0]?.texts).toEqual(['Done: {device} on {visit_date:date}.']);

    // Forced deletes remove what would dangle: the question, the condition (and its variant), the slot.
    expect((await en('DELETE', '/skills/which_device')).status).toBe(409);
    expect((await en('DELETE', '/skills/which_device?force=true')).body).toMatchObject({ deleted: [{ list: 'skills', name: 'which_device' }], changed: [{ list: 'dialogues', name: 'log' }] });
    expect((await content('en')).dialogues.find((item) => item.name === 'log')).toEqual({ name: 'log', intents: ['ticket'], skill: 'done', slots: [{ context: 'device', label: 'Device', maxAttempts: 2 }, { context: 'visit_date' }], cancel: 'done' });
    expect((await en('DELETE', '/contexts/device?force=true')).status).toBe(200);
    const last = await content('en');
    expect(last.skills.find((item) => item.name === 'done')?.variants).toBeUndefined();
    expect(last.dialogues.find((item) => item.name === 'log')?.slots).toEqual([{ context: 'visit_date' }]);
    // Nothing asks for the date now, but a date is recognised in any message: no warning. A free
    // text context nothing asks for, links or presets is reported at the dialogue's field.
    expect((await en('GET', '/dialogues/log')).body?.['warnings']).toEqual([]);
    expect((await en('POST', '/contexts', { name: 'protocol', type: 'text' })).status).toBe(201);
    await en('PATCH', '/dialogues/log', { slots: [{ context: 'visit_date' }, { context: 'protocol' }] });
    expect((await en('GET', '/dialogues/log')).body?.['warnings']).toEqual([{ field: 'slots.1.context', code: 'context_never_filled', params: { context: 'protocol' }, message: expect.stringMatching(/needs context "protocol", but nothing can fill it/) }]);
  });
});

describe('media, preview and the dialogue tree', () => {
  it('stores an uploaded PNG under the data folder and serves it at its public URL', async () => {
    const uploaded = await upload('logo.png', 'image/png', PNG);
    expect(uploaded.status).toBe(201);
    const url = String(uploaded.body['url']);
    expect(url).toMatch(/^http:\/\/acmePT\.helperassistant\.example\/media\/[0-9a-f]{64}\.png$/);
    expect(uploaded.body).toMatchObject({ contentType: 'image/png', bytes: PNG.length });
    expect(readFileSync(join(test.dataDir, 'media', String(uploaded.body['file']))).equals(PNG)).toBe(true);
    const { pathname, host } = new URL(url);
    const fetched = await test.app.inject({ method: 'GET', url: pathname, headers: { host } });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.headers['content-type']).toBe('image/png');
    expect(fetched.headers['cache-control']).toMatch(/immutable/);
    expect(fetched.rawPayload.equals(PNG)).toBe(true);
    const again = await test.app.inject({ method: 'GET', url: pathname, headers: { host, 'if-none-match': String(fetched.headers['etag']) } });
    expect(again.statusCode).toBe(304);
    // The same bytes are one file.
    expect((await upload('other-name.png', 'image/png', PNG)).body['url']).toBe(url);
    // An image skill takes the URL.
    expect((await api('POST', '/skills', { name: 'mostrar_logo', kind: 'image', image: url, texts: ['Nosso logo:'] })).status).toBe(201);
  });

  it('refuses what is not an image by its bytes, and files over the limit', async () => {
    const fake = await upload('virus.png', 'image/png', Buffer.from('<script>alert(1)</script>'));
    expect(fake).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type', field: 'file' } } });
    // Above the JSON body limit (1 MiB) but within HELPER_MEDIA_MAX_BYTES (5 MiB): accepted.
    expect((await upload('photo.png', 'image/png', Buffer.concat([PNG, Buffer.alloc(3 * 1024 * 1024, 1)]))).status).toBe(201);
    const large = await upload('big.png', 'image/png', Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]));
    expect(large).toMatchObject({ status: 413, body: { error: { code: 'too_large', field: 'file' } } });
    const json = await api('POST', '/media', { file: 'x' });
    expect(json.status).toBe(415);
    // A raw body of a type the route does not take is refused by its type (not read as JSON).
    const raw = await test.app.inject({
      method: 'POST',
      url: '/api/admin/servers/acme/assistants/pt/media',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(raw.statusCode).toBe(415);
    expect((await test.app.inject({ method: 'GET', url: '/media/..%2Fhelper.sqlite' })).statusCode).toBe(404);
    expect((await test.app.inject({ method: 'GET', url: `/media/${'0'.repeat(64)}.png` })).statusCode).toBe(404);
  });

  it('previews a skill in the REST and web chat shapes, checked like a save', async () => {
    const preview = await api('POST', '/skills/preview', {
      texts: ['Olá!\n\nQuer ajuda com a {equip}?'],
      buttons: [{ title: 'Sim', payload: 'sim' }],
      slots: { equip: 'impressora' },
    });
    expect(preview.status).toBe(400);
    expect(preview.body?.error).toMatchObject({ field: 'texts.0', message: expect.stringMatching(/placeholder \{equip\}/) });
    await api('POST', '/contexts', { name: 'equip', type: 'text' });
    const ok = await api('POST', '/skills/preview', {
      texts: ['Olá!\n\nQuer ajuda com a {equip}?'],
      buttons: [{ title: 'Sim', payload: 'sim' }],
      slots: { equip: 'impressora' },
    });
    expect(ok.body).toEqual({
      rest: [{ recipient_id: 'preview', text: 'Olá!\n\nQuer ajuda com a impressora?', buttons: [{ title: 'Sim', payload: 'sim' }] }],
      webChat: [{ text: 'Olá!', quick_replies: [] }, { text: 'Quer ajuda com a impressora?', quick_replies: [{ content_type: 'text', title: 'Sim', payload: 'sim' }] }],
      variations: 1,
      variant: null,
    });
    const image = await api('POST', '/skills/preview', { kind: 'image', image: 'https://example.com/a.png', texts: ['Veja', 'Olhe'], variation: 1 });
    expect(image.body).toEqual({
      rest: [{ recipient_id: 'preview', text: 'Olhe' }, { recipient_id: 'preview', image: 'https://example.com/a.png' }],
      webChat: [{ text: 'Olhe' }, { attachment: { type: 'image', payload: { src: 'https://example.com/a.png' } } }],
      variations: 2,
      variant: null,
    });
    expect((await api('GET', '/skills/preview')).status).toBe(404);
  });

  it("shows each theme's dialogues as a tree", async () => {
    await api('POST', '/themes', { name: 'suporte' });
    await api('POST', '/intents', { name: 'pedir_ajuda', theme: 'suporte', phrases: [{ text: 'preciso de ajuda' }] });
    await api('POST', '/intents', { name: 'confirmar', phrases: [{ text: 'sim' }] });
    await api('POST', '/skills', { name: 'oferecer', texts: ['Posso ajudar?'] });
    await api('POST', '/dialogues', { name: 'ajuda', theme: 'suporte', intents: ['pedir_ajuda'], skill: 'oferecer' });
    await api('POST', '/dialogues', { name: 'ajuda_sim', theme: 'suporte', intents: ['confirmar'], skill: 'oferecer', followUpOf: 'ajuda' });
    const tree = await api('GET', '/dialogues/tree');
    expect(tree.status).toBe(200);
    const suporte = (tree.body?.['themes'] as Array<{ theme: string; dialogues: unknown[] }>).find((group) => group.theme === 'suporte');
    expect(suporte?.dialogues).toEqual([
      { name: 'ajuda', theme: 'suporte', intents: ['pedir_ajuda'], skill: 'oferecer', followUps: [{ name: 'ajuda_sim', theme: 'suporte', intents: ['confirmar'], skill: 'oferecer', followUps: [] }] },
    ]);
    expect(tree.body?.['cycles']).toEqual([]);
  });
});

describe('the admin API documents itself', () => {
  it('serves its own OpenAPI document; the bot API keeps its own', async () => {
    const admin = (await test.app.inject({ method: 'GET', url: '/api/admin/openapi.json' })).json() as { info: { title: string }; paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown>; requestBody?: unknown }>> };
    expect(admin.info.title).toBe('Helper Assistant admin API');
    const base = '/api/admin/servers/{server}/assistants/{language}';
    for (const list of ['themes', 'intents', 'contexts', 'skills', 'dialogues']) {
      expect(Object.keys(admin.paths[`${base}/${list}`] ?? {}).sort()).toEqual(['get', 'post']);
      expect(Object.keys(admin.paths[`${base}/${list}/{name}`] ?? {}).sort()).toEqual(['delete', 'get', 'patch', 'put']);
      expect(admin.paths[`${base}/${list}`]?.['post']?.requestBody).toBeDefined();
    }
    for (const path of [`${base}/skills/preview`, `${base}/dialogues/tree`, `${base}/media`, '/api/admin/servers']) expect(admin.paths[path]).toBeDefined();
    for (const [path, operations] of Object.entries(admin.paths)) {
      expect(path.startsWith('/api/admin/')).toBe(true);
      for (const operation of Object.values(operations)) {
        expect(operation.summary).toBeTruthy();
        expect({ path, errors: operation.responses?.['4XX'] !== undefined }).toEqual({ path, errors: true });
      }
    }
    // The response schemas drop nothing: the Integrações values come out whole.
    const assistant = await test.platform.store.assistants.get('acme', 'pt');
    if (!assistant) throw new Error('no assistant');
    const integrations = await api('GET', '/integrations');
    expect(integrations.body).toEqual(
      integrationValues({
        base: configuredBase(test.platform.config),
        assistant,
        content: await test.platform.store.content.load(assistant.id),
        apiToken: await test.platform.apiAccess.token(assistant),
        facebook: await facebookStatus(test.platform, assistant),
        socketIo: await socketIoStatus(test.platform, assistant),
        whatsapp: await whatsAppStatus(test.platform, assistant),
        telegram: await telegramStatus(test.platform, assistant),
        callbackUrl: await callbackUrlState(test.platform, assistant),
      }),
    );
    const bot = (await test.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { info: { title: string }; paths: Record<string, unknown> };
    expect(bot.info.title).toBe('Helper Assistant bot API');
    expect(bot.paths['/webhooks/rest/webhook']).toBeDefined();
    expect(Object.keys(bot.paths).filter((path) => path.startsWith('/api/admin'))).toEqual([]);
  });
});

describe('a help-desk assistant built through the admin API only', () => {
  it('trains and converses through the REST channel, using a synonym, a follow-up and a preset', async () => {
    const build = async (method: Method, path: string, body: unknown) => {
      const response = await api(method, path, body, 'en');
      expect({ path, status: response.status, error: response.body?.error }).toEqual({ path, status: 201, error: undefined });
    };
    await build('POST', '/themes', { name: 'suporte', description: 'Service desk' });
    await build('POST', '/contexts', {
      name: 'equipamento',
      type: 'text',
      values: [
        { value: 'impressora', synonyms: ['printer', 'multifuncional'] },
        { value: 'computador', synonyms: ['notebook', 'pc'] },
      ],
    });
    const linked = (text: string, word: string, value: string) => ({ text, entities: [{ start: text.indexOf(word), end: text.indexOf(word) + word.length, entity: 'equipamento', value }] });
    await build('POST', '/intents', {
      name: 'saudar',
      theme: 'suporte',
      phrases: ['oi', 'olá', 'bom dia', 'boa tarde', 'oi, tudo bem?', 'olá, preciso falar com alguém'].map((text) => ({ text })),
    });
    await build('POST', '/intents', {
      name: 'problema_equipamento',
      theme: 'suporte',
      phrases: [
        linked('a impressora parou', 'impressora', 'impressora'),
        linked('meu computador não liga', 'computador', 'computador'),
        linked('o pc travou', 'pc', 'computador'),
        linked('a impressora não imprime', 'impressora', 'impressora'),
        linked('meu computador está muito lento', 'computador', 'computador'),
        linked('a multifuncional está com defeito', 'multifuncional', 'impressora'),
      ],
    });
    await build('POST', '/intents', {
      name: 'confirmar',
      theme: 'suporte',
      phrases: ['sim', 'sim, por favor', 'pode abrir', 'claro', 'isso mesmo', 'pode ser'].map((text) => ({ text })),
    });
    await build('POST', '/intents', {
      name: 'pedir_sugestao',
      phrases: ['o que você sugere', 'me dá uma sugestão', 'qual sua sugestão', 'alguma dica para mim', 'sugira algo', 'o que você recomenda'].map((text) => ({ text })),
    });
    await build('POST', '/skills', { name: 'nao_entendi', fallback: true, texts: ['Não entendi. Pode repetir?'] });
    await build('POST', '/skills', {
      name: 'cumprimentar',
      theme: 'suporte',
      texts: ['Olá! Está com problema em algum equipamento?'],
      buttons: [
        { title: 'Impressora', payload: 'a impressora parou' },
        { title: 'Computador', payload: 'meu computador não liga' },
      ],
    });
    await build('POST', '/skills', { name: 'orientar', theme: 'suporte', texts: ['Vamos ver: {equipamento}. Abro um chamado?'] });
    await build('POST', '/skills', { name: 'abrir_chamado', theme: 'suporte', texts: ['Chamado aberto para: {equipamento}.'] });
    await build('POST', '/dialogues', { name: 'saudacao', theme: 'suporte', intents: ['saudar'], skill: 'cumprimentar' });
    await build('POST', '/dialogues', { name: 'problema', theme: 'suporte', intents: ['problema_equipamento'], skill: 'orientar' });
    await build('POST', '/dialogues', { name: 'confirmacao', theme: 'suporte', intents: ['confirmar'], skill: 'abrir_chamado', followUpOf: 'problema' });
    // The preset: answering a request for a suggestion is as if the printer problem had just been told.
    await build('POST', '/skills', {
      name: 'sugerir',
      texts: ['Sugiro verificar a impressora. Abro um chamado?'],
      preset: { context: { name: 'equipamento', value: 'Printer' }, dialogue: 'problema' },
    });
    expect((await api('GET', '/skills/sugerir', undefined, 'en')).body).toMatchObject({ preset: { context: { name: 'equipamento', value: 'impressora' }, dialogue: 'problema' } });
    await build('POST', '/dialogues', { name: 'sugestao', intents: ['pedir_sugestao'], skill: 'sugerir' });

    const assistant = await test.platform.store.assistants.get('acme', 'en');
    if (!assistant) throw new Error('no assistant');
    await test.platform.trainer.train(assistant);

    const say = async (sender: string, message: string) => {
      const response = await test.app.inject({
        method: 'POST',
        url: '/webhooks/rest/webhook',
        headers: { host: 'acmeen.helperassistant.example' },
        payload: { sender, message },
      });
      expect(response.statusCode).toBe(200);
      return response.json() as Array<Record<string, unknown>>;
    };
    expect(await say('maria', 'oi')).toEqual([
      {
        recipient_id: 'maria',
        text: 'Olá! Está com problema em algum equipamento?',
        buttons: [
          { title: 'Impressora', payload: 'a impressora parou' },
          { title: 'Computador', payload: 'meu computador não liga' },
        ],
      },
    ]);
    // "notebook" is a synonym: the context takes the value "computador".
    expect(await say('maria', 'meu notebook não liga')).toEqual([{ recipient_id: 'maria', text: 'Vamos ver: computador. Abro um chamado?' }]);
    // Right after "problema", "sim" is its follow-up.
    expect(await say('maria', 'sim')).toEqual([{ recipient_id: 'maria', text: 'Chamado aberto para: computador.' }]);
    // Out of that context the follow-up does not apply.
    expect(await say('maria', 'sim')).toEqual([{ recipient_id: 'maria', text: 'Não entendi. Pode repetir?' }]);

    // The preset sets the context and lets the follow-up of "problema" apply next.
    expect(await say('joao', 'o que você sugere?')).toEqual([{ recipient_id: 'joao', text: 'Sugiro verificar a impressora. Abro um chamado?' }]);
    expect(await say('joao', 'sim, por favor')).toEqual([{ recipient_id: 'joao', text: 'Chamado aberto para: impressora.' }]);
    const events = await test.platform.store.conversations.events(assistant.id, 'joao');
    const slot = events.map((entry) => entry.event).find((event) => event.event === 'slot' && event['name'] === 'equipamento');
    expect(slot).toMatchObject({ value: 'impressora' });
  });
});

describe('roles', () => {
  // TODO(console users): once a viewer can sign in (branch console-users), also send these
  // requests over HTTP with a viewer's session and expect the same answers.
  it('lets a viewer read and preview but not change content (the access rule of every content route)', async () => {
    const app = Fastify();
    const routes: Array<{ method: string; url: string; config: Record<string, unknown> }> = [];
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, config: (route.config ?? {}) as Record<string, unknown> });
    });
    await registerAdminApi(app, test.platform);
    await app.ready();
    const content = routes.filter((route) => /\/assistants\/:language\/(themes|intents|contexts|skills|dialogues|media)/.test(route.url) && route.method !== 'HEAD');
    expect(content.length).toBeGreaterThanOrEqual(33);
    const viewer = { kind: 'user', userId: 1, login: 'vera', serverName: 'acme', role: 'viewer' } as const;
    const administrator = { ...viewer, role: 'administrator' } as const;
    for (const route of content) {
      const request = { method: route.method, routeOptions: { config: route.config }, params: { server: 'acme', language: 'pt' } } as unknown as Parameters<typeof authorise>[1];
      const reads = route.method === 'GET' || route.url.endsWith('/skills/preview');
      let status = 200;
      try {
        authorise(viewer, request);
      } catch (error: unknown) {
        status = (error as { statusCode: number }).statusCode;
      }
      expect({ route: `${route.method} ${route.url}`, status }).toEqual({ route: `${route.method} ${route.url}`, status: reads ? 200 : 403 });
      expect(() => authorise(administrator, request)).not.toThrow();
      const otherServer = { ...request, params: { server: 'other', language: 'pt' } } as typeof request;
      expect(() => authorise(administrator, otherServer)).toThrow(/does not exist/);
    }
    await app.close();
  });
});

describe('content admin API on PostgreSQL', () => {
  it('edits, renames with cascades and deletes in one transaction; names with "/" travel URL-encoded', async () => {
    const pg = await startTestPlatform({ demo: false, postgres: true, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
    try {
      await pg.platform.store.servers.create({ name: 'acme' });
      const assistant = await pg.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
      const call = async (method: Method, path: string, payload?: unknown) => {
        const response = await pg.app.inject({
          method,
          url: `/api/admin/servers/acme/assistants/pt${path}`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        });
        return { status: response.statusCode, body: response.json() as Record<string, unknown> };
      };
      expect((await call('POST', '/intents', { name: 'faq/horario', phrases: [{ text: 'que horas abre' }] })).status).toBe(201);
      expect((await call('POST', '/skills', { name: 'responder horário', texts: ['Das 8h às 18h.'] })).status).toBe(201);
      expect((await call('POST', '/dialogues', { name: 'horário', intents: ['faq/horario'], skill: 'responder horário' })).status).toBe(201);
      expect((await call('GET', `/intents/${encodeURIComponent('faq/horario')}`)).body).toMatchObject({ name: 'faq/horario', usedBy: [{ list: 'dialogues', name: 'horário' }] });
      expect((await call('PATCH', `/skills/${encodeURIComponent('responder horário')}`, { name: 'horario' })).status).toBe(200);
      expect((await call('PUT', `/intents/${encodeURIComponent('faq/horario')}`, { name: 'faq/abertura', phrases: [{ text: 'que horas abre' }, { text: 'quando abre' }] })).status).toBe(200);
      expect(await pg.platform.store.content.load(assistant.id)).toMatchObject({
        intents: [{ name: 'faq/abertura', phrases: [{ text: 'que horas abre' }, { text: 'quando abre' }] }],
        skills: [{ name: 'horario' }],
        dialogues: [{ name: 'horário', intents: ['faq/abertura'], skill: 'horario' }],
      });
      expect((await call('DELETE', '/skills/horario')).status).toBe(409);
      expect((await call('DELETE', '/skills/horario?force=true')).body).toEqual({
        deleted: [
          { list: 'skills', name: 'horario' },
          { list: 'dialogues', name: 'horário' },
        ],
        changed: [],
      });
      expect((await pg.platform.store.content.load(assistant.id)).dialogues).toEqual([]);
    } finally {
      await pg.close();
    }
  });
});
