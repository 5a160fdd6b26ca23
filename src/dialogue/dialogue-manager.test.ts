import { describe, expect, it } from 'vitest';
import { emptyContent, type AssistantContent } from '../assistant/content.js';
import { applyEvents, readConversationState } from '../tracker/conversation-state.js';
import { sessionStartEvents, slotEvent } from '../tracker/events.js';
import { DialogueManager, type TurnRequest } from './dialogue-manager.js';

function content(): AssistantContent {
  return {
    ...emptyContent(),
    contexts: [
      { name: 'equipment', type: 'categorical', values: ['printer', 'monitor'] },
      { name: 'office', type: 'categorical', values: ['north', 'south'] },
    ],
    skills: [
      { name: 'ask_equipment', fallback: false, kind: 'text', texts: ['Which equipment?'] },
      { name: 'ask_office', fallback: false, kind: 'text', texts: ['Which office?'] },
      { name: 'ticket_opened', fallback: false, kind: 'text', texts: ['Ticket for the {equipment} in the {office} office.'] },
      { name: 'hello', fallback: false, kind: 'text', texts: ['Hello!'] },
      { name: 'sorry', fallback: true, kind: 'text', texts: ['Sorry?'] },
    ],
    dialogues: [
      {
        name: 'ticket',
        intents: ['open_ticket'],
        skill: 'ticket_opened',
        slots: [
          { context: 'equipment', question: 'ask_equipment' },
          { context: 'office', question: 'ask_office' },
        ],
      },
      { name: 'greeting', intents: ['greet'], skill: 'hello' },
    ],
  };
}

function request(manager: DialogueManager, state: TurnRequest['state'], text: string, intent: string, now: number): TurnRequest {
  const parse = { text, intent: { name: intent, confidence: 0.9 }, entities: [], intent_ranking: [{ name: intent, confidence: 0.9 }] };
  return { text, parse, external: false, state, messageSlots: [], now, metadata: {}, random: () => 0, sender: manager.language };
}

describe('DialogueManager: the slots of the state it answers from', () => {
  it('are read, never written: the turn sets its answers on its own copy and the state keeps what it had', () => {
    const manager = new DialogueManager(content(), 'en');
    const start = readConversationState([...sessionStartEvents(1, {}, {}), slotEvent('office', 'north', 1)]);
    const asked = manager.answer(request(manager, start, 'open a ticket', 'open_ticket', 2));
    expect(asked.messages.map((message) => message.text)).toEqual(['Which equipment?']);
    const asking = applyEvents(start, asked.events);
    const slotsBefore = { ...asking.slots };

    const answered = manager.answer(request(manager, asking, 'printer', 'nlu_fallback', 3));
    expect(answered.messages.map((message) => message.text)).toEqual(['Ticket for the printer in the north office.']);
    expect(asking.slots).toEqual(slotsBefore);
    expect(asking.slots['equipment']).toBeUndefined();
    expect(applyEvents(asking, answered.events).slots).toMatchObject({ equipment: 'printer', office: 'north', requested_slot: null });
  });

});
