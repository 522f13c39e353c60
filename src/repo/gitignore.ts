/**
 * `.gitignore` semantics across a tree, as git applies them: every `.gitignore` applies relative to
 * its own folder, the deepest file with a matching rule decides (so a nested `!keep.log` re-includes),
 * and nothing inside an excluded folder can be re-included.
 */
import { posix } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The rules of one `.gitignore`, and the prefix that turns a repo-relative path into a path relative to it. */
interface Layer {
  rules: Ignore;
  /** Repo-relative folder of the file ('a/b/'), stripped from paths; '' for the root and above. */
  strip: string;
  /** For files above the root: the root's path from their folder ('packages/api/'), prepended. */
  prepend: string;
}

/** Git compares case-sensitively unless `core.ignorecase` is set; fixed here so results don't depend on the OS. */
function compile(text: string): Ignore {
  return ignore({ ignorecase: false }).add(text);
}

export class GitignoreRules {
  /** Keyed by repo-relative folder: '' for the root, 'a/b/' below it. */
  private readonly byFolder = new Map<string, Layer>();
  /** `.gitignore` files above the root, nearest first. */
  private readonly above: Layer[] = [];
  /** Per folder, the layers that apply to its entries, deepest first. */
  private readonly chains = new Map<string, Layer[]>();
  private readonly folderVerdicts = new Map<string, boolean>();

  /** `folder` is repo-relative POSIX, '' for the root. */
  addFile(folder: string, text: string): void {
    const strip = folder === '' ? '' : `${folder}/`;
    this.byFolder.set(strip, { rules: compile(text), strip, prepend: '' });
    this.forgetVerdicts();
  }

  /** A `.gitignore` above the root; `rootFromThere` is the root's POSIX path relative to its folder. */
  addAbove(rootFromThere: string, text: string): void {
    this.above.push({ rules: compile(text), strip: '', prepend: `${rootFromThere}/` });
    this.forgetVerdicts();
  }

  /**
   * Whether git ignores this repo-relative POSIX path (a folder when it ends with '/'), whether or
   * not it exists. Paths that leave the root are never ignored.
   */
  isIgnored(path: string): boolean {
    const normalized = posix.normalize(path);
    if (normalized === '.' || normalized === './' || !ignore.isPathValid(normalized)) return false;
    let folder = '';
    for (let slash = normalized.indexOf('/'); slash !== -1 && slash < normalized.length - 1; slash = normalized.indexOf('/', slash + 1)) {
      folder = normalized.slice(0, slash + 1);
      if (this.folderIgnored(folder)) return true;
    }
    return this.decide(normalized, folder);
  }

  private forgetVerdicts(): void {
    this.chains.clear();
    this.folderVerdicts.clear();
  }

  private folderIgnored(folder: string): boolean {
    let verdict = this.folderVerdicts.get(folder);
    if (verdict === undefined) {
      verdict = this.decide(folder, parentFolder(folder));
      this.folderVerdicts.set(folder, verdict);
    }
    return verdict;
  }

  /** The verdict of the deepest `.gitignore` with a rule matching `path` itself; `parent` is its folder. */
  private decide(path: string, parent: string): boolean {
    for (const { rules, strip, prepend } of this.chain(parent)) {
      const result = rules.checkIgnore(prepend + path.slice(strip.length));
      if (result.ignored || result.unignored) return result.ignored;
    }
    return false;
  }

  private chain(folder: string): Layer[] {
    let chain = this.chains.get(folder);
    if (chain === undefined) {
      const outer = folder === '' ? this.above : this.chain(parentFolder(folder));
      const own = this.byFolder.get(folder);
      chain = own ? [own, ...outer] : outer;
      this.chains.set(folder, chain);
    }
    return chain;
  }
}

/** 'a/b/' -> 'a/', 'a/' -> ''. */
function parentFolder(folder: string): string {
  const slash = folder.lastIndexOf('/', folder.length - 2);
  return slash === -1 ? '' : folder.slice(0, slash + 1);
}
