// A real platform on 127.0.0.1 with its first administrator, and Debian's Chromium on its console:
// the start of the console's browser tests. Either an EMPTY assistant (acme/pt, no demo: the tests
// that build an assistant through the console only) or the demo assistants (demo/pt the default).
// Script errors and CSP reports of the page are collected.
import type { AddressInfo } from 'node:net';
import type { Browser, Page, Route } from 'playwright-core';
import { hashPassword } from '../../src/admin-api/auth/password-hashing.js';
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
  /** The console's assistant's content as stored (acme/pt, or demo/pt with the demo). */
  content(): ReturnType<TestPlatform['platform']['store']['content']['load']>;
  /** Signs in on the page's sign-in screen, as `user`, and waits for the landing page (Integrações). */
  signIn(user: { login: string; password: string }): Promise<void>;
  close(): Promise<void>;
}

export interface ConsoleBrowserOptions {
  /** The demo assistants as startTestPlatform loads them (true: all, as a first start; 'pt': only the Portuguese one), demo/pt the default, instead of an empty acme/pt (false, the default). */
  demo?: boolean | 'pt';
  /** A viewer of the console's server, created beside the administrator. */
  viewer?: { login: string; email: string; password: string; firstName: string };
  acceptDownloads?: boolean;
  env?: Record<string, string>;
}

/** The console on an EMPTY assistant, acme/pt (no demo): for the tests that build one through the console only. */
export async function openConsoleOnEmptyAssistant(
  admin: { login: string; email: string; password: string },
  options: Omit<ConsoleBrowserOptions, 'demo'> = {},
): Promise<ConsoleBrowser> {
  return openConsole(admin, options);
}

export async function openConsole(admin: { login: string; email: string; password: string }, options: ConsoleBrowserOptions = {}): Promise<ConsoleBrowser> {
  const demo = options.demo ?? false;
  const serverName = demo === false ? 'acme' : 'demo';
  const test = await startTestPlatform({
    demo,
    env: {
      ...(demo === false ? { HELPER_DEFAULT_ASSISTANT: 'acme/pt' } : {}),
      HELPER_PUBLIC_URL: 'http://helperassistant.example',
      HELPER_ADMIN_LOGIN: admin.login,
      HELPER_ADMIN_EMAIL: admin.email,
      HELPER_ADMIN_PASSWORD: admin.password,
      ...options.env,
    },
  });
  if (demo === false) {
    await test.platform.store.servers.create({ name: 'acme' });
    await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
  }
  await ensureFirstAdministrator(test.platform, () => undefined);
  const { viewer } = options;
  if (viewer) {
    const passwordHash = await hashPassword(viewer.password);
    await test.platform.store.users.create({ serverName, login: viewer.login, email: viewer.email, firstName: viewer.firstName, lastName: '', passwordHash, role: 'viewer' });
  }
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
      const assistant = await test.platform.store.assistants.get(serverName, 'pt');
      if (!assistant) throw new Error('no assistant');
      return test.platform.store.content.load(assistant.id);
    },
    signIn: (user) => signInOnPage(page, base, user),
    async close() {
      await browser.close();
      await test.close();
    },
  };
}

/**
 * Signs in on the console's sign-in page at `base` (http://127.0.0.1:port) as `user`, and waits for
 * the landing page (Integrações): for a test that starts its platform or its pages itself.
 */
export async function signInOnPage(page: Page, base: string, user: { login: string; password: string }): Promise<void> {
  await page.goto(`${base}/console/entrar`);
  await page.getByLabel('Login').fill(user.login);
  await page.getByLabel('Senha').fill(user.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(`${base}/console/integracoes`);
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

/** The page's requests held before they reach the server (holdRequests). */
export interface HeldRequests {
  /** Resolves once the first matching request is held. */
  held: Promise<void>;
  /** Lets the held requests go on, and every later one straight through. */
  release(): void;
  /** Stops looking at the page's requests. */
  stop(): Promise<void>;
}

/**
 * Holds the page's requests whose URL `matches` until the test releases them, so that an answer
 * arrives when the test says — after a switch, a click, a notice — instead of whenever the machine
 * gets to it: the way to make a race in the page happen every time. With `onlyFirst`, the later
 * requests go straight through.
 */
export async function holdRequests(page: Page, matches: (url: URL) => boolean, options: { onlyFirst?: boolean } = {}): Promise<HeldRequests> {
  let holding: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (holding = resolve));
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  const handler = async (route: Route): Promise<void> => {
    if (first || !options.onlyFirst) {
      first = false;
      holding();
      await released;
    }
    await route.continue();
  };
  await page.route(matches, handler);
  return { held, release, stop: () => page.unroute(matches, handler) };
}

/** Waits for the page's next frame: what a settled promise set in React state is drawn by then. */
export async function nextFrame(page: Page): Promise<void> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
}
