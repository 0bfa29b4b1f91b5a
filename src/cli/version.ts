import { readFileSync } from 'node:fs';

/** The version of the installed package (its package.json sits two levels above dist/cli and src/cli). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
