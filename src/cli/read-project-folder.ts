// `helper import FOLDER`: the YAML files of a Rasa project folder, with the bounds a zip upload has
// (read-project-zip.ts): only YAML outside the folders Rasa writes or tests with, at most so many
// files and bytes, so that pointing the command at a home folder fails fast with a reason.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { MAX_ASSISTANT_FILE_BYTES } from '../assistant/file/file-limits.js';
import { isProjectYaml, MAX_PROJECT_FILES } from '../assistant/other-platforms/read-rasa-project.js';
import type { UploadedProjectFile } from '../admin-api/files/import-assistant.js';

/** Folders walked at most: a project has a handful. */
const MAX_FOLDERS = 500;

export async function readProjectFolder(folder: string): Promise<{ ok: true; files: UploadedProjectFile[] } | { ok: false; problem: string }> {
  const paths: string[] = [];
  const pending = [folder];
  let folders = 0;
  while (pending.length > 0) {
    const current = pending.pop() as string;
    folders += 1;
    if (folders > MAX_FOLDERS) return { ok: false, problem: `${folder} has more than ${MAX_FOLDERS} folders; is it a Rasa project?` };
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const projectPath = relative(folder, path).split(sep).join('/');
      if (entry.isDirectory() && isProjectYaml(`${projectPath}/x.yml`)) pending.push(path);
      else if (entry.isFile() && isProjectYaml(projectPath)) paths.push(path);
    }
  }
  if (paths.length > MAX_PROJECT_FILES) return { ok: false, problem: `${folder} has ${paths.length} YAML files; at most ${MAX_PROJECT_FILES} are read` };
  let bytes = 0;
  // The bytes: readImport decodes them (and refuses a file that is not UTF-8).
  const files: UploadedProjectFile[] = [];
  for (const path of paths.sort()) {
    bytes += (await stat(path)).size;
    if (bytes > MAX_ASSISTANT_FILE_BYTES) return { ok: false, problem: `the YAML files of ${folder} have more than ${MAX_ASSISTANT_FILE_BYTES / (1024 * 1024)} MB` };
    files.push({ path: relative(folder, path).split(sep).join('/'), text: await readFile(path) });
  }
  if (files.length === 0) return { ok: false, problem: `${folder} has no YAML files; a Rasa project has domain.yml, config.yml and data/*.yml` };
  return { ok: true, files };
}
