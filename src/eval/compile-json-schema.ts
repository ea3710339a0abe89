import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Compiles a case's JSON Schema with a real validator (Ajv), choosing the draft from `$schema`:
 * 2020-12 (also when `$schema` is absent, the current draft), 2019-09 or draft-07/06.
 * Strict mode stays on for the schema itself, so a typo such as `propertis` is reported as an
 * invalid schema instead of silently accepting every answer.
 */

export type CompiledJsonSchema = { ok: true; validate: ValidateFunction } | { ok: false; message: string };

type AnyAjv = Ajv | Ajv2019 | Ajv2020;

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: AnyAjv) => AnyAjv;

const validators = new Map<string, AnyAjv>();
const compiled = new WeakMap<object, CompiledJsonSchema>();

function validatorFor(draft: '2020-12' | '2019-09' | 'draft-07'): AnyAjv {
  const existing = validators.get(draft);
  if (existing) return existing;
  const options = {
    allErrors: true,
    strict: true,
    // Type-level strictness only produces warnings about legal schemas; keyword strictness is what catches typos.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    logger: false as const,
  };
  const ajv =
    draft === '2020-12'
      ? new Ajv2020(options)
      : draft === '2019-09'
        ? new Ajv2019(options)
        : new Ajv(options);
  addFormats(ajv);
  validators.set(draft, ajv);
  return ajv;
}

function draftOf(schema: Record<string, unknown>): '2020-12' | '2019-09' | 'draft-07' | { unknown: string } {
  const declared = schema.$schema;
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return { unknown: String(declared) };
  if (declared.includes('2020-12')) return '2020-12';
  if (declared.includes('2019-09')) return '2019-09';
  if (/draft-0[67]/.test(declared)) return 'draft-07';
  return { unknown: declared };
}

export function compileJsonSchema(schema: Record<string, unknown>): CompiledJsonSchema {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const result = compileUncached(schema);
  compiled.set(schema, result);
  return result;
}

function compileUncached(schema: Record<string, unknown>): CompiledJsonSchema {
  const draft = draftOf(schema);
  if (typeof draft === 'object') {
    return {
      ok: false,
      message: `unsupported $schema "${draft.unknown}" (supported: 2020-12, 2019-09, draft-07, draft-06)`,
    };
  }
  try {
    // Ajv caches by $id; removing afterwards lets two cases reuse one $id with different bodies.
    const ajv = validatorFor(draft);
    const validate = ajv.compile(schema);
    if (typeof schema.$id === 'string') ajv.removeSchema(schema.$id);
    return { ok: true, validate };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** "/steps/0: must have required property 'title'" for the first `limit` errors. */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined, limit = 3): string {
  if (!errors || errors.length === 0) return 'no details';
  const shown = errors.slice(0, limit).map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    const extra =
      error.keyword === 'additionalProperties'
        ? ` "${String((error.params as { additionalProperty?: unknown }).additionalProperty)}"`
        : error.keyword === 'enum'
          ? ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`
          : '';
    return `${where}: ${error.message ?? error.keyword}${extra}`;
  });
  const more = errors.length > limit ? ` (+${errors.length - limit} more)` : '';
  return shown.join('; ') + more;
}
