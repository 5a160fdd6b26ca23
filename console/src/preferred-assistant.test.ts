import { describe, expect, it } from 'vitest';
import type { Assistant } from './api/types';
import { preferredAssistant } from './preferred-assistant';

const assistant = (language: string, enabled = true): Assistant => ({ server: 'acme', language, name: `ACME ${language}`, enabled, accuracyThresholdPercent: 20, apiAllowedCidrs: [] });

describe('preferredAssistant', () => {
  it('keeps the chosen language when the server has it', () => {
    expect(preferredAssistant([assistant('pt'), assistant('en')], 'en')?.language).toBe('en');
  });

  it('falls back to Portuguese, then English, then Spanish, enabled ones first', () => {
    expect(preferredAssistant([assistant('es'), assistant('en'), assistant('pt')], 'fr')?.language).toBe('pt');
    expect(preferredAssistant([assistant('es'), assistant('en')], null)?.language).toBe('en');
    expect(preferredAssistant([assistant('pt', false), assistant('es')], null)?.language).toBe('es');
  });

  it('has nothing to show for a server without assistants', () => {
    expect(preferredAssistant([], 'pt')).toBeNull();
  });
});
