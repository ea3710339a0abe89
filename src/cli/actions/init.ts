import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../../core/config/load-config.js';
import { KnowhowError } from '../../core/errors.js';
import type { CommandContext, CommandResult } from '../output.js';
import { pathExists } from '../path-exists.js';
import { configTemplate, exampleCasesTemplate } from '../templates/config-template.js';

export async function runInit(context: CommandContext, options: { force: boolean }): Promise<CommandResult> {
  const configFile = path.join(context.cwd, CONFIG_FILE);
  if ((await pathExists(configFile)) && !options.force) {
    throw new KnowhowError('USAGE', `${configFile} already exists.`, {
      hint: 'Pass --force to overwrite it.',
    });
  }
  await writeFile(configFile, configTemplate);
  const casesDirectory = path.join(context.cwd, 'cases');
  await mkdir(casesDirectory, { recursive: true });
  const caseFile = path.join(casesDirectory, 'example.yaml');
  const wroteCase = !(await pathExists(caseFile));
  if (wroteCase) await writeFile(caseFile, exampleCasesTemplate);
  const created = [configFile, ...(wroteCase ? [caseFile] : [])];
  return {
    data: { created },
    text: [
      ...created.map((file) => `created ${path.relative(context.cwd, file) || file}`),
      '',
      'Next: put your documents in docs/ and run `knowhow ingest`, then `knowhow ask "…"`.',
    ].join('\n'),
  };
}
