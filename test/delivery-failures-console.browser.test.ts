// Integrações' recent delivery failures in Debian's Chromium against a real platform on 127.0.0.1:
// a Messenger answer the stand-in Graph API refuses (400, code 100) and an answer the stand-in
// callback URL refuses (400) are recorded by the outbox for real (and a status WhatsApp reported
// failed, as its webhook records it), and the Facebook Messenger, WhatsApp and API Rest panels list them (when, status, the reason, the user, the attempts), newest
// first, to an administrator and to a viewer alike; the reason in the console's language (here
// Portuguese) from its code, Meta's own message quoted as Meta wrote it, and a record older than the
// codes in the English recorded, marked as English; a channel with none says so; a list that could
// not be read says so and reads again on "Atualizar"; once the Page access token or the callback URL
// is removed the lists stay (a send given up for want of the token among them), while a channel
// with neither a token nor a failure has none. Screenshots in test-results/screenshots/.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { signMetaBody } from '../src/channels/core/meta-signature.js';
import { setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { setUpWhatsApp } from '../src/channels/whatsapp/whatsapp-settings.js';
import type { AssistantRecord } from '../src/store/store.js';
import { browserTestsEnabled } from './helpers/chromium.js';
import { nextFrame, openConsole, type ConsoleBrowser } from './helpers/console-browser.js';
import { startFakeGraphApi, type FakeGraphApi } from './helpers/fake-graph-api.js';
import { screenshotBothWidths } from './helpers/screenshots.js';
import type { TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };
const VIEWER = { login: 'vera', email: 'vera@demo.example', password: 'senha-da-vera-123', firstName: 'Vera' };
const APP_SECRET = 'facebook-app-secret-for-tests';
const PAGE_TOKEN = 'EAAG-page-token-for-tests';
const PAGE_ID = '1000001';
const PSID = '7100000000000001';

describe.skipIf(!browserTestsEnabled)("Integrações' recent delivery failures in Chromium", () => {
  let session: ConsoleBrowser;
  let test: TestPlatform;
  let graph: FakeGraphApi;
  let receiver: Server;
  let page: Page;
  let base: string;
  let pageProblems: string[];
  let demo: AssistantRecord;
  let apiToken: string;
  const signIn = (user: { login: string; password: string }) => session.signIn(user);

  /** What the deliveries API holds for a channel, for waiting until the outbox has recorded. */
  const failures = (channel: string) => test.platform.store.channels.deliveries(demo.id, channel, { statuses: ['failed', 'refused', 'blocked'] });

  async function waitForRecord(channel: string, count: number): Promise<void> {
    await expect.poll(async () => (await failures(channel)).length, { timeout: 20_000 }).toBe(count);
  }

  /** A message from a Messenger user, signed with the app secret as Meta does. */
  async function messengerMessage(sender: string, text: string): Promise<void> {
    const raw = JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: sender }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: `m_${Date.now()}`, text } }] }] });
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/facebook/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(APP_SECRET, raw) }, payload: raw });
    expect(response.statusCode).toBe(200);
  }

  /** The section of a panel, found by its heading. */
  const section = (title: string) => page.getByRole('region', { name: title });
  /** The rows of a section's table, each as its cells' text. */
  const rows = async (title: string) => Promise.all((await section(title).locator('tbody tr').all()).map(async (row) => (await row.locator('td').allTextContents()).map((text) => text.trim())));

  beforeAll(async () => {
    graph = await startFakeGraphApi({ [PAGE_TOKEN]: { id: PAGE_ID, name: 'Helper Demonstração' } });
    // The callback URL's stand-in refuses every answer.
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(400).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    session = await openConsole(ADMIN, {
      demo: true,
      viewer: VIEWER,
      env: {
        HELPER_GRAPH_API_URL: graph.url,
        // The callback URL's stand-in is on 127.0.0.1: the SSRF guard refuses it unless allowed.
        HELPER_OUTBOUND_ALLOW: '127.0.0.1',
        HELPER_CHANNEL_RETRY_DELAY_MS: '5',
      },
    });
    ({ test, page, base, pageProblems } = session);
    demo = await test.platform.defaultAssistant();
    await setFacebookSecrets(test.platform, demo, { appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bot-messages?key=s3cret`;
    await test.platform.store.secrets.set(demo.id, CALLBACK_URL_SECRET, test.platform.secrets.encrypt(url, { assistantId: demo.id, name: CALLBACK_URL_SECRET }));
    apiToken = await test.platform.apiAccess.rotate(demo);
    await signIn(ADMIN);
  });

  afterAll(async () => {
    await session?.close();
    await graph?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("says there is none before a Messenger send fails, then lists the Graph API's refusal on Atualizar", async () => {
    await page.getByRole('link', { name: /Facebook Messenger/ }).click();
    await page.waitForURL(`${base}/console/integracoes/facebook-messenger`);
    const failuresSection = section('Falhas de entrega recentes');
    await expect.poll(() => failuresSection.textContent()).toContain('Nenhuma falha de entrega recente');
    expect(await failuresSection.locator('table').count()).toBe(0);

    // Meta refuses the answer's message (a permanent error: given up after one call).
    graph.failures.push({ status: 400, error: { message: '(#100) No matching user found', type: 'OAuthException', code: 100, error_subcode: 2018001 }, when: (call) => call.body?.['message'] !== undefined });
    await messengerMessage(PSID, 'oi');
    await waitForRecord('facebook', 1);
    await failuresSection.getByRole('button', { name: 'Atualizar' }).click();
    await expect.poll(() => rows('Falhas de entrega recentes')).toEqual([[expect.stringMatching(/\d/), 'Falhou', 'Erro da Meta: HTTP 400 · código 100/2018001 (#100) No matching user found', PSID, '1']]);
    // The sentence is the console's; only Meta's own words are marked as English.
    expect(await failuresSection.locator('td.delivery-reason [lang="en"]').allTextContents()).toEqual(['(#100) No matching user found']);
    // A table with its headers, named by the section's heading.
    expect(await failuresSection.getByRole('table', { name: 'Falhas de entrega recentes' }).locator('th[scope="col"]').allTextContents()).toEqual(['Quando', 'Situação', 'Motivo', 'Usuário', 'Tentativas']);
    expect(await failuresSection.textContent()).not.toContain('Nenhuma falha de entrega recente');
    await screenshotBothWidths(page, 'integrations-delivery-failures-facebook');
  });

  it("lists the callback URL's refusal under API Rest, newest first, without the URL", async () => {
    const trigger = async (sender: string) => {
      const response = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/trigger_intent?token=${apiToken}&output_channel=callback`, payload: { name: 'sobre_voce' } });
      expect(response.statusCode).toBe(200);
    };
    await trigger('cb-primeiro');
    await waitForRecord('callback', 1);
    await trigger('cb-segundo');
    await waitForRecord('callback', 2);
    await page.getByRole('link', { name: /API Rest/ }).click();
    await page.waitForURL(`${base}/console/integracoes/api-rest`);
    const title = 'Falhas de entrega à URL de callback';
    await expect.poll(() => rows(title)).toEqual([
      [expect.stringMatching(/\d/), 'Falhou', 'Respondeu HTTP 400', 'cb-segundo', '1'],
      [expect.stringMatching(/\d/), 'Falhou', 'Respondeu HTTP 400', 'cb-primeiro', '1'],
    ]);
    expect(await section(title).locator('td.delivery-reason [lang="en"]').count()).toBe(0);
    expect(await section(title).textContent()).not.toMatch(/s3cret|bot-messages|127\.0\.0\.1/);
    await screenshotBothWidths(page, 'integrations-delivery-failures-callback');
  });

  it("lists a message WhatsApp reported failed (its status notification's errors) under WhatsApp", async () => {
    // As the WhatsApp webhook records a `failed` status (src/channels/whatsapp/inbound.ts): Meta's errors, no HTTP status.
    await test.platform.store.channels.recordDelivery({
      assistantId: demo.id,
      channel: 'whatsapp',
      recipient: '5511999990000',
      messageId: 'wamid.failed-1',
      status: 'failed',
      detail: { errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Unable to deliver message' } }] },
      occurredAt: Date.now() / 1000,
    });
    await test.platform.store.channels.recordDelivery({ assistantId: demo.id, channel: 'whatsapp', recipient: '5511999990000', messageId: 'wamid.read-1', status: 'read', detail: null, occurredAt: Date.now() / 1000 });
    await setUpWhatsApp(test.platform, demo, { appSecret: 'whatsapp-app-secret-for-tests', accessToken: 'EAAW-access-token-for-tests', phoneNumberId: '106540352242922' });
    await page.goto(`${base}/console/integracoes/whatsapp`);
    // Only the failure, not the platform's receipts.
    await expect.poll(() => rows('Falhas de entrega recentes')).toEqual([[expect.stringMatching(/\d/), 'Falhou', 'código 131026 Message undeliverable', '5511999990000', '—']]);
    // Recorded without a code (as before the codes): Meta's English, marked so.
    expect(await section('Falhas de entrega recentes').locator('td.delivery-reason [lang="en"]').allTextContents()).toEqual(['Message undeliverable']);
  });

  it('says when the list could not be read, and reads it again on Atualizar', async () => {
    await page.getByRole('link', { name: /Facebook Messenger/ }).click();
    await page.waitForURL(`${base}/console/integracoes/facebook-messenger`);
    const failuresSection = section('Falhas de entrega recentes');
    await expect.poll(() => rows('Falhas de entrega recentes')).toHaveLength(1);
    // The next read of the list meets a server that fails (the platform itself answers no 500 on demand).
    await page.route(/\/integrations\/facebook\/deliveries/, (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'boom' } }) }), { times: 1 });
    await failuresSection.getByRole('button', { name: 'Atualizar' }).click();
    await expect.poll(() => failuresSection.getByRole('alert').count()).toBe(1);
    expect(await failuresSection.getByRole('alert').textContent()).not.toContain('boom');
    await failuresSection.getByRole('button', { name: 'Atualizar' }).click();
    await expect.poll(() => failuresSection.getByRole('alert').count()).toBe(0);
    expect(await rows('Falhas de entrega recentes')).toHaveLength(1);
  });

  it('shows a viewer the same lists, read-only', async () => {
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.waitForURL(`${base}/console/entrar`);
    await signIn(VIEWER);
    await page.getByRole('link', { name: /Facebook Messenger/ }).click();
    await expect.poll(() => rows('Falhas de entrega recentes')).toEqual([[expect.stringMatching(/\d/), 'Falhou', 'Erro da Meta: HTTP 400 · código 100/2018001 (#100) No matching user found', PSID, '1']]);
    await page.getByRole('link', { name: /API Rest/ }).click();
    await expect.poll(async () => (await rows('Falhas de entrega à URL de callback')).map((row) => row[3])).toEqual(['cb-segundo', 'cb-primeiro']);
    expect(pageProblems).toEqual([]);
  });

  it("keeps listing a channel's failures once its token or URL is removed (the sends given up for want of it), without a secret to a viewer", async () => {
    // The Page access token is removed: the next answer is given up at once, for want of it.
    await setFacebookSecrets(test.platform, demo, { pageAccessToken: '' });
    await messengerMessage(PSID, 'oi de novo');
    // Each item of the answer is given up (its turn stored them together): wait until none is left.
    await expect.poll(async () => (await failures('facebook')).length > 1 && (await test.platform.store.outbox.pending('facebook', demo.id, PSID)).length === 0, { timeout: 20_000 }).toBe(true);
    const givenUp = (await failures('facebook')).length - 1;
    await test.platform.store.secrets.delete(demo.id, CALLBACK_URL_SECRET);
    const noSecret = async () => {
      const html = await page.content();
      for (const secret of [PAGE_TOKEN, APP_SECRET, apiToken, 's3cret', 'bot-messages']) expect(html).not.toContain(secret);
    };
    // The viewer signed in by the test before.
    await page.goto(`${base}/console/integracoes/facebook-messenger`);
    await expect.poll(() => rows('Falhas de entrega recentes')).toEqual([
      ...Array.from({ length: givenUp }, () => [expect.stringMatching(/\d/), 'Falhou', 'Nenhum token de acesso definido: a resposta não foi enviada', PSID, '—']),
      [expect.stringMatching(/\d/), 'Falhou', 'Erro da Meta: HTTP 400 · código 100/2018001 (#100) No matching user found', PSID, '1'],
    ]);
    expect(await page.getByTestId('facebook-delivery-failures').count()).toBe(1);
    await noSecret();
    await page.getByRole('link', { name: /API Rest/ }).click();
    await page.waitForURL(`${base}/console/integracoes/api-rest`);
    await expect.poll(async () => (await rows('Falhas de entrega à URL de callback')).map((row) => row[3])).toEqual(['cb-segundo', 'cb-primeiro']);
    await noSecret();
    // Telegram has no bot token and no failure: no section at all, once its list has been read.
    const read = page.waitForResponse(/\/integrations\/telegram\/deliveries/);
    await page.getByRole('link', { name: /Telegram/ }).click();
    await page.waitForURL(`${base}/console/integracoes/telegram`);
    expect((await read).status()).toBe(200);
    await expect.poll(() => page.getByTestId('telegram-callback-url').count()).toBe(1);
    await nextFrame(page);
    expect(await page.getByTestId('telegram-delivery-failures').count()).toBe(0);
    expect(await page.getByText('Nenhuma falha de entrega recente').count()).toBe(0);

    // An administrator sees the same under the panel whose token is gone.
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.waitForURL(`${base}/console/entrar`);
    await signIn(ADMIN);
    await page.getByRole('link', { name: /Facebook Messenger/ }).click();
    await expect.poll(async () => (await rows('Falhas de entrega recentes')).map((row) => row[2])).toEqual([...Array<string>(givenUp).fill('Nenhum token de acesso definido: a resposta não foi enviada'), 'Erro da Meta: HTTP 400 · código 100/2018001 (#100) No matching user found']);
    await screenshotBothWidths(page, 'integrations-delivery-failures-token-removed');
    expect(pageProblems).toEqual([]);
  });
});
