import { describe, expect, it } from 'vitest';
import { classifyFile, safeBaseName, safeRelativePath } from '../../../src/engine/collect/files/classify.js';
import { nodeBinaryHead, peImage } from '../../fixtures/executables.js';
import { collectFiles } from '../../../src/engine/collect/files/index.js';
import type { ServerSurface } from '../../../src/engine/types.js';

const tool = {
  name: 'lookup',
  description: 'Look up a word.',
  inputSchema: { type: 'object', properties: { word: { type: 'string' } } },
};

async function surfacesOf(name: string, content: unknown): Promise<ServerSurface[]> {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  return (await collectFiles([{ name, content: text }])).artifacts.filter(
    (a): a is ServerSurface => a.kind === 'server-surface',
  );
}

describe('definition files', () => {
  it.each([
    ['a tools/list result', { tools: [tool] }],
    ['a JSON-RPC response', { jsonrpc: '2.0', id: 1, result: { tools: [tool] } }],
    ['a bare array of tools', [tool]],
    ['one tool object', tool],
    [
      'an OpenAI function',
      { type: 'function', function: { name: 'lookup', description: 'Look up a word.', parameters: {} } },
    ],
  ])('recognises %s', async (_, content) => {
    const [surface] = await surfacesOf('defs.json', content);
    expect(surface?.definitions.map((d) => [d.kind, d.name])).toEqual([['tool', 'lookup']]);
  });

  it('reads prompts, resources, templates, instructions and the server name of a capture', async () => {
    const [surface] = await surfacesOf('capture.json', {
      serverInfo: { name: 'dictionary', version: '1.0.0' },
      instructions: 'Use lookup for words.',
      tools: [tool],
      prompts: [
        {
          name: 'define',
          description: 'Define a word',
          arguments: [{ name: 'word', description: 'the word' }],
        },
      ],
      resources: [{ uri: 'dict://index', name: 'index' }],
      resourceTemplates: [{ uriTemplate: 'dict://{word}', name: 'entry' }],
    });
    expect(surface?.server).toBe('dictionary');
    expect(surface?.instructions).toBe('Use lookup for words.');
    expect(surface?.definitions.map((d) => d.kind)).toEqual([
      'tool',
      'prompt',
      'resource',
      'resourceTemplate',
    ]);
    expect(surface?.definitions[1]?.inputSchema).toMatchObject({
      properties: { word: { description: 'the word' } },
    });
  });

  it('points each field at its line in the file', async () => {
    const [surface] = await surfacesOf('tools.json', { tools: [tool] });
    const definition = surface!.definitions[0]!;
    expect(definition.positionOf?.('description')).toEqual({ line: 5, column: 22 });
    expect(definition.positionOf?.('inputSchema.properties.word')?.line).toBe(9);
  });

  it('does not mistake a package.json for a tool', async () => {
    expect(
      await surfacesOf('package.json', { name: 'x', description: 'a package', version: '1.0.0' }),
    ).toEqual([]);
  });

  it('reads definitions from YAML with positions', async () => {
    const [surface] = await surfacesOf(
      'tools.yaml',
      'tools:\n  - name: lookup\n    description: Look up a word.\n    inputSchema: {type: object}\n',
    );
    expect(surface?.definitions[0]?.positionOf?.('description')).toEqual({ line: 3, column: 18 });
  });
});

