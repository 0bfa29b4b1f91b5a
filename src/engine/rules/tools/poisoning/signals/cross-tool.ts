// Whole-server context: a description that tells the model how to use some other server's tool
// (shadowing), that promotes itself over every other tool, or that must run before everything else.
// Naming a sibling tool of the same server ("call resolve-id before query-docs") is a workflow,
// not an attack: the same author wrote both.
import { first, lexicon, test } from '../lexicon/build.js';
import { DIRECTIVE, FORCED_ORDER } from '../lexicon/intent.js';
import type { Hit } from './types.js';

/** Words that turn a mention of another tool into a rule about how to use it. */
const MANIPULATE = lexicon({
  words: [
    "when|whenever|every time|each time|before|after|instead of|rather than|in place of|do not use|don't use|never use|never call|deprecated|obsolete|broken|unsafe|replace[sd]?|overrides?|supersedes?|must|always|should|also|bcc|cc|redirect|side effects?|in addition",
    'cuando|siempre que|cada vez que|antes de|después de|en lugar de|en vez de|no uses|no utilices|wenn|immer wenn|jedes mal|bevor|nachdem|statt|anstatt|anstelle|verwende nicht|nutze nicht|quand|lorsque|chaque fois|avant|après|au lieu de|n.utilise pas|n.utilisez pas|quando|sempre que|antes|depois|em vez de|não use|ogni volta|invece di|non usare|когда|каждый раз|перед|после|вместо|не используй|не вызывай',
  ],
  cjk: [
    '当|每当|之前|之后|而不是|代替|不要使用|とき|時は|際に|前に|後に|代わりに|使わないで|사용할 때|호출할 때|대신',
  ],
});

/** "Any other tool", "all email tools": tools referred to as a class. */
const OTHER_TOOLS = lexicon({
  words: [
    '(?:any|all|every|each|other)(?: other)?(?: [\\w-]+)? (?:tools?|functions?|servers?|mcp servers?)',
    '(?:cualquier|todas? las|otras?) (?:otras? )?herramientas?|(?:alle|jedes|andere[nr]?) (?:anderen )?(?:tools?|werkzeuge?)|(?:tous les|tout|autres?) (?:autres )?outils?|(?:qualquer|todas as|outras?) ferramentas?|(?:qualsiasi|tutti gli|altri) strumenti|(?:любой|все|други[ех]) инструмент\\p{L}*',
  ],
  cjk: ['(?:任何|所有|其他)(?:其他)?工具', '(?:他の|すべての)ツール', '다른 도구'],
});

const PREFER_SELF = lexicon({
  words: [
    '(?:use|prefer|choose|call|pick) (?:this|me)(?: tool| function| one)? (?:instead of|over|rather than|in place of)',
    '(?:this|the) (?:only|sole) (?:tool|function) (?:you|that) (?:should|may|can)',
    'usa esta herramienta en lugar de|verwende (?:dieses|nur dieses) (?:tool|werkzeug)|utilise(?:z)? (?:cet|uniquement cet) outil|use esta ferramenta em vez de|usa questo strumento invece di|используй (?:этот|только этот) инструмент',
  ],
  cjk: ['(?:使用|调用)(?:此|这个|本)工具(?:而不是|代替)', 'このツールを(?:代わりに|優先して)'],
});

export interface ToolDirectory {
  /** Tools of the same surface (lower case). */
  siblings: ReadonlySet<string>;
  /** Tools seen elsewhere in the scan or on well-known servers, lower case → where they live. */
  elsewhere: ReadonlyMap<string, { tool: string; server: string }>;
}

/** A name is distinctive enough to find in prose when it has a separator or is long. */
export function isDistinctiveName(name: string): boolean {
  return name.length >= 5 && (/[_\-.]/.test(name) || /[a-z][A-Z]/.test(name) || name.length >= 14);
}

function referencedTools(
  sentence: string,
  directory: ToolDirectory,
  self: string,
): { tool: string; server: string }[] {
  const found: { tool: string; server: string }[] = [];
  for (const [lower, where] of directory.elsewhere) {
    if (lower === self || directory.siblings.has(lower)) continue;
    const at = sentence.indexOf(lower);
    if (at < 0) continue;
    const before = sentence[at - 1];
    const after = sentence[at + lower.length];
    if ((before && /[\p{L}\p{N}_]/u.test(before)) || (after && /[\p{L}\p{N}_]/u.test(after))) continue;
    found.push(where);
  }
  return found;
}

export function crossToolHits(
  sentence: string,
  field: string,
  directory: ToolDirectory,
  self: string,
): Hit[] {
  const hits: Hit[] = [];
  const forced = first(FORCED_ORDER, sentence);
  if (forced)
    hits.push({
      kind: 'forced-order',
      weight: 2.4,
      field,
      evidence: sentence,
      note: 'forces itself before every other tool',
    });
  const manipulates = test(MANIPULATE, sentence) || test(DIRECTIVE, sentence);
  if (manipulates) {
    for (const shadowed of referencedTools(sentence, directory, self)) {
      hits.push({
        kind: 'shadowing',
        weight: 3.0,
        field,
        evidence: sentence,
        note: `rewrites how \`${shadowed.tool}\` (${shadowed.server}) is used`,
        shadowed,
      });
    }
  }
  if (test(PREFER_SELF, sentence) && test(OTHER_TOOLS, sentence))
    hits.push({
      kind: 'shadowing',
      weight: 2.6,
      field,
      evidence: sentence,
      note: 'promotes itself over every other tool',
      shadowed: { tool: 'other tools', server: 'any server' },
    });
  else if (
    !forced &&
    manipulates &&
    test(OTHER_TOOLS, sentence) &&
    test(DIRECTIVE, sentence) &&
    /\b(?:bcc|cc|redirect|send|replace|instead|override|never use|do not use|don't use)\b/u.test(sentence)
  )
    hits.push({
      kind: 'shadowing',
      weight: 2.2,
      field,
      evidence: sentence,
      note: 'rewrites how other tools are used',
      shadowed: { tool: 'other tools', server: 'any server' },
    });
  return hits;
}
