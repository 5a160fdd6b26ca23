// The console's menus, one entry per module of the product that works today (PRODUCT.md). A new
// module is one entry here: its path, its label in the locales and its page.
import { lazy, type ComponentType } from 'react';
import { ApisPage } from './pages/apis-page';
import { InboxPage } from './handoffs/inbox-page';
import { ContextsPage } from './pages/contexts-page';
import { DialoguesPage } from './pages/dialogues-page';
import { HistoryPage } from './pages/history-page';
import { IntegrationsPage } from './pages/integrations-page';
import { IntentsPage } from './pages/intents-page';
import { ServersPage } from './pages/servers-page';
import { SettingsPage } from './pages/settings-page';
import { SkillsPage } from './pages/skills-page';
import { TestChatPage } from './pages/test-chat-page';
import { ThemesPage } from './pages/themes-page';
import { TrainingsPage } from './pages/trainings-page';
import { UsersPage } from './pages/users-page';

// Analytics brings Chart.js: loaded when first opened, not with the console (the shell shows
// "Carregando…" meanwhile and focuses the page's title once it is there).
const AnalyticsPage = lazy(() => import('./analytics/analytics-page').then((module) => ({ default: module.AnalyticsPage })));

export interface Menu {
  /** The path under /console/ (Portuguese, as the product speaks). */
  path: string;
  /** Key of its label in locales/*.json. */
  label: string;
  /** Whether the page is about the chosen assistant (then the header shows the picker). */
  perAssistant: boolean;
  page: ComponentType;
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
