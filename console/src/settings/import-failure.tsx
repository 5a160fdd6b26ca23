// A refused file import (assistant file, dialogues spreadsheet, Migrações): every problem with its
// place in the file, each said from its code in the user's language (the API's `fileProblems`;
// its English `problems` lines are never shown) — nothing the admin must mend is hidden.
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { fileProblemText, isFileProblem } from '../api/problem-text';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';

export interface ImportFailure {
  message: string;
  problems: string[];
}

export function importFailureFrom(error: unknown, t: Parameters<typeof errorText>[1]): ImportFailure {
  const listed = error instanceof ApiError && Array.isArray(error.details['fileProblems']) ? (error.details['fileProblems'] as unknown[]).filter(isFileProblem) : [];
  if (listed.length === 0) return { message: errorText(error, t), problems: [] };
  const problems = listed.map((problem) => fileProblemText(t, problem));
  return { message: listed.length === 1 ? (problems[0] ?? '') : t('problems.fileIntro'), problems };
}

export function ImportFailureNotice({ failure }: { failure: ImportFailure | null }) {
  const { t } = useTranslation();
  if (!failure) return null;
  return (
    <Notice tone="error" title={t('content.notSaved')}>
      {failure.message}
      {failure.problems.length > 1 ? (
        <ul className="problem-list">
          {failure.problems.map((problem, index) => (
            <li key={index}>{problem}</li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}
