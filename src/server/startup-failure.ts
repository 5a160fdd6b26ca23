// What `npm start` prints when it cannot start: one line naming the variable to look at (the store →
// DATABASE_URL, a folder → HELPER_DATA_DIR, the listener → HELPER_HOST/HELPER_PORT, the key →
// HELPER_SECRET_KEY), never a stack (HELPER_LOG_LEVEL=debug adds it) and never a URL's password.
import type { Config } from '../config/config.js';
import { SecretKeyError } from '../secrets/secret-box.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
const FILE_CODES = new Set(['ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOENT', 'EEXIST', 'ENOSPC', 'EISDIR', 'ELOOP']);

interface SystemError {
  code?: unknown;
  path?: unknown;
  port?: unknown;
  syscall?: unknown;
  errors?: unknown;
}

/** A URL without its password (and user), for a message. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '' && parsed.username === '') return url;
    parsed.password = '';
    parsed.username = '';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/** The secrets a message must not show: the passwords of the configured URLs. */
function secretsOf(config: Config | undefined): string[] {
  const secrets: string[] = [];
  for (const url of [config?.databaseUrl, config?.redisUrl]) {
    if (!url) continue;
    try {
      const password = new URL(url).password;
      if (password) secrets.push(password, decodeURIComponent(password));
    } catch {
      secrets.push(url);
    }
  }
  return secrets.filter((secret) => secret.length > 0);
}

function portOf(url: string | undefined, fallback: number): number | undefined {
  if (!url) return undefined;
  try {
    const port = new URL(url).port;
    return port === '' ? fallback : Number(port);
  } catch {
    return undefined;
  }
}

/** The first system error inside `error` (Node's AggregateError of a connection to several addresses). */
function systemError(error: unknown): SystemError {
  const first = error as SystemError;
  if (typeof first?.code === 'string') return first;
  if (Array.isArray(first?.errors) && first.errors.length > 0) return first.errors[0] as SystemError;
  return first ?? {};
}

function reasonOf(error: unknown): string {
  const system = systemError(error);
  const message = error instanceof Error && error.message !== '' ? error.message : system instanceof Error && system.message !== '' ? system.message : '';
  const code = typeof system.code === 'string' ? system.code : '';
  return message !== '' ? message : code !== '' ? code : String(error);
}

/** The one line saying why the start failed and which variable to look at, without any password. */
export function startupFailureMessage(error: unknown, config: Config | undefined): string {
  const system = systemError(error);
  const code = typeof system.code === 'string' ? system.code : '';
  let line: string;
  if (error instanceof SecretKeyError) {
    line = `HELPER_SECRET_KEY (or the key file in HELPER_DATA_DIR): ${error.message}`;
  } else if (FILE_CODES.has(code) && typeof system.path === 'string') {
    const media = config?.media.directory;
    const variable = media !== undefined && system.path.startsWith(media) && !media.startsWith(config?.dataDir ?? '\0') ? 'HELPER_MEDIA_DIR' : 'HELPER_DATA_DIR';
    line = `${variable} (${config?.dataDir ?? system.path}): cannot use ${system.path}: ${code}`;
  } else if (system.syscall === 'listen') {
    line = `HELPER_HOST/HELPER_PORT (${config?.host ?? '?'}:${config?.port ?? '?'}): cannot listen: ${code || reasonOf(error)}`;
  } else if (config?.databaseUrl !== undefined && isStoreError(system, code, config)) {
    line = `DATABASE_URL (${withoutCredentials(config.databaseUrl)}): the store could not be opened: ${reasonOf(error)}`;
  } else if (config?.redisUrl !== undefined && NETWORK_CODES.has(code)) {
    line = `REDIS_URL (${withoutCredentials(config.redisUrl)}): could not connect: ${reasonOf(error)}`;
  } else {
    line = reasonOf(error);
  }
  const flat = line.replace(/\s*\n\s*/g, ' ');
  return secretsOf(config).reduce((text, secret) => text.split(secret).join('***'), flat);
}

function isStoreError(system: SystemError, code: string, config: Config): boolean {
  // PostgreSQL's own errors carry an SQLSTATE (28P01 bad password, 3D000 unknown database…).
  if (/^[0-9A-Z]{5}$/.test(code)) return true;
  if (!NETWORK_CODES.has(code)) return false;
  const port = typeof system.port === 'number' ? system.port : undefined;
  return port === undefined || port === portOf(config.databaseUrl, 5432) || port !== portOf(config.redisUrl, 6379);
}

/** What the process prints: the line, and the stack only at HELPER_LOG_LEVEL=debug. */
export function startupFailureText(error: unknown, config: Config | undefined, level = config?.logLevel ?? process.env['HELPER_LOG_LEVEL']): string {
  const line = `Helper Assistant failed to start: ${startupFailureMessage(error, config)}\n`;
  if (level !== 'debug' || !(error instanceof Error) || error.stack === undefined) return line;
  return secretsOf(config).reduce((text, secret) => text.split(secret).join('***'), `${line}${error.stack}\n`);
}
