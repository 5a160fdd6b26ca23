// Issue 21: a Rasa project (test/fixtures/rasa-banking: domain, NLU data with BANKING77-style
// intent names, rules, stories, config) imported with `helper import FOLDER`, trained, and talked
// to through the REST channel.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const project = fileURLToPath(new URL('./fixtures/rasa-banking', import.meta.url));
let dir: string;
let test: TestPlatform | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'helper-rasa-'));
});
afterAll(async () => {
  await test?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A message to the REST channel, and the answers. */
async function sayTo(platform: TestPlatform, sender: string, message: string): Promise<Array<Record<string, unknown>>> {
  const response = await platform.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
  expect(response.statusCode).toBe(200);
  return response.json() as Array<Record<string, unknown>>;
}

describe('Rasa project import', () => {
  it('imports a project folder with `helper import`, reporting what was kept, renamed and skipped; trained, it answers as the rules and stories say', async () => {
    const env = { HELPER_DATA_DIR: dir, HELPER_LOG_LEVEL: 'silent', HELPER_DEFAULT_ASSISTANT: 'bank/en' };
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['import', project], { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
    expect(err.filter((line) => !line.startsWith('warning: '))).toEqual([]);
    expect(code).toBe(0);
    expect(err).toEqual([
      'warning: data/nlu.yml:39:11 nlu[5].intent: intent name "reverted_card_payment?" has "?"; imported as "reverted_card_payment"',
      'warning: data/nlu.yml:46:11 nlu[6].intent: intent name "lost or stolen card" has a space; imported as "lost_or_stolen_card"',
    ]);
    const printed = out.map((line) => line.trim());
    expect(printed[0]).toMatch(/^imported .*rasa-banking \(rasa-project\) into bank\/en \(merged\): 11 intents, \d+ phrases, 5 contexts, 15 skills, 12 dialogues$/);
    expect(printed).toEqual(
      expect.arrayContaining([
        'kept config FallbackClassifier: threshold 0.35 → accuracy threshold 35 %',
        'kept response "utter_card_arrival": buttons skill "utter_card_arrival" with 1 variation',
        'kept story "card arrival, tracked": 2 dialogue steps (intent → response, then follow-ups)',
        'kept rule "Ask the user to rephrase whenever they send a message with low NLU confidence": fallback skill "utter_default"',
        'renamed intent "reverted_card_payment?": became "reverted_card_payment" (the name has "?")',
        'skipped intent "cancel_transfer": it has no examples in the NLU data',
        'kept slot "recent_transactions": a slot of type "list" became a text context: what an action server sets is kept as given, and placeholders in responses show it',
        'skipped response "utter_balance" variation 1: a variation chosen by slot conditions: rebuild it as a variant of the skill',
        'skipped rule "Balance from the core system": "condition" has no equivalent',
        'skipped story "lost card, balance from the core system" step 3: action "action_check_balance" is not a response (custom actions need an action server); the rest of the story was left out',
        'skipped form "transfer_form": rebuild it as a dialogue with slots',
        // Its validation action is kept: the dialogue rebuilt as "transfer_form" is validated by it.
        'kept action "validate_transfer_form": action skill "validate_transfer_form": it validates the answers of dialogue "transfer_form" on the action server, once form "transfer_form" is rebuilt as a dialogue of that name with slots',
        // What the domain says beyond slots' types is reported, not lost in silence.
        'skipped slot "amount" mapping 1: a custom mapping: only actions set the context, and custom actions run on an action server',
        'skipped domain session_config: a session ends after 60 minutes without messages in Rasa; here the deployment sets one time for every assistant (HELPER_SESSION_EXPIRATION_MINUTES, 60 by default)',
      ]),
    );
    // tests/ is not training data.
    expect(printed.some((line) => line.includes('a test story'))).toBe(false);

    test = await startTestPlatform({ dataDir: dir, demo: false, env: { HELPER_DEFAULT_ASSISTANT: 'bank/en' } });
    const assistant = await test.platform.defaultAssistant();
    expect(assistant.settings.accuracyThreshold).toBe(0.35);
    // The Histórico de importações lists the CLI's import with its summary and report.
    const [imported] = await test.platform.store.imports.list(assistant.id);
    expect(imported).toMatchObject({ name: 'rasa-banking', source: 'cli', requestedBy: 'cli', status: 'imported', format: 'rasa-project', mode: 'merge', summary: expect.objectContaining({ intentsAdded: 11, skipped: expect.any(Number) }) });
    expect(imported?.report).toEqual(expect.arrayContaining(['skipped form "transfer_form": rebuild it as a dialogue with slots']));
    const content = await test.platform.store.content.load(assistant.id);
    expect(content.contexts).toEqual([
      // A categorical slot whose values have synonyms stays text: "dollars" still means usd, as in Rasa.
      {
        name: 'currency',
        type: 'text',
        values: [
          { value: 'usd', synonyms: ['dollars', 'dollar', 'us dollars'] },
          { value: 'eur', synonyms: ['euro'] },
          { value: 'brl', synonyms: ['reais'] },
        ],
      },
      { name: 'account_type', type: 'text', values: [{ value: 'savings', synonyms: [] }, { value: 'checking', synonyms: [] }] },
      { name: 'card_blocked', type: 'boolean' },
      { name: 'amount', type: 'float', min: 0, max: 10000 },
      { name: 'recent_transactions', type: 'text', values: [] },
    ]);
    const training = await test.platform.trainings.runNow(assistant, 'complete', 'test');
    expect(training.status).toBe('succeeded');

    const say = (sender: string, message: string) => sayTo(test!, sender, message);
    expect(['Hi! I am the bank\'s assistant. How can I help?', 'Hello! What can I do for you today?']).toContain((await say('r1', 'hello'))[0]?.['text']);
    // A story: the response's buttons, then the follow-up of the button's intent.
    expect(await say('r1', 'when will my card arrive')).toEqual([
      {
        recipient_id: 'r1',
        text: 'Cards arrive within 5 working days. Do you want me to track yours?',
        buttons: [
          { title: 'Yes, track it', payload: '/affirm' },
          { title: 'No, thanks', payload: '/deny' },
        ],
      },
    ]);
    expect(await say('r1', '/deny')).toEqual([{ recipient_id: 'r1', text: 'No problem.' }]);
    // The renamed intent, reached by its phrases; a rule with an image.
    expect(await say('r2', 'why was my card payment reverted')).toEqual([
      { recipient_id: 'r2', text: 'A reverted card payment usually means the merchant cancelled it. It takes up to 3 days to show.' },
    ]);
    expect(await say('r2', 'I lost my card')).toEqual([
      { recipient_id: 'r2', text: 'I have blocked your card. Do you want a new one?', buttons: [{ title: 'Yes', payload: '/affirm' }, { title: 'No', payload: '/deny' }] },
    ]);
    expect(await say('r2', 'yes please')).toEqual([{ recipient_id: 'r2', text: 'A new card is on its way.' }]);
    expect(await say('r3', 'what is the exchange rate for dollars')).toEqual([
      { recipient_id: 'r3', text: "Today's rates are on our website." },
      { recipient_id: 'r3', image: 'https://example.com/rates.png' },
    ]);
    // nlu_fallback → utter_default.
    expect(await say('r4', 'qwerty zxcv plok')).toEqual([{ recipient_id: 'r4', text: 'Sorry, I did not get that. Could you say it another way?' }]);
  });
});

describe('Rasa project import, read as Rasa answers (test/fixtures/rasa-pizza)', () => {
  it('maps a synonym of a categorical slot\'s value to the value, as Rasa\'s EntitySynonymMapper does, and says a response whose placeholder is no slot', async () => {
    const pizzaDir = await mkdtemp(join(tmpdir(), 'helper-rasa-pizza-'));
    let pizza: TestPlatform | undefined;
    try {
      const env = { HELPER_DATA_DIR: pizzaDir, HELPER_LOG_LEVEL: 'silent', HELPER_DEFAULT_ASSISTANT: 'pizza/en' };
      const out: string[] = [];
      const code = await runCli(['import', fileURLToPath(new URL('./fixtures/rasa-pizza', import.meta.url))], { out: (line) => out.push(line), err: () => undefined }, env);
      expect(code).toBe(0);
      pizza = await startTestPlatform({ dataDir: pizzaDir, demo: false, env: { HELPER_DEFAULT_ASSISTANT: 'pizza/en' } });
      const assistant = await pizza.platform.defaultAssistant();
      const training = await pizza.platform.trainings.runNow(assistant, 'complete', 'test');
      expect(training.status).toBe('succeeded');
      const say = (sender: string, message: string) => sayTo(pizza!, sender, message);
      expect(await say('p1', 'a huge pizza')).toEqual([{ recipient_id: 'p1', text: 'You chose large.' }]);
      // A placeholder that is no slot: the response and its rule stay, and the unset placeholder is left out.
      expect(await say('p2', 'hello')).toEqual([{ recipient_id: 'p2', text: 'Hi! Our hours are.' }]);
      expect(out.map((line) => line.trim())).toEqual(
        expect.arrayContaining(['skipped slot "size": its type categorical: synonyms name its values by other words, which only a text context holds, so it stays a text context with the slot\'s values']),
      );
    } finally {
      await pizza?.close();
      await rm(pizzaDir, { recursive: true, force: true });
    }
  });
});
