/**
 * The secret registry: every secret value knowhow resolves (model API keys read from the variable
 * `apiKeyEnv` names, serve keys, fine-tuning keys, credential headers) is registered here where it
 * is resolved, and every place that serialises something for a person, a client or a file
 * (errors, CLI output, API responses and streams, eval rows, reports, logs, feedback, tune files)
 * passes its text through `redactSecrets`. An upstream that echoes the key in an error body then
 * shows `[redacted]` everywhere.
 *
 * The registry is process-wide and shared across copies of this module (Symbol.for), like the
 * KnowhowError marker, so that a bundled copy and the source agree.
 */

export const REDACTED = '[redacted]';

/**
 * Shorter values are not registered: redacting a 4-character "key" (local test servers take any)
 * would blank that word out of every answer and message. Real API keys are 20+ characters; serve
 * keys must be 8+ (api-keys.ts).
 */
export const MIN_SECRET_LENGTH = 8;

const registryKey = Symbol.for('knowhow.secrets');

interface SecretRegistry {
  /** Every form of every secret, longest first when redacting. */
  forms: Set<string>;
  /** Sorted copy, rebuilt on change. */
  sorted: string[] | null;
}

function registry(): SecretRegistry {
  const holder = globalThis as unknown as Record<symbol, SecretRegistry | undefined>;
  holder[registryKey] ??= { forms: new Set(), sorted: null };
  return holder[registryKey];
}

/**
 * Registers a resolved secret: the value itself and the forms it takes once serialised (inside
 * a JSON string, URL-encoded), so that redacting `JSON.stringify(x)` works as well as redacting x.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  const secret = value.trim();
  if (secret.length < MIN_SECRET_LENGTH) return;
  const state = registry();
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  for (const form of forms) {
    if (!state.forms.has(form)) {
      state.forms.add(form);
      state.sorted = null;
    }
  }
}

/** Header names whose values are credentials (`authorization`, `x-api-key`, `x-auth-token`…). */
const credentialHeader = /authorization|api[-_]?key|token|secret|password|cookie/i;

/** Registers the values of configured headers that carry credentials (models.*.headers). */
export function registerSecretHeaders(headers: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!credentialHeader.test(name)) continue;
    registerSecret(value);
    // `Bearer <token>`: the token alone is what an echo would show.
    registerSecret(value.replace(/^\s*(?:bearer|basic|token)\s+/i, ''));
  }
}

/** Whether anything is registered: callers skip work on the common path of a keyless setup. */
export function hasSecrets(): boolean {
  return registry().forms.size > 0;
}

/** Replaces every registered secret in `text` with [redacted]. */
export function redactSecrets(text: string): string {
  const state = registry();
  if (state.forms.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
  state.sorted ??= [...state.forms].sort((a, b) => b.length - a.length);
  let redacted = text;
  for (const secret of state.sorted) {
    if (redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted;
}

/**
 * Redacts every string inside plain objects and arrays (rows, reports, error details); other
 * values are returned as they are. Returns the same value when nothing needed redacting.
 */
export function redactDeep<T>(value: T): T {
  if (!hasSecrets()) return value;
  return redactValue(value, 0) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let changed = false;
    const copy = value.map((item) => {
      const next = redactValue(item, depth + 1);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? copy : value;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  let changed = false;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const next = redactValue(item, depth + 1);
    if (next !== item) changed = true;
    copy[key] = next;
  }
  return changed ? copy : value;
}

/** Test helper: forgets every registered secret. */
export function forgetSecrets(): void {
  const state = registry();
  state.forms.clear();
  state.sorted = null;
}
