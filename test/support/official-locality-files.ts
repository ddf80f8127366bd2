import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds the official lists of administrative units (shared/data/localities beside the checkout,
 * or the folder named by LEDGER_SHARED_DATA_DIR). Tests that need them are skipped, saying why,
 * where they are absent: the project never stores copies of them.
 */
const pre2025RelativePath = 'pre-2025/simplified_json_generated_data_vn_units.json';
const post2025RelativePath = 'post-2025/BangChuyendoiDVHCmoi_cu_khong_merge.csv';
/** How far up from this folder to look for `shared/data/localities`. */
const parentFoldersSearchedMax = 16;

const startFolder = __dirname;

function findLocalitiesFolder(): { folder: string } | { missing: string } {
  const override = process.env.LEDGER_SHARED_DATA_DIR;
  if (override) {
    const folder = path.resolve(override, 'localities');
    return existsSync(folder) ? { folder } : { missing: `${folder} (from LEDGER_SHARED_DATA_DIR)` };
  }
  let current = startFolder;
  for (let level = 0; level < parentFoldersSearchedMax; level += 1) {
    const candidate = path.join(current, 'shared', 'data', 'localities');
    if (existsSync(candidate)) return { folder: candidate };
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return { missing: `shared/data/localities in ${startFolder} or any folder above it` };
}

export function locateOfficialLocalityFiles(): { pre2025: string; post2025: string } | { skipReason: string } {
  const found = findLocalitiesFolder();
  if ('missing' in found) return { skipReason: `official locality data not found: ${found.missing}` };
  const pre2025 = path.join(found.folder, pre2025RelativePath);
  const post2025 = path.join(found.folder, post2025RelativePath);
  const missing = [pre2025, post2025].filter((file) => !existsSync(file));
  if (missing.length > 0) return { skipReason: `official locality data not found: ${missing.join(', ')}` };
  return { pre2025, post2025 };
}

