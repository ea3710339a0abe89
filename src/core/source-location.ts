import type { SourceLocation } from './types.js';

const locationKeys = ['sourceStart', 'sourceEnd', 'line', 'endLine', 'page', 'endPage'] as const;

/** The location fields `from` has; absent ones stay absent (a derived-text chunk has none). */
export function pickSourceLocation(from: SourceLocation): SourceLocation {
  const location: SourceLocation = {};
  for (const key of locationKeys) {
    const value = from[key];
    if (value !== undefined) location[key] = value;
  }
  return location;
}

/**
 * How people and tools read a location: `billing/refunds.md:7` (the line where the passage
 * starts, the form editors and terminals open), `handbook.pdf p. 3` or `p. 3–4`; just the file
 * when there is neither.
 */
export function formatSourceLocation(source: string, location: SourceLocation): string {
  if (location.page !== undefined) {
    const pages =
      location.endPage !== undefined && location.endPage !== location.page
        ? `pp. ${location.page}–${location.endPage}`
        : `p. ${location.page}`;
    return `${source} ${pages}`;
  }
  return location.line === undefined ? source : `${source}:${location.line}`;
}

/** The snake_case fields the HTTP API adds to a search hit or a citation. */
export function sourceLocationJson(location: SourceLocation): Record<string, number> {
  const json: Record<string, number> = {};
  if (location.sourceStart !== undefined) json.source_start = location.sourceStart;
  if (location.sourceEnd !== undefined) json.source_end = location.sourceEnd;
  if (location.line !== undefined) json.line = location.line;
  if (location.endLine !== undefined) json.end_line = location.endLine;
  if (location.page !== undefined) json.page = location.page;
  if (location.endPage !== undefined) json.end_page = location.endPage;
  return json;
}

/** The inverse of sourceLocationJson: the dashboard reads API hits and citations with it. */
export function sourceLocationFromJson(json: {
  source_start?: number;
  source_end?: number;
  line?: number;
  end_line?: number;
  page?: number;
  end_page?: number;
}): SourceLocation {
  const location: SourceLocation = {};
  if (json.source_start !== undefined) location.sourceStart = json.source_start;
  if (json.source_end !== undefined) location.sourceEnd = json.source_end;
  if (json.line !== undefined) location.line = json.line;
  if (json.end_line !== undefined) location.endLine = json.end_line;
  if (json.page !== undefined) location.page = json.page;
  if (json.end_page !== undefined) location.endPage = json.end_page;
  return location;
}
