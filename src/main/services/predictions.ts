// What the methods produce: per-image proposal sets (computed once, reused by every expression on the image) and
// per-expression ranked candidates, one list per method.
import type { Candidate, ProposalSet, Rle } from '../../shared/domain';
import { NotFoundError } from '../store/errors';
import type { SqlWriter, Store } from '../store/types';
import {
  CANDIDATE_COLUMNS,
  PROPOSAL_SET_COLUMNS,
  measureMask,
  toCandidate,
  toProposalSet,
  toRle,
  type CandidateRow,
  type MaskColumns,
  type ProposalSetRow,
} from './rows';

export interface ProposalSetKey {
  imageId: number;
  /** The proposal generator, e.g. 'sam-amg'. */
  source: string;
  /** Its settings by name, e.g. 'dense'. */
  preset: string;
  /** The model (and weights) it ran, e.g. 'sam-vit-b'. */
  model: string;
}

export interface NewProposal {
  mask: Rle;
  score: number;
}

export interface Proposal {
  proposalSetId: number;
  /** Position in the set, from 0; candidates point at proposals by it. */
  idx: number;
  mask: Rle;
  score: number;
  area: number;
}

export interface NewCandidate {
  mask: Rle;
  score: number;
  /** The proposal of the run's proposal set this candidate is. */
  proposalIdx?: number | null;
  heatmapRef?: string | null;
}

export interface SaveCandidatesInput {
  expressionId: number;
  method: string;
  /** The method's settings for this run, stored with every candidate. */
  params?: Record<string, unknown>;
  proposalSetId?: number | null;
  /** Best first: rank 1 is the first. */
  candidates: readonly NewCandidate[];
}

interface ProposalRow extends MaskColumns {
  proposal_set_id: number;
  idx: number;
  score: number;
  area: number;
}

