import { describe, expect, it } from 'vitest';
import { linkParts } from './linkify.js';

describe('linkParts', () => {
  it('makes http(s) addresses links, leaving the sentence around them and a final full stop as text', () => {
    expect(linkParts('Veja https://exemplo.com/ajuda?x=1. Ou http://a.b')).toEqual([
      { text: 'Veja ' },
      { text: 'https://exemplo.com/ajuda?x=1', href: 'https://exemplo.com/ajuda?x=1' },
      { text: '. Ou ' },
      { text: 'http://a.b', href: 'http://a.b' },
    ]);
  });

  it('never links other schemes nor markup', () => {
    expect(linkParts('javascript:alert(1) <a href="x">x</a> data:text/html,oi ftp://x.y')).toEqual([{ text: 'javascript:alert(1) <a href="x">x</a> data:text/html,oi ftp://x.y' }]);
  });

  it('keeps a text without addresses whole', () => {
    expect(linkParts('Olá!')).toEqual([{ text: 'Olá!' }]);
    expect(linkParts('')).toEqual([]);
  });
});
