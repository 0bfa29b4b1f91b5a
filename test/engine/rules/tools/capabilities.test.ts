import { describe, expect, it } from 'vitest';
import {
  firstSentence,
  inferCapabilities,
  nameTokens,
} from '../../../../src/engine/rules/tools/capabilities.js';
import type { Definition } from '../../../../src/engine/types.js';

function tool(name: string, description: string, params: string[] = []): Definition {
  const properties = Object.fromEntries(params.map((p) => [p, { type: 'string' }]));
  const inputSchema = { type: 'object', properties };
  return { kind: 'tool', name, description, inputSchema, raw: { name, description, inputSchema } };
}

const capabilitiesOf = (definition: Definition) => inferCapabilities(definition).map((c) => c.capability);

describe('inferCapabilities', () => {
  it('splits names in every casing', () => {
    expect(nameTokens('runShellCommand')).toEqual(['run', 'shell', 'command']);
    expect(nameTokens('browser_run-code_unsafe')).toEqual(['browser', 'run', 'code', 'unsafe']);
    expect(nameTokens('HTTPRequest')).toEqual(['http', 'request']);
  });

  it('reads what the tool does from the first sentence only', () => {
    expect(firstSentence('Reads a file. Use delete_file to remove files.')).toBe('Reads a file.');
    expect(
      capabilitiesOf(tool('read_file', 'Reads a file. Use delete_file to remove files.', ['path'])),
    ).toEqual([]);
  });

  it('finds shell, code, write, delete and network tools by name, description and parameters', () => {
    expect(capabilitiesOf(tool('run_command', 'Runs it.', ['command']))).toEqual(['shell']);
    expect(capabilitiesOf(tool('do_task', 'Executes a shell command on the host.', ['input']))).toEqual([
      'shell',
    ]);
    expect(
      capabilitiesOf(tool('calc', 'Evaluates arbitrary Python code and returns the result.', ['code'])),
    ).toEqual(['code-execution']);
    expect(capabilitiesOf(tool('page_evaluate', 'Evaluate a function in the page.', ['function']))).toEqual([
      'code-execution',
    ]);
    expect(capabilitiesOf(tool('save_file', 'Stores text.', ['path', 'content']))).toEqual(['file-write']);
    expect(capabilitiesOf(tool('cleanup', 'Deletes all files in the given folder.', ['folder']))).toEqual([
      'delete',
    ]);
    expect(capabilitiesOf(tool('fetch_page', 'Gets a page.', ['url']))).toEqual(['network']);
    expect(capabilitiesOf(tool('grab', 'Downloads the web page at the given URL.', ['url']))).toEqual([
      'network',
    ]);
  });

  it('does not call a tool powerful on a parameter name alone, or on a negated statement', () => {
    expect(capabilitiesOf(tool('send_keystrokes', 'Types keys into the page.', ['command']))).toEqual([]);
    expect(capabilitiesOf(tool('create_bookmark', 'Saves a bookmark.', ['url']))).toEqual([]);
    expect(
      capabilitiesOf(tool('lint', 'Checks style. It does not execute any shell commands.', ['text'])),
    ).toEqual([]);
    expect(capabilitiesOf(tool('remove_background', 'Cuts the subject out of a photo.', ['image']))).toEqual(
      [],
    );
    expect(capabilitiesOf(tool('drop_onto', 'Drop files onto an element.', ['paths']))).toEqual([]);
    expect(capabilitiesOf(tool('search_code', 'Search code across repositories.', ['q']))).toEqual([]);
    // Names that start by reading describe what they read, not what they do.
    expect(capabilitiesOf(tool('get_terminal_output', 'Returns the output of a terminal.', ['id']))).toEqual(
      [],
    );
    expect(capabilitiesOf(tool('list_jupyter_kernels', 'Lists running kernels.'))).toEqual([]);
    expect(capabilitiesOf(tool('list_trash', 'Shows what is in the trash.'))).toEqual([]);
    expect(capabilitiesOf(tool('terminal', 'Opens a terminal session.', ['input']))).toEqual(['shell']);
  });

  it('judges only tools', () => {
    const prompt: Definition = { ...tool('run_command', 'Run a shell command.'), kind: 'prompt' };
    expect(inferCapabilities(prompt)).toEqual([]);
  });
});
