/**
 * cli — the `knowhow` command line (bin/knowhow.js runs main.ts). Commands declare their options in
 * light modules (commands/) and import their implementation (actions/) only when they run, so
 * start-up stays under 0.3 s. It holds no pipeline logic: every command gets its wiring from the
 * composition root (src/workspace) and returns a CommandResult, so --json is uniform. Nothing else
 * imports the CLI; the library (src/library.ts) is the programmatic way in.
 */
export { main, selectedCommand } from './main.js';
