// Finds the concepts of concepts.ts in a sentence, in linear time: every language's terms are compiled
// once into lookup tables (whole words, word stems and substrings), and a sentence is read token by
// token. No regular expression is built from lexicon terms.
import { CONCEPTS, type Concept, type Lexicon } from './concepts.js';

/** Where a concept was found: its first token, its character offset and the words. */
export interface ConceptMatch {
  concept: Concept;
  /** Index of the token the match starts in. */
  token: number;
  /** Index of the token the match ends in. */
  lastToken: number;
  /** Character offset in the sentence. */
  index: number;
  text: string;
  language: string;
}

type Part = { kind: 'word'; value: string } | { kind: 'stem'; value: string } | { kind: 'any' };

interface SpacedTerm {
  parts: Part[];
  concept: Concept;
  language: string;
  text: string;
}

interface UnspacedTerm {
  text: string;
  concept: Concept;
  language: string;
}

/** The token that holds character `index` (the last token starting at or before it). */
function tokenAt(tokens: readonly Token[], index: number): number {
  let low = 0;
  let high = tokens.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (tokens[middle]!.index <= index) low = middle;
    else high = middle - 1;
  }
  return low;
}

export interface CompiledLexicons {
  /** Multi-part and single-word terms by their first word. */
  byWord: Map<string, SpacedTerm[]>;
  /** Terms whose first part is a stem, by the stem. */
  byStem: Map<string, SpacedTerm[]>;
  /** Longest stem, to bound the prefixes tried per token. */
  longestStem: number;
  /** Unspaced-language terms by their first character. */
  byFirstChar: Map<string, UnspacedTerm[]>;
}

function parsePart(part: string): Part {
  if (part === '*') return { kind: 'any' };
  if (part.endsWith('*') && part.length > 1) return { kind: 'stem', value: part.slice(0, -1) };
  return { kind: 'word', value: part };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compileLexicons(lexicons: readonly Lexicon[]): CompiledLexicons {
  const compiled: CompiledLexicons = {
    byWord: new Map(),
    byStem: new Map(),
    longestStem: 0,
    byFirstChar: new Map(),
  };
  for (const lexicon of lexicons) {
    for (const concept of CONCEPTS) {
      for (const raw of lexicon.concepts[concept]) {
        const text = raw.normalize('NFKC').toLowerCase().trim();
        if (!text) continue;
        if (lexicon.segmentation === 'unspaced') {
          push(compiled.byFirstChar, text[0]!, { text, concept, language: lexicon.code });
          continue;
        }
        const parts = tokenize(text).length > 0 ? text.split(/\s+/).map(parsePart) : [];
        const head = parts[0];
        if (!head || head.kind === 'any') continue;
        const term: SpacedTerm = { parts, concept, language: lexicon.code, text };
        if (head.kind === 'word') push(compiled.byWord, head.value, term);
        else {
          push(compiled.byStem, head.value, term);
          compiled.longestStem = Math.max(compiled.longestStem, head.value.length);
        }
      }
    }
  }
  return compiled;
}

/**
 * A word: letters, marks, digits and `_`, with apostrophes inside it (don't, user's, l'utilisateur)
 * and joined by single hyphens; quotes around a word are not part of it ('notes'). Chinese and
 * Japanese characters are tokens one by one, so that distances ("不要 … 发送") count in characters.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const LETTER = `(?:(?![${CJK}])[\\p{L}\\p{M}\\p{N}_])`;
const WORD = new RegExp(`[${CJK}]|${LETTER}+(?:['’-]${LETTER}+)*`, 'gu');

export interface Token {
  text: string;
  index: number;
}

export function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  for (const match of sentence.matchAll(WORD))
    tokens.push({ text: match[0].replace(/’/g, "'"), index: match.index });
  return tokens;
}

function partMatches(part: Part, token: string): boolean {
  if (part.kind === 'any') return true;
  if (part.kind === 'word')
    return token === part.value || (token.endsWith("'s") && token.slice(0, -2) === part.value);
  return token.startsWith(part.value);
}

/** Does `term` match at token `at`? Returns the number of tokens it spans, or 0. */
function spanAt(term: SpacedTerm, tokens: readonly Token[], at: number): number {
  let t = at;
  for (const part of term.parts) {
    const token = tokens[t];
    if (!token || !partMatches(part, token.text)) return 0;
    t++;
  }
  return t - at;
}

/** Every concept term in `sentence` (already normalised: NFKC, lower case). */
export function matchConcepts(
  sentence: string,
  compiled: CompiledLexicons,
  tokens = tokenize(sentence),
): ConceptMatch[] {
  const found: ConceptMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.text;
    const candidates: SpacedTerm[] = [...(compiled.byWord.get(token) ?? [])];
    // A possessive reads as its noun too: "the repository's config" names the repository.
    if (token.endsWith("'s")) candidates.push(...(compiled.byWord.get(token.slice(0, -2)) ?? []));
    for (let length = 1; length <= Math.min(token.length, compiled.longestStem); length++) {
      const stemmed = compiled.byStem.get(token.slice(0, length));
      if (stemmed) candidates.push(...stemmed);
    }
    for (const term of candidates) {
      const span = spanAt(term, tokens, i);
      if (span === 0) continue;
      const last = tokens[i + span - 1]!;
      found.push({
        concept: term.concept,
        token: i,
        lastToken: i + span - 1,
        index: tokens[i]!.index,
        text: sentence.slice(tokens[i]!.index, last.index + last.text.length),
        language: term.language,
      });
    }
  }
  if (compiled.byFirstChar.size > 0) {
    for (let index = 0; index < sentence.length; index++) {
      const starting = compiled.byFirstChar.get(sentence[index]!);
      if (!starting) continue;
      for (const term of starting) {
        if (sentence.startsWith(term.text, index))
          found.push({
            concept: term.concept,
            token: tokenAt(tokens, index),
            lastToken: tokenAt(tokens, index + term.text.length - 1),
            index,
            text: term.text,
            language: term.language,
          });
      }
    }
  }
  return found;
}
