/**
 * A store address fit for logs and error messages: the password (and a user name, which is
 * half a credential) replaced with `[redacted]`, query parameters dropped (libpq accepts
 * `?password=` and `?sslkey=`). Something that is not a URL is reduced to its scheme, if any.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw);
    return scheme ? `${scheme[1]}://[unparsable address]` : '[unparsable address]';
  }
  const auth = url.username !== '' || url.password !== '' ? '[redacted]@' : '';
  const host = url.host === '' ? '' : url.host;
  return `${url.protocol}//${auth}${host}${url.pathname === '/' ? '' : url.pathname}`;
}
