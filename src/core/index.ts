/**
 * core — the types, errors and config every stage shares. Entry file for `knowhow/core`.
 */
export type * from './case-types.js';
export { CONFIG_FILE, type LoadedConfig, loadConfig, parseConfigText } from './config/load-config.js';
export * from './config/schema.js';
export { defaultPrices } from './default-prices.js';
export * from './error-codes.js';
export * from './errors.js';
export type * from './eval-types.js';
export type * from './feedback-types.js';
export type * from './index-store.js';
export { indexEngineNames } from './index-store.js';
export type * from './report-types.js';
export * from './types.js';
