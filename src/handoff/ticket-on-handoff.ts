// A ticket for a handoff outside office hours (issue 20, item 3): when the assistant has the 4biz
// tickets pack and its handoff settings ask for it (`ticketOutsideHours`), the pack's "ticket
// opened" custom skill runs with the conversation so far as the description, and the user is told
// its answer (the ticket's number) through their channel, as an agent's message would be. The
// handoff stays open for the agents. A failure is logged; the handoff stands either way.
import type { Logger } from 'pino';
import { TICKET_OPENED_SKILL } from '../packs/fourbiz-tickets/fourbiz-tickets-pack.js';
import type { HandoffRecord, Store } from '../store/store.js';
import type { CustomSkillAnswerer } from '../third-party-apis/custom-skill-answer.js';
import { readConversationState } from '../tracker/conversation-state.js';
import type { HandoffService } from './handoff-service.js';
import { readHandoffSettings } from './handoff-settings.js';

/** The description's longest length: the last lines of the conversation are kept. */
const MAX_DESCRIPTION = 4000;
/** How the description names who said each line, in the assistant's language. */
const SPEAKERS: Record<string, { user: string; bot: string }> = {
  pt: { user: 'Usuário', bot: 'Assistente' },
  en: { user: 'User', bot: 'Assistant' },
  es: { user: 'Usuario', bot: 'Asistente' },
};
/** Who the message is from, in the tracker's metadata. */
export const TICKET_SENDER = 'ticket';

export function ticketOnHandoff(deps: { store: Store; customSkills: CustomSkillAnswerer; logger: Logger }) {
  return async (handoff: HandoffRecord, service: HandoffService): Promise<void> => {
    if (!handoff.outsideHours) return;
    const { store, customSkills, logger } = deps;
    const assistant = await store.assistants.getById(handoff.assistantId);
    if (!assistant || !readHandoffSettings(assistant.settings.handoff).ticketOutsideHours) return;
    const skill = (await store.content.load(assistant.id)).skills.find((candidate) => candidate.name === TICKET_OPENED_SKILL && candidate.kind === 'custom');
    if (!skill) return;
    const events = (await store.conversations.sessionEvents(assistant.id, handoff.senderId)).map((entry) => entry.event);
    const state = readConversationState(events);
    const speakers = SPEAKERS[assistant.language] ?? (SPEAKERS['en'] as { user: string; bot: string });
    const lines = events
      .filter((event) => (event.event === 'user' || event.event === 'bot') && typeof event['text'] === 'string')
      .map((event) => `${event.event === 'user' ? speakers.user : speakers.bot}: ${String(event['text'])}`);
    let description = lines.join('\n');
    if (description.length > MAX_DESCRIPTION) description = `…${description.slice(-MAX_DESCRIPTION)}`;
    const result = await customSkills.answer({
      assistantId: assistant.id,
      sender: handoff.senderId,
      skill,
      slots: { ...state.slots, ticket_description: description },
      text: '',
      language: assistant.language,
      random: Math.random,
      now: Date.now() / 1000,
      history: async () => [],
    });
    if (result.failure) {
      logger.warn({ handoffId: handoff.id, api: result.failure.api, outcome: result.failure.outcome }, 'handoff: the ticket outside office hours was not opened');
      return;
    }
    if (result.message.text) await service.tell(assistant, handoff.senderId, result.message.text, TICKET_SENDER);
  };
}
