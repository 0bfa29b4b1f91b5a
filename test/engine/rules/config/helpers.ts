// Small builders for config test cases: one server entry in a Claude-style `mcpServers` file.
export function servers(entries: Record<string, object>): object {
  return { mcpServers: entries };
}

export function server(entry: object, name = 'srv'): object {
  return servers({ [name]: entry });
}
