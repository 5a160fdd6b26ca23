// How the platform serves the console: under /console/ on the console and default hosts, never on
// an assistant's host; hashed assets cached for a year, the page never; routes of the app fall back
// to its page; browsers asking for / go to the console while Rasa clients still get the greeting.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONSOLE_DIR, registerConsoleSite } from '../src/server/console-site.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const consoleHost = { host: 'demo.helperassistant.example' };
const assistantHost = { host: 'demopt.helperassistant.example' };

describe('the console site', () => {
  let test: TestPlatform;
  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_PUBLIC_URL: 'http://helperassistant.example' } });
  });
  afterAll(async () => test?.close());

  it('serves the app on the default host and on the console host, never cached', async () => {
    for (const headers of [{}, consoleHost]) {
      const page = await test.app.inject({ method: 'GET', url: '/console/', headers });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body).toContain('<div id="root"></div>');
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it("falls back to the app's page for its routes, but not for missing files", async () => {
    const route = await test.app.inject({ method: 'GET', url: '/console/integracoes/4biz', headers: consoleHost });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('<div id="root"></div>');
    expect((await test.app.inject({ method: 'GET', url: '/console/assets/missing-123.js' })).statusCode).toBe(404);
    expect((await test.app.inject({ method: 'GET', url: '/console/favicon.ico' })).statusCode).toBe(404);
    const bare = await test.app.inject({ method: 'GET', url: '/console' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/console/');
  });

  it('caches hashed assets for a year', async () => {
    const script = (await readdir(join(DEFAULT_CONSOLE_DIR, 'assets'))).find((name) => name.endsWith('.js'));
    expect(script).toBeDefined();
    const asset = await test.app.inject({ method: 'GET', url: `/console/assets/${script}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it("is not served on an assistant's host", async () => {
    const page = await test.app.inject({ method: 'GET', url: '/console/', headers: assistantHost });
    expect(page.statusCode).toBe(404);
    const root = await test.app.inject({ method: 'GET', url: '/', headers: { ...assistantHost, accept: HTML } });
    expect(root.body).toBe('Hello from Rasa: 3.6.21');
  });

  it('sends browsers from / to the console and keeps the greeting for Rasa clients', async () => {
    for (const headers of [{}, consoleHost]) {
      const browser = await test.app.inject({ method: 'GET', url: '/', headers: { ...headers, accept: HTML } });
      expect(browser.statusCode).toBe(302);
      expect(browser.headers.location).toBe('/console/');
      const client = await test.app.inject({ method: 'GET', url: '/', headers: { ...headers, accept: '*/*' } });
      expect(client.statusCode).toBe(200);
      expect(client.body).toBe('Hello from Rasa: 3.6.21');
    }
  });
});

describe('the console site before the console is built', () => {
  it('answers a 503 page that says to build it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'helper-console-'));
    const app = Fastify();
    const hosts = { route: async () => ({ kind: 'default' as const }) };
    try {
      await registerConsoleSite(app, { hosts, consoleDir: empty });
      for (const url of ['/console/', '/console/usuarios']) {
        const page = await app.inject({ method: 'GET', url });
        expect(page.statusCode).toBe(503);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.body).toContain('npm run build');
      }
    } finally {
      await app.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
