/**
 * Images: decode to RGB, align 5-point faces to the ArcFace 112×112 crop as OpenCV and
 * skimage do, and pack crops into backbone input.
 *
 * ```
 * file ─► decodeImage ─► RgbImage ─► alignFace (estimateSimilarity + warpAffine) ─► toTensor ─► NCHW
 * ```
 *
 * @module
 */
export { alignFace, type AlignOptions } from "./align.ts";
export {
  type DecodedImage,
  decodeImage,
  decodeImageBytes,
  type DecodeOptions,
  encodePng,
} from "./decode.ts";
export {
  IMAGE_ERROR_REASONS,
  ImageError,
  type ImageErrorReason,
  isImageErrorReason,
} from "./image_error.ts";
export { type RgbImage, rgbImage } from "./rgb_image.ts";
export { ARCFACE_TEMPLATE, estimateSimilarity } from "./similarity.ts";
export {
  COLOUR_ORDERS,
  type ColourOrder,
  isColourOrder,
  type TensorOptions,
  toTensor,
} from "./to_tensor.ts";
export { warpAffine, type WarpOptions } from "./warp.ts";
export { thumbnailDataUrl, type ThumbnailOptions } from "./thumbnail.ts";
