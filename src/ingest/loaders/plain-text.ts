import { type Loader, titleFromPath } from './loader.js';
import { readTextFile } from './read-file.js';

export const loadPlainText: Loader = async function* (input) {
  const read = await readTextFile(input);
  if (!read.ok) {
    yield { kind: 'failure', failure: read.failure };
    return;
  }
  yield {
    kind: 'document',
    draft: {
      id: input.relativePath,
      text: read.text,
      title: titleFromPath(input.relativePath),
      source: input.relativePath,
      format: 'text',
      modifiedAt: input.modifiedAt,
      metadata: {},
      origin: { kind: 'file', map: read.map },
    },
  };
};
