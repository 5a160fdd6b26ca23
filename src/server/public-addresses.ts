// The public addresses the platform shows (Integrações, the web chat's demo page, the CLI):
// `{server}{LANG}.{domain}` for an assistant's bot API and channels, `{server}.{domain}` for a
// server's console. With HELPER_PUBLIC_URL set they follow it. Without it they follow the address
// the page was opened at, so a console opened at `http://myhost.local:5005` shows addresses on
// `myhost.local` (which the host router then serves: src/server/host-routing.ts), not on localhost.
// A host label is written one way everywhere: the server's name and the language in capitals
// (`demoPT`), as 4biz writes it; host names ignore case, so `demopt` reaches the same assistant.
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import type { AssistantRecord } from '../store/store.js';
import { firstLabel, type HostRouter } from './host-routing.js';

export interface PublicBase {
  scheme: 'http' | 'https';
  /** The domain under which host labels go; with `labels` false, the one host every address uses. */
  domain: string;
  port: string;
  /** `configured`: HELPER_PUBLIC_URL; `request`: the address the page was opened at. */
  source: 'configured' | 'request';
  /**
   * Whether host labels can be put before the domain. Not on an IP address: there every address is
   * the address itself, which reaches the default assistant and the console only.
   */
  labels: boolean;
}

/** HELPER_PUBLIC_URL (or its default, http://localhost:5005): for the CLI and work without a request. */
export function configuredBase(config: Config): PublicBase {
  return { ...config.publicUrl, source: config.publicUrlConfigured ? 'configured' : 'request', labels: true };
}

/** The base of the addresses shown in answer to a request (see the file's comment). */
export async function requestBase(config: Config, hosts: HostRouter, request: FastifyRequest): Promise<PublicBase> {
  if (config.publicUrlConfigured) return configuredBase(config);
  const hostname = request.hostname.toLowerCase().replace(/\.$/, '');
  const port = request.port === null || request.port === undefined ? '' : String(request.port);
  const scheme = request.protocol === 'https' ? 'https' : 'http';
  const defaultPort = scheme === 'https' ? '443' : '80';
  const base = { scheme, port: port === defaultPort ? '' : port, source: 'request' } as const;
  if (isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) return { ...base, domain: hostname, labels: false };
  // Opened at an assistant's or a server's own host (`demo.myhost.local`): the domain is what follows.
  const label = firstLabel(hostname);
  const routed = label === null ? { kind: 'default' } : await hosts.route(hostname);
  const domain = routed.kind === 'default' ? hostname : hostname.slice(hostname.indexOf('.') + 1);
  return { ...base, domain, labels: true };
}

/** `https://acmePT.helperassistant.example`: the origin of a host label under the base. */
export function originOf(base: PublicBase, label: string): string {
  const port = base.port ? `:${base.port}` : '';
  return base.labels ? `${base.scheme}://${label}.${base.domain}${port}` : `${base.scheme}://${base.domain}${port}`;
}

/** The base's own origin, without a label (what the console shows as "the address used"). */
export function baseOrigin(base: PublicBase): string {
  return `${base.scheme}://${base.domain}${base.port ? `:${base.port}` : ''}`;
}

/** An assistant's host label, written one way: `demoPT`. */
export function assistantHostLabel(assistant: Pick<AssistantRecord, 'serverName' | 'language'>): string {
  return `${assistant.serverName}${assistant.language.toUpperCase()}`;
}

/** The origin of an assistant's bot API and channels. */
export function assistantOrigin(base: PublicBase, assistant: Pick<AssistantRecord, 'serverName' | 'language'>): string {
  return originOf(base, assistantHostLabel(assistant));
}

/**
 * The HTTPS address of a channel's webhook on the assistant's host, which the platform (Meta,
 * Telegram) calls: `https://acmePT.{domain}/webhooks/{channel}/webhook`.
 */
export function channelCallbackUrl(base: PublicBase, assistant: AssistantRecord, channel: string): string {
  return `${assistantOrigin(base, assistant).replace(/^http:/, 'https:')}/webhooks/${channel}/webhook`;
}
