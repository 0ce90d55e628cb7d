/** {@linkcode videoFrames}: a video's frames, sampled by ffmpeg into a folder. */
import { listFrames } from "./list_frames.ts";

/** Options for {@linkcode videoFrames}. */
export interface VideoFramesOptions {
  /** Frames sampled per second of video. Default 2. */
  fps?: number;
  /** Most frames written (the first ones). Default 64. */
  maxFrames?: number;
  /** The ffmpeg executable, a name looked up on `PATH` or a path. Default `"ffmpeg"`. */
  ffmpeg?: string;
}

/**
 * Samples `video` at `fps` frames per second into `outDir` as `00001.png`, `00002.png`, …
 * with `ffmpeg -i VIDEO -vf fps=F -frames:v MAX OUTDIR/%05d.png`, and returns their paths
 * in order (see {@linkcode listFrames}).
 *
 * Degenerate cases: a video shorter than one sampling period still gives its first frame;
 * ffmpeg writing no frame at all is an error.
 *
 * @throws {Deno.errors.NotFound} When ffmpeg is not installed (the message says a folder
 * of frames may be given instead).
 * @throws {RangeError} When `fps` is not a finite number > 0 or `maxFrames` is not a whole
 * number ≥ 1.
 * @throws {Error} When ffmpeg fails or writes no frame (the message ends with ffmpeg's
 * last line of output).
 */
export async function videoFrames(
  video: string,
  outDir: string,
  options: VideoFramesOptions = {},
): Promise<string[]> {
  const { fps = 2, maxFrames = 64, ffmpeg = "ffmpeg" } = options;
  if (!(fps > 0) || !Number.isFinite(fps)) {
    throw new RangeError(
      `Cannot sample ${video} at ${fps} frames per second: expected a number > 0`,
    );
  }
  if (!Number.isInteger(maxFrames) || maxFrames < 1) {
    throw new RangeError(`Cannot keep ${maxFrames} frames: expected a whole number ≥ 1`);
  }
  await Deno.mkdir(outDir, { recursive: true });
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", video];
  args.push("-vf", `fps=${fps}`, "-frames:v", String(maxFrames), `${outDir}/%05d.png`);
  let result: Deno.CommandOutput;
  try {
    result = await new Deno.Command(ffmpeg, { args, stdout: "null", stderr: "piped" }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot read video ${video} as ffmpeg is not installed (no "${ffmpeg}" on PATH): install ffmpeg, or pass a folder of frames (jpg/png, in name order) instead`,
        { cause: error },
      );
    }
    throw error;
  }
  const log = new TextDecoder().decode(result.stderr).trim().split("\n").pop() ?? "";
  const frames = result.success ? await listFrames(outDir, { maxFrames }) : [];
  if (frames.length === 0) {
    throw new Error(
      `Cannot read frames from video ${video}: ffmpeg ${
        result.success ? "wrote no frame" : `exited with code ${result.code}`
      }${log ? ` (${log})` : ""}`,
    );
  }
  return frames;
}