function checkName(record: string, what: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${record}: the ${what} is empty`);
}

function checkScore(record: string, score: number): void {
  if (typeof score !== 'number' || !Number.isFinite(score))
    throw new Error(`${record}: score ${score} is not a finite number`);
}

async function imageSize(
  tx: SqlWriter,
  sql: string,
  id: number,
  record: string,
): Promise<{ width: number; height: number }> {
  const size = await tx.get<{ width: number; height: number }>(sql, [id]);
  if (!size) throw new NotFoundError(`${record} not found`);
  return size;
}

function checkMaskFits(record: string, mask: MaskColumns, size: { width: number; height: number }): void {
  if (mask.mask_h !== size.height || mask.mask_w !== size.width) {
    throw new Error(
      `${record}: mask is ${mask.mask_h}x${mask.mask_w} (height x width) but its image is ${size.height}x${size.width}`,
    );
  }
}

/** The proposal set for (image, source, preset, model), made empty on first use. */
export async function getOrCreateProposalSet(store: Store, key: ProposalSetKey): Promise<ProposalSet> {
  const record = `proposal set of image ${key.imageId}`;
  checkName(record, 'source', key.source);
  checkName(record, 'preset', key.preset);
  checkName(record, 'model', key.model);
  return store.write(async (tx) => {
    const select = `SELECT ${PROPOSAL_SET_COLUMNS} FROM proposal_sets
      WHERE image_id = ? AND source = ? AND preset = ? AND model = ?`;
    const params = [key.imageId, key.source, key.preset, key.model];
    const found = await tx.get<ProposalSetRow>(select, params);
    if (found) return toProposalSet(found);
    try {
      const made = await tx.get<ProposalSetRow>(
        `INSERT INTO proposal_sets (image_id, source, preset, model) VALUES (?, ?, ?, ?) RETURNING ${PROPOSAL_SET_COLUMNS}`,
        params,
      );
      return toProposalSet(made as ProposalSetRow);
    } catch (error) {
      throw new Error(`${record}: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** The image's proposal sets, oldest first. */
export async function listProposalSets(store: Store, imageId: number): Promise<ProposalSet[]> {
  const rows = await store.read((db) =>
    db.all<ProposalSetRow>(`SELECT ${PROPOSAL_SET_COLUMNS} FROM proposal_sets WHERE image_id = ? ORDER BY id`, [
      imageId,
    ]),
  );
  return rows.map(toProposalSet);
}

/** Replaces a proposal set's proposals inside the caller's transaction; idx is the position in the list. */
export async function replaceProposals(
  tx: SqlWriter,
  proposalSetId: number,
  proposals: readonly NewProposal[],
): Promise<void> {
  const size = await imageSize(
    tx,
    'SELECT i.width, i.height FROM proposal_sets s JOIN images i ON i.id = s.image_id WHERE s.id = ?',
    proposalSetId,
    `proposal set ${proposalSetId}`,
  );
  await tx.run('DELETE FROM proposals WHERE proposal_set_id = ?', [proposalSetId]);
  for (const [idx, proposal] of proposals.entries()) {
    const record = `proposal ${idx} of proposal set ${proposalSetId}`;
    checkScore(record, proposal.score);
    const mask = measureMask(proposal.mask, record);
    checkMaskFits(record, mask, size);
    await tx.run(
      'INSERT INTO proposals (proposal_set_id, idx, mask, mask_h, mask_w, score, area) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [proposalSetId, idx, mask.mask, mask.mask_h, mask.mask_w, proposal.score, mask.area],
    );
  }
}

export function saveProposals(store: Store, proposalSetId: number, proposals: readonly NewProposal[]): Promise<void> {
  return store.write((tx) => replaceProposals(tx, proposalSetId, proposals));
}

export async function listProposals(store: Store, proposalSetId: number): Promise<Proposal[]> {
  const rows = await store.read((db) =>
    db.all<ProposalRow>(
      `SELECT proposal_set_id, idx, mask, mask_h, mask_w, score, area FROM proposals
       WHERE proposal_set_id = ? ORDER BY idx`,
      [proposalSetId],
    ),
  );
  return rows.map((row) => ({
    proposalSetId: row.proposal_set_id,
    idx: row.idx,
    mask: toRle(row),
    score: row.score,
    area: row.area,
  }));
}

/**
 * Replaces one method's candidates for an expression inside the caller's transaction (a job records its item in the
 * same commit); other methods' candidates stay. Annotations accepted from the old candidates keep their mask and
 * lose only the link to the candidate.
 */
export async function replaceCandidates(tx: SqlWriter, input: SaveCandidatesInput): Promise<Candidate[]> {
  const record = `candidates of expression ${input.expressionId} by '${input.method}'`;
  checkName(record, 'method', input.method);
  const proposalSetId = input.proposalSetId ?? null;
  const params = JSON.stringify(input.params ?? {});
  const size = await imageSize(
    tx,
    'SELECT i.width, i.height FROM expressions x JOIN images i ON i.id = x.image_id WHERE x.id = ?',
    input.expressionId,
    `expression ${input.expressionId}`,
  );
  await tx.run('DELETE FROM candidates WHERE expression_id = ? AND method = ?', [input.expressionId, input.method]);
  const saved: Candidate[] = [];
  for (const [index, candidate] of input.candidates.entries()) {
    const where = `candidate ${index + 1} of ${record}`;
    checkScore(where, candidate.score);
    const mask = measureMask(candidate.mask, where);
    checkMaskFits(where, mask, size);
    const proposalIdx = candidate.proposalIdx ?? null;
    if (proposalIdx !== null && proposalSetId === null)
      throw new Error(`${where}: a proposal index needs a proposal set`);
    try {
      const row = await tx.get<CandidateRow>(
        `INSERT INTO candidates (expression_id, proposal_set_id, proposal_idx, method, params, rank, score,
           mask, mask_h, mask_w, heatmap_ref)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING ${CANDIDATE_COLUMNS}`,
        [
          input.expressionId,
          proposalSetId,
          proposalIdx,
          input.method,
          params,
          index + 1,
          candidate.score,
          mask.mask,
          mask.mask_h,
          mask.mask_w,
          candidate.heatmapRef ?? null,
        ],
      );
      saved.push(toCandidate(row as CandidateRow));
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
    }
  }
  return saved;
}

export function saveCandidates(store: Store, input: SaveCandidatesInput): Promise<Candidate[]> {
  return store.write((tx) => replaceCandidates(tx, input));
}

/** An expression's candidates, method by method, best first. */
export async function listCandidates(store: Store, expressionId: number): Promise<Candidate[]> {
  const rows = await store.read((db) =>
    db.all<CandidateRow>(`SELECT ${CANDIDATE_COLUMNS} FROM candidates WHERE expression_id = ? ORDER BY method, rank`, [
      expressionId,
    ]),
  );
  return rows.map(toCandidate);
}
