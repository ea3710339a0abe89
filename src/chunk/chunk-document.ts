import { KnowhowError } from '../core/errors.js';
import { estimateTokens, type TokenCounter } from '../core/text/count-tokens.js';
import { hashText } from '../core/text/hash.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import { createChunkLocator } from './locate-chunk.js';
import { packChunks } from './pack-chunks.js';

export interface ChunkOptions {
  maxTokens: number;
  /** Tokens each chunk repeats from the one before it in the same section. */
  overlapTokens: number;
  /** Defaults to `estimateTokens`; pass the embedding model's tokenizer when there is one. */
  countTokens?: TokenCounter;
}

/**
 * Cuts a document into chunks of at most `maxTokens` along its structure. Every chunk's text is
 * exactly `document.text.slice(start, end)`, trimmed, and every non-white-space character of the
 * document lies in at least one chunk; the same input always gives the same chunks. Where the
 * document has an origin, each chunk also says where it stands in the file (SourceLocation).
 */
export function chunkDocument(document: SourceDocument, options: ChunkOptions): Chunk[] {
  const maxTokens = Math.floor(options.maxTokens);
  if (!Number.isFinite(maxTokens) || maxTokens < 1) {
    throw new KnowhowError(
      'CONFIG_INVALID',
      `chunk.maxTokens must be a positive integer, got ${options.maxTokens}`,
      {
        hint: 'Set chunk.maxTokens in knowhow.yaml to the chunk size in tokens, e.g. 400.',
        details: { field: 'chunk.maxTokens', document: document.id },
      },
    );
  }
  const requestedOverlap = Number.isFinite(options.overlapTokens) ? Math.floor(options.overlapTokens) : 0;
  // An overlap as large as the chunk would leave no room for new text; half a chunk still progresses.
  const overlapTokens = Math.max(
    0,
    requestedOverlap >= maxTokens ? Math.floor(maxTokens / 2) : requestedOverlap,
  );
  const countTokens = options.countTokens ?? estimateTokens;
  const spans = packChunks(document.text, { maxTokens, overlapTokens, countTokens });
  const locate = createChunkLocator(document);
  return spans.map((span, index) => {
    const text = document.text.slice(span.start, span.end);
    return {
      id: `${document.id}#${index}`,
      documentId: document.id,
      documentHash: document.hash,
      index,
      text,
      title: document.title,
      headingPath: span.headingPath,
      start: span.start,
      end: span.end,
      source: document.source,
      groups: [...document.groups],
      tokens: span.tokens,
      hash: hashText(text),
      metadata: { ...document.metadata },
      ...locate(span.start, span.end),
    };
  });
}
