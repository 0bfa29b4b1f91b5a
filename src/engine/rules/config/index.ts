import type { Rule } from '../../types.js';
import { broadFilesystem } from './broad-filesystem.js';
import { cleartextRemote } from './cleartext-remote.js';
import { dockerPrivileges } from './docker-privileges.js';
import { inlineSecret } from './inline-secret.js';
import { safetyOff, tlsVerificationOff } from './security-off.js';
import { shellCommand } from './shell-command.js';
import { tokenInUrl } from './token-in-url.js';
import { typosquattedServer } from './typosquat.js';
import { unpinnedPackage } from './unpinned-package.js';

export const configRules: Rule[] = [
  inlineSecret,
  unpinnedPackage,
  shellCommand,
  cleartextRemote,
  tokenInUrl,
  tlsVerificationOff,
  safetyOff,
  broadFilesystem,
  dockerPrivileges,
  typosquattedServer,
];
