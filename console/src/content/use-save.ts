import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemFrom, type FormProblem } from './form-problem';

/**
 * The submit of a content form: runs `save`, and on failure keeps the user's input and sets the
 * problem (with its field) for the fields to show. The API writes all or nothing.
 */
export function useSave<T>(save: () => Promise<T>, onSaved: (item: T) => void) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const item = await save();
      onSaved(item);
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }
  return { problem, setProblem, busy, submit };
}
