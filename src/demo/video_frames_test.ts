import assert from "node:assert/strict";
import { decodeImage, encodePng, rgbImage } from "../images/mod.ts";
import { videoFrames } from "./video_frames.ts";

async function _hasFfmpeg(): Promise<boolean> {
  try {
    return (await new Deno.Command("ffmpeg", { args: ["-version"], stdout: "null" }).output())
      .success;
  } catch {
    return false;
  }
}

Deno.test("videoFrames() says ffmpeg is missing and that frames are accepted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(videoFrames("clip.mp4", dir, { ffmpeg: "ffmpeg-not-installed-here" }), {
      name: "NotFound",
      message:
        'Cannot read video clip.mp4 as ffmpeg is not installed (no "ffmpeg-not-installed-here" on PATH): install ffmpeg, or pass a folder of frames (jpg/png, in name order) instead',
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("videoFrames() refuses a bad fps or frame count", async () => {
  await assert.rejects(videoFrames("clip.mp4", "/tmp/x", { fps: 0 }), {
    name: "RangeError",
    message: "Cannot sample clip.mp4 at 0 frames per second: expected a number > 0",
  });
  await assert.rejects(videoFrames("clip.mp4", "/tmp/x", { maxFrames: 1.5 }), {
    name: "RangeError",
    message: "Cannot keep 1.5 frames: expected a whole number ≥ 1",
  });
});

Deno.test({
  name: "videoFrames() samples a 4 s, 10 fps video at 2 fps with ffmpeg",
  ignore: !await _hasFfmpeg(),
  async fn(t) {
    const dir = await Deno.makeTempDir();
    try {
      // 40 frames whose grey level is 5 × the frame number, encoded losslessly.
      for (let i = 0; i < 40; i++) {
        const img = rgbImage(32, 32, new Uint8Array(32 * 32 * 3).fill(5 * i));
        await Deno.writeFile(`${dir}/in${String(i).padStart(3, "0")}.png`, await encodePng(img));
      }
      const video = `${dir}/clip.mkv`;
      const made = await new Deno.Command("ffmpeg", {
        args: [
          "-loglevel",
          "error",
          "-framerate",
          "10",
          "-i",
          `${dir}/in%03d.png`,
          "-c:v",
          "ffv1",
          video,
        ],
      }).output();
      assert.ok(made.success);
      await t.step("every frame up to 4 s × 2 fps", async () => {
        const frames = await videoFrames(video, `${dir}/out`, { fps: 2 });
        assert.deepEqual(frames.map((p) => p.slice(-9)), [
          "00001.png",
          "00002.png",
          "00003.png",
          "00004.png",
          "00005.png",
          "00006.png",
          "00007.png",
          "00008.png",
        ]);
        // Frames advance through the clip: grey levels increase.
        const levels = await Promise.all(frames.map(async (p) => (await decodeImage(p)).data[0]!));
        for (let i = 1; i < levels.length; i++) assert.ok(levels[i]! > levels[i - 1]!, `${levels}`);
      });
      await t.step("maxFrames stops early", async () => {
        const frames = await videoFrames(video, `${dir}/out3`, { fps: 2, maxFrames: 3 });
        assert.equal(frames.length, 3);
      });
      await t.step("a file that is not a video is an error with ffmpeg's reason", async () => {
        await Deno.writeTextFile(`${dir}/bad.mp4`, "not a video");
        await assert.rejects(
          videoFrames(`${dir}/bad.mp4`, `${dir}/out4`),
          (e: Error) =>
            e.constructor === Error &&
            e.message.startsWith(
              `Cannot read frames from video ${dir}/bad.mp4: ffmpeg exited with code`,
            ),
        );
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
