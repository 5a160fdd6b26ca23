// Diálogos: which skill answers which intents, and the follow-ups; with each theme's tree.
import { useTranslation } from 'react-i18next';
import { ContentListPage } from '../content/content-list-page';
import type { Dialogue } from '../content/content-types';
import { DialogueForm } from '../content/dialogue-form';
import { DialogueTreeView } from '../content/dialogue-tree-view';

export function DialoguesPage() {
  const { t } = useTranslation();
  return (
    <ContentListPage<Dialogue>
      list="dialogues"
      Form={DialogueForm}
      columns={[
        { label: t('content.theme'), render: (dialogue) => dialogue.theme ?? '—' },
        { label: t('dialogues.intents'), render: (dialogue) => dialogue.intents.join(', ') },
        { label: t('dialogues.skill'), render: (dialogue) => dialogue.skill },
        { label: t('dialogues.mainColumn'), render: (dialogue) => dialogue.followUpOf ?? '—' },
        { label: t('dialogues.slots'), render: (dialogue) => (dialogue.slots ?? []).map((slot) => slot.context).join(', ') || '—' },
      ]}
      below={(assistant, generation) => <DialogueTreeView assistant={assistant} generation={generation} />}
    />
  );
}
