import { describe, expect, it } from 'vitest';
import { parseAssistantAddress } from './assistant-address.js';

describe('parseAssistantAddress', () => {
  it('reads SERVER/LANG in any case, with a region', () => {
    expect(parseAssistantAddress('demo/pt')).toEqual({ server: 'demo', language: 'pt' });
    expect(parseAssistantAddress(' ACME2/PT-BR ')).toEqual({ server: 'acme2', language: 'pt-br' });
    expect(parseAssistantAddress('acme/es-419')).toEqual({ server: 'acme', language: 'es-419' });
  });

  it('refuses other shapes', () => {
    for (const bad of ['demo', 'demo/', '/pt', 'de mo/pt', 'demo/portuguese', 'a/pt/x', 'ac-me/pt']) {
      expect(parseAssistantAddress(bad)).toBeNull();
    }
  });
});
