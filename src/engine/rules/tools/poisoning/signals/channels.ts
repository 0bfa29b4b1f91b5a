// Channels: where a poisoned tool wants the data to go — a parameter the model fills in with a secret
// or the conversation, or a schema value (`default`, `examples`, `enum`, `const`, `title`) that carries
// instructions instead of data.
import { identifierWords } from '../text.js';
import { test } from '../lexicon/build.js';
import { DIRECTIVE } from '../lexicon/intent.js';
import { OBJECT_FAMILIES, type ObjectFamily } from '../lexicon/objects.js';
import { lexicon } from '../lexicon/build.js';
import type { Hit } from './types.js';

/** A parameter whose name says it holds something sensitive or looks meant to be hidden. */
export interface ParamProfile {
  name: string;
  words: string[];
  /** Object family the name itself names (`system_prompt`, `ssh_key`, `conversation_history`). */
  family?: ObjectFamily;
  /** `_context`, `__meta__`: a name styled to look internal. */
  hiddenStyle: boolean;
  required: boolean;
}

/** Parameter-name words that name something sensitive, by object family id. */
const PARAM_OBJECTS: readonly [RegExp, string][] = [
  [
    /\b(?:conversation|chat|dialog(?:ue)?)(?: (?:history|log|transcript))?\b|\b(?:previous|prior|all) messages\b|\bsystem prompt\b|\bcontext window\b/u,
    'conversation',
  ],
  [
    /\b(?:password|passwd|passphrase|secret|api key|apikey|private key|seed phrase|mnemonic|credentials?)\b/u,
    'secret',
  ],
  [/\b(?:ssh key|id rsa|id ed25519)\b/u, 'ssh-key'],
  [/\b(?:env vars?|environment variables|dotenv)\b/u, 'env-file'],
];

export function profileParams(schema: Record<string, unknown>): ParamProfile[] {
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return [];
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [],
  );
  return Object.keys(properties).map((name) => {
    const words = identifierWords(name);
    const spaced = words.join(' ');
    const familyId = PARAM_OBJECTS.find(([pattern]) => pattern.test(spaced))?.[1];
    const family = OBJECT_FAMILIES.find((f) => f.id === familyId);
    return {
      name,
      words,
      ...(family ? { family } : {}),
      hiddenStyle: /^_|_$/.test(name),
      required: required.has(name),
    };
  });
}

/** Schema values are data: a sentence in one that tells the model what to do is an instruction. */
export function schemaValueHits(text: string, field: string, sentenceHits: Hit[]): Hit[] {
  const words = text.trim().split(/\s+/).length;
  const speaks = sentenceHits.some((hit) => hit.kind !== 'directive' || words >= 4);
  if (!speaks || (words < 4 && !/[\u3040-\u30ff\u4e00-\u9fff]/u.test(text))) return [];
  return [
    {
      kind: 'schema-instruction',
      weight: 2.2,
      field,
      evidence: text,
      note: 'a schema value carries instructions',
    },
  ];
}

/**
 * A parameter named after a secret or the conversation, on a tool whose job does not involve it, and
 * that the schema requires or its description insists on, is a channel for smuggling data out.
 */
export function parameterChannelHits(
  param: ParamProfile,
  identity: ReadonlySet<string>,
  description: string | undefined,
): Hit[] {
  const hits: Hit[] = [];
  const field = `inputSchema.properties.${param.name}`;
  if (!param.family && !param.hiddenStyle) return hits;
  const insists = description !== undefined && test(DIRECTIVE, description);
  if (param.family && !param.family.domain.some((word) => identity.has(word))) {
    const weight = 1.0 + (param.required ? 0.6 : 0) + (insists ? 0.8 : 0) + (param.hiddenStyle ? 0.8 : 0);
    hits.push({
      kind: 'channel',
      weight,
      field,
      evidence: description ? `${param.name}: ${description}` : param.name,
      note: `parameter \`${param.name}\` collects ${param.family.label}, unrelated to the tool`,
    });
  } else if (param.hiddenStyle && insists) {
    hits.push({
      kind: 'channel',
      weight: 1.0,
      field,
      evidence: description ? `${param.name}: ${description}` : param.name,
      note: `parameter \`${param.name}\` is styled as internal and must always be filled`,
    });
  }
  return hits;
}

/** Words that mark a name as a parameter: "the `notes` parameter", "das Feld memo", "remark 参数". */
const PARAMETER_WORD = lexicon({
  words: [
    'param(?:eter)?s?|arguments?|args?|fields?|properties|property|inputs?|parámetros?|campos?|parameters?|felde?s?|argumente?|paramètres?|champs?|parâmetros?|parametri|parametro|параметр\\p{L}*|пол(?:е|я|ю)|аргумент\\p{L}*',
  ],
  cjk: ['参数|字段|パラメータ|パラメーター|引数|フィールド|매개변수|파라미터|필드'],
});
const PARAM_BEFORE = new RegExp(`(?:${PARAMETER_WORD.source})\\s*$`, 'u');
const PARAM_AFTER = new RegExp(`^\\s*(?:${PARAMETER_WORD.source})`, 'u');
const NEAR = 24;

/**
 * "Pass it as `sidenote`": a sentence that routes requested data into one of this tool's parameters.
 * The name must read as a parameter — quoted, an identifier, or next to the word "parameter" — so that
 * "sends a reset link to the email address" does not count as routing into `email`.
 */
export function routedIntoParameter(
  sentence: string,
  params: readonly ParamProfile[],
): ParamProfile | undefined {
  const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
  return params.find((param) => {
    const name = param.name.toLowerCase();
    if (name.length < 2) return false;
    const identifier = /[_-]|[a-z][A-Z]/.test(param.name);
    for (let at = sentence.indexOf(name); at >= 0; at = sentence.indexOf(name, at + 1)) {
      if (isWordChar(sentence[at - 1]) || isWordChar(sentence[at + name.length])) continue;
      const before = sentence.slice(Math.max(0, at - NEAR), at);
      const after = sentence.slice(at + name.length, at + name.length + NEAR);
      const quoted = /['"`‘“«「]\s*$/u.test(before) && /^\s*['"`’”»」]/u.test(after);
      if (quoted || identifier || PARAM_BEFORE.test(before) || PARAM_AFTER.test(after)) return true;
    }
    return false;
  });
}
