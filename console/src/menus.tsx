// The console's menus, one entry per module of the product that works today (PRODUCT.md). A new
// module is one entry here: its path, its label in the locales and its page.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A page whose code is fetched when it is first opened (or `preload`ed), not with the console:
 * the shell shows "Carregando…" meanwhile, focuses the page's title once it is drawn, and says so
 * with a Reload button when the part cannot be fetched (`PageErrorBoundary`).
 */
function onDemand<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): OnDemandPage {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const fetchOnce = () => (loading ??= load().then((module) => ({ default: module[name] })));
  // A failed preload is the page's failure too: opening it then shows the boundary's message.
  return Object.assign(lazy(fetchOnce), { preload: () => void fetchOnce().catch(() => undefined) });
}

type OnDemandPage = LazyExoticComponent<ComponentType> & { preload(): void };

// Each page is its own part; what pages share (the content frame, the forms' fields) Vite puts in
// shared parts. The sign-in page and the shell are in the main bundle, so the first screen waits
// for nothing else.
const IntegrationsPage = onDemand(() => import('./pages/integrations-page'), 'IntegrationsPage');
const ThemesPage = onDemand(() => import('./pages/themes-page'), 'ThemesPage');
const IntentsPage = onDemand(() => import('./pages/intents-page'), 'IntentsPage');
const ContextsPage = onDemand(() => import('./pages/contexts-page'), 'ContextsPage');
const ApisPage = onDemand(() => import('./pages/apis-page'), 'ApisPage');
const SkillsPage = onDemand(() => import('./pages/skills-page'), 'SkillsPage');
const DialoguesPage = onDemand(() => import('./pages/dialogues-page'), 'DialoguesPage');
const HistoryPage = onDemand(() => import('./pages/history-page'), 'HistoryPage');
const TrainingsPage = onDemand(() => import('./pages/trainings-page'), 'TrainingsPage');
const SettingsPage = onDemand(() => import('./pages/settings-page'), 'SettingsPage');
const TestChatPage = onDemand(() => import('./pages/test-chat-page'), 'TestChatPage');
// Analytics brings Chart.js.
const AnalyticsPage = onDemand(() => import('./analytics/analytics-page'), 'AnalyticsPage');
const InboxPage = onDemand(() => import('./handoffs/inbox-page'), 'InboxPage');
const UsersPage = onDemand(() => import('./pages/users-page'), 'UsersPage');
const ServersPage = onDemand(() => import('./pages/servers-page'), 'ServersPage');

export interface Menu {
  /** The path under /console/ (Portuguese, as the product speaks). */
  path: string;
  /** Key of its label in locales/*.json. */
  label: string;
  /** Whether the page is about the chosen assistant (then the header shows the picker). */
  perAssistant: boolean;
  page: OnDemandPage;
  /** Shown only to the platform's operator (role `operator`). */
  operatorOnly?: boolean;
}

export const menus: readonly Menu[] = [
  { path: 'integracoes', label: 'menu.integrations', perAssistant: true, page: IntegrationsPage },
  { path: 'temas', label: 'menu.themes', perAssistant: true, page: ThemesPage },
  { path: 'intents', label: 'menu.intents', perAssistant: true, page: IntentsPage },
  { path: 'contextos', label: 'menu.contexts', perAssistant: true, page: ContextsPage },
  { path: 'apis-de-terceiros', label: 'menu.apis', perAssistant: true, page: ApisPage },
  { path: 'habilidades', label: 'menu.skills', perAssistant: true, page: SkillsPage },
  { path: 'dialogos', label: 'menu.dialogues', perAssistant: true, page: DialoguesPage },
  { path: 'historico', label: 'menu.history', perAssistant: true, page: HistoryPage },
  { path: 'treinamentos', label: 'menu.trainings', perAssistant: true, page: TrainingsPage },
  { path: 'configuracoes', label: 'menu.settings', perAssistant: true, page: SettingsPage },
  { path: 'chat-de-teste', label: 'menu.testChat', perAssistant: true, page: TestChatPage },
  { path: 'analytics', label: 'menu.analytics', perAssistant: true, page: AnalyticsPage },
  { path: 'atendimento', label: 'menu.inbox', perAssistant: true, page: InboxPage },
  { path: 'usuarios', label: 'menu.users', perAssistant: false, page: UsersPage },
  { path: 'servidores', label: 'menu.servers', perAssistant: false, page: ServersPage, operatorOnly: true },
];

/** The menu whose page an address (below /console) shows, if any. */
export function menuOf(pathname: string): Menu | undefined {
  return menus.find((menu) => pathname.startsWith(`/${menu.path}`));
}
