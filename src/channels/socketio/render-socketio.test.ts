import { describe, expect, it } from 'vitest';
import { renderForSocketIo } from './render-socketio.js';

describe('renderForSocketIo', () => {
  it('emits text alone as {text}, one emit per blank-line part, trailing spaces inside a part kept', () => {
    expect(renderForSocketIo({ text: ' Olá  \n\nComo vai?\nTudo bem ' })).toEqual([{ text: 'Olá  ' }, { text: 'Como vai?\nTudo bem' }]);
  });

  it('emits nothing for empty text', () => {
    expect(renderForSocketIo({ text: '   ' })).toEqual([]);
  });

  it('puts buttons on the last text part as quick_replies with only content_type, title and payload; the parts before it carry empty quick_replies, as Rasa 3 sends them', () => {
    const buttons = [
      { title: 'Sim', payload: 'sim' },
      { title: 'Não', payload: 'não' },
    ];
    expect(renderForSocketIo({ text: 'Antes\n\nVocê poderia avaliar?', buttons })).toEqual([
      { text: 'Antes', quick_replies: [] },
      {
        text: 'Você poderia avaliar?',
        quick_replies: [
          { content_type: 'text', title: 'Sim', payload: 'sim' },
          { content_type: 'text', title: 'Não', payload: 'não' },
        ],
      },
    ]);
    expect(renderForSocketIo({ buttons: [{ title: 'A', payload: '/a' }] })).toEqual([{ text: '', quick_replies: [{ content_type: 'text', title: 'A', payload: '/a' }] }]);
  });

  it('keeps a link button\'s type and url on its quick reply, which rasa-webchat and our widget open as a link', () => {
    const buttons = [
      { title: 'Portal', payload: 'Portal', type: 'web_url', url: 'https://portal.example.com' },
      { title: 'Sim', payload: 'sim', type: 'postback' },
    ];
    expect(renderForSocketIo({ text: 'Veja', buttons })).toEqual([
      {
        text: 'Veja',
        quick_replies: [
          { content_type: 'text', title: 'Portal', payload: 'Portal', type: 'web_url', url: 'https://portal.example.com' },
          { content_type: 'text', title: 'Sim', payload: 'sim' },
        ],
      },
    ]);
  });

  it('emits an image as an image attachment after its text', () => {
    expect(renderForSocketIo({ text: 'Este sou eu', image: 'https://example.com/robot.png' })).toEqual([
      { text: 'Este sou eu' },
      { attachment: { type: 'image', payload: { src: 'https://example.com/robot.png' } } },
    ]);
  });

  it('emits an attachment as given, and a custom payload as its data (Rasa spreads it into emit)', () => {
    expect(renderForSocketIo({ attachment: { type: 'video', payload: { src: 'v.mp4' } } })).toEqual([{ attachment: { type: 'video', payload: { src: 'v.mp4' } } }]);
    expect(renderForSocketIo({ custom: { data: { kind: 'card', title: 'x' } } })).toEqual([{ kind: 'card', title: 'x' }]);
    expect(renderForSocketIo({ custom: { kind: 'no data key' } })).toEqual([]);
  });

  it("emits a custom payload's data whatever its type, as Rasa's spread emit does", () => {
    expect(renderForSocketIo({ custom: { data: [1, 2] } })).toEqual([[1, 2]]);
    expect(renderForSocketIo({ custom: { data: 'plain text' } })).toEqual(['plain text']);
    expect(renderForSocketIo({ custom: { data: null } })).toEqual([]);
  });

  it('emits each element as a generic template of its own', () => {
    const elements = [{ title: 'T1', subtitle: 'S1' }, { title: 'T2' }];
    expect(renderForSocketIo({ elements })).toEqual([
      { attachment: { type: 'template', payload: { template_type: 'generic', elements: { title: 'T1', subtitle: 'S1' } } } },
      { attachment: { type: 'template', payload: { template_type: 'generic', elements: { title: 'T2' } } } },
    ]);
  });

  it('sends an image once when its attachment is the copy Rasa makes of it', () => {
    expect(renderForSocketIo({ image: 'https://x.example/y.png', attachment: 'https://x.example/y.png' })).toEqual([
      { attachment: { type: 'image', payload: { src: 'https://x.example/y.png' } } },
    ]);
  });

  it('keeps Rasa order: text, custom, image, attachment', () => {
    const out = renderForSocketIo({ text: 't', custom: { data: { c: 1 } }, image: 'i.png', attachment: 'a.pdf' });
    expect(out).toEqual([{ text: 't' }, { c: 1 }, { attachment: { type: 'image', payload: { src: 'i.png' } } }, { attachment: 'a.pdf' }]);
  });
});
