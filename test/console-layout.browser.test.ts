// The console's layout and the names of its repeated row actions, in Debian's Chromium against a
// real platform (the demo assistant): at 1280 px the action columns of the tables fit (Habilidades'
// Remover, Analytics' Ver and Download, apart), at 390 px the Analytics list labels each value as
// the other tables do and Treinamentos does not scroll sideways; each row's Remover, Ver and
// Download names its item for a screen reader, in pt-BR and in Spanish.
// Pictures: test-results/screenshots/layout-*.
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { localDate } from '../src/analytics/local-days.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { signInOnPage } from './helpers/console-browser.js';
import { DESKTOP, PHONE, screenshotBothWidths } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };

describe.skipIf(!browserTestsEnabled)('console layout and row action names in Chromium', () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;
  let today: string;

  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_ADMIN_LOGIN: ADMIN.login, HELPER_ADMIN_EMAIL: ADMIN.email, HELPER_ADMIN_PASSWORD: ADMIN.password } });
    await ensureFirstAdministrator(test.platform, () => undefined);
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    today = localDate(Date.now() / 1000, 'America/Sao_Paulo');
    for (const [sender, message] of [['u1', 'oi'], ['u2', 'xyzzy plugh qwerty']] as const) {
      const response = await fetch(`${base}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender, message }) });
      expect(response.status).toBe(200);
    }
    await test.platform.analytics.projector.catchUp();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    page = await context.newPage();
    await signInOnPage(page, base, ADMIN);
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  /** How far the table's card scrolls sideways (0: everything shows), and its rows' action cells that end past the card's right edge. */
  async function overflow(): Promise<{ scroll: number; cut: string[] }> {
    return page.locator('main .table-card').first().evaluate((card) => {
      const right = card.getBoundingClientRect().right;
      const cut = [...card.querySelectorAll('td.table-actions > *')].filter((action) => action.getBoundingClientRect().right > right + 0.5).map((action) => action.textContent ?? '');
      return { scroll: card.scrollWidth - card.clientWidth, cut };
    });
  }

  async function openConversations(): Promise<void> {
    await page.goto(`${base}/console/analytics/conversas?from=${today}&to=${today}`);
    await expect.poll(() => page.getByTestId('conversation-row').count(), { timeout: 20_000 }).toBe(2);
  }

  it('Habilidades at 1280 px: the action column fits, Remover whole', async () => {
    await page.goto(`${base}/console/habilidades`);
    await page.getByTestId('skills-row').first().waitFor();
    expect(await overflow()).toEqual({ scroll: 0, cut: [] });
  });

  it('Analytics list at 1280 px: Ver and Download fit, with space between them', async () => {
    await openConversations();
    expect(await overflow()).toEqual({ scroll: 0, cut: [] });
    const gaps = await page.getByTestId('conversation-row').evaluateAll((rows) =>
      rows.map((row) => {
        const [view, download] = [...row.querySelectorAll('td.table-actions a')].map((link) => link.getBoundingClientRect());
        if (!view || !download) return -1;
        // Side by side, or the second under the first.
        return download.top >= view.bottom ? 99 : download.left - view.right;
      }),
    );
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(8);
  });

  it('names each row action after its item: Remover cumprimentar, Ver conversa de u1, Download da conversa de u1', async () => {
    await page.goto(`${base}/console/intents`);
    await page.getByTestId('intents-row').first().waitFor();
    const rows = await page.getByTestId('intents-row').count();
    await expect(page.getByRole('button', { name: 'Remover cumprimentar', exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Remover', exact: true }).count()).resolves.toBe(0);
    const names = await page.getByTestId('intents-row').evaluateAll((list) => list.map((row) => row.getAttribute('data-name')));
    for (const name of names) await expect(page.getByRole('button', { name: `Remover ${name}`, exact: true }).count()).resolves.toBe(1);
    expect(names.length).toBe(rows);

    await openConversations();
    const row = page.getByTestId('conversation-row').filter({ hasText: 'u1' });
    await expect(row.getByRole('link', { name: 'Ver conversa de u1', exact: true }).count()).resolves.toBe(1);
    await expect(row.getByRole('link', { name: 'Download da conversa de u1', exact: true }).count()).resolves.toBe(1);
  });

  it("a new intent's counter says 0 frases (pt-BR says zero in the plural), and its notice says criada", async () => {
    await page.goto(`${base}/console/intents`);
    await page.getByRole('button', { name: 'Nova intent' }).click();
    await expect.poll(() => page.getByTestId('phrase-count').textContent()).toBe('0 frases');
    // Intent is feminine in the console ("Nova intent"): the notice agrees.
    const form = page.getByRole('form', { name: 'Nova intent' });
    await form.getByRole('textbox', { name: 'Nome' }).fill('vpn_nao_conecta');
    await form.getByRole('textbox', { name: 'Frase 1', exact: true }).fill('a vpn não conecta');
    await form.getByRole('button', { name: 'Nova intent' }).click();
    await expect.poll(() => page.locator('main').getByText('“vpn_nao_conecta” criada.').count()).toBe(1);
  });

  it('Analytics list at 390 px: every value of a row is labelled, as in the other tables', async () => {
    await openConversations();
    await page.setViewportSize(PHONE);
    try {
      const labels = await page
        .getByTestId('conversation-row')
        .first()
        .evaluate((row) => [...row.querySelectorAll('td:not(.table-actions)')].slice(0, 6).map((cell) => cell.ownerDocument.defaultView?.getComputedStyle(cell, '::before').content));
      expect(labels).toEqual(['"Data e hora"', '"Versão"', '"Canal"', '"Identificação do usuário"', '"Mensagens"', '"Fallbacks"']);
      await screenshotBothWidths(page, 'layout-01-analytics-conversations');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('Treinamentos at 390 px: nothing is wider than the screen', async () => {
    await page.goto(`${base}/console/treinamentos`);
    await page.getByTestId('draft-state').waitFor();
    await page.setViewportSize(PHONE);
    try {
      await expect.poll(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      await screenshotBothWidths(page, 'layout-02-trainings');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    await page.goto(`${base}/console/habilidades`);
    await page.getByTestId('skills-row').first().waitFor();
    await screenshotBothWidths(page, 'layout-03-skills');
  });

  it('in Spanish, Temas names each Eliminar after its theme', async () => {
    await page.evaluate("localStorage.setItem('helper.console.locale', 'es')");
    try {
      await page.goto(`${base}/console/temas`);
      await page.getByTestId('themes-row').first().waitFor();
      const names = await page.getByTestId('themes-row').evaluateAll((list) => list.map((row) => row.getAttribute('data-name')));
      expect(names.length).toBeGreaterThan(1);
      await expect(page.getByRole('button', { name: 'Eliminar', exact: true }).count()).resolves.toBe(0);
      for (const name of names) await expect(page.getByRole('button', { name: `Eliminar ${name}`, exact: true }).count()).resolves.toBe(1);
    } finally {
      await page.evaluate("localStorage.removeItem('helper.console.locale')");
    }
  });
});
