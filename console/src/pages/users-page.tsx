// Usuários: the console users of this server. Administrators add, edit, deactivate and remove
// them; viewers see the list only (and the server refuses their changes anyway).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { request } from '../api/client';
import type { User } from '../api/types';
import { ConfirmButton } from '../components/confirm-button';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { StatusBadge } from '../components/status-badge';
import { mayAdminister, useSession, useUser } from '../session';
import { useResource } from '../use-resource';
import { UserForm, type UserDraft } from './user-form';

export function UsersPage() {
  const { t } = useTranslation();
  const me = useUser();
  const { passwordChanged } = useSession();
  const base = `/api/admin/servers/${encodeURIComponent(me.server)}/users`;
  const users = useResource<User[]>(() => request('GET', base), base);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const canChange = mayAdminister(me);

  // `?editar=<login>` opens that user's form (the "change your password" notice links here).
  const [params, setParams] = useSearchParams();
  const toEdit = params.get('editar');
  useEffect(() => {
    if (toEdit === null || !users.data) return;
    const found = users.data.find((user) => user.login === toEdit);
    if (found && canChange) setEditing(found);
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.delete('editar');
      return next;
    }, { replace: true });
  }, [toEdit, users.data, canChange, setParams]);

  async function submit(draft: UserDraft) {
    const { password, login, ...rest } = draft;
    if (editing === 'new') {
      await request<User>('POST', base, { login: login.trim(), ...rest, password });
      setNotice({ tone: 'success', text: t('users.added', { login: login.trim() }) });
    } else if (editing) {
      await request<User>('PATCH', `${base}/${encodeURIComponent(editing.login)}`, { ...rest, ...(password ? { password } : {}) });
      // A new password of one's own ends one's sessions (the server's rule): sign in again, told why.
      if (password && editing.login === me.login) {
        passwordChanged();
        return;
      }
      setNotice({ tone: 'success', text: t('users.updated', { login: editing.login }) });
    }
    setEditing(null);
    users.reload();
  }

  async function remove(user: User) {
    try {
      await request<void>('DELETE', `${base}/${encodeURIComponent(user.login)}`);
      setNotice({ tone: 'success', text: t('users.removed', { login: user.login }) });
      users.reload();
    } catch (error: unknown) {
      setNotice({ tone: 'error', text: errorText(error, t) });
    }
  }

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.lead')}
        actions={
          canChange && editing === null ? (
            <button type="button" className="button button-primary" onClick={() => { setNotice(null); setEditing('new'); }}>
              {t('users.add')}
            </button>
          ) : null
        }
      />
      {!canChange ? <Notice tone="info">{t('common.viewerReadOnly')}</Notice> : null}
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {editing !== null ? <UserForm key={editing === 'new' ? 'new' : editing.login} editing={editing === 'new' ? null : editing} onSubmit={submit} onCancel={() => setEditing(null)} /> : null}
      {users.error ? <Notice tone="error">{errorText(users.error, t)}</Notice> : null}
      {users.data ? (
        <div className="card table-card">
          <table className="table">
            <caption className="visually-hidden">{t('users.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.fields.name')}</th>
                <th scope="col">{t('users.fields.login')}</th>
                <th scope="col">{t('users.fields.email')}</th>
                <th scope="col">{t('users.fields.role')}</th>
                <th scope="col">{t('users.fields.status')}</th>
                {canChange ? <th scope="col"><span className="visually-hidden">{t('users.actions')}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.login} data-testid={`user-${user.login}`}>
                  <td data-label={t('users.fields.name')}>{`${user.firstName} ${user.lastName}`.trim() || '—'}</td>
                  <td data-label={t('users.fields.login')}>
                    <code>{user.login}</code>
                  </td>
                  <td data-label={t('users.fields.email')}>{user.email}</td>
                  <td data-label={t('users.fields.role')}>{t(`roles.${user.role}`)}</td>
                  <td data-label={t('users.fields.status')}>
                    <StatusBadge tone={user.active ? 'positive' : 'neutral'}>{user.active ? t('users.active') : t('users.inactive')}</StatusBadge>
                  </td>
                  {canChange ? (
                    <td className="table-actions">
                      <button type="button" className="button button-quiet" onClick={() => { setNotice(null); setEditing(user); }} aria-label={t('users.editLabel', { login: user.login })}>
                        {t('common.edit')}
                      </button>
                      {user.login !== me.login ? <ConfirmButton label={t('common.remove')} accessibleName={t('content.removeLabel', { name: user.login })} question={t('users.removeQuestion', { login: user.login })} onConfirm={() => remove(user)} danger /> : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : users.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
    </>
  );
}
