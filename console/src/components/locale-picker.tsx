import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLocale, isLocale, LOCALES } from '../i18n';

export function LocalePicker() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="picker">
      <label htmlFor={id} className="picker-label">
        {t('common.language')}
      </label>
      <select
        id={id}
        className="select select-compact"
        value={i18n.language}
        onChange={(event) => {
          if (isLocale(event.target.value)) changeLocale(event.target.value);
        }}
      >
        {LOCALES.map((locale) => (
          <option key={locale.code} value={locale.code} lang={locale.code}>
            {locale.label}
          </option>
        ))}
      </select>
    </div>
  );
}
