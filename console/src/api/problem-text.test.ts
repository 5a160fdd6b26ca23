// The API's problem codes read in the user's language; a code the console does not know reads as
// the generic sentence of that language, never as the API's English message.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { TrainingProblem } from '../../../src/store/store';
import { problemSentence } from '../../../src/trainings/problem-words';
import en from '../locales/en.json';
import es from '../locales/es.json';
import ptBR from '../locales/pt-BR.json';
import { trainingProblemText } from '../trainings/training-types';
import { ApiError } from './api-error';
import { fileProblemText, problemsOf, problemText } from './problem-text';

async function translator(language: string) {
  const instance = i18next.createInstance();
  await instance.init({ lng: language, fallbackLng: 'pt-BR', resources: { 'pt-BR': { translation: ptBR }, en: { translation: en }, es: { translation: es } } });
  return instance.t;
}

describe('problem texts', () => {
  it('says each code with its params in the chosen language', async () => {
    const pt = await translator('pt-BR');
    expect(problemText(pt, { code: 'too_short', params: { min: 10 }, field: 'password', message: 'password must have at least 10 characters' })).toBe('Use pelo menos 10 caracteres.');
    expect(problemText(pt, { code: 'does_not_exist', params: { what: 'context', name: 'cor' } })).toBe('Contexto “cor” não existe.');
    expect(problemText(pt, { code: 'type', params: { type: 'string, number' } })).toBe('Informe um valor do tipo texto, número.');
    expect(problemText(await translator('es'), { code: 'too_big', params: { max: 100 } })).toBe('El valor máximo es 100.');
    expect(problemText(await translator('en'), { code: 'empty' })).toBe('Cannot be empty.');
    expect(problemText(pt, { code: 'not_a_value', params: { value: 'x', context: 'cor', values: 'azul' }, item: { list: 'skills', name: 'cumprimentar' } })).toBe('Habilidade “cumprimentar”: “x” não é um valor do contexto “cor” (valores: azul).');
  });

  it('falls back to a generic sentence of the language, never the English message', async () => {
    const pt = await translator('pt-BR');
    expect(problemText(pt, { code: 'brand_new_code', message: 'something in English' })).toBe('Este valor não é aceito. Revise o campo.');
    expect(problemText(pt, { code: 'a.b', message: 'x' })).toBe('Este valor não é aceito. Revise o campo.');
  });

  it('reads every problem of an error, or makes one of its code and field', () => {
    const many = new ApiError(400, 'invalid', 'name is empty', 'name', undefined, {
      problems: [
        { field: 'name', code: 'empty', message: 'name is empty' },
        { field: 'phrases.2.text', code: 'too_long', params: { max: 2000 }, message: '…' },
      ],
    });
    expect(problemsOf(many).map((problem) => [problem.field, problem.code])).toEqual([
      ['name', 'empty'],
      ['phrases.2.text', 'too_long'],
    ]);
    expect(problemsOf(new ApiError(409, 'in_use', 'x is used'))).toEqual([{ code: 'in_use', message: 'x is used' }]);
  });

  it('says an imported file\'s problem at its place, its value kinds and a merged rule translated', async () => {
    const pt = await translator('pt-BR');
    expect(fileProblemText(pt, { file: 'pt.yaml', line: 7, column: 14, place: 'intents[0].phrases', code: 'file_not_list', params: { found: 'text' }, message: 'pt.yaml:7:14 intents[0].phrases: "phrases" must be a list, not a text' })).toBe(
      'pt.yaml:7:14 intents[0].phrases — Deve ser uma lista, não um texto.',
    );
    expect(problemText(await translator('es'), { code: 'import_merge_problem', params: { rule: 'does_not_exist', what: 'intent', name: 'oi' } })).toBe(
      'Sumado al contenido del asistente: Intent “oi” no existe. (importe en modo “reemplazar” o corrija el archivo).',
    );
    expect(problemText(pt, { code: 'api_not_success', params: { status: 500, success: '200, 201' } })).toBe('Respondeu 500, que não é um status de sucesso (200, 201).');
    expect(problemText(pt, { code: 'check_unreachable', params: { service: 'Graph API' } })).toBe('Não foi possível alcançar a Graph API.');
    // The embeddings provider's failure at a training: a fixed reason, said in the user's words.
    expect(problemText(pt, { code: 'embeddings_failed', params: { reason: 'http_status', status: '401' } })).toBe('O provedor de embeddings falhou (respondeu HTTP 401): esta versão entende sem ele.');
    expect(problemText(await translator('en'), { code: 'embeddings_failed', params: { reason: 'network_error' } })).toBe('The embeddings provider failed (it could not be reached): this version understands without it.');
  });

  it('says a problem as the training e-mails say it (the server fills the same params from the same words)', async () => {
    const problems: (TrainingProblem & { code: string })[] = [
      { level: 'warning', message: 'x', code: 'does_not_exist', params: { what: 'context', name: 'cor' } },
      { level: 'error', message: 'x', code: 'type', params: { type: 'string, number, decimal' } },
      { level: 'error', message: 'x', code: 'file_not_list', params: { found: 'text' } },
      { level: 'warning', message: 'x', code: 'not_a_value', params: { value: 'x', context: 'cor', values: 'azul' }, item: { list: 'skills', name: 'cumprimentar', field: 'texts.0' } },
      { level: 'warning', message: 'x', code: 'embeddings_failed', params: { reason: 'timeout' } },
    ];
    for (const [language, locale] of [['pt', 'pt-BR'], ['es', 'es']] as const) {
      const t = await translator(locale);
      for (const problem of problems) expect(problemSentence(problem, language)).toBe(problemText(t, problem));
    }
    expect(problemSentence(problems[1]!, 'pt')).toBe('Informe um valor do tipo texto, número, decimal.');
  });

  it("says a training's unexpected failure (`internal`) in the training's words, in the history as in the e-mails", async () => {
    const failed: TrainingProblem = { level: 'error', message: 'unexpected error (the server log has its cause)', code: 'internal' };
    for (const [language, locale] of [['pt', 'pt-BR'], ['es', 'es'], ['en', 'en']] as const) {
      const t = await translator(locale);
      expect(trainingProblemText(t, failed)).toBe(problemSentence(failed, language));
      expect(trainingProblemText(t, failed)).not.toBe(problemText(t, { code: 'internal' }));
    }
    expect(trainingProblemText(await translator('pt-BR'), failed)).toMatch(/^O treinamento falhou por um erro interno/);
    expect(trainingProblemText(await translator('es'), failed)).toMatch(/^El entrenamiento falló por un error interno.*Entrene de nuevo/);
    // An error of the API keeps its own sentence.
    expect(problemText(await translator('pt-BR'), { code: 'internal' })).toMatch(/^O servidor não conseguiu atender/);
  });
});
