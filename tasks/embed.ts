/**
 * deno task embed --backbone M.onnx --input IMG.npy --out OUT — run a backbone on a tensor.
 */
import { parseFlags } from "./_flags.ts";
import { writeNpy } from "../src/features/mod.ts";
import { Backbone, readTensorNpy } from "../src/extract/mod.ts";
import { OnnxModel, requireDevice } from "../src/onnx/mod.ts";
import { requirePath, runMain, UsageError } from "./_cli.ts";
import { BACKBONE_FLAGS, BACKBONE_HELP, backboneFlags } from "./_extract_flags.ts";

const HELP = `Run a backbone on a preprocessed float32 tensor and save its raw outputs.

Usage: deno task embed --input IMG.npy --out OUT [options]

  --input IMG.npy         float32 [N, 3, H, W], already colour-ordered and scaled (required)
  --out OUT               output folder (required): OUT/embedding.npy [N, D] and, when the model
                          has an output named "style" (or the one --style-output names),
                          OUT/style.npy
${BACKBONE_HELP}
  -h, --help              show this help

The colour and scaling options do not apply (the input is already preprocessed); --flip does.
Exit status: 0 on success, 1 on an error, 2 on a usage error.`;

await runMain(async () => {
  const { values } = parseFlags(Deno.args, {
    ...BACKBONE_FLAGS,
    input: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.input === undefined) throw new UsageError("Cannot embed without --input IMG.npy");
  if (values.out === undefined) throw new UsageError("Cannot embed without --out OUT");
  requirePath("input", values.input);
  requirePath("backbone", values.backbone);
  const flags = backboneFlags(values);
  await requireDevice(flags.device);
  const tensor = await readTensorNpy(values.input);
  let preprocess = flags.preprocess;
  if (values["style-output"] === undefined) {
    // A model with an output named "style" (a converted CAFace backbone) gets it written.
    const peek = await OnnxModel.load(flags.backbone, { device: flags.device });
    if (peek.outputNames.includes("style")) preprocess = { ...preprocess, styleOutput: "style" };
    await peek.release();
  }
  const backbone = await Backbone.load(flags.backbone, {
    device: flags.device,
    threads: flags.threads,
    preprocess,
  });
  try {
    const [n, c, h, w] = tensor.shape;
    if (tensor.shape.length !== 4 || c !== 3 || h !== backbone.height || w !== backbone.width) {
      throw new TypeError(
        `Cannot embed ${values.input} of shape [${
          tensor.shape.join(", ")
        }]: expected [N, 3, ${backbone.height}, ${backbone.width}] for ${flags.backbone}`,
      );
    }
    const out = await backbone.embed(tensor.data);
    await Deno.mkdir(values.out, { recursive: true });
    await writeNpy(`${values.out}/embedding.npy`, out.embedding);
    if (out.style !== undefined) await writeNpy(`${values.out}/style.npy`, out.style);
    console.log(
      `wrote ${values.out}/embedding.npy [${n}, ${out.embedding.dim}]${
        out.style ? ` and ${values.out}/style.npy [${n}, ${out.style.dim}]` : ""
      }`,
    );
  } finally {
    await backbone.release();
  }
  return 0;
});
