// Runs first in every npm script, so someone on an old Node gets one clear sentence
// instead of a syntax error from a .ts file.
/* global process */
import { isSupportedNodeVersion, unsupportedNodeMessage } from './node-version.mjs';

if (!isSupportedNodeVersion(process.versions.node)) {
  process.stderr.write(unsupportedNodeMessage(process.versions.node) + '\n');
  process.exit(1);
}
