import { message } from '../messages.js';

/** A version relation of Debian's control files (`<<`, `<=`, `=`, `>=`, `>>`). */
export type VersionOp = '<<' | '<=' | '=' | '>=' | '>>';

/** One alternative of a dependency: `libc6 (>= 2.34)`. */
export interface Relation {
  name: string;
  /** null: any version. */
  op: VersionOp | null;
  version: string | null;
}

/** A package as the closure sees it: its name, version and Depends plus Pre-Depends. */
export interface PackageRecord {
  name: string;
  version: string;
  /** Clauses, each a list of alternatives (`a | b`), all of which must hold. */
  depends: Relation[][];
}

/** Where the closure looks things up. */
export interface ClosureSources {
  /** The versions under which the host has `name` installed (its own, or a versioned Provides); null: provided without a version. */
  installed(name: string): ReadonlyArray<string | null>;
  /** The suite's package `name`, or null when the suite has none. */
  available(name: string): Promise<PackageRecord | null>;
  /** Whether `version op wanted` holds by Debian's version ordering. */
  satisfies(version: string, op: VersionOp, wanted: string): Promise<boolean>;
}

/** Parses a Depends (or Pre-Depends) field: `a (>= 1) | b, c:any`. Architecture qualifiers are dropped. */
export function parseDepends(field: string): Relation[][] {
  return field
    .split(',')
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0)
    .map((clause) =>
      clause.split('|').map((alt) => {
        const m = /^\s*([a-z0-9][a-z0-9+.-]*)(?::[a-z0-9-]+)?\s*(?:\(\s*(<<|<=|=|>=|>>)\s*([^)\s]+)\s*\))?/.exec(alt);
        if (!m) throw new Error(message.dependencyUnparsable(alt.trim()));
        return { name: m[1]!, op: (m[2] as VersionOp | undefined) ?? null, version: m[3] ?? null };
      }),
    );
}

/** A dependency as Debian writes it: `libc6 (>= 2.34) | libc6.1`. */
export function formatClause(clause: readonly Relation[]): string {
  return clause.map((r) => (r.op ? `${r.name} (${r.op} ${r.version})` : r.name)).join(' | ');
}

/**
 * The packages to unpack for `root` to run on this host: `root` itself, the `always` packages (the
 * suite's own, whatever the host has), and, recursively, for every dependency the host's installed
 * packages do not satisfy (absent, or too old), the first alternative the suite has in a version
 * that does. Throws when a dependency is satisfied neither by the host nor by the suite, naming it.
 */
export async function dependencyClosure(root: PackageRecord, always: readonly string[], sources: ClosureSources): Promise<PackageRecord[]> {
  const chosen = new Map<string, PackageRecord>([[root.name, root]]);
  const queue: PackageRecord[] = [root];
  for (const name of always) {
    if (chosen.has(name)) continue;
    const record = await sources.available(name);
    if (!record) throw new Error(message.dependencyNotInSuite(name, root.name, root.version));
    chosen.set(name, record);
    queue.push(record);
  }
  const holds = async (version: string | null, r: Relation) =>
    r.op === null || (version !== null && (await sources.satisfies(version, r.op, r.version!)));
  for (let record = queue.shift(); record; record = queue.shift()) {
    for (const clause of record.depends) {
      let met = false;
      for (const alt of clause) {
        const taken = chosen.get(alt.name);
        if (taken) {
          if (await holds(taken.version, alt)) met = true;
        } else {
          for (const v of sources.installed(alt.name)) if (await holds(v, alt)) met = true;
        }
        if (met) break;
      }
      if (met) continue;
      let added: PackageRecord | null = null;
      for (const alt of clause) {
        if (chosen.has(alt.name)) continue;
        const candidate = await sources.available(alt.name);
        if (candidate && (await holds(candidate.version, alt))) {
          added = candidate;
          break;
        }
      }
      if (!added) {
        const what = formatClause(clause);
        throw new Error(message.dependencyUnmet(record.name, record.version, what));
      }
      chosen.set(added.name, added);
      queue.push(added);
    }
  }
  return [...chosen.values()];
}
