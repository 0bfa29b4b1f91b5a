import { describe, expect, it } from 'vitest';
import { collectFiles } from '../../../../src/engine/collect/files/index.js';
import {
  fieldLocation,
  surfaceTextFields,
  textFieldsOf,
} from '../../../../src/engine/rules/tools/definitions.js';
import type { ServerSurface } from '../../../../src/engine/types.js';

async function surfaceOf(value: object): Promise<ServerSurface> {
  // Awaited: collection may read some files asynchronously.
  const { artifacts } = await collectFiles([{ name: 'tools.json', content: JSON.stringify(value, null, 2) }]);
  const surface = artifacts.find((a): a is ServerSurface => a.kind === 'server-surface');
  if (!surface) throw new Error('no surface');
  return surface;
}

describe('textFieldsOf', () => {
  it('lists every text a model sees in a tool, with paths and the parameter it belongs to', async () => {
    const surface = await surfaceOf({
      tools: [
        {
          name: 'copy_file',
          title: 'Copy',
          description: 'Copies a file.',
          annotations: { title: 'Copy a file' },
          'x-note': 'internal',
          inputSchema: {
            type: 'object',
            description: 'Arguments',
            properties: {
              source: { type: 'string', description: 'From here', examples: ['a.txt'] },
              mode: { type: 'string', enum: ['fast', 'safe'], default: 'safe' },
              options: {
                type: 'object',
                properties: { owner: { type: 'string', description: 'New owner' } },
                anyOf: [{ title: 'either' }],
              },
              tags: { type: 'array', items: { type: 'string', description: 'One tag' } },
            },
          },
          outputSchema: { type: 'object', properties: { ok: { type: 'boolean', description: 'Done' } } },
        },
      ],
    });
    const fields = textFieldsOf(surface.definitions[0]!).map((f) => [f.field, f.role, f.param ?? '', f.text]);
    expect(fields).toEqual([
      ['name', 'name', '', 'copy_file'],
      ['title', 'title', '', 'Copy'],
      ['description', 'description', '', 'Copies a file.'],
      ['annotations.title', 'title', '', 'Copy a file'],
      ['inputSchema.description', 'description', '', 'Arguments'],
      ['inputSchema.properties.source', 'property-name', 'source', 'source'],
      ['inputSchema.properties.source.description', 'description', 'source', 'From here'],
      ['inputSchema.properties.source.examples.0', 'example', 'source', 'a.txt'],
      ['inputSchema.properties.mode', 'property-name', 'mode', 'mode'],
      ['inputSchema.properties.mode.default', 'default', 'mode', 'safe'],
      ['inputSchema.properties.mode.enum.0', 'enum', 'mode', 'fast'],
      ['inputSchema.properties.mode.enum.1', 'enum', 'mode', 'safe'],
      ['inputSchema.properties.options', 'property-name', 'options', 'options'],
      ['inputSchema.properties.options.properties.owner', 'property-name', 'options', 'owner'],
      ['inputSchema.properties.options.properties.owner.description', 'description', 'options', 'New owner'],
      ['inputSchema.properties.options.anyOf.0.title', 'title', 'options', 'either'],
      ['inputSchema.properties.tags', 'property-name', 'tags', 'tags'],
      ['inputSchema.properties.tags.items.description', 'description', 'tags', 'One tag'],
      ['outputSchema.properties.ok', 'property-name', '', 'ok'],
      ['outputSchema.properties.ok.description', 'description', '', 'Done'],
      ['x-note', 'other', '', 'internal'],
    ]);
  });

  it('reads prompt arguments and server instructions, and locates fields in the file', async () => {
    const surface = await surfaceOf({
      instructions: 'Be brief.',
      prompts: [
        {
          name: 'review',
          description: 'Review code',
          arguments: [{ name: 'diff', description: 'The diff' }],
        },
      ],
      tools: [{ name: 'lint', description: 'Lints.', inputSchema: { type: 'object' } }],
    });
    const fields = surfaceTextFields(surface).map((f) => [f.definition?.name ?? '-', f.field, f.text]);
    expect(fields).toEqual([
      ['-', 'instructions', 'Be brief.'],
      ['lint', 'name', 'lint'],
      ['lint', 'description', 'Lints.'],
      ['review', 'name', 'review'],
      ['review', 'description', 'Review code'],
      ['review', 'arguments.diff', 'diff'],
      ['review', 'arguments.diff.description', 'The diff'],
    ]);
    const lint = surface.definitions.find((d) => d.name === 'lint')!;
    expect(fieldLocation(surface, lint, 'description')).toEqual({
      file: 'tools.json',
      tool: 'lint',
      line: 18,
      column: 22,
      field: 'description',
    });
    expect(fieldLocation(surface, undefined, 'instructions')).toEqual({
      file: 'tools.json',
      field: 'instructions',
    });
  });

  it('stops at absurd schema depth', async () => {
    let schema: Record<string, unknown> = { type: 'string', description: 'deepest' };
    for (let i = 0; i < 50; i++) schema = { type: 'object', properties: { next: schema } };
    const surface = await surfaceOf({ tools: [{ name: 'deep', description: 'd', inputSchema: schema }] });
    const texts = textFieldsOf(surface.definitions[0]!).map((f) => f.text);
    expect(texts).not.toContain('deepest');
    expect(texts.length).toBeLessThan(30);
  });
});
