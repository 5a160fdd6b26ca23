import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for a local install', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 5005,
      dataDir: './data',
      defaultAssistant: { server: 'demo', language: 'pt' },
      loadDemo: true,
      sessionExpirationSeconds: 3600,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
  });

  it('reads the public URL into scheme, domain and port', () => {
    expect(loadConfig({}).publicUrl).toEqual({ scheme: 'http', domain: 'localhost', port: '5005' });
    expect(loadConfig({ HELPER_PUBLIC_URL: 'https://HelperAssistant.example' }).publicUrl).toEqual({ scheme: 'https', domain: 'helperassistant.example', port: '' });
    expect(() => loadConfig({ HELPER_PUBLIC_URL: 'https://x.example/path' })).toThrow(/HELPER_PUBLIC_URL/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', HELPER_PORT: '' }).port).toBe(5005);
  });

  it('names every wrong variable', () => {
    try {
      loadConfig({ HELPER_PORT: 'abc', DATABASE_URL: 'mysql://x', HELPER_DEFAULT_ASSISTANT: 'Demo' });
      expect.unreachable();
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('HELPER_PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('HELPER_DEFAULT_ASSISTANT');
    }
  });

  it('reads the first administrator, console sessions and sign-in throttling, refusing what cannot work', () => {
    const defaults = loadConfig({});
    expect(defaults.firstAdministrator).toEqual({});
    expect(defaults.consoleSession).toEqual({ idleSeconds: 1800, maxSeconds: 43_200 });
    expect(defaults.signInThrottle).toEqual({ perLogin: 5, perAddress: 20, windowSeconds: 900 });
    expect(loadConfig({ HELPER_ADMIN_EMAIL: 'Ana.Souza@acme.example', HELPER_ADMIN_PASSWORD: 'long-enough-1' }).firstAdministrator).toEqual({
      login: 'ana.souza',
      email: 'Ana.Souza@acme.example',
      password: 'long-enough-1',
    });
    expect(loadConfig({ HELPER_ADMIN_EMAIL: 'ana+ops@acme.example', HELPER_ADMIN_LOGIN: 'Ana' }).firstAdministrator).toEqual({ login: 'ana', email: 'ana+ops@acme.example' });
    expect(() => loadConfig({ HELPER_ADMIN_EMAIL: 'ana+ops@acme.example' })).toThrow(/HELPER_ADMIN_LOGIN/);
    expect(() => loadConfig({ HELPER_ADMIN_PASSWORD: 'short' })).toThrow(/HELPER_ADMIN_PASSWORD: must have at least 10/);
    expect(() => loadConfig({ HELPER_ADMIN_EMAIL: 'not-an-email' })).toThrow(/HELPER_ADMIN_EMAIL/);
    expect(() => loadConfig({ HELPER_SIGN_IN_MAX_FAILURES: '0' })).toThrow(/HELPER_SIGN_IN_MAX_FAILURES/);
  });

  it('reads the SMTP server of training e-mails, off by default, and refuses other URLs without echoing them', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({ HELPER_PUBLIC_URL: 'https://helperassistant.example' }).mailFrom).toBe('Helper Assistant <helper@helperassistant.example>');
    const config = loadConfig({ HELPER_SMTP_URL: 'smtps://ana:s3cret@mail.example:465', HELPER_MAIL_FROM: 'ti@acme.example' });
    expect(config).toMatchObject({ smtpUrl: 'smtps://ana:s3cret@mail.example:465', mailFrom: 'ti@acme.example' });
    expect(() => loadConfig({ HELPER_SMTP_URL: 'http://ana:s3cret@mail.example' })).toThrow(/HELPER_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    try {
      loadConfig({ HELPER_SMTP_URL: 'mail.example:25:s3cret' });
    } catch (error: unknown) {
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('reads the optional semantic provider, off by default, with its model required and its key kept out of errors', () => {
    expect(loadConfig({}).embeddings).toBeUndefined();
    const config = loadConfig({
      HELPER_EMBEDDINGS_URL: 'http://127.0.0.1:11434/v1/embeddings',
      HELPER_EMBEDDINGS_MODEL: 'nomic-embed-text',
      HELPER_EMBEDDINGS_API_KEY: 'sk-s3cret',
    });
    expect(config.embeddings).toEqual({ url: 'http://127.0.0.1:11434/v1/embeddings', model: 'nomic-embed-text', apiKey: 'sk-s3cret', timeoutMs: 300 });
    expect(() => loadConfig({ HELPER_EMBEDDINGS_URL: 'http://127.0.0.1:11434/v1/embeddings' })).toThrow(/HELPER_EMBEDDINGS_MODEL: must be set/);
    expect(() => loadConfig({ HELPER_EMBEDDINGS_URL: 'ftp://x.example/v1/embeddings', HELPER_EMBEDDINGS_MODEL: 'm' })).toThrow(/HELPER_EMBEDDINGS_URL/);
    expect(() => loadConfig({ HELPER_EMBEDDINGS_TIMEOUT_MS: '5', HELPER_EMBEDDINGS_MODEL: 'm' })).toThrow(/HELPER_EMBEDDINGS_TIMEOUT_MS/);
    try {
      loadConfig({ HELPER_EMBEDDINGS_URL: 'not a url', HELPER_EMBEDDINGS_MODEL: 'm', HELPER_EMBEDDINGS_API_KEY: 'sk-s3cret' });
      expect.unreachable();
    } catch (error: unknown) {
      expect((error as Error).message).not.toContain('sk-s3cret');
    }
  });
});
