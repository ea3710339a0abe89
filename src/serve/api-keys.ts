import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServeConfig } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { registerSecret } from '../core/secrets.js';
import { ADMIN_GROUP, EVERYONE, REVIEWER_GROUP, type Reader } from '../core/types.js';

/** The group that may write (ingest) and read eval runs; it never widens what retrieval returns. */
export { ADMIN_GROUP, REVIEWER_GROUP };

/** The environment variable read for keys besides knowhow.yaml: `name:key:group,group; name2:key2:group`. */
export const API_KEYS_ENV = 'KNOWHOW_API_KEYS';

export interface ApiKey {
  name: string;
  key: string;
  /** Access groups, trimmed and lower-cased (the index compares groups that way). */
  groups: string[];
}

/** Who a request acts for, after authentication. */
export interface Principal {
  /** The key's name (never the key); `local` for the loopback operator when no keys exist. */
  keyName: string;
  groups: string[];
  reader: Reader;
  /** Ingest and eval runs: the admin group, or the local operator. */
  isAdmin: boolean;
  /**
   * Its feedback counts as reviewed training data, and it may review others' (the reviewer or
   * admin group, or the local operator); anyone else's feedback waits for a review.
   */
  isReviewer: boolean;
}

export const LOCAL_OPERATOR: Principal = {
  keyName: 'local',
  groups: [],
  reader: EVERYONE,
  isAdmin: true,
  isReviewer: true,
};

const MIN_KEY_LENGTH = 8;

function normalizeGroups(groups: string[]): string[] {
  return [...new Set(groups.map((group) => group.trim().toLowerCase()).filter(Boolean))];
}

/**
 * The keys from `serve.keys` (a literal `key`, or `keyEnv` naming the variable that holds it) and
 * from KNOWHOW_API_KEYS. A key that cannot be resolved is a config error, never silently skipped:
 * a skipped key would turn into a 401 that nobody can explain.
 */
export function resolveApiKeys(options: {
  serve: Pick<ServeConfig, 'keys'>;
  env?: Record<string, string | undefined>;
}): ApiKey[] {
  const env = options.env ?? process.env;
  const keys: ApiKey[] = [];
  options.serve.keys.forEach((entry, index) => {
    const field = `serve.keys[${index}]`;
    let key = entry.key;
    if (key === undefined && entry.keyEnv !== undefined) {
      key = env[entry.keyEnv];
      if (key === undefined || key === '') {
        throw new KnowhowError(
          'CONFIG_INVALID',
          `${field} ("${entry.name}") reads its key from $${entry.keyEnv}, which is not set.`,
          { hint: `Export ${entry.keyEnv} before \`knowhow serve\`, or remove the key from knowhow.yaml.` },
        );
      }
    }
    if (key === undefined) {
      throw new KnowhowError('CONFIG_INVALID', `${field} ("${entry.name}") has neither key nor keyEnv.`, {
        hint: 'Set keyEnv to the environment variable that holds the key (preferred over a literal key).',
      });
    }
    keys.push({ name: entry.name, key, groups: normalizeGroups(entry.groups) });
  });
  keys.push(...parseApiKeysEnv(env[API_KEYS_ENV]));
  validateKeys(keys);
  for (const key of keys) registerSecret(key.key);
  return keys;
}

/** Parses `name:key:group,group` entries separated by `;` or new lines. */
export function parseApiKeysEnv(value: string | undefined): ApiKey[] {
  if (value === undefined || value.trim() === '') return [];
  const keys: ApiKey[] = [];
  for (const [index, raw] of value.split(/[;\n]/).entries()) {
    const entry = raw.trim();
    if (!entry) continue;
    const parts = entry.split(':');
    const name = parts[0]?.trim() ?? '';
    const key = parts[1]?.trim() ?? '';
    if (parts.length !== 3 || !name || !key) {
      throw new KnowhowError(
        'CONFIG_INVALID',
        `${API_KEYS_ENV} entry ${index + 1} is not "name:key:groups" (it has ${parts.length} part(s)).`,
        { hint: `Write e.g. ${API_KEYS_ENV}='support-bot:<key>:support;ops:<key>:admin,support'.` },
      );
    }
    keys.push({ name, key, groups: normalizeGroups((parts[2] ?? '').split(',')) });
  }
  return keys;
}

function validateKeys(keys: ApiKey[]): void {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const key of keys) {
    if (key.key.length < MIN_KEY_LENGTH) {
      throw new KnowhowError(
        'CONFIG_INVALID',
        `API key "${key.name}" is shorter than ${MIN_KEY_LENGTH} characters.`,
        { hint: 'Use a long random key, e.g. `openssl rand -hex 24`.' },
      );
    }
    if (names.has(key.name)) {
      throw new KnowhowError('CONFIG_INVALID', `Two API keys are named "${key.name}".`, {
        hint: 'Give every key a unique name: feedback and logs record it.',
      });
    }
    if (values.has(key.key)) {
      throw new KnowhowError('CONFIG_INVALID', `API key "${key.name}" has the same key as another one.`, {
        hint: 'Give every key its own value, so that its groups are unambiguous.',
      });
    }
    names.add(key.name);
    values.add(key.key);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Looks a presented key up in constant time per configured key (no early exit on a prefix match). */
export function createKeyMatcher(keys: ApiKey[]): (presented: string) => ApiKey | undefined {
  const digests = keys.map((key) => ({ key, digest: digest(key.key) }));
  return (presented) => {
    const candidate = digest(presented);
    let found: ApiKey | undefined;
    for (const entry of digests) {
      if (timingSafeEqual(entry.digest, candidate)) found = entry.key;
    }
    return found;
  };
}

export function principalFor(key: ApiKey): Principal {
  return {
    keyName: key.name,
    groups: key.groups,
    reader: { kind: 'groups', groups: key.groups },
    isAdmin: key.groups.includes(ADMIN_GROUP),
    isReviewer: key.groups.includes(ADMIN_GROUP) || key.groups.includes(REVIEWER_GROUP),
  };
}
