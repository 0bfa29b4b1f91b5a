// JavaScript and TypeScript sources, parsed with the TypeScript compiler API (syntax only, no type
// checking) and walked once: imports and `require` resolved to dotted names, variables followed
// within each function, every call recorded with what flows into its arguments, and the MCP SDK's
// tool registrations (`server.tool`, `registerTool`, `setRequestHandler(CallToolRequestSchema, …)`)
// read as handlers and definitions.
import ts from 'typescript';
import type { DefinitionKind, Position, ServerSurface } from '../../types.js';
import {
  CONTAINMENT_METHODS,
  HOST_ATTRIBUTES,
  isModelCall,
  isModelOutputAttribute,
  methodName,
} from './catalog.js';
import type { CallSite, SourceFile, ToolHandler, ValueSummary } from './model.js';
import { Scope } from './scope.js';
import { toSurface, type DeclaredDefinition } from './surface.js';
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

const MAX_DEPTH = 250;

const PASS_THROUGH = new Set([
  'String',
  'JSON.stringify',
  'JSON.parse',
  'path.join',
  'path.resolve',
  'path.normalize',
  'path.format',
  'URL',
  'decodeURIComponent',
  'decodeURI',
  'Buffer.from',
  'Array.from',
  'Object.values',
  'util.format',
]);

const SANITISERS = new Set([
  'Number',
  'parseInt',
  'parseFloat',
  'Boolean',
  'Math.floor',
  'Math.round',
  'encodeURIComponent',
  'path.basename',
  'shellQuote.quote',
  'shell-quote.quote',
  'shellEscape',
  'escapeShellArg',
]);

const PASS_THROUGH_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'replace',
  'replaceAll',
  'split',
  'slice',
  'substring',
  'toString',
  'concat',
  'join',
  'map',
  'filter',
  'padStart',
  'padEnd',
  'normalize',
  'at',
  'get',
]);

interface Analysis {
  source: SourceFile;
  surface: ServerSurface | undefined;
  errors: string[];
}

export function analyseScript(file: string, text: string, language: 'javascript' | 'typescript'): Analysis {
  const source: SourceFile = {
    kind: 'source-file',
    file,
    language,
    calls: [],
    writes: [],
    handlers: [],
    words: new Set(),
  };
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      false,
      language === 'typescript' ? ts.ScriptKind.TS : ts.ScriptKind.JS,
    );
  } catch (error) {
    // The compiler's parser recurses; absurd nesting overflows its stack. Nothing else is at risk.
    const reason = error instanceof RangeError ? 'nesting too deep to parse' : 'could not parse';
    return { source, surface: undefined, errors: [`${language}: ${reason}`] };
  }
  const walker = new ScriptWalker(sourceFile, source);
  walker.run();
  const errors: string[] = [];
  const diagnostics =
    (sourceFile as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (first) {
    const at = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0);
    errors.push(
      `${language} syntax error at line ${at.line + 1}, column ${at.character + 1}: ${clip(ts.flattenDiagnosticMessageText(first.messageText, ' '), 120)}; the rest of the file was analysed`,
    );
  }
  if (walker.truncated)
    errors.push(`${language}: nesting deeper than ${MAX_DEPTH} levels; the deeper part was not analysed`);
  return { source, surface: walker.surface(), errors };
}

