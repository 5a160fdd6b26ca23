import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import { i18nReady } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
const mount = root;
// After the stored language's words are loaded (i18n.ts), so the first screen is in that language.
void i18nReady.finally(() =>
  createRoot(mount).render(
    <StrictMode>
      <BrowserRouter basename="/console">
        <App />
      </BrowserRouter>
    </StrictMode>,
  ),
);
