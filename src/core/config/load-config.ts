import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { KnowhowError } from '../errors.js';
import { closestMatch } from '../text/closest-match.js';
import { parseOnce } from './parse-once.js';
import { configSchema, type KnowhowConfig } from './schema.js';

export const CONFIG_FILE = 'knowhow.yaml';

export interface LoadedConfig {
  config: KnowhowConfig;
  /** Folder holding knowhow.yaml (or the cwd when none exists); relative config paths resolve here. */
  root: string;
  /** Absolute path of knowhow.yaml, or null when running on defaults. */
  file: string | null;
  /** Absolute data dir (index, runs, caches). */
  dataDir: string;
}

export interface ConfigIssue {
  /** Dotted key path, e.g. `chunk.maxTokens`. */
  key: string;
  line: number | null;
  column: number | null;
  message: string;
  allowed?: string[];
}

/** Looks for knowhow.yaml in `cwd` and its parents, like git does for .git. */
export async function findConfigFile(cwd: string): Promise<string | null> {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    try {
      await readFile(candidate, { flag: 'r' });
      return candidate;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return null;
      dir = parent;
    }
  }
}

export interface LoadConfigOptions {
  cwd: string;
  /** Explicit file (`--config`); otherwise found by walking up from cwd. */
  file?: string;
  /** When false, a missing file means defaults rooted at cwd. */
  required?: boolean;
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const file = options.file ? path.resolve(options.cwd, options.file) : await findConfigFile(options.cwd);
  if (!file) {
    if (options.required) {
      throw new KnowhowError('CONFIG_NOT_FOUND', `No ${CONFIG_FILE} in ${options.cwd} or its parents.`, {
        hint: 'Run `knowhow init` to create one.',
      });
    }
    const config = configSchema.parse({}, parseOnce);
    const root = path.resolve(options.cwd);
    return { config, root, file: null, dataDir: path.resolve(root, config.dataDir) };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new KnowhowError('CONFIG_NOT_FOUND', `Cannot read ${file}.`, {
      cause: error,
      hint: 'Check the path given to --config.',
    });
  }
  const config = parseConfigText(decodeConfigBytes(bytes, file), file);
  const root = path.dirname(file);
  return { config, root, file, dataDir: path.resolve(root, config.dataDir) };
}

/**
 * The file's text, or CONFIG_INVALID naming the first byte that is not UTF-8: decoding with
 * replacement characters would turn `café` saved as Latin-1 into `caf�` and carry on silently.
 */
export function decodeConfigBytes(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    let line = 1;
    for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
    throw new KnowhowError(
      'CONFIG_INVALID',
      `${fileName} is not UTF-8 text (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset}, line ${line}).`,
      {
        hint: 'Save knowhow.yaml as UTF-8 (editors call it "UTF-8" or "Unicode"); YAML files must be UTF-8.',
        details: { file: fileName, line, offset },
      },
    );
  }
}

/** Smallest prefix that fails to decode, by bisection: a streaming decoder accepts a cut mid-character. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const fails = (length: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let low = 1;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (fails(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/**
 * Aliases a config may expand to: a real knowhow.yaml uses a handful (shared model settings); a
 * "billion laughs" file needs thousands, and the yaml library's own default (100) would surface
 * as an INTERNAL ReferenceError instead of a config error.
 */
const MAX_ALIAS_COUNT = 100;

/** Parses and validates YAML text, reporting every problem with its line and the allowed values. */
export function parseConfigText(text: string, fileName = CONFIG_FILE): KnowhowConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const pos = first.linePos?.[0];
    throw new KnowhowError(
      'CONFIG_INVALID',
      `${fileName}${pos ? `:${pos.line}:${pos.col}` : ''}: ${first.message.split('\n')[0]}`,
      {
        hint: 'Fix the YAML syntax (indentation uses spaces; quote values containing ": ").',
        details: { file: fileName, line: pos?.line ?? null, column: pos?.col ?? null },
      },
    );
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    throw new KnowhowError(
      'CONFIG_INVALID',
      `${fileName}: YAML aliases expand too far (${error instanceof Error ? error.message : String(error)}).`,
      {
        hint: `Write the values out, or use fewer anchors (&name) and aliases (*name): at most ${MAX_ALIAS_COUNT} alias expansions are read.`,
        details: { file: fileName },
      },
    );
  }
  const result = configSchema.safeParse(raw, parseOnce);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => describeIssue(issue, document, lineCounter));
  const lines = issues.map(
    (issue) =>
      `  ${fileName}${issue.line === null ? '' : `:${issue.line}`} ${issue.key || '(top level)'}: ${issue.message}` +
      (issue.allowed && issue.allowed.length > 0 ? ` Allowed: ${issue.allowed.join(', ')}.` : ''),
  );
  throw new KnowhowError('CONFIG_INVALID', `${fileName} is not valid:\n${lines.join('\n')}`, {
    hint: 'Fix the keys listed above; `knowhow init --force` writes a commented example of every section.',
    details: { file: fileName, issues },
  });
}

