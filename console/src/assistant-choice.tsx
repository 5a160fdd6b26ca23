// Which assistant (language) of the user's server the pages show. Chosen in the header when the
// server has several; remembered per server in the browser; Portuguese first by default.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { request } from './api/client';
import type { Assistant } from './api/types';
import { preferredAssistant } from './preferred-assistant';

interface AssistantChoice {
  assistants: Assistant[];
  current: Assistant | null;
  loading: boolean;
  failed: boolean;
  choose(language: string): void;
}

const AssistantContext = createContext<AssistantChoice | null>(null);

function storageKey(server: string): string {
  return `helper.console.assistant.${server}`;
}

function readStored(server: string): string | null {
  try {
    return localStorage.getItem(storageKey(server));
  } catch {
    return null;
  }
}

export function AssistantProvider({ server, children }: { server: string; children: ReactNode }) {
  const [assistants, setAssistants] = useState<Assistant[]>([]);
  const [language, setLanguage] = useState<string | null>(() => readStored(server));
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    request<Assistant[]>('GET', `/api/admin/servers/${encodeURIComponent(server)}/assistants`)
      .then((list) => {
        if (live) setAssistants(list);
      })
      .catch(() => {
        if (live) setFailed(true);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [server]);

  const value = useMemo<AssistantChoice>(
    () => ({
      assistants,
      current: preferredAssistant(assistants, language),
      loading,
      failed,
      choose: (chosen) => {
        setLanguage(chosen);
        try {
          localStorage.setItem(storageKey(server), chosen);
        } catch {
          // Not remembered; the choice lasts for this page.
        }
      },
    }),
    [assistants, language, loading, failed, server],
  );
  return <AssistantContext.Provider value={value}>{children}</AssistantContext.Provider>;
}

export function useAssistantChoice(): AssistantChoice {
  const value = useContext(AssistantContext);
  if (!value) throw new Error('useAssistantChoice outside AssistantProvider');
  return value;
}
