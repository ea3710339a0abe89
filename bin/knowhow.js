#!/usr/bin/env node
// Thin launcher: LanceDB's Rust logger reads LANCEDB_LOG once at load time, so it is set before anything imports it.
process.env.LANCEDB_LOG ??= 'error';
process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';
// `knowhow … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
// `knowhow --version` answers from package.json without loading the command line (start-up: README, Layout).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(
    `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`,
  );
  process.exit(0);
}
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
