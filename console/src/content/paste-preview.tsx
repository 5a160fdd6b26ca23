// Many phrases pasted at once into an intent's "Nova frase": one line a phrase, previewed before
// they are added, each flagged — repeated in the paste, already in this intent, in another intent,
// junk (over-long, no letters, markup). Repeats are left unticked; the rest can be unticked too.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phrase } from './content-types';
import { chooseTick, flagLines, isTicked, type ChosenTick } from './paste-lines';
import { phraseQualityCodes } from './phrase-quality';

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
  // The user's ticks by line; a line whose flags change since goes back to its default.
  const [ticks, setTicks] = useState<ReadonlyMap<number, ChosenTick>>(() => new Map());
  const chosen = flagged.map((line, index) => isTicked(line, ticks.get(index)));
  const count = chosen.filter(Boolean).length;
  return (
    <div className="paste-preview" role="group" aria-label={t('intents.paste.title', { count: lines.length })} data-testid="paste-preview">
      <p className="field-label">{t('intents.paste.title', { count: lines.length })}</p>
      <ol className="paste-list">
        {flagged.map((line, index) => (
          <li key={index} data-testid="pasted-line">
            <label className="paste-line">
              <input
                type="checkbox"
                checked={chosen[index] ?? false}
                onChange={(event) => {
                  const ticked = event.target.checked;
                  setTicks((current) => new Map(current).set(index, chooseTick(line, ticked)));
                }}
              />
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
