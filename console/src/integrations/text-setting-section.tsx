// One text setting of an integration in a section of its own: the field, a hint that says when the
// default is in use, save (and, with a `restore` label, a button that goes back to the default). What
// WhatsApp and Telegram answer to a message they cannot read, and Messenger's Get Started payload.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { useFormGuard } from '../components/unsaved-guard';
import { SaveActions } from './save-actions';
import { Section } from './section';

export interface TextSettingLabels {
  title: string;
  lead: string;
  label: string;
  hint: string;
  defaultHint: string;
  save: string;
  /** Shown (when not the default) as a button that saves null: the default again. */
  restore?: string;
}

export function TextSettingSection(props: {
  value: string;
  isDefault: boolean;
  canChange: boolean;
  labels: TextSettingLabels;
  testId: string;
  multiline?: boolean;
  maxLength?: number;
  save: (value: string | null) => Promise<void>;
}) {
  const { value, isDefault, canChange, labels } = props;
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  // The saved value (the default after a restore) replaces the draft.
  useEffect(() => setDraft(value), [value]);
  const guard = useFormGuard<HTMLDivElement>();

  async function store(next: string | null) {
    setState({ kind: 'saving' });
    try {
      await props.save(next);
      setState({ kind: 'saved' });
      guard.saved();
    } catch (error: unknown) {
      setState({ kind: 'error', message: errorText(error, t) });
    }
  }

  const fieldProps = {
    id,
    className: 'input',
    maxLength: props.maxLength ?? 1000,
    value: draft,
    disabled: !canChange,
    'aria-invalid': state.kind === 'error' ? true : undefined,
    'aria-describedby': `${id}-hint`,
  } as const;
  const changed = (next: string) => {
    setDraft(next);
    setState({ kind: 'idle' });
  };

  return (
    <Section title={labels.title} description={labels.lead} testId={props.testId}>
      <div ref={guard.ref} className="field">
        <label htmlFor={id} className="field-label">
          {labels.label}
        </label>
        {props.multiline ? <textarea {...fieldProps} rows={2} onChange={(event) => changed(event.target.value)} /> : <input {...fieldProps} onChange={(event) => changed(event.target.value)} />}
        <p id={`${id}-hint`} className="field-hint">
          {isDefault ? labels.defaultHint : labels.hint}
        </p>
      </div>
      {state.kind === 'error' ? <Notice tone="error">{state.message}</Notice> : null}
      {canChange ? (
        <SaveActions label={labels.save} busy={state.kind === 'saving'} saved={state.kind === 'saved'} onClick={() => void store(draft.trim())}>
          {labels.restore !== undefined && !isDefault ? (
            <button type="button" className="button button-quiet" disabled={state.kind === 'saving'} onClick={() => void store(null)}>
              {labels.restore}
            </button>
          ) : null}
        </SaveActions>
      ) : null}
    </Section>
  );
}
