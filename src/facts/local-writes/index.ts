/**
 * `local-writes`: where a Python or Go file writes durable data to its own disk — uploaded files
 * saved, files created or written, spreadsheets saved, Django storage settings — with where the
 * destination comes from, so a rule can tell an upload folder from scratch space or a path an
 * operator sets.
 */
import type { FileExtractor, Span } from '../types.js';
import { goLocalWrites } from './go.js';
import { pythonLocalWrites } from './python.js';

/** Where a written path comes from, as far as the code shows. */
export type Destination =
  /** Written in the code; dynamic parts are `*` (`"storage/photos/" + name` -> `storage/photos/*`). */
  | { kind: 'literal'; path: string }
  /** The system's temporary directory (`os.TempDir()`, `tempfile.mkdtemp()`, `/tmp/...`). */
  | { kind: 'scratch' }
  /** Built from an environment variable: an operator may point it at a mounted volume. */
  | { kind: 'env' }
  /** Built from a parameter of the function around the write: its callers decide. */
  | { kind: 'parameter' }
  | { kind: 'unknown' };

export interface LocalWrite {
  /**
   * `upload`: a file a request carried, saved (`c.SaveUploadedFile`, Flask `file.save`); `file`: a
   * file created or written (`os.Create`, `os.WriteFile`, `open(path, 'w')`); `spreadsheet`: a
   * workbook saved to a path; `storage`: Django's FileSystemStorage chosen (`FileSystemStorage(...)`,
   * `DEFAULT_FILE_STORAGE` / `STORAGES` naming it).
   */
  what: 'upload' | 'file' | 'spreadsheet' | 'storage';
  /** The call as written (`c.SaveUploadedFile`, `os.WriteFile`, `open`), or the setting's name. */
  call: string;
  destination: Destination;
  /** The function or method around the write. */
  within?: string;
  /**
   * The file is opened to be a log. Go: handed to `log.SetOutput` / `log.New` / logrus `Out` in the
   * same function, or its path names one (`"app.log"`, `filepath.Join(dir, "app.log")`); Python: its
   * path names one (`ERROR_LOG`, `'debug.log'`, `stdout_file`). Writes under `if __name__ == '__main__':`
   * are not facts at all: the module is run by hand.
   */
  log?: true;
  /**
   * Go: the function around the write asks `runtime.Caller` where its own source file is: a program
   * that writes beside its source (a generator run from a checkout), which a deployed binary cannot do.
   */
  besideSource?: true;
  /** The path names the process's pid file (`pidPath`, `cfg.PID.Path`, `pid_file`): plumbing every start rewrites. */
  pidFile?: true;
  /**
   * The module deletes the file again: Python, in the function that writes it or in a caller that got
   * its path back from that function (`path = self.export(...)` ... `os.remove(path)`); Go, by a
   * deferred `os.Remove` of the same path in the function or one in a later statement of the write's
   * own block (a marker file touched and removed to signal a watcher). Scratch, or a signal.
   */
  removed?: true;
  /**
   * Go: the function commits what it wrote and pushes it (`git.CreateCommit(...)`, then
   * `git.Push(...)`): a working copy of a repository whose remote keeps the files.
   */
  pushed?: true;
  /**
   * Python: the file is named by an attribute the module sets once (`self.state_path =
   * os.path.join(settings.data_folder, "pending.json")`, then `open(self.state_path, "w")`): where it is
   * set, its path as far as the code fixes it (`*` for the rest), and whether the module also opens it
   * for reading. The destination is then the set value's.
   */
  store?: { span: Span; path: string; readBack: boolean };
  span: Span;
}

export interface LocalWrites {
  /** Go: the name in the package clause. */
  package?: string;
  /**
   * Go: the programs the file's `//go:generate go run ...` directives run, as written and relative to
   * the file's folder (`gen.go`, `./internal/gen`): developer tools, never part of the deployed binary.
   */
  generators?: string[];
  writes: LocalWrite[];
  /** Literal paths the file opens for reading (Python `open(path)`, Go `os.ReadFile` / `os.Open`): a JSON file written and read back is a database. */
  reads: string[];
  /** Python: the span of a module-level `MEDIA_ROOT = ...` (Django keeps uploads there by default). */
  mediaRoot?: Span;
  /**
   * Python: the first module- or class-level upload-folder setting (`UPLOAD_FOLDER`, `UPLOADS_DIR`)
   * whose value, an environment read's fallback included, lies inside the app's own folder:
   * `os.path.join(os.getenv("UPLOAD_FOLDER", app.root_path), "uploads")`, `BASE_DIR / "uploads"`, `"uploads"`.
   */
  uploadFolder?: { setting: string; span: Span };
  /**
   * Go: calls of an imported package's function whose first argument is scratch (`util.CreatNestedFile(tempPath)`,
   * a path joined under a temp-named setting): a project file helper given such a path writes scratch.
   */
  scratchCalls?: Span[];
}

export const localWrites: FileExtractor<LocalWrites> = {
  name: 'local-writes',
  version: 12,
  module: import.meta.url,
  python: pythonLocalWrites,
  go: goLocalWrites,
};
