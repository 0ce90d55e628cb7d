import assert from "node:assert/strict";
import { loadIjbs } from "./load_ijbs.ts";

async function layout(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${name.slice(0, name.lastIndexOf("/"))}`, { recursive: true });
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

const PROTOCOLS = {
  "protocols/cs6_metadata.csv":
    "SUBJECT_ID,FILENAME\n7,videos/50.mp4,1\n8,videos/50.mp4\n7,videos/50.mp4\n7,img/3.jpg\n9,videos/60.mp4\n",
  "protocols/cs6_surveillance_to_single-booking_probe.csv": "FILENAME\nvideos/50.mp4\n",
  "protocols/cs6_surveillance_to_surveillance_probe.csv": "FILENAME\nvideos/60.mp4\n",
  "protocols/galleries/cs6_surveillance_to_single_g1.csv": "T,S,F\n0,7,img/3.jpg\n",
  "protocols/galleries/cs6_surveillance_to_single_g2.csv": "T,S,F\n0,8,img/4.jpg\n",
  "protocols/galleries/cs6_surveillance_to_booking_g1.csv": "T,S,F\n0,7,img/5.jpg\n0,7,img/3.jpg\n",
  "protocols/galleries/cs6_surveillance_to_booking_g2.csv": "T,S,F\n0,8,img/4.jpg\n",
  "protocols/galleries/cs6_surveillance_to_surveillance_g1.csv": "T,S,F\n0,7,videos/50.mp4\n",
  "protocols/galleries/cs6_surveillance_to_surveillance_g2.csv": "T,S,F\n0,8,videos/50.mp4\n",
};

function rowsOf(p: Awaited<ReturnType<typeof loadIjbs>>, t: number): number[] {
  return Array.from(
    p.templates.rows.subarray(p.templates.offsets[t]!, p.templates.offsets[t + 1]!),
  );
}

Deno.test("loadIjbs() builds templates by the reference's membership rules", async () => {
  const dir = await layout({
    ...PROTOCOLS,
    // Subject 7's frames are not contiguous; 8/img_4 is missing; 9 has no frame at all.
    "image_list.txt": [
      "7/videos_50_00001.jpg",
      "8/videos_50_00001.jpg",
      "7/videos_50_00002.jpg",
      "7/img_3.jpg",
      "7/videos_5_00001.jpg",
      "7/img_5.png",
      "",
    ].join("\n"),
  });
  const p = await loadIjbs(dir);
  assert.equal(p.rows, 6);
  const [single, booking, surveillance] = p.protocols;
  // Two video templates in video 50, one per subject; rows in list order.
  assert.deepEqual(Array.from(single!.probe.subjectIds), [7, 8]);
  assert.deepEqual(rowsOf(p, single!.probe.templateIds[0]!), [0, 2]);
  assert.deepEqual(rowsOf(p, single!.probe.templateIds[1]!), [1]);
  // The single image of 7 is row 3; 8's image is missing: an empty template.
  assert.deepEqual(rowsOf(p, single!.galleries[0].templateIds[0]!), [3]);
  assert.deepEqual(rowsOf(p, single!.galleries[1].templateIds[0]!), []);
  // Booking: all of 7's rows in gallery-file order (img_5 then img_3).
  assert.deepEqual(rowsOf(p, booking!.galleries[0].templateIds[0]!), [5, 3]);
  assert.equal(booking!.probe, single!.probe);
  // Surveillance: probe (9, video 60) is empty; gallery (7, video 50) is the probe template.
  assert.deepEqual(rowsOf(p, surveillance!.probe.templateIds[0]!), []);
  assert.equal(surveillance!.galleries[0].templateIds[0], single!.probe.templateIds[0]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadIjbs() writes image_list.txt from a sorted scan when it is missing", async () => {
  const dir = await layout({
    ...PROTOCOLS,
    "images/8/videos_50_00001.jpg": "",
    "images/7/videos_50_00002.jpg": "",
    "images/7/img_3.jpg": "",
    "images/7/videos_50_00001.jpg": "",
  });
  let created = false;
  const p = await loadIjbs(dir, { onImageList: (info) => created = info.created });
  assert.equal(created, true);
  assert.equal(
    await Deno.readTextFile(`${dir}/image_list.txt`),
    "7/img_3.jpg\n7/videos_50_00001.jpg\n7/videos_50_00002.jpg\n8/videos_50_00001.jpg\n",
  );
  assert.equal(p.rows, 4);
  // An existing list is used as it is, never re-sorted.
  await Deno.writeTextFile(`${dir}/image_list.txt`, "8/videos_50_00001.jpg\n7/img_3.jpg\n");
  const again = await loadIjbs(dir, { onImageList: (info) => created = info.created });
  assert.equal(created, false);
  assert.deepEqual(rowsOf(again, again.protocols[0]!.probe.templateIds[1]!), [0]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadIjbs() names the file and line of a bad subject id", async () => {
  const dir = await layout({
    ...PROTOCOLS,
    "protocols/galleries/cs6_surveillance_to_single_g2.csv": "T,S,F\n0,eight,img/4.jpg\n",
    "image_list.txt": "",
  });
  await assert.rejects(() => loadIjbs(dir), {
    name: "SyntaxError",
    message:
      'Cannot read protocols/galleries/cs6_surveillance_to_single_g2.csv line 2 as its subject id "eight" is not an integer',
  });
  await Deno.remove(`${dir}/protocols/cs6_metadata.csv`);
  await assert.rejects(() => loadIjbs(dir), {
    message: `Cannot find IJB-S protocol file ${dir}/protocols/cs6_metadata.csv`,
  });
  await Deno.remove(dir, { recursive: true });
});