describe('collectFiles', () => {
  it('reports a file that does not parse and keeps scanning the others', async () => {
    const collected = await collectFiles([
      { name: 'broken.json', content: '{"tools": [' },
      { name: 'good.json', content: JSON.stringify({ tools: [tool] }) },
    ]);
    expect(collected.files_scanned).toEqual(['broken.json', 'good.json']);
    expect(collected.file_errors).toEqual([
      { file: 'broken.json', error: expect.stringMatching(/^invalid JSON: .* line 1/) },
    ]);
    expect(collected.artifacts.some((a) => a.kind === 'server-surface')).toBe(true);
  });

  it('survives hostile structure: absurd nesting, invalid UTF-8, YAML alias bombs', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x]\n' +
      Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ).join('\n');
    const collected = await collectFiles([
      { name: 'deep.json', content: deep },
      { name: 'bytes.json', content: Buffer.from([0xff, 0xfe, 0x7b, 0x00]) },
      { name: 'bomb.yaml', content: bomb },
    ]);
    expect(collected.file_errors.map((e) => e.file).sort()).toEqual(['bomb.yaml', 'bytes.json', 'deep.json']);
  });

  it('refuses executables by name and by content', async () => {
    const collected = await collectFiles([
      { name: 'run.sh', content: 'echo hi' },
      { name: 'notes.txt', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]) },
    ]);
    expect(collected.files_scanned).toEqual([]);
    expect(collected.file_errors.map((e) => e.error)).toEqual([
      expect.stringContaining('executable'),
      expect.stringContaining('ELF'),
    ]);
  });

  it('keeps names unique and free of path tricks', async () => {
    const collected = await collectFiles([
      { name: '../../etc/passwd.txt', content: 'x' },
      { name: 'a/tools.json', content: '[]' },
      { name: 'a/tools.json', content: '[]' },
    ]);
    expect(collected.files_scanned).toEqual(['etc/passwd.txt', 'a/tools.json', 'a/tools.json (2)']);
  });
});

describe('classifyFile', () => {
  const empty = new Uint8Array();
  it.each([
    'a.json',
    'a.yaml',
    'a.yml',
    'a.txt',
    'a.py',
    'a.js',
    'a.ts',
    'a.toml',
    'package-lock.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'poetry.lock',
    'Pipfile.lock',
    'uv.lock',
    'Pipfile',
    'requirements-dev.txt',
  ])('accepts %s', async (name) => expect(classifyFile(name, empty).accepted).toBe(true));
  it.each(['a.exe', 'a.sh', 'a.bat', 'A.EXE'])('refuses %s as an executable', async (name) =>
    expect(classifyFile(name, empty)).toMatchObject({ accepted: false, code: 'EXECUTABLE_FILE' }),
  );
  it.each(['a.png', 'a.docx', 'Makefile', 'a.json.zip'])('refuses %s as unsupported', async (name) =>
    expect(classifyFile(name, empty)).toMatchObject({ accepted: false, code: 'UNSUPPORTED_FILE_TYPE' }),
  );
  it('finds a PE image named .json by the header e_lfanew points at', async () => {
    expect(classifyFile('tools.json', peImage())).toMatchObject({
      code: 'EXECUTABLE_FILE',
      reason: 'tools.json: content is a Windows PE executable',
    });
    expect(classifyFile('tools.json', peImage(0x40))).toMatchObject({ code: 'EXECUTABLE_FILE' });
  });
  it('reads text that merely starts with "MZ" as text', async () => {
    const text = Buffer.from(`MZ: notes on the Mozambique rollout\n${'Servers in Maputo.\n'.repeat(10)}`);
    expect(classifyFile('notes.txt', text)).toEqual({ accepted: true, type: 'text' });
    expect(classifyFile('notes.txt', Buffer.from('MZ'))).toEqual({ accepted: true, type: 'text' });
    // e_lfanew pointing past the end, or at something other than "PE\0\0", is no PE image.
    const truncated = peImage().subarray(0, 0x82);
    expect(classifyFile('notes.txt', truncated).accepted).toBe(true);
    const elsewhere = peImage();
    elsewhere.writeUInt32LE(0x10, 0x3c);
    expect(classifyFile('notes.txt', elsewhere).accepted).toBe(true);
  });
  it('finds the real Node.js binary, renamed, as native code', async () => {
    expect(classifyFile('notes.txt', nodeBinaryHead())).toMatchObject({
      code: 'EXECUTABLE_FILE',
      reason: expect.stringMatching(/content is a (ELF|Mach-O) executable/),
    });
  });
  it('reads text that starts with the ELF magic but no valid ELF header as text', async () => {
    expect(
      classifyFile('notes.txt', Buffer.from('\x7fELF is how the spec begins\n', 'latin1')).accepted,
    ).toBe(true);
  });
  it('reduces names to safe base names and safe relative paths', async () => {
    expect(safeBaseName('../../etc/passwd')).toBe('passwd');
    expect(safeBaseName('..\\..\\win.ini')).toBe('win.ini');
    expect(safeBaseName('..')).toBe('unnamed');
    expect(safeBaseName('a\u0000b\n.json')).toBe('ab.json');
    expect(safeRelativePath('/abs/../x/./y.json')).toBe('abs/x/y.json');
  });
});
