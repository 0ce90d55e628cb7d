/**
 * One verification split of one fusion run: pair scores, the ROC, TAR@FAR, AUC, the
 * interval band and the diagnostics.
 *
 * @module
 */
import type { RunDiagnostics } from "../diagnostics/mod.ts";
import type { Matrix } from "../features/mod.ts";
import { auc, FAR_TARGETS, rocCurve, tarAtFar, type VerificationResult } from "../metrics/mod.ts";
import type { VerificationSplit } from "../protocol/mod.ts";
import {
  downsampleRoc,
  type RocPoints,
  type ScoreHistogram,
  scoreHistogram,
} from "../report/mod.ts";
import { pairScores, type Similarity } from "../scoring/mod.ts";
import type { RocBand } from "../uncertainty/mod.ts";
import { type _CiContext, _verificationCi } from "./_ci_context.ts";
import type { _DiagnosticsContext } from "./_diagnostics_context.ts";

/** What one verification split gives one run. */
export interface _SplitVerification {
  verification: VerificationResult;
  roc: RocPoints;
  histogram: ScoreHistogram;
  rocBand?: RocBand;
  /** Per-pair scores, when they are to be saved. */
  pairScores?: Float32Array;
  diagnostics: RunDiagnostics;
}

/** The settings one verification split runs with. */
export interface _VerifyContext {
  similarity: Similarity;
  ci?: _CiContext;
  saveScores: boolean;
  diagnostics: _DiagnosticsContext;
  onProgress?: (done: number, total: number) => void;
}

/** Scores every pair of `split` and computes the verification metrics. */
export async function _verifySplit(
  templates: { ids: Int32Array; features: Matrix },
  split: VerificationSplit,
  label: string,
  context: _VerifyContext,
): Promise<_SplitVerification> {
  const { pairs } = split;
  if (pairs.labels.length === 0) {
    throw new RangeError(
      `Cannot evaluate verification as ${split.source} holds no pairs: expected lines ` +
        `"<template1> <template2> <label>"`,
    );
  }
  // 1. Scores, 2. the ROC (sorted once), 3. the metrics.
  const scores = await pairScores(templates, pairs, {
    similarity: context.similarity,
    onProgress: context.onProgress,
  });
  const roc = rocCurve(scores, pairs.labels);
  const tars = tarAtFar(roc, { fars: FAR_TARGETS.map(([, far]) => far) });
  const verification: VerificationResult = {
    pairs: pairs.labels.length,
    genuine: roc.genuine,
    impostor: roc.impostor,
    tar_at_far: Object.fromEntries(FAR_TARGETS.map(([key], i) => [key, tars[i]!])),
    auc: auc(roc),
  };
  // 4. Intervals and diagnostics.
  const rocBand = context.ci
    ? await _verificationCi(context.ci, verification, scores, pairs)
    : undefined;
  return {
    verification,
    roc: downsampleRoc(roc),
    histogram: scoreHistogram(scores, pairs.labels),
    rocBand,
    pairScores: context.saveScores ? scores : undefined,
    diagnostics: context.diagnostics.verification(label, scores, pairs),
  };
}
