// Changing one's own password in Chromium: the first administrator, signed in with the password
// generated at the first start, is asked on every page to change it, with a link to their own form;
// saving a new password ends the session (the server's rule) and the sign-in page says the password
// was changed, not that the session ended; signed in with the new one, nothing asks any more.
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { DESKTOP } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const NEW_PASSWORD = 'a-senha-nova-da-admin-1';

describe.skipIf(!browserTestsEnabled)('changing the password in Chromium', () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;
  let generated = '';
  const pageProblems: string[] = [];

  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_PUBLIC_URL: 'http://helperassistant.example' } });
    const writes: string[] = [];
    await ensureFirstAdministrator(test.platform, (text) => writes.push(text));
    generated = /password: (\S+)/.exec(writes.join(''))?.[1] ?? '';
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' })).newPage();
    page.on('pageerror', (error) => pageProblems.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  async function signIn(password: string): Promise<void> {
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Senha').fill(password);
    await page.getByRole('button', { name: 'Entrar' }).click();
  }

  it('asks on every page to change the generated password, and links to the form', async () => {
    expect(generated.length).toBeGreaterThanOrEqual(10);
    await page.goto(`${base}/console/entrar`);
    await signIn(generated);
    await page.waitForURL(`${base}/console/integracoes`);
    const notice = page.getByTestId('change-password-notice');
    await expect.poll(() => notice.textContent()).toContain('Troque a senha gerada');
    await page.getByRole('link', { name: 'Treinamentos' }).click();
    await page.locator('main h1').filter({ hasText: 'Treinamentos' }).waitFor();
    expect(await notice.isVisible()).toBe(true);
    await notice.getByRole('link', { name: 'Trocar a senha agora' }).click();
    await page.waitForURL(`${base}/console/usuarios`);
    await page.locator('form.user-form').waitFor();
  });

  it('says the password was changed, not that the session ended, and asks no more', async () => {
    const form = page.locator('form.user-form');
    await form.getByLabel('Senha').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Salvar' }).click();
    await page.waitForURL(`${base}/console/entrar`);
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Senha alterada. Entre com a nova senha.');
    expect(await page.getByText('Sua sessão terminou').count()).toBe(0);

    await signIn(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sair' }).waitFor();
    await page.locator('main h1').waitFor();
    expect(await page.getByTestId('change-password-notice').count()).toBe(0);
    expect((await test.platform.store.users.get('demo', 'admin'))?.passwordGenerated).toBe(false);
    expect(pageProblems).toEqual([]);
  });
});
