// "Check connection" for the Integrações panel: asks the Graph API for the phone number the
// channel answers from (GET {graph}/{version}/{phone-number-id}?fields=display_phone_number,
// verified_name) with the access token, in the Authorization header as for every call.
import { callGraphApi, graphCheckFailure, type CheckFailure, type GraphApi } from '../core/graph-api.js';

export type PhoneCheck =
  | { ok: true; phone: { id: string; displayPhoneNumber: string; verifiedName: string } }
  | (CheckFailure & { /** Meta refused the token itself (code 190). */ invalidToken: boolean });

export async function checkPhoneNumber(graph: GraphApi, accessToken: string, phoneNumberId: string, timeoutMs = 10_000): Promise<PhoneCheck> {
  try {
    const path = `/${encodeURIComponent(phoneNumberId)}?fields=display_phone_number,verified_name`;
    const body = (await callGraphApi(graph, accessToken, { method: 'GET', path, timeoutMs })) as { id?: unknown; display_phone_number?: unknown; verified_name?: unknown } | null;
    if (typeof body?.display_phone_number === 'string') {
      return {
        ok: true,
        phone: { id: typeof body.id === 'string' ? body.id : phoneNumberId, displayPhoneNumber: body.display_phone_number, verifiedName: typeof body.verified_name === 'string' ? body.verified_name : '' },
      };
    }
    return { ok: false, message: 'the Graph API answered without the phone number', code: 'check_no_phone_number', invalidToken: false };
  } catch (error: unknown) {
    return graphCheckFailure(error, 'access token');
  }
}
