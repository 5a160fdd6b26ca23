// Every call of the console to the admin API: JSON in and out, the session cookie, and the CSRF
// header on every request that changes something.
import { ApiError, apiErrorFrom } from './api-error';

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the session has ended (401 on a call other than sign-in). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return (await versioned<T>(method, path, body)).data;
}

/**
 * A call that also carries versions: `ifMatch` sends the ETag of what was read (the change then
 * applies only if nobody changed the item since: 412 otherwise), and the answer's ETag comes back.
 */
export async function versioned<T>(method: Method, path: string, body?: unknown, ifMatch?: string): Promise<{ data: T; etag: string | undefined }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (ifMatch !== undefined) headers['if-match'] = ifMatch;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const etag = response.headers.get('etag') ?? undefined;
  if (response.status === 204) return { data: undefined as T, etag };
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated?.();
    throw apiErrorFrom(response.status, parsed, response.headers.get('retry-after'));
  }
  return { data: parsed as T, etag };
}

/** Sends one file as multipart/form-data (the media upload), with the session and CSRF token. */
export function upload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  return sendBody<T>(path, form);
}

/** Sends a file as the request body itself (spreadsheets, assistant files), with its media type. */
export function uploadRaw<T>(path: string, file: Blob, contentType: string): Promise<T> {
  return sendBody<T>(path, file, contentType);
}

async function sendBody<T>(path: string, body: FormData | Blob, contentType?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated?.();
    throw apiErrorFrom(response.status, parsed, response.headers.get('retry-after'));
  }
  return parsed as T;
}

/** `/api/admin/servers/{server}/assistants/{language}…`, each part escaped. */
export function assistantPath(server: string, language: string, rest = ''): string {
  return `/api/admin/servers/${encodeURIComponent(server)}/assistants/${encodeURIComponent(language)}${rest}`;
}
