// A WhatsApp Cloud API webhook notification as Meta sends it: one entry with one `messages` change
// for a phone number id, whose value holds what is given (messages, contacts, statuses).
export function whatsAppNotification(phoneNumberId: string, value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA_ID', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value } }] }],
  };
}
