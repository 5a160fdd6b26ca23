// Configurações: the accuracy threshold and training e-mails, the dialogues spreadsheet (export,
// import after seeing what changes), the whole assistant file, and Migrações (Watson, Rasa) with
// their preview and history.
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import { useAssistantChoice } from '../assistant-choice';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { PageHeader } from '../components/page-header';
import { mayAdminister, useUser } from '../session';
import { AssistantFileSection } from '../settings/assistant-file-section';
import { DialogueSheetSection } from '../settings/dialogue-sheet-section';
import { MigrationSection } from '../settings/migration-section';
import { SettingsForm, type Settings } from '../settings/settings-form';
import { useResource } from '../use-resource';

export function SettingsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { current } = useAssistantChoice();
  const canChange = mayAdminister(user);
  const key = current ? `${current.server}/${current.language}` : '';
  const settings = useResource<Settings>(current ? () => request('GET', assistantPath(current.server, current.language, '/settings')) : null, key);
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.lead')} />
      {!canChange ? <Notice tone="info">{t('common.viewerReadOnly')}</Notice> : null}
      {settings.error ? <Notice tone="error">{errorText(settings.error, t)}</Notice> : null}
      {current && settings.data ? <SettingsForm key={key} assistant={current} settings={settings.data} canChange={canChange} onSaved={settings.setData} /> : null}
      {current ? <DialogueSheetSection key={`sheet-${key}`} assistant={current} canChange={canChange} /> : null}
      {current ? <AssistantFileSection key={`file-${key}`} assistant={current} canChange={canChange} /> : null}
      {current ? <MigrationSection key={`migrations-${key}`} assistant={current} canChange={canChange} /> : null}
    </>
  );
}
