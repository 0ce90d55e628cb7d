/**
 * The fixed sizes of the released CAFace model (docs/caface-onnx.md): M cluster centres, the working
 * width D, the identity feature size F, the style vector size and the style statistics
 * channels (128 from stage 2 plus 256 from stage 3).
 */
export const CAFACE_DIMS = { M: 4, D: 128, F: 512, STYLE: 64, STATS: 384 } as const;
