// The messages `npm run bench` sends: what users of the demo assistant type, varied as chats vary,
// so that nothing in the platform benefits from a handful of phrases repeated (a cache, a branch
// predictor, a hot string). Each message is one of the Portuguese demo's training phrases, often
// changed as people change them: other casing, no accents, a typo, a greeting before it, a
// "por favor" or punctuation after it, or a ticket or phone number that makes it unique. The
// sequence is seeded, so that every run sends the same messages.
import { readFileSync } from 'node:fs';
import { demoAssistantFiles, parseAssistantFile } from '../src/assistant/index.js';
import { seededRandom } from '../src/nlu/seeded-random.js';

function demoPhrases(): string[] {
  const demo = demoAssistantFiles().find((file) => file.language === 'pt');
  if (!demo) throw new Error('the Portuguese demo assistant file is missing');
  const parsed = parseAssistantFile(readFileSync(demo.path, 'utf8'), demo.path);
  if (!parsed.ok) throw new Error(`the Portuguese demo assistant file is invalid: ${parsed.errors.map((error) => error.message).join('; ')}`);
  return parsed.file.content.intents.flatMap((intent) => intent.phrases.map((phrase) => phrase.text));
}

const OPENINGS = ['olá, ', 'oi, ', 'bom dia! ', 'boa tarde, ', 'por favor, ', 'então, '];
const CLOSINGS = [' por favor', '?', '!!', ' obrigado', ' 🙂', '...', ' urgente'];

function withTypo(text: string, random: () => number): string {
  const words = text.split(' ');
  const long = words.map((word, index) => ({ word, index })).filter(({ word }) => word.length > 4);
  const chosen = long[Math.floor(random() * long.length)];
  if (!chosen) return text;
  const at = 1 + Math.floor(random() * (chosen.word.length - 2));
  const word = chosen.word;
  words[chosen.index] = `${word.slice(0, at)}${word.charAt(at + 1)}${word.charAt(at)}${word.slice(at + 2)}`;
  return words.join(' ');
}

function vary(text: string, random: () => number): string {
  switch (Math.floor(random() * 8)) {
    case 0:
    case 1:
      return text;
    case 2:
      return text.toUpperCase();
    case 3:
      return text.normalize('NFD').replace(/\p{M}/gu, '');
    case 4:
      return withTypo(text, random);
    case 5:
      return `${OPENINGS[Math.floor(random() * OPENINGS.length)]}${text}`;
    case 6:
      return `${text}${CLOSINGS[Math.floor(random() * CLOSINGS.length)]}`;
    default:
      return random() < 0.5 ? `${text}, chamado ${10_000 + Math.floor(random() * 90_000)}` : `${text}, meu ramal é ${2000 + Math.floor(random() * 8000)}`;
  }
}

/** An endless stream of chat messages. */
export function chatMessages(seed = 2): () => string {
  const phrases = demoPhrases();
  const random = seededRandom(seed);
  return () => vary(phrases[Math.floor(random() * phrases.length)] as string, random);
}

/** The REST bodies the benchmarks send: these messages, each from the next of `senders` senders (`bench-N`). */
export function chatBodies(senders: number): () => string {
  let counter = 0;
  const nextMessage = chatMessages();
  return () => {
    counter += 1;
    return JSON.stringify({ sender: `bench-${counter % senders}`, message: nextMessage() });
  };
}
