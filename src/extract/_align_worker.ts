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
  decodeImage,
  encodePng,
  ImageError,
  toTensor,
} from "../images/mod.ts";
import type { _WorkerInit, _WorkerJob, _WorkerReply } from "./_worker_pool.ts";

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
  try {
    const img = await decodeImage(job.path);
    let crop;
    try {
      const landmarks = init.prealigned
        ? ARCFACE_TEMPLATE.map((v) => v * img.width / 112)
        : job.landmarks;
      crop = alignFace(img, landmarks, { size: init.size, template });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { id: job.id, reason: "landmarks", message: error.message };
    }
    if (init.output === "png") return { id: job.id, data: await encodePng(crop) };
    return { id: job.id, data: toTensor([crop], init.tensor) };
  } catch (error) {
    if (error instanceof ImageError) {
      return { id: job.id, reason: error.reason, message: error.message };
    }
    return { id: job.id, fatal: error instanceof Error ? error.message : String(error) };
  }
}
