import type { Templates, TemplateSet } from "./types.ts";

/** The three IJB-S identification protocols, as written in `metrics.json`. */
export const IJBS_PROTOCOLS = [
  "surveillance_to_single",
  "surveillance_to_booking",
  "surveillance_to_surveillance",
] as const;
/** One of {@linkcode IJBS_PROTOCOLS}. */
export type IjbsProtocolName = typeof IJBS_PROTOCOLS[number];

/** The IJB-S protocol files, relative to the data directory. */
export const IJBS_FILES = {
  metadata: "protocols/cs6_metadata.csv",
  singleBookingProbes: "protocols/cs6_surveillance_to_single-booking_probe.csv",
  surveillanceProbes: "protocols/cs6_surveillance_to_surveillance_probe.csv",
  single: ["g1", "g2"].map((g) => `protocols/galleries/cs6_surveillance_to_single_${g}.csv`),
  booking: ["g1", "g2"].map((g) => `protocols/galleries/cs6_surveillance_to_booking_${g}.csv`),
  surveillance: ["g1", "g2"].map((g) =>
    `protocols/galleries/cs6_surveillance_to_surveillance_${g}.csv`
  ),
  imageList: "image_list.txt",
  images: "images",
} as const;

/** Every IJB-S file an evaluation reads (the protocols and the image list), under `DIR/`. */
export const IJBS_INPUT_FILES: readonly string[] = [
  IJBS_FILES.metadata,
  IJBS_FILES.singleBookingProbes,
  IJBS_FILES.surveillanceProbes,
  ...IJBS_FILES.single,
  ...IJBS_FILES.booking,
  ...IJBS_FILES.surveillance,
  IJBS_FILES.imageList,
];

/** The probe set and the two galleries of one IJB-S protocol. */
export interface IjbsProtocolSets {
  readonly name: IjbsProtocolName;
  readonly probe: TemplateSet;
  readonly galleries: readonly [TemplateSet, TemplateSet];
}

/** Everything an IJB-S evaluation needs from the layout. */
export interface IjbsProtocol {
  /** Lines of `image_list.txt`: the row count of the features. */
  readonly rows: number;
  /** Every template used by a protocol, ids 0 … T−1, rows in list order. */
  readonly templates: Templates;
  /** The subject of each template. */
  readonly subjects: Int32Array;
  readonly protocols: readonly IjbsProtocolSets[];
}
