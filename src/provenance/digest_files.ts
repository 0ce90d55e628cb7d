import type { FileDigest } from "./digest_file.ts";

/**
 * Starts digesting `paths` on a worker thread and returns the promise of their digests,
 * in order. Hashing a run's inputs (a 1 GB feature file) then overlaps the evaluation
 * instead of following it. Rejects with the first file that cannot be read.
 */
export function digestFilesInBackground(paths: readonly string[]): Promise<FileDigest[]> {
  if (paths.length === 0) return Promise.resolve([]);
  const worker = new Worker(new URL("./_digest_worker.ts", import.meta.url).href, {
    type: "module",
  });
  return new Promise<FileDigest[]>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ digests?: FileDigest[]; error?: string }>) => {
      worker.terminate();
      if (event.data.digests) resolve(event.data.digests);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(`Cannot digest the run's inputs: ${event.message}`));
    };
    worker.postMessage({ paths: [...paths] });
  });
}
