// Python sources, parsed with tree-sitter (wasm) and walked once: imports resolved to dotted names,
// assignments followed within each function, every call recorded with what flows into its arguments,
// and MCP tool definitions (FastMCP decorators, low-level `Tool(...)` objects) read into a surface.
// Tree-sitter recovers from syntax errors, so a broken file still yields what parsed.
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import type { Position, ServerSurface } from '../../types.js';
import {
  CONTAINMENT_METHODS,
  HOST_ATTRIBUTES,
  isModelCall,
  isModelOutputAttribute,
  methodName,
} from './catalog.js';
import type { AttributeWrite, CallSite, SourceFile, ToolHandler, ValueSummary } from './model.js';
import { Scope } from './scope.js';
import { cleanDocstring, toSurface, type DeclaredDefinition } from './surface.js';
import {
  clip,
  composed,
  derived,
  literal,
  modelOutput,
  named,
  opaque,
  parameter,
  sanitised,
  through,
} from './values.js';

let parserLoading: Promise<Parser> | undefined;

/** One parser per process, loaded the first time a Python file is seen. */
function pythonParser(): Promise<Parser> {
  parserLoading ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
    const language = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })().catch((error: unknown) => {
    parserLoading = undefined;
    throw error;
  });
  return parserLoading;
}

/** Deeper expressions are treated as opaque: hostile nesting must not exhaust the stack. */
const MAX_DEPTH = 250;

const PASS_THROUGH = new Set([
  'str',
  'repr',
  'format',
  'bytes',
  'list',
  'tuple',
  'dict',
  'os.path.join',
  'os.path.abspath',
  'os.path.realpath',
  'os.path.normpath',
  'os.path.expanduser',
  'os.path.expandvars',
  'os.fspath',
  'pathlib.Path',
  'pathlib.PurePath',
  'pathlib.PosixPath',
  'urllib.parse.urljoin',
  'urllib.parse.unquote',
  'json.dumps',
  'json.loads',
  'textwrap.dedent',
  'base64.b64decode',
]);

const SANITISERS = new Set([
  'int',
  'float',
  'bool',
  'len',
  'abs',
  'round',
  'hash',
  'isinstance',
  'shlex.quote',
  'shlex.join',
  'pipes.quote',
  'html.escape',
  're.escape',
  'urllib.parse.quote',
  'urllib.parse.quote_plus',
  'os.path.basename',
  'werkzeug.utils.secure_filename',
  'secure_filename',
]);

/** Methods whose result carries the receiver's (and arguments') data. */
const PASS_THROUGH_METHODS = new Set([
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'casefold',
  'title',
  'capitalize',
  'replace',
  'split',
  'rsplit',
  'splitlines',
  'encode',
  'decode',
  'removeprefix',
  'removesuffix',
  'get',
  'pop',
  'setdefault',
  'copy',
  'resolve',
  'absolute',
  'expanduser',
  'joinpath',
  'with_name',
  'with_suffix',
  'as_posix',
  'geturl',
  'values',
  'items',
]);

interface Analysis {
  source: SourceFile;
  surface: ServerSurface | undefined;
  errors: string[];
}

export async function analysePython(file: string, text: string): Promise<Analysis> {
  const parser = await pythonParser();
  const tree = parser.parse(text);
  if (!tree) return { source: emptySource(file), surface: undefined, errors: ['python: could not parse'] };
  try {
    const walker = new PythonWalker(file, text);
    walker.run(tree.rootNode);
    const errors: string[] = [];
    if (tree.rootNode.hasError) {
      const at = firstError(tree.rootNode);
      errors.push(
        `python syntax error${at ? ` at line ${at.line}, column ${at.column}` : ''}; the rest of the file was analysed`,
      );
    }
    if (walker.truncated) {
      errors.push(`python: nesting deeper than ${MAX_DEPTH} levels; the deeper part was not analysed`);
    }
    return { source: walker.source, surface: walker.surface(), errors };
  } finally {
    tree.delete();
  }
}

function emptySource(file: string): SourceFile {
  return {
    kind: 'source-file',
    file,
    language: 'python',
    calls: [],
    writes: [],
    handlers: [],
    words: new Set(),
  };
}

function positionOf(node: Node): Position {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function firstError(root: Node): Position | undefined {
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) return positionOf(node);
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return undefined;
    }
  } finally {
    cursor.delete();
  }
}

function children(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\n': '',
};

