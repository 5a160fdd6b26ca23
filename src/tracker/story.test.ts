import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { actionEvent, sessionStartEvents, slotEvent, type TrackerEvent } from './events.js';
import { storyYaml } from './story.js';

const user = (text: string, intent: string, timestamp: number): TrackerEvent => ({ event: 'user', timestamp, text, parse_data: { intent: { name: intent, confidence: 1 } } });

describe('storyYaml', () => {
  const events = [
    ...sessionStartEvents(1, {}, {}),
    user('oi', 'cumprimentar', 2),
    actionEvent('responder_cumprimento', 2),
    actionEvent('action_listen', 2),
    ...sessionStartEvents(5000, {}, {}),
    user('meu nome é Ana', 'informar_nome', 5001),
    slotEvent('nome', 'Ana', 5001),
    actionEvent('cumprimentar_pelo_nome', 5001),
  ];

  it("writes the current session as a Rasa story", () => {
    expect(parse(storyYaml('joao', events))).toEqual({
      version: '3.1',
      stories: [
        {
          story: 'joao',
          steps: [{ intent: 'informar_nome', user: 'meu nome é Ana' }, { slot_was_set: [{ nome: 'Ana' }] }, { action: 'cumprimentar_pelo_nome' }],
        },
      ],
    });
  });

  it("writes a loop's start and end, Rasa 1's form events included", () => {
    const loop: TrackerEvent[] = [user('quero pedir', 'pedir', 1), { event: 'form', timestamp: 1, name: 'pedido_form' }, { event: 'active_loop', timestamp: 2, name: null }];
    const story = parse(storyYaml('ana', loop)) as { stories: Array<{ steps: unknown[] }> };
    expect(story.stories[0]?.steps).toEqual([{ intent: 'pedir', user: 'quero pedir' }, { active_loop: 'pedido_form' }, { active_loop: null }]);
  });

  it('writes every session when asked', () => {
    const stories = (parse(storyYaml('joao', events, { allSessions: true })) as { stories: Array<{ story: string }> }).stories;
    expect(stories.map((story) => story.story)).toEqual(['joao, story 1', 'joao, story 2']);
  });
});
