// CODE-005 to CODE-010: TLS switched off, SSRF, path traversal, open binds, secrets in logs, and
// model output reaching a sink.
import { ruleTester } from '../../../helpers/rule-tester.js';
import { exposedWithoutAuth } from '../../../../src/engine/rules/code/exposed-bind.js';
import { llmOutputToSink } from '../../../../src/engine/rules/code/llm-output-sink.js';
import { pathTraversal } from '../../../../src/engine/rules/code/path-traversal.js';
import { secretsLogged } from '../../../../src/engine/rules/code/secrets-logged.js';
import { serverSideRequestForgery } from '../../../../src/engine/rules/code/ssrf.js';
import { tlsVerificationDisabled } from '../../../../src/engine/rules/code/tls-verification.js';

const py = (code: string) => ({ name: 'server.py', code });
const ts = (code: string) => ({ name: 'server.ts', code });
const tool = (params: string, body: string) =>
  py(
    `from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n\n@mcp.tool()\ndef handler(${params}) -> str:\n${body}`,
  );

ruleTester(tlsVerificationDisabled, {
  valid: [
    py('import requests\nrequests.get("https://api.example.com", verify=True)\n'),
    py('import requests\nrequests.get(url, verify="/etc/ssl/ca.pem")\n'),
    ts("import https from 'node:https';\nconst agent = new https.Agent({ rejectUnauthorized: true, ca });\n"),
    ts("process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';\n"),
  ],
  invalid: [
    {
      ...py('import requests\nr = requests.post(url, json=body, verify=False)\n'),
      errors: [{ location: { line: 2 } }],
    },
    { ...py('import ssl\nctx = ssl._create_unverified_context()\n'), errors: 1 },
    { ...py('import ssl\nssl._create_default_https_context = ssl._create_unverified_context\n'), errors: 1 },
    {
      ...py(
        'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
      ),
      errors: 2,
    },
    { ...py('import os\nos.environ["PYTHONHTTPSVERIFY"] = "0"\n'), errors: 1 },
    { ...py('import httpx\nclient = httpx.AsyncClient(verify=False)\n'), errors: 1 },
    {
      ...ts(
        "import https from 'node:https';\nconst agent = new https.Agent({ rejectUnauthorized: false });\n",
      ),
      errors: [{ location: { line: 2 } }],
    },
    { ...ts("process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';\n"), errors: 1 },
    {
      ...ts(
        'const tls = { rejectUnauthorized: false };\naxios.get(url, { httpsAgent: new https.Agent(tls) });\n',
      ),
      errors: 1,
    },
  ],
});

ruleTester(serverSideRequestForgery, {
  valid: [
    tool('repo: str', '    return requests.get(f"https://api.github.com/repos/{repo}").text\n'),
    tool(
      'url: str',
      '    host = urlparse(url).hostname\n    if host not in ALLOWED:\n        raise ValueError("host")\n    return requests.get(url).text\n',
    ),
    py('import requests\ndef fetch(url):\n    return requests.get(url).text\n'),
    ts(
      "server.tool('issue', { id: z.string() }, async ({ id }) => {\n  await fetch(`https://api.example.com/issues/${id}`);\n  return { content: [] };\n});\n",
    ),
  ],
  invalid: [
    {
      ...tool('url: str', '    import httpx\n    return httpx.get(url, timeout=5).text\n'),
      errors: [{ confidence: 'likely', location: { line: 7, tool: 'handler' } }],
    },
    {
      ...py(
        'import requests\n@mcp.tool()\nasync def fetch(target: str):\n    async with aiohttp.ClientSession() as session:\n        async with session.get(target) as r:\n            return await r.text()\n',
      ),
      errors: [{ location: { line: 5 } }],
    },
    {
      ...ts(
        "server.registerTool('fetch', { inputSchema: { url: z.string() } }, async ({ url }) => {\n  const res = await fetch(url);\n  return { content: [{ type: 'text', text: await res.text() }] };\n});\n",
      ),
      errors: [{ location: { line: 2, tool: 'fetch' } }],
    },
    {
      ...ts(
        "import axios from 'axios';\nserver.tool('get', { base: z.string() }, async ({ base }) => {\n  await axios.get(base + '/status');\n  return { content: [] };\n});\n",
      ),
      errors: 1,
    },
  ],
});

ruleTester(pathTraversal, {
  valid: [
    tool(
      'name: str',
      '    root = Path("/srv/docs").resolve()\n    target = (root / name).resolve()\n    if not target.is_relative_to(root):\n        raise ValueError("outside")\n    return target.read_text()\n',
    ),
    tool('name: str', '    return open(os.path.join("/srv/docs", os.path.basename(name))).read()\n'),
    py('def read(path):\n    return open(path).read()\n'),
    ts(
      "import { readFile } from 'node:fs/promises';\nimport path from 'node:path';\nfunction inside(root, p) { const full = path.resolve(root, p); if (!full.startsWith(root + path.sep)) throw new Error('outside'); return full; }\nserver.tool('read', { file: z.string() }, async ({ file }) => ({ content: [{ type: 'text', text: await readFile(inside(ROOT, file), 'utf8') }] }));\n",
    ),
  ],
  invalid: [
    {
      ...tool('path: str', '    with open(os.path.join("/srv/docs", path)) as f:\n        return f.read()\n'),
      errors: [{ confidence: 'likely', location: { line: 6, tool: 'handler' } }],
    },
    { ...tool('name: str', '    return (Path("/srv") / name).read_text()\n'), errors: 1 },
    { ...tool('victim: str', '    shutil.rmtree(victim)\n    return "ok"\n'), errors: 1 },
    {
      ...ts(
        "import * as fs from 'fs';\nimport path from 'path';\nserver.tool('read', { file: z.string() }, async ({ file }) => {\n  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');\n  return { content: [{ type: 'text', text }] };\n});\n",
      ),
      errors: [{ location: { line: 4, tool: 'read' } }],
    },
  ],
});

