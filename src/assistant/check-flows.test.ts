import { describe, expect, it } from 'vitest';
import { checkFlows, describeFlowWarning } from './check-flows.js';
import { emptyContent, type AssistantContent } from './content.js';

function content(): AssistantContent {
  return {
    ...emptyContent(),
    contexts: [
      { name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: [] }, { value: 'computador', synonyms: [] }] },
      { name: 'descricao', type: 'text', values: [] },
      { name: 'sistema', type: 'text', values: [{ value: 'E-mail', synonyms: ['outlook'] }], lifetime: 'dialogue' },
      { name: 'nota', type: 'float', min: 0, max: 10 },
    ],
    intents: [
      { name: 'avaliar', phrases: [{ text: 'quero avaliar' }] },
      { name: 'sim', phrases: [{ text: 'sim' }] },
      { name: 'nao', phrases: [{ text: 'não' }, { text: 'nao obrigado' }] },
      { name: 'conta_bloqueada', phrases: [{ text: 'minha conta ta bloqueada' }] },
      { name: 'chamado', phrases: [{ text: 'abrir chamado' }] },
    ],
    skills: [
      { name: 'pedir_avaliacao', fallback: false, kind: 'buttons', texts: ['Avalia?'], buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Não, obrigado', payload: 'nao obrigado' }] },
      { name: 'obrigado', fallback: false, kind: 'text', texts: ['Obrigado!'] },
      { name: 'conta', fallback: false, kind: 'text', texts: ['Sua conta do {sistema} está bloqueada.'] },
      { name: 'perguntar_equipamento', fallback: false, kind: 'buttons', texts: ['Qual?'], buttons: [{ title: 'Impressora', payload: 'impressora' }, { title: 'Scanner', payload: 'scanner' }] },
      { name: 'perguntar_descricao', fallback: false, kind: 'text', texts: ['O que houve com {equipamento}?'] },
      { name: 'confirmar', fallback: false, kind: 'buttons', texts: ['Confirma {equipamento}: {descricao}?'], buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Talvez', payload: 'talvez' }] },
      { name: 'registrado', fallback: false, kind: 'text', texts: ['Registrado: {equipamento}, {descricao}, nota {nota}.'] },
      { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi.'] },
    ],
    dialogues: [
      { name: 'avaliacao', intents: ['avaliar'], skill: 'pedir_avaliacao' },
      { name: 'avaliacao_sim', intents: ['sim'], skill: 'obrigado', followUpOf: 'avaliacao' },
      { name: 'conta', intents: ['conta_bloqueada'], skill: 'conta' },
      {
        name: 'registrar',
        intents: ['chamado'],
        skill: 'registrado',
        slots: [
          { context: 'equipamento', question: 'perguntar_equipamento' },
          { context: 'descricao', question: 'perguntar_descricao' },
          { context: 'nota' },
        ],
        confirm: 'confirmar',
      },
    ],
  };
}

const fields = (warnings: ReturnType<typeof checkFlows>) => warnings.map((warning) => `${warning.list}:${warning.name}:${warning.field}`);

describe('checkFlows', () => {
  it('reports a button whose value no dialogue handles where it is shown (the "Não, obrigado" of the UX review)', () => {
    const warnings = checkFlows(content(), { language: 'pt' });
    const button = warnings.find((warning) => warning.field === 'buttons.1.payload' && warning.name === 'pedir_avaliacao');
    expect(button?.message).toBe(
      'button "Não, obrigado" (value "nao obrigado") is understood as intent "nao" (one of its phrases), but no dialogue answers "nao" after dialogue "avaliacao" nor at any time: ' +
        'the fallback skill would answer; add a dialogue that answers "nao" as a follow-up of "avaliacao"',
    );
    expect(describeFlowWarning(button ?? warnings[0]!)).toMatch(/^skill "pedir_avaliacao" \(buttons\.1\.payload\): button "Não, obrigado"/);
    // "Sim" has its follow-up.
    expect(fields(warnings)).not.toContain('skills:pedir_avaliacao:buttons.0.payload');
  });

  it('reads button values with the trained NLU when given, below the threshold as the fallback', () => {
    const understand = (text: string) => (text === 'sim' ? { intent: 'sim', confidence: 0.97 } : text === 'nao obrigado' ? { intent: 'nao', confidence: 1 } : { intent: 'nlu_fallback', confidence: 0.1 });
    const withFallback = content();
    withFallback.skills[0]?.buttons?.push({ title: 'Talvez', payload: 'talvez' });
    const warnings = checkFlows(withFallback, { language: 'pt', understand });
    expect(warnings.find((warning) => warning.field === 'buttons.1.payload')?.message).toMatch(/understood as intent "nao" \(100 %\)/);
    expect(warnings.find((warning) => warning.field === 'buttons.2.payload')?.message).toMatch(/does not understand this value \(below the accuracy threshold\)/);
  });

  it("checks a question's buttons against the context and a confirmation's against yes and no", () => {
    const warnings = checkFlows(content(), { language: 'pt' });
    expect(warnings.find((warning) => warning.name === 'perguntar_equipamento')).toMatchObject({
      field: 'buttons.1.payload',
      message: expect.stringMatching(/button "Scanner" \(value "scanner"\) does not answer the question for context "equipamento" of dialogue "registrar": it is not one of its values \(impressora, computador\)/),
    });
    expect(warnings.find((warning) => warning.name === 'confirmar')).toMatchObject({ field: 'buttons.1.payload', message: expect.stringMatching(/neither a yes nor a no/) });
  });

  it('reports a skill whose every text would lose a placeholder that may be unset, not one asked for before', () => {
    const warnings = checkFlows(content(), { language: 'pt' });
    expect(warnings.find((warning) => warning.name === 'conta')?.message).toBe(
      'every text uses {sistema}, which may be unset when this skill answers ("Sua conta do {sistema} está bloqueada." would read "Sua conta do está bloqueada."); add a text without it, or a variant for when it is set',
    );
    // Asked before the question, and before the final skill: set by then.
    expect(fields(warnings)).not.toContain('skills:perguntar_descricao:texts');
    expect(fields(warnings)).not.toContain('skills:registrado:texts');
    // A default text without the placeholder settles it.
    const fixed = content();
    fixed.skills[2] = { ...fixed.skills[2]!, texts: ['Sua conta está bloqueada.'], variants: [{ when: [{ context: 'sistema', operator: 'set' }], texts: ['Sua conta do {sistema} está bloqueada.'] }] };
    expect(fields(checkFlows(fixed, { language: 'pt' }))).not.toContain('skills:conta:texts');
  });

  it('reports placeholders of contexts that do not exist', () => {
    const broken = content();
    broken.skills[1] = { ...broken.skills[1]!, texts: ['Obrigado, {cliente}!', 'Valeu!'] };
    expect(checkFlows(broken, { language: 'pt' }).find((warning) => warning.name === 'obrigado')).toMatchObject({ field: 'texts.0', message: expect.stringMatching(/\{cliente\} names no context/) });
  });

  it('reports a context a dialogue needs that nothing can fill', () => {
    const needs = content();
    needs.contexts.push({ name: 'protocolo', type: 'text', values: [] });
    needs.dialogues[3]?.slots?.push({ context: 'protocolo' });
    const warning = checkFlows(needs, { language: 'pt' }).find((candidate) => candidate.name === 'registrar' && candidate.field === 'slots.3.context');
    expect(warning?.message).toMatch(/needs context "protocolo", but nothing can fill it/);
    // A float is recognised in any message: "nota" without a question is not reported.
    expect(fields(checkFlows(content(), { language: 'pt' }))).not.toContain('dialogues:registrar:slots.2.context');
  });

  it('reports follow-ups that never answer and loops of follow-ups', () => {
    const flows = content();
    // After "avaliacao" the conversation continues as "conta": its follow-up never answers.
    flows.skills[0] = { ...flows.skills[0]!, preset: { dialogue: 'conta' } };
    const unreachable = checkFlows(flows, { language: 'pt' }).find((warning) => warning.name === 'avaliacao_sim');
    expect(unreachable).toMatchObject({ field: 'followUpOf', message: expect.stringMatching(/never answers: after dialogue "avaliacao" the conversation continues as "conta"/) });

    const loop = content();
    loop.skills[1] = { ...loop.skills[1]!, preset: { dialogue: 'avaliacao' } };
    expect(checkFlows(loop, { language: 'pt' }).find((warning) => warning.name === 'avaliacao_sim')).toMatchObject({ field: 'skill', message: expect.stringMatching(/^loop: avaliacao → avaliacao_sim → "avaliacao" again/) });
  });

  it('finds nothing to say about a sound flow', () => {
    const sound = content();
    sound.skills[0]!.buttons = [{ title: 'Sim', payload: 'sim' }];
    sound.skills[2]!.texts = ['Sua conta está bloqueada.'];
    sound.skills[3]!.buttons = [{ title: 'Impressora', payload: 'impressora' }];
    sound.skills[5]!.buttons = [{ title: 'Sim', payload: 'sim' }, { title: 'Não', payload: 'não' }, { title: 'Corrigir', payload: 'corrigir equipamento' }];
    expect(checkFlows(sound, { language: 'pt' })).toEqual([]);
  });
});
