// Hostile input: the uploads that once held the analysis for seconds to minutes, each scanned with every
// rule (as the analysis pool would, on one thread), with the wall and CPU time each took. Prints figures;
// asserts nothing (test/engine/linear-time.test.ts checks the growth).
//
//   npx tsx bench/hostile/run.ts [--only <name substring>]
import { scanFiles } from '../../src/engine/scan.js';
import type { InputFile } from '../../src/engine/types.js';

function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function lines(size: number, line: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0, length = 0; length < size; i++) {
    parts.push(line(i));
    length += parts[i]!.length;
  }
  return parts.join('');
}

function tools(descriptions: string[]): InputFile {
  return {
    name: 'tools.json',
    content: JSON.stringify({
      tools: descriptions.map((description, i) => ({
        name: `tool_${i}`,
        description,
        inputSchema: { type: 'object' },
      })),
    }),
  };
}

const INPUTS: [name: string, files: () => InputFile[]][] = [
  ['a 1,700-letter Latin word and one Cyrillic letter', () => [tools([`${fill('a', 1_700)} д`])]],
  ['50 descriptions of 20,000 `-`', () => [tools(Array.from({ length: 50 }, () => fill('-', 20_000)))]],
  [
    '50 descriptions of 2,000 empty hidden elements',
    () => [tools(Array.from({ length: 50 }, () => fill('<b hidden>', 20_000)))],
  ],
  [
    '6.4 MB requirements.txt, one pin a line',
    () => [{ name: 'requirements.txt', content: lines(6_400_000, (i) => `package-${i}==1.${i % 10}.0\n`) }],
  ],
  [
    '1 MB requirements.txt of one long name',
    () => [{ name: 'requirements.txt', content: fill('a', 1_000_000) }],
  ],
  [
    '400 KB requirements.txt of continuation lines',
    () => [{ name: 'requirements.txt', content: fill('a \\\n', 400_000) }],
  ],
  [
    'pyproject.toml with 20,000 dependencies',
    () => {
      const names = Array.from({ length: 20_000 }, (_, i) => `pkg-${i}`);
      return [
        {
          name: 'pyproject.toml',
          content:
            `[project]\nname = "app"\ndependencies = [\n${names.map((name) => `  "${name}>=1.0",\n`).join('')}]\n\n` +
            `[tool.poetry.dependencies]\n${names.map((name) => `${name} = "^1.0"\n`).join('')}`,
        },
      ];
    },
  ],
  [
    '5 MB of ordinary Python',
    () => [
      {
        name: 'server.py',
        content: lines(
          5_000_000,
          (i) =>
            `def handler_${i}(arg):\n    value_${i} = compute(arg, "text ${i}")\n    return value_${i}\n\n`,
        ),
      },
    ],
  ],
  [
    '400 KB of Python on one line of words',
    () => [{ name: 'server.py', content: fill('aaaaaa bbbbbbb cccccc ', 400_000) }],
  ],
];

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
// Loads every module and warms the JIT, as a running worker would be.
await scanFiles([tools(['Reads a file.']), { name: 'a.py', content: 'x = 1\n' }]);
console.log(`${'input'.padEnd(52)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)}`);
for (const [name, files] of INPUTS) {
  if (only && !name.includes(only)) continue;
  const input = files();
  const started = performance.now();
  const cpu = process.cpuUsage();
  await scanFiles(input);
  const used = process.cpuUsage(cpu);
  const wall = (performance.now() - started) / 1000;
  console.log(
    `${name.padEnd(52)} ${wall.toFixed(2).padStart(7)} ${((used.user + used.system) / 1e6).toFixed(2).padStart(7)}`,
  );
}
