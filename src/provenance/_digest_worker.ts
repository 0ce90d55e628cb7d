/**
 * Worker of {@linkcode digestFilesInBackground}: digests the files it is sent, one after
 * another, and posts back each digest or the error that stopped it.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { digestFile } from "./digest_file.ts";

self.onmessage = async (event: MessageEvent<{ paths: string[] }>) => {
  try {
    const digests = [];
    for (const path of event.data.paths) digests.push(await digestFile(path));
    self.postMessage({ digests });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
