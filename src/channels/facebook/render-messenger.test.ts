import { describe, expect, it } from 'vitest';
import { renderForMessenger } from './render-messenger.js';

describe('Messenger rendering', () => {
  it('puts text beyond 640 characters before a button template, and images after the text', () => {
    const text = 'Frase curta. '.repeat(60).trim();
    const out = renderForMessenger({ text, buttons: [{ title: 'Sim', payload: 'sim' }], image: 'https://example.com/i.png' });
    const template = out[out.length - 2] as { attachment: { payload: { text: string } } };
    expect(template.attachment.payload.text.length).toBeLessThanOrEqual(640);
    expect(out[0]).toHaveProperty('text');
    expect(out[out.length - 1]).toEqual({ attachment: { type: 'image', payload: { url: 'https://example.com/i.png', is_reusable: true } } });
  });

  it('renders a link button (web_url) as a web_url button of the template, and 4–13 buttons with a link as templates of 3', () => {
    const link = { title: 'Abrir o portal de chamados', payload: 'Abrir o portal de chamados', type: 'web_url', url: 'https://portal.example.com/chamados' };
    expect(renderForMessenger({ text: 'Veja', buttons: [link, { title: 'Sim', payload: 'sim' }] })).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Veja',
            buttons: [
              { type: 'web_url', title: 'Abrir o portal de c…', url: 'https://portal.example.com/chamados' },
              { type: 'postback', title: 'Sim', payload: 'sim' },
            ],
          },
        },
      },
    ]);
    const four = [link, ...['A', 'B', 'C'].map((title) => ({ title, payload: title.toLowerCase() }))];
    const out = renderForMessenger({ text: 'Escolha', buttons: four }) as Array<{ text?: string; quick_replies?: unknown; attachment?: { payload: { buttons: Array<Record<string, unknown>> } } }>;
    expect(out.some((message) => message.quick_replies !== undefined)).toBe(false);
    expect(out[0]).toEqual({ text: 'Escolha' });
    expect(out.slice(1).flatMap((message) => message.attachment?.payload.buttons ?? []).map((button) => button['type'])).toEqual(['web_url', 'postback', 'postback', 'postback']);
  });

  it('renders attachments: a URL as a file, an object as given', () => {
    expect(renderForMessenger({ attachment: 'https://example.com/a.pdf' })).toEqual([{ attachment: { type: 'file', payload: { url: 'https://example.com/a.pdf', is_reusable: true } } }]);
    expect(renderForMessenger({ attachment: { type: 'video', payload: { url: 'https://example.com/v.mp4' } } })).toEqual([{ attachment: { type: 'video', payload: { url: 'https://example.com/v.mp4' } } }]);
  });

  it("sends an attachment in rasa-webchat's shape (payload.src) with Meta's payload.url, keeping is_reusable", () => {
    expect(renderForMessenger({ attachment: { type: 'image', payload: { src: 'https://example.com/i.png' } } })).toEqual([{ attachment: { type: 'image', payload: { url: 'https://example.com/i.png' } } }]);
    expect(renderForMessenger({ attachment: { type: 'video', payload: { src: 'https://example.com/v.mp4', is_reusable: true } } })).toEqual([
      { attachment: { type: 'video', payload: { url: 'https://example.com/v.mp4', is_reusable: true } } },
    ]);
    // Meta's own shape, and a template, stay as given.
    const template = { type: 'template', payload: { template_type: 'generic', elements: [{ title: 'x' }] } };
    expect(renderForMessenger({ attachment: template })).toEqual([{ attachment: template }]);
  });

  it('splits a long attachment that is not a link like a long text (2000 characters a part), and sends an empty one not at all', () => {
    const long = 'Uma frase de anexo sem link. '.repeat(400).trim();
    const parts = renderForMessenger({ attachment: long }).map((part) => (part as { text: string }).text);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((part) => part.length <= 2000)).toBe(true);
    expect(parts.join(' ')).toBe(long);
    expect(renderForMessenger({ attachment: '' })).toEqual([]);
  });
});
