// "Check connection" of an integration: a button that asks the platform (through the admin API)
// whether the stored credentials work, and what it said. Viewers may use it: it changes nothing
// but the needs-a-new-token warning, which the panel is told of.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../api/problem-text';
import type { CheckFailure } from '../api/types';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { Section } from './section';

/** A failure's `message` is English (the CLI's); the console says its `code` with `params`. */
type CheckResult<S> = ({ ok: true } & S) | { ok: false; message: string };

/** A failure said from its code (CheckFailure); one without a code reads as the generic sentence. */
function failureText(t: Parameters<typeof problemText>[0], failure: { ok: false; message: string }): string {
  const { code, params } = failure as CheckFailure;
  return problemText(t, { code: code ?? 'unknown', ...(params ? { params } : {}) });
}

export function CheckSection<S>({
  title,
  lead,
  labels,
  ready,
  notReadyHint,
  testId,
  run,
  onNeedsNewToken,
  success,
}: {
  title: string;
  lead: string;
  labels: { check: string; checking: string; failed: string };
  /** Whether there is something to check (a token set). */
  ready: boolean;
  notReadyHint: string;
  testId: string;
  run: () => Promise<CheckResult<S> & { needsNewToken?: boolean }>;
  onNeedsNewToken: (needsNewToken: boolean) => void;
  success: (result: { ok: true } & S) => ReactNode;
}) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<{ kind: 'idle' | 'checking' } | { kind: 'done'; result: CheckResult<S> } | { kind: 'error'; message: string }>({ kind: 'idle' });

  async function checkConnection() {
    setCheck({ kind: 'checking' });
    try {
      const result = await run();
      setCheck({ kind: 'done', result });
      if (result.needsNewToken !== undefined) onNeedsNewToken(result.needsNewToken);
    } catch (error: unknown) {
      setCheck({ kind: 'error', message: errorText(error, t) });
    }
  }

  return (
    <Section title={title} description={lead}>
      <div className="actions">
        <button type="button" className="button button-secondary" disabled={check.kind === 'checking' || !ready} onClick={() => void checkConnection()}>
          {check.kind === 'checking' ? labels.checking : labels.check}
        </button>
      </div>
      {!ready ? <p className="field-hint">{notReadyHint}</p> : null}
      <div aria-live="polite" data-testid={testId}>
        {check.kind === 'done' && check.result.ok ? success(check.result) : null}
        {check.kind === 'done' && !check.result.ok ? (
          <Notice tone="error" title={labels.failed}>
            {failureText(t, check.result)}
          </Notice>
        ) : null}
        {check.kind === 'error' ? <Notice tone="error">{check.message}</Notice> : null}
      </div>
    </Section>
  );
}
