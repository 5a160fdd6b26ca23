// `--assistant SERVER/LANG`, or the configured default assistant.
import type { Platform } from '../platform.js';

export function parseAssistantOption(platform: Platform, value: string | undefined): { server: string; language: string } {
  if (value === undefined) return platform.config.defaultAssistant;
  const match = /^([a-z0-9]+)\/([a-z]{2,3}(?:-[a-z]{2})?)$/.exec(value.trim().toLowerCase());
  if (!match?.[1] || !match[2]) {
    throw new Error(`--assistant must look like SERVER/LANG (e.g. demo/pt), got "${value}"`);
  }
  return { server: match[1], language: match[2] };
}
