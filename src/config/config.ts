// Every setting comes from the environment, validated once at start-up: a wrong value stops the
// platform with a message naming the variable. `.env.example` lists them all.
import { join } from 'node:path';
import { parseAssistantAddress } from '../assistant/assistant-address.js';
import { parseOutboundAllow } from '../outbound/outbound-policy.js';
import { parseCidr } from '../server/api-access.js';
import { LOGIN_PATTERN } from '../store/store-names.js';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';
import { readSecretKey, SECRET_KEY_RULE } from '../secrets/secret-box.js';
import { flag, holds, matches, maxLength, minLength, number, oneOf, parsed, readVariables, text, url } from './env-rules.js';

/** What every console password must have at least (the first administrator's too). */
export const MIN_PASSWORD_LENGTH = 10;

const booleanFlag = flag();

/** A limit's count: a whole number, 0 for no limit. */
const limitCount = number({ int: 'must be a whole number (0: no limit)', min: 0, minProblem: 'must be 0 (no limit) or more' });

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const variables = {
  HELPER_HOST: text(minLength(1)).default('0.0.0.0'),
  HELPER_PORT: number({ int: true, min: 0, max: 65535 }).default(5005),
  HELPER_DATA_DIR: text(minLength(1)).default('./data'),
  DATABASE_URL: text(matches(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')).optional(),
  REDIS_URL: text(matches(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')).optional(),
  HELPER_LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  HELPER_DEFAULT_ASSISTANT: text(holds((value) => parseAssistantAddress(value) !== null, 'must look like SERVER/LANG, e.g. demo/pt')).default('demo/pt'),
  HELPER_LOAD_DEMO: booleanFlag.default(true),
  HELPER_SESSION_EXPIRATION_MINUTES: number({ above: 0 }).default(60),
  HELPER_BODY_LIMIT_BYTES: number({ int: true, min: 1024 }).default(1_048_576),
  HELPER_MEDIA_DIR: text(minLength(1)).optional(),
  HELPER_MEDIA_MAX_BYTES: number({ int: true, min: 1024 }).default(5 * 1024 * 1024),
  HELPER_IMPORT_TIME_LIMIT_SECONDS: number({ above: 0, max: 3600 }).default(20),
  HELPER_IMPORT_MEMORY_MB: number({ int: true, min: 16, max: 16_384 }).default(512),
  HELPER_PUBLIC_URL: text(
    url('must be a URL such as https://helperassistant.example'),
    matches(/^https?:\/\/[^/?#]+\/?$/, 'must be a scheme and a host only, e.g. https://helperassistant.example'),
  ).default('http://localhost:5005'),
  HELPER_SECRET_KEY: text(holds((value) => readSecretKey(value) !== undefined, SECRET_KEY_RULE)).optional(),
  HELPER_TRUST_PROXY: parsed(parseTrustProxy).default(false),
  HELPER_CORS_ORIGINS: parsed(parseCorsOrigins).optional(),
  HELPER_ADMIN_TOKEN: text(minLength(24, 'must have at least 24 characters')).optional(),
  HELPER_ADMIN_EMAIL: text(matches(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address such as ana@acme.example')).optional(),
  HELPER_ADMIN_PASSWORD: text(minLength(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)).optional(),
  HELPER_ADMIN_LOGIN: parsed((value) => {
    const login = value.toLowerCase();
    return LOGIN_PATTERN.test(login) ? { ok: true, value: login } : { ok: false, problem: 'must be 1 to 64 letters, digits, ".", "_" or "-"' };
  }).optional(),
  HELPER_CONSOLE_IDLE_MINUTES: number({ above: 0 }).default(30),
  HELPER_CONSOLE_SESSION_HOURS: number({ above: 0 }).default(12),
  HELPER_CONSOLE_STREAM_RECHECK_SECONDS: number({ min: 0.1, max: 300 }).default(15),
  HELPER_SIGN_IN_MAX_FAILURES: number({ int: true, min: 1 }).default(5),
  HELPER_SIGN_IN_MAX_FAILURES_PER_ADDRESS: number({ int: true, min: 1 }).default(20),
  HELPER_SIGN_IN_WINDOW_MINUTES: number({ above: 0 }).default(15),
  HELPER_GRAPH_API_URL: text(
    url('must be a URL such as https://graph.facebook.com'),
    matches(/^https?:\/\/[^?#]+$/, 'must be a URL without query or fragment'),
  ).default('https://graph.facebook.com'),
  HELPER_GRAPH_API_VERSION: text(matches(/^v\d+\.\d+$/, 'must look like v21.0')).default('v21.0'),
  HELPER_TELEGRAM_API_URL: text(
    url('must be a URL such as https://api.telegram.org'),
    matches(/^https?:\/\/[^?#]+$/, 'must be a URL without query or fragment'),
  ).default('https://api.telegram.org'),
  HELPER_CHANNEL_SEND_ATTEMPTS: number({ int: true, min: 1, max: 50 }).default(6),
  HELPER_CHANNEL_RETRY_DELAY_MS: number({ int: true, min: 0 }).default(1000),
  HELPER_CHANNEL_RETRY_MAX_DELAY_MS: number({ int: true, min: 0 }).default(60_000),
  HELPER_CHANNEL_THROTTLE_DELAY_MS: number({ int: true, min: 1, max: 3_600_000 }).default(5_000),
  HELPER_CHANNEL_THROTTLE_MAX_DELAY_MS: number({ int: true, min: 1, max: 3_600_000 }).default(300_000),
  // Messenger's own names, kept: unset, they take the HELPER_CHANNEL_… values.
  HELPER_FACEBOOK_ACCEPT_SHA1: booleanFlag.default(true),
  HELPER_FACEBOOK_SEND_ATTEMPTS: number({ int: true, min: 1, max: 50 }).optional(),
  HELPER_FACEBOOK_RETRY_DELAY_MS: number({ int: true, min: 0 }).optional(),
  HELPER_FACEBOOK_RETRY_MAX_DELAY_MS: number({ int: true, min: 0 }).optional(),
  HELPER_EMBEDDINGS_URL: text(
    url('must be the URL of an OpenAI-compatible embeddings endpoint, e.g. http://localhost:11434/v1/embeddings'),
    matches(/^https?:\/\/[^?#]+$/, 'must be an http:// or https:// URL without query or fragment'),
    // A user or password in the URL would reach logs and error texts (fetch refuses such a URL
    // with a message quoting it): the key goes in HELPER_EMBEDDINGS_API_KEY, kept apart.
    holds((value) => !urlHoldsCredentials(value), 'must not hold a user or password; set the key in HELPER_EMBEDDINGS_API_KEY'),
  ).optional(),
  HELPER_EMBEDDINGS_MODEL: text(minLength(1), maxLength(200)).optional(),
  HELPER_EMBEDDINGS_API_KEY: text(minLength(1), maxLength(4096)).optional(),
  HELPER_EMBEDDINGS_TIMEOUT_MS: number({ int: true, min: 10, max: 10_000 }).default(300),
  HELPER_SMTP_URL: text(
    matches(/^smtps?:\/\/[^/?#]+/, 'must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example:587'),
    holds((value) => URL.canParse(value), 'must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example:587'),
  ).optional(),
  HELPER_MAIL_FROM: text(minLength(3)).optional(),
  HELPER_SOCKETIO_SESSION_PERSISTENCE: booleanFlag.default(true),
  HELPER_RATE_LIMIT_WINDOW_SECONDS: number({ int: true, min: 1, max: 86_400 }).default(60),
  HELPER_RATE_LIMIT_PER_SENDER: limitCount.default(60),
  HELPER_RATE_LIMIT_SENDER_QUEUE: limitCount.default(10),
  HELPER_RATE_LIMIT_PER_CONNECTION: limitCount.default(120),
  HELPER_RATE_LIMIT_CONNECTIONS_PER_ADDRESS: limitCount.default(600),
  HELPER_RATE_LIMIT_PER_ADDRESS: limitCount.default(1200),
  HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS: limitCount.default(0),
  HELPER_SHUTDOWN_TIMEOUT_MS: number({ int: true, min: 100 }).default(10_000),
  HELPER_MODEL_CACHE_MB: number({ above: 0 }).default(512),
  HELPER_CONVERSATION_CACHE_MB: number({ above: 0 }).default(64),
  HELPER_METRICS_TOKEN: text(minLength(16, 'must have at least 16 characters')).optional(),
  HELPER_METRICS_ALLOW: parsed((value) => {
    const cidrs = value.split(',').map((cidr) => cidr.trim()).filter((cidr) => cidr !== '');
    return cidrs.every((cidr) => parseCidr(cidr) !== null)
      ? { ok: true, value: cidrs }
      : { ok: false, problem: 'must be addresses or CIDRs separated by commas, e.g. 10.0.0.0/8,2001:db8::/32' };
  }).optional(),
  HELPER_RETENTION_INTERVAL_MINUTES: number({ above: 0 }).default(60),
  HELPER_ROLE: oneOf(['all', 'web', 'worker'], 'must be all, web or worker').default('all'),
  HELPER_LOCK_TTL_MS: number({ int: true, min: 500, max: 600_000 }).default(30_000),
  HELPER_OUTBOX_POLL_MS: number({ int: true, min: 100, max: 600_000 }).default(2_000),
  HELPER_OUTBOX_CLAIM_MS: number({ int: true, min: 1_000, max: 3_600_000 }).default(60_000),
  HELPER_WEBHOOK_ACK_MS: number({ int: true, min: 100, max: 60_000 }).default(3_000),
  HELPER_OUTBOUND_ALLOW: parsed((value) => {
    const problem = outboundAllowProblem(value);
    return problem === null ? { ok: true, value } : { ok: false, problem };
  }).optional(),
  // Rasa waits 300 s (DEFAULT_REQUEST_TIMEOUT); 10 by default, as the user waits for the answer.
  HELPER_ACTION_TIMEOUT_SECONDS: number({ above: 0, max: 300 }).default(10),
  HELPER_ACTION_MAX_RESPONSE_KB: number({ int: true, min: 1, max: 65_536 }).default(1024),
};

/** Whether `text`, a URL, has a user or password in it (false when it is not a URL: other checks say so). */
function urlHoldsCredentials(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return url.username !== '' || url.password !== '';
}

function outboundAllowProblem(text: string): string | null {
  try {
    parseOutboundAllow(text);
    return null;
  } catch (error: unknown) {
    return `must be host names, addresses or CIDRs separated by commas (e.g. itsm.intranet,10.0.0.0/8): ${error instanceof Error ? error.message : String(error)}`;
  }
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  defaultAssistant: { server: string; language: string };
  loadDemo: boolean;
  sessionExpirationSeconds: number;
  bodyLimitBytes: number;
  /** Uploaded images (skills of kind image): their folder, HELPER_DATA_DIR/media by default, and the largest accepted. */
  media: { directory: string; maxBytes: number };
  /** Imported files (assistant YAML, dialogues .xlsx) are read in a worker thread with this much heap and time. */
  fileImport: { memoryMb: number; timeLimitSeconds: number };
  /** Scheme, domain and port of the public addresses: `{server}{lang}.{domain}`, `{server}.{domain}`. */
  publicUrl: { scheme: 'http' | 'https'; domain: string; port: string };
  /**
   * Whether HELPER_PUBLIC_URL was set. When it was not, the addresses shown follow the address the
   * console was opened at, and any host whose first label names an assistant or a server reaches it
   * (src/server/public-addresses.ts, src/server/host-routing.ts).
   */
  publicUrlConfigured: boolean;
  /** 32 bytes (hex or base64) sealing secrets at rest; a key file in the data folder when unset. */
  secretKey?: string;
  /**
   * The proxies whose X-Forwarded-For hops are believed (their addresses/CIDRs, or how many hops),
   * so the client address is the first one they did not add; false: the socket's address.
   */
  trustProxy: TrustProxy;
  /** Origins whose pages may call the bot API cross-origin (`*`: any), as `rasa run --cors`; undefined: none (src/server/cors.ts). */
  corsOrigins?: CorsOrigins;
  /** Bearer token of the platform's operator for the admin HTTP API; without it only console users reach that API. */
  adminToken?: string;
  /**
   * The first administrator of the default assistant's server, created when that server has no
   * user: login (else the e-mail's local part, else `admin`), e-mail, password (else generated).
   */
  firstAdministrator: { login?: string; email?: string; password?: string };
  /**
   * Console sessions end after `idleSeconds` without a request, and `maxSeconds` after sign-in at the
   * latest; an open event stream checks its session again every `streamRecheckSeconds`.
   */
  consoleSession: { idleSeconds: number; maxSeconds: number; streamRecheckSeconds: number };
  /** Sign-ins are refused (429) after this many failures per server and login, or per client address, in a window. */
  signInThrottle: { perLogin: number; perAddress: number; windowSeconds: number };
  /** Meta's Graph API (Messenger's Send API): base URL without a trailing slash, and the pinned version. */
  graphApi: { url: string; version: string };
  /** Whether a Messenger POST signed only with the legacy X-Hub-Signature (SHA-1) is taken (HELPER_FACEBOOK_ACCEPT_SHA1). */
  facebookAcceptSha1: boolean;
  /**
   * Messenger Send API retries on Meta's temporary errors: at most `attempts` calls per send,
   * waiting about baseDelayMs · 2^(n-1) (capped at maxDelayMs, with jitter) between them. A rate
   * limit pauses the sends throttleBaseMs, doubling per pause up to throttleMaxMs
   * (HELPER_CHANNEL_THROTTLE_…, every channel), never counted as an attempt.
   */
  facebookRetry: { attempts: number; baseDelayMs: number; maxDelayMs: number; throttleBaseMs: number; throttleMaxMs: number };
  /** WhatsApp's and Telegram's send retries (HELPER_CHANNEL_…), the same shape as facebookRetry. */
  channelRetry: { attempts: number; baseDelayMs: number; maxDelayMs: number; throttleBaseMs: number; throttleMaxMs: number };
  /** Telegram's Bot API: base URL without a trailing slash. */
  telegramApi: { url: string };
  /**
   * The optional semantic provider: an OpenAI-compatible embeddings endpoint, its model, its key
   * (a secret, never logged) and how long a parse waits for it before answering without it.
   */
  embeddings?: { url: string; model: string; apiKey?: string; timeoutMs: number };
  /**
   * Calls to action servers: HELPER_OUTBOUND_ALLOW (host names, addresses, CIDRs the SSRF guard
   * lets through), the deadline of one call and the cap on its answer.
   */
  actionServers: { allow: string; timeoutMs: number; maxResponseBytes: number };
  /** Where training e-mails are sent through (a secret: it may hold a password); off when unset. */
  smtpUrl?: string;
  /** The From of those e-mails. */
  mailFrom: string;
  /**
   * The socket.io channel: with session persistence the conversation is the web chat's session id
   * (kept across page loads and tabs); without, each connection is a new conversation (Rasa's default).
   */
  socketIo: { sessionPersistence: boolean };
  /**
   * Memory budgets (estimated bytes) of the per-process caches: loaded models (by their artifacts'
   * length) and conversation states between turns (by their JSON length); least recently used first out.
   */
  cacheBudgets: { modelBytes: number; conversationStateBytes: number };
  /**
   * Rate limits (0: none), each a count per window of `windowSeconds`: messages per conversation on
   * every channel, messages of one conversation waiting for their turn, socket.io events per
   * connection and connections per address, HTTP requests per client address on the console and
   * public pages, and on the routes shared backends call (REST, callback, conversations API).
   */
  rateLimits: {
    windowSeconds: number;
    perSender: number;
    senderQueue: number;
    perConnection: number;
    connectionsPerAddress: number;
    perAddress: number;
    botApiPerAddress: number;
  };
  /** On SIGTERM/SIGINT, how long turns in flight may take to finish before the process exits anyway. */
  shutdownTimeoutMs: number;
  /**
   * Who may read /metrics: a bearer token, client addresses (CIDRs); with neither, only loopback
   * clients.
   */
  metrics: { token?: string; allow: string[] };
  /** How often the retention job deletes conversations past each assistant's retention period. */
  retentionIntervalSeconds: number;
  /**
   * What this process does (HELPER_ROLE): `all` serves requests and runs the background jobs;
   * `web` serves requests only; `worker` runs the jobs (trainings, outbox delivery, the analytics
   * projector, retention). Each job is claimed through the store or Redis, so it runs once whatever
   * the number of processes.
   */
  role: 'all' | 'web' | 'worker';
  /** How long a per-conversation lock outlives a crashed holder (renewed while held). */
  lockTtlMs: number;
  /** How often processes that deliver look in the outbox for answers nobody is sending (another process crashed). */
  outboxPollMs: number;
  /**
   * How long a sender's claim on a recipient's outbox items lasts unrenewed: a crashed process's
   * items wait this long for another (renewed at half; more than twice the longest platform call).
   */
  outboxClaimMs: number;
  /**
   * How long a push channel's webhook waits for its turns before answering its platform (Meta
   * redelivers past 5 s): the turns not recorded by then are kept as pending inbound and finished after.
   */
  webhookAckMs: number;
  /** HELPER_OUTBOUND_ALLOW as written: hosts, addresses and CIDRs outbound calls may reach although private (src/outbound). */
  outboundAllow: string;
}

/** Whether a process of this role runs the background jobs (trainings, outbox delivery, analytics, retention). */
export function runsJobs(config: Pick<Config, 'role'>): boolean {
  return config.role !== 'web';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration; empty variables count as unset. Throws ConfigError naming every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const read = readVariables(variables, present);
  if (!read.ok) throw new ConfigError(read.problems);
  const values = read.values;
  const emailLogin = values.HELPER_ADMIN_EMAIL?.split('@')[0]?.toLowerCase();
  if (!values.HELPER_ADMIN_LOGIN && emailLogin !== undefined && !LOGIN_PATTERN.test(emailLogin)) {
    throw new ConfigError([`HELPER_ADMIN_LOGIN: must be set, since the local part of HELPER_ADMIN_EMAIL ("${emailLogin}") is not a login (letters, digits, ".", "_" or "-")`]);
  }
  if (values.HELPER_EMBEDDINGS_URL && !values.HELPER_EMBEDDINGS_MODEL) {
    throw new ConfigError(['HELPER_EMBEDDINGS_MODEL: must be set when HELPER_EMBEDDINGS_URL is (the embeddings model to ask for, e.g. nomic-embed-text)']);
  }
  // SQLite is one process: a lone web process would never run trainings, and two workers on one
  // data folder would share no lock. Several processes need PostgreSQL (and Redis: main.ts warns).
  if (values.HELPER_ROLE !== 'all' && !values.DATABASE_URL) {
    throw new ConfigError([`HELPER_ROLE: ${values.HELPER_ROLE} needs DATABASE_URL (PostgreSQL, and REDIS_URL): the embedded SQLite store is one process, HELPER_ROLE=all`]);
  }
  const { server, language } = parseAssistantAddress(values.HELPER_DEFAULT_ASSISTANT) ?? { server: 'demo', language: 'pt' };
  const throttle = { baseMs: values.HELPER_CHANNEL_THROTTLE_DELAY_MS, maxMs: values.HELPER_CHANNEL_THROTTLE_MAX_DELAY_MS };
  return {
    host: values.HELPER_HOST,
    port: values.HELPER_PORT,
    dataDir: values.HELPER_DATA_DIR,
    ...(values.DATABASE_URL ? { databaseUrl: values.DATABASE_URL } : {}),
    ...(values.REDIS_URL ? { redisUrl: values.REDIS_URL } : {}),
    logLevel: values.HELPER_LOG_LEVEL,
    defaultAssistant: { server, language },
    loadDemo: values.HELPER_LOAD_DEMO,
    sessionExpirationSeconds: values.HELPER_SESSION_EXPIRATION_MINUTES * 60,
    bodyLimitBytes: values.HELPER_BODY_LIMIT_BYTES,
    media: { directory: values.HELPER_MEDIA_DIR ?? join(values.HELPER_DATA_DIR, 'media'), maxBytes: values.HELPER_MEDIA_MAX_BYTES },
    fileImport: { memoryMb: values.HELPER_IMPORT_MEMORY_MB, timeLimitSeconds: values.HELPER_IMPORT_TIME_LIMIT_SECONDS },
    publicUrl: parsePublicUrl(values.HELPER_PUBLIC_URL),
    publicUrlConfigured: present['HELPER_PUBLIC_URL'] !== undefined,
    ...(values.HELPER_SECRET_KEY ? { secretKey: values.HELPER_SECRET_KEY } : {}),
    trustProxy: values.HELPER_TRUST_PROXY,
    ...(values.HELPER_CORS_ORIGINS ? { corsOrigins: values.HELPER_CORS_ORIGINS } : {}),
    ...(values.HELPER_ADMIN_TOKEN ? { adminToken: values.HELPER_ADMIN_TOKEN } : {}),
    firstAdministrator: {
      ...(values.HELPER_ADMIN_LOGIN || emailLogin ? { login: values.HELPER_ADMIN_LOGIN ?? emailLogin } : {}),
      ...(values.HELPER_ADMIN_EMAIL ? { email: values.HELPER_ADMIN_EMAIL } : {}),
      ...(values.HELPER_ADMIN_PASSWORD ? { password: values.HELPER_ADMIN_PASSWORD } : {}),
    },
    consoleSession: {
      idleSeconds: values.HELPER_CONSOLE_IDLE_MINUTES * 60,
      maxSeconds: values.HELPER_CONSOLE_SESSION_HOURS * 3600,
      streamRecheckSeconds: values.HELPER_CONSOLE_STREAM_RECHECK_SECONDS,
    },
    signInThrottle: {
      perLogin: values.HELPER_SIGN_IN_MAX_FAILURES,
      perAddress: values.HELPER_SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: values.HELPER_SIGN_IN_WINDOW_MINUTES * 60,
    },
    graphApi: { url: values.HELPER_GRAPH_API_URL.replace(/\/+$/, ''), version: values.HELPER_GRAPH_API_VERSION },
    facebookAcceptSha1: values.HELPER_FACEBOOK_ACCEPT_SHA1,
    facebookRetry: retryPolicy(
      values.HELPER_FACEBOOK_SEND_ATTEMPTS ?? values.HELPER_CHANNEL_SEND_ATTEMPTS,
      values.HELPER_FACEBOOK_RETRY_DELAY_MS ?? values.HELPER_CHANNEL_RETRY_DELAY_MS,
      values.HELPER_FACEBOOK_RETRY_MAX_DELAY_MS ?? values.HELPER_CHANNEL_RETRY_MAX_DELAY_MS,
      throttle,
    ),
    channelRetry: retryPolicy(values.HELPER_CHANNEL_SEND_ATTEMPTS, values.HELPER_CHANNEL_RETRY_DELAY_MS, values.HELPER_CHANNEL_RETRY_MAX_DELAY_MS, throttle),
    telegramApi: { url: values.HELPER_TELEGRAM_API_URL.replace(/\/+$/, '') },
    ...(values.HELPER_EMBEDDINGS_URL && values.HELPER_EMBEDDINGS_MODEL
      ? {
          embeddings: {
            url: values.HELPER_EMBEDDINGS_URL,
            model: values.HELPER_EMBEDDINGS_MODEL,
            ...(values.HELPER_EMBEDDINGS_API_KEY ? { apiKey: values.HELPER_EMBEDDINGS_API_KEY } : {}),
            timeoutMs: values.HELPER_EMBEDDINGS_TIMEOUT_MS,
          },
        }
      : {}),
    ...(values.HELPER_SMTP_URL ? { smtpUrl: values.HELPER_SMTP_URL } : {}),
    mailFrom: values.HELPER_MAIL_FROM ?? `Helper Assistant <helper@${parsePublicUrl(values.HELPER_PUBLIC_URL).domain}>`,
    socketIo: { sessionPersistence: values.HELPER_SOCKETIO_SESSION_PERSISTENCE },
    rateLimits: {
      windowSeconds: values.HELPER_RATE_LIMIT_WINDOW_SECONDS,
      perSender: values.HELPER_RATE_LIMIT_PER_SENDER,
      senderQueue: values.HELPER_RATE_LIMIT_SENDER_QUEUE,
      perConnection: values.HELPER_RATE_LIMIT_PER_CONNECTION,
      connectionsPerAddress: values.HELPER_RATE_LIMIT_CONNECTIONS_PER_ADDRESS,
      perAddress: values.HELPER_RATE_LIMIT_PER_ADDRESS,
      botApiPerAddress: values.HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS,
    },
    shutdownTimeoutMs: values.HELPER_SHUTDOWN_TIMEOUT_MS,
    cacheBudgets: {
      modelBytes: Math.round(values.HELPER_MODEL_CACHE_MB * 1024 * 1024),
      conversationStateBytes: Math.round(values.HELPER_CONVERSATION_CACHE_MB * 1024 * 1024),
    },
    metrics: { ...(values.HELPER_METRICS_TOKEN ? { token: values.HELPER_METRICS_TOKEN } : {}), allow: values.HELPER_METRICS_ALLOW ?? [] },
    retentionIntervalSeconds: values.HELPER_RETENTION_INTERVAL_MINUTES * 60,
    role: values.HELPER_ROLE,
    lockTtlMs: values.HELPER_LOCK_TTL_MS,
    outboxPollMs: values.HELPER_OUTBOX_POLL_MS,
    outboxClaimMs: values.HELPER_OUTBOX_CLAIM_MS,
    webhookAckMs: values.HELPER_WEBHOOK_ACK_MS,
    actionServers: {
      allow: values.HELPER_OUTBOUND_ALLOW ?? '',
      timeoutMs: Math.round(values.HELPER_ACTION_TIMEOUT_SECONDS * 1000),
      maxResponseBytes: values.HELPER_ACTION_MAX_RESPONSE_KB * 1024,
    },
    outboundAllow: values.HELPER_OUTBOUND_ALLOW ?? '',
  };
}

function retryPolicy(attempts: number, baseDelayMs: number, maxDelayMs: number, throttle: { baseMs: number; maxMs: number }): Config['channelRetry'] {
  return { attempts, baseDelayMs, maxDelayMs: Math.max(baseDelayMs, maxDelayMs), throttleBaseMs: throttle.baseMs, throttleMaxMs: Math.max(throttle.baseMs, throttle.maxMs) };
}

function parsePublicUrl(text: string): Config['publicUrl'] {
  const url = new URL(text);
  return { scheme: url.protocol === 'https:' ? 'https' : 'http', domain: url.hostname.toLowerCase(), port: url.port };
}

/** What HELPER_CORS_ORIGINS allows: any origin, or these (scheme, host and port, as browsers send them). */
export type CorsOrigins = '*' | readonly string[];

/** `*`, or origins separated by commas (`https://www.acme.example, http://localhost:3000`); empty: none. */
export function parseCorsOrigins(text: string): { ok: true; value: CorsOrigins | undefined } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  if (trimmed === '*') return { ok: true, value: '*' };
  const origins: string[] = [];
  for (const entry of trimmed.split(',').map((part) => part.trim())) {
    if (entry === '') return { ok: false, problem: 'has an empty entry' };
    if (entry === '*') return { ok: false, problem: '"*" must be alone (any origin)' };
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return { ok: false, problem: `"${entry}" is not an origin such as https://www.acme.example` };
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry.replace(/\/$/, '').toLowerCase()) {
      return { ok: false, problem: `"${entry}" is not an origin (a scheme, a host and an optional port, no path) such as https://www.acme.example` };
    }
    origins.push(url.origin);
  }
  return { ok: true, value: origins };
}
