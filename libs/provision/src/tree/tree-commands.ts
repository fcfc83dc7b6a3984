import type { TreeOp } from '@sharebench/core';

/** Where a tree operation runs: busybox, the test directory, the tree in it, and the tarball (`-` for stdin). */
export interface TreePaths {
  busybox: string;
  dir: string;
  tree: string;
  tar: string;
}

/**
 * The timed command of each tree operation, the same busybox applets in a guest and on the host:
 *
 *   untar   tar -x: extract the tree into the test directory
 *   walk    find: list the tree; busybox find lstat()s every entry (it does not trust d_type)
 *   read    find -type f -exec cat {} +: walk the tree and read every file (output discarded)
 *   delete  rm -rf: remove the tree
 *
 * The guest's init writes these with shell variables for the paths (see init.sh).
 */
export function treeCommand(op: TreeOp, p: TreePaths): string[] {
  switch (op) {
    case 'untar':
      return [p.busybox, 'tar', '-x', '-f', p.tar, '-C', p.dir];
    case 'walk':
      return [p.busybox, 'find', p.tree];
    case 'read':
      return [p.busybox, 'find', p.tree, '-type', 'f', '-exec', p.busybox, 'cat', '{}', '+'];
    case 'delete':
      return [p.busybox, 'rm', '-rf', p.tree];
  }
}


