// Issue 15's "Done when", in Debian's Chromium against a real platform (the demo assistant):
// conversations are made through the web chat widget and the REST channel; the administrator
// filters them in Analytics, opens a transcript (intents and percentages, the skill of each
// answer), follows it live, adds a missed phrase to an intent from the transcript, retrains, and
// sees the fallback ranking change; the spreadsheet export opens with ExcelJS and holds the same
// rows. Pages are photographed at desktop and phone widths (test-results/screenshots/analytics-*).
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { localDate } from '../src/analytics/local-days.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { holdRequests, signInOnPage } from './helpers/console-browser.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };
const MISSED = 'xyzzy plugh qwerty';

describe.skipIf(!browserTestsEnabled)('Analytics in Chromium', () => {
  let test: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let today: string;
  const pageProblems: string[] = [];

  async function rest(sender: string, message: string): Promise<void> {
    const response = await fetch(`${base}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender, message }) });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_ADMIN_LOGIN: ADMIN.login, HELPER_ADMIN_EMAIL: ADMIN.email, HELPER_ADMIN_PASSWORD: ADMIN.password } });
    await ensureFirstAdministrator(test.platform, () => undefined);
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    today = localDate(Date.now() / 1000, 'America/Sao_Paulo');
    browser = await launchChromium();
    // Reduced motion: the charts are drawn at once, so the pictures show them whole.
    context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', acceptDownloads: true, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('records conversations from the web chat widget and the REST channel', async () => {
    const chat = await context.newPage();
    await chat.goto(`${base}/chat`);
    const input = chat.getByRole('textbox', { name: 'Sua mensagem' });
    for (const text of ['oi', 'quero avaliar o atendimento']) {
      const before = await chat.locator('#helper-assistant-widget li.bot').count();
      await input.fill(text);
      await input.press('Enter');
      await chat.locator('#helper-assistant-widget li.bot').nth(before).waitFor();
    }
    await chat.close();
    await rest('cliente-rest', 'oi');
    await rest('cliente-rest', MISSED);
    // The background projector follows within a second or two; on a loaded machine, make sure
    // (a projection that fails would throw here, naming why).
    await test.platform.analytics.projector.catchUp();
  });

  it('lists and filters the conversations of the day', async () => {
    await signInOnPage(page, base, ADMIN);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.waitForURL(`${base}/console/analytics/conversas`);
    await page.getByLabel('De', { exact: true }).fill(today);
    await page.getByLabel('Até', { exact: true }).fill(today);
    // The analytics follow the chat within a second or two.
    await expect.poll(async () => {
      await page.getByRole('button', { name: 'Filtrar' }).click();
      return page.getByTestId('conversation-count').textContent();
    }, { timeout: 20_000, interval: 1_000 }).toBe('2 conversas');
    const rows = page.getByTestId('conversation-row');
    expect(await rows.count()).toBe(2);
    expect((await rows.allTextContents()).join(' ')).toContain('socketio');
    await screenshotBothWidths(page, 'analytics-01-conversations');

    await page.getByLabel('Canal', { exact: true }).fill('socketio');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.waitForURL(/channel=socketio/);
    await expect.poll(async () => (await rows.allTextContents()).map((text) => text.includes('socketio'))).toEqual([true]);
    await page.getByLabel('Canal', { exact: true }).fill('');
    await page.getByLabel('Só com fallback').check();
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.waitForURL(/fallbackOnly=true/);
    await expect.poll(async () => (await rows.allTextContents()).map((text) => text.includes('cliente-rest'))).toEqual([true]);
    expect(await page.getByTestId('conversation-count').textContent()).toBe('1 conversa');
  });

  it('opens the transcript: intents with their confidence in percent, the skill under each answer, and follows it live', async () => {
    await page.getByTestId('conversation-row').first().getByRole('link', { name: /^Ver conversa de / }).click();
    await page.getByTestId('transcript').waitFor();
    const understood = page.getByTestId('transcript-user').getByTestId('understood');
    await expect.poll(() => understood.count()).toBe(2);
    // Polled: the transcript follows the projection, which may still be catching up under load.
    await expect.poll(() => understood.nth(0).textContent()).toMatch(/^cumprimentar · \d+(,\d)?\u00a0% · /);
    await expect.poll(() => understood.nth(1).textContent()).toMatch(/^não entendida \(fallback\) · mais próxima: [a-z_]+ · \d+(,\d)?\u00a0% · /);
    expect(await page.getByTestId('skill').first().textContent()).toMatch(/^Habilidade: \w+/);
    await screenshotBothWidths(page, 'analytics-02-transcript');

    // Following opens the event stream (the server subscribes before it answers the request) and reads
    // what is new once: talk only after both answered, else the message could come before the
    // subscription (never announced) or while that read is in flight.
    const streaming = page.waitForResponse((response) => /\/analytics\/conversations\/\d+\/live$/.test(new URL(response.url()).pathname) && response.status() === 200);
    const caughtUp = page.waitForResponse((response) => /\/analytics\/conversations\/\d+$/.test(new URL(response.url()).pathname) && new URL(response.url()).searchParams.has('after'));
    await page.getByTestId('follow').click();
    await expect.poll(() => page.getByTestId('follow').getAttribute('aria-pressed')).toBe('true');
    await Promise.all([streaming, caughtUp.then((response) => response.finished())]);
    await rest('cliente-rest', 'tchau');
    await expect.poll(() => page.getByTestId('transcript-user').count(), { timeout: 10_000 }).toBe(3);
    expect(await page.getByTestId('transcript-user').nth(2).textContent()).toContain('tchau');
  });

  it('follows again while a message arrives: the catch-up read and the live ones queue up, each message is shown once', async () => {
    const follow = page.getByTestId('follow');
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('false');
    const userTexts = () => page.getByTestId('transcript-user').locator('.bubble-text').allTextContents();
    const timesShown = async (text: string) => (await userTexts()).filter((shown) => shown === text).length;
    const before = await userTexts();
    // The page counts the live notices it gets and the reads of what is new it starts, both in the
    // same turn as its own handlers (page-side code as text: no DOM library here).
    await page.evaluate(`(() => {
      window.liveUpdates = 0;
      window.newerReads = 0;
      const NativeEventSource = window.EventSource;
      window.EventSource = class extends NativeEventSource {
        constructor(url, init) {
          super(url, init);
          this.addEventListener('update', () => (window.liveUpdates += 1));
        }
      };
      const nativeFetch = window.fetch.bind(window);
      window.fetch = (input, init) => {
        if (/[?]after=/.test(String(input))) window.newerReads += 1;
        return nativeFetch(input, init);
      };
    })()`);
    const counted = async (name: 'liveUpdates' | 'newerReads') => Number(await page.evaluate(`window.${name}`));

    // Atualizar's catch-up read (the first ?after=) is held until the message has been announced.
    const newerRead = await holdRequests(page, (url) => /\/analytics\/conversations\/\d+$/.test(url.pathname) && /^\?after=\d+$/.test(url.search), { onlyFirst: true });
    const streaming = page.waitForResponse((response) => /\/analytics\/conversations\/\d+\/live$/.test(new URL(response.url()).pathname) && response.status() === 200);
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    await Promise.all([newerRead.held, streaming]);

    await rest('cliente-rest', 'bom dia');
    await expect.poll(() => counted('liveUpdates'), { timeout: 10_000 }).toBeGreaterThan(0);
    // Had the notice started a read beside the held one (same `after`), it is let through: let its
    // answer show first. Queued behind the held read, nothing shows yet.
    if ((await counted('newerReads')) > 1) await expect.poll(() => timesShown('bom dia')).toBe(1);
    const shownBeforeRelease = await timesShown('bom dia');
    newerRead.release();
    // The held read's answer has the message: once it is in, the message is there exactly once.
    await expect.poll(() => timesShown('bom dia'), { timeout: 10_000 }).toBeGreaterThan(shownBeforeRelease);
    expect(await userTexts()).toEqual([...before, 'bom dia']);
    await newerRead.stop();

    // What the page shows is what a fresh read of the whole conversation shows.
    const rowTexts = () => page.getByTestId('transcript').locator('.chat-row').allTextContents();
    const shown = await rowTexts();
    await page.reload();
    await expect.poll(() => userTexts()).toEqual([...before, 'bom dia']);
    expect(await rowTexts()).toEqual(shown);
  });

  it('follows a message sent before the event stream listened: the page reads what is new when the stream is ready', async () => {
    const follow = page.getByTestId('follow');
    const userTexts = () => page.getByTestId('transcript-user').locator('.bubble-text').allTextContents();
    const before = await userTexts();
    // The event stream is held (before it reaches the server) while Atualizar's catch-up read is answered.
    const liveStream = /\/analytics\/conversations\/\d+\/live$/;
    const stream = await holdRequests(page, (url) => liveStream.test(url.pathname));
    const caughtUp = page.waitForResponse((response) => /\/analytics\/conversations\/\d+$/.test(new URL(response.url()).pathname) && new URL(response.url()).searchParams.has('after'));
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    await Promise.all([stream.held, caughtUp.then((response) => response.finished())]);

    // The message's notices go out while nothing listens for the page. They are gathered for a
    // moment before they are sent: a marker notice told after the turn's writes goes out with them or
    // after them, so once it is heard here, the message's have gone too.
    const assistant = await test.platform.defaultAssistant();
    let heard: () => void = () => undefined;
    const isHeard = new Promise<void>((resolve) => (heard = resolve));
    const stop = test.platform.analytics.updates.subscribe(assistant.id, 'marcador-do-teste', () => heard());
    await rest('cliente-rest', 'boa tarde');
    test.platform.analytics.updates.notify(assistant.id, 'marcador-do-teste');
    await isHeard;
    stop();
    const streaming = page.waitForResponse((response) => liveStream.test(new URL(response.url()).pathname) && response.status() === 200);
    stream.release();
    await streaming;
    await expect.poll(() => userTexts(), { timeout: 10_000 }).toEqual([...before, 'boa tarde']);
    await stream.stop();
  });

  let rateBefore = '';

  it('adds the missed phrase to an intent from the transcript; the intent then needs a training', async () => {
    const missed = page.getByTestId('transcript-user').filter({ hasText: MISSED });
    await missed.getByTestId('add-to-other').click();
    await missed.getByTestId('other-intent').fill('cumprimentar');
    await missed.getByRole('button', { name: 'Adicionar', exact: true }).click();
    await expect.poll(() => missed.getByTestId('review-badge').textContent()).toBe('Frase adicionada a cumprimentar');
    await expect.poll(() => page.getByTestId('pending-training').textContent()).toContain('cumprimentar (1 frase)');
    await screenshotBothWidths(page, 'analytics-03-curation-in-transcript');

    await page.goto(`${base}/console/analytics/rankings?from=${today}&to=${today}`);
    await page.getByTestId('ranking-fallbacks').getByTestId('legend-entry').first().waitFor();
    rateBefore = (await page.getByTestId('fallback-rate-last-day').textContent()) ?? '';
    expect(rateBefore).toMatch(/: \d+(,\d)?\u00a0%$/);
    // The NLU's fallback reads in words in the intents ranking, never by its internal name.
    const intentNames = page.getByTestId('ranking-intents').locator('.legend-name');
    await expect.poll(() => intentNames.allTextContents()).toContain('não entendida (fallback)');
    expect(await page.locator('main').textContent()).not.toContain('nlu_fallback');
  });

  it('retrains, and the same phrase is understood: the fallback ranking changes', async () => {
    await page.getByRole('link', { name: 'Treinamentos' }).click();
    // The phrase the curation added makes the content a draft: the badge says what changed.
    await expect.poll(() => page.getByTestId('draft-state').getAttribute('data-state')).toBe('draft');
    expect(await page.getByTestId('draft-change').allTextContents()).toEqual(['Intent “cumprimentar” — alterado(a)']);
    // The demo's first training is already listed, succeeded: wait for the new one (another id at
    // the top of the history), not for the first row to say "succeeded".
    const newest = page.locator('[data-testid="training-row"]').first();
    const firstId = await newest.locator('td').first().textContent();
    await page.getByRole('button', { name: 'Treinar agora' }).click();
    await expect
      .poll(async () => ((await newest.locator('td').first().textContent()) === firstId ? 'not listed yet' : newest.getAttribute('data-status')), { timeout: 90_000, interval: 500 })
      .toBe('succeeded');
    // Every app process picks the new model up within its refresh time.
    await expect.poll(async () => (await test.platform.engine.parse((await test.platform.defaultAssistant()).id, MISSED))?.intent.name, { timeout: 10_000 }).toBe('cumprimentar');
    await rest('cliente-rest', MISSED);

    await page.goto(`${base}/console/analytics/rankings?from=${today}&to=${today}`);
    await expect.poll(async () => {
      await page.reload();
      await page.getByTestId('fallback-rate-last-day').waitFor();
      return page.getByTestId('fallback-rate-last-day').textContent();
    }, { timeout: 20_000, interval: 1_000 }).not.toBe(rateBefore);
    const percent = (text: string | null) => Number((/(\d+(?:,\d)?)\u00a0%$/.exec(text ?? '')?.[1] ?? 'NaN').replace(',', '.'));
    expect(percent(await page.getByTestId('fallback-rate-last-day').textContent())).toBeLessThan(percent(rateBefore));
    expect(await page.getByTestId('kpi-conversations').textContent()).toContain('2');
    await screenshotBothWidths(page, 'analytics-04-rankings');

    // A response's name opens the dialogue that answers with its skill; a fallback's, the curation inbox.
    const { dialogues } = await test.platform.store.content.load((await test.platform.defaultAssistant()).id);
    const greeting = dialogues.find((dialogue) => dialogue.intents.includes('cumprimentar') && !dialogue.followUpOf);
    if (!greeting) throw new Error('the demo has no dialogue for cumprimentar');
    const withSkill = dialogues.filter((dialogue) => dialogue.skill === greeting.skill);
    await page.getByTestId('ranking-responses').getByRole('button', { name: greeting.skill, exact: true }).click();
    await page.waitForURL(/\/console\/dialogos\?/);
    expect(new URL(page.url()).searchParams.get('editar')).toBe((withSkill.find((dialogue) => !dialogue.followUpOf) ?? withSkill[0])?.name);
    await page.goto(`${base}/console/analytics/rankings?from=${today}&to=${today}`);
    await page.getByTestId('ranking-fallbacks').locator('.legend-name').first().click();
    await page.waitForURL(/\/console\/analytics\/curadoria$/);
    await page.goto(`${base}/console/analytics/rankings?from=${today}&to=${today}`);

    // The magnifier of an intent opens the conversations with it, in the same period.
    await page.getByTestId('ranking-intents').getByTestId('legend-entry').filter({ hasText: 'cumprimentar' }).getByTestId('magnifier').click();
    await page.waitForURL(/\/console\/analytics\/conversas\?/);
    expect(page.url()).toContain(`from=${today}`);
    expect(page.url()).toContain('intent=cumprimentar');
    await expect.poll(() => page.getByTestId('conversation-count').textContent()).toBe('2 conversas');
  });

  it('exports the list as .xlsx, which ExcelJS opens, holding one row per message of the conversations listed', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-list-xlsx').click();
    const file = await (await download).path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
    const rows = workbook.worksheets[0]!.getSheetValues().slice(2).map((row) => (row as unknown[]).slice(1));
    const assistant = await test.platform.defaultAssistant();
    const expected: Array<[string, string, string]> = [];
    // Columns: conversation, time, version, channel, user_id, from, text…
    for (const sender of [...new Set(rows.map((row) => String(row[4])))]) {
      for (const { event } of await test.platform.store.conversations.events(assistant.id, sender)) {
        if (event.event === 'user' || event.event === 'bot') expected.push([sender, event.event, String(event['text'] ?? '')]);
      }
    }
    expect(rows.map((row) => [String(row[4]), String(row[5]), String(row[6] ?? '')])).toEqual(expected);
    expect(rows.map((row) => row[6])).toContain(MISSED);
  });

  it('shows the curation inbox and the privacy page', async () => {
    await page.goto(`${base}/console/analytics/curadoria`);
    await page.getByTestId('to-review').waitFor();
    await expect.poll(() => page.getByTestId('to-review').textContent()).toMatch(/para revisar$/);
    await screenshotBothWidths(page, 'analytics-05-curation');
    await page.goto(`${base}/console/analytics/privacidade`);
    await page.getByTestId('audit').waitFor();
    await expect.poll(() => page.getByTestId('audit').textContent()).toContain('Adicionou uma frase pela curadoria');
    await screenshotBothWidths(page, 'analytics-06-privacy');
    expect(pageProblems).toEqual([]);
  });
});
