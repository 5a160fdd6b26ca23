// The platform's own version, read once from package.json.
import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const parsed = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'helper-assistant' && parsed.version) return parsed.version;
    } catch {
      // Not there from this location (sources vs. compiled dist/): try the next.
    }
  }
  return '0.0.0';
}

export const PLATFORM_VERSION = readVersion();
