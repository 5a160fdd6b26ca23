// Many phrases pasted at once into an intent's "Nova frase": one line a phrase, previewed before
// they are added, each flagged — repeated in the paste, already in this intent, in another intent,
// junk (over-long, no letters, markup). Repeats are left unticked; the rest can be unticked too.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phrase } from './content-types';
import { normalisePhrase } from './phrase-entities';
import { phraseQualityCodes } from './phrase-quality';

/** At most this many lines are taken from one paste. */
const MAX_LINES = 500;

/** The non-blank lines of a paste, trimmed, without list bullets. */
export function pastedLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '')
    .slice(0, MAX_LINES);
}

interface Line {
  text: string;
  repeated: boolean;
  inIntent: boolean;
  otherIntents: string[];
}

function flagLines(lines: readonly string[], intentPhrases: readonly Phrase[], others: ReadonlyMap<string, string[]>): Line[] {
  const mine = new Set(intentPhrases.map((phrase) => normalisePhrase(phrase.text)).filter((key) => key !== ''));
  const seen = new Set<string>();
  return lines.map((text) => {
    const key = normalisePhrase(text);
    const repeated = seen.has(key);
    seen.add(key);
    return { text, repeated, inIntent: mine.has(key), otherIntents: others.get(key) ?? [] };
  });
}

export function PastePreview({
  lines,
  intentPhrases,
  others,
  onAdd,
  onCancel,
}: {
  lines: string[];
  intentPhrases: Phrase[];
  others: ReadonlyMap<string, string[]>;
  onAdd: (texts: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  // Recomputed when the other intents' phrases arrive or change after the paste (they load apart).
  const flagged = useMemo(() => flagLines(lines, intentPhrases, others), [lines, intentPhrases, others]);
  const [chosen, setChosen] = useState<boolean[]>(() => flagged.map((line) => !line.repeated && !line.inIntent));
  const count = chosen.filter(Boolean).length;
  return (
    <div className="paste-preview" role="group" aria-label={t('intents.paste.title', { count: lines.length })} data-testid="paste-preview">
      <p className="field-label">{t('intents.paste.title', { count: lines.length })}</p>
      <ol className="paste-list">
        {flagged.map((line, index) => (
          <li key={index} data-testid="pasted-line">
            <label className="paste-line">
              <input type="checkbox" checked={chosen[index] ?? false} onChange={(event) => setChosen((current) => current.map((value, at) => (at === index ? event.target.checked : value)))} />
              <span>{line.text}</span>
            </label>
            {line.repeated ? <span className="field-warning" data-testid="paste-flag">{t('intents.paste.repeated')}</span> : null}
            {line.inIntent ? <span className="field-warning" data-testid="paste-flag">{t('intents.paste.inIntent')}</span> : null}
            {line.otherIntents.length > 0 ? <span className="field-warning" data-testid="paste-flag">{t('intents.duplicate', { intents: line.otherIntents.join(', ') })}</span> : null}
            {phraseQualityCodes(line.text).map((code) => (
              <span key={code} className="field-warning" data-testid="paste-flag">
                {t(`intents.quality.${code}`)}
              </span>
            ))}
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="button button-primary" disabled={count === 0} onClick={() => onAdd(flagged.filter((_, index) => chosen[index]).map((line) => line.text))}>
          {t('intents.paste.add', { count })}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
