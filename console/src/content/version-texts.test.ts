// Histórico's words in the three languages: every list a version can name (the third-party APIs
// included) has its label, and a restore's warnings read as the user's sentences.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { VERSION_LISTS } from '../../../src/store/versions/record-version';
import en from '../locales/en.json';
import es from '../locales/es.json';
import ptBR from '../locales/pt-BR.json';
import { itemRestoredText, listLabel, restoredText } from './version-texts';

async function translator(language: string) {
  const instance = i18next.createInstance();
  await instance.init({ lng: language, fallbackLng: false, resources: { 'pt-BR': { translation: ptBR }, en: { translation: en }, es: { translation: es } } });
  return instance.t;
}

describe('Histórico texts', () => {
  it.each(['pt-BR', 'en', 'es'])('names every list of a version in %s', async (language) => {
    const t = await translator(language);
    for (const list of VERSION_LISTS) expect({ list, label: listLabel(t, list) }).not.toEqual({ list, label: list });
  });

  it('says the third-party APIs in each language', async () => {
    expect(listLabel(await translator('pt-BR'), 'apis')).toBe('API de terceiros');
    expect(listLabel(await translator('en'), 'apis')).toBe('Third-party API');
    expect(listLabel(await translator('es'), 'apis')).toBe('API de terceros');
  });

  it("adds a restore's warnings to its message", async () => {
    const t = await translator('en');
    expect(restoredText(t, 7, [])).toBe('Assistant restored to version 7. Train the assistant so that it answers with it.');
    expect(restoredText(t, 7, [{ code: 'secret_not_restored', params: { api: 'login', field: 'headers.0.value' } }])).toBe(
      'Assistant restored to version 7. Train the assistant so that it answers with it. Check what was restored: The secret value of API “login” (headers.0.value) could not be restored: enter it again.',
    );
    expect(itemRestoredText(t, 'login', [{ code: 'secret_not_restored', params: { api: 'login', field: 'body.0.value' } }])).toBe(
      '“login” restored. Train the assistant so that it answers with this version. Check what was restored: The secret value of API “login” (body.0.value) could not be restored: enter it again.',
    );
  });
});