function describeIssue(issue: z.core.$ZodIssue, document: Document, lineCounter: LineCounter): ConfigIssue {
  if (issue.code === 'invalid_union') {
    // `models.tuned` is a registered name or a model entry: report the branch the value was meant for.
    const meant = issue.errors.find(
      (branch) => !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
    );
    const first = meant?.[0];
    if (first)
      return describeIssue({ ...first, path: [...issue.path, ...first.path] }, document, lineCounter);
  }
  const basePath = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const fullPath = [...basePath, key];
    const allowed = knownKeysAt(basePath);
    const suggestion = closestMatch(key, allowed);
    return {
      key: fullPath.join('.'),
      ...positionOfKey(document, basePath, key, lineCounter),
      message: `unknown key "${key}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      allowed,
    };
  }
  const position = positionOfValue(document, basePath, lineCounter);
  const key = basePath.join('.');
  if (issue.code === 'invalid_value') {
    return {
      key,
      ...position,
      message: `"${String(valueAt(document, basePath))}" is not allowed.`,
      allowed: issue.values.map((value) => String(value)),
    };
  }
  if (issue.code === 'invalid_type') {
    const actual = valueAt(document, basePath);
    return {
      key,
      ...position,
      message:
        actual === undefined
          ? `is required (${issue.expected}).`
          : `expected ${issue.expected}, got ${describeValue(actual)}.`,
    };
  }
  return { key, ...position, message: issue.message.endsWith('.') ? issue.message : `${issue.message}.` };
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(document: Document, keyPath: (string | number)[]): unknown {
  const node = document.getIn(keyPath, true);
  return isNode(node) ? node.toJSON() : node;
}

function positionOfValue(document: Document, keyPath: (string | number)[], lineCounter: LineCounter) {
  for (let depth = keyPath.length; depth >= 0; depth--) {
    const node = document.getIn(keyPath.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: null, column: null };
}

function positionOfKey(
  document: Document,
  parentPath: (string | number)[],
  key: string,
  lineCounter: LineCounter,
) {
  const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath, true);
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
        const pos = lineCounter.linePos(pair.key.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
  }
  return positionOfValue(document, parentPath, lineCounter);
}

/** The keys the schema accepts at a path, for "allowed" lists and "did you mean" suggestions. */
function knownKeysAt(keyPath: (string | number)[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const segment of keyPath) {
    schema = unwrap(schema);
    const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
    if (typeof segment === 'string' && shape?.[segment]) {
      schema = shape[segment];
      continue;
    }
    const element = (schema as unknown as { element?: z.ZodType }).element;
    if (typeof segment === 'number' && element) {
      schema = element;
      continue;
    }
    const valueType = (schema as unknown as { valueType?: z.ZodType }).valueType;
    if (valueType) {
      schema = valueType;
      continue;
    }
    return [];
  }
  const shape = (unwrap(schema) as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema as unknown as {
    def?: { innerType?: z.ZodType; options?: z.ZodType[] };
    shape?: unknown;
  };
  for (let i = 0; i < 10; i++) {
    // A union of a name and a mapping (models.tuned): its keys are the mapping's.
    const inner =
      current.def?.innerType ??
      current.def?.options?.find((option) => (unwrap(option) as { shape?: unknown }).shape !== undefined);
    if (!inner) break;
    current = inner as unknown as typeof current;
  }
  return current as unknown as z.ZodType;
}
