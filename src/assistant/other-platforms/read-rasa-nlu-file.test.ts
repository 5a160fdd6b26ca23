import { describe, expect, it } from 'vitest';
import { parseAssistantFile } from '../file/assistant-file.js';
import { formatFileErrors } from '../file/format-file-errors.js';

function file(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function errorsOf(text: string): string[] {
  const result = parseAssistantFile(text, 'nlu.yml');
  return result.ok ? [] : formatFileErrors(result.errors, 'nlu.yml');
}

function imported(text: string) {
  const result = parseAssistantFile(text, 'nlu.yml');
  if (!result.ok) throw new Error(formatFileErrors(result.errors, 'nlu.yml').join('\n'));
  return { file: result.file, warnings: formatFileErrors(result.warnings, 'nlu.yml') };
}

const NLU = file(
  'version: "3.1"',
  'nlu:',
  '- synonym: impressora',
  '  examples: |',
  '    - printer',
  '    - imp',
  '- intent: cumprimentar',
  '  examples: |',
  '    - oi',
  '    - bom dia',
  '    - olá, tudo bem?',
  '- intent: problema',
  '  examples: |',
  '    - minha [impressora](equipamento) parou',
  '    - a [printer](equipamento) quebrou',
  '    - o [pc]{"entity": "equipamento", "value": "computador"} travou',
  '    - [notebook](equipamento:computador) lento',
  '    - chamado [123456](chamado) parado',
  '- intent: problema',
  '  metadata: {sentiment: negative}',
  '  examples:',
  '    - text: socorro',
  '      metadata: {source: chat}',
  '- lookup: cidade',
  '  examples: |',
  '    - São Paulo',
  '    - Recife',
  '- regex: chamado',
  '  examples: |',
  '    - \\b\\d{6}\\b',
  '- synonym: Cartão de crédito',
  '  examples: |',
  '    - cc',
  'responses:',
  '  utter_oi:',
  '  - text: Olá!',
  'stories: []',
  'rules: []',
);

describe('parseAssistantFile: Rasa NLU training data', () => {
  it('is detected by its nlu key', () => {
    expect(imported(NLU).file.format).toBe('rasa-nlu');
    // A domain key Rasa shares with us does not make it our format…
    expect(imported(file('version: "3.1"', 'intents: [oi]', 'nlu:', '- intent: oi', '  examples: |', '    - oi')).file.format).toBe('rasa-nlu');
  });

  it('imports intents, with markup read into clean text and entity spans', () => {
    const { intents } = imported(NLU).file.content;
    expect(intents.map((intent) => intent.name)).toEqual(['cumprimentar', 'problema']);
    expect(intents[0]?.phrases).toEqual([{ text: 'oi' }, { text: 'bom dia' }, { text: 'olá, tudo bem?' }]);
    // Both items of "problema" are one intent, as in Rasa.
    expect(intents[1]?.phrases).toEqual([
      { text: 'minha impressora parou', entities: [{ start: 6, end: 16, entity: 'equipamento', value: 'impressora' }] },
      // "printer" is a synonym of "impressora": the annotation gets the canonical value.
      { text: 'a printer quebrou', entities: [{ start: 2, end: 9, entity: 'equipamento', value: 'impressora' }] },
      { text: 'o pc travou', entities: [{ start: 2, end: 4, entity: 'equipamento', value: 'computador' }] },
      { text: 'notebook lento', entities: [{ start: 0, end: 8, entity: 'equipamento', value: 'computador' }] },
      { text: 'chamado 123456 parado', entities: [{ start: 8, end: 14, entity: 'chamado', value: '123456' }] },
      { text: 'socorro' },
    ]);
  });

  it('turns annotated entities, synonyms and lookups into text contexts', () => {
    expect(imported(NLU).file.content.contexts).toEqual([
      {
        name: 'equipamento',
        type: 'text',
        values: [
          // The synonym came first in the file; it still found the annotated value.
          { value: 'impressora', synonyms: ['printer', 'imp'] },
          // Annotations whose text differs from the value are synonyms, as in Rasa.
          { value: 'computador', synonyms: ['pc', 'notebook'] },
        ],
      },
      { name: 'chamado', type: 'text', values: [{ value: '123456', synonyms: [] }] },
      { name: 'cidade', type: 'text', values: [{ value: 'São Paulo', synonyms: [] }, { value: 'Recife', synonyms: [] }] },
      // A synonym no entity uses gets a context of its own, with a warning.
      { name: 'cartao_de_credito', type: 'text', values: [{ value: 'Cartão de crédito', synonyms: ['cc'] }] },
    ]);
  });

  it('reads values that differ only in case, or that another annotation made a synonym, as one value (as Rasa\'s synonym mapper)', () => {
    const text = file(
      'version: "3.1"',
      'nlu:',
      '- intent: informar',
      '  examples: |',
      '    - vou para [Berlin](cidade)',
      '    - vou para [berlin](cidade)',
      '    - moro em [nyc]{"entity": "cidade", "value": "New York"}',
      '    - moro em [NYC](cidade)',
      '    - estou em [Recife](cidade)',
    );
    const { file: result } = imported(text);
    expect(result.content.contexts).toEqual([
      { name: 'cidade', type: 'text', values: [{ value: 'Berlin', synonyms: [] }, { value: 'New York', synonyms: ['nyc'] }, { value: 'Recife', synonyms: [] }] },
    ]);
    expect(result.content.intents.map((intent) => intent.name)).toEqual(['informar']);
  });

  it('folds a value into the value a later annotation or lookup makes it a synonym of, its phrases renamed (as Rasa\'s synonym mapper)', () => {
    const annotated = file(
      'version: "3.1"',
      'nlu:',
      '- intent: travel',
      '  examples: |',
      '    - I want to go to [NYC](city)',
      '    - fly me to [Boston](city)',
      '    - a ticket to [NYC]{"entity": "city", "value": "New York"}',
    );
    const looked = file(
      'version: "3.1"',
      'nlu:',
      '- lookup: city',
      '  examples: |',
      '    - nyc',
      '    - Boston',
      '- intent: travel',
      '  examples: |',
      '    - I want to go to [NYC](city)',
      '    - fly me to [Boston](city)',
      '    - a ticket to [NYC]{"entity": "city", "value": "New York"}',
    );
    for (const text of [annotated, looked]) {
      const { file: result } = imported(text);
      expect(result.content.contexts).toEqual([{ name: 'city', type: 'text', values: [{ value: 'Boston', synonyms: [] }, { value: 'New York', synonyms: ['NYC'] }] }]);
      expect(result.content.intents[0]?.phrases.map((phrase) => phrase.entities?.[0]?.value)).toEqual(['New York', 'Boston', 'New York']);
    }
  });

  it('imports regexes and nothing of skills or dialogues', () => {
    const { content, settings, assistant } = imported(NLU).file;
    expect(content.regexes).toEqual([{ name: 'chamado', pattern: '\\b\\d{6}\\b' }]);
    expect(content.skills).toEqual([]);
    expect(content.dialogues).toEqual([]);
    expect(content.themes).toEqual([]);
    expect(settings).toBeUndefined();
    expect(assistant).toBeUndefined();
  });

  it('warns about what it leaves out: other Rasa keys, metadata, roles, orphan synonyms', () => {
    expect(imported(NLU).warnings).toEqual([
      'nlu.yml:20:3 nlu[3].metadata: intent metadata is not imported',
      'nlu.yml:23:7 nlu[3].examples[0].metadata: example metadata is not imported',
      'nlu.yml:31:3 nlu[6].synonym: no entity has the value "Cartão de crédito" or one of its synonyms; they were put in text context "cartao_de_credito"',
      'nlu.yml:34:1 responses: "responses" is not NLU training data and was not imported; only "nlu" is',
      'nlu.yml:37:1 stories: "stories" is not NLU training data and was not imported; only "nlu" is',
      'nlu.yml:38:1 rules: "rules" is not NLU training data and was not imported; only "nlu" is',
    ]);
    expect(imported(file('nlu:', '- intent: a', '  examples: |', '    - o [x]{"entity": "e", "role": "from"} y')).warnings).toEqual([
      'nlu.yml:1:1 version: no "version"; reading it as Rasa 3.x training data',
      'nlu.yml:4:9 nlu[0].examples[0]: entity "role" is not supported and was left out',
    ]);
  });

  it('accepts Rasa 2.x and 3.x versions only', () => {
    expect(errorsOf(file('version: "2.0"', 'nlu:', '- intent: a', '  examples: |', '    - a'))).toEqual([]);
    expect(errorsOf(file('version: "1.0"', 'nlu:', '- intent: a', '  examples: |', '    - a'))).toEqual([
      'nlu.yml:1:10 version: unsupported Rasa training data version "1.0"; Rasa 2.x and 3.x NLU data can be imported',
    ]);
  });

  it('reports errors inside an examples block at their own line and column', () => {
    // The JSON parser's wording depends on the Node version.
    const withoutReason = (line: string): string => line.replace(/not valid JSON \(.*?\); write/, 'not valid JSON (…); write');
    expect(errorsOf(file(
      'version: "3.1"',
      'nlu:',
      '- intent: problema',
      '  examples: |',
      '    - minha [impressora](equipamento parou',
      '    esqueci o traço',
      '    - ',
      '    - o [pc]{entity: equipamento} travou',
      '    - [pc](meu equipamento) lento',
      '- regex: chamado',
      '  examples: |',
      '    - \\d{6}',
      '    - (?P<numero>\\d+)',
      '    - (\\d+',
    )).map(withoutReason)).toEqual([
      'nlu.yml:5:13 nlu[0].examples[0]: entity markup is incomplete; write [text](context) or [text]{"entity": "context", "value": "value"}',
      'nlu.yml:7:7 nlu[0].examples[2]: example is empty',
      'nlu.yml:8:9 nlu[0].examples[3]: entity markup {entity: equipamento} is not valid JSON (…); write [text](context) or [text]{"entity": "context", "value": "value"}',
      'nlu.yml:9:7 nlu[0].examples[4]: entity name "meu equipamento" has a space; it must be one word of letters, digits, "_", "-", "." or "/"',
      // Python's named groups are fine: the NLU compiles them.
      'nlu.yml:14:7 nlu[1].examples[2]: "(\\d+" is not a valid regular expression (missing closing ): `(\\d+`)',
    ]);
  });

  it('leaves out, with a warning, what Rasa leaves out: a line without "-" (a comment), a pattern only a backtracking engine runs', () => {
    const { file: result, warnings } = imported(file(
      'version: "3.1"',
      'nlu:',
      '- intent: saudar',
      '  examples: |',
      '    # cumprimentos curtos',
      '    - oi',
      '    - olá',
      '- regex: protocolo',
      '  examples: |',
      '    - \\d{6}(?!\\d)',
      '    - PRT\\d{4}',
    ));
    expect(result.content.intents).toMatchObject([{ name: 'saudar', phrases: [{ text: 'oi' }, { text: 'olá' }] }]);
    expect(result.content.regexes).toEqual([{ name: 'protocolo', pattern: 'PRT\\d{4}' }]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'nlu.yml:5:5 nlu[0].examples[0]: each example must start with "- "; "# cumprimentos curtos" was left out',
        expect.stringMatching(/^nlu\.yml:10:7 nlu\[1\]\.examples\[0\]: .*the pattern was left out$/),
      ]),
    );
  });

  it('reports malformed items', () => {
    expect(errorsOf(file(
      'version: "3.1"',
      'nlu:',
      '- intent: a',
      '  synonym: b',
      '  examples: |',
      '    - a',
      '- examples: |',
      '    - a',
      '- intent: c',
      '- intent: meu intent',
      '  examples: |',
      '    - x',
      '- lookup: l',
      '  exemples: |',
      '    - x',
      '- synonym: s',
      '  metadata: {}',
      '  examples: |',
      '    - x',
      '- just a text',
      'domain: {}',
    ))).toEqual([
      'nlu.yml:3:3 nlu[0]: an nlu item has one of "intent", "synonym", "lookup", "regex"; this one has "intent" and "synonym"',
      'nlu.yml:7:3 nlu[1]: an nlu item needs one of "intent", "synonym", "lookup", "regex"',
      'nlu.yml:9:3 nlu[2].examples: an nlu item needs "examples": the example phrases, one "- " line each',
      'nlu.yml:13:3 nlu[4].examples: an nlu item needs "examples": the values, one "- " line each',
      'nlu.yml:14:3 nlu[4].exemples: unknown key "exemples" in an nlu item; did you mean "examples"?',
      'nlu.yml:17:3 nlu[5].metadata: "metadata" is only for intents',
      'nlu.yml:20:3 nlu[6]: an nlu item must be a mapping (key: value lines), not a text',
      'nlu.yml:21:1 domain: unknown key "domain" in a Rasa training data file (known keys: version, nlu, responses, stories, rules, intents, entities, slots, forms, actions, session_config, e2e_actions, config, test_stories)',
    ]);
  });

  it("maps intent names Rasa accepts and we do not (BANKING77's) to valid ones, saying why, without refusing the file", () => {
    const { file: result, warnings } = imported(file(
      'version: "3.1"',
      'nlu:',
      '- intent: reverted_card_payment?',
      '  examples: |',
      '    - my card payment was reverted',
      '- intent: card arrival',
      '  examples: |',
      '    - when will my card arrive',
      '- intent: reverted_card_payment?',
      '  examples: |',
      '    - why was my payment reverted',
    ));
    expect(result.content.intents).toEqual([
      { name: 'reverted_card_payment', phrases: [{ text: 'my card payment was reverted' }, { text: 'why was my payment reverted' }] },
      { name: 'card_arrival', phrases: [{ text: 'when will my card arrive' }] },
    ]);
    expect(warnings).toEqual([
      'nlu.yml:3:11 nlu[0].intent: intent name "reverted_card_payment?" has "?"; imported as "reverted_card_payment"',
      'nlu.yml:6:11 nlu[1].intent: intent name "card arrival" has a space; imported as "card_arrival"',
      'nlu.yml:9:11 nlu[2].intent: intent name "reverted_card_payment?" has "?"; imported as "reverted_card_payment"',
    ]);
    expect(result.report?.intentNames).toEqual({ 'reverted_card_payment?': 'reverted_card_payment', 'card arrival': 'card_arrival' });
  });
});
