/**
 * deno task build — the offline bundle dist/caface-harness.tar.xz (see docs/bundle.md).
 */
import { parseFlags } from "./_flags.ts";
import {
  BUNDLE_MODELS,
  BUNDLE_PRUNE,
  BUNDLE_SKIP_PACKAGES,
  BUNDLE_SOURCES,
  BUNDLE_STRIP,
  LAUNCHER,
  npmClosure,
  shipFile,
} from "../tools/bundle/build_bundle.ts";
import { runMain, UsageError } from "./_cli.ts";

const HELP = `Build the offline bundle: Deno, the code, linux-x64 npm packages, default models and
fixtures, and the launcher caface-harness/bin/caface-harness.

Usage: deno task build [--out FILE.tar.xz] [--deno PATH]

  --out FILE     the archive (default: dist/caface-harness.tar.xz)
  --deno PATH    the Deno binary to ship (default: node_modules/@deno/linux-x64-glibc/deno
                 when installed, else the running Deno, which must be linux-x64)
  --max-mb N     fail when the archive is larger (default: 60)
  -h, --help     show this help

Needs tar and xz on the PATH. Exit status: 0 when written, 1 on an error, 2 on a usage error.`;

const root = new URL("../", import.meta.url).pathname;

async function run(cmd: string, args: string[], cwd = root): Promise<void> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "inherit", stderr: "inherit" })
    .output();
  if (!out.success) throw new Error(`Cannot build the bundle: ${cmd} ${args.join(" ")} failed`);
}

await runMain(async () => {
  const { values } = parseFlags(Deno.args, {
    out: { type: "string", default: "dist/caface-harness.tar.xz" },
    deno: { type: "string" },
    "max-mb": { type: "string", default: "60" },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const maxMb = Number(values["max-mb"]);
  if (!(maxMb > 0)) throw new UsageError(`Cannot use --max-mb "${values["max-mb"]}"`);
  if (Deno.build.os !== "linux" || Deno.build.arch !== "x86_64") {
    throw new Error(`Cannot build the linux-x64 bundle on ${Deno.build.os}-${Deno.build.arch}`);
  }
  const denoBinary = values.deno ??
    [`${root}node_modules/@deno/linux-x64-glibc/deno`].find((p) => _isFile(p)) ?? Deno.execPath();

  // 1. Stage the tree.
  const stage = await Deno.makeTempDir({ prefix: "caface_bundle_" });
  const top = `${stage}/caface-harness`;
  try {
    await Deno.mkdir(`${top}/bin`, { recursive: true });
    await Deno.copyFile(denoBinary, `${top}/bin/deno`);
    await Deno.writeTextFile(`${top}/bin/caface-harness`, LAUNCHER, { mode: 0o755 });
    for (const source of BUNDLE_SOURCES) {
      if (!_exists(`${root}${source}`)) continue;
      for (const file of await _files(root, source)) {
        if (!shipFile(file)) continue;
        if (file.includes("/")) {
          await Deno.mkdir(`${top}/${file.slice(0, file.lastIndexOf("/"))}`, { recursive: true });
        }
        await Deno.copyFile(`${root}${file}`, `${top}/${file}`);
      }
    }
    const config = JSON.parse(await Deno.readTextFile(`${root}deno.json`));
    config.nodeModulesDir = "manual";
    await Deno.writeTextFile(`${top}/deno.json`, JSON.stringify(config, null, 2) + "\n");

    // 2. node_modules: the closure of the imports, linux-x64 only, plus the model files.
    const lock = JSON.parse(await Deno.readTextFile(`${root}deno.lock`));
    const imports = Object.keys(config.imports).filter((n) => !BUNDLE_SKIP_PACKAGES.includes(n));
    const folders = npmClosure(lock, imports);
    await Deno.mkdir(`${top}/node_modules/.deno`, { recursive: true });
    for (const name of [".deno.lock", ".setup-cache.bin"]) {
      if (_exists(`${root}node_modules/.deno/${name}`)) {
        await Deno.copyFile(
          `${root}node_modules/.deno/${name}`,
          `${top}/node_modules/.deno/${name}`,
        );
      }
    }
    await run("cp", [
      "-a",
      ...folders.map((f) => `node_modules/.deno/${f}`),
      `${top}/node_modules/.deno/`,
    ]);
    for (const name of imports) {
      const link = `node_modules/${name}`;
      await Deno.mkdir(`${top}/${link.slice(0, link.lastIndexOf("/"))}`, { recursive: true })
        .catch(() => {});
      await Deno.symlink(await Deno.readLink(`${root}${link}`), `${top}/${link}`);
    }
    for (const prune of BUNDLE_PRUNE) {
      await Deno.remove(`${top}/node_modules/.deno/${prune}`, { recursive: true }).catch(() => {});
    }
    await _strip(`${top}/node_modules`);
    for (const model of BUNDLE_MODELS) {
      const real = await Deno.realPath(`${root}${model}`);
      await Deno.mkdir(`${top}/${model.slice(0, model.lastIndexOf("/"))}`, { recursive: true });
      await Deno.copyFile(real, `${top}/${model}`);
    }

    // 3. Compress.
    const out = values.out.startsWith("/") ? values.out : `${Deno.cwd()}/${values.out}`;
    await Deno.mkdir(out.slice(0, out.lastIndexOf("/")), { recursive: true });
    const temp = `${out}.partial`;
    await run("tar", [
      "-C",
      stage,
      "-cf",
      temp,
      "--owner=0",
      "--group=0",
      "-I",
      "xz -9 -T2 --block-size=64MiB",
      "caface-harness",
    ]);
    const mb = (await Deno.stat(temp)).size / 1e6;
    if (mb > maxMb) {
      await Deno.remove(temp);
      throw new Error(`Cannot write ${values.out}: ${mb.toFixed(1)} MB is over --max-mb ${maxMb}`);
    }
    await Deno.rename(temp, out);
    console.log(`wrote ${values.out} (${mb.toFixed(1)} MB; ${folders.length} npm packages)`);
    return 0;
  } finally {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
  }
});

function _exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function _isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Files under `path` that git tracks or would track (not ignored), relative to the root. */
async function _files(rootDir: string, path: string): Promise<string[]> {
  const out = await new Deno.Command("git", {
    args: ["ls-files", "--cached", "--others", "--exclude-standard", "--", path],
    cwd: rootDir,
    stdout: "piped",
  })
    .output();
  const listed = new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
  return listed.filter((f) => _isFile(`${rootDir}${f}`));
}

/** Deletes {@linkcode BUNDLE_STRIP} files under `dir` (symbolic links are not followed). */
async function _strip(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) await _strip(path);
    else if (entry.isFile && BUNDLE_STRIP.test(entry.name)) await Deno.remove(path);
  }
}
