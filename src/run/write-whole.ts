import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `content` to `file` so that a reader never sees it half written: first to `aside`, then
 * renamed into place. `aside` must be a name the file's readers skip (Allure's skips `.tmp`).
 */
export async function writeWhole(file: string, content: string | Buffer, aside: string = `${file}.${process.pid}.partial`): Promise<void> {
  await writeFile(aside, content);
  await rename(aside, file);
}
