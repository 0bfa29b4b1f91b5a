// The promise made to users: however a secret is written, no output carries it in full.
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../../../src/engine/scan.js';
import { fake } from './fake-secrets.js';

const secrets = Object.fromEntries(Object.entries(fake).map(([name, make]) => [name, make()]));

function filesFullOfSecrets() {
  const s = secrets as Record<keyof typeof fake, string>;
  return [
    {
      name: 'claude_desktop_config.json',
      content: JSON.stringify(
        {
          mcpServers: {
            github: {
              command: 'npx',
              args: ['-y', '@modelcontextprotocol/server-github', `--token=${s.githubPat}`],
              env: { GITHUB_PERSONAL_ACCESS_TOKEN: s.githubPat, OPENAI_API_KEY: s.openaiProject },
            },
            remote: {
              url: `https://user:${s.password}@mcp.example.com/sse?api_key=${s.opaqueToken}`,
              headers: { Authorization: `Bearer ${s.jwt}`, 'X-Api-Key': s.hexToken },
            },
          },
        },
        null,
        2,
      ),
    },
    {
      name: '.codex/config.toml',
      content: `[mcp_servers.hf]\ncommand = "uvx"\nargs = ["hf-mcp", "--api-key", "${s.huggingFace}"]\n[mcp_servers.hf.env]\nANTHROPIC_API_KEY = "${s.anthropic}"\n`,
    },
    {
      name: 'deploy.yaml',
      content: `aws:\n  access_key_id: ${s.awsAccessKeyId}\n  secret_access_key: ${s.awsSecret}\nstripe: ${s.stripeLive}\nrestricted: ${s.stripeRestricted}\ntls_key: |\n  ${s.privateKey.replace(/\n/g, '\n  ')}\n`,
    },
    {
      name: 'settings.py',
      content: `GOOGLE_API_KEY = "${s.google}"\nLEGACY = "${s.openaiLegacy}"\nDB_PASSWORD = "${s.password}"\n`,
    },
    {
      name: 'client.js',
      content: `const token = '${s.opaqueToken}';\nfetch(url, { headers: { authorization: 'Bearer ${s.jwt}' } });\n`,
    },
    { name: 'notes.txt', content: Object.values(s).join('\n') },
  ];
}

describe('secrets in scan output', () => {
  it('finds the secrets and never shows one in full', async () => {
    const result = await scanFiles(filesFullOfSecrets());
    const output = JSON.stringify(result);
    const secretFindings = result.findings.filter((f) => f.id.startsWith('SEC-') || f.id.startsWith('CFG-'));
    expect(secretFindings.length).toBeGreaterThan(20);
    for (const [name, value] of Object.entries(secrets)) {
      expect(output.includes(value), `${name} leaked`).toBe(false);
      // Nor any long piece of it (a secret cut in half is still a leak).
      const middle = value.slice(Math.floor(value.length / 2) - 6, Math.floor(value.length / 2) + 6);
      expect(output.includes(middle), `${name} partly leaked`).toBe(false);
    }
  });

  it('reports each secret once among the SEC-* rules, whichever detector found it', async () => {
    // Each secret assigned to a credential name, so that secretlint, the provider patterns and the
    // entropy check could all claim it.
    const content = Object.entries(secrets)
      .map(([name, value]) => `${name.toUpperCase()}_${name === 'password' ? 'PASSWORD' : 'SECRET'}=${value}`)
      .join('\n');
    const result = await scanFiles([{ name: 'notes.txt', content }]);
    const lines = result.findings.filter((f) => f.id.startsWith('SEC-')).map((f) => f.location?.line);
    expect(new Set(lines).size).toBe(lines.length);
    // One finding per secret; the multi-line private key counts once.
    expect(lines.length).toBe(Object.keys(secrets).length);
  });
});