ruleTester(exposedWithoutAuth, {
  valid: [
    py(
      'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x", host="127.0.0.1")\nmcp.run(transport="streamable-http")\n',
    ),
    py(
      'import uvicorn\nfrom starlette.middleware.authentication import AuthenticationMiddleware\napp.add_middleware(AuthenticationMiddleware, backend=TokenBackend())\nuvicorn.run(app, host="0.0.0.0", port=8000)\n',
    ),
    ts("app.listen(3000, '127.0.0.1');\n"),
    ts("app.use(requireBearerAuth({ verifier }));\napp.listen(3000, '0.0.0.0');\n"),
  ],
  invalid: [
    {
      ...py('import uvicorn\nuvicorn.run(app, host="0.0.0.0", port=8000)\n'),
      errors: [{ location: { line: 2 } }],
    },
    {
      ...py('from mcp.server.fastmcp import FastMCP\nHOST = "0.0.0.0"\nmcp = FastMCP("ops", host=HOST)\n'),
      errors: [{ location: { line: 3 } }],
    },
    { ...py('mcp.settings.host = "0.0.0.0"\nmcp.run("sse")\n'), errors: 1 },
    {
      ...py('from http.server import HTTPServer\nHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()\n'),
      errors: 1,
    },
    {
      ...ts("const app = express();\napp.listen(3000, '0.0.0.0', () => console.log('up'));\n"),
      errors: [{ location: { line: 2 } }],
    },
    { ...ts("httpServer.listen({ host: '::', port: 8080 });\n"), errors: 1 },
  ],
});

ruleTester(secretsLogged, {
  valid: [
    py(
      'import logging\nlogger = logging.getLogger(__name__)\nlogger.info("using model %s with max_tokens=%d", model, max_tokens)\n',
    ),
    py('print(f"key ends with {api_key[-4:]}")\n'),
    py('print("API key configured:", bool(api_key))\n'),
    py('for key in data:\n    print(key, data[key])\n'),
    ts('console.log(`token count: ${usage.total_tokens}`);\n'),
    ts("console.log('Set GITHUB_TOKEN to enable the GitHub tools');\n"),
  ],
  invalid: [
    {
      ...py('api_key = os.environ["OPENAI_API_KEY"]\nprint(f"Using key {api_key}")\n'),
      errors: [{ location: { line: 2 } }],
    },
    {
      ...py('import logging\nlog = logging.getLogger()\nlog.debug("login %s / %s", user, password)\n'),
      errors: 1,
    },
    { ...py('logger.info("headers: %s", {"Authorization": auth_token})\n'), errors: 1 },
    { ...py('print(os.getenv("GITHUB_TOKEN"))\n'), errors: 1 },
    { ...ts("console.log('token', process.env.GITHUB_TOKEN);\n"), errors: [{ location: { line: 1 } }] },
    {
      ...ts('const clientSecret = cfg.secret;\nconsole.error(`auth failed for ${clientSecret}`);\n'),
      errors: 1,
    },
  ],
});

ruleTester(llmOutputToSink, {
  valid: [
    py(
      'from openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model="m", messages=[])\nprint(r.choices[0].message.content)\n',
    ),
    py('import subprocess\nsubprocess.run(["ls"], check=True)\n'),
    ts('const { text } = await generateText({ model, prompt });\nconsole.log(text);\n'),
  ],
  invalid: [
    {
      ...py(
        'import subprocess\nfrom openai import OpenAI\nclient = OpenAI()\n\ndef fix(task):\n    response = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": task}])\n    command = response.choices[0].message.content.strip()\n    return subprocess.run(command, shell=True, capture_output=True)\n',
      ),
      errors: [{ location: { line: 8 }, evidence: 'subprocess.run(command, shell=True' }],
    },
    {
      ...py(
        'import anthropic\nclient = anthropic.Anthropic()\nmsg = client.messages.create(model="claude", max_tokens=100, messages=[])\nsql = msg.content[0].text\ncursor.execute(sql)\n',
      ),
      errors: 1,
    },
    {
      ...ts(
        "import { generateText } from 'ai';\nconst { text } = await generateText({ model, prompt });\neval(text);\n",
      ),
      errors: [{ location: { line: 3 } }],
    },
    {
      ...ts(
        "import { execSync } from 'node:child_process';\nconst completion = await openai.chat.completions.create({ model, messages });\nconst code = completion.choices[0].message.content;\nexecSync(code);\n",
      ),
      errors: [{ location: { line: 4 } }],
    },
  ],
});
