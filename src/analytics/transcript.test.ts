// The transcript's handoff moments: a handoff is only a transfer to human service (nobody has the
// conversation yet, as the inbox says "aguardando"); a person taking it is its own moment, named.
import { describe, expect, it } from 'vitest';
import { handoffPauseEvent, handoffResumeEvent, handoffTakenEvent, handoffTransferredEvent } from '../handoff/handoff-tracker-events.js';
import type { StoredEvent } from '../store/store.js';
import { transcriptEntries } from './transcript.js';

const stored = (events: Array<Record<string, unknown> & { event: string; timestamp: number }>): StoredEvent[] => events.map((event, index) => ({ id: index + 1, event }));

describe('transcript: the handoff', () => {
  const start = [
    { event: 'action', timestamp: 1, name: 'action_session_start' },
    { event: 'session_started', timestamp: 1 },
    { event: 'user', timestamp: 2, text: 'quero falar com um atendente', parse_data: { intent: { name: 'falar_com_atendente', confidence: 0.9 } } },
  ];

  it('a conversation handed off that nobody took is only transferred to human service', () => {
    const { entries } = transcriptEntries(stored([...start, handoffPauseEvent(3, {}, { reason: 'skill', detail: 'encaminhar_atendente', outsideHours: false }) as StoredEvent['event']]), new Map(), false);
    expect(entries.filter((entry) => entry.kind !== 'user')).toEqual([{ id: 4, kind: 'handoff', time: 3 }]);
  });

  it('names the person who took it, passed it on and gave it back', () => {
    const events = [
      ...start,
      handoffPauseEvent(3, {}, { reason: 'skill', detail: 'encaminhar_atendente', outsideHours: false }),
      handoffTakenEvent(4, 7, 'beto'),
      handoffTransferredEvent(5, 7, 'beto', 'carla'),
      handoffResumeEvent(6, 7, 'carla'),
    ] as Array<StoredEvent['event']>;
    const { entries } = transcriptEntries(stored(events), new Map(), false);
    expect(entries.filter((entry) => entry.kind !== 'user')).toEqual([
      { id: 4, kind: 'handoff', time: 3 },
      { id: 5, kind: 'taken', time: 4, agent: 'beto' },
      { id: 6, kind: 'transferred', time: 5, agent: 'carla', from: 'beto' },
      { id: 7, kind: 'resume', time: 6, agent: 'carla' },
    ]);
  });
});
