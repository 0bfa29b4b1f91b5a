// Advisory sources behind one interface: the embedded set (offline, the engine's default) and OSV.
import { EmbeddedAdvisorySource } from './embedded.js';
import { OsvAdvisorySource } from './osv.js';
import type { AdvisorySource, FetchLike } from './types.js';

export { EmbeddedAdvisorySource } from './embedded.js';
export { OsvAdvisorySource } from './osv.js';
export type { Advisory, AdvisorySource, Ecosystem, FetchLike, PackageQuery } from './types.js';

/**
 * The source a scan should use, from the operator's setting (TRUSTTRACE_OSV_URL, read by the CLI
 * or the service, never by the engine): `off` or empty means the embedded set only. Make one per
 * scan: the OSV source caches what it learns for its own lifetime.
 */
export function advisorySourceFor(osvUrl: string | undefined, fetch: FetchLike): AdvisorySource {
  const setting = osvUrl?.trim() ?? '';
  if (setting === '' || setting.toLowerCase() === 'off') return new EmbeddedAdvisorySource();
  return new OsvAdvisorySource({ baseUrl: setting, fetch });
}
