// A refused file import (assistant file or dialogues spreadsheet): the API's message and, when it
// found several, every problem with its place in the file — nothing the admin must mend is hidden.
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';

export interface ImportFailure {
  message: string;
  problems: string[];
}

export function importFailureFrom(error: unknown, t: Parameters<typeof errorText>[1]): ImportFailure {
  const listed = error instanceof ApiError && Array.isArray(error.details['problems']) ? (error.details['problems'] as unknown[]) : [];
  return { message: errorText(error, t), problems: listed.filter((item): item is string => typeof item === 'string') };
}

export function ImportFailureNotice({ failure }: { failure: ImportFailure | null }) {
  const { t } = useTranslation();
  if (!failure) return null;
  return (
    <Notice tone="error" title={t('content.notSaved')}>
      {failure.message}
      {failure.problems.length > 1 ? (
        <ul className="problem-list">
          {failure.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}
