import { isUtf8 } from 'node:buffer';
import { StringTable } from '../string-table.js';
import { BINARY_SNIFF_BYTES } from './decode-text.js';
import { describeFileError } from './file-errors.js';
import { readRecord } from './json-records.js';
import type { IngestFailure, Loader } from './loader.js';
import { readLines } from './read-lines.js';

/**
 * JSON Lines: one record per line, streamed, so a file may be larger than memory. Each bad line
 * is reported with its number and the rest of the file goes on; ingest.maxFileBytes bounds one
 * line rather than the file.
 */
export const loadJsonLines: Loader = async function* (input) {
  const base = { source: input.relativePath, code: 'INPUT_INVALID' as const };
  // A file may hold millions of records: their ids are kept off the JS heap (see StringTable).
  const seen = new StringTable();
  const firstLines: number[] = [];
  let bytesSeen = 0;
  let contentLines = 0;
  let lastLine = 0;
  try {
    for await (const reads of readLines({
      path: input.absolutePath,
      maxLineBytes: input.config.maxFileBytes,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    })) {
      for (const read of reads) {
        input.signal?.throwIfAborted();
        const line = read.line;
        lastLine = line;
        const lineFailure = (failure: Omit<IngestFailure, 'source' | 'code' | 'line'>) => ({
          kind: 'failure' as const,
          failure: { ...base, line, documentId: input.relativePath, ...failure },
        });
        if ('tooLong' in read) {
          contentLines++;
          yield lineFailure({
            reason: `the line is longer than ${input.config.maxFileBytes} bytes`,
            hint: 'Split the record, or raise ingest.maxFileBytes in knowhow.yaml.',
          });
          // A too-long line counts as data seen: a later NUL is then a bad line, not a binary file.
          bytesSeen = BINARY_SNIFF_BYTES;
          continue;
        }
        let bytes = read.bytes;
        if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
          bytes = bytes.subarray(3);
        if (bytesSeen < BINARY_SNIFF_BYTES && bytes.subarray(0, BINARY_SNIFF_BYTES - bytesSeen).includes(0)) {
          yield {
            kind: 'failure',
            failure: {
              ...base,
              documentId: input.relativePath,
              reason: `binary content (a NUL byte in the first ${BINARY_SNIFF_BYTES} bytes) in a file with a text extension`,
              hint: 'Convert it to JSON Lines, fix its extension, or add it to ingest.exclude in knowhow.yaml.',
            },
          };
          return;
        }
        bytesSeen += bytes.length + 1;
        if (!isUtf8(bytes)) {
          contentLines++;
          yield lineFailure({
            reason: 'invalid UTF-8',
            hint: 'Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`), or fix that line.',
          });
          continue;
        }
        const text = bytes.toString('utf8');
        if (!/\S/.test(text)) continue;
        contentLines++;
        let record: unknown;
        try {
          record = JSON.parse(text);
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
          yield lineFailure({
            reason: `malformed JSON: ${message}`,
            hint: `Fix or remove line ${line}: each line must hold one complete JSON object.`,
          });
          continue;
        }
        const result = readRecord({ record, input, line });
        if (!result.ok) {
          yield { kind: 'failure', failure: result.failure };
          continue;
        }
        const entry = seen.add(result.draft.id);
        if (entry < firstLines.length) {
          const first = firstLines[entry];
          yield lineFailure({
            documentId: result.draft.id,
            field: input.config.json.id,
            reason: `duplicate id "${result.draft.id}" (first used on line ${first})`,
            hint: 'Give every record a unique id; the first one is kept.',
          });
          continue;
        }
        firstLines.push(line);
        yield { kind: 'document', draft: result.draft };
      }
    }
  } catch (error) {
    input.signal?.throwIfAborted();
    yield {
      kind: 'failure',
      failure: {
        source: input.relativePath,
        documentId: input.relativePath,
        ...(lastLine > 0 ? { line: lastLine + 1 } : {}),
        ...describeFileError(error),
      },
    };
    return;
  }
  if (contentLines === 0) {
    yield {
      kind: 'failure',
      failure: {
        ...base,
        documentId: input.relativePath,
        reason: lastLine === 0 ? 'the file is empty' : 'the file contains only blank lines',
        hint: 'Add records, delete the file, or add it to ingest.exclude in knowhow.yaml.',
      },
    };
  }
};
