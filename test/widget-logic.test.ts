// The widget's logic that needs no browser: what a bot_uttered shows, which strings a page gets,
// and the conversation kept in storage. The rest is tested in Chromium (web-chat.browser.test.ts).
import { describe, expect, it } from 'vitest';
import { ChatHistory, type KeyValueStorage } from '../widget/src/history.js';
import { toShown } from '../widget/src/shown-messages.js';
import { stringsFor } from '../widget/src/strings.js';
import { TypingIndicator } from '../widget/src/typing.js';

describe('toShown', () => {
  it('shows text, quick replies (or buttons), images and videos as the channel sends them', () => {
    expect(toShown({ text: 'Olá' })).toEqual([{ from: 'bot', text: 'Olá' }]);
    expect(toShown({ text: 'Avalia?', quick_replies: [{ content_type: 'text', title: 'Sim', payload: 'sim' }] })).toEqual([
      { from: 'bot', text: 'Avalia?', replies: [{ title: 'Sim', payload: 'sim' }] },
    ]);
    expect(toShown({ text: 'Veja', buttons: [{ title: 'Site', type: 'web_url', url: 'https://example.com' }, { title: 'Só título' }] })).toEqual([
      { from: 'bot', text: 'Veja', replies: [{ title: 'Site', payload: 'Site', url: 'https://example.com' }, { title: 'Só título', payload: 'Só título' }] },
    ]);
    expect(toShown({ attachment: { type: 'image', payload: { src: 'https://x/robot.png' } } })).toEqual([{ from: 'bot', image: 'https://x/robot.png' }]);
    expect(toShown({ attachment: { type: 'video', payload: { src: 'https://x/v.mp4' } } })).toEqual([{ from: 'bot', video: 'https://x/v.mp4' }]);
    expect(toShown({ attachment: 'https://x/doc.pdf' })).toEqual([{ from: 'bot', text: 'https://x/doc.pdf' }]);
  });

  it('turns a number into text (as webchat does) and never makes a javascript: link', () => {
    expect(toShown({ text: 42 })).toEqual([{ from: 'bot', text: '42' }]);
    expect(toShown({ text: 'x', buttons: [{ title: 'Bad', type: 'web_url', url: 'javascript:alert(1)' }] })).toEqual([
      { from: 'bot', text: 'x', replies: [{ title: 'Bad', payload: 'Bad' }] },
    ]);
    expect(toShown({ custom: { anything: true } } as never)).toEqual([]);
  });
});

describe('stringsFor', () => {
  it('picks pt-BR for any Portuguese, es for Spanish and English otherwise', () => {
    expect(stringsFor('pt').lang).toBe('pt-BR');
    expect(stringsFor('pt-PT').strings.send).toBe('Enviar');
    expect(stringsFor('es-AR').strings.inputLabel).toBe('Tu mensaje');
    expect(stringsFor('de').lang).toBe('en');
    expect(stringsFor('').strings.open).toBe('Open the chat');
  });
});

describe('TypingIndicator', () => {
  it('hides the dots when the server acknowledges the message and no answer came (a person holds the conversation)', () => {
    const element = { hidden: true };
    const typing = new TypingIndicator(element, () => undefined, 20_000);
    typing.sent();
    expect(element.hidden).toBe(false);
    typing.acknowledged();
    expect(element.hidden).toBe(true);
    typing.stop();
  });

  it('keeps them while a later message still waits, hides them on an answer, and after the timeout when nothing comes', async () => {
    const element = { hidden: true };
    const typing = new TypingIndicator(element, () => undefined, 30);
    typing.sent();
    typing.sent();
    typing.acknowledged();
    expect(element.hidden).toBe(false);
    typing.acknowledged();
    expect(element.hidden).toBe(true);
    typing.sent();
    typing.stop();
    expect(element.hidden).toBe(true);
    // A message whose acknowledgement never comes (the connection dropped): the dots go after the timeout.
    typing.sent();
    expect(element.hidden).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(element.hidden).toBe(true);
    // …and the next message's acknowledgement hides them again.
    typing.sent();
    typing.acknowledged();
    expect(element.hidden).toBe(true);
  });
});

describe('ChatHistory', () => {
  function memory(): KeyValueStorage & { items: Map<string, string> } {
    const items = new Map<string, string>();
    return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
  }

  it('keeps the session id, the messages and whether the chat was open, the last 200 messages at most', () => {
    const storage = memory();
    const history = new ChatHistory(storage, 'k');
    expect(history.load()).toEqual({ sessionId: null, messages: [], open: false });
    const messages = Array.from({ length: 250 }, (_, index) => ({ from: 'user' as const, text: `m${index}` }));
    history.save({ sessionId: 's1', messages, open: true });
    const loaded = new ChatHistory(storage, 'k').load();
    expect(loaded.sessionId).toBe('s1');
    expect(loaded.open).toBe(true);
    expect(loaded.messages).toHaveLength(200);
    expect(loaded.messages[0]).toEqual({ from: 'user', text: 'm50' });
  });

  it('starts afresh from a damaged value, and works without storage', () => {
    const storage = memory();
    storage.items.set('k', '{not json');
    expect(new ChatHistory(storage, 'k').load()).toEqual({ sessionId: null, messages: [], open: false });
    const none = new ChatHistory(null, 'k');
    none.save({ sessionId: 'x', messages: [], open: false });
    expect(none.load().sessionId).toBeNull();
  });
});
