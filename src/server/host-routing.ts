// Which assistant a request is for, from its Host: `{server}{lang}.{domain}` reaches that
// assistant's bot API and channels, `{server}.{domain}` that server's console, anything else the
// default assistant (so a local install needs no DNS). The domain is HELPER_PUBLIC_URL's host; when
// that is not set, any host whose first label is an assistant's or a server's reaches it (the
// console opened at `myhost.local` then shows `demoPT.myhost.local`, which answers). Host
// names ignore case (4biz writes `acmePT`); the store keeps every label unique
// (src/store/servers/host-labels.ts).
//
// The servers and assistants are read once per access revision (./access-revision.ts): a server or
// assistant added, disabled or changed by any process is seen here within seconds.
import { isIP } from 'node:net';
import type { AssistantRecord, ServerRecord, Store } from '../store/store.js';
import { AccessRevision } from './access-revision.js';

export type HostTarget =
  | { kind: 'assistant'; assistant: AssistantRecord }
  | { kind: 'console'; server: string }
  /** A disabled server or assistant: it answers nothing, and never falls through to another. */
  | { kind: 'disabled'; label: string }
  | { kind: 'default' };

interface HostSnapshot {
  assistantsByLabel: Map<string, AssistantRecord>;
  /** Enabled servers. */
  servers: Set<string>;
  disabledLabels: Set<string>;
  /** Every assistant, enabled or not, by `server/language`. */
  assistants: Map<string, AssistantRecord>;
}

export class HostRouter {
  private readonly snapshot: () => Promise<HostSnapshot>;

  constructor(
    store: Store,
    /** HELPER_PUBLIC_URL's host; null when it is not set: the first label of any host name. */
    private readonly domain: string | null,
    private readonly revision: AccessRevision = new AccessRevision(store),
  ) {
    this.snapshot = revision.cache(async () => snapshotOf(await store.servers.list(), await store.assistants.list()));
  }

  async route(hostHeader: string | undefined): Promise<HostTarget> {
    const label = this.labelOf(hostHeader);
    if (label === null) return { kind: 'default' };
    const snapshot = await this.snapshot();
    const assistant = snapshot.assistantsByLabel.get(label);
    if (assistant) return { kind: 'assistant', assistant };
    if (snapshot.servers.has(label)) return { kind: 'console', server: label };
    if (snapshot.disabledLabels.has(label)) return { kind: 'disabled', label };
    return { kind: 'default' };
  }

  /** The assistant of a server and language as of the current revision, enabled or not. */
  async find(server: string, language: string): Promise<AssistantRecord | undefined> {
    return (await this.snapshot()).assistants.get(`${server}/${language}`);
  }

  /** Whether an assistant and its server are both enabled, as of the current revision. */
  async serves(assistant: AssistantRecord): Promise<boolean> {
    const snapshot = await this.snapshot();
    return snapshot.assistantsByLabel.get(`${assistant.serverName}${assistant.language}`)?.id === assistant.id;
  }

  /** Read again at the next request, e.g. after a change this process's store did not make itself. */
  invalidate(): void {
    this.revision.markStale();
  }

  /** The first label of a host under the domain (`acmept` of `acmePT.example.com:5005`), else null. */
  private labelOf(hostHeader: string | undefined): string | null {
    if (!hostHeader) return null;
    const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    if (this.domain === null) return firstLabel(host);
    const suffix = `.${this.domain}`;
    if (!host.endsWith(suffix)) return null;
    const label = host.slice(0, -suffix.length);
    return /^[a-z0-9-]+$/.test(label) ? label : null;
  }
}

/** The first label of a host name with a domain after it (`acmept` of `acmept.myhost.local`); never of an address. */
export function firstLabel(host: string): string | null {
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return null;
  const dot = host.indexOf('.');
  if (dot <= 0 || dot === host.length - 1) return null;
  const label = host.slice(0, dot);
  return /^[a-z0-9-]+$/.test(label) ? label : null;
}

function snapshotOf(servers: ServerRecord[], assistants: AssistantRecord[]): HostSnapshot {
  const enabledServers = new Set(servers.filter((server) => server.enabled).map((server) => server.name));
  const labelOf = (assistant: AssistantRecord): string => `${assistant.serverName}${assistant.language}`;
  const assistantsByLabel = new Map(assistants.filter((assistant) => assistant.enabled && enabledServers.has(assistant.serverName)).map((assistant) => [labelOf(assistant), assistant]));
  return {
    assistantsByLabel,
    servers: enabledServers,
    disabledLabels: new Set([
      ...servers.filter((server) => !server.enabled).map((server) => server.name),
      ...assistants.filter((assistant) => !assistantsByLabel.has(labelOf(assistant))).map(labelOf),
    ]),
    assistants: new Map(assistants.map((assistant) => [`${assistant.serverName}/${assistant.language}`, assistant])),
  };
}
