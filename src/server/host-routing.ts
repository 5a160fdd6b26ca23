// Which assistant a request is for, from its Host: `{server}{lang}.{domain}` reaches that
// assistant's bot API and channels, `{server}.{domain}` that server's console, anything else the
// default assistant (so a local install needs no DNS). The domain is HELPER_PUBLIC_URL's host.
import type { AssistantRecord, Store } from '../store/store.js';

export type HostTarget =
  | { kind: 'assistant'; assistant: AssistantRecord }
  | { kind: 'console'; server: string }
  /** A disabled server or assistant: it answers nothing, and never falls through to another. */
  | { kind: 'disabled'; label: string }
  | { kind: 'default' };

export class HostRouter {
  private assistantsByLabel = new Map<string, AssistantRecord>();
  private servers = new Set<string>();
  private disabledLabels = new Set<string>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly domain: string,
    private readonly options: { refreshMs?: number; now?: () => number } = {},
  ) {}

  async route(hostHeader: string | undefined): Promise<HostTarget> {
    const label = this.labelOf(hostHeader);
    if (label === null) return { kind: 'default' };
    await this.refresh();
    const assistant = this.assistantsByLabel.get(label);
    if (assistant) return { kind: 'assistant', assistant };
    if (this.servers.has(label)) return { kind: 'console', server: label };
    if (this.disabledLabels.has(label)) return { kind: 'disabled', label };
    return { kind: 'default' };
  }

  /** Forget what was read, after servers or assistants change in this process. */
  invalidate(): void {
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  /** The first label of a host under the domain (`acmept` of `acmept.example.com:5005`), else null. */
  private labelOf(hostHeader: string | undefined): string | null {
    if (!hostHeader) return null;
    const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    const suffix = `.${this.domain}`;
    if (!host.endsWith(suffix)) return null;
    const label = host.slice(0, -suffix.length);
    return /^[a-z0-9-]+$/.test(label) ? label : null;
  }

  private async refresh(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.loadedAt < (this.options.refreshMs ?? 5_000)) return;
    this.loading ??= (async () => {
      try {
        const [servers, assistants] = await Promise.all([this.store.servers.list(), this.store.assistants.list()]);
        this.servers = new Set(servers.filter((server) => server.enabled).map((server) => server.name));
        this.assistantsByLabel = new Map(
          assistants
            .filter((assistant) => assistant.enabled && this.servers.has(assistant.serverName))
            .map((assistant) => [`${assistant.serverName}${assistant.language}`, assistant]),
        );
        this.disabledLabels = new Set([
          ...servers.filter((server) => !server.enabled).map((server) => server.name),
          ...assistants.filter((assistant) => !this.assistantsByLabel.has(`${assistant.serverName}${assistant.language}`)).map((assistant) => `${assistant.serverName}${assistant.language}`),
        ]);
        this.loadedAt = now;
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }
}
