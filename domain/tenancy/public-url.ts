/**
 * The origin of mailed links for a tenant: its first domain that has a configured public
 * address (PUBLIC_BASE_URLS), else its first domain as https in production, or as http on the
 * port this server listens on elsewhere (the demo: http://akashone.localhost:3000). Nothing comes
 * from the request: a forged Host or port cannot point a reset link at another server.
 */
export function publicBaseUrl(
  domains: readonly string[],
  settings: { NODE_ENV: string; PUBLIC_BASE_URLS: readonly string[]; PORT: number },
  listeningPort: number | null,
): string {
  for (const domain of domains) {
    const configured = settings.PUBLIC_BASE_URLS.find(
      (origin) => new URL(origin).hostname === domain,
    );
    if (configured) return configured;
  }
  const host = domains[0] ?? 'localhost';
  if (settings.NODE_ENV === 'production') return `https://${host}`;
  const port = listeningPort || settings.PORT;
  return `http://${host}${port === 80 ? '' : `:${port}`}`;
}
