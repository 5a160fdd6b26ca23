import type { ReactNode } from 'react';

/** A message block: errors and warnings are announced (role="alert"), the rest is status. */
export function Notice({ tone, title, children }: { tone: 'error' | 'warning' | 'success' | 'info'; title?: string; children?: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      {title ? <strong className="notice-title">{title}</strong> : null}
      {children ? <div>{children}</div> : null}
    </div>
  );
}
