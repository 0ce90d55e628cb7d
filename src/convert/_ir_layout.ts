/**
 * Key prefixes of the two IR layouts, mapped onto one block description so the graph
 * builder handles both the same way. Prefixes have no trailing `.weight`.
 */
import type { BackboneInfo } from "./detect_backbone.ts";

/** One pre-activation IR basic block: BN → conv3×3 → BN → PReLU → conv3×3(stride) → BN. */
export interface _BlockKeys {
  readonly bnIn: string;
  readonly conv1: string;
  readonly bnMid: string;
  readonly prelu: string;
  readonly conv2: string;
  readonly bnOut: string;
  /** Conv1×1 of the projection shortcut; absent keys mean a max-pool (kernel 1) shortcut. */
  readonly shortcutConv: string;
  readonly shortcutBn: string;
  readonly stride: number;
  /** Stage index, from 0. */
  readonly stage: number;
  /** Whether this is the last block of its stage. */
  readonly last: boolean;
}

/** The whole network: stem, blocks and head. */
export interface _LayoutKeys {
  readonly stemConv: string;
  readonly stemBn: string;
  readonly stemPrelu: string;
  readonly blocks: readonly _BlockKeys[];
  /** BatchNorm2d before the flatten. */
  readonly headBn: string;
  readonly fc: string;
  /** BatchNorm1d after the fc (affine in iresnet, not in TFace IR). */
  readonly embBn: string;
  /** Whether the network flips BGR→RGB first (insightface iresnet). */
  readonly flipInput: boolean;
}

/** Key prefixes for `info`'s layout and stages. */
export function _layoutKeys(info: BackboneInfo): _LayoutKeys {
  const blocks: _BlockKeys[] = [];
  let index = 0;
  info.stages.forEach((count, stage) => {
    for (let i = 0; i < count; i++, index++) {
      const position = { stride: i === 0 ? 2 : 1, stage, last: i === count - 1 };
      if (info.layout === "tface-ir") {
        const res = `model.body.${index}.res_layer`;
        const sc = `model.body.${index}.shortcut_layer`;
        blocks.push({
          bnIn: `${res}.0`,
          conv1: `${res}.1`,
          bnMid: `${res}.2`,
          prelu: `${res}.3`,
          conv2: `${res}.4`,
          bnOut: `${res}.5`,
          shortcutConv: `${sc}.0`,
          shortcutBn: `${sc}.1`,
          ...position,
        });
      } else {
        const p = `model.layer${stage + 1}.${i}`;
        blocks.push({
          bnIn: `${p}.bn1`,
          conv1: `${p}.conv1`,
          bnMid: `${p}.bn2`,
          prelu: `${p}.prelu`,
          conv2: `${p}.conv2`,
          bnOut: `${p}.bn3`,
          shortcutConv: `${p}.downsample.0`,
          shortcutBn: `${p}.downsample.1`,
          ...position,
        });
      }
    }
  });
  if (info.layout === "tface-ir") {
    return {
      stemConv: "model.input_layer.0",
      stemBn: "model.input_layer.1",
      stemPrelu: "model.input_layer.2",
      blocks,
      headBn: "model.output_layer.0",
      fc: "model.output_layer.3",
      embBn: "model.output_layer.4",
      flipInput: false,
    };
  }
  return {
    stemConv: "model.conv1",
    stemBn: "model.bn1",
    stemPrelu: "model.prelu",
    blocks,
    headBn: "model.bn2",
    fc: "model.fc",
    embBn: "model.features",
    flipInput: true,
  };
}
