/**
 * knowhow's library entry. The CLI and the server are built on exactly these functions.
 */

export { type LoadedConfig, loadConfig, parseConfigText } from './core/config/load-config.js';
export * from './core/config/schema.js';
export * from './core/error-codes.js';
export * from './core/errors.js';
export type * from './core/index-store.js';
export * from './core/types.js';
