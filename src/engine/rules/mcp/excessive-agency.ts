// The tool mix as a whole: one server that can read private data, reach the outside world and change
// things hands an agent everything an injected instruction needs to steal or destroy.
import type { Definition } from '../../types.js';
import { defineRule } from '../../types.js';
import { serverLocation } from './probe-helpers.js';

type Power = 'reads private data' | 'talks to the outside' | 'writes or executes';

const POWERS: [Power, RegExp][] = [
  [
    'reads private data',
    /\b(?:read|get|list|search|query|fetch|open|view|download|export)[\s_-]*(?:[^\W_](?:\w*[^\W_])?[\s_-]+)?(?:files?|dir(?:ectory|ectories)?|folders?|emails?|mail|inbox|messages?|chats?|contacts?|calendar|documents?|docs|notes|database|db|sql|tables?|records?|patients?|customers?|users?|accounts?|secrets?|credentials?|passwords?|keys?|tokens?|history|repos?(?:itory)?|issues?|tickets?)\b/i,
  ],
  [
    'talks to the outside',
    /\b(?:send|post|email|mail|notify|publish|upload|share|webhook|http|https|url|request|fetch[\s_-]*(?:url|page|web)|browse|navigate|slack|sms|tweet|message[\s_-]+(?:to|user|channel))\b/i,
  ],
  [
    'writes or executes',
    /\b(?:write|create|update|edit|modify|delete|remove|drop|insert|move|rename|overwrite|exec(?:ute)?|run|shell|command|terminal|bash|powershell|eval|deploy|install|transfer|pay|purchase|commit|push|merge)\b/i,
  ],
];

/** Tools beyond this many crowd the model's context and widen what one injection can reach. */
const MANY_TOOLS = 100;

function powersOf(definition: Definition): Power[] {
  const text = `${definition.name.replace(/[_-]/g, ' ')} ${definition.title ?? ''} ${definition.description.slice(0, 2000)}`;
  const readOnly = definition.annotations?.readOnlyHint === true;
  return POWERS.filter(
    ([power, pattern]) => pattern.test(text) && !(readOnly && power === 'writes or executes'),
  ).map(([power]) => power);
}

export const excessiveAgency = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-014',
    title: 'Tool mix gives an agent excessive agency',
    severity: 'medium',
    confidence: 'possible',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP02',
    cwe: 'CWE-250',
    hipaa_mapping: '45 CFR 164.308(a)(4)',
    description:
      'One server offers tools that together read private data, send data outside, and write or execute. A single injected instruction (in a document, a web page, an email the agent reads) can then chain them: read secrets, exfiltrate them, and cover its tracks. Very large tool sets widen this further.',
    remediation:
      'Split capabilities across servers the user enables separately, keep read-only servers read-only (and say so with readOnlyHint), require confirmation for tools that send or change things, and expose only the tools a task needs.',
    monitor_candidate: true,
    docs: 'Classifies each listed tool by its name, title and description into reads-private-data, talks-to-the-outside and writes-or-executes, and reports when one server covers all three, naming a tool for each. Example: `read_inbox`, `http_post` and `delete_file` on one server. A server listing more than 100 tools is reported too (low).',
  },
  check(live, context) {
    const surface = context.scan.surfaces.find((s) => s.server === live.server && s.file === undefined);
    if (!surface) return;
    const tools = surface.definitions.filter((d) => d.kind === 'tool');
    const example = new Map<Power, string>();
    for (const tool of tools)
      for (const power of powersOf(tool)) if (!example.has(power)) example.set(power, tool.name);
    if (example.size === POWERS.length) {
      context.report({
        evidence: [...example].map(([power, tool]) => `${power}: ${tool}`).join('; '),
        location: serverLocation(live),
      });
    }
    if (live.counts.tools > MANY_TOOLS) {
      context.report({
        evidence: `the server lists ${live.counts.tools} tools`,
        location: serverLocation(live),
        severity: 'low',
        title: 'Very large tool set',
      });
    }
  },
});
