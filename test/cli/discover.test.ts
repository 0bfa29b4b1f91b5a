// Where discovery looks on each platform: Claude Desktop, VS Code (and Cline in its storage) and Zed keep
// their settings in the platform's application-settings directory; the rest under the home directory.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configLocations, type DiscoveryPlaces } from '../../src/cli/discover.js';

function files(places: DiscoveryPlaces): string[] {
  return configLocations(places).map((location) => ('path' in location ? location.path : location.directory));
}

const home = '/home/dev';
const cwd = '/work/app';

describe('configLocations', () => {
  it('uses ~/Library/Application Support on macOS', () => {
    const found = files({ home, cwd, platform: 'darwin' });
    expect(found).toContain(
      path.join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json'),
    );
    expect(found).toContain(path.join(home, 'Library', 'Application Support', 'Code', 'User', 'mcp.json'));
  });

  it('uses %APPDATA% on Windows', () => {
    const appData = '/users/dev/AppData/Roaming';
    const found = files({ home, cwd, platform: 'win32', appData });
    expect(found).toContain(path.join(appData, 'Claude', 'claude_desktop_config.json'));
    expect(found).toContain(path.join(appData, 'Zed', 'settings.json'));
    expect(found).toContain(
      path.join(
        appData,
        'Code',
        'User',
        'globalStorage',
        'saoudrizwan.claude-dev',
        'settings',
        'cline_mcp_settings.json',
      ),
    );
  });

  it('uses $XDG_CONFIG_HOME, else ~/.config, elsewhere', () => {
    expect(files({ home, cwd, platform: 'linux' })).toContain(
      path.join(home, '.config', 'Claude', 'claude_desktop_config.json'),
    );
    const found = files({ home, cwd, platform: 'linux', xdgConfigHome: '/xdg' });
    expect(found).toContain(path.join('/xdg', 'zed', 'settings.json'));
    expect(found).not.toContain(path.join(home, '.config', 'zed', 'settings.json'));
  });

  it('looks in the project for its own configs of every client that keeps one there', () => {
    const found = files({ home, cwd, platform: 'linux' });
    for (const file of [
      '.mcp.json',
      '.cursor/mcp.json',
      '.vscode/mcp.json',
      '.gemini/settings.json',
      '.zed/settings.json',
    ])
      expect(found).toContain(path.join(cwd, file));
    for (const file of [
      '.claude.json',
      '.codex/config.toml',
      '.codeium/windsurf/mcp_config.json',
      '.continue/config.yaml',
    ])
      expect(found).toContain(path.join(home, file));
  });
});
