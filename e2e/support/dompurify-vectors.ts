// DOMPurify's own test vectors (its test/fixtures/expect.js), as its npm package shipped them
// up to version 0.8.2: installed as the devDependency `dompurify-vectors` (npm:dompurify@0.8.2,
// MPL-2.0 OR Apache-2.0), so they come from DOMPurify's authors, not from a copy here. Only the
// fixture is read; that version's purify.js is never loaded. Its expected outputs are for
// DOMPurify's default settings, and Letterbox's pipeline is stricter (no SVG, MathML or forms),
// so the suite uses the payloads alone, under its own pass criteria: no dialog, no script side
// effect, no request before consent.
import { createRequire } from 'node:module';

type Vector = { readonly title: string; readonly payload: string };

const require = createRequire(import.meta.url);
const vectors = require('dompurify-vectors/test/fixtures/expect.js') as readonly Vector[];

// Two vectors repeat a payload under another title.
export const dompurifyVectors: readonly string[] = [...new Set(vectors.map((vector) => vector.payload))];
