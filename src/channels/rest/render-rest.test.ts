import { describe, expect, it } from 'vitest';
import { renderForRest } from './render-rest.js';

// reference/rasa-protocol.md §2 and §8 items 1–3.
describe('renderForRest', () => {
  it('renders plain text with recipient_id', () => {
    expect(renderForRest('u1', { text: 'hey' })).toEqual([{ recipient_id: 'u1', text: 'hey' }]);
  });

  it('splits text on blank lines, keeping single newlines and inner spaces', () => {
    expect(renderForRest('u1', { text: 'one  \nline\n\ntwo' })).toEqual([
      { recipient_id: 'u1', text: 'one  \nline' },
      { recipient_id: 'u1', text: 'two' },
    ]);
  });

  it('sends each element last, as "title : subtitle" with its buttons (Rasa\'s default send_elements)', () => {
    const elements = [{ title: 'T1', subtitle: 'S1', buttons: [{ title: 'Ver', payload: '/ver' }] }, { title: 'T2' }];
    expect(renderForRest('u1', { text: 'Cards', elements })).toEqual([
      { recipient_id: 'u1', text: 'Cards' },
      { recipient_id: 'u1', text: 'T1 : S1', buttons: [{ title: 'Ver', payload: '/ver' }] },
      { recipient_id: 'u1', text: 'T2 : ', buttons: [] },
    ]);
  });

  it('does not split text that carries buttons', () => {
    const buttons = [{ title: 'Sim', payload: 'sim' }];
    expect(renderForRest('u1', { text: 'a\n\nb', buttons })).toEqual([{ recipient_id: 'u1', text: 'a\n\nb', buttons }]);
    // No text: the key is left out, as Rasa drops null keys.
    expect(renderForRest('u1', { buttons })).toEqual([{ recipient_id: 'u1', buttons }]);
  });

  it('renders an image alone, and text then image', () => {
    expect(renderForRest('u1', { image: 'https://x/i.png' })).toEqual([{ recipient_id: 'u1', image: 'https://x/i.png' }]);
    expect(renderForRest('u1', { text: 'look', image: 'https://x/i.png' })).toEqual([
      { recipient_id: 'u1', text: 'look' },
      { recipient_id: 'u1', image: 'https://x/i.png' },
    ]);
  });

  it('renders text then custom, then attachment', () => {
    expect(renderForRest('u1', { text: 't', custom: { a: 1 }, attachment: 'https://x/a.pdf' })).toEqual([
      { recipient_id: 'u1', text: 't' },
      { recipient_id: 'u1', custom: { a: 1 } },
      { recipient_id: 'u1', attachment: 'https://x/a.pdf' },
    ]);
  });

  it('drops empty text', () => {
    expect(renderForRest('u1', { text: '   ' })).toEqual([]);
  });
});
