// Which server's console a request is on, from its Host: `{server}.{domain}` (or one of that
// server's assistant hosts) is that server; a host that names none is the default assistant's
// server, so a local install needs no DNS. A disabled server has no console: null.
import type { Platform } from '../../platform.js';

export async function consoleServerOf(platform: Platform, hostHeader: string | undefined): Promise<string | null> {
  const target = await platform.hosts.route(hostHeader);
  switch (target.kind) {
    case 'console':
      return target.server;
    case 'assistant':
      return target.assistant.serverName;
    case 'default':
      return (await platform.defaultAssistant()).serverName;
    case 'disabled':
      return null;
  }
}
