/** The GPU benchmark's one printed table. */
import type { GpuBenchmarkResult } from "./gpu_benchmark.ts";

/** A PyTorch reference timing (from `torch_reference.py`), images per second by batch. */
export interface TorchReference {
  readonly device: string;
  readonly rows: readonly { dtype: string; batch: number; imagesPerSecond: number }[];
}

/** Markdown table: one row per dtype and route, one column per batch, then the checks. */
export function formatTable(result: GpuBenchmarkResult, torch?: TorchReference): string {
  const batches = result.dtypes[0]?.inference.map((t) => t.batch) ?? [];
  const head = `| route | dtype | ${
    batches.map((b) => `batch ${b}`).join(" | ")
  } | extraction (of pure) | max rel. error vs cpu fp32 | min cosine |`;
  const rule = `|---|---|${batches.map(() => "---:").join("|")}|---:|---:|---:|`;
  const lines = [head, rule];
  for (const d of result.dtypes) {
    const cells = d.inference.map((t) => t.imagesPerSecond.toFixed(0));
    const e = d.extraction;
    lines.push(
      `| onnxruntime-node ${result.device} | ${d.dtype} | ${cells.join(" | ")} | ${
        e.steadyImagesPerSecond.toFixed(0)
      } at batch ${e.batch} (${(e.ofPureInference * 100).toFixed(0)}%) | ${
        d.parity.maxRelative.toExponential(1)
      } | ${d.parity.minCosine.toFixed(5)} |`,
    );
  }
  for (const dtype of ["float32", "float16"]) {
    const rows = torch?.rows.filter((r) => r.dtype === dtype) ?? [];
    if (rows.length === 0) continue;
    const cells = batches.map((b) =>
      rows.find((r) => r.batch === b)?.imagesPerSecond.toFixed(0) ?? "—"
    );
    lines.push(`| PyTorch ${torch!.device} | ${dtype} | ${cells.join(" | ")} | — | — | — |`);
  }
  const notes = [
    `IR (${result.network.stages.join(",")}), ${
      result.network.gflopsPerImage.toFixed(1)
    } GFLOP per image; images per second; ${result.date.slice(0, 10)}.`,
    `Parity (float32, bound 1e-4): ${result.parityOk ? "ok" : "FAILED"}.`,
  ];
  for (const v of result.variants) {
    notes.push(
      `WebGPU option "${v.name}", float16 batch ${Math.max(...batches)}: ${
        v.imagesPerSecond === null ? `failed (${v.error})` : `${v.imagesPerSecond.toFixed(0)} img/s`
      }.`,
    );
  }
  if (result.profile !== undefined) {
    notes.push(
      `Profile (float16, one run ${result.profile.total.toFixed(0)} ms): ${
        result.profile.entries.map((e) => `${e.what} ${e.ms.toFixed(0)} ms`).join(", ")
      }.`,
    );
  }
  return [...lines, "", ...notes].join("\n");
}
