import path from 'node:path';
import { parseLanguageSetting } from '../../analyze/index.js';
import { redactDatabaseUrl } from '../../core/database-url.js';
import { KnowhowError } from '../../core/errors.js';
import type { IndexEngineName } from '../../core/index-store.js';
import { copyIndex } from '../../index/index.js';
import type { IndexDatabase, Workspace } from '../../workspace/index.js';
import type { IndexCopyCommandOptions } from '../commands/index-command.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

/** The other side of a copy: a PostgreSQL schema or a LanceDB folder. */
interface IndexPlace {
  engine: IndexEngineName;
  directory: string;
  database?: IndexDatabase;
  /** How it is shown: never with a password. */
  label: string;
}

function placeOf(value: string, schema: string, cwd: string): IndexPlace {
  if (/^postgres(ql)?:\/\//i.test(value)) {
    return {
      engine: 'postgres',
      directory: '',
      database: { url: value, schema },
      label: `${redactDatabaseUrl(value)} schema ${schema}`,
    };
  }
  const directory = path.resolve(cwd, value);
  return { engine: 'lancedb', directory, label: directory };
}

function ownPlace(workspace: Workspace): IndexPlace {
  const database = workspace.indexDatabase();
  return database
    ? {
        engine: 'postgres',
        directory: workspace.paths.index,
        database,
        label: `${redactDatabaseUrl(database.url)} schema ${database.schema}`,
      }
    : { engine: 'lancedb', directory: workspace.paths.index, label: workspace.paths.index };
}

function samePlace(a: IndexPlace, b: IndexPlace): boolean {
  if (a.engine !== b.engine) return false;
  if (a.engine === 'lancedb') return a.directory === b.directory;
  return a.database?.url === b.database?.url && a.database?.schema === b.database?.schema;
}

/**
 * `knowhow index copy --to <url|folder>` / `--from <url|folder>`: the project's index to or from
 * another engine, chunks and vectors as they are (index/copy-index.ts). The target is created
 * with the source's settings (language, vector size, embedding model) and mirrors it afterwards.
 */
export function runIndexCopy(
  context: CommandContext,
  options: IndexCopyCommandOptions,
): Promise<CommandResult> {
  if ((options.to === undefined) === (options.from === undefined)) {
    throw new KnowhowError('USAGE', 'index copy needs exactly one of --to and --from.', {
      hint: 'knowhow index copy --to "$KNOWHOW_DATABASE_URL"   or   knowhow index copy --from ./lancedb-index',
    });
  }
  return withWorkspace(context, async (workspace) => {
    const own = ownPlace(workspace);
    const other = placeOf(
      options.to ?? options.from!,
      options.schema ?? workspace.config.index.schema,
      context.cwd,
    );
    if (samePlace(own, other)) {
      throw new KnowhowError('USAGE', `${other.label} is this project's own index.`, {
        hint: 'Copy to another database, schema (--schema) or folder.',
      });
    }
    const [fromPlace, toPlace] = options.to ? [own, other] : [other, own];
    const open = (place: IndexPlace, settings?: Parameters<Workspace['openIndexAt']>[2]) =>
      workspace.openIndexAt(place.directory, undefined, {
        engine: place.engine,
        ...(place.database ? { database: place.database } : {}),
        ...settings,
      });
    const from = await open(fromPlace);
    try {
      const source = await from.stats();
      if (source.documents === 0) {
        throw new KnowhowError(
          'INDEX_MISSING',
          `The index at ${fromPlace.label} holds no documents: nothing to copy.`,
          {
            hint: options.to ? 'Run `knowhow ingest` first.' : 'Check the URL, --schema or folder.',
          },
        );
      }
      const to = await open(toPlace, {
        language: parseLanguageSetting(source.language) ?? workspace.config.retrieve.language,
        vectors: { dimensions: source.vectorDimensions, model: source.embeddingModel },
      });
      try {
        const result = await copyIndex({
          from,
          to,
          progress: context.progress({ label: 'copy', unit: 'docs' }),
          lock: { waitSeconds: options.wait, onWaiting: (message) => context.info(message) },
        });
        const copied = await to.stats();
        return {
          data: { from: fromPlace.label, to: toPlace.label, ...result, target: copied },
          text: [
            `copied         ${fromPlace.engine} ${fromPlace.label} → ${toPlace.engine} ${toPlace.label}`,
            `documents      ${result.documents} written · ${result.skipped} already there · ${result.deleted} deleted (not in the source)`,
            `chunks         ${result.chunks} · vectors ${result.vectors} (none re-embedded) in ${result.seconds.toFixed(1)} s`,
            `target now     ${copied.documents} documents, ${copied.chunks} chunks`,
          ].join('\n'),
        };
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
  });
}

/** `knowhow index migrate`: a PostgreSQL index's schema brought to this knowhow's version. */
export function runIndexMigrate(context: CommandContext): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const database = workspace.indexDatabase();
    if (!database) {
      throw new KnowhowError(
        'USAGE',
        'index migrate upgrades a PostgreSQL index; this project uses LanceDB.',
        {
          hint: 'A LanceDB index is upgraded in place by its next write (`knowhow ingest`).',
        },
      );
    }
    const { migratePostgresIndex } = await import('../../index/postgres/index.js');
    const { from, to } = await migratePostgresIndex({ url: database.url, schema: database.schema });
    return {
      data: { from, to, schema: database.schema },
      text:
        from === to
          ? `schema "${database.schema}" is at v${to} already`
          : `schema "${database.schema}" upgraded v${from} → v${to}`,
    };
  });
}
