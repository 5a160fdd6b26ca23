import { describe, expect, it } from 'vitest';
import type { AssistantRecord } from '../../store/store.js';
import type { AgentReplyServices } from '../channel.js';
import { requireChannelSecret, requireChannelSetting } from './channel-sender.js';

const whatsApp = { channel: 'WhatsApp', setting: 'phone number id' };
const telegram = { channel: 'Telegram', setting: 'bot token' };

describe("a push channel's required setting", () => {
  it('is returned when set, and refused in one sentence when missing', () => {
    expect(requireChannelSetting('100', whatsApp)).toBe('100');
    for (const missing of [undefined, null, '']) {
      expect(() => requireChannelSetting(missing, whatsApp)).toThrow('WhatsApp is not set up for this assistant (no phone number id)');
    }
  });

  it('is read as a secret when the services can read secrets', async () => {
    const assistant = { id: 7 } as AssistantRecord;
    const services = (value: string | undefined, read: string[] = []): AgentReplyServices =>
      ({ secret: async (_assistant: AssistantRecord, name: string) => (read.push(name), value) }) as unknown as AgentReplyServices;
    const read: string[] = [];
    await expect(requireChannelSecret(services('123:abc', read), assistant, 'telegram.bot_token', telegram)).resolves.toBeUndefined();
    expect(read).toEqual(['telegram.bot_token']);
    await expect(requireChannelSecret(services(undefined), assistant, 'telegram.bot_token', telegram)).rejects.toThrow('Telegram is not set up for this assistant (no bot token)');
    await expect(requireChannelSecret({} as AgentReplyServices, assistant, 'telegram.bot_token', telegram)).resolves.toBeUndefined();
  });
});
