// A live-server artifact as a clean, authenticated, OAuth-protected server would produce, for rule
// tests to change one thing at a time.
import type { LiveServer } from '../../../../src/engine/types.js';

type Overrides = Omit<Partial<LiveServer>, 'probes'> & { probes?: Partial<LiveServer['probes']> };

export function liveServer(overrides: Overrides = {}): LiveServer {
  const base: LiveServer = {
    kind: 'live-server',
    server: 'weather',
    url: 'https://mcp.example.com/mcp',
    transport: 'streamable-http',
    protocolVersion: '2025-11-25',
    serverInfo: { name: 'weather', version: '1.2.0' },
    capabilities: { tools: {} },
    credentialGiven: true,
    sessionOpened: true,
    counts: { tools: 2, prompts: 0, resources: 0, resourceTemplates: 0 },
    responseHeaders: {
      'content-type': 'application/json',
      'mcp-session-id': '0b8f6c1e-5d1a-4f0e-9a55-2f2d7f3c9e11',
    },
    notes: [],
    probes: {
      anonymous: {
        status: 401,
        headers: {
          'www-authenticate':
            'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
        },
        jsonRpcResult: false,
        toolsListed: false,
      },
      garbageToken: { status: 401, headers: {}, jsonRpcResult: false, toolsListed: false },
      foreignOrigin: { status: 403, headers: {}, jsonRpcResult: false },
      corsPreflight: { status: 405, headers: {}, jsonRpcResult: false },
      unsupportedProtocolVersion: { status: 400, headers: {}, jsonRpcResult: false },
      plainHttp: {
        status: 301,
        headers: { location: 'https://mcp.example.com/mcp' },
        jsonRpcResult: false,
        redirectsToHttps: true,
      },
      wwwAuthenticate:
        'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
      protectedResourceMetadata: {
        url: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
        status: 200,
        document: {
          resource: 'https://mcp.example.com/mcp',
          authorization_servers: ['https://auth.example.com'],
        },
      },
      authorizationServerMetadata: {
        url: 'https://auth.example.com/.well-known/oauth-authorization-server',
        status: 200,
        document: {
          issuer: 'https://auth.example.com',
          authorization_endpoint: 'https://auth.example.com/authorize',
          token_endpoint: 'https://auth.example.com/token',
          code_challenge_methods_supported: ['S256'],
        },
      },
      sessionIds: { count: 2, lengths: [36, 36], entropyBits: 128, predictable: null, example: '0b8f…9e11' },
      tls: { valid: true },
    },
  };
  return { ...base, ...overrides, probes: { ...base.probes, ...overrides.probes } } as LiveServer;
}
