import { useId, type ReactNode } from 'react';

/** A titled card inside an integration panel. */
export function Section({ title, description, children, testId }: { title: string; description?: ReactNode; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="card-title">
        {title}
      </h2>
      {description ? <p className="card-description">{description}</p> : null}
      {children}
    </section>
  );
}
