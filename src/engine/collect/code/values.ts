// Combinators for value summaries, shared by the Python and JS/TS analysers. A summary answers the
// questions sinks ask: is this constant, was it built from pieces, which tool parameters reach it,
// did it come out of a language model, and which names does it read.
import type { ValueSummary } from './model.js';

const MAX_TEXT = 200;
const MAX_FRAGMENTS = 500;
const MAX_NAMES = 32;

export function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  // Summaries are never mutated, so an unchanged list is shared rather than copied.
  if (b.length === 0) return a as string[];
  if (a.length === 0) return b as string[];
  const out = new Set(a);
  for (const item of b) if (out.size < MAX_NAMES) out.add(item);
  return out.size === a.length ? (a as string[]) : [...out];
}

/** Constant, taint, model origin and names of many parts at once. */
function combine(parts: readonly ValueSummary[]): Pick<ValueSummary, 'constant' | 'taint' | 'llm' | 'names'> {
  let constant = true;
  let llm = false;
  let taint: string[] = [];
  let names: string[] = [];
  for (const part of parts) {
    constant &&= part.constant;
    llm ||= part.llm;
    taint = union(taint, part.taint);
    names = union(names, part.names);
  }
  return { constant, taint, llm, names };
}

export function literal(text: string, value: string | number | boolean | null): ValueSummary {
  return {
    text: clip(text),
    constant: true,
    literal: value,
    built: false,
    fragments: typeof value === 'string' ? clip(value, MAX_FRAGMENTS) : '',
    ...(typeof value === 'string' ? { prefix: clip(value, MAX_FRAGMENTS) } : {}),
    taint: [],
    llm: false,
    names: [],
  };
}

/** Something we know nothing about (an unknown call's result, a parameter of a plain function). */
export function opaque(text: string, names: string[] = []): ValueSummary {
  return { text: clip(text), constant: false, built: false, fragments: '', taint: [], llm: false, names };
}

/** A value that a sanitiser or a numeric conversion produced: safe for every sink. */
export function sanitised(text: string): ValueSummary {
  return { text: clip(text), constant: true, built: false, fragments: '', taint: [], llm: false, names: [] };
}

/** A tool parameter itself. */
export function parameter(name: string): ValueSummary {
  return { ...opaque(name, [name]), taint: [name] };
}

/** The output of a language model call. */
export function modelOutput(text: string): ValueSummary {
  return { ...opaque(text), llm: true };
}

/** A string made of parts (f-string, `%`, `.format`, `+`, template literal, `join`). */
export function composed(text: string, parts: readonly ValueSummary[]): ValueSummary {
  const flow = combine(parts);
  let prefix = '';
  for (const part of parts) {
    if (!part.constant || part.prefix === undefined) break;
    prefix += part.prefix;
  }
  return {
    text: clip(text),
    ...flow,
    built: !flow.constant || parts.some((part) => part.built),
    fragments: clip(parts.map((part) => part.fragments).join(' '), MAX_FRAGMENTS),
    prefix: clip(prefix, MAX_FRAGMENTS),
  };
}

/** `base.attr`, `base[i]`, `base.method()` for pass-through methods: keeps what flows from the base. */
export function derived(text: string, base: ValueSummary, name?: string): ValueSummary {
  return {
    text: clip(text),
    constant: base.constant,
    built: base.built,
    fragments: base.fragments,
    taint: base.taint,
    llm: base.llm,
    names: name ? union(base.names, [name]) : base.names,
  };
}

/** A value that carries what flows from all of `inputs` (a pass-through call, a conditional). */
export function through(text: string, inputs: readonly ValueSummary[]): ValueSummary {
  if (inputs.length === 0) return opaque(text);
  return {
    text: clip(text),
    ...combine(inputs),
    built: inputs.some((input) => input.built),
    fragments: clip(inputs.map((input) => input.fragments).join(' '), MAX_FRAGMENTS),
  };
}

function absorb(into: ValueSummary, part: ValueSummary): ValueSummary {
  return {
    ...into,
    constant: into.constant && part.constant,
    taint: union(into.taint, part.taint),
    llm: into.llm || part.llm,
    names: union(into.names, part.names),
  };
}

/** Two assignments to the same variable on different paths: the value may be either. */
export function merge(a: ValueSummary, b: ValueSummary): ValueSummary {
  const out = absorb(b, a);
  out.built = a.built || b.built;
  if (a.fragments !== b.fragments) out.fragments = clip(`${a.fragments} ${b.fragments}`, MAX_FRAGMENTS);
  if (a.literal !== b.literal) delete out.literal;
  if (a.prefix !== b.prefix) delete out.prefix;
  return out;
}

/** A variable read: the value it holds, known also by the variable's name. */
export function named(value: ValueSummary, name: string): ValueSummary {
  return value.names.includes(name) ? value : { ...value, names: union(value.names, [name]) };
}

/** Whether a value is, or contains in an element or property, a tool parameter. */
export function isTainted(value: ValueSummary): boolean {
  return value.taint.length > 0;
}
