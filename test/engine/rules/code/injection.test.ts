// CODE-001 to CODE-004: shell, eval, SQL and deserialization sinks, judged by what flows into them.
import { ruleTester } from '../../../helpers/rule-tester.js';
import { codeEvaluation } from '../../../../src/engine/rules/code/code-evaluation.js';
import { shellInjection } from '../../../../src/engine/rules/code/shell-injection.js';
import { sqlInjection } from '../../../../src/engine/rules/code/sql-injection.js';
import { unsafeDeserialization } from '../../../../src/engine/rules/code/unsafe-deserialization.js';

const py = (code: string) => ({ name: 'server.py', code });
const ts = (code: string) => ({ name: 'server.ts', code });
const js = (code: string) => ({ name: 'server.js', code });

ruleTester(shellInjection, {
  valid: [
    py('import subprocess\nsubprocess.run(["git", "status"], check=True)\n'),
    py('import subprocess\nsubprocess.run("ls -la", shell=True)\n'),
    py(
      'import subprocess, shlex\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n@mcp.tool()\ndef grep(pattern: str) -> str:\n    return subprocess.run(f"grep -r {shlex.quote(pattern)} .", shell=True).stdout\n',
    ),
    py(
      'import subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n@mcp.tool()\ndef log(n: int) -> str:\n    return subprocess.run(["git", "log", "-n", str(n)]).stdout\n',
    ),
    ts("import { execFile } from 'node:child_process';\nexecFile('git', ['status']);\n"),
    ts("import { exec } from 'child_process';\nexec('npm test');\n"),
    js('const re = /a/;\nre.exec(input);\n'),
  ],
  invalid: [
    {
      ...py(
        'import subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n\n@mcp.tool()\ndef grep(pattern: str, folder: str = ".") -> str:\n    """Search files."""\n    cmd = "grep -r " + pattern\n    full = f"{cmd} {folder}"\n    return subprocess.run(full, shell=True, capture_output=True).stdout\n',
      ),
      errors: [
        {
          confidence: 'likely',
          severity: 'critical',
          location: { file: 'server.py', line: 10, tool: 'grep' },
          evidence: 'subprocess.run(full, shell=True',
        },
      ],
    },
    {
      ...py('import os\n\ndef cleanup(folder):\n    os.system("rm -rf " + folder)\n'),
      errors: [{ confidence: 'possible', severity: 'high', location: { line: 4 } }],
    },
    {
      ...py('from os import popen as run_it\n\ndef f(x):\n    return run_it(f"cat {x}").read()\n'),
      errors: [{ confidence: 'possible', evidence: 'run_it(' }],
    },
    {
      ...py(
        'import subprocess\n@server.call_tool()\nasync def call_tool(name: str, arguments: dict):\n    prog = arguments["program"]\n    subprocess.Popen([prog, "--version"])\n',
      ),
      errors: [{ confidence: 'likely', location: { line: 5, tool: 'call_tool' }, title: /Shell command/ }],
    },
    {
      ...ts(
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { exec } from 'node:child_process';\nimport { z } from 'zod';\nconst server = new McpServer({ name: 'x', version: '1' });\nserver.tool('ping', { host: z.string() }, async ({ host }) => {\n  exec(`ping -c 1 ${host}`);\n  return { content: [] };\n});\n",
      ),
      errors: [{ confidence: 'likely', location: { line: 6, tool: 'ping' } }],
    },
    {
      ...js(
        "const cp = require('child_process');\nconst { promisify } = require('util');\nconst run = promisify(cp.exec);\nmodule.exports = async (dir) => run('ls ' + dir);\n",
      ),
      errors: [{ confidence: 'possible', location: { line: 4 } }],
    },
    {
      ...ts(
        "import { spawn } from 'child_process';\nserver.registerTool('run', { description: 'Run', inputSchema: {} }, async (args) => {\n  spawn('sh', ['-c', args.script], { shell: true });\n  return { content: [] };\n});\n",
      ),
      errors: [{ confidence: 'likely', location: { line: 3, tool: 'run' } }],
    },
  ],
});

