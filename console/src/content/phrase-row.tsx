// One example phrase of an intent: its text, the words linked to context values (select the words
// in the phrase, or type them, then pick the context and the value), a flag when another intent
// has the same phrase, and a warning for a junk one (over-long, no letters, markup).
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { valueOf, type Context, type Phrase } from './content-types';
import { FieldError, type FormProblem } from './form-problem';
import { linkWords, relocateEntities } from './phrase-entities';
import { phraseQualityCodes } from './phrase-quality';

export function PhraseRow({
  phrase,
  index,
  contexts,
  duplicateOf,
  problem,
  onChange,
  onRemove,
}: {
  phrase: Phrase;
  index: number;
  contexts: Context[];
  duplicateOf: string[] | undefined;
  problem: FormProblem | null;
  onChange: (phrase: Phrase) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [linking, setLinking] = useState(false);
  const [words, setWords] = useState('');
  const [contextName, setContextName] = useState('');
  const [value, setValue] = useState('');
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const context = contexts.find((candidate) => candidate.name === contextName);
  const values = context?.type === 'boolean' ? ['true', 'false'] : (context?.values ?? []).map(valueOf);
  const label = t('intents.phrase', { number: index + 1 });

  function link() {
    if (!context) return setLinkProblem(t('intents.pickContext'));
    const chosen = value.trim();
    if (chosen === '') return setLinkProblem(t('intents.pickValue'));
    const linked = linkWords(phrase, words, context.name, chosen);
    if (!linked) return setLinkProblem(t('intents.wordsNotFound', { words }));
    onChange(linked);
    setLinking(false);
    setWords('');
    setLinkProblem(null);
  }

  return (
    <li className="row-item" data-testid="phrase">
      <div className="row-fields">
        <label className="field field-grow">
          <span className="visually-hidden">{label}</span>
          <input
            className="input"
            name={`phrases.${index}.text`}
            value={phrase.text}
            aria-label={label}
            aria-invalid={problem?.field?.startsWith(`phrases.${index}`) ? true : undefined}
            onChange={(event) => onChange({ text: event.target.value, entities: relocateEntities(phrase, event.target.value) })}
            ref={inputRef}
          />
        </label>
        <button type="button" className="button button-quiet" aria-expanded={linking} onClick={() => {
            // The words selected in the phrase (an input keeps its selection when it loses the focus).
            const input = inputRef.current;
            const { selectionStart: start, selectionEnd: end } = input ?? { selectionStart: null, selectionEnd: null };
            if (!linking && input && start !== null && end !== null && end > start) setWords(input.value.slice(start, end));
            setLinking((open) => !open);
          }} aria-label={t('intents.linkLabel', { number: index + 1 })}>
          {t('intents.link')}
        </button>
        <button type="button" className="button button-quiet row-remove" aria-label={t('intents.removePhrase', { number: index + 1 })} onClick={onRemove}>
          ×
        </button>
      </div>
      {(phrase.entities ?? []).length > 0 ? (
        <ul className="entity-list" aria-label={t('intents.linkedWords')}>
          {(phrase.entities ?? []).map((entity, at) => (
            <li key={`${entity.start}-${entity.end}`} className="entity-chip">
              <span className="entity-words">{phrase.text.slice(entity.start, entity.end)}</span> → {entity.entity} = {entity.value}
              <button
                type="button"
                className="entity-remove"
                aria-label={t('intents.unlink', { words: phrase.text.slice(entity.start, entity.end) })}
                onClick={() => onChange({ ...phrase, entities: (phrase.entities ?? []).filter((_, other) => other !== at) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {phraseQualityCodes(phrase.text).map((code) => (
        <p key={code} className="field-warning" data-testid="phrase-quality">
          {t(`intents.quality.${code}`)}
        </p>
      ))}
      {duplicateOf && duplicateOf.length > 0 ? (
        <p className="field-warning" data-testid="duplicate">
          {t('intents.duplicate', { intents: duplicateOf.join(', ') })}
        </p>
      ) : null}
      <FieldError problem={problem} field={`phrases.${index}`} />
      {linking ? (
        <div className="link-panel" role="group" aria-label={t('intents.linkLabel', { number: index + 1 })}>
          {contexts.length === 0 ? (
            <p className="muted">{t('intents.noContexts')}</p>
          ) : (
            <>
              <label className="field">
                <span className="field-label">{t('intents.words')}</span>
                <input className="input" value={words} placeholder={t('intents.wordsHint')} onChange={(event) => setWords(event.target.value)} />
              </label>
              <label className="field">
                <span className="field-label">{t('intents.context')}</span>
                <select className="select" value={contextName} onChange={(event) => { setContextName(event.target.value); setValue(''); }}>
                  <option value="">{t('intents.chooseContext')}</option>
                  {contexts.map((candidate) => (
                    <option key={candidate.name} value={candidate.name}>
                      {candidate.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('intents.value')}</span>
                {values.length > 0 ? (
                  <select className="select" value={value} onChange={(event) => setValue(event.target.value)}>
                    <option value="">{t('intents.chooseValue')}</option>
                    {values.map((candidate) => (
                      <option key={candidate} value={candidate}>
                        {candidate}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input className="input" value={value} onChange={(event) => setValue(event.target.value)} />
                )}
              </label>
              <div className="actions">
                <button type="button" className="button button-secondary" onClick={link}>
                  {t('intents.linkConfirm')}
                </button>
              </div>
              {linkProblem ? (
                <p className="field-error" role="alert">
                  {linkProblem}
                </p>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </li>
  );
}
