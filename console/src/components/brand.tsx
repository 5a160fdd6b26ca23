/** The product's mark and name. */
export function Brand({ server }: { server?: string }) {
  return (
    <span className="brand">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" />
        <path d="M9 10h3v5h8v-5h3v12h-3v-4.5h-8V22H9z" />
      </svg>
      <span className="brand-name">Helper Assistant</span>
      {server ? <span className="brand-server">{server}</span> : null}
    </span>
  );
}
