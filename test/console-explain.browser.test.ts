// Issue 16 item 2, in Debian's Chromium against the demo assistant, in pt-BR: the test chat says
// why it answered — the ranking with real scores, the dialogue and the rule that chose it (a
// follow-up of the dialogue that answered last), the entities and the contexts they filled, the
// contexts after the turn — and, on a fallback, the best intent's own score under the threshold
// rather than the threshold as a "confidence" (and, for a message about nothing it was taught,
// that it reads as everyday talk); "por que não…?" tells where another intent stood.
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { signInOnPage } from './helpers/console-browser.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };

describe.skipIf(!browserTestsEnabled)('the test chat explains every answer', () => {
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_ADMIN_LOGIN: ADMIN.login, HELPER_ADMIN_EMAIL: ADMIN.email, HELPER_ADMIN_PASSWORD: ADMIN.password } });
    await ensureFirstAdministrator(test.platform, () => undefined);
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const userMessage = (index: number) => page.getByTestId('user-message').nth(index);

  async function send(text: string, count: number) {
    const input = page.getByLabel('Sua mensagem');
    await input.fill(text);
    await input.press('Enter');
    await expect.poll(() => userMessage(count - 1).getByTestId('explanation').count()).toBe(1);
  }

  async function openExplanation(index: number) {
    const details = userMessage(index).getByTestId('explanation');
    if (!(await details.evaluate((element) => element.hasAttribute('open')))) await details.getByText('Por que esta resposta?').click();
    return details;
  }

  it('signs in and opens the test chat', async () => {
    await signInOnPage(page, base, ADMIN);
    await page.getByRole('link', { name: 'Chat de teste' }).click();
    await page.waitForURL(`${base}/console/chat-de-teste`);
  });

  it('says which dialogue answered and why, with the ranking of intents; then the follow-up', async () => {
    await send('quero avaliar o atendimento', 1);
    const first = await openExplanation(0);
    expect(await first.getByTestId('decision').textContent()).toBe('O diálogo avaliacao respondeu porque responde à intent avaliar_atendimento.');
    expect(await first.getByTestId('ranking').locator('li').first().textContent()).toMatch(/^avaliar_atendimento\d+(,\d)?\s%$/);
    expect(await first.textContent()).toContain('Respondeu com: pedir_avaliacao');

    await page.getByTestId('bot-message').getByRole('button', { name: 'Sim' }).click();
    await expect.poll(() => userMessage(1).getByTestId('explanation').count()).toBe(1);
    const second = await openExplanation(1);
    expect(await second.getByTestId('decision').textContent()).toBe('O diálogo avaliacao_sim respondeu: é um acompanhamento de avaliacao, que respondeu por último, para a intent sim.');
  });

  it('on a fallback, shows the best intent with its own score below the threshold', async () => {
    await send('xyzzy plugh qwerty', 3);
    expect(await userMessage(2).getByTestId('understood').textContent()).toMatch(/^Não entendida: nenhuma intent alcançou o limiar de \d+\s%$/);
    const explanation = await openExplanation(2);
    expect(await explanation.getByTestId('decision').textContent()).toMatch(/^O fallback respondeu: (a melhor intent, \S+, teve \d+(,\d)?\s%, abaixo do limiar\.|a mensagem não tem palavras que o modelo conheça\.)$/);
    // A message about something nobody taught it reads as everyday talk, and the explanation says so.
    await send('meu gato dormiu a tarde inteira em cima do sofá', 4);
    const everyday = await openExplanation(3);
    expect(await everyday.getByTestId('everyday-talk').textContent()).toMatch(/^A mensagem parece conversa do dia a dia, não algo que este assistente aprendeu: \d+(,\d)?\s% da probabilidade ficou aí\./);
  });

  it('while a dialogue asks: the context the answer filled and the contexts after the turn', async () => {
    await send('quero abrir um chamado', 5);
    await send('impressora', 6);
    const explanation = await openExplanation(5);
    expect(await explanation.getByTestId('decision').textContent()).toBe('O diálogo chamado perguntava por “equipamento”; a mensagem preencheu: equipamento.');
    const contexts = explanation.getByTestId('contexts');
    expect(await contexts.textContent()).toContain('equipamento');
    expect(await contexts.textContent()).toContain('alterado agora');
    await screenshotBothWidths(page, '16-2-chat-de-teste-por-que');
  });

  it('answers "por que não…?" for another intent', async () => {
    const explanation = await openExplanation(0);
    const whyNot = explanation.getByTestId('why-not');
    await whyNot.getByLabel('Por que não').selectOption('cumprimentar');
    await whyNot.getByRole('button', { name: 'Perguntar' }).click();
    const answer = whyNot.getByTestId('why-not-answer');
    await expect.poll(() => answer.textContent()).toMatch(/cumprimentar (ficou em \d+º lugar, com \d+(,\d)?\s%|não ficou entre as intents mais prováveis)\./);
    const text = (await answer.textContent()) ?? '';
    expect(text).toMatch(/Frase de cumprimentar mais parecida: “[^”]+”/);
    if (!text.includes('não ficou entre')) expect(text).toContain('avaliar_atendimento pontuou mais');
    await explanation.scrollIntoViewIfNeeded();
    await screenshotBothWidths(page, '16-2-por-que-nao');
    expect(pageProblems).toEqual([]);
  });
});
