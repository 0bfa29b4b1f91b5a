// Small readings of a live server's probes shared by the MCP-* rules.
import type { ProbeOutcome, ProbeResponse } from '../../collect/mcp/live-server.js';
import type { LiveServer, Location } from '../../types.js';

export function serverLocation(live: LiveServer): Location {
  return { server: live.server };
}

/** The probe got an HTTP answer (not a network failure). */
export function answered(outcome: ProbeOutcome | undefined): outcome is ProbeResponse {
  return outcome !== undefined && 'status' in outcome;
}

/** The probe's request was served: a JSON-RPC result came back. */
export function served(outcome: ProbeOutcome | undefined): boolean {
  return answered(outcome) && outcome.jsonRpcResult;
}

/** The server demanded credentials from a client that had none. */
export function requiresAuth(live: LiveServer): boolean {
  const anonymous = live.probes.anonymous;
  return (
    answered(anonymous) && !anonymous.jsonRpcResult && (anonymous.status === 401 || anonymous.status === 403)
  );
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}
