import { describe, expect, it } from 'vitest';
import { emptyContent, type AssistantContent } from '../assistant/content.js';
import { DialoguePolicy } from './dialogue-policy.js';

function content(): AssistantContent {
  return {
    ...emptyContent(),
    skills: [
      { name: 'ask_rating', fallback: false, kind: 'buttons', texts: ['Rate me?'], buttons: [{ title: 'Yes', payload: 'yes' }] },
      { name: 'thanks_for_yes', fallback: false, kind: 'text', texts: ['Thanks!'] },
      { name: 'plain_yes', fallback: false, kind: 'text', texts: ['Yes to what?'] },
      { name: 'sorry', fallback: true, kind: 'text', texts: ['Sorry?'] },
    ],
    dialogues: [
      { name: 'rating', intents: ['rate'], skill: 'ask_rating' },
      { name: 'rating_yes', intents: ['yes'], skill: 'thanks_for_yes', followUpOf: 'rating' },
      { name: 'yes', intents: ['yes'], skill: 'plain_yes' },
    ],
  };
}

describe('DialoguePolicy', () => {
  const policy = new DialoguePolicy(content());

  it("answers an intent with its dialogue's skill", () => {
    const choice = policy.next('rate', null);
    expect(choice.dialogue?.name).toBe('rating');
    expect(choice.skill?.name).toBe('ask_rating');
    expect(choice.isFallback).toBe(false);
  });

  it('prefers the follow-up of the previous dialogue', () => {
    expect(policy.next('yes', 'rating').dialogue?.name).toBe('rating_yes');
  });

  it('applies a follow-up only right after its main dialogue', () => {
    expect(policy.next('yes', null).dialogue?.name).toBe('yes');
    expect(policy.next('yes', 'yes').dialogue?.name).toBe('yes');
  });

  it('falls back for nlu_fallback and for intents without a dialogue', () => {
    for (const intent of ['nlu_fallback', 'unknown']) {
      const choice = policy.next(intent, 'rating');
      expect(choice).toMatchObject({ dialogue: null, isFallback: true });
      expect(choice.skill?.name).toBe('sorry');
    }
  });

  it('answers nothing when there is no fallback skill', () => {
    const withoutFallback = new DialoguePolicy({ ...content(), skills: content().skills.filter((skill) => !skill.fallback) });
    expect(withoutFallback.next('unknown', null)).toEqual({ dialogue: null, skill: null, isFallback: true });
  });
});
