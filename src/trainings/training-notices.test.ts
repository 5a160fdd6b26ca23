import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES } from '../admin-api/problem-codes.js';
import { describeConflict } from '../nlu/cross-validate.js';
import { findTrainingProblems } from '../nlu/find-training-problems.js';
import { findTrainingWarnings } from '../nlu/find-training-warnings.js';
import type { NluTrainingData } from '../nlu/types.js';
import { embeddingsFailedWarning, findTrainingProblems as findContentProblems, notInModelWarnings } from '../engine/trainer.js';
import { customSkillProblems as checkCustomSkills } from '../third-party-apis/check-custom-skills.js';
import { codeTrainingNotice, TRAINING_NOTICE_CODES } from './training-notices.js';

const phrases = (...texts: string[]) => texts.map((text) => ({ text }));

describe('codeTrainingNotice', () => {
  it('reads every warning the NLU and the trainer write, with its values', () => {
    const data: NluTrainingData = {
      language: 'pt',
      intents: [
        { name: 'senha "nova"', phrases: phrases('trocar senha', 'esqueci a senha') },
        { name: 'ajuda', phrases: phrases('trocar senha', 'preciso de ajuda', 'me ajuda', 'socorro', 'ajuda por favor') },
      ],
      contexts: [],
      regexes: [],
    };
    const warnings = findTrainingWarnings(data);
    expect(warnings.map((warning) => codeTrainingNotice(warning, 'warning'))).toEqual([
      { code: 'few_phrases', params: { intent: 'senha "nova"', count: '2', min: '4' } },
      { code: 'phrase_in_intents', params: { phrase: 'trocar senha', count: '2', intents: 'senha "nova", ajuda' } },
    ]);
    const overlap = describeConflict({ intent: 'vpn', confusedWith: 'rede', count: 3, of: 12, examples: [{ phrase: 'a vpn caiu', nearest: 'a rede caiu' }] } as Parameters<typeof describeConflict>[0]);
    expect(codeTrainingNotice(overlap, 'warning')).toEqual({ code: 'intents_overlap', params: { intent: 'vpn', other: 'rede', count: '3', of: '12', phrase: 'a vpn caiu', nearest: 'a rede caiu' } });
    expect(codeTrainingNotice(embeddingsFailedWarning({ reason: 'timeout' }), 'warning')).toEqual({ code: 'embeddings_failed', params: { reason: 'timeout' } });
    expect(codeTrainingNotice(embeddingsFailedWarning({ reason: 'http_status', status: 401 }), 'warning')).toEqual({ code: 'embeddings_failed', params: { reason: 'http_status', status: '401' } });
    // A sentence of an earlier version quoted the provider's error: it is not read as a reason.
    expect(codeTrainingNotice('the embeddings provider failed (Request cannot be constructed from a URL that includes credentials: http://u:p@x/e): this version understands without it', 'warning')).toEqual({ code: 'training_warning' });
    expect(notInModelWarnings(7, { nlu: true, dialogues: true, skills: true }).map((warning) => codeTrainingNotice(warning, 'warning'))).toEqual([
      { code: 'nlu_not_in_model', params: { version: '7' } },
      { code: 'dialogues_not_in_model', params: { version: '7' } },
      { code: 'skills_not_in_model', params: { version: '7' } },
    ]);
  });

  it('reads every problem that stops a training, with its values', () => {
    const data = {
      language: 'pt',
      intents: [
        { name: '', phrases: phrases('oi') },
        { name: 'ajuda', phrases: [] },
        { name: 'ajuda', phrases: phrases('!!!') },
        { name: 'nlu_fallback', phrases: [{ text: 'abc', entities: [{ entity: '', value: 'x', start: 0, end: 1 }, { entity: 'cor', value: 'x', start: 2, end: 9 }] }] },
      ],
      contexts: [
        { name: 'nota', type: 'float', min: 10, max: 1 },
        { name: 'nota', type: 'float' },
      ],
      regexes: [
        { name: '', pattern: 'a+' },
        { name: 'vazia', pattern: '' },
        { name: 'quebrada', pattern: '(' },
      ],
    } as unknown as NluTrainingData;
    const coded = findTrainingProblems(data).map((problem) => codeTrainingNotice(problem, 'error'));
    expect(coded.filter((notice) => notice.code === 'training_problem')).toEqual([]);
    expect(coded).toEqual(
      expect.arrayContaining([
        { code: 'intent_no_name', params: { position: '1' } },
        { code: 'intent_no_phrases', params: { intent: 'ajuda' } },
        { code: 'intent_twice', params: { intent: 'ajuda' } },
        { code: 'intent_no_words', params: { intent: 'ajuda' } },
        { code: 'intent_reserved', params: { intent: 'nlu_fallback' } },
        { code: 'entity_no_name', params: { intent: 'nlu_fallback', phrase: 'abc' } },
        { code: 'entity_outside_phrase', params: { intent: 'nlu_fallback', phrase: 'abc', entity: 'cor', start: '2', end: '9' } },
        { code: 'context_min_above_max', params: { context: 'nota', min: '10', max: '1' } },
        { code: 'context_twice', params: { context: 'nota' } },
        { code: 'regex_no_name' },
        { code: 'regex_empty', params: { regex: 'vazia' } },
        { code: 'regex_invalid', params: { regex: 'quebrada' } },
      ]),
    );
    expect(codeTrainingNotice('the assistant has no intents', 'error')).toEqual({ code: 'no_intents' });
    const content = { intents: [{ name: 'oi', phrases: phrases('oi') }], contexts: [], regexes: [], themes: [], skills: [], dialogues: [{ name: 'quebrado', intents: ['sumiu'], skill: 'nada' }] } as unknown as Parameters<typeof findContentProblems>[0];
    expect(findContentProblems(content).map((problem) => codeTrainingNotice(problem, 'error'))).toEqual([
      { code: 'dialogue_unknown_skill', params: { dialogue: 'quebrado', skill: 'nada' } },
      { code: 'dialogue_unknown_intent', params: { dialogue: 'quebrado', intent: 'sumiu' } },
    ]);
    const apis = [{ name: 'pedido', method: 'GET', url: 'ftp://x', headers: [], body: [], responseFormat: 'json', mappings: [], status: { success: [200], unauthorized: [], notFound: [] } }] as unknown as Parameters<typeof checkCustomSkills>[1];
    const skills = { ...content, dialogues: [], skills: [
      { name: 'sem_api', kind: 'custom', texts: [], custom: { api: '' } },
      { name: 'outra_api', kind: 'custom', texts: [], custom: { api: 'sumiu' } },
      { name: 'com_problema', kind: 'custom', texts: [], custom: { api: 'pedido', listButtons: { path: '', title: '', payload: '' } } },
    ] } as unknown as Parameters<typeof checkCustomSkills>[0];
    const customCodes = checkCustomSkills(skills, apis).map((problem) => codeTrainingNotice(problem, 'error').code);
    expect(customCodes).not.toContain('training_problem');
    expect(customCodes).toEqual(expect.arrayContaining(['custom_skill_no_api', 'custom_skill_unknown_api', 'custom_skill_api_problem', 'custom_skill_list_buttons']));
    expect(codeTrainingNotice('dialogue "pedido" (slots.0.context): names the unknown context "x"', 'error')).toEqual({ code: 'dialogue_slots_problem', params: { dialogue: 'pedido', field: 'slots.0.context' } });
    // A partial training's note leaves the problem's own code.
    expect(codeTrainingNotice('intent "ajuda" has no phrases (a skills training keeps the intents of version 3: run a complete training)', 'error')).toEqual({ code: 'intent_no_phrases', params: { intent: 'ajuda' } });
  });

  it('keeps the generic code of its level for a sentence no template reads; every code it gives is an API code', () => {
    expect(codeTrainingNotice('something new happened', 'warning')).toEqual({ code: 'training_warning' });
    expect(codeTrainingNotice('something new happened', 'error')).toEqual({ code: 'training_problem' });
    for (const code of TRAINING_NOTICE_CODES) expect(Object.keys(PROBLEM_CODES), code).toContain(code);
  });
});
