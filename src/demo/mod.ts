/**
 * The CAFace repository's demo figure: how much each frame of a probe video counts in the
 * fused feature, and how similar each frame and each fused feature is to a gallery image.
 *
 * ```
 * video ─► videoFrames (ffmpeg) ─┐
 * folder ─► listFrames ──────────┴► runDemo: embedFaces ─► averageTemplate / cafaceTemplate
 *                                     ─► cosine to gallery ─► demoChart ─► writeDemo
 * ```
 *
 * @module
 */
export { listFrames, type ListFramesOptions } from "./list_frames.ts";
export { videoFrames, type VideoFramesOptions } from "./video_frames.ts";
export {
  type EmbeddedFaces,
  embedFaces,
  type EmbedFacesOptions,
  type SkippedImage,
} from "./embed_faces.ts";
export { averageTemplate, type TemplateFusion, unitVector } from "./template_fusion.ts";
export { cafaceImageWeights, type CafaceOutputs, cafaceTemplate } from "./caface_template.ts";
export {
  demoChart,
  type DemoChartInput,
  type DemoChartOptions,
  type DemoFrame,
} from "./demo_chart.ts";
export { type DemoFrameResult, type DemoResult, runDemo, type RunDemoOptions } from "./run_demo.ts";
export { DEMO_FILES, writeDemo, type WriteDemoOptions } from "./write_demo.ts";
