import { digestFile } from "./digest_file.ts";

/** A model file an evaluation used: its role, file name, path, size and SHA-256. */
export interface ModelDigest {
  /** What the model did, e.g. `"backbone"`, `"caface cluster"`. */
  readonly role: string;
  /** The file name without folders, e.g. `"fr_feature.onnx"`. */
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Hashes each model file (streamed), keeping the order given. */
export async function digestModels(
  models: readonly { role: string; path: string }[],
): Promise<ModelDigest[]> {
  const out: ModelDigest[] = [];
  for (const { role, path } of models) {
    const { bytes, sha256 } = await digestFile(path);
    out.push({ role, name: path.slice(path.lastIndexOf("/") + 1), path, bytes, sha256 });
  }
  return out;
}
