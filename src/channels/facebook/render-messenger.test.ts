import { describe, expect, it } from 'vitest';
import { renderForMessenger, splitText, truncateTitle } from './render-messenger.js';

describe('Messenger rendering', () => {
  it('splits on sentence ends, then words, then characters, never over the limit', () => {
    expect(splitText('Uma. Duas! Três?', 10)).toEqual(['Uma. Duas!', 'Três?']);
    expect(splitText('palavra '.repeat(5).trim(), 16)).toEqual(['palavra palavra', 'palavra palavra', 'palavra']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(splitText('😀'.repeat(6), 5).every((part) => part.length <= 5 && !/[\ud800-\udbff]$/.test(part))).toBe(true);
    expect(splitText('   ')).toEqual([]);
  });

  it('truncates titles with an ellipsis', () => {
    expect(truncateTitle('Curto')).toBe('Curto');
    expect(truncateTitle('Um título que passa de vinte')).toBe('Um título que passa…');
    expect(Array.from(truncateTitle('Um título que passa de vinte'))).toHaveLength(20);
  });

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
});
