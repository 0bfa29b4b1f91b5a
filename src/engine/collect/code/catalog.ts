// Names the analysers know, by what they do to the data that passes through them. Callees are the
// dotted names after import resolution (`subprocess.run`, `child_process.exec`), so aliases and
// `from x import y` land on the same entries.

/** Calls whose result is the model's answer: the start of LLM-output flows (OWASP LLM05). */
const MODEL_CALL =
  /(?:^|\.)(?:chat\.completions|completions|messages|responses|beta\.chat\.completions|ChatCompletion|Completion)\.(?:create|parse|acreate)$|(?:^|\.)(?:generate_content(?:_async)?|generateContent|generateText|generateObject|streamText)$|^(?:litellm\.a?completion|ollama\.(?:chat|generate))$/;

/** LangChain-style `llm.invoke(...)`: only on receivers whose name says they are a model or chain. */
const MODEL_RECEIVER = /(?:^|[._])(?:llm|model|chat|chain|agent|claude|gpt|gemini|openai|anthropic)s?$/i;

export function isModelCall(callee: string): boolean {
  if (MODEL_CALL.test(callee)) return true;
  const dot = callee.lastIndexOf('.');
  if (dot < 0) return false;
  const method = callee.slice(dot + 1);
  return (
    (method === 'invoke' || method === 'ainvoke' || method === 'predict' || method === 'run') &&
    MODEL_RECEIVER.test(callee.slice(0, dot))
  );
}

/** Attributes that hold the text of a model response, whatever the response came from. */
export function isModelOutputAttribute(chain: string): boolean {
  return (
    /\bchoices\b.*\.(?:message\.content|text)$/.test(chain) ||
    /\.output_text$/.test(chain) ||
    /\b(?:completion|llm_response|model_response|ai_message)\.content$/i.test(chain)
  );
}

/** Method names that compare a resolved path with a root: the containment check path tools need. */
export const CONTAINMENT_METHODS = new Set([
  'startswith',
  'is_relative_to',
  'relative_to',
  'commonpath',
  'startsWith',
  'relative',
]);

/** Attribute names that show a URL's host being inspected (allow-list, address policy). */
export const HOST_ATTRIBUTES = new Set(['hostname', 'netloc', 'host', 'origin']);

/** Last name of a dotted callee: `execute` for `cursor.execute`. */
export function methodName(callee: string): string {
  const dot = callee.lastIndexOf('.');
  return dot < 0 ? callee : callee.slice(dot + 1);
}
