// Issue 21: an IBM Watson workspace (test/fixtures/watson-help-desk.json, written for these tests:
// 27 intents, synonym and pattern entities, 46 nodes with children, folders, jumps, options,
// images, legacy and generic outputs, slots, response conditions) imported through the admin API
// and `helper import`, trained, and talked to through the REST channel.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const BASE = '/api/admin/servers/demo/assistants/pt';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const workspaceUrl = new URL('./fixtures/watson-help-desk.json', import.meta.url);

describe.each([{ postgres: false }, { postgres: true }])('Watson workspace import (postgres: $postgres)', ({ postgres }) => {
  let test: TestPlatform;
  let workspace: string;
  beforeAll(async () => {
    test = await startTestPlatform({ postgres, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
    workspace = await readFile(workspaceUrl, 'utf8');
  });
  afterAll(async () => {
    await test?.close();
  });

  const say = async (sender: string, message: string) => {
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
    expect(response.statusCode).toBe(200);
    return response.json() as Array<Record<string, unknown>>;
  };

  it('imports the workspace with a report of every node kept or skipped, and the trained assistant talks like the Watson one', async () => {
    const response = await test.app.inject({ method: 'POST', url: `${BASE}/assistant.yaml?mode=replace`, headers: { ...auth, 'content-type': 'application/json' }, payload: workspace });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { format: string; counts: Record<string, number>; report: string[] };
    expect(body.format).toBe('watson');
    // 27 intents + one per option answered by a child node (Incidente, Requisição).
    expect(body.counts).toMatchObject({ intents: 29, contexts: 2, dialogues: 31 });
    expect(body.report).toEqual(
      expect.arrayContaining([
        'kept node "node_preco" (Preços e orçamentos): dialogue "Preços e orçamentos" on #precos or #orcamento answered by skill "Preços e orçamentos"',
        'kept node "node_chamado_incidente" (Incidente): dialogue "Incidente" on #abrir_chamado_incidente answered by skill "Incidente", a follow-up of "Abrir chamado"',
        'kept node "node_internet_nao" (Internet: reiniciar) jump to "node_internet_sim": follow-up dialogue "Internet: já reiniciou (after Internet: reiniciar)" of "Internet: reiniciar"',
        'kept node "node_status" (Status do chamado) jump to "node_consulta": answers with the target\'s skill "Consultar chamado"',
        'kept node "node_ferias" (Férias): dialogue "Férias" on #ferias answered by skill "Férias"',
        'kept node "node_fallback" (Em outros casos): fallback skill "Em outros casos"',
        'skipped node "node_equipamento" (Equipamento citado): condition "@equipamento" is not one or more #intents (entity, context-variable, && and special conditions have no equivalent)',
        'skipped node "node_agendar" (Agendar visita): slot filling (frame, slots and handlers) has no automatic equivalent; rebuild it as a dialogue with slots',
        'skipped node "slot_data": part of slot filling node "node_agendar"',
        'skipped node "node_saudacao_2" (Saudação repetida): its intent is already answered at this level by dialogue "Saudação", which comes first (Watson would not reach this node either)',
        'skipped node "node_antigo" (Elogio antigo): the node is disabled',
        'skipped node "node_prioridade" (Prioridade): inside folder "Clientes VIP", whose condition "$cliente_vip" has no equivalent',
        'skipped node "node_chamado" (Abrir chamado) output: a pause of 1000 ms',
        'skipped node "node_horario" (Horário) output: text "Hoje atendemos até $horario_fim." shows context variable $horario_fim, which Watson would fill',
        'skipped entity "sys-number": Watson system entities have no equivalent; a text context with "entity" (date, time, email…) takes such values',
        expect.stringMatching(/^skipped value "email" of entity "email_corporativo": pattern \(\?<=mailto:\)\\S\+: .*lookahead or lookbehind/),
        'skipped webhook "main_webhook": webhooks are not called; use an action server',
      ]),
    );
    // Every node of the workspace has at least one line.
    const nodes = (JSON.parse(workspace) as { dialog_nodes: Array<{ dialog_node: string; type: string }> }).dialog_nodes;
    for (const node of nodes.filter((candidate) => candidate.type !== 'folder' || candidate.dialog_node === 'node_vip')) {
      expect(body.report.some((line) => line.includes(`node "${node.dialog_node}"`)), node.dialog_node).toBe(true);
    }

    const assistant = await test.platform.defaultAssistant();
    const content = await test.platform.store.content.load(assistant.id);
    expect(content.contexts.find((context) => context.name === 'tipo_chamado')).toEqual({
      name: 'tipo_chamado',
      type: 'text',
      values: [
        { value: 'incidente', synonyms: ['falha', 'erro', 'parou'] },
        { value: 'requisicao', synonyms: ['pedido', 'solicitação', 'requisição'] },
      ],
    });
    expect(content.regexes).toEqual([{ name: 'numero_chamado', pattern: '\\b\\d{6}\\b' }, { name: 'email_corporativo', pattern: '[a-z.]+@acme\\.com\\.br' }]);
    expect(content.skills.find((skill) => skill.name === 'VPN')?.texts).toEqual(['Confira se o token está válido.', 'Reinstale o cliente da VPN pelo portal.']);
    expect(content.skills.find((skill) => skill.name === 'E-mail')?.texts).toEqual(['Feche o Outlook.\nAbra de novo em modo seguro.']);
    // The welcome node's text is the assistant's greeting (the web chat says it when a conversation opens).
    expect((await test.platform.store.assistants.getById(assistant.id))?.settings.greeting).toBe('Olá! Sou o assistente da Central de Serviços. Como posso ajudar?');
    // The demo's dialogues went (replace); only the workspace's are left.
    expect(content.dialogues.some((dialogue) => dialogue.name === 'chamado')).toBe(false);

    if (postgres) return; // Training and talking are the engine's, the same on both stores.
    const training = await test.platform.trainings.runNow(assistant, 'complete', 'test');
    expect(training.status).toBe('succeeded');

    // Legacy output.text with random variations.
    expect(['Olá! Como posso ajudar?', 'Oi! Em que posso ser útil?']).toContain((await say('w1', 'bom dia'))[0]?.['text']);
    // An option with the follow-ups of its values; the answer has an image.
    const options = await say('w1', 'quero abrir um chamado');
    expect(options).toEqual([
      {
        recipient_id: 'w1',
        text: 'Qual o tipo do chamado?',
        buttons: [
          { title: 'Incidente', payload: '/abrir_chamado_incidente' },
          { title: 'Requisição', payload: '/abrir_chamado_requisicao' },
        ],
      },
    ]);
    // The image's title (Watson's caption) follows the text.
    expect(await say('w1', '/abrir_chamado_incidente')).toEqual([
      { recipient_id: 'w1', text: 'Descreva o problema e o seu ramal: um técnico vai retornar.' },
      { recipient_id: 'w1', text: 'Como descrever um incidente' },
      { recipient_id: 'w1', image: 'https://example.com/ajuda/incidente.png' },
    ]);
    // Children on #confirmar/#negar, and a jump (user_input) that makes a follow-up of another branch.
    expect(await say('w2', 'estou sem internet')).toEqual([{ recipient_id: 'w2', text: 'Você já reiniciou o roteador?' }]);
    expect(await say('w2', 'não')).toEqual([{ recipient_id: 'w2', text: 'Reinicie o roteador e me diga: voltou?' }]);
    expect(await say('w2', 'sim')).toEqual([{ recipient_id: 'w2', text: 'Então vou registrar um chamado para a equipe de redes.' }]);
    // A node without output that jumps to another answers with the target's answer.
    expect(await say('w3', 'status do meu chamado')).toEqual([{ recipient_id: 'w3', text: 'Informe o número do chamado (seis dígitos).' }]);
    // A node inside a folder, and a compound #a || #b condition.
    expect(await say('w3', 'como peço férias')).toEqual([{ recipient_id: 'w3', text: 'Peça férias no portal do RH, menu Férias.' }]);
    expect(await say('w3', 'quero um orçamento')).toEqual([{ recipient_id: 'w3', text: 'Os valores dependem do serviço; um consultor envia o orçamento por e-mail.' }]);
    // anything_else → the fallback skill.
    expect(['Desculpe, não entendi. Digite menu para ver o que posso fazer.', 'Não entendi. Pode reformular?']).toContain((await say('w4', 'xpto qwerty zzz'))[0]?.['text']);
  });
});
