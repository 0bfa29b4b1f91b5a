// Reading a WWW-Authenticate challenge needs nothing of the MCP SDK: the rules that read it load
// without it.

/** `resource_metadata="…"` of a WWW-Authenticate Bearer challenge (RFC 9728 §5.1). */
export function resourceMetadataFrom(wwwAuthenticate: string | undefined): string | undefined {
  return /resource_metadata="([^"]+)"/i.exec(wwwAuthenticate ?? '')?.[1];
}
