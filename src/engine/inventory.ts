// The MCP servers that client configuration files set up: which client, what each server runs or
// reaches, and whether the package it runs is pinned. `trusttrace scan --discover` prints this list,
// and `--launch` starts (or connects to) what it describes. What is shown is made visible and has its
// credentials masked; what is launched is the entry as written.
import { classifyFile, safeRelativePath } from './collect/files/classify.js';
import { extractMcpConfig } from './collect/files/configs.js';
import {
  DocumentParseError,
  parseJsonDocument,
  parseTomlDocument,
  parseYamlDocument,
  type StructuredDocument,
} from './collect/files/documents.js';
import { truncate, visibleLine, visibleName } from './evidence.js';
import { commandWords, launchedPackage, redact } from './rules/config/command-line.js';
import type { ConfiguredServer, InputFile } from './types.js';

/** How a configured server is started (stdio) or reached (a URL), as its client would. */
export type Launch =
  | { transport: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | { transport: 'http' | 'sse'; url: string; headers: Record<string, string> };

export interface ConfiguredServerInfo {
  /** The config file, named as in findings. */
  file: string;
  client: string;
  server: string;
  transport: Launch['transport'];
  /** The command line or URL, credentials masked, visible, at most 200 characters. */
  shown: string;
  /** `pinned`/`unpinned`: a package a launcher fetches; `local`: a program on this machine; `remote`: a URL. */
  pinning: 'pinned' | 'unpinned' | 'local' | 'remote';
  launch: Launch;
}

const SHOWN_LENGTH = 200;

function parse(name: string, text: string): StructuredDocument | undefined {
  const classification = classifyFile(name, new Uint8Array(0));
  if (!classification.accepted) return undefined;
  try {
    if (classification.type === 'json') return parseJsonDocument(text);
    if (classification.type === 'yaml') return parseYamlDocument(text);
    if (classification.type === 'toml') return parseTomlDocument(text);
  } catch (error) {
    if (error instanceof DocumentParseError) return undefined; // the scan of the file reports it
    throw error;
  }
  return undefined;
}

function launchOf(server: ConfiguredServer): Launch | undefined {
  if (server.url) {
    const type = server.type?.toLowerCase();
    return { transport: type === 'sse' ? 'sse' : 'http', url: server.url, headers: server.headers };
  }
  const [command, ...args] = commandWords(server).map((word) => word.text);
  if (!command) return undefined;
  return { transport: 'stdio', command, args, env: server.env };
}

function describe(file: string, client: string, server: ConfiguredServer): ConfiguredServerInfo | undefined {
  const launch = launchOf(server);
  if (!launch) return undefined;
  const words =
    launch.transport === 'stdio'
      ? [launch.command, ...launch.args].map((word) => (/\s/.test(word) ? JSON.stringify(word) : word))
      : [launch.url];
  const pinned = launch.transport === 'stdio' ? launchedPackage(server) : undefined;
  return {
    file,
    client,
    server: visibleName(server.name, 100),
    transport: launch.transport,
    shown: truncate(visibleLine(redact(words.join(' ')), SHOWN_LENGTH + 1), SHOWN_LENGTH),
    pinning:
      launch.transport !== 'stdio' ? 'remote' : pinned ? (pinned.pinned ? 'pinned' : 'unpinned') : 'local',
    launch,
  };
}

/** Every server the client configuration files among `files` set up, in file order. */
export function inventoryConfigs(files: readonly InputFile[]): ConfiguredServerInfo[] {
  const servers: ConfiguredServerInfo[] = [];
  for (const input of files) {
    const name = visibleName(safeRelativePath(input.name));
    const text =
      typeof input.content === 'string' ? input.content : Buffer.from(input.content).toString('utf8');
    const document = parse(input.name, text.replace(/^\uFEFF/, ''));
    const config = document && extractMcpConfig(name, document);
    if (!config) continue;
    for (const server of config.servers) {
      const info = describe(name, config.client, server);
      if (info) servers.push(info);
    }
  }
  return servers;
}
