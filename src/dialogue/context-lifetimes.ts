// How long a context's value is remembered (src/assistant/content.ts `ContextLifetime`):
// - conversation (the default): across sessions, as Rasa carries slots over;
// - session: a new session starts without it;
// - dialogue: it belongs to the flow (a main dialogue and its follow-ups) that filled it, and is
//   forgotten when another dialogue starts: a main dialogue answering its intent anew (the same one
//   too: a new request starts clean), or a follow-up of another flow. Follow-ups of its own flow
//   and the turns of a dialogue asking for contexts keep it. A value set from outside (the
//   conversations API, 4biz's Parameters API) or before any dialogue belongs to the next flow
//   that starts, so a value set just before `trigger_intent` reaches the dialogue it is for.
// Forgetting is a `slot` event with a null value, as in Rasa; the owner is the slot event's
// `metadata.dialogue` (src/tracker/conversation-state.ts).
import type { Context, ContextLifetime } from '../assistant/content.js';
import { isSet } from '../skills/conditions.js';
import type { ConversationState } from '../tracker/conversation-state.js';
import { REQUESTED_SLOT, SESSION_STARTED_METADATA_SLOT } from '../tracker/events.js';

export function lifetimeOf(contexts: ReadonlyMap<string, Context>, name: string): ContextLifetime {
  return contexts.get(name)?.lifetime ?? 'conversation';
}

/** The slots a new session starts with, and the flow each belongs to. */
export function carriedOverSlots(state: ConversationState, contexts: ReadonlyMap<string, Context>): Array<{ name: string; value: unknown; owner: string | null }> {
  return Object.entries(state.slots)
    .filter(([name, value]) => name !== SESSION_STARTED_METADATA_SLOT && name !== REQUESTED_SLOT && value !== null && value !== undefined)
    .filter(([name]) => lifetimeOf(contexts, name) === 'conversation')
    .map(([name, value]) => ({ name, value, owner: state.slotOwners[name] ?? null }));
}

/**
 * What a dialogue answering changes: dialogue-lifetime values of another flow — or of any flow,
 * when a main dialogue starts anew (`fresh`) — are forgotten (null); values set from outside are
 * taken by this flow (set again, owned by it). Values the current message gave (`filledNow`)
 * already belong to it.
 */
export function slotsOnFlowStart(
  state: ConversationState,
  slots: Readonly<Record<string, unknown>>,
  contexts: ReadonlyMap<string, Context>,
  flow: string,
  filledNow: ReadonlySet<string>,
  fresh: boolean,
): Array<{ name: string; value: unknown }> {
  const changes: Array<{ name: string; value: unknown }> = [];
  for (const [name, value] of Object.entries(slots)) {
    if (filledNow.has(name) || !isSet(value) || lifetimeOf(contexts, name) !== 'dialogue') continue;
    const owner = state.slotOwners[name] ?? null;
    if (owner === null) changes.push({ name, value });
    else if (fresh || owner !== flow) changes.push({ name, value: null });
  }
  return changes;
}
