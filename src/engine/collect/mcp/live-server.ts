// What a live scan learns about a server besides its definitions: the session it could open and the
// probes it ran beside it. MCP-* rules read this artifact; TOOL-* rules read the ServerSurface.

/** One HTTP exchange of a probe, reduced to what rules judge. Header values are bounded. */
export interface ProbeResponse {
  status: number;
  /** Lower-cased header names; only the headers rules read (CORS, auth, session, server identity). */
  headers: Record<string, string>;
  /** True when the body was a JSON-RPC result (not an error) for the request sent. */
  jsonRpcResult: boolean;
}

/** A probe that could not get an answer records why instead. */
export type ProbeOutcome = ProbeResponse | { error: string };

export interface OAuthDocument {
  url: string;
  /** The parsed JSON document (bounded), or the reason there is none. */
  document?: Record<string, unknown>;
  status?: number;
  error?: string;
}

export interface SessionIdSample {
  /** How many ids were seen, and their lengths; the ids themselves are kept only as this summary. */
  count: number;
  lengths: number[];
  /** Estimated bits of randomness of the shortest id (length × log2 of its alphabet). */
  entropyBits: number;
  /** Why the ids look predictable (sequential numbers, a timestamp, a long shared prefix), if so. */
  predictable: string | null;
  /** A masked example, e.g. `3f2a…9c1d`. */
  example: string;
}

export interface LiveServerProbes {
  /** initialize + tools/list without any credential. */
  anonymous: ProbeOutcome & { toolsListed?: boolean };
  /** The same with a random bearer token; only run when the anonymous request was refused. */
  garbageToken?: ProbeOutcome & { toolsListed?: boolean };
  /** initialize with `Origin: https://<random>.example` (and the credentials, if any). */
  foreignOrigin?: ProbeOutcome;
  /** OPTIONS preflight from a foreign origin asking for Authorization and Mcp-Session-Id. */
  corsPreflight?: ProbeOutcome;
  /** A request with `MCP-Protocol-Version: 1999-01-01` inside a live session. */
  unsupportedProtocolVersion?: ProbeOutcome;
  /** For an https target: the same host over plain http. */
  plainHttp?: ProbeOutcome & { redirectsToHttps?: boolean };
  /** RFC 9728 protected resource metadata, and RFC 8414 / OIDC metadata of its first authorization server. */
  protectedResourceMetadata?: OAuthDocument;
  authorizationServerMetadata?: OAuthDocument;
  /** The WWW-Authenticate header of the 401 answer, when there was one. */
  wwwAuthenticate?: string;
  sessionIds?: SessionIdSample;
  /** Certificate check of an https target; `valid: false` carries the TLS error. */
  tls?: { valid: boolean; error?: string };
}

export interface LiveServer {
  kind: 'live-server';
  /** serverInfo.name, or the host when the server sent none. */
  server: string;
  /** The target URL as it may be shown: no user-info, credential-like query values redacted. */
  url: string;
  transport: 'streamable-http' | 'sse' | 'none';
  /** Where an SSE server told the client to POST (it may carry a session id). */
  sseEndpoint?: string;
  protocolVersion?: string;
  serverInfo?: { name: string; version?: string; title?: string };
  instructions?: string;
  capabilities: Record<string, unknown>;
  /** Whether the scan was given a credential for the server. */
  credentialGiven: boolean;
  /** Whether a session could be opened and definitions listed (with the credential, if given). */
  sessionOpened: boolean;
  counts: { tools: number; prompts: number; resources: number; resourceTemplates: number };
  /** Headers of the server's first answer to the scan's session (Server, X-Powered-By, CORS…). */
  responseHeaders: Record<string, string>;
  /** Human notes on what was cut or skipped (too many tools, pages, nested schemas…). */
  notes: string[];
  probes: LiveServerProbes;
}
