// Watson's own samples (assistant-simple's bank and car workspaces) put the welcome and
// anything_else texts one level down: the node has no output and goes on without waiting for the
// user (skip_user_input) to a child whose condition is `true`.
import { describe, expect, it } from 'vitest';
import { formatReportLine } from './import-report.js';
import { readWatsonWorkspace } from './read-watson-workspace.js';

const textOutput = (text: string) => ({ generic: [{ response_type: 'text', values: [{ text }] }] });

const workspace = {
  name: 'Amostra',
  language: 'pt-br',
  intents: [{ intent: 'saudar', examples: [{ text: 'oi' }, { text: 'olá' }, { text: 'bom dia' }, { text: 'boa tarde' }] }],
  entities: [],
  dialog_nodes: [
    { dialog_node: 'welcome', conditions: 'welcome', output: {}, next_step: { behavior: 'skip_user_input' } },
    { dialog_node: 'welcome_text', parent: 'welcome', conditions: 'true', output: textOutput('Olá! Sou o assistente do banco.') },
    { dialog_node: 'oi', conditions: '#saudar', previous_sibling: 'welcome', output: textOutput('Oi!') },
    { dialog_node: 'else', conditions: 'anything_else', previous_sibling: 'oi', output: {}, next_step: { behavior: 'skip_user_input' } },
    { dialog_node: 'else_off', parent: 'else', conditions: 'true', disabled: true, output: textOutput('Desligado.') },
    { dialog_node: 'else_text', parent: 'else', previous_sibling: 'else_off', conditions: 'true', output: {}, next_step: { behavior: 'skip_user_input' } },
    { dialog_node: 'else_answer', type: 'response_condition', parent: 'else_text', conditions: '', output: textOutput('Não entendi, pode reformular?') },
  ],
};

