// The header's search across the chosen assistant (GET …/search: themes, intents and phrases,
// contexts and values, skills and texts, dialogues): results as links that open the item in its
// menu (`?editar=<name>`, as Analytics' links do).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { request } from '../api/client';
import { useAssistantChoice } from '../assistant-choice';
import { errorText } from '../components/error-text';
import { contentPath, type ContentList } from './content-types';

interface SearchHit {
  list: ContentList;
  name: string;
  field: string;
  text: string;
}

interface SearchAnswer {
  total: number;
  more: boolean;
  offset: number;
  limit: number;
  results: SearchHit[];
}

/** The console menu of each list. */
export const LIST_MENU: Readonly<Record<ContentList, string>> = { themes: 'temas', intents: 'intents', contexts: 'contextos', skills: 'habilidades', dialogues: 'dialogos' };
const PAGE = 10;

export function AssistantSearch() {
  const { t } = useTranslation();
  const { current } = useAssistantChoice();
  const id = useId();
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const trimmed = query.trim();

  useEffect(() => {
    setOffset(0);
  }, [trimmed, current]);
  useEffect(() => {
    if (!current || trimmed === '') {
      setAnswer(null);
      return;
    }
    let live = true;
    // Typing waits a moment: one request per pause, not per key.
    const timer = setTimeout(() => {
      request<SearchAnswer>('GET', `${contentPath(current, 'search')}?q=${encodeURIComponent(trimmed.slice(0, 200))}&offset=${offset}&limit=${PAGE}`)
        .then((found) => {
          if (live) {
            setAnswer(found);
            setFailure(null);
          }
        })
        .catch((error: unknown) => {
          if (live) setFailure(errorText(error, t));
        });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [current, trimmed, offset, t]);

  if (!current) return null;
  const close = () => {
    setQuery('');
    setAnswer(null);
  };
  return (
    <div className="assistant-search" role="search">
      <label htmlFor={id} className="visually-hidden">
        {t('search.label', { name: current.name })}
      </label>
      <input
        id={id}
        className="input"
        type="search"
        value={query}
        maxLength={200}
        placeholder={t('search.placeholder')}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
        }}
      />
      {trimmed !== '' && (answer || failure) ? (
        <div className="search-results card" data-testid="search-results">
          {failure ? <p className="field-error">{failure}</p> : null}
          {answer && answer.total === 0 ? <p className="muted">{t('search.none')}</p> : null}
          {answer && answer.total > 0 ? (
            <>
              <p className="muted" role="status">
                {t(answer.more ? 'search.countMore' : 'search.count', { count: answer.total })}
              </p>
              <ul className="search-list">
                {answer.results.map((hit) => (
                  <li key={`${hit.list}/${hit.name}/${hit.field}`}>
                    <Link to={`/${LIST_MENU[hit.list]}?editar=${encodeURIComponent(hit.name)}`} onClick={close} className="search-hit">
                      <span className="badge badge-neutral">{t(`content.lists.${hit.list}`)}</span> <strong>{hit.name}</strong>
                      {hit.field === 'name' ? null : <span className="search-text"> — {hit.text}</span>}
                    </Link>
                  </li>
                ))}
              </ul>
              {answer.total > PAGE ? (
                <div className="actions">
                  <button type="button" className="button button-quiet" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                    {t('search.previous')}
                  </button>
                  <button type="button" className="button button-quiet" disabled={offset + PAGE >= answer.total} onClick={() => setOffset(offset + PAGE)}>
                    {t('search.next')}
                  </button>
                </div>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
