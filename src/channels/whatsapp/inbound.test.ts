import { describe, expect, it } from 'vitest';
import { readMessage, readNotification } from './inbound.js';

const names = new Map([['5511', 'Ana']]);

describe('WhatsApp notifications', () => {
  it('reads text, reply ids, template buttons and captions as text, the rest as unreadable', () => {
    const base = { from: '5511', id: 'wamid.1', timestamp: '1715000000' };
    expect(readMessage({ ...base, type: 'text', text: { body: ' oi ' } }, names, '100')).toMatchObject({ kind: 'text', text: 'oi', timestamp: 1715000000, metadata: { whatsapp: { profile_name: 'Ana', phone_number_id: '100' } } });
    expect(readMessage({ ...base, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: '~abc', title: 'Opção' } } }, names, '100')).toMatchObject({ kind: 'reply', text: '~abc', metadata: { whatsapp: { reply_title: 'Opção' } } });
    expect(readMessage({ ...base, type: 'button', button: { payload: 'TRACK', text: 'Rastrear' } }, names, '100')).toMatchObject({ kind: 'text', text: 'TRACK' });
    expect(readMessage({ ...base, type: 'document', document: { id: 'm', caption: 'segue o boleto', filename: 'a.pdf' } }, names, '100')).toMatchObject({ kind: 'text', text: 'segue o boleto' });
    expect(readMessage({ ...base, type: 'audio', audio: { id: 'm' } }, names, '100')).toMatchObject({ kind: 'unreadable', text: '[audio]', metadata: { whatsapp: { audio: { id: 'm' } } } });
    expect(readMessage({ ...base, type: 'unsupported', errors: [{ code: 131051 }] }, names, '100')).toMatchObject({ kind: 'unreadable', text: '[unsupported]', metadata: { whatsapp: { errors: [{ code: 131051 }] } } });
    for (const type of ['reaction', 'system', 'ephemeral']) expect(readMessage({ ...base, type, [type]: {} }, names, '100')).toBeNull();
    expect(readMessage({ type: 'text', text: { body: 'no sender' } }, names, '100')).toBeNull();
  });

  it('reads every entry and change, with statuses and their errors', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        { id: 'W', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '100' }, statuses: [{ id: 'wamid.o', status: 'failed', timestamp: '5', recipient_id: '5511', errors: [{ code: 131047 }] }] } }] },
        { id: 'W', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '200' }, messages: [{ from: '5522', id: 'wamid.2', type: 'text', text: { body: 'oi' } }], errors: [{ code: 1 }] } }, 'junk'] },
      ],
    };
    const changes = readNotification(body);
    expect(changes.map((change) => change.phoneNumberId)).toEqual(['100', '200']);
    expect(changes[0]?.statuses).toEqual([{ messageId: 'wamid.o', recipient: '5511', status: 'failed', timestamp: 5, detail: { errors: [{ code: 131047 }] }, reasonCode: { code: 'graph_error', params: { code: 131047 } } }]);
    expect(changes[1]?.messages.map((message) => message.text)).toEqual(['oi']);
    expect(changes[1]?.errors).toEqual([{ code: 1 }]);
    expect(readNotification({ entry: 'x' })).toEqual([]);
  });
});
