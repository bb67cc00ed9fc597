// What every method returns (METHODS.md §0.4) and the plain arrays it is given. Methods never call a model: the
// CLIP graphs, the parser and the proposal generator run first and hand their outputs over in these shapes.

/**
 * A row-major float map. Methods return theirs at image resolution (§0.4), already upsampled, so the UI draws it
 * as it is and a stored map needs no method-specific knowledge to decode.
 */
export interface HeatMap {
  width: number;
  height: number;
  data: Float32Array;
}

/** One vector per row, row-major: rows × dim floats (per-proposal image features, per-patch features). */
export interface FeatureMatrix {
  rows: number;
  dim: number;
  data: Float32Array;
}

export interface RankedCandidate {
  /** Index into the proposal list the method was given. */
  proposalIndex: number;
  /** The method's final score; only comparable within one result. */
  score: number;
}

export type MethodName = 'copatch' | 'hybridgl' | 'glclip' | 'samclip';

export interface MethodResult<Debug> {
  method: MethodName;
  /**
   * The proposals the method's final score ranks, best first (ties: lower proposal index first). CoPatch ranks its
   * top-k, HybridGL its k1 candidates, GL-CLIP and SAM-CLIP every proposal.
   */
  candidates: RankedCandidate[];
  /** The map the method scored with, at image resolution; null for methods that use none (GL-CLIP, SAM-CLIP). */
  heatMap: HeatMap | null;
  /** Intermediate values for display and debugging; plain JSON-serialisable data. */
  debug: Debug;
}
