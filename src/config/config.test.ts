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

  it("bounds an action server call by 10 s by default, and at most Rasa's 300 s", () => {
    expect(loadConfig({}).actionServers.timeoutMs).toBe(10_000);
    expect(loadConfig({ HELPER_ACTION_TIMEOUT_SECONDS: '300' }).actionServers.timeoutMs).toBe(300_000);
    expect(() => loadConfig({ HELPER_ACTION_TIMEOUT_SECONDS: '301' })).toThrow(/HELPER_ACTION_TIMEOUT_SECONDS/);
  });

  it('refuses a HELPER_SECRET_KEY that is not 32 bytes (hex or base64), as the secret box would', () => {
    expect(() => loadConfig({ HELPER_SECRET_KEY: 'too-short' })).toThrow(ConfigError);
    expect(() => loadConfig({ HELPER_SECRET_KEY: 'too-short' })).toThrow(/HELPER_SECRET_KEY: must be 32 bytes/);
    expect(loadConfig({ HELPER_SECRET_KEY: 'ab'.repeat(32) }).secretKey).toBe('ab'.repeat(32));
    expect(() => loadConfig({ HELPER_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') })).not.toThrow();
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
    expect(defaults.consoleSession).toEqual({ idleSeconds: 1800, maxSeconds: 43_200, streamRecheckSeconds: 15 });
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

  it('refuses a HELPER_EMBEDDINGS_URL holding a user or password, naming the variable without echoing the credential', () => {
    for (const url of ['http://ana:s3cret-pw@127.0.0.1:5481/embed', 'https://ana-login@embed.example/v1/embeddings', 'http://:s3cret-pw@127.0.0.1/embed']) {
      try {
        loadConfig({ HELPER_EMBEDDINGS_URL: url, HELPER_EMBEDDINGS_MODEL: 'm' });
        expect.unreachable();
      } catch (error: unknown) {
        expect(error).toBeInstanceOf(ConfigError);
        const message = (error as Error).message;
        expect(message).toContain('HELPER_EMBEDDINGS_URL: must not hold a user or password');
        expect(message).not.toContain('s3cret-pw');
        expect(message).not.toContain('ana-login');
      }
    }
  });

  it('reads the limits of file imports (a worker thread\'s heap and time), refusing what cannot work', () => {
    expect(loadConfig({}).fileImport).toEqual({ memoryMb: 512, timeLimitSeconds: 20 });
    expect(loadConfig({ HELPER_IMPORT_MEMORY_MB: '1024', HELPER_IMPORT_TIME_LIMIT_SECONDS: '2.5' }).fileImport).toEqual({ memoryMb: 1024, timeLimitSeconds: 2.5 });
    expect(() => loadConfig({ HELPER_IMPORT_MEMORY_MB: '8' })).toThrow(/HELPER_IMPORT_MEMORY_MB/);
    expect(() => loadConfig({ HELPER_IMPORT_TIME_LIMIT_SECONDS: '0' })).toThrow(/HELPER_IMPORT_TIME_LIMIT_SECONDS/);
  });
});

describe('HELPER_CORS_ORIGINS', () => {
  it('is off unless set; "*" or origins separated by commas', () => {
    expect(loadConfig({}).corsOrigins).toBeUndefined();
    expect(loadConfig({ HELPER_CORS_ORIGINS: '' }).corsOrigins).toBeUndefined();
    expect(loadConfig({ HELPER_CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(loadConfig({ HELPER_CORS_ORIGINS: 'https://www.acme.example, http://localhost:3000/' }).corsOrigins).toEqual(['https://www.acme.example', 'http://localhost:3000']);
  });

  it('refuses what is not an origin, naming it', () => {
    expect(() => loadConfig({ HELPER_CORS_ORIGINS: 'https://www.acme.example/chat' })).toThrow(/HELPER_CORS_ORIGINS: "https:\/\/www.acme.example\/chat" is not an origin/);
    expect(() => loadConfig({ HELPER_CORS_ORIGINS: 'www.acme.example' })).toThrow(/HELPER_CORS_ORIGINS: "www.acme.example" is not an origin/);
    expect(() => loadConfig({ HELPER_CORS_ORIGINS: '*, https://a.example' })).toThrow(/HELPER_CORS_ORIGINS: "\*" must be alone/);
    expect(() => loadConfig({ HELPER_CORS_ORIGINS: 'https://a.example,' })).toThrow(/HELPER_CORS_ORIGINS: has an empty entry/);
  });
});

describe('HELPER_TRUST_PROXY', () => {
  it('is off by default and takes the proxies\' addresses and CIDRs', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ HELPER_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ HELPER_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,2001:db8::/32,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      '2001:db8::/32',
      'loopback',
    ]);
    expect(loadConfig({ HELPER_TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('refuses true (every client-written hop believed) and hop counts with the forms that replace them, naming the variable', () => {
    expect(() => loadConfig({ HELPER_TRUST_PROXY: 'true' })).toThrow(/HELPER_TRUST_PROXY: "true" is no longer accepted.*addresses or CIDRs/);
    expect(() => loadConfig({ HELPER_TRUST_PROXY: '1' })).toThrow(/HELPER_TRUST_PROXY: a number of proxies cannot tell/);
    expect(() => loadConfig({ HELPER_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/HELPER_TRUST_PROXY: "10.0.0.0\/33" is not an address or CIDR/);
    expect(() => loadConfig({ HELPER_TRUST_PROXY: 'proxy.internal' })).toThrow(/HELPER_TRUST_PROXY/);
    expect(() => loadConfig({ HELPER_TRUST_PROXY: '10.0.0.1,' })).toThrow(/HELPER_TRUST_PROXY: has an empty entry/);
  });
});

describe('rate limits', () => {
  it('has defaults that leave a shared backend (4biz) unthrottled per address, and reads 0 as no limit', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      windowSeconds: 60,
      perSender: 60,
      senderQueue: 10,
      perConnection: 120,
      connectionsPerAddress: 600,
      perAddress: 1200,
      botApiPerAddress: 0,
    });
    expect(loadConfig({ HELPER_RATE_LIMIT_PER_SENDER: '0', HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS: '600' }).rateLimits).toMatchObject({ perSender: 0, botApiPerAddress: 600 });
  });

  it('names the variable of a wrong limit', () => {
    expect(() => loadConfig({ HELPER_RATE_LIMIT_PER_SENDER: '-1' })).toThrow(/HELPER_RATE_LIMIT_PER_SENDER: must be 0 \(no limit\) or more/);
    expect(() => loadConfig({ HELPER_RATE_LIMIT_PER_ADDRESS: '2.5' })).toThrow(/HELPER_RATE_LIMIT_PER_ADDRESS: must be a whole number/);
    expect(() => loadConfig({ HELPER_RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/HELPER_RATE_LIMIT_WINDOW_SECONDS/);
  });
});
