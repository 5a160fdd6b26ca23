import { afterAll, describe, expect, it } from 'vitest';
import { PROJECTED_EVENT_TYPES, projectEvents } from '../../analytics/project-events.js';
import { sessionStart } from '../../analytics/turn-events.js';
import { ACTION_LISTEN, actionEvent, botEvent, emptyBotData, userEvent } from '../../tracker/events.js';
import { createStore } from '../create-store.js';
import { openDatabase } from '../database.js';
import { storeVariants } from '../test-stores.js';
import { analyticsSpokenSkills } from './0090-analytics-spoken-skills.js';

const T0 = 1_750_000_000;

function dialogueTurn(text: string, intent: string, question: string, at: number) {
  const metadata = { assistant_id: '1', model_id: 'model-1' };
  return [
    userEvent({ text, parseData: { text, intent: { name: intent, confidence: 0.9 }, entities: [], intent_ranking: [] }, inputChannel: 'rest', metadata: {} }, at),
    actionEvent('chamado', at, { policy: 'DialoguePolicy', confidence: 0.9, metadata: { ...metadata, dialogue: 'chamado' } }),
    botEvent(question, emptyBotData(), at, { utter_action: question, dialogue: 'chamado', ...metadata }),
    actionEvent(ACTION_LISTEN, at, { metadata }),
  ];
}

describe.each(storeVariants())('$name store: migration 0090 (the skill that spoke)', (variant) => {
  afterAll(() => variant.cleanup());

  it('gives the rows projected before the skill that spoke after each message, keeping counts and curation', async () => {
    const location = await variant.location();
    const store = await createStore(location);
    await store.servers.create({ name: 'acme' });
    const assistant = await store.assistants.create({ serverName: 'acme', language: 'pt' });
    await store.conversations.append(assistant.id, 'ana', [
      ...sessionStart(T0),
      ...dialogueTurn('quero abrir um chamado', 'abrir_chamado', 'perguntar_descricao', T0 + 1),
      ...dialogueTurn('não liga', 'nlu_fallback', 'confirmar_chamado', T0 + 2),
    ]);
    await store.analytics.project({ limit: 500, types: PROJECTED_EVENT_TYPES, build: projectEvents });
    const db = openDatabase(location);
    try {
      // As the projection before this change wrote them: the dialogue's name as the skill.
      await db.updateTable('analytics_messages').set({ skill: 'chamado' }).execute();
      const [first] = await db.selectFrom('analytics_messages').select('id').orderBy('id').execute();
      await store.analytics.setReview(assistant.id, Number(first!.id), { status: 'reviewed', intent: null, by: 'ana', at: T0 + 10 });
      await analyticsSpokenSkills.up(db);
      const rows = await db.selectFrom('analytics_messages').select(['text', 'skill', 'previous_skill', 'fallback', 'review_status']).orderBy('id').execute();
      expect(rows.map((row) => [row.text, row.skill, row.previous_skill, Number(row.fallback), row.review_status])).toEqual([
        ['quero abrir um chamado', 'perguntar_descricao', null, 0, 'reviewed'],
        ['não liga', 'confirmar_chamado', 'perguntar_descricao', 0, null],
      ]);
      const [session] = await store.analytics.listSessions({ assistantId: assistant.id, from: 0, to: T0 * 2, sort: 'started_at', direction: 'desc', limit: 5 });
      expect([session?.userMessages, session?.fallbacks]).toEqual([2, 0]);
    } finally {
      await db.destroy();
      await store.close();
    }
  });
});
