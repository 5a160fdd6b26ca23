import { describe, expect, it } from 'vitest';
import { attachmentText, readAttachment } from './attachment-value';

describe('an attachment skill’s value in the form', () => {
  it('shows a URL as it is and any other value as indented JSON', () => {
    expect(attachmentText('https://example.com/manual.pdf')).toBe('https://example.com/manual.pdf');
    expect(attachmentText({ type: 'file', payload: { src: 'https://example.com/a.pdf' } })).toBe('{\n  "type": "file",\n  "payload": {\n    "src": "https://example.com/a.pdf"\n  }\n}');
    expect(attachmentText([1, 2])).toBe('[\n  1,\n  2\n]');
    expect(attachmentText(undefined)).toBe('');
  });

  it('reads back what it showed, JSON only when it opens with { or [', () => {
    const stored = { type: 'video', payload: { src: 'https://example.com/v.mp4', title: 'Como trocar o toner' } };
    expect(readAttachment(attachmentText(stored))).toEqual({ value: stored });
    expect(readAttachment('  https://example.com/manual.pdf \n')).toEqual({ value: 'https://example.com/manual.pdf' });
    expect(readAttachment('[ "a" ]')).toEqual({ value: ['a'] });
    // A number or a word is a text for the channel, not JSON.
    expect(readAttachment('42')).toEqual({ value: '42' });
    expect(readAttachment('   ')).toEqual({ value: undefined });
  });

  it('says why a value that opens as JSON cannot be read', () => {
    const read = readAttachment('{ "type": "file", ');
    expect(read).toEqual({ error: expect.any(String) });
    expect('error' in read && read.error.length).toBeGreaterThan(0);
  });
});
