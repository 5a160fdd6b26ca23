// A delivery failure's reason said from its code in the console's language, the platform's codes
// and message kept as the platform wrote them; a code this console does not know, a code without
// the parameter its sentence names, and a record older than the codes show the English text.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../api/types';
import en from '../locales/en.json';
import es from '../locales/es.json';
import ptBR from '../locales/pt-BR.json';
import { deliveryReasonText } from './delivery-reason-text';

async function translator(language: string) {
  const instance = i18next.createInstance();
  await instance.init({ lng: language, fallbackLng: 'pt-BR', interpolation: { escapeValue: false }, resources: { 'pt-BR': { translation: ptBR }, en: { translation: en }, es: { translation: es } } });
  return instance.t;
}

const row = (entry: Partial<DeliveryRecord>): DeliveryRecord => ({ recipient: 'joao', messageId: null, status: 'failed', detail: null, occurredAt: '2026-12-07T12:00:00.000Z', ...entry });

describe('delivery failure reasons', () => {
  it('says a coded reason in the console language, with its parameters', async () => {
    const pt = await translator('pt-BR');
    const callback = row({ detail: { status: 400, reason: 'the callback URL answered HTTP 400', attempts: 1 }, reasonCode: 'http_status', reasonParams: { status: 400 } });
    expect(deliveryReasonText(pt, callback)).toEqual({ text: 'Respondeu HTTP 400', english: false });
    expect(deliveryReasonText(await translator('en'), callback)).toEqual({ text: 'Answered HTTP 400', english: false });
    expect(deliveryReasonText(await translator('es'), callback)).toEqual({ text: 'Respondió HTTP 400', english: false });
    expect(deliveryReasonText(pt, row({ detail: { reason: 'no access token is set' }, reasonCode: 'no_token', reasonParams: {} }))).toEqual({ text: 'Nenhum token de acesso definido: a resposta não foi enviada', english: false });
    expect(deliveryReasonText(pt, row({ reasonCode: 'address_refused', reasonParams: { variable: 'HELPER_OUTBOUND_ALLOW' } }))?.text).toBe('O host da URL não é um endereço público: chamadas a ele são recusadas, a menos que HELPER_OUTBOUND_ALLOW o autorize');
  });

  it("keeps the platform's codes and its own message beside the translated sentence", async () => {
    const pt = await translator('pt-BR');
    const meta = row({ reasonCode: 'graph_error', reasonParams: { status: 400, code: 100, subcode: 2018001, message: '(#100) No matching user found' } });
    expect(deliveryReasonText(pt, meta)).toEqual({ text: 'Erro da Meta:', english: false, codes: 'HTTP 400 · código 100/2018001', quote: '(#100) No matching user found' });
    const blocked = row({ status: 'blocked', reasonCode: 'blocked', reasonParams: { status: 403, message: 'Forbidden: bot was blocked by the user' } });
    expect(deliveryReasonText(await translator('es'), blocked)).toMatchObject({ text: expect.stringMatching(/^No se puede contactar al usuario/), codes: 'HTTP 403', quote: 'Forbidden: bot was blocked by the user' });
  });

  it('shows the English text for an unknown code, a code without its parameter, and a record older than the codes', async () => {
    const pt = await translator('pt-BR');
    const detail = { status: 502, reason: 'the callback URL answered HTTP 502', attempts: 6 };
    expect(deliveryReasonText(pt, row({ detail, reasonCode: 'brand_new_code', reasonParams: {} }))).toEqual({ text: 'the callback URL answered HTTP 502', english: true, codes: 'HTTP 502' });
    expect(deliveryReasonText(pt, row({ detail, reasonCode: 'http_status', reasonParams: {} }))).toEqual({ text: 'the callback URL answered HTTP 502', english: true, codes: 'HTTP 502' });
    expect(deliveryReasonText(pt, row({ detail }))).toEqual({ text: 'the callback URL answered HTTP 502', english: true, codes: 'HTTP 502' });
    expect(deliveryReasonText(pt, row({ detail: { errors: [{ code: 131026, title: 'Message undeliverable' }] }, reasonCode: null, reasonParams: null }))).toEqual({ text: 'Message undeliverable', english: true, codes: 'código 131026' });
    // An old refusal was the 24-hour window's, said in the console language.
    expect(deliveryReasonText(pt, row({ status: 'refused', detail: { reason: 'outside_window' } }))).toEqual({ text: 'Fora da janela de atendimento de 24 horas: a última mensagem do usuário é antiga demais', english: false });
    expect(deliveryReasonText(pt, row({}))).toBeNull();
  });
});
