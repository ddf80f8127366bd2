import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { localityFileBytesMax, readLocalityFile, type LocalityFileFormat } from './locality-file';

const pre2025Text = JSON.stringify([
  {
    Code: '11',
    FullName: 'Tỉnh Điện Biên',
    District: [{ Code: '094', FullName: 'Thành phố Điện Biên Phủ', ProvinceCode: '11', Ward: [{ Code: '03127', FullName: 'Phường Him Lam', DistrictCode: '094' }] }],
  },
]);

const post2025Text = [
  'Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,',
  '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,',
  'ĐIỆN BIÊN,,,,,,,,',
  'Tỉnh Điện Biên (11),"Phường Điện Biên Phủ\n",03127,Phường Him Lam,03127,Nhập toàn bộ,Thành phố Điện Biên Phủ (094),Tỉnh Điện Biên (11),',
  '',
].join('\n');

describe('readLocalityFile', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'locality-file-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const fileWith = async (name: string, content: string | Buffer): Promise<string> => {
    const filePath = path.join(folder, name);
    await writeFile(filePath, content);
    return filePath;
  };

  it('reads a pre-2025 list: units, no successions', async () => {
    const result = await readLocalityFile(await fileWith('pre.json', pre2025Text), 'pre-2025');
    expect(result.format).toBe('pre-2025');
    expect(result.units.map((unit) => unit.localityId)).toEqual(['11', '094', '03127']);
    expect(result.successions).toEqual([]);
  });

  it('reads a post-2025 table with a byte-order mark: units and successions', async () => {
    const result = await readLocalityFile(await fileWith('post.csv', `\uFEFF${post2025Text}`), 'post-2025');
    expect(result.units.map((unit) => [unit.localityId, unit.name])).toEqual([
      ['11@2025', 'Tỉnh Điện Biên'],
      ['03127@2025', 'Phường Điện Biên Phủ'],
    ]);
    expect(result.successions).toEqual([{ predecessorId: '03127', successorId: '03127@2025', kind: 'whole', note: 'Nhập toàn bộ' }]);
  });

  it('names the file when its content is malformed', async () => {
    const filePath = await fileWith('wrong.csv', 'Tỉnh,Tên Xã mới,Mã Xã mới\n');
    await expect(readLocalityFile(filePath, 'post-2025')).rejects.toThrow(`locality file ${filePath}: post-2025 units: the column names row`);
  });

  it(`refuses a file above localityFileBytesMax (${localityFileBytesMax} bytes) before reading it`, async () => {
    const filePath = await fileWith('huge.json', '');
    // A sparse file: the size is reported without writing 64 MiB.
    await truncate(filePath, localityFileBytesMax + 1);
    await expect(readLocalityFile(filePath, 'pre-2025')).rejects.toThrow(
      `locality file ${filePath}: ${localityFileBytesMax + 1} bytes exceeds the limit of ${localityFileBytesMax} bytes (localityFileBytesMax)`,
    );
  });

  it('refuses bytes that are not UTF-8', async () => {
    const filePath = await fileWith('latin1.json', Buffer.from('[{"FullName": "T\xecnh"}]', 'latin1'));
    await expect(readLocalityFile(filePath, 'pre-2025')).rejects.toThrow(`locality file ${filePath}: the content is not valid UTF-8`);
  });

  it('refuses an unknown format, a folder and a missing file', async () => {
    const filePath = await fileWith('any.json', pre2025Text);
    await expect(readLocalityFile(filePath, '2030' as LocalityFileFormat)).rejects.toThrow('unknown format "2030"; expected one of pre-2025, post-2025');
    await expect(readLocalityFile(folder, 'pre-2025')).rejects.toThrow(`locality file ${folder}: not a regular file`);
    await expect(readLocalityFile(path.join(folder, 'absent.json'), 'pre-2025')).rejects.toThrow('ENOENT');
  });
});
