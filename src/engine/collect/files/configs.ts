// MCP client configuration files, in every client's dialect, turned into one shape (`McpConfig`):
// Claude Desktop / Claude Code (also per project in ~/.claude.json) / Cursor / Windsurf / Cline / Gemini (`mcpServers` map), VS Code
// (`servers`, or `mcp.servers` in settings.json), Continue (`mcpServers` list, or one server per file
// under .continue/mcpServers/), Codex (`[mcp_servers.*]` in config.toml) and Zed (`context_servers`).
// Files are recognised by name and by content, so a renamed copy is still read.
import type { ConfiguredServer, McpConfig, Position } from '../../types.js';
import type { DocumentPath, StructuredDocument } from './documents.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A config entry worth reading: it says how to start or reach a server. */
function looksLikeServerEntry(value: unknown): value is JsonObject {
  if (!isObject(value)) return false;
  return (
    typeof value.command === 'string' ||
    Array.isArray(value.command) ||
    isObject(value.command) ||
    typeof value.url === 'string' ||
    typeof value.serverUrl === 'string' ||
    typeof value.httpUrl === 'string' ||
    isObject(value.transport)
  );
}

/** Which client wrote a file, from its path; `generic` when the name says nothing. */
function clientFromName(name: string): string | undefined {
  const path = name.replace(/\\/g, '/').toLowerCase();
  const base = path.split('/').pop() ?? '';
  if (base === 'claude_desktop_config.json') return 'claude-desktop';
  if (base === 'cline_mcp_settings.json') return 'cline';
  if (base === 'mcp_config.json' && /windsurf|codeium/.test(path)) return 'windsurf';
  if (base === 'mcp_config.json') return 'windsurf';
  if (path.includes('.cursor/')) return 'cursor';
  if (path.includes('.vscode/') || path.includes('code/user/')) return 'vscode';
  if (path.includes('.continue/')) return 'continue';
  if (path.includes('.codex/')) return 'codex';
  if (path.includes('.gemini/')) return 'gemini';
  if (path.includes('zed/')) return 'zed';
  if (base === '.mcp.json' || base === '.claude.json') return 'claude-code';
  return undefined;
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map(asString).filter((item): item is string => item !== undefined);
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [key, item] of Object.entries(value)) {
    const text = asString(item);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/**
 * Reads one server entry. `keyOf` remembers which key of the entry each normalised field came from,
 * so that `positionOf('url')` finds `serverUrl` in a Windsurf file and `args.2` finds `command.args[2]`
 * in a Zed file.
 */
function toServer(
  name: string,
  entry: JsonObject,
  doc: StructuredDocument,
  at: DocumentPath,
): ConfiguredServer {
  const keyOf: Record<string, DocumentPath> = {};
  let argsOffset = 0;
  // Continue's old JSON format and some others nest the launch fields under `transport`.
  const transport = isObject(entry.transport) ? entry.transport : undefined;
  const launch = transport && !entry.command && !entry.url ? transport : entry;
  const launchAt: DocumentPath = launch === transport ? ['transport'] : [];

  let command: string | undefined;
  let args: string[] = [];
  if (typeof launch.command === 'string') {
    command = launch.command;
    keyOf.command = [...launchAt, 'command'];
    args = stringList(launch.args);
    keyOf.args = [...launchAt, 'args'];
  } else if (Array.isArray(launch.command)) {
    // `"command": ["npx", "-y", "pkg"]`: the first word runs, the rest are arguments.
    const words = stringList(launch.command);
    command = words[0];
    keyOf.command = [...launchAt, 'command', 0];
    args = [...words.slice(1), ...stringList(launch.args)];
    keyOf.args = [...launchAt, 'command'];
    argsOffset = 1;
  } else if (isObject(launch.command)) {
    // Zed: `"command": {"path": "...", "args": [...], "env": {...}}`.
    command = asString(launch.command.path);
    keyOf.command = [...launchAt, 'command', 'path'];
    args = stringList(launch.command.args);
    keyOf.args = [...launchAt, 'command', 'args'];
  }

  const envSource = isObject(launch.env)
    ? { value: launch.env, path: [...launchAt, 'env'] }
    : isObject(launch.command) && isObject(launch.command.env)
      ? { value: launch.command.env, path: [...launchAt, 'command', 'env'] }
      : undefined;
  if (envSource) keyOf.env = envSource.path;

  const urlKey = ['url', 'serverUrl', 'httpUrl', 'uri'].find((key) => typeof launch[key] === 'string');
  if (urlKey) keyOf.url = [...launchAt, urlKey];
  const headersKey = ['headers', 'http_headers'].find((key) => isObject(launch[key]));
  if (headersKey) keyOf.headers = [...launchAt, headersKey];

  const type =
    asString(launch.type) ??
    asString(entry.type) ??
    (typeof entry.transport === 'string' ? entry.transport : undefined);

  const server: ConfiguredServer = {
    name,
    args,
    env: stringRecord(envSource?.value),
    headers: headersKey ? stringRecord(launch[headersKey]) : {},
    raw: entry,
    positionOf(path: string) {
      const [head = '', ...rest] = path.split('.');
      const base = keyOf[head] ?? [head];
      let tail: (string | number)[] = rest.length > 0 ? [rest.join('.')] : [];
      if (head === 'args' && rest.length > 0) tail = [Number(rest[0]) + argsOffset];
      return firstPosition(doc, [...at, ...base, ...tail]) ?? doc.positionOf(at);
    },
  };
  if (command !== undefined) server.command = command;
  if (urlKey) server.url = launch[urlKey] as string;
  if (type !== undefined) server.type = type;
  return server;
}

/** The position of `path`, or of the nearest ancestor that has one (TOML keeps no array positions). */
function firstPosition(doc: StructuredDocument, path: DocumentPath): Position | undefined {
  for (let end = path.length; end > 0; end--) {
    const position = doc.positionOf(path.slice(0, end));
    if (position) return position;
  }
  return undefined;
}

function serversFromMap(map: JsonObject, doc: StructuredDocument, at: DocumentPath): ConfiguredServer[] {
  return Object.entries(map)
    .filter(([, entry]) => looksLikeServerEntry(entry))
    .map(([name, entry]) => toServer(name, entry as JsonObject, doc, [...at, name]));
}

function serversFromList(list: unknown[], doc: StructuredDocument, at: DocumentPath): ConfiguredServer[] {
  const servers: ConfiguredServer[] = [];
  list.forEach((entry, i) => {
    if (!looksLikeServerEntry(entry)) return;
    const name = asString(entry.name) ?? `server ${i + 1}`;
    servers.push(toServer(name, entry, doc, [...at, i]));
  });
  return servers;
}

/** Where the servers of a document live, and which client that shape belongs to. */
function locateServers(
  root: JsonObject,
  doc: StructuredDocument,
  nameClient: string | undefined,
): { client: string; servers: ConfiguredServer[] } | undefined {
  if (isObject(root.mcpServers)) {
    return { client: nameClient ?? 'generic', servers: serversFromMap(root.mcpServers, doc, ['mcpServers']) };
  }
  if (Array.isArray(root.mcpServers)) {
    return {
      client: nameClient ?? 'continue',
      servers: serversFromList(root.mcpServers, doc, ['mcpServers']),
    };
  }
  if (isObject(root.mcp_servers)) {
    return { client: nameClient ?? 'codex', servers: serversFromMap(root.mcp_servers, doc, ['mcp_servers']) };
  }
  if (isObject(root.context_servers)) {
    return {
      client: nameClient ?? 'zed',
      servers: serversFromMap(root.context_servers, doc, ['context_servers']),
    };
  }
  if (isObject(root['mcp.servers'])) {
    return { client: 'vscode', servers: serversFromMap(root['mcp.servers'], doc, ['mcp.servers']) };
  }
  if (isObject(root.mcp) && isObject(root.mcp.servers)) {
    return { client: 'vscode', servers: serversFromMap(root.mcp.servers, doc, ['mcp', 'servers']) };
  }
  if (isObject(root.servers)) {
    return { client: nameClient ?? 'vscode', servers: serversFromMap(root.servers, doc, ['servers']) };
  }
  const experimental = isObject(root.experimental) ? root.experimental : undefined;
  if (experimental && Array.isArray(experimental.modelContextProtocolServers)) {
    return {
      client: 'continue',
      servers: serversFromList(experimental.modelContextProtocolServers, doc, [
        'experimental',
        'modelContextProtocolServers',
      ]),
    };
  }
  // One server per file, as in .continue/mcpServers/*.yaml.
  if (nameClient === 'continue' && looksLikeServerEntry(root)) {
    return { client: 'continue', servers: [toServer(asString(root.name) ?? 'server', root, doc, [])] };
  }
  return undefined;
}

/** Claude Code's `~/.claude.json` also keeps servers per project: `projects["/path"].mcpServers`. */
function projectServers(root: JsonObject, doc: StructuredDocument): ConfiguredServer[] {
  if (!isObject(root.projects)) return [];
  return Object.entries(root.projects).flatMap(([project, settings]) =>
    isObject(settings) && isObject(settings.mcpServers)
      ? serversFromMap(settings.mcpServers, doc, ['projects', project, 'mcpServers'])
      : [],
  );
}

/** Returns the client config a document holds, or undefined when it holds no MCP servers. */
export function extractMcpConfig(file: string, doc: StructuredDocument): McpConfig | undefined {
  if (!isObject(doc.value)) return undefined;
  const nameClient = clientFromName(file);
  const found = locateServers(doc.value, doc, nameClient);
  const servers = [
    ...(found?.servers ?? []),
    ...(nameClient === 'claude-code' ? projectServers(doc.value, doc) : []),
  ];
  if (servers.length === 0) return undefined;
  return { kind: 'mcp-config', file, client: found?.client ?? 'claude-code', servers };
}
