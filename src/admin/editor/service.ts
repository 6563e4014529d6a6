import type { Db } from '../../db/client.js';
import { diffCategories, diffEntries, diffText, type FieldChange } from '../../kb/diff.js';
import { CATEGORIES_KEY, liveCategoriesHead, liveTextHeads } from '../../kb/documents.js';
import { getEntry, type EntryRecord } from '../../kb/editor.js';
import { listProposals, type ProposalRow, type ProposalStatus } from '../../kb/proposals.js';
import type { CategoryInfo } from '../../kb/snapshot.js';
import type { KnowledgeEntry } from '../../kb/types.js';
import type { SaveResult } from '../../kb/versioned.js';
import type { Logger } from '../../logger.js';
import type { Actor } from '../types.js';

/** What the editor's pages and API share: making a publish live, and proposals with their diffs. */

export interface EditorDeps {
  db: Db;
  log: Logger;
  onPublished?: () => Promise<void>;
}

/**
 * Runs the publish hook after a save that published. The change is already committed, so a failed
 * rebuild is logged (the next publish or restart picks it up) rather than reported as a failed save.
 */
export async function afterSave(deps: EditorDeps, result: SaveResult<unknown> | { status: string }): Promise<void> {
  if (result.status !== 'published' || !deps.onPublished) return;
  try {
    await deps.onPublished();
  } catch (error) {
    deps.log.error({ err: error }, 'knowledge saved, but making it live failed');
  }
}

export interface ProposalView {
  proposal: ProposalRow;
  changes: FieldChange[];
  /** The target changed since the editor started: approving would be a conflict. */
  stale: boolean;
  /** A readable name of what it changes, e.g. the entry title. */
  label: string;
}

/** Proposals with their diff against the live version; editors only see their own. */
export async function proposalViews(db: Db, actor: Actor, status: ProposalStatus | undefined): Promise<ProposalView[]> {
  const rows = await listProposals(db, { ...(status ? { status } : {}), ...(actor.role === 'admin' ? {} : { authorId: actor.id }) });
  const texts = new Map((await liveTextHeads(db)).map((t) => [t.key, t]));
  const categories = await liveCategoriesHead(db);
  const entries = new Map<string, EntryRecord | null>();
  const views: ProposalView[] = [];
  for (const proposal of rows) {
    if (proposal.target.startsWith('entry:')) {
      const id = proposal.target.slice('entry:'.length);
      if (!entries.has(id)) entries.set(id, await getEntry(db, id));
      const live = entries.get(id) ?? null;
      const data = proposal.data as KnowledgeEntry;
      views.push({ proposal, changes: diffEntries(live?.entry ?? null, data), stale: (live?.version ?? 0) !== proposal.baseVersion, label: data.title });
    } else if (proposal.target.startsWith('text:')) {
      const name = proposal.target.slice('text:'.length);
      const live = texts.get(name);
      views.push({ proposal, changes: diffText(live?.data ?? null, (proposal.data as { text: string }).text), stale: (live?.version ?? 0) !== proposal.baseVersion, label: `Teks ${name}` });
    } else if (proposal.target === CATEGORIES_KEY) {
      views.push({ proposal, changes: diffCategories(categories?.data ?? null, proposal.data as CategoryInfo[]), stale: (categories?.version ?? 0) !== proposal.baseVersion, label: 'Daftar kategori' });
    }
  }
  return views;
}

/** The Indonesian sentence for a proposal that was filed. */
export const PROPOSED_MESSAGE = 'Perubahan Anda disimpan sebagai usulan dan menunggu persetujuan admin.';
