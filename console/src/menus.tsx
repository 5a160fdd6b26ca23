// The console's menus, one entry per module of the product that works today (PRODUCT.md). A new
// module is one entry here: its path, its label in the locales and its page.
import type { ComponentType } from 'react';
import { IntegrationsPage } from './pages/integrations-page';
import { TestChatPage } from './pages/test-chat-page';
import { UsersPage } from './pages/users-page';

export interface Menu {
  /** The path under /console/ (Portuguese, as the product speaks). */
  path: string;
  /** Key of its label in locales/*.json. */
  label: string;
  /** Whether the page is about the chosen assistant (then the header shows the picker). */
  perAssistant: boolean;
  page: ComponentType;
}

export const menus: readonly Menu[] = [
  { path: 'integracoes', label: 'menu.integrations', perAssistant: true, page: IntegrationsPage },
  { path: 'chat-de-teste', label: 'menu.testChat', perAssistant: true, page: TestChatPage },
  { path: 'usuarios', label: 'menu.users', perAssistant: false, page: UsersPage },
];