/** `node:fs/promises` and `fs/promises` both read as `fs.promises`. */
function moduleName(specifier: string): string {
  return specifier.replace(/^node:/, '').replace(/\//g, '.');
}

function propertyName(name: ts.PropertyName | ts.MemberName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return name.text;
  return undefined;
}

function isFunctionLike(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isSatisfiesExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

class ScriptWalker {
  truncated = false;
  private readonly aliases = new Map<string, string>();
  private readonly module = new Scope(undefined, undefined);
  private readonly localFunctions = new Map<string, { containment: boolean; host: boolean }>();
  private readonly declared: DeclaredDefinition[] = [];
  private serverName: string | undefined;
  private instructions: string | undefined;

  constructor(
    private readonly sf: ts.SourceFile,
    readonly source: SourceFile,
  ) {}

  run(): void {
    this.indexFunctions();
    for (const statement of this.sf.statements) this.visit(statement, this.module, 0);
  }

  surface(): ServerSurface | undefined {
    return toSurface(this.source.file, this.serverName, this.instructions, this.declared);
  }

  private position(node: ts.Node): Position {
    const at = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    return { line: at.line + 1, column: at.character + 1 };
  }

  private textOf(node: ts.Node): string {
    return this.sf.text.slice(node.getStart(this.sf), node.end);
  }

  private word(value: string): void {
    if (value.length <= 40 && this.source.words.size < 20_000) this.source.words.add(value.toLowerCase());
  }

  /** Which top-level helpers compare paths with a root or look at a URL's host. */
  private indexFunctions(): void {
    const inspect = (name: string, body: ts.Node) => {
      let containment = false;
      let host = false;
      const scan = (node: ts.Node, depth: number): void => {
        if (depth > MAX_DEPTH) return;
        if (ts.isCallExpression(node)) {
          const callee = unwrap(node.expression);
          if (ts.isPropertyAccessExpression(callee) && CONTAINMENT_METHODS.has(callee.name.text))
            containment = true;
        }
        if (ts.isPropertyAccessExpression(node) && HOST_ATTRIBUTES.has(node.name.text)) host = true;
        ts.forEachChild(node, (child) => scan(child, depth + 1));
      };
      scan(body, 0);
      this.localFunctions.set(name, { containment, host });
    };
    for (const statement of this.sf.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
        inspect(statement.name.text, statement.body);
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (
            ts.isIdentifier(declaration.name) &&
            declaration.initializer &&
            isFunctionLike(declaration.initializer)
          ) {
            inspect(declaration.name.text, declaration.initializer.body);
          }
        }
      }
    }
  }

  // ---- statements ---------------------------------------------------------------------------

  private visit(node: ts.Node, scope: Scope, depth: number): void {
    if (depth > MAX_DEPTH) {
      this.truncated = true;
      return;
    }
    const next = depth + 1;
    if (ts.isImportDeclaration(node)) {
      this.readImport(node);
    } else if (ts.isVariableStatement(node)) {
      for (const declaration of node.declarationList.declarations)
        this.visitDeclaration(declaration, scope, next);
    } else if (ts.isFunctionDeclaration(node)) {
      if (node.name) this.word(node.name.text);
      this.visitFunction(node, scope, next, undefined);
    } else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      for (const member of node.members) {
        if (
          (ts.isMethodDeclaration(member) ||
            ts.isConstructorDeclaration(member) ||
            ts.isGetAccessor(member)) &&
          member.body
        ) {
          this.visitFunction(member, scope, next, undefined);
        } else if (ts.isPropertyDeclaration(member) && member.initializer) {
          this.evaluate(member.initializer, scope, next);
        }
      }
    } else if (ts.isExpressionStatement(node)) {
      this.evaluate(node.expression, scope, next);
    } else if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const iterable = this.evaluate(node.expression, scope, next);
      if (ts.isVariableDeclarationList(node.initializer)) {
        for (const declaration of node.initializer.declarations)
          this.bindName(declaration.name, derived(iterable.text, iterable), scope);
      }
      this.visit(node.statement, scope, next);
    } else if (ts.isVariableDeclarationList(node)) {
      for (const declaration of node.declarations) this.visitDeclaration(declaration, scope, next);
    } else if (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) {
      return;
    } else {
      ts.forEachChild(node, (child) => {
        if (isStatementLike(child)) this.visit(child, scope, next);
        else if (isExpressionLike(child)) this.evaluate(child as ts.Expression, scope, next);
      });
    }
  }

  private readImport(node: ts.ImportDeclaration): void {
    if (!ts.isStringLiteral(node.moduleSpecifier) || !node.importClause) return;
    const from = moduleName(node.moduleSpecifier.text);
    const clause = node.importClause;
    if (clause.name) this.aliases.set(clause.name.text, from);
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (ts.isNamespaceImport(bindings)) this.aliases.set(bindings.name.text, from);
    else {
      for (const element of bindings.elements) {
        const imported = element.propertyName ? propertyName(element.propertyName) : element.name.text;
        this.aliases.set(element.name.text, `${from}.${imported ?? element.name.text}`);
      }
    }
  }

  /** `require('x')`, `promisify(exec)`: the module or function a variable stands for. */
  private aliasOf(initializer: ts.Expression): string | undefined {
    const expression = unwrap(ts.isAwaitExpression(initializer) ? initializer.expression : initializer);
    if (!ts.isCallExpression(expression)) return undefined;
    const callee = this.calleeName(expression.expression);
    const first = expression.arguments[0];
    if (
      (callee === 'require' || expression.expression.kind === ts.SyntaxKind.ImportKeyword) &&
      first &&
      ts.isStringLiteral(first)
    ) {
      return moduleName(first.text);
    }
    if ((callee === 'util.promisify' || callee === 'promisify') && first) return this.calleeName(first);
    return undefined;
  }

  private visitDeclaration(declaration: ts.VariableDeclaration, scope: Scope, depth: number): void {
    const init = declaration.initializer;
    if (!init) return;
    const alias = this.aliasOf(init);
    if (alias) {
      if (ts.isIdentifier(declaration.name)) this.aliases.set(declaration.name.text, alias);
      else if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          const imported = element.propertyName
            ? propertyName(element.propertyName)
            : propertyName(element.name);
          if (ts.isIdentifier(element.name) && imported)
            this.aliases.set(element.name.text, `${alias}.${imported}`);
        }
      }
      return;
    }
    const value = this.evaluate(init, scope, depth);
    this.bindName(declaration.name, value, scope);
    const target = unwrap(init);
    if (ts.isNewExpression(target)) this.readServerConstructor(target);
  }

  private bindName(name: ts.BindingName, value: ValueSummary, scope: Scope): void {
    if (ts.isIdentifier(name)) {
      scope.assign(name.text, value);
      this.word(name.text);
      return;
    }
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      const key = ts.isObjectBindingPattern(name)
        ? element.propertyName
          ? propertyName(element.propertyName)
          : propertyName(element.name)
        : undefined;
      const part =
        (key !== undefined ? value.properties?.[key] : undefined) ?? derived(value.text, value, key);
      this.bindName(
        element.name,
        isModelOutputAttribute(`${value.text}.${key ?? ''}`) ? { ...part, llm: true } : part,
        scope,
      );
    }
  }

  private visitFunction(
    fn: ts.FunctionLikeDeclaration,
    outer: Scope,
    depth: number,
    handler: ToolHandler | undefined,
  ): void {
    const scope = new Scope(outer, handler ?? outer.handler);
    fn.parameters.forEach((p, index) => {
      const tainted = handler !== undefined && index === 0;
      const bindAll = (name: ts.BindingName) => {
        if (ts.isIdentifier(name)) {
          scope.bind(name.text, tainted ? parameter(name.text) : opaque(name.text, [name.text]));
          if (tainted && !handler!.parameters.includes(name.text)) handler!.parameters.push(name.text);
        } else {
          for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindAll(element.name);
        }
      };
      bindAll(p.name);
      if (p.initializer) this.evaluate(p.initializer, outer, depth);
    });
    const body = fn.body;
    if (!body) return;
    if (ts.isBlock(body)) for (const statement of body.statements) this.visit(statement, scope, depth + 1);
    else this.evaluate(body, scope, depth + 1);
  }

  // ---- MCP SDK: servers, tool registrations, handlers ----------------------------------------

  private readServerConstructor(node: ts.NewExpression): void {
    const name = this.calleeName(node.expression);
    if (!/(?:^|\.)(?:McpServer|Server)$/.test(name)) return;
    const [info, options] = node.arguments ?? [];
    const infoValue = info ? this.literalValue(info, 0) : undefined;
    if (isPlainObject(infoValue) && typeof infoValue.name === 'string') this.serverName ??= infoValue.name;
    const optionsValue = options ? this.literalValue(options, 0) : undefined;
    if (isPlainObject(optionsValue) && typeof optionsValue.instructions === 'string') {
      this.instructions ??= optionsValue.instructions;
    }
  }

  /**
   * `server.tool(name, [description], [shape], [annotations], handler)`, `server.registerTool(name,
   * config, handler)`, the prompt and resource equivalents, and `setRequestHandler(CallToolRequestSchema,
   * handler)`. Returns the handler the callback argument should be analysed as.
   */
  private readRegistration(call: ts.CallExpression, callee: string): ToolHandler | undefined {
    const method = methodName(callee);
    const args = call.arguments;
    const callback = args.at(-1);
    if (method === 'setRequestHandler') {
      const schema = args[0] ? this.calleeName(args[0]) : '';
      if (!/CallToolRequestSchema$/.test(schema) || !callback || !isFunctionLike(callback)) return undefined;
      return this.addHandler('tools/call', this.position(call));
    }
    const kinds: Record<string, DefinitionKind> = {
      tool: 'tool',
      registerTool: 'tool',
      prompt: 'prompt',
      registerPrompt: 'prompt',
      resource: 'resource',
      registerResource: 'resource',
    };
    const kind = kinds[method];
    const nameArg = args[0];
    if (!kind || callee.indexOf('.') < 0 || !nameArg || !ts.isStringLiteralLike(nameArg)) return undefined;
    if (!callback || !isFunctionLike(callback)) return undefined;
    const positions = new Map<string, Position>([['name', this.position(nameArg)]]);
    let description = '';
    let title: string | undefined;
    let shape: ts.Expression | undefined;
    let annotations: Record<string, unknown> | undefined;
    let uri: string | undefined;
    const middle = args.slice(1, -1);
    if (method.startsWith('register')) {
      if (kind === 'resource' && middle[0] && ts.isStringLiteralLike(middle[0])) uri = middle[0].text;
      const config = middle.find((arg) => ts.isObjectLiteralExpression(unwrap(arg)));
      const properties = config
        ? this.objectProperties(unwrap(config) as ts.ObjectLiteralExpression)
        : new Map();
      const descriptionNode = properties.get('description');
      if (descriptionNode && ts.isStringLiteralLike(unwrap(descriptionNode))) {
        description = (unwrap(descriptionNode) as ts.StringLiteralLike).text;
        positions.set('description', this.position(descriptionNode));
      }
      const titleNode = properties.get('title');
      if (titleNode && ts.isStringLiteralLike(unwrap(titleNode)))
        title = (unwrap(titleNode) as ts.StringLiteralLike).text;
      shape = properties.get('inputSchema') ?? properties.get('argsSchema');
      const annotationsNode = properties.get('annotations');
      const annotationsValue = annotationsNode ? this.literalValue(annotationsNode, 0) : undefined;
      if (isPlainObject(annotationsValue)) annotations = annotationsValue;
    } else {
      for (const arg of middle) {
        const inner = unwrap(arg);
        if (ts.isStringLiteralLike(inner)) {
          if (kind === 'resource' && uri === undefined) uri = inner.text;
          else {
            description = inner.text;
            positions.set('description', this.position(inner));
          }
        } else if (ts.isObjectLiteralExpression(inner)) {
          if (shape === undefined && this.looksLikeZodShape(inner)) shape = inner;
          else {
            const value = this.literalValue(inner, 0);
            if (isPlainObject(value)) annotations = value;
          }
        }
      }
    }
    const inputSchema = shape
      ? this.zodObjectSchema(shape, 'inputSchema', positions)
      : { type: 'object', properties: {} };
    const name = nameArg.text;
    this.declared.push({
      kind,
      name,
      ...(title !== undefined ? { title } : {}),
      description,
      inputSchema,
      ...(annotations ? { annotations } : {}),
      ...(uri !== undefined ? { uri } : {}),
      position: this.position(call),
      positions,
    });
    return kind === 'resource' ? undefined : this.addHandler(name, this.position(call));
  }

  private addHandler(tool: string, position: Position): ToolHandler {
    const handler: ToolHandler = {
      tool,
      position,
      parameters: [],
      checksPathContainment: false,
      checksUrlHost: false,
    };
    this.source.handlers.push(handler);
    return handler;
  }

  /** Low-level servers list tools as `{ name, description, inputSchema: {...} }` object literals. */
  private readToolObject(node: ts.ObjectLiteralExpression): void {
    const properties = this.objectProperties(node);
    const nameNode = properties.get('name');
    const schemaNode = properties.get('inputSchema');
    if (!nameNode || !schemaNode || !ts.isStringLiteralLike(unwrap(nameNode))) return;
    if (!ts.isObjectLiteralExpression(unwrap(schemaNode))) return;
    const raw = this.literalValue(node, 0);
    if (!isPlainObject(raw)) return;
    const positions = new Map<string, Position>([['name', this.position(nameNode)]]);
    const descriptionNode = properties.get('description');
    if (descriptionNode) positions.set('description', this.position(descriptionNode));
    this.literalPositions(unwrap(schemaNode), 'inputSchema', positions, 0);
    this.declared.push({
      kind: 'tool',
      name: (unwrap(nameNode) as ts.StringLiteralLike).text,
      ...(typeof raw.title === 'string' ? { title: raw.title } : {}),
      description: typeof raw.description === 'string' ? raw.description : '',
      inputSchema: isPlainObject(raw.inputSchema) ? raw.inputSchema : {},
      ...(isPlainObject(raw.annotations) ? { annotations: raw.annotations } : {}),
      position: this.position(node),
      positions,
    });
  }

  private objectProperties(node: ts.ObjectLiteralExpression): Map<string, ts.Expression> {
    const out = new Map<string, ts.Expression>();
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) {
        const key = propertyName(property.name);
        if (key !== undefined) out.set(key, property.initializer);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        out.set(property.name.text, property.name);
      }
    }
    return out;
  }

  private looksLikeZodShape(node: ts.ObjectLiteralExpression): boolean {
    const values = [...this.objectProperties(node).values()];
    return (
      values.length > 0 &&
      values.every(
        (value) => ts.isCallExpression(unwrap(value)) || ts.isPropertyAccessExpression(unwrap(value)),
      )
    );
  }

  /** A zod raw shape (`{ path: z.string().describe(...) }`) or `z.object(shape)` as JSON Schema. */
  private zodObjectSchema(
    node: ts.Expression,
    path: string,
    positions: Map<string, Position>,
  ): Record<string, unknown> {
    let inner = unwrap(node);
    if (
      ts.isCallExpression(inner) &&
      /(?:^|\.)object$/.test(this.calleeName(inner.expression)) &&
      inner.arguments[0]
    ) {
      inner = unwrap(inner.arguments[0]);
    }
    if (!ts.isObjectLiteralExpression(inner)) {
      const value = this.literalValue(inner, 0);
      return isPlainObject(value) ? value : { type: 'object' };
    }
    if (!this.looksLikeZodShape(inner)) {
      // A JSON Schema written out as an object literal.
      this.literalPositions(inner, path, positions, 0);
      const value = this.literalValue(inner, 0);
      return isPlainObject(value) ? value : { type: 'object' };
    }
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const [key, value] of this.objectProperties(inner)) {
      const { schema, optional } = this.zodSchema(value, 0);
      properties[key] = schema;
      if (!optional) required.push(key);
      positions.set(`${path}.properties.${key}`, this.position(value.parent ?? value));
    }
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }

  private zodSchema(
    node: ts.Expression,
    depth: number,
  ): { schema: Record<string, unknown>; optional: boolean } {
    const inner = unwrap(node);
    if (depth > 64 || !ts.isCallExpression(inner)) return { schema: {}, optional: false };
    const callee = inner.expression;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    const receiver = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : undefined;
    const firstArg = inner.arguments[0];
    const receiverIsZod = receiver !== undefined && /^z(?:\.coerce)?$/.test(this.textOf(receiver));
    if (!receiverIsZod && receiver && ts.isCallExpression(receiver)) {
      const base = this.zodSchema(receiver, depth + 1);
      const argValue = firstArg ? this.literalValue(firstArg, 0) : undefined;
      switch (method) {
        case 'describe':
          if (typeof argValue === 'string') base.schema.description = argValue;
          break;
        case 'optional':
        case 'nullish':
          base.optional = true;
          break;
        case 'default':
          base.optional = true;
          if (argValue !== undefined) base.schema.default = argValue;
          break;
        case 'url':
          base.schema.format = 'uri';
          break;
        case 'email':
          base.schema.format = 'email';
          break;
        case 'int':
          base.schema.type = 'integer';
          break;
        case 'min':
        case 'max':
          if (typeof argValue === 'number') {
            const key =
              base.schema.type === 'string' ? `${method}Length` : method === 'min' ? 'minimum' : 'maximum';
            base.schema[key] = argValue;
          }
          break;
      }
      return base;
    }
    const types: Record<string, string> = {
      string: 'string',
      number: 'number',
      boolean: 'boolean',
      bigint: 'integer',
      array: 'array',
      object: 'object',
      record: 'object',
      date: 'string',
    };
    if (method === 'enum' && firstArg) {
      const values = this.literalValue(firstArg, 0);
      return {
        schema: { type: 'string', ...(Array.isArray(values) ? { enum: values } : {}) },
        optional: false,
      };
    }
    if (method === 'literal' && firstArg)
      return { schema: { const: this.literalValue(firstArg, 0) }, optional: false };
    if (method === 'array' && firstArg) {
      return {
        schema: { type: 'array', items: this.zodSchema(firstArg, depth + 1).schema },
        optional: false,
      };
    }
    if (method === 'object' && firstArg)
      return { schema: this.zodObjectSchema(firstArg, '', new Map()), optional: false };
    return { schema: types[method] ? { type: types[method] } : {}, optional: false };
  }

  /** An object/array/string/number/boolean/null literal as a JS value; undefined otherwise. */
  private literalValue(node: ts.Expression, depth: number): unknown {
    const inner = unwrap(node);
    if (depth > 64) return undefined;
    if (ts.isStringLiteralLike(inner)) return inner.text;
    if (ts.isNumericLiteral(inner)) return Number(inner.text);
    if (inner.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (inner.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (inner.kind === ts.SyntaxKind.NullKeyword) return null;
    if (
      ts.isPrefixUnaryExpression(inner) &&
      inner.operator === ts.SyntaxKind.MinusToken &&
      ts.isNumericLiteral(inner.operand)
    ) {
      return -Number(inner.operand.text);
    }
    if (ts.isArrayLiteralExpression(inner))
      return inner.elements.map((element) => this.literalValue(element, depth + 1));
    if (ts.isObjectLiteralExpression(inner)) {
      const out: Record<string, unknown> = {};
      for (const [key, value] of this.objectProperties(inner)) {
        Object.defineProperty(out, key, {
          value: this.literalValue(value, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return undefined;
  }

  private literalPositions(
    node: ts.Expression,
    path: string,
    positions: Map<string, Position>,
    depth: number,
  ): void {
    if (depth > 64 || !ts.isObjectLiteralExpression(node)) return;
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const key = propertyName(property.name);
      if (key === undefined) continue;
      positions.set(`${path}.${key}`, this.position(property));
      this.literalPositions(unwrap(property.initializer), `${path}.${key}`, positions, depth + 1);
    }
  }

  // ---- expressions ---------------------------------------------------------------------------

  /** A dotted name for a callee made of names and property accesses, imports resolved; else `?.m`. */
  private calleeName(node: ts.Expression): string {
    const inner = unwrap(node);
    if (ts.isIdentifier(inner)) return this.aliases.get(inner.text) ?? inner.text;
    if (ts.isPropertyAccessExpression(inner)) {
      const base = unwrap(inner.expression);
      const prefix =
        ts.isIdentifier(base) ||
        ts.isPropertyAccessExpression(base) ||
        base.kind === ts.SyntaxKind.ThisKeyword
          ? base.kind === ts.SyntaxKind.ThisKeyword
            ? 'this'
            : this.calleeName(base)
          : '?';
      return `${prefix}.${inner.name.text}`;
    }
    if (ts.isElementAccessExpression(inner) && ts.isStringLiteralLike(inner.argumentExpression)) {
      return `${this.calleeName(inner.expression)}.${inner.argumentExpression.text}`;
    }
    return '?';
  }

  private evaluate(node: ts.Expression, scope: Scope, depth: number): ValueSummary {
    if (depth > MAX_DEPTH) {
      this.truncated = true;
      return opaque('…');
    }
    const next = depth + 1;
    const text = () => this.textOf(node);
    if (ts.isStringLiteralLike(node)) {
      this.word(node.text);
      return literal(text(), node.text);
    }
    if (ts.isNumericLiteral(node)) return literal(text(), Number(node.text));
    switch (node.kind) {
      case ts.SyntaxKind.TrueKeyword:
        return literal('true', true);
      case ts.SyntaxKind.FalseKeyword:
        return literal('false', false);
      case ts.SyntaxKind.NullKeyword:
        return literal('null', null);
      case ts.SyntaxKind.ThisKeyword:
        return opaque('this');
    }
    if (ts.isIdentifier(node)) {
      this.word(node.text);
      if (node.text === 'undefined') return literal('undefined', null);
      const value = scope.lookup(node.text);
      return value ? named(value, node.text) : opaque(node.text, [node.text]);
    }
    if (ts.isTemplateExpression(node)) {
      const parts: ValueSummary[] = [literal(node.head.text, node.head.text)];
      for (const span of node.templateSpans) {
        parts.push(this.evaluate(span.expression, scope, next));
        parts.push(literal(span.literal.text, span.literal.text));
      }
      return composed(text(), parts);
    }
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isTypeAssertionExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isAwaitExpression(node) ||
      ts.isSpreadElement(node)
    ) {
      return this.evaluate(node.expression, scope, next);
    }
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      this.word(name);
      if (HOST_ATTRIBUTES.has(name) && scope.handler) scope.handler.checksUrlHost = true;
      const base = this.evaluate(node.expression, scope, next);
      if (isModelOutputAttribute(this.calleeName(node)) || isModelOutputAttribute(text())) {
        return { ...derived(text(), base, name), llm: true, constant: false };
      }
      return base.properties?.[name] ?? derived(text(), base, name);
    }
    if (ts.isElementAccessExpression(node)) {
      const base = this.evaluate(node.expression, scope, next);
      const key = ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
      if (key === undefined) this.evaluate(node.argumentExpression, scope, next);
      else this.word(key);
      return (key !== undefined ? base.properties?.[key] : undefined) ?? derived(text(), base, key);
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) return this.evaluateCall(node, scope, next);
    if (ts.isBinaryExpression(node)) return this.evaluateBinary(node, scope, next);
    if (ts.isConditionalExpression(node)) {
      this.evaluate(node.condition, scope, next);
      return through(text(), [
        this.evaluate(node.whenTrue, scope, next),
        this.evaluate(node.whenFalse, scope, next),
      ]);
    }
    if (ts.isArrayLiteralExpression(node)) {
      const elements = node.elements.map((element) => this.evaluate(element, scope, next));
      return { ...through(text(), elements), constant: elements.every((e) => e.constant), elements };
    }
    if (ts.isObjectLiteralExpression(node)) {
      this.readToolObject(node);
      const properties: Record<string, ValueSummary> = {};
      const values: ValueSummary[] = [];
      for (const property of node.properties) {
        let value: ValueSummary | undefined;
        let key: string | undefined;
        if (ts.isPropertyAssignment(property)) {
          key = propertyName(property.name);
          value = this.evaluate(property.initializer, scope, next);
        } else if (ts.isShorthandPropertyAssignment(property)) {
          key = property.name.text;
          value = this.evaluate(property.name, scope, next);
        } else if (ts.isSpreadAssignment(property)) {
          value = this.evaluate(property.expression, scope, next);
        } else if (ts.isMethodDeclaration(property) || ts.isGetAccessor(property)) {
          this.visitFunction(property, scope, next, undefined);
        }
        if (key !== undefined) this.word(key);
        if (!value) continue;
        values.push(value);
        if (key !== undefined) properties[key] = value;
      }
      return { ...through(text(), values), constant: values.every((v) => v.constant), properties };
    }
    if (isFunctionLike(node)) {
      this.visitFunction(node, scope, next, undefined);
      return opaque(text());
    }
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      this.evaluate(node.operand, scope, next);
      return sanitised(text());
    }
    if (ts.isTypeOfExpression(node)) {
      this.evaluate(node.expression, scope, next);
      return sanitised(text());
    }
    if (ts.isTaggedTemplateExpression(node)) {
      // Tag functions (sql`…`, $`…`) receive the pieces separately and escape them.
      this.evaluate(node.template, scope, next);
      return opaque(text());
    }
    const values: ValueSummary[] = [];
    ts.forEachChild(node, (child) => {
      if (isExpressionLike(child)) values.push(this.evaluate(child as ts.Expression, scope, next));
      else if (isStatementLike(child)) this.visit(child, scope, next);
    });
    return through(text(), values);
  }

  private evaluateBinary(node: ts.BinaryExpression, scope: Scope, depth: number): ValueSummary {
    const operator = node.operatorToken.kind;
    const text = this.textOf(node);
    if (operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.PlusEqualsToken) {
      const right = this.evaluate(node.right, scope, depth);
      const value =
        operator === ts.SyntaxKind.PlusEqualsToken
          ? composed(text, [this.evaluate(node.left, scope, depth), right])
          : right;
      this.assign(node.left, value, scope, depth, node);
      return value;
    }
    const left = this.evaluate(node.left, scope, depth);
    const right = this.evaluate(node.right, scope, depth);
    if (operator === ts.SyntaxKind.PlusToken) return composed(text, [left, right]);
    if (
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.AmpersandAmpersandToken ||
      operator === ts.SyntaxKind.CommaToken
    ) {
      return through(text, [left, right]);
    }
    return sanitised(text);
  }

  private assign(
    target: ts.Expression,
    value: ValueSummary,
    scope: Scope,
    depth: number,
    statement: ts.Node,
  ): void {
    const inner = unwrap(target);
    if (ts.isIdentifier(inner)) {
      scope.assign(inner.text, value);
      return;
    }
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
      if (ts.isElementAccessExpression(inner)) this.evaluate(inner.argumentExpression, scope, depth);
      this.source.writes.push({
        target: this.calleeName(inner),
        value,
        position: this.position(statement),
        text: clip(this.textOf(statement)),
      });
    }
  }

  private evaluateCall(
    node: ts.CallExpression | ts.NewExpression,
    scope: Scope,
    depth: number,
  ): ValueSummary {
    const calleeNode = unwrap(node.expression);
    const callee = this.calleeName(calleeNode);
    const method = methodName(callee);
    const text = this.textOf(node);
    this.word(method);
    let receiver: ValueSummary | undefined;
    if (ts.isPropertyAccessExpression(calleeNode) || ts.isElementAccessExpression(calleeNode)) {
      receiver = this.evaluate(calleeNode.expression, scope, depth);
    } else if (!ts.isIdentifier(calleeNode)) {
      this.evaluate(calleeNode, scope, depth);
    }
    const handler = ts.isCallExpression(node) ? this.readRegistration(node, callee) : undefined;
    const args: ValueSummary[] = [];
    for (const arg of node.arguments ?? []) {
      if (handler && isFunctionLike(arg) && arg === node.arguments!.at(-1)) {
        this.visitFunction(arg, scope, depth, handler);
        args.push(opaque(this.textOf(arg)));
      } else {
        args.push(this.evaluate(arg, scope, depth));
      }
    }
    const call: CallSite = {
      callee,
      ...(receiver ? { receiver } : {}),
      args,
      keywords: {},
      construct: ts.isNewExpression(node),
      position: this.position(node),
      text: clip(text),
      ...(scope.handler ? { handler: scope.handler.tool } : {}),
    };
    this.source.calls.push(call);
    if (scope.handler && CONTAINMENT_METHODS.has(method)) scope.handler.checksPathContainment = true;

    if (isModelCall(callee)) return modelOutput(text);
    if (SANITISERS.has(callee)) return sanitised(text);
    if (PASS_THROUGH.has(callee)) return through(text, args);
    const local = ts.isIdentifier(calleeNode) ? this.localFunctions.get(calleeNode.text) : undefined;
    if (local) {
      if (scope.handler && local.containment) scope.handler.checksPathContainment = true;
      if (scope.handler && local.host) scope.handler.checksUrlHost = true;
      return local.containment ? sanitised(text) : { ...through(text, args), names: [] };
    }
    if (receiver) {
      if (method === 'join' || method === 'concat') return composed(text, [receiver, ...args]);
      if (PASS_THROUGH_METHODS.has(method)) return through(text, [receiver, ...args]);
      if (receiver.llm && (method === 'text' || method === 'json'))
        return { ...derived(text, receiver), names: [] };
    }
    return opaque(text);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStatementLike(node: ts.Node): boolean {
  return (
    (node.kind >= ts.SyntaxKind.FirstStatement && node.kind <= ts.SyntaxKind.LastStatement) ||
    ts.isBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isCaseClause(node) ||
    ts.isDefaultClause(node) ||
    ts.isCatchClause(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isVariableDeclarationList(node) ||
    ts.isModuleBlock(node) ||
    ts.isModuleDeclaration(node) ||
    ts.isExportAssignment(node) ||
    ts.isImportDeclaration(node)
  );
}

function isExpressionLike(node: ts.Node): boolean {
  return (
    (!isStatementLike(node) &&
      !ts.isTypeNode(node) &&
      !ts.isToken(node) &&
      !ts.isTemplateSpan(node) &&
      !ts.isParameter(node) &&
      !ts.isTypeParameterDeclaration(node) &&
      !ts.isHeritageClause(node) &&
      !ts.isVariableDeclaration(node) &&
      !ts.isImportClause(node) &&
      !ts.isModifier(node)) ||
    ts.isIdentifier(node)
  );
}
