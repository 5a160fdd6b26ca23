// Issue 16's accessibility check, in Debian's Chromium: axe-core (the engine behind Lighthouse's
// and Deque's checks) runs on every page of the console in pt-BR — the sign-in page, every menu
// entry the navigation shows (so a page added later is checked without touching this file), each
// option of Integrações, each tab of Analytics, the first "Novo …" form of each page that has one,
// a transcript, and the web chat's demo page — and no violation of impact "serious" or "critical"
// may remain. WCAG 2.0/2.1 A and AA rules and axe's best practices.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { DESKTOP } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

describe.skipIf(!browserTestsEnabled)('accessibility of every console page (axe-core)', () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;
  const checked: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_ADMIN_LOGIN: ADMIN.login, HELPER_ADMIN_EMAIL: ADMIN.email, HELPER_ADMIN_PASSWORD: ADMIN.password } });
    await ensureFirstAdministrator(test.platform, () => undefined);
    // Messenger and the callback URL set up, each with a failure recorded: their options show the list of recent delivery failures.
    const demo = await test.platform.defaultAssistant();
    await setFacebookSecrets(test.platform, demo, { appSecret: 'app-secret-for-the-audit', pageAccessToken: 'EAAG-page-token-for-the-audit' });
    await test.platform.store.secrets.set(demo.id, CALLBACK_URL_SECRET, test.platform.secrets.encrypt('https://client.example/bot', { assistantId: demo.id, name: CALLBACK_URL_SECRET }));
    for (const channel of ['facebook', 'callback']) {
      await test.platform.store.channels.recordDelivery({ assistantId: demo.id, channel, recipient: 'user-1', messageId: null, status: 'failed', detail: { status: 400, code: null, subcode: null, reason: 'refused', attempts: 1 }, occurredAt: Date.now() / 1000 });
    }
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    // axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  /** Runs axe on the page as it stands and keeps every serious or critical violation. */
  async function audit(name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await page.evaluate(AXE_SOURCE);
    const violations = (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } }).axe;
      const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
      return result.violations;
    })) as Violation[];
    checked.push(name);
    for (const violation of violations) {
      if (!BLOCKING.has(violation.impact ?? '')) continue;
      const where = violation.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)).join(', ');
      problems.push(`${name}: ${violation.id} (${violation.impact}) — ${violation.help} — ${violation.nodes.length} element(s): ${where}`);
    }
  }

  async function linksIn(selector: string): Promise<Array<{ href: string; name: string }>> {
    return page.locator(selector).evaluateAll((links) => links.map((link) => ({ href: link.getAttribute('href') ?? '', name: (link.textContent ?? '').trim() })));
  }

  async function open(path: string): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.locator('main h1, h1').first().waitFor();
  }

  it('signs in (the sign-in page checked first) and leaves a conversation for the transcript', async () => {
    await page.goto(`${base}/console/entrar`);
    await page.locator('h1').waitFor();
    await audit('sign-in');
    await page.getByLabel('Login').fill(ADMIN.login);
    await page.getByLabel('Senha').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(/\/console\/integracoes$/);
    const response = await fetch(`${base}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender: 'acessibilidade', message: 'quero avaliar o atendimento' }) });
    expect(response.status).toBe(200);
  });

  it('checks every page of the menu, and the first form of each page that opens one', async () => {
    const menu = await linksIn('nav[aria-label="Menu principal"] a');
    expect(menu.length).toBeGreaterThanOrEqual(10);
    for (const entry of menu) {
      await open(entry.href);
      await audit(`menu ${entry.name}`);
      const create = page.locator('main').getByRole('button', { name: /^(Novo|Nova) / }).first();
      if ((await create.count()) > 0 && (await create.isEnabled())) {
        await create.click();
        await page.locator('main form').first().waitFor();
        await audit(`menu ${entry.name}: ${(await create.textContent())?.trim() ?? 'form'}`);
      }
    }
  });

  it('checks each option of Integrações and each tab of Analytics, and a transcript', async () => {
    await open('/console/integracoes');
    for (const option of await linksIn('main a.option-card')) {
      await open(option.href);
      await audit(`Integrações ${option.name}`);
    }
    await open('/console/analytics');
    for (const tab of await linksIn('main nav.tabs a')) {
      await open(tab.href);
      await audit(`Analytics ${tab.name}`);
    }
    await test.platform.analytics.projector.catchUp();
    await open('/console/analytics/conversas');
    const conversation = page.locator('main table a').first();
    await conversation.waitFor();
    await conversation.click();
    await page.getByTestId('transcript').waitFor();
    await audit('Analytics transcript');
  });

  it("checks the web chat's demo page", async () => {
    await page.goto(`${base}/chat`);
    await page.waitForLoadState('networkidle');
    await audit('web chat demo');
  });

  it('found no serious or critical violation', () => {
    expect(checked.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});
