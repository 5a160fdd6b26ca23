// An import's report lines and summary said from their codes in the user's language: a rule an
// item broke in that rule's own sentence, our context types and skill kinds in the language's
// words, and a code this console does not know as a generic sentence, never the English detail.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import es from '../locales/es.json';
import ptBR from '../locales/pt-BR.json';
import { reportEntryText, summaryText, type ReportEntry } from './report-text';

async function translator(language: string) {
  const instance = i18next.createInstance();
  await instance.init({ lng: language, fallbackLng: 'pt-BR', resources: { 'pt-BR': { translation: ptBR }, en: { translation: en }, es: { translation: es } } });
  return instance.t;
}

const line = (entry: Partial<ReportEntry>): ReportEntry => ({ outcome: 'skipped', item: 'English item', itemCode: 'intent', itemParams: { name: 'x' }, detail: 'English detail', code: 'no_examples', ...entry });

describe('import report texts', () => {
  it('says a line from its item and detail codes', async () => {
    const pt = await translator('pt-BR');
    expect(reportEntryText(pt, line({}))).toBe('intent "x": não tem exemplos');
    expect(reportEntryText(await translator('es'), line({ itemCode: 'node', itemParams: { node: '"n1" (Hora)' }, code: 'node_disabled' }))).toBe('nodo "n1" (Hora): el nodo está desactivado');
    expect(reportEntryText(pt, line({ itemCode: 'slot', itemParams: { name: 'cor' }, outcome: 'kept', code: 'slot_kept', params: { type: 'categorical', name: 'cor' } }))).toBe('slot "cor": contexto "cor" do tipo Categórico');
  });

  it('says a broken rule with the rule\'s own sentence', async () => {
    const pt = await translator('pt-BR');
    const entry = line({ itemCode: 'dialogue', itemParams: { name: 'd' }, code: 'rule_broken', params: { field: 'skill', text: 'skill "s" does not exist', rule: 'does_not_exist', what: 'skill', name: 's' } });
    expect(reportEntryText(pt, entry)).toBe('diálogo "d": skill: Habilidade “s” não existe.');
  });

  it('says an unknown code generically, never the English', async () => {
    const pt = await translator('pt-BR');
    const text = reportEntryText(pt, line({ itemCode: 'brand_new_item', itemParams: { name: 'x' }, code: 'brand_new_code' }));
    expect(text).toBe('x: (sem descrição nesta versão do console)');
    expect(summaryText(pt, 'intentsAdded', 3)).toBe('Intents adicionadas: 3');
    expect(summaryText(await translator('en'), 'brandNewKey', 2)).toBe('Other items: 2');
  });
});
