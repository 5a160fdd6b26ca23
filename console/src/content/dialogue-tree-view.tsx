// Each theme's dialogues as a tree: the main dialogues, and under each the follow-ups that apply
// right after it.
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { errorText } from '../components/error-text';
import { Notice } from '../components/notice';
import { useResource } from '../use-resource';
import type { DialogueNode, DialogueTree } from './content-types';

function Node({ node }: { node: DialogueNode }) {
  const { t } = useTranslation();
  return (
    <li className="tree-node" data-testid="tree-node" data-name={node.name}>
      <span className="tree-label">
        <strong>{node.name}</strong> <span className="muted">{t('dialogues.nodeDetail', { intents: node.intents.join(', ') || '—', skill: node.skill })}</span>
      </span>
      {node.followUps.length > 0 ? (
        <ul className="tree">
          {node.followUps.map((child) => (
            <Node key={child.name} node={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function DialogueTreeView({ assistant, generation }: { assistant: Assistant; generation: number }) {
  const { t } = useTranslation();
  const tree = useResource<DialogueTree>(() => request('GET', assistantPath(assistant.server, assistant.language, '/dialogues/tree')), `${assistant.server}/${assistant.language}#${generation}`);
  return (
    <section className="card" aria-labelledby="dialogue-tree-title" data-testid="dialogue-tree">
      <h2 id="dialogue-tree-title" className="card-title">
        {t('dialogues.tree')}
      </h2>
      {tree.error ? <Notice tone="error">{errorText(tree.error, t)}</Notice> : null}
      {tree.data && tree.data.themes.length === 0 ? <p className="muted">{t('dialogues.empty')}</p> : null}
      {tree.data?.themes.map((group) => (
        <div key={group.theme ?? ''} className="tree-group">
          <h3 className="tree-theme">{group.theme ?? t('content.noTheme')}</h3>
          <ul className="tree tree-root">
            {group.dialogues.map((node) => (
              <Node key={node.name} node={node} />
            ))}
          </ul>
        </div>
      ))}
      {tree.data && tree.data.orphans.length > 0 ? (
        <Notice tone="warning" title={t('dialogues.orphans')}>
          {tree.data.orphans.map((node) => node.name).join(', ')}
        </Notice>
      ) : null}
      {tree.data && tree.data.cycles.length > 0 ? (
        <Notice tone="warning" title={t('dialogues.cycles')}>
          {tree.data.cycles.map((cycle) => cycle.join(' → ')).join('; ')}
        </Notice>
      ) : null}
    </section>
  );
}
