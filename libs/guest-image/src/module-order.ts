import { message } from './messages.js';

/**
 * The load order for `wanted` kernel modules: each module after the modules it depends on
 * (busybox insmod does not resolve dependencies, and virtio_ring must precede virtio), otherwise
 * in the order asked for. Built-in modules are dropped. Throws when a module is neither a file
 * nor built in, or when dependencies form a cycle.
 */
export function moduleLoadOrder(
  wanted: readonly string[],
  lookup: (name: string) => { builtin: true } | { builtin: false; depends: readonly string[] } | null,
): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (raw: string, chain: readonly string[]) => {
    const name = normalizeModuleName(raw);
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(message.moduleCycle([...chain, name]));
    const found = lookup(name);
    if (found === null) {
      throw new Error(message.moduleMissing(name, chain[chain.length - 1]));
    }
    state.set(name, 'visiting');
    if (!found.builtin) {
      for (const dep of found.depends) visit(dep, [...chain, name]);
      order.push(name);
    }
    state.set(name, 'done');
  };
  for (const name of wanted) visit(name, []);
  return order;
}

/** Module names treat `-` and `_` alike; the kernel reports them with `_`. */
export function normalizeModuleName(name: string): string {
  return name.replace(/\.ko(\.(xz|gz|zst))?$/, '').replaceAll('-', '_');
}
