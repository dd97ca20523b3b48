export declare const minimumNodeVersion: readonly [number, number, number];
export declare function parseNodeVersion(text: unknown): [number, number, number] | null;
export declare function isSupportedNodeVersion(text: unknown, minimum?: readonly [number, number, number]): boolean;
export declare function unsupportedNodeMessage(text: unknown): string;
