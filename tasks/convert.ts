/**
 * deno task convert caface|backbone|all --ckpt FILE.ckpt --out MODELDIR — convert a CAFace
 * checkpoint into the ONNX model directory the harness runs, without Python.
 */
import { parseFlags } from "./_flags.ts";
import { convertCheckpoint, convertOnnxToFloat16, type ConvertPart } from "../src/convert/mod.ts";
import { requirePath, runMain, UsageError } from "./_cli.ts";
import { progressPrinter } from "./_progress.ts";

const HELP = `Convert a CAFace checkpoint (PyTorch Lightning .ckpt) into ONNX, without Python.

Usage: deno task convert caface|backbone|all --ckpt FILE.ckpt --out MODELDIR [options]
       deno task convert fp16 --model M.onnx [--out M_fp16.onnx]

  caface                  MODELDIR/cluster.onnx, aggregate.onnx, style_merge.onnx + meta.json,
                          from the aggregator.* weights (the fusion model for --caface MODELDIR)
  backbone                MODELDIR/backbone.onnx + meta.json, from the model.* weights (TFace IR
                          or insightface iresnet, any depth), with a style output from
                          aggregator.style_maker.* when present (for --backbone)
  all                     both into one MODELDIR
  fp16                    any float32 ONNX model (a backbone) to float16 inside, float32 inputs
                          and outputs (a cast at each end); reductions, roots, divisions,
                          normalisations and Gemm stay float32 (docs/gpu.md)

  --ckpt FILE.ckpt        the checkpoint (required)
  --out MODELDIR          output folder (required); created, or files replaced in it
  --with-backbone         with caface: also convert the backbone (same as all)
  --no-style              backbone without the style output
  --allow-global LIST     comma list of pickle globals (module.name) to accept beyond what
                          torch.load(weights_only=True) allows and Lightning's AttributeDict /
                          argparse.Namespace; only for files you trust (nothing is executed,
                          but unknown objects are read as data)
  --dtype D               float32 (default) or float16: backbone.onnx in half precision
  --model M.onnx          with fp16: the model to convert
  -q, --quiet             no progress lines
  -h, --help              show this help

The backbone takes input [B,3,112,112] BGR scaled (x/255 - 0.5)/0.5 and outputs a raw
embedding [B,512] (and style [B,64]). Files are written to a hidden staging folder and moved
into place when complete: a failed conversion leaves no model folder behind.
Exit status: 0 on success, 1 on an error, 2 on a usage error.`;

const COMMANDS: Readonly<Record<string, readonly ConvertPart[]>> = {
  caface: ["caface"],
  backbone: ["backbone"],
  all: ["caface", "backbone"],
};

await runMain(async () => {
  const { values, positionals } = parseFlags(Deno.args, {
    ckpt: { type: "string" },
    out: { type: "string" },
    "with-backbone": { type: "boolean", default: false },
    "no-style": { type: "boolean", default: false },
    "allow-global": { type: "string", multiple: true },
    dtype: { type: "string", default: "float32" },
    model: { type: "string" },
    quiet: { type: "boolean", short: "q", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (command === undefined) {
    throw new UsageError("Cannot convert without caface|backbone|all|fp16");
  }
  if (values.dtype !== "float32" && values.dtype !== "float16") {
    throw new UsageError(`Cannot use --dtype "${values.dtype}": expected float32 or float16`);
  }
  if (command === "fp16") {
    if (extra.length > 0) throw new UsageError(`Cannot convert with extra argument "${extra[0]}"`);
    if (values.model === undefined) {
      throw new UsageError("Cannot convert fp16 without --model M.onnx");
    }
    const out = values.out ?? values.model.replace(/(\.onnx)?$/, "_fp16.onnx");
    const result = await convertOnnxToFloat16(values.model, out);
    console.log(
      `wrote ${out} (${
        (result.bytes / 1e6).toFixed(1)
      } MB): ${result.float16Nodes} nodes in float16, ${result.float32Nodes} in float32, ${result.foldedBatchNorms} BatchNorms folded`,
    );
    return 0;
  }
  if (values.model !== undefined) throw new UsageError("Cannot use --model without fp16");
  let parts = COMMANDS[command];
  if (parts === undefined) {
    throw new UsageError(
      `Cannot convert "${command}": available are ${
        [...Object.keys(COMMANDS), "fp16"].map((c) => `"${c}"`).join(", ")
      }`,
    );
  }
  if (extra.length > 0) throw new UsageError(`Cannot convert with extra argument "${extra[0]}"`);
  if (values.ckpt === undefined) throw new UsageError("Cannot convert without --ckpt FILE.ckpt");
  if (values.out === undefined) throw new UsageError("Cannot convert without --out MODELDIR");
  requirePath("ckpt", values.ckpt);
  if (values["with-backbone"]) {
    if (command !== "caface") {
      throw new UsageError(`Cannot use --with-backbone with ${command}: it goes with caface`);
    }
    parts = COMMANDS.all!;
  }
  if (values["no-style"] && !parts.includes("backbone")) {
    throw new UsageError("Cannot use --no-style without a backbone: it goes with backbone, all");
  }
  const started = performance.now();
  if (values.dtype === "float16" && !parts.includes("backbone")) {
    throw new UsageError(
      "Cannot use --dtype float16 without a backbone: it goes with backbone, all",
    );
  }
  const result = await convertCheckpoint(values.ckpt, values.out, {
    parts,
    style: values["no-style"] ? false : undefined,
    allowGlobals: (values["allow-global"] ?? []).flatMap((g) =>
      g.split(",").map((x) => x.trim()).filter(Boolean)
    ),
    dtype: values.dtype,
    onProgress: progressPrinter({ quiet: values.quiet }),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const sizes = await Promise.all(result.files.map(async (file) => {
    const bytes = (await Deno.stat(file)).size;
    const size = bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
    return `${file.slice(file.lastIndexOf("/") + 1)} (${size})`;
  }));
  console.log(`wrote ${values.out}: ${sizes.join(", ")} in ${seconds}s`);
  return 0;
});
