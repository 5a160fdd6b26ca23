// `helper handoff …` (issue 20): the agents' inbox from the shell, run in-process against the same
// SQLite file as a running platform (the demo assistant), the REST channel as the user; and a
// reply to a web chat user, which the CLI cannot emit itself: the server does, from the store.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RASA_SOCKETIO_PATH } from '../src/channels/socketio/socketio-channel.js';
import { runCli } from '../src/cli/main.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { joinSession as join, openWebChatTab } from './helpers/web-chat-tab.js';

let test: TestPlatform;
let env: Record<string, string>;
beforeAll(async () => {
  test = await startTestPlatform();
  env = { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await test?.close();
});

async function helper(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function say(sender: string, message: string): Promise<string[]> {
  const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
  return (response.json() as Array<{ text?: string }>).map((item) => item.text ?? '');
}

describe('helper handoff', () => {
  it('lists, takes, replies as a named agent and resolves; refuses what does not fit', async () => {
    expect((await helper('user', 'add', 'beto', '--email', 'beto@demo.example', '--first-name', 'Beto', '--role', 'agent', '--password', 'beto-password-1')).code).toBe(0);
    expect((await helper('user', 'add', 'vera', '--email', 'vera@demo.example', '--first-name', 'Vera', '--role', 'viewer', '--password', 'vera-password-1')).code).toBe(0);
    expect((await helper('handoff', 'list')).out).toBe('no handoffs');

    await say('c-cli', 'quero falar com um atendente');
    const listed = await helper('handoff', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ assistant: 'demo/pt', conversation: 'c-cli', status: 'waiting', agent: null, channel: 'rest', reason: 'skill' })]);
    const lines = await helper('handoff', 'list', '--assistant', 'demo/pt');
    expect(lines.out.split('\n')[1]).toMatch(/^\d+\tdemo\/pt\tc-cli\twaiting\t-\t0\trest\tskill\t\d{4}-/);
    expect((await helper('handoff', 'list', '--status', 'mine')).err).toContain('--status must be one of');
    expect((await helper('handoff', 'list', '--assistant', 'nobody/pt')).err).toContain('does not exist');

    expect(await helper('handoff', 'take', 'c-cli', '--agent', 'vera')).toMatchObject({ code: 1, err: expect.stringContaining('--agent: vera is not an active agent') });
    expect(await helper('handoff', 'take', 'c-cli', '--agent', 'beto')).toMatchObject({ code: 0, out: 'c-cli: taken by beto' });
    expect(await helper('handoff', 'take', 'c-cli')).toMatchObject({ code: 1, err: expect.stringContaining('beto already has this conversation') });
    expect(await helper('handoff', 'reply', 'c-cli', 'Olá, sou o Beto', '--agent', 'beto')).toMatchObject({ code: 0, out: expect.stringContaining('next answer') });
    expect((await helper('handoff', 'reply', 'c-cli', 'Olá')).err).toContain("required option '--agent <login>'");
    expect(await helper('handoff', 'note', 'c-cli', 'pediu retorno por e-mail', '--agent', 'beto')).toMatchObject({ code: 0 });
    expect(await say('c-cli', 'oi Beto')).toEqual(['Olá, sou o Beto']);

    expect(await helper('handoff', 'resolve', 'c-cli')).toMatchObject({ code: 0, out: 'c-cli: resolved; the assistant answers again' });
    expect(await helper('handoff', 'resolve', 'c-cli')).toMatchObject({ code: 1, err: expect.stringContaining('is not handed off') });
    expect((await say('c-cli', 'oi')).length).toBeGreaterThan(0);
    expect(JSON.parse((await helper('handoff', 'list', '--status', 'resolved', '--json')).out)).toEqual([expect.objectContaining({ conversation: 'c-cli', status: 'resolved', agent: 'beto' })]);
  });

  it("says why a reply was recorded but not sent (exit 1): a channel not set up, outside WhatsApp's 24-hour window", async () => {
    expect((await helper('user', 'add', 'duda', '--email', 'duda@demo.example', '--first-name', 'Duda', '--role', 'agent', '--password', 'duda-password-1')).code).toBe(0);
    const demo = await test.platform.defaultAssistant();
    const now = Date.now() / 1000;
    // WhatsApp is not set up for the demo assistant (no phone number id): the channel does not take it.
    await test.platform.store.handoffs.open({ assistantId: demo.id, senderId: '5511999990000', channel: 'whatsapp', reason: 'skill', now });
    expect(await helper('handoff', 'reply', '5511999990000', 'Já volto.', '--agent', 'duda')).toMatchObject({
      code: 1,
      out: '5511999990000: recorded, but not sent: the whatsapp channel did not take it (not set up for this assistant, or it failed)',
    });

    // Set up (its phone number id is all an agent's reply needs), but this user wrote 25 hours ago.
    await test.platform.store.channels.saveSettings(demo.id, 'whatsapp', { address: '106540352242922', settings: {} });
    await test.platform.store.channels.touchContact(demo.id, 'whatsapp', '5511999990025', now - 25 * 60 * 60);
    await test.platform.store.handoffs.open({ assistantId: demo.id, senderId: '5511999990025', channel: 'whatsapp', reason: 'skill', now });
    expect(await helper('handoff', 'reply', '5511999990025', 'Bom dia! Sou a Duda.', '--agent', 'duda')).toMatchObject({
      code: 1,
      out: "5511999990025: recorded, but not sent: WhatsApp takes a person's reply only within 24 hours of the user's last message",
    });
  });

  it('replies to a web chat user: the server emits it to the connected tab, or keeps it for their return', async () => {
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    const connect = () => openWebChatTab(url, RASA_SOCKETIO_PATH);

    const tab = await connect();
    const sid = await join(tab.socket, null);
    tab.socket.emit('user_uttered', { message: 'quero falar com um atendente', session_id: sid });
    await expect.poll(() => tab.texts.length, { timeout: 10_000 }).toBe(2);
    expect(await helper('handoff', 'reply', sid, 'Oi, aqui é o Beto pelo terminal', '--agent', 'beto')).toMatchObject({ code: 0, out: `${sid}: sent` });
    await expect.poll(() => tab.texts, { timeout: 5_000 }).toContain('Oi, aqui é o Beto pelo terminal');

    tab.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await helper('handoff', 'reply', sid, 'Respondo quando você voltar', '--agent', 'beto')).toMatchObject({ code: 0, out: expect.stringContaining('kept') });
    const back = await connect();
    expect(await join(back.socket, sid)).toBe(sid);
    await expect.poll(() => back.texts, { timeout: 5_000 }).toEqual(['Respondo quando você voltar']);
    back.socket.close();
  }, 30_000);
});
