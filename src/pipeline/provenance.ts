import { createHash } from "node:crypto";

/** Size and SHA-256 of one input file. */
export interface FileDigest {
  path: string;
  bytes: number;
  sha256: string;
}

/** Streams a file through SHA-256 (large feature files are never held in memory). */
export async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  const buffer = new Uint8Array(1 << 22);
  let bytes = 0;
  for (;;) {
    const n = await file.read(buffer);
    if (n === null) break;
    hash.update(buffer.subarray(0, n));
    bytes += n;
  }
  return { path, bytes, sha256: hash.digest("hex") };
}

/** The harness version, from deno.json. */
export async function harnessVersion(): Promise<string> {
  const url = new URL("../../deno.json", import.meta.url);
  const config = JSON.parse(await Deno.readTextFile(url)) as { version?: string };
  return config.version ?? "unknown";
}
