// Addresses that work (issue 16, item 7) in Debian's Chromium: without HELPER_PUBLIC_URL the
// Integrações panels show the address the console was opened at, say how to make it permanent,
// and the demo page they link to answers; opened at an IP address they warn that host names need
// DNS; with a HELPER_PUBLIC_URL that does not answer from the browser, a red notice says so.
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };
const ADMIN_ENV = { HELPER_ADMIN_LOGIN: ADMIN.login, HELPER_ADMIN_EMAIL: ADMIN.email, HELPER_ADMIN_PASSWORD: ADMIN.password };

describe.skipIf(!browserTestsEnabled)('public addresses in the console (Chromium)', () => {
  let plain: TestPlatform;
  let configured: TestPlatform;
  let browser: Browser;
  let plainPort: number;
  let configuredPort: number;
  const pageProblems: string[] = [];

  async function start(env: Record<string, string>): Promise<[TestPlatform, number]> {
    const test = await startTestPlatform({ env: { ...ADMIN_ENV, ...env } });
    await ensureFirstAdministrator(test.platform, () => undefined);
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    return [test, (test.app.server.address() as AddressInfo).port];
  }

  async function openApiRest(origin: string): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    // Only this machine: Chromium sends *.localhost to the loopback itself.
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === '127.0.0.1' || host === 'localhost' || host.endsWith('.localhost') ? route.continue() : route.abort('namenotresolved');
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Uncaught/.test(message.text())) pageProblems.push(message.text());
    });
    await page.goto(`${origin}/console/entrar`);
    await page.getByLabel('Login').fill(ADMIN.login);
    await page.getByLabel('Senha').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('link', { name: 'Integrações' }).click();
    await page.getByRole('link', { name: /API Rest/ }).click();
    return page;
  }

  beforeAll(async () => {
    [plain, plainPort] = await start({});
    [configured, configuredPort] = await start({ HELPER_PUBLIC_URL: 'http://helper-nowhere.invalid:9' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await plain?.close();
    await configured?.close();
  });

  it('opened at localhost: the addresses follow it, the notice says how to keep them, and the demo page they name answers', async () => {
    const origin = `http://localhost:${plainPort}`;
    const page = await openApiRest(origin);
    await expect.poll(() => page.getByTestId('public-address').textContent()).toBe(
      `Os endereços abaixo usam ${origin}, o endereço em que você abriu este console, porque HELPER_PUBLIC_URL não está definida. Para fixá-los, defina HELPER_PUBLIC_URL=${origin} e reinicie o servidor.`,
    );
    // The panel renders after the notice: wait for its endpoint.
    await expect.poll(() => page.locator('main').textContent()).toContain(`http://demoPT.localhost:${plainPort}/webhooks/rest/webhook`);
    expect(await page.locator('main').textContent()).not.toContain('localhost:5005');
    await screenshotBothWidths(page, 'addresses-01-from-request');

    // The demo page the panel names is served at that address, by the assistant it names.
    const demo = await page.context().newPage();
    await demo.goto(`http://demoPT.localhost:${plainPort}/chat`);
    expect(await demo.locator('#snippet').textContent()).toContain(`src="http://demoPT.localhost:${plainPort}/widget.js"`);
    await page.context().close();
  });

  it('opened at an IP address: a warning that every address reaches the default assistant', async () => {
    const page = await openApiRest(`http://127.0.0.1:${plainPort}`);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'endereço IP' }).count()).toBe(1);
    await expect.poll(() => page.locator('main').textContent()).toContain(`http://127.0.0.1:${plainPort}/webhooks/rest/webhook`);
    await page.context().close();
  });

  it('with a HELPER_PUBLIC_URL that does not answer from the browser: a red notice naming it', async () => {
    const page = await openApiRest(`http://127.0.0.1:${configuredPort}`);
    const notice = page.locator('.notice-error').filter({ has: page.getByTestId('public-address') });
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain('O endereço público configurado não responde deste navegador: http://demoPT.helper-nowhere.invalid:9.');
    await expect.poll(() => page.locator('main').textContent()).toContain('http://demoPT.helper-nowhere.invalid:9/webhooks/rest/webhook');
    await screenshotBothWidths(page, 'addresses-02-unreachable');
    await page.context().close();
    expect(pageProblems).toEqual([]);
  });
});
