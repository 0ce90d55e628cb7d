/**
 * deno task devices — what this machine can run: CPU, WebGPU, CUDA.
 */
import { parseFlags } from "./_flags.ts";
import { describeMachine, formatDiagnosis, setRuntimeLogLevel } from "../src/onnx/mod.ts";
import { runMain } from "./_cli.ts";

const HELP = `List the devices the harness can use here (for --device).

Usage: deno task devices [--json] [--verbose]

  --json        print the description as JSON
  --verbose     also let onnxruntime print its own log lines (e.g. the raw
                provider_bridge error of a missing CUDA provider) to stderr
  -h, --help    show this help

cpu always runs. webgpu (bundled with onnxruntime-node, Dawn over Vulkan) needs the Vulkan
loader, libglvnd and a GPU driver's Vulkan manifest; cuda needs the CUDA provider install.
Each unavailable device is printed with the reason and the fix, exactly as a task given
--device prints it. Exit status: 0 (even when only the CPU is usable), 2 on a usage error.`;

await runMain(async () => {
  const { values } = parseFlags(Deno.args, {
    json: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  // Before the first session: only the diagnosis below reaches the terminal.
  setRuntimeLogLevel(values.verbose ? "verbose" : "fatal");
  const machine = await describeMachine();
  if (values.json) {
    console.log(JSON.stringify(machine, null, 2));
    return 0;
  }
  console.log(`cpu      ok: ${machine.cpu.cores} cores, ${machine.cpu.model}`);
  const adapter = machine.webgpu.adapter;
  const seen = adapter === null
    ? "Vulkan shows no adapter to Deno's WebGPU"
    : `adapter "${adapter.description || "unnamed"}" (vendor ${adapter.vendor}${
      adapter.software ? ", software" : ""
    }), limits ${Object.entries(adapter.limits).map(([k, v]) => `${k}=${v}`).join(" ")}`;
  if (machine.webgpu.ok) console.log(`webgpu   ok: ${machine.webgpu.detail}; ${seen}`);
  else console.log(`webgpu   no: ${formatDiagnosis(machine.webgpu)}\n         (${seen})`);
  console.log(
    machine.cuda.ok
      ? `cuda     ok: ${machine.cuda.detail}`
      : `cuda     no: ${formatDiagnosis(machine.cuda)}`,
  );
  return 0;
});
