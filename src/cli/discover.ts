// `trusttrace scan --discover`: where MCP clients keep their configuration, for this user (under the
// home directory, per platform) and for the project in the current directory. Only files that exist
// are returned; what they hold is read in the analysis pool like any other file.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface DiscoveryPlaces {
  home: string;
  /** The project: the current directory. */
  cwd: string;
  platform: NodeJS.Platform;
  /** %APPDATA% on Windows, $XDG_CONFIG_HOME elsewhere, when set (and no --home was given). */
  appData?: string;
  xdgConfigHome?: string;
}

export interface ConfigLocation {
  path: string;
  /** A file that holds nothing but MCP servers; others (editor settings) are scanned only if they hold some. */
  dedicated: boolean;
}

/** Directories whose every `.json`/`.yaml`/`.yml` file is one server (Continue). */
interface ConfigDirectory {
  directory: string;
}

function userLocations(places: DiscoveryPlaces): (ConfigLocation | ConfigDirectory)[] {
  const { home, platform } = places;
  const join = (...parts: string[]) => path.join(...parts);
  const appData = places.appData ?? join(home, 'AppData', 'Roaming');
  const config = places.xdgConfigHome ?? join(home, '.config');
  // Where Claude Desktop, VS Code and Zed keep per-user settings on each platform.
  const appDir =
    platform === 'darwin'
      ? join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? appData
        : config;
  const zedDir = platform === 'win32' ? join(appData, 'Zed') : join(config, 'zed');
  const vscodeUsers = ['Code', 'Code - Insiders'].map((product) => join(appDir, product, 'User'));
  return [
    { path: join(appDir, 'Claude', 'claude_desktop_config.json'), dedicated: true },
    { path: join(home, '.claude.json'), dedicated: false },
    { path: join(home, '.cursor', 'mcp.json'), dedicated: true },
    ...vscodeUsers.flatMap((user) => [
      { path: join(user, 'mcp.json'), dedicated: true },
      { path: join(user, 'settings.json'), dedicated: false },
      {
        path: join(user, 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'),
        dedicated: true,
      },
    ]),
    { path: join(home, '.codeium', 'windsurf', 'mcp_config.json'), dedicated: true },
    { path: join(home, '.continue', 'config.yaml'), dedicated: false },
    { path: join(home, '.continue', 'config.json'), dedicated: false },
    { directory: join(home, '.continue', 'mcpServers') },
    { path: join(home, '.codex', 'config.toml'), dedicated: false },
    { path: join(home, '.gemini', 'settings.json'), dedicated: false },
    { path: join(zedDir, 'settings.json'), dedicated: false },
  ];
}

function projectLocations(cwd: string): (ConfigLocation | ConfigDirectory)[] {
  const join = (...parts: string[]) => path.join(cwd, ...parts);
  return [
    { path: join('.mcp.json'), dedicated: true },
    { path: join('.cursor', 'mcp.json'), dedicated: true },
    { path: join('.vscode', 'mcp.json'), dedicated: true },
    { path: join('.vscode', 'settings.json'), dedicated: false },
    { path: join('.gemini', 'settings.json'), dedicated: false },
    { path: join('.zed', 'settings.json'), dedicated: false },
    { directory: join('.continue', 'mcpServers') },
  ];
}

/** Every place a client of this platform may keep MCP servers, whether or not it exists. */
export function configLocations(places: DiscoveryPlaces): (ConfigLocation | ConfigDirectory)[] {
  return [...userLocations(places), ...projectLocations(places.cwd)];
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The configuration files that exist, each once (the project may be the home directory). */
export async function discoverConfigs(places: DiscoveryPlaces): Promise<ConfigLocation[]> {
  const found = new Map<string, ConfigLocation>();
  for (const location of configLocations(places)) {
    if ('directory' in location) {
      const entries = await readdir(location.directory, { withFileTypes: true }).catch(() => []);
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const file = path.join(location.directory, entry.name);
        if (entry.isFile() && /\.(json|ya?ml)$/i.test(entry.name))
          found.set(file, { path: file, dedicated: true });
      }
    } else if (!found.has(location.path) && (await isFile(location.path))) {
      found.set(location.path, location);
    }
  }
  return [...found.values()];
}
