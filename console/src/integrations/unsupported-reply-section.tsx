// What WhatsApp and Telegram answer to a message they cannot read (an image, a location, a voice
// note): the default phrase in the assistant's language, a text of the administrator's, or none
// (the message is only recorded).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { SaveActions } from './save-actions';
import { Section } from './section';
import { useFormGuard } from '../components/unsaved-guard';

export function UnsupportedReplySection({ text, isDefault, canChange, save }: { text: string; isDefault: boolean; canChange: boolean; save: (value: string | null) => Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(text);
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  // The saved text (the default after a restore) replaces the draft.
  useEffect(() => setDraft(text), [text]);
  const guard = useFormGuard<HTMLDivElement>();

  async function store(value: string | null) {
    setState({ kind: 'saving' });
    try {
      await save(value);
      setState({ kind: 'saved' });
      guard.saved();
    } catch (error: unknown) {
      setState({ kind: 'error', message: errorText(error, t) });
    }
  }

  return (
    <Section title={t('integrations.unsupported.title')} description={t('integrations.unsupported.lead')} testId="unsupported-reply">
      <div ref={guard.ref} className="field">
        <label htmlFor={id} className="field-label">
          {t('integrations.unsupported.label')}
        </label>
        <textarea
          id={id}
          className="input"
          rows={2}
          maxLength={1000}
          value={draft}
          disabled={!canChange}
          onChange={(event) => {
            setDraft(event.target.value);
            setState({ kind: 'idle' });
          }}
          aria-invalid={state.kind === 'error' ? true : undefined}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="field-hint">
          {isDefault ? t('integrations.unsupported.isDefault') : t('integrations.unsupported.hint')}
        </p>
      </div>
      {state.kind === 'error' ? <Notice tone="error">{state.message}</Notice> : null}
      {canChange ? (
        <SaveActions label={t('integrations.unsupported.save')} busy={state.kind === 'saving'} saved={state.kind === 'saved'} onClick={() => void store(draft.trim())}>
          {!isDefault ? (
            <button type="button" className="button button-quiet" disabled={state.kind === 'saving'} onClick={() => void store(null)}>
              {t('integrations.unsupported.restore')}
            </button>
          ) : null}
        </SaveActions>
      ) : null}
    </Section>
  );
}