/** The value of a Python string literal's body: escapes decoded unless the string is raw. */
function decodePythonString(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.|\n)/g,
    (all, esc: string) => {
      if (/^[xuU]/.test(esc)) {
        const code = parseInt(esc.slice(1), 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      if (/^[0-7]+$/.test(esc) && esc !== '0') return String.fromCharCode(parseInt(esc, 8));
      return ESCAPES[esc] ?? all;
    },
  );
}

class PythonWalker {
  readonly source: SourceFile;
  truncated = false;
  private readonly aliases = new Map<string, string>();
  private readonly module: Scope;
  /** Functions defined in this file, and whether each checks path containment or URL hosts. */
  private readonly localFunctions = new Map<string, { containment: boolean; host: boolean }>();
  private readonly declared: DeclaredDefinition[] = [];
  private serverName: string | undefined;
  private instructions: string | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {
    this.source = emptySource(file);
    this.module = new Scope(undefined, undefined);
  }

  run(root: Node): void {
    this.indexFunctions(root);
    this.visitBlock(root, this.module, 0);
  }

  surface(): ServerSurface | undefined {
    return toSurface(this.file, this.serverName, this.instructions, this.declared);
  }

  private textOf(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  private word(value: string): void {
    if (value.length <= 40 && this.source.words.size < 20_000) this.source.words.add(value.toLowerCase());
  }

  // ---- pre-pass: which local helpers check containment or hosts --------------------------------

  private indexFunctions(root: Node): void {
    // One search for the three kinds, in document order (a search per function cost a third of the
    // whole collection); a call or attribute counts for every function it sits in.
    interface Found {
      name: string | undefined;
      end: number;
      containment: boolean;
      host: boolean;
    }
    const found: Found[] = [];
    const open: Found[] = [];
    for (const node of root.descendantsOfType(['function_definition', 'call', 'attribute'])) {
      if (!node) continue;
      while (open.length > 0 && node.startIndex >= open[open.length - 1]!.end) open.pop();
      if (node.type === 'function_definition') {
        const name = node.childForFieldName('name');
        const entry = {
          name: name ? this.textOf(name) : undefined,
          end: node.endIndex,
          containment: false,
          host: false,
        };
        open.push(entry);
        found.push(entry);
      } else if (open.length > 0 && node.type === 'call') {
        const callee = node.childForFieldName('function');
        if (callee && CONTAINMENT_METHODS.has(methodName(this.textOf(callee))))
          for (const entry of open) entry.containment = true;
      } else if (open.length > 0) {
        const attr = node.childForFieldName('attribute');
        if (attr && HOST_ATTRIBUTES.has(this.textOf(attr))) for (const entry of open) entry.host = true;
      }
    }
    for (const { name, containment, host } of found)
      if (name !== undefined) this.localFunctions.set(name, { containment, host });
  }

  // ---- statements ---------------------------------------------------------------------------

  private visitBlock(node: Node, scope: Scope, depth: number): void {
    for (const child of children(node)) this.visit(child, scope, depth + 1);
  }

  private visit(node: Node, scope: Scope, depth: number): void {
    if (depth > MAX_DEPTH) {
      this.truncated = true;
      return;
    }
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
        this.readImport(node);
        return;
      case 'decorated_definition':
        this.visitDecorated(node, scope, depth);
        return;
      case 'function_definition':
        this.visitFunction(node, scope, depth, undefined);
        return;
      case 'class_definition': {
        const body = node.childForFieldName('body');
        if (body) this.visitBlock(body, scope, depth);
        return;
      }
      case 'assignment':
        this.visitAssignment(node, scope, depth);
        return;
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return;
        const value = composed(this.textOf(node), [
          this.evaluate(left, scope, depth),
          this.evaluate(right, scope, depth),
        ]);
        this.bindTarget(left, value, scope, depth, node);
        return;
      }
      case 'for_statement': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) this.bindTarget(left, this.evaluate(right, scope, depth), scope, depth, undefined);
        for (const field of ['body', 'alternative']) {
          const block = node.childForFieldName(field);
          if (block) this.visitBlock(block, scope, depth);
        }
        return;
      }
      case 'with_item': {
        const value = node.childForFieldName('value');
        if (!value) return;
        if (value.type === 'as_pattern') {
          const [expression, target] = children(value);
          const alias = target?.type === 'as_pattern_target' ? children(target)[0] : target;
          const summary = expression ? this.evaluate(expression, scope, depth) : undefined;
          if (alias && summary) this.bindTarget(alias, summary, scope, depth, undefined);
        } else {
          this.evaluate(value, scope, depth);
        }
        return;
      }
      case 'expression_statement':
      case 'return_statement':
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause':
      case 'while_statement':
      case 'try_statement':
      case 'except_clause':
      case 'finally_clause':
      case 'with_statement':
      case 'with_clause':
      case 'block':
      case 'match_statement':
      case 'case_clause':
      case 'module':
      case 'ERROR':
        for (const child of children(node)) {
          if (isStatement(child)) this.visit(child, scope, depth + 1);
          else this.evaluate(child, scope, depth + 1);
        }
        return;
      default:
        if (isStatement(node)) {
          for (const child of children(node)) this.visit(child, scope, depth + 1);
        } else {
          this.evaluate(node, scope, depth);
        }
    }
  }

  private readImport(node: Node): void {
    if (node.type === 'import_statement') {
      for (const item of children(node)) {
        if (item.type === 'aliased_import') {
          const name = item.childForFieldName('name');
          const alias = item.childForFieldName('alias');
          if (name && alias) this.aliases.set(this.textOf(alias), this.textOf(name));
        } else {
          const first = this.textOf(item).split('.')[0]!;
          this.aliases.set(first, first);
        }
      }
      return;
    }
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return;
    const moduleName = this.textOf(moduleNode);
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const name = item.childForFieldName('name');
        const alias = item.childForFieldName('alias');
        if (name && alias) this.aliases.set(this.textOf(alias), `${moduleName}.${this.textOf(name)}`);
      } else {
        const name = this.textOf(item);
        this.aliases.set(name, `${moduleName}.${name}`);
      }
    }
  }

  private visitAssignment(node: Node, scope: Scope, depth: number): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const value = this.evaluate(right, scope, depth);
    this.bindTarget(left, value, scope, depth, node);
    // `mcp = FastMCP("name", instructions=...)`: the server's own name and instructions.
    if (right.type === 'call') this.readServerConstructor(right);
  }

  private bindTarget(
    target: Node,
    value: ValueSummary,
    scope: Scope,
    depth: number,
    statement: Node | undefined,
  ): void {
    switch (target.type) {
      case 'identifier':
        scope.assign(this.textOf(target), value);
        this.word(this.textOf(target));
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
        for (const element of children(target))
          this.bindTarget(element, derived(value.text, value), scope, depth, undefined);
        return;
      case 'attribute':
      case 'subscript': {
        if (target.type === 'subscript') {
          const base = target.childForFieldName('value');
          if (base) this.evaluate(base, scope, depth);
        }
        if (!statement) return;
        this.source.writes.push({
          target: this.dottedTarget(target),
          value,
          position: positionOf(statement),
          text: clip(this.textOf(statement)),
        } satisfies AttributeWrite);
        return;
      }
      default:
        return;
    }
  }

  /** `os.environ["X"]` reads as `os.environ.X`; imports are resolved on the first segment. */
  private dottedTarget(node: Node): string {
    if (node.type === 'identifier') return this.resolveName(this.textOf(node));
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      return `${object ? this.dottedTarget(object) : '?'}.${attribute ? this.textOf(attribute) : '?'}`;
    }
    if (node.type === 'subscript') {
      const base = node.childForFieldName('value');
      const key = node.childForFieldName('subscript');
      const keyText = key && key.type === 'string' ? this.stringValue(key) : undefined;
      return `${base ? this.dottedTarget(base) : '?'}.${keyText ?? '?'}`;
    }
    return '?';
  }

  private resolveName(name: string): string {
    return this.aliases.get(name) ?? name;
  }

  // ---- functions, handlers and definitions --------------------------------------------------

  private visitDecorated(node: Node, scope: Scope, depth: number): void {
    const definition = node.childForFieldName('definition');
    if (!definition) return;
    let handler: ToolHandler | undefined;
    for (const decorator of children(node)) {
      if (decorator.type !== 'decorator') continue;
      const expression = children(decorator)[0];
      if (!expression) continue;
      this.evaluate(expression, scope, depth);
      if (definition.type === 'function_definition') {
        handler = this.readDecorator(expression, definition) ?? handler;
      }
    }
    if (definition.type === 'function_definition') this.visitFunction(definition, scope, depth, handler);
    else this.visit(definition, scope, depth);
  }

  /**
   * `@mcp.tool()`, `@mcp.tool(name=..., description=...)`, `@server.call_tool()`, `@mcp.prompt()`,
   * `@mcp.resource("uri")`, and LangChain's `@tool`: the handler they make, and the definition.
   */
  private readDecorator(expression: Node, fn: Node): ToolHandler | undefined {
    const call = expression.type === 'call' ? expression : undefined;
    const callee = call ? call.childForFieldName('function') : expression;
    if (!callee) return undefined;
    const calleeText = this.textOf(callee);
    const method = methodName(calleeText);
    const isBare = callee.type === 'identifier';
    const functionName = this.textOf(fn.childForFieldName('name') ?? fn);
    const keywords = call
      ? this.literalKeywords(call)
      : new Map<string, { value: unknown; position: Position }>();
    const parameters = this.parameterNodes(fn);
    if (method === 'call_tool' && !isBare) {
      // Low-level server: `async def handle(name, arguments)`; the arguments dict is the tool input.
      const args = parameters.filter((p) => p.name !== 'self');
      const input = args[1] ?? args[0];
      return this.addHandler(functionName, positionOf(expression), input ? [input.name] : []);
    }
    if (method !== 'tool' && method !== 'prompt' && method !== 'resource') return undefined;
    if (isBare && method !== 'tool') return undefined;
    const nameKeyword = keywords.get('name');
    const name = typeof nameKeyword?.value === 'string' ? nameKeyword.value : functionName;
    const descriptionKeyword = keywords.get('description');
    const docstring = this.docstring(fn);
    const description =
      typeof descriptionKeyword?.value === 'string' ? descriptionKeyword.value : (docstring?.value ?? '');
    const positions = new Map<string, Position>();
    positions.set('name', nameKeyword?.position ?? positionOf(fn.childForFieldName('name') ?? fn));
    const descriptionAt = descriptionKeyword?.position ?? docstring?.position;
    if (descriptionAt) positions.set('description', descriptionAt);
    const schemaParameters = parameters.filter((p) => p.name !== 'self' && p.name !== 'cls' && !p.isContext);
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const p of schemaParameters) {
      properties[p.name] = p.schema;
      if (!p.optional) required.push(p.name);
      positions.set(`inputSchema.properties.${p.name}`, p.position);
    }
    const kind = method === 'tool' ? 'tool' : method === 'prompt' ? 'prompt' : 'resource';
    const uriArgument = call ? this.firstStringArgument(call) : undefined;
    const annotations = keywords.get('annotations')?.value;
    const title = keywords.get('title')?.value;
    this.declared.push({
      kind,
      name,
      ...(typeof title === 'string' ? { title } : {}),
      description,
      inputSchema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) },
      ...(isPlainObject(annotations) ? { annotations } : {}),
      ...(kind === 'resource' && uriArgument !== undefined ? { uri: uriArgument } : {}),
      position: positionOf(expression),
      positions,
    });
    if (kind === 'resource') return undefined;
    return this.addHandler(
      name,
      positionOf(expression),
      schemaParameters.map((p) => p.name),
    );
  }

  private addHandler(tool: string, position: Position, parameters: string[]): ToolHandler {
    const handler: ToolHandler = {
      tool,
      position,
      parameters,
      checksPathContainment: false,
      checksUrlHost: false,
    };
    this.source.handlers.push(handler);
    return handler;
  }

  private visitFunction(fn: Node, outer: Scope, depth: number, handler: ToolHandler | undefined): void {
    const name = fn.childForFieldName('name');
    if (name) this.word(this.textOf(name));
    const scope = new Scope(outer, handler ?? outer.handler);
    for (const p of this.parameterNodes(fn)) {
      scope.bind(p.name, handler?.parameters.includes(p.name) ? parameter(p.name) : opaque(p.name, [p.name]));
      if (p.default) this.evaluate(p.default, outer, depth);
    }
    const body = fn.childForFieldName('body');
    if (body) this.visitBlock(body, scope, depth);
  }

  private parameterNodes(fn: Node): {
    name: string;
    schema: Record<string, unknown>;
    optional: boolean;
    isContext: boolean;
    position: Position;
    default?: Node;
  }[] {
    const list = fn.childForFieldName('parameters');
    if (!list) return [];
    const out = [];
    for (const p of children(list)) {
      let nameNode: Node | null | undefined;
      let typeNode: Node | null = null;
      let defaultNode: Node | null = null;
      if (p.type === 'identifier') nameNode = p;
      else if (p.type === 'typed_parameter') {
        nameNode = children(p).find((c) => c.type === 'identifier');
        typeNode = p.childForFieldName('type');
      } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        nameNode = p.childForFieldName('name');
        typeNode = p.childForFieldName('type');
        defaultNode = p.childForFieldName('value');
      } else continue;
      if (!nameNode) continue;
      const typeText = typeNode ? this.textOf(typeNode) : '';
      const schema = schemaFromAnnotation(typeText);
      const description = this.fieldDescription(typeNode) ?? this.fieldDescription(defaultNode);
      if (description !== undefined) schema.description = description;
      if (defaultNode && defaultNode.type !== 'call') {
        const value = this.literalValue(defaultNode, 0);
        if (value !== undefined) schema.default = value;
      }
      out.push({
        name: this.textOf(nameNode),
        schema,
        optional: defaultNode !== null || /\bOptional\[|\bNone\b/.test(typeText),
        isContext: /\bContext\b/.test(typeText),
        position: positionOf(p),
        ...(defaultNode ? { default: defaultNode } : {}),
      });
    }
    return out;
  }

  /** `Field(description="...")` inside an annotation or as a default. */
  private fieldDescription(node: Node | null): string | undefined {
    if (!node) return undefined;
    for (const keyword of node.descendantsOfType('keyword_argument')) {
      const name = keyword?.childForFieldName('name');
      const value = keyword?.childForFieldName('value');
      if (name && value && this.textOf(name) === 'description' && value.type === 'string') {
        return this.stringValue(value);
      }
    }
    return undefined;
  }

  private docstring(fn: Node): { value: string; position: Position } | undefined {
    const body = fn.childForFieldName('body');
    const first = body ? children(body)[0] : undefined;
    const expression = first?.type === 'expression_statement' ? children(first)[0] : undefined;
    if (!expression || (expression.type !== 'string' && expression.type !== 'concatenated_string'))
      return undefined;
    const value = this.stringValue(expression);
    return value === undefined
      ? undefined
      : { value: cleanDocstring(value), position: positionOf(expression) };
  }

  private readServerConstructor(call: Node): void {
    const callee = call.childForFieldName('function');
    if (!callee) return;
    const name = this.resolveName(this.textOf(callee));
    if (!/(?:^|\.)(?:FastMCP|Server|MCPServer)$/.test(name)) return;
    const first = this.firstStringArgument(call);
    const keywords = this.literalKeywords(call);
    const named = keywords.get('name')?.value;
    this.serverName ??= typeof named === 'string' ? named : first;
    const instructions = keywords.get('instructions')?.value;
    if (typeof instructions === 'string') this.instructions ??= instructions;
  }

  /** Low-level servers list `Tool(name=..., description=..., inputSchema={...})` objects. */
  private readToolObject(call: Node, callee: string): void {
    if (!/(?:^|\.)Tool$/.test(callee) || callee.endsWith('FastMCP.Tool')) return;
    const keywords = this.literalKeywords(call);
    const name = keywords.get('name');
    if (typeof name?.value !== 'string') return;
    const description = keywords.get('description');
    const schema = keywords.get('inputSchema') ?? keywords.get('input_schema');
    const positions = new Map<string, Position>([['name', name.position]]);
    if (description) positions.set('description', description.position);
    const schemaNode = this.keywordNode(call, 'inputSchema') ?? this.keywordNode(call, 'input_schema');
    if (schemaNode) this.literalPositions(schemaNode, 'inputSchema', positions, 0);
    const annotations = keywords.get('annotations')?.value;
    this.declared.push({
      kind: 'tool',
      name: name.value,
      description: typeof description?.value === 'string' ? description.value : '',
      inputSchema: isPlainObject(schema?.value) ? schema.value : {},
      ...(isPlainObject(annotations) ? { annotations } : {}),
      position: positionOf(call),
      positions,
    });
  }

  private keywordNode(call: Node, keyword: string): Node | undefined {
    const args = call.childForFieldName('arguments');
    for (const arg of args ? children(args) : []) {
      if (arg.type !== 'keyword_argument') continue;
      const name = arg.childForFieldName('name');
      if (name && this.textOf(name) === keyword) return arg.childForFieldName('value') ?? undefined;
    }
    return undefined;
  }

  private literalKeywords(call: Node): Map<string, { value: unknown; position: Position }> {
    const out = new Map<string, { value: unknown; position: Position }>();
    const args = call.childForFieldName('arguments');
    for (const arg of args ? children(args) : []) {
      if (arg.type !== 'keyword_argument') continue;
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value)
        out.set(this.textOf(name), { value: this.literalValue(value, 0), position: positionOf(value) });
    }
    return out;
  }

  private firstStringArgument(call: Node): string | undefined {
    const args = call.childForFieldName('arguments');
    const first = args ? children(args)[0] : undefined;
    return first && (first.type === 'string' || first.type === 'concatenated_string')
      ? this.stringValue(first)
      : undefined;
  }

  /** A Python literal (dict, list, string, number, bool, None) as a JS value; undefined otherwise. */
  private literalValue(node: Node, depth: number): unknown {
    if (depth > 64) return undefined;
    switch (node.type) {
      case 'string':
      case 'concatenated_string':
        return this.stringValue(node);
      case 'integer':
      case 'float': {
        const n = Number(this.textOf(node).replace(/_/g, ''));
        return Number.isFinite(n) ? n : undefined;
      }
      case 'true':
        return true;
      case 'false':
        return false;
      case 'none':
        return null;
      case 'parenthesized_expression': {
        const inner = children(node)[0];
        return inner ? this.literalValue(inner, depth + 1) : undefined;
      }
      case 'list':
      case 'tuple':
        return children(node).map((child) => this.literalValue(child, depth + 1));
      case 'dictionary': {
        const out: Record<string, unknown> = {};
        for (const pair of children(node)) {
          if (pair.type !== 'pair') continue;
          const key = pair.childForFieldName('key');
          const value = pair.childForFieldName('value');
          const keyValue = key ? this.literalValue(key, depth + 1) : undefined;
          if (typeof keyValue === 'string' && value) {
            Object.defineProperty(out, keyValue, {
              value: this.literalValue(value, depth + 1),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
        }
        return out;
      }
      default:
        return undefined;
    }
  }

  private literalPositions(node: Node, path: string, positions: Map<string, Position>, depth: number): void {
    if (depth > 64 || node.type !== 'dictionary') return;
    for (const pair of children(node)) {
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      const keyValue = key && key.type === 'string' ? this.stringValue(key) : undefined;
      if (keyValue === undefined || !value) continue;
      positions.set(`${path}.${keyValue}`, positionOf(key!));
      this.literalPositions(value, `${path}.${keyValue}`, positions, depth + 1);
    }
  }

  /** The value of a string without interpolations; undefined for f-strings with expressions. */
  private stringValue(node: Node): string | undefined {
    if (node.type === 'concatenated_string') {
      const parts = children(node).map((part) => this.stringValue(part));
      return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
    }
    if (node.type !== 'string') return undefined;
    const start = node.child(0);
    const prefix = start ? this.textOf(start).toLowerCase() : '';
    const raw = prefix.includes('r');
    let out = '';
    for (const part of children(node)) {
      if (part.type === 'interpolation') return undefined;
      if (part.type === 'string_content') out += decodePythonString(this.textOf(part), raw);
      else if (part.type === 'escape_sequence') out += decodePythonString(this.textOf(part), raw);
    }
    return out;
  }

  // ---- expressions ---------------------------------------------------------------------------

  private evaluate(node: Node, scope: Scope, depth: number): ValueSummary {
    if (depth > MAX_DEPTH) {
      this.truncated = true;
      return opaque('…');
    }
    const next = depth + 1;
    switch (node.type) {
      case 'string': {
        const value = this.stringValue(node);
        if (value !== undefined) {
          this.word(value);
          return literal(this.textOf(node), value);
        }
        // An f-string: its literal pieces and interpolated expressions.
        const parts: ValueSummary[] = [];
        for (const part of children(node)) {
          if (part.type === 'interpolation') {
            const expression = part.childForFieldName('expression') ?? children(part)[0];
            if (expression) parts.push(this.evaluate(expression, scope, next));
          } else if (part.type === 'string_content') {
            parts.push(literal(this.textOf(part), this.textOf(part)));
          }
        }
        return composed(this.textOf(node), parts);
      }
      case 'concatenated_string':
        return composed(
          this.textOf(node),
          children(node).map((part) => this.evaluate(part, scope, next)),
        );
      case 'integer':
      case 'float':
        return literal(this.textOf(node), Number(this.textOf(node).replace(/_/g, '')));
      case 'true':
        return literal('True', true);
      case 'false':
        return literal('False', false);
      case 'none':
        return literal('None', null);
      case 'identifier': {
        const name = this.textOf(node);
        this.word(name);
        const value = scope.lookup(name);
        return value ? named(value, name) : opaque(name, [name]);
      }
      case 'attribute':
        return this.evaluateAttribute(node, scope, next);
      case 'subscript': {
        const base = node.childForFieldName('value');
        const index = node.childForFieldName('subscript');
        const baseValue = base ? this.evaluate(base, scope, next) : opaque(this.textOf(node));
        if (!index) return derived(this.textOf(node), baseValue);
        if (index.type === 'slice') {
          // `token[:4]` shows a prefix, not the value: it keeps the flow but not the name.
          return { ...derived(this.textOf(node), baseValue), names: [] };
        }
        const key = index.type === 'string' ? this.stringValue(index) : undefined;
        if (key === undefined) this.evaluate(index, scope, next);
        else this.word(key);
        const element = key !== undefined ? baseValue.properties?.[key] : undefined;
        return element ?? derived(this.textOf(node), baseValue, key);
      }
      case 'call':
        return this.evaluateCall(node, scope, next);
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator');
        const values = [left, right]
          .filter((n): n is Node => n !== null)
          .map((n) => this.evaluate(n, scope, next));
        const op = operator ? this.textOf(operator) : '';
        if (op === '+' || op === '%') return composed(this.textOf(node), values);
        if (op === '/' && values.some((v) => !v.constant)) return through(this.textOf(node), values);
        return sanitised(this.textOf(node));
      }
      case 'comparison_operator':
      case 'not_operator':
        for (const child of children(node)) this.evaluate(child, scope, next);
        return sanitised(this.textOf(node));
      case 'conditional_expression': {
        const [whenTrue, condition, whenFalse] = children(node);
        if (condition) this.evaluate(condition, scope, next);
        return through(
          this.textOf(node),
          [whenTrue, whenFalse]
            .filter((n): n is Node => n !== undefined)
            .map((n) => this.evaluate(n, scope, next)),
        );
      }
      case 'list':
      case 'tuple':
      case 'set': {
        const elements = children(node).map((child) => this.evaluate(child, scope, next));
        return {
          ...through(this.textOf(node), elements),
          constant: elements.every((e) => e.constant),
          elements,
        };
      }
      case 'dictionary': {
        const properties: Record<string, ValueSummary> = {};
        const values: ValueSummary[] = [];
        for (const pair of children(node)) {
          if (pair.type !== 'pair') {
            values.push(this.evaluate(pair, scope, next));
            continue;
          }
          const key = pair.childForFieldName('key');
          const value = pair.childForFieldName('value');
          if (!key || !value) continue;
          const keyValue = key.type === 'string' ? this.stringValue(key) : undefined;
          if (keyValue === undefined) values.push(this.evaluate(key, scope, next));
          else this.word(keyValue);
          const summary = this.evaluate(value, scope, next);
          values.push(summary);
          if (keyValue !== undefined) properties[keyValue] = summary;
        }
        return {
          ...through(this.textOf(node), values),
          constant: values.every((v) => v.constant),
          properties,
        };
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        const summary = value ? this.evaluate(value, scope, next) : opaque(this.textOf(node));
        if (name) scope.assign(this.textOf(name), summary);
        return summary;
      }
      case 'lambda':
        return opaque(this.textOf(node));
      case 'keyword_argument': {
        const value = node.childForFieldName('value');
        return value ? this.evaluate(value, scope, next) : opaque(this.textOf(node));
      }
      default: {
        // Parentheses, await, splats, comprehensions, ERROR nodes: what flows in flows out.
        const values = children(node).map((child) =>
          isStatement(child)
            ? (this.visit(child, scope, next), undefined)
            : this.evaluate(child, scope, next),
        );
        const known = values.filter((v): v is ValueSummary => v !== undefined);
        return known.length === 1 && node.type === 'parenthesized_expression'
          ? known[0]!
          : through(this.textOf(node), known);
      }
    }
  }

  private evaluateAttribute(node: Node, scope: Scope, depth: number): ValueSummary {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    const name = attribute ? this.textOf(attribute) : '';
    this.word(name);
    if (HOST_ATTRIBUTES.has(name) && scope.handler) scope.handler.checksUrlHost = true;
    const base = object ? this.evaluate(object, scope, depth) : opaque('?');
    const text = this.textOf(node);
    if (isModelOutputAttribute(text)) return { ...derived(text, base, name), llm: true, constant: false };
    return base.properties?.[name] ?? derived(text, base, name);
  }

  /** A dotted name for a callee made only of names and attributes, imports resolved; else `?.method`. */
  private calleeName(node: Node): string {
    if (node.type === 'identifier') return this.resolveName(this.textOf(node));
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      const base =
        object && (object.type === 'identifier' || object.type === 'attribute')
          ? this.calleeName(object)
          : '?';
      return `${base}.${attribute ? this.textOf(attribute) : '?'}`;
    }
    return '?';
  }

  private evaluateCall(node: Node, scope: Scope, depth: number): ValueSummary {
    const fn = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    const callee = fn ? this.calleeName(fn) : '?';
    const method = methodName(callee);
    this.word(method);
    let receiver: ValueSummary | undefined;
    if (fn?.type === 'attribute') {
      const object = fn.childForFieldName('object');
      if (object) receiver = this.evaluate(object, scope, depth);
    } else if (fn && fn.type !== 'identifier') {
      this.evaluate(fn, scope, depth);
    }
    const args: ValueSummary[] = [];
    const keywords: Record<string, ValueSummary> = {};
    for (const arg of argsNode ? children(argsNode) : []) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) keywords[this.textOf(name)] = this.evaluate(value, scope, depth);
      } else {
        args.push(this.evaluate(arg, scope, depth));
      }
    }
    const text = this.textOf(node);
    const call: CallSite = {
      callee,
      ...(receiver ? { receiver } : {}),
      args,
      keywords,
      construct: false,
      position: positionOf(node),
      text: clip(text),
      ...(scope.handler ? { handler: scope.handler.tool } : {}),
    };
    this.source.calls.push(call);
    this.readToolObject(node, callee);
    if (scope.handler && CONTAINMENT_METHODS.has(method)) scope.handler.checksPathContainment = true;

    const inputs = [...args, ...Object.values(keywords)];
    if (isModelCall(callee)) return modelOutput(text);
    if (SANITISERS.has(callee)) return sanitised(text);
    if (callee === 'os.getenv' || callee === 'os.environ.get') {
      const key = args[0]?.literal;
      return opaque(text, typeof key === 'string' ? [key] : []);
    }
    if (PASS_THROUGH.has(callee)) return through(text, inputs);
    const local = fn?.type === 'identifier' ? this.localFunctions.get(this.textOf(fn)) : undefined;
    if (local) {
      if (scope.handler && local.containment) scope.handler.checksPathContainment = true;
      if (scope.handler && local.host) scope.handler.checksUrlHost = true;
      // Data flows through helpers we can see, unless the helper is itself the containment check.
      return local.containment ? sanitised(text) : { ...through(text, inputs), names: [] };
    }
    if (receiver) {
      if (method === 'format' || method === 'join') return composed(text, [receiver, ...inputs]);
      if (PASS_THROUGH_METHODS.has(method)) {
        const key = method === 'get' || method === 'pop' ? args[0]?.literal : undefined;
        const element = typeof key === 'string' ? receiver.properties?.[key] : undefined;
        return (
          element ??
          derived(text, through(text, [receiver, ...inputs]), typeof key === 'string' ? key : undefined)
        );
      }
      if (receiver.llm) return { ...derived(text, receiver), names: [] };
    }
    return opaque(text);
  }
}

