/** The harness version, from deno.json. */
export async function harnessVersion(): Promise<string> {
  const url = new URL("../../deno.json", import.meta.url);
  const config = JSON.parse(await Deno.readTextFile(url)) as { version?: string };
  return config.version ?? "unknown";
}
