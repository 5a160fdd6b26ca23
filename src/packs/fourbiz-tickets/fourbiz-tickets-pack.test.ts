import { describe, expect, it } from 'vitest';
import { fourbizBase } from './fourbiz-tickets-pack.js';

describe('the 4biz address', () => {
  it('refuses credentials in it, naming the fields that take them (the admin body\'s, not CLI flags)', () => {
    expect(() => fourbizBase('https://joao:segredo@itsm.example/4biz')).toThrow('the 4biz address must not hold credentials: give them as "login" and "password"');
    expect(fourbizBase('https://itsm.example/4biz/')).toBe('https://itsm.example/4biz');
  });
});