function isStatement(node: Node): boolean {
  return (
    node.type.endsWith('_statement') ||
    node.type.endsWith('_definition') ||
    node.type === 'decorated_definition' ||
    node.type === 'block' ||
    node.type.endsWith('_clause') ||
    node.type === 'with_item' ||
    node.type === 'assignment' ||
    node.type === 'augmented_assignment'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON Schema for a Python annotation, as FastMCP derives one from the signature. */
export function schemaFromAnnotation(annotation: string): Record<string, unknown> {
  let text = annotation.replace(/\s+/g, '');
  const annotated = /^(?:typing\.)?Annotated\[(.*)\]$/.exec(text);
  if (annotated) text = splitTopLevel(annotated[1]!)[0] ?? '';
  const optional = /^(?:typing\.)?Optional\[(.*)\]$/.exec(text);
  if (optional) text = optional[1]!;
  const union = splitTopLevel(text, '|').filter((part) => part !== 'None');
  if (union.length === 1) text = union[0]!;
  const literalMatch = /^(?:typing\.)?Literal\[(.*)\]$/.exec(text);
  if (literalMatch) {
    const values = splitTopLevel(literalMatch[1]!).map((v) => v.replace(/^["']|["']$/g, ''));
    return { type: 'string', enum: values };
  }
  const base = text.split('[', 1)[0]!.replace(/^typing\./, '');
  switch (base) {
    case 'str':
      return { type: 'string' };
    case 'int':
      return { type: 'integer' };
    case 'float':
      return { type: 'number' };
    case 'bool':
      return { type: 'boolean' };
    case 'list':
    case 'List':
    case 'tuple':
    case 'Tuple':
    case 'set':
    case 'Set':
    case 'Sequence':
      return { type: 'array' };
    case 'dict':
    case 'Dict':
    case 'Mapping':
      return { type: 'object' };
    case '':
      return {};
    default:
      return { type: 'object' };
  }
}

function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current) parts.push(current);
  return parts;
}
