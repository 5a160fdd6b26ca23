import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error';
import { problemsOf, problemText } from '../api/problem-text';

/**
 * The words to show for a failed call, in the user's language: the first problem's code
 * translated (every problem: form-problem.tsx), ours for network and server trouble.
 */
export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('errors.network');
    if (error.status === 403 && error.code !== 'csrf') return t('errors.forbidden');
    if (error.status >= 500) return t('errors.server');
    const [first] = problemsOf(error);
    return first ? problemText(t, first) : t('errors.unexpected');
  }
  return t('errors.unexpected');
}
