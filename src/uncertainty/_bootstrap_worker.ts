/// <reference lib="deno.worker" />
/**
 * Worker of {@linkcode verificationResamplesParallel}: rebuilds the sampler from shared
 * arrays and evaluates the resamples `b` with `floor(b / 4) % workers === index`.
 *
 * @module
 */
import { type _VerificationState, VerificationBootstrap } from "./verification_bootstrap.ts";

interface _Job {
  state: _VerificationState;
  counts: Uint32Array;
  subjects: number;
  resamples: number;
  fars: number[];
  out: Float64Array;
  index: number;
  workers: number;
}

self.onmessage = (event: MessageEvent<_Job>) => {
  const job = event.data;
  const sampler = new VerificationBootstrap(job.state);
  const metrics = job.fars.length + 1;
  for (let b0 = 4 * job.index; b0 < job.resamples; b0 += 4 * job.workers) {
    const offsets = [];
    for (let b = b0; b < Math.min(b0 + 4, job.resamples); b++) offsets.push(b * job.subjects);
    sampler.evaluateMany(job.counts, offsets, job.fars, job.out.subarray(b0 * metrics));
  }
  self.postMessage("done");
};
