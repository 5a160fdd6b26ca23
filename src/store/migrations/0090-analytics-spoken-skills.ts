// A user message's skill in the analytics projection is the skill that spoke after it (a
// dialogue's question, an action server's text credited to its custom action's skill), not the
// first action's name (which, for a dialogue asking for its contexts, was the dialogue's): the
// definition of the transcript and the exports (src/analytics/project-events.ts `spokenSkillOf`).
// Rows projected before are fixed here by projecting the stored events again, in id order up to
// the projector's cursor, and updating `skill` and `previous_skill` where they differ: counts,
// fallbacks and curation marks stay as they are. The projector goes on from its cursor with the
// same code. What each sender's next page needs is kept in memory (one small entry per sender).
import type { Kysely, Migration } from 'kysely';
import { PROJECTED_EVENT_TYPES, projectEvents } from '../../analytics/project-events.js';
import type { ProjectorEvent, SenderPrior } from '../analytics/analytics-store.js';
import { analyticsSenderKey } from '../analytics/analytics-repository.js';
import { isSessionStartAction } from '../conversations/session-start.js';
import type { Database } from '../database-schema.js';

const EVENTS_PER_PAGE = 2_000;

export const analyticsSpokenSkills: Migration = {
  async up(untyped: Kysely<unknown>) {
    const db = untyped as unknown as Kysely<Database>;
    const cursor = await db.selectFrom('analytics_cursor').select('last_event_id').where('name', '=', 'projector').executeTakeFirst();
    const upTo = Number(cursor?.last_event_id ?? 0);
    const priors = new Map<string, SenderPrior>();
    /** Each sender's prior by the id of its latest message, so that a page's updates find it at once. */
    const byLastMessage = new Map<number, SenderPrior>();
    const setLastMessage = (prior: SenderPrior, last: SenderPrior['lastMessage']) => {
      if (prior.lastMessage !== undefined) byLastMessage.delete(prior.lastMessage.id);
      if (last === undefined) delete prior.lastMessage;
      else {
        prior.lastMessage = last;
        byLastMessage.set(last.id, prior);
      }
    };
    let after = 0;
    while (after < upTo) {
      const rows = await db
        .selectFrom('events')
        .select(['id', 'assistant_id', 'sender_id', 'type', 'timestamp', 'data'])
        .where('id', '>', after)
        .where('id', '<=', upTo)
        .where('type', 'in', [...PROJECTED_EVENT_TYPES])
        .orderBy('id')
        .limit(EVENTS_PER_PAGE)
        .execute();
      if (rows.length === 0) break;
      const events: ProjectorEvent[] = rows.map((row) => ({
        id: Number(row.id),
        assistantId: row.assistant_id,
        senderId: row.sender_id,
        type: row.type,
        timestamp: row.timestamp,
        event: JSON.parse(row.data) as ProjectorEvent['event'],
      }));
      after = events[events.length - 1]?.id ?? upTo;
      const writes = projectEvents(events, priors);

      const derived = new Map<number, { skill: string | null; previousSkill?: string | null }>();
      for (const message of writes.messages) derived.set(message.id, { skill: message.skill, previousSkill: message.previousSkill });
      for (const update of writes.messageUpdates) derived.set(update.id, { ...derived.get(update.id), skill: update.skill });
      await updateChanged(db, derived);

      // What the next page needs of each sender, as the store's priors (analytics-repository.ts).
      for (const event of events) {
        const key = analyticsSenderKey(event.assistantId, event.senderId);
        const prior = priors.get(key) ?? { previousWasSessionAction: false };
        prior.previousWasSessionAction = isSessionStartAction(event.event);
        priors.set(key, prior);
      }
      for (const update of writes.messageUpdates) {
        // The sender whose latest message it is, by an index (not a scan of every sender's).
        const prior = byLastMessage.get(update.id);
        if (prior?.lastMessage?.id === update.id) prior.lastMessage = { id: update.id, skill: update.skill, fallback: update.fallback };
      }
      for (const session of writes.sessions) {
        const prior = priors.get(analyticsSenderKey(session.assistantId, session.senderId));
        if (prior === undefined || (prior.session !== undefined && prior.session.lastEventId > session.lastEventId)) continue;
        if (prior.session?.id !== session.id) setLastMessage(prior, undefined);
        prior.session = { id: session.id, lastEventId: session.lastEventId };
      }
      for (const message of writes.messages) {
        const prior = priors.get(analyticsSenderKey(message.assistantId, message.senderId));
        if (prior?.session?.id === message.sessionId && (prior.lastMessage === undefined || prior.lastMessage.id < message.id)) {
          setLastMessage(prior, { id: message.id, skill: message.skill, fallback: message.fallback });
        }
      }
    }
  },
  async down() {
    // Nothing to undo: the skills of the rows are those the code of the time projects.
  },
};

async function updateChanged(db: Kysely<Database>, derived: Map<number, { skill: string | null; previousSkill?: string | null }>): Promise<void> {
  const ids = [...derived.keys()];
  for (let start = 0; start < ids.length; start += 500) {
    const stored = await db.selectFrom('analytics_messages').select(['id', 'skill', 'previous_skill']).where('id', 'in', ids.slice(start, start + 500)).execute();
    for (const row of stored) {
      const want = derived.get(Number(row.id));
      if (want === undefined) continue;
      const previousSkill = want.previousSkill === undefined ? row.previous_skill : want.previousSkill;
      if (want.skill === row.skill && previousSkill === row.previous_skill) continue;
      await db.updateTable('analytics_messages').set({ skill: want.skill, previous_skill: previousSkill }).where('id', '=', row.id).execute();
    }
  }
}
