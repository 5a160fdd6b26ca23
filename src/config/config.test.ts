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

// The wordings below are those the platform has always printed (zod 4's, which read the variables
// before src/config/env-rules.ts): operators and scripts may know them.
describe('the problems of a wrong variable, word for word', () => {
  function problemsOf(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
    } catch (error: unknown) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it('says what a number breaks', () => {
    expect(problemsOf({ HELPER_PORT: 'abc' })).toEqual(['HELPER_PORT: Invalid input: expected number, received NaN']);
    expect(problemsOf({ HELPER_PORT: 'Infinity' })).toEqual(['HELPER_PORT: Invalid input: expected number, received Infinity']);
    expect(problemsOf({ HELPER_PORT: '1.5' })).toEqual(['HELPER_PORT: Invalid input: expected int, received number']);
    expect(problemsOf({ HELPER_PORT: '70000.5' })).toEqual(['HELPER_PORT: Invalid input: expected int, received number']);
    expect(problemsOf({ HELPER_PORT: '70000' })).toEqual(['HELPER_PORT: Too big: expected number to be <=65535']);
    expect(problemsOf({ HELPER_PORT: '1e20' })).toEqual(['HELPER_PORT: Too big: expected int to be <=9007199254740991', 'HELPER_PORT: Too big: expected number to be <=65535']);
    expect(problemsOf({ HELPER_BODY_LIMIT_BYTES: '1023' })).toEqual(['HELPER_BODY_LIMIT_BYTES: Too small: expected number to be >=1024']);
    expect(problemsOf({ HELPER_SESSION_EXPIRATION_MINUTES: '0' })).toEqual(['HELPER_SESSION_EXPIRATION_MINUTES: Too small: expected number to be >0']);
    expect(problemsOf({ HELPER_CONSOLE_STREAM_RECHECK_SECONDS: '0.05' })).toEqual(['HELPER_CONSOLE_STREAM_RECHECK_SECONDS: Too small: expected number to be >=0.1']);
    expect(problemsOf({ HELPER_RATE_LIMIT_PER_SENDER: '-1.5' })).toEqual(['HELPER_RATE_LIMIT_PER_SENDER: must be a whole number (0: no limit)']);
    expect(problemsOf({ HELPER_RATE_LIMIT_PER_SENDER: '-1e20' })).toEqual(['HELPER_RATE_LIMIT_PER_SENDER: must be a whole number (0: no limit)', 'HELPER_RATE_LIMIT_PER_SENDER: must be 0 (no limit) or more']);
  });

  it('reads numbers as JavaScript does, spaces, exponents and hexadecimal included', () => {
    expect(loadConfig({ HELPER_PORT: ' 8080 ' }).port).toBe(8080);
    expect(loadConfig({ HELPER_PORT: '8e3' }).port).toBe(8000);
    expect(loadConfig({ HELPER_PORT: '0x1F90' }).port).toBe(8080);
    expect(loadConfig({ HELPER_CONSOLE_STREAM_RECHECK_SECONDS: '0.1' }).consoleSession.streamRecheckSeconds).toBe(0.1);
  });

  it('lists the words a choice or a flag takes', () => {
    expect(problemsOf({ HELPER_LOG_LEVEL: 'loud' })).toEqual(['HELPER_LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"']);
    expect(problemsOf({ HELPER_LOAD_DEMO: 'TRUE' })).toEqual(['HELPER_LOAD_DEMO: Invalid option: expected one of "0"|"1"|"true"|"false"|"yes"|"no"']);
    expect(problemsOf({ HELPER_ROLE: 'Web' })).toEqual(['HELPER_ROLE: must be all, web or worker']);
    for (const [word, value] of [['1', true], ['yes', true], ['true', true], ['0', false], ['no', false], ['false', false]] as const) {
      expect(loadConfig({ HELPER_LOAD_DEMO: word, HELPER_SOCKETIO_SESSION_PERSISTENCE: word }).loadDemo).toBe(value);
      expect(loadConfig({ HELPER_FACEBOOK_ACCEPT_SHA1: word }).facebookAcceptSha1).toBe(value);
    }
    expect(loadConfig({ HELPER_LOG_LEVEL: 'debug', HELPER_ROLE: 'web', DATABASE_URL: 'postgres://db.example/helper' })).toMatchObject({ logLevel: 'debug', role: 'web' });
  });

  it('says what a text breaks, every rule it breaks', () => {
    expect(problemsOf({ HELPER_MAIL_FROM: 'ab' })).toEqual(['HELPER_MAIL_FROM: Too small: expected string to have >=3 characters']);
    expect(problemsOf({ HELPER_EMBEDDINGS_MODEL: 'm'.repeat(201) })).toEqual(['HELPER_EMBEDDINGS_MODEL: Too big: expected string to have <=200 characters']);
    expect(problemsOf({ HELPER_PUBLIC_URL: 'not a url' })).toEqual([
      'HELPER_PUBLIC_URL: must be a URL such as https://helperassistant.example',
      'HELPER_PUBLIC_URL: must be a scheme and a host only, e.g. https://helperassistant.example',
    ]);
    expect(problemsOf({ HELPER_EMBEDDINGS_URL: 'not a url', HELPER_EMBEDDINGS_MODEL: 'm' })).toEqual([
      'HELPER_EMBEDDINGS_URL: must be the URL of an OpenAI-compatible embeddings endpoint, e.g. http://localhost:11434/v1/embeddings',
      'HELPER_EMBEDDINGS_URL: must be an http:// or https:// URL without query or fragment',
    ]);
    expect(problemsOf({ HELPER_ADMIN_LOGIN: '-ana' })).toEqual(['HELPER_ADMIN_LOGIN: must be 1 to 64 letters, digits, ".", "_" or "-"']);
    expect(problemsOf({ HELPER_METRICS_ALLOW: '10.0.0.0/8,nope' })).toEqual(['HELPER_METRICS_ALLOW: must be addresses or CIDRs separated by commas, e.g. 10.0.0.0/8,2001:db8::/32']);
  });

  it('takes a URL with spaces around it, trimmed', () => {
    expect(loadConfig({ HELPER_PUBLIC_URL: ' https://helperassistant.example ' }).publicUrl).toEqual({ scheme: 'https', domain: 'helperassistant.example', port: '' });
    expect(loadConfig({ HELPER_GRAPH_API_URL: 'https://graph.example/\n' }).graphApi.url).toBe('https://graph.example');
    expect(loadConfig({ HELPER_METRICS_ALLOW: ' 10.0.0.0/8, ,::1' }).metrics.allow).toEqual(['10.0.0.0/8', '::1']);
  });

  it('names every problem in the order of the variables, in one message', () => {
    expect(() => loadConfig({ HELPER_ROLE: 'x', HELPER_PORT: '-1', REDIS_URL: 'http://cache' })).toThrow(
      'invalid configuration:\n  - HELPER_PORT: Too small: expected number to be >=0\n  - REDIS_URL: must be a redis:// or rediss:// URL\n  - HELPER_ROLE: must be all, web or worker',
    );
  });
});
