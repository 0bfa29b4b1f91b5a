import { describe, expect, it } from 'vitest';
import { imitatedPackage, oneEditApart, typosquat } from '../../../../src/engine/rules/deps/typosquat.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

describe('oneEditApart', () => {
  it('counts one insertion, deletion, substitution or adjacent swap', () => {
    expect(oneEditApart('langchian', 'langchain')).toBe(true);
    expect(oneEditApart('reqests', 'requests')).toBe(true);
    expect(oneEditApart('openaii', 'openai')).toBe(true);
    expect(oneEditApart('opemai', 'openai')).toBe(true);
    expect(oneEditApart('opnaei', 'openai')).toBe(false);
    expect(oneEditApart('openai', 'openai')).toBe(false);
  });

  it('never calls two real popular packages squats of each other', () => {
    for (const real of [
      'openapi',
      'request',
      'scapy',
      'llama',
      'preact',
      'langchain-core',
      'llama-index-core',
    ]) {
      expect(
        imitatedPackage(real === 'llama' || real === 'preact' ? 'npm' : 'PyPI', real),
        real,
      ).toBeUndefined();
    }
  });
});

ruleTester(typosquat, {
  valid: [
    {
      description: 'the real names',
      name: 'requirements.txt',
      code: 'openai\nanthropic\nlangchain\nllama-index\nmcp\nfastmcp\ntransformers\nrequests\n',
    },
    {
      description: 'PEP 503 spellings of the same package',
      name: 'requirements.txt',
      code: 'Llama_Index\nLangChain-Core\n',
    },
    { description: 'short names are not targets', name: 'requirements.txt', code: 'mcpp\nmpc\n' },
    {
      description: 'a real neighbour of a popular name',
      name: 'package.json',
      code: { dependencies: { openapi: '1.0.0' } },
    },
    {
      description: 'a squat-looking name fetched from git is left to DEP-005',
      name: 'requirements.txt',
      code: 'git+https://github.com/example/langchian.git#egg=langchian\n',
    },
  ],
  invalid: [
    {
      description: 'a transposition of langchain',
      name: 'requirements.txt',
      code: 'mcp==1.23.0\nlangchian==0.2.1\n',
      errors: [
        {
          evidence: 'langchian looks like langchain [PyPI]',
          location: { line: 2 },
          severity: 'high',
          confidence: 'possible',
        },
      ],
    },
    {
      description: 'a scoped SDK with one letter changed',
      name: 'package.json',
      code: { dependencies: { '@modelcontextprotocol/sdc': '^1.0.0' } },
      errors: [{ evidence: '@modelcontextprotocol/sdc looks like @modelcontextprotocol/sdk [npm]' }],
    },
    {
      description: 'npm underscore for hyphen',
      name: 'package.json',
      code: { dependencies: { mcp_remote: '0.1.16' } },
      errors: [{ evidence: 'mcp_remote looks like mcp-remote [npm]' }],
    },
    {
      description: 'a missing letter in pyproject',
      name: 'pyproject.toml',
      code: '[project]\nname = "a"\ndependencies = ["antropic>=0.30"]\n',
      errors: [{ evidence: 'antropic looks like anthropic [PyPI]' }],
    },
    {
      description: 'a lockfile’s direct dependency when no manifest was uploaded',
      name: 'uv.lock',
      code: '[[package]]\nname = "agent"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [{ name = "fastmpc" }]\n\n[[package]]\nname = "fastmpc"\nversion = "2.0.0"\nsource = { registry = "https://pypi.org/simple" }\n',
      errors: [{ evidence: 'fastmpc looks like fastmcp [PyPI]', location: { line: 8 } }],
    },
  ],
});
