import { execFile } from 'node:child_process';

/**
 * Asks the machine's Python, in one `python3 -c` call, which packages it can import and at
 * what version, so a missing package is named exactly (with the pip command) before any
 * training starts instead of surfacing as a traceback an hour in.
 */

export interface PythonProbe {
  /** Python version, or null when the interpreter is missing. */
  python: string | null;
  packages: Record<string, string | null>;
  missing: string[];
  /** Why the probe failed, when it did. */
  error?: string;
}

const probeCode = (names: readonly string[]) => `
import json, sys, importlib.util
try:
    import importlib.metadata as metadata
except Exception:
    metadata = None
out = {"python": sys.version.split()[0], "packages": {}}
for name in ${JSON.stringify(names)}:
    if importlib.util.find_spec(name) is None:
        out["packages"][name] = None
        continue
    try:
        out["packages"][name] = metadata.version(name) if metadata else "installed"
    except Exception:
        out["packages"][name] = "installed"
print(json.dumps(out))
`;

export async function probePython(options: {
  python?: string;
  packages: readonly string[];
}): Promise<PythonProbe> {
  const python = options.python ?? 'python3';
  return new Promise((resolve) => {
    execFile(python, ['-c', probeCode(options.packages)], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) {
        const missingInterpreter = (error as NodeJS.ErrnoException).code === 'ENOENT';
        resolve({
          python: null,
          packages: Object.fromEntries(options.packages.map((name) => [name, null])),
          missing: [...options.packages],
          error: missingInterpreter
            ? `${python} was not found on PATH`
            : `${python} failed: ${stderr.trim() || error.message}`,
        });
        return;
      }
      try {
        const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as {
          python: string;
          packages: Record<string, string | null>;
        };
        resolve({
          python: parsed.python,
          packages: parsed.packages,
          missing: options.packages.filter(
            (name) => parsed.packages[name] === null || parsed.packages[name] === undefined,
          ),
        });
      } catch {
        resolve({
          python: null,
          packages: Object.fromEntries(options.packages.map((name) => [name, null])),
          missing: [...options.packages],
          error: `${python} printed something unexpected: ${stdout.slice(0, 200)}`,
        });
      }
    });
  });
}

/** "python3 lacks torch and peft (found transformers 4.57.1 …)" plus the pip command. */
export function describeMissingPackages(
  probe: PythonProbe,
  python = 'python3',
): { message: string; fix: string } {
  if (probe.python === null) {
    return {
      message: probe.error ?? `${python} is not available`,
      fix: `Install Python 3.10+ and then: ${python} -m pip install ${probe.missing.join(' ')}`,
    };
  }
  const found = Object.entries(probe.packages)
    .filter(([, version]) => version !== null)
    .map(([name, version]) => `${name} ${version}`);
  return {
    message:
      `${python} (Python ${probe.python}) is missing ${probe.missing.join(', ')}` +
      (found.length > 0 ? `; it has ${found.join(', ')}` : ''),
    fix: `${python} -m pip install ${probe.missing.join(' ')}`,
  };
}
