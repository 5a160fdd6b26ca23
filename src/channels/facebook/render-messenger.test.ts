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

  it('renders attachments: a URL as a file, an object as given', () => {
    expect(renderForMessenger({ attachment: 'https://example.com/a.pdf' })).toEqual([{ attachment: { type: 'file', payload: { url: 'https://example.com/a.pdf', is_reusable: true } } }]);
    expect(renderForMessenger({ attachment: { type: 'video', payload: { url: 'https://example.com/v.mp4' } } })).toEqual([{ attachment: { type: 'video', payload: { url: 'https://example.com/v.mp4' } } }]);
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
