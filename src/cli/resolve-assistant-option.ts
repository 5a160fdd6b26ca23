// `--assistant SERVER/LANG`, or the configured default assistant.
import { parseAssistantAddress } from '../assistant/assistant-address.js';
import type { Platform } from '../platform.js';

export function parseAssistantOption(platform: Platform, value: string | undefined): { server: string; language: string } {
  if (value === undefined) return platform.config.defaultAssistant;
  const address = parseAssistantAddress(value);
  if (!address) throw new Error(`--assistant must look like SERVER/LANG (e.g. demo/pt), got "${value}"`);
  return address;
}
