// A real platform on 127.0.0.1 with an EMPTY assistant (acme/pt, no demo) and its first
// administrator, and Debian's Chromium on its console: the start of the browser tests that build
// an assistant through the console only. Script errors and CSP reports of the page are collected.
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { ensureFirstAdministrator } from '../../src/admin-api/users/first-administrator.js';
import { launchChromium } from './chromium.js';
import { DESKTOP } from './screenshots.js';
import { startTestPlatform, type TestPlatform } from './test-platform.js';

export interface ConsoleBrowser {
  test: TestPlatform;
  browser: Browser;
  page: Page;
  /** http://127.0.0.1:port */
  base: string;
  /** Uncaught errors and Content Security Policy reports of the page. */
  pageProblems: string[];
  /** The acme/pt assistant's content as stored. */
  content(): ReturnType<TestPlatform['platform']['store']['content']['load']>;
  close(): Promise<void>;
}

export async function openConsoleOnEmptyAssistant(
  admin: { login: string; email: string; password: string },
  options: { acceptDownloads?: boolean; env?: Record<string, string> } = {},
): Promise<ConsoleBrowser> {
  const test = await startTestPlatform({
    demo: false,
    env: {
      HELPER_DEFAULT_ASSISTANT: 'acme/pt',
      HELPER_PUBLIC_URL: 'http://helperassistant.example',
      HELPER_ADMIN_LOGIN: admin.login,
      HELPER_ADMIN_EMAIL: admin.email,
      HELPER_ADMIN_PASSWORD: admin.password,
      ...options.env,
    },
  });
  await test.platform.store.servers.create({ name: 'acme' });
  await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
  await ensureFirstAdministrator(test.platform, () => undefined);
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', acceptDownloads: options.acceptDownloads ?? false });
  const page = await context.newPage();
  const pageProblems: string[] = [];
  page.on('pageerror', (error) => pageProblems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Uncaught/.test(message.text())) pageProblems.push(message.text());
  });
  return {
    test,
    browser,
    page,
    base,
    pageProblems,
    async content() {
      const assistant = await test.platform.store.assistants.get('acme', 'pt');
      if (!assistant) throw new Error('no assistant');
      return test.platform.store.content.load(assistant.id);
    },
    async close() {
      await browser.close();
      await test.close();
    },
  };
}

/**
 * The page's questions (the unsaved-changes guard's `confirm`, `beforeunload`), each answered as the
 * next `answer(accept)` says, and every one kept in `questions` in order.
 */
export function pageQuestions(page: Page): { questions: string[]; answer(accept: boolean): void } {
  const questions: string[] = [];
  return {
    questions,
    answer(accept: boolean): void {
      page.once('dialog', (dialog) => {
        questions.push(dialog.message());
        void (accept ? dialog.accept() : dialog.dismiss());
      });
    },
  };
}
