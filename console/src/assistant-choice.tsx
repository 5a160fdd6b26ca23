// Which assistant the pages show. Chosen in the header when there are several; remembered per
// server in the browser; Portuguese first by default. A user picks among their server's
// assistants; the platform's operator among every server's (its own server's first), to build,
// train and test any of them. `reload()` reads the list again (a new assistant shows at once);
// `choose` first asks about unsaved changes in an open form, and does nothing when the user stays.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { request } from './api/client';
import type { Assistant } from './api/types';
import { mayDiscardUnsaved } from './components/unsaved-guard';
import { choiceKey, preferredAssistant } from './preferred-assistant';

interface AssistantChoice {
  assistants: Assistant[];
  current: Assistant | null;
  loading: boolean;
  failed: boolean;
  /** Whether `assistants` holds other servers' too (the operator's picker names each server). */
  everyServer: boolean;
  /** Shows this assistant (`server/language`); false when the user kept unsaved changes instead. */
  choose(key: string): boolean;
  /** Reads the assistants again, e.g. after one was added. */
  reload(): void;
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

async function loadAssistants(server: string, everyServer: boolean): Promise<Assistant[]> {
  const ofServer = (name: string) => request<Assistant[]>('GET', `/api/admin/servers/${encodeURIComponent(name)}/assistants`);
  if (!everyServer) return ofServer(server);
  const servers = await request<Array<{ name: string }>>('GET', '/api/admin/servers');
  // The user's own server first, then the others by name (as the API lists them).
  const names = [...servers.map((item) => item.name).filter((name) => name === server), ...servers.map((item) => item.name).filter((name) => name !== server)];
  return (await Promise.all(names.map(ofServer))).flat();
}

/** `server`: the user's own; `everyServer`: the platform's operator, who may work on any server's assistants. */
export function AssistantProvider({ server, everyServer = false, children }: { server: string; everyServer?: boolean; children: ReactNode }) {
  const [assistants, setAssistants] = useState<Assistant[]>([]);
  const [chosen, setChosen] = useState<string | null>(() => readStored(server));
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    loadAssistants(server, everyServer)
      .then((list) => {
        if (live) {
          setAssistants(list);
          setFailed(false);
        }
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
  }, [server, everyServer, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  const value = useMemo<AssistantChoice>(
    () => ({
      assistants,
      current: preferredAssistant(assistants, chosen, server),
      loading,
      failed,
      everyServer,
      choose: (key) => {
        const current = preferredAssistant(assistants, chosen, server);
        if (current && choiceKey(current) === key) return true;
        if (!mayDiscardUnsaved()) return false;
        setChosen(key);
        try {
          localStorage.setItem(storageKey(server), key);
        } catch {
          // Not remembered; the choice lasts for this page.
        }
        return true;
      },
      reload,
    }),
    [assistants, chosen, loading, failed, everyServer, server, reload],
  );
  return <AssistantContext.Provider value={value}>{children}</AssistantContext.Provider>;
}

export function useAssistantChoice(): AssistantChoice {
  const value = useContext(AssistantContext);
  if (!value) throw new Error('useAssistantChoice outside AssistantProvider');
  return value;
}

/**
 * For a page that opens an item of the chosen assistant (a form, a panel): `onSwitch` runs when
 * another assistant is chosen — what is open is the previous assistant's, and saving it would
 * write it to the new one — and the function returned tells whether an answer read for an
 * assistant may still be opened (not when another was chosen while it was read).
 */
export function useAssistantSwitch(current: Assistant | null, onSwitch: () => void): (assistant: Assistant) => boolean {
  const key = current ? choiceKey(current) : '';
  const chosen = useRef(key);
  chosen.current = key;
  const shown = useRef(key);
  useEffect(() => {
    if (shown.current === key) return;
    shown.current = key;
    onSwitch();
    // Only a change of assistant matters; `onSwitch` is recreated each render.
  }, [key]);
  return useCallback((assistant: Assistant) => chosen.current === choiceKey(assistant), []);
}
