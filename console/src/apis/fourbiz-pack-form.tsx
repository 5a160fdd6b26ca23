// "Adicionar o pacote de chamados 4biz": the same as `helper pack add 4biz-tickets` — the 4biz
// address, login and password (write-only, sealed by the server) — and what it added.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { Notice } from '../components/notice';
import { FormProblemNotice, problemFrom, type FormProblem } from '../content/form-problem';
import { TextField } from '../content/fields';
import { useFormGuard } from '../components/unsaved-guard';

interface PackResult {
  contexts: number;
  intents: number;
  skills: number;
  dialogues: number;
  apis: string[];
}

export function FourbizPackForm({ assistant, onAdded, onCancel }: { assistant: Assistant; onAdded: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<PackResult | null>(null);

  const guard = useFormGuard('4biz-tickets', onCancel);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const result = await request<PackResult>('POST', assistantPath(assistant.server, assistant.language, '/packs/4biz-tickets'), { url: url.trim(), login: login.trim(), password });
      setPassword('');
      setAdded(result);
      guard.saved();
      onAdded();
    } catch (error: unknown) {
      setProblem(problemFrom(error, t));
    } finally {
      setBusy(false);
    }
  }

  const title = t('apis.pack.title');
  return (
    <form ref={guard.ref} className="card form" onSubmit={submit} noValidate aria-label={title}>
      <h2 className="card-title">{title}</h2>
      <p className="field-hint">{t('apis.pack.lead')}</p>
      <div className="form-grid">
        <div className="field-wide">
          <TextField label={t('apis.pack.url')} field="url" problem={problem} value={url} onChange={setUrl} hint={t('apis.pack.urlHint')} />
        </div>
        <TextField label={t('apis.pack.login')} field="login" problem={problem} value={login} onChange={setLogin} />
        <TextField label={t('apis.pack.password')} field="password" problem={problem} value={password} onChange={setPassword} type="password" hint={t('apis.pack.passwordHint')} />
      </div>
      <FormProblemNotice problem={problem} fields={['url', 'login', 'password']} />
      {added ? (
        <Notice tone="success" title={t('apis.pack.added')}>
          {t('apis.pack.summary', { contexts: added.contexts, intents: added.intents, skills: added.skills, dialogues: added.dialogues, apis: added.apis.join(', ') })}
        </Notice>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('apis.pack.adding') : t('apis.pack.add')}
        </button>
        <button type="button" className="button button-quiet" onClick={guard.closeGuarded}>
          {added ? t('apis.close') : t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
