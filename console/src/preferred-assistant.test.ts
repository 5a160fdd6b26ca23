import { describe, expect, it } from 'vitest';
import type { Assistant } from './api/types';
import { preferredAssistant } from './preferred-assistant';

const assistant = (language: string, enabled = true, server = 'acme'): Assistant => ({ server, language, name: `${server} ${language}`, enabled, accuracyThresholdPercent: 20, apiAllowedCidrs: [] });

describe('preferredAssistant', () => {
  it('keeps the chosen language when the server has it', () => {
    expect(preferredAssistant([assistant('pt'), assistant('en')], 'en', 'acme')?.language).toBe('en');
    expect(preferredAssistant([assistant('pt'), assistant('en')], 'acme/en', 'acme')?.language).toBe('en');
  });

  it('falls back to Portuguese, then English, then Spanish, enabled ones first', () => {
    expect(preferredAssistant([assistant('es'), assistant('en'), assistant('pt')], 'fr', 'acme')?.language).toBe('pt');
    expect(preferredAssistant([assistant('es'), assistant('en')], null, 'acme')?.language).toBe('en');
    expect(preferredAssistant([assistant('pt', false), assistant('es')], null, 'acme')?.language).toBe('es');
  });

  it("keeps the operator's choice of another server's assistant, and starts on its own server's", () => {
    const every = [assistant('pt', true, 'beta'), assistant('en', true, 'beta'), assistant('pt'), assistant('es', true, 'demo')];
    expect(preferredAssistant(every, 'beta/en', 'demo')).toMatchObject({ server: 'beta', language: 'en' });
    expect(preferredAssistant(every, null, 'demo')).toMatchObject({ server: 'demo', language: 'es' });
    // A language alone is of the user's own server.
    expect(preferredAssistant(every, 'pt', 'acme')).toMatchObject({ server: 'acme', language: 'pt' });
    expect(preferredAssistant(every, 'gone/pt', 'nowhere')).toMatchObject({ server: 'acme', language: 'pt' });
  });

  it('has nothing to show for a server without assistants', () => {
    expect(preferredAssistant([], 'pt', 'acme')).toBeNull();
  });
});
