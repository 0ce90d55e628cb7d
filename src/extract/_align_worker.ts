/// <reference lib="deno.worker" />
/**
 * Worker: decode + align one image per job, answering with a normalised `[3,H,W]` tensor or
 * a PNG of the crop (transferred, not copied). Messages are {@linkcode _WorkerInit}, then
 * {@linkcode _WorkerJob}s; replies are {@linkcode _WorkerReply}s. Jobs run concurrently
 * (decoding waits on libvips threads).
 */
import {
  alignFace,
  ARCFACE_TEMPLATE,
  decodeImageBytes,
  encodePng,
  ImageError,
  toTensor,
} from "../images/mod.ts";
import { type ImageFingerprint, readFingerprinted } from "./image_fingerprint.ts";
import type { WarningKind } from "./shard_record.ts";
import type { _WorkerInit, _WorkerJob, _WorkerReply } from "./_worker_pool.ts";

/** An image whose shorter side is below this share of the crop size is called small. */
const _SMALL = 1 / 4;

let settings: _WorkerInit | undefined;
let template: Float64Array = ARCFACE_TEMPLATE.slice();

self.onmessage = async (event: MessageEvent<_WorkerInit | _WorkerJob>) => {
  const message = event.data;
  if (message.kind === "init") {
    settings = message;
    template = ARCFACE_TEMPLATE.map((v) => v * message.size / 112);
    return;
  }
  const reply = await _run(message);
  const transfer = "data" in reply ? [reply.data.buffer as ArrayBuffer] : [];
  self.postMessage(reply, { transfer });
};

async function _run(job: _WorkerJob): Promise<_WorkerReply> {
  const init = settings!;
  let image: ImageFingerprint | null = null;
  try {
    let bytes: Uint8Array;
    try {
      ({ bytes, fingerprint: image } = await readFingerprinted(job.path));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      const message = `Cannot decode ${job.path} as it does not exist`;
      return { id: job.id, reason: "missing", message, image };
    }
    const img = await decodeImageBytes(bytes, { name: job.path });
    const warnings: { kind: WarningKind; message: string }[] = [];
    if (img.truncated) {
      warnings.push({
        kind: "truncated",
        message: `${job.path} is cut short: decoded partially, the rest grey as OpenCV does`,
      });
    }
    if (Math.min(img.width, img.height) < init.size * _SMALL) {
      warnings.push({
        kind: "small",
        message:
          `${job.path} is ${img.width}×${img.height}, much smaller than the ${init.size}×${init.size} input`,
      });
    }
    let crop;
    try {
      const landmarks = init.prealigned
        ? ARCFACE_TEMPLATE.map((v) => v * img.width / 112)
        : job.landmarks;
      crop = alignFace(img, landmarks, { size: init.size, template });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { id: job.id, reason: "landmarks", message: error.message, image };
    }
    if (init.output === "png") return { id: job.id, data: await encodePng(crop), image, warnings };
    return { id: job.id, data: toTensor([crop], init.tensor), image, warnings };
  } catch (error) {
    if (error instanceof ImageError) {
      return { id: job.id, reason: error.reason, message: error.message, image };
    }
    return { id: job.id, fatal: error instanceof Error ? error.message : String(error) };
  }
}
