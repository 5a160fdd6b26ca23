import { describe, expect, it } from 'vitest';
import { linkOf } from './link-buttons.js';

describe('link buttons', () => {
  it('reads a web_url button with an http(s) address, and nothing else', () => {
    const link = (extra: Record<string, unknown>) => linkOf({ title: 'Site', payload: 'Site', ...extra });
    expect(link({ type: 'web_url', url: ' https://example.com/ajuda?x=1 ' })).toBe('https://example.com/ajuda?x=1');
    expect(link({ type: 'web_url', url: 'HTTP://example.com' })).toBe('HTTP://example.com');
    expect(link({})).toBeUndefined();
    expect(link({ url: 'https://example.com' })).toBeUndefined();
    expect(link({ type: 'postback', url: 'https://example.com' })).toBeUndefined();
    for (const url of ['javascript:alert(1)', 'tg://resolve?domain=x', '/relative', 'https://', 'https://exa mple.com', 42]) expect(link({ type: 'web_url', url }), String(url)).toBeUndefined();
  });
});
