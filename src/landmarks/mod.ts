/**
 * Face detection and 5-point landmarks with faceplugin's ONNX models (`fr_detect.onnx`,
 * `fr_landmark.onnx`), for users who bring their own images without IJB landmark files.
 *
 * @example
 * ```ts ignore
 * import { decodeImage } from "../images/mod.ts";
 * import { FaceLandmarker } from "./mod.ts";
 * const landmarker = await FaceLandmarker.load();
 * const face = await landmarker.locate(await decodeImage("photo.jpg"));
 * console.log(face?.points5); // [x1, y1, …, x5, y5] or undefined
 * ```
 */
export { detectFaces, type Detection, type DetectOptions } from "./detect.ts";
export { landmarks68, to5Points } from "./landmarks68.ts";
export {
  FaceLandmarker,
  type FaceLandmarkerOptions,
  FACEPLUGIN_MODEL_DIR,
  type LocatedFace,
} from "./face_landmarker.ts";
