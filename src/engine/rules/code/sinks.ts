// What the CODE-* rules share: where dangerous calls take their input, how sure a finding is, and
// where it points. Each sink returns the argument that matters, so that the injection rules and the
// LLM-output rule (CODE-010) judge the same places.
import type { CallSite, SourceFile, ValueSummary } from '../../collect/code/model.js';
import type { Confidence, Location, ReportInput, Severity } from '../../types.js';

export function locationOf(
  source: SourceFile,
  call: { position: { line: number; column: number }; handler?: string },
): Location {
  return {
    file: source.file,
    line: call.position.line,
    column: call.position.column,
    ...(call.handler ? { tool: call.handler } : {}),
  };
}

function method(callee: string): string {
  return callee.slice(callee.lastIndexOf('.') + 1);
}

function arg(call: CallSite, index: number, keyword?: string): ValueSummary | undefined {
  return (keyword ? call.keywords[keyword] : undefined) ?? call.args[index];
}

function isTrue(value: ValueSummary | undefined): boolean {
  return (
    value !== undefined &&
    (value.literal === true || (!value.constant && value.literal === undefined && value.text !== 'False'))
  );
}

/** A sink input and what kind of control over it is dangerous. */
export interface SinkInput {
  value: ValueSummary;
  /** `command`: a whole shell string; `program`: the program run without a shell. */
  role: 'command' | 'program' | 'code' | 'query' | 'data';
}

const PY_SHELL_STRING = new Set([
  'os.system',
  'os.popen',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'commands.getoutput',
  'asyncio.create_subprocess_shell',
]);
const PY_SUBPROCESS = /^subprocess\.(?:run|call|check_call|check_output|Popen)$/;
const PY_EXEC_PROGRAM =
  /^(?:asyncio\.create_subprocess_exec|os\.exec[lv]p?e?|os\.spawn[lv]p?e?|os\.posix_spawnp?)$/;
const JS_SHELL_STRING = /^(?:child_process\.(?:exec|execSync)|shelljs\.exec|execa\.execaCommand(?:Sync)?)$/;
const JS_SPAWN =
  /^(?:child_process\.(?:spawn|spawnSync|execFile|execFileSync|fork)|execa(?:\.execa(?:Sync)?)?)$/;

/** The command a call runs in a shell, or the program it runs, when it runs one. */
export function shellInput(call: CallSite): SinkInput | undefined {
  const { callee } = call;
  if (PY_SHELL_STRING.has(callee) || JS_SHELL_STRING.test(callee)) {
    const value = arg(call, 0, 'cmd') ?? arg(call, 0, 'command');
    return value && { value, role: 'command' };
  }
  if (PY_SUBPROCESS.test(callee)) {
    const value = arg(call, 0, 'args');
    if (!value) return undefined;
    if (isTrue(call.keywords.shell)) return { value, role: 'command' };
    const program = value.elements ? value.elements[0] : value;
    return program && { value: program, role: 'program' };
  }
  if (PY_EXEC_PROGRAM.test(callee)) {
    const value = callee.startsWith('os.spawn') ? call.args[1] : call.args[0];
    return value && { value, role: 'program' };
  }
  if (JS_SPAWN.test(callee)) {
    const value = call.args[0];
    if (!value) return undefined;
    const shell = call.args.some((a) => a.properties?.shell && isTrue(a.properties.shell));
    if (shell) {
      const list = call.args[1]?.elements ?? [];
      const parts = [value, ...list];
      return {
        value: parts.find((p) => p.taint.length > 0) ?? parts.find((p) => !p.constant) ?? value,
        role: 'command',
      };
    }
    return { value, role: 'program' };
  }
  return undefined;
}

const PY_EVAL = new Set(['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec', 'builtins.compile']);
const JS_EVAL =
  /^(?:eval|Function|vm\.(?:runInNewContext|runInThisContext|runInContext|compileFunction|Script))$/;

/** The code a call evaluates. */
export function evalInput(call: CallSite, source: SourceFile): SinkInput | undefined {
  const callee = call.callee;
  if (source.language === 'python' ? PY_EVAL.has(callee) : JS_EVAL.test(callee)) {
    // `new Function(a, b, body)`: every argument is code.
    const parts = callee === 'Function' ? call.args : call.args.slice(0, 1);
    const value =
      parts.find((p) => p.taint.length > 0) ?? parts.find((p) => p.llm) ?? parts.find((p) => !p.constant);
    return value ? { value, role: 'code' } : parts[0] && { value: parts[0], role: 'code' };
  }
  return undefined;
}

const SQL_WORDS =
  /\b(?:select|insert\s+into|update|delete\s+from|create\s+table|drop\s+table|alter\s+table|replace\s+into|pragma|where|values)\b/i;
