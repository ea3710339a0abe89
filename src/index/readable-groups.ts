import { PUBLIC_GROUP, type Reader } from '../core/types.js';

/**
 * The groups a reader may read, as every store compares them: its own (trimmed, lower-cased)
 * plus `public`; null for the local operator, who reads everything.
 */
export function readableGroups(reader: Reader): string[] | null {
  if (reader.kind === 'all') return null;
  return [
    ...new Set([PUBLIC_GROUP, ...reader.groups.map((group) => group.trim().toLowerCase()).filter(Boolean)]),
  ];
}
