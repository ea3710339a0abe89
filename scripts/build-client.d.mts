/** Types for scripts/build-client.mjs (imported by the test setup). */
export declare const clientDirectory: string;
export declare function buildClient(): Promise<void>;
