// What Messenger, WhatsApp and Telegram answer to a message they cannot read (an image, a sticker,
// a location, a voice note): the default phrase in the assistant's language, a text of the administrator's, or none
// (the message is only recorded).
import { useTranslation } from 'react-i18next';
import { TextSettingSection } from './text-setting-section';

export function UnsupportedReplySection({ text, isDefault, canChange, save }: { text: string; isDefault: boolean; canChange: boolean; save: (value: string | null) => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <TextSettingSection
      value={text}
      isDefault={isDefault}
      canChange={canChange}
      save={save}
      testId="unsupported-reply"
      multiline
      labels={{
        title: t('integrations.unsupported.title'),
        lead: t('integrations.unsupported.lead'),
        label: t('integrations.unsupported.label'),
        hint: t('integrations.unsupported.hint'),
        defaultHint: t('integrations.unsupported.isDefault'),
        save: t('integrations.unsupported.save'),
        restore: t('integrations.unsupported.restore'),
      }}
    />
  );
}
