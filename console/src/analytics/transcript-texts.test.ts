// A transcript's words in the three languages: a handoff is a transfer to human service (nobody has
// the conversation yet); only the take says a person took it, named. A message not understood reads
// the same in Analytics and in the inbox: the nearest intent and its confidence.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import es from '../locales/es.json';
import ptBR from '../locales/pt-BR.json';
import { markText, rankingName, understoodText } from './transcript-texts';

async function translator(language: string) {
  const instance = i18next.createInstance();
  await instance.init({ lng: language, fallbackLng: false, resources: { 'pt-BR': { translation: ptBR }, en: { translation: en }, es: { translation: es } } });
  return instance.t;
}

describe('transcript texts', () => {
  it('says a handed-off conversation was transferred, and a person took it only when one did', async () => {
    const t = await translator('pt-BR');
    expect(markText(t, { kind: 'handoff' })).toBe('Transferida para atendimento humano');
    expect(markText(t, { kind: 'taken', agent: 'beto' })).toBe('beto assumiu a conversa');
    expect(markText(t, { kind: 'taken', agent: null })).toBe('Uma pessoa assumiu a conversa');
    expect(markText(t, { kind: 'transferred', from: 'beto', agent: 'carla' })).toBe('beto transferiu para carla');
    expect(markText(t, { kind: 'resume', agent: 'carla' })).toBe('A conversa voltou ao assistente');
    expect(markText(await translator('en'), { kind: 'handoff' })).toBe('Transferred to human service');
    expect(markText(await translator('en'), { kind: 'taken', agent: 'beto' })).toBe('beto took the conversation');
    expect(markText(await translator('es'), { kind: 'handoff' })).toBe('Transferida a atención humana');
    expect(markText(await translator('es'), { kind: 'taken', agent: 'beto' })).toBe('beto tomó la conversación');
  });

  it('has every mark in every language', async () => {
    for (const language of ['pt-BR', 'en', 'es']) {
      const t = await translator(language);
      for (const mark of [{ kind: 'handoff' }, { kind: 'taken', agent: 'x' }, { kind: 'taken' }, { kind: 'transferred', from: 'x', agent: 'y' }, { kind: 'transferred', agent: 'y' }, { kind: 'resume' }] as const) {
        expect(markText(t, mark)).not.toMatch(/^analytics\./);
      }
    }
  });

  it('reads a message not understood by its nearest intent and real confidence, not the internal name and the threshold', async () => {
    const t = await translator('pt-BR');
    const inbox = (intent: string, confidence: string) => t('testChat.understood', { intent, confidence });
    expect(understoodText(t, { intent: 'nlu_fallback', confidence: 0.011, candidate: 'sim' }, 'pt-BR', inbox)).toBe('não entendida (fallback) · mais próxima: sim · 1,1\u00a0%');
    expect(understoodText(t, { intent: 'sim', confidence: 0.97, candidate: null }, 'pt-BR', inbox)).toBe('Intent: sim · confiança 97\u00a0%');
    expect(understoodText(await translator('en'), { intent: 'nlu_fallback', confidence: 0.011, candidate: 'yes' }, 'en', inbox)).toBe('not understood (fallback) · closest: yes · 1.1\u00a0%');
  });
});

describe('ranking names', () => {
  it("never shows the NLU's fallback by its internal name, and tells it from the fallback skill's row", async () => {
    const t = await translator('pt-BR');
    expect(rankingName(t, 'intents', 'nlu_fallback')).toBe('não entendida (fallback)');
    expect(rankingName(t, 'fallbacks', 'nlu_fallback')).toBe('não entendida (fallback) · nenhuma habilidade respondeu');
    expect(rankingName(t, 'fallbacks', 'nao_entendi')).toBe('nao_entendi');
    expect(rankingName(t, 'intents', 'cumprimentar')).toBe('cumprimentar');
    expect(rankingName(await translator('en'), 'intents', 'nlu_fallback')).toBe('not understood (fallback)');
    expect(rankingName(await translator('es'), 'fallbacks', 'nlu_fallback')).toBe('no entendida (fallback) · ninguna habilidad respondió');
  });
});
