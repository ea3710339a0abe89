import type { CommandSpec } from '../main.js';

/** Every command, in the order `knowhow --help` lists them. */
export const commands: CommandSpec[] = [];