const ANY_RECEIVER_SQL =
  /^(?:execute|executemany|executescript|\$queryRawUnsafe|\$executeRawUnsafe|read_sql|read_sql_query)$/;
const DB_RECEIVER_SQL = /^(?:query|raw|exec|prepare|run|all|get|text)$/;
/** Methods that take nothing but SQL, so that a caller-supplied string is a caller-supplied query. */
const WHOLE_QUERY =
  /^(?:execute|executemany|executescript|query|raw|\$queryRawUnsafe|\$executeRawUnsafe|read_sql|read_sql_query)$/;
// The receiver's last name (`self.db`, `app.user_db`), starting with a database word or holding one after
// an `_`. The lookahead makes only the last name a candidate: each name is read once.
const DB_RECEIVER =
  /(?:^|\.)(?=\w*$)(?:\w*_)?(?:db|conn|connection|client|pool|sql|sqlite|cursor|cur|database|knex|sequelize|session|engine|tx|trx|transaction|pg|mysql|sqlalchemy)\w*$/i;

/** The SQL text a call runs. */
export function sqlInput(call: CallSite): SinkInput | undefined {
  const name = method(call.callee);
  const receiver = call.callee.slice(0, Math.max(0, call.callee.lastIndexOf('.')));
  const anyReceiver = ANY_RECEIVER_SQL.test(name);
  const dbReceiver =
    DB_RECEIVER_SQL.test(name) && (DB_RECEIVER.test(receiver) || call.callee === 'sqlalchemy.text');
  if (!anyReceiver && !dbReceiver) return undefined;
  const value = arg(call, 0, 'sql');
  if (!value) return undefined;
  // A string built with SQL around it, or a whole query handed over by the caller.
  if (value.built && SQL_WORDS.test(value.fragments)) return { value, role: 'query' };
  if (!value.built && (value.taint.length > 0 || value.llm) && WHOLE_QUERY.test(name))
    return { value, role: 'query' };
  return undefined;
}

const PY_DESERIALISE =
  /^(?:c?[Pp]ickle\.(?:loads?|Unpickler)|dill\.loads?|marshal\.loads?|shelve\.open|jsonpickle\.decode|joblib\.load|pandas\.read_pickle|yaml\.unsafe_load(?:_all)?|_pickle\.loads?)$/;
const JS_DESERIALISE = /^(?:node-serialize\.unserialize|serialize\.unserialize|v8\.deserialize)$/;

/** The bytes a call turns back into objects in a way that can run code. */
export function deserialiseInput(call: CallSite, source: SourceFile): SinkInput | undefined {
  const { callee } = call;
  const value = call.args[0];
  if (!value) return undefined;
  if (source.language !== 'python') return JS_DESERIALISE.test(callee) ? { value, role: 'data' } : undefined;
  if (PY_DESERIALISE.test(callee)) return { value, role: 'data' };
  if (callee === 'yaml.load' || callee === 'yaml.load_all') {
    const loader = call.keywords.Loader ?? call.args[1];
    return loader && /(?:Safe|Base)Loader$/.test(loader.text) ? undefined : { value, role: 'data' };
  }
  if (callee === 'torch.load') {
    return call.keywords.weights_only?.literal === true ? undefined : { value, role: 'data' };
  }
  if (callee === 'numpy.load' || callee === 'np.load') {
    return call.keywords.allow_pickle?.literal === true ? { value, role: 'data' } : undefined;
  }
  return undefined;
}

/**
 * How a sink's input is judged: `likely` when a tool parameter flows into it, `possible` when it is
 * merely not constant. Input that only a model's output reaches is CODE-010's to report.
 */
export function judge(
  value: ValueSummary,
): { confidence: Confidence; severity?: Severity; because: string } | undefined {
  if (value.taint.length > 0) {
    return {
      confidence: 'likely',
      because: `tool parameter ${value.taint.map((t) => `\`${t}\``).join(', ')} flows into it`,
    };
  }
  if (value.llm || value.constant) return undefined;
  return { confidence: 'possible', because: 'its input is not a constant' };
}

/** Reports one finding per sink call, with the flow in the description. */
export function reportSink(
  report: (input: ReportInput) => void,
  source: SourceFile,
  call: CallSite,
  verdict: { confidence: Confidence; because: string },
  what: string,
  severityWhenPossible: Severity,
): void {
  report({
    evidence: call.text,
    location: locationOf(source, call),
    confidence: verdict.confidence,
    ...(verdict.confidence === 'possible' ? { severity: severityWhenPossible } : {}),
    description: `${what}: ${verdict.because}${call.handler ? ` (in the handler of tool \`${call.handler}\`)` : ''}.`,
  });
}
