// What the addresses of the Integrações panels are built on (issue 16, item 7): the address the
// console was opened at while HELPER_PUBLIC_URL is unset (and how to make it permanent), a warning
// on an IP address, and a red notice when the configured public address does not answer from this
// browser (the console's CSP lets it reach the configured hosts: src/server/console-site.ts).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegrationValues } from '../api/types';
import { Notice } from '../components/notice';

const PROBE_TIMEOUT_MS = 5000;

export function PublicAddressNotice({ address }: { address: IntegrationValues['publicAddress'] }) {
  const { t } = useTranslation();
  const answers = useAnswers(address.source === 'configured' ? address.assistantOrigin : null);
  if (address.source === 'request') {
    return address.labels ? (
      <Notice tone="info">
        <span data-testid="public-address">{t('integrations.publicAddress.fromRequest', { origin: address.origin })}</span>
      </Notice>
    ) : (
      <Notice tone="warning">
        <span data-testid="public-address">{t('integrations.publicAddress.onAddress', { origin: address.origin, example: 'https://acmePT.helperassistant.example' })}</span>
      </Notice>
    );
  }
  if (answers !== false) return null;
  return (
    <Notice tone="error">
      <span data-testid="public-address">{t('integrations.publicAddress.unreachable', { origin: address.assistantOrigin, domain: new URL(address.origin).hostname })}</span>
    </Notice>
  );
}

/** Whether the origin answers from this browser (any HTTP answer counts); undefined while asking. */
function useAnswers(origin: string | null): boolean | undefined {
  const [answers, setAnswers] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (origin === null) return;
    const controller = new AbortController();
    let cancelled = false;
    const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    // no-cors: the answer is opaque, but it arrives only when the host resolves and answers.
    fetch(`${origin}/health/live`, { mode: 'no-cors', cache: 'no-store', signal: controller.signal })
      .then(() => setAnswers(true))
      .catch(() => {
        // Aborted by the timeout: it did not answer; by leaving the page: nothing to say.
        if (!cancelled) setAnswers(false);
      })
      .finally(() => clearTimeout(timer));
    return () => {
      cancelled = true;
      clearTimeout(timer);
      controller.abort();
    };
  }, [origin]);
  return answers;
}
