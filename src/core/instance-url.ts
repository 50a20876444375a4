/**
 * The one spelling of an instance URL: http(s), lowercase host, no trailing
 * slash, no credentials, query or fragment. Returns null for anything else.
 */
export function normaliseInstanceUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || !url.hostname) return null;
  // URL already lowercases the host and drops a default port.
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
