import { describe, expect, it } from 'vitest';
import { buttonsFromRasa, elementsFromRasa, withElementsAsText } from './bot-message.js';

describe("a bot message's parts from Rasa", () => {
  it('takes quick replies before buttons, drops untitled ones, sends the title of one without payload', () => {
    expect(buttonsFromRasa({ quick_replies: [{ title: 'Q' }], buttons: [{ title: 'B', payload: 'b' }] })).toEqual([{ title: 'Q', payload: 'Q' }]);
    expect(buttonsFromRasa({ quick_replies: [], buttons: [{ title: 'B', payload: 'b' }, { payload: 'x' }, 'y'] })).toEqual([{ title: 'B', payload: 'b' }]);
    expect(buttonsFromRasa({})).toEqual([]);
  });

  it('keeps only object elements', () => {
    expect(elementsFromRasa([{ title: 'T' }, 'x', null, [1]])).toEqual([{ title: 'T' }]);
    expect(elementsFromRasa([])).toBeUndefined();
    expect(elementsFromRasa('x')).toBeUndefined();
  });

  it('turns elements into messages of "title : subtitle" and their buttons, after the message itself', () => {
    expect(
      withElementsAsText([{ text: 'Cards', elements: [{ title: 'T1', subtitle: 'S1', buttons: [{ title: 'Ver', payload: '/ver' }] }, { title: 'T2' }] }, { text: 'Depois' }]),
    ).toEqual([{ text: 'Cards' }, { text: 'T1 : S1', buttons: [{ title: 'Ver', payload: '/ver' }] }, { text: 'T2 : ' }, { text: 'Depois' }]);
    expect(withElementsAsText([{ elements: [{ title: 'Só' }] }])).toEqual([{ text: 'Só : ' }]);
  });
});