ruleTester(codeEvaluation, {
  valid: [
    py('result = eval("1 + 2")\n'),
    py('import re\npattern = re.compile(user_pattern)\n'),
    ts("const total = eval('2 * 3');\n"),
    ts('const fn = new Function("a", "b", "return a + b");\n'),
  ],
  invalid: [
    {
      ...py(
        'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("calc")\n@mcp.tool()\ndef calculate(expression: str) -> str:\n    return str(eval(expression))\n',
      ),
      errors: [{ confidence: 'likely', location: { line: 5, tool: 'calculate' } }],
    },
    { ...py('def run(src):\n    exec(compile(src, "<x>", "exec"))\n'), errors: 2 },
    {
      ...ts(
        "server.tool('calc', 'Evaluate', { expr: z.string() }, async ({ expr }) => ({ content: [{ type: 'text', text: String(new Function(`return ${expr}`)()) }] }));\n",
      ),
      errors: [{ confidence: 'likely', location: { line: 1, tool: 'calc' } }],
    },
    {
      ...js(
        "const vm = require('node:vm');\nfunction sandbox(code) { return vm.runInNewContext(code, {}); }\n",
      ),
      errors: [{ confidence: 'possible', location: { line: 2 } }],
    },
  ],
});

ruleTester(sqlInjection, {
  valid: [
    py('def get(cursor, owner):\n    cursor.execute("SELECT * FROM notes WHERE owner = ?", (owner,))\n'),
    py('def get(cursor, n):\n    cursor.execute(f"SELECT * FROM notes LIMIT {int(n)}")\n'),
    ts(
      "async function get(client, id) {\n  return client.query('SELECT * FROM users WHERE id = $1', [id]);\n}\n",
    ),
    ts('const url = `https://example.com/${path}`;\nhttpClient.query(url);\n'),
  ],
  invalid: [
    {
      ...py(
        'import sqlite3\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP("notes")\n@mcp.tool()\ndef find_notes(owner: str) -> list:\n    conn = sqlite3.connect("notes.db")\n    query = "SELECT body FROM notes WHERE owner = \'%s\'" % owner\n    return conn.execute(query).fetchall()\n',
      ),
      errors: [{ confidence: 'likely', location: { line: 8, tool: 'find_notes' } }],
    },
    {
      ...py('def delete(cur, table):\n    cur.execute("DELETE FROM {} WHERE done = 1".format(table))\n'),
      errors: [{ confidence: 'possible', severity: 'medium' }],
    },
    {
      ...ts(
        "server.tool('user', { id: z.string() }, async ({ id }) => {\n  const rows = await db.query(`SELECT * FROM users WHERE id = '${id}'`);\n  return { content: [] };\n});\n",
      ),
      errors: [{ confidence: 'likely', location: { line: 2, tool: 'user' } }],
    },
    {
      ...py('@mcp.tool()\ndef run_sql(sql: str) -> list:\n    return cursor.execute(sql).fetchall()\n'),
      errors: [{ confidence: 'likely', location: { line: 3 } }],
    },
  ],
});

ruleTester(unsafeDeserialization, {
  valid: [
    py('import yaml\nconfig = yaml.load(open("c.yaml"), Loader=yaml.SafeLoader)\n'),
    py('import yaml\nconfig = yaml.safe_load(text)\n'),
    py('import torch\nmodel = torch.load(path, weights_only=True)\n'),
    py('import json\nstate = json.loads(blob)\n'),
    ts('const state = JSON.parse(body);\n'),
  ],
  invalid: [
    {
      ...py(
        'import base64, pickle\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP("state")\n@mcp.tool()\ndef restore(blob: str) -> str:\n    state = pickle.loads(base64.b64decode(blob))\n    return str(state)\n',
      ),
      errors: [{ confidence: 'likely', location: { line: 6, tool: 'restore' } }],
    },
    { ...py('import yaml\ndef read(f):\n    return yaml.load(f)\n'), errors: [{ confidence: 'possible' }] },
    { ...py('import torch\ndef load(p):\n    return torch.load(p)\n'), errors: 1 },
    { ...py('import marshal\ndef load(b):\n    return marshal.loads(b)\n'), errors: 1 },
    {
      ...js(
        "const serialize = require('node-serialize');\nfunction f(cookie) { return serialize.unserialize(cookie); }\n",
      ),
      errors: 1,
    },
  ],
});
