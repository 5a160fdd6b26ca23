// Flow checks of the item being edited (the API's `warnings`): what the conversation would trip
// on — a button no dialogue handles, a follow-up that never answers, a sentence broken by an unset
// context. Listed above the form, and each beside its field when the form has one. They never
// block a save; the next training lists them too.
import { useTranslation } from 'react-i18next';
import { problemText } from '../api/problem-text';
import type { FlowWarning } from './content-types';

/** The warnings about `field` or something inside it (`buttons` holds `buttons.1.payload`). */
export function warningsAt(warnings: readonly FlowWarning[] | undefined, field: string): FlowWarning[] {
  return (warnings ?? []).filter((warning) => warning.field === field || warning.field.startsWith(`${field}.`));
}

/**
 * The count of the item's warnings, and those the form shows at no field (`inline` lists the
 * fields it shows warnings beside), so that none is missed and none is said twice.
 */
export function FlowWarningList({ warnings, inline = [] }: { warnings: readonly FlowWarning[] | undefined; inline?: readonly string[] }) {
  const { t } = useTranslation();
  if (!warnings || warnings.length === 0) return null;
  const elsewhere = warnings.filter((warning) => !inline.some((field) => warning.field === field || warning.field.startsWith(`${field}.`)));
  return (
    <div className="notice notice-warning" role="status" data-testid="flow-warnings">
      <strong className="notice-title">{t('content.flowWarnings', { count: warnings.length })}</strong>
      {elsewhere.length > 0 ? (
        <ul className="problem-list">
          {elsewhere.map((warning, index) => (
            <li key={index}>{problemText(t, warning)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The warnings of one field, under it. */
export function FieldWarnings({ warnings, field }: { warnings: readonly FlowWarning[] | undefined; field: string }) {
  const { t } = useTranslation();
  const here = warningsAt(warnings, field);
  if (here.length === 0) return null;
  return (
    <>
      {here.map((warning, index) => (
        <p key={index} className="field-warning" data-field={warning.field}>
          {problemText(t, warning)}
        </p>
      ))}
    </>
  );
}
