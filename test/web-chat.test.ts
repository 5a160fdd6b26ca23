// The web chat's pieces around the socket.io channel: the widget bundle (its size), /widget.js,
// the /chat demo page, the snippet in the Integrações values, and the JWT key through the admin API
// and the CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-web-chat-tests-0123';
let test: TestPlatform;
let buildDir: string;

beforeAll(async () => {
  buildDir = await mkdtemp(join(tmpdir(), 'helper-widget-'));
  test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_PUBLIC_URL: 'https://helperassistant.example' } });
});
afterAll(async () => {
  await test?.close();
  await rm(buildDir, { recursive: true, force: true });
});

describe('the widget bundle', () => {
  it('builds into one script of at most 30 kB gzipped, with no framework and no debug logging', async () => {
    const outfile = join(buildDir, 'widget.js');
    const { stdout } = await promisify(execFile)(process.execPath, ['widget/build.mjs', outfile]);
    expect(stdout).toMatch(/kB gzipped/);
    const bundle = await readFile(outfile);
    expect(gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(30 * 1024);
    const text = bundle.toString('utf8');
    expect(text).not.toMatch(/\brequire\(|\bimport\s*\(/);
    expect(text).toContain('attachShadow');
  });
});

describe('GET /widget.js and GET /chat', () => {
  it('serves the built widget as JavaScript, cacheable, with an ETag', async () => {
    await promisify(execFile)(process.execPath, ['widget/build.mjs']);
    const response = await test.app.inject({ method: 'GET', url: '/widget.js', headers: { host: 'demopt.helperassistant.example' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const etag = response.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await test.app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
  });

  it("shows the host assistant's demo page with the snippet to paste, and 404 on a disabled assistant's host", async () => {
    const page = await test.app.inject({ method: 'GET', url: '/chat', headers: { host: 'demopt.helperassistant.example' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('&lt;script src=&quot;https://demoPT.helperassistant.example/widget.js&quot; data-lang=&quot;pt-BR&quot;');
    // The page adds the widget itself (open only on a wide screen), with its language and title, the title escaped for a script.
    expect(page.body).toContain("tag.src = '/widget.js';");
    expect(page.body).toContain(`tag.setAttribute('data-lang', "pt-BR");`);
    expect(page.body).toContain(`tag.setAttribute('data-title', "Helper (demonstração)");`);
    await test.platform.store.servers.create({ name: 'off' });
    const off = await test.platform.store.assistants.create({ serverName: 'off', language: 'en' });
    await test.platform.store.assistants.update(off.id, { enabled: false });
    test.platform.hosts.invalidate();
    const disabled = await test.app.inject({ method: 'GET', url: '/chat', headers: { host: 'offen.helperassistant.example' } });
    expect(disabled.statusCode).toBe(404);
  });
});

describe('web chat in the Integrações values and its JWT key', () => {
  const admin = (method: 'GET' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    test.app.inject({ method, url: `/api/admin${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload ? { payload } : {}) });

  it('gives apiRest.webChat {scriptUrl, snippet, demoPageUrl, jwtKey}', async () => {
    const values = (await admin('GET', '/servers/demo/assistants/pt/integrations')).json() as { apiRest: { webChat: Record<string, string> } };
    expect(values.apiRest.webChat).toEqual({
      scriptUrl: 'https://demoPT.helperassistant.example/widget.js',
      snippet: '<script src="https://demoPT.helperassistant.example/widget.js" data-lang="pt-BR" data-title="Helper (demonstração)" async></script>',
      demoPageUrl: 'https://demoPT.helperassistant.example/chat',
      jwtKey: 'not set',
    });
  });

  it('sets and removes the JWT key through the admin API (write-only), naming a bad field', async () => {
    const set = await admin('PUT', '/servers/demo/assistants/pt/integrations/socketio', { jwtKey: 'the-site-signing-key' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ jwtKey: 'set' });
    expect(set.body).not.toContain('the-site-signing-key');
    const values = (await admin('GET', '/servers/demo/assistants/pt/integrations')).json() as { apiRest: { webChat: Record<string, string> } };
    expect(values.apiRest.webChat['jwtKey']).toBe('set');
    expect(JSON.stringify(values)).not.toContain('the-site-signing-key');
    const bad = await admin('PUT', '/servers/demo/assistants/pt/integrations/socketio', { jwtKey: 12 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { message: expect.stringMatching(/jwtKey/) } });
    expect((await admin('PUT', '/servers/demo/assistants/pt/integrations/socketio', { jwtKey: '' })).json()).toEqual({ jwtKey: 'not set' });
  });

  it('sets the JWT key with `helper integrations set socketio --jwt-key` and prints the snippet', async () => {
    const env = { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent', HELPER_PUBLIC_URL: 'https://helperassistant.example' };
    const helper = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    expect((await helper('integrations', 'set', 'socketio', '--jwt-key', 'cli-key')).out).toBe('Web chat (socket.io): JWT key set');
    const text = (await helper('integrations')).out;
    expect(text).toContain('Paste on the site: <script src="https://demoPT.helperassistant.example/widget.js" data-lang="pt-BR"');
    expect(text).toContain('Demo page: https://demoPT.helperassistant.example/chat');
    expect(text).toContain('JWT key: set');
    expect(text).not.toContain('cli-key');
    expect((await helper('integrations', 'set', 'socketio')).code).toBe(1);
    expect((await helper('integrations', 'set', 'socketio', '--jwt-key', '')).out).toBe('Web chat (socket.io): JWT key not set');
  });
});
