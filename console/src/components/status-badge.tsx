/** A small coloured label: set / not set, active / inactive, roles. */
export function StatusBadge({ tone, children }: { tone: 'positive' | 'neutral' | 'warning'; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
