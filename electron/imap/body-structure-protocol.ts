// What the main thread and the body structure thread say to each other (body-structure-pool.ts).
import type { ParsedBodyStructure } from './parse-body-structure.ts';

// One BODYSTRUCTURE list as it came in its FETCH line, and the literals inside it.
export type BodyStructureRequest = {
  readonly id: number;
  readonly list: Uint8Array;
  readonly literals: readonly Uint8Array[];
  readonly maxResponseTokens: number;
};

export type BodyStructureReply =
  | ({ readonly id: number; readonly ok: true } & ParsedBodyStructure)
  | { readonly id: number; readonly ok: false; readonly message: string };
