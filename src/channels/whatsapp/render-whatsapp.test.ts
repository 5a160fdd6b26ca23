import { describe, expect, it } from 'vitest';
import { channelPhrases } from '../core/channel-phrases.js';
import { renderForWhatsApp, uniqueTitles } from './render-whatsapp.js';

const options = { ids: (payload: string) => payload, phrases: channelPhrases('pt') };

describe('WhatsApp rendering', () => {
  it('makes titles unique after cutting them, as WhatsApp requires', () => {
    const titles = uniqueTitles(['Abrir um chamado já, por favor', 'Abrir um chamado já, agora', 'Sim', 'sim', ' '], 20);
    expect(titles).toEqual(['Abrir um chamado já…', 'Abrir um chamad… (2)', 'Sim', 'sim (2)', '…']);
    expect(titles.every((title) => Array.from(title).length <= 20)).toBe(true);
  });

  it("titles an untitled button with its payload (cut to 20), as the other channels show it", () => {
    const [buttons] = renderForWhatsApp({ text: 'Escolha:', buttons: [{ title: 'Sim', payload: 'sim' }, { title: ' ', payload: '/falar_com_atendente_humano' }] }, options);
    expect((buttons as unknown as { interactive: { action: { buttons: Array<{ reply: { title: string } }> } } }).interactive.action.buttons.map((button) => button.reply.title)).toEqual(['Sim', '/falar_com_atendent…']);
    const untitled = Array.from({ length: 4 }, (_, index) => ({ title: '', payload: `opcao_${index + 1}` }));
    const [list] = renderForWhatsApp({ text: 'Escolha:', buttons: untitled }, options);
    expect((list as unknown as { interactive: { action: { sections: Array<{ rows: Array<{ title: string }> }> } } }).interactive.action.sections[0]!.rows.map((row) => row.title)).toEqual(['opcao_1', 'opcao_2', 'opcao_3', 'opcao_4']);
  });

  it('puts text beyond 1024 characters before the buttons, and uses a prompt when the buttons come alone', () => {
    const text = 'Frase curta de exemplo. '.repeat(60).trim();
    const out = renderForWhatsApp({ text, buttons: [{ title: 'Sim', payload: 'sim' }] }, options);
    const interactive = out.at(-1) as unknown as { interactive: { body: { text: string } } };
    expect(interactive.interactive.body.text.length).toBeLessThanOrEqual(1024);
    expect(out[0]).toMatchObject({ type: 'text' });
    expect([...out.slice(0, -1).map((message) => (message['text'] as { body: string }).body), interactive.interactive.body.text].join(' ')).toBe(text);
    expect(renderForWhatsApp({ buttons: [{ title: 'Sim', payload: 'sim' }] }, options)[0]).toMatchObject({ interactive: { body: { text: 'Escolha uma opção:' } } });
  });

  it('puts a link button (web_url) in the text, as reply buttons cannot open links, and keeps the other buttons', () => {
    const link = { title: 'Portal', payload: 'Portal', type: 'web_url', url: 'https://portal.example.com/chamados' };
    expect(renderForWhatsApp({ text: 'Acompanhe por lá.', buttons: [link] }, options)).toEqual([
      { type: 'text', text: { body: 'Acompanhe por lá.\n\nPortal: https://portal.example.com/chamados', preview_url: true } },
    ]);
    expect(renderForWhatsApp({ text: 'Algo mais?', buttons: [link, { title: 'Sim', payload: 'sim' }] }, options)).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Algo mais?\n\nPortal: https://portal.example.com/chamados' },
          action: { buttons: [{ type: 'reply', reply: { id: 'sim', title: 'Sim' } }] },
        },
      },
    ]);
    expect(renderForWhatsApp({ buttons: [{ ...link, title: '' }] }, options)).toEqual([{ type: 'text', text: { body: 'https://portal.example.com/chamados', preview_url: true } }]);
  });

  it('captions an image with short text only, previews links, and sends attachments as documents', () => {
    expect(renderForWhatsApp({ text: 'Veja:', image: 'https://example.com/a.png' }, options)).toEqual([{ type: 'image', image: { link: 'https://example.com/a.png', caption: 'Veja:' } }]);
    expect(renderForWhatsApp({ text: 'x'.repeat(1025), image: 'https://example.com/a.png' }, options).map((message) => message.type)).toEqual(['text', 'image']);
    expect(renderForWhatsApp({ text: 'Veja https://example.com' }, options)).toEqual([{ type: 'text', text: { body: 'Veja https://example.com', preview_url: true } }]);
    expect(renderForWhatsApp({ attachment: 'https://example.com/a.pdf' }, options)).toEqual([{ type: 'document', document: { link: 'https://example.com/a.pdf' } }]);
    expect(renderForWhatsApp({ custom: { type: 'location', location: { latitude: 1, longitude: 2 } } }, options)).toEqual([{ type: 'location', location: { latitude: 1, longitude: 2 } }]);
    expect(renderForWhatsApp({ custom: { not: 'a message' } }, options)).toEqual([]);
  });

  it('splits a long attachment that is not a link like a long text (4096 characters a part), and sends an empty one not at all', () => {
    const long = 'Uma frase de anexo sem link. '.repeat(400).trim();
    const parts = renderForWhatsApp({ attachment: long }, options).map((part) => (part as unknown as { text: { body: string } }).text.body);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((part) => part.length <= 4096)).toBe(true);
    expect(parts.join(' ')).toBe(long);
    expect(renderForWhatsApp({ attachment: '' }, options)).toEqual([]);
  });
});
