import { defineRule } from '../../types.js';
import { deserialiseInput, judge, reportSink } from './sinks.js';

export const unsafeDeserialization = defineRule({
  meta: {
    id: 'CODE-004',
    title: 'Unsafe deserialization',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP05',
    cwe: 'CWE-502',
    hipaa_mapping: '45 CFR 164.312(c)(1)',
    description:
      'Data is loaded with a deserializer that can run code (pickle, marshal, shelve, dill, yaml.load without SafeLoader, torch.load without weights_only=True, node-serialize). Anyone who controls the bytes controls the process.',
    remediation:
      'Load untrusted data with formats that carry no code: JSON, yaml.safe_load, torch.load(..., weights_only=True), safetensors. Sign and verify anything that must be pickled.',
    monitor_candidate: false,
    docs: 'Flags `pickle`/`cPickle`/`dill`/`marshal` `load(s)`, `shelve.open`, `jsonpickle.decode`, `joblib.load`, `pandas.read_pickle`, `yaml.load`/`load_all` without a Safe or Base loader, `yaml.unsafe_load`, `torch.load` without `weights_only=True`, `numpy.load(allow_pickle=True)`, and node-serialize `unserialize`. A tool parameter flowing in makes it `likely`, any other non-constant input `possible`. Example: `@mcp.tool()\\ndef restore(blob: str):\\n    return pickle.loads(base64.b64decode(blob))` runs whatever `__reduce__` the caller packed.',
  },
  artifact: 'source-file',
  check(source, context) {
    for (const call of source.calls) {
      const input = deserialiseInput(call, source);
      const verdict = input && judge(input.value);
      if (verdict)
        reportSink(
          context.report,
          source,
          call,
          verdict,
          'This call deserializes data in a way that can run code',
          'medium',
        );
    }
  },
});
