import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyToClipboard } from './copy-to-clipboard';

/** A button that copies `text` and says so (to sighted users and to screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <button type="button" className="button button-quiet copy-button" aria-label={label} onClick={async () => setState((await copyToClipboard(text)) ? 'copied' : 'failed')}>
      <span aria-hidden="true" className="copy-icon" />
      <span aria-live="polite">{state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : t('common.copy')}</span>
    </button>
  );
}
