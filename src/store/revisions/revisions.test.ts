// The access revision: raised by the database's triggers on every change of servers, assistants
// and their secrets, so another process's store sees it move; this store's own writes are also told
// to its listeners at once.
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../create-store.js';
import { storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: the access revision', (variant) => {
  afterAll(() => variant.cleanup());

  it('grows with every change of servers, assistants and secrets, seen by another store on the same database', async () => {
    const location = await variant.location();
    const writer = await createStore(location);
    const reader = await createStore(location);
    try {
      const told: number[] = [];
      writer.revisions.onAccessChange(() => told.push(told.length + 1));
      let last = await reader.revisions.access();
      const moved = async (): Promise<boolean> => {
        const now = await reader.revisions.access();
        const grew = now > last;
        last = now;
        return grew;
      };

      await writer.servers.create({ name: 'acme' });
      expect(await moved()).toBe(true);
      const assistant = await writer.assistants.create({ serverName: 'acme', language: 'pt' });
      expect(await moved()).toBe(true);
      await writer.assistants.update(assistant.id, { apiAllowedCidrs: ['10.0.0.0/8'] });
      expect(await moved()).toBe(true);
      await writer.assistants.update(assistant.id, { enabled: false });
      expect(await moved()).toBe(true);
      await writer.servers.update('acme', { enabled: false });
      expect(await moved()).toBe(true);
      await writer.secrets.set(assistant.id, 'api_token', 'sealed-1');
      expect(await moved()).toBe(true);
      await writer.secrets.set(assistant.id, 'api_token', 'sealed-2');
      expect(await moved()).toBe(true);
      await writer.secrets.delete(assistant.id, 'api_token');
      expect(await moved()).toBe(true);
      expect(told).toHaveLength(8);

      // What does not touch access leaves it alone (the chat's hot path above all).
      await writer.secrets.delete(assistant.id, 'api_token');
      await writer.conversations.append(assistant.id, 'u1', [{ event: 'user', timestamp: 1, text: 'oi' }]);
      await writer.content.save(assistant.id, { themes: [{ name: 'geral' }], intents: [], contexts: [], regexes: [], skills: [], dialogues: [] }, 'merge');
      expect(await moved()).toBe(false);
      expect(told).toHaveLength(8);

      // Either process's changes move the one number both read.
      await reader.assistants.update(assistant.id, { name: 'Outro nome' });
      expect(await writer.revisions.access()).toBe(await reader.revisions.access());
      expect(await moved()).toBe(true);
      expect(told).toHaveLength(8);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
