// A Rasa project read as Rasa reads it: what one file says applies to the others (synonyms), and
// what the domain says beyond intents and responses is kept or reported, never lost in silence.
import { describe, expect, it } from 'vitest';
import { readRasaProject, type ProjectFile } from './read-rasa-project.js';

const yaml = (...rows: string[]) => `${rows.join('\n')}\n`;

function read(files: ProjectFile[]) {
  const result = readRasaProject(files);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result;
}

describe('synonyms in a file of their own', () => {
  const files = [
    { path: 'domain.yml', text: yaml('version: "3.1"', 'intents:', '  - exchange', 'entities:', '  - currency') },
    {
      path: 'data/nlu.yml',
      text: yaml(
        'version: "3.1"',
        'nlu:',
        '- intent: exchange',
        '  examples: |',
        '    - rate for [dollars](currency)',
        '    - how much is a [usd](currency)',
        '    - price of [EUR](currency)',
        '    - the [euro]{"entity": "currency", "value": "eur"} today',
      ),
    },
    { path: 'data/synonyms.yml', text: yaml('version: "3.1"', 'nlu:', '- synonym: usd', '  examples: |', '    - dollars', '    - us dollar') },
    // A second file annotates "euro" again, and says more of it.
    { path: 'data/more.yml', text: yaml('version: "3.1"', 'nlu:', '- intent: exchange', '  examples: |', '    - [euros]{"entity": "currency", "value": "Euro"} please') },
  ];

  it('reach the values annotated in another file, as Rasa applies synonyms to all the data', () => {
    const result = read(files);
    expect(result.file.content.contexts).toEqual([
      {
        name: 'currency',
        type: 'text',
        values: [
          { value: 'usd', synonyms: ['dollars', 'us dollar'] },
          { value: 'EUR', synonyms: ['euro', 'euros'] },
        ],
      },
    ]);
    const values = result.file.content.intents[0]?.phrases.map((phrase) => phrase.entities?.[0]?.value);
    expect(values).toEqual(['usd', 'usd', 'EUR', 'EUR', 'EUR']);
    // No context of its own for the synonym, and no warning that no entity has it.
    expect(result.warnings.filter((warning) => warning.code === 'file_rasa_synonym_context')).toEqual([]);
  });

  it('still get a context of their own, with the warning at their file, when no file has their words', () => {
    const result = read([...files, { path: 'data/cards.yml', text: yaml('version: "3.1"', 'nlu:', '- synonym: credit card', '  examples: |', '    - cc') }]);
    expect(result.file.content.contexts.find((context) => context.name === 'credit_card')).toEqual({ name: 'credit_card', type: 'text', values: [{ value: 'credit card', synonyms: ['cc'] }] });
    expect(result.warnings.filter((warning) => warning.code === 'file_rasa_synonym_context')).toEqual([
      expect.objectContaining({ file: 'data/cards.yml', line: 3, column: 3, path: 'nlu[0].synonym', params: { value: 'credit card', context: 'credit_card' } }),
    ]);
  });
});
