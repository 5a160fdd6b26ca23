// The live preview of a skill being edited: the answer as the web chat shows it (its bot_uttered
// payloads drawn as bubbles) and as the REST channel's JSON, from POST …/skills/preview, asked
// again a moment after each change.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantPath, request } from '../api/client';
import type { Assistant } from '../api/types';
import { errorText } from '../components/error-text';

interface Utterance {
  text?: string;
  quick_replies?: Array<{ title: string; payload: string }>;
  attachment?: { type?: string; payload?: { src?: string } } | unknown;
}

interface Preview {
  rest: unknown[];
  webChat: Utterance[];
  variations: number;
}

function imageOf(attachment: unknown): string | undefined {
  if (typeof attachment !== 'object' || attachment === null) return undefined;
  const { type, payload } = attachment as { type?: unknown; payload?: { src?: unknown } };
  return type === 'image' && typeof payload?.src === 'string' ? payload.src : undefined;
}

export function SkillPreview({ assistant, body }: { assistant: Assistant; body: Record<string, unknown> }) {
  const { t } = useTranslation();
  const [variation, setVariation] = useState(0);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const json = JSON.stringify(body);

  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      const { name: _name, ...rest } = JSON.parse(json) as Record<string, unknown>;
      request<Preview>('POST', assistantPath(assistant.server, assistant.language, '/skills/preview'), { ...rest, variation })
        .then((answer) => {
          if (!live) return;
          setPreview(answer);
          setProblem(null);
        })
        .catch((error: unknown) => {
          if (live) setProblem(errorText(error, t));
        });
    }, 300);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [assistant, json, variation, t]);

  return (
    <section className="card preview" aria-label={t('skills.preview')} data-testid="skill-preview">
      <h3 className="card-title">{t('skills.preview')}</h3>
      {preview && preview.variations > 1 ? (
        <div className="preview-variations">
          {Array.from({ length: preview.variations }, (_, index) => (
            <button key={index} type="button" className={`chip-button${index === variation ? ' chip-button-active' : ''}`} aria-pressed={index === variation} onClick={() => setVariation(index)}>
              {t('skills.variation', { number: index + 1 })}
            </button>
          ))}
        </div>
      ) : null}
      {problem ? <p className="field-hint">{t('skills.previewUnavailable', { reason: problem })}</p> : null}
      {preview ? (
        <div className="preview-grid">
          <div>
            <h4 className="code-block-label">{t('skills.webChat')}</h4>
            <div className="chat-log preview-chat" data-testid="preview-web-chat">
              {preview.webChat.length === 0 ? <p className="muted">{t('skills.previewEmpty')}</p> : null}
              {preview.webChat.map((utterance, index) => (
                <div key={index} className="bubble bubble-bot">
                  {utterance.text ? <p className="bubble-text">{utterance.text}</p> : null}
                  {imageOf(utterance.attachment) ? <img className="bubble-image" src={imageOf(utterance.attachment)} alt={t('testChat.imageAlt')} /> : null}
                  {utterance.quick_replies ? (
                    <div className="bubble-buttons">
                      {utterance.quick_replies.map((reply) => (
                        <span key={`${reply.title}-${reply.payload}`} className="chip-button" title={reply.payload}>
                          {reply.title}
                        </span>
                      ))}
                    </div>
                  ) : null}
                </div>
              ))}
            </div>
          </div>
          <div>
            <h4 className="code-block-label">{t('skills.rest')}</h4>
            <pre className="code-block preview-json" data-testid="preview-rest">
              {JSON.stringify(preview.rest, null, 2)}
            </pre>
          </div>
        </div>
      ) : null}
    </section>
  );
}
