import picomatch from 'picomatch';
import type { IngestConfig } from '../core/config/schema.js';
import { PUBLIC_GROUP } from '../core/types.js';

export interface GroupResolverOptions {
  /** `ingest.access` from knowhow.yaml: the first rule whose glob matches wins. */
  rules: IngestConfig['access'];
  /** The CLI's --groups: applies to documents that name no groups and match no rule. */
  defaultGroups?: string[];
}

export interface GroupSubject {
  id: string;
  /** The file the document came from (relative to the ingest root): rules match it too, so that
   * `hr/**` covers the records of `hr/people.jsonl`. */
  path: string;
  /** Groups the document names itself (front matter or record field). */
  groups?: string[];
}

export type GroupResolver = (subject: GroupSubject) => string[];

/**
 * Decides who may read a document. Precedence: the document's own groups, then the first
 * matching access rule, then --groups, then public. The result is never empty.
 */
export function createGroupResolver(options: GroupResolverOptions): GroupResolver {
  const rules = options.rules.map((rule) => ({
    matches: picomatch(rule.match, { dot: true }),
    groups: normalizeGroups(rule.groups),
  }));
  const defaults = normalizeGroups(options.defaultGroups ?? []);
  const fallback = defaults.length > 0 ? defaults : [PUBLIC_GROUP];
  return (subject) => {
    const own = normalizeGroups(subject.groups ?? []);
    if (own.length > 0) return own;
    for (const rule of rules) {
      if (rule.groups.length > 0 && (rule.matches(subject.id) || rule.matches(subject.path)))
        return rule.groups;
    }
    return fallback;
  };
}

/** Trimmed, lower-cased, de-duplicated and sorted; empty names dropped. */
export function normalizeGroups(groups: readonly string[]): string[] {
  const unique = new Set<string>();
  for (const group of groups) {
    const name = group.trim().toLowerCase();
    if (name.length > 0) unique.add(name);
  }
  return [...unique].sort();
}

/**
 * Reads a `groups` value written by a user: a list of names or one comma-separated string.
 * Returns null when the value has another shape or names no group, so the caller can report it
 * rather than silently publish a document its author meant to restrict.
 */
export function readGroupsValue(value: unknown): string[] | null {
  let names: string[];
  if (typeof value === 'string') names = value.split(',');
  else if (
    Array.isArray(value) &&
    value.every((item) => typeof item === 'string' || typeof item === 'number')
  ) {
    names = value.map(String);
  } else return null;
  const groups = normalizeGroups(names);
  return groups.length > 0 ? groups : null;
}
