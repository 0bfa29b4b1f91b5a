import type { Rule } from '../../types.js';
import { installScript } from './install-script.js';
import { looseVersion } from './loose-version.js';
import { missingLockfile } from './missing-lockfile.js';
import { notInLockfile } from './not-in-lockfile.js';
import { remoteSource } from './remote-source.js';
import { typosquat } from './typosquat.js';
import { vulnerableDependency } from './vulnerable-dependency.js';

export const depRules: Rule[] = [
  vulnerableDependency,
  looseVersion,
  missingLockfile,
  installScript,
  remoteSource,
  typosquat,
  notInLockfile,
];
