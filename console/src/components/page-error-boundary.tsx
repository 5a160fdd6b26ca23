// A page that cannot be drawn — most often a part of the console loaded on demand that the server
// no longer has (the platform was upgraded while this tab stayed open) — says so in the page's
// place, with a way to reload, instead of leaving the whole console blank. The header and the menu
// stay usable; moving to another menu tries again (the shell keys this boundary by the menu).
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from './notice';

function PageFailed() {
  const { t } = useTranslation();
  return (
    <Notice tone="error" title={t('shell.pageFailed')}>
      <p>{t('shell.pageFailedHint')}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('shell.reload')}
      </button>
    </Notice>
  );
}

export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}
