import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compileModelRegexes, compileRegexPattern, RegexPatternError } from './regex-pattern.js';

function matches(pattern: string, text: string): Array<[string, number]> {
  return [...compileRegexPattern(pattern).matchAll(text)].map((match) => [match[0], match.index]);
}

function problemOf(pattern: string): RegexPatternError {
  try {
    compileRegexPattern(pattern);
  } catch (error: unknown) {
    if (error instanceof RegexPatternError) return error;
    throw error;
  }
  throw new Error(`${pattern} compiled`);
}

describe('compileRegexPattern', () => {
  it('reads Rasa (Python) spellings, ignores case, and gives matches at UTF-16 indices', () => {
    expect(matches('(?P<numero>\\d{6})', 'chamado 123456 e 654321')).toEqual([['123456', 8], ['654321', 17]]);
    expect(matches('(?i)RAMAL \\d+\\Z', 'meu ramal 1234')).toEqual([['ramal 1234', 4]]);
    expect(matches('\\u00e7\\u00e3o', '😀 AÇÃO')).toEqual([['ÇÃO', 4]]);
    expect(matches('\\\\u0041', 'a\\u0041')).toEqual([['\\u0041', 1]]);
  });

  it('refuses what needs backtracking, naming the pattern and the construct', () => {
    expect(problemOf('(?=a)b')).toMatchObject({ kind: 'unsupported', message: expect.stringMatching(/^"\(\?=a\)b" uses lookahead or lookbehind .*linear-time engine \(RE2 syntax\)/) });
    expect(problemOf('x(?<!a)b').message).toMatch(/^"x\(\?<!a\)b" uses lookahead or lookbehind/);
    expect(problemOf('(a)\\1').message).toMatch(/^"\(a\)\\1" uses a backreference/);
    expect(problemOf('(?P<n>a)(?P=n)').message).toMatch(/uses a backreference/);
    expect(problemOf('a++').message).toMatch(/^"a\+\+" uses a possessive repeat/);
    expect(problemOf('(?>a)').message).toMatch(/uses an atomic group/);
    expect(problemOf('(\\d+')).toMatchObject({ kind: 'invalid', message: '"(\\d+" is not a valid regular expression (missing closing ): `(\\d+`)' });
  });

  it('runs catastrophic patterns in time linear in the text', () => {
    // A backtracking engine takes about 2^n steps on n letters and a "!" (minutes from n = 35).
    const hostile = `${'a'.repeat(100_000)}!`;
    expect(matches('(a+)+$', hostile)).toEqual([]);
    expect(matches('(x+x+)+y', 'x'.repeat(100_000))).toEqual([]);
    expect(matches('^(\\w+\\s?)+$', `${'palavra '.repeat(10_000)}!`)).toEqual([]);
  });
});

describe('compileModelRegexes', () => {
  it('leaves out patterns the engine cannot run, so that a model trained before still loads', () => {
    const compiled = compileModelRegexes([
      { name: 'ticket', pattern: '\\b\\d{6}\\b' },
      { name: 'old', pattern: '(?=a)b' },
    ]);
    expect(compiled.map(({ name }) => name)).toEqual(['ticket']);
  });
});

describe('a trained model with a catastrophic pattern', () => {
  it('parses a long hostile message and still finds the other patterns', async () => {
    // In a child process with a deadline: with a backtracking engine this parse never ends, and
    // a test that hangs its own thread could not report it.
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const script = `
      import { trainModel } from './src/nlu/train.ts';
      import { NluInterpreter } from './src/nlu/interpreter.ts';
      const nlu = new NluInterpreter(trainModel({
        language: 'pt',
        intents: [
          { name: 'chamado', phrases: [{ text: 'meu chamado é 123456' }, { text: 'abri o chamado 654321' }] },
          { name: 'saudacao', phrases: [{ text: 'oi' }, { text: 'bom dia' }] },
        ],
        contexts: [],
        regexes: [{ name: 'bomba', pattern: '(a+)+$' }, { name: 'eco', pattern: '^(\\\\w+\\\\s?)+$' }, { name: 'numero_chamado', pattern: '\\\\b\\\\d{6}\\\\b' }],
      }));
      const parsed = nlu.parse('chamado 123456 ' + 'a'.repeat(50000) + '!', 0);
      process.stdout.write(JSON.stringify(parsed.entities.filter((entity) => entity.extractor === 'RegexEntityExtractor')));
    `;
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    expect(JSON.parse(stdout)).toEqual([{ entity: 'numero_chamado', start: 8, end: 14, value: '123456', extractor: 'RegexEntityExtractor' }]);
  }, 90_000);
});
