// URLs a server entry points at: its `url`, and URL-shaped arguments (bridges such as mcp-remote).
import type { ConfiguredServer } from '../../types.js';

export interface ConfiguredUrl {
  url: URL;
  text: string;
  path: string;
  /** The entry's own `url` field (as opposed to an argument). */
  primary: boolean;
}

export function configuredUrls(server: ConfiguredServer): ConfiguredUrl[] {
  const found: ConfiguredUrl[] = [];
  const add = (text: string, path: string, primary: boolean) => {
    const candidate = text.replace(/^-[\w-]+=/, '');
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) return;
    try {
      found.push({ url: new URL(candidate), text: candidate, path, primary });
    } catch {
      // Not a URL a client could open either.
    }
  };
  if (server.url) add(server.url, 'url', true);
  server.args.forEach((arg, i) => add(arg, `args.${i}`, false));
  return found;
}

/** localhost, *.localhost, 127/8, ::1, 0.0.0.0 and the container host alias are this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    host === '::1' ||
    host === '0.0.0.0' ||
    host === 'host.docker.internal'
  );
}

/** RFC 1918, link-local, CGNAT, unique-local and `.local`/`.internal`/`.lan` names: not the internet. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(?:1[6-9]|2\d|3[01])\./.test(host) ||
    /^169\.254\./.test(host) ||
    /^100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(host) ||
    /^f[cd][0-9a-f]{2}:/.test(host) ||
    /^fe80:/.test(host) ||
    /\.(?:local|internal|lan|home\.arpa)$/.test(host) ||
    !host.includes('.')
  );
}