describe('reading a Watson workspace', () => {
  it('takes the welcome and anything_else texts from the child a skip_user_input leads to: greeting and fallback', () => {
    const result = readWatsonWorkspace(workspace);
    if (!result.ok) throw new Error(result.message);
    const { file, report } = result;
    expect(file.settings?.greeting).toBe('Olá! Sou o assistente do banco.');
    const fallback = file.content.skills.find((skill) => skill.fallback);
    expect(fallback).toMatchObject({ texts: ['Não entendi, pode reformular?'] });
    const lines = report.lines.map(formatReportLine);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kept node "welcome".*greeting/),
        expect.stringMatching(/^kept node "welcome_text".*the answer of its parent node/),
        expect.stringMatching(/^kept node "else".*fallback skill/),
        expect.stringMatching(/^kept node "else_text".*the answer of its parent node/),
        expect.stringMatching(/^kept node "else_answer".*the answer of its parent node/),
        expect.stringMatching(/^skipped node "else_off"/),
      ]),
    );
  });

  it("reports a second anything_else node's answer as skipped with it, not as kept", () => {
    const twice = {
      ...workspace,
      dialog_nodes: [
        ...workspace.dialog_nodes,
        { dialog_node: 'else2', conditions: 'anything_else', previous_sibling: 'else', output: {}, next_step: { behavior: 'skip_user_input' } },
        { dialog_node: 'else2_text', parent: 'else2', conditions: 'true', output: textOutput('Outra.') },
      ],
    };
    const result = readWatsonWorkspace(twice);
    if (!result.ok) throw new Error(result.message);
    const lines = result.report.lines.map(formatReportLine);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^skipped node "else2"/), expect.stringMatching(/^skipped node "else2_text"/)]));
    expect(lines.some((line) => line.startsWith('kept node "else2_text"'))).toBe(false);
  });

  it('skips a disabled folder and everything in it', () => {
    const withFolder = {
      ...workspace,
      dialog_nodes: [
        ...workspace.dialog_nodes,
        { dialog_node: 'pasta', type: 'folder', title: 'Antigos', conditions: '', disabled: true, previous_sibling: 'else' },
        { dialog_node: 'dentro', parent: 'pasta', conditions: '#saudar', output: textOutput('Oi de novo!') },
      ],
    };
    const result = readWatsonWorkspace(withFolder);
    if (!result.ok) throw new Error(result.message);
    expect(result.file.content.dialogues.map((dialogue) => dialogue.name)).not.toContain('dentro');
    const lines = result.report.lines.map(formatReportLine);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^skipped node "pasta".*disabled/), expect.stringMatching(/^skipped node "dentro"/)]));
  });

  it("checks an option's title, labels and values and an image's title as texts, and keeps the image's title as its caption", () => {
    const nodes = [
      {
        dialog_node: 'opcoes',
        conditions: '#saudar',
        output: {
          generic: [
            { response_type: 'option', title: 'Olá $nome, escolha:', options: [{ label: 'Ligar $aparelho', value: { input: { text: 'ligar' } } }, { label: 'Sair', value: { input: { text: 'sair' } } }] },
          ],
        },
      },
    ];
    const result = readWatsonWorkspace({ ...workspace, dialog_nodes: nodes });
    if (!result.ok) throw new Error(result.message);
    expect(result.file.content.skills.find((skill) => skill.name === 'opcoes')).toBeUndefined();
    const lines = result.report.lines.map(formatReportLine).join('\n');
    expect(lines).toMatch(/\$nome/);
    expect(lines).toMatch(/\$aparelho/);
    const image = [{ dialog_node: 'foto', conditions: '#saudar', output: { generic: [{ response_type: 'text', values: [{ text: 'Veja:' }] }, { response_type: 'image', source: 'https://example.com/a.png', title: 'Dica' }] } }];
    const withImage = readWatsonWorkspace({ ...workspace, dialog_nodes: image });
    if (!withImage.ok) throw new Error(withImage.message);
    expect(withImage.file.content.skills.find((skill) => skill.kind === 'image')).toMatchObject({ texts: ['Veja:\n\nDica'], image: 'https://example.com/a.png' });
  });

  it('reports what has no equivalent: digressions, actions, a legacy output action, @entity in a text, fuzzy matching, disambiguation', () => {
    const rich = {
      ...workspace,
      entities: [{ entity: 'aparelho', fuzzy_match: true, values: [{ value: 'tv', synonyms: ['televisão'] }] }],
      system_settings: { disambiguation: { enabled: true, prompt: 'Você quis dizer:' }, off_topic: { enabled: false } },
      dialog_nodes: [
        { dialog_node: 'ligar', conditions: '#saudar', digress_in: 'returns', digress_out: 'allow_all', actions: [{ name: 'lookup', type: 'cloud_function' }], output: { text: 'Vou ligar a @aparelho. Escreva para suporte@acme.com.', action: { on: true } } },
      ],
    };
    const result = readWatsonWorkspace(rich);
    if (!result.ok) throw new Error(result.message);
    const lines = result.report.lines.map(formatReportLine);
    expect(lines).toEqual(
      expect.arrayContaining([
        'skipped node "ligar": not carried: digressions (digress_in: returns, digress_out: allow_all); actions (lookup); output action',
        expect.stringMatching(/^skipped node "ligar" output: text ".*" shows the value of entity @aparelho/),
        expect.stringMatching(/^skipped entity "aparelho": fuzzy matching has no equivalent/),
        'skipped system settings: disambiguation have no equivalent',
      ]),
    );
  });

  it('reports the nodes no root leads to: a missing parent, parents in a cycle', () => {
    const broken = {
      ...workspace,
      dialog_nodes: [
        ...workspace.dialog_nodes,
        { dialog_node: 'orfao', parent: 'fantasma', conditions: '#saudar', output: textOutput('Órfão.') },
        { dialog_node: 'a', parent: 'b', conditions: '#saudar', output: textOutput('A.') },
        { dialog_node: 'b', parent: 'a', conditions: '#saudar', output: textOutput('B.') },
      ],
    };
    const result = readWatsonWorkspace(broken);
    if (!result.ok) throw new Error(result.message);
    const lines = result.report.lines.map(formatReportLine);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^skipped node "orfao": its parent "fantasma" is not in the workspace/),
        expect.stringMatching(/^skipped node "a": its parent "b"/),
        expect.stringMatching(/^skipped node "b": its parent "a"/),
      ]),
    );
  });

  it("reports a jump whose target became no dialogue (a condition on a variable) as answering with the target's skill", () => {
    const nodes = [
      { dialog_node: 'roubo', conditions: '#saudar', output: {}, next_step: { behavior: 'jump_to', selector: 'condition', dialog_node: 'cartao' } },
      { dialog_node: 'cartao', conditions: '$cartao_roubado', previous_sibling: 'roubo', output: textOutput('Bloqueamos o seu cartão.') },
    ];
    const result = readWatsonWorkspace({ ...workspace, dialog_nodes: nodes });
    if (!result.ok) throw new Error(result.message);
    expect(result.file.content.dialogues).toMatchObject([{ name: 'roubo', intents: ['saudar'], skill: 'cartao' }]);
    expect(result.report.lines.map(formatReportLine)).toEqual(expect.arrayContaining([expect.stringMatching(/^kept node "roubo" jump to "cartao": answers with the target's skill "cartao"/)]));
  });

  it('finds no answer where the node waits for the user (no skip_user_input)', () => {
    const waiting = { ...workspace, dialog_nodes: workspace.dialog_nodes.map((node) => (node.dialog_node === 'else' ? { ...node, next_step: undefined } : node)) };
    const result = readWatsonWorkspace(waiting);
    if (!result.ok) throw new Error(result.message);
    expect(result.file.content.skills.some((skill) => skill.fallback)).toBe(false);
    expect(result.report.lines.map(formatReportLine)).toEqual(expect.arrayContaining([expect.stringMatching(/^skipped node "else".*no text/)]));
  });
});

describe('a node that shares an intent with a node before it', () => {
  it('answers its other intents, as Watson tries the nodes of a level top to bottom; the shared one is reported', () => {
    const result = readWatsonWorkspace({
      name: 'T',
      language: 'en',
      intents: ['a', 'b', 'c', 'd'].map((intent) => ({ intent, examples: [{ text: `${intent} example` }] })),
      entities: [],
      dialog_nodes: [
        { dialog_node: 'n1', conditions: '#a || #b', output: textOutput('A or B') },
        { dialog_node: 'n2', previous_sibling: 'n1', conditions: '#b || #c', output: textOutput('B or C') },
        { dialog_node: 'n3', previous_sibling: 'n2', conditions: '#a || #c', output: textOutput('A or C') },
      ],
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.file.content.dialogues).toEqual([
      { name: 'n1', intents: ['a', 'b'], skill: 'n1' },
      { name: 'n2', intents: ['c'], skill: 'n2' },
    ]);
    expect(result.report.lines.map(formatReportLine)).toEqual(
      expect.arrayContaining([
        'kept node "n2": dialogue "n2" on #c answered by skill "n2"',
        'skipped node "n2": for #b, dialogue "n1" answers first at this level (Watson would not reach this node for them); the node answers its other intents',
        // Every intent of n3 is answered before it: Watson never reaches it.
        'skipped node "n3": its intent is already answered at this level by dialogue "n1", which comes first (Watson would not reach this node either)',
      ]),
    );
    expect(result.report.lines.find((line) => line.code === 'node_intents_answered_earlier')).toMatchObject({ itemCode: 'node', params: { intents: '#b', dialogue: 'n1' } });
  });
});

describe('nodes Watson itself would refuse', () => {
  it('are reported and left out: a second node with the same id, a field of the wrong type (a numeric parent would make a child a root)', () => {
    const nodes = [
      { dialog_node: 'oi', conditions: '#saudar', output: textOutput('Oi!') },
      { dialog_node: 'oi', conditions: '#saudar', previous_sibling: 'oi', output: textOutput('Oi de novo!') },
      { dialog_node: 'filho', parent: 7, conditions: '#saudar', output: textOutput('Filho.') },
      { dialog_node: 'titulo', title: ['x'], conditions: '#saudar', output: textOutput('Título.') },
    ];
    const result = readWatsonWorkspace({ ...workspace, dialog_nodes: nodes });
    if (!result.ok) throw new Error(result.message);
    const lines = result.report.lines.map(formatReportLine);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^skipped node "oi": another node before it has the same "dialog_node"/),
        expect.stringMatching(/^skipped node "filho": its "parent" is not text/),
        expect.stringMatching(/^skipped node "titulo": its "title" is not text/),
      ]),
    );
    expect(result.file.content.dialogues.map((dialogue) => dialogue.name)).toEqual(['oi']);
    expect(result.file.content.skills.map((skill) => skill.name)).not.toContain('filho');
  });
});
