// Dependency scanning speed: parse and check generated lockfiles of realistic size (npm v3, yarn v1,
// pnpm v9, uv) plus their manifests through the whole collector and every DEP rule with the embedded
// advisories. Prints figures; asserts nothing.
//
//   npx tsx bench/deps/run.ts [--packages 3000] [--runs 5]
import { collectFiles } from '../../src/engine/collect/files/index.js';
import { depRules } from '../../src/engine/rules/deps/index.js';
import { runRules } from '../../src/engine/rules/run.js';
import { EmbeddedAdvisorySource } from '../../src/engine/advisories/embedded.js';
import type { DependencyManifest, InputFile } from '../../src/engine/types.js';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const PACKAGES = flag('packages', 3000);
const RUNS = flag('runs', 5);

const names = Array.from({ length: PACKAGES }, (_, i) =>
  i % 7 === 0 ? `@scope${i % 13}/pkg-${i}` : `pkg-${i}`,
);
const version = (i: number) => `${1 + (i % 9)}.${i % 17}.${i % 5}`;
const direct = names.slice(0, 40);

function npmFiles(): InputFile[] {
  const packages: Record<string, unknown> = {
    '': { dependencies: Object.fromEntries(direct.map((n, i) => [n, `^${version(i)}`])) },
  };
  names.forEach((name, i) => {
    packages[`node_modules/${name}`] = {
      version: version(i),
      resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version(i)}.tgz`,
      integrity: `sha512-${'A'.repeat(86)}==`,
      ...(i % 50 === 0 ? { hasInstallScript: true } : {}),
    };
  });
  return [
    {
      name: 'npm/package.json',
      content: JSON.stringify(
        { dependencies: packages[''] && (packages[''] as { dependencies: unknown }).dependencies },
        null,
        2,
      ),
    },
    { name: 'npm/package-lock.json', content: JSON.stringify({ lockfileVersion: 3, packages }, null, 2) },
  ];
}

function yarnFile(): InputFile {
  const body = names
    .map(
      (name, i) =>
        `"${name}@^${version(i)}":\n  version "${version(i)}"\n  resolved "https://registry.yarnpkg.com/${name}/-/${name.split('/').pop()}-${version(i)}.tgz#abc"\n  integrity sha512-${'B'.repeat(86)}==\n`,
    )
    .join('\n');
  return { name: 'yarn/yarn.lock', content: `# yarn lockfile v1\n\n\n${body}` };
}

function pnpmFile(): InputFile {
  const importers = direct
    .map((n, i) => `      '${n}':\n        specifier: ^${version(i)}\n        version: ${version(i)}`)
    .join('\n');
  const packages = names
    .map((n, i) => `  '${n}@${version(i)}':\n    resolution: {integrity: sha512-${'C'.repeat(86)}==}`)
    .join('\n\n');
  return {
    name: 'pnpm/pnpm-lock.yaml',
    content: `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n${importers}\n\npackages:\n\n${packages}\n`,
  };
}

function uvFiles(): InputFile[] {
  const pyNames = names.map((n) => n.replace(/^@scope\d+\//, 'py-'));
  const lock = [
    'version = 1',
    '[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [' +
      pyNames
        .slice(0, 40)
        .map((n) => `{ name = "${n}" }`)
        .join(', ') +
      ']',
    ...pyNames.map(
      (n, i) =>
        `[[package]]\nname = "${n}"\nversion = "${version(i)}"\nsource = { registry = "https://pypi.org/simple" }`,
    ),
  ].join('\n\n');
  const pyproject = `[project]\nname = "app"\ndependencies = [\n${pyNames
    .slice(0, 40)
    .map((n, i) => `  "${n}>=${version(i)}",`)
    .join('\n')}\n]\n`;
  return [
    { name: 'py/pyproject.toml', content: pyproject },
    { name: 'py/uv.lock', content: lock },
  ];
}

const files = [...npmFiles(), yarnFile(), pnpmFile(), ...uvFiles()];
const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);

let collectMs = 0;
let rulesMs = 0;
let dependencies = 0;
let findings = 0;
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  const collected = await collectFiles(files);
  const t1 = performance.now();
  const manifests = collected.artifacts.filter(
    (a): a is DependencyManifest => a.kind === 'dependency-manifest',
  );
  const result = await runRules(depRules, collected.artifacts, {
    surfaces: [],
    fileNames: collected.files_scanned,
    manifests,
    advisories: new EmbeddedAdvisorySource(),
  });
  const t2 = performance.now();
  if (run > 0) {
    collectMs += t1 - t0;
    rulesMs += t2 - t1;
  }
  dependencies = manifests.reduce((sum, m) => sum + m.dependencies.length, 0);
  findings = result.findings.length;
}
const warm = Math.max(1, RUNS - 1);
console.log(
  `files: ${files.length}, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${dependencies} dependencies, ${findings} findings`,
);
console.log(`collect (parse all files, warm): ${(collectMs / warm).toFixed(0)} ms per scan`);
console.log(`DEP rules with embedded advisories (warm): ${(rulesMs / warm).toFixed(0)} ms per scan`);
console.log(
  `dependencies per second, end to end: ${Math.round(dependencies / ((collectMs + rulesMs) / warm / 1000))}`,
);
