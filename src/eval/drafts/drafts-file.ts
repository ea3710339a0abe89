import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument, stringify, type YAMLMap } from 'yaml';
import type { CaseStatus } from '../../core/case-types.js';
import { KnowhowError } from '../../core/errors.js';
import { listCaseFiles, pathKind } from '../list-case-files.js';
import type { CaseDraft } from './draft-types.js';

/** Drafts live in <cases>/drafts/, one YAML file per drafting run; loadCases evaluates only accepted ones. */
export function draftsFolder(casesFolder: string): string {
  return path.join(casesFolder, 'drafts');
}

/** Writes a new drafts file (never overwriting one) and returns its path. */
export async function writeDrafts(options: {
  folder: string;
  drafts: CaseDraft[];
  now?: Date;
}): Promise<string> {
  await mkdir(options.folder, { recursive: true });
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const file = path.join(options.folder, `drafts-${stamp}.yaml`);
  const header = `# Drafted by \`knowhow cases draft\`: review with \`knowhow cases review\` (only status: accepted is evaluated).\n`;
  const temporary = `${file}.tmp`;
  await writeFile(temporary, header + stringify(options.drafts, { lineWidth: 0 }), { flag: 'wx' });
  await rename(temporary, file);
  return file;
}

export interface StoredDraft {
  id: string;
  question: string;
  answer?: string;
  facts: string[];
  sources: string[];
  status: CaseStatus;
  drafter?: string;
  file: string;
}

/** Every drafted case in the drafts folder, with its review status. */
export async function readDrafts(folder: string): Promise<StoredDraft[]> {
  if ((await pathKind(folder)) !== 'directory') return [];
  const found: StoredDraft[] = [];
  for (const file of await listCaseFiles(folder)) {
    if (!file.endsWith('.yaml') && !file.endsWith('.yml')) continue;
    const document = parseDocument(await readFile(file, 'utf8'));
    const list = document.toJS() as unknown;
    if (!Array.isArray(list)) continue;
    for (const item of list as Record<string, unknown>[]) {
      if (item === null || typeof item !== 'object' || typeof item.id !== 'string') continue;
      found.push({
        id: item.id,
        question: String(item.question ?? ''),
        ...(typeof item.answer === 'string' ? { answer: item.answer } : {}),
        facts: Array.isArray(item.facts) ? item.facts.map(String) : [],
        sources: Array.isArray(item.sources) ? item.sources.map(String) : [],
        status: item.status === 'accepted' || item.status === 'rejected' ? item.status : 'draft',
        ...(typeof item.drafter === 'string' ? { drafter: item.drafter } : {}),
        file,
      });
    }
  }
  return found;
}

/**
 * Sets the status of drafts by id, rewriting their files in place (comments and edits the
 * reviewer made by hand are kept: the YAML document is edited, not regenerated). Unknown ids are
 * an error naming them, and nothing is written.
 */
export async function setDraftStatus(options: {
  folder: string;
  decisions: { id: string; status: CaseStatus }[];
}): Promise<StoredDraft[]> {
  const drafts = await readDrafts(options.folder);
  const byId = new Map(drafts.map((draft) => [draft.id, draft]));
  const unknown = options.decisions
    .filter((decision) => !byId.has(decision.id))
    .map((decision) => decision.id);
  if (unknown.length > 0) {
    throw new KnowhowError(
      'USAGE',
      `No drafted case with id ${unknown.map((id) => `"${id}"`).join(', ')} in ${options.folder}.`,
      {
        hint: 'List the drafts with `knowhow cases review --json` and use their ids.',
      },
    );
  }
  const byFile = new Map<string, { id: string; status: CaseStatus }[]>();
  for (const decision of options.decisions) {
    const file = byId.get(decision.id)?.file ?? '';
    byFile.set(file, [...(byFile.get(file) ?? []), decision]);
  }
  for (const [file, decisions] of byFile) {
    const document = parseDocument(await readFile(file, 'utf8'));
    const list = document.contents;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const entry = item as unknown as YAMLMap<string, unknown>;
      const decision = decisions.find((candidate) => candidate.id === String(entry.get('id')));
      if (decision) entry.set('status', decision.status);
    }
    const temporary = `${file}.tmp`;
    await writeFile(temporary, document.toString({ lineWidth: 0 }));
    await rename(temporary, file);
  }
  const updated = new Map(options.decisions.map((decision) => [decision.id, decision.status]));
  return drafts
    .filter((draft) => updated.has(draft.id))
    .map((draft) => ({ ...draft, status: updated.get(draft.id) ?? draft.status }));
}
