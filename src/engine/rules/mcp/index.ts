import type { Rule } from '../../types.js';
import { identityDisclosure } from './disclosure.js';
import { excessiveAgency } from './excessive-agency.js';
import { injectedInstructions } from './instructions.js';
import { oauthMetadata } from './oauth-metadata.js';
import { foreignOriginAccepted, permissiveCors } from './origin-and-cors.js';
import { outdatedProtocolVersion, protocolVersionNotChecked, sseOnlyTransport } from './protocol.js';
import { sessionIdInUrl, weakSessionIds } from './sessions.js';
import { tokenNotValidated } from './token-validation.js';
import { invalidCertificate, noTls } from './transport-security.js';
import { unauthenticatedServer } from './unauthenticated.js';

/** MCP-*: what a live server does on the wire (authentication, TLS, OAuth, Origin, sessions, protocol). */
export const mcpRules: Rule[] = [
  unauthenticatedServer,
  noTls,
  invalidCertificate,
  tokenNotValidated,
  oauthMetadata,
  foreignOriginAccepted,
  permissiveCors,
  weakSessionIds,
  sessionIdInUrl,
  sseOnlyTransport,
  outdatedProtocolVersion,
  protocolVersionNotChecked,
  injectedInstructions,
  excessiveAgency,
  identityDisclosure,
];
