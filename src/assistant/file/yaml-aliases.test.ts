// Aliases and size: what an assistant file may make the reader do (file-limits.ts).
import { describe, expect, it } from 'vitest';
import { parseAssistantFile } from './assistant-file.js';
import { MAX_ALIASED_NODES, MAX_ASSISTANT_FILE_BYTES } from './file-limits.js';
import { formatFileErrors } from './format-file-errors.js';

function errorsOf(text: string): string[] {
  const result = parseAssistantFile(text, 'f.yaml');
  return result.ok ? [] : formatFileErrors(result.errors, 'f.yaml');
}

/** "Billion laughs": nine levels of nine aliases each, 9^9 phrases from about 400 bytes. */
function billionLaughs(): string {
  const lines = ['version: 1', 'intents:', '  - name: a', '    phrases: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level <= 8; level++) {
    lines.push(`  - name: n${level}`, `    phrases: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What an independent review sent: one intent whose phrases are an anchored list, repeated by
 * alias as thousands of intents (33 kB standing for 18 million phrases).
 */
function repeatedIntents(intents: number, phrases: number): string {
  const list = Array(phrases).fill('a').join(',');
  return `version: 1\nintents:\n  - &m {name: x, phrases: &p [${list}]}\n${Array(intents).fill('  - *m').join('\n')}\n`;
}

describe('parseAssistantFile: aliases', () => {
  it('refuses aliases that expand the file, naming the limit and the line, without expanding them', () => {
    const errors = errorsOf(repeatedIntents(3000, 6000));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^f\\.yaml:4:5: aliases expand the file beyond \\d+ nodes: they stand for 18015000 nodes, at most ${MAX_ALIASED_NODES} are allowed \\(\\*m here alone stands for 6005\\)`));

    const laughs = errorsOf(billionLaughs());
    expect(laughs).toHaveLength(1);
    expect(laughs[0]).toMatch(/aliases expand the file beyond \d+ nodes: they stand for \d{9} nodes/);
  });

  it('refuses an alias inside the node it names (a loop)', () => {
    expect(errorsOf('version: 1\nintents:\n  - name: a\n    phrases: &p [oi, *p]\n')).toEqual([
      'f.yaml:4:22: *p stands for a node that contains it (an endless loop); aliases may only repeat other parts of the file',
    ]);
  });

  it('still reads honest anchors and aliases, in phrases, texts and attachments (keys kept as data)', () => {
    const result = parseAssistantFile(
      [
        'version: 1',
        'intents:',
        '  - name: oi',
        '    phrases: &saudacoes [oi, olá, bom dia]',
        '  - name: ola',
        '    phrases: *saudacoes',
        'skills:',
        '  - name: anexo',
        '    attachment: &anexo {url: "https://example.com/a.pdf", __proto__: {admin: true}, list: [1, *saudacoes]}',
        '  - name: outro',
        '    attachment: *anexo',
        '',
      ].join('\n'),
      'f.yaml',
    );
    if (!result.ok) throw new Error(formatFileErrors(result.errors, 'f.yaml').join('\n'));
    expect(result.file.content.intents.map((intent) => intent.phrases.map((phrase) => phrase.text))).toEqual([
      ['oi', 'olá', 'bom dia'],
      ['oi', 'olá', 'bom dia'],
    ]);
    const [first, second] = result.file.content.skills;
    expect(first?.attachment).toEqual({ url: 'https://example.com/a.pdf', ['__proto__']: { admin: true }, list: [1, ['oi', 'olá', 'bom dia']] });
    expect(Object.getPrototypeOf(first?.attachment)).toBe(Object.prototype);
    expect(second?.attachment).toEqual(first?.attachment);
  });

  it('accepts aliases up to the limit', () => {
    // 100 intents repeating a list of 99 phrases: 9,900 aliased nodes (the list and its items).
    const phrases = Array.from({ length: 99 }, (_, index) => `frase ${index}`);
    const intents = Array.from({ length: 100 }, (_, index) => `  - {name: i${index}, phrases: *p}`);
    const text = ['version: 1', `x-anchor: &p [${phrases.join(', ')}]`, 'intents:', ...intents, ''].join('\n');
    // x-anchor is an unknown key, the only error: the aliases themselves are fine.
    expect(errorsOf(text)).toEqual([expect.stringMatching(/^f\.yaml:2:1 x-anchor: unknown key "x-anchor"/)]);
  });
});

describe('parseAssistantFile: size', () => {
  it(`refuses a file larger than ${MAX_ASSISTANT_FILE_BYTES / (1024 * 1024)} MB before parsing it`, () => {
    const text = `version: 1\n#${'x'.repeat(MAX_ASSISTANT_FILE_BYTES)}\n`;
    expect(errorsOf(text)).toEqual(['f.yaml:1:1: f.yaml has 10 MB; an assistant file may have at most 10 MB']);
  });
});
