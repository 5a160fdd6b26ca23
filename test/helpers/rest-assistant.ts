// The set-up the dialogue tests share: one assistant, given as an assistant file, trained on a
// platform of the describe block's own and talked to over the REST channel. Apart from
// test-platform.ts because it registers Vitest hooks (bench/ imports test-platform.ts outside Vitest).
import { afterAll, beforeAll } from 'vitest';
import { restConversation, startTestPlatform, trainDefaultAssistantOn, type TestPlatform } from './test-platform.js';

/**
 * Registers the enclosing describe block's hooks: a platform without the demo whose default
 * assistant is trained on `file` before the block's tests, closed after them. `chat()` opens a new
 * REST conversation each call (senders `${senderPrefix}-1`, `-2`, …): say(message) → the answer's texts.
 */
export function trainedRestAssistant(file: string, senderPrefix: string): { chat(): (message: string) => Promise<Array<string | undefined>> } {
  let test: TestPlatform | undefined;
  let conversation = 0;
  beforeAll(async () => {
    test = await startTestPlatform({ demo: false });
    await trainDefaultAssistantOn(test, file);
  });
  afterAll(async () => {
    await test?.close();
  });
  return {
    chat() {
      if (!test) throw new Error('chat() before the platform started: call it inside a test');
      return restConversation(test, `${senderPrefix}-${++conversation}`);
    },
  };
}
