// pt-BR counts of zero read in the plural ("0 frases"), as Brazilians write them, while 1 stays
// singular and English keeps its own rules.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import ptBR from './locales/pt-BR.json';
import { withPluralZero } from './plural-zero';

async function translator() {
  const instance = i18next.createInstance();
  await instance.init({ resources: { 'pt-BR': { translation: withPluralZero(ptBR) }, en: { translation: en } }, lng: 'pt-BR', fallbackLng: 'pt-BR' });
  return instance;
}

describe('pt-BR plurals of zero', () => {
  it('says "0 frases" for a new intent, "1 frase" for one, "2 frases" for two', async () => {
    const i18n = await translator();
    expect(i18n.t('intents.count', { count: 0 })).toBe('0 frases');
    expect(i18n.t('intents.count', { count: 1 })).toBe('1 frase');
    expect(i18n.t('intents.count', { count: 2 })).toBe('2 frases');
    expect(i18n.t('analytics.conversations.count', { count: 0 })).toBe('0 conversas');
  });

  it('leaves English as it was', async () => {
    const i18n = await translator();
    await i18n.changeLanguage('en');
    expect(i18n.t('intents.count', { count: 0 })).toBe(en.intents.count_other.replace('{{count}}', '0'));
  });

  it('adds a zero form only beside a plural pair, and keeps one the file writes', () => {
    expect(withPluralZero({ a_one: '1 a', a_other: 'n a', b: 'b', c_other: 'c', d_one: 'd1', d_other: 'dn', d_zero: 'nenhum d', deep: { e_one: 'e', e_other: 'es' } })).toEqual({
      a_one: '1 a',
      a_other: 'n a',
      a_zero: 'n a',
      b: 'b',
      c_other: 'c',
      d_one: 'd1',
      d_other: 'dn',
      d_zero: 'nenhum d',
      deep: { e_one: 'e', e_other: 'es', e_zero: 'es' },
    });
  });
});
