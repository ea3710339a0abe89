/**
 * node-llama-cpp turns a JSON Schema into a grammar, but silently: a keyword it does not know is
 * ignored (`pattern`, `minimum`), and a construct it does not know becomes `null` (`anyOf`, `allOf`,
 * `not`). The output then fails the schema with no hint why. This checks the schema against the
 * subset the grammar enforces, reports each unsupported part by JSON pointer, and rewrites the
 * equivalent spellings it can (`anyOf` → `oneOf`, `definitions` → `$defs`).
 */

export type PreparedGrammarSchema =
  | { ok: true; schema: Record<string, unknown> }
  | { ok: false; problems: string[] };

const annotationKeywords = new Set([
  'title',
  'description',
  '$comment',
  '$schema',
  '$id',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
/** Keywords node-llama-cpp reads, by the `type` they need. */
const keywordsByType: Record<string, ReadonlySet<string>> = {
  string: new Set(['minLength', 'maxLength', 'format']),
  object: new Set(['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties']),
  array: new Set(['items', 'prefixItems', 'minItems', 'maxItems']),
};
const typedKeywords = new Set(Object.values(keywordsByType).flatMap((keywords) => [...keywords]));
const scalarTypes = new Set(['string', 'number', 'integer', 'boolean', 'null']);
const supportedFormats = new Set(['date-time', 'date', 'time']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

class SchemaWalker {
  readonly problems: string[] = [];
  readonly definitionNames = new Set<string>();

  private report(pointer: string, problem: string): void {
    this.problems.push(`${pointer === '' ? '(root)' : pointer}: ${problem}`);
  }

  collectDefinitions(schema: unknown): void {
    if (Array.isArray(schema)) {
      for (const item of schema) this.collectDefinitions(item);
    }
    if (!isRecord(schema)) return;
    for (const [key, value] of Object.entries(schema)) {
      if ((key === '$defs' || key === 'definitions') && isRecord(value)) {
        for (const name of Object.keys(value)) this.definitionNames.add(name);
      }
      this.collectDefinitions(value);
    }
  }

  walk(schema: unknown, pointer: string): unknown {
    if (schema === true) return {};
    if (schema === false) {
      this.report(pointer, 'the schema `false` accepts no value');
      return schema;
    }
    if (!isRecord(schema)) {
      this.report(pointer, `a schema must be an object, got ${JSON.stringify(schema)}`);
      return schema;
    }
    const result: Record<string, unknown> = {};
    const type = schema.type;
    const typeName = typeof type === 'string' ? type : undefined;
    if (type !== undefined) {
      const types = Array.isArray(type) ? type : [type];
      const unknown = types.filter(
        (item) => typeof item !== 'string' || !(scalarTypes.has(item) || item in keywordsByType),
      );
      if (unknown.length > 0) this.report(`${pointer}/type`, `unknown type ${JSON.stringify(unknown)}`);
      else if (Array.isArray(type) && type.some((item) => !scalarTypes.has(item as string))) {
        this.report(
          `${pointer}/type`,
          'a list of types may hold only string, number, integer, boolean and null',
        );
      }
      result.type = type;
    }
    const combinator = 'oneOf' in schema ? 'oneOf' : 'anyOf' in schema ? 'anyOf' : undefined;
    for (const [key, value] of Object.entries(schema)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (key === 'type') {
        if (combinator !== undefined)
          this.report(
            at,
            `"type" beside "${combinator}" is ignored by the grammar; move it into each alternative`,
          );
        continue;
      }
      if (annotationKeywords.has(key)) {
        if (key === 'description' && typeof value === 'string') result.description = value;
        continue;
      }
      if (combinator !== undefined && key !== combinator && key !== '$defs' && key !== 'definitions') {
        this.report(
          at,
          `"${key}" beside "${combinator}" is ignored by the grammar; move it into each alternative`,
        );
        continue;
      }
      if (typedKeywords.has(key)) {
        if (typeName === undefined || !keywordsByType[typeName]?.has(key)) {
          const owner = Object.entries(keywordsByType).find(([, keywords]) => keywords.has(key))?.[0];
          this.report(at, `"${key}" needs "type": "${owner}" beside it`);
          continue;
        }
        result[key] = this.walkTypedKeyword(key, value, at, schema);
        continue;
      }
      switch (key) {
        case 'enum':
          if (!Array.isArray(value) || value.length === 0)
            this.report(at, 'enum must list at least one value');
          else if (!value.every(isScalar))
            this.report(at, 'enum values must be strings, numbers, booleans or null');
          result.enum = value;
          break;
        case 'const':
          if (!isScalar(value)) this.report(at, 'const must be a string, number, boolean or null');
          result.const = value;
          break;
        case 'oneOf':
        case 'anyOf':
          if (!Array.isArray(value) || value.length === 0) {
            this.report(at, `${key} must list at least one schema`);
          } else {
            // Generating one alternative satisfies anyOf as well as oneOf, so the grammar's oneOf serves both.
            result.oneOf = value.map((item, index) => this.walk(item, `${at}/${index}`));
          }
          break;
        case '$defs':
        case 'definitions':
          if (!isRecord(value)) this.report(at, `${key} must be an object`);
          else {
            const definitions = (result.$defs ?? {}) as Record<string, unknown>;
            for (const [name, definition] of Object.entries(value)) {
              definitions[name] = this.walk(definition, `${at}/${escapePointer(name)}`);
            }
            result.$defs = definitions;
          }
          break;
        case '$ref': {
          const match = typeof value === 'string' ? /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(value) : null;
          const name = match?.[1]?.replaceAll('~1', '/').replaceAll('~0', '~');
          if (name === undefined)
            this.report(
              at,
              `only local references like "#/$defs/name" are supported, got ${JSON.stringify(value)}`,
            );
          else if (!this.definitionNames.has(name))
            this.report(at, `the reference ${JSON.stringify(value)} names no definition`);
          else result.$ref = `#/$defs/${match?.[1]}`;
          break;
        }
        default:
          this.report(at, `the keyword "${key}" is not enforced by llama.cpp's grammar`);
      }
    }
    this.checkBounds(schema, pointer);
    return result;
  }

  private walkTypedKeyword(
    key: string,
    value: unknown,
    at: string,
    schema: Record<string, unknown>,
  ): unknown {
    switch (key) {
      case 'format':
        if (typeof value !== 'string' || !supportedFormats.has(value)) {
          this.report(
            at,
            `format ${JSON.stringify(value)} is not enforced (only date-time, date and time are)`,
          );
        }
        return value;
      case 'properties': {
        if (!isRecord(value)) {
          this.report(at, 'properties must be an object');
          return value;
        }
        const properties: Record<string, unknown> = {};
        for (const [name, property] of Object.entries(value)) {
          properties[name] = this.walk(property, `${at}/${escapePointer(name)}`);
        }
        return properties;
      }
      case 'required': {
        const listed = isRecord(schema.properties) ? Object.keys(schema.properties) : [];
        if (!Array.isArray(value)) this.report(at, 'required must be a list of property names');
        else {
          // The grammar writes exactly the listed properties, so a required name outside them never appears.
          const missing = value.filter((name) => !listed.includes(String(name)));
          if (missing.length > 0)
            this.report(at, `required ${JSON.stringify(missing)} not defined in properties`);
        }
        return value;
      }
      case 'additionalProperties':
      case 'items':
        return typeof value === 'boolean' ? value : this.walk(value, at);
      case 'prefixItems':
        if (!Array.isArray(value)) {
          this.report(at, 'prefixItems must be a list of schemas');
          return value;
        }
        return value.map((item, index) => this.walk(item, `${at}/${index}`));
      default:
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
          this.report(at, `${key} must be a non-negative integer`);
        }
        return value;
    }
  }

  private checkBounds(schema: Record<string, unknown>, pointer: string): void {
    for (const [low, high] of [
      ['minLength', 'maxLength'],
      ['minItems', 'maxItems'],
      ['minProperties', 'maxProperties'],
    ] as const) {
      const minimum = schema[low];
      const maximum = schema[high];
      if (typeof minimum === 'number' && typeof maximum === 'number' && minimum > maximum) {
        this.report(pointer, `${low} ${minimum} is above ${high} ${maximum}: no value can satisfy it`);
      }
    }
  }
}

export function prepareGrammarSchema(schema: Record<string, unknown>): PreparedGrammarSchema {
  const walker = new SchemaWalker();
  walker.collectDefinitions(schema);
  const prepared = walker.walk(schema, '');
  if (walker.problems.length > 0) return { ok: false, problems: walker.problems };
  return { ok: true, schema: prepared as Record<string, unknown> };
}
