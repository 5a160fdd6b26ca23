import { describe, expect, it } from 'vitest';
import type { ReminderRecord } from '../store/reminders/reminder-store.js';
import type { TrackerEvent } from '../tracker/events.js';
import { validateEvents } from '../tracker/validate-events.js';
import { cancels, firingDecision, reminderChange, reminderDueAt, reminderProblem } from './reminder-rules.js';

const record = (name: string, extra: Partial<ReminderRecord> = {}): ReminderRecord => ({
  id: 7,
  assistantId: 1,
  senderId: 'u',
  name,
  intent: 'lembrete',
  entities: null,
  dueAt: 100,
  killOnUserMessage: true,
  outputChannel: null,
  scheduledAt: 10,
  attempts: 1,
  ...extra,
});
const event = (type: string, fields: Record<string, unknown> = {}, timestamp = 10): TrackerEvent => ({ event: type, timestamp, ...fields }) as TrackerEvent;
const scheduled = (name: string) => event('reminder', { name, intent: 'lembrete', date_time: '2026-12-07T10:00:00Z', entities: null, kill_on_user_msg: true });

describe('reminder rules (Rasa)', () => {
  it('reads ISO-8601 date-times as Python writes them', () => {
    expect(reminderDueAt('2026-12-07T10:00:00Z')).toBe(Date.UTC(2026, 11, 7, 10) / 1000);
    // An impossible day is refused, as Python's fromisoformat refuses it (JavaScript would move it to March).
    expect(reminderDueAt('2026-02-30T10:00:00Z')).toBeUndefined();
    expect(reminderDueAt('2026-02-31')).toBeUndefined();
    expect(reminderDueAt('2028-02-29T10:00:00Z')).toBe(Date.UTC(2028, 1, 29, 10) / 1000);
    expect(reminderDueAt('2026-12-07T10:00:00.123456+00:00')).toBe(Date.UTC(2026, 11, 7, 10, 0, 0, 123) / 1000);
    expect(reminderDueAt('2026-12-07T07:00:00-0300')).toBe(Date.UTC(2026, 11, 7, 10) / 1000);
    expect(reminderDueAt('2026-12-07 10:00:00+00:00')).toBe(Date.UTC(2026, 11, 7, 10) / 1000);
    for (const bad of ['amanhã', '2026-13-40T10:00:00Z', '10:00', '']) expect(reminderDueAt(bad), bad).toBeUndefined();
  });

  it('checks posted reminders and fills what Rasa fills', () => {
    const now = Date.UTC(2026, 11, 7) / 1000;
    const ok = validateEvents({ event: 'reminder', intent: 'lembrete', date_time: '2026-12-08T10:00:00Z' }, now);
    expect(ok).toMatchObject({ ok: true, events: [{ name: expect.stringMatching(/^[0-9a-f-]{36}$/), kill_on_user_msg: true, entities: null }] });
    expect(validateEvents({ event: 'reminder', intent: 'lembrete', date_time: '2028-12-08T10:00:00Z' }, now)).toEqual({ ok: false, message: 'the event ("reminder"): date_time must be at most a year ahead' });
    expect(validateEvents({ event: 'reminder', intent: 'lembrete', date_time: '2026-12-08T10:00:00Z', kill_on_user_msg: 'yes' }, now)).toMatchObject({ ok: false });
    expect(validateEvents({ event: 'reminder', intent: 'lembrete', date_time: '2026-12-08T10:00:00Z', name: 'x'.repeat(257) }, now)).toMatchObject({ ok: false });
    // A past one is taken (it fires at once), so histories put back whole still validate.
    expect(validateEvents({ event: 'reminder', intent: 'lembrete', date_time: '2020-01-01T00:00:00Z', name: 'old' }, now)).toMatchObject({ ok: true });
  });

  it('cancels by every field given, all without any', () => {
    const reminder = { name: 'a', intent: 'lembrete', entities: [{ entity: 'item', value: 'x' }] };
    expect(cancels(event('cancel_reminder', { name: 'a' }), reminder)).toBe(true);
    expect(cancels(event('cancel_reminder', { name: 'b' }), reminder)).toBe(false);
    expect(cancels(event('cancel_reminder', { intent: 'lembrete', entities: [{ entity: 'item', value: 'x' }] }), reminder)).toBe(true);
    expect(cancels(event('cancel_reminder', { intent: 'lembrete', entities: [{ entity: 'item', value: 'y' }] }), reminder)).toBe(false);
    expect(cancels(event('cancel_reminder', { intent: 'outro' }), reminder)).toBe(false);
    expect(cancels(event('cancel_reminder', { name: null, intent: null, entities: null }), reminder)).toBe(true);
  });

  it('fires only while its event is in the session, the user silent (kill_on_user_msg), the session alive, and once', () => {
    const user = (text: string, timestamp = 20, metadata: Record<string, unknown> = {}) => event('user', { text, metadata }, timestamp);
    expect(firingDecision(record('a'), [user('oi', 5), scheduled('a')], 100, 3600)).toEqual({ fire: true });
    expect(firingDecision(record('a'), [scheduled('a'), user('oi')], 100, 3600)).toEqual({ fire: false, reason: 'user_message' });
    expect(firingDecision(record('a', { killOnUserMessage: false }), [scheduled('a'), user('oi')], 100, 3600)).toEqual({ fire: true });
    // Scheduled again after the message: the latest event counts.
    expect(firingDecision(record('a'), [scheduled('a'), user('oi'), scheduled('a')], 100, 3600)).toEqual({ fire: true });
    expect(firingDecision(record('a'), [scheduled('a'), event('restart')], 100, 3600)).toEqual({ fire: false, reason: 'restarted' });
    expect(firingDecision(record('a'), [scheduled('a'), event('session_started')], 100, 3600)).toEqual({ fire: false, reason: 'restarted' });
    expect(firingDecision(record('b'), [scheduled('a')], 100, 3600)).toEqual({ fire: false, reason: 'restarted' });
    expect(firingDecision(record('a'), [user('oi', 5), scheduled('a')], 5 + 3601, 3600)).toEqual({ fire: false, reason: 'expired' });
    expect(firingDecision(record('a'), [scheduled('a'), event('pause')], 100, 3600)).toEqual({ fire: false, reason: 'paused' });
    expect(firingDecision(record('a'), [scheduled('a'), event('pause'), event('resume')], 100, 3600)).toEqual({ fire: true });
    expect(firingDecision(record('a', { killOnUserMessage: false }), [scheduled('a'), user('EXTERNAL: lembrete', 100, { reminder_id: 7 })], 100, 3600)).toEqual({ fire: false, reason: 'fired' });
  });

  it('applies a batch in order: a name replaces, a cancellation removes what came before it', () => {
    const where = { assistantId: 1, senderId: 'u', outputChannel: null, now: 10 };
    const change = reminderChange([record('a', { id: 1 }), record('b', { id: 2 })], [scheduled('a'), scheduled('c'), event('cancel_reminder', { name: 'c' }), event('cancel_reminder', { name: 'b' }), scheduled('d')], where);
    expect(change.remove.sort()).toEqual([1, 2]);
    expect(change.add.map((reminder) => reminder.name)).toEqual(['a', 'd']);
  });
});

describe('reminderProblem', () => {
  const now = Date.UTC(2026, 11, 7, 10) / 1000;
  const event = { event: 'reminder', intent: 'lembrete', date_time: '2026-12-07T11:00:00Z', entities: null };
  it('bounds the intent and the entities, naming the field', () => {
    expect(reminderProblem(event, now)).toBeUndefined();
    expect(reminderProblem({ ...event, intent: 'x'.repeat(257) }, now)).toMatch(/^intent must have at most 256 characters/);
    expect(reminderProblem({ ...event, entities: { item: 'x'.repeat(17_000) } }, now)).toMatch(/^entities must take at most 16 KB/);
    expect(reminderProblem({ ...event, entities: [{ entity: 'item', value: 'remédio' }] }, now)).toBeUndefined();
  });
});
