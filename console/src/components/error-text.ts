import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error';

/** The words to show for a failed call: the API's own message, or ours for network and server trouble. */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('errors.network');
    if (error.status === 403) return t('errors.forbidden');
    if (error.status >= 500) return t('errors.server');
    return error.message;
  }
  return t('errors.unexpected');
}
